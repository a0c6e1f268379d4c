"""Relation scoring against re3d: per type, STANCE (polarity) and micro over the seven types.

A predicted claim matches a gold relation of its type when both ends overlap (character
spans) the gold ends, in either direction for symmetric types. Negated, denied and
questioned claims and claims below ``min_confidence`` are not predictions (see
``scored_modalities`` in ``kg/data/re3d.json``). Duplicates (the same ends and type from two
patterns, or gold annotated twice) count once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from kg.evaluation.entities import is_actor_span
from kg.evaluation.re3d import GoldEntity, GoldRelation, overlaps, prf
from kg.resources import data_path
from kg.types import Claim

Span = tuple[int, int]


@lru_cache(maxsize=1)
def load_mapping() -> dict:
    """``kg/data/re3d.json``: actor entity types, type ↔ predicate mapping, STANCE groups."""
    with open(data_path("re3d.json"), encoding="utf-8") as fh:
        return json.load(fh)


@dataclass(frozen=True)
class Pair:
    """One relation reduced to what is scored: document, label, and the two end spans."""

    doc: str
    label: str
    source: Span
    target: Span
    symmetric: bool

    def key(self) -> tuple:
        ends = (self.source, self.target)
        return (self.doc, self.label, tuple(sorted(ends)) if self.symmetric else ends)

    def matches(self, other: Pair) -> bool:
        if self.doc != other.doc or self.label != other.label:
            return False
        if overlaps(self.source, other.source) and overlaps(self.target, other.target):
            return True
        return self.symmetric and (
            overlaps(self.source, other.target) and overlaps(self.target, other.source)
        )


def _unique(pairs: Iterable[Pair]) -> list[Pair]:
    return list({p.key(): p for p in pairs}.values())


def gold_pairs(
    relations: Mapping[str, list[GoldRelation]],
    entities: Mapping[str, list[GoldEntity]],
    mapping: dict | None = None,
) -> list[GoldRelation]:
    """The gold relations that are scored: a mapped type, confident, both ends actors."""
    mapping = mapping or load_mapping()
    actor_types = mapping["actor_entity_types"]
    kept = []
    for doc, rels in relations.items():
        ents = entities.get(doc, [])
        for r in rels:
            if (
                r.type in mapping["relation_types"]
                and r.confidence >= mapping["min_confidence"]
                and is_actor_span(r.source, ents, actor_types)
                and is_actor_span(r.target, ents, actor_types)
            ):
                kept.append(r)
    return kept


def _score(predicted: list[Pair], gold: list[Pair]) -> dict[str, float]:
    predicted, gold = _unique(predicted), _unique(gold)
    tp_pred = sum(any(p.matches(g) for g in gold) for p in predicted)
    tp_gold = sum(any(p.matches(g) for p in predicted) for g in gold)
    return prf(tp_pred, len(predicted), tp_gold, len(gold))


def score_relations(
    claims: Iterable[Claim],
    gold: Iterable[GoldRelation],
    *,
    min_confidence: float = 0.0,
    mapping: dict | None = None,
) -> dict[str, dict[str, float]]:
    """Rows ``{type: {precision, recall, f1, predicted, gold}}`` for the seven types, then
    ``micro`` (summed over the seven) and ``STANCE`` (positive vs negative)."""
    mapping = mapping or load_mapping()
    types = mapping["relation_types"]
    symmetric = set(mapping["symmetric_types"])
    type_of = {pred: t for t, preds in types.items() for pred in preds}
    polarity_of = {t: pol for pol, ts in mapping["stance"].items() for t in ts}
    scored = set(mapping["scored_modalities"])

    pred_pairs: list[Pair] = []
    for c in claims:
        if (
            c.modality not in scored
            or c.confidence < min_confidence
            or c.predicate not in type_of
        ):
            continue
        t = type_of[c.predicate]
        pred_pairs.append(
            Pair(
                c.doc_id,
                t,
                (c.source.start, c.source.end),
                (c.target.start, c.target.end),
                t in symmetric,
            )
        )
    gold_list = [Pair(r.doc, r.type, r.source, r.target, r.type in symmetric) for r in gold]

    rows: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0, 0]
    for t in types:
        row = _score(
            [p for p in pred_pairs if p.label == t], [g for g in gold_list if g.label == t]
        )
        rows[t] = row
        totals[0] += row["matched_predicted"]
        totals[1] += row["predicted"]
        totals[2] += row["matched_gold"]
        totals[3] += row["gold"]
    rows["micro"] = prf(*totals)

    def stance(pairs: list[Pair]) -> list[Pair]:
        return [
            Pair(p.doc, polarity_of[p.label], p.source, p.target, True)
            for p in pairs
            if p.label in polarity_of
        ]

    rows["STANCE"] = _score(stance(pred_pairs), stance(gold_list))
    return rows
