"""The page: an offline, interactive pyvis picture of the sides, with each edge's evidence.

pyvis builds the nodes, edges and vis-network options; the page itself comes from our own
template (``kg/data/page/``) so that it can carry the controls and the evidence panel and
reference nothing outside itself: vis-network's script and style sheet are read from the pyvis
package and embedded, and the page's Content-Security-Policy forbids every fetch.

Article text (titles, sentences, actor names) reaches the page only as JSON data (with ``<``,
``>`` and ``&`` escaped, so it cannot close its ``<script>`` element) or through Jinja's HTML
autoescaping; the page's script puts it into the document with ``textContent`` only.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from kg.files import atomic_path
from kg.resources import data_path
from kg.vocabulary import symmetric_predicates, tie_signs

VIS_VERSION = "9.1.2"
MAX_EDGE_WIDTH = 14
FADED = "rgba(200,200,200,0.35)"
DEFAULT_PREDICATE_STYLE = {"colour": "#9a9a9a", "label": ""}
# Above this many actors vis-network's Kamada-Kawai start (``improvedLayout``) costs more than
# it gives, and fewer stabilisation steps are needed per actor for a readable picture.
IMPROVED_LAYOUT_MAX = 150


@lru_cache(maxsize=1)
def style() -> dict:
    """Colours, shapes and palette of the page (``kg/data/page/style.json``)."""
    return json.loads(data_path("page/style.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet as shipped inside the pyvis package (no network).

    Both are checked for sequences that would end their ``<script>``/``<style>`` element.
    """
    lib = resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise RuntimeError("vis-network assets cannot be embedded safely")
    return js, css


