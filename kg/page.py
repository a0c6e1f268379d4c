"""The page: an offline, interactive pyvis picture of the sides, with each edge's evidence.

vis-network is embedded in the page (``cdn_resources="in_line"``) and the Bootstrap tags pyvis
still links from a CDN are removed, so the page works on an air-gapped laptop. Every piece of
article text is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from kg.store import atomic_path

PREDICATE_COLOURS = {
    "alliedWith": "#1a9850",
    "supports": "#2c7bb6",
    "memberOf": "#66bd63",
    "leads": "#4575b4",
    "opposes": "#f46d43",
    "attacks": "#d73027",
    "fightsAgainst": "#a50026",
    "meetsWith": "#999999",
}
KIND_SHAPES = {
    "State": "dot",
    "ArmedGroup": "triangle",
    "Organization": "square",
    "Person": "diamond",
    "Group": "star",
}
BLOC_COLOURS = [
    "#4e79a7",
    "#e15759",
    "#59a14f",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]
DIRECTED = {"supports", "opposes", "attacks", "memberOf", "leads"}
_CDN_TAGS = re.compile(r"<(link|script)\b[^>]*(?:https?:)?//[^>]*>(\s*</script>)?", re.I | re.S)


def render(
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    path: Path,
    *,
    kinds: Mapping[str, str] | None = None,
    max_nodes: int = 300,
) -> Path:
    """Write ``graph.html`` for the actor graph ``G`` with its ``analysis`` results.

    ``evidence[(u, v)]`` lists the claims behind an edge (predicate, confidence, date, title,
    sentence); the strongest five appear in the edge's tooltip.
    """
    kinds = kinds or {}
    centrality = analysis.get("centrality", {})
    bloc_of = {n: i for i, bloc in enumerate(analysis.get("blocs", [])) for n in bloc}
    ranked = sorted(G, key=lambda n: -centrality.get(n, {}).get("pagerank", 0))
    keep = set(ranked[:max_nodes])
    net = Network(
        height="800px", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff"
    )
    for n in ranked:
        if n not in keep:
            continue
        data = G.nodes[n]
        c = centrality.get(n, {})
        bloc = bloc_of.get(n)
        title = "\n".join(
            [
                html.escape(str(data.get("label", n))),
                f"bloc {bloc + 1}" if bloc is not None else "no bloc",
                f"PageRank {c.get('pagerank', 0):.3f} · betweenness {c.get('betweenness', 0):.3f}",
                f"ties +{c.get('positive_degree', 0)} / -{c.get('negative_degree', 0)}",
            ]
        )
        net.add_node(
            n,
            label=html.escape(str(data.get("label", n))),
            title=title,
            shape=KIND_SHAPES.get(kinds.get(n, ""), "dot"),
            color=BLOC_COLOURS[bloc % len(BLOC_COLOURS)] if bloc is not None else "#cccccc",
            size=10 + 40 * c.get("pagerank", 0) ** 0.5,
        )
    for u, v, data in G.edges(data=True):
        if u not in keep or v not in keep:
            continue
        predicate = data["predicates"].most_common(1)[0][0]
        claims = sorted(evidence.get((u, v), []), key=lambda c: -float(c.get("confidence", 0)))
        lines = [
            f"{predicate} ({data['count']} claim{'s' if data['count'] != 1 else ''}, weight {data['weight']:.2f})"
        ]
        for claim in claims[:5]:
            lines.append(
                f"• {html.escape(str(claim.get('predicate', '')))} "
                f"[{float(claim.get('confidence', 0)):.2f}] "
                f"{html.escape(str(claim.get('title') or claim.get('doc') or ''))}"
                f"{' ' + html.escape(str(claim['date'])) if claim.get('date') else ''}: "
                f"“{html.escape(str(claim.get('sentence', '')))}”"
            )
        net.add_edge(
            u,
            v,
            title="\n".join(lines),
            color=PREDICATE_COLOURS.get(predicate, "#999999"),
            width=1 + 2 * data["weight"],
            arrows="to" if predicate in DIRECTED else "",
        )
    net.set_options(
        '{"physics": {"stabilization": {"iterations": 300}, "barnesHut": {"springLength": 150}},'
        ' "interaction": {"hover": true, "navigationButtons": false}}'
    )
    page = _CDN_TAGS.sub("", net.generate_html(notebook=False))
    page = page.replace("<body>", "<body>\n" + _legend(), 1)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def _legend() -> str:
    items = "".join(
        f'<span style="margin-right:12px"><span style="display:inline-block;width:18px;height:4px;'
        f'background:{colour};vertical-align:middle"></span> {name}</span>'
        for name, colour in PREDICATE_COLOURS.items()
    )
    shapes = " · ".join(f"{kind}: {shape}" for kind, shape in KIND_SHAPES.items())
    return (
        '<div id="legend" style="font:13px sans-serif;padding:6px">'
        f"<b>Edges</b> {items}<br><b>Nodes</b> colour = bloc, size = PageRank, shape: {shapes}</div>"
    )
