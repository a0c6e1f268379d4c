"""The page: an offline, interactive pyvis picture of the sides, with each edge's evidence.

pyvis builds the nodes, edges and vis-network options; the page itself comes from our own
template (``kg/data/page/``) so that it can carry the controls and the evidence panel and
reference nothing outside itself: vis-network's script and style sheet are read from the pyvis
package and embedded, and the page's Content-Security-Policy forbids every fetch.

Positions are computed here (:mod:`kg.layout`: blocs apart, members of a bloc together,
labels apart) and handed to vis-network with physics off, so the same graph always gives the
same picture. The page first shows the leading actors (a "show" control draws more), with a
rolled-up and a detailed view, and the sides of each month, quarter or year.

Article text (titles, sentences, actor names) reaches the page only as JSON data (with ``<``,
``>`` and ``&`` escaped, so it cannot close its ``<script>`` element) or through Jinja's HTML
autoescaping; the page's script puts it into the document with ``textContent`` only.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from kg import analysis as an
from kg import layout
from kg.events import outlet_count
from kg.files import atomic_path
from kg.resources import data_path
from kg.vocabulary import symmetric_predicates, tie_signs

VIS_VERSION = "9.1.2"
MAX_EDGE_WIDTH = 8
FADED = "rgba(200,200,200,0.35)"
DEFAULT_PREDICATE_STYLE = {"colour": "#9a9a9a", "label": ""}
FREQUENCIES = ("year", "quarter", "month")
# vis-network draws the label of a dot (and of the other shapes we use) below the node, its
# box's top this far below the node's edge and one font size tall (measured in Chromium).
LABEL_DROP = 11.0
VIEW_NAMES = {
    "actors": "actors",
    "rolled": "states and groups (roles and people rolled up)",
    "detailed": "roles and people",
}


@lru_cache(maxsize=1)
def style() -> dict:
    """Colours, shapes, palette and view settings of the page (``kg/data/page/style.json``)."""
    return json.loads(data_path("page/style.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _widths() -> dict:
    return json.loads(data_path("page/label_widths.json").read_text(encoding="utf-8"))


def label_width(text: str, font: float) -> float:
    """How wide vis-network draws ``text`` at ``font`` px in Arial, from its advance widths
    (``kg/data/page/label_widths.json``).

    >>> label_width("US", 14), label_width("Islamic State", 14)
    (19.446, 80.136)
    """
    table = _widths()
    widths, other = table["widths"], table["other"]
    return round(sum(widths.get(ch, other) for ch in text) * font / 1000, 3)


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


def _width(weight: float) -> float:
    # Same formula as the page's script (widthOf), which recomputes it under the filters.
    return round(min(MAX_EDGE_WIDTH, 0.5 + 1.5 * math.sqrt(weight)), 3)


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


def levels(n: int) -> list[int]:
    """The choices of the page's "show" control for ``n`` actors: the first view, the larger
    steps of ``style()["view"]["levels"]`` below ``n``, and all of them.

    >>> levels(50), levels(87), levels(2000)
    ([50], [80, 87], [80, 200, 500, 1000, 2000])
    """
    steps = [s for s in style()["view"]["levels"] if s < n]
    return [*steps, n] if n else [0]


def evidence_pairs(G: nx.DiGraph, analysis: Mapping, max_nodes: int) -> set[tuple[str, str]]:
    """The ties (``u, v``) of ``G`` whose claims a view of the page lists: those between two
    of the ``max_nodes`` actors it shows (:func:`select_actors`). A build reads the evidence
    of these only; the page counts the claims of the others from ``G``.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> sorted(evidence_pairs(G, {"centrality": {"a": {"pagerank": 0.2}, "b": {"pagerank": 0.5}}}, 2))
    [('a', 'b')]
    """
    shown = set(select_actors(G, analysis.get("centrality", {}), max_nodes)[0])
    return {(u, v) for u, v in G.edges() if u in shown and v in shown}


def roots_from_evidence(evidence: Mapping[tuple[str, str], Iterable[Mapping]]) -> dict[str, str]:
    """The actor each claim's ends were rolled up to, read off the evidence: the claims
    behind the edge ``u → v`` name their own source and target (a role, a person), which
    rolled up to ``u`` and ``v``. Actors that are their own root are left out.

    >>> roots_from_evidence({("USA", "SDF"): [{"source": "USA-MIL", "target": "SDF"}]})
    {'USA-MIL': 'USA'}
    """
    roots: dict[str, str] = {}
    for (u, v), claims in evidence.items():
        for c in claims:
            for end, root in ((c.get("source"), u), (c.get("target"), v)):
                if end is not None and end != root:
                    roots[end] = root
    return roots


def _mention_labels(claims: Iterable[Mapping]) -> dict[str, str]:
    """Each claim end's most frequent mention text: the name of an actor with no label."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for c in claims:
        for end, key in (("source", "subjectText"), ("target", "objectText")):
            if c.get(end) and c.get(key):
                seen[c[end]][str(c[key])] += 1
    return {a: max(sorted(counts), key=counts.get) for a, counts in seen.items()}


