"""The vocabulary of claims is one table read from the ontology: a predicate declared in a copy
of ``ontologies/conflict.ttl``, and nowhere else, reaches every room that reads predicates."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF

from kg import analysis as an
from kg import model, page, vocabulary
from kg.resources import ontology_path
from kg.store import open_store
from kg.types import Claim, Document, Mention
from tests.conftest import RUS, SYR, USA

# Two new predicates, declared as the ontology's own are: a conflictual one, and a symmetric,
# structural one (neutral polarity) that the analysis counts as cooperation.
NEW_PREDICATES = """
ckg:blockades a owl:ObjectProperty , ckg:ClaimPredicate ;
    rdfs:subPropertyOf ckg:conflictsWith ;
    rdfs:label "blockades"@en .

ckg:tradesWith a owl:ObjectProperty , owl:SymmetricProperty , ckg:ClaimPredicate ;
    rdfs:label "trades with"@en ;
    rdfs:domain ckg:Actor ; rdfs:range ckg:Actor ;
    ckg:tieSign 1 .
"""


@pytest.fixture
def extended(tmp_path, monkeypatch):
    """The vocabulary of a copy of the ontology with NEW_PREDICATES, for this test only."""
    path = tmp_path / "conflict.ttl"
    path.write_text(ontology_path().read_text(encoding="utf-8") + NEW_PREDICATES, "utf-8")
    monkeypatch.setattr(vocabulary, "ontology_path", lambda name="conflict.ttl": path)
    vocabulary.vocabulary.cache_clear()
    yield vocabulary.vocabulary()
    vocabulary.vocabulary.cache_clear()


def test_the_shipped_vocabulary_has_two_signs_with_their_own_jobs():
    v = vocabulary.vocabulary()
    assert vocabulary.predicates() == (
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
    # Polarity (what the sentence states) and tie sign (how the analysis counts it) differ
    # exactly where the ontology says so: the structural memberOf and leads.
    differ = {
        p.name
        for p in v.predicates.values()
        if p.tie_sign is not None
        and p.tie_sign != {"positive": 1, "negative": -1}.get(p.polarity, 0)
    }
    assert differ == {"memberOf", "leads"}
    assert v.predicates["locatedIn"].tie_sign is None  # a place, not an actor: no tie
    assert v.roll_up == ("partOf", "affiliatedWith")


def test_a_predicate_added_to_the_ontology_reaches_every_reader(extended, tmp_path):
    # The table.
    assert extended.predicates["blockades"].super_property == "conflictsWith"
    assert vocabulary.predicates()[-2:] == ("blockades", "tradesWith")
    # Polarity, as the claim builder reads it.
    from kg.relations import claims as builder

    assert builder.polarity_of("blockades") == "negative"
    assert builder.polarity_of("tradesWith") == "neutral"
    # The analysis: tie signs in the signed graph and the side-switch candidates.
    claims = [
        {"source": RUS, "target": USA, "predicate": "blockades", "confidence": 0.9},
        {"source": SYR, "target": RUS, "predicate": "tradesWith", "confidence": 0.8},
        {"source": USA, "target": RUS, "predicate": "supports", "confidence": 0.5},
    ]
    G = an.actor_graph(claims)
    assert G[RUS][USA]["sign"] == -1 and G[SYR][RUS]["sign"] == 1
    assert list(an.mixed_ties(claims)) == [tuple(sorted((RUS, USA)))]
    # The page: the tie's sign, and an undirected edge for the symmetric predicate.
    results = an.analyse(G)
    evidence = {(c["source"], c["target"]): [c] for c in claims}
    view = page.page_data(G, results, evidence)["views"][0]
    ties = {view["ties"][e["id"]]["predicate"]: (e, view["ties"][e["id"]]) for e in view["edges"]}
    assert ties["blockades"][1]["sign"] == -1 and ties["blockades"][0]["arrows"] == "to"
    assert ties["tradesWith"][1]["sign"] == 1 and ties["tradesWith"][0]["arrows"] == ""
    # The store: the actor graph export carries the new tie.
    document = Document("d", "Russia blockaded the United States.")
    russia = Mention("Russia", 0, 6, RUS, "Russia", "State")
    america = Mention("the United States", 17, 34, USA, "United States", "State")
    claim = Claim("d", russia, "blockades", america, "negative", False, 0.9, 0, 35, document.text)
    triples = model.document_triples(document, [claim], [russia, america])
    iri = model.document_iri(document)
    with open_store(None) as store:
        store.add_nquads([(str(iri), model.document_nquads(triples, iri))])
        out = tmp_path / "actors.nt"
        store.export(out, "nt", actors_only=True)
    exported = out.read_text(encoding="utf-8")
    assert f"<{RUS}> <{model.CKG.blockades}> <{USA}> ." in exported
    assert f"<{RDF.type}>" not in exported  # the actor graph, not the claims
    assert Literal("Russia", lang="en").n3() in exported
