"""Actor-mention scoring: our mentions against re3d's actor-like entities, by span overlap."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from kg.evaluation.re3d import GoldEntity, overlaps, prf
from kg.types import Mention


def actor_entities(
    entities: Iterable[GoldEntity], actor_types: Iterable[str], min_confidence: float = 0.0
) -> list[GoldEntity]:
    """The gold entities of an actor type, one per span (re3d often gives a state both
    Location and Organisation on the same span)."""
    actor_types = set(actor_types)
    unique: dict[tuple[int, int], GoldEntity] = {}
    for e in entities:
        if e.type in actor_types and e.confidence >= min_confidence:
            unique.setdefault((e.start, e.end), e)
    return sorted(unique.values(), key=lambda e: (e.start, e.end))


def is_actor_span(
    span: tuple[int, int], entities: Iterable[GoldEntity], actor_types: Iterable[str]
) -> bool:
    """Whether a gold relation end names an actor.

    The entities with exactly the end's span decide ("ISIL-held buildings" is a Location even
    though "ISIL" inside it is an Organisation); without one, any overlapping entity does.
    """
    actor_types = set(actor_types)
    entities = list(entities)
    exact = [e for e in entities if (e.start, e.end) == span]
    deciding = exact or [e for e in entities if overlaps((e.start, e.end), span)]
    return any(e.type in actor_types for e in deciding)


def score_mentions(
    gold: Mapping[str, list[GoldEntity]],
    mentions: Mapping[str, Iterable[Mention]],
    actor_types: Iterable[str],
    min_confidence: float = 0.5,
) -> dict[str, float]:
    """Precision, recall and F1 of actor mentions by character-span overlap.

    Recall is over gold actor entities with ``confidence >= min_confidence``; a mention is
    correct when it overlaps a gold actor entity of any confidence (low-confidence
    annotations are disputed, not wrong, so a mention on one is neither rewarded in recall
    nor punished in precision).
    """
    tp_pred = n_pred = tp_gold = n_gold = 0
    for doc, entities in gold.items():
        confident = [
            (e.start, e.end) for e in actor_entities(entities, actor_types, min_confidence)
        ]
        anyconf = [(e.start, e.end) for e in actor_entities(entities, actor_types)]
        spans = sorted({(m.start, m.end) for m in mentions.get(doc, ())})
        n_pred += len(spans)
        tp_pred += sum(any(overlaps(s, g) for g in anyconf) for s in spans)
        n_gold += len(confident)
        tp_gold += sum(any(overlaps(s, g) for s in spans) for g in confident)
    return prf(tp_pred, n_pred, tp_gold, n_gold)


def score_mentions_by_type(
    gold: Mapping[str, list[GoldEntity]],
    mentions: Mapping[str, Iterable[Mention]],
    actor_types: Iterable[str],
    types_by_ner: Mapping[str, str],
    min_confidence: float = 0.5,
) -> dict[str, dict[str, float]]:
    """:func:`score_mentions` for each gold type alone: a mention counts for the type its NER
    label maps to (``types_by_ner``) and is correct when it overlaps a gold entity of that
    type."""
    out = {}
    for kind in actor_types:
        typed = {
            doc: [m for m in ms if types_by_ner.get(m.ner) == kind] for doc, ms in mentions.items()
        }
        out[kind] = score_mentions(gold, typed, [kind], min_confidence)
    return out


def gazetteer_coverage(
    gold: Mapping[str, list[GoldEntity]],
    mentions: Mapping[str, Iterable[Mention]],
    actor_types: Iterable[str],
    known: Container[str],
    min_confidence: float = 0.5,
) -> dict[str, int]:
    """How many confident gold actor entities a mention overlaps that resolved to an actor of
    the gazetteer (``known`` IRIs), to any actor, and in all."""
    total = found = in_gazetteer = 0
    for doc, entities in gold.items():
        spans = [((m.start, m.end), m.iri) for m in mentions.get(doc, ())]
        for e in actor_entities(entities, actor_types, min_confidence):
            total += 1
            iris = {iri for s, iri in spans if overlaps(s, (e.start, e.end))}
            found += bool(iris)
            in_gazetteer += any(iri in known for iri in iris)
    return {"gold": total, "resolved": found, "gazetteer": in_gazetteer}
