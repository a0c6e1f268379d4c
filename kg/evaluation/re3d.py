"""Loading re3d (the Dstl "Relationship and Entity Extraction Evaluation Dataset").

A re3d folder holds one sub-folder per source with ``documents.json``, ``entities.json`` and
``relations.json`` (JSON lines, character offsets into the document ``text``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.types import Document


@dataclass(frozen=True)
class GoldEntity:
    doc: str
    start: int
    end: int
    type: str
    text: str
    confidence: float


@dataclass(frozen=True)
class GoldRelation:
    doc: str
    type: str
    source: tuple[int, int]
    target: tuple[int, int]
    source_text: str
    target_text: str
    confidence: float


@dataclass
class GoldCorpus:
    documents: list[Document] = field(default_factory=list)
    entities: dict[str, list[GoldEntity]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[str, list[GoldRelation]] = field(default_factory=lambda: defaultdict(list))
    # document id -> the name of the source folder it came from ("CENTCOM", "Wikipedia")
    sources: dict[str, str] = field(default_factory=dict)


def _lines(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_re3d(root: str | Path) -> GoldCorpus:
    """Every source folder under ``root`` (or ``root`` itself if it is one)."""
    root = Path(root)
    folders = sorted({p.parent for p in root.rglob("documents.json")})
    if not folders:
        raise InputError(f"{root}: no re3d documents.json found")
    corpus = GoldCorpus()
    for folder in folders:
        for d in _lines(folder / "documents.json"):
            corpus.sources[d["_id"]] = folder.name
            corpus.documents.append(
                Document(
                    id=d["_id"],
                    text=d["text"],
                    title=d.get("title"),
                    url=d.get("sourceUrl"),
                    source=d.get("sourceName"),
                )
            )
        for e in _lines(folder / "entities.json"):
            corpus.entities[e["documentId"]].append(
                GoldEntity(
                    e["documentId"],
                    e["begin"],
                    e["end"],
                    e["type"],
                    e["value"],
                    float(e["confidence"]),
                )
            )
        if (folder / "relations.json").exists():
            for r in _lines(folder / "relations.json"):
                corpus.relations[r["documentId"]].append(
                    GoldRelation(
                        r["documentId"],
                        r["type"],
                        (r["sourceBegin"], r["sourceEnd"]),
                        (r["targetBegin"], r["targetEnd"]),
                        r["source"],
                        r["target"],
                        float(r["confidence"]),
                    )
                )
    return corpus


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    """Precision over predictions, recall over gold, and their harmonic mean."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "predicted": n_pred,
        "gold": n_gold,
        "matched_predicted": tp_pred,
        "matched_gold": tp_gold,
    }
