"""Actors: the spaCy components that mark actor names and resolve them, document by document.

* ``kg_gazetteer_ruler`` (first in the pipeline) marks the gazetteer's names (:mod:`kg.gazetteer`)
  as entities carrying their actor IRI;
* ``kg_actor_resolver`` (after ``ner``) turns a parsed document's entities into actors:

  * gazetteer names, marked by the ruler or looked up afterwards;
  * acronyms the document defines ("Syrian Democratic Forces (SDF)") name the same actor as
    their long form there and wherever the acronym appears later in the document;
  * a person's later short name ("Obama" after "Barack Obama") is the same person;
  * a person's title ties them to an actor ("Russia's Deputy Foreign Minister Sergei
    Ryabkov", "Abdul-Bari Zebari, an Iraqi lawmaker"): the mention's ``affiliation``;
  * names the gazetteer lacks become new actors whose IRI is minted from the normalised name
    and the entity type, so the same name gets the same IRI in every document and every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.gazetteer import (
    Agent,
    Gazetteer,
    _kept_case,
    _short_caps,
    _words,
    agent_iri,
    clean_name,
    curated_people,
    is_acronym,
    is_common_name,
    is_common_word,
    load_acronyms,
    load_agents,
    load_gazetteer,
    load_non_actors,
    load_people,
    load_places,
    load_ship_prefixes,
    load_title_words,
    load_titles,
    load_weapons,
    member_agents,
    mint_iri,
    name_key,
    normalise,
    people_agents,
    people_codes,
    people_label,
    state_civilians,
    town_civilians,
)
from kg.matching import PhraseIndex
from kg.model import ACTOR
from kg.resources import data_path
from kg.types import Mention

# NER labels that can name an actor, and the class a new actor of that label gets.
ACTOR_LABELS = {"GPE": "State", "NORP": "Group", "ORG": "Organization", "PERSON": "Person"}
# NER labels a town may wear ("Kharkiv" is often ORG, "Kherson" PERSON) when the gazetteer does
# not know it as an actor
CITY_LABELS = ("GPE", "LOC", "ORG", "PERSON", "FAC")


# Words a title leaves in lower case ("the Government of Iraq", "Ministry of Defence").
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "al"})


class GazetteerRuler:
    """spaCy component: mark every gazetteer name as an entity carrying its actor IRI as id.

    The names of the gazetteer of ``files`` (the bundled one and any extra files), with
    their variants in case, are tokenised as the pipeline's tokenizer would
    (:func:`phrase_table`, cached with the compiled gazetteer), and looked up token by token in
    two tables, one on lower-cased words and one on words as written (for case-sensitive names):
    a dictionary from each phrase's first word to the lengths to try. spaCy's ``EntityRuler``
    slowed to a millisecond a token with the few thousand case-sensitive names, and building
    two ``PhraseMatcher`` s of the ~40,000 phrase docs took a second in every process. The
    longest match wins; it runs first in the pipeline and ``ner`` keeps what it marks.
    """

    def __init__(self, nlp: Language, files: tuple[str, ...] = ()):
        self.keys: list[tuple[str, str]] = []  # (label, iri) by key number
        self.lower = PhraseIndex(lower=True)
        self.orth = PhraseIndex(lower=False)
        self.size = 0
        for sensitive, label, iri, names in cached_phrase_table(nlp, files):
            key = len(self.keys)
            self.keys.append((label, iri))
            index = self.orth if sensitive else self.lower
            for words in names:
                index.add(tuple(words), key)
            self.size += len(names)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(key, start, end)`` of every phrase found in ``doc``: lower-cased ones, then
        case-sensitive ones, each by start."""
        texts = [t.text for t in doc]
        return [*self.lower.find(texts), *self.orth.find(texts)]

    def __call__(self, doc: Doc) -> Doc:
        from spacy.util import filter_spans

        spans = [
            Span(doc, start, end, label=self.keys[key][0], span_id=self.keys[key][1])
            for key, start, end in self.matches(doc)
        ]
        if spans:
            doc.ents = filter_spans([*spans, *doc.ents])
        return doc


def phrase_table(nlp: Language, gazetteer: Gazetteer) -> list[list]:
    """The gazetteer's names as the ruler matches them: ``[case_sensitive, label, iri,
    [words, ...]]`` per actor and kind of match, each name with its variants in case (a
    case-sensitive name as written, lower-cased but for its acronyms, title-cased, in
    headline case, a long acronym capitalised) and split into the tokens spaCy's tokenizer
    makes of it (lower-cased for a name matched whatever its case). The curated people of
    :func:`kg.gazetteer.curated_people` come first, each name as written."""
    groups: dict[tuple[bool, str, str], list[str]] = {}
    for iri, names in curated_people():
        # curated people as written ("Trump", "Zelensky"); none is a bundled actor's name
        groups.setdefault((True, "PERSON", iri), []).extend(dict.fromkeys(names))
    for name, label, iri, sensitive in gazetteer.phrases():
        variants = [name]
        if sensitive:
            words = name.split(" ")
            common = len(words) == 1 and is_common_word(name)  # "Turkey", not "turkey"
            variants += [
                name if common else " ".join(w if _kept_case(w) else w.lower() for w in words),
                " ".join(w if _kept_case(w) else w[:1].upper() + w[1:] for w in words),
                # as headlines and titles write it: "the Government of Iraq"
                " ".join(
                    w if _kept_case(w) or w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:]
                    for w in words
                ),
                # a long acronym as some style guides write it: "Ecowas", "Swapo", "Centcom"
                " ".join(
                    w[:1] + w[1:].lower() if is_acronym(w) and not _short_caps(w) else w
                    for w in words
                ),
            ]
        groups.setdefault((sensitive, label, iri), []).extend(dict.fromkeys(variants))
    # spaCy tokenises each whitespace-separated chunk on its own, so a name's tokens are its
    # chunks' tokens: tokenise each distinct chunk once ("Syrian", "forces", "Russia's").
    chunks: dict[str, list[str]] = {}
    table = []
    for (sensitive, label, iri), names in groups.items():
        tokenised = []
        for name in names:
            words: list[str] = []
            for chunk in name.split():
                if chunk not in chunks:
                    chunks[chunk] = [t.text for t in nlp.tokenizer(chunk)]
                words += chunks[chunk]
            if words:
                tokenised.append(words if sensitive else [w.lower() for w in words])
        table.append([sensitive, label, iri, list(map(list, dict.fromkeys(map(tuple, tokenised))))])
    return table


