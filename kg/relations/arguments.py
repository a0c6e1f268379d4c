"""Arguments: from a trigger word to the words that do and undergo what it names.

Subjects are found through conjunctions, control verbs, relative clauses and light verbs;
event nouns find their doers in "by" phrases, possessives and the clauses they sit in.
Everything here works on the parse only; which words name actors is :mod:`.references`' job.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.relations.patterns import LexEntry


def prep_objects(token: Token, *preps: str) -> list[Token]:
    """The objects of a word's prepositions ``preps``: ``prep_objects(t, "of")`` of 'dozens
    of protesters' is [protesters]."""
    return [
        p
        for c in token.children
        if c.dep_ in ("prep", "agent") and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
    ]


def participle_agents(token: Token, lemmas) -> list[Token]:
    """The 'by' agents of a participle of ``lemmas`` on a noun: 'an attack carried out by the
    Arakan Army', 'a missile launched by the Houthis'."""
    return [
        p
        for c in token.children
        if c.dep_ == "acl" and c.lemma_.lower() in lemmas
        for p in prep_objects(c, "by")
    ]


def attributed_agents(token: Token, attributions: dict) -> list[Token]:
    """Who a participle on a noun lays it to: 'a drone strike attributed to Turkey', 'an
    attack blamed on the ADF' (``attributions``: participle lemma → its prepositions)."""
    return [
        p
        for c in token.children
        if c.dep_ == "acl" and c.lemma_.lower() in attributions
        for p in prep_objects(c, *attributions[c.lemma_.lower()])
    ]


