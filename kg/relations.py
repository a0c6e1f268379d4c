"""Relations: the lexicon and dependency patterns that turn a parsed sentence into claims.

Three data files drive it: ``kg/data/lexicon.jsonl`` (trigger words, each with its predicate,
CAMEO code, PLOVER category and Goldstein weight), ``kg/data/patterns.json`` (spaCy
``DependencyMatcher`` patterns, the trigger's lemmas filled in from the lexicon) and
``kg/data/cues.json`` (negation, modality, speech and event words). The code here only climbs
from a matched word to the actors it stands for, and decides whether the sentence asserts it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from kg.actors import mint_iri
from kg.model import polarity_of
from kg.resources import data_path
from kg.types import Claim, Mention


@dataclass(frozen=True)
class LexEntry:
    """One trigger word of the relation lexicon."""

    lemma: str
    pos: str
    predicate: str
    cameo: str = ""
    plover: str = ""
    goldstein: float = 0.0
    preps: tuple[str, ...] = ()
    direct: bool = True
    particle: str | None = None
    weight: float = 1.0
    requires_oprd: bool = False
    # "X is appalled by Y": the grammatical object feels, so X opposes Y
    experiencer: bool = False
    # "Coalition nations include Australia": the object holds the predicate towards the subject
    inverse: bool = False


def load_lexicon(path: Path | None = None) -> dict[str, dict[str, LexEntry]]:
    """The lexicon as ``{pos: {lemma: entry}}`` (the first entry of a lemma wins)."""
    lexicon: dict[str, dict[str, LexEntry]] = {}
    with open(path or data_path("lexicon.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            raw = json.loads(line)
            raw["preps"] = tuple(raw.get("preps") or ())
            entry = LexEntry(**raw)
            lexicon.setdefault(entry.pos, {}).setdefault(entry.lemma, entry)
    return lexicon


@lru_cache(maxsize=1)
def load_cues() -> dict:
    with open(data_path("cues.json"), encoding="utf-8") as fh:
        cues = json.load(fh)
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in cues.items()}


def load_patterns(path: Path | None = None) -> list[dict]:
    with open(path or data_path("patterns.json"), encoding="utf-8") as fh:
        return json.load(fh)


@dataclass
class _Context:
    """What a document's earlier sentences tell the later ones: the attacks they reported
    (for "the shoot-down") and the actor mentions (for "it", "the group")."""

    attacks: list[tuple[Claim, str, int]] = field(default_factory=list)  # claim, lemma, sentence
    spans: list[tuple[Span, Mention]] = field(default_factory=list)
    to_original: object = None
    text: str | None = None
    sentence_texts: dict[int, str] = field(default_factory=dict)  # by sentence start

    def sentence_text(self, sentence: Span) -> str:
        """``sentence.text``, made once per sentence (a sentence has many matches)."""
        text = self.sentence_texts.get(sentence.start)
        if text is None:
            text = self.sentence_texts[sentence.start] = sentence.text
        return text


# The token attributes the arc matcher tests, as spaCy's Matcher names them in a pattern; each
# is read as the token's integer attribute of the same name in lower case (``token.lemma``).
_ATTRS = ("ORTH", "LOWER", "LEMMA", "ENT_TYPE", "TAG", "DEP", "POS")  # most selective first


@dataclass(frozen=True)
class _ArcNode:
    """One node of a dependency pattern: the node it hangs from, how, and its token test."""

    left: int  # index of the node it hangs from (-1 for the first)
    op: str | None
    checks: tuple[tuple[str, frozenset[int]], ...]  # (attribute, allowed values), by _ATTRS

    def fits(self, token: Token) -> bool:
        # a loop, not all(...): called for every candidate word, and a generator costs more
        for attr, allowed in self.checks:  # noqa: SIM110
            if getattr(token, attr.lower()) not in allowed:
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
    indexed once (``Doc.to_array``) by the attributes the patterns' first nodes and fixed words
    are tested on; a pattern whose fixed word ("together", "alongside") is absent is skipped,
    and the other nodes are only looked for among the words the arcs lead to.
    """

    def __init__(self, vocab):
        self.vocab = vocab
        self._patterns: list[tuple[str, tuple[_ArcNode, ...]]] = []
        # by pattern: its nodes' word tests (ORTH, LOWER, LEMMA), all of which a document
        # must pass somewhere for the pattern to match in it
        self._required: list[list[tuple[str, frozenset[int]]]] = []
        self._indexed: list[str] = []  # attributes a document is indexed by
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
        if not len(doc):
            return []
        columns: dict[str, list[int]] = {}
        if self._indexed:
            values = doc.to_array(self._indexed).reshape(len(doc), -1).T.tolist()
            columns = dict(zip(self._indexed, values, strict=True))
        present = {attr: set(column) for attr, column in columns.items()}
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
                starts = range(len(doc))
            for i in starts:
                token = doc[i]
                if first.fits(token):
                    self._grow(nodes, [token], k, matches)
        # DependencyMatcher's order (pattern, then token indices) sorted by first token
        matches.sort(key=lambda m: (min(m[1]), m[0], m[1]))
        return [(self._patterns[k][0], list(ids)) for k, ids in matches]

    @staticmethod
    def _grow(nodes: tuple[_ArcNode, ...], tokens: list[Token], k: int, matches: list) -> None:
        """Every way to match the nodes after ``tokens`` (the nodes matched so far)."""
        if len(tokens) == len(nodes):
            matches.append((k, tuple(t.i for t in tokens)))
            return
        node = nodes[len(tokens)]
        left = tokens[node.left]
        if node.op == ">":
            candidates: Iterable[Token] = left.children
        elif node.op == "<":
            candidates = () if left.head.i == left.i else (left.head,)
        else:  # ">>"
            candidates = [t for t in left.subtree if t.i != left.i]
        for token in candidates:
            if node.fits(token):
                ArcMatcher._grow(nodes, [*tokens, token], k, matches)


