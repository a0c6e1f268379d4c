"""Extraction: documents in, :class:`Extraction` s out, sentence by sentence with ``nlp.pipe``.

This is the only place that holds spaCy objects; what leaves it is plain :class:`Claim` s and
:class:`Mention` s (and, when asked, each document's named graph as N-Quads). It knows no
store, no progress display and no process pool: :mod:`kg.engines` runs it in other processes,
:mod:`kg.orchestrator` stores what it yields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.actors import dated_affiliation, resolve_doc
from kg.gazetteer import document_agent_iri, is_agent_placeholder, load_gazetteer
from kg.model import stored_nquads
from kg.nlp import load_pipeline
from kg.reading import clean_pieces
from kg.relations import RelationExtractor, cooccurrence_claims
from kg.types import Claim, Document, Mention


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its actor mentions and its claims."""

    document: Document
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    sentences: int = 0
    baseline: tuple[Claim, ...] = ()
    # The document's named graph as N-Quads, when asked for (a build): written where the
    # document is parsed, so worker processes share this work rather than the store's process.
    rdf: str | None = None


@lru_cache(maxsize=4)
def extractor(gazetteer_files: tuple[str, ...] = ()) -> RelationExtractor:
    """The relation extractor over the pipeline with ``gazetteer_files``, made once per
    process (the model, the gazetteer and the matchers: seconds to load).

    Parameters
    ----------
    gazetteer_files : tuple of str
        Extra gazetteer files, as :func:`kg.options.gazetteer_files` gives them.
    """
    return RelationExtractor(load_pipeline(gazetteer_files))


def extract_documents(
    documents: Iterable[Document],
    *,
    gazetteer_files: tuple[str, ...] = (),
    batch_size: int = 32,
    baseline: bool = False,
    rdf: bool = False,
) -> Iterator[Extraction]:
    """Parse documents with ``nlp.pipe`` and extract their mentions and claims, lazily, one
    :class:`Extraction` per document in input order.

    Parameters
    ----------
    documents : iterable of Document
        Read lazily: a stream of any length.
    gazetteer_files : tuple of str
        Extra gazetteer files (absolute paths, see :func:`kg.options.gazetteer_files`).
    batch_size : int
        Texts per ``nlp.pipe`` batch.
    baseline : bool
        Also fill :attr:`Extraction.baseline` with the co-occurrence claims ``kg evaluate``
        compares against (same parse, so the comparison is like for like).
    rdf : bool
        Also give each extraction its document's named graph as N-Quads
        (:func:`kg.model.stored_nquads`), the form a build stores.

    >>> [x] = extract_documents([Document("d", "Russia condemned the United States.")])
    >>> [(c.source.label, c.predicate, c.target.label) for c in x.claims]
    [('Russia', 'opposes', 'United States')]
    """
    nlp = load_pipeline(gazetteer_files)
    gazetteer = load_gazetteer(gazetteer_files)
    relations = extractor(gazetteer_files)

    def cleaned(docs):
        # A long document reaches the parser in bounded pieces (kg.reading.piece_bounds), each
        # cleaned with offsets into the whole text; its claims are gathered after the last.
        for document in docs:
            for clean, last in clean_pieces(document.text):
                yield clean.text, (document, clean, last)

    spans: list = []
    claims: list[Claim] = []
    naive: list[Claim] = []
    sentences = 0
    agents: dict[str, Mention] = {}  # the document's own generic agents, by placeholder IRI
    for doc, (document, clean, last) in nlp.pipe(
        cleaned(documents), as_tuples=True, batch_size=batch_size
    ):
        to_original = clean.to_original
        found = [
            (
                r.span,
                dated_affiliation(
                    own_agent(r.mention(to_original, document.text), document, agents), document.date, gazetteer
                ),
            )
            for r in resolve_doc(doc, gazetteer)
        ]
        claims.extend(
            # an end found by the relations ("burned houses": the civilians) is the
            # document's own agent too
            replace(
                c,
                source=own_agent(c.source, document, agents),
                target=own_agent(c.target, document, agents),
            )
            for c in relations.extract(doc, found, document.id, to_original, document.text)
        )
        if baseline:
            naive.extend(
                cooccurrence_claims(doc, found, document.id, to_original, relations.lexicon)
            )
        spans.extend(found)
        sentences += sum(1 for _ in doc.sents)
        if not last:
            continue
        if document.date:
            claims = [_dated(c, document.date) for c in claims]
        mentions = tuple(m for _, m in spans)
        quads = stored_nquads(document, claims, mentions, gazetteer.entries) if rdf else None
        yield Extraction(document, mentions, tuple(claims), sentences, tuple(naive), quads)
        spans, claims, naive, sentences, agents = [], [], [], 0, {}


def own_agent(mention: Mention, document: Document, agents: dict[str, Mention]) -> Mention:
    """A generic agent named without a state or group ("unidentified gunmen") is the
    document's own: one actor per document and agent code, labelled by its first mention and
    the document, by its title or id ("unidentified gunmen (Attack in Zamfara)"). Other
    mentions pass unchanged."""
    if not mention.agent or not is_agent_placeholder(mention.iri):
        return mention
    first = agents.get(mention.iri)
    if first is None:
        iri = document_agent_iri(mention.iri, document.content_hash)
        first = agents[mention.iri] = replace(
            mention, iri=iri, label=f"{mention.label} ({document_tag(document)})"
        )
    return replace(mention, iri=first.iri, label=first.label)


def document_tag(document: Document, limit: int = 24) -> str:
    """A short name for a document in an actor's label: its title, else its id, cut at a
    word within ``limit`` characters (a hash id to its first 8).

    >>> document_tag(Document("0388FEF6427DE0223688EB04A8DA71E1", "", title=None))
    '0388FEF6…'
    >>> document_tag(Document("d1", "", title="Minister for the Middle East condemns attack"))
    'Minister for the Middle…'
    """
    name = (document.title or "").strip() or document.id
    if len(name) <= limit:
        return name
    if " " not in name[:limit]:
        return name[:8] + "…"
    return name[:limit].rsplit(" ", 1)[0].rstrip(",;:-") + "…"


def _dated(claim: Claim, date: str) -> Claim:
    return replace(claim, date=date)


def parse_document(document: Document, gazetteer_files: tuple[str, ...] = ()) -> list[Claim]:
    """The claims of one document (a convenience for notebooks and tests).

    >>> [c.predicate for c in parse_document(Document("d", "Iran supports Hezbollah."))]
    ['supports']
    """
    return list(next(extract_documents([document], gazetteer_files=gazetteer_files)).claims)
