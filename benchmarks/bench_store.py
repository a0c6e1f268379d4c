"""Load rate and named-query latency of the Oxigraph store at ~1,000,000 claim triples, next to
the same work in rdflib's in-memory graph.

The synthetic corpus is built with the real model (``kg.model.document_nquads``, as builds
store documents): documents of
ten claims each between actors of planted camps (cooperative inside a camp, conflictual across,
with sides switching over the years), roles that roll up to their state, dates from 2014 to
2020, and an analysis graph (blocs, centralities, mixed ties) in the shape ``kg build`` writes. It is
written once as N-Quads (one named graph per document), then loaded:

- ``kg load`` into a new store: Oxigraph's bulk loader on disk (``kg.store.Store.load_file``);
- ``kg load`` into an existing, empty store: one Oxigraph transaction (what ``kg build`` does
  per batch);
- rdflib ``Dataset.parse`` in memory (the baseline), in a child process.

Each named query then runs with realistic parameters (a busy actor, an existing edge, a
window) through ``kg.named.run`` (values bound as ``kg query --name`` binds them, rows converted
to Python), median of several runs after one warm-up; the same query text and bindings run on
rdflib once (``initBindings``), each in a forked copy of the loaded dataset, stopped at a cap. Targets (issue #6): every named query under 100 ms at
1,000,000 triples; loading at least 5x faster than rdflib.

The incremental case (issue #16): ``kg build`` of the same 10 news articles (re3d-dev's first
ten CENTCOM documents, dated in the corpus's last month) into an empty store and into the
loaded store (after one ``kg analyse``, which counts its tally), each a whole ``kg`` process,
in turn, median of ``--incremental-runs`` after a warm-up pair; the target is a ratio of at
most 2. ``--keep DIR`` keeps the corpus and stores; ``--incremental-only --keep DIR`` then runs
the incremental case alone on the store an earlier run left there (its first ``kg analyse``
included), skipping the corpus, the loads and the queries (about 4 minutes less).

Usage: python benchmarks/bench_store.py [--triples 1000000] [--runs 5] [--rdflib-cap 60]
       [--no-rdflib] [--no-incremental] [--incremental-runs 3] [--seed 7] [--keep DIR]
       [--incremental-only]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import URIRef

from kg import analysis as analysis_module
from kg import events, model, named
from kg.model import ACTOR, CKG, PREFIXES
from kg.store import open_store
from kg.types import Claim, Document, Mention
from kg.vocabulary import polarity_of

POSITIVE = ["alliedWith", "supports", "memberOf"]
NEGATIVE = ["attacks", "fightsAgainst", "opposes"]
KINDS = ["State", "ArmedGroup", "Organization"]
CLAIMS_PER_DOC = 10


def synthetic_corpus(target_triples: int, path: Path, seed: int) -> dict:
    """Write N-Quads of documents until ``target_triples`` quads; returns what was made."""
    rng = random.Random(seed)
    n_actors, camps = 2000, 12
    camp = [rng.randrange(camps) for _ in range(n_actors)]
    members: list[list[int]] = [[] for _ in range(camps)]
    for a, c in enumerate(camp):
        members[c].append(a)
    # Every fifth actor has a military role that rolls up to it (ckg:partOf), as in the
    # gazetteer; claims name the role a third of the time.
    roles = {a: f"A{a}-MIL" for a in range(0, n_actors, 5)}
    # Camps 0 and 1 fall out in 2018: their cooperative ties turn conflictual. Fifty rival
    # pairs across the two camps are in the news often (one claim in twenty), so that
    # switched-sides has pairs to find, as a real archive would.
    split_year = 2018
    rivals = [(rng.choice(members[0]), rng.choice(members[1])) for _ in range(50)]

    def mention(a: int, role: bool, start: int) -> Mention:
        if role and a in roles:
            name = f"military of actor {a}"
            return Mention(name, start, start + len(name), str(ACTOR[roles[a]]), name, "State")
        name = f"Actor {a}"
        return Mention(name, start, start + len(name), str(ACTOR[f"A{a}"]), name, KINDS[a % 3])

    quads = 0
    docs = 0
    described: set[str] = set()
    claims = 0
    edges: dict[tuple[int, int], int] = {}
    asserted: list[tuple[int, str, int]] = []  # (source, predicate, target), roles rolled up
    rows: list[dict] = []  # the claims as the analysis reads them from the store
    with path.open("w", encoding="utf-8") as f:
        while quads < target_triples:
            year = rng.randint(2014, 2020)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            text_parts, doc_claims = [], []
            offset = 0
            for _ in range(CLAIMS_PER_DOC):
                if rng.random() < 0.05:
                    u, v = rng.choice(rivals)
                else:
                    u = rng.randrange(n_actors)
                    inside = rng.random() < 0.7
                    v = rng.choice(members[camp[u]]) if inside else rng.randrange(n_actors)
                if u == v:
                    continue
                positive = camp[u] == camp[v]
                if {camp[u], camp[v]} == {0, 1}:
                    positive = year < split_year
                predicate = rng.choice(POSITIVE if positive else NEGATIVE)
                src = mention(u, rng.random() < 0.33, offset)
                verb = {"alliedWith": "is allied with", "memberOf": "joined"}.get(
                    predicate, predicate
                )
                tgt_start = src.end + len(verb) + 2
                tgt = mention(v, rng.random() < 0.33, tgt_start)
                sentence = f"{src.text} {verb} {tgt.text} near town {rng.randrange(500)}."
                negated = rng.random() < 0.05
                doc_claims.append(
                    (src, predicate, tgt, negated, offset, offset + len(sentence), sentence)
                )
                text_parts.append(sentence)
                offset += len(sentence) + 1
                edges[(u, v)] = edges.get((u, v), 0) + 1
                if not negated:
                    asserted.append((u, predicate, v))
            text = " ".join(text_parts) + f" [{docs}]"
            document = Document(
                id=f"wire-{docs}",
                text=text,
                title=f"Wire item {docs}",
                date=date,
                url=f"https://example.org/wire/{docs}",
                source="Synthetic Wire",
            )
            objs = [
                Claim(
                    doc_id=document.id,
                    source=s,
                    predicate=p,
                    target=t,
                    polarity=polarity_of(p),
                    negated=neg,
                    confidence=round(rng.uniform(0.4, 0.95), 2),
                    sentence_start=a,
                    sentence_end=b,
                    sentence_text=sent,
                    trigger=p,
                    pattern="synthetic",
                )
                for s, p, t, neg, a, b, sent in doc_claims
            ]
            triples = list(model.document_triples(document, objs, [c.source for c in objs]))
            rows += [
                {
                    "claim": str(model.claim_iri(document, c)),
                    "source": c.source.iri,
                    "target": c.target.iri,
                    "predicate": c.predicate,
                    "negated": c.negated,
                    "date": date,
                }
                for c in objs
            ]
            for c in objs:
                for m in (c.source, c.target):
                    parent = m.iri.removesuffix("-MIL")
                    if parent != m.iri:
                        triples.append((URIRef(m.iri), CKG.partOf, URIRef(parent)))
            # An actor's description is one set of quads in the store's actors graph: write
            # it once, so the file holds exactly the quads the store will.
            lines = [q for q in quads_of(triples, document) if q not in described]
            described.update(q for q in lines if q.endswith(ACTORS_SUFFIX))
            f.writelines(lines)
            quads += len(lines)
            claims += len(objs)
            docs += 1
        parents = {str(ACTOR[r]): str(ACTOR[f"A{a}"]) for a, r in roles.items()}
        mixed = analysis_module.mixed_ties(rows, parents)
        analysis = _analysis_graph(rng, n_actors, camp, camps, mixed)
        suffix = f" <{analysis.identifier}> .\n"
        lines = [
            line[:-2] + suffix for line in analysis.serialize(format="nt").splitlines() if line
        ]
        f.writelines(lines)
        quads += len(lines)
    busiest = max(range(n_actors), key=lambda a: sum(1 for (u, v) in edges if a in (u, v)))
    edge = max(edges, key=edges.get)
    sponsor, actor = _proxy_pair(asserted)
    return {
        "quads": quads,
        "documents": docs,
        "claims": claims,
        "busiest": f"Actor {busiest}",
        "edge": (f"Actor {edge[0]}", f"Actor {edge[1]}"),
        "sponsor": f"Actor {sponsor}",
        "actor": f"Actor {actor}",
    }


def _proxy_pair(asserted: list[tuple[int, str, int]]) -> tuple[int, int]:
    """The (sponsor, actor) pair with the most answers to proxies-against-allies: sponsor
    supports P, P attacks, fights or opposes X, X is cooperative with actor (either way)."""
    supports, hostile, cooperative = {}, {}, {}
    for u, p, v in asserted:
        if p == "supports":
            supports.setdefault(u, set()).add(v)
        if p in NEGATIVE:
            hostile.setdefault(u, set()).add(v)
        if p in POSITIVE:
            cooperative.setdefault(u, set()).add(v)
            cooperative.setdefault(v, set()).add(u)
    best, pair = -1, (0, 0)
    for sponsor, proxies in supports.items():
        counts: dict[int, int] = {}
        for proxy in proxies - {sponsor}:
            for ally in hostile.get(proxy, ()):
                for actor in cooperative.get(ally, set()) - {ally}:
                    counts[actor] = counts.get(actor, 0) + 1
        for actor, n in counts.items():
            if n > best and actor != sponsor:
                best, pair = n, (sponsor, actor)
    return pair


ACTORS_SUFFIX = f" <{model.ACTORS_GRAPH}> .\n"


def quads_of(triples, document: Document) -> list[str]:
    """N-Quads lines of a document, split between its graph and the actors graph as a build
    stores them (:func:`kg.model.document_nquads`)."""
    text = model.document_nquads(triples, model.document_iri(document))
    # Split on "\n" only: a literal may hold characters str.splitlines() takes for line ends.
    return [line + "\n" for line in text.split("\n") if line]


def _analysis_graph(rng: random.Random, n: int, camp: list[int], camps: int, mixed: dict):
    """An analysis graph of the shape ``kg build`` writes (values are random, sizes real)."""
    iri = [str(ACTOR[f"A{a}"]) for a in range(n)]
    results = {
        "balance": {
            "balanced_share": 0.9,
            "frustration_index": 40,
            "triangles": 1000,
            "balanced": 900,
        },
        "brokers": [{"actor": iri[a]} for a in range(0, n, 100)],
        "blocs": [[iri[a] for a in range(n) if camp[a] == c] for c in range(camps)],
        "centrality": {
            iri[a]: {
                "degree": rng.random(),
                "betweenness": rng.random() / 10,
                "pagerank": rng.random() / n,
                "eigenvector": rng.random(),
                "positive_degree": rng.randrange(50),
                "negative_degree": rng.randrange(50),
            }
            for a in range(n)
        },
    }
    return model.analysis_graph(results, "2024-01-01T00:00:00+00:00", mixed)


def _spread(values: list[float]) -> str:
    return "(" + ", ".join(f"{v:.2f}" for v in values) + ")"


def params_for(corpus: dict) -> dict[str, dict[str, str]]:
    source, target = corpus["edge"]
    actor = corpus["busiest"]
    return {
        "allies-of": {"actor": actor},
        "enemies-of": {"actor": actor},
        "supporters-of": {"actor": actor},
        "evidence-for-edge": {"source": source, "target": target},
        "events-between": {"source": source, "target": target},
        "proxies-against-allies": {"sponsor": corpus["sponsor"], "actor": corpus["actor"]},
        "switched-sides": {"since": "2016", "until": "2019"},
    }


def _timed(fn, runs: int) -> tuple[float, int]:
    fn()  # warm-up (caches, lazy parsing)
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times), rows


# ---------------------------------------------------------------------------- rdflib (child)
def _rdflib_stage(path: str, jobs: list[tuple[str, str, dict]], cap: float, conn) -> None:
    """Load the dataset once, then run each query in a forked copy of this process (the
    dataset is shared copy-on-write), killed if it passes ``cap`` seconds: a slow query costs
    its cap, not a reload."""
    import os
    import pickle
    import select
    import signal

    from rdflib import Dataset, Literal, URIRef

    start, cpu = time.perf_counter(), time.process_time()
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    conn.send(("loaded", (time.perf_counter() - start, time.process_time() - cpu), len(ds)))
    ns = {k: str(v) for k, v in PREFIXES.items()}
    for name, text, bindings in jobs:
        init = {
            k: URIRef(v) if v.startswith("https://") else Literal(v) for k, v in bindings.items()
        }
        read, write = os.pipe()
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: run one query, report, leave without cleanup
            os.close(read)
            rows = len(list(ds.query(text, initNs=ns, initBindings=init)))
            os.write(write, pickle.dumps((time.perf_counter() - start, rows)))
            os._exit(0)
        os.close(write)
        ready, _, _ = select.select([read], [], [], cap)
        if ready:
            data = b""
            while chunk := os.read(read, 65536):
                data += chunk
            seconds, rows = pickle.loads(data)
            conn.send((name, seconds, rows))
        else:
            os.kill(pid, signal.SIGKILL)
            conn.send((name, None, None))
        os.waitpid(pid, 0)
        os.close(read)
    conn.send(("done",))


def run_rdflib(path: Path, jobs, cap: float) -> tuple[float | None, int, dict]:
    """rdflib's load time and per-query (seconds, rows), None for a query stopped at ``cap``."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_stage, args=(str(path), list(jobs), cap, child), daemon=True)
    proc.start()
    child.close()
    _, load_seconds, size = parent.recv()
    results: dict = {}
    for _ in jobs:
        name, seconds, rows = parent.recv()
        results[name] = None if seconds is None else (seconds, rows)
    parent.recv()
    proc.join()
    return load_seconds, size, results


