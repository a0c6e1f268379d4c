"""The one place a :class:`~kg.types.Claim` is made from what the extractor found."""

from __future__ import annotations

from spacy.tokens import Span

from kg.relations.patterns import LexEntry
from kg.types import NEGATIVE_MODALITIES, Claim, Mention
from kg.vocabulary import polarity_of


def make_claim(
    doc_id: str,
    source: Mention,
    predicate: str,
    target: Mention,
    sentence: Span,
    to_original,
    *,
    confidence: float,
    trigger: str,
    pattern: str,
    entry: LexEntry | None = None,
    modality: str = "asserted",
    attributed_to: Mention | None = None,
    sentence_text: str | None = None,
    place: str | None = None,
) -> Claim:
    """A claim of ``source`` ``predicate`` ``target`` stated in ``sentence``.

    Parameters
    ----------
    sentence : the spaCy sentence, mapped to original offsets by ``to_original``.
    confidence : capped at 1 and rounded to four places.
    entry : the lexicon entry of the trigger, for its CAMEO code, PLOVER class and Goldstein
        weight (a pattern without one, such as person affiliations, leaves them empty).
    modality : one of :data:`kg.types.MODALITIES`; ``negated`` follows from it.
    sentence_text : the sentence as already stripped, when the caller has it.
    place : where the act happened, as the sentence names it, if it does.
    """
    start, end = to_original(sentence.start_char, sentence.end_char)
    return Claim(
        doc_id=doc_id,
        source=source,
        predicate=predicate,
        target=target,
        polarity=polarity_of(predicate),
        negated=modality in NEGATIVE_MODALITIES,
        confidence=round(min(1.0, confidence), 4),
        sentence_start=start,
        sentence_end=end,
        sentence_text=sentence_text if sentence_text is not None else sentence.text.strip(),
        trigger=trigger,
        pattern=pattern,
        cameo=entry.cameo if entry else "",
        plover=entry.plover if entry else "",
        goldstein=entry.goldstein if entry else 0.0,
        attributed_to=attributed_to,
        modality=modality,
        place=place,
    )
