"""Analysis: plain functions over the signed actor network (networkx).

The flow is ``claims → actor_graph → signed_graph → centrality / signed_blocs / balance``.
Each function does one job and can be called from a notebook on any networkx graph with the
documented edge attributes.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

# How each predicate counts in the signed network. Structural ties (memberOf, leads) count as
# cooperation: a member of the coalition sits with the coalition. Meetings are neutral.
PREDICATE_SIGN = {
    "alliedWith": 1,
    "supports": 1,
    "memberOf": 1,
    "leads": 1,
    "opposes": -1,
    "attacks": -1,
    "fightsAgainst": -1,
    "meetsWith": 0,
    "locatedIn": 0,
}


def actor_graph(
    claims: Iterable[Mapping],
    *,
    parents: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    min_confidence: float = 0.0,
) -> nx.DiGraph:
    """Aggregate claims into one directed, signed, weighted edge per actor pair.

    Each claim is a mapping with ``source``, ``target``, ``predicate``, ``confidence`` and
    optionally ``negated``, ``date``, ``claim``. Negated claims and claims under
    ``min_confidence`` are left out. With ``parents`` (role or person → parent actor) ends are
    rolled up to their parent, and ties inside one parent dropped.

    Edge attributes: ``count``, ``weight`` (summed confidence), ``sign`` (+1/-1/0 from the
    confidence-weighted balance of cooperative and conflictual predicates), ``predicates``
    (a Counter), ``first``/``last`` date seen and ``claims`` (their identifiers).

    >>> G = actor_graph([{"source": "a", "target": "b", "predicate": "attacks", "confidence": 0.8},
    ...                  {"source": "a", "target": "b", "predicate": "supports", "confidence": 0.3}])
    >>> G["a"]["b"]["sign"], G["a"]["b"]["count"]
    (-1, 2)
    """
    parents = dict(parents or {})
    G = nx.DiGraph()
    for claim in claims:
        if claim.get("negated") or float(claim.get("confidence", 1.0)) < min_confidence:
            continue
        predicate = claim["predicate"]
        if predicate not in PREDICATE_SIGN or predicate == "locatedIn":
            continue
        u, v = _root(claim["source"], parents), _root(claim["target"], parents)
        if u == v:
            continue
        confidence = float(claim.get("confidence", 1.0))
        for node in (u, v):
            if node not in G:
                G.add_node(node, label=(labels or {}).get(node, node))
        if not G.has_edge(u, v):
            G.add_edge(
                u,
                v,
                count=0,
                weight=0.0,
                balance=0.0,
                predicates=Counter(),
                first=None,
                last=None,
                claims=[],
            )
        data = G[u][v]
        data["count"] += 1
        data["weight"] += confidence
        data["balance"] += PREDICATE_SIGN[predicate] * confidence
        data["predicates"][predicate] += 1
        if claim.get("claim"):
            data["claims"].append(claim["claim"])
        date = claim.get("date")
        if date:
            data["first"] = min(filter(None, [data["first"], date]))
            data["last"] = max(filter(None, [data["last"], date]))
    for _, _, data in G.edges(data=True):
        data["sign"] = (data["balance"] > 0) - (data["balance"] < 0)
    return G


def _root(node: str, parents: Mapping[str, str]) -> str:
    seen = set()
    while node in parents and node not in seen:
        seen.add(node)
        node = parents[node]
    return node


def signed_graph(G: nx.DiGraph) -> nx.Graph:
    """Collapse directions: one undirected edge per pair, signed by the summed balance of both
    directions; pairs whose ties cancel out (or are only meetings) get sign 0.

    >>> D = nx.DiGraph(); D.add_edge("a", "b", balance=1.0, weight=1.0, count=1)
    >>> D.add_edge("b", "a", balance=-0.4, weight=0.4, count=1)
    >>> signed_graph(D)["a"]["b"]["sign"]
    1
    """
    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if S.has_edge(u, v):
            e = S[u][v]
            e["balance"] += data["balance"]
            e["weight"] += data["weight"]
            e["count"] += data["count"]
        else:
            S.add_edge(u, v, balance=data["balance"], weight=data["weight"], count=data["count"])
    for _, _, e in S.edges(data=True):
        e["sign"] = (e["balance"] > 0) - (e["balance"] < 0)
    return S


def centrality(G: nx.DiGraph) -> dict[str, dict[str, float]]:
    """Per actor: positive and negative degree, degree centrality, betweenness, PageRank and
    eigenvector centrality, all on the undirected view weighted by evidence.

    PageRank (Brin & Page 1998) and eigenvector centrality (Bonacich 1972) use ``weight``;
    betweenness (Brandes 2001) treats every tie as length 1.

    >>> D = nx.DiGraph(); D.add_edge("a", "b", weight=1.0, sign=1); D.add_edge("b", "c", weight=1.0, sign=-1)
    >>> c = centrality(D); c["b"]["positive_degree"], c["b"]["negative_degree"], c["b"]["betweenness"]
    (1, 1, 1.0)
    """
    U = G.to_undirected()
    result: dict[str, dict[str, float]] = {n: {} for n in G}
    for n in G:
        signs = [d.get("sign", 0) for _, _, d in G.in_edges(n, data=True)]
        signs += [d.get("sign", 0) for _, _, d in G.out_edges(n, data=True)]
        result[n]["positive_degree"] = sum(1 for s in signs if s > 0)
        result[n]["negative_degree"] = sum(1 for s in signs if s < 0)
    if len(G) == 0:
        return result
    measures = {
        "degree": nx.degree_centrality(U),
        "betweenness": nx.betweenness_centrality(U),
        "pagerank": nx.pagerank(U, weight="weight")
        if U.number_of_edges()
        else {n: 1 / len(U) for n in U},
        "eigenvector": _eigenvector(U),
    }
    for name, values in measures.items():
        for n, value in values.items():
            result[n][name] = round(float(value), 6)
    return result


def _eigenvector(U: nx.Graph) -> dict[str, float]:
    values = dict.fromkeys(U, 0.0)
    for component in nx.connected_components(U):
        sub = U.subgraph(component)
        if sub.number_of_edges() == 0:
            continue
        try:
            values.update(nx.eigenvector_centrality_numpy(sub, weight="weight"))
        except Exception:  # numpy/scipy missing or no convergence on a tiny component
            values.update(nx.degree_centrality(sub))
    return values


def signed_blocs(S: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> list[set[str]]:
    """Partition actors into blocs: positive ties pull actors together, negative ties push
    them apart.

    Method: Leiden optimisation (Traag, Waltman & van Eck 2019) of signed modularity (Gómez,
    Jensen & Arenas 2009, "Analysis of community structure in networks of correlated data"),
    as a multiplex of a positive and a negative layer with layer weights +1 and -1
    (``leidenalg.Optimiser.optimise_partition_multiplex``). Actors with no signed tie form
    blocs of their own. Blocs are returned largest first.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("c", "d", {"sign": 1}), ("a", "c", {"sign": -1}),
    ...               ("b", "d", {"sign": -1})])
    >>> sorted(sorted(b) for b in signed_blocs(S))
    [['a', 'b'], ['c', 'd']]
    """
    import igraph as ig
    import leidenalg as la

    nodes = list(S)
    if not nodes:
        return []
    index = {n: i for i, n in enumerate(nodes)}
    layers = []
    for sign in (1, -1):
        edges = [(index[u], index[v]) for u, v, d in S.edges(data=True) if d.get("sign") == sign]
        weights = [
            abs(d.get("weight", 1.0)) or 1.0
            for _, _, d in S.edges(data=True)
            if d.get("sign") == sign
        ]
        g = ig.Graph(n=len(nodes), edges=edges)
        g.es["weight"] = weights
        layers.append(g)
    partitions = [
        la.RBConfigurationVertexPartition(g, weights="weight", resolution_parameter=resolution)
        for g in layers
    ]
    optimiser = la.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition_multiplex(partitions, layer_weights=[1, -1], n_iterations=-1)
    blocs: dict[int, set[str]] = {}
    for i, community in enumerate(partitions[0].membership):
        blocs.setdefault(community, set()).add(nodes[i])
    return sorted(blocs.values(), key=lambda b: (-len(b), sorted(b)))


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
    signed = nx.Graph((u, v, d) for u, v, d in S.edges(data=True) if d.get("sign"))
    total = balanced = 0
    for u in signed:
        for v, w in itertools.combinations(sorted(signed[u]), 2):
            if u < v and u < w and signed.has_edge(v, w):
                total += 1
                product = signed[u][v]["sign"] * signed[u][w]["sign"] * signed[v][w]["sign"]
                balanced += product > 0
    return {
        "triangles": total,
        "balanced": balanced,
        "balanced_share": round(balanced / total, 4) if total else 1.0,
    }


def analyse(G: nx.DiGraph) -> dict:
    """Everything the report and the store need: centrality, blocs, ties, balance."""
    S = signed_graph(G)
    blocs = signed_blocs(S)
    frustrated = frustrated_ties(S, blocs)
    return {
        "centrality": centrality(G),
        "blocs": blocs,
        "bloc_ties": bloc_ties(S, blocs),
        "balance": {**triangle_balance(S), "frustration_index": len(frustrated)},
        "frustrated": frustrated,
        "signed": S,
    }
