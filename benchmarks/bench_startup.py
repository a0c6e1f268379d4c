"""Start-up: how long the short commands take as whole processes, next to bare spaCy loading
its model.

Each command runs as a user runs it (a fresh ``kg`` process, wall time), in turn with the
others, ``--runs`` times after one warm-up; the table gives the median, its ratio to bare
spaCy's ``spacy.load`` (``python -c "import spacy; spacy.load(MODEL)"``, the floor of any
command that parses text) and the issue #16 target:

- ``kg extract`` of a one-sentence file: at most bare ``spacy.load`` + 1.0 s;
- ``kg query --name allies-of`` on the example store: at most 1.0 s;
- a plain ``kg query`` (SPARQL) on the example store: at most 0.8 s;
- ``kg --help``: at most 0.5 s.

The compiled gazetteer is cached in the user's cache folder (``kg.gazetteer.cache_folder``);
here a folder of the benchmark's own is used, so the first ``kg extract`` (which fills it) is
also timed, once, as "cold". Then ``python -X importtime`` shows what ``kg extract`` spends its
start-up on, by top-level import.

Usage: python benchmarks/bench_startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "Iran supports Hezbollah, officials in Beirut said on Monday.\n"


def kg_command() -> str:
    found = Path(sys.executable).with_name("kg")
    return str(found) if found.exists() else shutil.which("kg") or "kg"


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {result.stderr.strip()[:500]}")
    return seconds


def top_imports(cmd: list[str], env: dict, n: int = 8) -> list[tuple[str, float]]:
    """The top-level imports of a command by cumulative time (``python -X importtime``)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd], env=env, capture_output=True, text=True
    )
    found = []
    for line in result.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$", line)
        if m:  # no indentation: imported by the command itself
            found.append((m.group(2), int(m.group(1)) / 1e6))
    return sorted(found, key=lambda x: -x[1])[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from kg.nlp import MODEL  # only the model's name; each command below starts afresh

    work = Path(tempfile.mkdtemp(prefix="kg-bench-startup-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    kg = kg_command()
    try:
        one = work / "one.txt"
        one.write_text(SENTENCE, encoding="utf-8")
        example = work / "example"
        subprocess.run(
            [kg, "build", "--out", str(example)], env=env, check=True, capture_output=True
        )
        shutil.rmtree(work / "cache", ignore_errors=True)  # cold: no compiled gazetteer yet
        cold = timed([kg, "extract", str(one)], env)

        commands = {
            "bare spacy.load": [sys.executable, "-c", f"import spacy; spacy.load({MODEL!r})"],
            "kg extract (one sentence)": [kg, "extract", str(one)],
            "kg query --name allies-of": [
                kg,
                "query",
                "--out",
                str(example),
                "--name",
                "allies-of",
                "--param",
                "actor=United States",
            ],
            "kg query (SPARQL)": [
                kg,
                "query",
                "--out",
                str(example),
                "SELECT ?a ?b WHERE { ?a ckg:supports ?b } LIMIT 10",
            ],
            "kg --help": [kg, "--help"],
        }
        for cmd in commands.values():  # warm-up: disk caches, the compiled gazetteer
            timed(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, env))
        median = {name: statistics.median(t) for name, t in times.items()}
        bare = median["bare spacy.load"]
        targets = {
            "kg extract (one sentence)": (bare + 1.0, f"<= bare + 1.0 s ({bare + 1.0:.2f} s)"),
            "kg query --name allies-of": (1.0, "<= 1.0 s"),
            "kg query (SPARQL)": (0.8, "<= 0.8 s"),
            "kg --help": (0.5, "<= 0.5 s"),
        }
        print(f"{args.runs} runs each after a warm-up, median wall time of the whole process")
        print(f"{'command':28} {'median s':>9} {'min-max s':>13} {'x bare':>7}  target")
        for name, values in times.items():
            limit, text = targets.get(name, (None, ""))
            verdict = "" if limit is None else ("  met" if median[name] <= limit else "  NOT met")
            print(
                f"{name:28} {median[name]:9.2f} {min(values):6.2f}-{max(values):<6.2f} "
                f"{median[name] / bare:7.2f}  {text}{verdict}"
            )
        print(f"kg extract with an empty cache (compiles and caches the gazetteer): {cold:.2f} s")
        print("\nkg extract's start-up by top-level import (cumulative s):")
        for module, seconds in top_imports(["-m", "kg.cli", "extract", str(one)], env):
            print(f"  {module:40} {seconds:6.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
