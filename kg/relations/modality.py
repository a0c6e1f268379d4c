"""Modality: whether a sentence asserts what its trigger names, and who says so.

Negation, denial, hedges, modal and future auxiliaries and conditionals along the chain of
words the trigger depends on; the speaker of reported speech.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.relations.arguments import Arguments
from kg.types import Mention


@dataclass(frozen=True)
class Assessment:
    """What the sentence does with a trigger: ``modality`` (one of
    :data:`kg.types.MODALITIES`) and a factor for the claim's confidence."""

    modality: str
    factor: float = 1.0


class Modality:
    """Reads negation, hedging and attribution off the parse around a trigger."""

    def __init__(self, cues: dict, arguments: Arguments):
        self.cues = cues
        self.arguments = arguments

    # ------------------------------------------------------------------ context
    def chain(self, trigger: Token) -> list[Token]:
        """The trigger and the verbs it depends on for its meaning (seek to fight...)."""
        chain = [trigger]
        node = trigger
        while (
            node.dep_ in ("xcomp", "conj", "pcomp", "prep", "pobj", "dobj")
            # "no plans to attack", "the threat to strike": an irrealis noun's clause
            or (node.dep_ == "acl" and node.head.lower_ in self.cues["irrealis_nouns"])
        ) and node.head is not node:
            node = node.head
            chain.append(node)
            if len(chain) > 5:
                break
        return chain

    def assess(self, trigger: Token, *, hostile: bool = False) -> Assessment:
        """Whether the sentence asserts what ``trigger`` names, and a confidence factor.

        ``hostile``: the trigger names a conflictual act, for which a threat or a future is
        not the act itself (a cooperative one stated as a commitment is verbal support).
        The rules, and the words they read, are in ``kg/data/cues.json`` (``modality_comment``).

        >>> from kg.nlp import load_pipeline
        >>> from kg.relations.patterns import load_cues, load_lexicon
        >>> from kg.relations.arguments import Arguments
        >>> cues = load_cues()
        >>> modality = Modality(cues, Arguments(load_lexicon(), cues))
        >>> doc = load_pipeline()("Iran has no plans to attack Israel.")
        >>> modality.assess(doc[5], hostile=True).modality
        'negated'
        """
        cues = self.cues
        conf = cues["confidence"]
        flips, denied, threatened, irrealis = 0, False, False, False
        factor = 1.0
        doc = trigger.doc
        if (
            0 < trigger.i < len(doc) - 1
            and doc[trigger.i - 1].is_quote
            and doc[trigger.i + 1].is_quote
        ):
            flips += 1  # scare quotes: "Assad's “war” on ISIL is a sham"
        if trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.lemma_ in cues["ending_verbs"]:
            flips += 1  # "the war between Iran and Iraq ended in 1988"
        chain = self.chain(trigger)
        continuing = any(n.lemma_ in cues["continuing_verbs"] for n in chain)
        for i, node in enumerate(chain):
            if node.pos_ not in ("VERB", "AUX", "NOUN") and i:
                continue
            lemma = node.lemma_.lower()
            negs = [c for c in node.children if c.dep_ in cues["negation_deps"]]
            negs += [c for c in node.children if c.dep_ == "det" and c.lower_ == "no"]
            if negs and lemma not in cues["double_negative_implicatives"]:
                flips += 1
            if i:
                if lemma in cues["negative_implicatives"]:
                    flips += 1
                if lemma in cues["denial_verbs"]:
                    flips, denied = flips + 1, True  # "denied attacking"
                if lemma in cues["threat_verbs"] or (
                    hostile and lemma in cues["commitment_verbs"]
                ):
                    threatened = True
                    factor *= conf["hedge"]
                elif lemma in cues["irrealis_verbs"] or (
                    node.pos_ == "NOUN" and node.lower_ in cues["irrealis_nouns"]
                ):
                    irrealis = True
                    factor *= conf["hedge"]
                elif lemma in cues["attempt_verbs"] or lemma in cues["commitment_verbs"]:
                    factor *= conf["hedge"]
            for child in node.children:
                word = child.lower_
                if child.dep_ in ("aux", "auxpass") and word in cues["modal_words"]:
                    irrealis = True
                    factor *= conf["modal"]
                elif child.dep_ in ("aux", "auxpass") and word in cues["future_words"]:
                    irrealis = irrealis or (hostile and not continuing)
                    factor *= conf["future"]
                elif child.dep_ == "mark" and word in cues["conditional_marks"]:
                    irrealis = True
                    factor *= conf["conditional"]
        said = self._reported_in(chain[-1])
        if said is not None:
            verb, through_claim = said
            if verb.lemma_ in cues["denial_verbs"]:
                flips, denied = flips + 1, True  # "denied that its forces struck Y"
            elif verb.lemma_ in cues["threat_verbs"] and (irrealis or through_claim):
                threatened = True  # "warned it would attack Y"
        if flips % 2:
            modality = "denied" if denied else "negated"
        elif trigger.sent.text.rstrip().endswith("?"):
            modality = "question"
        elif threatened and hostile:
            modality = "threatened"
        elif threatened or irrealis:
            modality = "hypothetical"
        else:
            modality = "asserted"
        return Assessment(modality, factor)

    def _reported_in(self, node: Token) -> tuple[Token, bool] | None:
        """The verb whose complement holds ``node`` ("denied that X struck Y"), directly or
        through a claim noun ("rejected claims that it armed Y"), with whether it was through
        one; None if there is none."""
        if node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX"):
            return node.head, False
        if (
            node.dep_ in ("acl", "ccomp", "relcl")
            and node.head.lower_ in self.cues["claim_nouns"]
            and node.head.dep_ in ("dobj", "pobj", "nsubjpass")
        ):
            governor = node.head.head
            if governor.dep_ == "prep":
                governor = governor.head
            return governor, True
        return None

    def speaker(self, trigger: Token, by_token) -> Mention | None:
        """Who said it, when the trigger sits in the complement of a speech verb."""
        node = trigger
        for _ in range(6):
            if (
                node.dep_ in ("ccomp", "parataxis")
                and node.head.lemma_ in self.cues["speech_verbs"]
            ):
                for subject in self.arguments.subjects(node.head):
                    if subject.i in by_token:
                        return by_token[subject.i]
                return None
            if node.head is node:
                return None
            node = node.head
        return None
