"""Throughput, multi-process speed-up and peak memory of `kg build` next to bare spaCy.

Prints, in one run, on re3d-dev texts repeated to --words (each copy made unique so the
content-hash dedup does not skip it) and on a --scale times larger corpus made the same way:

* words/s of bare ``nlp.pipe`` (``en_core_web_sm`` as shipped), of kg's own spaCy pipeline
  (plus the gazetteer's entity ruler and line-break sentence starts), of kg's extraction
  (cleaning, actors, relations; no store) and of ``kg build`` (extraction, N-Quads, store,
  analysis, page, report, exports), with the ratios that split the cost into *our extraction
  overhead* (extraction / bare) and *store and analysis overhead* (build / extraction);
* the speed-up from 1 to 2 workers of ``kg build --workers 2`` next to bare spaCy's own with
  ``n_process=2`` on the same text;
* peak memory (max RSS) of ``kg build`` at 1x and at --scale x.

    python benchmarks/bench_scale.py --words 200000 --scale 10

Each measurement runs in a fresh process (loading is done before the clock starts: the model,
the gazetteer, the people dictionary and the analysis libraries, and one short document is
taken through the measured path first, as bare spaCy parses one sentence first: what loads on
first use is loaded in a long-running process too; ``bench_startup.py`` times a command's
start-up; and memory does not leak between them). The machine is shared, so wall-clock figures move with
other load: --repeat N keeps the best of N runs of each 1x measurement, and the CPU seconds of
the one-process runs are printed beside them (a ratio of CPU times is what load does not move).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RE3D = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "re3d-dev"
if not RE3D.is_dir():
    RE3D = Path("/work/shared/corpus/re3d-dev")


def make_corpus(path: Path, words: int) -> int:
    """Write re3d-dev texts repeated (each copy unique) until ``words``; returns the word count."""
    texts = []
    for docs in sorted(RE3D.glob("*/documents.json")):
        for line in docs.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    total = copy = 0
    with path.open("w", encoding="utf-8") as f:
        while total < words:
            for i, text in enumerate(texts):
                text = f"{text}\n\nCopy {copy}."
                f.write(json.dumps({"id": f"c{copy}-{i}", "text": text}) + "\n")
                total += len(text.split())
                if total >= words:
                    break
            copy += 1
    return total


# Run in a child process: prints {"seconds", "cpu", "maxrss_kb"} as its last line.
CHILD = r"""
import json, resource, sys, time
WARM_UP = ("Unidentified gunmen attacked a market in Omdurman. Turkish forces shelled positions "
           "of the Syrian Democratic Forces (SDF) near Manbij. Russia condemned the United States.")
mode, corpus, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def texts():
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

if mode in ("spacy", "pipeline"):
    import spacy
    from kg.nlp import MODEL, load_pipeline
    nlp = spacy.load(MODEL) if mode == "spacy" else load_pipeline(())
    nlp("Warm up the model.")
    t, c = time.perf_counter(), cpu()
    for _ in nlp.pipe(texts(), batch_size=32, n_process=n):
        pass
