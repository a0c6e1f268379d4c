"""Analysis: plain functions over the signed actor network (networkx).

The flow is ``claims → actor_graph → signed_graph → centrality / signed_blocs / balance``.
Each function does one job and can be called from a notebook on any networkx graph with the
documented edge attributes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping

import networkx as nx

from kg.vocabulary import rolled_up, tie_signs


def actor_graph(
    claims: Iterable[Mapping],
    *,
    parents: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    min_confidence: float = 0.0,
    weigh: str = "events",
) -> nx.DiGraph:
    """Aggregate claims into one directed, signed, weighted edge per actor pair.

    Each claim is a mapping with ``source``, ``target``, ``predicate``, ``confidence`` and
    optionally ``modality`` (or, in older data, ``negated``), ``date``, ``claim`` and
    ``count`` (the number of like claims it stands for, 1 if absent: the rows of the store's
    tally, :mod:`kg.tally`) and ``event`` (the event it reports, :mod:`kg.events`). Only
    asserted claims count (not negated, denied, threatened, hypothetical or questioned ones),
    and none under ``min_confidence``. With ``parents`` (role or person → parent actor) ends
    are rolled up to their parent, and ties inside one parent dropped.

    ``weigh="events"`` counts each event once per edge, at its best-supported report's
    confidence, so a story re-published by ten outlets weighs as one; a claim with no event
    counts alone. ``weigh="reports"`` sums every claim's confidence.

    Edge attributes: ``count`` (claims), ``events`` (distinct events), ``weight`` (summed
    confidence, as ``weigh`` says), ``sign`` (+1/-1/0 from the weighted balance of the
    claims' tie signs, :func:`kg.vocabulary.tie_signs`: cooperative, structural and
    conflictual predicates), ``predicates`` (a Counter of claims), ``first``/``last`` date
    seen and ``claims`` (their identifiers).

    >>> G = actor_graph([{"source": "a", "target": "b", "predicate": "attacks", "confidence": 0.8},
    ...                  {"source": "a", "target": "b", "predicate": "supports", "confidence": 0.3}])
    >>> G["a"]["b"]["sign"], G["a"]["b"]["count"]
    (-1, 2)
    >>> reports = [{"source": "a", "target": "b", "predicate": "attacks", "confidence": c,
    ...             "event": "e1"} for c in (0.5, 0.9, 0.7)]
    >>> [(G["a"]["b"]["events"], round(G["a"]["b"]["weight"], 2))
    ...  for G in (actor_graph(reports), actor_graph(reports, weigh="reports"))]
    [(1, 0.9), (1, 2.1)]
    """
    G = nx.DiGraph()
    for u, v, sign, claim, n, gain, new in _weighed(claims, parents, min_confidence, weigh):
        predicate = claim["predicate"]
        for node in (u, v):
            if node not in G:
                G.add_node(node, label=(labels or {}).get(node, node))
        if not G.has_edge(u, v):
            G.add_edge(
                u,
                v,
                count=0,
                events=0,
                weight=0.0,
                balance=0.0,
                predicates=Counter(),
                first=None,
                last=None,
                claims=[],
            )
        data = G[u][v]
        data["count"] += n
        data["events"] += new
        data["weight"] += gain
        data["balance"] += sign * gain
        data["predicates"][predicate] += n
        if claim.get("claim"):
            data["claims"].append(claim["claim"])
        date = claim.get("date")
        if date:
            data["first"] = min(filter(None, [data["first"], date]))
            data["last"] = max(filter(None, [data["last"], date]))
    for _, _, data in G.edges(data=True):
        data["sign"] = (data["balance"] > 0) - (data["balance"] < 0)
    return G


def asserted(claim: Mapping) -> bool:
    """Whether a claim (a mapping as :func:`actor_graph` takes) is asserted: its ``modality``,
    or for data without one, not ``negated``.

    >>> asserted({"modality": "threatened"}), asserted({"negated": False})
    (False, True)
    """
    modality = claim.get("modality")
    if modality is not None:
        return modality == "asserted"
    return not claim.get("negated")


def _kept(claims: Iterable[Mapping], parents: Mapping[str, str] | None, min_confidence: float):
    """The claims that count as ties, as ``(u, v, tie sign, confidence, claim)`` with both
    ends rolled up: asserted, confident enough, of a predicate that ties two actors."""
    parents = dict(parents or {})
    signs = tie_signs()
    roots: dict[str, str] = {}  # each actor rolled up once, not once per claim
    for claim in claims:
        if not asserted(claim) or float(claim.get("confidence", 1.0)) < min_confidence:
            continue
        sign = signs.get(claim["predicate"])
        if sign is None:
            continue
        source, target = claim["source"], claim["target"]
        u = roots.get(source)
        if u is None:
            u = roots[source] = _root(source, parents)
        v = roots.get(target)
        if v is None:
            v = roots[target] = _root(target, parents)
        if u == v:
            continue
        yield u, v, sign, float(claim.get("confidence", 1.0)), claim


WEIGHTS = ("events", "reports")


def _weighed(
    claims: Iterable[Mapping],
    parents: Mapping[str, str] | None,
    min_confidence: float,
    weigh: str,
):
    """The claims of :func:`_kept` (or tally rows standing for ``count`` like claims), each
    with what it adds to its tie: ``(u, v, sign, claim, count, gain, new)``, ``gain`` to the
    weight and ``new`` to the number of distinct events. By reports, each claim adds its
    confidence. By events, an event adds its best report's confidence once per pair of
    actors, over both directions (reports of one clash may name the two sides either way
    round, and the signed graph adds the two directions up): to the direction of that report
    (of two equally confident, the first in sort order), whatever order the claims come in,
    so claims and tally rows give the same graph. A claim with no event is an event of its
    own."""
    if weigh not in WEIGHTS:
        raise ValueError(f"unknown weighing {weigh!r}: use events or reports")
    yield from _weigh(list(_kept(claims, parents, min_confidence)), weigh)


def _weigh(kept: list[tuple], weigh: str):
    """:func:`_weighed` of claims already through :func:`_kept`."""
    best: dict[tuple, tuple[float, tuple[str, str]]] = {}
    for u, v, _, confidence, claim in kept:
        event = claim.get("event")
        if event is not None and weigh == "events":
            key = (u, v, event) if u <= v else (v, u, event)
            held = best.get(key)
            if held is None or (confidence, held[1]) > (held[0], (u, v)):
                best[key] = (confidence, (u, v))
    seen: set[tuple] = set()
    for u, v, sign, confidence, claim in kept:
        n = claim.get("count", 1)
        event = claim.get("event")
        if event is None:
            yield u, v, sign, claim, n, n * confidence, n
            continue
        new = (u, v, event) not in seen
        seen.add((u, v, event))
        if weigh == "reports":
            yield u, v, sign, claim, n, n * confidence, int(new)
            continue
        key = (u, v, event) if u <= v else (v, u, event)
        held = best.get(key)
        gain = 0.0
        if held is not None and held == (confidence, (u, v)):
            gain = confidence
            del best[key]  # given once
        yield u, v, sign, claim, n, gain, int(new)


def _signed_from_claims(
    claims: Iterable[Mapping],
    *,
    parents: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    min_confidence: float = 0.0,
    outside: frozenset[str] = frozenset(),
    weigh: str = "events",
    light: bool = False,
) -> nx.Graph:
    """``signed_graph(actor_graph(claims, ...))`` without the evidence of each tie (predicates,
    dates, claim lists) that only the whole graph's report reads: the same actors, ties and
    sums, added in the same order (so Leiden sees the same graph), built in plain dicts, for
    the per-period table (:func:`periods`); ``light`` gives it as :class:`_SignedTies`.
    Ties with an actor in ``outside`` are left out, as a subgraph without them would."""
    if weigh not in WEIGHTS:
        raise ValueError(f"unknown weighing {weigh!r}: use events or reports")
    kept = list(_kept(claims, parents, min_confidence))
    return _signed_from_kept(kept, labels=labels, outside=outside, weigh=weigh, light=light)


def _signed_from_kept(
    kept: list[tuple],
    *,
    labels: Mapping[str, str] | None = None,
    outside: frozenset[str] = frozenset(),
    weigh: str = "events",
    light: bool = False,
) -> nx.Graph:
    """:func:`_signed_from_claims` of claims already through :func:`_kept`."""
    labels = labels or {}
    ties: dict[str, dict[str, list]] = {}  # source -> target -> [count, weight, balance]
    for u, v, sign, _, n, gain, _ in _weigh(kept, weigh):
        for node in (u, v):
            if node not in ties and node not in outside:
                ties[node] = {}
        if u in outside or v in outside:
            continue
        tie = ties[u].get(v)
        if tie is None:
            tie = ties[u][v] = [0, 0.0, 0.0]
        tie[0] += n
        tie[1] += gain
        tie[2] += sign * gain
    return _collapse(
        ((n, {"label": labels.get(n, n)}) for n in ties),
        (
            (u, v, count, weight, balance)
            for u, targets in ties.items()
            for v, (count, weight, balance) in targets.items()
        ),
        light=light,
    )


def _collapse(
    nodes: Iterable, ties: Iterable[tuple[str, str, int, float, float]], *, light: bool = False
) -> nx.Graph:
    """One undirected edge per pair from directed ``(u, v, count, weight, balance)`` ties,
    both directions summed, in the order pairs first appear, signed by the summed balance
    (as a :class:`_SignedTies` if ``light``)."""
    pairs = _pairs(ties)
    if light:
        return _SignedTies((n for n, _ in nodes), pairs)
    S = nx.Graph()
    S.add_nodes_from(nodes)
    S.add_edges_from((u, v, pair) for (u, v), pair in pairs.items())
    return S


def _pairs(ties: Iterable[tuple[str, str, int, float, float]]) -> dict[tuple[str, str], dict]:
    """The undirected pairs of :func:`_collapse`: ``{(u, v): {balance, weight, count, sign}}``
    keyed by the direction first seen."""
    pairs: dict[tuple[str, str], dict] = {}
    for u, v, count, weight, balance in ties:
        pair = pairs.get((v, u)) or pairs.get((u, v))
        if pair is not None:
            pair["balance"] += balance
            pair["weight"] += weight
            pair["count"] += count
        else:
            pairs[(u, v)] = {"balance": balance, "weight": weight, "count": count}
    for pair in pairs.values():
        pair["sign"] = (pair["balance"] > 0) - (pair["balance"] < 0)
    return pairs


class _SignedTies:
    """A signed graph as a period's table reads it (:func:`signed_blocs`, :func:`frustrated_ties`,
    :func:`aligned_blocs`, :func:`triangle_balance`): the nodes, neighbours and edges, in the
    order the networkx graph :func:`_collapse` builds would give them, in plain dicts. A
    period's graph is built, read a few times and dropped: networkx's bookkeeping cost more
    than the rest of the period's table (benchmarks/bench_store.py, the incremental case)."""

    def __init__(self, nodes: Iterable[str], pairs: Mapping[tuple[str, str], dict]):
        self._adj: dict[str, dict[str, dict]] = {n: {} for n in nodes}
        for (u, v), data in pairs.items():
            self._adj[u][v] = data
            self._adj[v][u] = data
        # networkx's order: node by node, each edge once, from the first of its ends seen.
        seen: set[str] = set()
        self._edges = []
        for n, neighbours in self._adj.items():
            self._edges.extend((n, m, d) for m, d in neighbours.items() if m not in seen)
            seen.add(n)

    def __iter__(self):
        return iter(self._adj)

    def __len__(self) -> int:
        return len(self._adj)

    def __contains__(self, node) -> bool:
        return node in self._adj

    def __getitem__(self, node) -> dict[str, dict]:
        return self._adj[node]

    def edges(self, data: bool = False):
        return list(self._edges) if data else [(u, v) for u, v, _ in self._edges]


