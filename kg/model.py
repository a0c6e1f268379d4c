"""Modelling: claims and actors as RDF under the conflict ontology.

Namespaces are declared here once; every term is built through them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.types import Claim, Document, Mention
from kg.vocabulary import roll_up_properties


class _OntologyNamespace(Namespace):
    """A namespace whose terms are made once: rdflib builds and checks a new ``URIRef`` at
    every ``CKG.subject``, and a build asks for some twenty ontology terms per claim."""

    @lru_cache(maxsize=4096)  # noqa: B019  (the ontology's terms: few, and kept for good)
    def term(self, name: str) -> URIRef:
        return super().term(name)


BASE = "https://w3id.org/conflict-kg/"
CKG = _OntologyNamespace(BASE + "ontology#")
ACTOR = Namespace(BASE + "actor/")
DOC = Namespace(BASE + "doc/")
CLAIM = Namespace(BASE + "claim/")
EVENT = Namespace(BASE + "event/")
SENT = Namespace(BASE + "sentence/")
BLOC = Namespace(BASE + "bloc/")
TIE = Namespace(BASE + "tie/")
ROLE = Namespace(BASE + "role/")
TALLY = Namespace(BASE + "tally/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
ANALYSIS_GRAPH = GRAPH["analysis"]
ACTORS_GRAPH = GRAPH["actors"]
TALLY_GRAPH = GRAPH["tally"]
EVENTS_GRAPH = GRAPH["events"]

PREFIXES = {
    "ckg": CKG,
    "actor": ACTOR,
    "doc": DOC,
    "claim": CLAIM,
    "event": EVENT,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes (:data:`PREFIXES`) in an rdflib ``graph``, for readable Turtle;
    returns the graph.

    >>> bind_prefixes(Graph()).namespace_manager.expand_curie("ckg:supports")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/ontology#supports')
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def document_iri(document: Document) -> URIRef:
    """A document's IRI, from its content hash: the same text is stored once, whatever its id.

    >>> document_iri(Document("a", "Iran supports Hezbollah.")) == document_iri(Document("b", "Iran supports Hezbollah."))
    True
    """
    return DOC[document.content_hash[:32]]


def claim_iri(document: Document, claim: Claim) -> URIRef:
    """A claim's IRI: the document's hash and a hash of who, what, whom and where in the text,
    so the same claim of the same text always gets the same IRI."""
    return CLAIM[f"{document.content_hash[:16]}-{_claim_key(claim)}"]


def sentence_iri(document: Document, start: int, end: int) -> URIRef:
    """The IRI of the sentence at characters ``start:end`` of ``document``."""
    return SENT[f"{document.content_hash[:32]}-{start}-{end}"]


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def actor_triples(mention: Mention) -> Iterator[Triple]:
    """What a mention says of its actor: its classes, its preferred label and, when the text
    names it otherwise, that spelling as an alternative label."""
    actor = URIRef(mention.iri)
    yield actor, RDF.type, CKG[mention.kind]
    yield actor, RDF.type, CKG.Actor
    yield actor, SKOS.prefLabel, Literal(mention.label, lang="en")
    if mention.text != mention.label:
        yield actor, SKOS.altLabel, Literal(mention.text, lang="en")
    if mention.agent:  # who the news names without a proper name: its CAMEO agent code
        yield actor, CKG.agentCode, Literal(mention.agent)


def document_triples(
    document: Document,
    claims: Iterable[Claim],
    mentions: Iterable[Mention] = (),
    gazetteer: Mapping[str, object] | None = None,
) -> Iterator[Triple]:
    """The triples of one document's named graph (duplicates possible): the document, its
    sentences, its claims, the actors they name, and the direct triples of the claims it
    asserts.

    Parameters
    ----------
    document : Document
        The article; its IRI comes from its content hash.
    claims : iterable of Claim
        Its claims, each reified with its evidence (:func:`claim_triples`).
    mentions : iterable of Mention
        Every actor mention, in a claim or not (``ckg:mentions``).
    gazetteer : mapping, optional
        Actor IRI → gazetteer entry (``kind``, ``label``, ``part_of``): with it, also what
        the gazetteer knows of the actors named, and who people speak for, so the analysis
        can roll them up. A build passes it; ``kg extract --format ttl`` does not.

    Returns
    -------
    iterator of (subject, predicate, object)
        Store them with :func:`document_nquads`.
    """
    doc = document_iri(document)
    yield doc, RDF.type, CKG.Document
    yield doc, DCTERMS.identifier, Literal(document.id)
    yield doc, CKG.contentHash, Literal(document.content_hash)
    for field, predicate in _DOCUMENT_FIELDS:
        if getattr(document, field):
            yield doc, predicate, Literal(getattr(document, field))
    mentions = tuple(mentions)
    claims = tuple(claims)
    named = _named(mentions, claims)
    for mention in _spellings(named):
        yield from actor_triples(mention)
    # What the document names, in its own graph: actor descriptions live in the shared actors
    # graph, and removing the document drops those that no other document names.
    for iri in dict.fromkeys(m.iri for m in named):
        yield doc, CKG.mentions, URIRef(iri)
    for claim in claims:
        yield from claim_triples(document, claim)
        # A person speaks for the state or group named with them: analysis can roll them up.
        if (
            gazetteer is not None
            and claim.pattern == "person-affiliation"
            and claim.modality == "asserted"
        ):
            yield URIRef(claim.source.iri), CKG.affiliatedWith, URIRef(claim.target.iri)
    for mention in mentions:
        # The text ties the person to an actor ("Russia's deputy foreign minister X").
        if mention.affiliation:
            yield URIRef(mention.iri), CKG.affiliatedWith, URIRef(mention.affiliation)
    if gazetteer is not None:
        named = (i for m in mentions for i in (m.iri, m.affiliation) if i)
        for iri in dict.fromkeys(named):
            entry = gazetteer.get(iri)
            if entry is not None:
                yield from _gazetteer_description(iri, entry, gazetteer.get(entry.part_of or ""))


def document_graph(
    document: Document,
    claims: Iterable[Claim],
    mentions: Iterable[Mention] = (),
    gazetteer: Mapping[str, object] | None = None,
) -> Graph:
    """The named graph of one document (:func:`document_triples`, same parameters) as an
    rdflib graph, for ``kg extract --format ttl`` and notebooks; builds store
    :func:`document_nquads` instead."""
    g = bind_prefixes(Graph(identifier=document_iri(document)))
    for triple in document_triples(document, claims, mentions, gazetteer):
        g.add(triple)
    return g


def claim_triples(document: Document, claim: Claim) -> Iterator[Triple]:
    """One claim reified with its evidence (PROV-O) and, if asserted (its modality), its
    direct triple (the actors it names are described by :func:`document_triples`, once per
    document)."""
    node = claim_iri(document, claim)
    doc = document_iri(document)
    sentence = sentence_iri(document, claim.sentence_start, claim.sentence_end)
    source, target = URIRef(claim.source.iri), URIRef(claim.target.iri)
    yield sentence, RDF.type, CKG.Sentence
    yield sentence, CKG.text, Literal(claim.sentence_text)
    yield sentence, CKG.start, Literal(claim.sentence_start)
    yield sentence, CKG.end, Literal(claim.sentence_end)
    yield sentence, DCTERMS.isPartOf, doc
    yield node, RDF.type, CKG.Claim
    yield node, CKG.subject, source
    yield node, CKG.predicate, CKG[claim.predicate]
    yield node, CKG.object, target
    yield node, CKG.polarity, Literal(claim.polarity)
    yield node, CKG.negated, Literal(claim.negated)
    yield node, CKG.modality, Literal(claim.modality)
    if claim.place:
        yield node, CKG.placeName, Literal(claim.place)
    yield node, CKG.confidence, Literal(round(claim.confidence, 4), datatype=XSD.decimal)
    yield node, CKG.sentence, sentence
    yield node, CKG.subjectText, Literal(claim.source.text)
    yield node, CKG.subjectStart, Literal(claim.source.start)
    yield node, CKG.subjectEnd, Literal(claim.source.end)
    yield node, CKG.objectText, Literal(claim.target.text)
    yield node, CKG.objectStart, Literal(claim.target.start)
    yield node, CKG.objectEnd, Literal(claim.target.end)
    yield node, CKG.trigger, Literal(claim.trigger)
    yield node, CKG.pattern, Literal(claim.pattern)
    yield node, PROV.wasDerivedFrom, doc
    if claim.cameo:
        yield node, CKG.cameoCode, Literal(claim.cameo)
    if claim.plover:
        yield node, CKG.ploverCategory, Literal(claim.plover)
    if claim.goldstein:
        yield node, CKG.goldstein, Literal(claim.goldstein, datatype=XSD.decimal)
    if claim.attributed_to is not None:
        yield node, CKG.attributedTo, URIRef(claim.attributed_to.iri)
    # Where it happened, once extraction names places (an optional field of newer claims).
    place = getattr(claim, "place", None)
    if place:
        yield node, CKG.place, Literal(place)
    if claim.modality == "asserted":
        yield source, CKG[claim.predicate], target


def _literal(value: object) -> str:
    """A plain literal in N-Quads: integers typed, text escaped."""
    if isinstance(value, bool):
        return f'"{str(value).lower()}"^^<{XSD.boolean}>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD.integer}>'
    return f'"{str(value).translate(_ECHAR)}"'


def event_nquads(events: Iterable, graph: URIRef = EVENTS_GRAPH) -> str:
    """Events (:class:`kg.events.Event`) as N-Quads in ``graph`` (the events graph): each
    event's two actors (rolled up), predicate and family, CAMEO root, place, first and last
    date, counts, and PROV links to every claim that reports it (``prov:wasDerivedFrom``)
    and every document (``ckg:reportedIn``).

    Written line by line, not through rdflib terms: a store of 100,000 claims has some
    50,000 events, and building their terms took four times as long as linking them. The
    IRIs are the store's own (actors, claims, documents) or minted (events); literals are
    escaped as :func:`nquads` escapes them.
    """
    g = f" <{graph}> .\n"
    p = {
        name: f"<{CKG[name]}>"
        for name in (
            "eventKey", "eventSource", "eventTarget", "eventPredicate", "family", "cameoRoot",
            "place", "lastDate", "reportCount", "documentCount", "outletCount", "reportedIn",
        )
    }  # fmt: skip
    is_a, event_class = f"<{RDF.type}>", f"<{CKG.Event}>"
    date, derived = f"<{DCTERMS.date}>", f"<{PROV.wasDerivedFrom}>"
    lines: list[str] = []
    for event in events:
        s = f"<{event.iri}> "
        lines += [
            f"{s}{is_a} {event_class}{g}",
            f"{s}{p['eventKey']} {_literal(event.key)}{g}",
            f"{s}{p['eventSource']} <{event.source}>{g}",
            f"{s}{p['eventTarget']} <{event.target}>{g}",
            f"{s}{p['eventPredicate']} <{CKG[event.predicate]}>{g}",
            f"{s}{p['family']} <{CKG[event.family]}>{g}",
            f"{s}{p['reportCount']} {_literal(len(event.reports))}{g}",
            f"{s}{p['documentCount']} {_literal(len(event.documents))}{g}",
            f"{s}{p['outletCount']} {_literal(event.outlets)}{g}",
        ]
        if event.cameo:
            lines.append(f"{s}{p['cameoRoot']} {_literal(event.cameo)}{g}")
        if event.place:
            lines.append(f"{s}{p['place']} {_literal(event.place)}{g}")
        if event.first:
            lines.append(f"{s}{date} {_literal(event.first)}{g}")
            lines.append(f"{s}{p['lastDate']} {_literal(event.last)}{g}")
        lines += [f"{s}{derived} <{r.claim}>{g}" for r in event.reports]
        lines += [f"{s}{p['reportedIn']} <{doc}>{g}" for doc in event.documents]
    return "".join(lines)


def gazetteer_triples(iri: str, entry, parent_entry=None) -> Iterator[Triple]:
    """What the gazetteer knows of an actor: its class, label, other names (alternative
    labels, so that the store alone resolves "US" or "Washington" to the actor a named query
    asks about) and parent (for roll-up).

    Parameters
    ----------
    iri : str
        The actor.
    entry : kg.actors.Entry
        Its gazetteer entry (``kind``, ``label``, ``part_of``).
    parent_entry : kg.actors.Entry, optional
        The entry of ``entry.part_of``, described too when given.
    """
    actor = URIRef(iri)
    yield actor, RDF.type, CKG[entry.kind]
    yield actor, RDF.type, CKG.Actor
    yield actor, SKOS.prefLabel, Literal(entry.label, lang="en")
    for name in entry.names:
        if name != entry.label:
            yield actor, SKOS.altLabel, Literal(name, lang="en")
    if entry.part_of:
        yield actor, CKG.partOf, URIRef(entry.part_of)
        if parent_entry is not None:
            yield from gazetteer_triples(entry.part_of, parent_entry)


@lru_cache(maxsize=4096)
def _gazetteer_description(iri: str, entry, parent_entry) -> tuple[Triple, ...]:
    """:func:`gazetteer_triples`, made once per actor: every document naming a state
    restates its many names, and making their rdflib literals again for each took a third of
    the time a build spent writing N-Quads."""
    return tuple(gazetteer_triples(iri, entry, parent_entry))


# N-Triples string escapes (https://www.w3.org/TR/n-triples/#grammar-production-ECHAR).
_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: URIRef | Literal) -> str:
    if type(term) is URIRef:  # most terms: checked first, isinstance on rdflib terms is slow
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ECHAR)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    return f"<{term}>"


def nquads(triples: Iterable[Triple], graph: URIRef) -> str:
    """Triples as N-Quads text in the named graph ``graph``, each once.

    >>> print(nquads([(DOC["d"], RDF.type, CKG.Document)] * 2, GRAPH["g"]), end="")
    <https://w3id.org/conflict-kg/doc/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/conflict-kg/ontology#Document> <https://w3id.org/conflict-kg/graph/g> .

    Building an rdflib ``Graph`` and serialising it costs several times more than writing the
    lines directly, and in a build this runs for every document.
    """
    g = f" <{graph}> .\n"
    lines = dict.fromkeys(f"{_nt(s)} {_nt(p)} {_nt(o)}{g}" for s, p, o in triples)
    return "".join(lines)


def _actor_description() -> frozenset[URIRef]:
    """What an actor is: its classes, labels, agent code and the links it rolls up along."""
    return frozenset(
        (
            RDF.type,
            SKOS.prefLabel,
            SKOS.altLabel,
            CKG.agentCode,
            *map(CKG.term, roll_up_properties()),
        )
    )


def document_nquads(triples: Iterable[Triple], graph: URIRef) -> str:
    """A document's triples as N-Quads for the store, the one form builds store documents in:
    in the document's named graph, except what an actor is (classes, labels and the links it
    rolls up along, :func:`kg.vocabulary.roll_up_properties`), which goes to the shared actors
    graph. Every document naming an actor would repeat those triples, and queries over the
    union of the graphs would see each label once per document (Oxigraph keeps the copies).

    Parameters
    ----------
    triples : iterable of (subject, predicate, object)
        The document's triples (:func:`document_triples`).
    graph : URIRef
        The document's graph (:func:`document_iri`).

    Returns
    -------
    str
        N-Quads text for :meth:`kg.store.Store.add_nquads`.
    """
    triples = list(triples)
    is_a, actor, description = RDF.type, CKG.Actor, _actor_description()
    actors = {s for s, p, o in triples if p == is_a and o == actor}
    own: list[Triple] = []
    shared: list[Triple] = []
    for t in triples:
        (shared if t[0] in actors and t[1] in description else own).append(t)
    return nquads(own, graph) + nquads(shared, ACTORS_GRAPH)


def stored_nquads(
    document: Document,
    claims: Iterable[Claim],
    mentions: Iterable[Mention] = (),
    gazetteer: Mapping[str, object] | None = None,
) -> str:
    """A document's N-Quads as a build stores them, written as text: the same string as
    ``document_nquads(document_triples(document, claims, mentions, gazetteer),
    document_iri(document))``, line for line.

    :func:`document_triples` makes an rdflib term for every subject, predicate and value, and
    :func:`nquads` writes each back out; a build only needs the text, and making those terms
    was most of the time it spent writing N-Quads. The lines follow
    :func:`document_triples` and :func:`claim_triples` statement for statement (change them
    together: ``tests/test_nquads.py`` compares the two on whole corpora); literals other than
    text and integers are written by rdflib once per value.
    """
    doc = f"<{document_iri(document)}>"
    is_a = _IS_A
    t: list[tuple[str, str, str]] = [(doc, is_a, _ckg("Document"))]
    t.append((doc, _DCT_IDENTIFIER, _text(document.id)))
    t.append((doc, _ckg("contentHash"), _text(document.content_hash)))
    for field, predicate in _DOCUMENT_FIELDS:
        if getattr(document, field):
            t.append((doc, f"<{predicate}>", _text(getattr(document, field))))
    mentions = tuple(mentions)
    claims = tuple(claims)
    named = _named(mentions, claims)
    for m in _spellings(named):
        actor = f"<{m.iri}>"
        t.append((actor, is_a, _ckg(m.kind)))
        t.append((actor, is_a, _ckg("Actor")))
        t.append((actor, _PREF_LABEL, _label(m.label)))
        if m.text != m.label:
            t.append((actor, _ALT_LABEL, _label(m.text)))
        if m.agent:
            t.append((actor, _ckg("agentCode"), _text(m.agent)))
    mentions_p = _ckg("mentions")
    t += [(doc, mentions_p, f"<{iri}>") for iri in dict.fromkeys(m.iri for m in named)]
    affiliated = _ckg("affiliatedWith")
    prefix = f"<{CLAIM}{document.content_hash[:16]}-"
    sentence_prefix = f"<{SENT}{document.content_hash[:32]}-"
    for c in claims:
        node = f"{prefix}{_claim_key(c)}>"
        sentence = f"{sentence_prefix}{c.sentence_start}-{c.sentence_end}>"
        source, target = f"<{c.source.iri}>", f"<{c.target.iri}>"
        t += [
            (sentence, is_a, _ckg("Sentence")),
            (sentence, _ckg("text"), _text(c.sentence_text)),
            (sentence, _ckg("start"), _text(c.sentence_start)),
            (sentence, _ckg("end"), _text(c.sentence_end)),
            (sentence, _DCT_IS_PART_OF, doc),
            (node, is_a, _ckg("Claim")),
            (node, _ckg("subject"), source),
            (node, _ckg("predicate"), _ckg(c.predicate)),
            (node, _ckg("object"), target),
            (node, _ckg("polarity"), _text(c.polarity)),
            (node, _ckg("negated"), _text(c.negated)),
            (node, _ckg("modality"), _text(c.modality)),
        ]
        if c.place:
            t.append((node, _ckg("placeName"), _text(c.place)))
        t += [
            (node, _ckg("confidence"), _decimal(round(c.confidence, 4))),
            (node, _ckg("sentence"), sentence),
            (node, _ckg("subjectText"), _text(c.source.text)),
            (node, _ckg("subjectStart"), _text(c.source.start)),
            (node, _ckg("subjectEnd"), _text(c.source.end)),
            (node, _ckg("objectText"), _text(c.target.text)),
            (node, _ckg("objectStart"), _text(c.target.start)),
            (node, _ckg("objectEnd"), _text(c.target.end)),
            (node, _ckg("trigger"), _text(c.trigger)),
            (node, _ckg("pattern"), _text(c.pattern)),
            (node, _DERIVED_FROM, doc),
        ]
        if c.cameo:
            t.append((node, _ckg("cameoCode"), _text(c.cameo)))
        if c.plover:
            t.append((node, _ckg("ploverCategory"), _text(c.plover)))
        if c.goldstein:
            t.append((node, _ckg("goldstein"), _decimal(c.goldstein)))
        if c.attributed_to is not None:
            t.append((node, _ckg("attributedTo"), f"<{c.attributed_to.iri}>"))
        if c.place:  # claim_triples' ckg:place, beside its ckg:placeName
            t.append((node, _ckg("place"), _text(c.place)))
        if c.modality == "asserted":
            t.append((source, _ckg(c.predicate), target))
        if gazetteer is not None and c.pattern == "person-affiliation" and c.modality == "asserted":
            t.append((source, affiliated, target))
    for m in mentions:
        if m.affiliation:
            t.append((f"<{m.iri}>", affiliated, f"<{m.affiliation}>"))
    if gazetteer is not None:
        found = (i for m in mentions for i in (m.iri, m.affiliation) if i)
        for iri in dict.fromkeys(found):
            entry = gazetteer.get(iri)
            if entry is not None:
                t += _gazetteer_lines(iri, entry, gazetteer.get(entry.part_of or ""))
    # Split and written as document_nquads does.
    actor_class, description = _ckg("Actor"), _actor_description_nt()
    actors = {s for s, p, o in t if p == is_a and o == actor_class}
    own, shared = [], []
    for s, p, o in t:
        (shared if s in actors and p in description else own).append(f"{s} {p} {o}")
    g, a = f" <{document_iri(document)}> .\n", f" <{ACTORS_GRAPH}> .\n"
    return "".join(line + g for line in dict.fromkeys(own)) + "".join(
        line + a for line in dict.fromkeys(shared)
    )


# A document's optional fields and the Dublin Core terms that carry them, in the order both
# writers (document_triples, stored_nquads) state them.
_DOCUMENT_FIELDS = (
    ("title", DCTERMS.title),
    ("date", DCTERMS.date),
    ("url", DCTERMS.source),
    ("source", DCTERMS.publisher),
)


def _named(mentions: tuple[Mention, ...], claims: tuple[Claim, ...]) -> list[Mention]:
    """Every mention a document's graph describes: its mentions, then each claim's ends and
    speaker, in that order."""
    named = [*mentions]
    for claim in claims:
        named += [claim.source, claim.target]
        if claim.attributed_to is not None:
            named.append(claim.attributed_to)
    return named


def _spellings(named: list[Mention]) -> Iterable[Mention]:
    """One mention per actor and spelling: an actor's triples once per name it goes by, not
    once per mention (a name recurs in an article)."""
    return {(m.iri, m.kind, m.label, m.text): m for m in named}.values()


def _claim_key(claim: Claim) -> str:
    """The second half of :func:`claim_iri`: a hash of who, what, whom and where."""
    key = (
        f"{claim.source.iri}|{claim.predicate}|{claim.target.iri}|{claim.source.start}|"
        f"{claim.target.start}|{claim.sentence_start}"
    )
    return hashlib.sha1(key.encode()).hexdigest()[:16]


@lru_cache(maxsize=4096)
def _ckg(name: str) -> str:
    """An ontology term as N-Triples."""
    return f"<{CKG[name]}>"


def _text(value: object) -> str:
    """``Literal(value)`` as N-Triples: text and integers written here, anything else (a
    boolean) by rdflib."""
    if type(value) is str:
        return f'"{value.translate(_ECHAR)}"'
    if type(value) is int:
        return f'"{value}"^^<{XSD.integer}>'
    return _nt(Literal(value))


def _label(value: str) -> str:
    """``Literal(value, lang="en")`` as N-Triples."""
    return f"{_text(value)}@en"


@lru_cache(maxsize=4096, typed=True)
def _decimal(value: object) -> str:
    """``Literal(value, datatype=XSD.decimal)`` as N-Triples, written by rdflib (its lexical
    form of a float), once per value."""
    return _nt(Literal(value, datatype=XSD.decimal))


@lru_cache(maxsize=4096)
def _gazetteer_lines(iri: str, entry, parent_entry) -> tuple[tuple[str, str, str], ...]:
    """:func:`gazetteer_triples` as N-Triples terms, once per actor."""
    return tuple(
        (_nt(s), _nt(p), _nt(o)) for s, p, o in _gazetteer_description(iri, entry, parent_entry)
    )


@lru_cache(maxsize=1)
def _actor_description_nt() -> frozenset[str]:
    return frozenset(f"<{p}>" for p in _actor_description())


_IS_A = f"<{RDF.type}>"
_PREF_LABEL, _ALT_LABEL = f"<{SKOS.prefLabel}>", f"<{SKOS.altLabel}>"
_DCT_IDENTIFIER, _DCT_IS_PART_OF = f"<{DCTERMS.identifier}>", f"<{DCTERMS.isPartOf}>"
_DERIVED_FROM = f"<{PROV.wasDerivedFrom}>"


def dataset(graphs: Iterable[Graph]) -> Dataset:
    """An rdflib dataset of named ``graphs``, with kg's prefixes bound (for TriG)."""
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    for g in graphs:
        named = ds.graph(g.identifier)
        for triple in g:
            named.add(triple)
    return ds


