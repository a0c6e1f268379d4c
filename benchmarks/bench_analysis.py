"""Time each step of the signed-network analysis on synthetic signed graphs.

Graphs: ``camps`` planted blocs; each actor draws ties, 80 % inside its camp, the rest across.
Inside ties are cooperative, across ties conflictual, and 5 % of all ties have their sign
flipped (noise that the frustration index should find). Claims are generated from the ties
(1-3 claims each, random predicate of the tie's sign, random date in 2017) so the run
includes aggregation, exactly as ``kg build`` does it.

Usage: python benchmarks/bench_analysis.py [--sizes 5000:50000 30000:300000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import time

import networkx as nx

from kg import analysis as an

POSITIVE = ["alliedWith", "supports", "memberOf"]
NEGATIVE = ["attacks", "fightsAgainst", "opposes"]


def synthetic_claims(n: int, m: int, *, camps: int, seed: int) -> tuple[list[dict], list[int]]:
    rng = random.Random(seed)
    camp = [rng.randrange(camps) for _ in range(n)]
    members: list[list[int]] = [[] for _ in range(camps)]
    for actor, c in enumerate(camp):
        members[c].append(actor)
    seen: set[tuple[int, int]] = set()
    claims = []
    while len(seen) < m:
        u = rng.randrange(n)
        v = rng.choice(members[camp[u]]) if rng.random() < 0.8 else rng.randrange(n)
        if u == v or (u, v) in seen or (v, u) in seen:
            continue
        seen.add((u, v))
        positive = (camp[u] == camp[v]) != (rng.random() < 0.05)
        for _ in range(rng.randint(1, 3)):
            claims.append(
                {
                    "source": f"a{u}",
                    "target": f"a{v}",
                    "predicate": rng.choice(POSITIVE if positive else NEGATIVE),
                    "confidence": round(rng.uniform(0.4, 1.0), 2),
                    "date": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "claim": f"c{len(claims)}",
                }
            )
    return claims, camp


def timed(label: str, times: dict, fn, *args, **kwargs):
    """Run ``fn``; record wall and CPU seconds (CPU time is what other load on a shared
    machine does not move)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args, **kwargs)
    times[label] = (time.perf_counter() - start, time.process_time() - cpu)
    return value


def run(n: int, m: int, seed: int) -> None:
    claims, camp = synthetic_claims(n, m, camps=max(2, n // 1000), seed=seed)
    t: dict[str, float] = {}
    G = timed("actor_graph (aggregate claims)", t, an.actor_graph, claims)
    S = timed("signed_graph", t, an.signed_graph, G)
    central = timed("centrality (degree, betweenness, PageRank, eigenvector)", t, an.centrality, G)
    blocs = timed("signed_blocs (Leiden, all communities)", t, an.signed_blocs, S)
    timed("bloc_ties", t, an.bloc_ties, S, blocs)
    frustrated = timed("frustrated_ties", t, an.frustrated_ties, S, blocs)
    balance = timed("triangle_balance", t, an.triangle_balance, S)
    between = {a: c["betweenness"] for a, c in central.items()}
    timed("brokers", t, an.brokers, S, blocs, between)
    # As kg build does it: each month starts from the whole graph's blocs.
    table = timed("periods (monthly blocs + balance)", t, an.periods, claims, blocs=blocs)
    total = tuple(sum(x) for x in zip(*t.values(), strict=True))

    planted = {f"a{i}": c for i, c in enumerate(camp)}
    found = {a: i for i, b in enumerate(blocs) for a in b}
    ari = _adjusted_rand([planted[a] for a in S], [found[a] for a in S])
    print(
        f"\n== {n:,} actors, {G.number_of_edges():,} directed ties "
        f"({S.number_of_edges():,} pairs) from {len(claims):,} claims =="
    )
    print(f"  {'step':<58} {'wall':>8}   {'CPU':>8}")
    for label, (wall, cpu) in t.items():
        print(f"  {label:<58} {wall:8.2f} s {cpu:8.2f} s")
    periods = t["periods (monthly blocs + balance)"]
    core = (total[0] - periods[0], total[1] - periods[1])
    print(
        f"  {'total without periods (one whole-graph analysis)':<58} {core[0]:8.2f} s {core[1]:8.2f} s"
    )
    print(f"  {'total':<58} {total[0]:8.2f} s {total[1]:8.2f} s")
    print(
        f"  monthly table / one whole-graph analysis: {periods[0] / core[0]:.2f} "
        f"(CPU {periods[1] / core[1]:.2f})"
    )
    monthly = []
    for row in table:
        where = {a: i for i, b in enumerate(row["blocs"]) for a in b}
        monthly.append(_adjusted_rand([planted[a] for a in where], list(where.values())))
    sampled = len(G) > an.EXACT_BETWEENNESS_MAX
    print(
        f"  betweenness: {'sampled, k=' + str(an.BETWEENNESS_SAMPLES) if sampled else 'exact'}; "
        f"blocs: {len([b for b in blocs if len(b) > 1])} (planted {len(set(camp))}), "
        f"adjusted Rand vs planted {ari:.3f}; frustration index {len(frustrated):,} "
        f"of {S.number_of_edges():,} pairs; balanced triangles {balance['balanced_share']:.3f} "
        f"of {balance['triangles']:,}; {len(table)} monthly periods, their blocs vs planted: "
        f"mean adjusted Rand {sum(monthly) / len(monthly):.3f}"
    )


def betweenness_exact_vs_sampled(n: int, m: int, seed: int) -> None:
    claims, _ = synthetic_claims(n, m, camps=4, seed=seed)
    U = an.actor_graph(claims).to_undirected()
    start = time.perf_counter()
    exact = nx.betweenness_centrality(U)
    t_exact = time.perf_counter() - start
    start = time.perf_counter()
    ours = an.betweenness(U)
    t_ours = time.perf_counter() - start
    sizes = an.EXACT_BETWEENNESS_MAX, an.BETWEENNESS_SAMPLES
    an.EXACT_BETWEENNESS_MAX, an.BETWEENNESS_SAMPLES = 0, n // 10
    start = time.perf_counter()
    sampled = an.betweenness(U, seed=seed)
    t_sampled = time.perf_counter() - start
    an.EXACT_BETWEENNESS_MAX, an.BETWEENNESS_SAMPLES = sizes
    error = max(abs(ours[v] - exact[v]) for v in U)
    rel = sum(abs(sampled[v] - exact[v]) for v in U) / sum(exact.values())
    print(
        f"\n== exact betweenness on {n:,} actors / {U.number_of_edges():,} ties: networkx "
        f"{t_exact:.2f} s, igraph {t_ours:.2f} s (x{t_exact / t_ours:.0f} faster, max difference "
        f"{error:.1e}); igraph sampled with {n // 10} sources {t_sampled:.2f} s, "
        f"mean relative error {rel:.1%} =="
    )


def _adjusted_rand(a: list[int], b: list[int]) -> float:
    from collections import Counter
    from math import comb

    pairs = Counter(zip(a, b, strict=True))
    index = sum(comb(c, 2) for c in pairs.values())
    rows = sum(comb(c, 2) for c in Counter(a).values())
    cols = sum(comb(c, 2) for c in Counter(b).values())
    expected = rows * cols / comb(len(a), 2)
    best = (rows + cols) / 2
    return (index - expected) / (best - expected) if best != expected else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["5000:50000", "30000:300000"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    betweenness_exact_vs_sampled(2000, 20000, args.seed)
    for size in args.sizes:
        n, m = (int(x) for x in size.split(":"))
        run(n, m, args.seed)


if __name__ == "__main__":
    main()
