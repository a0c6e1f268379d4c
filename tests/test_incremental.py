"""Incremental builds: the tally kept in the store equals one counted from scratch after any
sequence of builds, removals and loads, and so do the analysis, report and page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import analysis as an
from kg import api as kg
from kg import tally as tl
from kg.store import open_published, open_store

# Short wire items on a few camps, dated across two years (several periods).
ARTICLES = [
    ("a0", "2017-01-10", "The United States backs the Syrian Democratic Forces near Raqqa."),
    ("a1", "2017-02-03", "Russian aircraft bombed rebel positions near Aleppo on Monday."),
    (
        "a2",
        "2017-03-21",
        "Iran supports Hezbollah, officials said. Israel condemned the shipments.",
    ),
    ("a3", "2017-05-02", "Turkey did not attack the Kurdish militia, Ankara said."),
    ("a4", "2017-07-14", "Hezbollah fighters attacked Israeli positions in the Golan Heights."),
    ("a5", "2017-09-30", "The coalition struck Islamic State targets near Raqqa."),
    ("a6", "2018-01-08", "Russia and Iran agreed to deepen their military cooperation in Syria."),
    ("a7", "2018-02-19", "Saudi Arabia condemned Iran for backing the Houthis in Yemen."),
    ("a8", "2018-04-01", "The Houthis fired a missile at Riyadh, the Saudi military said."),
    ("a9", "2018-04-14", "France and Britain joined the United States in strikes on Syria."),
    ("a10", "2018-06-02", "Turkey attacked the Syrian Democratic Forces near Afrin."),
    ("a11", "2018-08-20", "The United States condemned Turkey for attacking the Kurdish militia."),
]


def write(path: Path, items: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for doc_id, date, text in items:
            f.write(json.dumps({"id": doc_id, "date": date, "text": text}) + "\n")
    return path


def outputs(out: Path) -> dict:
    """What a build leaves that must not depend on how the store got its documents."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    with open_published(out / "store") as store:
        tally = tl.read(store)
        analysis = sorted(
            (r["s"], r["p"], str(r["o"]))
            for r in store.select(
                "SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/conflict-kg/graph/analysis> "
                "{ ?s ?p ?o } FILTER (?p != prov:generatedAtTime) }"
            )
        )
    return {
        "report": report,
        "page": (out / "graph.html").read_text(encoding="utf-8"),
        "tally": tally,
        "analysis": analysis,
    }


def assert_same(got: dict, want: dict) -> None:
    assert got["tally"] == want["tally"]
    assert got["analysis"] == want["analysis"]
    assert got["report"] == want["report"]
    assert got["page"] == want["page"]


def test_builds_removal_and_a_new_window_equal_a_build_from_scratch(tmp_path):
    out = tmp_path / "grown"
    for i, part in enumerate((ARTICLES[:5], ARTICLES[5:8], ARTICLES[8:])):
        result = kg.build([write(tmp_path / f"part{i}.jsonl", part)], out=out, progress=False)
        assert result.documents_added == len(part)
    with open_published(out / "store") as store:
        assert tl.read(store) == _recounted(store)
    kg.remove("a6", out=out)
    window = {"since": "2017-03", "until": "2018-06-15"}
    kg.analyse(out=out, **window)

    kept = [a for a in ARTICLES if a[0] != "a6"]
    scratch = tmp_path / "scratch"
    kg.build([write(tmp_path / "all.jsonl", kept)], out=scratch, progress=False, **window)
    got, want = outputs(out), outputs(scratch)
    assert_same(got, want)
    assert got["report"]["window"] == window
    assert got["report"]["counts"]["documents"] == len(kept)
    # The removed document's claims are gone from the tally, not merely zero.
    assert not any(r.get("count", 1) <= 0 for r in got["tally"].rows())


def test_a_load_counts_everything_anew(tmp_path):
    """Loading another store's export (its tally with it) into a store: the tally is that of
    a build of both stores' documents."""
    first, second = tmp_path / "first", tmp_path / "second"
    kg.build([write(tmp_path / "p1.jsonl", ARTICLES[:6])], out=first, progress=False)
    kg.build([write(tmp_path / "p2.jsonl", ARTICLES[4:])], out=second, progress=False, export="nq")
    kg.load([second / "graph.nq"], out=first)
    both = tmp_path / "both"
    kg.build([write(tmp_path / "all.jsonl", ARTICLES)], out=both, progress=False)
    got, want = outputs(first), outputs(both)
    assert got["tally"] == want["tally"]
    assert got["report"]["counts"]["claims"] == want["report"]["counts"]["claims"]
    assert got["report"]["blocs"] == want["report"]["blocs"]


