"""The command line: outputs, the stable jsonl shape, one-line errors that lose nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


def test_extract_jsonl_has_the_stable_shape():
    result = runner.invoke(app, ["extract", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 10
    for row in rows:
        assert {
            "doc",
            "predicate",
            "polarity",
            "source",
            "target",
            "sentence",
            "negated",
            "confidence",
        } <= set(row)
        assert row["polarity"] in {"positive", "negative", "neutral"}
        for end in ("source", "target"):
            assert {"text", "start", "end", "id", "label", "type"} <= set(row[end])
            assert row[end]["id"].startswith("https://w3id.org/conflict-kg/actor/")
        assert set(row["sentence"]) == {"start", "end"}
        assert isinstance(row["negated"], bool) and 0 <= row["confidence"] <= 1


def test_extract_reads_jsonl_from_stdin():
    line = json.dumps({"id": "wire-7", "text": "Russia condemned the United States."})
    result = runner.invoke(app, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    [row] = [json.loads(x) for x in result.stdout.splitlines()]
    assert row["doc"] == "wire-7" and row["predicate"] == "opposes"
    assert row["source"]["text"] == "Russia" and row["source"]["start"] == 0


def test_extract_ttl():
    result = runner.invoke(app, ["extract", "--format", "ttl"])
    assert result.exit_code == 0
    assert "ckg:Claim" in result.stdout and "prov:wasDerivedFrom" in result.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file or directory"),
        (lambda d: _write(d / "empty.txt", b""), "file is empty"),
        (lambda d: _write(d / "blob.txt", bytes(range(256)) * 4), "not a text file"),
        (lambda d: _write(d / "bad.jsonl", b"{oops\n"), "no documents"),
    ],
)
def test_bad_input_one_line_error_and_earlier_output_intact(example_build, tmp_path, make, message):
    out = example_build.out
    before = {p.name: _digest(p) for p in out.iterdir() if p.is_file()}
    result = runner.invoke(app, ["build", str(make(tmp_path)), "--out", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("kg: error:") and message in lines[-1]
    assert "Traceback" not in result.output
    assert {p.name: _digest(p) for p in out.iterdir() if p.is_file()} == before


def test_no_traceback_from_the_real_console_script(tmp_path):
    path = _write(tmp_path / "blob.txt", b"\x00\x01\x02garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "extract", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"kg: error: {path}: not a text file (binary content)"


@pytest.mark.slow
def test_build_writes_every_output_and_is_idempotent(tmp_path):
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", "--out", str(out), "--export", "ttl,nq"])
    assert first.exit_code == 0, first.output
    for name in ("graph.ttl", "graph.nq", "graph.html", "report.json", "report.md"):
        assert (out / name).stat().st_size > 0
    assert "1 added, 0 already stored" in first.stdout
    again = runner.invoke(app, ["build", "--out", str(out)])
    assert "0 added, 1 already stored" in again.stdout
    counts = json.loads((out / "report.json").read_text())["counts"]
    assert counts["documents"] == 1
    html = (out / "graph.html").read_text()
    assert "cdn.jsdelivr" not in html and '<script src="http' not in html
    q = runner.invoke(
        app,
        [
            "query",
            "--out",
            str(out),
            "--format",
            "csv",
            "SELECT ?s ?o WHERE { ?s ckg:supports ?o }",
        ],
    )
    assert q.exit_code == 0
    assert "https://w3id.org/conflict-kg/actor/SDF" in q.stdout


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_query_answers_ask_and_construct(example_build):
    """`kg query` takes every query form its help names, not only SELECT."""
    out = str(example_build.out)
    ask = runner.invoke(
        app, ["query", "--out", out, "ASK { actor:USA ckg:supports actor:SDF }"]
    )
    assert (ask.exit_code, ask.stdout.strip()) == (0, "true")
    no = runner.invoke(
        app, ["query", "--out", out, "-f", "json", "ASK { actor:USA ckg:attacks actor:SDF }"]
    )
    assert json.loads(no.stdout) == {"boolean": False}
    graph = runner.invoke(
        app,
        ["query", "--out", out, "CONSTRUCT { ?a ckg:supports ?b } WHERE { ?a ckg:supports ?b }"],
    )
    assert graph.exit_code == 0
    from rdflib import Graph

    from kg.model import ACTOR, CKG

    triples = Graph().parse(data=graph.stdout, format="turtle")
    assert (ACTOR.USA, CKG.supports, ACTOR.SDF) in triples
    assert set(triples.predicates()) == {CKG.supports}
