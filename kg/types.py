"""The few plain types that cross stages.

Everything after :mod:`kg.relations` works on these, never on spaCy objects, so a stage can run
in another process (a worker, a Dask task) and be tested alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

# What a sentence does with a relation: states it happened or holds ("asserted"), says it
# did not ("negated"), has its actor deny it ("denied"), threatens it ("threatened"), or
# names it as possible, planned, conditional or future ("hypothetical") or asks ("question").
# Only asserted claims are ties of the actor network.
MODALITIES = ("asserted", "negated", "denied", "threatened", "hypothetical", "question")
NEGATIVE_MODALITIES = frozenset({"negated", "denied"})


@dataclass(frozen=True)
class Document:
    """One article: its text exactly as read, and what is known about it."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    @cached_property  # asked for by every IRI of the document's graph
    def content_hash(self) -> str:
        """SHA-256 of the text: the same text always gets the same store graph."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Mention:
    """A span of a document naming an actor.

    ``start``/``end`` are character offsets into the original document text; ``iri`` is the
    resolved actor; ``label`` its preferred name; ``kind`` its ontology class local name
    (``State``, ``ArmedGroup``, ``Organization``, ``Person``, ``Group``); ``ner`` the entity
    label that found it; ``affiliation`` the actor a person speaks or acts for, when the text
    says so ("Sergei Ryabkov, Russia's deputy foreign minister").
    """

    text: str
    start: int
    end: int
    iri: str
    label: str
    kind: str
    ner: str = ""
    affiliation: str | None = None
    # the CAMEO agent code of an actor named without a proper name ("gunmen": UAF)
    agent: str | None = None

    def as_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "id": self.iri,
            "label": self.label,
            "type": self.kind,
            "ner": self.ner,
            "affiliation": self.affiliation,
            "agent": self.agent,
        }


@dataclass(frozen=True)
class Claim:
    """One relation between two actors as one sentence states it.

    ``negated`` is True for a negated or denied claim (``modality`` says which); ``modality``
    is one of :data:`MODALITIES`.
    """

    doc_id: str
    source: Mention
    predicate: str
    target: Mention
    polarity: str
    negated: bool
    confidence: float
    sentence_start: int
    sentence_end: int
    sentence_text: str
    trigger: str = ""
    pattern: str = ""
    cameo: str = ""
    plover: str = ""
    goldstein: float = 0.0
    attributed_to: Mention | None = None
    date: str | None = None
    modality: str = "asserted"
    # where the act happened, as the sentence names it ("Afrin", "Borno state"), if it does
    place: str | None = None

    def as_json(self) -> dict:
        """The stable ``kg extract --format jsonl`` shape (extend it, never rename or drop)."""
        return {
            "doc": self.doc_id,
            "predicate": self.predicate,
            "polarity": self.polarity,
            "source": self.source.as_json(),
            "target": self.target.as_json(),
            "sentence": {"start": self.sentence_start, "end": self.sentence_end},
            "negated": self.negated,
            "confidence": round(self.confidence, 4),
            "trigger": self.trigger,
            "pattern": self.pattern,
            "cameo": self.cameo,
            "plover": self.plover,
            "goldstein": self.goldstein,
            "attributed_to": self.attributed_to.as_json() if self.attributed_to else None,
            "modality": self.modality,
            "place": self.place,
        }