def cached_phrase_table(nlp: Language, files: tuple[str, ...] = ()) -> list[list]:
    """:func:`phrase_table` of the gazetteer of ``files`` (:func:`kg.gazetteer.load_gazetteer`),
    kept in the user's cache folder (:func:`kg.files.cached_json`) under a key of everything
    it derives from: the gazetteer files, the code that reads them and builds the table, the
    lists that decide case, and the tokenizer (spaCy's and the model's versions)."""
    import hashlib
    from importlib.metadata import version

    import spacy

    from kg import gazetteer as gz
    from kg.files import cached_json
    from kg.resources import ontology_path

    digest = hashlib.sha256(b"phrase-table 2")
    sources = [Path(__file__), Path(gz.__file__), ontology_path("gazetteer.ttl")]
    sources.append(data_path("lexicon") / "people.jsonl")
    sources += [data_path("non_actors.json"), *map(Path, files)]
    for path in sources:
        digest.update(path.read_bytes())
    meta = nlp.meta
    versions = (spacy.__version__, meta.get("name"), meta.get("version"), version("wordfreq"))
    digest.update(repr(versions).encode())
    name = f"phrases-{hashlib.sha256(repr(files).encode()).hexdigest()[:16]}.json"
    return cached_json(name, digest.hexdigest(), lambda: phrase_table(nlp, gz.load_gazetteer(files)))


# ---------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Resolved:
    """An entity of a parsed document resolved to an actor (offsets of the parsed text)."""

    span: Span
    iri: str
    label: str
    kind: str
    ner: str
    affiliation: str | None = None
    agent: str | None = None  # the CAMEO agent code of a generic agent

    def mention(self, to_original, original: str | None = None) -> Mention:
        """The mention in the original text (``original``; the parsed words without it)."""
        start, end = to_original(self.span.start_char, self.span.end_char)
        return Mention(
            original[start:end] if original is not None else self.span.text,
            start,
            end,
            self.iri,
            self.label,
            self.kind,
            self.ner,
            self.affiliation,
            self.agent,
        )


_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]{1,9}$")


