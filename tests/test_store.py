"""The store: incremental builds, remove, transactions, exports and the named queries, checked
against what the example article (and three short dated articles) say."""

from __future__ import annotations

import inspect
import json
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest
from conftest import AUS, COALITION, ISIL, RUS, SDF, SYR, USA
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from typer.testing import CliRunner

import kg
import kg.api
from kg import model, named
from kg.cli import app
from kg.errors import InputError, StoreError
from kg.store import open_published, open_store

runner = CliRunner()
TUR = "https://w3id.org/conflict-kg/actor/TUR"
HEZBOLLAH = "https://w3id.org/conflict-kg/actor/Hezbollah"

# Three short dated wire items: Turkey backs the SDF in 2016 and attacks it in 2018; Iran backs
# Hezbollah, which attacks the SDF, which the United States backs.
MINI = [
    {
        "id": "turkey-2016",
        "date": "2016-03-02",
        "title": "Ankara and the Kurds",
        "url": "https://example.org/turkey-2016",
        "source": "Example Wire",
        "text": "Turkey supported the Syrian Democratic Forces in the battle for Manbij.",
    },
    {
        "id": "turkey-2018",
        "date": "2018-01-21",
        "title": "Operation Olive Branch",
        "text": "Turkey attacked the Syrian Democratic Forces near Afrin.",
    },
    {
        "id": "iran-proxy",
        "date": "2018-02-10",
        "text": "Iran supports Hezbollah. Hezbollah attacked the Syrian Democratic Forces near "
        "Deir ez-Zor. The United States backs the Syrian Democratic Forces.",
    },
]


def _write_mini(path):
    path.write_text("".join(json.dumps(d) + "\n" for d in MINI), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """The example article, then the three wire items added to the same store."""
    out = tmp_path_factory.mktemp("mini")
    first = kg.build(out=out)
    again = kg.build(out=out)
    more = kg.build([_write_mini(out / "mini.jsonl")], out=out)
    return {"out": out, "first": first, "again": again, "more": more}


def _store(out):
    """A reader of the store published in ``out``: use it in a ``with`` block."""
    return open_published(out / "store")


def _size(out) -> int:
    with _store(out) as store:
        return len(store)


def _select(out, sparql: str) -> list[dict]:
    with _store(out) as store:
        return store.select(sparql)


def _published(out) -> tuple[str, set[str]]:
    """The published snapshot's name and its quads."""
    with _store(out) as store:
        quads = {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}
        return store.snapshot.name, quads


def _live(out) -> set[str]:
    """Every quad of the live store in ``out``, as a writer's session finds it."""
    with open_store(out / "store") as store:
        return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, None)}


def _names(rows, key):
    return {r[key] for r in rows}


# ---------------------------------------------------------------- incremental and idempotent
def test_building_again_changes_nothing_and_new_documents_add(mini):
    first, again, more = mini["first"], mini["again"], mini["more"]
    assert (first.documents_added, first.documents_skipped) == (1, 0)
    assert (again.documents_added, again.documents_skipped) == (0, 1)
    assert again.report["counts"] == first.report["counts"]
    assert (more.documents_added, more.documents_skipped) == (3, 0)
    assert more.report["counts"]["documents"] == 4
    assert more.report["counts"]["claims"] == first.report["counts"]["claims"] + 5
    with _store(mini["out"]) as store:
        assert len(store.document_graphs()) == 4
        ids = {r["id"] for r in named.run(store, "documents")}
    assert ids == {"us-moscow-syria-talks", "turkey-2016", "turkey-2018", "iran-proxy"}


def test_the_same_text_under_another_id_is_stored_once(tmp_path):
    out = tmp_path / "out"
    path = _write_mini(tmp_path / "a.jsonl")
    kg.build([path], out=out)
    renamed = tmp_path / "b.jsonl"
    renamed.write_text(
        "".join(json.dumps({**d, "id": d["id"] + "-copy"}) + "\n" for d in MINI), encoding="utf-8"
    )
    result = kg.build([renamed], out=out)
    assert (result.documents_added, result.documents_skipped) == (0, 3)