class Arguments:
    """Argument finding over a spaCy parse, with the lexicon and cues it consults."""

    def __init__(self, lexicon: dict[str, dict[str, LexEntry]], cues: dict):
        self.lexicon = lexicon
        self.cues = cues

    def names_actor(self, token: Token) -> bool:
        """Whether a noun names an actor even unresolved ('these terrorists', 'the regime')."""
        lemma = token.lemma_.lower()
        generic = self.cues["generic_actor_nouns"]
        return lemma in self.cues["referring_nouns"] or any(
            lemma in words for kind, words in generic.items() if kind != "comment"
        )

    def granted_by_object(self, trigger: Token, nodes) -> bool:
        """'with the support of X' / 'with help from X': X gives, the clause receives."""
        prep = nodes.get("prep")
        return (
            trigger.pos_ in ("NOUN", "PROPN")
            and prep is not None
            and prep.lower_ in ("of", "from")
            and trigger.dep_ == "pobj"
            and trigger.head.lower_ == "with"
            and trigger.lemma_.lower() in self.cues["granted_nouns"]
        )

    @staticmethod
    def clause_head(token: Token) -> Token:
        node = token
        for _ in range(6):
            if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                return node
            node = node.head
        return node

    def place_of(self, trigger: Token) -> str | None:
        """Where the act a trigger names happened, when its clause says so: the place after
        'in', 'near', 'at' ... ('shelled positions near Afrin', 'clashed in Khartoum'), or
        None. A place is a named place (GPE, LOC, FAC) or a place noun with a name ('Borno
        state'); the first one on the trigger, its clause's verb, or their object."""
        head = self.clause_head(trigger)
        objects = [c for c in (*trigger.children, *head.children) if c.dep_ == "dobj"]
        owners = [  # "shelled the positions of the YPG near Afrin"
            p for o in objects for c in o.children if c.lower_ == "of" for p in c.children
        ]
        for word in dict.fromkeys([trigger, head, *objects, *owners]):
            for prep in word.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.cues["locative_preps"]:
                    continue
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    if obj.ent_type_ in ("GPE", "LOC", "FAC"):
                        ent = next(e for e in obj.doc.ents if e.start <= obj.i < e.end)
                        if ent[-1].lower_ == "of":  # "the Sea of" + "Japan", two entities
                            return obj.doc[ent.start : max(obj.right_edge.i, ent.end) + 1].text
                        return ent.text
                    named = [c for c in obj.lefts if c.dep_ == "compound" and c.ent_type_]
                    if obj.lemma_.lower() in self.cues["place_nouns"] and named:
                        return obj.doc[named[0].left_edge.i : obj.i + 1].text
        return None

    def event_targets(self, noun: Token) -> list[Token]:
        """Who an event noun with a 'by' agent hit: its 'on/against/of' object, else the
        subject of the passive it explains ('Ghadiya was killed in a raid by US forces')."""
        objects = [
            p
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "of")
            for p in c.children
            if p.dep_ == "pobj"
        ]
        if not objects:  # "Airstrike by Nigerian Air Force on Boko Haram camps": the parser
            objects = [  # hangs the target on the agent
                p
                for agent in self._by_agents(noun)
                for c in agent.children
                if c.dep_ == "prep" and c.lower_ in ("on", "against")
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
            if node.head.i == node.i:
                break
        return []

    # ------------------------------------------------------------------ arguments
    def responsible_party(self, adjective: Token) -> list[Token]:
        """Who 'responsible' (or 'accountable') is said of: the noun it follows ("the militias
        responsible for ..."), the object of 'hold' ("held Moscow accountable"), its own
        subject ("holds Hamas responsible", as the parser reads it) or the copula's ("Hamas
        was responsible")."""
        if adjective.dep_ in ("amod", "acl", "appos"):
            return [adjective.head]
        if adjective.dep_ == "oprd":
            return [c for c in adjective.head.children if c.dep_ == "dobj"]
        own = [c for c in adjective.children if c.dep_ in ("nsubj", "nsubjpass")]
        return own or self.subjects(adjective)

    def subjects(self, trigger: Token, depth: int = 0) -> list[Token]:
        """The tokens that act as the trigger's subject, climbing through control verbs,
        conjunctions, relative clauses and light verbs."""
        if depth > 4:
            return []
        if trigger.pos_ in ("NOUN", "PROPN"):
            return self.noun_subjects(trigger, depth)
        subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "csubj")]
        # "Burkinabe soldiers searching for the militants ... killed dozens": the parser
        # makes a participle phrase a clausal subject; its own subject is the doer
        subjects = [
            next((c for c in s.children if c.dep_ == "nsubj"), s) if s.dep_ == "csubj" else s
            for s in subjects
        ]
        if not subjects and trigger.dep_ == "relcl":
            # "The M23, which Rwanda backs, ...": the parser hangs the relative clause's
            # subject on its verb as a compound
            subjects = [c for c in trigger.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if not subjects and self._modifier_participle(trigger):
            return []
        if subjects:
            if subjects[0].lower_ in self.cues["relative_pronouns"] and trigger.dep_ == "relcl":
                return [self._relative_antecedent(subjects[0], trigger.head)]
            # "X, together with its partners, is working to defeat Y", "X fought alongside
            # Y against Z", "X, fighting alongside Y, retook ...": the partners act too
            clauses = [trigger, *(c for c in trigger.children if c.dep_ == "advcl")]
            return subjects + self.partners([*subjects, *clauses])
        passive = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if passive and not depth:
            # "Rockets were fired at Israel by Hezbollah": the agent fired (not through a
            # control verb: in "he was appointed by X to lead Y", he leads)
            agents = [p for c in trigger.children if c.dep_ == "agent" for p in c.children]
            agents = [p for p in agents if p.dep_ == "pobj"]
            if agents:
                return agents
        if passive:
            # "the UK is committed to defeating ISIL": a passive control verb's subject does
            # the complement; the passive itself, without an agent, has no known doer
            return passive if depth else []
        if trigger.dep_ in ("acl", "relcl"):
            if trigger.head.lemma_.lower() in self.cues["purpose_nouns"]:
                # "the campaign to defeat Daesh", "Iraq's efforts to destroy the group"
                return self.noun_subjects(trigger.head, depth + 1)
            return [trigger.head]
        if trigger.dep_ in ("xcomp", "ccomp", "advcl") and self._told(trigger.head):
            # "Egypt urged Israel to refrain from ...": the one told acts, not the teller
            return self._told(trigger.head)
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
            return helped + self.subjects(trigger.head, depth + 1)
        if trigger.dep_ in ("xcomp", "conj", "advcl", "acomp") and trigger.head.i != trigger.i:
            # acomp: "al-Qaida remains committed to carrying out attacks": the subject of
            # the copula is committed
            return self.subjects(trigger.head, depth + 1)
        if trigger.dep_ == "pcomp" and trigger.head.head.i != trigger.head.i:
            governor = trigger.head.head
            if self._told(governor):
                return self._told(governor)  # "warned the US against striking its sites"
            if governor.lemma_.lower() in self.cues["accusation_verbs"]:
                # "Ethiopia accused Eritrea of arming the TPLF": the accused does it
                accused = [c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")]
                if accused:
                    return accused
            return self.subjects(governor, depth + 1)
        return []

    def _told(self, verb: Token) -> list[Token]:
        """The object a directive verb tells to act ('urged Israel', 'called on Hamas') or a
        permission verb lets act ('allowed US jets to strike'), or nothing."""
        lemma = verb.lemma_.lower()
        if lemma not in self.cues["directive_verbs"] and lemma not in self.cues["permission_verbs"]:
            return []
        told = [c for c in verb.children if c.dep_ == "dobj"]
        return told or [  # "called on Hamas to ..."
            p
            for c in verb.children
            if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon")
            for p in c.children
            if p.dep_ == "pobj"
        ]

    def set_off_object(self, trigger: Token) -> list[Token]:
        """The object a participial clause set off by commas follows and describes: 'X
        denounces the M23, supported by the Rwandan Defence Force, for ...' (the parser hangs
        the clause on the verb, as if the subject were supported)."""
        doc = trigger.doc
        if trigger.dep_ != "advcl" or trigger.i < 2 or doc[trigger.i - 1].text != ",":
            return []
        before = doc[trigger.i - 2]
        return [
            o
            for o in trigger.head.children
            if o.dep_ == "dobj" and o.i < trigger.i and o.left_edge.i <= before.i <= o.right_edge.i
        ]

    def _modifier_participle(self, trigger: Token) -> bool:
        """'in occupied Crimea', 'near besieged Mariupol': a participle right after a
        preposition modifies the name that follows, even where the parser makes it a verb
        (its clause's subject did not occupy Crimea)."""
        return (
            trigger.tag_ in ("VBD", "VBN")
            and trigger.i > 0
            and trigger.doc[trigger.i - 1].lower_ in self.cues["place_prepositions"]
        )

    def partners(self, words: list[Token]) -> list[Token]:
        """Who acts with the doer, named beside it or its act: 'alongside Y', 'together with
        Y', 'along with Y', 'in coordination with Y', 'side by side with Y', 'on Y's side',
        'fought for Y', 'as part of Y', ', joined by Y,' (``cues.json`` partner words)."""
        cues = self.cues
        found = []
        for word in words:
            # "Malian troops, joined by Wagner fighters, attacked ...": a partner participle
            found += [
                p
                for c in word.children
                if c.dep_ == "acl" and c.lemma_.lower() in cues["partner_participles"]
                for p in prep_objects(c, "by")
            ]
            # "fighting together with Y", "operate jointly with Y", "teamed up with Y"
            joint = any(
                (c.dep_ == "advmod" and c.lower_ in cues["partner_with_words"])
                or (
                    c.dep_ == "prt"
                    and f"{word.lemma_.lower()} {c.lower_}" in cues["partner_phrasals"]
                )
                for c in word.children
            )
            for prep in word.children:
                if prep.dep_ != "prep":
                    continue
                if (
                    prep.lower_ == "with"
                    and not joint
                    and not any(a.lower_ in cues["partner_with_words"] for a in prep.children)
                ):
                    continue
                if prep.lower_ == "on":  # "fought on Russia's side", "on the side of the army"
                    sides = [n for n in prep.children if n.dep_ == "pobj" and n.lemma_ == "side"]
                    found += [c for n in sides for c in n.children if c.dep_ == "poss"]
                    found += [p for n in sides for p in prep_objects(n, "of")]
                    continue
                if prep.lower_ == "as":  # "fighting ISIL as part of the Global Coalition"
                    parts = [n for n in prep.children if n.dep_ == "pobj" and n.lemma_ == "part"]
                    found += [p for n in parts for p in prep_objects(n, "of")]
                    continue
                if prep.lower_ == "for" and word.lemma_.lower() in cues["side_verbs"]:
                    found += [p for p in prep.children if p.dep_ == "pobj"]  # "fight for Kyiv"
                    continue
                if prep.lower_ in ("in", "by"):  # "in coordination with Y", "side by side with Y"
                    prep = next(
                        (
                            w
                            for n in prep.children
                            if n.dep_ == "pobj" and n.lemma_.lower() in cues["partner_nouns"]
                            for w in n.children
                            if w.dep_ == "prep" and w.lower_ == "with"
                        ),
                        None,
                    )
                    if prep is None:
                        continue
                elif prep.lower_ not in cues["partner_preps"] and prep.lower_ != "with":
                    continue
                found += [p for p in prep.children if p.dep_ == "pobj"]
        return found

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
            if node.head.i == node.i:
                break
            node = node.head
        return head

    def noun_subjects(self, noun: Token, depth: int) -> list[Token]:
        """Who does what an event noun names: 'attacks by ISIL', 'Russia's support',
        'the coalition conducted strikes', 'strikes ... in support of X' (the clause's doer)."""
        if depth > 5:
            return []
        agents = self._by_agents(noun)
        if agents:
            return agents
        if (
            noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and noun.head.head.lemma_.lower() in self.cues["series_nouns"]
        ):
            # "Hezbollah mounted a series of rocket attacks", "Russia's wave of strikes": the
            # doer of the series
            return self.noun_subjects(noun.head.head, depth + 1)
        owners = [
            c
            for c in noun.children
            if c.dep_ == "poss"
            or (c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ or c.pos_ == "PROPN"))
        ]
        if not owners:
            owners = self._deep_owners(noun)
        if owners:
            if (
                noun.dep_ == "dobj"
                and noun.head.lemma_.lower() in self.cues["joining_verbs"]
                and depth == 0
            ):
                # "Belarus joined Russia's war against Ukraine", "Hungary joined EU sanctions
                # against Russia": who joins does it too
                return owners + self.subjects(noun.head, depth + 1)
            return owners
        # "an attack carried out by the Arakan Army", "claimed by IS"
        performed = participle_agents(noun, self.cues["perpetration_verbs"]) or attributed_agents(
            noun, self.cues["attribution_verbs"]
        )
        if performed:
            return performed
        if noun.ent_type_:
            return [noun]
        subjects = [c for c in noun.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:  # a verb the parser took for a noun: "The army vow to crush X"
            return subjects
        head = noun.head
        if noun.dep_ in ("dobj", "attr", "nsubj") and head.pos_ in ("VERB", "AUX"):
            talked = self.lexicon.get("VERB", {}).get(head.lemma_.lower())
            reported = (
                head.lemma_.lower() in self.cues["speech_verbs"]
                and head.lemma_.lower() not in self.cues["performative_speech_verbs"]
            )
            judged = head.lemma_.lower() in self.cues["appraisal_verbs"]
            if noun.dep_ == "dobj" and (
                reported or judged or (talked is not None and talked.predicate == "meetsWith")
            ):
                # "the leaders discussed the campaign to liberate Mosul", "Carter noted the
                # role the coalition can play": talking of an act is not doing it (announcing
                # or declaring one is); nor is condemning it ("Israel condemned the attack on
                # a school")
                return []
            return self.subjects(head, depth + 1)
        if noun.dep_ == "appos":
            return [head]
        if noun.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN"):
            return self.noun_subjects(head, depth + 1)
        if noun.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            governor = head.head
            supported = self.supported(governor) if head.lower_ == "in" else []
            if supported:
                # "reiterates UK support for Iraq in the fight against ISIL": Iraq fights
                return supported
            if governor.pos_ in ("VERB", "AUX"):
                if governor.lemma_.lower() in self.cues["appraisal_verbs"]:
                    return []  # "the Taliban distanced themselves from the attack on Y"
                return self.subjects(governor, depth + 1)
            if governor.pos_ in ("NOUN", "PROPN") and governor.lemma_.lower() in (
                self.cues["purpose_nouns"] | self.cues["event_nouns"]
            ):
                return self.noun_subjects(governor, depth + 1)
            if governor.ent_type_ and head.lower_ == "as":
                return [governor]  # "The UK, as part of the Global Coalition, ..."
        return []

    @staticmethod
    def _by_agents(noun: Token) -> list[Token]:
        """The 'by' agents of an event noun, also where the parser hangs them on its 'of'
        object ("Shelling of SDF positions by Turkish military forces")."""
        holders = [noun] + [
            p
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for holder in holders:
            found = [
                p
                for c in holder.children
                if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            if found:
                return found
        return []

    def _deep_owners(self, noun: Token) -> list[Token]:
        """The doer named inside an event noun's modifiers: 'a Russian missile and drone
        attack', 'a Ukrainian naval drone strike', 'Saudi-led air strikes' (whoever leads
        them); not whoever backs someone ('an Iran-backed militia attack')."""
        found = []
        for child in noun.lefts:
            if child.dep_ not in ("compound", "amod", "nmod"):
                continue
            for t in child.subtree:
                if t.i == noun.i or not (t.ent_type_ or t.pos_ == "PROPN"):
                    continue
                led = t.head.tag_ == "VBN" and t.head.lemma_.lower() == "lead"
                if t.head.tag_ == "VBN" and not led:
                    continue  # "Iran-backed"
                found.append(t)
        return found[:1]

    def meeting_purpose(self, verb: Token) -> LexEntry | None:
        """The meeting noun a verb's 'for'/'in' names ('joined X for talks'), if any."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "in"):
                for p in c.children:
                    entry = self.lexicon.get("NOUN", {}).get(p.lemma_.lower())
                    if p.dep_ == "pobj" and entry is not None and entry.predicate == "meetsWith":
                        return entry
        return None

    def supported(self, token: Token) -> list[Token]:
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

    # ------------------------------------------------------------------ people
    @staticmethod
    def title_tokens(token: Token) -> list[Token]:
        """A person's title without the clauses and places in it: 'a middleman buying oil
        from ISIL' names no affiliation, 'commander of U.S. Central Command' does."""
        found = [token]
        for child in token.children:
            if child.dep_ in ("acl", "relcl", "advcl", "ccomp") or (
                child.dep_ == "prep" and child.lower_ != "of"
            ):
                continue
            found += Arguments.title_tokens(child)
        return found
