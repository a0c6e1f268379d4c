"""Positions for the page: blocs apart, the members of a bloc together, labels apart.

The flow is ``bloc_layout`` (one position per actor, for the actors shown) → ``spread_labels``
(nudge labelled actors until their labels do not overlap) → ``separation`` (how far apart
the blocs are, the figure ``benchmarks/bench_page.py`` reports). All are deterministic: the
same graph gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# On Vogel's spiral r = c·sqrt(i) neighbours are at least 1.657·c apart (measured over 2,000
# points): discs of radius f need c >= 2f / 1.657, i.e. 1.46 times their own area each; 1.6
# leaves a margin.
SUNFLOWER_ROOM = 1.6


def group_graph(G: nx.Graph, groups: list[Iterable]) -> nx.Graph:
    """The quotient graph of ``G`` under ``groups`` (a partition of its nodes): one node per
    group (its index), an edge between two groups weighted by the number of ties between
    their members.

    >>> Q = group_graph(nx.Graph([("a", "b"), ("b", "c"), ("a", "c")]), [{"a", "b"}, {"c"}])
    >>> list(Q.edges(data="weight"))
    [(0, 1, 2)]
    """
    of = {n: i for i, group in enumerate(groups) for n in group}
    Q = nx.Graph()
    Q.add_nodes_from(range(len(groups)))
    for u, v in G.edges():
        a, b = of.get(u), of.get(v)
        if a is None or b is None or a == b:
            continue
        if Q.has_edge(a, b):
            Q[a][b]["weight"] += 1
        else:
            Q.add_edge(a, b, weight=1)
    return Q


def sunflower(footprints: list[float]) -> np.ndarray:
    """Offsets from a centre for discs of the given radii, in the given order: the first at
    the centre, each next one on Vogel's sunflower spiral (Vogel 1979, "A better way to
    construct the sunflower head": angle ``i`` times the golden angle) at the radius where the
    discs before it, given ``SUNFLOWER_ROOM`` times their area, fill the area inside, plus its
    own radius. Equal discs fill a disc evenly without overlapping; the first ones (the
    leading actors) sit in the middle.

    >>> np.round(sunflower([10, 5, 5]), 1).tolist()
    [[0.0, 0.0], [-13.0, 11.9], [1.7, -19.1]]
    """
    offsets = np.zeros((len(footprints), 2))
    area = 0.0
    for i, f in enumerate(footprints):
        if i:
            r = math.sqrt(SUNFLOWER_ROOM * area / math.pi) + f
            offsets[i] = (r * math.cos(i * GOLDEN_ANGLE), r * math.sin(i * GOLDEN_ANGLE))
        area += math.pi * f * f
    return offsets


def push_apart(
    centres: np.ndarray, need: np.ndarray, *, iterations: int = 400, tolerance: float = 0.5
) -> np.ndarray:
    """Move points apart until every pair ``i, j`` is at least ``need[i, j]`` apart.

    Each round every pair that is too close is pushed apart along the line between them by
    its overlap, half on each side, averaged over the pairs a point is in (the simple
    pairwise scheme that node-overlap removal methods such as PRISM, Gansner & Hu 2010,
    refine); points never move closer, so the arrangement of the start is kept. Coincident
    points split along a fixed direction.

    >>> push_apart(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[0, 4.0], [4.0, 0]])).tolist()
    [[-1.5, 0.0], [2.5, 0.0]]
    """
    pos = np.array(centres, dtype=float)
    n = len(pos)
    if n < 2:
        return pos
    # A fixed, index-dependent direction for coincident points keeps the result deterministic.
    angle = np.arange(n) * GOLDEN_ANGLE
    fallback = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    fallback = fallback[:, None, :] - fallback[None, :, :]
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(-1))
        overlap = need - dist
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= tolerance:
            break
        overlap = np.clip(overlap, 0.0, None)
        unit = delta / np.maximum(dist, 1e-9)[..., None]
        coincident = dist <= 1e-9
        if coincident.any():
            unit[coincident] = fallback[coincident]
        # Each point moves by the mean of its pushes, not their sum: many overlaps at once
        # (a packed start) would otherwise throw points far beyond where they need to be.
        crowd = np.maximum((overlap > 0).sum(axis=1), 1)[:, None]
        pos += 0.5 * (overlap[..., None] * unit).sum(axis=1) / crowd
    return pos


def pack(
    centres: np.ndarray,
    need: np.ndarray,
    *,
    rounds: int = 40,
    pull: float = 0.15,
    aspect: float = 1.0,
) -> np.ndarray:
    """Points as close together as ``need`` allows, in about the arrangement of ``centres``:
    each round draws every point towards the centre by ``pull`` of its distance, then
    pushes pairs apart again (:func:`push_apart`), a gravity-and-collision scheme as in
    force-directed packing of disconnected components (cf. Freivalds, Dogrusoz & Kikusts
    2002, "Disconnected graph layout and the polyomino packing approach").

    >>> p = pack(np.array([[0.0, 0.0], [100.0, 0.0]]), np.array([[0, 10.0], [10.0, 0]]))
    >>> round(float(np.hypot(*(p[1] - p[0]))), 1)
    10.0
    """
    pos = push_apart(centres, need)
    spread = np.inf
    for _ in range(rounds):
        middle = pos.mean(axis=0)
        # Vertical pull ``aspect`` times stronger: a picture that wide fills a screen.
        pos = middle + (1 - pull * np.array([1.0, aspect])) * (pos - middle)
        pos = push_apart(pos, need, iterations=30)
        # Stop once a round no longer shrinks the picture's bounding box by 1 %.
        now = float(np.prod(np.ptp(pos, axis=0) + 1.0))
        if now > 0.99 * spread:
            break
        spread = now
    return push_apart(pos, need)


def bloc_layout(
    G: nx.Graph,
    blocs: list[Iterable],
    order: list,
    footprint: Mapping[object, float],
    *,
    shown: Iterable | None = None,
    boxes: Mapping[object, tuple[float, float, float]] | None = None,
    gap: float = 1.0,
    spacing: float = 12.0,
    aspect: float = 1.0,
    seed: int = 7,
) -> dict[object, tuple[float, float]]:
    """Positions that keep each bloc together and the blocs apart.

    1. Each bloc, and the actors of ``order`` in no bloc together, are one node of the group
       graph (:func:`group_graph`), laid out by Fruchterman & Reingold's force-directed
       method (1991; ``networkx.spring_layout``, seeded): tied groups end up near each other.
    2. Inside a group the members sit on a sunflower (:func:`sunflower`) in ``order`` (the
       leading actors in the middle), each taking a disc of radius ``footprint[n]``; the
       labelled ones (``boxes``, as :func:`spread_labels` takes them) are then moved until
       their labels are apart, and the group's disc takes in its labels.
    3. The groups are packed (:func:`pack`) as close as they may sit: two blocs keep ``gap``
       times the sum of their radii of empty space between them, a bloc and the actors in no
       bloc ``spacing``; the packing makes the picture about ``aspect`` times as wide as tall.

    Only the actors in ``shown`` (all by default) size the groups, so a first view of the
    leading actors is compact; the others still get a position, on the rim of their group.
    Labels of different groups may still meet: run :func:`spread_labels` on the result.

    >>> G = nx.Graph([("a", "b"), ("c", "d"), ("b", "c")])
    >>> pos = bloc_layout(G, [{"a", "b"}, {"c", "d"}], ["a", "b", "c", "d"], dict.fromkeys("abcd", 10))
    >>> separation(pos, [{"a", "b"}, {"c", "d"}]) > 2
    True
    """
    order = [n for n in order if n in G]
    in_bloc = {n for bloc in blocs for n in bloc}
    groups: list[list] = [[n for n in order if n in set(bloc)] for bloc in blocs]
    groups = [g for g in groups if g]
    is_bloc = [True] * len(groups)
    # The actors in no bloc form one group of their own: one node each would make packing
    # quadratic in their number, and a real corpus can have hundreds of them.
    loners = [n for n in order if n not in in_bloc]
    if loners:
        groups.append(loners)
        is_bloc.append(False)
    if not groups:
        return {}
    shown = set(order if shown is None else shown)
    boxes = {n: b for n, b in (boxes or {}).items() if n in shown}
    # Actors in no bloc share no side: they sit further apart, so that each one's ties show.
    offsets = [
        sunflower([footprint[n] + (0 if is_bloc[g] else spacing / 2) for n in group])
        for g, group in enumerate(groups)
    ]
    reach = []  # how far each group's shown members (and labels) reach from its centre
    for g, group in enumerate(groups):
        labelled = [n for n in group if n in boxes]
        if len(labelled) > 1:
            spread = spread_labels(
                {n: tuple(offsets[g][i]) for i, n in enumerate(group)},
                {n: boxes[n] for n in labelled},
                group,
            )
            offsets[g] = np.array([spread[n] for n in group])
        far = [0.0]
        for i, n in enumerate(group):
            if n not in shown:
                continue
            x, y = offsets[g][i]
            far.append(math.hypot(x, y) + footprint[n])
            if n in boxes:
                w, h, dy = boxes[n]
                far.append(math.hypot(abs(x) + w / 2, max(abs(y + dy), abs(y + dy + h))))
        reach.append(max(far))
    radii = np.array(reach)
    Q = group_graph(G, groups)
    start = nx.spring_layout(Q, weight="weight", seed=seed)
    centres = np.array([start[g] for g in range(len(groups))], dtype=float)
    centres -= centres.mean(axis=0)
    centres *= math.sqrt(((radii * (1 + gap) + spacing) ** 2).sum())
    bloc = np.array(is_bloc)
    both = bloc[:, None] & bloc[None, :]
    need = np.where(
        both,
        (1 + gap) * (radii[:, None] + radii[None, :]),
        radii[:, None] + radii[None, :] + spacing,
    )
    # Actors not shown yet (radius 0, no bloc) do not push anything.
    empty = radii == 0
    need[empty, :] = 0.0
    need[:, empty] = 0.0
    centres = pack(centres, need, aspect=aspect)
    positions = {}
    for g, group in enumerate(groups):
        for i, n in enumerate(group):
            x, y = centres[g] + offsets[g][i]
            positions[n] = (float(x), float(y))
    return positions


def spread_labels(
    positions: Mapping[object, tuple[float, float]],
    boxes: Mapping[object, tuple[float, float, float]],
    order: list,
    *,
    margin: float = 4.0,
    tries: int = 4000,
) -> dict[object, tuple[float, float]]:
    """Move labelled nodes until no two labels overlap; returns the new positions.

    ``boxes[n]`` is ``(width, height, dy)``: the label is centred horizontally on the node
    and its top is ``dy`` below the node's centre. Labels are placed one by one in ``order``
    (leading actors first, where the layout put them); each next one goes to the nearest
    free place: from its own position, the candidates are the moves that just clear a label
    in its way, explored nearest first (greedy label placement by least displacement, cf.
    Christensen, Marks & Shieber 1995, "An empirical study of algorithms for point-feature
    label placement").

    >>> pos = spread_labels({"a": (0, 0), "b": (10, 5)}, {"a": (60, 16, 10), "b": (60, 16, 10)}, ["a", "b"])
    >>> pos["a"], pos["b"]
    ((0.0, 0.0), (10.0, 20.0))
    """
    import heapq

    rank = {n: i for i, n in enumerate(order)}
    labelled = sorted((n for n in boxes if n in positions), key=lambda n: rank.get(n, len(rank)))
    pos = {n: (float(x), float(y)) for n, (x, y) in positions.items()}
    placed: list[tuple[float, float, float, float]] = []  # left, top, right, bottom

    def box(n, x, y):
        w, h, dy = boxes[n]
        return (
            x - w / 2 - margin / 2,
            y + dy - margin / 2,
            x + w / 2 + margin / 2,
            y + dy + h + margin / 2,
        )

    for n in labelled:
        x0, y0 = pos[n]
        dy = boxes[n][2]
        queue = [(0.0, x0, y0)]
        seen = {(round(x0, 1), round(y0, 1))}
        best = None
        for _ in range(tries):
            if not queue:
                break
            _, x, y = heapq.heappop(queue)
            left, top, right, bottom = box(n, x, y)
            hits = [
                p for p in placed if p[0] < right and left < p[2] and p[1] < bottom and top < p[3]
            ]
            if not hits:
                best = (x, y)
                break
            for pl, pt, pr, pb in hits:
                for mx, my in (
                    (x + (pr - left), y),
                    (x - (right - pl), y),
                    (x, y + (pb - top)),
                    (x, y - (bottom - pt)),
                ):
                    key = (round(mx, 1), round(my, 1))
                    if key not in seen:
                        seen.add(key)
                        heapq.heappush(queue, (math.hypot(mx - x0, my - y0), mx, my))
        if best is None:  # nowhere near: below every label placed so far
            best = (x0, max(p[3] for p in placed) - dy + margin)
        pos[n] = best
        placed.append(box(n, *best))
    return pos


def separation(positions: Mapping[object, tuple[float, float]], blocs: Iterable[Iterable]) -> float:
    """Mean distance between actors of different blocs over mean distance between actors of
    the same bloc (all pairs, among the actors that have a position): above 1 the blocs sit
    apart; NaN with fewer than two blocs of two.

    >>> separation({"a": (0, 0), "b": (0, 1), "c": (10, 0), "d": (10, 1)}, [{"a", "b"}, {"c", "d"}])
    10.0249
    """
    members = [[positions[n] for n in bloc if n in positions] for bloc in blocs]
    members = [np.array(m, dtype=float) for m in members if m]
    if sum(1 for m in members if len(m) > 1) < 1 or len(members) < 2:
        return float("nan")
    points = np.concatenate(members)
    label = np.concatenate([np.full(len(m), i) for i, m in enumerate(members)])
    within = between = 0.0
    n_within = n_between = 0
    # Row blocks keep memory at O(block × n) for thousands of actors.
    for start in range(0, len(points), 512):
        chunk = points[start : start + 512]
        d = np.sqrt(((chunk[:, None, :] - points[None, :, :]) ** 2).sum(-1))
        same = label[start : start + 512, None] == label[None, :]
        within += d[same].sum()
        n_within += int(same.sum()) - len(chunk)  # each point paired with itself: distance 0
        between += d[~same].sum()
        n_between += int((~same).sum())
    return round(float((between / n_between) / (within / n_within)), 4)
