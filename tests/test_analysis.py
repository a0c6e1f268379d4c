"""Signed-network analysis: exact answers on small signed graphs and the example article."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from conftest import AUS, COALITION, IRN, ISIL, RUS, SDF, SYR, USA

from kg import analysis as an
from kg.vocabulary import predicates as predicates_of_the_ontology


def signed(edges):
    return nx.Graph((u, v, {"sign": s, "weight": 1.0}) for u, v, s in edges)


def as_sets(blocs):
    return sorted(sorted(b) for b in blocs)


def test_two_camps_split_by_negative_ties():
    camps = [("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("x", "y", 1), ("y", "z", 1)]
    enmity = [("a", "x", -1), ("b", "y", -1), ("c", "z", -1)]
    S = signed([*camps, *enmity])
    blocs = an.signed_blocs(S)
    assert as_sets(blocs) == [["a", "b", "c"], ["x", "y", "z"]]
    assert an.frustrated_ties(S, blocs) == []
    ties = an.bloc_ties(S, blocs)
    assert sorted(t["internal_positive"] for t in ties) == [2, 3]
    assert all(t["external_negative"] == 3 and t["internal_negative"] == 0 for t in ties)


def test_enemies_of_a_common_enemy_join_without_a_positive_tie():
    # r and s never touch: Leiden's default move set would leave them apart (the bug on the
    # example article); considering all communities lets signed modularity join them.
    S = signed(
        [
            ("u", "v", 1),
            ("v", "w", 1),
            ("u", "w", 1),
            ("r", "u", -1),
            ("s", "v", -1),
            ("r", "w", -1),
            ("s", "w", -1),
        ]
    )
    assert as_sets(an.signed_blocs(S)) == [["r", "s"], ["u", "v", "w"]]


def test_blocs_from_a_start_partition_keep_its_joins_and_follow_the_ties():
    # r and s share only an enemy: a start that has them together keeps them together; t,
    # which the start does not place, begins alone and joins its ally u.
    S = signed([("r", "u", -1), ("s", "u", -1), ("t", "u", 1)])
    blocs = an.signed_blocs(S, start=[{"r", "s"}, {"u"}])
    assert as_sets(blocs) == [["r", "s"], ["t", "u"]]
    # Started from singletons, local moves alone never join r and s: the start is what does.
    alone = an.signed_blocs(S, start=[{"r"}, {"s"}, {"t"}, {"u"}])
    assert as_sets(alone) == [["r"], ["s"], ["t", "u"]]
    # An actor started in its enemy's bloc is pushed out by the enmity.
    moved = an.signed_blocs(S, start=[{"s", "u"}, {"r"}, {"t"}])
    assert as_sets(moved) == [["r"], ["s"], ["t", "u"]]


def test_frustrated_tie_is_listed_and_counted():
    camps = [("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("a", "d", 1), ("x", "y", 1)]
    camps += [("y", "z", 1), ("x", "z", 1)]
    enmity = [("a", "x", -1), ("b", "y", -1), ("c", "z", -1)]
    # c cooperates with y across the camps: the one tie that contradicts the blocs.
    S = signed([*camps, *enmity, ("c", "y", 1)])
    blocs = an.signed_blocs(S)
    assert as_sets(blocs) == [["a", "b", "c", "d"], ["x", "y", "z"]]
    assert an.frustrated_ties(S, blocs) == [("c", "y", 1)]
    assert an.analyse(nx.DiGraph(S.edges(data=True)))["balance"]["frustration_index"] == 1


def test_balanced_and_unbalanced_triangles():
    assert an.triangle_balance(signed([("a", "b", 1), ("b", "c", 1), ("a", "c", 1)])) == {
        "triangles": 1,
        "balanced": 1,
        "balanced_share": 1.0,
    }
    assert (
        an.triangle_balance(signed([("a", "b", 1), ("b", "c", -1), ("a", "c", -1)]))["balanced"]
        == 1
    )
    # "The enemy of my enemy is my enemy": three mutual enemies cannot be balanced.
    assert an.triangle_balance(signed([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)])) == {
        "triangles": 1,
        "balanced": 0,
        "balanced_share": 0.0,
    }
    both = signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", 1), ("b", "d", 1)])
    assert an.triangle_balance(both) == {"triangles": 2, "balanced": 1, "balanced_share": 0.5}


def test_disconnected_actor_is_a_bloc_of_its_own_with_zero_centrality():
    S = signed([("a", "b", 1), ("a", "c", -1)])
    S.add_node("lonely")
    blocs = an.signed_blocs(S)
    assert {"lonely"} in blocs
    assert not any("lonely" in b and len(b) > 1 for b in blocs)
    D = nx.DiGraph(S.edges(data=True))
    D.add_node("lonely")
    c = an.centrality(D)
    assert c["lonely"]["betweenness"] == 0 and c["lonely"]["eigenvector"] == 0
    assert c["lonely"]["positive_degree"] == c["lonely"]["negative_degree"] == 0
    assert c["a"]["positive_degree"] == 1 and c["a"]["negative_degree"] == 1


def test_actor_graph_rolls_roles_up_and_keeps_dates():
    claims = [
        {
            "source": "SYR-MIL",
            "target": "SDF",
            "predicate": "attacks",
            "confidence": 0.6,
            "date": "2017-06-19",
            "claim": "c1",
        },
        {
            "source": "SYR",
            "target": "SDF",
            "predicate": "attacks",
            "confidence": 0.5,
            "date": "2017-05-02",
            "claim": "c2",
        },
        {
            "source": "SYR",
            "target": "SDF",
            "predicate": "supports",
            "confidence": 0.9,
            "negated": True,
        },
    ]
    G = an.actor_graph(claims, parents={"SYR-MIL": "SYR"})
    e = G["SYR"]["SDF"]
    assert (e["count"], e["sign"], e["first"], e["last"]) == (2, -1, "2017-05-02", "2017-06-19")
    assert e["weight"] == pytest.approx(1.1) and e["claims"] == ["c1", "c2"]
    kept = an.actor_graph(claims)
    assert set(kept) == {"SYR-MIL", "SYR", "SDF"}


def test_windows_and_periods_show_an_alliance_breaking():
    claims = [
        {"source": "a", "target": "b", "predicate": "alliedWith", "date": "2017-01-10"},
        {"source": "b", "target": "c", "predicate": "alliedWith", "date": "2017-01-20"},
        {"source": "a", "target": "b", "predicate": "attacks", "date": "2017-03-05"},
        {"source": "b", "target": "c", "predicate": "alliedWith", "date": "2017-03-07"},
    ]
    assert len(an.in_window(claims, since="2017-02", until="2017-03")) == 2
    assert len(an.in_window(claims, until="2017-01-15")) == 1
    table = an.periods(claims)
    assert [p["period"] for p in table] == ["2017-01", "2017-03"]
    assert table[0]["blocs"] == [["a", "b", "c"]]
    assert table[1]["blocs"] == [["b", "c"], ["a"]]
    assert [p["period"] for p in an.periods(claims, freq="quarter")] == ["2017-Q1"]


def test_brokers_are_actors_tied_into_two_blocs():
    S = signed([("a", "b", 1), ("c", "d", 1), ("b", "c", -1), ("a", "d", -1), ("a", "e", 1)])
    blocs = an.signed_blocs(S)
    names = {b["actor"] for b in an.brokers(S, blocs, {})}
    assert names == {"a", "b", "c", "d"}


def test_large_graphs_use_sampled_betweenness(monkeypatch):
    monkeypatch.setattr(an, "EXACT_BETWEENNESS_MAX", 5)
    monkeypatch.setattr(an, "BETWEENNESS_SAMPLES", 8)
    G = nx.DiGraph((i, i + 1, {"sign": 1, "weight": 1.0}) for i in range(20))
    c = an.centrality(G)
    assert 0 < c[10]["betweenness"] <= 1


def test_example_article_blocs(example_build):
    report = example_build.report
    blocs = [set(b["member_ids"]) for b in report["blocs"]]
    us_bloc = next(b for b in blocs if USA in b)
    assert {USA, COALITION, SDF, AUS} <= us_bloc
    assert ISIL not in us_bloc
    assert not us_bloc & {SYR, RUS}
    # Syria and Russia sit together although the article ties them only through their
    # shared opposition to the US side; Iran joins them through "the drive by Iran and
    # Russian Federation" and Iraq's "coordination with Iran, Russia and Syria".
    assert any({SYR, RUS, IRN} <= b for b in blocs)
    assert IRN not in us_bloc
    assert report["balance"]["frustration_index"] == len(report["frustrated_ties"])
    assert {b["id"] for b in report["brokers"]} >= {USA, COALITION}


def test_example_article_analysis_in_store_and_files(example_build):
    import kg

    rows = kg.query("SELECT ?actor ?bloc WHERE { ?actor ckg:inBloc ?bloc }", out=example_build.out)
    bloc_of = {r["actor"]: r["bloc"] for r in rows}
    assert bloc_of[USA] == bloc_of[SDF] == bloc_of[AUS] == bloc_of[COALITION]
    assert bloc_of[SYR] == bloc_of[RUS] != bloc_of[USA]
    run = kg.query(
        "SELECT ?t ?f WHERE { ?r ckg:triangleCount ?t ; ckg:frustrationIndex ?f }",
        out=example_build.out,
    )
    saved = json.loads((example_build.out / "report.json").read_text(encoding="utf-8"))
    assert int(run[0]["t"]) == saved["balance"]["triangles"]
    assert "## Brokers between blocs" in (example_build.out / "report.md").read_text("utf-8")


def test_analyse_command_bad_window_and_missing_store(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    bad = CliRunner().invoke(app, ["analyse", "--out", str(tmp_path), "--since", "June"])
    assert bad.exit_code != 0 and "--since 'June'" in bad.output
    missing = CliRunner().invoke(app, ["analyse", "--out", str(tmp_path)])
    assert missing.exit_code != 0 and "no store here" in missing.output


def test_per_period_signed_graph_is_the_full_one_without_evidence():
    # periods() builds each period's signed graph straight from the claims; it must be the
    # graph signed_graph(actor_graph(...)) gives (same actors, ties, sums and order: Leiden
    # depends on the order), with rolled-up roles, negations, low confidence and both directions.
    import random

    rng = random.Random(7)
    predicates = [*predicates_of_the_ontology(), "unknownPredicate"]
    claims = [
        {
            "source": f"a{rng.randrange(40)}",
            "target": f"a{rng.randrange(40)}",
            "predicate": rng.choice(predicates),
            "confidence": rng.choice([0.1, 0.2, 0.3, 0.45, 0.7, 0.85, 1.0]),
            "negated": rng.random() < 0.1,
        }
        for _ in range(3000)
    ]
    options = {"parents": {"a1": "a2", "a3": "a2", "a5": "a1"}, "labels": {"a2": "Two"}}
    for min_confidence in (0.0, 0.4):
        full = an.signed_graph(an.actor_graph(claims, min_confidence=min_confidence, **options))
        lean = an._signed_from_claims(claims, min_confidence=min_confidence, **options)
        assert list(lean.nodes(data=True)) == list(full.nodes(data=True))
        assert list(lean.edges(data=True)) == list(full.edges(data=True))
        assert [list(lean[n]) for n in lean] == [list(full[n]) for n in full]
        # The plain-dict graph a period's table is computed on reads the same, in order.
        light = an._signed_from_claims(claims, min_confidence=min_confidence, light=True, **options)
        assert list(light) == list(full) and len(light) == len(full)
        assert light.edges(data=True) == list(full.edges(data=True))
        assert [list(light[n].items()) for n in light] == [list(full[n].items()) for n in full]
        assert an.triangle_balance(light) == an.triangle_balance(full)
        blocs = an.signed_blocs(full)
        assert an.signed_blocs(light, start=blocs) == an.signed_blocs(full, start=blocs)


def _dated_claims(seed: int, n: int = 3000, actors: int = 40) -> list[dict]:
    """Random claims over two years, some reporting shared events (often several reports of
    one event, as confident, between the same actors), some standing for several like claims
    (tally rows), some negated or unsure."""
    import random

    rng = random.Random(seed)
    predicates = [*predicates_of_the_ontology(), "unknownPredicate"]
    return [
        {
            "source": f"a{rng.randrange(actors)}",
            "target": f"a{rng.randrange(actors)}",
            "predicate": rng.choice(predicates),
            "confidence": rng.choice([0.1, 0.45, 0.85, 1.0]),
            "negated": rng.random() < 0.1,
            "date": f"{rng.choice([2017, 2018])}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "event": rng.choice([None, None, f"e{rng.randrange(20)}"]),
            "count": rng.choice([1, 1, 2, 5]),
        }
        for _ in range(n)
    ]


def test_a_periods_signed_graph_is_built_as_the_general_builder_builds_it():
    # The per-period builder (_period_graph, one loop) must give the graph the general one
    # gives on the same rolled-up claims: same actors, ties, sums and order (Leiden depends on
    # the order), by events and by reports, with civilians left out.
    claims = _dated_claims(11, actors=12)
    parents = {"a1": "a2", "a3": "a2", "a5": "a1"}
    outside = frozenset({"a7", "a9"})
    for weigh in ("events", "reports"):
        for month in ("2017-03", "2018-11", None):
            some = [c for c in claims if month is None or c["date"].startswith(month)]
            kept = list(an._kept(some, parents, 0.4))
            general = an._signed_from_claims(
                some, parents=parents, min_confidence=0.4, outside=outside, weigh=weigh, light=True
            )
            fast = an._period_graph(kept, outside, weigh)
            assert list(fast) == list(general)
            assert fast.edges(data=True) == general.edges(data=True)
            neighbours = [list(general[n].items()) for n in general]
            assert [list(fast[n].items()) for n in fast] == neighbours


def test_period_tables_are_the_tables_of_periods():
    # One call for several frequencies gives what a call per frequency gives, and a memo
    # shared between calls changes nothing.
    claims = _dated_claims(5, 1500)
    options = {"parents": {"a1": "a2"}, "outside": {"a7"}, "min_confidence": 0.3}
    blocs = an.signed_blocs(an._signed_from_claims(claims, **options))
    tables = an.period_tables(claims, freqs=("year", "quarter", "month"), blocs=blocs, **options)
    memo: dict = {}
    for freq, table in tables.items():
        assert table == an.periods(claims, freq=freq, blocs=blocs, **options)
        assert table == an.periods(claims, freq=freq, blocs=blocs, memo=memo, **options)
    assert [p["period"] for p in tables["year"]] == ["2017", "2018"]
    assert sum(p["claims"] for p in tables["month"]) == sum(c["count"] for c in claims)
    with pytest.raises(ValueError, match="unknown period"):
        an.period_tables(claims, freqs=("week",))


def test_analyse_with_civilians_left_out_finds_the_blocs_of_the_subgraph():
    # analyse() works on a copy of the graph without the civilians, not on a view: the blocs
    # must be those Leiden finds on the view (same ties in the same order).
    claims = _dated_claims(3)
    G = an.actor_graph(claims)
    outside = {"a4", "a8", "a15"}
    S = an.signed_graph(G)
    view = S.subgraph(n for n in S if n not in outside)
    result = an.analyse(G, outside=outside)
    assert result["blocs"] == an.signed_blocs(view)
    assert result["frustrated"] == an.frustrated_ties(view, result["blocs"])
    assert result["bloc_ties"] == an.bloc_ties(view, result["blocs"])


def test_a_side_needs_two_actors_and_a_signed_tie_inside():
    # r and s are grouped only by their common enemy u: a bloc, but not a side.
    S = signed([("u", "v", 1), ("v", "w", 1), ("r", "u", -1), ("s", "u", -1), ("s", "w", -1)])
    S.add_node("loner")
    blocs = an.signed_blocs(S)
    flags = dict(zip(map(frozenset, blocs), an.aligned_blocs(S, blocs), strict=True))
    assert flags == {
        frozenset({"u", "v", "w"}): True,
        frozenset({"r", "s"}): False,
        frozenset({"loner"}): False,
    }
    # A neutral tie (a meeting) inside does not make a side either.
    S.add_edge("r", "s", sign=0, weight=1.0)
    assert an.aligned_blocs(S, [{"r", "s"}]) == [False]


def test_example_sides_are_named_by_their_leading_actors(example_build):
    report = example_build.report
    rank = {a["id"]: a["pagerank"] for a in report["top_actors"]}
    us = next(b for b in report["blocs"] if USA in b["member_ids"])
    assert us["aligned"] and us["name"].endswith(" side")
    leaders = us["name"].removesuffix(" side").split(", ")
    assert len(leaders) == 3 and "United States" in leaders
    # The three leaders are the bloc's members with the highest PageRank.
    top = sorted((m for m in us["member_ids"] if m in rank), key=lambda m: -rank[m])[:3]
    labels = {a["id"]: a["label"] for a in report["top_actors"]}
    assert leaders == [labels[m] for m in top]
    md = (example_build.out / "report.md").read_text(encoding="utf-8")
    assert f"**{us['name']}**" in md
    assert all(b["name"] is None for b in report["blocs"] if not b["aligned"])


def test_side_changes_follow_a_defection_between_periods():
    # January: a, b, c on one side against x, y. March: c has gone over to x and y.
    def claim(s, t, p, d):
        return {"source": s, "target": t, "predicate": p, "confidence": 0.9, "date": d}

    claims = [
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
    jan, mar = an.periods(claims)
    sides = [
        [set(b) for b, f in zip(p["blocs"], p["aligned"], strict=True) if f] for p in (jan, mar)
    ]
    assert sorted(map(sorted, sides[0])) == [["a", "b", "c"], ["x", "y"]]
    assert sorted(map(sorted, sides[1])) == [["a", "b"], ["c", "x", "y"]]
    (change,) = an.side_changes(*sides)
    actor, before, after = change
    assert actor == "c" and sides[0][before] == {"a", "b", "c"} and "x" in sides[1][after]
    # The March sides continue January's: a and b did not change side, nor did x and y.
    assert an.match_blocs(sides[1], sides[0]) == [
        next(i for i, b in enumerate(sides[0]) if (b & s) - {"c"}) for s in sides[1]
    ]
    # The report names both sides and says who changed.
    from kg import report

    G = an.actor_graph(claims)
    summary = report.summarise(G, an.analyse(G), {}, {}, periods=an.periods(claims))
    assert summary["periods"][0]["changed_side"] == []
    (moved,) = summary["periods"][1]["changed_side"]
    assert moved["actor"] == "c" and moved["to"] == next(
        s["name"] for s in summary["periods"][1]["sides"] if "c" in s["members"]
    )


def test_civilians_are_in_the_graph_but_on_no_side(tmp_path):
    import kg
    from kg.store import open_published

    path = tmp_path / "zamfara.jsonl"
    path.write_text(
        '{"id": "zamfara", "text": "Gunmen killed 12 villagers in Zamfara. Nigerian troops '
        'attacked the gunmen near Gusau."}\n',
        encoding="utf-8",
    )
    result = kg.build([path], out=tmp_path / "out", progress=False)
    members = {m for b in result.report["blocs"] for m in b["member_ids"]}
    with open_published(tmp_path / "out" / "store") as store:
        rows = store.select(
            "SELECT ?a WHERE { ?c ckg:object ?a ; ckg:predicate ckg:attacks . "
            '?a ckg:agentCode "CVL" }'
        )
    [villagers] = {r["a"] for r in rows}  # attacked, so in the graph
    assert villagers not in members
    assert "https://w3id.org/conflict-kg/actor/NGA" in members


def test_an_actor_no_tie_holds_in_a_bloc_is_not_on_that_side():
    # ISIL attacks many; the Marines attacked insurgents no one else fights. Signed
    # modularity's null model seats actors with negative ties next to the hubs of them.
    S = nx.Graph()
    for victim in ("Iraq", "Syria", "Yazidis", "Kurds"):
        S.add_edge("ISIL", victim, sign=-1, weight=1.0)
    S.add_edge("Iraq", "Kurds", sign=1, weight=1.0)
    S.add_edge("ISIL", "al-Nusra", sign=1, weight=1.0)
    S.add_edge("Marines", "insurgents", sign=-1, weight=1.0)
    blocs = an.signed_blocs(S)
    # Unheld, the optimisation seats one with ISIL and the other with ISIL's victims.
    assert {"Marines"} in blocs and {"insurgents"} in blocs
    assert {"ISIL", "al-Nusra"} in blocs
    # Actors sharing an enemy stay together: the enemy of my enemy.
    assert any({"Iraq", "Kurds", "Syria", "Yazidis"} <= b for b in blocs)


def test_blocs_are_found_per_component_and_an_unrelated_one_moves_none():
    # Two conflicts no tie connects. Over the union, the negative layer's null model rewarded
    # grouping the enemies of both; found per component, no bloc joins actors of the two.
    first = [("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("x", "y", 1), ("a", "x", -1)]
    first += [("b", "y", -1), ("c", "x", -1), ("d", "a", -1), ("d", "b", -1)]
    second = [("p", "q", 1), ("r", "s", 1), ("p", "r", -1), ("q", "s", -1), ("t", "p", -1)]
    alone = an.signed_blocs(signed(first))
    both = an.signed_blocs(signed([*first, *second]))
    component = {n for e in first for n in e[:2]}
    assert all(b <= component or not b & component for b in both)
    assert as_sets(b for b in both if b & component) == as_sets(alone)
    # A large component's blocs come from the memo the second time, as they were found.
    camps = [(f"a{i}", f"a{i + 1}", 1) for i in range(12)]
    camps += [(f"b{i}", f"b{i + 1}", 1) for i in range(12)]
    camps += [(f"a{i}", f"b{i}", -1) for i in range(13)]
    S = signed([*camps, *second])
    memo: dict = {}
    found = an.signed_blocs(S, memo=memo)
    assert len(memo) == 1  # the small component is optimised again, not kept
    (key,) = memo
    memo[key] = {"blocs": [sorted(S.nodes - {n for e in second for n in e[:2]})]}
    chains = {n for e in camps for n in e[:2]}
    assert as_sets(b for b in found if b <= chains) == as_sets(an.signed_blocs(signed(camps)))
    # What the memo holds is what is returned (a planted entry: read, not computed again).
    assert any(len(b) == 26 for b in an.signed_blocs(S, memo=memo))


def test_a_period_key_changes_with_what_the_period_is_computed_from():
    # The memo's key of a period is a function of its ties and its actors' starting
    # grouping (relabelled blocs give the same key); a period's row from the memo is the row
    # computed afresh.
    claims = _dated_claims(7, 1200, actors=20)
    options = {"parents": {"a1": "a2"}, "outside": {"a7"}, "min_confidence": 0.3}
    blocs = an.signed_blocs(an._signed_from_claims(claims, **options))
    memo: dict = {}
    fresh = an.period_tables(claims, freqs=("month",), blocs=blocs, memo=memo, **options)
    assert len(memo) == len(fresh["month"])
    again = an.period_tables(claims, freqs=("month",), blocs=blocs[::-1], memo=memo, **options)
    assert again == fresh and len(memo) == len(fresh["month"])  # renumbered: every key hit
    moved = [set(b) for b in blocs]
    big = max(range(len(moved)), key=lambda i: len(moved[i]))
    actor = sorted(moved[big])[0]
    moved[big].discard(actor)
    moved.append({actor})
    cold = an.period_tables(claims, freqs=("month",), blocs=moved, **options)
    warm = an.period_tables(claims, freqs=("month",), blocs=moved, memo=memo, **options)
    assert warm == cold
    touched = sum(1 for c in claims if c.get("date") and actor in (c["source"], c["target"]))
    assert touched and len(memo) > len(fresh["month"])  # the periods with that actor missed


def _weighted_components(seed: int) -> nx.Graph:
    """Three components of random weighted ties (one with a self-loop) and two lone actors."""
    import random

    rng = random.Random(seed)
    U = nx.Graph()
    for name, size, ties in (("a", 40, 90), ("b", 12, 20), ("c", 5, 6)):
        U.add_edges_from(
            (f"{name}{i}", f"{name}{i + 1}", {"weight": rng.uniform(0.1, 3)}) for i in range(size)
        )
        for _ in range(ties):
            i, j = rng.randrange(size), rng.randrange(size)
            U.add_edge(f"{name}{i}", f"{name}{j}", weight=rng.uniform(0.1, 3))
    U.add_nodes_from(["lone1", "lone2"])
    return U


def test_centralities_per_component_are_the_whole_graphs():
    # PageRank solved per component and scaled by the component's share (lone actors the
    # teleport's share) is the whole graph's PageRank; betweenness per component, normalised
    # by the whole graph's pairs, is networkx's exact betweenness.
    U = _weighted_components(3)
    found = an._component_measures(U, 42, None)
    want = nx.pagerank(U, weight="weight", tol=1e-13, max_iter=10_000)
    assert sum(found["pagerank"].values()) == pytest.approx(1.0)
    assert all(found["pagerank"][v] == pytest.approx(want[v], abs=1e-6) for v in U)
    exact = nx.betweenness_centrality(U)
    assert all(found["betweenness"][v] == pytest.approx(exact[v], abs=1e-12) for v in U)
    eigen = an._eigenvector(U)
    assert all(found["eigenvector"][v] == pytest.approx(eigen[v], abs=1e-12) for v in U)
    # A tie of no weight leaves a dangling actor inside a component: solved whole, as before.
    U.add_edge("b0", "zero", weight=0.0)
    found = an._component_measures(U, 42, None)
    assert found["pagerank"] == nx.pagerank(U, weight="weight")


def test_sampled_betweenness_of_a_component_does_not_depend_on_the_others(monkeypatch):
    monkeypatch.setattr(an, "EXACT_BETWEENNESS_MAX", 10)
    monkeypatch.setattr(an, "BETWEENNESS_SAMPLES", 8)
    U = _weighted_components(5)
    alone = an.betweenness(U.subgraph(n for n in U if n.startswith("a")).copy())
    grown = U.copy()
    grown.add_edges_from([("new1", "new2"), ("new2", "new3")])
    with_more = an.betweenness(grown)
    # Normalised by the whole graph's number of pairs: the same raw sums, scaled.
    scale = (41 - 1) * (41 - 2) / ((len(grown) - 1) * (len(grown) - 2))
    assert all(with_more[v] == pytest.approx(alone[v] * scale) for v in alone)
    assert max(alone.values()) > 0


def test_a_components_centralities_come_from_the_memo():
    U = _weighted_components(7)
    D = nx.DiGraph()
    D.add_nodes_from(U)
    D.add_edges_from((u, v, {**d, "sign": 1}) for u, v, d in U.edges(data=True))
    memo: dict = {}
    cold = an.centrality(D, memo=memo)
    assert len(memo) == 1  # the one component of MEMO_MIN_COMPONENT actors or more
    assert an.centrality(D, memo=memo) == cold
    # What the memo holds is what is used (a planted entry: read, not computed again).
    (key,) = memo
    memo[key] = {**memo[key], "eigenvector": [0.5] * len(memo[key]["eigenvector"])}
    assert an.centrality(D, memo=memo)["a0"]["eigenvector"] == 0.5
    # New ties elsewhere leave the component's key as it was.
    D.add_edge("lone1", "lone2", weight=1.0, sign=-1)
    an.centrality(D, memo=memo)
    assert key in memo and len(memo) == 1
