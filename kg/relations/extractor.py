"""The relation extractor: constructions matched over the parse, turned into claims.

Each match of a construction (:mod:`.patterns`) names a trigger; its arguments
(:mod:`.arguments`) are resolved to actor mentions (:mod:`.references`), the sentence's
modality is read (:mod:`.modality`), and a claim is made for each pair of actors.
"""

from __future__ import annotations

import copy
import dataclasses

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.gazetteer import clean_name, load_cities, load_gazetteer, load_title_words
from kg.gazetteer import is_document_agent as is_document_agent_iri
from kg.matching import ArcMatcher
from kg.relations.arguments import Arguments, prep_objects
from kg.relations.claims import make_claim
from kg.relations.modality import Modality
from kg.relations.patterns import LexEntry, load_cues, load_lexicon, load_patterns
from kg.relations.references import DocumentContext, References
from kg.types import NEGATIVE_MODALITIES, Claim, Mention
from kg.vocabulary import polarity_of, symmetric_predicates


class RelationExtractor:
    """Finds claims in a parsed document: dependency patterns over the lexicon.

    >>> from kg.nlp import load_pipeline
    >>> from kg.extraction import parse_document
    >>> from kg.types import Document
    >>> claims = parse_document(Document("d", "Russia condemned the United States."))
    >>> [(c.source.label, c.predicate, c.target.label) for c in claims]
    [('Russia', 'opposes', 'United States')]
    """

    def __init__(self, nlp: Language, lexicon=None, patterns=None, cues=None):
        self.lexicon = lexicon or load_lexicon()
        self.patterns = patterns or load_patterns()
        self.cues = cues or load_cues()
        self.arguments = Arguments(self.lexicon, self.cues)
        self.references = References(self.cues)
        self.modality = Modality(self.cues, self.arguments)
        # title words of origin ("-born") and of non-state sides ("rebel"): titles.json
        self.origin_words, self.non_state_words = load_title_words()
        # Doing one act together is cooperating: the CAMEO code, PLOVER class and weight of
        # co-agent alliances (cues.json "co_agents")
        self._co_agent_entry = LexEntry("co-agents", "", "alliedWith", **self.cues["co_agents"])
        # Calling an actor a legitimate target is a threat of force (cues.json "declared_target")
        self._threat_entry = LexEntry("target", "", "attacks", **self.cues["declared_target"])
        self.matcher = ArcMatcher(nlp.vocab)
        for spec in self.patterns:
            pattern = copy.deepcopy(spec["pattern"])
            words = self.lexicon.get(spec.get("lexicon_pos") or "", {})
            lemmas = sorted({e.lemma for e in words.values()})
            for node in pattern:
                attrs = node["RIGHT_ATTRS"]
                if attrs.get("LEMMA") == "$LEXICON":
                    attrs["LEMMA"] = {"IN": lemmas}
                elif attrs.get("LEMMA") == "$LEXICON_NOUNS":  # a phrase's object, also
                    # in a name: "signed a Reciprocal Access Agreement", "the Minsk Accords"
                    nouns = sorted({e.noun for e in words.values() if e.noun})
                    attrs["LEMMA"] = {"IN": nouns + [n.capitalize() for n in nouns]}
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
        context = DocumentContext(
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
                if claim.predicate == "attacks" and claim.modality == "asserted":
                    trigger = nodes.get("trigger") or nodes["prep"]
                    # the act's words: "conducted 23 strikes" is a strike
                    words = frozenset(
                        n.lemma_.lower() for n in (trigger, nodes.get("object")) if n is not None
                    )
                    context.attacks.append((claim, words, trigger.sent.start))
        claims.extend(self._affiliations(mentions, doc_id, to_original, seen))
        claims = self._denied_later(doc, claims, by_token, to_original, context)
        return sorted(claims, key=lambda c: (c.sentence_start, c.source.start, c.target.start))

    def _denied_later(self, doc: Doc, claims: list[Claim], by_token, to_original, context):
        """Claims a following sentence denies: 'Sudan's army accused the UAE of arming the
        RSF. The UAE has denied the allegation.' A denial verb whose object refers back (a
        definite claim or event noun with no content of its own, 'it', 'this') denies the
        asserted claims of its subject, or of its state's roles, in the sentences just before
        (cues.json "denial_reach") or earlier in its own sentence ('...; Asmara denied the
        reports')."""
        cues = self.cues
        # each sentence's number, by where it starts in the original text (as claims say)
        number = {
            to_original(sent.start_char, sent.start_char)[0]: i
            for i, sent in enumerate(doc.sents)
        }
        denials = []  # (the denying sentence's number, the deniers' actors)
        for verb in doc:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in cues["denial_verbs"]:
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if not any(self._refers_back(o) for o in objects):
                continue
            subjects = self.arguments.subjects(verb)
            deniers = self.references.mentions(subjects, by_token, context)
            if deniers:
                start = to_original(verb.sent.start_char, verb.sent.start_char)[0]
                # where the denier's own words begin: "The RSF, whose fighters besieged El
                # Fasher, denied the allegations" does not deny its own aside
                first = min([verb, *(t for s in subjects for t in s.subtree)], key=lambda t: t.i)
                at = to_original(first.idx, first.idx)[0]
                denials.append((number[start], at, {m.iri for m, _ in deniers}))
        if not denials:
            return claims
        entries = load_gazetteer().entries

        def denies(iris: set[str], source: str) -> bool:
            # a state denies for its roles: "Eritrean troops killed ...; Asmara denied it"
            entry = entries.get(source)
            return source in iris or (entry is not None and entry.part_of in iris)

        out = []
        for claim in claims:
            here = number.get(claim.sentence_start)
            denied = (
                here is not None
                and claim.modality == "asserted"
                and any(
                    denies(iris, claim.source.iri)
                    and (
                        0 < there - here <= cues["denial_reach"]
                        # "...; Asmara denied the reports": later in the same sentence
                        or (there == here and at > max(claim.source.end, claim.target.end))
                    )
                    for there, at, iris in denials
                )
            )
            out.append(
                dataclasses.replace(claim, modality="denied", negated=True) if denied else claim
            )
        return out

    def _refers_back(self, token: Token) -> bool:
        """'the allegation', 'these reports', 'the attack', 'it', 'this': an object that
        names something said before, with no content of its own."""
        cues = self.cues
        if token.lower_ in cues["denied_pronouns"]:
            return True
        nouns = cues["claim_nouns"] | cues["event_nouns"]
        return (
            (token.lower_ in nouns or token.lemma_.lower() in nouns)
            and any(c.dep_ == "det" and c.lower_ in cues["definite_dets"] for c in token.children)
            and not any(c.dep_ in ("prep", "acl", "relcl", "ccomp") for c in token.children)
        )

    # ------------------------------------------------------------------ one match
    def _claims_for(self, spec, nodes, by_token, doc_id, to_original, context):
        trigger = nodes.get("trigger") or nodes["prep"]
        sentence = trigger.sent
        entry = self._entry(spec, trigger, nodes)
        if entry is None:
            return
        if spec.get("object_not_actor") and nodes["object"].i in by_token:
            return
        if self._not_this_act(spec, trigger, nodes, by_token):
            return
        if entry.event_object:
            # "claimed responsibility for the attack on Y": the event's own relation, said
            # the way the phrase says it ("denied involvement in the attack on Y")
            said = entry.modality
            entry = self._lookup("NOUN", nodes["event"])
            if entry is None:
                return
            if said:
                entry = dataclasses.replace(entry, modality=said)
        predicate = entry.predicate if entry else spec["predicate"]
        meeting = self.arguments.meeting_purpose(trigger) if predicate == "memberOf" else None
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
        if predicate == "memberOf" and "target" in nodes and nodes["target"].i not in by_token:
            act = self._lookup("NOUN", nodes["target"])
            if act is not None and act.predicate not in ("", "memberOf", "leads"):
                return  # "joined Western sanctions", "joined the offensive": an act, no body
        if spec.get("subject_pairs"):
            if not self._mutual(trigger, nodes, entry, predicate):
                return
            # "exchanged fire": a mutual attack is a fight
            predicate = self.cues["mutual_predicates"].get(predicate, predicate)
        if spec.get("declared_target"):
            yield from self._declared_target(spec, nodes, by_token, doc_id, to_original, context)
            return
        if spec.get("repelled") or spec.get("harmed_in_event"):
            # "Y repelled an attack by X", "Y were killed in an X ambush": X attacked Y
            # (the parser may hang the attack's 'by' on the verb: "repelled an offensive by
            # the Giants Brigades", where the noun alone would lead back to the repeller)
            by_verb = prep_objects(trigger.head, "by") if trigger.dep_ == "dobj" else []
            sources = by_verb or self.arguments.noun_subjects(trigger, 0)
        elif spec.get("designation") and nodes["target"].dep_ == "nsubjpass":
            # "Ansarallah was designated as a terrorist group by the State Department" (the
            # parser may hang 'by' on the label)
            sources = [p for t in trigger.subtree for p in prep_objects(t, "by")]
        elif spec.get("responsible"):
            sources = self.arguments.responsible_party(trigger)
        elif spec.get("under_fire"):
            # "Y came under fire from X"
            sources = [
                p
                for w in (trigger, nodes["verb"])
                for c in w.children
                if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
                for p in c.children
                if p.dep_ == "pobj"
            ]
        else:
            sources = [nodes["source"]] if "source" in nodes else self.arguments.subjects(trigger)
        if spec.get("repelled") or spec.get("under_fire") or spec.get("intercepted"):
            targets = self.arguments.subjects(nodes["verb"])
        elif spec.get("harmed_in_event"):
            verb = nodes["verb"]
            targets = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
            if not targets and verb.dep_ in ("acl", "relcl"):
                targets = [verb.head]  # "3 FARDC soldiers killed in an ADF ambush"
                among = verb.head.head
                if verb.head.lower_ in self.cues["among_words"] and among.lower_ == "among":
                    # "a minister was among those killed in an al-Shabaab bombing"
                    targets = self.arguments.subjects(among.head)
        elif "target" in nodes and spec.get("target_owner"):
            targets = self.arguments.noun_subjects(nodes["target"], 0)  # whose act it was
        elif spec.get("target_is_trigger"):
            targets = [trigger]  # "their M23 allies": the allies stand for M23
        elif "target" in nodes:
            targets = [nodes["target"]]
            if spec["name"] == "passive-participle" and nodes["target"].i not in by_token:
                targets = self._set_off_actor(trigger, by_token) or targets
        elif spec.get("passive_subject"):
            # "The Houthis are armed and trained by Iran": whoever the participle is said of;
            # "X denounces the M23, supported by Rwanda, for ...": the object it follows
            targets = (
                self._set_off_actor(trigger, by_token)
                or self.arguments.set_off_object(trigger)
                or self.arguments.subjects(trigger)
            )
        elif spec.get("victim"):
            targets = self.arguments.subjects(nodes["at"].head)  # who suffered at the hands of
        elif spec.get("event_target"):
            targets = self.arguments.event_targets(trigger)
        elif spec.get("event_object"):
            targets = self.arguments.event_targets(nodes["event"])
        else:
            targets = [trigger.head]
        if entry.experiencer or entry.inverse:
            sources, targets = targets, sources
        if self._interception(predicate, trigger, targets):
            # "Israel shot down a Hezbollah drone": a hostile exchange, but not the
            # interceptor's attack (nor always on it: "Poland is ready to shoot down Russian
            # missiles over Ukraine"); "... a missile fired by the Houthis" says who attacked
            predicate = "fightsAgainst"
        if self.arguments.granted_by_object(trigger, nodes):
            # "with the support of Russia, the regime advanced": Russia supports the regime
            sources, targets = targets, self.arguments.subjects(self.arguments.clause_head(trigger))
        hostile = polarity_of(predicate) == "negative"
        assessment = self.modality.assess(trigger, hostile=hostile)
        modality, factor = assessment.modality, assessment.factor
        if entry.modality and modality == "asserted":
            modality = entry.modality  # "issued threats against X": a threatened attack
        if spec.get("own_negation"):
            # the pattern's own "not" is the act: "we will not allow ISIL to ..." refuses
            modality = "asserted" if modality in NEGATIVE_MODALITIES else "negated"
        speaker = self.modality.speaker(trigger, by_token)
        if speaker is not None:
            factor *= self.cues["confidence"]["reported"]
        source_mentions = self.references.mentions(sources, by_token, context)
        given = self._given_doers(trigger, sources, entry, spec, modality, hostile, by_token, context)
        if spec.get("symmetric_pairs") or spec.get("subject_pairs"):
            if spec.get("subject_pairs"):  # "India and Pakistan exchanged fire": the two sides
                found = source_mentions
                if len({m.iri for m, _ in found}) < 2:
                    # "Military forces of Sudan and RSF clashed", "Tajik and Kyrgyz border
                    # guards traded fire": the list is inside the subject, its owners
                    listed = [
                        p
                        for t in sources
                        for prep in t.children
                        if prep.dep_ == "prep" and prep.lower_ in ("of", "from")
                        for p in prep.children
                        if p.dep_ == "pobj" and p.conjuncts
                    ] + [
                        m
                        for t in sources
                        for m in t.children
                        if m.dep_ in ("amod", "nmod", "compound") and m.conjuncts
                    ]
                    if listed:
                        found = self.references.mentions(listed, by_token, context)
            else:
                found = self.references.mentions(targets, by_token, context, subtree=True)
            pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :]]
            if predicate not in symmetric_predicates():  # "traded accusations": both ways
                pairs += [(b, a) for a, b in pairs]
        else:
            target_mentions = self.references.mentions(targets, by_token, context)
            if not target_mentions and predicate == "attacks":
                # "gunmen burned houses": an attack on civilian property is on civilians
                target_mentions = self.references.property_mentions(targets, context)
            if target_mentions and not source_mentions and predicate == "attacks":
                # "A roadside bomb killed three soldiers": someone unidentified attacked
                source_mentions = self.references.unidentified_mentions(
                    sources, by_token, context
                )
            source_mentions = source_mentions + self.references.member_mentions(
                sources, by_token, context
            )
            target_mentions = target_mentions + self.references.member_mentions(
                targets, by_token, context
            )
            if spec["name"] == "verb-dobj" and trigger.lemma_ in self.cues["give_verbs"]:
                # "providing an additional 125 soldiers": people sent are what is given
                target_mentions = [
                    (m, f) for m, f in target_mentions if not is_document_agent_iri(m.iri)
                ]
            if trigger.lemma_.lower() in self.cues["host_verbs"] and not any(
                t.lemma_.lower() in self.cues["visitor_nouns"] for t in targets
            ):
                # "Macron received Zelensky": a host receives people; "received US troops",
                # "received Western tanks" are things and forces sent, no visit
                target_mentions = [(m, f) for m, f in target_mentions if m.kind == "Person"]
            pairs = [(s, t) for s in source_mentions for t in target_mentions]
        if (
            modality == "asserted"
            and not spec.get("subject_pairs")  # the subjects are the two sides, not allies
            and predicate in self.cues["co_agent_predicates"]
            and (pairs or any(self.arguments.names_actor(t) for t in targets))
        ):
            # only an act aimed at an actor makes its doers allies: "the U.S., French and
            # Royal Navy are working together in support of maritime security operations"
            # names no side
            yield from self._co_agents(
                sources, source_mentions, spec, trigger, doc_id, to_original, factor, speaker
            )
        sentence_text = context.sentence_text(sentence).strip()
        place = self.arguments.place_of(trigger)
        for (source, sf), (target, tf) in pairs:
            if source.iri == target.iri:
                continue
            if self._countered(source, context) or self._countered(target, context):
                continue  # "counter-ISIL operations", "anti-coalition forces" oppose ISIL
            if predicate in ("memberOf", "leads") and target.kind == "Person":
                continue  # nobody is a member of a person, nor leads one as a body
            if (
                predicate in ("memberOf", "leads")
                and trigger.pos_ in ("NOUN", "PROPN")
                and trigger.left_edge.idx <= source.start
                and self._within(trigger, source, to_original)
            ):
                continue  # "members of Hamas and Islamic Jihad", "the leaders of Russia and
                # China": both are the noun's, neither the other's
            said, said_factor = given.get((source.iri, source.start), (modality, factor))
            confidence = spec["confidence"] * (entry.weight if entry else 1.0) * said_factor * sf * tf
            yield make_claim(
                doc_id,
                source,
                predicate,
                target,
                sentence,
                to_original,
                confidence=confidence,
                trigger=trigger.text,
                pattern=spec["name"],
                entry=entry or None,
                modality=said,
                attributed_to=speaker,
                sentence_text=sentence_text,
                place=place or self._town_place(target),
            )

    @staticmethod
    def _set_off_actor(trigger: Token, by_token) -> list[Token]:
        """The actor right before a participle set off by a comma, which it is said of
        wherever the parser hangs it: "the attacks by Houthi forces, backed by Iran, on
        shipping", "the offensive by the M23, supported by Rwanda, ..." (else nothing)."""
        doc = trigger.doc
        if trigger.i < 2 or doc[trigger.i - 1].text != "," or doc[trigger.i - 2].i not in by_token:
            return []
        return [doc[trigger.i - 2]]

    def _not_this_act(self, spec, trigger: Token, nodes, by_token) -> bool:
        """Whether a match, though the pattern fits, says nothing of its two ends:

        - "expelled French diplomats from Mali", "drove ISIS from Mosul": the object is who is
          acted on, "from" where ("retook the town from rebels" keeps its target);
        - "the UK condemns Iran's attack on Israel": a judged act's own preposition names its
          victim, not the judgement's target (PETRARCH's 'condemn attack on +' phrases);
        - "beat back an assault by X on its base": the repelling, not an act on the base;
        - "X, joined by Y, attacked Z": Y is X's partner (Arguments.partners), not a member;
        - "fighting together with Y": Y is a partner, not whom X fights;
        - "joined Y in an assault on Z": Y is a partner in it (joined-in), not a body joined;
        - "cleared the town of Bakhmut": the 'of' names the place, not whom it was cleared of;
        - "fought a skirmish": 'fight' repels only with its particle ('fought off an attack');
        - "Russian or pro-regime forces": the side a 'pro-' names is the word after it.
        """
        name, lemma = spec["name"], trigger.lemma_.lower()
        cues = self.cues
        nouns = cues["event_nouns"]
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        if spec.get("repelled") and "verb" in nodes:
            verb = nodes["verb"]
            needed = cues["repel_particles"].get(verb.lemma_.lower())
            if needed and not any(
                c.dep_ in ("prt", "advmod") and c.lower_ in needed for c in verb.children
            ):
                return True  # "India and China fought a skirmish" is the fight, not its repelling
        if name == "pro-actor" and (
            nodes["source"].i != nodes["pro"].i + 2
            or by_token.get(nodes["source"].i) is by_token.get(trigger.i)
        ):
            # "Russian or pro-regime forces": 'pro-' is another word's, and a name that
            # holds it ("pro-regime forces") names one actor
            return True
        if name == "clear-of" and not any(
            t.i in by_token for t in nodes["target"].subtree if t.i <= nodes["target"].i
        ):
            return True  # "cleared the town of Bakhmut": the place's own name
        if name == "verb-dobj" and lemma in cues["joining_verbs"]:
            # "joined Syrian rebels in an assault on Afrin": a partner in the act (joined-in)
            return any(
                p.lemma_.lower() in nouns for p in prep_objects(trigger, "in")
            ) and nodes["target"] in objects
        if name == "verb-prep":
            if nodes["prep"].lower_ == "from" and any(c.i in by_token for c in objects):
                return True
            if nodes["prep"].lower_ == "with" and nodes["target"] in self.arguments.partners(
                [trigger]
            ):
                return True  # "fighting together with Y": Y is a partner, not the enemy
            return lemma in cues["repel_verbs"] and any(c.lemma_.lower() in nouns for c in objects)
        if name == "phrase-object-prep" and lemma in cues["appraisal_verbs"]:
            obj = nodes["object"]
            return obj.lemma_.lower() in nouns or obj.lower_ in nouns
        return name == "passive-participle" and lemma in cues["partner_participles"]

    def _given_doers(self, trigger, sources, entry, spec, modality, hostile, by_token, context):
        """The doers whose act an event noun takes as given (:meth:`Modality.presupposes`),
        by mention, with the modality and factor of the noun alone: "Will the UN condemn
        Russia's attack on Ukraine?" questions the UN's act, not Russia's. Empty when the
        clause asserts the act anyway, or the act's modality is the word's own."""
        if (
            modality in ("asserted", "denied")  # "Israel denied its strike on the hospital"
            or entry.modality
            or entry.experiencer
            or entry.inverse
            or spec.get("own_negation")
        ):
            return {}
        doers = [s for s in sources if self.modality.presupposes(trigger, s)]
        if not doers:
            return {}
        alone = self.modality.assess(trigger, hostile=hostile, presupposed=True)
        if alone.modality != "asserted":
            return {}
        return {
            (m.iri, m.start): (alone.modality, alone.factor)
            for m, _ in self.references.mentions(doers, by_token, context)
        }

    def _interception(self, predicate: str, trigger: Token, targets: list[Token]) -> bool:
        """Whether an attack verb intercepts what was fired (cues.json "interception_verbs"):
        'shot down a Hezbollah drone', 'air defences destroyed 18 Ukrainian drones' (a mutual
        hostility, fightsAgainst, with no side named the attacker)."""
        cues = self.cues
        if predicate != "attacks" or not any(
            t.lemma_.lower() in cues["interception_nouns"] for t in targets
        ):
            return False
        lemma = trigger.lemma_.lower()
        if lemma in cues["interception_verbs"]:
            return True
        return lemma == "destroy" and any(
            w.lower_ in cues["air_defence_words"]
            for s in self.arguments.subjects(trigger)
            for w in s.subtree
        )

    @staticmethod
    def _town_place(target: Mention) -> str | None:
        """The town a target names, as the claim's place: "drones struck Kharkiv" hits
        Ukrainian civilians at Kharkiv (so that strikes on two towns the same day are two
        events)."""
        if target.agent != "CVL" or is_document_agent_iri(target.iri):
            return None
        return target.text if clean_name(target.text).lower() in load_cities() else None

    def _declared_target(self, spec, nodes, by_token, doc_id, to_original, context):
        """'X warns that Y will become legitimate targets', 'X declared Y a legitimate
        target': X threatens to attack Y."""
        trigger, verb = nodes["trigger"], nodes["verb"]
        if verb.lemma_ in ("be", "become", "remain"):
            targets = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            said = verb.head if verb.dep_ == "ccomp" and verb.head.pos_ == "VERB" else None
            sources = self.arguments.subjects(said) if said is not None else []
        else:  # "declared US bases legitimate targets": the object, or the small clause's subject
            targets = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] or [
                c for c in trigger.children if c.dep_ == "nsubj"
            ]
            sources = self.arguments.subjects(verb)
        # the copula or the declaring verb carries the negation: "were not targets"
        assessment = self.modality.assess(verb, hostile=True)
        if assessment.modality in NEGATIVE_MODALITIES or assessment.modality == "question":
            modality = assessment.modality
        else:
            modality = "threatened"
        source_mentions = self.references.mentions(sources, by_token, context)
        target_mentions = self.references.mentions(targets, by_token, context)
        sentence_text = context.sentence_text(trigger.sent).strip()
        for source, sf in source_mentions:
            for target, tf in target_mentions:
                if source.iri == target.iri:
                    continue
                yield make_claim(
                    doc_id,
                    source,
                    "attacks",
                    target,
                    trigger.sent,
                    to_original,
                    confidence=spec["confidence"] * assessment.factor * sf * tf,
                    trigger=trigger.text,
                    pattern=spec["name"],
                    entry=self._threat_entry,
                    modality=modality,
                    sentence_text=sentence_text,
                )

    @staticmethod
    def _within(token: Token, mention: Mention, to_original) -> bool:
        """Whether a mention lies inside a token's phrase (its subtree), in original offsets."""
        start, end = to_original(token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
        return start <= mention.start and mention.end <= end

    def _mutual(self, trigger: Token, nodes, entry, predicate: str) -> bool:
        """Whether a symmetric act's coordinated subjects are its two sides: 'India and
        Pakistan clashed', 'Russia and China held talks' (not when it names a target of its
        own: 'Russia and Syria fought the rebels')."""
        mutual = entry.symmetric or (
            predicate in symmetric_predicates() and predicate in self.cues["pair_predicates"]
        )
        if trigger.pos_ in ("NOUN", "PROPN") and predicate != "meetsWith" and not entry.symmetric:
            # "the U.S. and its partners continue combat operations" are one side; only a
            # mutual noun ("exchanged fire", "clashes") makes the subjects two
            return False
        if not mutual:
            return False
        verb = nodes.get("verb", trigger)
        if self.arguments.partners([trigger, verb]):
            return False  # "X fought alongside Y": one side, not two
        own = {trigger.i, *(nodes[k].i for k in ("object", "in") if k in nodes)}
        for word in (trigger, verb):
            for child in word.children:
                if child.dep_ == "dobj" and child.i not in own:
                    return False
                if child.dep_ == "prep" and child.i in own:
                    continue  # "engaged in clashes": the preposition of the act itself
                if child.dep_ == "prep" and child.lower_ in entry.preps and not all(
                    p.ent_type_ in ("DATE", "TIME") for p in child.children if p.dep_ == "pobj"
                ):
                    return False  # a target of its own; "on Tuesday" is when
        return True

    def _entry(self, spec, trigger: Token, nodes) -> LexEntry | bool | None:
        pos = spec.get("lexicon_pos")
        if pos is None:  # the pattern's own relation, and its CAMEO code where it gives one
            coded = {k: spec[k] for k in ("cameo", "plover", "goldstein", "modality") if k in spec}
            return LexEntry(trigger.lemma_, "ADP", spec["predicate"], **coded)
        entry = self._lookup(pos, trigger, nodes.get("object") if pos == "PHRASE" else None)
        if spec.get("under_fire"):
            entry = self._under_fire_entry(entry, trigger, nodes["verb"])
        if entry is None or entry.event_object != bool(spec.get("event_object")):
            return None
        if not entry.predicate and not entry.event_object:
            return None  # a word the curated lexicon vetoes
        if (
            "prep" in nodes
            and nodes["prep"].lower_ not in entry.preps
            and not spec.get("symmetric_pairs")  # "talks between X and Y"
            # "with help from Rwandan troops": the giver (Arguments.granted_by_object)
            and not self.arguments.granted_by_object(trigger, nodes)
            # "Iran's backing of the Houthis": with a possessor, a support noun's 'of' names
            # the supported ('with the backing of Washington' names the supporter)
            and not (
                nodes["prep"].lower_ == "of"
                and entry.predicate == "supports"
                and trigger.pos_ == "NOUN"
                and any(c.dep_ == "poss" for c in trigger.children)
            )
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

    def _under_fire_entry(self, entry: LexEntry | None, trigger: Token, verb: Token):
        """What 'came under fire' says: the verb 'fire''s act ('fire' alone is no event noun:
        'a fire broke out'), or criticism when it is 'over' or 'for' something ('the minister
        came under fire from lawmakers over the deal', CAMEO 111)."""
        words = self.lexicon.get("VERB", {})
        cues = self.cues["under_fire"]
        if any(
            c.dep_ == "prep" and c.lower_ in cues["criticism_preps"]
            for w in (trigger, verb)
            for c in w.children
        ):
            return words.get(cues["criticism_verb"])
        if entry is None and trigger.lemma_.lower() in cues["verb_senses"]:
            return words.get(trigger.lemma_.lower())
        return entry

    def _lookup(self, pos: str, trigger: Token, noun: Token | None = None) -> LexEntry | None:
        """The lexicon entry for a trigger: with its particle ("blew up"), compound ("air
        strike") or, for a phrase, its object noun ("opened fire") when the lexicon has one,
        else for the word alone (an entry that needs a particle or compound needs it)."""
        words = self.lexicon.get(pos, {})
        lemma = trigger.lemma_.lower()
        parts = [lemma]
        modifiers = []  # a noun's, left to right: "joint border patrol"
        for child in trigger.children:
            if child.dep_ == "prt" or (
                # "vowed to hit back at Israel": a particle the parser calls an adverb
                child.dep_ == "advmod"
                and child.i == trigger.i + 1
                and f"{lemma} {child.lower_}" in words
            ):
                parts.append(child.lower_)
            elif child.dep_ in ("compound", "amod") and pos == "NOUN" and child.i < trigger.i:
                modifiers.append(child.lower_)
        parts[:0] = modifiers
        if noun is not None:
            parts.append(noun.lemma_.lower())
            # "signed a mutual defence pact": the lexicon's phrase for the object's
            # modifiers first ("defense sign pact"), two words, then one
            spelling = self.cues["lexicon_spelling"]
            mods = [
                spelling.get(t.lower_, t.lower_)
                for t in noun.doc[noun.left_edge.i : noun.i]
                if t.dep_ in ("compound", "amod", "nmod")
            ]
            pairs = [" ".join(mods[i : i + 2]) for i in range(len(mods) - 1)]
            for mod in (*pairs, *reversed(mods)):
                entry = words.get(f"{mod} {' '.join(parts)}")
                if entry is not None:
                    return entry
        key = " ".join(parts)
        if key in words:
            return words[key]
        if len(modifiers) > 1:
            # "joint naval exercises", "joint military drills": one modifier's entry, a word
            # of cooperation first (it says more of the act than "military"), else the nearest
            joint = self.cues["joint_words"]
            for mod in sorted(modifiers, key=lambda m: (m not in joint, -modifiers.index(m))):
                entry = words.get(f"{mod} {lemma}")
                if entry is not None:
                    return entry
        if noun is not None:  # "carried out strikes": the phrase without its particle
            return words.get(f"{lemma} {noun.lemma_.lower()}")
        return words.get(trigger.lemma_) or words.get(lemma)

    def _co_agents(self, sources, mentions, spec, trigger, doc_id, to_original, factor, speaker):
        """'Iran and Russia back ...', 'the UK, the Coalition and Iraq are committed to
        defeating ...': actors doing one act together are allies."""
        partner_preps = self.cues["partner_preps"] | {"with"}
        coordinated = any(
            t.conjuncts
            or any(a.dep_ == "appos" and a.conjuncts for a in t.children)
            # "Coalition forces, alongside the Iraqi Security Forces, conducted ...": the
            # partners the subjects brought (Arguments.partners)
            or (t.dep_ == "pobj" and t.head.lower_ in partner_preps)
            # "fought on Russia's side", "fighting for Ukraine" (Arguments.partners)
            or (t.dep_ == "poss" and t.head.lemma_ == "side")
            or (
                t.dep_ == "pobj"
                and t.head.lower_ == "of"
                and t.head.head.lemma_ in ("side", "part")  # "as part of the Coalition"
            )
            or (
                t.dep_ == "pobj"
                and t.head.lower_ == "for"
                and t.head.head.lemma_.lower() in self.cues["side_verbs"]
            )
            # "X, joined by Y, attacked Z"
            or (
                t.dep_ == "pobj"
                and t.head.lower_ == "by"
                and t.head.head.lemma_.lower() in self.cues["partner_participles"]
            )
            # "Military forces of Mali and Wagner Group" (References.mentions)
            or any(
                p.conjuncts
                for prep in t.children
                if prep.dep_ == "prep" and prep.lower_ == "of"
                for p in prep.children
                if p.dep_ == "pobj"
            )
            for t in sources
        )
        # "Nigerien and Malian soldiers jointly attacked": one subject, two sides' forces
        coordinated = coordinated or any(
            c.dep_ == "advmod" and c.lower_ in self.cues["partner_with_words"]
            for c in trigger.children
        )
        distinct = {m.iri: (m, f) for m, f in mentions}
        if not coordinated or len(distinct) < 2:
            return
        found = list(distinct.values())
        for i, (a, fa) in enumerate(found):
            for b, fb in found[i + 1 :]:
                yield make_claim(
                    doc_id,
                    a,
                    "alliedWith",
                    b,
                    trigger.sent,
                    to_original,
                    confidence=self.cues["confidence"]["co_agents"] * factor * fa * fb,
                    trigger=trigger.text,
                    pattern="co-agents",
                    entry=self._co_agent_entry,
                    attributed_to=speaker,
                )

    @staticmethod
    def _countered(mention: Mention, context) -> bool:
        """Whether a mention is the object of a 'counter-'/'anti-' prefix, which names what
        its noun is against ('counter-ISIL operations'), not the actor itself."""
        if context.text is None:
            return False
        before = context.text[max(0, mention.start - 8) : mention.start].lower()
        # not the verb: "to counter ISIL"; a chunk standing for its modifier may start with
        # the prefix itself ("counter-ISIL operations")
        return before.endswith(("counter-", "anti-")) or mention.text.lower().startswith(
            ("counter-", "anti-")
        )

    @staticmethod
    def _stranded_object(token: Token) -> bool:
        """Whether a title's name is the object of the preposition before it, which the
        parser left without one: "In Turkey Minister Ellwood met ..." (Turkey is where)."""
        first = token.left_edge
        before = token.doc[first.i - 1] if first.i else None
        return (
            before is not None
            and before.dep_ == "prep"
            and before.tag_ == "IN"
            and not any(c.dep_ == "pobj" for c in before.children)
        )

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
                for t in self.arguments.title_tokens(c)
            ]
            for token in around:
                org = by_token.get(token.i)
                if (
                    org is None
                    or org.kind not in ("State", "Organization", "ArmedGroup")
                    or org.iri == person.iri
                    or self._stranded_object(token)
                ):
                    continue
                # "Joseph Votel, commander of U.S. Central Command", "the 407th AEG
                # commander": a leader's title makes it leadership, not membership
                title = next(c for c in head.children if token in c.subtree)
                words = {t.lemma_.lower() for t in title.subtree if t.i not in by_token}
                if words & self.origin_words or (
                    org.kind == "State" and words & self.non_state_words
                ):
                    # "Jordanian-born militant X", "Syrian rebel commander X": no state's
                    continue
                predicate = "leads" if words & self.cues["leader_titles"] else "memberOf"
                key = (person.start, predicate, org.start, 0)
                if key in seen:
                    continue
                seen.add(key)
                claims.append(
                    make_claim(
                        doc_id,
                        person,
                        predicate,
                        org,
                        head.sent,
                        to_original,
                        confidence=self.cues["confidence"]["person_affiliation"],
                        trigger=token.text,
                        pattern="person-affiliation",
                    )
                )
                break
        return claims