else:
    from kg import api
    from kg.extraction import extractor
    from kg.gazetteer import load_gazetteer, load_people
    extractor(())  # the model, gazetteer and matchers, as a long-running process has them
    load_gazetteer(())
    load_people()  # ... and the dictionary's people
    import igraph, leidenalg, scipy.sparse  # ... and the analysis libraries (igraph pulls
    from kg import analysis, page  # in matplotlib where installed: 0.45 s once a process)
    # One short document through the mode's own path first, as bare spaCy parses a sentence
    # first: what loads on first use (wordfreq's table, the generic agents' index, the towns,
    # the store's and the analysis's modules) is loaded in a long-running process too.
    warm = out + "-warm.jsonl"
    with open(warm, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "warm-up", "text": WARM_UP}) + "\n")
    if mode == "extract":
        list(api.extract([warm]))
    else:
        api.build([warm], out=out + "-warm", progress=False)
    t, c = time.perf_counter(), cpu()
    if mode == "extract":
        for _ in api.extract([corpus]):
            pass
    else:
        api.build([corpus], out=out, workers=n, progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "cpu": cpu() - c,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(mode: str, corpus: Path, n: int, tmp: Path, repeat: int = 1) -> dict:
    """The best (shortest) of ``repeat`` runs; memory is the largest seen."""
    best: dict | None = None
    for i in range(repeat):
        out = tmp / f"out-{mode}-{n}-{corpus.stem}-{i}"
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(corpus), str(out), str(n)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            sys.exit(f"bench_scale: {mode} run failed:\n{proc.stderr[-3000:]}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        if best is None or r["seconds"] < best["seconds"]:
            best = {**r, "maxrss_kb": max(r["maxrss_kb"], (best or r)["maxrss_kb"])}
        else:
            best["maxrss_kb"] = max(best["maxrss_kb"], r["maxrss_kb"])
    assert best is not None
    return best


def line(label: str, words: int, r: dict, base: dict | None = None, cpu: bool = True) -> None:
    text = f"  {label:<44} {words / r['seconds']:8.0f} words/s  ({r['seconds']:6.1f} s"
    text += f", {r['cpu']:6.1f} s CPU)" if cpu else ")"
    if base is not None:
        text += f"  x{base['seconds'] / r['seconds']:.2f} of bare"
        if cpu:
            text += f" (CPU x{base['cpu'] / r['cpu']:.2f})"
    print(text, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words in the 1x corpus")
    parser.add_argument("--scale", type=int, default=10, help="size of the large corpus (x)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs at 1x")
    parser.add_argument(
        "--large-only",
        action="store_true",
        help="at 1x only the build whose memory the large one is compared with",
    )
    args = parser.parse_args()

    started = time.monotonic()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        small = tmp / "corpus-1x.jsonl"
        words = make_corpus(small, args.words)
        docs = sum(1 for _ in small.open(encoding="utf-8"))
        print(
            f"corpus 1x: re3d-dev repeated, {words:,} words, {docs:,} documents; "
            f"{os.cpu_count()} CPUs shared (load average {os.getloadavg()[0]:.1f}); "
            f"best of {args.repeat}",
            flush=True,
        )
        if args.large_only:
            build = run("kg", small, 1, tmp)
            line("kg build, 1 worker", words, build)
            large(args, tmp, words, build)
            print(f"(benchmark took {(time.monotonic() - started) / 60:.1f} min)")
            return
        bare = run("spacy", small, 1, tmp, args.repeat)
        line("bare nlp.pipe (en_core_web_sm)", words, bare)
        pipe = run("pipeline", small, 1, tmp, args.repeat)
        line("kg spaCy pipeline (+ gazetteer entity ruler)", words, pipe, bare)
        extract = run("extract", small, 1, tmp, args.repeat)
        line("kg extraction (+ cleaning, actors, relations)", words, extract, bare)
        build = run("kg", small, 1, tmp, args.repeat)
        line("kg build, 1 worker (+ RDF, store, analysis)", words, build, bare)
        ratio = bare["seconds"] / build["seconds"]
        print(
            f"ratio kg build / bare nlp.pipe: {ratio:.2f} (CPU {bare['cpu'] / build['cpu']:.2f})"
            f"  (target >= 0.8)\n"
            f"  = our extraction {bare['seconds'] / extract['seconds']:.2f}"
            f" (CPU {bare['cpu'] / extract['cpu']:.2f})"
            f" x store and analysis {extract['seconds'] / build['seconds']:.2f}"
            f" (CPU {extract['cpu'] / build['cpu']:.2f})",
            flush=True,
        )

        bare2 = run("spacy", small, 2, tmp, args.repeat)
        build2 = run("kg", small, 2, tmp, args.repeat)
        bare_up = bare["seconds"] / bare2["seconds"]
        ours_up = build["seconds"] / build2["seconds"]
        line("bare nlp.pipe n_process=2", words, bare2, cpu=False)
        line("kg build --workers 2", words, build2, cpu=False)
        print(
            f"speed-up 1->2: bare spaCy n_process=2 {bare_up:.2f}x, kg build --workers 2 "
            f"{ours_up:.2f}x; ratio {ours_up / bare_up:.2f}  (target >= 0.9)",
            flush=True,
        )

        if args.scale > 1:
            large(args, tmp, words, build)
    print(f"(benchmark took {(time.monotonic() - started) / 60:.1f} min)")


def large(args, tmp: Path, words: int, build: dict) -> None:
    """Bare spaCy and kg build on the --scale x corpus; peak memory against the 1x build."""
    large = tmp / "corpus-large.jsonl"
    large_words = make_corpus(large, words * args.scale)
    large_docs = sum(1 for _ in large.open(encoding="utf-8"))
    print(
        f"corpus {args.scale}x: {large_words:,} words, {large_docs:,} documents "
        f"(load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    bare_x = run("spacy", large, 1, tmp)
    line("bare nlp.pipe (en_core_web_sm)", large_words, bare_x)
    build_x = run("kg", large, 1, tmp)
    line("kg build, 1 worker", large_words, build_x, bare_x)
    print(
        f"ratio kg build / bare nlp.pipe at {args.scale}x: "
        f"{bare_x['seconds'] / build_x['seconds']:.2f} "
        f"(CPU {bare_x['cpu'] / build_x['cpu']:.2f})  (target >= 0.8)"
    )
    mem1, memx = build["maxrss_kb"] / 1024, build_x["maxrss_kb"] / 1024
    print(
        f"peak memory kg build: 1x {mem1:.0f} MiB, {args.scale}x {memx:.0f} MiB, "
        f"ratio {memx / mem1:.2f}  (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
