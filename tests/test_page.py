"""The page's HTML and data, without a browser: self-contained, escaped, one edge per pair and
predicate with its evidence, and an honest note of what ``--max-nodes`` left out."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx

from kg import analysis as an
from kg import page
from tests.conftest import RUS, SDF, SYR, USA

HOSTILE_TITLE = "<script>window.__pwned='title'</script> Daily <img src=x onerror=\"alert(1)\">"
HOSTILE_SENTENCE = (
    "Russia backed the Syrian army </script><script>alert(2)</script> <!-- and ]]> as well."
)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of the JSON data element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data_json = ""
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_data = tag == "script" and dict(attrs).get("id") == "kg-data"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_json += data


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def assert_self_contained(html: str) -> None:
    """No element loads anything: no src/href, no CSS url() but data:, no @import."""
    tags = _parse(html).tags
    loading = [(t, a) for t, a in tags if {"src", "href", "srcset", "data", "action"} & set(a)]
    assert loading == []
    assert [t for t, _ in tags if t in ("link", "iframe", "object", "embed", "base")] == []
    assert "node_modules" not in html
    assert "@import" not in html
    assert re.findall(r"url\(\s*(?!['\"]?data:)[^)]{0,60}", html) == []
    # The CSP meta tag forbids every fetch in case something slipped through.
    assert "default-src 'none'" in html


def _claim(source, target, predicate, confidence, sentence, *, date=None, title=None):
    return {
        "source": source,
        "target": target,
        "predicate": predicate,
        "confidence": confidence,
        "negated": False,
        "date": date,
        "title": title,
        "doc": "doc:1",
        "sentence": sentence,
        "sentenceStart": 100,
    }


def _page(claims, labels, kinds=None, max_nodes=300):
    G = an.actor_graph(claims, labels=labels)
    results = an.analyse(G)
    evidence: dict = {}
    for c in claims:
        evidence.setdefault((c["source"], c["target"]), []).append(c)
    return page.page_data(G, results, evidence, kinds=kinds or {}, max_nodes=max_nodes)


LABELS = {USA: "United States", RUS: "Russia", SYR: "Syria", SDF: "Syrian Democratic Forces"}


def test_example_page_is_self_contained_and_draws_the_graph(example_build):
    html = (example_build.out / "graph.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    data = json.loads(_parse(html).data_json)
    report = example_build.report
    assert len(data["nodes"]) == report["counts"]["actors"]
    # Every actor tie appears, split by predicate.
    pairs = {(e["from"], e["to"]) for e in data["edges"]}
    assert len(pairs) == report["counts"]["actor_ties"]
    style = page.style()
    for e in data["edges"]:
        tie = data["ties"][e["id"]]
        assert e["color"] == style["predicates"][tie["predicate"]]["colour"]
        assert (e["arrows"] == "to") == tie["directed"]
        assert tie["claims"] and all(c["sentence"] for c in tie["claims"])
    # The US backs the SDF in the example: a blue "supports" arrow with its sentence.
    supports = [
        data["ties"][e["id"]]
        for e in data["edges"]
        if (e["from"], e["to"]) == (USA, SDF) and data["ties"][e["id"]]["predicate"] == "supports"
    ]
    assert supports and supports[0]["directed"]
    marked = [
        {c["sentence"][s:e] for s, e, _ in c["marks"]} for c in supports[0]["claims"] if c["marks"]
    ]
    assert any("SDF" in m or "Syrian Democratic Forces" in m for m in marked)
    # Node shape by kind, colour by bloc, size by PageRank.
    shapes = {n["id"]: n["shape"] for n in data["nodes"]}
    assert shapes[USA] == "dot" and shapes[SDF] == "triangle"
    bloc_of = {m: b["colour"] for b in data["blocs"] for m in b["members"]}
    for n in data["nodes"]:
        if n["label"] in bloc_of:
            assert n["color"] == bloc_of[n["label"]]
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    pagerank = {a["id"]: a["pagerank"] for a in report["top_actors"]}
    top = max(pagerank, key=pagerank.get)
    assert sizes[top] == max(sizes.values())


def test_article_text_cannot_close_the_script_or_inject_markup():
    claims = [
        _claim(RUS, SYR, "supports", 0.9, HOSTILE_SENTENCE, title=HOSTILE_TITLE),
        _claim(USA, RUS, "opposes", 0.7, "The United States opposes Russia.", title="Plain"),
    ]
    labels = {**LABELS, SYR: "Syria <img src=x onerror=alert(3)>"}
    data = _page(claims, labels)
    html = page.page_html(data)
    parsed = _parse(html)
    # Only our three scripts (data, vis-network, page) and no injected element or handler.
    assert [t for t, _ in parsed.tags if t == "script"] == ["script"] * 3
    assert [t for t, _ in parsed.tags if t == "img"] == []
    assert not any(k.startswith("on") for _, a in parsed.tags for k in a)
    assert_self_contained(html)
    # The data survives the escaping intact.
    assert json.loads(parsed.data_json) == json.loads(json.dumps(data))
    text = json.dumps(json.loads(parsed.data_json))
    assert "alert(2)" in text and "onerror=alert(3)" in text
    # The legend names the hostile actor escaped, as text.
    assert "Syria &lt;img src=x onerror=alert(3)&gt;" in html


def test_script_json_escapes_every_way_out_of_a_script_element():
    value = {"a": "</script>", "b": "<!--", "c": "]]>", "d": "\u2028\u2029", "e": "&amp;"}
    text = page.script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_one_edge_per_predicate_fanned_out_and_weighted():
    claims = [
        _claim(USA, SDF, "supports", 0.9, "The United States backed the SDF."),
        _claim(USA, SDF, "supports", 0.8, "The United States armed the SDF."),
        _claim(USA, SDF, "meetsWith", 0.5, "The United States met the SDF."),
        _claim(SDF, USA, "opposes", 0.4, "The SDF opposes the United States."),
    ]
    data = _page(claims, LABELS)
    by_predicate = {data["ties"][e["id"]]["predicate"]: e for e in data["edges"]}
    assert set(by_predicate) == {"supports", "meetsWith", "opposes"}
    # Parallel ties between one pair get different curvature.
    assert len({e["smooth"]["roundness"] for e in data["edges"]}) == 3
    assert by_predicate["supports"]["width"] > by_predicate["meetsWith"]["width"]
    assert by_predicate["supports"]["arrows"] == "to" and by_predicate["meetsWith"]["arrows"] == ""
    signs = {p: data["ties"][e["id"]]["sign"] for p, e in by_predicate.items()}
    assert signs == {"supports": 1, "meetsWith": 0, "opposes": -1}
    supports = data["ties"][by_predicate["supports"]["id"]]["claims"]
    assert [c["confidence"] for c in supports] == [0.9, 0.8]


def test_mentions_are_highlighted_with_browser_offsets():
    sentence = "😀 Russia backed the Syrian army."
    claim = {
        **_claim(RUS, SYR, "supports", 0.9, sentence),
        "subjectText": "Russia",
        "subjectStart": 102,
        "objectText": "Syrian army",
        "objectStart": 999,  # offsets that do not line up: found by text instead
    }
    marks = page._marks(claim, sentence)
    # JavaScript counts the emoji as two UTF-16 units.
    utf16 = sentence.encode("utf-16-le")
    assert [utf16[2 * s : 2 * e].decode("utf-16-le") for s, e, _ in marks] == [
        "Russia",
        "Syrian army",
    ]
    assert [role for *_, role in marks] == ["source", "target"]


def test_max_nodes_keeps_the_top_actors_and_says_what_was_left_out():
    G = nx.DiGraph()
    claims = []
    hub = "hub"
    for i in range(12):
        claims.append(_claim(hub, f"a{i}", "attacks", 0.8, f"Hub attacked A{i}."))
    claims.append(_claim("a0", "a1", "supports", 0.6, "A0 backed A1."))
    G = an.actor_graph(claims, labels={f"a{i}": f"Actor {i}" for i in range(12)} | {hub: "Hub"})
    results = an.analyse(G)
    evidence: dict = {}
    for c in claims:
        evidence.setdefault((c["source"], c["target"]), []).append(c)
    data = page.page_data(G, results, evidence, max_nodes=4)
    shown = {n["id"] for n in data["nodes"]}
    assert len(shown) == 4 and hub in shown
    ranked = sorted(G, key=lambda n: -results["centrality"][n]["pagerank"])
    assert results["centrality"][hub]["pagerank"] == results["centrality"][ranked[0]]["pagerank"]
    assert data["omitted"]["actors"] == 9
    drawn_ties = {(e["from"], e["to"]) for e in data["edges"]}
    assert data["omitted"]["ties"] == G.number_of_edges() - len(drawn_ties)
    assert data["omitted"]["claims"] == len(claims) - sum(
        len(t["claims"]) for t in data["ties"].values()
    )
    assert len(data["omitted"]["examples"]) == 9
    html = page.page_html(data)
    assert "Left out:" in html and "--max-nodes 4" in html
    assert "Left out:" not in page.page_html(page.page_data(G, results, evidence))


def test_kg_analyse_max_nodes_draws_the_top_actors_only(example_build, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "out"
    shutil.copytree(example_build.out, out)
    result = CliRunner().invoke(app, ["analyse", "--out", str(out), "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    html = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(_parse(html).data_json)
    top = [a["id"] for a in example_build.report["top_actors"][:3]]
    assert {n["id"] for n in data["nodes"]} == set(top)
    assert data["omitted"]["actors"] == example_build.report["counts"]["actors"] - 3
    assert "Left out:" in html
    assert_self_contained(html)


def test_only_the_predicates_the_actor_graph_counted_are_drawn():
    claims = [
        _claim(USA, SDF, "supports", 0.9, "The United States backed the SDF."),
        _claim(USA, SDF, "locatedIn", 0.9, "US troops are in SDF territory."),
    ]
    data = _page(claims, LABELS)
    assert [t["predicate"] for t in data["ties"].values()] == ["supports"]
    # A graph built elsewhere with a predicate the style does not know: drawn grey, named.
    G = nx.DiGraph()
    G.add_edge(USA, RUS, predicates={"negotiatesWith": 1}, weight=0.7, sign=0)
    G.nodes[USA]["label"], G.nodes[RUS]["label"] = "United States", "Russia"
    evidence = {(USA, RUS): [_claim(USA, RUS, "negotiatesWith", 0.7, "The US talked to Russia.")]}
    data = page.page_data(G, an.analyse(G), evidence)
    (edge,) = data["edges"]
    assert edge["color"] == page.DEFAULT_PREDICATE_STYLE["colour"]
    assert data["predicates"]["negotiatesWith"]["label"] == "negotiatesWith"
    assert "negotiatesWith" in page.page_html(data)
