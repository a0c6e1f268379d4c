"""References: which actor an argument word stands for.

A named mention stands for itself; a pronoun, a definite description ("the group") or an event
noun ("the shoot-down") refers back to an earlier actor or reported attack of the document; a
noun chunk headed by an actor noun ("opposition fighters") becomes an actor of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from spacy.tokens import Span, Token

from kg.gazetteer import agent_iri, load_gazetteer, mint_iri, state_civilians, town_civilians
from kg.gazetteer import is_document_agent as is_document_agent_iri
from kg.relations.arguments import attributed_agents, participle_agents, prep_objects
from kg.types import Claim, Mention


@dataclass
class DocumentContext:
    """What a document's earlier sentences tell the later ones: the attacks they reported
    (for "the shoot-down") and the actor mentions (for "it", "the group")."""

    # the asserted attacks so far: claim, its trigger's (and object's) lemmas, sentence start
    attacks: list[tuple[Claim, frozenset[str], int]] = field(default_factory=list)
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


class References:
    """Mentions for argument words, by name, reference or description."""

    def __init__(self, cues: dict):
        self.cues = cues
        # what, hit with no owner named, stands for the document's civilians
        self.civilian_targets = cues["civilian_property"] | cues["victim_nouns"]

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

    def mentions(self, tokens: Iterable[Token], by_token, context, subtree=False):
        """Actor mentions for argument tokens, each with a confidence factor."""
        found: list[tuple[Mention, float]] = []
        for token in tokens:
            # "The UK, the wider Global Coalition and the Government of Iraq": a list the
            # parser reads as an apposition with a conjunction is still a list
            listed = [a for a in token.children if a.dep_ == "appos" and a.conjuncts]
            # "Military forces of Mali and Wagner Group attacked": the parser hangs the second
            # side on the first's "of"; a group there (not a state: "forces of Mali and Niger"
            # are both states' forces) acts too
            listed += [
                c
                for prep in token.children
                if prep.dep_ == "prep"
                and prep.lower_ == "of"
                and (token.i in by_token or token.lower_ in self.cues["of_owner_nouns"])
                for p in prep.children
                if p.dep_ == "pobj"
                for c in p.conjuncts
                if c.i in by_token and by_token[c.i].kind != "State"
            ]
            for tok in [
                token,
                *token.conjuncts,
                *listed,
                *(c for a in listed for c in a.conjuncts),
            ]:
                if subtree:
                    found.extend(
                        (by_token[t.i], 1.0)
                        for t in tok.subtree
                        if t.i in by_token and not self._in_place_phrase(t, tok)
                    )
                else:
                    found.extend(self.token_mentions(tok, by_token, context))
        unique: dict[tuple, tuple[Mention, float]] = {}
        for mention, factor in found:
            unique.setdefault((mention.iri, mention.start), (mention, factor))
        return list(unique.values())

    def member_mentions(self, tokens: Iterable[Token], by_token, context):
        """Mentions of the members an argument names as included in it, who do or undergo
        what the whole does: 'Western states, including the UK and France, condemned
        Russia', 'killed 11 people, including one hostage', 'groups such as Hamas'."""
        members = [
            p
            for token in tokens
            for prep in token.children
            if prep.dep_ == "prep"
            and (
                prep.lower_ in self.cues["including_words"]
                or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children))
            )
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        return self.mentions(members, by_token, context) if members else []

    def property_mentions(self, tokens: Iterable[Token], context) -> list[tuple[Mention, float]]:
        """The document's civilians for civilian property named with no owner ('burned
        houses', 'hit a market', 'hijacked a cargo ship': cues.json "civilian_property") and
        for people named by no side ('targeted families', 'killed 12 people': "victim_nouns");
        a state's civilians for a town of it ('fired rockets at Sderot', 'shelled the town
        of Ariha'). For a hostile act's targets only; the caller has found no actor in them."""
        words = self.civilian_targets
        found = []
        for token in tokens:
            if token.lemma_.lower() in self.cues["partitive_nouns"]:
                # "dozens of commercial ships": what there are dozens of
                found.extend(self.property_mentions(prep_objects(token, "of"), context))
                continue
            for tok in (token, *token.conjuncts):
                if tok.pos_ not in ("NOUN", "PROPN"):
                    continue
                town = self._town(tok, context)
                if town is not None:
                    found.append((town, 1.0))
                    continue
                head = tok.lemma_.lower()
                modifiers = [
                    c.lemma_.lower()
                    for c in tok.lefts
                    if c.dep_ in ("compound", "amod") and c.i == tok.i - 1
                ]
                if head not in words and not any(f"{m} {head}" in words for m in modifiers):
                    continue
                first = tok.doc[self._chunk_start(tok)]
                # "a fuel depot in Bryansk": the civilians of the town's state
                where = prep_objects(tok, "in")
                if tok.dep_ == "dobj":  # "struck a fuel depot in Bryansk", 'in' on the verb
                    where += prep_objects(tok.head, "in")
                where += [c for c in tok.children if c.dep_ == "poss"]  # "Aleppo's hospitals"
                towns = [t for p in where if (t := self._town(p, context))]
                iri, label = (
                    (towns[0].iri, towns[0].label)
                    if towns
                    else (agent_iri("CVL", lemma="civilian"), "civilians")
                )
                mention = self.span_mention(first, tok, iri, label, "Group", "", context)
                found.append((replace(mention, agent="CVL"), self.cues["confidence"]["property"]))
        return found

    @staticmethod
    def _civilians_of(mention: Mention) -> Mention:
        """The civilians of the state ``mention`` names (as a town's: ``actor/ISO-CVL``), or
        ``mention`` itself when it names no state."""
        entry = load_gazetteer().entries.get(mention.iri) if mention.kind == "State" else None
        civilians = state_civilians(entry) if entry is not None else None
        if civilians is None:
            return mention
        return replace(mention, iri=civilians[0], label=civilians[1], kind="Group", agent="CVL")

    @staticmethod
    def _military_of(mention: Mention) -> Mention:
        """The military of the state ``mention`` names (its gazetteer role), or ``mention``."""
        gazetteer = load_gazetteer()
        role = gazetteer.role_of(mention.iri, "MIL") if mention.kind == "State" else None
        if role is None:
            return mention
        return replace(mention, iri=role.iri, label=role.label, kind=role.kind)

    def _town(self, token: Token, context) -> Mention | None:
        """A town named by a proper noun (or 'the town of X') as its state's civilians
        (:func:`kg.gazetteer.town_civilians`), or None."""
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.cues["town_nouns"]:
            named = [  # "the town of Ariha", "Mindat village"
                p for p in prep_objects(token, "of") if p.pos_ == "PROPN"
            ] + [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            return self._town(named[0], context) if named else None
        if token.pos_ != "PROPN":
            return None
        first = token
        while first.i > 0 and first.doc[first.i - 1].pos_ == "PROPN" and (
            first.doc[first.i - 1].head.i == token.i or first.doc[first.i - 1].dep_ == "compound"
        ):
            first = first.doc[first.i - 1]
        found = town_civilians(first.doc[first.i : token.i + 1].text, load_gazetteer())
        if found is None:
            return None
        mention = self.span_mention(first, token, *found, "Group", "", context)
        return replace(mention, agent="CVL")

    def unidentified_mentions(
        self, tokens: Iterable[Token], by_token, context
    ) -> list[tuple[Mention, float]]:
        """The document's unidentified attackers for a weapon or strike named with no owner
        ('A roadside bomb killed three soldiers'): weapons.json "attack_means", unless the
        document reported that kind of attack before with its doer. For an attack's subjects
        only; the caller has found no actor in them."""
        means = self.cues["attack_means"]
        found = []
        for tok in tokens:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            head = tok.lemma_.lower()
            before = tok.doc[tok.i - 1].lemma_.lower() if tok.i else ""
            if head not in means and f"{before} {head}" not in means:
                continue
            if any(c.dep_ == "det" and c.lower_ in self.cues["definite_dets"] for c in tok.children):
                continue  # "these strikes" were reported before, whoever made them
            claimer = self._claimer(tok)
            if claimer is not None:
                # "ISKP claimed responsibility for a suicide bombing targeting ...": ISKP's
                found.extend(self.token_mentions(claimer, by_token, context))
                continue
            first = tok.doc[self._chunk_start(tok)]
            family = self.cues["event_families"].get(head)
            if family and any(not words.isdisjoint(family) for _, words, _ in context.attacks):
                # "Coalition forces conducted 23 strikes ... Near Mosul, five strikes engaged
                # four ISIL units": a detail of strikes already reported with their doer,
                # whose claim stands; no new, unidentified attacker
                continue
            mention = self.span_mention(
                first,
                tok,
                agent_iri("UAF", lemma="unidentified"),
                "unidentified attackers",
                "ArmedGroup",
                "",
                context,
            )
            found.append((replace(mention, agent="UAF"), self.cues["confidence"]["unidentified"]))
        return found

    @staticmethod
    def _claimer(token: Token) -> Token | None:
        """Who claimed responsibility for the act a noun names ('X claimed responsibility for
        a suicide bombing'), or None."""
        if token.dep_ != "pobj" or token.head.lower_ != "for":
            return None
        noun = token.head.head
        if noun.lemma_.lower() != "responsibility":
            return None
        verb = noun.head
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)

    def _in_place_phrase(self, token: Token, top: Token) -> bool:
        """Whether ``token`` sits in a place phrase under ``top``: 'clashes between Hamas and
        Fatah gunmen in Ein el-Hilweh camp, Lebanon' (Lebanon is where, not a side)."""
        node = token
        while node.i != top.i and node.head.i != node.i:
            node = node.head
            if node.dep_ == "prep" and node.lower_ in self.cues["locative_preps"]:
                return True
        return False

    def token_mentions(self, token: Token, by_token, context) -> list[tuple[Mention, float]]:
        conf = self.cues["confidence"]
        if token.i in by_token:
            mention = by_token[token.i]
            if mention.agent:
                # "the SDF, an alliance of Arab and Kurdish fighters": the named group
                climbed = self._climb(token, by_token)
                if climbed is not None:
                    return [(climbed, self.cues["confidence"]["climbed_argument"])]
            if mention.agent and is_document_agent_iri(mention.iri):
                # "the terrorists", "these militants": the group named before, if any;
                # "its troops": the owner's
                described = self._definite_description(token, context) or self._owned(
                    token, context, by_token
                )
                if described is not None:
                    return [described]
            # "North Korea", "South Sudan": a compass word starts many states' names
            first = token.i
            while first > 0 and by_token.get(first - 1) is mention:
                first -= 1
            opening = token.doc[first]
            if (
                opening.lower_ in self.cues["place_name_preps"]
                # "at least 40 civilians": a number's modifier, not a place preposition
                and token.doc[min(first + 1, len(token.doc) - 1)].lower_ not in ("least", "most")
            ) or any(
                c.dep_ == "compound" and c.lower_ in self.cues["place_name_preps"]
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
            return self.token_mentions(token.head.head, by_token, context)
        if token.lemma_.lower() in self.cues["event_nouns"] or token.lower_ in self.cues["event_nouns"]:
            # "condemned the attack by the Assad regime": the attacker; "Shelling by
            # government troops killed five" (a gerund the parser makes a clausal subject)
            # ... and "condemns the attack carried out by Boko Haram": its perpetrator
            agents = (
                prep_objects(token, "by")
                + participle_agents(token, self.cues["perpetration_verbs"])
                # "a drone strike attributed to Turkey killed three SDF fighters"
                + attributed_agents(token, self.cues["attribution_verbs"])
            )
            found = [m for a in agents for m in self.token_mentions(a, by_token, context)]
            if found:
                return [(m, f * conf["event_reference"]) for m, f in found]
        if token.lemma_.lower() in self.cues["partitive_nouns"] or (
            token.lower_ in self.cues["partitive_nouns"]
        ):
            # "dozens of protesters", "a group of terrorists": who they are
            members = prep_objects(token, "of")
            found = [m for p in members for m in self.token_mentions(p, by_token, context)]
            if found:
                return found
        event = self._earlier_event(token, context)
        if event is not None:
            return [(event.source, conf["event_reference"])]
        climbed = self._climb(token, by_token)
        if climbed is not None:
            return [(climbed, conf["climbed_argument"])]
        # "a ballistic missile launched by the Houthi militia": who launched it
        fired_by = participle_agents(token, self.cues["launch_verbs"])
        if fired_by:
            found = [m for p in fired_by for m in self.token_mentions(p, by_token, context)]
            if found:
                return found
        carried = [  # "a vehicle carrying Kataib Hezbollah members": those it carried
            o
            for c in token.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.cues["carrier_verbs"]
            for o in c.children
            if o.dep_ == "dobj"
        ]
        if carried:
            found = [m for o in carried for m in self.token_mentions(o, by_token, context)]
            if found:
                return found
        named = [
            by_token[c.i]
            for c in token.children
            if c.dep_ == "appos" and c.i in by_token and by_token[c.i].kind == "Person"
        ]
        if named:  # "his Russian counterpart Sergei Lavrov": the person the title names
            return [(named[0], 1.0)]
        modifiers = self._modifier_mentions(token, by_token, context)
        if (
            modifiers
            and token.lemma_.lower() in self.cues["partner_words"]
            and any(c.dep_ == "poss" for c in token.children)
        ):
            # "our Syrian partners", "its Iraqi allies": someone's partners in a country, not
            # that country's state; "Iran's Iraqi proxies" are Iran's
            owners = {
                by_token[c.i].iri for c in token.children if c.dep_ == "poss" and c.i in by_token
            }
            kept = [(m, f) for m, f in modifiers if m.kind != "State" or m.iri in owners]
            if not kept:  # a group of its own, named by its words: "Syrian partners"
                first = min(
                    (c for c in token.lefts if c.dep_ != "poss"), key=lambda t: t.i, default=token
                )
                words = token.doc[first.i : token.i + 1].text
                group = self.span_mention(
                    first, token, mint_iri(words, "Group"), words, "Group", "", context
                )
                kept = [(group, modifiers[0][1])]
            modifiers = kept
        if modifiers:
            if token.lemma_.lower() in self.cues["civilian_property"] and not any(
                c.dep_ in ("compound", "amod") and c.lower_ in self.cues["force_modifiers"]
                for c in token.children
            ):
                # "a Palestinian village", "a Ukrainian hospital": the state's civilians'
                return [(self._civilians_of(m), f) for m, f in modifiers]
            if token.lemma_.lower() in self.cues["military_holdings"]:
                # "Ukrainian positions", "a US warship": the state's military's
                return [(self._military_of(m), f) for m, f in modifiers]
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
        for claim, words, sentence in reversed(context.attacks):
            if here - starts.index(sentence) > reach:
                break  # "these attacks" names a recent event, not one paragraphs back
            if family is None or not words.isdisjoint(family):
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

    def _modifier_mentions(
        self, token: Token, by_token, context, depth: int = 0
    ) -> list[tuple[Mention, float]]:
        """What an actor owns or fields stands for it as the argument of an act: 'a Syrian
        jet', 'PKK hideouts', 'a Malian army post', 'ISIL terrorists', 'the positions of the
        YPG', 'the government of Iraq'. A people named with states names it ('Kurdish and
        Syrian Arab forces' are not Syria's, 'Shiite clients' are the Shiites'), and a
        person's title stands for the person, not the state. The mention spans the words
        that stand for the owner ('PKK hideouts'), with the owner's actor."""
        lemma = token.lemma_.lower()
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        if (
            lemma in self.cues["person_nouns"]
            and token.tag_ not in ("NNS", "NNPS")
            and any(
                t.i in by_token and by_token[t.i].kind == "Person"
                for t in (*token.children, token.head)
                if t.dep_ in ("appos", "compound") or t.i == token.head.i
            )
        ):
            # one named person's title names the person ('his Russian counterpart Sergei
            # Lavrov'); 'Jordanian officers' and 'a Hamas commander' are the group's
            return []
        owned = token.lower_ in self.cues["of_owner_nouns"] or lemma in self.cues["of_owner_nouns"]
        mods = [
            by_token[t.i]
            for c in token.children
            if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod")
            for t in [c, *c.conjuncts]
            if t.i in by_token
        ] + [  # "ISIS weapons depots", "Houthi missile sites": the compound's own owner
            by_token[o.i]
            for c in token.children
            if c.dep_ == "compound" and c.i not in by_token
            for o in c.children
            if o.dep_ in ("compound", "amod") and o.i in by_token
        ] + [  # "a Greek-owned vessel", "ISIL-held buildings": the owner
            by_token[o.i]
            for c in token.children
            if c.dep_ == "amod" and c.lemma_.lower() in self.cues["owner_participles"]
            for o in c.children
            if o.dep_ in ("npadvmod", "compound", "nmod", "amod") and o.i in by_token
        ]
        last = token
        if not mods and owned:
            owners = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            mods = [by_token[p.i] for p in owners if p.i in by_token]
            if not mods and depth < 1:
                # "a convoy of the African Union mission": the mission's owner
                mods = [
                    m
                    for p in owners
                    for m, _ in self._modifier_mentions(p, by_token, context, depth + 1)
                ]
            if mods:
                last = max(owners, key=lambda t: t.i)
        if not mods and lemma in self.cues["located_nouns"]:
            # "targets in western Ukraine": the state they are in
            inside = self.cues["located_preps"]
            where = [p for w in inside for p in prep_objects(token, w)]
            if token.dep_ == "dobj":  # "bombed targets in Yemen", 'in' on the verb
                where += [p for w in inside for p in prep_objects(token.head, w)]
            # the resolver left the state out as a place: look its name up
            states = [
                (p, entry)
                for p in where
                if p.pos_ == "PROPN"
                and (entry := load_gazetteer().lookup(p.text)) is not None
                and entry.kind == "State"
            ]
            if states:
                p, entry = states[0]
                first = token.doc[self._chunk_start(token)]
                state = self.span_mention(first, p, entry.iri, entry.label, "State", "", context)
                if any(c.dep_ == "amod" and c.lower_ == "military" for c in token.children):
                    state = self._military_of(state)  # "military sites in Iran"
                return [(state, self.cues["confidence"]["modifier_argument"])]
        if not mods and (owned or lemma in self.cues["asset_nouns"]):
            found = self._owned(token, context, by_token)  # "its drones", "their positions"
            if found is not None:
                return [found]
        if any(m.kind == "Group" for m in mods):
            mods = [m for m in mods if m.kind == "Group"]
        factor = self.cues["confidence"]["modifier_argument"]
        first = token.doc[self._chunk_start(token)]
        unique = {m.iri: m for m in mods}.values()
        return [(self._as_mention(first, last, m, context), factor) for m in unique]

    def _reference(self, token: Token, context) -> tuple[Mention, float] | None:
        """The earlier actor a pronoun, a definite description ("the group", "his country")
        or a bare title ("the Foreign Secretary") stands for, or None. A common noun is never
        an actor of its own: the generic agents conflict news names without a proper name
        ("gunmen", "civilians") are the resolver's (:mod:`kg.actors`)."""
        if token.pos_ == "PRON":
            return self._pronoun(token, context)
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        return self._definite_description(token, context) or self._title(token, context)

    def _pronoun(self, token: Token, context) -> tuple[Mention, float] | None:
        conf = self.cues["confidence"]
        kind = self.cues["pronouns"].get(token.lower_)
        if kind is None:
            return None
        # "we" in a statement speaks for the issuing body, often named paragraphs before
        reach = self.cues["pronoun_reach"].get(token.lower_, self.cues["pronoun_reach"]["default"])
        if token.lower_ in self.cues["speaker_pronouns"]:
            speaker = self._speaker_body(token, context, reach)
            if speaker is not None:
                return self._as_mention(token, token, speaker, context), conf["pronoun"]
        speaker = self._reporting_subject(token, self._PRONOUN_KINDS[kind], context)
        if speaker is not None:
            return speaker, conf["pronoun"]
        found = self._antecedent_span(token, self._PRONOUN_KINDS[kind], context, reach)
        if found is None:
            return None
        span, antecedent = found
        if span.sent.start == token.sent.start:
            # "The UK remains steadfast in its support of ...": the name in the same
            # sentence is the better evidence
            return antecedent, conf["pronoun"]
        return self._as_mention(token, token, antecedent, context), conf["pronoun"]

    def _reporting_subject(self, token: Token, kinds: tuple[str, ...], context) -> Mention | None:
        """The actor a reported clause's subject speaks of: the one in the subject of the
        speech or threat verb it reports ("Iran, which arms Hezbollah, warned that it would
        attack Israel", "Hezbollah leader Hassan Nasrallah warned that the group would ..."), or
        the one denying a claim about itself ("Kigali denied accusations by Kinshasa that it
        supports M23").
        """
        clause = token.head
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return None
        if clause.dep_ == "ccomp" and clause.head.lemma_ in (
            self.cues["speech_verbs"] | self.cues["threat_verbs"]
        ):
            verb = clause.head
        elif (
            clause.dep_ in ("acl", "ccomp")
            and clause.head.lower_ in self.cues["claim_nouns"]
            and clause.head.head.lemma_ in self.cues["denial_verbs"]
        ):
            verb = clause.head.head  # "Kigali denied accusations that it supports M23"
        else:
            return None
        for subject in verb.children:
            if subject.dep_ != "nsubj":
                continue
            within = range(subject.left_edge.i, subject.right_edge.i + 1)
            # the subject's own head ("the Iran-backed Houthis said they ...": the Houthis),
            # else the first named in it ("Iran, which arms Hezbollah," speaks for Iran)
            found = [m for span, m in context.spans if span.start in within and m.kind in kinds]
            head = [
                m
                for span, m in context.spans
                if span.start <= subject.i < span.end and m.kind in kinds
            ]
            if head or found:
                return (head or found)[0]
        return None

    def _owned(self, token: Token, context, by_token=None) -> tuple[Mention, float] | None:
        """What 'its'/'their'/'whose' owns stands for the owner: "Iran denied that its forces
        struck ...", "The RSF, whose fighters besieged El Fasher, ..."; the words span the
        noun chunk."""
        possessor = next(
            (
                c
                for c in token.children
                if c.dep_ == "poss" and c.lower_ in ("its", "their", "whose")
            ),
            None,
        )
        if possessor is None:
            return None
        if possessor.lower_ == "whose":
            # "The RSF, whose fighters besieged El Fasher": the relative clause's antecedent
            clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
            found = self.mentions([clause.head], by_token, context) if clause and by_token else []
            owner = found[0] if found else None
        else:
            owner = self._pronoun(possessor, context)
        if owner is None:
            return None
        first = token.doc[self._chunk_start(token)]
        return self._as_mention(first, token, owner[0], context), owner[1]

    def _speaker_body(self, token: Token, context, reach: int) -> Mention | None:
        """The body a quoted "we" speaks for: the organisation in the subject of the nearest
        speech verb of its sentence or the ones before ("Gen. Votel, commander of U.S. Central
        Command, said: 'We are grateful to our partners'"), not the last actor the quote
        named. None when that speaker names no organisation, state or group."""
        first = self._sentence_back(token.sent, reach).start
        speech = self.cues["speech_verbs"]
        verbs = [
            t
            for t in token.doc[first : token.sent.end]
            if t.lemma_ in speech and t.pos_ == "VERB" and (t.i < token.i or t.sent == token.sent)
        ]
        for verb in reversed(verbs):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects:
                continue
            kinds = self._PRONOUN_KINDS["org"]
            for subject in subjects:
                within = range(subject.left_edge.i, subject.right_edge.i + 1)
                bodies = [
                    m
                    for span, m in context.spans
                    if span.start in within and m.kind in kinds and not self._locative(span.root)
                ]
                if bodies:
                    return bodies[0]
            return None
        return None

    def _definite_description(self, token: Token, context) -> tuple[Mention, float] | None:
        """'the group', 'these terrorists', 'his country': the nearest earlier actor of the
        kinds the noun can name (``referring_nouns``)."""
        cues = self.cues
        kinds = cues["referring_nouns"].get(token.lemma_.lower())
        definite = any(
            c.dep_ == "det" and c.lower_ in cues["definite_dets"] for c in token.children
        )
        possessor = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        possessed = possessor is not None
        if not kinds or not (definite or possessed):
            return None
        if possessor is not None and possessor.lower_ in ("their", "its"):
            # "Ukrainian forces defending their country": the country is the possessor's,
            # whoever it is, not the nearest state named before
            owner = self._pronoun(possessor, context)
            if owner is not None:
                first = token.doc[self._chunk_start(token)]
                return self._as_mention(first, token, owner[0], context), owner[1]
        # a definite description refers back past its own sentence ("The UK condemned the
        # regime" is not the UK condemning itself); "his country" may name one in its own
        # sentence ("Iraqi lawmaker ... said his country agreed")
        # ... but one in a subordinate clause may name an actor of the main clause before
        # it ("Israel struck Houthi targets after the group fired a missile at Tel Aviv")
        before = token.sent.start
        clause = token.head if token.dep_ in ("nsubj", "nsubjpass") else None
        if clause is not None and clause.dep_ in ("advcl", "ccomp"):
            before = clause.left_edge.i
        antecedent = self._reporting_subject(token, tuple(kinds), context) or self._antecedent(
            token,
            tuple(kinds),
            context,
            sentences=6,
            before=None if possessed else before,
        )
        if antecedent is None:
            return None
        first = token.doc[self._chunk_start(token)]
        mention = self._as_mention(first, token, antecedent, context)
        return mention, cues["confidence"]["definite_description"]

    def _title(self, token: Token, context) -> tuple[Mention, float] | None:
        """'the Foreign Secretary' after 'Foreign Secretary Boris Johnson'."""
        if token.lemma_.lower() not in self.cues["person_nouns"] or not any(
            c.dep_ == "det" and c.lower_ in self.cues["definite_dets"] for c in token.children
        ):
            return None
        person = self._titled_person(token, context)
        if person is None:
            return None
        first = token.doc[self._chunk_start(token)]
        return self._as_mention(first, token, person, context), self.cues["confidence"][
            "definite_description"
        ]

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
        mention = self.span_mention(
            first, last, antecedent.iri, antecedent.label, antecedent.kind, antecedent.ner, context
        )
        return replace(mention, agent=antecedent.agent) if antecedent.agent else mention

    @staticmethod
    def span_mention(first: Token, last: Token, iri, label, kind, ner, context) -> Mention:
        s, e = context.to_original(first.idx, last.idx + len(last.text))
        # the words as the original has them, as for every other mention: text == original[s:e]
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
        doers = self._doers_around(token)
        candidates = [
            (span, m)
            for span, m in context.spans
            if span.end <= limit
            and m.kind in kinds
            and span.sent.start >= first
            and not self._locative(span.root)
            and span.root.i not in doers
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

    def _doers_around(self, token: Token) -> set[int]:
        """The tokens of the 'by' agents of the event nouns a word sits in: in "any attack
        by al-Shabaab on its territory", "its" is not al-Shabaab's (that would be "its own");
        and of the subject of the harm verb a possessive's noun is the object of."""
        out: set[int] = set()
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            if (
                token.dep_ == "poss"
                and node.pos_ == "VERB"
                and node.lemma_.lower() in self.cues["harm_verbs"]
            ):
                # "the militants who attacked their base": whoever harms is not the owner
                # of what is harmed (that would be "their own")
                for subject in node.children:
                    if subject.dep_ == "nsubj":
                        out.add(subject.i)
                        if subject.lower_ in self.cues["relative_pronouns"] and node.dep_ == "relcl":
                            out.add(node.head.i)
                break
            if node.pos_ == "NOUN" and node.lemma_.lower() in self.cues["event_nouns"]:
                out.update(
                    t.i
                    for c in node.children
                    if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                    for t in c.subtree
                )
        return out

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
