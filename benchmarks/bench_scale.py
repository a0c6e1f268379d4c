"""Throughput, multi-process speed-up and peak memory of `kg build` next to bare spaCy.

Prints, on the same corpus (re3d-dev texts repeated to --words, each copy made unique so the
content-hash dedup does not skip it): bare ``nlp.pipe`` words/s, ``kg build`` words/s and their
ratio; the speed-up from 1 to 2 workers next to bare spaCy's own with ``n_process=2``; and peak
memory (max RSS of the build process) at 1x and --scale x the corpus size.

    python benchmarks/bench_scale.py --words 200000 --scale 10

Each measurement runs in a fresh process, so model loading and memory do not leak between them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
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


# Run in a child process: prints {"seconds": ..., "maxrss_kb": ...}.
CHILD = r"""
import json, resource, sys, time
mode, corpus, out, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if mode == "spacy":
    from kg.nlp import load_pipeline
    nlp = load_pipeline()
    texts = (json.loads(line)["text"] for line in open(corpus, encoding="utf-8"))
    nlp("warm up")
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n):
        pass
else:
    from kg import api
    from kg.nlp import load_pipeline
    load_pipeline()("warm up")
    t = time.perf_counter()
    api.build([corpus], out=out, workers=n, progress=False)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(mode: str, corpus: Path, n: int, tmp: Path) -> dict:
    out = tmp / f"out-{mode}-{n}-{corpus.stem}"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(corpus), str(out), str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words in the 1x corpus")
    parser.add_argument("--scale", type=int, default=10, help="size of the large corpus (x)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        small = tmp / "corpus-1x.jsonl"
        words = make_corpus(small, args.words)
        print(f"corpus 1x: {words:,} words; 2 CPUs shared")

        bare1 = run("spacy", small, 1, tmp)
        ours1 = run("kg", small, 1, tmp)
        bare_wps, ours_wps = words / bare1["seconds"], words / ours1["seconds"]
        print(f"bare nlp.pipe:       {bare_wps:8.0f} words/s")
        print(f"kg build (1 worker): {ours_wps:8.0f} words/s")
        print(f"ratio kg/bare:       {ours_wps / bare_wps:8.2f}  (target >= 0.8)")

        bare2 = run("spacy", small, 2, tmp)
        ours2 = run("kg", small, 2, tmp)
        bare_up = bare1["seconds"] / bare2["seconds"]
        ours_up = ours1["seconds"] / ours2["seconds"]
        print(
            f"speed-up 1->2: bare spaCy n_process=2 {bare_up:.2f}x, kg --workers 2 {ours_up:.2f}x"
        )
        print(f"ratio of speed-ups:  {ours_up / bare_up:8.2f}  (target >= 0.9)")

        if args.scale > 1:
            large = tmp / "corpus-large.jsonl"
            large_words = make_corpus(large, words * args.scale)
            big = run("kg", large, 1, tmp)
            mem1, memx = ours1["maxrss_kb"] / 1024, big["maxrss_kb"] / 1024
            print(
                f"peak memory kg build: 1x ({words:,} words) {mem1:.0f} MiB, "
                f"{args.scale}x ({large_words:,} words) {memx:.0f} MiB, "
                f"ratio {memx / mem1:.2f} (target <= 1.5); "
                f"{large_words / big['seconds']:.0f} words/s"
            )


if __name__ == "__main__":
    main()