def _is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def _initials_fit(acronym: str, long_form: str) -> bool:
    """Whether the acronym's letters can come from the long form's words, in order, starting
    with the first letter of a word ("SDF" from "Syrian Democratic Forces", "ISIL" from
    "Islamic State of Iraq and the Levant", "HTS" from "Hay'at Tahrir al-Sham")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w.lower() for w in re.split(r"[\s\-’']+", long_form) if w]
    if not letters or not words:
        return False
    initials = "".join(w[0] for w in words)
    i = 0
    for ch in initials:
        if i < len(letters) and ch == letters[i]:
            i += 1
    return i == len(letters) or (i >= 2 and letters[0] == initials[0] and i >= len(letters) - 1)


class ActorResolver:
    """spaCy component: resolve a document's entities to actors, into ``doc._.kg_actors``."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        titles: dict[str, str | None],
        places: dict | None = None,
        *,
        vocab=None,
        tokenizer=None,
    ):
        self.gazetteer = gazetteer
        self.vocab = vocab
        self.tokenizer = tokenizer  # the pipeline's, to split agent words as texts are split
        self.agents = load_agents()
        self.members = member_agents()
        self.acronyms = load_acronyms()
        # CAMEO role codes of a state's organs, as the gazetteer's role codes (MIL, GOV, POL)
        self.agent_roles = {
            a.code: a.role for a in self.agents.values() if a.kind == "Organization" and a.role
        }
        self.titles = titles
        self.origin_words = load_title_words()[0]
        self.ship_prefixes = load_ship_prefixes()
        places = places if places is not None else load_places()
        self.locative = set(places["locative_prepositions"])
        self.directions = set(places["directions"])
        self.actor_deps = set(places["actor_dependencies"])
        self.target_preps = set(places["target_prepositions"])
        self.place_heads = set(places["place_head_nouns"])
        self.named_places = set(places["named_place_nouns"])
        self.state_places = set(places["state_place_nouns"])
        self.name_particles = set(places["place_name_particles"])
        self.held_places = set(places["held_place_nouns"])
        self.targeting_verbs = set(places["targeting_verbs"])
        self.targeting_nouns = set(places["targeting_nouns"])
        weapons = load_weapons()
        self.projectiles = set(weapons["projectile_nouns"])
        self.equipment = set(weapons["equipment_nouns"])
        self.non_actors = load_non_actors()
        # "the gunmen" named again; agents a nationality does not bind (kg/data/people.json)
        self.definite = frozenset(people_agents()["again"]["determiners"])
        self.unbound = frozenset(people_agents()["unbound"])
        self.max_title_words = max((len(t.split()) for t in titles), default=1)

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_actors = self.resolve(doc)
        return doc

    # -- one entity
    def _known(self, span: Span) -> tuple[str, str, str] | None:
        # span.id_, not ent_id_: a span made here would report its root token's entity id.
        entry = self.gazetteer.entries.get(span.id_) if span.id_ else None
        if entry is None and span.label_ in ACTOR_LABELS:
            entry = self.gazetteer.lookup(span.text)
        return (entry.iri, entry.label, entry.kind) if entry else None

    def _sense(self, acronym: str, text: str) -> tuple[str, str, str] | None:
        """The actor an ambiguous acronym names in this text: the sense whose cue words
        (places, people) the text names most; None when no cue is there."""
        senses = self.acronyms[acronym]
        hits = [sum(bool(re.search(rf"\b{re.escape(c)}\b", text)) for c in s.cues) for s in senses]
        best = max(range(len(senses)), key=lambda i: hits[i])
        if not hits[best]:
            return None
        sense = senses[best]
        entry = self.gazetteer.lookup(sense.label)
        role = sense.code[3:6] if sense.code and len(sense.code) >= 6 else None
        organ = self.agent_roles.get(role)  # a state's own organ: "Australian Defence Force"
        if entry is None and organ and sense.country:
            entry = self.gazetteer.role_of(str(ACTOR[sense.country]), organ)
        if entry is not None:
            return entry.iri, entry.label, entry.kind
        kind = "Organization" if organ else "ArmedGroup"
        return mint_iri(sense.label, kind), sense.label, kind

    def _new(self, span: Span) -> tuple[str, str, str] | None:
        if span.label_ not in ACTOR_LABELS:
            return None
        name = clean_name(span.text)
        if not name or not any(c.isalpha() for c in name):
            return None
        if name.rstrip("-").lower() in self.non_actors["prefix_words"]:
            return None  # "Pro-" of "Pro-Russian separatists"
        navy = self.ship_prefixes.get(name.split()[0]) if " " in name else None
        role = self.gazetteer.role_of(str(ACTOR[navy]), "MIL") if navy else None
        if role is not None:  # "USS Carney", "HMS Diamond": the state's navy
            return role.iri, role.label, role.kind
        if is_common_name(name, self.non_actors, one_word_rule=span.label_ in ("ORG", "GPE")):
            return None
        if name.lower() in self.agents and span.root.dep_ not in ("compound", "amod"):
            return None  # "Pirates", "Vigilantes" opening a sentence: a generic agent
        kind = ACTOR_LABELS[span.label_]
        if kind == "Person":
            person = load_people().get(name_key(name))
            if person is not None:  # "Putin" is Vladimir Putin, dictionary-known
                return person.iri, person.name, kind
        return mint_iri(name, kind), name, kind

    def resolve(self, doc: Doc) -> list[Resolved]:
        ents = _nisbas_joined(list(doc.ents))
        # 1. acronyms the document defines: "Long Form (LF)" and "LF (Long Form)".
        defined: dict[str, tuple[str, str, str, str]] = {}
        extra: list[Span] = []
        replaced: set[int] = set()  # ents absorbed by a longer defined form
        for i in range(1, len(doc)):
            inner = _parenthesised(doc, i)
            if inner is None:
                continue
            if len(inner) == 1 and _is_acronym(inner.text) and inner.text not in defined:
                long_span = self._long_form(doc, i, inner.text, ents)
                if long_span is None:
                    continue
                actor = self._known(long_span) or self._new(long_span)
                if actor is None:
                    continue
                defined[inner.text] = (*actor, long_span.label_)
                if not any((e.start, e.end) == (long_span.start, long_span.end) for e in ents):
                    extra.append(long_span)
                    replaced.update(
                        id(e) for e in ents if long_span.start <= e.start and e.end <= long_span.end
                    )
            else:
                before = next((e for e in ents if e.end == i), None)
                if before is None or not _is_acronym(before.text) or before.text in defined:
                    continue
                if not _initials_fit(before.text, inner.text):
                    continue
                long_span = Span(doc, inner.start, inner.end, label=before.label_)
                actor = self._known(long_span) or self._new(long_span)
                if actor:
                    defined[before.text] = (*actor, before.label_)
                    if not any(e.start <= inner.start < e.end for e in ents):
                        extra.append(long_span)
        ents = [e for e in ents if id(e) not in replaced]
        # Uses of a defined acronym that neither ruler nor NER marked.
        if defined:
            taken = {i for e in [*ents, *extra] for i in range(e.start, e.end)}
            for token in doc:
                if token.text in defined and token.i not in taken:
                    extra.append(Span(doc, token.i, token.i + 1, label=defined[token.text][3]))
        # An ambiguous acronym (kg/data/lexicon/acronyms.jsonl) is read in context wherever it
        # stands: alone, where NER marked nothing ("The AA captured ..."), or heading an agent
        # NER took for one name ("FACT rebels": the rebels of the FACT, as "Hezbollah fighters")
        # (only where the context names a sense: "FACT CHECK" is no group)
        def read(word: str) -> bool:
            return word in self.acronyms and self._sense(word, doc.text) is not None

        ents = [
            Span(doc, e.start, e.start + 1, label="ORG")
            if len(e) > 1
            and read(e[0].text)
            and doc[e.start + 1 : e.end].text.lower() in self.agents
            else e
            for e in ents
        ]
        taken = {i for e in [*ents, *extra] for i in range(e.start, e.end)}
        extra += [
            Span(doc, t.i, t.i + 1, label="ORG")
            for t in doc
            if t.i not in taken and t.text not in defined and read(t.text)
        ]
        candidates = sorted([*ents, *extra], key=lambda s: s.start)

        # 2. every candidate in text order.
        out: list[Resolved] = []
        people: dict[str, tuple[str, str, str]] = {}
        for span in candidates:
            actor = None
            if span.text in defined:
                actor = defined[span.text][:3]
            elif span.text in self.acronyms:
                actor = self._sense(span.text, doc.text)
            if actor is None:
                actor = self._known(span)
                if actor is not None and actor[2] == "State" and self._is_place(span, known=True):
                    continue
                if actor is not None and actor[2] == "State" and self._name_tail(span):
                    continue  # "Mocimboa da Praia": a town's name ends in a capital's
                if (
                    actor is not None
                    and actor[2] == "State"
                    and self._place_head(span)
                    and span.root.head.lemma_.lower() in self.state_places
                ):
                    # "Kyiv region", "Damascus countryside", "Kabul airport": a place of the
                    # state (its capital's, or its own: "Gaza Strip"), its civilians when hit,
                    # not its government
                    entry = self.gazetteer.entries.get(actor[0])
                    civilians = state_civilians(entry) if entry is not None else None
                    if civilians is not None:
                        place = Span(doc, span.start, span.root.head.i + 1)
                        out.append(Resolved(place, *civilians, "Group", span.label_, agent="CVL"))
                        continue
            if actor is None:
                # A person named again by surname or in full, whatever label NER gives it now.
                actor = people.get(normalise(span.text))
            if actor is None and (
                span.label_ in CITY_LABELS
                # NER takes some towns for peoples ("eastern Aleppo"); a people modifies a
                # noun ("Igbo traders") or is plural ("Kurds")
                or (
                    span.label_ == "NORP"
                    and span.root.dep_ not in ("amod", "compound")
                    and span.root.tag_ not in ("NNS", "NNPS")
                )
            ):
                town = self._town(span)
                if town is not None:
                    # a town is no actor of its own: "Kharkiv came under fire" is on the
                    # state's civilians, and so is an attack on it (the relations' fallback,
                    # kg/relations/references.py); "fighting in Bakhmut" is where
                    if span.root.dep_ in ("nsubj", "nsubjpass"):
                        out.append(town)
                    continue
            if actor is None and self._place_head(span) and span.label_ != "NORP":
                # "Mindat village", "Idlib province": a place's name, not an actor's ("Borno
                # state police" are Borno's)
                continue
            if actor is None:
                if span.label_ == "GPE" and self._people_word(span):
                    # "Yazidi plight", "Tuareg rebels": a people NER took for a place
                    span = Span(doc, span.start, span.end, label="NORP")
                # An unknown name after "in", "near"... is a place whatever NER calls it; an
                # unknown GPE (a city, a region) acts only as subject, agent or possessor.
                if self._is_place(span, known=span.label_ != "GPE") or self._place_of(span):
                    continue
                actor = self._new(span)
            if actor is None:
                continue
            words = _words(span.text)
            if span.label_ == "PERSON" and actor[2] == "Person":
                if len(words) > 1:
                    people.setdefault(normalise(span.text), actor)
                    people.setdefault(words[-1].lower(), actor)
            elif len(words) > 1 and words[0] in self.ship_prefixes:
                # "FS Forbin", then "Forbin": the ship named again without its prefix
                people.setdefault(normalise(" ".join(words[1:])), actor)
            out.append(Resolved(span, *actor, span.label_))

        # 3. a person's title ties them to an actor.
        out = [
            _with_affiliation(r, self._affiliation(r, out)) if r.kind == "Person" else r
            for r in out
        ]
        # 4. who the text names without a proper name: "gunmen", "Syrian civilians"; a
        # state's agents replace the state's own mention inside them.
        agents = self._agents(doc, out)
        inside = {t.i for r in agents for t in r.span}
        out = [r for r in out if not any(t.i in inside for t in r.span)] + agents
        out = self._coordinated_roles(out)
        return sorted(out, key=lambda r: r.span.start)

    def _coordinated_roles(self, resolved: list[Resolved]) -> list[Resolved]:
        """A state's adjective coordinated with another state's role names that role of its
        own state: "Armenian and Azerbaijani forces" are Armenia's forces and Azerbaijan's,
        "Nigerien and Malian soldiers" Niger's and Mali's."""
        by_start = {r.span.start: r for r in resolved}
        out = []
        for r in resolved:
            root = r.span.root
            if r.kind == "State" and root.dep_ in ("amod", "nmod", "compound"):
                partner = next(
                    (by_start.get(c.i) for c in root.children if c.dep_ == "conj"), None
                )
                entry = self.gazetteer.entries.get(partner.iri) if partner else None
                state = self.gazetteer.entries.get(entry.part_of) if entry and entry.part_of else None
                # a role's IRI is its state's code and the role's: actor/AZE-MIL
                code = partner.iri.rsplit("/", 1)[-1].removeprefix(f"{state.iso}-") if state else None
                role = self.gazetteer.role_of(r.iri, code) if code and entry.role else None
                if role is not None:
                    r = Resolved(r.span, role.iri, role.label, role.kind, r.ner, agent=partner.agent)
            out.append(r)
        return out

    # -- generic agents
    def _agents(self, doc: Doc, resolved: list[Resolved]) -> list[Resolved]:
        """Generic agents (:func:`kg.gazetteer.load_agents`) as actors.

        A state's agent binds to the state's role ("Malian troops": the Malian military) or,
        for civilians, to its people ("Syrian civilians"); a named group's agents stand for
        the group and are left to it ("Hezbollah fighters"); an unknown proper name makes a
        named actor of the phrase ("Fano militia", "FACA troops"); otherwise the agent is the
        document's own ("unidentified gunmen": one actor per document and agent code).
        """
        from spacy.util import filter_spans

        texts = [t.text for t in doc]
        spans = filter_spans(Span(doc, s, e) for _, s, e in self._agent_index.find(texts))
        # NER's name for a capitalised agent word heading its phrase ("Pirates attacked ...")
        # or for one word of a longer agent phrase ("Riot police fired ...") is no name; a
        # modifier ("the jihadist group") and a whole name ("Department of Defense") are
        phrases = [(s.start, s.end) for s in spans if len(s) > 1]

        def one_word_of_a_phrase(name: Span) -> bool:
            return len(name) == 1 and any(a <= name.start < b and b - a > 1 for a, b in phrases)

        named = {
            i
            for name in [
                *(
                    e
                    for e in doc.ents
                    if self._entity_core(e.text) not in self.agents
                    or e.root.dep_ in ("compound", "amod")
                ),
                # what resolved to a known actor stays its name ("Department of Defense")
                *(r.span for r in resolved),
            ]
            if not one_word_of_a_phrase(name)
            for i in range(name.start, name.end)
        }
        out = []
        for span in spans:
            head = span[-1]
            # "terrorist positions": an adjective agent before a place it holds is the holder
            holder = (
                head.pos_ == "ADJ"
                and head.dep_ == "amod"
                and (
                    head.head.lower_ in self.held_places
                    or head.head.lemma_.lower() in self.equipment
                )
            )
            if (head.pos_ not in ("NOUN", "PROPN") and not holder) or any(
                t.i in named for t in span
            ):
                continue
            if head.dep_ == "compound" and head.head.pos_ == "PROPN":
                continue  # part of a name: "U.S. Naval Forces Central Command"
            if head.dep_ == "compound" and f"{head.lower_} {head.head.lemma_.lower()}" in self.equipment:
                continue  # equipment: "fighter jets"
            titled = [c for c in head.children if c.dep_ in ("appos", "compound")]
            if head.dep_ in ("compound", "appos"):
                titled.append(head.head)
            if any(t.ent_type_ == "PERSON" and not span.start <= t.i < span.end for t in titled):
                continue  # a title of a named person ("Colonel John Smith"): the person
            agent = self.agents[span.text.lower()]
            start = _chunk_start(head)
            # "US-backed Kurdish forces": the trigger before the agent is a relation, not
            # part of who it is (and "Syrian-backed forces" are not Syria's)
            # (a hyphen alone is a name's: "al-Qaeda fighters" are al-Qaeda's)
            # ... and "pro-Russian separatists" are not Russia's
            backed = [
                c
                for c in head.lefts
                if c.tag_ == "VBN"
                or (
                    any(x.text == "-" for x in c.subtree)
                    and any(x.tag_ in ("VBN", "VBD") for x in c.subtree)
                )
                or c.lower_.rstrip("-") in self.non_actors["prefix_words"]
            ]
            if backed:
                start = max(start, max(t.i for c in backed for t in c.subtree) + 1)
                # "Pro-Russian": past the prefix's hyphen and the word it governs too
                while start < span.start and (
                    doc[start].text == "-" or doc[start - 1].text == "-"
                ):
                    start += 1
            owners = [r for r in resolved if start <= r.span.start and r.span.end <= span.start]
            if len({r.iri for r in owners}) > 1:
                # "Armenian and Azerbaijani forces": two states' forces, which
                # :meth:`_coordinated_roles` names each
                continue
            chunk = doc[start : span.end]
            bracketed = False
            if not owners:  # "Civilians (Nigeria)", "Unidentified Armed Group (Nigeria)": ACLED
                owners = [
                    r
                    for r in self._bracketed_state(span, resolved)
                    if (agent.role and self.gazetteer.role_of(r.iri, agent.role))
                    or agent.civilian
                    or agent.code in people_codes()
                ]
                if owners:
                    chunk, bracketed = doc[start : owners[0].span.end + 1], True
            if not owners:  # "Military forces of Sudan", as event datasets write it
                owners = self._of_owner(head, resolved)
                if owners:
                    chunk = doc[start : owners[0].span.end]
                    if owners[0].kind != "State":
                        if not self._member_of(agent, span):
                            continue
                        # "fighters of the Islamic State" stand for the Islamic State
                        body = owners[0]
                        out.append(replace(body, span=chunk))
                        continue
            if not owners and self._member_of(agent, span):
                # "militants loyal to the Islamic State", "gunmen linked to JNIM"
                body = self._loyal_to(head, resolved)
                if body is not None:
                    out.append(replace(body, span=doc[start : body.span.end]))
                    continue
            if not owners and agent.context:
                owners = self._only_state(doc, resolved, agent.default)  # "the junta" in Mali
            if agent.bound and not owners:
                continue  # "people" alone names no one
            words = _label_words(chunk)
            if owners:
                owner = owners[-1]
                # a people's fighters: "Kurdish fighters"; a clan's or a place's, whose name NER
                # took for a person's: "Ma'awisley clan militias" (not "Hemedti's fighters")
                named_for = (
                    owner.kind == "Person"
                    and len(owner.span) == 1
                    and owner.span.root.dep_ == "compound"
                    and not owner.affiliation
                    and not any(c.dep_ == "case" for c in owner.span.root.children)
                )
                if owner.kind == "Group" or named_for:
                    iri = mint_iri(words, agent.kind)
                    out.append(Resolved(chunk, iri, words, agent.kind, "", agent=agent.code))
                    continue
                if owner.kind != "State":
                    continue  # "Hezbollah fighters" stand for Hezbollah
                entry = self.gazetteer.entries.get(owner.iri)
                role = self.gazetteer.role_of(owner.iri, agent.role) if agent.role else None
                if role is not None:
                    out.append(
                        Resolved(chunk, role.iri, role.label, role.kind, "", agent=agent.code)
                    )
                elif (agent.civilian and entry is not None and entry.iso) or (
                    agent.code in people_codes()
                    and agent.lemma not in self.unbound
                    and (head.tag_ in ("NNS", "NNPS") or bracketed)
                    and entry is not None
                    and entry.iso
                ):
                    # "Syrian civilians"; "Nigerian gunmen", "Somali pirates": the state's
                    # unnamed armed men, not the state (plural only: "a Syrian fighter" is
                    # most often a jet). One actor per state and code, so one label.
                    iri = agent_iri(agent.code, entry.iso)
                    label = people_label(agent.code, entry, agent.lemma)
                    out.append(Resolved(chunk, iri, label, agent.kind, "", agent=agent.code))
                continue
            proper = [
                t
                for t in doc[start : span.start]
                if t.i not in named
                and t.pos_ not in ("DET", "PRON", "NUM")  # '"The enemy has ...' after a quote
                and (
                    t.pos_ == "PROPN"
                    or (t.text[:1].isupper() and not t.is_sent_start)
                    or (t.is_upper and len(t.text) > 1)  # "FACA troops", "SPLA-IO forces"
                )
            ]
            if proper:  # "Fano militia", "Wazalendo militiamen"
                out.append(
                    Resolved(
                        chunk, mint_iri(words, agent.kind), words, agent.kind, "", agent=agent.code
                    )
                )
                continue
            earlier = {
                (r.iri, r.label, r.kind)
                for r in (*resolved, *out)
                if r.span.end <= span.start
                and r.span[-1].lemma_.lower() == head.lemma_.lower()
                and len(r.span) > 1
            }
            coordinated = any(  # "Israeli and Lebanese soldiers": either
                r.span.start > 0 and doc[r.span.start - 1].dep_ == "cc"
                for r in (*resolved, *out)
                if r.span.end <= span.start and r.span[-1].lemma_.lower() == head.lemma_.lower()
            )
            if len(earlier) == 1 and not coordinated and any(
                c.dep_ == "det" and c.lower_ in self.definite for c in head.children
            ):
                # "Nigerian gunmen killed 12 villagers ... troops killed five of the gunmen"
                iri, label, kind = earlier.pop()
                out.append(Resolved(chunk, iri, label, kind, "", agent=agent.code))
                continue
            out.append(
                Resolved(
                    chunk,
                    agent_iri(agent.code, lemma=agent.lemma),
                    words,
                    agent.kind,
                    "",
                    agent=agent.code,
                )
            )
        return out

    def _town(self, span: Span) -> Resolved | None:
        """A town or city (``kg/data/cities.tsv``) as its state's civilians, or None: what an
        act on a town hits, as ACLED codes it ("Civilians (Ukraine)")."""
        if span.label_ == "PERSON" and len(span) > 1:
            return None  # a person's full name, however like a town's
        root = span.root
        if (
            span.label_ in ("PERSON", "ORG")
            and root.dep_ in ("compound", "amod", "poss")
            # "Aleppo's eastern neighbourhoods" is the town's, whatever NER called it
            and not (root.dep_ == "poss" and root.head.lemma_.lower() in self.place_heads)
        ):
            return None  # a name of a group or person ("the so-called Shene group")
        found = town_civilians(span.text, self.gazetteer)
        if found is None:
            return None
        return Resolved(span, *found, "Group", span.label_, agent="CVL")

    def _only_state(
        self, doc: Doc, resolved: list[Resolved], default: str | None = None
    ) -> list[Resolved]:
        """The one state a text names, as an actor or as a place, as a one-item list; the
        state of ISO code ``default`` when it names none; empty when it names several."""
        states = {r.iri: r for r in resolved if r.kind == "State"}
        for ent in doc.ents:
            if ent.label_ != "GPE":
                continue
            entry = self.gazetteer.lookup(ent.text)
            if entry is not None and entry.kind == "State" and entry.iri not in states:
                states[entry.iri] = Resolved(ent, entry.iri, entry.label, entry.kind, ent.label_)
        if not states and default:
            entry = self.gazetteer.entries.get(str(ACTOR[default]))
            if entry is not None:
                return [Resolved(doc[:0], entry.iri, entry.label, entry.kind, "")]
        return list(states.values()) if len(states) == 1 else []

    @staticmethod
    def _bracketed_state(span: Span, resolved: list[Resolved]) -> list[Resolved]:
        """The state named in brackets right after an agent, as ACLED names actors
        ("Civilians (Nigeria)", "Protesters (Kenya)"), as a one-item list, or empty."""
        doc = span.doc
        if span.end + 2 >= len(doc) or doc[span.end].text != "(":
            return []
        return [
            r
            for r in resolved
            if r.kind == "State"
            and r.span.start == span.end + 1
            and r.span.end < len(doc)
            and doc[r.span.end].text == ")"
        ][:1]

    def _entity_core(self, text: str) -> str:
        """An entity's words without what NER ran on into: "Military Forces of",
        "Unidentified Armed Group (" are agent names."""
        words = clean_name(text).split()
        while words and (
            words[-1].lower() in self.non_actors["dangling_words"]
            or not any(ch.isalnum() for ch in words[-1])
        ):
            words.pop()
        return " ".join(words).lower()

    @staticmethod
    def _of_owner(head, resolved: list[Resolved]) -> list[Resolved]:
        """The state or body an agent is 'of' or 'from' ("Military forces of Sudan", "fighters
        of the Islamic State", "fighters from Hamas"), as a one-item list; no body when the
        'of' names several ("fighters of Hamas and Islamic Jihad": each is a side of its own)."""
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                for obj in prep.children:
                    # "the United Nations Mission in South Sudan": a name's head is the name's
                    name = [obj] + [
                        c for c in obj.lefts if c.dep_ == "compound" and obj.pos_ == "PROPN"
                    ]
                    found = [r for t in name for r in _covering(resolved, t)]
                    named = {f.iri for f in found}
                    others = [
                        r for c in obj.conjuncts for r in _covering(resolved, c) if r.iri not in named
                    ]
                    if found and found[0].kind == "State":
                        return found[:1]  # "Military forces of Mali and Niger": Mali's
                    if found and not others and found[0].kind not in ("Person", "Group"):
                        return found[:1]
        return []

    def _loyal_to(self, head, resolved: list[Resolved]) -> Resolved | None:
        """The body or person an agent is said loyal to, affiliated with or linked to
        (``kg/data/people.json``, ``members.loyal``), or None."""
        loyal = self.members["loyal"]
        words = [w for w in head.children if w.dep_ in ("amod", "acl")]
        if head.dep_ == "nsubj" and any(c.dep_ in ("conj", "advcl") for c in head.head.children):
            words.append(head.head)  # "Gunmen linked to JNIM abducted ...", parsed as a clause
        for word in words:
            preps = loyal.get(word.lower_)
            for prep in word.children if preps else ():
                if prep.dep_ != "prep" or prep.lower_ not in preps:
                    continue
                for obj in prep.children:
                    found = _covering(resolved, obj)
                    if found and found[0].kind != "State":
                        return found[0]
        return None

    def _member_of(self, agent: Agent, span: Span) -> bool:
        """Whether an agent named 'of' a body stands for it (``kg/data/people.json``,
        ``members``): fighters and officials do, victims and critics do not."""
        members = self.members
        return agent.code in members["codes"] and span.text.lower() not in members["except"]

    @cached_property
    def _agent_index(self) -> PhraseIndex:
        """Every agent's singular and plural, as the pipeline's tokenizer splits them."""
        tokenizer = self.tokenizer
        if tokenizer is None:  # a resolver outside a pipeline: English rules
            from spacy.lang.en import English

            tokenizer = English().tokenizer
        index = PhraseIndex(lower=True)
        for form in self.agents:
            words = tuple(t.lower_ for t in tokenizer(form))
            if words:
                index.add(words, 0)
        return index

    def _people_word(self, span: Span) -> bool:
        """One capitalised word modifying a common noun that is not a place: a people's name
        ("Yazidi plight", "Tuareg rebels"), whatever NER called it."""
        root = span.root
        return (
            len(span) == 1
            and root.dep_ in ("amod", "compound")
            and root.head.pos_ == "NOUN"
            and root.head.lemma_.lower() not in self.place_heads
        )

    def _is_place(self, span: Span, known: bool) -> bool:
        """Whether a state or place name stands for a place here, not for an actor."""
        root = span.root
        if root.dep_ == "pobj":
            prep = root.head.lower_
            if prep in self.locative and not self._targeted(root.head):
                return True
            if prep == "of" and root.head.head.lower_ in self.directions:
                return True
        if known:
            return False
        return root.dep_ not in self.actor_deps

    def _name_tail(self, span: Span) -> bool:
        """Whether a name ends a longer one after a place-name particle ("Mocimboa da
        Praia")."""
        doc = span.doc
        return (
            span.start >= 2
            and doc[span.start - 1].lower_ in self.name_particles
            and doc[span.start - 2].is_title
        )

    def _place_head(self, span: Span) -> bool:
        """Whether a name is a place noun's ("Mindat village", "Idlib province", "Kyiv
        region"; not "Borno state police", the police's)."""
        root = span.root
        return (
            root.dep_ == "compound"
            and root.head.lemma_.lower() in self.place_heads
            and root.head.dep_ not in ("compound", "amod", "nmod")
        )

    def _place_of(self, span: Span) -> bool:
        """Whether a name is what a place noun is 'of' ("the village of Andriivka")."""
        root = span.root
        return (
            root.dep_ == "pobj"
            and root.head.lower_ == "of"
            and root.head.head.lemma_.lower() in self.named_places
        )

    def _targeted(self, prep) -> bool:
        """Whether a preposition names where fire is sent ('fired missiles at Ukraine', 'a
        missile towards Japan'), so that its object is a target, not a place."""
        if prep.lower_ not in self.target_preps:
            return False
        head = prep.head
        if head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in self.projectiles:
            return True
        if head.pos_ == "NOUN" and head.lemma_.lower() in self.targeting_nouns:
            return True  # "Turkey's incursion into Syria", "rocket fire into Israel"
        return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in self.targeting_verbs

    def _long_form(self, doc: Doc, paren: int, acronym: str, ents: list[Span]) -> Span | None:
        """The words before "(ACRONYM)" that it abbreviates: the shortest run of capitalised
        words (and the small words between them) ending there whose initials, or failing that
        letters, spell the acronym from its first word on."""
        end = paren - 1 if doc[paren - 1].text in ("'s", "’s") else paren
        if end <= 0:
            return None
        sent_start = doc[paren].sent.start
        start_min = max(sent_start, end - 10)
        runs = []
        k = end - 1
        while k >= start_min:
            t = doc[k]
            if not (t.is_title or t.is_upper or t.lower_ in _CONNECTORS or t.text == "-"):
                break
            if t.is_title or t.is_upper or t.lower_ in ("al", "el", "ad", "as", "ash"):
                runs.append(k)
            k -= 1
        for strict in (True, False):
            for k in runs:
                text = doc[k:end].text
                if _spells(acronym, text, strict):
                    label = next(
                        (e.label_ for e in ents if e.start <= end - 1 < e.end and e.label_),
                        "ORG",
                    )
                    exact = next((e for e in ents if (e.start, e.end) == (k, end)), None)
                    return exact or Span(doc, k, end, label="ORG" if label == "GPE" else label)
        return None

    # -- affiliation
    def _title(self, words: list[str]) -> tuple[bool, str | None]:
        """Whether ``words`` (lower case) are a title, and the role code it implies; a word
        of where someone comes from ("-born", titles.json's ``origin_words``) makes them
        none."""
        if any(w.strip("-") in self.origin_words for w in words):
            return False, None
        text = " ".join(words)
        found, code = False, None
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                key = " ".join(words[i : i + n])
                if key in self.titles and (not found or (code is None and self.titles[key])):
                    found, code = True, self.titles[key]
            if found:
                break
        return found and bool(text), code

    def _tie(self, actor: Resolved, code: str | None) -> str:
        if code and actor.kind == "State":
            role = self.gazetteer.role_of(actor.iri, code)
            if role is not None:
                return role.iri
        return actor.iri

    def _affiliation(self, person: Resolved, resolved: list[Resolved]) -> str | None:
        doc = person.span.doc
        sent = person.span.sent
        others = [r for r in resolved if r.kind != "Person" and r.span.sent == sent]
        # Before: "<actor> ['s] <title words> <person>".
        before = [r for r in others if r.span.end <= person.span.start]
        if before:
            actor = before[-1]
            between = [t for t in doc[actor.span.end : person.span.start] if t.text != "'s"]
            words = [t.lower_ for t in between]
            if len(words) <= 5 and all(t.is_alpha or "-" in t.text for t in between):
                found, code = self._title(words) if words else (actor.kind != "State", None)
                if found or (actor.span.end == person.span.start and _is_role(actor)):
                    return self._tie(actor, code)
            # "the spokesman for the Pentagon, Jeff Davis": title before the actor.
            if [t.text for t in doc[actor.span.end : person.span.start]] in ([","], [")", ","]):
                lead = [t for t in doc[max(sent.start, actor.span.start - 5) : actor.span.start]]
                while lead and lead[-1].lower_ in _DETS:
                    lead = lead[:-1]
                if lead and lead[-1].lower_ in ("of", "for", "at", "from"):
                    words = [t.lower_ for t in lead[:-1] if t.lower_ not in _DETS and t.is_alpha]
                    found, code = self._title(words[-3:])
                    if found:
                        return self._tie(actor, code)
        # After: "<person>, [a|the] <actor> ['s] <title>" or "<person>, <title> of|for <actor>".
        end = person.span.end
        if end < len(doc) and doc[end].text == ",":
            after = [r for r in others if r.span.start > end]
            if after:
                actor = after[0]
                lead = [t for t in doc[end + 1 : actor.span.start] if t.lower_ not in _DETS]
                tail = []
                for t in doc[actor.span.end : min(len(doc), actor.span.end + 5)]:
                    if t.text == "'s" and not tail:
                        continue
                    if not (t.is_alpha or "-" in t.text):
                        break
                    tail.append(t.lower_)
                if not lead:
                    found, code = self._title(tail) if tail else (_is_role(actor), None)
                    if found:
                        return self._tie(actor, code)
                elif len(lead) <= 5 and lead[-1].lower_ in ("of", "for", "at", "from", "to"):
                    found, code = self._title([t.lower_ for t in lead[:-1]])
                    if found:
                        return self._tie(actor, code)
        return None


