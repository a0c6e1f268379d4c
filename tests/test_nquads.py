"""The store's fast path: N-Quads written directly (no rdflib graph) hold exactly the triples of
the rdflib document graph, a build's text (:func:`kg.model.stored_nquads`) is the rdflib
path's line for line, and awkward literals survive the trip into Oxigraph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import model
from kg.extraction import extract_documents
from kg.gazetteer import load_gazetteer
from kg.reading import read_documents
from kg.resources import example_path
from kg.store import open_store
from kg.types import Claim, Document, Mention
from tests.conftest import RE3D_DEV

EVENTS = Path(__file__).parent / "events" / "corpus.jsonl"


def _rdflib_path(document, claims, mentions, gazetteer) -> str:
    """What a build stored before it wrote its text directly: rdflib terms, then N-Quads."""
    triples = model.document_triples(document, claims, mentions, gazetteer)
    return model.document_nquads(triples, model.document_iri(document))


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


def _every_field(document: Document) -> tuple[list[Claim], list[Mention]]:
    """Claims and mentions using every optional field a document graph writes."""
    actor = "https://w3id.org/conflict-kg/actor/"
    iraq = Mention("Iraq", 0, 4, actor + "IRQ", "Iraq", "State", "GPE")
    isil = Mention("ISIS", 5, 9, actor + "ISIL", "IS", "ArmedGroup", agent="INS")
    person = Mention(
        "Ryabkov", 10, 17, actor + "ryabkov", "Sergei Ryabkov", "Person", affiliation=actor + "RUS"
    )
    base = dict(
        doc_id=document.id, polarity="negative", negated=False, sentence_start=0,
        sentence_end=20, sentence_text='He said "no"\nthen.', trigger="attacked",
    )  # fmt: skip
    claims = [
        Claim(source=isil, predicate="attacks", target=iraq, confidence=0.8, pattern="svo",
              cameo="190", plover="ASSAULT", goldstein=-10.0, place="Mosul", **base),
        Claim(source=iraq, predicate="attacks", target=isil, confidence=1.0, pattern="svo",
              goldstein=-9.5, attributed_to=person, modality="denied",
              **{**base, "negated": True}),
        Claim(source=person, predicate="affiliatedWith", target=iraq, confidence=2 / 3,
              pattern="person-affiliation", **{**base, "polarity": "neutral"}),
        Claim(source=iraq, predicate="supports", target=isil, confidence=1, pattern="svo",
              goldstein=3, **{**base, "polarity": "positive", "sentence_start": 21}),
    ]  # fmt: skip
    return claims, [iraq, isil, person, isil]


def test_stored_nquads_are_the_rdflib_paths_line_for_line():
    """Every optional field (title, date, URL, publisher, place, CAMEO, PLOVER, Goldstein,
    attribution, agent codes, affiliations, a modality other than asserted, integer and
    float confidences), with and without the gazetteer."""
    gazetteer = load_gazetteer().entries
    document = Document(
        'd"1\\', "Iraq ISIS Ryabkov", title="A\ttitle", date="2017-03-01",
        url="https://example.org/a", source="Reuters",
    )  # fmt: skip
    claims, mentions = _every_field(document)
    for entries in (gazetteer, None):
        text = model.stored_nquads(document, claims, mentions, entries)
        assert text == _rdflib_path(document, claims, mentions, entries)
    empty = Document("e", "")
    assert model.stored_nquads(empty, []) == _rdflib_path(empty, [], [], None)


@pytest.mark.slow
def test_stored_nquads_of_whole_corpora_are_the_rdflib_paths():
    """re3d-dev and the events corpus, as a build extracts them: the same text."""
    gazetteer = load_gazetteer().entries
    inputs = [*sorted(RE3D_DEV.glob("*/documents.json")), EVENTS]
    count = claims = 0
    for x in extract_documents(read_documents(inputs), rdf=True):
        assert x.rdf == _rdflib_path(x.document, x.claims, x.mentions, gazetteer), x.document.id
        count += 1
        claims += len(x.claims)
    assert count > 100 and claims > 300