# ---------------------------------------------------------------------------- incremental
RE3D = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "re3d-dev"
RE3D = RE3D if RE3D.is_dir() else Path("/work/shared/corpus/re3d-dev")


def ten_articles(path: Path) -> Path:
    """re3d-dev's first ten CENTCOM documents as JSON lines, dated in December 2020 (the
    synthetic corpus's last month: new articles, as a daily update brings)."""
    source = RE3D / "CENTCOM" / "documents.json"
    if not source.is_file():
        raise SystemExit(f"{source}: missing; the incremental case needs re3d-dev")
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:10]]
    with path.open("w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            item = {"id": row["_id"], "title": row["title"], "text": row["text"]}
            f.write(json.dumps({**item, "date": f"2020-12-{i + 1:02d}"}) + "\n")
    return path


def _wall(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, all its threads) of one command. On a shared
    machine the CPU time moves less than the wall time with what else is running."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {result.stderr.strip()[:500]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def incremental_case(store_dir: Path, work: Path, runs: int) -> dict:
    """Wall time of ``kg build`` of ten articles into an empty store and into the loaded one."""
    from kg import api

    ten = ten_articles(work / "ten.jsonl")
    big = work / "big"
    shutil.rmtree(big, ignore_errors=True)
    shutil.copytree(store_dir, big / "store")
    start = time.perf_counter()
    first = api.analyse(out=big)  # counts the tally of the loaded store, once
    analyse_s = time.perf_counter() - start
    kg = str(Path(sys.executable).with_name("kg"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    empty_s, big_s = [], []
    for i in range(runs + 1):  # the first pair warms up (disk caches, compiled gazetteer)
        empty, grown = work / f"empty{i}", work / f"grown{i}"
        shutil.copytree(big, grown)
        empty_s.append(_wall([kg, "build", str(ten), "--out", str(empty)], env))
        big_s.append(_wall([kg, "build", str(ten), "--out", str(grown)], env))
        shutil.rmtree(empty)
        shutil.rmtree(grown)
    return {
        "analyse": analyse_s,
        "claims": first.claims,
        "triples": first.triples,
        "empty": [wall for wall, _ in empty_s[1:]],
        "big": [wall for wall, _ in big_s[1:]],
        "empty_cpu": [cpu for _, cpu in empty_s[1:]],
        "big_cpu": [cpu for _, cpu in big_s[1:]],
    }


def print_incremental(inc: dict, runs: int) -> None:
    empty, big = statistics.median(inc["empty"]), statistics.median(inc["big"])
    print()
    print(f"incremental: kg build of 10 articles, median of {runs} (whole process, wall s)")
    print(f"  into an empty store            {empty:7.2f}  {_spread(inc['empty'])}")
    print(f"  into the store of {inc['triples']:,} triples {big:7.2f}  {_spread(inc['big'])}")
    verdict = "met" if big <= 2 * empty else "NOT met"
    print(f"  ratio {big / empty:.2f}x (target <= 2x: {verdict})")
    if inc.get("big_cpu"):
        empty_cpu, big_cpu = statistics.median(inc["empty_cpu"]), statistics.median(inc["big_cpu"])
        print(
            f"  CPU (user + system): {empty_cpu:.2f} s and {big_cpu:.2f} s, "
            f"ratio {big_cpu / empty_cpu:.2f}x"
        )
    print(
        f"  (the first kg analyse of the loaded store, which counts its tally of "
        f"{inc['claims']:,} claims: {inc['analyse']:.1f} s)"
    )


# ---------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds per rdflib query")
    ap.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline")
    ap.add_argument("--no-incremental", action="store_true", help="skip the incremental case")
    ap.add_argument("--incremental-runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the N-Quads and stores in this folder")
    ap.add_argument(
        "--incremental-only",
        action="store_true",
        help="with --keep: only the incremental case, on the store an earlier run kept there",
    )
    args = ap.parse_args()
    if args.incremental_only:
        if args.keep is None or not (args.keep / "bulk").is_dir():
            raise SystemExit("--incremental-only needs --keep DIR holding an earlier run's stores")
        print_incremental(
            incremental_case(args.keep / "bulk", args.keep, args.incremental_runs),
            args.incremental_runs,
        )
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    nq = work / "corpus.nq"
    try:
        start = time.perf_counter()
        corpus = synthetic_corpus(args.triples, nq, args.seed)
        print(
            f"corpus: {corpus['quads']:,} quads, {corpus['documents']:,} documents, "
            f"{corpus['claims']:,} claims, {nq.stat().st_size / 1e6:.0f} MB N-Quads "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )

        bulk_dir, tx_dir = work / "bulk", work / "tx"
        for d in (bulk_dir, tx_dir):
            shutil.rmtree(d, ignore_errors=True)
        # Wall and CPU time (all threads): on a shared machine the CPU seconds compare fairer.
        start, cpu = time.perf_counter(), time.process_time()
        with open_store(bulk_dir) as store:  # no store there yet: Oxigraph's bulk loader
            store.load_file(nq)
        bulk_s = (time.perf_counter() - start, time.process_time() - cpu)
        with open_store(tx_dir):  # an empty store: the load into it is one transaction
            pass
        start, cpu = time.perf_counter(), time.process_time()
        with open_store(tx_dir) as store:
            store.load_file(nq)
        tx_s = (time.perf_counter() - start, time.process_time() - cpu)

        jobs = []
        params = params_for(corpus)
        store = open_store(bulk_dir)
        store.ensure_ontology()
        events.update(store)  # as `kg load` links them, so events-between has events to find
        n = len(store)
        queries = named.available()
        oxi = {}
        for name, q in queries.items():
            values = params.get(name, {})
            terms = named.bind(store, q, values)
            jobs.append((name, q.text, {k: v.value for k, v in terms.items()}))
            oxi[name] = _timed(
                lambda name=name, values=values: named.run(store, name, values), args.runs
            )
        store.close()

        rdf_load, rdf_size, rdf = (None, 0, {})
        if not args.no_rdflib:
            rdf_load, rdf_size, rdf = run_rdflib(nq, jobs, args.rdflib_cap)

        print()
        print(
            f"{'load':38} {'wall s':>8} {'CPU s':>8} {'quads/s':>10} {'wall vs rdflib':>15} "
            f"{'CPU vs rdflib':>14}"
        )
        rows = [
            ("kg load, new store (bulk loader)", bulk_s),
            ("kg load, existing store (1 transaction)", tx_s),
        ]
        if rdf_load is not None:
            rows.append(("rdflib Dataset.parse, in memory", rdf_load))
        for label, (wall, cpu_s) in rows:
            ratio = f"{rdf_load[0] / wall:.1f}x" if rdf_load else "-"
            cpu_ratio = f"{rdf_load[1] / cpu_s:.1f}x" if rdf_load else "-"
            print(
                f"{label:38} {wall:8.1f} {cpu_s:8.1f} {corpus['quads'] / wall:10,.0f} "
                f"{ratio:>15} {cpu_ratio:>14}"
            )
        print(
            f"(Oxigraph holds {n:,} quads with the ontology"
            + (f", rdflib {rdf_size:,} triples in its union graph)" if rdf_load else ")")
        )

        print()
        print(
            f"{'named query':24} {'params':34} {'rows':>6} {'Oxigraph ms':>12} "
            f"{'rdflib ms':>10} {'speed-up':>9}  < 100 ms"
        )
        for name, (seconds, count) in oxi.items():
            shown = ", ".join(f"{k}={v}" for k, v in params.get(name, {}).items())
            base = rdf.get(name)
            if args.no_rdflib:
                base_ms, speed = "-", "-"
            elif base is None:
                base_ms, speed = (
                    f">{args.rdflib_cap * 1000:.0f}",
                    f">{args.rdflib_cap / seconds:.0f}x",
                )
            else:
                base_ms = f"{base[0] * 1000:.0f}"
                speed = f"{base[0] / seconds:.0f}x"
                if base[1] != count:
                    speed += f" (rdflib {base[1]} rows)"
            if queries[name].whole_store:
                verdict = "(returns the whole store)"
            else:
                verdict = "yes" if seconds < 0.1 else "NO"
            print(
                f"{name:24} {shown[:34]:34} {count:6} {seconds * 1000:12.1f} "
                f"{base_ms:>10} {speed:>9}  {verdict}"
            )

        if not args.no_incremental:
            print_incremental(
                incremental_case(bulk_dir, work, args.incremental_runs), args.incremental_runs
            )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