_DETS = {"a", "an", "the"}
# the article of an Arabic nisba, "al-Kuwaiti", "el-Masri", "ash-Shishani"
_NISBA_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "an", "at", "az"})
_CONNECTORS = {
    "of",
    "in",
    "for",
    "and",
    "the",
    "on",
    "al",
    "el",
    "de",
    "du",
    "des",
    "la",
    "le",
    "&",
}


def _spells(acronym: str, long_form: str, strict: bool) -> bool:
    """Whether ``long_form`` can be abbreviated ``acronym``: its first word starts with the
    acronym's first letter, and the acronym's letters follow in order among the words'
    initials (``strict``: "SDF", "AQI", "CoI") or among all its letters ("NAVCENT")."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    words = [w for w in re.split(r"[\s\-’']+", long_form) if w]
    if len(letters) < 2 or not words or words[0][0].lower() != letters[0]:
        return False
    pool = "".join(w[0] for w in words).lower() if strict else "".join(words).lower()
    if not strict and len(words) < 2:
        return False
    i = 0
    for ch in pool:
        if i < len(letters) and ch == letters[i]:
            i += 1
    return i == len(letters)


def _is_role(r: Resolved) -> bool:
    return r.kind != "State" and r.kind != "Group"


def _with_affiliation(r: Resolved, affiliation: str | None) -> Resolved:
    if affiliation is None or affiliation == r.iri:
        return r
    return Resolved(r.span, r.iri, r.label, r.kind, r.ner, affiliation, r.agent)


# Words of a noun chunk that are not part of a name or description of who it is.
_NOT_LABEL = frozenset({"det", "poss", "nummod", "quantmod", "predet", "case", "punct", "advmod"})


def _covering(resolved: list[Resolved], token) -> list[Resolved]:
    """The resolved actors whose span holds ``token``."""
    return [r for r in resolved if r.span.start <= token.i < r.span.end]


def _nisbas_joined(ents: list[Span]) -> list[Span]:
    """NER's entities with a name's nisba put back: "Abu Jandal al-" + "Kuwaiti" is one
    person, "Abu Jandal al-Kuwaiti", not a person and the people of Kuwait."""
    out: list[Span] = []
    for ent in ents:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label_ == "PERSON"
            and last.end == ent.start
            and last[-1].text == "-"
            and len(last) > 1
            and last[-2].lower_ in _NISBA_ARTICLES
        ):
            out[-1] = Span(ent.doc, last.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _chunk_start(head) -> int:
    """Where the noun chunk of ``head`` starts (its left modifiers, not its clauses)."""
    lefts = [
        c
        for c in head.lefts
        if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "advmod")
    ]
    # an adjective before the number is the verb's, not the chunk's: "shot dead two soldiers"
    number = min((c.i for c in lefts if c.dep_ == "nummod"), default=None)
    if number is not None:
        lefts = [c for c in lefts if not (c.dep_ == "amod" and c.i < number)]
    return min((c.left_edge.i for c in lefts), default=head.i)


def _label_words(chunk: Span) -> str:
    """A chunk's words without determiners, numbers and punctuation: "unidentified gunmen"
    for "the 12 unidentified gunmen"."""
    words = [t.text for t in chunk if t.dep_ not in _NOT_LABEL or t.i == chunk.end - 1]
    return " ".join(words) or chunk.text


def _parenthesised(doc: Doc, i: int) -> Span | None:
    """The tokens between "(" at ``i`` and the next ")" (at most 12), or None."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(len(doc), i + 14)):
        if doc[j].text == ")":
            return doc[i + 1 : j] if j > i + 1 else None
    return None


