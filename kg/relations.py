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

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

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
    """What a document's earlier sentences tell the later ones."""

    attacks: list[Claim] = field(default_factory=list)


class RelationExtractor:
    """Finds claims in a parsed document: ``DependencyMatcher`` patterns over the lexicon.

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
        self.matcher = DependencyMatcher(nlp.vocab)
        for spec in self.patterns:
            pattern = copy.deepcopy(spec["pattern"])
            lemmas = sorted(self.lexicon.get(spec.get("lexicon_pos") or "", {}))
            for node in pattern:
                attrs = node["RIGHT_ATTRS"]
                if attrs.get("LEMMA") == "$LEXICON":
                    attrs["LEMMA"] = {"IN": lemmas}
            self.matcher.add(spec["name"], [pattern])
        self._spec = {spec["name"]: spec for spec in self.patterns}

    # ------------------------------------------------------------------ entry point
    def extract(
        self, doc: Doc, mentions: list[tuple[Span, Mention]], doc_id: str, to_original
    ) -> list[Claim]:
        """Every claim of a parsed document, in text order."""
        by_token = {t.i: m for span, m in mentions for t in span}
        matches = sorted(self.matcher(doc), key=lambda m: min(m[1]))
        context = _Context()
        claims: list[Claim] = []
        seen: set[tuple] = set()
        for match_id, token_ids in matches:
            name = doc.vocab.strings[match_id]
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
                    context.attacks.append(claim)
        claims.extend(self._affiliations(mentions, doc_id, to_original, seen))
        return sorted(claims, key=lambda c: (c.sentence_start, c.source.start, c.target.start))

    # ------------------------------------------------------------------ one match
    def _claims_for(self, spec, nodes, by_token, doc_id, to_original, context):
        trigger = nodes.get("trigger") or nodes["prep"]
        sentence = trigger.sent
        if sentence.text.rstrip().endswith("?"):
            return  # a question asserts nothing
        entry = self._entry(spec, trigger, nodes)
        if entry is None:
            return
        predicate = entry.predicate if entry else spec["predicate"]
        sources = [nodes["source"]] if "source" in nodes else self._subjects(trigger)
        targets = [nodes["target"]] if "target" in nodes else [trigger.head]
        negated, factor = self._modality(trigger)
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
        start, end = to_original(sentence.start_char, sentence.end_char)
        sentence_text = sentence.text.strip()
        for (source, sf), (target, tf) in pairs:
            if source.iri == target.iri:
                continue
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
        entry = self.lexicon.get(pos, {}).get(trigger.lemma_)
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
                return [trigger.head]
            return subjects
        if any(c.dep_ == "nsubjpass" for c in trigger.children):
            return []  # passive without an agent: the doer is unknown
        if trigger.dep_ in ("acl", "relcl"):
            return [trigger.head]
        if trigger.dep_ in ("xcomp", "conj", "advcl") and trigger.head is not trigger:
            return self._subjects(trigger.head, depth + 1)
        if trigger.dep_ == "pcomp" and trigger.head.head is not trigger.head:
            return self._subjects(trigger.head.head, depth + 1)
        return []

    def _noun_subjects(self, noun: Token, depth: int) -> list[Token]:
        owners = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
        if owners:
            return owners
        if noun.ent_type_:
            return [noun]
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            return self._subjects(noun.head, depth + 1)
        return []

    def _mentions(self, tokens: Iterable[Token], by_token, context, subtree=False):
        """Actor mentions for argument tokens, each with a confidence factor."""
        found: list[tuple[Mention, float]] = []
        for token in tokens:
            for tok in [token, *token.conjuncts]:
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
            mentions = [(by_token[token.i], 1.0)]
            # "Russian or pro-regime forces": a coordinated modifier names an actor too
            for child in token.children:
                if child.i in by_token and any(g.dep_ == "cc" for g in child.children):
                    mentions.append((by_token[child.i], conf["modifier_argument"]))
            return mentions
        if token.lower_ in self.cues["relative_pronouns"] and token.head.dep_ == "relcl":
            return self._token_mentions(token.head.head, by_token, context)
        if token.lemma_.lower() in self.cues["event_nouns"] and context.attacks:
            event = context.attacks[-1]
            return [(event.source, conf["event_reference"])]
        climbed = self._climb(token, by_token)
        if climbed is not None:
            return [(climbed, conf["climbed_argument"])]
        return self._modifier_mentions(token, by_token)

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
        """'a Syrian jet' stands for Syria; 'Kurdish and Syrian Arab forces' does not."""
        if token.lower_ not in self.cues["asset_nouns"]:
            return []
        mods = [
            by_token[t.i]
            for c in token.children
            if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
            for t in [c, *c.conjuncts]
            if t.i in by_token
        ]
        if any(m.kind == "Group" for m in mods):
            return []  # an ethnic or religious force, not the state's
        factor = self.cues["confidence"]["modifier_argument"]
        return [(m, factor) for m in mods]

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
    def _affiliations(self, mentions, doc_id, to_original, seen) -> list[Claim]:
        """'Russia's Deputy Foreign Minister Sergei Ryabkov' → Ryabkov memberOf Russia."""
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
                for t in c.subtree
            ]
            for token in around:
                org = by_token.get(token.i)
                if (
                    org is None
                    or org.kind not in ("State", "Organization", "ArmedGroup")
                    or org.iri == person.iri
                ):
                    continue
                key = (person.start, "memberOf", org.start, 0)
                if key in seen:
                    continue
                seen.add(key)
                sentence = head.sent
                start, end = to_original(sentence.start_char, sentence.end_char)
                claims.append(
                    Claim(
                        doc_id,
                        person,
                        "memberOf",
                        org,
                        polarity_of("memberOf"),
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