def test_a_tally_that_cannot_be_trusted_is_counted_anew(tmp_path):
    out = tmp_path / "out"
    kg.build([write(tmp_path / "p.jsonl", ARTICLES[:4])], out=out, progress=False)
    with open_store(out / "store") as store:
        good = tl.read(store)
        # Another version's tally, and a document counted that the store no longer has.
        stored = store.tally()
        store.replace_tally(stored.pairs, stored.documents, "0")
        assert tl.read(store) is None
        assert tl.refresh(store) == good
        store.update_tally({}, {}, counted=["https://w3id.org/conflict-kg/doc/gone"])
        assert tl.refresh(store) == good


def test_a_build_reads_only_the_claims_of_its_new_documents(tmp_path, monkeypatch):
    out = tmp_path / "out"
    kg.build([write(tmp_path / "p.jsonl", ARTICLES[:10])], out=out, progress=False)
    from kg.store import Store

    asked: list = []
    facts = Store.claim_facts

    def spy(self, documents=None):
        asked.append(None if documents is None else sorted(documents))
        return facts(self, documents)

    monkeypatch.setattr(Store, "claim_facts", spy)
    kg.build([write(tmp_path / "q.jsonl", ARTICLES[10:])], out=out, progress=False)
    assert len(asked) == 1 and asked[0] is not None and len(asked[0]) == 2


def test_the_analysis_of_tally_rows_equals_that_of_the_claims(example_build):
    """A cell standing for n claims counts as n claims (Tally.rows as claims with count)."""
    with open_published(example_build.out / "store") as store:
        rows = tl.read(store).rows()
        claims = store.claim_facts()
    assert sum(r["count"] for r in rows) == len(claims) == example_build.claims
    by_tally, by_claims = an.actor_graph(rows), an.actor_graph(claims)
    assert set(by_tally.edges()) == set(by_claims.edges())
    for u, v, d in by_claims.edges(data=True):
        e = by_tally[u][v]
        assert (e["count"], e["predicates"], e["sign"]) == (d["count"], d["predicates"], d["sign"])
        assert e["weight"] == pytest.approx(d["weight"])


def test_exports_are_written_when_asked_and_stale_ones_removed(tmp_path):
    out = tmp_path / "out"
    result = kg.build(out=out, progress=False, export="ttl,nq")
    assert {p.name for p in result.files} >= {"graph.ttl", "graph.nq", "graph.html"}
    assert (out / "graph.nq").stat().st_size > 0
    again = kg.analyse(out=out)
    assert not (out / "graph.ttl").exists() and not (out / "graph.nq").exists()
    assert {p.name for p in again.stale} == {"graph.ttl", "graph.nq"}


def _recounted(store) -> tl.Tally:
    tally = tl.Tally(documents=store.documents())
    tally.add(store.claim_facts())
    return tally


def test_events_that_grow_across_builds_move_their_claims_in_the_tally(tmp_path, monkeypatch):
    """Reports of one event arriving in different builds re-cluster its run of dates: claims
    already counted move to their new event (tl.relink), and the tally, analysis, report and
    page equal a build from scratch; after a removal, the tally still equals a recount."""
    corpus = Path(__file__).parent / "events" / "corpus.jsonl"
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    docs = docs[:40]
    moved: list[int] = []
    relink = tl.relink
    monkeypatch.setattr(tl, "relink", lambda store, m: (moved.append(len(m)), relink(store, m)))

    def part(path: Path, items: list[dict]) -> Path:
        path.write_text("".join(json.dumps(d) + "\n" for d in items), encoding="utf-8")
        return path

    out = tmp_path / "grown"
    # Every other report first, then the rest: most events gain reports in the second build.
    kg.build([part(tmp_path / "odd.jsonl", docs[1::2])], out=out, progress=False)
    kg.build([part(tmp_path / "even.jsonl", docs[::2])], out=out, progress=False)
    assert sum(moved) > 0
    scratch = tmp_path / "scratch"
    kg.build([part(tmp_path / "all.jsonl", docs)], out=scratch, progress=False)
    assert_same(outputs(out), outputs(scratch))

    kg.remove(docs[1]["id"], out=out)
    with open_published(out / "store") as store:
        assert tl.read(store) == _recounted(store)
        weighed = an.actor_graph(tl.read(store).rows())
        by_claims = an.actor_graph(store.claim_facts())
    assert {(u, v, round(d["weight"], 9), d["events"]) for u, v, d in weighed.edges(data=True)} == {
        (u, v, round(d["weight"], 9), d["events"]) for u, v, d in by_claims.edges(data=True)
    }