class _Documents:
    """The documents the claims come from, each stored once (title, date) and referred to by
    index, so that a page of thousands of claims does not repeat them."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.rows: list[dict] = []

    def of(self, c: Mapping) -> int:
        key = str(c.get("doc") or c.get("title") or "")
        if key not in self.index:
            self.index[key] = len(self.rows)
            self.rows.append(
                {
                    "id": None if c.get("doc") is None else str(c["doc"]),
                    "title": None if c.get("title") is None else str(c["title"]),
                    "date": None if c.get("date") is None else str(c["date"])[:10],
                    "publisher": None if c.get("publisher") is None else str(c["publisher"]),
                }
            )
        return self.index[key]


def event_table(claims: Iterable[Mapping]) -> tuple[dict[str, int], list[dict]]:
    """The events the claims report (their ``event``), each once: an index by event IRI
    and rows with its earliest date and how many of the claims (reports) and outlets
    (:func:`kg.events.outlet_count`) tell it, for the evidence panel.

    >>> index, rows = event_table([
    ...     {"event": "e1", "doc": "a", "publisher": "AP", "date": "2024-03-05"},
    ...     {"event": "e1", "doc": "b", "publisher": "Reuters", "date": "2024-03-04"},
    ...     {"event": None, "doc": "c"}])
    >>> index, rows
    ({'e1': 0}, [{'date': '2024-03-04', 'reports': 2, 'outlets': 2}])
    """
    told: dict[str, list[Mapping]] = defaultdict(list)
    for c in claims:
        if c.get("event"):
            told[str(c["event"])].append(c)
    index: dict[str, int] = {}
    rows = []
    for event in sorted(told):
        reports = told[event]
        dates = sorted(str(c["date"])[:10] for c in reports if c.get("date"))
        index[event] = len(rows)
        rows.append(
            {
                "date": dates[0] if dates else None,
                "reports": len({c.get("claim") or id(c) for c in reports}),
                "outlets": outlet_count(reports),
            }
        )
    return index, rows


def tie_weight(claims: Iterable[Mapping], weigh: str = "events") -> float:
    """A tie's evidence weight: the claims' summed confidence, each event counted once at
    its most confident report when ``weigh`` is ``events`` (a claim with no event counts
    alone), as :func:`kg.analysis.actor_graph` weighs; the page's script does the same.

    >>> cs = [{"confidence": 0.5, "event": "e"}, {"confidence": 0.75, "event": "e"},
    ...       {"confidence": 0.25}]
    >>> tie_weight(cs), tie_weight(cs, "reports")
    (1.0, 1.5)
    """
    if weigh == "reports":
        return sum(float(c["confidence"]) for c in claims)
    best: dict[str, float] = {}
    alone = 0.0
    for c in claims:
        if c.get("event"):
            key = str(c["event"])
            best[key] = max(best.get(key, 0.0), float(c["confidence"]))
        else:
            alone += float(c["confidence"])
    return alone + sum(best.values())


def _colours(count: int, centres: list[tuple[float, float]], palette: list[str]) -> list[str]:
    """A palette colour per side: each side takes the colour whose nearest use (by the
    sides' centres) is farthest away, so neighbouring sides differ once sides outnumber the
    palette. The first sides (the largest) take the palette in order."""
    chosen: list[str] = []
    for i in range(count):
        if i < len(palette):
            chosen.append(palette[i])
            continue
        x, y = centres[i]
        nearest = {
            colour: min(
                math.hypot(x - centres[j][0], y - centres[j][1])
                for j in range(i)
                if chosen[j] == colour
            )
            for colour in palette
        }
        chosen.append(max(palette, key=nearest.get))
    return chosen


def _view(
    key: str,
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    claims: list[Mapping],
    *,
    parents: Mapping[str, str],
    kinds: Mapping[str, str],
    max_nodes: int,
    documents: _Documents,
    predicates: dict[str, dict],
    memo: dict | None = None,
    outside: frozenset[str] = frozenset(),
    unnamed: frozenset[str] = frozenset(),
    events: Mapping[str, int],
    weigh: str = "events",
) -> dict:
    """One view of the page (rolled up or detailed): its actors, ties, sides, the positions
    for each "show" level and the sides of each period (``unnamed``: actors that name no one
    in particular, last in a side's name, :func:`kg.analysis.bloc_name`)."""
    st = style()
    settings = st["view"]
    centrality = analysis.get("centrality", {})
    pagerank = {n: float(centrality.get(n, {}).get("pagerank", 0.0)) for n in G}
    shown, left_out = select_actors(G, centrality, max_nodes)
    rank = {n: i for i, n in enumerate(shown)}
    keep = set(shown)
    S = analysis.get("signed")
    if S is None:
        S = an.signed_graph(G)
    labels = {n: str(G.nodes[n].get("label", n)) for n in G}
    blocs = [set(b) for b in analysis.get("blocs", [])]
    flags = an.aligned_blocs(S, blocs)
    sides = [b for b, aligned in zip(blocs, flags, strict=True) if aligned and b & keep]
    side_of = {n: i for i, b in enumerate(sides) for n in b}
    symmetric = symmetric_predicates()
    top_pagerank = max((pagerank[n] for n in shown), default=0.0)
    labelled = set(shown[: settings["labelled"]])
    font = settings["font"]

    def kind_of(n: str) -> str:
        kind = kinds.get(n) or "Actor"
        return kind if kind in st["kinds"] else "Actor"

    sizes = {
        n: round(4 + 20 * math.sqrt(pagerank[n] / top_pagerank if top_pagerank else 0.0), 2)
        for n in shown
    }
    # Each actor takes a disc on the layout; a labelled one also makes room for its label.
    boxes = {
        n: (
            label_width(labels[n], font) + 4,
            font + 4,
            sizes[n] + LABEL_DROP - 2,
        )
        for n in labelled
    }
    footprint = {n: settings["pad"] + sizes[n] for n in shown}
    steps = levels(len(shown))
    positions = []
    drawn = S.subgraph(shown).copy()  # read at every level: a view would filter every read
    for step in steps:
        pos = layout.bloc_layout(
            drawn,
            sides,
            shown,
            footprint,
            shown=shown[:step],
            boxes=boxes,
            gap=settings["gap"],
            spacing=settings["spacing"],
            aspect=settings["aspect"],
            seed=settings["seed"],
        )
        pos = layout.spread_labels(pos, boxes, shown)
        positions.append(pos)
    first = positions[0]
    centres = [
        (
            sum(first[n][0] for n in b if n in first) / max(1, len(b & keep)),
            sum(first[n][1] for n in b if n in first) / max(1, len(b & keep)),
        )
        for b in sides
    ]
    colours = _colours(len(sides), centres, st["blocs"])

    net = Network(directed=True, cdn_resources="in_line")
    actors = {}
    for n in shown:
        c = centrality.get(n, {})
        side = side_of.get(n)
        kind = kind_of(n)
        net.add_node(
            n,
            label=labels[n],
            shape=st["kinds"][kind]["shape"],
            color=colours[side] if side is not None else st["no_bloc"],
            size=sizes[n],
        )
        actors[n] = {
            "label": labels[n],
            "kind": kind,
            "rank": rank[n],
            "side": side,
            "pagerank": pagerank[n],
            "betweenness": float(c.get("betweenness", 0.0)),
            "positive": int(c.get("positive_degree", 0)),
            "negative": int(c.get("negative_degree", 0)),
        }

    ties = {}
    pair_count: Counter = Counter()
    omitted_ties = omitted_claims = 0
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
            # The claims the actor graph counted, when it says (a build gives no evidence of
            # ties it leaves out), else those of the evidence.
            omitted_claims += (
                sum(edge["predicates"].values())
                if edge.get("predicates")
                else sum(len(cs) for cs in by_predicate.values())
            )
            continue
        for predicate in sorted(by_predicate):
            found = sorted(by_predicate[predicate], key=lambda c: -float(c["confidence"]))
            edge_id = f"{key[0]}{len(ties)}"
            pair = tuple(sorted((u, v)))
            parallel = pair_count[pair]
            pair_count[pair] += 1
            directed = predicate not in symmetric
            weight = tie_weight(found, weigh)
            net.add_edge(
                u,
                v,
                id=edge_id,
                color=predicates[predicate]["colour"],
                width=_width(weight),
                arrows="to" if directed else "",
                # Ties between one pair fan out instead of lying on top of each other.
                smooth={"enabled": True, "type": "curvedCW", "roundness": 0.18 * parallel},
            )
            ties[edge_id] = {
                "predicate": predicate,
                "sign": tie_signs().get(predicate, 0),
                "directed": directed,
                "claims": [_claim(c, documents, events) for c in found],
            }

    nodes, edges, *_ = net.get_network_data()
    for node in nodes:
        if node["id"] not in labelled:
            # The name is in the tooltip and the panel; drawn only for the leading actors.
            del node["label"]
    return {
        "key": key,
        "name": VIEW_NAMES[key],
        "order": shown,
        "nodes": nodes,
        "edges": edges,
        "ties": ties,
        "actors": actors,
        "sides": [
            {
                "name": an.bloc_name(b, pagerank, labels, unnamed=unnamed),
                "colour": colours[i],
                "members": sorted(b & keep, key=rank.get),
                "size": len(b),
            }
            for i, b in enumerate(sides)
        ],
        "levels": [
            {"size": step, "xy": [round(v) for n in shown for v in pos[n]]}
            for step, pos in zip(steps, positions, strict=True)
        ],
        "periods": _periods(
            claims,
            parents,
            labels,
            blocs,
            pagerank,
            rank,
            sides,
            colours,
            memo,
            outside,
            weigh,
            unnamed,
        ),
        "shown": {"actors": len(shown), "ties": len(ties)},
        "total": {"actors": len(G), "ties": G.number_of_edges()},
        "omitted": {
            "actors": len(left_out),
            "ties": omitted_ties,
            "claims": omitted_claims,
            "examples": [labels[x] for x in left_out[:10]],
        },
    }


def _periods(
    claims: list[Mapping],
    parents: Mapping[str, str],
    labels: Mapping[str, str],
    blocs: list[set[str]],
    pagerank: Mapping[str, float],
    rank: Mapping[str, int],
    sides: list[set[str]],
    colours: list[str],
    memo: dict | None = None,
    outside: frozenset[str] = frozenset(),
    weigh: str = "events",
    unnamed: frozenset[str] = frozenset(),
) -> dict[str, list[dict]]:
    """The sides of each year, quarter and month with dated claims (:func:`kg.analysis.periods`,
    each period starting from the whole graph's blocs), actors given by their rank on the page.
    A period side takes the colour of the overall side it continues, if no larger one does.
    A frequency with one period only (the whole span), or no more periods than the coarser
    one, is left out: it would show the overall sides again. ``memo``, ``outside`` and
    ``weigh``: see :func:`kg.analysis.periods`."""
    if not any(c.get("date") for c in claims):
        return {}
    palette = style()["blocs"]
    result: dict[str, list[dict]] = {}
    dates = {str(c["date"])[:10] for c in claims if c.get("date")}
    count = 1
    freqs = []
    for freq in FREQUENCIES:
        # Counted before the (costly) blocs of each period are computed.
        n = len({an.period_of(d, freq) for d in dates})
        if n > count:
            freqs.append(freq)
            count = n
    tables = an.period_tables(
        claims,
        freqs=freqs,
        parents=parents,
        labels=labels,
        blocs=blocs,
        memo=memo,
        outside=outside,
        weigh=weigh,
    )
    for freq, table in tables.items():
        rows = []
        for row in table:
            found = [
                set(b) for b, aligned in zip(row["blocs"], row["aligned"], strict=True) if aligned
            ]
            found = [b for b in found if any(n in rank for n in b)]
            matched = an.match_blocs(found, sides)
            taken: set[int] = set()
            entries = []
            # Larger sides claim the colour of the side they continue first.
            for i in sorted(range(len(found)), key=lambda i: -len(found[i])):
                m = matched[i]
                if m is not None and m not in taken:
                    taken.add(m)
                    colour = colours[m]
                else:
                    colour = palette[(len(sides) + i) % len(palette)]
                entries.append(
                    (
                        i,
                        {
                            "name": an.bloc_name(
                                found[i], pagerank, labels, unnamed=unnamed
                            ),
                            "colour": colour,
                            "members": sorted(rank[n] for n in found[i] if n in rank),
                        },
                    )
                )
            rows.append(
                {
                    "period": row["period"],
                    "claims": row["claims"],
                    "actors": row["actors"],
                    "sides": [e for _, e in sorted(entries, key=lambda e: e[0])],
                }
            )
        result[freq] = rows
    return result


def _claim(c: Mapping, documents: _Documents, events: Mapping[str, int]) -> dict:
    sentence = str(c.get("sentence") or "")
    return {
        "confidence": round(float(c.get("confidence", 0.0)), 4),
        "doc": documents.of(c),
        "event": events.get(str(c["event"])) if c.get("event") else None,
        "sentence": sentence,
        "marks": _marks(c, sentence),
    }


def page_data(
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    *,
    kinds: Mapping[str, str] | None = None,
    max_nodes: int = 300,
    parents: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    claims: Iterable[Mapping] | None = None,
    detailed: tuple[nx.DiGraph, Mapping, Mapping[tuple[str, str], list[Mapping]]] | None = None,
    memo: dict | None = None,
    outside: Iterable[str] = (),
    unnamed: Iterable[str] = (),
    weigh: str = "events",
) -> dict:
    """Everything the page draws, as plain data: one or two views (rolled up, and detailed
    when roles or people were rolled up), each with its pyvis nodes and edges, one edge per
    actor pair and predicate with its claims, the actors' figures, named sides, positions
    and the sides of each period; the documents and the events the claims report once
    (:func:`event_table`); the legend's predicates.

    ``parents`` is the roll-up ``G`` was built with (role or person → parent actor); without
    it the roll-up is read off the evidence (:func:`roots_from_evidence`). ``labels`` names
    the actors of the detailed view; without it they are named by their mentions. ``weigh``
    is how ties are weighed (:func:`tie_weight`), as ``G`` was.

    ``claims`` are the claims behind the page, for the sides of each period and the detailed
    view (claims or tally rows with a ``count``, :mod:`kg.tally`); by default those of
    ``evidence``, which must then hold every claim. A build gives them, with ``evidence``
    only for the ties shown (:func:`evidence_pairs`) and ``detailed``: the detailed view's
    actor graph, its analysis and its evidence by pair of actors (by default built from
    ``claims``). ``memo`` and ``outside`` (actors in no side, such as civilians, as
    :func:`kg.analysis.analyse` left them out): see :func:`kg.analysis.periods`. The events
    of the evidence panel (:func:`event_table`) are read from the evidence: every report of
    an event is evidence of the tie it is on. ``unnamed`` actors (one document's "gunmen")
    come last in a side's name.
    """
    kinds = kinds or {}
    st = style()
    claims = [c for cs in evidence.values() for c in cs] if claims is None else list(claims)
    roll_up = dict(parents) if parents is not None else roots_from_evidence(evidence)
    documents = _Documents()
    predicates = {p: dict(s) for p, s in st["predicates"].items()}
    outside = frozenset(outside)
    rolled = any(an._root(a, roll_up) != a for a in roll_up)
    if rolled and detailed is None:
        names = {**_mention_labels(claims), **{n: G.nodes[n].get("label", n) for n in G}}
        names.update(labels or {})
        D = an.actor_graph(claims, labels=names, weigh=weigh)
        by_pair: dict[tuple[str, str], list[Mapping]] = defaultdict(list)
        for c in claims:
            by_pair[(c["source"], c["target"])].append(c)
        detailed = (D, an.analyse(D, outside=outside), by_pair)
    told = [c for cs in evidence.values() for c in cs]
    if rolled:
        told += [c for cs in detailed[2].values() for c in cs]
    event_index, event_rows = event_table(told)
    common = {
        "kinds": kinds,
        "max_nodes": max_nodes,
        "documents": documents,
        "predicates": predicates,
        "memo": memo,
        "outside": outside,
        "unnamed": frozenset(unnamed),
        "events": event_index,
        "weigh": weigh,
    }
    views = [
        _view(
            "rolled" if rolled else "actors",
            G,
            analysis,
            evidence,
            claims,
            parents=roll_up,
            **common,
        )
    ]
    if rolled:
        D, results, by_pair = detailed
        views.append(_view("detailed", D, results, by_pair, claims, parents={}, **common))
    return {
        "views": views,
        "documents": documents.rows,
        "events": event_rows,
        "weigh": weigh,
        "predicates": {
            p: {
                "colour": s["colour"],
                "label": s["label"],
                "directed": p not in symmetric_predicates(),
            }
            for p, s in predicates.items()
        },
        "kinds": {k: {"label": s["label"], "symbol": s["symbol"]} for k, s in st["kinds"].items()},
        "options": {
            "layout": {"randomSeed": st["view"]["seed"], "improvedLayout": False},
            # Positions come from kg.layout; physics can be switched on from the page.
            "physics": {
                "enabled": False,
                "solver": "barnesHut",
                "barnesHut": {
                    "gravitationalConstant": -6000,
                    "springLength": 140,
                    "springConstant": 0.03,
                    "avoidOverlap": 0.2,
                },
                "stabilization": {"enabled": False},
            },
            "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
            "nodes": {
                "font": {
                    "size": st["view"]["font"],
                    "color": "#222222",
                    "strokeWidth": 3,
                    "strokeColor": "#ffffff",
                },
                "borderWidth": 1,
            },
            # Ties half transparent: the sides (the actors) stand out, the ties show through.
            "edges": {
                "arrowStrikethrough": False,
                "selectionWidth": 2,
                "color": {"opacity": 0.55},
                "arrows": {"to": {"scaleFactor": 0.6}},
            },
        },
        "maxWidth": MAX_EDGE_WIDTH,
        "faded": FADED,
        "noSide": st["no_bloc"],
        "labelled": st["view"]["labelled"],
        # The least zoom at which labels are still read: the first view never draws smaller.
        "minScale": st["view"]["readable"] / st["view"]["font"],
    }


def page_html(data: Mapping, *, title: str = "conflict-kg: who is with whom") -> str:
    """The page as one self-contained HTML string."""
    env = Environment(
        loader=FileSystemLoader(str(data_path("page"))),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    template = env.get_template("page.html")
    js, css = vis_assets()
    used = {t["predicate"] for view in data["views"] for t in view["ties"].values()}
    return template.render(
        title=title,
        vis_js=Markup(js),
        vis_css=Markup(css),
        page_js=Markup(data_path("page/page.js").read_text(encoding="utf-8")),
        page_css=Markup(data_path("page/page.css").read_text(encoding="utf-8")),
        data_json=Markup(script_json(data)),
        predicates=[{"name": p, **s} for p, s in data["predicates"].items() if p in used],
        main=data["views"][0],
        labelled=data["labelled"],
    )


def render(
    G: nx.DiGraph,
    analysis: Mapping,
    evidence: Mapping[tuple[str, str], list[Mapping]],
    path: Path,
    **options,
) -> Path:
    """Write ``graph.html`` for the actor graph ``G`` with its ``analysis`` results.

    ``evidence[(u, v)]`` lists the claims behind the edge ``u → v`` (``source``, ``target``,
    ``predicate``, ``confidence``, ``date``, ``title``, ``sentence`` and, to highlight the
    actors, ``subjectText``/``subjectStart``, ``objectText``/``objectStart`` and
    ``sentenceStart``). Only the ``max_nodes`` actors with the highest PageRank are on the
    page, the first ``style()["view"]["first_view"]`` drawn at first; the page says what was
    left out. Claims that carry their ``event`` and ``publisher`` are grouped by event in
    the evidence panel. ``options`` are those of :func:`page_data` (``kinds``, ``max_nodes``,
    ``parents``, ``labels``, ``claims``, ``detailed``, ``memo``, ``outside``, ``unnamed``,
    ``weigh``).
    """
    page = page_html(page_data(G, analysis, evidence, **options))
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return Path(path)
