"""Pages of 200 and 2,000 actors: file size, time to write them, and time until the layout
settles in headless Chromium (targets: under 3 s and under 15 s).

The graphs are the planted-camp signed graphs of ``bench_analysis.py`` (about 2.5 ties per
actor, 1-3 claims per tie) with a sentence, a document title and a date for every claim, so
the page carries its full evidence as ``kg build`` writes it. "Settled" is the moment
vis-network finishes its capped stabilisation (``stabilizationIterationsDone``), measured in
the page from navigation start: it includes parsing the page and vis-network.

Usage: python benchmarks/bench_page.py [--sizes 200 2000] [--ties-per-actor 2.5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_analysis import synthetic_claims

from kg import analysis as an
from kg import page

# The browser harness is test tooling (tests/browser.py), not part of the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import offline_page

TARGET_S = {200: 3.0, 2000: 15.0}
KINDS = ["State", "ArmedGroup", "Organization", "Person"]
VERBS = {
    "alliedWith": "signed a pact with",
    "supports": "sent weapons to",
    "memberOf": "joined",
    "attacks": "shelled positions of",
    "fightsAgainst": "fought",
    "opposes": "condemned",
}


def evidence_for(claims: list[dict], labels: dict[str, str]) -> dict:
    evidence: dict[tuple[str, str], list[dict]] = {}
    for i, c in enumerate(claims):
        source, target = labels[c["source"]], labels[c["target"]]
        sentence = (
            f"On Tuesday {source} {VERBS[c['predicate']]} {target} near the border, officials said."
        )
        c.update(
            title=f"Wire report {i // 5}",
            doc=f"doc:{i // 5}",
            sentence=sentence,
            sentenceStart=0,
            subjectText=source,
            subjectStart=sentence.index(source),
            objectText=target,
            objectStart=sentence.rindex(target),
        )
        evidence.setdefault((c["source"], c["target"]), []).append(c)
    return evidence


def run(n: int, ties_per_actor: float, repeat: int, seed: int, keep: Path | None) -> None:
    claims, _ = synthetic_claims(n, int(n * ties_per_actor), camps=max(2, n // 100), seed=seed)
    labels = {f"a{i}": f"Actor {i} Brigade" for i in range(n)}
    kinds = {f"a{i}": KINDS[i % len(KINDS)] for i in range(n)}
    G = an.actor_graph(claims, labels=labels)
    results = an.analyse(G)
    evidence = evidence_for(claims, labels)
    with tempfile.TemporaryDirectory() as tmp:
        path = (keep or Path(tmp)) / f"page-{n}.html"
        start = time.perf_counter()
        page.render(G, results, evidence, path, kinds=kinds, max_nodes=n)
        write_s = time.perf_counter() - start
        size = path.stat().st_size
        settle, loaded, blocked = [], [], []
        for _ in range(repeat):
            with offline_page(path, timeout_s=120) as o:
                settle.append(o.settle(timeout_s=120) / 1000)
                loaded.append(
                    o.page.evaluate(
                        "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
                    )
                    / 1000
                )
                drawn = o.page.evaluate("[kg.nodes.length, kg.edges.length]")
                iterations = o.page.evaluate("kg.data.options.physics.stabilization.iterations")
                blocked += o.blocked
    median = statistics.median(settle)
    target = TARGET_S.get(n)
    verdict = (
        ""
        if target is None
        else f" (target < {target:.0f} s: {'met' if median < target else 'MISSED'})"
    )
    print(
        f"{len(G):>6} actors | {G.number_of_edges():>6} ties | {len(claims):>6} claims | "
        f"drawn {drawn[0]} nodes, {drawn[1]} edges | page {size / 1e6:6.2f} MB "
        f"(vis-network {len(page.vis_assets()[0]) / 1e6:.2f} MB of it) | written in {write_s:5.2f} s | "
        f"DOM ready {statistics.median(loaded):5.2f} s | settled {median:6.2f} s "
        f"[{', '.join(f'{s:.2f}' for s in settle)}] after <= {iterations} stabilisation steps"
        f"{verdict}{' | BLOCKED ' + str(blocked) if blocked else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--ties-per-actor", type=float, default=2.5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.ties_per_actor, args.repeat, args.seed, args.keep)


if __name__ == "__main__":
    main()
