"""Modality: whether a sentence asserts what its trigger names, and who says so.

Negation, denial, hedges, modal and future auxiliaries and conditionals along the chain of
words the trigger depends on; the speaker of reported speech.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.relations.arguments import Arguments
from kg.types import Mention


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
            and node.head is not node
        ):
            node = node.head
            chain.append(node)
            if len(chain) > 5:
                break
        return chain

    def assess(self, trigger: Token) -> tuple[bool, float]:
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
        for i, node in enumerate(self.chain(trigger)):
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
