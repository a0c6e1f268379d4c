"""The naive baseline ``kg evaluate`` compares the extractor against."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.relations.claims import make_claim
from kg.relations.patterns import LexEntry, default_lexicon
from kg.types import Claim, Mention

# Every baseline pair is as likely as the next: it has no evidence but co-occurrence.
BASELINE_CONFIDENCE = 0.5


def cooccurrence_claims(
    doc: Doc,
    mentions: list[tuple[Span, Mention]],
    doc_id: str,
    to_original,
    lexicon: dict[str, dict[str, LexEntry]] | None = None,
) -> list[Claim]:
    """The naive baseline ``kg evaluate`` compares against: every pair of actor mentions in a
    sentence that holds a lexicon verb, with that verb's predicate (earlier mention first).

    No parse is used beyond sentence boundaries and lemmas, so the gap between this and
    :class:`RelationExtractor` is what the patterns, negation and attribution add.
    """
    verbs = (lexicon or default_lexicon()).get("VERB", {})
    by_sentence: dict[int, list[Mention]] = {}
    for span, mention in mentions:
        by_sentence.setdefault(span.sent.start, []).append(mention)
    claims: list[Claim] = []
    for sentence in doc.sents:
        found = by_sentence.get(sentence.start, [])
        predicates = {
            verbs[t.lemma_].predicate: (t, verbs[t.lemma_])
            for t in reversed(sentence)
            if t.pos_ in ("VERB", "AUX") and t.lemma_ in verbs
        }
        if len(found) < 2 or not predicates:
            continue
        for i, source in enumerate(found):
            for target in found[i + 1 :]:
                if source.iri == target.iri:
                    continue
                for predicate, (token, entry) in predicates.items():
                    claims.append(
                        make_claim(
                            doc_id,
                            source,
                            predicate,
                            target,
                            sentence,
                            to_original,
                            confidence=BASELINE_CONFIDENCE,
                            trigger=token.text,
                            pattern="cooccurrence-baseline",
                            entry=entry,
                        )
                    )
    return claims
