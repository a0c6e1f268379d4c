"""`kg validate`: the example store conforms to the SHACL shapes; broken claims are reported."""

from __future__ import annotations

import shutil

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.model import ACTOR, CKG, CLAIM, DOC, document_nquads
from kg.store import open_store

runner = CliRunner()


def test_the_example_store_conforms(example_build):
    result = runner.invoke(app, ["validate", "--out", str(example_build.out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("conforms: ")


def test_a_broken_claim_is_reported(example_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(example_build.out / "store", out / "store")
    claim = CLAIM["broken"]
    g = Graph(identifier=DOC["broken"])
    g.add((claim, RDF.type, CKG.Claim))
    g.add((claim, CKG.subject, ACTOR["USA"]))
    g.add((claim, CKG.object, ACTOR["USA"]))
    g.add((claim, CKG.predicate, CKG.likes))  # not a relation of the ontology
    g.add((claim, CKG.negated, Literal(False)))
    g.add((claim, CKG.polarity, Literal("positive")))
    g.add((claim, CKG.confidence, Literal("1.5", datatype=XSD.decimal)))
    with open_store(out / "store") as store:
        nquads = document_nquads(g, DOC["broken"])
        assert store.add_nquads([(str(DOC["broken"]), nquads)]).added == 1

    result = runner.invoke(app, ["validate", "--out", str(out)])
    assert result.exit_code == 4
    lines = result.stdout.splitlines()
    broken = [line for line in lines if "claim/broken" in line]
    assert any("ckg:predicate" in x and "relation of the conflict ontology" in x for x in broken)
    assert any("ckg:confidence" in x and "[0, 1]" in x and "1.5" in x for x in broken)
    assert any("prov:wasDerivedFrom" in x and "one document" in x for x in broken)
    assert any("ckg:sentence" in x and "evidence sentence" in x for x in broken)
    assert any("ckg:modality" in x and "asserted, negated, denied" in x for x in broken)
    assert len(broken) == len(lines) == 5  # the rest of the store still conforms
    assert result.stderr.strip() == f"kg: error: 5 SHACL violations in {out / 'store'}"
