"""The data the relation extractor runs on, loaded from ``kg/data/``.

* the lexicon of triggers, each with its predicate, CAMEO code, PLOVER category and Goldstein
  weight: ``curated_lexicon.jsonl`` (written for this project, first) and, for every word it
  lacks, the CAMEO-scale lexicon derived from PETRARCH2's dictionaries (``lexicon/``: verbs,
  verb + noun phrases, event nouns; see ``kg/data/lexicon/README.md``);
* the constructions (``patterns.json``: dependency patterns whose trigger lemmas the lexicon
  fills in) and the context cues (``cues.json``: negation, modality, speech and event words).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.resources import data_path, json_rows


@dataclass(frozen=True)
class LexEntry:
    """One trigger of the relation lexicon: a verb, an event noun, or a verb + noun phrase
    (``pos`` "PHRASE", ``lemma`` the verb, ``noun`` its object)."""

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
    # the word before a noun that makes it this trigger ("air" strike)
    compound: str | None = None
    # a phrase's object noun ("open" + "fire")
    noun: str | None = None
    # the act is mutual ("clashed with", "exchanged fire with")
    symmetric: bool = False
    # "claimed responsibility for the attack on X": the prepositional object is the event
    event_object: bool = False
    # where the row comes from ("CAMEO.2.0.txt:4321"), for a reader following a claim back
    source: str = ""
    # what the word itself says of the act it names: "threats against X" name a threatened
    # attack (curated rows only)
    modality: str | None = None

    @property
    def key(self) -> str:
        """How the lexicon indexes it: the lemma, with its particle ("blow up"), compound
        ("air strike") or object noun ("open fire")."""
        words = [self.compound, self.lemma, self.particle, self.noun]
        return " ".join(w for w in words if w)


# The fields of the CAMEO-derived rows that are not LexEntry's, dropped on reading.
_DERIVED_ONLY = ("block", "also", "note", "origin", "plural", "verb", "modality")


def _entry(raw: dict, pos: str) -> LexEntry | None:
    raw = dict(raw)
    if pos == "PHRASE":
        raw["lemma"] = raw["verb"]
    if not raw.get("predicate") and not raw.get("event_object"):
        return None
    for key in _DERIVED_ONLY:
        raw.pop(key, None)
    raw["pos"] = pos
    raw["predicate"] = raw.get("predicate") or ""
    raw["preps"] = tuple(raw.get("preps") or ())
    raw["plover"] = raw.get("plover") or ""
    raw["goldstein"] = float(raw.get("goldstein") or 0.0)
    return LexEntry(**raw)


def load_lexicon(path: Path | None = None) -> dict[str, dict[str, LexEntry]]:
    """The lexicon as ``{pos: {key: entry}}`` (see :attr:`LexEntry.key`): the curated rows
    (or those of ``path``), then the CAMEO-derived rows for keys they lack. A verb's key may
    carry a particle, a noun's a compound, a phrase (``pos`` "PHRASE") its object noun."""
    lexicon: dict[str, dict[str, LexEntry]] = {}

    def add(entry: LexEntry | None, key: str | None = None) -> None:
        if entry is not None:
            lexicon.setdefault(entry.pos, {}).setdefault(key or entry.key, entry)

    for raw in json_rows(path or data_path("curated_lexicon.jsonl")):
        raw.pop("note", None)
        raw["preps"] = tuple(raw.get("preps") or ())
        # a curated particle is a hint, not a key, unless the row is a phrasal verb of its
        # own ("hit back"); an empty predicate vetoes the word
        phrasal = raw.pop("phrasal", False)
        entry = LexEntry(**raw)
        add(entry, entry.key if entry.compound or entry.noun or phrasal else entry.lemma)
    if path is None:
        derived = data_path("lexicon")
        for name, pos in (("verbs", "VERB"), ("nouns", "NOUN"), ("phrases", "PHRASE")):
            for raw in json_rows(derived / f"{name}.jsonl"):
                add(_entry(raw, pos))
    return lexicon


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """``cues.json``, with the projectile nouns and attack means of ``weapons.json`` and the place
    prepositions of ``places.json``; word lists as sets."""
    with open(data_path("cues.json"), encoding="utf-8") as fh:
        cues = json.load(fh)
    with open(data_path("weapons.json"), encoding="utf-8") as fh:
        weapons = json.load(fh)
        cues["projectile_nouns"] = weapons["projectile_nouns"]
        cues["attack_means"] = weapons["attack_means"]
    with open(data_path("places.json"), encoding="utf-8") as fh:
        cues["place_prepositions"] = json.load(fh)["locative_prepositions"]
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in cues.items()}


def load_patterns(path: Path | None = None) -> list[dict]:
    """The relation patterns (``kg/data/patterns.json``); a name is a pattern's key, so two
    patterns of one name are an error, not one silently replacing the other."""
    with open(path or data_path("patterns.json"), encoding="utf-8") as fh:
        patterns = json.load(fh)
    names = [p["name"] for p in patterns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"patterns.json: names used twice: {', '.join(twice)}")
    return patterns


@lru_cache(maxsize=1)
def default_lexicon() -> dict[str, dict[str, LexEntry]]:
    """The bundled lexicon, loaded once per process."""
    return load_lexicon()