_root = rolled_up  # the name the analysis, page and orchestrator use


def signed_graph(G: nx.DiGraph) -> nx.Graph:
    """Collapse directions: one undirected edge per pair, signed by the summed balance of both
    directions; pairs whose ties cancel out (or are only meetings) get sign 0.

    >>> D = nx.DiGraph(); D.add_edge("a", "b", balance=1.0, weight=1.0, count=1)
    >>> D.add_edge("b", "a", balance=-0.4, weight=0.4, count=1)
    >>> signed_graph(D)["a"]["b"]["sign"]
    1
    """
    def ties():
        for u, v, data in G.edges(data=True):
            # Graphs built elsewhere may carry only ``sign`` (and ``weight``): derive the rest.
            weight = data.get("weight", 1.0)
            balance = data.get("balance", data.get("sign", 0) * weight)
            yield u, v, data.get("count", 1), weight, balance

    return _collapse(G.nodes(data=True), ties())


# Above this many actors in a connected component, its betweenness is estimated from
# BETWEENNESS_SAMPLES of its actors sampled as sources (Brandes & Pich 2007) instead of all
# of them: exact Brandes is O(n·m), too slow at 30,000.
# igraph runs it in C: networkx's own sampled version took ~85 s for 200 sources at 300k ties.
EXACT_BETWEENNESS_MAX = 2000
BETWEENNESS_SAMPLES = 500


def centrality(
    G: nx.DiGraph, *, seed: int = 42, memo: dict | None = None
) -> dict[str, dict[str, float]]:
    """Per actor: positive and negative degree, degree centrality, betweenness, PageRank and
    eigenvector centrality, all on the undirected view weighted by evidence.

    PageRank (Brin & Page 1998) and eigenvector centrality (Bonacich 1972) use ``weight``;
    betweenness (Brandes 2001) treats every tie as length 1; in a connected component of more
    than ``EXACT_BETWEENNESS_MAX`` actors it is estimated from ``BETWEENNESS_SAMPLES`` random
    sources of that component (Brandes & Pich 2007); see :func:`betweenness`.

    Betweenness, PageRank and eigenvector centrality are computed per connected component
    (:func:`_component_measures`) and put together exactly as the whole graph's, so ``memo``
    (a dict kept by the caller, :mod:`kg.memo`) can hold those of large components by what
    they are computed from (:func:`_centrality_key`): a component no new tie touches is not
    computed again.

    >>> D = nx.DiGraph(); D.add_edge("a", "b", weight=1.0, sign=1); D.add_edge("b", "c", weight=1.0, sign=-1)
    >>> c = centrality(D); c["b"]["positive_degree"], c["b"]["negative_degree"], c["b"]["betweenness"]
    (1, 1, 1.0)
    """
    U = _undirected(G)
    result: dict[str, dict[str, float]] = {
        n: {"positive_degree": 0, "negative_degree": 0} for n in G
    }
    for u, v, d in G.edges(data=True):
        sign = d.get("sign", 0)
        if sign:
            key = "positive_degree" if sign > 0 else "negative_degree"
            result[u][key] += 1
            result[v][key] += 1
    if len(G) == 0:
        return result
    measures = {"degree": nx.degree_centrality(U), **_component_measures(U, seed, memo)}
    for name, values in measures.items():
        for n, value in values.items():
            result[n][name] = round(float(value), 6)
    return result


