"""Extraction: documents in, claims out, sentence by sentence with ``nlp.pipe``.

This is the only place that holds spaCy objects; what leaves it is plain :class:`Claim` s and
:class:`Mention` s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.actors import load_gazetteer, resolve
from kg.nlp import load_pipeline
from kg.reading import clean_text
from kg.relations import RelationExtractor
from kg.types import Claim, Document, Mention


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its actor mentions and its claims."""

    document: Document
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]


@lru_cache(maxsize=4)
def _extractor(gazetteer_files: tuple[str, ...] = ()) -> RelationExtractor:
    return RelationExtractor(load_pipeline(gazetteer_files))


def extract_documents(
    documents: Iterable[Document], *, gazetteer_files: tuple[str, ...] = (), batch_size: int = 32
) -> Iterator[Extraction]:
    """Parse documents with ``nlp.pipe`` and extract their mentions and claims, lazily."""
    nlp = load_pipeline(gazetteer_files)
    gazetteer = load_gazetteer(gazetteer_files)
    extractor = _extractor(gazetteer_files)

    def cleaned(docs):
        for document in docs:
            clean = clean_text(document.text)
            yield clean.text, (document, clean)

    for doc, (document, clean) in nlp.pipe(
        cleaned(documents), as_tuples=True, batch_size=batch_size
    ):
        to_original = clean.to_original
        spans = []
        for ent in doc.ents:
            mention = resolve(ent, gazetteer, to_original)
            if mention is not None:
                spans.append((ent, mention))
        claims = extractor.extract(doc, spans, document.id, to_original)
        if document.date:
            claims = [_dated(c, document.date) for c in claims]
        yield Extraction(document, tuple(m for _, m in spans), tuple(claims))


def _dated(claim: Claim, date: str) -> Claim:
    from dataclasses import replace

    return replace(claim, date=date)


def parse_document(document: Document, gazetteer_files: tuple[str, ...] = ()) -> list[Claim]:
    """The claims of one document (a convenience for notebooks and tests)."""
    return list(next(extract_documents([document], gazetteer_files=gazetteer_files)).claims)
