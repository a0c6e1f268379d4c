"""The data the relation extractor runs on, loaded from ``kg/data/``: the lexicon of trigger
words (``lexicon.jsonl``: predicate, CAMEO code, PLOVER category, Goldstein weight each), the
constructions (``patterns.json``: dependency patterns whose trigger lemmas the lexicon fills
in) and the context cues (``cues.json``: negation, modality, speech and event words)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.resources import data_path


@dataclass(frozen=True)
class LexEntry:
    """One trigger word of the relation lexicon."""

    lemma: str
    pos: str
    predicate: str
    cameo: str = ""
    plover: str = ""
    goldstein: float = 0.0
    preps: tuple[str, ...] = ()
    direct: bool = True
    particle: str | None = None
    weight: float = 1.0
    requires_oprd: bool = False
    # "X is appalled by Y": the grammatical object feels, so X opposes Y
    experiencer: bool = False
    # "Coalition nations include Australia": the object holds the predicate towards the subject
    inverse: bool = False


def load_lexicon(path: Path | None = None) -> dict[str, dict[str, LexEntry]]:
    """The lexicon as ``{pos: {lemma: entry}}`` (the first entry of a lemma wins)."""
    lexicon: dict[str, dict[str, LexEntry]] = {}
    with open(path or data_path("lexicon.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            raw["preps"] = tuple(raw.get("preps") or ())
            entry = LexEntry(**raw)
            lexicon.setdefault(entry.pos, {}).setdefault(entry.lemma, entry)
    return lexicon


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """``cues.json``, with the projectile nouns of ``weapons.json``; word lists as sets."""
    with open(data_path("cues.json"), encoding="utf-8") as fh:
        cues = json.load(fh)
    with open(data_path("weapons.json"), encoding="utf-8") as fh:
        cues["projectile_nouns"] = json.load(fh)["projectile_nouns"]
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in cues.items()}


def load_patterns(path: Path | None = None) -> list[dict]:
    with open(path or data_path("patterns.json"), encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def symmetric_predicates() -> frozenset[str]:
    """The ontology's symmetric predicates (``owl:SymmetricProperty``), by local name."""
    import pyoxigraph as ox

    from kg.model import CKG
    from kg.resources import ontology_path

    symmetric = "http://www.w3.org/2002/07/owl#SymmetricProperty"
    return frozenset(
        t.subject.value[len(str(CKG)) :]
        for t in ox.parse(path=str(ontology_path("conflict.ttl")), format=ox.RdfFormat.TURTLE)
        if t.object.value == symmetric and t.subject.value.startswith(str(CKG))
    )


@lru_cache(maxsize=1)
def default_lexicon() -> dict[str, dict[str, LexEntry]]:
    """The bundled lexicon, loaded once per process."""
    return load_lexicon()
