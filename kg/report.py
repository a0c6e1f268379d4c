"""The report: counts, top actors, blocs, balance and the strongest ties with their evidence,
as ``report.json`` (for tools) and ``report.md`` (for people)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

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
) -> dict:
    """The report as a plain dict."""
    label = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    centrality = analysis["centrality"]
    ranked = sorted(G, key=lambda n: -centrality[n].get("pagerank", 0))

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
                "members": sorted(label(n) for n in bloc),
                "member_ids": sorted(bloc),
                **ties_,
            }
            for i, (bloc, ties_) in enumerate(
                zip(analysis["blocs"], analysis["bloc_ties"], strict=True)
            )
        ],
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
                "other_blocs": [o + 1 for o in b["other_blocs"]],
                "betweenness": round(b["betweenness"], 6),
            }
            for b in analysis.get("brokers", [])[:top]
        ],
        "window": dict(window or {}),
        "periods": [
            {**p, "blocs": [sorted(label(n) for n in b) for b in p["blocs"]]}
            for p in (periods or [])
        ],
        "alliances": ties(1),
        "hostilities": ties(-1),
    }


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
    lines += ["", "## Blocs", ""]
    for b in report["blocs"]:
        lines.append(
            f"- **Bloc {b['bloc']}**: {', '.join(_md(m) for m in b['members'])} "
            f"(inside +{b['internal_positive']}/−{b['internal_negative']}, "
            f"outside +{b['external_positive']}/−{b['external_negative']})"
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
            others = ", ".join(str(o) for o in b["other_blocs"])
            lines.append(
                f"- {_md(b['label'])} (bloc {b['bloc']}; ties to bloc {others}; "
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
            "| period | claims | actors | blocs | balanced triangles | frustration |",
            "|---|---|---|---|---|---|",
        ]
        for p in report["periods"]:
            blocs = "; ".join(", ".join(_md(m) for m in b) for b in p["blocs"] if len(b) > 1)
            bal = p["balance"]
            lines.append(
                f"| {p['period']} | {p['claims']} | {p['actors']} | {blocs or '—'} | "
                f"{bal['balanced']}/{bal['triangles']} | {bal['frustration_index']} |"
            )
    for title, key in (
        ("Strongest alliances", "alliances"),
        ("Strongest hostilities", "hostilities"),
    ):
        lines += ["", f"## {title}", ""]
        for t in report[key]:
            preds = ", ".join(f"{p}×{n}" for p, n in t["predicates"].items())
            lines.append(
                f"- **{_md(t['source'])} → {_md(t['target'])}** ({preds}; weight {t['weight']})"
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
