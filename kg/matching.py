"""Fast equivalents of spaCy matchers, each giving exactly the matches of the one it replaces.

* :class:`ArcMatcher`: the relation patterns' ``DependencyMatcher``, matched from each
  pattern's first node along the parse's arcs;
* :class:`AttributeRules`: the model's ``AttributeRuler.match``, by a lookup per token, and
  :class:`RulerAnnotations`: its ``set_annotations``, without a ``Span`` per match;
* :class:`PhraseIndex`: a ``PhraseMatcher`` on ``LOWER`` or ``ORTH`` (the gazetteer's names,
  the generic agents), built from token lists without a ``Doc`` per phrase.

They know nothing of conflicts or actors; ``tests/test_matching.py`` checks each against
spaCy's own on real text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import HEAD
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes the arc matcher tests, as spaCy's Matcher names them in a pattern; each
# is read as a ``Doc.to_array`` column (the token's integer attribute, ``token.lemma``).
_ATTRS = ("ORTH", "LOWER", "LEMMA", "ENT_TYPE", "TAG", "DEP", "POS")  # most selective first


@dataclass(frozen=True)
class _ArcNode:
    """One node of a dependency pattern: the node it hangs from, how, and its token test."""

    left: int  # index of the node it hangs from (-1 for the first)
    op: str | None
    checks: tuple[tuple[str, frozenset[int]], ...]  # (attribute, allowed values), by _ATTRS

    def fits(self, columns: dict[str, list[int]], i: int) -> bool:
        """Whether word ``i`` passes the node's tests (``columns``: the document's attribute
        values by word, :meth:`ArcMatcher.__call__`)."""
        # a loop, not all(...): called for every candidate word, and a generator costs more
        for attr, allowed in self.checks:  # noqa: SIM110
            if columns[attr][i] not in allowed:
                return False
        return True


class ArcMatcher:
    """Dependency patterns matched from their first node along the parse's arcs.

    It finds what spaCy's ``DependencyMatcher`` finds, in the order the extractor reads the
    matches (by first token, then pattern, then token indices), for patterns whose nodes use
    the operators ``>``, ``<`` and ``>>`` and plain or ``IN`` token attributes (the bundled
    ones); given any other pattern, it hands all of them to the ``DependencyMatcher``.

    Why not that matcher: it runs every node as a token pattern over the whole document and
    climbs from each token matched to the root of its sentence (a node without attributes
    matches every token), which was most of the extraction's own time. Here a document is
    read once (``Doc.to_array``) as columns of the attributes the nodes test and the parse's
    heads, and indexed by the values the patterns' first nodes and fixed words are tested on;
    a pattern whose fixed word ("together", "alongside") is absent is skipped, and the other
    nodes are only looked for among the words the arcs lead to, as indices (no ``Token`` is
    made: making them took half the matcher's time).
    """

    def __init__(self, vocab):
        self.vocab = vocab
        self._patterns: list[tuple[str, tuple[_ArcNode, ...]]] = []
        # by pattern: its nodes' word tests (ORTH, LOWER, LEMMA), all of which a document
        # must pass somewhere for the pattern to match in it
        self._required: list[list[tuple[str, frozenset[int]]]] = []
        self._indexed: list[str] = []  # attributes a document is indexed by
        self._tested: list[str] = []  # attributes any node tests (read as columns)
        self.patterns: list[tuple[str, list[dict]]] = []  # as added
        self._spacy: DependencyMatcher | None = None

    def add(self, name: str, pattern: list[dict]) -> None:
        """Add one pattern (``DependencyMatcher`` syntax) under ``name``."""
        self.patterns.append((name, pattern))
        nodes = self._compile(pattern)
        if self._spacy is None and nodes is not None:
            required = [n.checks[0] for n in nodes if n.checks and n.checks[0][0] in _ATTRS[:3]]
            self._patterns.append((name, nodes))
            self._required.append(required)
            for attr, _ in [*required, *nodes[0].checks[:1]]:
                if attr not in self._indexed:
                    self._indexed.append(attr)
            for attr in {a for n in nodes for a, _ in n.checks}:
                if attr not in self._tested:
                    self._tested.append(attr)
            return
        if self._spacy is None:
            self._spacy = DependencyMatcher(self.vocab)
            for earlier, p in self.patterns[:-1]:
                self._spacy.add(earlier, [p])
        self._spacy.add(name, [pattern])

    @staticmethod
    def _compile(pattern: list[dict]) -> tuple[_ArcNode, ...] | None:
        """The pattern's nodes, or None if it uses what this matcher does not do."""
        ids: dict[str, int] = {}
        nodes = []
        for j, spec in enumerate(pattern):
            op = spec.get("REL_OP")
            if (j == 0) != (op is None) or op not in (None, ">", "<", ">>"):
                return None
            if op is not None and spec.get("LEFT_ID") not in ids:
                return None
            checks = []
            for key, value in spec.get("RIGHT_ATTRS", {}).items():
                key = "ORTH" if key == "TEXT" else key
                if key not in _ATTRS:
                    return None
                if isinstance(value, str):
                    value = {"IN": [value]}
                if not isinstance(value, dict) or list(value) != ["IN"]:
                    return None
                # the Matcher's own comparison: string IDs (POS names give their symbol IDs)
                checks.append((key, frozenset(get_string_id(v) for v in value["IN"])))
            checks.sort(key=lambda c: _ATTRS.index(c[0]))
            ids[spec["RIGHT_ID"]] = j
            left = ids[spec["LEFT_ID"]] if op is not None else -1
            nodes.append(_ArcNode(left, op, tuple(checks)))
        return tuple(nodes)

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        """``(pattern name, token index of each node)`` for every match, by first token."""
        if self._spacy is not None:
            strings = doc.vocab.strings
            found = sorted(self._spacy(doc), key=lambda m: min(m[1]))
            return [(strings[key], ids) for key, ids in found]
        n = len(doc)
        if not n:
            return []
        # Every attribute tested, and the parse, as columns of integers: the words are never
        # made into Token objects (which most of the matcher's time went to).
        columns: dict[str, list[int]] = {}
        if self._tested:
            values = doc.to_array(self._tested).reshape(n, -1).T.tolist()
            columns = dict(zip(self._tested, values, strict=True))
        # HEAD is relative, unsigned in the array: read back as signed offsets
        offsets = doc.to_array([HEAD]).reshape(n).astype(numpy.int64).tolist()
        tree = _Tree([i + d for i, d in enumerate(offsets)])
        present = {attr: set(columns[attr]) for attr in self._indexed}
        index: dict[str, dict[int, list[int]]] = {}
        matches: list[tuple[int, tuple[int, ...]]] = []
        for k, (_, nodes) in enumerate(self._patterns):
            # a pattern needs a word for each of its word tests: "together with" a "together"
            if any(allowed.isdisjoint(present[attr]) for attr, allowed in self._required[k]):
                continue
            first = nodes[0]
            if first.checks:
                attr, allowed = first.checks[0]
                positions = index.get(attr)
                if positions is None:  # where each value is, for the patterns' first nodes
                    positions = index[attr] = {}
                    for i, value in enumerate(columns[attr]):
                        positions.setdefault(value, []).append(i)
                starts: Iterable[int] = [
                    i for v in allowed & positions.keys() for i in positions[v]
                ]
            else:
                starts = range(n)
            for i in starts:
                if first.fits(columns, i):
                    self._grow(nodes, (i,), k, columns, tree, matches)
        # DependencyMatcher's order (pattern, then token indices) sorted by first token
        matches.sort(key=lambda m: (min(m[1]), m[0], m[1]))
        return [(self._patterns[k][0], list(ids)) for k, ids in matches]

    @staticmethod
    def _grow(
        nodes: tuple[_ArcNode, ...],
        found: tuple[int, ...],
        k: int,
        columns: dict[str, list[int]],
        tree: _Tree,
        matches: list,
    ) -> None:
        """Every way to match the nodes after ``found`` (the words matched so far)."""
        if len(found) == len(nodes):
            matches.append((k, found))
            return
        node = nodes[len(found)]
        left = found[node.left]
        if node.op == ">":
            candidates: Iterable[int] = tree.children(left)
        elif node.op == "<":
            head = tree.heads[left]
            candidates = () if head == left else (head,)
        else:  # ">>"
            candidates = tree.descendants(left)
        for i in candidates:
            if node.fits(columns, i):
                ArcMatcher._grow(nodes, (*found, i), k, columns, tree, matches)


class _Tree:
    """A parse as word indices: each word's head, and (made when first asked) its children
    and descendants, the words ``Token.children`` and ``Token.subtree`` (less the word
    itself) give."""

    def __init__(self, heads: list[int]):
        self.heads = heads
        self._children: list[list[int]] | None = None
        self._below: dict[int, list[int]] = {}

    def children(self, i: int) -> list[int]:
        if self._children is None:
            self._children = [[] for _ in self.heads]
            for j, head in enumerate(self.heads):
                if head != j:
                    self._children[head].append(j)
        return self._children[i]

    def descendants(self, i: int) -> list[int]:
        found = self._below.get(i)
        if found is None:
            found, todo = [], list(self.children(i))
            while todo:
                j = todo.pop()
                found.append(j)
                todo.extend(self.children(j))
            self._below[i] = found
        return found


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


class RulerAnnotations:
    """``AttributeRuler.set_annotations`` without a ``Span`` per match.

    The ruler makes a ``Span`` of every match to pick its token (about three matches a word:
    the tag map, then morph rules); here the token is read off the document by its index
    (``start + index``, or from ``end`` for a negative index) and given the rule's attributes
    with spaCy's own ``set_token_attrs``, match by match in the ruler's order, so later rules
    still win. A match whose index falls outside it goes to the ruler's own method, which
    raises the ruler's error.
    """

    def __init__(self, ruler):
        self.ruler = ruler

    def __call__(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        ruler = self.ruler
        attrs, indices = ruler.attrs, ruler.indices
        for match in matches:
            rule, _, start, end = match
            index = indices[rule]
            i = (start if index >= 0 else end) + index
            if not start <= i < end:
                type(ruler).set_annotations(ruler, doc, [match])
                continue
            set_token_attrs(doc[i], attrs[rule])


class PhraseIndex:
    """Phrases (token texts) looked up token by token: a table from each phrase's first word
    to the lengths to try, and one from the words to the phrase's keys; on lower-cased words
    (``lower``, as ``PhraseMatcher(attr="LOWER")``) or on words as written (``ORTH``). Built
    from plain lists in milliseconds, where a ``PhraseMatcher`` needs a ``Doc`` per phrase
    (a second for the gazetteer's 40,000 names, in every process).

    >>> index = PhraseIndex(lower=True)
    >>> index.add(("islamic", "state"), 7)
    >>> index.find(["Fighters", "of", "Islamic", "State", "fled"])
    [(7, 2, 4)]
    """

    def __init__(self, *, lower: bool):
        self.lower = lower
        self.first: dict[str, list[int]] = {}
        self.phrases: dict[tuple[str, ...], list[int]] = {}

    def add(self, words: tuple[str, ...], key: int) -> None:
        """Add a phrase (its token texts, lower-cased already for a ``lower`` index)."""
        keys = self.phrases.setdefault(words, [])
        if key not in keys:
            keys.append(key)
        lengths = self.first.setdefault(words[0], [])
        if len(words) not in lengths:
            lengths.append(len(words))
            lengths.sort(reverse=True)

    def find(self, texts: list[str]) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of every phrase in the token texts ``texts``, by start."""
        words = [t.lower() for t in texts] if self.lower else texts
        n = len(words)
        found = []
        for i, word in enumerate(words):
            for length in self.first.get(word, ()):
                if i + length <= n:
                    for key in self.phrases.get(tuple(words[i : i + length]), ()):
                        found.append((key, i, i + length))
        return found
