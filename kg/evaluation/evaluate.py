"""``kg evaluate``: extract from re3d gold documents and score mentions and relations."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.evaluation.entities import (
    actor_entities,
    gazetteer_coverage,
    score_mentions,
    score_mentions_by_type,
)
from kg.evaluation.re3d import load_re3d
from kg.evaluation.relations import gold_pairs, load_mapping, score_relations
from kg.extraction import extract_documents
from kg.gazetteer import load_gazetteer

TYPES_HEADER = ("precision", "recall", "f1", "predicted", "gold")


def evaluate(
    gold_dir: str | Path,
    *,
    gazetteer_files: tuple[str, ...] = (),
    min_confidence: float = 0.0,
) -> dict:
    """Scores of our extraction and of the co-occurrence baseline on a re3d folder.

    Returns ``{"gold": {...counts}, "mentions": row, "relations": {type: row},
    "baseline": {type: row}}`` where a row is precision, recall, F1 and counts.
    """
    corpus = load_re3d(gold_dir)
    mapping = load_mapping()
    mentions: dict[str, list] = defaultdict(list)
    claims, naive = [], []
    for x in extract_documents(corpus.documents, gazetteer_files=gazetteer_files, baseline=True):
        mentions[x.document.id].extend(x.mentions)
        claims.extend(x.claims)
        naive.extend(x.baseline)
    gold = gold_pairs(corpus.relations, corpus.entities, mapping)
    actor_types = mapping["actor_entity_types"]
    relations = score_relations(claims, gold, min_confidence=min_confidence, mapping=mapping)
    by_source = {}
    names = sorted(set(corpus.sources.values()))
    if len(names) > 1:
        for name in names:
            docs = {d for d, s in corpus.sources.items() if s == name}
            by_source[name] = score_relations(
                [c for c in claims if c.doc_id in docs],
                [r for r in gold if r.doc in docs],
                min_confidence=min_confidence,
                mapping=mapping,
            )["STANCE"]
    return {
        "gold": {
            "path": str(gold_dir),
            "documents": len(corpus.documents),
            "actor_entities": sum(
                len(actor_entities(es, actor_types, mapping["min_confidence"]))
                for es in corpus.entities.values()
            ),
            "relations": relations["micro"]["gold"],
        },
        "min_confidence": min_confidence,
        "mentions": score_mentions(
            corpus.entities, mentions, actor_types, mapping["min_confidence"]
        ),
        "mention_types": score_mentions_by_type(
            corpus.entities,
            mentions,
            actor_types,
            mapping["mention_types_by_ner"],
            mapping["min_confidence"],
        ),
        "gazetteer": gazetteer_coverage(
            corpus.entities,
            mentions,
            actor_types,
            load_gazetteer(gazetteer_files).entries,
            mapping["min_confidence"],
        ),
        "relations": relations,
        "stance_by_source": by_source,
        "baseline": score_relations(naive, gold, mapping=mapping),
    }


def format_table(result: dict) -> str:
    """The scores as a plain-text table (what ``kg evaluate`` prints)."""
    g = result["gold"]
    lines = [
        f"gold: {g['path']}: {g['documents']} documents, {g['actor_entities']} actor entities, "
        f"{g['relations']} relations (confidence >= 0.5, both ends actors, duplicates once)",
        "",
    ]
    header = f"{'':<22}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}"

    def row(name: str, r: dict) -> str:
        return (
            f"{name:<22}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
            f"{r['predicted']:>7}{r['gold']:>7}"
        )

    lines += ["actor mentions" + header[14:], row("mentions", result["mentions"])]
    for kind, r in result.get("mention_types", {}).items():
        lines.append(row(f"  {kind}", r))
    if "gazetteer" in result:
        c = result["gazetteer"]
        lines.append(
            f"gold actor mentions found: {c['resolved']} of {c['gold']}; resolved to a "
            f"gazetteer actor: {c['gazetteer']} ({c['gazetteer'] / max(1, c['gold']):.0%})"
        )
    lines.append("")
    for title, key in (
        ("relations (kg)", "relations"),
        ("baseline (actor pairs in a sentence with a lexicon verb)", "baseline"),
    ):
        lines.append(title)
        lines.append(header)
        for name, r in result[key].items():
            if name in ("micro", "STANCE"):
                continue
            lines.append(row(name, r))
        lines.append(row("micro (7 types)", result[key]["micro"]))
        lines.append(row("STANCE", result[key]["STANCE"]))
        if key == "relations":
            for name, r in result.get("stance_by_source", {}).items():
                lines.append(row(f"  STANCE {name}", r))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
