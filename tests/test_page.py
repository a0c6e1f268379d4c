"""The page's HTML and data, without a browser: self-contained, escaped, one edge per pair and
predicate with its evidence, an honest note of what ``--max-nodes`` left out, positions that
keep the sides apart, named sides, a rolled-up and a detailed view, and sides per period."""

from __future__ import annotations

import json
import math
import random
import re
from collections import Counter
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg import analysis as an
from kg import layout, page
from tests.conftest import RUS, SDF, SYR, SYR_MIL, USA

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


def _page(claims, labels, kinds=None, max_nodes=300, parents=None):
    parents = parents or {}
    G = an.actor_graph(claims, labels=labels, parents=parents)
    results = an.analyse(G)
    evidence: dict = {}
    for c in claims:
        pair = (an._root(c["source"], parents), an._root(c["target"], parents))
        evidence.setdefault(pair, []).append(c)
    return page.page_data(G, results, evidence, kinds=kinds or {}, max_nodes=max_nodes)


def planted_camps(camps=4, size=30, ties=3, seed=5):
    """Camps of actors: 80 % of ties inside a camp and cooperative, the rest across and
    conflictual, each a dated claim with a sentence (as bench_analysis.py, small)."""
    rng = random.Random(seed)
    n = camps * size
    verbs = {"alliedWith": "signed a pact with", "attacks": "shelled"}
    claims = []
    for u in range(n):
        for _ in range(ties):
            inside = rng.random() < 0.8
            v = (
                rng.randrange(u // size * size, u // size * size + size)
                if inside
                else rng.randrange(n)
            )
            if v == u or (v // size == u // size) != inside:
                continue
            predicate = "alliedWith" if inside else "attacks"
            claims.append(
                {
                    **_claim(
                        f"a{u}",
                        f"a{v}",
                        predicate,
                        round(rng.uniform(0.5, 1.0), 2),
                        f"Unit {u} {verbs[predicate]} unit {v}.",
                        date=f"2017-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
                        title=f"Report {len(claims) // 4}",
                    ),
                    "doc": f"doc:{len(claims) // 4}",
                }
            )
    labels = {f"a{i}": f"Camp {i // size} unit {i}" for i in range(n)}
    return claims, labels


def label_boxes(view, level):
    """The label boxes the page will draw at ``level``, as vis-network places them."""
    xy = view["levels"][level]["xy"]
    at = {n: (xy[2 * i], xy[2 * i + 1]) for i, n in enumerate(view["order"])}
    size = {n["id"]: n["size"] for n in view["nodes"]}
    font = page.style()["view"]["font"]
    boxes = []
    for n in view["nodes"]:
        if "label" in n:
            x, y = at[n["id"]]
            w = page.label_width(n["label"], font)
            top = y + size[n["id"]] + page.LABEL_DROP
            boxes.append((n["label"], x - w / 2, top, x + w / 2, top + font))
    return boxes


LABELS = {USA: "United States", RUS: "Russia", SYR: "Syria", SDF: "Syrian Democratic Forces"}


def test_example_page_is_self_contained_and_draws_the_graph(example_build):
    html = (example_build.out / "graph.html").read_text(encoding="utf-8")
    assert_self_contained(html)
    data = json.loads(_parse(html).data_json)
    report = example_build.report
    rolled, detailed = data["views"]
    assert (rolled["key"], detailed["key"]) == ("rolled", "detailed")
    assert len(rolled["nodes"]) == len(rolled["order"]) == report["counts"]["actors"]
    # Every actor tie appears, split by predicate.
    pairs = {(e["from"], e["to"]) for e in rolled["edges"]}
    assert len(pairs) == report["counts"]["actor_ties"]
    style = page.style()
    for e in rolled["edges"]:
        tie = rolled["ties"][e["id"]]
        assert e["color"] == style["predicates"][tie["predicate"]]["colour"]
        assert (e["arrows"] == "to") == tie["directed"]
        assert tie["claims"] and all(c["sentence"] for c in tie["claims"])
        # Each claim names its document (title, date) in the page's table of documents.
        assert all(data["documents"][c["doc"]]["title"] for c in tie["claims"])
    # The US backs the SDF in the example: a blue "supports" arrow with its sentence.
    supports = [
        rolled["ties"][e["id"]]
        for e in rolled["edges"]
        if (e["from"], e["to"]) == (USA, SDF) and rolled["ties"][e["id"]]["predicate"] == "supports"
    ]
    assert supports and supports[0]["directed"]
    marked = [
        {c["sentence"][s:e] for s, e, _ in c["marks"]} for c in supports[0]["claims"] if c["marks"]
    ]
    assert any("SDF" in m or "Syrian Democratic Forces" in m for m in marked)
    # Node shape by kind, colour by side (named as in the report), size by PageRank.
    shapes = {n["id"]: n["shape"] for n in rolled["nodes"]}
    assert shapes[USA] == "dot" and shapes[SDF] == "triangle"
    colour_of = {m: s["colour"] for s in rolled["sides"] for m in s["members"]}
    for n in rolled["nodes"]:
        assert n["color"] == colour_of.get(n["id"], style["no_bloc"])
    assert {s["name"] for s in rolled["sides"]} == {
        b["name"] for b in report["blocs"] if b["aligned"]
    }
    sizes = {n["id"]: n["size"] for n in rolled["nodes"]}
    assert max(sizes, key=sizes.get) == report["top_actors"][0]["id"]
    # Fewer than 30 actors: all named, all drawn at first.
    assert all("label" in n for n in rolled["nodes"])
    assert [lv["size"] for lv in rolled["levels"]] == [len(rolled["order"])]
    # The detailed view draws the regime forces apart from Syria, named by their mention.
    assert SYR_MIL in detailed["actors"] and SYR_MIL not in rolled["actors"]
    assert detailed["actors"][SYR_MIL]["label"].endswith("forces")


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
    # The data survives the escaping intact, the side named after the hostile actor too.
    assert json.loads(parsed.data_json) == json.loads(json.dumps(data))
    text = json.dumps(json.loads(parsed.data_json))
    assert "alert(2)" in text and "onerror=alert(3)" in text
    assert any("<img src=x" in s["name"] for s in data["views"][0]["sides"])
    assert "<img src=x onerror=alert(3)>" not in html


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
    (view,) = _page(claims, LABELS)["views"]
    by_predicate = {view["ties"][e["id"]]["predicate"]: e for e in view["edges"]}
    assert set(by_predicate) == {"supports", "meetsWith", "opposes"}
    # Parallel ties between one pair get different curvature.
    assert len({e["smooth"]["roundness"] for e in view["edges"]}) == 3
    assert by_predicate["supports"]["width"] > by_predicate["meetsWith"]["width"]
    assert by_predicate["supports"]["arrows"] == "to" and by_predicate["meetsWith"]["arrows"] == ""
    signs = {p: view["ties"][e["id"]]["sign"] for p, e in by_predicate.items()}
    assert signs == {"supports": 1, "meetsWith": 0, "opposes": -1}
    supports = view["ties"][by_predicate["supports"]["id"]]["claims"]
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
    (view,) = page.page_data(G, results, evidence, max_nodes=4)["views"]
    shown = {n["id"] for n in view["nodes"]}
    assert len(shown) == 4 and hub in shown
    ranked = sorted(G, key=lambda n: -results["centrality"][n]["pagerank"])
    assert results["centrality"][hub]["pagerank"] == results["centrality"][ranked[0]]["pagerank"]
    assert view["omitted"]["actors"] == 9
    drawn_ties = {(e["from"], e["to"]) for e in view["edges"]}
    assert view["omitted"]["ties"] == G.number_of_edges() - len(drawn_ties)
    assert view["omitted"]["claims"] == len(claims) - sum(
        len(t["claims"]) for t in view["ties"].values()
    )
    assert len(view["omitted"]["examples"]) == 9
    (everything,) = page.page_data(G, results, evidence)["views"]
    assert everything["omitted"]["actors"] == 0


def test_kg_analyse_max_nodes_draws_the_top_actors_only(example_build, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from kg.cli import app

    out = tmp_path / "out"
    shutil.copytree(example_build.out, out)
    result = CliRunner().invoke(app, ["analyse", "--out", str(out), "--max-nodes", "3"])
    assert result.exit_code == 0, result.output
    html = (out / "graph.html").read_text(encoding="utf-8")
    view = json.loads(_parse(html).data_json)["views"][0]
    top = [a["id"] for a in example_build.report["top_actors"][:3]]
    assert view["order"] == top and {n["id"] for n in view["nodes"]} == set(top)
    assert view["omitted"]["actors"] == example_build.report["counts"]["actors"] - 3
    assert_self_contained(html)


def test_only_the_predicates_the_actor_graph_counted_are_drawn():
    claims = [
        _claim(USA, SDF, "supports", 0.9, "The United States backed the SDF."),
        _claim(USA, SDF, "locatedIn", 0.9, "US troops are in SDF territory."),
    ]
    (view,) = _page(claims, LABELS)["views"]
    assert [t["predicate"] for t in view["ties"].values()] == ["supports"]
    # A graph built elsewhere with a predicate the style does not know: drawn grey, named.
    G = nx.DiGraph()
    G.add_edge(USA, RUS, predicates={"negotiatesWith": 1}, weight=0.7, sign=0)
    G.nodes[USA]["label"], G.nodes[RUS]["label"] = "United States", "Russia"
    evidence = {(USA, RUS): [_claim(USA, RUS, "negotiatesWith", 0.7, "The US talked to Russia.")]}
    data = page.page_data(G, an.analyse(G), evidence)
    (edge,) = data["views"][0]["edges"]
    assert edge["color"] == page.DEFAULT_PREDICATE_STYLE["colour"]
    assert data["predicates"]["negotiatesWith"]["label"] == "negotiatesWith"
    assert "negotiatesWith" in page.page_html(data)


def test_first_view_is_the_leading_actors_the_top_30_named():
    claims, labels = planted_camps()
    G = an.actor_graph(claims, labels=labels)
    results = an.analyse(G)
    (view,) = _page(claims, labels)["views"]
    pagerank = {n: results["centrality"][n]["pagerank"] for n in G}
    assert view["order"] == sorted(G, key=lambda n: (-pagerank[n], labels[n]))
    assert [lv["size"] for lv in view["levels"]] == [80, 120]
    named = [n["id"] for n in view["nodes"] if "label" in n]
    assert named == view["order"][:30]


def test_layout_keeps_sides_apart_the_same_every_time_with_labels_apart():
    claims, labels = planted_camps()
    data = _page(claims, labels)
    (view,) = data["views"]
    # The four planted camps come out as four named sides.
    assert len(view["sides"]) == 4
    assert all(s["name"].startswith("Camp ") and s["name"].endswith(" side") for s in view["sides"])
    camp = {n: int(labels[n].split()[1]) for n in view["order"]}
    majority = [Counter(camp[m] for m in s["members"]).most_common(1)[0] for s in view["sides"]]
    assert sorted(c for c, _ in majority) == [0, 1, 2, 3]
    assert all(
        k >= 0.9 * len(s["members"]) for (_, k), s in zip(majority, view["sides"], strict=True)
    )
    sides = [set(s["members"]) for s in view["sides"]]
    for i, level in enumerate(view["levels"]):
        xy = level["xy"]
        at = {n: (xy[2 * j], xy[2 * j + 1]) for j, n in enumerate(view["order"][: level["size"]])}
        assert layout.separation(at, sides) >= 2.0
        boxes = label_boxes(view, i)
        for j, a in enumerate(boxes):
            for b in boxes[j + 1 :]:
                assert a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2], (a, b)
    # Seeded: the same graph gives the same picture.
    assert _page(claims, labels)["views"][0]["levels"] == view["levels"]


def test_layout_functions():
    # Equal discs on the sunflower never overlap; push_apart meets every distance.
    import numpy as np

    offsets = layout.sunflower([10.0] * 500)
    d = np.sqrt(((offsets[:, None] - offsets[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 20
    # The disc they fill is not much larger than their area needs.
    assert np.hypot(*offsets.T).max() < 1.5 * 10 * np.sqrt(500)
    rng = np.random.default_rng(1)
    start = rng.normal(size=(30, 2))
    need = rng.uniform(5, 50, size=(30, 30))
    need = (need + need.T) / 2
    pos = layout.pack(start, need)
    gaps = np.sqrt(((pos[:, None] - pos[None]) ** 2).sum(-1)) - need
    np.fill_diagonal(gaps, 0)
    assert gaps.min() >= -0.5
    # One bloc: nothing to be apart from.
    assert math.isnan(layout.separation({"a": (0, 0), "b": (1, 1)}, [{"a", "b"}]))


def test_detailed_view_draws_roles_and_people_apart_from_their_state():
    parents = {SYR_MIL: SYR}
    claims = [
        {
            **_claim(SYR_MIL, SDF, "attacks", 0.9, "Regime forces attacked the SDF."),
            "subjectText": "Regime forces",
            "subjectStart": 100,
        },
        _claim(USA, SDF, "supports", 0.8, "The US backed the SDF."),
        _claim(RUS, SYR, "supports", 0.8, "Russia backed Syria."),
        _claim(USA, RUS, "opposes", 0.7, "The US opposes Russia."),
    ]
    rolled, detailed = _page(claims, LABELS, parents=parents)["views"]
    assert SYR_MIL not in rolled["actors"] and SYR in rolled["actors"]
    syria_attacks = [e for e in rolled["edges"] if (e["from"], e["to"]) == (SYR, SDF)]
    assert syria_attacks and rolled["ties"][syria_attacks[0]["id"]]["predicate"] == "attacks"
    assert detailed["actors"][SYR_MIL]["label"] == "Regime forces"
    assert {(e["from"], e["to"]) for e in detailed["edges"]} >= {(SYR_MIL, SDF), (RUS, SYR)}
    # Labels given by the caller name the detailed actors instead.
    G = an.actor_graph(claims, labels=LABELS, parents=parents)
    evidence: dict = {}
    for c in claims:
        evidence.setdefault((an._root(c["source"], parents), c["target"]), []).append(c)
    named = page.page_data(
        G, an.analyse(G), evidence, parents=parents, labels={SYR_MIL: "Syrian army"}
    )["views"][1]
    assert named["actors"][SYR_MIL]["label"] == "Syrian army"
    # Without roles rolled up there is one view.
    assert [v["key"] for v in _page(claims[1:], LABELS)["views"]] == ["actors"]


def defection():
    """Claims of two months: in January a, b and c against x and y; in March c has gone
    over to x and y."""

    def claim(s, t, p, d):
        sentence = f"{s.upper()} and {t.upper()}."
        return {**_claim(s, t, p, 0.9, sentence, date=d, title=f"News {d}"), "doc": f"doc:{d}"}

    return [
        claim("a", "b", "alliedWith", "2017-01-03"),
        claim("b", "c", "alliedWith", "2017-01-04"),
        claim("a", "c", "supports", "2017-01-05"),
        claim("x", "y", "alliedWith", "2017-01-06"),
        claim("a", "x", "attacks", "2017-01-07"),
        claim("c", "y", "attacks", "2017-01-08"),
        claim("a", "b", "alliedWith", "2017-03-03"),
        claim("x", "y", "alliedWith", "2017-03-04"),
        claim("c", "x", "alliedWith", "2017-03-05"),
        claim("c", "y", "supports", "2017-03-06"),
        claim("c", "a", "attacks", "2017-03-07"),
        claim("b", "y", "attacks", "2017-03-08"),
    ]


def test_sides_of_each_period_and_who_changed_side():
    labels = {n: n.upper() for n in "abcxy"}
    (view,) = _page(defection(), labels)["views"]
    # One year and one quarter would show the overall sides again: only the months say more.
    assert set(view["periods"]) == {"month"}
    jan, mar = view["periods"]["month"]
    assert (jan["period"], mar["period"]) == ("2017-01", "2017-03")
    order = view["order"]

    def side_of(row, actor):
        return next(s for s in row["sides"] if order.index(actor) in s["members"])

    assert side_of(jan, "c") is side_of(jan, "a")
    assert side_of(mar, "c") is side_of(mar, "x") is not side_of(mar, "a")
    # A side keeps its colour while it continues; the side c joined is x's.
    assert side_of(jan, "a")["colour"] == side_of(mar, "a")["colour"]
    assert side_of(mar, "c")["colour"] == side_of(jan, "x")["colour"]
    changes = an.side_changes(
        [set(s["members"]) for s in jan["sides"]], [set(s["members"]) for s in mar["sides"]]
    )
    assert [order[m] for m, *_ in changes] == ["c"]


@pytest.mark.parametrize("text", ["US", "Islamic State", "Ahrar al-Sham", "Ансар"])
def test_label_width_is_what_the_browser_draws(text):
    # Known advance widths of Arial at 14 px, summed (1000 units per em); unknown scripts
    # count as a full em, wider than they are, so labels only ever get more room.
    width = page.label_width(text, 14)
    assert width > 0
    if text.isascii():
        assert width == pytest.approx(sum(page._widths()["widths"][c] for c in text) * 14 / 1000)
    else:
        assert width == 14 * len(text)
