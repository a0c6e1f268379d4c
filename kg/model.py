"""Modelling: claims and actors as RDF under the conflict ontology.

Namespaces are declared here once; every term is built through them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg.resources import ontology_path
from kg.types import Claim, Document, Mention

BASE = "https://w3id.org/conflict-kg/"
CKG = Namespace(BASE + "ontology#")
ACTOR = Namespace(BASE + "actor/")
DOC = Namespace(BASE + "doc/")
CLAIM = Namespace(BASE + "claim/")
SENT = Namespace(BASE + "sentence/")
BLOC = Namespace(BASE + "bloc/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_GRAPH = GRAPH["ontology"]
ANALYSIS_GRAPH = GRAPH["analysis"]
ACTORS_GRAPH = GRAPH["actors"]

PREFIXES = {
    "ckg": CKG,
    "actor": ACTOR,
    "doc": DOC,
    "claim": CLAIM,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}

PREDICATES = (
    "alliedWith",
    "supports",
    "opposes",
    "attacks",
    "fightsAgainst",
    "memberOf",
    "leads",
    "meetsWith",
    "locatedIn",
)


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The conflict ontology (``ontologies/conflict.ttl``)."""
    return Graph().parse(ontology_path("conflict.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _signs() -> dict[str, int]:
    onto = ontology()
    signs = {}
    for name in PREDICATES:
        sign = 0
        for parent in onto.transitive_objects(CKG[name], RDFS.subPropertyOf):
            value = onto.value(parent, CKG.sign)
            if value is not None:
                sign = int(value)
        signs[name] = sign
    return signs


def polarity_of(predicate: str) -> str:
    """``positive``/``negative``/``neutral`` from the predicate's super-property."""
    return {1: "positive", -1: "negative"}.get(_signs()[predicate], "neutral")


@lru_cache(maxsize=1)
def symmetric_predicates() -> frozenset[str]:
    onto = ontology()
    return frozenset(p for p in PREDICATES if (CKG[p], RDF.type, OWL.SymmetricProperty) in onto)


def document_iri(document: Document) -> URIRef:
    """A document's IRI comes from its content hash: the same text is stored once."""
    return DOC[document.content_hash[:32]]


def claim_iri(document: Document, claim: Claim) -> URIRef:
    key = (
        f"{claim.source.iri}|{claim.predicate}|{claim.target.iri}|{claim.source.start}|"
        f"{claim.target.start}|{claim.sentence_start}"
    )
    import hashlib

    return CLAIM[f"{document.content_hash[:16]}-{hashlib.sha1(key.encode()).hexdigest()[:16]}"]


def sentence_iri(document: Document, start: int, end: int) -> URIRef:
    return SENT[f"{document.content_hash[:32]}-{start}-{end}"]


def actor_triples(mention: Mention, graph: Graph) -> None:
    actor = URIRef(mention.iri)
    graph.add((actor, RDF.type, CKG[mention.kind]))
    graph.add((actor, RDF.type, CKG.Actor))
    graph.add((actor, SKOS.prefLabel, Literal(mention.label, lang="en")))
    if mention.text != mention.label:
        graph.add((actor, SKOS.altLabel, Literal(mention.text, lang="en")))


def document_graph(
    document: Document, claims: Iterable[Claim], mentions: Iterable[Mention] = ()
) -> Graph:
    """The named graph of one document: the document, its sentences, its claims, the actors
    they name, and the direct triples of the claims it asserts."""
    g = bind_prefixes(Graph(identifier=document_iri(document)))
    doc = document_iri(document)
    g.add((doc, RDF.type, CKG.Document))
    g.add((doc, DCTERMS.identifier, Literal(document.id)))
    g.add((doc, CKG.contentHash, Literal(document.content_hash)))
    if document.title:
        g.add((doc, DCTERMS.title, Literal(document.title)))
    if document.date:
        g.add((doc, DCTERMS.date, Literal(document.date)))
    if document.url:
        g.add((doc, DCTERMS.source, Literal(document.url)))
    if document.source:
        g.add((doc, DCTERMS.publisher, Literal(document.source)))
    for mention in mentions:
        actor_triples(mention, g)
    for claim in claims:
        add_claim(g, document, claim)
    return g


def add_claim(g: Graph, document: Document, claim: Claim) -> URIRef:
    """Reify one claim with its evidence (PROV-O) and, if asserted, add the direct triple."""
    node = claim_iri(document, claim)
    sentence = sentence_iri(document, claim.sentence_start, claim.sentence_end)
    source, target = URIRef(claim.source.iri), URIRef(claim.target.iri)
    actor_triples(claim.source, g)
    actor_triples(claim.target, g)
    g.add((sentence, RDF.type, CKG.Sentence))
    g.add((sentence, CKG.text, Literal(claim.sentence_text)))
    g.add((sentence, CKG.start, Literal(claim.sentence_start)))
    g.add((sentence, CKG.end, Literal(claim.sentence_end)))
    g.add((sentence, DCTERMS.isPartOf, document_iri(document)))
    for triple in (
        (node, RDF.type, CKG.Claim),
        (node, CKG.subject, source),
        (node, CKG.predicate, CKG[claim.predicate]),
        (node, CKG.object, target),
        (node, CKG.polarity, Literal(claim.polarity)),
        (node, CKG.negated, Literal(claim.negated)),
        (node, CKG.confidence, Literal(round(claim.confidence, 4), datatype=XSD.decimal)),
        (node, CKG.sentence, sentence),
        (node, CKG.subjectText, Literal(claim.source.text)),
        (node, CKG.subjectStart, Literal(claim.source.start)),
        (node, CKG.subjectEnd, Literal(claim.source.end)),
        (node, CKG.objectText, Literal(claim.target.text)),
        (node, CKG.objectStart, Literal(claim.target.start)),
        (node, CKG.objectEnd, Literal(claim.target.end)),
        (node, CKG.trigger, Literal(claim.trigger)),
        (node, CKG.pattern, Literal(claim.pattern)),
        (node, PROV.wasDerivedFrom, document_iri(document)),
    ):
        g.add(triple)
    if claim.cameo:
        g.add((node, CKG.cameoCode, Literal(claim.cameo)))
    if claim.plover:
        g.add((node, CKG.ploverCategory, Literal(claim.plover)))
    if claim.goldstein:
        g.add((node, CKG.goldstein, Literal(claim.goldstein, datatype=XSD.decimal)))
    if claim.attributed_to is not None:
        actor_triples(claim.attributed_to, g)
        g.add((node, CKG.attributedTo, URIRef(claim.attributed_to.iri)))
    if not claim.negated:
        g.add((source, CKG[claim.predicate], target))
    return node


def dataset(graphs: Iterable[Graph]) -> Dataset:
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace)
    for g in graphs:
        named = ds.graph(g.identifier)
        for triple in g:
            named.add(triple)
    return ds


def gazetteer_triples(graph: Graph, iri: str, entry, parent_entry=None) -> None:
    """What the gazetteer knows of an actor: its class, labels and parent (for roll-up)."""
    actor = URIRef(iri)
    graph.add((actor, RDF.type, CKG[entry.kind]))
    graph.add((actor, RDF.type, CKG.Actor))
    graph.add((actor, SKOS.prefLabel, Literal(entry.label, lang="en")))
    if entry.part_of:
        graph.add((actor, CKG.partOf, URIRef(entry.part_of)))
        if parent_entry is not None:
            gazetteer_triples(graph, entry.part_of, parent_entry)


def analysis_graph(labels: dict[str, str], analysis: dict, generated: str) -> Graph:
    """The analysis results as RDF: blocs, centralities and balance figures."""
    from rdflib import BNode  # noqa: F401  (kept local: only the analysis graph needs it)

    g = bind_prefixes(Graph(identifier=ANALYSIS_GRAPH))
    run = GRAPH["analysis/run"]
    g.add((run, RDF.type, CKG.Analysis))
    g.add((run, PROV.generatedAtTime, Literal(generated, datatype=XSD.dateTime)))
    balance = analysis["balance"]
    g.add(
        (run, CKG.balancedTriangleShare, Literal(balance["balanced_share"], datatype=XSD.decimal))
    )
    g.add((run, CKG.frustrationIndex, Literal(balance["frustration_index"])))
    g.add((run, CKG.triangleCount, Literal(balance["triangles"])))
    g.add((run, CKG.balancedTriangleCount, Literal(balance["balanced"])))
    for b in analysis.get("brokers", []):
        g.add((run, CKG.broker, URIRef(b["actor"])))
    for i, bloc in enumerate(analysis["blocs"], start=1):
        node = BLOC[str(i)]
        g.add((node, RDF.type, CKG.Bloc))
        g.add((node, RDFS.label, Literal(f"Bloc {i}")))
        for member in bloc:
            g.add((URIRef(member), CKG.inBloc, node))
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
                g.add((node, prop, Literal(round(values[key], 6), datatype=XSD.decimal)))
        g.add((node, CKG.positiveDegree, Literal(values["positive_degree"])))
        g.add((node, CKG.negativeDegree, Literal(values["negative_degree"])))
    return g