def test_a_warm_memo_gives_the_outputs_of_a_cold_one(tmp_path, monkeypatch):
    """The analysis memo kept beside the store (kg.memo): a publish that finds every period,
    bloc and component's centralities in it computes none again and writes the same outputs,
    byte for byte; a memo cut short, altered, or of another version is ignored."""
    from kg import memo as memo_file

    out = tmp_path / "out"
    kg.build([write(tmp_path / "all.jsonl", ARTICLES)], out=out, progress=False)
    path = out / memo_file.NAME
    assert memo_file.load(path), "the build keeps its memo"
    cold = outputs(out)

    passes: list = []
    leiden = an._leiden
    monkeypatch.setattr(
        an, "_leiden", lambda S, nodes, *rest: passes.append(nodes) or leiden(S, nodes, *rest)
    )
    measured: list = []
    measure = an._component_betweenness
    monkeypatch.setattr(
        an,
        "_component_betweenness",
        lambda nodes, *rest: measured.append(nodes) or measure(nodes, *rest),
    )
    monkeypatch.setattr(an, "MEMO_MIN_COMPONENT", 2)  # every component of this small store
    kg.analyse(out=out)  # the memo now holds the components too
    assert measured, "the centralities of the components are computed once"
    passes.clear()
    measured.clear()
    kg.analyse(out=out)
    assert passes == []  # no period and no component optimised again
    assert [nodes for nodes in measured if len(nodes) > 1] == []  # nor measured again
    assert_same(outputs(out), cold)

    # A memo whose entries are wrong is believed only if its checksum and version hold.
    good = json.loads(path.read_text(encoding="utf-8"))
    data = json.loads(good["data"])
    for entry in data["entries"].values():
        if "blocs" in entry:
            entry["blocs"] = [[i] for b in entry["blocs"] for i in b]  # every actor alone
        else:
            entry["pagerank"] = [1.0] * len(entry["pagerank"])  # every actor first
    wrong = json.dumps(data, separators=(",", ":"))
    odd = json.loads(good["data"])
    row = next(entry for entry in odd["entries"].values() if "actors" in entry)
    del row["actors"]  # a table row without its actor count: not an entry this code wrote
    odd = json.dumps(odd)
    for found in (
        {**good, "data": wrong},  # altered: its checksum fails
        {**good, "data": wrong, "sha256": tl_sha(wrong), "version": "0/" + good["version"]},
        {**good, "data": odd, "sha256": tl_sha(odd)},
        {**good, "data": good["data"][: len(good["data"]) // 2]},  # cut short
    ):
        path.write_text(json.dumps(found), encoding="utf-8")
        assert memo_file.load(path) == {}
        passes.clear()
        kg.analyse(out=out)
        assert passes, "computed anew"
        assert_same(outputs(out), cold)
    path.write_text("not json", encoding="utf-8")
    assert memo_file.load(path) == {}
    kg.analyse(out=out)
    assert_same(outputs(out), cold)


def tl_sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def test_a_memo_keeps_only_what_the_latest_publish_used(tmp_path):
    from kg import memo as memo_file

    out = tmp_path / "out"
    kg.build([write(tmp_path / "all.jsonl", ARTICLES)], out=out, progress=False)
    whole = set(memo_file.load(out / memo_file.NAME))
    kg.analyse(out=out, since="2018-01")
    windowed = set(memo_file.load(out / memo_file.NAME))
    assert windowed and windowed != whole
    # The 2017 periods are gone with the window; the window's own were kept.
    assert len(windowed) < len(whole)


def test_articles_of_another_conflict_reuse_the_components_already_measured(
    tmp_path, monkeypatch
):
    """The benchmark's case (benchmarks/bench_store.py, incremental): new articles whose
    actors share nothing with the store's add components of their own; the store's components
    are not measured again (their centralities come from the memo, kg.analysis.centrality),
    and the outputs equal a build from scratch, byte for byte."""
    monkeypatch.setattr(an, "MEMO_MIN_COMPONENT", 2)  # every component of these small stores
    measured: list = []
    measure = an._component_betweenness
    monkeypatch.setattr(
        an,
        "_component_betweenness",
        lambda nodes, *rest: measured.append(frozenset(nodes)) or measure(nodes, *rest),
    )
    elsewhere = [
        ("b0", "2018-09-03", "Azerbaijani forces shelled Armenian positions near Lachin."),
        ("b1", "2018-09-05", "Armenia accused Azerbaijan of attacking its border villages."),
    ]
    out = tmp_path / "grown"
    kg.build([write(tmp_path / "first.jsonl", ARTICLES)], out=out, progress=False)
    before = set(measured)
    measured.clear()
    kg.build([write(tmp_path / "more.jsonl", elsewhere)], out=out, progress=False)
    new = {n for nodes in measured for n in nodes}
    # Other actors: components of their own.
    assert before and new and all(not nodes & new for nodes in before)
    assert not before & set(measured)  # the store's components came from the memo
    scratch = tmp_path / "scratch"
    kg.build([write(tmp_path / "all.jsonl", ARTICLES + elsewhere)], out=scratch, progress=False)
    assert_same(outputs(out), outputs(scratch))