class RelationExtractor:
    """Finds claims in a parsed document: dependency patterns over the lexicon.

    >>> from kg.nlp import load_pipeline
    >>> from kg.pipeline import parse_document
    >>> from kg.types import Document
    >>> claims = parse_document(Document("d", "Russia condemned the United States."))
    >>> [(c.source.label, c.predicate, c.target.label) for c in claims]
    [('Russia', 'opposes', 'United States')]
    """

    def __init__(self, nlp: Language, lexicon=None, patterns=None, cues=None):
        self.lexicon = lexicon or load_lexicon()
        self.patterns = patterns or load_patterns()
        self.cues = cues or load_cues()
        self.matcher = ArcMatcher(nlp.vocab)
        for spec in self.patterns:
            pattern = copy.deepcopy(spec["pattern"])
            lemmas = sorted(self.lexicon.get(spec.get("lexicon_pos") or "", {}))
            for node in pattern:
                attrs = node["RIGHT_ATTRS"]
                if attrs.get("LEMMA") == "$LEXICON":
                    attrs["LEMMA"] = {"IN": lemmas}
                elif attrs.get("LEMMA") == "$LEXICON_ANYCASE":  # "the Iran-Iraq War"
                    attrs["LEMMA"] = {"IN": lemmas + [w.capitalize() for w in lemmas]}
                for key, value in attrs.items():
                    if isinstance(value, str) and value.startswith("$CUES:"):
                        attrs[key] = {"IN": sorted(self.cues[value[len("$CUES:") :]])}
            self.matcher.add(spec["name"], pattern)
        self._spec = {spec["name"]: spec for spec in self.patterns}

    # ------------------------------------------------------------------ entry point
    def extract(
        self,
        doc: Doc,
        mentions: list[tuple[Span, Mention]],
        doc_id: str,
        to_original,
        text: str | None = None,
    ) -> list[Claim]:
        """Every claim of a parsed document, in text order (``text``: the original text,
        for the words of actors found by reference or noun chunk)."""
        by_token = {t.i: m for span, m in mentions for t in span}
        matches = self.matcher(doc)
        context = _Context(
            spans=sorted(mentions, key=lambda x: x[0].start), to_original=to_original, text=text
        )
        claims: list[Claim] = []
        seen: set[tuple] = set()
        for name, token_ids in matches:
            spec = self._spec[name]
            nodes = {n["RIGHT_ID"]: doc[i] for n, i in zip(spec["pattern"], token_ids, strict=True)}
            for claim in self._claims_for(spec, nodes, by_token, doc_id, to_original, context):
                key = (
                    claim.source.start,
                    claim.predicate,
                    claim.target.start,
                    claim.sentence_start,
                )
                if key in seen:
                    continue
                seen.add(key)
                claims.append(claim)
                if claim.predicate == "attacks" and not claim.negated:
                    trigger = nodes.get("trigger") or nodes["prep"]
                    context.attacks.append((claim, trigger.lemma_.lower(), trigger.sent.start))
        claims.extend(self._affiliations(mentions, doc_id, to_original, seen))
        return sorted(claims, key=lambda c: (c.sentence_start, c.source.start, c.target.start))

    # ------------------------------------------------------------------ one match
    def _claims_for(self, spec, nodes, by_token, doc_id, to_original, context):
        trigger = nodes.get("trigger") or nodes["prep"]
        sentence = trigger.sent
        if context.sentence_text(sentence).rstrip().endswith("?"):
            return  # a question asserts nothing
        entry = self._entry(spec, trigger, nodes)
        if entry is None:
            return
        predicate = entry.predicate if entry else spec["predicate"]
        meeting = self._meeting_purpose(trigger) if predicate == "memberOf" else None
        if meeting is not None:
            # "Johnson joined Kerry and international partners for talks": a meeting, not
            # a membership
            entry, predicate = meeting, meeting.predicate
        if (
            predicate in ("memberOf", "leads")
            and trigger.pos_ == "NOUN"
            and trigger.dep_ == "dobj"
            and trigger.head.lemma_ not in ("become", "remain", "make", "name", "appoint")
        ):
            return  # "ISIL killed members of the tribe" says nothing of ISIL's membership
        sources = [nodes["source"]] if "source" in nodes else self._subjects(trigger)
        if "target" in nodes and spec.get("target_owner"):
            targets = self._noun_subjects(nodes["target"], 0)  # whose act it was
        elif "target" in nodes:
            targets = [nodes["target"]]
        elif spec.get("victim"):
            targets = self._subjects(nodes["at"].head)  # who suffered at the hands of
        elif spec.get("event_target"):
            targets = self._event_targets(trigger)
        else:
            targets = [trigger.head]
        if entry.experiencer or entry.inverse:
            sources, targets = targets, sources
        if self._granted_by_object(trigger, nodes):
            # "with the support of Russia, the regime advanced": Russia supports the regime
            sources, targets = targets, self._subjects(self._clause_head(trigger))
        negated, factor = self._modality(trigger)
        if spec.get("own_negation"):
            negated = not negated  # the pattern's own "not" is the act ("will not allow X")
        speaker = self._speaker(trigger, by_token)
        if speaker is not None:
            factor *= self.cues["confidence"]["reported"]
        source_mentions = self._mentions(sources, by_token, context)
        if spec.get("symmetric_pairs"):
            found = self._mentions(targets, by_token, context, subtree=True)
            pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :]]
        else:
            target_mentions = self._mentions(targets, by_token, context)
            pairs = [(s, t) for s in source_mentions for t in target_mentions]
        if (
            not negated
            and predicate in self.cues["co_agent_predicates"]
            and (pairs or any(self._names_actor(t) for t in targets))
        ):
            # only an act aimed at an actor makes its doers allies: "the U.S., French and
            # Royal Navy are working together in support of maritime security operations"
            # names no side
            yield from self._co_agents(
                sources, source_mentions, spec, trigger, doc_id, to_original, factor, speaker
            )
        start, end = to_original(sentence.start_char, sentence.end_char)
        sentence_text = context.sentence_text(sentence).strip()
        for (source, sf), (target, tf) in pairs:
            if source.iri == target.iri:
                continue
            if self._countered(source, context) or self._countered(target, context):
                continue  # "counter-ISIL operations", "anti-coalition forces" oppose ISIL
            if predicate in ("memberOf", "leads") and target.kind == "Person":
                continue  # nobody is a member of a person, nor leads one as a body
            confidence = spec["confidence"] * (entry.weight if entry else 1.0) * factor * sf * tf
            yield Claim(
                doc_id=doc_id,
                source=source,
                predicate=predicate,
                target=target,
                polarity=polarity_of(predicate),
                negated=negated,
                confidence=round(min(1.0, confidence), 4),
                sentence_start=start,
                sentence_end=end,
                sentence_text=sentence_text,
                trigger=trigger.text,
                pattern=spec["name"],
                cameo=entry.cameo if entry else "",
                plover=entry.plover if entry else "",
                goldstein=entry.goldstein if entry else 0.0,
                attributed_to=speaker,
            )

    def _entry(self, spec, trigger: Token, nodes) -> LexEntry | bool | None:
        pos = spec.get("lexicon_pos")
        if pos is None:
            return LexEntry(trigger.lemma_, "ADP", spec["predicate"])
        words = self.lexicon.get(pos, {})
        entry = words.get(trigger.lemma_) or words.get(trigger.lemma_.lower())
        if entry is None:
            return None
        if (
            "prep" in nodes
            and nodes["prep"].lower_ not in entry.preps
            and spec["name"] != "noun-between"
        ):
            return None
        if spec.get("direct") and not entry.direct:
            return None
        if entry.requires_oprd and not any(
            t.lemma_.lower() in self.cues["aggression_nouns"]
            for c in trigger.children
            if c.dep_ in ("oprd", "ccomp", "xcomp", "attr")
            for t in c.subtree
        ):
            return None
        if spec["name"] == "passive-participle" and nodes["target"].pos_ not in ("NOUN", "PROPN"):
            return None
        return entry

    def _co_agents(self, sources, mentions, spec, trigger, doc_id, to_original, factor, speaker):
        """'Iran and Russia back ...', 'the UK, the Coalition and Iraq are committed to
        defeating ...': actors doing one act together are allies."""
        coordinated = any(
            t.conjuncts or any(a.dep_ == "appos" and a.conjuncts for a in t.children)
            for t in sources
        )
        distinct = {m.iri: (m, f) for m, f in mentions}
        if not coordinated or len(distinct) < 2:
            return
        found = list(distinct.values())
        sentence = trigger.sent
        start, end = to_original(sentence.start_char, sentence.end_char)
        for i, (a, fa) in enumerate(found):
            for b, fb in found[i + 1 :]:
                yield Claim(
                    doc_id=doc_id,
                    source=a,
                    predicate="alliedWith",
                    target=b,
                    polarity=polarity_of("alliedWith"),
                    negated=False,
                    confidence=round(self.cues["confidence"]["co_agents"] * factor * fa * fb, 4),
                    sentence_start=start,
                    sentence_end=end,
                    sentence_text=sentence.text.strip(),
                    trigger=trigger.text,
                    pattern="co-agents",
                    cameo="061",
                    plover="COOPERATE",
                    goldstein=6.4,
                    attributed_to=speaker,
                )

    @staticmethod
    def _countered(mention: Mention, context) -> bool:
        """Whether a mention is the object of a 'counter-'/'anti-' prefix, which names what
        its noun is against ('counter-ISIL operations'), not the actor itself."""
        if context.text is None:
            return False
        before = context.text[max(0, mention.start - 8) : mention.start].lower()
        return before.endswith(("counter-", "anti-"))  # not the verb: "to counter ISIL"

    def _names_actor(self, token: Token) -> bool:
        """Whether a noun names an actor even unresolved ('these terrorists', 'the regime')."""
        lemma = token.lemma_.lower()
        generic = self.cues["generic_actor_nouns"]
        return lemma in self.cues["referring_nouns"] or any(
            lemma in words for kind, words in generic.items() if kind != "comment"
        )

    def _granted_by_object(self, trigger: Token, nodes) -> bool:
        """'with the support of X' / 'with the aid of X': X gives, the clause receives."""
        prep = nodes.get("prep")
        return (
            trigger.pos_ in ("NOUN", "PROPN")
            and prep is not None
            and prep.lower_ == "of"
            and trigger.dep_ == "pobj"
            and trigger.head.lower_ == "with"
            and trigger.lemma_.lower() in self.cues["granted_nouns"]
        )

    @staticmethod
    def _clause_head(token: Token) -> Token:
        node = token
        for _ in range(6):
            if node.pos_ in ("VERB", "AUX") or node.head is node:
                return node
            node = node.head
        return node

    def _event_targets(self, noun: Token) -> list[Token]:
        """Who an event noun with a 'by' agent hit: its 'on/against/of' object, else the
        subject of the passive it explains ('Ghadiya was killed in a raid by US forces')."""
        objects = [
            p
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if objects:
            return objects
        node = noun
        for _ in range(3):
            if node.dep_ == "pobj":
                node = node.head.head
            if node.pos_ in ("VERB", "AUX"):
                harm = self.lexicon.get("VERB", {}).get(node.lemma_)
                if harm is None or harm.predicate != "attacks":
                    return []  # "I am appalled by the attack by X": I was not attacked
                return [c for c in node.children if c.dep_ == "nsubjpass"]
            if node.head is node:
                break
        return []

    # ------------------------------------------------------------------ arguments
    def _subjects(self, trigger: Token, depth: int = 0) -> list[Token]:
        """The tokens that act as the trigger's subject, climbing through control verbs,
        conjunctions, relative clauses and light verbs."""
        if depth > 4:
            return []
        if trigger.pos_ in ("NOUN", "PROPN"):
            return self._noun_subjects(trigger, depth)
        subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            if subjects[0].lower_ in self.cues["relative_pronouns"] and trigger.dep_ == "relcl":
                return [self._relative_antecedent(subjects[0], trigger.head)]
            # "X, together with its partners, is working to defeat Y": the partners act too
            partners = [
                p
                for s in subjects
                for w in s.children
                if w.dep_ == "prep"
                and w.lower_ == "with"
                and any(a.lower_ == "together" for a in w.children)
                for p in w.children
                if p.dep_ == "pobj"
            ]
            return subjects + partners
        passive = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if passive:
            # "the UK is committed to defeating ISIL": a passive control verb's subject does
            # the complement; the passive itself, without an agent, has no known doer
            return passive if depth else []
        if trigger.dep_ in ("acl", "relcl"):
            if trigger.head.lemma_.lower() in self.cues["purpose_nouns"]:
                # "the campaign to defeat Daesh", "Iraq's efforts to destroy the group"
                return self._noun_subjects(trigger.head, depth + 1)
            return [trigger.head]
        if (
            trigger.dep_ == "xcomp"
            or (trigger.dep_ == "advcl" and any(c.lower_ == "to" for c in trigger.children))
        ) and trigger.head.lemma_.lower() in self.cues["object_control"]:
            # "the coalition is assisting the Iraqi government to destroy ISIL", "the UK
            # stands by Iraq to defeat Daesh": the helped actor does the act, with its helper
            helped = [c for c in trigger.head.children if c.dep_ == "dobj"] + [
                p
                for c in trigger.head.children
                if c.dep_ == "prep" and c.lower_ in ("by", "with", "behind")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            return helped + self._subjects(trigger.head, depth + 1)
        if trigger.dep_ in ("xcomp", "conj", "advcl", "acomp") and trigger.head is not trigger:
            # acomp: "al-Qaida remains committed to carrying out attacks": the subject of
            # the copula is committed
            return self._subjects(trigger.head, depth + 1)
        if trigger.dep_ == "pcomp" and trigger.head.head is not trigger.head:
            return self._subjects(trigger.head.head, depth + 1)
        return []

    def _relative_antecedent(self, pronoun: Token, head: Token) -> Token:
        """What a relative pronoun stands for: the noun its clause hangs on, except that
        'who' never means a place ('forces operating in the north of the country who are
        leading ...': the parser hangs the clause on the nearest noun)."""
        if pronoun.lower_ not in ("who", "whom"):
            return head
        node = head
        for _ in range(6):
            if node.pos_ in ("NOUN", "PROPN") and not (
                node.ent_type_ in ("GPE", "LOC", "FAC")
                or node.lemma_.lower() in self.cues["place_nouns"]
            ):
                return node
            if node.head is node:
                break
            node = node.head
        return head

    def _noun_subjects(self, noun: Token, depth: int) -> list[Token]:
        """Who does what an event noun names: 'attacks by ISIL', 'Russia's support',
        'the coalition conducted strikes', 'strikes ... in support of X' (the clause's doer)."""
        if depth > 5:
            return []
        agents = [
            p
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "by"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if agents:
            return agents
        owners = [
            c
            for c in noun.children
            if c.dep_ == "poss"
            or (c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ or c.pos_ == "PROPN"))
        ]
        if owners:
            return owners
        if noun.ent_type_:
            return [noun]
        head = noun.head
        if noun.dep_ in ("dobj", "attr", "nsubj") and head.pos_ in ("VERB", "AUX"):
            talked = self.lexicon.get("VERB", {}).get(head.lemma_.lower())
            reported = (
                head.lemma_.lower() in self.cues["speech_verbs"]
                and head.lemma_.lower() not in self.cues["performative_speech_verbs"]
            )
            if noun.dep_ == "dobj" and (
                reported or (talked is not None and talked.predicate == "meetsWith")
            ):
                # "the leaders discussed the campaign to liberate Mosul", "Carter noted the
                # role the coalition can play": talking of an act is not doing it (announcing
                # or declaring one is)
                return []
            return self._subjects(head, depth + 1)
        if noun.dep_ == "appos":
            return [head]
        if noun.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            return self._noun_subjects(head, depth + 1)
        if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            governor = head.head
            supported = self._supported(governor) if head.lower_ == "in" else []
            if supported:
                # "reiterates UK support for Iraq in the fight against ISIL": Iraq fights
                return supported
            if governor.pos_ in ("VERB", "AUX"):
                return self._subjects(governor, depth + 1)
            if governor.pos_ in ("NOUN", "PROPN") and governor.lemma_.lower() in (
                self.cues["purpose_nouns"] | self.cues["event_nouns"]
            ):
                return self._noun_subjects(governor, depth + 1)
            if governor.ent_type_ and head.lower_ == "as":
                return [governor]  # "The UK, as part of the Global Coalition, ..."
        return []

    def _meeting_purpose(self, verb: Token) -> LexEntry | None:
        """The meeting noun a verb's 'for'/'in' names ('joined X for talks'), if any."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "in"):
                for p in c.children:
                    entry = self.lexicon.get("NOUN", {}).get(p.lemma_.lower())
                    if p.dep_ == "pobj" and entry is not None and entry.predicate == "meetsWith":
                        return entry
        return None

    def _supported(self, token: Token) -> list[Token]:
        """Who receives the support a word names or gives: 'support for Iraq',
        'reiterates support for Iraq' (the objects of a support noun's for/of/to)."""
        nouns = [token] if token.pos_ in ("NOUN", "PROPN") else []
        if token.pos_ in ("VERB", "AUX"):
            nouns = [c for c in token.children if c.dep_ == "dobj"]
        return [
            p
            for n in nouns
            if n.lemma_.lower() in self.cues["granted_nouns"]
            for c in n.children
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")
            for p in c.children
            if p.dep_ == "pobj"
        ]

    def _mentions(self, tokens: Iterable[Token], by_token, context, subtree=False):
        """Actor mentions for argument tokens, each with a confidence factor."""
        found: list[tuple[Mention, float]] = []
        for token in tokens:
            # "The UK, the wider Global Coalition and the Government of Iraq": a list the
            # parser reads as an apposition with a conjunction is still a list
            listed = [a for a in token.children if a.dep_ == "appos" and a.conjuncts]
            for tok in [
                token,
                *token.conjuncts,
                *listed,
                *(c for a in listed for c in a.conjuncts),
            ]:
                if subtree:
                    found.extend((by_token[t.i], 1.0) for t in tok.subtree if t.i in by_token)
                else:
                    found.extend(self._token_mentions(tok, by_token, context))
        unique: dict[tuple, tuple[Mention, float]] = {}
        for mention, factor in found:
            unique.setdefault((mention.iri, mention.start), (mention, factor))
        return list(unique.values())

    def _token_mentions(self, token: Token, by_token, context) -> list[tuple[Mention, float]]:
        conf = self.cues["confidence"]
        if token.i in by_token:
            if by_token[token.i].text.split()[0].lower() in self.cues["locative_preps"] or any(
                c.dep_ == "compound" and c.lower_ in self.cues["locative_preps"]
                for c in token.children
            ):
                return []  # "Near Palmyra" taken for a name is a place
            mentions = [(by_token[token.i], 1.0)]
            # "Russian or pro-regime forces": a coordinated modifier names an actor too
            for child in token.children:
                if child.i in by_token and any(g.dep_ == "cc" for g in child.children):
                    mentions.append((by_token[child.i], conf["modifier_argument"]))
            return mentions
        if token.lower_ in self.cues["relative_pronouns"] and token.head.dep_ == "relcl":
            return self._token_mentions(token.head.head, by_token, context)
        if token.lemma_.lower() in self.cues["event_nouns"]:
            # "condemned the attack by the Assad regime": the attacker
            agents = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "by"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            found = [m for a in agents for m in self._token_mentions(a, by_token, context)]
            if found:
                return [(m, f * conf["event_reference"]) for m, f in found]
        event = self._earlier_event(token, context)
        if event is not None:
            return [(event.source, conf["event_reference"])]
        climbed = self._climb(token, by_token)
        if climbed is not None:
            return [(climbed, conf["climbed_argument"])]
        modifiers = self._modifier_mentions(token, by_token)
        if modifiers:
            return modifiers
        referred = self._reference(token, context)
        return [referred] if referred else []

    def _earlier_event(self, token: Token, context) -> Claim | None:
        """The reported attack that 'the downing' or 'this attack' refers to: the latest
        one whose trigger belongs to the noun's family ('downing' ← 'shot down')."""
        if not self._event_reference(token) or not context.attacks:
            return None
        family = self.cues["event_families"].get(token.lemma_.lower())
        starts = [s.start for s in token.doc.sents]
        here = starts.index(token.sent.start)
        reach = self.cues["pronoun_reach"]["default"]
        for claim, lemma, sentence in reversed(context.attacks):
            if here - starts.index(sentence) > reach:
                break  # "these attacks" names a recent event, not one paragraphs back
            if family is None or lemma in family:
                return claim
        return None

    def _event_reference(self, token: Token) -> bool:
        """'the shoot-down', 'this attack': a definite event noun with no target of its own
        names an event reported before."""
        return (
            token.lemma_.lower() in self.cues["event_nouns"]
            and any(
                c.dep_ == "det" and c.lower_ in self.cues["definite_dets"] for c in token.children
            )
            and not any(c.dep_ == "prep" for c in token.children)
        )

    def _climb(self, token: Token, by_token) -> Mention | None:
        """'an alliance of Arab and Kurdish fighters' in apposition to a named actor."""
        node = token
        for _ in range(3):
            if node.dep_ == "pobj" and node.head.lower_ == "of":
                node = node.head.head
            elif node.dep_ == "appos":
                node = node.head
                if node.i in by_token:
                    return by_token[node.i]
            else:
                return None
        return None

    def _modifier_mentions(self, token: Token, by_token) -> list[tuple[Mention, float]]:
        """'a Syrian jet', 'ISIL terrorists', 'the government of Iraq' stand for the named
        actor; 'Kurdish and Syrian Arab forces' does not stand for Syria."""
        if (
            token.lower_ not in self.cues["asset_nouns"]
            and token.lemma_.lower() not in (self.cues["of_owner_nouns"])
        ):
            return []
        mods = [
            by_token[t.i]
            for c in token.children
            if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
            for t in [c, *c.conjuncts]
            if t.i in by_token
        ]
        if not mods and token.lower_ in self.cues["of_owner_nouns"]:
            mods = [
                by_token[p.i]
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj" and p.i in by_token
            ]
        if any(m.kind == "Group" for m in mods):
            return []  # an ethnic or religious force, not the state's
        factor = self.cues["confidence"]["modifier_argument"]
        return [(m, factor) for m in mods]

    # ------------------------------------------------------------------ references
    # A documented heuristic, not a coreference model (none that works with spaCy 3.8 here):
    # a pronoun takes the nearest earlier actor mention of a fitting kind within a few
    # sentences, preferring sentence subjects; a definite description ("the group", "these
    # terrorists") takes the nearest earlier actor of its kinds; any other noun chunk headed
    # by an actor noun ("civilians", "local ground forces", "the Foreign Secretary") becomes
    # an actor of its own, named by the chunk.
    _PRONOUN_KINDS: ClassVar[dict[str, tuple[str, ...]]] = {
        "org": ("State", "Organization", "ArmedGroup"),
        "any": ("State", "Organization", "ArmedGroup", "Group"),
        "person": ("Person",),
    }

    def _reference(self, token: Token, context) -> tuple[Mention, float] | None:
        cues = self.cues
        conf = cues["confidence"]
        word = token.lower_
        if token.pos_ == "PRON":
            kind = cues["pronouns"].get(word)
            if kind is None:
                return None
            # "we" in a statement speaks for the issuing body, often named paragraphs before
            reach = self.cues["pronoun_reach"].get(word, self.cues["pronoun_reach"]["default"])
            found = self._antecedent_span(token, self._PRONOUN_KINDS[kind], context, reach)
            if found is None:
                return None
            span, antecedent = found
            if span.sent.start == token.sent.start:
                # "The UK remains steadfast in its support of ...": the name in the same
                # sentence is the better evidence
                return antecedent, conf["pronoun"]
            return self._as_mention(token, token, antecedent, context), conf["pronoun"]
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = token.lemma_.lower()
        start = self._chunk_start(token)
        definite = any(
            c.dep_ == "det" and c.lower_ in cues["definite_dets"] for c in token.children
        )
        possessed = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
        kinds = cues["referring_nouns"].get(lemma)
        if kinds and (definite or possessed):  # "the group", "his country"
            # a definite description refers back past its own sentence ("The UK condemned
            # the regime" is not the UK condemning itself)
            # ("his country" may name one in its own sentence: "Iraqi lawmaker ... said his
            # country agreed")
            antecedent = self._antecedent(
                token,
                tuple(kinds),
                context,
                sentences=6,
                before=None if possessed else token.sent.start,
            )
            if antecedent is not None:
                return (
                    self._as_mention(token.doc[start], token, antecedent, context),
                    conf["definite_description"],
                )
        for kind, nouns in cues["generic_actor_nouns"].items():
            if kind != "comment" and lemma in nouns:
                break
        else:
            return None
        if kind == "Person" and definite:
            person = self._titled_person(token, context)
            if person is not None:
                return (
                    self._as_mention(token.doc[start], token, person, context),
                    conf["definite_description"],
                )
        # a trigger inside the chunk ("USA-backed forces") is the relation, not the name
        triggers = {
            t.i
            for c in token.lefts
            if c.tag_ == "VBN" or any(x.text == "-" for x in c.subtree)
            for t in c.subtree
        }
        words = [
            t
            for t in token.doc[start : token.i + 1]
            if t.dep_ not in ("det", "poss", "nummod", "quantmod", "predet", "case")
            and not t.is_punct
            and t.i not in triggers
        ]
        described = any(t.i != token.i and t.pos_ in ("ADJ", "NOUN", "PROPN") for t in words)
        if kind in ("ArmedGroup", "Organization") and not described:
            return None  # a bare "forces" or "the regime" names no one in particular
        label = " ".join(t.text for t in words).strip()
        if not label or not label[0].isalpha():
            return None
        first, last = words[0], token
        mention = self._span_mention(first, last, mint_iri(label, kind), label, kind, "", context)
        return mention, conf["noun_chunk"]

    @staticmethod
    def _chunk_start(token: Token) -> int:
        left = [
            c.left_edge.i
            for c in token.lefts
            if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod")
        ]
        return min(left, default=token.i)

    def _as_mention(self, first: Token, last: Token, antecedent: Mention, context) -> Mention:
        """The referring words' own span, standing for the antecedent actor."""
        return self._span_mention(
            first, last, antecedent.iri, antecedent.label, antecedent.kind, antecedent.ner, context
        )

    @staticmethod
    def _span_mention(first: Token, last: Token, iri, label, kind, ner, context) -> Mention:
        s, e = context.to_original(first.idx, last.idx + len(last.text))
        # the words as the original text has them (cleaning may have re-spaced them)
        if context.text is not None:
            text = context.text[s:e]
        else:
            text = first.doc.text[first.idx : last.idx + len(last.text)]
        return Mention(text, s, e, iri, label, kind, ner)

    def _antecedent(
        self,
        token: Token,
        kinds: tuple[str, ...],
        context,
        sentences: int = 3,
        before: int | None = None,
    ) -> Mention | None:
        found = self._antecedent_span(token, kinds, context, sentences, before)
        return found[1] if found else None

    def _antecedent_span(
        self,
        token: Token,
        kinds: tuple[str, ...],
        context,
        sentences: int = 3,
        before: int | None = None,
    ) -> tuple[Span, Mention] | None:
        """The nearest earlier mention of one of ``kinds``: in this sentence, then up to
        ``sentences`` sentences back; subjects before other positions within a sentence;
        never a place ('in Syria')."""
        here = token.sent
        first = self._sentence_back(here, sentences).start  # once, not once per mention
        limit = token.i if before is None else before
        candidates = [
            (span, m)
            for span, m in context.spans
            if span.end <= limit
            and m.kind in kinds
            and span.sent.start >= first
            and not self._locative(span.root)
        ]
        by_sentence: dict[int, list] = {}
        for span, m in candidates:
            by_sentence.setdefault(span.sent.start, []).append((span, m))
        for start in sorted(by_sentence, reverse=True):
            found = by_sentence[start]
            subjects = [(s, m) for s, m in found if self._is_subject(s.root)]
            if start == here.start:
                return found[-1]  # the closest in the same sentence
            return (subjects or found)[-1]
        return None

    @staticmethod
    def _sentence_back(sentence: Span, n: int) -> Span:
        doc = sentence.doc
        for _ in range(n):
            if sentence.start == 0:
                break
            sentence = doc[sentence.start - 1].sent
        return sentence

    def _locative(self, token: Token) -> bool:
        return token.dep_ == "pobj" and token.head.lower_ in self.cues["locative_preps"]

    @staticmethod
    def _is_subject(token: Token) -> bool:
        node = token
        for _ in range(3):
            if node.dep_ in ("nsubj", "nsubjpass"):
                return True
            if node.dep_ not in ("compound", "appos", "conj", "poss", "amod", "nmod"):
                return False
            node = node.head
        return False

    def _titled_person(self, token: Token, context) -> Mention | None:
        """'the Foreign Secretary' after 'Foreign Secretary Boris Johnson' or 'Tobias
        Ellwood, Minister for the Middle East'."""
        title = token.lower_
        for span, m in reversed(context.spans):
            if span.end > token.i or m.kind != "Person":
                continue
            doc = span.doc
            near = [t.lower_ for t in doc[max(0, span.start - 4) : span.start]]
            near += [c.lower_ for c in span.root.children if c.dep_ == "appos"]
            if span.root.dep_ == "appos":
                near.append(span.root.head.lower_)
            if title in near:
                return m
        return None

    # ------------------------------------------------------------------ context
    def _chain(self, trigger: Token) -> list[Token]:
        """The trigger and the verbs it depends on for its meaning (seek to fight...)."""
        chain = [trigger]
        node = trigger
        while (
            node.dep_ in ("xcomp", "conj", "pcomp", "prep", "pobj", "dobj")
            and node.head is not node
        ):
            node = node.head
            chain.append(node)
            if len(chain) > 5:
                break
        return chain

    def _modality(self, trigger: Token) -> tuple[bool, float]:
        """(negated, confidence factor) from negation, denial, hedges and modality."""
        cues = self.cues
        conf = cues["confidence"]
        negated, factor = False, 1.0
        doc = trigger.doc
        if (
            0 < trigger.i < len(doc) - 1
            and doc[trigger.i - 1].is_quote
            and doc[trigger.i + 1].is_quote
        ):
            negated = True  # scare quotes: "Assad's “war” on ISIL is a sham"
        for i, node in enumerate(self._chain(trigger)):
            if node.pos_ not in ("VERB", "AUX", "NOUN") and i:
                continue
            negs = [c for c in node.children if c.dep_ in cues["negation_deps"]]
            negs += [c for c in node.children if c.dep_ == "det" and c.lower_ == "no"]
            if negs and node.lemma_ not in cues["double_negative_implicatives"]:
                negated = not negated
            if i and node.lemma_ in cues["negative_implicatives"]:
                negated = not negated
            if i and node.lemma_ in cues["hedge_verbs"]:
                factor *= conf["hedge"]
            for child in node.children:
                word = child.lower_
                if child.dep_ in ("aux", "auxpass") and word in cues["modal_words"]:
                    factor *= conf["modal"]
                elif child.dep_ in ("aux", "auxpass") and word in cues["future_words"]:
                    factor *= conf["future"]
                elif child.dep_ == "mark" and word in cues["conditional_marks"]:
                    factor *= conf["conditional"]
            if node.dep_ == "ccomp" and node.head.lemma_ in cues["denial_verbs"]:
                negated = not negated
        return negated, factor

    def _speaker(self, trigger: Token, by_token) -> Mention | None:
        """Who said it, when the trigger sits in the complement of a speech verb."""
        node = trigger
        for _ in range(6):
            if (
                node.dep_ in ("ccomp", "parataxis")
                and node.head.lemma_ in self.cues["speech_verbs"]
            ):
                for subject in self._subjects(node.head):
                    if subject.i in by_token:
                        return by_token[subject.i]
                return None
            if node.head is node:
                return None
            node = node.head
        return None

    # ------------------------------------------------------------------ people
    @staticmethod
    def _title_tokens(token: Token) -> list[Token]:
        """A person's title without the clauses and places in it: 'a middleman buying oil
        from ISIL' names no affiliation, 'commander of U.S. Central Command' does."""
        found = [token]
        for child in token.children:
            if child.dep_ in ("acl", "relcl", "advcl", "ccomp") or (
                child.dep_ == "prep" and child.lower_ != "of"
            ):
                continue
            found += RelationExtractor._title_tokens(child)
        return found

    def _affiliations(self, mentions, doc_id, to_original, seen) -> list[Claim]:
        """'Russia's Deputy Foreign Minister Sergei Ryabkov' → Ryabkov memberOf Russia;
        'Votel, commander of U.S. Central Command' → Votel leads Central Command."""
        by_token = {t.i: m for span, m in mentions for t in span}
        claims = []
        for span, person in mentions:
            if person.kind != "Person":
                continue
            head = span.root
            around = [
                t
                for c in head.children
                if c.dep_ in ("compound", "appos", "amod", "poss")
                for t in self._title_tokens(c)
            ]
            for token in around:
                org = by_token.get(token.i)
                if (
                    org is None
                    or org.kind not in ("State", "Organization", "ArmedGroup")
                    or org.iri == person.iri
                ):
                    continue
                # "Joseph Votel, commander of U.S. Central Command", "the 407th AEG
                # commander": a leader's title makes it leadership, not membership
                title = next(c for c in head.children if token in c.subtree)
                words = {t.lemma_.lower() for t in title.subtree if t.i not in by_token}
                predicate = "leads" if words & self.cues["leader_titles"] else "memberOf"
                key = (person.start, predicate, org.start, 0)
                if key in seen:
                    continue
                seen.add(key)
                sentence = head.sent
                start, end = to_original(sentence.start_char, sentence.end_char)
                claims.append(
                    Claim(
                        doc_id,
                        person,
                        predicate,
                        org,
                        polarity_of(predicate),
                        False,
                        0.7,
                        start,
                        end,
                        sentence.text.strip(),
                        trigger=token.text,
                        pattern="person-affiliation",
                    )
                )
                break
        return claims


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
    verbs = (lexicon or _default_lexicon()).get("VERB", {})
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
        start, end = to_original(sentence.start_char, sentence.end_char)
        for i, source in enumerate(found):
            for target in found[i + 1 :]:
                if source.iri == target.iri:
                    continue
                for predicate, (token, entry) in predicates.items():
                    claims.append(
                        Claim(
                            doc_id,
                            source,
                            predicate,
                            target,
                            polarity_of(predicate),
                            False,
                            0.5,
                            start,
                            end,
                            sentence.text.strip(),
                            trigger=token.text,
                            pattern="cooccurrence-baseline",
                            cameo=entry.cameo,
                            plover=entry.plover,
                            goldstein=entry.goldstein,
                        )
                    )
    return claims


@lru_cache(maxsize=1)
def _default_lexicon() -> dict[str, dict[str, LexEntry]]:
    return load_lexicon()
