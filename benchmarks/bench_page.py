"""The page of a real corpus (re3d-dev) and of synthetic graphs of 200 and 2,000 actors: how far
apart the layout keeps the sides, time to the first settled paint in headless Chromium, time
to draw every actor, and the page's size.

Separation is measured on the positions the page uses (read back from vis-network in the
browser): the mean distance between actors of different sides over the mean distance between
actors of the same side (target >= 2.0), for the first view and with every actor drawn.
"Settled" is the first paint of the first view, measured in the page from navigation start
(it includes parsing the page and vis-network; positions come from kg/layout.py, physics is
off). Ratios compared in the text come from one run.

The synthetic graphs are the planted-camp signed graphs of ``bench_analysis.py`` (about 2.5 ties
per actor, 1-3 claims per tie, dated in 2017, one camp per 100 actors) with a sentence, a
document title and a date for every claim, so the page carries its full evidence as
``kg build`` writes it. The re3d-dev page is ``kg build`` of its three sources' documents.

Usage: python benchmarks/bench_page.py [--sizes 200 2000] [--corpus DIR | --no-corpus]
                                       [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_analysis import synthetic_claims

import kg
from kg import analysis as an
from kg import layout, page

# The browser harness is test tooling (tests/browser.py), not part of the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import offline_page
from tests.conftest import RE3D_DEV

TARGET_SETTLED_S = 3.0
TARGET_SEPARATION = 2.0
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


def synthetic_page(n: int, ties_per_actor: float, seed: int, folder: Path) -> tuple[Path, str, str]:
    claims, _ = synthetic_claims(n, int(n * ties_per_actor), camps=max(2, n // 100), seed=seed)
    labels = {f"a{i}": f"Actor {i} Brigade" for i in range(n)}
    kinds = {f"a{i}": KINDS[i % len(KINDS)] for i in range(n)}
    G = an.actor_graph(claims, labels=labels)
    results = an.analyse(G)
    evidence = evidence_for(claims, labels)
    path = folder / f"page-{n}.html"
    start = time.perf_counter()
    page.render(G, results, evidence, path, kinds=kinds, max_nodes=n)
    written = time.perf_counter() - start
    return path, f"synthetic, {len(claims)} claims", f"page written in {written:.2f} s"


def corpus_page(corpus: Path, folder: Path) -> tuple[Path, str, str]:
    documents = sorted(corpus.glob("*/documents.json"))
    if not documents:
        raise SystemExit(f"{corpus}: no */documents.json here (--corpus DIR, or --no-corpus)")
    start = time.perf_counter()
    result = kg.build(documents, out=folder / "re3d-dev")
    built = time.perf_counter() - start
    what = f"{corpus.name} ({len(documents)} sources), {result.claims} claims"
    return result.out / "graph.html", what, f"kg build (all of it) in {built:.2f} s"


def separation(o, view: dict) -> float:
    """Separation of the sides on the positions vis-network holds for the drawn actors."""
    drawn = o.page.evaluate(
        """() => {
            const at = kg.network.getPositions();
            return kg.nodes.get().filter(n => !n.hidden).map(n => [n.id, at[n.id].x, at[n.id].y]);
        }"""
    )
    positions = {n: (x, y) for n, x, y in drawn}
    return layout.separation(positions, [set(s["members"]) for s in view["sides"]])


def show_all_ms(o, level: int) -> float:
    """Milliseconds from choosing the level until the frame after it is painted."""
    return float(
        o.page.evaluate(
            """(level) => new Promise((done) => {
                const start = performance.now();
                kg.setLevel(level);
                requestAnimationFrame(() => requestAnimationFrame(
                    () => done(performance.now() - start)));
            })""",
            level,
        )
    )


def measure(path: Path, what: str, timing: str, repeat: int) -> None:
    size = path.stat().st_size
    settled, blocked = [], []
    with offline_page(path, timeout_s=120) as o:
        settled.append(o.settle(timeout_s=120) / 1000)
        view = o.page.evaluate("kg.data.views[0]")
        first = o.page.evaluate("kg.nodes.length")
        sep_first = separation(o, view)
        levels = len(view["levels"])
        all_ms = show_all_ms(o, levels - 1)
        sep_all = separation(o, view)
        blocked += o.blocked
    for _ in range(repeat - 1):
        with offline_page(path, timeout_s=120) as o:
            settled.append(o.settle(timeout_s=120) / 1000)
            blocked += o.blocked
    median = statistics.median(settled)

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(
        f"{what}: {len(view['order'])} actors, {len(view['edges'])} ties on the page, "
        f"{len(view['sides'])} sides, {len(view['order']) - sum(len(s['members']) for s in view['sides'])} unaligned"
    )
    print(
        f"  page {size / 1e6:.2f} MB (vis-network {len(page.vis_assets()[0]) / 1e6:.2f} MB of it) | "
        f"{timing}"
    )
    print(
        f"  separation: first view ({first} actors) {sep_first:.2f}, all {len(view['order'])} actors "
        f"{sep_all:.2f} (target >= {TARGET_SEPARATION}: "
        f"{verdict(min(sep_first, sep_all) >= TARGET_SEPARATION or math.isnan(sep_all))})"
    )
    print(
        f"  first settled paint {median:.2f} s [{', '.join(f'{s:.2f}' for s in settled)}] "
        f"(target <= {TARGET_SETTLED_S:.0f} s: {verdict(median <= TARGET_SETTLED_S)}) | "
        f"all actors drawn in {all_ms / 1000:.2f} s"
        f"{' | BLOCKED ' + str(blocked) if blocked else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[200, 2000])
    parser.add_argument("--ties-per-actor", type=float, default=2.5)
    parser.add_argument("--corpus", type=Path, default=RE3D_DEV)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.no_corpus:
            measure(*corpus_page(args.corpus, folder), args.repeat)
        for n in args.sizes:
            measure(*synthetic_page(n, args.ties_per_actor, args.seed, folder), args.repeat)


if __name__ == "__main__":
    main()