def _undirected(G: nx.DiGraph) -> nx.Graph:
    """``G.to_undirected()`` keeping only what centrality reads (nodes, edges and their
    ``weight``, the later direction's for a reciprocal pair, as networkx does), added in the
    same order, so the measures are the same; without deep copies of every edge's evidence
    (0.7 s of 1.8 s for 34,000 ties)."""
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from(
        (u, v, {"weight": d["weight"]} if "weight" in d else {}) for u, v, d in G.edges(data=True)
    )
    return U


def betweenness(U: nx.Graph, *, seed: int = 42) -> dict[str, float]:
    """Normalised shortest-path betweenness of an undirected graph, each tie of length 1.

    Method: Brandes (2001), run in C by igraph, per connected component (no shortest path
    leaves one), normalised by the whole graph's number of pairs, as networkx normalises.
    In a component of more than ``EXACT_BETWEENNESS_MAX`` nodes only ``BETWEENNESS_SAMPLES``
    random source nodes of that component are used and their sum scaled by its size over
    their number: the estimator of Brandes & Pich (2007), drawn per component (a stratified
    sample), so a component's values depend on it alone. Values match
    ``networkx.betweenness_centrality(U)`` when exact.

    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    n = len(U)
    values = dict.fromkeys(U, 0.0)
    if n < 3:
        return values
    norm = 2.0 / ((n - 1) * (n - 2))
    for nodes, edges in _component_parts(U):
        for v, raw in zip(nodes, _component_betweenness(nodes, edges, seed), strict=True):
            values[v] = raw * norm
    return values


def _component_betweenness(nodes: list, edges: list[tuple], seed: int) -> list[float]:
    """Unnormalised betweenness of one connected component (``nodes``, ``edges`` as
    :func:`_component_parts` gives them), in ``nodes``' order; sampled as
    :func:`betweenness` says, the sum already scaled."""
    import random

    import igraph as ig

    n = len(nodes)
    if n < 3:
        return [0.0] * n
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=n, edges=[(index[u], index[v]) for u, v, _ in edges if u != v])
    if n > EXACT_BETWEENNESS_MAX:
        k = min(BETWEENNESS_SAMPLES, n)
        sources = random.Random(seed).sample(range(n), k)
        raw = g.betweenness(directed=False, sources=sources)
        scale = n / k
    else:
        raw, scale = g.betweenness(directed=False), 1.0
    return [float(x) * scale for x in raw]


# networkx's default damping factor, which PageRank here keeps.
PAGERANK_ALPHA = 0.85


def _component_measures(U: nx.Graph, seed: int, memo: dict | None) -> dict[str, dict]:
    """Betweenness (:func:`betweenness`), PageRank and eigenvector centrality of ``U``, each
    computed per connected component and put together as the whole graph's.

    PageRank (``networkx.pagerank``, damping ``PAGERANK_ALPHA``) of a graph whose components
    are C_1..C_k: with uniform teleportation, each component's stationary vector is its own
    PageRank q_c scaled by its share, p(v) = n_c q_c(v) / N, N the number of nodes (an
    isolated node, which has no tie to follow, scores (1 - alpha) / N' and the others
    n_c q_c(v) / N', N' = N - (number isolated) * alpha, the dangling mass spread evenly as
    networkx spreads it). Exact in exact arithmetic; the computed values agree with a
    power iteration over the whole graph within its tolerance. A graph where a node has ties
    of zero total weight (a dangling node inside a component) is solved whole instead.
    Eigenvector centrality is per component already (:func:`_eigenvector`).

    ``memo`` holds the three measures of each component of ``MEMO_MIN_COMPONENT`` actors or
    more by :func:`_centrality_key`."""
    n = len(U)
    parts = _component_parts(U)
    strength = dict.fromkeys(U, 0.0)
    for u, v, d in U.edges(data=True):
        w = d.get("weight", 1)
        strength[u] += w
        if u != v:
            strength[v] += w
    isolated = {v for v in U if U.degree(v) == 0}
    whole = any(strength[v] == 0 for v in U if v not in isolated)
    norm = 2.0 / ((n - 1) * (n - 2)) if n >= 3 else 0.0
    share = n - len(isolated) * PAGERANK_ALPHA
    between: dict = dict.fromkeys(U, 0.0)
    pagerank: dict = {}
    eigen: dict = dict.fromkeys(U, 0.0)
    for nodes, edges in parts:
        if not edges:  # one isolated actor
            pagerank[nodes[0]] = (1 - PAGERANK_ALPHA) / share
            continue
        measures = _component_centrality(nodes, edges, seed, memo, pagerank=not whole)
        for i, v in enumerate(nodes):
            between[v] = measures["betweenness"][i] * norm
            eigen[v] = measures["eigenvector"][i]
            if not whole:
                pagerank[v] = len(nodes) * measures["pagerank"][i] / share
    if not U.number_of_edges():
        pagerank = {v: 1 / n for v in U}
    elif whole:
        pagerank = nx.pagerank(U, alpha=PAGERANK_ALPHA, weight="weight")
    return {
        "betweenness": between,
        "pagerank": {v: pagerank[v] for v in U},
        "eigenvector": eigen,
    }


def _component_centrality(
    nodes: list, edges: list[tuple], seed: int, memo: dict | None, *, pagerank: bool
) -> dict[str, list[float]]:
    """Unnormalised betweenness, PageRank (the component's own, summing to 1) and
    eigenvector centrality of one connected component with ties, in ``nodes``' order; from
    ``memo`` when it holds them."""
    key = None
    if memo is not None and len(nodes) >= MEMO_MIN_COMPONENT:
        key = _centrality_key(nodes, edges, seed)
        held = memo.get(key)
        if held is not None and all(len(values) == len(nodes) for values in held.values()):
            return held
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from(edges)
    eigen = _eigenvector_of(sub)
    found = {
        "betweenness": _component_betweenness(nodes, edges, seed),
        "pagerank": [0.0] * len(nodes),
        "eigenvector": [float(eigen[v]) for v in nodes],
    }
    if pagerank:
        ranks = nx.pagerank(sub, alpha=PAGERANK_ALPHA, weight="weight")
        found["pagerank"] = [float(ranks[v]) for v in nodes]
    if key is not None and pagerank:
        memo[key] = found
    return found


def _centrality_key(nodes: list, edges: list[tuple], seed: int) -> str:
    """What the centralities of one component depend on, hashed: its actors and ties in
    order, with their weights, the seed, and the betweenness sampling and PageRank damping."""
    import hashlib

    settings = (seed, EXACT_BETWEENNESS_MAX, BETWEENNESS_SAMPLES, PAGERANK_ALPHA)
    digest = hashlib.sha256(f"centrality\n{settings!r}\n{len(nodes)}\n".encode())
    digest.update("\n".join(map(str, nodes)).encode())
    digest.update(repr([(u, v, d.get("weight")) for u, v, d in edges]).encode())
    return digest.hexdigest()


def _eigenvector(U: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality of each connected component on its own (a disconnected
    graph's leading eigenvector lives on one component only)."""
    values = dict.fromkeys(U, 0.0)
    for nodes, edges in _component_parts(U):
        if edges:
            sub = nx.Graph()
            sub.add_nodes_from(nodes)
            sub.add_edges_from(edges)
            values.update(_eigenvector_of(sub))
    return values


def _eigenvector_of(sub: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality of one connected component with ties."""
    if len(sub) <= 2:
        # Both ends of a lone tie score alike, 1/sqrt(2) once normalised; the sparse solver
        # needs three nodes or more (networkx would warn and fall back to a dense one).
        return dict.fromkeys(sub, 2**-0.5 if len(sub) == 2 else 1.0)
    try:
        return nx.eigenvector_centrality_numpy(sub, weight="weight")
    except Exception:  # numpy/scipy missing or no convergence on a tiny component
        return nx.degree_centrality(sub)


def _component_parts(U: nx.Graph) -> list[tuple[list, list]]:
    """The connected components of ``U``, each as its nodes (in ``U``'s order) and its
    edges (``(u, v, data)``, in ``U``'s order), in one pass over ``U``: what
    ``U.subgraph(component)`` holds, without building a graph for each (networkx's solvers
    read a view's edges through a filter, which cost more than the solving on a large
    component)."""
    components = list(nx.connected_components(U))
    of = {n: i for i, component in enumerate(components) for n in component}
    nodes: list[list] = [[] for _ in components]
    edges: list[list] = [[] for _ in components]
    for n in U:
        nodes[of[n]].append(n)
    for u, v, d in U.edges(data=True):
        edges[of[u]].append((u, v, d))
    return list(zip(nodes, edges, strict=True))


# The negative layer's resolution (Traag & Bruggeman 2009's gamma-minus). Its null model
# rewards putting actors with many enemies together: that is how two enemies of one camp meet
# ("the enemy of my enemy"), but at 1 (Gomez et al.) it outweighed the ties themselves: on
# re3d-dev it put Islamic State in one bloc with the United States and the SDF, tied to
# neither but by enemies. At 0.5, no negative tie is left inside a bloc there, enemies of a
# common enemy still join (tests/test_analysis.py), and planted camps are found as before
# (benchmarks/bench_analysis.py: adjusted Rand 1.000 at 2,000 actors, either way).
NEGATIVE_RESOLUTION = 0.5


def signed_blocs(
    S: nx.Graph,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    start: Iterable[Iterable[str]] | None = None,
    memo: dict | None = None,
) -> list[set[str]]:
    """Partition actors into blocs: positive ties pull actors together, negative ties push
    them apart.

    Method: Leiden optimisation (Traag, Waltman & van Eck 2019) of signed modularity (Gómez,
    Jensen & Arenas 2009, "Analysis of community structure in networks of correlated data"),
    as a multiplex of a positive and a negative layer with layer weights +1 and -1
    (``leidenalg.Optimiser.optimise_partition_multiplex``), the negative layer's null model
    at half weight (resolution :data:`NEGATIVE_RESOLUTION`; Traag & Bruggeman 2009,
    "Community detection in networks with positive and negative links"): having many enemies
    is a weaker reason to share a bloc than a tie. Leiden's default move set only
    offers a node the communities of its neighbours, so two actors tied only by negative ties
    to a common enemy would never meet; each round therefore also optimises the aggregate
    graph with ``consider_comms = leidenalg.ALL_COMMS`` (every community is a candidate), as
    the leidenalg documentation (``Optimiser.optimise_partition_multiplex``) advises for
    negative links. Actors with no signed tie form blocs of their own, and so do actors no
    tie holds in the bloc found for them (no positive tie to a member, no enemy in common
    with one; see :func:`_anchored`). Blocs are returned largest first.

    Each connected component of the signed ties is optimised on its own, under the whole
    graph's null model (each layer's resolution scaled by the component's share of that
    layer's weight, so the quality is the same modularity): a bloc never joins actors that no
    chain of ties connects (the negative layer's null model rewarded grouping the enemies of
    two unrelated conflicts), and a component's blocs do not move when ties elsewhere are
    added (on one graph, Leiden's random visiting order depends on every node). ``memo`` (a
    dict kept by the caller, :mod:`kg.memo`) holds the blocs of large components by what
    they are computed from (:func:`_blocs_key`).

    ``start`` (blocs, e.g. those of a larger graph this one is part of) is the partition the
    optimisation starts from instead of singletons; actors it does not place start alone.
    Only one local Leiden iteration runs then, on the whole graph: actors join a neighbour's
    bloc or leave theirs, and the all-communities step is skipped, so actors ``start`` puts
    together stay together unless their own ties pull them apart, and actors it keeps apart
    only meet through a tie. Leiden never lowers the quality of its starting partition: the
    result is at least as good as ``start`` restricted to ``S`` (see :func:`periods`).

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("c", "d", {"sign": 1}), ("a", "c", {"sign": -1}),
    ...               ("b", "d", {"sign": -1})])
    >>> sorted(sorted(b) for b in signed_blocs(S))
    [['a', 'b'], ['c', 'd']]
    """
    nodes = list(S)
    if not nodes:
        return []
    ties = [(u, v, d) for u, v, d in S.edges(data=True) if d.get("sign") in (1, -1)]
    gammas = (resolution, NEGATIVE_RESOLUTION)
    if start is not None:
        found = _leiden(S, nodes, ties, seed, gammas, start)
    else:
        found = []
        parts = _signed_components(nodes, ties)
        total = _layer_weights(ties)
        for part_nodes, part_ties in parts:
            if len(part_nodes) == 1:
                found.append(set(part_nodes))  # no signed tie: a bloc of its own
                continue
            if len(parts) > 1:
                share = _layer_weights(part_ties)
                scaled = tuple(
                    g * (share[i] / total[i] if total[i] else 1.0) for i, g in enumerate(gammas)
                )
            else:
                scaled = gammas  # as the whole graph: the same numbers, not rescaled ones
            key = None
            if memo is not None and len(part_nodes) >= MEMO_MIN_COMPONENT:
                key = _blocs_key(part_nodes, part_ties, seed, scaled)
                held = memo.get(key)
                if held is not None:
                    found.extend(set(b) for b in held["blocs"])
                    continue
            blocs = _leiden(S, part_nodes, part_ties, seed, scaled, None)
            if key is not None:
                memo[key] = {"blocs": [sorted(b) for b in blocs]}
            found.extend(blocs)
    return sorted(found, key=lambda b: (-len(b), sorted(b)))


# Components smaller than this are optimised again rather than looked up in a memo: their
# Leiden pass costs about what hashing them does, and they would fill the memo.
MEMO_MIN_COMPONENT = 20


def _signed_components(nodes: list[str], ties: list[tuple]) -> list[tuple[list, list]]:
    """The connected components of the signed ``ties`` over ``nodes``, each as its nodes and
    ties in the order given, by first node; an actor with no signed tie is one alone."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for u, v, _ in ties:
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[rv] = ru
    parts: dict[str, tuple[list, list]] = {}
    for n in nodes:
        parts.setdefault(find(n), ([], []))[0].append(n)
    for tie in ties:
        parts[find(tie[0])][1].append(tie)
    return list(parts.values())


def _layer_weights(ties: Iterable[tuple]) -> tuple[float, float]:
    """The summed weight of the positive and of the negative ties, as Leiden weighs them."""
    weights = [0.0, 0.0]
    for _, _, d in ties:
        weights[0 if d["sign"] == 1 else 1] += abs(d.get("weight", 1.0)) or 1.0
    return weights[0], weights[1]


def _blocs_key(nodes: list[str], ties: list[tuple], seed: int, gammas: tuple) -> str:
    """What the blocs of one component depend on, hashed: its actors and signed ties in
    order, with their weights, the resolutions and the seed."""
    import hashlib

    digest = hashlib.sha256(f"blocs\n{seed}\n{gammas!r}\n{len(nodes)}\n".encode())
    digest.update("\n".join(nodes).encode())
    digest.update(repr([(u, v, d["sign"], d.get("weight")) for u, v, d in ties]).encode())
    return digest.hexdigest()


def _leiden(
    S: nx.Graph,
    nodes: list[str],
    ties: list[tuple],
    seed: int,
    gammas: tuple[float, float],
    start: Iterable[Iterable[str]] | Mapping[str, int] | None,
) -> list[set[str]]:
    """:func:`signed_blocs` of the actors ``nodes`` of ``S`` and their signed ``ties``
    (the resolutions of the positive and negative layers in ``gammas``)."""
    import igraph as ig
    import leidenalg as la

    index = {n: i for i, n in enumerate(nodes)}
    edges: dict[int, list] = {1: [], -1: []}
    weights: dict[int, list] = {1: [], -1: []}
    for u, v, d in ties:
        sign = d["sign"]
        edges[sign].append((index[u], index[v]))
        weights[sign].append(abs(d.get("weight", 1.0)) or 1.0)
    layers = []
    for sign in (1, -1):
        g = ig.Graph(n=len(nodes), edges=edges[sign])
        g.es["weight"] = weights[sign]
        layers.append(g)
    membership = _start_membership(nodes, start) if start is not None else None
    partitions = [
        la.RBConfigurationVertexPartition(
            g, weights="weight", resolution_parameter=gamma, initial_membership=membership
        )
        for g, gamma in zip(layers, gammas, strict=True)
    ]
    _optimise_signed(la, partitions, seed, all_comms=start is None)
    membership = _anchored(S, nodes, list(partitions[0].membership))
    blocs: dict[int, set[str]] = {}
    for i, community in enumerate(membership):
        blocs.setdefault(community, set()).add(nodes[i])
    return list(blocs.values())


def _anchored(S: nx.Graph, nodes: list[str], membership: list[int]) -> list[int]:
    """The membership with every actor that no tie holds in its bloc put in one of its own.

    An actor is held in its bloc by a positive tie to a member, or by an enemy in common with
    one (Heider's "the enemy of my enemy"). Signed modularity's null model also rewards
    putting an actor with only negative ties next to whichever bloc has the most of them
    ("Marines attacked insurgents" would put the Marines on the side of the corpus's most
    attacked-by group): a placement no tie supports is dropped. Repeated until stable, since
    an actor may have been held only by one that left.
    """
    of = dict(zip(nodes, membership, strict=True))
    fresh = max(membership, default=-1) + 1

    # Each actor's friends (but itself) and enemies, read once: ``held`` runs many times.
    friends: dict[str, list[str]] = {}
    enemies: dict[str, list[str]] = {}
    for n in nodes:
        ties = S[n].items()
        friends[n] = [m for m, d in ties if d.get("sign") == 1 and m != n]
        enemies[n] = [m for m, d in ties if d.get("sign") == -1]

    def held(n: str) -> bool:
        bloc = of[n]
        if any(of.get(m) == bloc for m in friends[n]):
            return True
        return any(x != n and of.get(x) == bloc for m in enemies[n] for x in enemies[m])

    changed = True
    while changed:
        changed = False
        sizes = Counter(of.values())
        for n in nodes:
            if sizes[of[n]] > 1 and not held(n):
                sizes[of[n]] -= 1
                of[n], fresh = fresh, fresh + 1
                sizes[of[n]] = 1
                changed = True
    return [of[n] for n in nodes]


def _start_membership(
    nodes: list[str], start: Iterable[Iterable[str]] | Mapping[str, int]
) -> list[int]:
    """Community numbers 0..k-1 for ``nodes`` from the blocs ``start`` (or a mapping of
    actor to bloc number, :func:`_bloc_numbers`, when many graphs start from the same
    blocs); others alone."""
    of = start if isinstance(start, Mapping) else _bloc_numbers(start)
    numbers: dict[object, int] = {}
    membership = []
    for n in nodes:
        key = ("bloc", of[n]) if n in of else ("alone", n)
        membership.append(numbers.setdefault(key, len(numbers)))
    return membership


def _bloc_numbers(blocs: Iterable[Iterable[str]]) -> dict[str, int]:
    """Actor → the index of its bloc in ``blocs``."""
    return {n: i for i, bloc in enumerate(blocs) for n in bloc}


def _optimise_signed(
    la, partitions: list, seed: int, rounds: int = 3, all_comms: bool = True
) -> None:
    """Leiden on the +/- multiplex, alternating two move sets until nothing improves.

    Leiden's default move set only offers a node its neighbours' communities; actors tied only
    negatively to a common enemy are never neighbours, so they would stay singletons. Offering
    every community (``consider_comms = ALL_COMMS``) fixes that but costs O(n·k) per sweep, so
    it is run on the aggregate graph (one node per community, as Leiden's own aggregation
    step builds it) and the result pushed back down with ``from_coarse_partition``.
    """
    local = la.Optimiser()
    local.set_rng_seed(seed)
    wide = la.Optimiser()
    wide.set_rng_seed(seed)
    wide.consider_comms = la.ALL_COMMS
    wide.refine_consider_comms = la.ALL_COMMS
    if not all_comms:
        # From a given partition (periods): one local iteration. More drift further from it
        # on sparse monthly graphs, splitting camps into small pieces: on the benchmark's
        # planted camps, 1 iteration agreed best with them (adjusted Rand 0.86; 0.82 with 2,
        # 0.79 with 3) and left the fewest frustrated ties, in the least time.
        local.optimise_partition_multiplex(partitions, layer_weights=[1, -1], n_iterations=1)
        return
    for _ in range(rounds):
        # Two local iterations per round: running them to convergence (-1) tripled the time
        # on sparse monthly graphs for under 0.1 % more modularity (benchmarks/bench_analysis.py).
        local.optimise_partition_multiplex(partitions, layer_weights=[1, -1], n_iterations=2)
        coarse = [p.aggregate_partition() for p in partitions]
        gain = wide.optimise_partition_multiplex(coarse, layer_weights=[1, -1], n_iterations=2)
        for p in partitions:
            p.from_coarse_partition(coarse[0])
        # Stop when merging with non-neighbours no longer pays (relative to the quality: on
        # sparse graphs local moves and merges can trade tiny gains for many rounds).
        quality = abs(partitions[0].quality() - partitions[1].quality())
        if gain <= 1e-4 * max(quality, 1e-9):
            break


def bloc_ties(S: nx.Graph, blocs: list[set[str]]) -> list[dict[str, int]]:
    """For each bloc: its positive and negative ties inside and to the outside.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("a", "c", {"sign": -1})])
    >>> bloc_ties(S, [{"a", "b"}, {"c"}])[0]
    {'internal_positive': 1, 'internal_negative': 0, 'external_positive': 0, 'external_negative': 1}
    """
    membership = {n: i for i, bloc in enumerate(blocs) for n in bloc}
    result = [
        dict(internal_positive=0, internal_negative=0, external_positive=0, external_negative=0)
        for _ in blocs
    ]
    for u, v, d in S.edges(data=True):
        sign = d.get("sign", 0)
        if sign == 0:
            continue
        kind = "positive" if sign > 0 else "negative"
        if membership[u] == membership[v]:
            result[membership[u]][f"internal_{kind}"] += 1
        else:
            result[membership[u]][f"external_{kind}"] += 1
            result[membership[v]][f"external_{kind}"] += 1
    return result


def frustrated_ties(S: nx.Graph, blocs: list[set[str]]) -> list[tuple[str, str, int]]:
    """Ties that contradict the blocs: negative inside a bloc or positive across two.

    Their number is the frustration index of the partition (Harary 1959; Aref & Wilson 2018).

    >>> S = nx.Graph([("a", "b", {"sign": -1}), ("a", "c", {"sign": 1})])
    >>> frustrated_ties(S, [{"a", "b"}, {"c"}])
    [('a', 'b', -1), ('a', 'c', 1)]
    """
    membership = {n: i for i, bloc in enumerate(blocs) for n in bloc}
    frustrated = []
    for u, v, d in S.edges(data=True):
        sign = d.get("sign", 0)
        same = membership.get(u) == membership.get(v)
        if (sign < 0 and same) or (sign > 0 and not same):
            frustrated.append((u, v, sign))
    return sorted(frustrated)


def triangle_balance(S: nx.Graph) -> dict[str, float]:
    """Share of balanced signed triangles (Cartwright & Harary 1956): a triangle is
    balanced when the product of its three signs is positive. Neutral ties are ignored.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> triangle_balance(S)
    {'triangles': 1, 'balanced': 1, 'balanced_share': 1.0}
    """
    signed: dict = {}  # node -> neighbour -> sign, the signed ties only
    for u, v, d in S.edges(data=True):
        if d.get("sign") and u != v:
            signed.setdefault(u, {})[v] = d["sign"]
            signed.setdefault(v, {})[u] = d["sign"]
    # Order nodes by degree and count each triangle once from its lowest-ranked corner
    # (the forward algorithm of Schank & Wagner 2005): O(m^1.5) instead of O(sum deg^2).
    rank = {n: i for i, n in enumerate(sorted(signed, key=lambda n: (len(signed[n]), str(n))))}
    forward = {u: {v for v in signed[u] if rank[v] > rank[u]} for u in signed}
    total = balanced = 0
    for u, higher in forward.items():
        for v in higher:
            for w in higher & forward[v]:
                total += 1
                balanced += signed[u][v] * signed[u][w] * signed[v][w] > 0
    return {
        "triangles": total,
        "balanced": balanced,
        "balanced_share": round(balanced / total, 4) if total else 1.0,
    }


def brokers(S: nx.Graph, blocs: list[set[str]], betweenness: Mapping[str, float]) -> list[dict]:
    """Actors with signed ties into more than one bloc, ranked by betweenness.

    A broker in the sense of Gould & Fernandez (1989): it sits on paths between camps. Each
    entry gives the actor, its own bloc, the other blocs it touches and its betweenness.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("c", "d", {"sign": 1})])
    >>> brokers(S, [{"a", "b"}, {"c", "d"}], {"a": 0, "b": 0.6, "c": 0.6, "d": 0})[0]["actor"]
    'b'
    """
    membership = {n: i for i, bloc in enumerate(blocs) for n in bloc}
    result = []
    for n in S:
        touched = {membership.get(m) for m in S[n] if S[n][m].get("sign")} - {membership.get(n)}
        if touched:
            result.append(
                {
                    "actor": n,
                    "bloc": membership.get(n),
                    "other_blocs": sorted(b for b in touched if b is not None),
                    "betweenness": float(betweenness.get(n, 0.0)),
                }
            )
    return sorted(result, key=lambda b: (-b["betweenness"], -len(b["other_blocs"]), b["actor"]))


def in_window(claims: Iterable[Mapping], since: str | None = None, until: str | None = None):
    """Claims whose document date lies in ``[since, until]`` (ISO dates, inclusive; a bare
    ``YYYY-MM`` or ``YYYY`` bound covers its whole month or year). Undated claims are kept
    only when no bound is given, since nothing says they fall inside the window.

    >>> cs = [{"date": "2017-02-03"}, {"date": "2017-03-09"}, {"date": None}]
    >>> [c["date"] for c in in_window(cs, since="2017-03")]
    ['2017-03-09']
    """
    if not since and not until:
        return list(claims)
    low = since or ""
    high = (until + "\uffff") if until else "\uffff"
    return [c for c in claims if c.get("date") and low <= str(c["date"])[:10] <= high]


def mixed_ties(
    claims: Iterable[Mapping], parents: Mapping[str, str] | None = None
) -> dict[tuple[str, str], list[Mapping]]:
    """Pairs of actors with both cooperative and conflictual claims between them, each with
    the claims that sign the pair.

    A claim counts when it is asserted and its predicate has a non-zero tie sign
    (:func:`kg.vocabulary.tie_signs`), in either direction and at any date; both ends roll up through ``parents`` (a role to its
    state, a person to their group), as in :func:`actor_graph`. These pairs are the only
    candidates for a side switch, so the store keeps them (``ckg:MixedTie``) and the
    ``switched-sides`` query dates their few claims instead of every claim in the store: the
    switch detection of event-data studies of alliance change (a cooperative event, then a
    conflictual one, between the same dyad) without a scan of the whole archive.

    Returns ``{(a, b): [claim, ...]}`` with ``a < b`` and the claims (the given mappings) in
    input order.

    >>> cs = [
    ...     {"claim": "c1", "source": "TUR", "target": "SDF", "predicate": "supports"},
    ...     {"claim": "c2", "source": "SDF", "target": "TUR-MIL", "predicate": "attacks"},
    ...     {"claim": "c3", "source": "USA", "target": "SDF", "predicate": "supports"},
    ... ]
    >>> {pair: [c["claim"] for c in found] for pair, found in mixed_ties(cs, {"TUR-MIL": "TUR"}).items()}
    {('SDF', 'TUR'): ['c1', 'c2']}
    """
    signs: dict[tuple[str, str], set[int]] = {}
    evidence: dict[tuple[str, str], list[Mapping]] = {}
    for u, v, sign, _, claim in _kept(claims, parents, 0.0):
        if sign == 0:
            continue
        pair = (u, v) if u < v else (v, u)
        signs.setdefault(pair, set()).add(sign)
        evidence.setdefault(pair, []).append(claim)
    return {pair: evidence[pair] for pair, seen in signs.items() if len(seen) == 2}


def period_of(date: str, freq: str = "month") -> str:
    """The period label of an ISO date: ``YYYY-MM`` (month), ``YYYY-Qn`` or ``YYYY``.

    >>> period_of("2017-02-14"), period_of("2017-02-14", "quarter"), period_of("2017-02-14", "year")
    ('2017-02', '2017-Q1', '2017')
    """
    date = str(date)
    if freq == "year":
        return date[:4]
    if freq == "quarter":
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    if freq == "month":
        return date[:7]
    raise ValueError(f"unknown period {freq!r}: use month, quarter or year")


def analyse(
    G: nx.DiGraph, *, seed: int = 42, outside: Iterable[str] = (), memo: dict | None = None
) -> dict:
    """Everything the report and the store need: centrality, blocs, ties, balance, brokers.

    ``outside``: actors kept out of the blocs, though not out of the graph: civilians and
    refugees are attacked, helped and talked about, but take no side (ACLED's practice of
    coding them as victims, not parties). ``memo``: see :func:`signed_blocs` and
    :func:`centrality`.

    >>> G = actor_graph([
    ...     {"source": "a", "target": "b", "predicate": "attacks", "confidence": 0.9},
    ...     {"source": "a", "target": "c", "predicate": "attacks", "confidence": 0.9},
    ...     {"source": "b", "target": "d", "predicate": "supports", "confidence": 0.9}])
    >>> r = analyse(G, outside={"c"})
    >>> sorted(sorted(b) for b in r["blocs"]), "c" in r["centrality"]
    ([['a'], ['b', 'd']], True)
    """
    S = signed_graph(G)
    outside = set(outside)
    # A copy, not a view: the steps below read it many times, and a view filters every read.
    # Built as ``S.subgraph(...).copy()`` builds it (nodes, then edges in the view's order,
    # each with a copy of its data), so Leiden sees the same graph, without reading S's
    # edges through the view's filters (1.2 s of 3.9 for two views at a million triples).
    sides = _without(S, outside) if outside else S
    blocs = signed_blocs(sides, seed=seed, memo=memo)
    frustrated = frustrated_ties(sides, blocs)
    central = centrality(G, seed=seed, memo=memo)
    return {
        "centrality": central,
        "blocs": blocs,
        "bloc_ties": bloc_ties(sides, blocs),
        "balance": {
            **triangle_balance(S),
            "frustration_index": len(frustrated),
            "signed_ties": sum(1 for *_, d in S.edges(data=True) if d.get("sign")),
        },
        "frustrated": frustrated,
        "brokers": brokers(
            sides, blocs, {n: c.get("betweenness", 0.0) for n, c in central.items()}
        ),
        "signed": S,
    }


def _without(S: nx.Graph, outside: set[str]) -> nx.Graph:
    """``S.subgraph(n for n in S if n not in outside).copy()``, built directly."""
    sides = nx.Graph()
    sides.graph.update(S.graph)
    sides.add_nodes_from((n, dict(d)) for n, d in S.nodes(data=True) if n not in outside)
    sides.add_edges_from(
        (u, v, dict(d))
        for u, v, d in S.edges(data=True)
        if u not in outside and v not in outside
    )
    return sides


def periods(claims: Iterable[Mapping], *, freq: str = "month", **options) -> list[dict]:
    """Blocs and balance per period (month, quarter or year) of the documents' dates, so
    users see alliances form and break. Undated claims are left out.

    Each period's blocs are optimised starting from the blocs of the whole graph (``blocs``,
    as :func:`analyse` found them; computed here from all ``claims`` when not given), not from
    singletons: an actor stays in its overall camp unless that period's ties move it out, so
    rows can be compared and a change stands out. It is also far cheaper: from singletons, a
    sparse month splits into thousands of small communities and the all-communities step of
    :func:`signed_blocs` is quadratic in their number (``benchmarks/bench_analysis.py``).
    Ties are weighed as ``weigh`` says (:func:`actor_graph`). ``options`` are those of
    :func:`period_tables` (``parents``, ``labels``, ``min_confidence``, ``seed``, ``blocs``,
    ``outside``, ``memo``, ``weigh``), which computes several frequencies at once.

    ``memo`` (a dict, kept by the caller; :mod:`kg.memo` keeps it between builds) holds each
    period's blocs and balance by what they are computed from (:func:`_period_key`): the
    period's ties, the starting blocs of its actors, ``weigh`` and ``seed``. A period whose
    inputs were seen before is not optimised again: the report's table and the page's share
    theirs, and a build shares those of the build before.

    >>> cs = [{"source": "a", "target": "b", "predicate": "supports", "date": "2017-01-05"},
    ...       {"source": "a", "target": "b", "predicate": "attacks", "date": "2017-02-05"}]
    >>> [(p["period"], p["balance"]["frustration_index"], len(p["blocs"])) for p in periods(cs)]
    [('2017-01', 0, 1), ('2017-02', 0, 2)]
    """
    return period_tables(claims, freqs=(freq,), **options)[freq]


def period_tables(
    claims: Iterable[Mapping],
    *,
    freqs: Iterable[str] = ("month",),
    parents: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    min_confidence: float = 0.0,
    seed: int = 42,
    blocs: Iterable[Iterable[str]] | None = None,
    outside: Iterable[str] = (),
    memo: dict | None = None,
    weigh: str = "events",
) -> dict[str, list[dict]]:
    """:func:`periods` for each of ``freqs`` at once: ``{freq: table}``, each table what
    :func:`periods` gives. The claims are filtered and rolled up once for all of them.

    >>> cs = [{"source": "a", "target": "b", "predicate": "supports", "date": "2017-01-05"},
    ...       {"source": "a", "target": "b", "predicate": "attacks", "date": "2017-02-05"}]
    >>> {f: len(t) for f, t in period_tables(cs, freqs=("year", "month")).items()}
    {'year': 1, 'month': 2}
    """
    claims = list(claims)
    freqs = list(freqs)
    for freq in freqs:
        period_of("2000-01-01", freq)  # an unknown frequency fails before any work
    if weigh not in WEIGHTS:
        raise ValueError(f"unknown weighing {weigh!r}: use events or reports")
    # civilians (``outside``) take no side (see analyse): they and their ties are left out
    outside = frozenset(outside)
    # Each claim is rolled up and filtered once (a claim's ties do not depend on its period),
    # then split by period in claim order, as the claims of each period would give them.
    kept = list(_kept(claims, parents, min_confidence))
    if blocs is None:
        blocs = signed_blocs(
            _signed_from_kept(kept, labels=labels, outside=outside, weigh=weigh),
            seed=seed,
            memo=memo,
        )
    start = _bloc_numbers(blocs)  # what each period starts from, numbered once
    dated = [c for c in claims if c.get("date")]
    # Each tie as the memo's key reads it, written once for every frequency.
    lines = [_tie_line(tie, outside) for tie in kept] if memo is not None else None
    return {
        freq: _period_table(dated, kept, lines, freq, start, seed, outside, memo, weigh)
        for freq in freqs
    }


def _period_table(
    dated: list[Mapping],
    kept: list[tuple],
    lines: list[str] | None,
    freq: str,
    start: Mapping[str, int],
    seed: int,
    outside: frozenset[str],
    memo: dict | None,
    weigh: str,
) -> list[dict]:
    """One table of :func:`period_tables`: ``dated`` the claims with a date, ``kept`` all
    claims through :func:`_kept`, ``lines`` their :func:`_tie_line` (with a ``memo``)."""
    of: dict[str, str] = {}  # date -> period: a few thousand dates for many claims
    counted: dict[str, int] = {}
    for c in dated:
        date = c["date"]
        period = of.get(date)
        if period is None:
            period = of[date] = period_of(date, freq)
        counted[period] = counted.get(period, 0) + c.get("count", 1)
    by_period: dict[str, tuple[list, list]] = {period: ([], []) for period in counted}
    for i, tie in enumerate(kept):
        date = tie[4].get("date")
        if date:
            period = of.get(date)
            if period is None:
                period = of[date] = period_of(date, freq)
            ties, written = by_period[period]
            ties.append(tie)
            if lines is not None:
                written.append(lines[i])
    table = []
    for period in sorted(by_period):
        ties, written = by_period[period]
        key = None
        found = None
        if memo is not None:
            key = _period_key(ties, written, outside, start, seed, weigh)
            found = memo.get(key)
        if found is None:
            S = _period_graph(ties, outside, weigh)
            bloc_sets = signed_blocs(S, seed=seed, start=start)
            frustrated = frustrated_ties(S, bloc_sets)
            found = {
                "actors": len(S),
                "blocs": [sorted(b) for b in bloc_sets],
                "aligned": aligned_blocs(S, bloc_sets),
                "balance": {**triangle_balance(S), "frustration_index": len(frustrated)},
            }
            if memo is not None:
                memo[key] = found
        table.append(
            {
                "period": period,
                "claims": counted[period],
                "actors": found["actors"],
                "blocs": [list(b) for b in found["blocs"]],
                "aligned": list(found["aligned"]),
                "balance": dict(found["balance"]),
            }
        )
    return table


def _period_graph(kept: list[tuple], outside: frozenset[str], weigh: str) -> _SignedTies:
    """``_signed_from_kept(kept, outside=outside, weigh=weigh, light=True)`` in one loop
    (a build makes hundreds of these): the same actors, ties and sums in the same order."""
    best: dict[tuple, tuple[float, tuple[str, str]]] = {}
    if weigh == "events":
        for u, v, _, confidence, claim in kept:
            event = claim.get("event")
            if event is not None:
                key = (u, v, event) if u <= v else (v, u, event)
                held = best.get(key)
                if held is None or (confidence, held[1]) > (held[0], (u, v)):
                    best[key] = (confidence, (u, v))
    ties: dict[str, dict[str, list]] = {}  # source -> target -> [count, weight, balance]
    for u, v, sign, confidence, claim in kept:
        for node in (u, v):
            if node not in ties and node not in outside:
                ties[node] = {}
        if u in outside or v in outside:
            continue
        n = claim.get("count", 1)
        event = claim.get("event")
        if event is None or weigh == "reports":
            gain = n * confidence
        else:  # as _weigh: an event's best report, once per pair
            key = (u, v, event) if u <= v else (v, u, event)
            held = best.get(key)
            gain = 0.0
            if held is not None and held == (confidence, (u, v)):
                gain = confidence
                del best[key]
        tie = ties[u].get(v)
        if tie is None:
            ties[u][v] = [0 + n, 0.0 + gain, 0.0 + sign * gain]  # as from [0, 0.0, 0.0]
        else:
            tie[0] += n
            tie[1] += gain
            tie[2] += sign * gain
    directed = ((u, v, *tie) for u, targets in ties.items() for v, tie in targets.items())
    return _SignedTies(ties, _pairs(directed))


def _tie_line(tie: tuple, outside: frozenset[str]) -> str:
    """A tie of :func:`_kept` as :func:`_period_graph` reads it, in one line: its ends (and
    which are in ``outside``), sign, confidence, count and event."""
    u, v, sign, confidence, claim = tie
    return (
        f"{u}\t{v}\t{u in outside:d}{v in outside:d}\t{sign}\t{confidence!r}"
        f"\t{claim.get('count', 1)}\t{claim.get('event')}"
    )


def _period_key(
    kept: list[tuple],
    lines: list[str],
    outside: frozenset[str],
    start: Mapping[str, int],
    seed: int,
    weigh: str,
) -> str:
    """What a period's table row depends on, hashed, without building its graph: the ties
    :func:`_period_graph` builds it from (``lines``, :func:`_tie_line` of each of ``kept``,
    in order), its actors' starting blocs (numbered in order of appearance, as
    :func:`_start_membership` numbers them), ``weigh`` and the seed. The graph, and so the
    row, is a function of these: a period no new claim touches, whose actors start grouped
    as before, has the key of the last build."""
    import hashlib

    numbers: dict[object, int] = {}
    membership: list[int] = []
    # The actors in order of first appearance (dict keys keep it), those outside left out.
    for node in dict.fromkeys(node for tie in kept for node in tie[:2]):
        if node not in outside:
            group = ("bloc", start[node]) if node in start else ("alone", node)
            membership.append(numbers.setdefault(group, len(numbers)))
    digest = hashlib.sha256(f"period\n{seed}\n{weigh}\n".encode())
    digest.update("\n".join(lines).encode())
    digest.update(repr(membership).encode())
    return digest.hexdigest()


def aligned_blocs(S: nx.Graph, blocs: Iterable[Iterable[str]]) -> list[bool]:
    """Which blocs are sides: two actors or more, with at least one signed tie between two
    of them. The others (an actor alone, or actors grouped only because they share an enemy
    or a partner) are shown and reported as unaligned, not as a bloc.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("c", "e", {"sign": -1}), ("d", "e", {"sign": -1})])
    >>> aligned_blocs(S, [{"a", "b"}, {"c", "d"}, {"e"}])
    [True, False, False]
    """
    flags = []
    for bloc in blocs:
        members = set(bloc)
        flags.append(
            len(members) > 1
            and any(
                d.get("sign") and v in members
                for u in members
                if u in S
                for v, d in S[u].items()
            )
        )
    return flags


def bloc_name(
    bloc: Iterable[str],
    pagerank: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
    *,
    leaders: int = 3,
    unnamed: Container[str] = (),
) -> str:
    """A bloc's name from its leading actors: the ``leaders`` members with the highest
    PageRank (ties by label), as in "United States, SDF, coalition side"; members in
    ``unnamed`` (one document's "gunmen", "suicide bombers") only after every named one.

    >>> bloc_name(["c", "a", "b", "d"], {"a": 0.4, "b": 0.3, "c": 0.2, "d": 0.1},
    ...           {"a": "United States", "b": "SDF", "c": "coalition"})
    'United States, SDF, coalition side'
    >>> bloc_name(["a", "b"], {"a": 0.4, "b": 0.3}, {"a": "gunmen", "b": "SDF"}, unnamed={"a"})
    'SDF, gunmen side'
    """
    labels = labels or {}
    name = lambda n: str(labels.get(n, n))  # noqa: E731
    ranked = sorted(
        bloc, key=lambda n: (n in unnamed, -float(pagerank.get(n, 0.0)), name(n), n)
    )
    return ", ".join(name(n) for n in ranked[:leaders]) + " side"


def match_blocs(
    blocs: Iterable[Iterable[str]], reference: Iterable[Iterable[str]]
) -> list[int | None]:
    """For each bloc, the index of the ``reference`` bloc it continues: the one with the
    highest Jaccard similarity (shared actors over actors in either), ties to the lower
    index; None when it shares no actor with any. Several blocs may continue the same one
    (a split). The matching step of community tracking over time (Greene, Doyle &
    Cunningham 2010, "Tracking the evolution of communities in dynamic social networks").

    >>> match_blocs([{"a", "b", "x"}, {"c"}, {"z"}], [{"c", "d"}, {"a", "b"}])
    [1, 0, None]
    """
    reference = [set(r) for r in reference]
    owner = {n: i for i, r in enumerate(reference) for n in r}
    result: list[int | None] = []
    for bloc in blocs:
        bloc = set(bloc)
        shared = Counter(owner[n] for n in bloc if n in owner)
        best = max(
            shared,
            key=lambda i: (shared[i] / len(bloc | reference[i]), -i),
            default=None,
        )
        result.append(best)
    return result


def side_changes(
    before: Iterable[Iterable[str]], after: Iterable[Iterable[str]]
) -> list[tuple[str, int, int]]:
    """Actors that changed side between two partitions into sides (e.g. the aligned blocs
    of two periods): on a side in both, and in ``after`` on a side that does not continue
    their side in ``before`` (:func:`match_blocs`). Returns ``(actor, side before, side
    after)`` as indices into ``before`` and ``after``, sorted. Actors on a side in one
    partition only (new, gone, or unaligned in the other) did not change side.

    >>> side_changes([{"a", "b", "c"}, {"d", "e"}], [{"a", "b"}, {"d", "e", "c"}])
    [('c', 0, 1)]
    """
    before = [set(b) for b in before]
    after = [set(b) for b in after]
    continues = match_blocs(after, before)
    side_before = {n: i for i, b in enumerate(before) for n in b}
    changes = [
        (n, side_before[n], j)
        for j, bloc in enumerate(after)
        for n in bloc
        if n in side_before and continues[j] != side_before[n]
    ]
    return sorted(changes)