def script_json(value) -> str:
    """JSON safe to put inside a ``<script>`` element: no ``</script>``, ``<!--`` or ``]]>``.

    >>> script_json({"t": "</script><!--x-->&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!--x--\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _utf16(text: str, index: int) -> int:
    # The browser indexes strings in UTF-16 code units, Python in code points.
    return len(text[:index].encode("utf-16-le")) // 2


def _marks(claim: Mapping, sentence: str) -> list[tuple[int, int, str]]:
    """Where the claim's two actor mentions sit in its sentence (UTF-16 offsets for the page).

    The stored mention offsets are into the document; when they do not line up with the
    sentence text the mention's text is looked up in the sentence instead.
    """
    marks = []
    base = claim.get("sentenceStart")
    for role, key in (("source", "subject"), ("target", "object")):
        text, start = claim.get(f"{key}Text"), claim.get(f"{key}Start")
        if not text:
            continue
        at = -1
        if base is not None and start is not None:
            at = int(start) - int(base)
            if sentence[at : at + len(text)] != text:
                at = -1
        if at < 0:
            at = sentence.find(text)
        if at >= 0:
            marks.append((_utf16(sentence, at), _utf16(sentence, at + len(text)), role))
    marks.sort()
    # Overlapping mentions (an actor inside the other's name) keep the first only.
    return [m for i, m in enumerate(marks) if i == 0 or m[0] >= marks[i - 1][1]]


def _shorten(text: str, limit: int = 240) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _width(weight: float) -> float:
    # Same formula as the page's script (widthOf), which recomputes it under the filters.
    return round(min(MAX_EDGE_WIDTH, 1 + 2 * math.sqrt(weight)), 3)


def stabilisation_steps(n: int) -> int:
    """Cap on vis-network's stabilisation steps for ``n`` actors: 300 up to 300 actors, then
    fewer, so that the layout settles in bounded time (each step costs O(n log n)).

    >>> stabilisation_steps(200), stabilisation_steps(1000), stabilisation_steps(2000)
    (300, 90, 60)
    """
    return 300 if n <= 300 else max(60, 90_000 // n)


def select_actors(
    G: nx.DiGraph, centrality: Mapping[str, Mapping[str, float]], max_nodes: int
) -> tuple[list[str], list[str]]:
    """Split the actors into the ``max_nodes`` with the highest PageRank (drawn) and the rest.

    Ties are broken by label so the page is the same from run to run.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> select_actors(G, {"a": {"pagerank": 0.2}, "b": {"pagerank": 0.5}, "c": {"pagerank": 0.3}}, 2)
    (['b', 'c'], ['a'])
    """
    ranked = sorted(
        G, key=lambda n: (-centrality.get(n, {}).get("pagerank", 0.0), G.nodes[n].get("label", n))
    )
    return ranked[: max(max_nodes, 0)], ranked[max(max_nodes, 0) :]


def page_data(
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    *,
    kinds: Mapping[str, str] | None = None,
    max_nodes: int = 300,
) -> dict:
    """Everything the page draws, as plain data: pyvis nodes and edges, one edge per actor
    pair and predicate with its claims, the actors' figures, the legend and what was left out.
    """
    kinds = kinds or {}
    st = style()
    centrality = analysis.get("centrality", {})
    blocs = [b for b in analysis.get("blocs", []) if len(b) > 1]
    bloc_of = {n: i for i, bloc in enumerate(blocs) for n in bloc}
    shown, left_out = select_actors(G, centrality, max_nodes)
    keep = set(shown)
    symmetric = symmetric_predicates()
    top_pagerank = max((centrality.get(n, {}).get("pagerank", 0.0) for n in shown), default=0.0)

    def label(n: str) -> str:
        return str(G.nodes[n].get("label", n))

    def kind_of(n: str) -> str:
        kind = kinds.get(n) or "Actor"
        return kind if kind in st["kinds"] else "Actor"

    net = Network(directed=True, cdn_resources="in_line")
    actors = {}
    for n in shown:
        c = centrality.get(n, {})
        bloc = bloc_of.get(n)
        colour = st["blocs"][bloc % len(st["blocs"])] if bloc is not None else st["no_bloc"]
        kind = kind_of(n)
        share = c.get("pagerank", 0.0) / top_pagerank if top_pagerank else 0.0
        net.add_node(
            n,
            label=label(n),
            # A plain string: vis-network shows it with innerText, never as HTML.
            title="\n".join(
                [
                    label(n),
                    f"{st['kinds'][kind]['label']} · "
                    + (f"bloc {bloc + 1}" if bloc is not None else "no bloc"),
                    f"PageRank {c.get('pagerank', 0):.3f} · betweenness {c.get('betweenness', 0):.3f}",
                    f"ties +{c.get('positive_degree', 0)} / −{c.get('negative_degree', 0)}",
                    "click: its ties and neighbourhood",
                ]
            ),
            shape=st["kinds"][kind]["shape"],
            color=colour,
            size=round(8 + 32 * math.sqrt(share), 2),
        )
        actors[n] = {
            "label": label(n),
            "kind": kind,
            "kindLabel": st["kinds"][kind]["label"],
            "bloc": None if bloc is None else bloc + 1,
            "pagerank": float(c.get("pagerank", 0.0)),
            "betweenness": float(c.get("betweenness", 0.0)),
            "positive": int(c.get("positive_degree", 0)),
            "negative": int(c.get("negative_degree", 0)),
        }

    ties = {}
    pair_count: Counter = Counter()
    omitted_ties = omitted_claims = 0
    predicates = {p: dict(s) for p, s in st["predicates"].items()}
    for u, v, edge in G.edges(data=True):
        # Draw exactly the predicates the actor graph counted for this pair (not locatedIn).
        counted = edge.get("predicates") or predicates
        by_predicate: dict[str, list[Mapping]] = defaultdict(list)
        for claim in evidence.get((u, v), []):
            if claim.get("predicate") in counted:
                by_predicate[claim["predicate"]].append(claim)
                # A predicate the style does not know yet is still drawn, in grey.
                predicates.setdefault(
                    claim["predicate"], dict(DEFAULT_PREDICATE_STYLE, label=claim["predicate"])
                )
        if u not in keep or v not in keep:
            omitted_ties += 1
            omitted_claims += sum(len(cs) for cs in by_predicate.values())
            continue
        for predicate in sorted(by_predicate):
            claims = sorted(by_predicate[predicate], key=lambda c: -float(c["confidence"]))
            edge_id = f"e{len(ties)}"
            pair = tuple(sorted((u, v)))
            parallel = pair_count[pair]
            pair_count[pair] += 1
            directed = predicate not in symmetric
            weight = sum(float(c["confidence"]) for c in claims)
            colour = predicates[predicate]["colour"]
            net.add_edge(
                u,
                v,
                id=edge_id,
                title=(
                    f"{label(u)} {'→' if directed else '—'} {label(v)}\n"
                    f"{predicates[predicate]['label']}: {len(claims)} "
                    f"claim{'s' if len(claims) != 1 else ''}, evidence weight {weight:.2f}\n"
                    f"strongest ({float(claims[0]['confidence']):.2f}, "
                    f"{claims[0].get('title') or claims[0].get('doc') or 'untitled'}): "
                    f"“{_shorten(str(claims[0].get('sentence') or ''))}”\n"
                    "click: all the sentences"
                ),
                color=colour,
                width=_width(weight),
                arrows="to" if directed else "",
                # Ties between one pair fan out instead of lying on top of each other.
                smooth={"enabled": True, "type": "curvedCW", "roundness": 0.18 * parallel},
            )
            ties[edge_id] = {
                "predicate": predicate,
                "sign": tie_signs().get(predicate, 0),
                "directed": directed,
                "claims": [_claim(c) for c in claims],
            }

    nodes, edges, *_ = net.get_network_data()
    n = len(nodes)
    options = {
        "layout": {"randomSeed": 7, "improvedLayout": n <= IMPROVED_LAYOUT_MAX},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "springLength": 140,
                "springConstant": 0.03,
                "avoidOverlap": 0.2,
            },
            # Stabilisation is capped: big graphs settle in bounded time, then physics stops.
            "stabilization": {
                "enabled": True,
                "iterations": stabilisation_steps(n),
                "updateInterval": 50,
                "fit": True,
            },
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": n > 500},
        "nodes": {"font": {"size": 14, "color": "#222222"}, "borderWidth": 1},
        "edges": {"arrowStrikethrough": False, "selectionWidth": 2},
    }
    examples = [label(x) for x in left_out[:10]]
    return {
        "nodes": nodes,
        "edges": edges,
        "ties": ties,
        "actors": actors,
        "predicates": {
            p: {"colour": s["colour"], "label": s["label"]} for p, s in predicates.items()
        },
        "options": options,
        "maxWidth": MAX_EDGE_WIDTH,
        "faded": FADED,
        "blocs": [
            {
                "number": i + 1,
                "colour": st["blocs"][i % len(st["blocs"])],
                "members": sorted(label(m) for m in bloc),
            }
            for i, bloc in enumerate(blocs)
        ],
        "shown": {"actors": len(shown), "ties": len(ties)},
        "total": {"actors": len(G), "ties": G.number_of_edges()},
        "omitted": {
            "actors": len(left_out),
            "ties": omitted_ties,
            "claims": omitted_claims,
            "examples": examples,
        },
    }


def _claim(c: Mapping) -> dict:
    sentence = str(c.get("sentence") or "")
    return {
        "predicate": c.get("predicate"),
        "confidence": round(float(c.get("confidence", 0.0)), 4),
        "date": None if c.get("date") is None else str(c["date"]),
        "title": None if c.get("title") is None else str(c["title"]),
        "doc": None if c.get("doc") is None else str(c["doc"]),
        "sentence": sentence,
        "marks": _marks(c, sentence),
    }


def page_html(data: Mapping, *, title: str = "conflict-kg: who is with whom") -> str:
    """The page as one self-contained HTML string."""
    st = style()
    env = Environment(
        loader=FileSystemLoader(str(data_path("page"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    template = env.get_template("page.html")
    js, css = vis_assets()
    used = {t["predicate"] for t in data["ties"].values()}
    symmetric = symmetric_predicates()
    used_kinds = {a["kind"] for a in data["actors"].values()}
    return template.render(
        title=title,
        vis_js=Markup(js),
        vis_css=Markup(css),
        page_js=Markup(data_path("page/page.js").read_text(encoding="utf-8")),
        page_css=Markup(data_path("page/page.css").read_text(encoding="utf-8")),
        data_json=Markup(script_json(data)),
        predicates=[
            {"name": p, "directed": p not in symmetric, **s}
            for p, s in data["predicates"].items()
            if p in used
        ],
        kinds=[{"name": k, **s} for k, s in st["kinds"].items() if k in used_kinds],
        blocs=[
            {**b, "members": b["members"][:6], "more": max(len(b["members"]) - 6, 0)}
            for b in data["blocs"]
        ],
        no_bloc=st["no_bloc"],
        loners=any(a["bloc"] is None for a in data["actors"].values()),
        shown=data["shown"],
        total=data["total"],
        omitted=data["omitted"],
    )


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

    ``evidence[(u, v)]`` lists the claims behind the edge ``u → v`` (``predicate``,
    ``confidence``, ``date``, ``title``, ``sentence`` and, to highlight the actors,
    ``subjectText``/``subjectStart``, ``objectText``/``objectStart`` and ``sentenceStart``).
    Only the ``max_nodes`` actors with the highest PageRank are drawn; the page says what
    was left out.
    """
    page = page_html(page_data(G, analysis, evidence, kinds=kinds, max_nodes=max_nodes))
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return Path(path)
