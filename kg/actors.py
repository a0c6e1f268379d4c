"""Actors: the gazetteer, mention → actor resolution and minting IRIs for new actors.

The gazetteer is RDF data (``ontologies/gazetteer.ttl``): each actor has a class
(``ckg:State``...), a SKOS ``prefLabel`` and ``altLabel`` s, and optionally ``ckg:partOf``
(a role within a parent actor) and ``owl:sameAs`` (Wikidata). Names it lacks become new
actors whose IRI is minted from the normalised name and the entity type, so the same name gets
the same IRI in every document and every run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS
from spacy.language import Language
from spacy.tokens import Span

from kg.model import ACTOR, CKG
from kg.resources import ontology_path
from kg.types import Mention

# NER labels that can name an actor, and the class a new actor of that label gets.
ACTOR_LABELS = {"GPE": "State", "NORP": "Group", "ORG": "Organization", "PERSON": "Person"}
_KIND_NER = {"State": "GPE", "Group": "NORP", "Person": "PERSON"}
_KINDS = ("State", "ArmedGroup", "Organization", "Person", "Group")


@dataclass(frozen=True)
class Entry:
    """One gazetteer actor."""

    iri: str
    label: str
    kind: str
    names: tuple[str, ...]
    part_of: str | None = None


@dataclass
class Gazetteer:
    """Actors by IRI, with a name index for resolution."""

    entries: dict[str, Entry] = field(default_factory=dict)
    _exact: dict[str, str] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        self.entries[entry.iri] = entry
        for name in (entry.label, *entry.names):
            if _case_sensitive(name):
                self._exact[name] = entry.iri
            else:
                self._folded[normalise(name)] = entry.iri

    def lookup(self, name: str) -> Entry | None:
        """The actor a name stands for, or None: exact for short capitalised names ("US",
        "IS"), case- and article-insensitive for the rest."""
        name = name.strip()
        iri = self._exact.get(name) or self._folded.get(normalise(name))
        if iri is None:
            bare = _strip_name(name)
            iri = self._exact.get(bare) or self._folded.get(normalise(bare))
        return self.entries.get(iri) if iri else None

    def entity_patterns(self, nlp: Language) -> list[dict]:
        """EntityRuler token patterns for every name, with the actor IRI as pattern id."""
        patterns = []
        for entry in self.entries.values():
            label = _KIND_NER.get(entry.kind, "ORG")
            for name in {entry.label, *entry.names}:
                tokens = [t.text for t in nlp.make_doc(name)]
                if _case_sensitive(name):
                    pattern = [{"ORTH": t} for t in tokens]
                else:
                    pattern = [{"LOWER": t.lower()} for t in tokens]
                patterns.append({"label": label, "pattern": pattern, "id": entry.iri})
        return patterns


def _case_sensitive(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) <= 4 and any(c.isupper() for c in letters)


def normalise(name: str) -> str:
    """Fold case, accents, punctuation and spacing: the key names are compared by."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = re.sub(r"[’'`]s\b", "", name.lower())
    name = re.sub(r"[^\w]+", " ", name)
    return " ".join(name.split())


def _strip_name(name: str) -> str:
    name = re.sub(r"^(the|a|an)\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[’']s?$", "", name).strip(' .,;:"“”')


def slug(name: str) -> str:
    """A stable, IRI-safe local name for a new actor."""
    return normalise(name).replace(" ", "-") or "unnamed"


@lru_cache(maxsize=8)
def load_gazetteer(extra_files: tuple[str, ...] = ()) -> Gazetteer:
    """The bundled gazetteer, extended or overridden by ``extra_files`` (Turtle)."""
    graph = Graph()
    graph.parse(ontology_path("gazetteer.ttl"), format="turtle")
    for path in extra_files:
        graph.parse(Path(path), format="turtle")
    gazetteer = Gazetteer()
    for kind in _KINDS:
        for subject in graph.subjects(RDF.type, CKG[kind]):
            label = graph.value(subject, SKOS.prefLabel)
            names = tuple(sorted(str(n) for n in graph.objects(subject, SKOS.altLabel)))
            part_of = graph.value(subject, CKG.partOf)
            gazetteer.add(
                Entry(
                    iri=str(subject),
                    label=str(label) if label else names[0],
                    kind=kind,
                    names=names,
                    part_of=str(part_of) if part_of else None,
                )
            )
    return gazetteer


def mint_iri(name: str, kind: str) -> str:
    """The IRI of an actor the gazetteer lacks: from its kind and normalised name."""
    return str(ACTOR[f"{kind.lower()}/{slug(_strip_name(name))}"])


def resolve(span: Span, gazetteer: Gazetteer, to_original) -> Mention | None:
    """The :class:`Mention` of an entity span, or None when it cannot name an actor."""
    entry = gazetteer.entries.get(span.ent_id_) if span.ent_id_ else None
    if entry is None and span.label_ in ACTOR_LABELS:
        entry = gazetteer.lookup(span.text)
    start, end = to_original(span.start_char, span.end_char)
    if entry is not None:
        return Mention(span.text, start, end, entry.iri, entry.label, entry.kind, span.label_)
    if span.label_ not in ACTOR_LABELS:
        return None
    name = _strip_name(span.text)
    if not name or not any(c.isalpha() for c in name):
        return None
    kind = ACTOR_LABELS[span.label_]
    return Mention(span.text, start, end, mint_iri(name, kind), name, kind, span.label_)


def find_mentions(doc, gazetteer: Gazetteer, to_original) -> list[Mention]:
    """Every actor mention of a parsed document, in text order."""
    mentions = []
    for ent in doc.ents:
        mention = resolve(ent, gazetteer, to_original)
        if mention is not None:
            mentions.append(mention)
    return mentions


def entries_by_iri(iris: Iterable[str], gazetteer: Gazetteer) -> dict[str, Entry]:
    return {iri: gazetteer.entries[iri] for iri in iris if iri in gazetteer.entries}
