"""The fast matchers (kg/matching.py) give exactly the matches of the spaCy matchers they
replace, on real text: the arc matcher against ``DependencyMatcher``, the attribute rules
against the model's ``AttributeRuler``."""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.matcher import DependencyMatcher

from kg.matching import ArcMatcher, AttributeRules, RulerAnnotations
from kg.nlp import (
    MODEL,
    CachedLemmas,
    WordList,
    _fast_attribute_rules,
    _fast_lemmas,
    load_pipeline,
)
from tests.test_relations import CASES


def test_attribute_rules_match_as_the_attribute_ruler(example_text):
    """The per-token lookup finds the attribute ruler's own matches (tag map, morph rules,
    two-token rules such as "gon na" and "ai n't"), so every token gets the same POS, morph
    and lemma exceptions."""
    nlp = spacy.load(MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    rules = AttributeRules.compile(ruler)
    assert rules is not None
    texts = [
        example_text,
        "Y'all gonna love it, ain't nothin' gonna stop us. Let's go! C'mon, I gotta say it.",
        "There is a dog.  \n\n  It 's there   ",
        "Do you have it? I did. But it was there, but not here; that's what he gets.",
        "",
    ]
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        docs = list(nlp.pipe(texts))
    total = 0
    for doc in docs:
        expected = type(ruler).match(ruler, doc)
        assert rules(doc) == expected, doc.text[:60]
        total += len(expected)
    assert total > 700  # every token fits a tag-map rule at least
    assert load_pipeline().get_pipe("attribute_ruler").match.__class__ is AttributeRules


def test_attribute_rules_leave_a_ruler_they_cannot_read_to_spacy():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "who"}]], {"POS": "PRON"})
    assert AttributeRules.compile(ruler) is not None
    ruler.add([[{"ORTH": "x", "OP": "+"}]], {"POS": "X"})
    assert AttributeRules.compile(ruler) is None


def test_fast_components_annotate_as_the_model_as_shipped(example_text):
    """The model with kg's speed-ups of its own components (the attribute ruler's lookup and
    span-free annotation, the lemmatizer's kept answers and lemma index as sets) gives every
    token the POS, tag, morphology, lemma, parse and entity the model as shipped gives it, the
    first time a word is seen and from the kept answers after: nouns, verbs and adjectives in
    base and inflected forms, the same word with two parts of speech, contractions the
    ruler's two-token rules read, and the events corpus's hundred news items."""
    plain, fast = spacy.load(MODEL), spacy.load(MODEL)
    _fast_attribute_rules(fast)
    _fast_lemmas(fast)
    events = Path(__file__).parent / "events" / "corpus.jsonl"
    texts = [
        example_text,
        "The attacks were attacking; she attacked. Better troops fought the best fight.",
        "Russia's forces shelled the shelling positions, and the shells fell on Kharkiv.",
        "Militants have been seen; they saw the seen. Was it? Were they? I am. Being there.",
        "Y'all gonna love it, ain't nothin' gonna stop us. C'mon, I gotta say it.",
        *(json.loads(line)["text"] for line in events.read_text(encoding="utf-8").splitlines()),
    ] * 2

    def annotations(nlp):
        return [
            [
                (t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_)
                for t in doc
            ]
            for doc in nlp.pipe(texts)
        ]

    expected = annotations(plain)
    assert annotations(fast) == expected
    assert sum(map(len, expected)) > 5000
    lemmatizer = fast.get_pipe("lemmatizer")
    assert isinstance(lemmatizer.lemmatize, CachedLemmas)
    assert len(lemmatizer.lemmatize.cache) < sum(map(len, expected)) / 4  # answers reused
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(isinstance(words, WordList) for words in index.values())
    ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(ruler.set_annotations, RulerAnnotations)
    kg_pipeline = load_pipeline()
    assert isinstance(kg_pipeline.get_pipe("lemmatizer").lemmatize, CachedLemmas)
    assert isinstance(kg_pipeline.get_pipe("attribute_ruler").set_annotations, RulerAnnotations)


def test_arc_matcher_finds_what_spacys_dependency_matcher_finds(example_text):
    """The extractor's own matcher: the same matches, in the same order, as spaCy's
    ``DependencyMatcher`` sorted by first token (which the extractor used before)."""
    from kg.extraction import extractor

    nlp = load_pipeline()
    arc = extractor().matcher
    reference = DependencyMatcher(nlp.vocab)
    for name, pattern in arc.patterns:
        reference.add(name, [pattern])
    texts = [example_text, *(text for text, _, _ in CASES.values()), ""]
    total = 0
    for doc in nlp.pipe(texts):
        expected = [
            (nlp.vocab.strings[key], ids)
            for key, ids in sorted(reference(doc), key=lambda m: min(m[1]))
        ]
        assert arc(doc) == expected, doc.text[:80]
        total += len(expected)
    assert total > 150  # enough matches, of many patterns, to compare
    # a pattern with an operator the arc matcher does not follow hands over to spaCy's
    precedes = [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "verb", "REL_OP": ".", "RIGHT_ID": "next", "RIGHT_ATTRS": {"POS": "DET"}},
    ]
    mixed, spacy_only = ArcMatcher(nlp.vocab), DependencyMatcher(nlp.vocab)
    for name, pattern in [*arc.patterns[:3], ("precedes", precedes)]:
        mixed.add(name, pattern)
        spacy_only.add(name, [pattern])
    doc = nlp(example_text)
    expected = sorted(spacy_only(doc), key=lambda m: min(m[1]))
    assert mixed(doc) == [(nlp.vocab.strings[k], ids) for k, ids in expected]
    assert any(name == "precedes" for name, _ in mixed(doc))


def test_phrase_index_finds_what_spacys_phrase_matcher_finds():
    """The gazetteer's tokenised names in a PhraseIndex (lower-cased and as written) against
    spaCy's PhraseMatcher on LOWER and ORTH built from the same names, on re3d-dev and on
    sentences with names in every case."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    from kg.actors import cached_phrase_table
    from kg.matching import PhraseIndex
    from tests.conftest import RE3D_DEV

    nlp = load_pipeline()
    table = cached_phrase_table(nlp)
    ours = {True: PhraseIndex(lower=True), False: PhraseIndex(lower=False)}
    theirs = {
        True: PhraseMatcher(nlp.vocab, attr="LOWER"),
        False: PhraseMatcher(nlp.vocab, attr="ORTH"),
    }
    for key, (sensitive, _label, _iri, names) in enumerate(table):
        lower = not sensitive
        for words in names:
            ours[lower].add(tuple(words), key)
        theirs[lower].add(str(key), [Doc(nlp.vocab, words=list(w)) for w in names])
    texts = [
        "THE SYRIAN DEMOCRATIC FORCES and US forces met; the us said eln and ELN differ.",
        "Turkey and turkey, Islamic State of Iraq and the Levant, Ecowas and ECOWAS.",
    ]
    for path in sorted(RE3D_DEV.glob("*/documents.json")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:10] if line.strip()]
    tokenizer = nlp.tokenizer
    checked = 0
    for text in texts:
        doc = tokenizer(text)
        words = [t.text for t in doc]
        for lower in (True, False):
            got = sorted(ours[lower].find(words))
            want = sorted((int(nlp.vocab.strings[k]), s, e) for k, s, e in theirs[lower](doc))
            assert got == want, text[:80]
            checked += len(got)
    assert checked > 100  # names were found, not two empty lists compared
