"""The pipeline's own speed-ups change no annotation: they are checked against spaCy's."""

from __future__ import annotations

import spacy

from kg.nlp import MODEL, AttributeRules, load_pipeline


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