if not Doc.has_extension("kg_actors"):
    Doc.set_extension("kg_actors", default=None)


@Language.factory("kg_gazetteer_ruler", default_config={"gazetteer_files": []})
def make_gazetteer_ruler(nlp: Language, name: str, gazetteer_files: list[str]) -> GazetteerRuler:
    return GazetteerRuler(nlp, tuple(gazetteer_files))


@Language.factory("kg_actor_resolver", default_config={"gazetteer_files": []})
def make_actor_resolver(nlp: Language, name: str, gazetteer_files: list[str]) -> ActorResolver:
    return ActorResolver(
        load_gazetteer(tuple(gazetteer_files)),
        load_titles(),
        vocab=nlp.vocab,
        tokenizer=nlp.tokenizer,
    )


def dated_affiliation(mention: Mention, date: str | None, gazetteer: Gazetteer) -> Mention:
    """A dictionary-known person's affiliation on the document's date, when the text gives
    none: "Erdogan" in a 2016 article speaks for the Turkish government (``TUR-GOV``); a
    person with no role code then, for their state; a group's leader then ("Hemedti" in
    2024), for the group (``RSF``). Other mentions pass unchanged."""
    if mention.kind != "Person" or mention.affiliation:
        return mention
    person = load_people().get(name_key(mention.label))
    held = person.role_at(date) if person is not None else None
    if held is None:
        return mention
    state, role, actor = held
    if actor:  # a group's leader speaks for the group: "Hemedti" for the RSF
        group = str(ACTOR[actor])
        return replace(mention, affiliation=group) if group in gazetteer.entries else mention
    state_iri = str(ACTOR[state])
    if state_iri not in gazetteer.entries:
        return mention
    entry = gazetteer.role_of(state_iri, role) if role else None
    return replace(mention, affiliation=entry.iri if entry else state_iri)


def resolve_doc(doc: Doc, gazetteer: Gazetteer) -> list[Resolved]:
    """The actors of a parsed document: ``doc._.kg_actors`` when the pipeline has the
    resolver, else resolved now."""
    if doc._.kg_actors is not None:
        return doc._.kg_actors
    return ActorResolver(gazetteer, load_titles(), vocab=doc.vocab).resolve(doc)
