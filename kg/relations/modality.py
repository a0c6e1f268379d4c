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


_FINITE = frozenset({"VBD", "VBZ", "VBP"})


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
            # a purpose ("deploy troops to support M23") is as real as the act it serves
            or (node.dep_ == "advcl" and any(c.lower_ == "to" for c in node.children))
            # "no plans to attack", "the threat to strike": an irrealis noun's clause
            or (node.dep_ == "acl" and node.head.lower_ in self.cues["irrealis_nouns"])
            # "denied allowing the UAE to arm the RSF": what one lets another do
            or (node.dep_ == "ccomp" and node.head.lemma_.lower() in self.cues["permission_verbs"])
            # "the plan envisaged troops attacking Eritrea": what the verb's object would do
            or (
                node.dep_ == "acl"
                and node.tag_ == "VBG"
                and node.head.dep_ == "dobj"
                and node.head.head.lemma_.lower() in self.cues["irrealis_verbs"]
            )
        ) and node.head.i != node.i:
            node = node.head
            chain.append(node)
            if len(chain) > 5:
                break
        return chain

    def presupposes(self, trigger: Token, doer: Token) -> bool:
        """Whether an event noun takes its act by ``doer`` as given, whatever the clause
        around it says: 'Russia's attack on Ukraine', 'the strikes by Israel' (not 'an attack
        by X', 'any attack by X', 'a possible offensive'). "Will the UN condemn Russia's
        attack?" asks of the UN, not of the attack; "Turkey refused to join Western sanctions"
        refuses Turkey's, not the West's (cues.json ``presupposition_comment``)."""
        cues = self.cues
        if trigger.pos_ not in ("NOUN", "PROPN") or any(
            c.dep_ in ("det", "amod") and c.lower_ in cues["irrealis_determiners"]
            for c in trigger.children
        ):
            return False
        if doer.dep_ == "poss" and doer.head.i == trigger.i:
            # a pronoun's act is the clause's own to end or deny: "Mali ended its defence
            # cooperation with France", "Israel denied its strike"
            return doer.pos_ != "PRON"
        return (
            doer.dep_ == "pobj"
            and doer.head.lower_ == "by"
            and doer.head.head.i == trigger.i
            and any(c.dep_ == "det" and c.lower_ in cues["definite_dets"] for c in trigger.children)
        )

    def assess(
        self, trigger: Token, *, hostile: bool = False, presupposed: bool = False
    ) -> Assessment:
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
        asked, conditional_consequence, possible, promised = False, False, False, False
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
        if any(
            c.dep_ in ("det", "amod") and c.lower_ in cues["irrealis_determiners"]
            for c in trigger.children
        ):
            irrealis = True  # "any attack by al-Shabaab", "a possible offensive"
        # a presupposed act (:meth:`presupposes`) reads only its own noun
        chain = [trigger] if presupposed else self.chain(trigger)
        if self._told_to_stop(chain):
            # "the UK urged Iran to stop arming the Houthis": Iran arms them now
            return Assessment("asserted", conf["hedge"])
        continuing = any(n.lemma_ in cues["continuing_verbs"] for n in chain)
        for i, node in enumerate(chain):
            lemma = node.lemma_.lower()
            # "had not targeted civilians and denied shelling the market", "denies shelling
            # villages, and accuses Armenia": a finite conjunct is a clause of its own, which
            # its first conjunct's negation, denial or modal does not reach (what governs
            # both, "a spokesman said", still does)
            if i and chain[i - 1].dep_ == "conj" and chain[i - 1].tag_ in _FINITE:
                continue
            if i and node.pos_ == "ADJ" and lemma in cues["irrealis_adjectives"]:
                irrealis = True  # "is ready to shoot down", "is prepared to deploy"
                factor *= conf["hedge"]
            if node.pos_ not in ("VERB", "AUX", "NOUN") and i:
                continue
            negs = [c for c in node.children if c.dep_ in cues["negation_deps"]]
            negs += [c for c in node.children if c.dep_ == "det" and c.lower_ == "no"]
            # "Neither Russia nor Belarus has admitted to attacking Poland"
            negs += [
                c
                for c in node.children
                if c.dep_ in ("nsubj", "nsubjpass")
                and any(
                    d.lower_ in cues["neither_words"]
                    or (
                        d.dep_ == "det"
                        and d.lower_ == "no"
                        # "no fewer than ten missiles" is a count
                        and d.nbor().lower_ not in ("fewer", "less", "more")
                    )
                    for d in c.children
                )
            ]  # ... and "No Russian missiles hit Kyiv"
            if negs and lemma not in cues["double_negative_implicatives"]:
                flips += 1
            if i and node.pos_ in ("VERB", "AUX") and self._disowned(node):
                flips, denied = flips + 1, True  # "played no part in the attack on Y"
            if (
                i
                and node.lemma_.lower() in cues["accusation_verbs"] | cues["speech_verbs"]
                and any(
                    c.dep_ == "advmod" and c.lower_ in cues["falsity_adverbs"]
                    for c in node.children
                )
            ):
                flips, denied = flips + 1, True  # "was falsely accused of bombing a market"
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
                    possible = possible or word in cues["possibility_modals"]
                    promised = promised or word in cues["promise_modals"]
                elif child.dep_ in ("aux", "auxpass") and word in cues["future_words"]:
                    irrealis = irrealis or not continuing  # "will continue to support" is
                    factor *= conf["future"]  # a statement of what is done now
                    promised = promised or not continuing
                elif child.dep_ == "mark" and word in cues["question_marks"]:
                    asked = True  # "asked whether X armed Y", "unclear whether X struck Y"
                elif child.dep_ == "mark" and word in cues["conditional_marks"]:
                    if self._asked(node):
                        asked = True  # "unclear if M23 attacked"
                    else:
                        irrealis = True
                        factor *= conf["conditional"]
                elif child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in cues["conditional_marks"]
                    for m in child.children
                ):
                    conditional_consequence = True  # "will strike Hezbollah if it continues"
        if (
            not presupposed
            and trigger.pos_ == "NOUN"
            and trigger.dep_ in ("nsubj", "nsubjpass")
            and any(
                c.dep_ in ("aux", "auxpass")
                and c.lower_ in cues["modal_words"] | cues["future_words"]
                for c in trigger.head.children
            )
        ):
            # "A Chinese invasion of Taiwan would draw in the US": an act that would have
            # consequences is not one that happened (its verb's negation is not the act's:
            # "an attack on the base did not kill anyone")
            irrealis = True
            factor *= conf["modal"]
        top = chain[-1]
        if (
            top.dep_ in ("acl", "ccomp")
            and top.head.lemma_.lower() in cues["absence_nouns"]
            and any(c.lower_ == "no" for c in top.head.children)
        ):
            flips += 1  # "there is no evidence that Iran armed the Houthis"
        if (
            top.dep_ in ("ccomp", "csubj")
            and top.head.lemma_ == "be"
            and any(
                c.dep_ in ("acomp", "attr") and c.lower_ in cues["falsity_words"]
                for c in top.head.children
            )
        ):
            flips, denied = flips + 1, True  # "It is false that Ethiopia invaded Eritrea"
        if trigger.lemma_.lower() not in cues["accusation_verbs"] | cues["speech_verbs"] and (
            self._denied_after(trigger, chain[-1])
        ):
            flips, denied = flips + 1, True  # "accused of backing the M23, which it denies"
        said = self._reported_in(chain[-1])
        if said is not None:
            verb, through_claim = said
            if (
                verb.lemma_ in cues["denial_verbs"]
                or verb.lemma_.lower() in cues["denial_nouns"]
                or (through_claim and self._called_false(chain[-1].head))
            ):
                flips, denied = flips + 1, True  # "denied that its forces struck Y"
            elif verb.lemma_ in cues["threat_verbs"] and (irrealis or through_claim):
                # "Egypt warned it would attack Ethiopia" threatens; "Russia could attack a
                # NATO member, Germany warned" warns of another's act
                threatened = threatened or self._same_actor(chain[-1], verb)
            elif (
                hostile
                and promised
                and not possible
                and verb.lemma_ in cues["speech_verbs"]
                and self._same_actor(chain[-1], verb)
            ):
                # "The RSF said it would attack El Fasher": an actor announcing its own
                # hostile act threatens it (CAMEO 13); "said Russia would attack" does not
                threatened = True
            elif through_claim and (
                self._unconfirmed(chain[-1].head)
                # "The US has not confirmed reports that Israel struck Iran"
                or (
                    verb.lemma_.lower() in cues["verification_verbs"]
                    and any(c.dep_ == "neg" for c in verb.children)
                )
            ):
                asked = True  # "reports that Wagner fighters attacked ... could not be verified"
        if hostile and irrealis and conditional_consequence and not asked and not possible:
            # a hostile act promised on a condition is a threat ("will strike Hezbollah if");
            # one said possible is not ("armed men could attack ... if MONUSCO withdraws")
            threatened = True
        if flips % 2:
            modality = "denied" if denied else "negated"
        elif asked or (trigger.sent.text.rstrip().endswith("?") and not presupposed):
            modality = "question"
        elif threatened and hostile:
            modality = "threatened"
        elif threatened or irrealis:
            modality = "hypothetical"
        else:
            modality = "asserted"
        return Assessment(modality, factor)

    def _same_actor(self, clause: Token, verb: Token) -> bool:
        """Whether a complement's subject is the speaker's side: a pronoun ("warned it
        would"), a definite description ("warned that the group would"), the same word, or
        none of its own."""
        inner = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        outer = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not inner:
            return True
        subject = inner[0]
        if subject.pos_ == "PRON" or any(subject.lemma_ == o.lemma_ for o in outer):
            return True
        return subject.lemma_.lower() in self.cues["referring_nouns"] and any(
            c.dep_ == "det" and c.lower_ in self.cues["definite_dets"] for c in subject.children
        )

    def _denied_after(self, trigger: Token, clause: Token) -> bool:
        """Whether a relative clause after the act denies it: 'Rwanda is accused of backing
        the M23, which it denies', '..., a charge it denies', '..., which Kigali rejects'."""
        cues = self.cues
        for verb in trigger.sent:
            if verb.i <= trigger.i or verb.dep_ != "relcl" or verb.lemma_ not in cues["denial_verbs"]:
                continue
            if clause.left_edge.i <= verb.head.i <= clause.right_edge.i and verb.head.dep_ not in (
                "npadvmod",
                "appos",
            ):
                # "which" standing for the whole statement, not for one noun of it: "backed
                # the M23, which it denies" (not "attacked the town, which it denies holding")
                if not any(
                    c.dep_ in ("dobj", "nsubj") and c.lower_ in ("which", "that")
                    for c in verb.children
                ) or any(c.pos_ == "VERB" for c in verb.children):
                    continue
                return True
            if verb.head.lemma_.lower() in cues["claim_nouns"] | {"charge"}:
                return True  # "..., a charge it denies"
        return False

    def _disowned(self, verb: Token) -> bool:
        """Whether a verb disowns an act: 'played no part in', 'had no role in', 'had
        nothing to do with'."""
        for obj in verb.children:
            if obj.dep_ != "dobj":
                continue
            if obj.lower_ == "nothing":
                return True
            if obj.lemma_.lower() in self.cues["involvement_nouns"] and any(
                d.dep_ in ("det", "neg") and d.lower_ == "no" for d in obj.children
            ):
                return True
        return False

    def _called_false(self, claim: Token) -> bool:
        """Whether the words around a claim noun call it false: 'called claims that ...
        false', 'dismissed as baseless the claims', 'said reports that ... were
        fabricated'."""
        words = self.cues["falsity_words"]
        clause = {t.i for c in claim.children if c.dep_ in ("acl", "ccomp", "relcl") for t in c.subtree}
        governor = claim.head
        while governor.dep_ in ("prep", "advcl", "xcomp") and governor.head.i != governor.i:
            governor = governor.head
        return any(
            t.lower_ in words or t.lemma_.lower() in words
            for t in governor.subtree
            if t.i not in clause or t.dep_ in ("advmod", "acomp", "oprd")
        )

    def _told_to_stop(self, chain: list[Token]) -> bool:
        """Whether the act is one its doer is told to stop ('urged Iran to stop arming',
        'called on Rwanda to end its support'): being told to stop it, the doer does it."""
        cues = self.cues
        for i, node in enumerate(chain[1:-1], 1):
            if node.lemma_.lower() not in cues["cessative_verbs"]:
                continue
            j = i + 1
            while j < len(chain) - 1 and chain[j - 1].dep_ == "conj":
                j += 1  # "to withdraw its troops and stop supporting M23"
            told = chain[j]
            if told.lemma_.lower() in cues["directive_verbs"] and not any(
                c.dep_ == "neg" for c in (*node.children, *told.children)
            ):
                return True
        return False

    def _unconfirmed(self, noun: Token) -> bool:
        """Whether a claim noun is said unconfirmed: 'reports ... could not be verified',
        'the claims have not been confirmed', 'the reports remain unverified'."""
        if noun.dep_ not in ("nsubj", "nsubjpass"):
            return False
        head = noun.head
        if head.lemma_.lower() in self.cues["verification_verbs"] and any(
            c.dep_ == "neg" for c in head.children
        ):
            return True
        return any(
            c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in self.cues["uncertain_words"]
            for c in head.children
        )

    def _asked(self, clause: Token) -> bool:
        """Whether a clause is what is asked or unknown: the complement of 'ask', 'wonder'
        or of 'unclear', 'unconfirmed' ("unclear if M23 attacked")."""
        head = clause.head
        return clause.dep_ in ("ccomp", "advcl", "csubj") and (
            head.lemma_.lower() in self.cues["question_verbs"]
            or head.lower_ in self.cues["uncertain_words"]
        )

    def _reported_in(self, node: Token) -> tuple[Token, bool] | None:
        """The verb whose complement holds ``node`` ("denied that X struck Y"), directly or
        through a claim noun ("rejected claims that it armed Y"), with whether it was through
        one; None if there is none."""
        if (
            node.dep_ == "advcl"
            and node.head.lemma_ in self.cues["denial_verbs"]
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)
        ):
            # "rejected as false Indian claims that its army shelled ...": the parser hangs
            # the claim's clause on the denial
            return node.head, False
        # a claim noun first: the tagger may read "denied reports its soldiers ..." as a verb
        if node.dep_ in ("acl", "ccomp") and node.head.lemma_.lower() in self.cues["denial_nouns"]:
            return node.head, True  # "the government's denial that its troops attacked"
        if (
            node.dep_ in ("acl", "pcomp")
            and node.head.dep_ == "pobj"
            and node.head.head.lower_ == "of"
            and node.head.head.head.lower_ in self.cues["claim_nouns"]
        ):
            # "denied reports of its troops fighting alongside ...": the claim noun's clause
            node = node.head.head.head
            governor = node.head.head if node.head.dep_ == "prep" else node.head
            return governor, True
        if (
            node.dep_ in ("acl", "ccomp", "relcl")
            and node.head.lower_ in self.cues["claim_nouns"]
            and node.head.dep_ in ("dobj", "pobj", "nsubjpass", "nsubj", "ccomp")
        ):
            governor = node.head.head
            if governor.dep_ == "prep":
                governor = governor.head
            return governor, True
        if node.dep_ == "ccomp" and node.head.lower_ in self.cues["claim_nouns"]:
            # "Kigali rejects claims it supports the M23", tagged as if "rejects" were a noun
            # and "claims" the verb: the denial the tagger took for the subject
            denial = [
                c
                for c in node.head.children
                if c.dep_ == "nsubj" and c.lemma_.lower() in self.cues["denial_verbs"]
            ]
            if denial:
                return denial[0], True
        if node.dep_ == "ccomp" and node.head.pos_ in ("VERB", "AUX"):
            return node.head, False
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
            if node.head.i == node.i:
                return None
            node = node.head
        return None
