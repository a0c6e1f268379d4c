"""The report: counts, top actors, blocs, balance and the strongest ties with their evidence,
as ``report.json`` (for tools) and ``report.md`` (for people)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx

from kg import analysis as an
from kg.files import atomic_path


def summarise(
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    counts: Mapping[str, int],
    *,
    top: int = 10,
    periods: list[Mapping] | None = None,
    window: Mapping[str, str | None] | None = None,
    unnamed: Iterable[str] = (),
) -> dict:
    """The report as a plain dict (``unnamed``: actors that come last in a side's name,
    :func:`kg.analysis.bloc_name`)."""
    label = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    labels = {n: label(n) for n in G}
    centrality = analysis["centrality"]
    ranked = sorted(G, key=lambda n: -centrality[n].get("pagerank", 0))
    pagerank = {n: c.get("pagerank", 0.0) for n, c in centrality.items()}
    S = analysis.get("signed")
    if S is None:
        S = an.signed_graph(G)
    aligned = an.aligned_blocs(S, analysis["blocs"])
    # The same names as the page's legend: each side by its three leading actors.
    unnamed = frozenset(unnamed)
    names = [an.bloc_name(b, pagerank, labels, unnamed=unnamed) for b in analysis["blocs"]]

    def side(i: int | None) -> str:
        return "unaligned" if i is None or not aligned[i] else names[i]

    def evidence_of(u: str, v: str, n: int = 3) -> list[dict]:
        found = list(evidence.get((u, v), [])) + list(evidence.get((v, u), []))
        found.sort(key=lambda c: -float(c["confidence"]))
        keys = ("source", "predicate", "target", "confidence", "doc", "title", "date", "sentence")
        return [{k: c.get(k) for k in keys} for c in found[:n]]

    def ties(sign: int) -> list[dict]:
        edges = [(u, v, d) for u, v, d in G.edges(data=True) if d["sign"] == sign]
        edges.sort(key=lambda e: -e[2]["weight"])
        return [
            {
                "source": label(u),
                "target": label(v),
                "source_id": u,
                "target_id": v,
                "predicates": dict(d["predicates"]),
                "claims": d["count"],
                "events": d.get("events", d["count"]),
                "weight": round(d["weight"], 4),
                "evidence": [
                    {
                        k: c.get(k)
                        for k in ("predicate", "confidence", "doc", "title", "date", "sentence")
                    }
                    for c in sorted(
                        evidence.get((u, v), []), key=lambda c: -float(c["confidence"])
                    )[:3]
                ],
            }
            for u, v, d in edges[:top]
        ]

    return {
        "counts": dict(counts),
        "top_actors": [{"id": n, "label": label(n), **centrality[n]} for n in ranked[:top]],
        "blocs": [
            {
                "bloc": i + 1,
                "name": names[i] if aligned[i] else None,
                "aligned": aligned[i],
                "members": sorted(label(n) for n in bloc),
                "member_ids": sorted(bloc),
                **ties_,
            }
            for i, (bloc, ties_) in enumerate(
                zip(analysis["blocs"], analysis["bloc_ties"], strict=True)
            )
        ],
        "unaligned": sorted(
            label(n)
            for bloc, flag in zip(analysis["blocs"], aligned, strict=True)
            if not flag
            for n in bloc
        ),
        "balance": analysis["balance"],
        "frustrated_ties": [
            {
                "source": label(u),
                "target": label(v),
                "source_id": u,
                "target_id": v,
                "sign": s,
                "evidence": evidence_of(u, v),
            }
            for u, v, s in analysis["frustrated"]
        ],
        "brokers": [
            {
                "id": b["actor"],
                "label": label(b["actor"]),
                "bloc": None if b["bloc"] is None else b["bloc"] + 1,
                "side": side(b["bloc"]),
                "other_blocs": [o + 1 for o in b["other_blocs"]],
                "other_sides": sorted({side(o) for o in b["other_blocs"]}),
                "betweenness": round(b["betweenness"], 6),
            }
            for b in analysis.get("brokers", [])[:top]
        ],
        "window": dict(window or {}),
        "periods": _periods(periods or [], pagerank, labels, unnamed),
        "alliances": ties(1),
        "hostilities": ties(-1),
    }


def evidence_pairs(G: nx.DiGraph, analysis: Mapping, *, top: int = 10) -> set[tuple[str, str]]:
    """The ties (``u, v``, either way for a frustrated one) whose claims :func:`summarise`
    quotes: the ``top`` strongest alliances and hostilities, and the frustrated ties. A build
    reads the evidence of these only.

    >>> G = nx.DiGraph()
    >>> G.add_edge("a", "b", sign=1, weight=2.0); G.add_edge("b", "c", sign=-1, weight=1.0)
    >>> sorted(evidence_pairs(G, {"frustrated": [("a", "c", 1)]}, top=1))
    [('a', 'b'), ('a', 'c'), ('b', 'c'), ('c', 'a')]
    """
    pairs = set()
    for sign in (1, -1):
        edges = [(u, v, d) for u, v, d in G.edges(data=True) if d["sign"] == sign]
        edges.sort(key=lambda e: -e[2]["weight"])
        pairs |= {(u, v) for u, v, _ in edges[:top]}
    for u, v, _ in analysis.get("frustrated", []):
        pairs |= {(u, v), (v, u)}
    return pairs


def _periods(
    periods: list[Mapping], pagerank: Mapping, labels: Mapping, unnamed: frozenset = frozenset()
) -> list[dict]:
    """The table over time with named sides, and who changed side since the period before
    (:func:`kg.analysis.side_changes`)."""
    rows = []
    before: list[set] = []
    before_names: list[str] = []
    for p in periods:
        flags = p.get("aligned") or [len(b) > 1 for b in p["blocs"]]
        sides = [set(b) for b, f in zip(p["blocs"], flags, strict=True) if f]
        names = [an.bloc_name(b, pagerank, labels, unnamed=unnamed) for b in sides]
        rows.append(
            {
                **p,
                "blocs": [sorted(labels.get(n, n) for n in b) for b in p["blocs"]],
                "sides": [
                    {"name": name, "members": sorted(labels.get(n, n) for n in b)}
                    for name, b in zip(names, sides, strict=True)
                ],
                "changed_side": [
                    {"actor": labels.get(n, n), "from": before_names[i], "to": names[j]}
                    for n, i, j in an.side_changes(before, sides)
                ],
            }
        )
        before, before_names = sides, names
    return rows


def write(report: dict, out: Path) -> None:
    """Write ``report.json`` and ``report.md`` atomically."""
    with atomic_path(out / "report.json") as tmp:
        tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    with atomic_path(out / "report.md") as tmp:
        tmp.write_text(markdown(report), encoding="utf-8")


def markdown(report: dict) -> str:
    c = report["counts"]
    lines = ["# Conflict knowledge graph report", ""]
    lines += [f"- {k.replace('_', ' ')}: {v}" for k, v in c.items()]
    lines += [
        "",
        "## Top actors by PageRank",
        "",
        "| actor | PageRank | betweenness | + ties | − ties |",
        "|---|---|---|---|---|",
    ]
    for a in report["top_actors"]:
        lines.append(
            f"| {_md(a['label'])} | {a.get('pagerank', 0):.3f} | {a.get('betweenness', 0):.3f} | "
            f"{a['positive_degree']} | {a['negative_degree']} |"
        )
    lines += [
        "",
        "## Sides",
        "",
        "Blocs of two actors or more with a signed tie inside, named by their three leading "
        "actors (PageRank).",
        "",
    ]
    for b in report["blocs"]:
        if not b.get("aligned", len(b["members"]) > 1):
            continue
        lines.append(
            f"- **{_md(b.get('name') or 'Bloc ' + str(b['bloc']))}** ({len(b['members'])} actors): "
            f"{', '.join(_md(m) for m in b['members'])} "
            f"(inside +{b['internal_positive']}/−{b['internal_negative']}, "
            f"outside +{b['external_positive']}/−{b['external_negative']})"
        )
    if report.get("unaligned"):
        lines.append(
            f"- Unaligned ({len(report['unaligned'])}: alone, or in a bloc with no signed tie "
            f"inside): {', '.join(_md(m) for m in report['unaligned'])}"
        )
    bal = report["balance"]
    lines += [
        "",
        "## Balance",
        "",
        f"- balanced triangles: {bal['balanced']} of {bal['triangles']} ({bal['balanced_share']:.0%})",
        f"- frustration index (ties against the blocs): {bal['frustration_index']}",
    ]
    for t in report["frustrated_ties"]:
        lines.append(f"  - {_md(t['source'])} {'+' if t['sign'] > 0 else '−'} {_md(t['target'])}")
        for e in t.get("evidence", []):
            lines.append(f"    - [{e['confidence']:.2f}] “{_md(e.get('sentence') or '')}”")
    if report.get("brokers"):
        lines += ["", "## Brokers between blocs", ""]
        for b in report["brokers"]:
            others = "; ".join(_md(o) for o in b.get("other_sides") or b["other_blocs"])
            lines.append(
                f"- {_md(b['label'])} ({_md(b.get('side') or b['bloc'])}; ties to {others}; "
                f"betweenness {b['betweenness']:.3f})"
            )
    window = {k: v for k, v in (report.get("window") or {}).items() if v}
    if window:
        lines += ["", "Window: " + ", ".join(f"{k} {v}" for k, v in window.items())]
    if report.get("periods"):
        lines += [
            "",
            "## Over time",
            "",
            "| period | claims | actors | sides | changed side since the period before | "
            "balanced triangles | frustration |",
            "|---|---|---|---|---|---|---|",
        ]
        for p in report["periods"]:
            sides = "; ".join(
                f"{_md(s['name'])}: {', '.join(_md(m) for m in s['members'])}"
                for s in p.get("sides", [])
            )
            changed = "; ".join(
                f"{_md(c['actor'])}: {_md(c['from'])} → {_md(c['to'])}"
                for c in p.get("changed_side", [])
            )
            bal = p["balance"]
            lines.append(
                f"| {p['period']} | {p['claims']} | {p['actors']} | {sides or '—'} | "
                f"{changed or '—'} | {bal['balanced']}/{bal['triangles']} | "
                f"{bal['frustration_index']} |"
            )
    for title, key in (
        ("Strongest alliances", "alliances"),
        ("Strongest hostilities", "hostilities"),
    ):
        lines += ["", f"## {title}", ""]
        for t in report[key]:
            preds = ", ".join(f"{p}×{n}" for p, n in t["predicates"].items())
            told = t.get("events", t["claims"])
            lines.append(
                f"- **{_md(t['source'])} → {_md(t['target'])}** ({preds}; "
                f"{told} event{'s' if told != 1 else ''}, {t['claims']} report"
                f"{'s' if t['claims'] != 1 else ''}; weight {t['weight']})"
            )
            for e in t["evidence"]:
                lines.append(
                    f"  - [{e['confidence']:.2f}] {_md(e.get('title') or e.get('doc') or '')}: “{_md(e['sentence'])}”"
                )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return (
        str(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    )