# ---------------------------------------------------------------- remove
def test_remove_drops_one_document_and_recomputes_the_analysis(tmp_path):
    out = tmp_path / "out"
    kg.build([_write_mini(tmp_path / "mini.jsonl")], out=out)
    with _store(out) as before:
        assert named.run(before, "switched-sides")
        n_before = len(before)
    result = runner.invoke(app, ["remove", "turkey-2018", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("removed https://w3id.org/conflict-kg/doc/")
    with _store(out) as store:
        assert len(store.document_graphs()) == 2 and len(store) < n_before
        assert not named.run(store, "switched-sides")
        assert not [r for r in named.run(store, "enemies-of", {"actor": "Turkey"})]
    report = json.loads((out / "report.json").read_text())
    assert report["counts"]["documents"] == 2
    missing = runner.invoke(app, ["remove", "turkey-2018", "--out", str(out)])
    assert missing.exit_code == 2
    assert missing.stderr.strip() == (
        f"kg: error: no document 'turkey-2018' in {out / 'store'} (give its id or hash)"
    )


def _actor_labels(out) -> set[str]:
    rows = _select(
        out, f"SELECT ?l WHERE {{ GRAPH <{model.ACTORS_GRAPH}> {{ ?a skos:prefLabel ?l }} }}"
    )
    return {r["l"] for r in rows}


def test_remove_drops_the_actors_no_other_document_names(tmp_path):
    docs = [
        {
            "id": "afrin",
            "text": "Turkey attacked the Syrian Democratic Forces near Afrin. "
            "The Syrian army shelled Idlib.",
        },
        {"id": "iran", "text": "Iran supports Hezbollah and Syria."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    out = tmp_path / "out"
    kg.build([path], out=out)
    assert {"Iran", "Hezbollah", "Syria", "Turkey"} <= _actor_labels(out)
    kg.api.remove("iran", out=out)
    # Iran and Hezbollah go with the only document naming them; Syria stays, since the
    # Syrian army, still named, rolls up to it (and Idlib, shelled, is Syria's civilians).
    assert _actor_labels(out) == {
        "Turkey",
        "Syrian Democratic Forces",
        "Syrian government forces",
        "Syria",
        "Syrian civilians",
    }
    kg.api.remove("afrin", out=out)
    assert _actor_labels(out) == set()


# ---------------------------------------------------------------- transactions
def test_a_failed_batch_stores_nothing_and_the_store_reopens_as_it_was(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.add_nquads([_doc_nquads("a")])
        before = len(store)
        good = _doc_nquads("b")
        iri, text = _doc_nquads("c")
        # A truncated last line, as if the data were cut off mid-write.
        bad = (iri, text + "<https://w3id.org/conflict-kg/doc/c> <broken")
        with pytest.raises(StoreError, match="nothing stored"):
            store.add_nquads([good, bad])
        assert len(store) == before and not store.has_document(good[0])

        def failing():
            yield _doc_nquads("d")
            raise RuntimeError("extraction died")

        with pytest.raises(RuntimeError):
            store.add_nquads(failing())
    with open_store(tmp_path / "store") as reopened:
        assert len(reopened) == before
        assert reopened.document_graphs() == [str(model.DOC["a"])]


def _truncated(key: str) -> tuple[str, str]:
    iri, text = _doc_nquads(key)
    return iri, text + f"<{iri}> <broken"


def test_a_first_build_bulk_loads_and_its_failure_leaves_no_store(tmp_path):
    path = tmp_path / "store"
    with pytest.raises(StoreError, match="the session undoes"), open_store(path) as store:
        store.add_nquads([_doc_nquads("a")], atomic=False)
        assert store.document_graphs() == [str(model.DOC["a"])]
        store.add_nquads([_doc_nquads("b"), _truncated("c")], atomic=False)
    with open_store(path) as reopened:
        assert reopened.document_graphs() == [] and len(reopened) == 0


def test_batches_into_an_existing_store_stay_one_transaction_each(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.add_nquads([_doc_nquads("a")])
    with open_store(tmp_path / "store") as store:
        before = len(store)
        # Not a store this session made: no bulk loader, whatever the caller allows.
        with pytest.raises(StoreError, match="nothing stored"):
            store.add_nquads([_doc_nquads("b"), _truncated("c")], atomic=False)
        assert len(store) == before and store.document_graphs() == [str(model.DOC["a"])]


def test_a_failed_analysis_swap_keeps_the_old_analysis(tmp_path, monkeypatch):
    with open_store(tmp_path / "store") as store:
        old = Graph(identifier=model.ANALYSIS_GRAPH)
        old.add((model.ACTOR["USA"], model.CKG.pageRank, Literal(0.5)))
        store.replace_analysis(old)
        new = Graph(identifier=model.ANALYSIS_GRAPH)
        new.add((model.ACTOR["RUS"], model.CKG.pageRank, Literal(0.7)))
        import kg.store

        written = kg.store.ntriples
        monkeypatch.setattr(kg.store, "ntriples", lambda triples: written(triples) + " <broken")
        with pytest.raises(SyntaxError):
            store.replace_analysis(new)
        rows = store.select("SELECT ?a WHERE { ?a ckg:pageRank ?r }")
        assert [r["a"] for r in rows] == [USA]


def test_a_build_that_fails_mid_way_keeps_earlier_outputs(example_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    kg.build(out=out)
    before = _live(out)
    published = _size(out)
    report = (out / "report.json").read_bytes()
    from kg import extraction

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    # Writing a document's RDF fails after the build has started.
    monkeypatch.setattr(extraction, "stored_nquads", broken)
    with pytest.raises(RuntimeError):
        kg.build([_write_mini(tmp_path / "mini.jsonl")], out=out)
    assert _live(out) == before and _size(out) == published
    assert (out / "report.json").read_bytes() == report


# ---------------------------------------------------------------- exports
@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_export_formats_parse_back(example_build, tmp_path, fmt):
    out = example_build.out
    path = tmp_path / f"graph.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--to", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with _store(out) as store:
        back = ox.Store()
        back.load(path=str(path), format=ox.RdfFormat.from_extension(fmt))
        if fmt in ("nq", "trig", "jsonld"):  # every quad, in its graph
            assert len(back) == len(store)
            assert {g.value for g in back.named_graphs()} >= set(store.document_graphs())
        else:
            union = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            assert len(back) == len(list(union))


def test_export_actor_graph_only_to_stdout(example_build):
    result = runner.invoke(
        app, ["export", "--format", "nt", "--actors-only", "--out", str(example_build.out)]
    )
    assert result.exit_code == 0
    g = Graph().parse(data=result.stdout, format="nt")
    assert (
        model.ACTOR["USA"],
        model.CKG.supports,
        model.ACTOR["SDF"],
    ) in {(s, p, o) for s, p, o in g}
    assert not list(g.triples((None, RDF.type, model.CKG.Claim)))
    assert not list(g.triples((None, model.CKG.text, None)))


# ---------------------------------------------------------------- named queries
def test_every_named_query_has_a_description_and_typed_parameters():
    queries = named.available()
    assert {
        "allies-of",
        "enemies-of",
        "supporters-of",
        "evidence-for-edge",
        "actors-by-centrality",
        "bloc-members",
        "switched-sides",
        "proxies-against-allies",
        "documents",
    } <= set(queries)
    for q in queries.values():
        assert len(q.description) > 30, q.name
        for p in q.params:
            assert p.type in named.TYPES and p.description


def test_list_shows_every_named_query():
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for name in named.available():
        assert f"kg query --name {name}" in result.stdout
    assert "kg query --name allies-of --param actor=..." in result.stdout


@pytest.mark.parametrize("name", ["United States", "US", "U.S.", "America", "Washington", USA])
def test_an_actor_parameter_takes_any_of_its_names(example_build, name):
    with _store(example_build.out) as store:
        assert named.resolve_actor(store, name) == USA


def test_an_actor_known_only_to_the_store_resolves_by_its_label(example_build):
    with _store(example_build.out) as store:
        assert named.resolve_actor(store, "sergei ryabkov").endswith("/person/sergei-ryabkov")


def test_parameters_are_bound_never_pasted(example_build):
    with _store(example_build.out) as store:
        hostile = 'Syria" } } DROP ALL ; SELECT * { ?s ?p "'
        with pytest.raises(InputError, match="unknown actor"):
            named.run(store, "allies-of", {"actor": hostile})
        with pytest.raises(InputError, match="expected YYYY"):
            named.run(store, "switched-sides", {"since": '2017" ) } #'})
        with pytest.raises(InputError, match="missing --param actor"):
            named.run(store, "allies-of", {})
        assert len(store) == example_build.triples


def test_allies_of_the_united_states(example_build):
    rows = kg.api.named("allies-of", out=example_build.out, actor="United States")
    allies = _names(rows, "ally")
    # what the article says (extraction may add more allies, never the other side)
    assert {COALITION, SDF} <= allies and not allies & {ISIL, RUS, SYR}
    sdf = next(r for r in rows if r["ally"] == SDF)
    assert "US-backed Syrian Democratic Forces" in sdf["evidence"]


def test_allies_of_the_coalition_include_australia(example_build):
    rows = kg.api.named("allies-of", out=example_build.out, actor="coalition")
    allies = _names(rows, "ally")
    # and "allied fighters" (the article's own unnamed agent: "the US-led coalition and
    # allied fighters battle to oust Daesh")
    assert {USA, AUS} <= allies
    assert all(a.startswith(f"{model.ACTOR['agent']}/uaf/") for a in allies - {USA, AUS})


def test_enemies_of_the_coalition_leave_out_what_it_does_not_seek_to_fight(example_build):
    rows = kg.api.named("enemies-of", out=example_build.out, actor="Coalition")
    assert _names(rows, "enemy") == {ISIL, SYR}
    assert RUS not in _names(rows, "enemy")


def test_enemies_of_russia_via_its_deputy_foreign_minister(example_build):
    [row] = kg.api.named("enemies-of", out=example_build.out, actor="Russia")
    assert row["enemy"] == USA and "act of aggression" in row["evidence"]


def test_supporters_of_the_sdf(example_build):
    rows = kg.api.named("supporters-of", out=example_build.out, actor="Syrian Democratic Forces")
    assert _names(rows, "supporter") == {USA}


def test_evidence_for_an_edge_with_its_sentence_and_document(example_build, example_text):
    rows = kg.api.named(
        "evidence-for-edge", out=example_build.out, source="coalition", target="Syria"
    )
    asserted = [r for r in rows if not r["negated"]]
    negated = [r for r in rows if r["negated"]]
    assert [r["predicate"] for r in asserted] == ["attacks"]
    assert asserted[0]["objectText"] == "pro-regime ground forces"
    assert negated and all("does not seek to fight" in r["sentence"] for r in negated)
    for r in rows:
        assert example_text[r["start"] : r["end"]].strip() == r["sentence"]
        assert r["document"] == "us-moscow-syria-talks"
        assert r["title"] == "U.S. and Moscow in delicate talks on Syria tensions"


def test_actors_by_centrality_follow_the_report(example_build):
    rows = kg.api.named("actors-by-centrality", out=example_build.out)
    report = example_build.report
    assert len(rows) == report["counts"]["actors"]
    ranks = [r["pageRank"] for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    assert rows[0]["actor"] in {COALITION, USA}
    assert all(r["bloc"] for r in rows)


def test_bloc_members_match_the_report(example_build):
    rows = kg.api.named("bloc-members", out=example_build.out)
    blocs: dict[str, set] = {}
    for r in rows:
        blocs.setdefault(r["bloc"], set()).add(r["member"])
    assert sorted(map(sorted, blocs.values())) == sorted(
        sorted(b["member_ids"]) for b in example_build.report["blocs"]
    )
    [us_bloc] = [b for b in blocs.values() if USA in b]
    assert {USA, COALITION, SDF, AUS} <= us_bloc and ISIL not in us_bloc


def test_documents_lists_the_example_with_its_claims(example_build):
    [row] = kg.api.named("documents", out=example_build.out)
    assert row["id"] == "us-moscow-syria-talks"
    assert row["claims"] == example_build.report["counts"]["claims"]


def test_switched_sides_finds_turkey_turning_on_the_sdf(mini):
    out = mini["out"]
    [row] = kg.api.named("switched-sides", out=out)
    assert {row["a"], row["b"]} == {TUR, SDF}
    assert (row["before"], row["beforeDate"]) == ("supports", "2016-03-02")
    assert (row["after"], row["afterDate"]) == ("attacks", "2018-01-21")
    assert "Afrin" in row["afterEvidence"] and "Manbij" in row["beforeEvidence"]
    assert kg.api.named("switched-sides", out=out, since="2015", until="2018-01") == [row]
    assert not kg.api.named("switched-sides", out=out, since="2017")
    assert not kg.api.named("switched-sides", out=out, until="2017-12-31")


def test_the_analysis_keeps_turkey_and_the_sdf_as_a_mixed_tie(mini):
    # The one pair with claims of both signs, linked to those two claims and no others.
    rows = _select(
        mini["out"],
        """SELECT ?tie ?actor ?text WHERE { ?tie a ckg:MixedTie ; ckg:between ?actor ;
           ckg:claim/ckg:sentence/ckg:text ?text }""",
    )
    assert len({r["tie"] for r in rows}) == 1
    assert {r["actor"] for r in rows} == {TUR, SDF}
    assert {r["text"] for r in rows} == {
        "Turkey supported the Syrian Democratic Forces in the battle for Manbij.",
        "Turkey attacked the Syrian Democratic Forces near Afrin.",
    }


def test_no_named_query_repeats_a_row_when_actors_appear_in_many_documents(mini):
    # Oxigraph's union default graph keeps one copy of a triple per graph: labels of an actor
    # named in several documents must not multiply the rows.
    with _store(mini["out"]) as store:
        params = {"actor": "SDF", "source": "Turkey", "target": "SDF", "sponsor": "Iran"}
        for q in named.available().values():
            rows = named.run(
                store, q.name, {p.name: params[p.name] for p in q.params if p.required}
            )
            keys = [json.dumps(r, sort_keys=True, default=str) for r in rows]
            assert len(keys) == len(set(keys)), q.name


def test_proxies_of_iran_against_us_allies(mini):
    [row] = kg.api.named("proxies-against-allies", out=mini["out"], sponsor="Iran", actor="US")
    assert (row["proxy"], row["ally"], row["hostility"]) == (HEZBOLLAH, SDF, "attacks")
    assert row["supportEvidence"] == "Iran supports Hezbollah."
    assert "Deir ez-Zor" in row["hostilityEvidence"]
    assert (row["supportClaims"], row["hostilityClaims"]) == (1, 1)
    # the SDF is a US ally by the wire item and by the example article ("US-backed SDF")
    assert row["allianceClaims"] >= 2
    evidence = kg.api.named("evidence-for-edge", out=mini["out"], source="US", target="SDF")
    assert row["allianceEvidence"] in {r["sentence"] for r in evidence}


def test_evidence_carries_the_document_provenance(mini):
    rows = kg.api.named("evidence-for-edge", out=mini["out"], source="Turkey", target="SDF")
    by_doc = {r["document"]: r for r in rows}
    assert by_doc["turkey-2016"]["url"] == "https://example.org/turkey-2016"
    assert by_doc["turkey-2016"]["publisher"] == "Example Wire"
    assert by_doc["turkey-2018"]["date"] == "2018-01-21"
    assert by_doc["turkey-2018"]["title"] == "Operation Olive Branch"


def test_named_query_from_the_command_line(example_build):
    result = runner.invoke(
        app,
        [
            "query",
            "--name",
            "allies-of",
            "--param",
            "actor=United States",
            "--format",
            "json",
            "--out",
            str(example_build.out),
        ],
    )
    assert result.exit_code == 0, result.output
    api_rows = kg.api.named("allies-of", out=example_build.out, actor="United States")
    assert {r["ally"] for r in json.loads(result.stdout)} == _names(api_rows, "ally")
    assert {COALITION, SDF} <= _names(api_rows, "ally")
    bad = runner.invoke(app, ["query", "--name", "allies-of", "--param", "actor"])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "kg: error: --param 'actor': expected NAME=VALUE"
    unknown = runner.invoke(app, ["query", "--name", "friends-of"])
    assert unknown.stderr.strip() == (
        "kg: error: no named query 'friends-of'; `kg query --list` shows them"
    )


# ---------------------------------------------------------------- load
def test_an_export_loads_into_a_new_store_with_the_same_answers(mini, tmp_path):
    dump = tmp_path / "mini.nq"
    assert (
        runner.invoke(
            app, ["export", "--format", "nq", "--to", str(dump), "--out", str(mini["out"])]
        ).exit_code
        == 0
    )
    out = tmp_path / "copy"
    result = runner.invoke(app, ["load", str(dump), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _size(out) == _size(mini["out"])
    with _store(out) as copy, _store(mini["out"]) as original:
        assert copy.document_graphs() == original.document_graphs()
    for name, params in [("switched-sides", {}), ("allies-of", {"actor": "US"})]:
        assert kg.api.named(name, out=out, **params) == kg.api.named(
            name, out=mini["out"], **params
        )
    # Loading it again adds nothing: the same quads.
    again = runner.invoke(app, ["load", str(dump), "--out", str(out)])
    assert again.exit_code == 0 and _size(out) == _size(mini["out"])


def test_a_broken_file_loads_nothing(example_build, tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text(
        '<https://example.org/a> <https://example.org/b> "fine" .\n<a> <b> "broken .\n',
        encoding="utf-8",
    )
    fresh = runner.invoke(app, ["load", str(bad), "--out", str(tmp_path / "new")])
    assert fresh.exit_code == 3
    assert fresh.stderr.startswith(f"kg: error: {bad}: not valid nq (no store made): ")
    assert not (tmp_path / "new" / "store").exists()
    assert [p.name for p in (tmp_path / "new").iterdir()] == [".store.lock"]
    assert _live(tmp_path / "new") == set()  # a writer opens it again: nothing held
    out = tmp_path / "out"
    kg.build(out=out)
    before, published = _live(out), _published(out)
    existing = runner.invoke(app, ["load", str(bad), "--out", str(out)])
    assert existing.exit_code == 3 and "(nothing loaded)" in existing.stderr
    # The runner keeps the error's traceback, and so the frames of the failed load: its
    # writer must be closed all the same, or the next opening of the store would fail.
    assert _live(out) == before and _published(out) == published


# ---------------------------------------------------------------- writer sessions and readers
def _doc_nquads(key: str) -> tuple[str, str]:
    """A minimal document graph as a build stores it (:func:`kg.model.document_nquads`)."""
    doc = model.DOC[key]
    triples = [(doc, RDF.type, model.CKG.Document), (doc, model.CKG.contentHash, Literal(key))]
    return str(doc), model.document_nquads(triples, doc)


def _killed_writer(path, script: str) -> None:
    """Run ``script`` with ``store`` open as a writer in another process, which then dies
    without closing it (as SIGKILL would leave it)."""
    code = (
        "import os, sys\nfrom rdflib import Literal\nfrom rdflib.namespace import RDF\n"
        "from kg import model\n"
        "from kg.store import open_store\n"
        f"{inspect.getsource(_doc_nquads)}\nstore = open_store(sys.argv[1])\n{script}\n"
        "os._exit(9)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True)
    assert proc.returncode == 9, proc.stderr.decode()[-2000:]


def _documents(path) -> list[str]:
    with open_store(path) as store:
        return store.document_graphs()


def test_a_writer_killed_before_publishing_is_undone_and_readers_never_saw_it(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
    _killed_writer(path, "store.add_nquads([_doc_nquads('b')]); store.flush()")
    with open_published(path) as reader:  # readers need no recovery: the snapshot is whole
        assert reader.document_graphs() == [str(model.DOC["a"])]
    assert _documents(path) == [str(model.DOC["a"])]


def test_a_writer_killed_after_publishing_keeps_what_it_published(tmp_path):
    path = tmp_path / "store"
    _killed_writer(
        path,
        "store.add_nquads([_doc_nquads('a')]); store.publish()\n"
        "store.add_nquads([_doc_nquads('b')]); store.flush()",
    )
    assert _documents(path) == [str(model.DOC["a"])]


def test_a_killed_build_resumes_from_its_last_checkpoint(tmp_path):
    path = tmp_path / "store"
    _killed_writer(
        path,
        "store.add_nquads([_doc_nquads('a')]); store.checkpoint()\n"
        "store.add_nquads([_doc_nquads('b')]); store.flush()",
    )
    # Never published: readers find no finished build, the next writer the checkpoint.
    with pytest.raises(StoreError, match="no build has finished in this store yet"):
        open_published(path)
    assert _documents(path) == [str(model.DOC["a"])]


def test_a_failure_goes_back_to_the_last_publish_and_closes_the_writer(tmp_path):
    path = tmp_path / "store"
    with pytest.raises(RuntimeError), open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
        store.publish()
        store.add_nquads([_doc_nquads("b")])
        raise RuntimeError("disk full")
    # Closed at once: RocksDB's own lock is free in this very process.
    ox.Store(str(path))
    assert _documents(path) == [str(model.DOC["a"])]


def test_a_failed_first_session_leaves_no_store(tmp_path):
    path = tmp_path / "store"
    with pytest.raises(RuntimeError), open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
        raise RuntimeError("interrupted")
    assert not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock"]


def test_a_reader_keeps_its_snapshot_until_it_closes(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
    reader = open_published(path)
    held = reader.snapshot
    for key in ("b", "c"):
        with open_store(path) as store:
            store.add_nquads([_doc_nquads(key)])
    assert held.is_dir() and reader.document_graphs() == [str(model.DOC["a"])]
    reader.close()
    with open_store(path) as store:
        store.add_nquads([_doc_nquads("d")])
    snapshots = [p for p in (tmp_path / ".store-snapshots").iterdir() if p.is_dir()]
    assert not held.exists() and len(snapshots) == 1
    with pytest.raises(StoreError, match="closed"):
        reader.document_graphs()


def test_a_store_without_a_snapshot_is_published_for_its_first_reader(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
    shutil.rmtree(tmp_path / ".store-snapshots")  # as an older kg left it
    with open_published(path) as reader:
        assert reader.document_graphs() == [str(model.DOC["a"])]


def test_a_reader_of_a_store_whose_first_build_runs_gets_one_line(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        store.add_nquads([_doc_nquads("a")])
        with pytest.raises(StoreError) as error:
            open_published(path)
    assert str(error.value) == (
        f"{path}: a build is writing this store and none has finished yet; "
        "try again when it is done"
    )
