"""The store's fast path: N-Quads written directly (no rdflib graph) hold exactly the triples of
the rdflib document graph, and awkward literals survive the trip into Oxigraph."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kg import model
from kg.extraction import extract_documents
from kg.gazetteer import load_gazetteer
from kg.reading import read_documents
from kg.resources import example_path
from kg.store import open_store
from kg.types import Claim, Document, Mention


def _as_nquads(graph: Graph) -> str:
    """rdflib's own N-Triples of a graph, put in its named graph."""
    suffix = f" <{graph.identifier}> .\n"
    return "".join(line[:-2] + suffix for line in graph.serialize(format="nt").splitlines() if line)


def _oxigraph_triples(text: str) -> set[str]:
    """The triples of N-Quads text as Oxigraph parses them (one spelling for both sides)."""
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.N_QUADS)
    return {str(ox.Triple(q.subject, q.predicate, q.object)) + " ." for q in store}


def test_example_article_nquads_equal_the_rdflib_graph():
    gazetteer = load_gazetteer()
    (x,) = extract_documents(read_documents([example_path()]), rdf=True)
    assert x.claims and x.rdf
    graph = model.document_graph(x.document, x.claims, x.mentions, gazetteer.entries)
    assert _oxigraph_triples(x.rdf) == _oxigraph_triples(_as_nquads(graph))
    # Every line is in the document's own named graph, or (what an actor is: class, labels,
    # parent) in the shared actors graph, and none is repeated.
    lines = x.rdf.splitlines()
    assert len(lines) == len(set(lines)) == len(graph)
    own, actors = f" <{model.document_iri(x.document)}> .", f" <{model.ACTORS_GRAPH}> ."
    assert all(line.endswith((own, actors)) for line in lines)
    assert any(line.endswith(actors) for line in lines)
    assert not any(line.endswith(actors) and "ontology#Claim" in line for line in lines)


def test_awkward_literals_survive_the_store():
    text = 'He said "no" \\ then:\nIS attacked Kobani.\r\tEnd — ünïcode.'
    document = Document('q"uote\\d', text, title='A "title"\nwith a break')
    iraq = Mention("Iraq", 0, 4, "https://w3id.org/conflict-kg/actor/IRQ", "Iraq", "State", "GPE")
    isil = Mention(
        'IS "fighters"', 5, 7, "https://w3id.org/conflict-kg/actor/ISIL", "IS", "ArmedGroup"
    )
    claim = Claim(
        doc_id=document.id,
        source=isil,
        predicate="attacks",
        target=iraq,
        polarity="negative",
        negated=False,
        confidence=0.8,
        sentence_start=0,
        sentence_end=len(text),
        sentence_text=text,
        trigger="attacked",
        pattern="svo",
        goldstein=-10.0,
    )
    triples = list(model.document_triples(document, [claim], [iraq, isil]))
    quads = model.nquads(triples, model.document_iri(document))
    store = open_store(None)
    assert store.add_nquads([(str(model.document_iri(document)), quads)]).added == 1
    rows = store.select(
        "SELECT ?t ?id ?title WHERE { ?s ckg:text ?t . ?d dcterms:identifier ?id ; dcterms:title ?title }"
    )
    assert rows == [{"t": text, "id": document.id, "title": document.title}]
    graph = model.document_graph(document, [claim], [iraq, isil])
    assert _oxigraph_triples(quads) == _oxigraph_triples(_as_nquads(graph))
    # Adding the same document again changes nothing.
    assert store.add_nquads([(str(model.document_iri(document)), quads)]).skipped == 1