def analysis_triples(
    analysis: dict,
    generated: str,
    mixed: Mapping[tuple[str, str], Iterable[Mapping]] | None = None,
) -> Iterator[Triple]:
    """The analysis results as triples (of the graph ``graph/analysis``): blocs, centralities
    and balance figures, and the pairs of actors with both cooperative and conflictual claims
    (``mixed``, from
    :func:`kg.analysis.mixed_ties`: claims with their ``claim`` IRI and ``date``) as
    ``ckg:MixedTie`` nodes linked to those claims, each claim with its document's date
    (``dcterms:date``: one lookup less per claim for the switched-sides query, which dates
    every claim of every mixed tie).

    Parameters
    ----------
    analysis : dict
        What :func:`kg.analysis.analyse` returns.
    generated : str
        The run's time, ISO 8601 (``prov:generatedAtTime``).
    mixed : mapping, optional
        :func:`kg.analysis.mixed_ties`.
    """
    run = GRAPH["analysis/run"]
    yield run, RDF.type, CKG.Analysis
    yield run, PROV.generatedAtTime, Literal(generated, datatype=XSD.dateTime)
    balance = analysis["balance"]
    yield run, CKG.balancedTriangleShare, Literal(balance["balanced_share"], datatype=XSD.decimal)
    yield run, CKG.frustrationIndex, Literal(balance["frustration_index"])
    yield run, CKG.triangleCount, Literal(balance["triangles"])
    yield run, CKG.balancedTriangleCount, Literal(balance["balanced"])
    for b in analysis.get("brokers", []):
        yield run, CKG.broker, URIRef(b["actor"])
    for i, bloc in enumerate(analysis["blocs"], start=1):
        node = BLOC[str(i)]
        yield node, RDF.type, CKG.Bloc
        yield node, RDFS.label, Literal(f"Bloc {i}")
        for member in bloc:
            yield URIRef(member), CKG.inBloc, node
    fields = {
        "degree": CKG.degreeCentrality,
        "betweenness": CKG.betweenness,
        "pagerank": CKG.pageRank,
        "eigenvector": CKG.eigenvectorCentrality,
    }
    for actor, values in analysis["centrality"].items():
        node = URIRef(actor)
        for key, prop in fields.items():
            if key in values:
                yield node, prop, Literal(round(values[key], 6), datatype=XSD.decimal)
        yield node, CKG.positiveDegree, Literal(values["positive_degree"])
        yield node, CKG.negativeDegree, Literal(values["negative_degree"])
    for (a, b), claims in (mixed or {}).items():
        node = TIE[hashlib.sha256(f"{a}\n{b}".encode()).hexdigest()[:16]]
        yield node, RDF.type, CKG.MixedTie
        yield node, CKG.between, URIRef(a)
        yield node, CKG.between, URIRef(b)
        for claim in claims:
            iri = URIRef(claim["claim"])
            yield node, CKG.claim, iri
            if claim.get("date"):
                yield iri, DCTERMS.date, Literal(claim["date"])


def analysis_graph(
    analysis: dict,
    generated: str,
    mixed: Mapping[tuple[str, str], Iterable[Mapping]] | None = None,
) -> Graph:
    """The analysis results (:func:`analysis_triples`, same parameters) as an rdflib graph."""
    g = bind_prefixes(Graph(identifier=ANALYSIS_GRAPH))
    for triple in analysis_triples(analysis, generated, mixed):
        g.add(triple)
    return g


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples text, each once (as :func:`nquads`, without a graph)."""
    return "".join(dict.fromkeys(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples))
