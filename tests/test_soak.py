"""Soak: one writer adds batches of articles while ``kg serve`` answers 8 clients and ``kg
query`` runs from the command line, for two minutes (``KG_SOAK_SECONDS``), on loopback only.

Every answer must come from a complete build: the writer's builds store their articles in
several batches (each a checkpoint a kill would resume from) before the analysis runs and the
build is published, so a reader that ever saw a half-done build would count documents, claims
or ranked actors that no finished build had. Zero errors, zero corrupt opens.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import kg

SECONDS = float(os.environ.get("KG_SOAK_SECONDS", "120"))
CLIENTS = 8
# One row: what a build is made of. A reader on a half-done build would see a combination
# no finished build had (documents of a later batch, the analysis of an earlier build).
STATE = """SELECT ?docs ?claims ?ranked WHERE {
  { SELECT (COUNT(DISTINCT ?d) AS ?docs) WHERE { ?d a ckg:Document } }
  { SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE { ?c a ckg:Claim } }
  { SELECT (COUNT(DISTINCT ?a) AS ?ranked) WHERE { ?a ckg:pageRank ?r } }
}"""
TEMPLATES = [
    "{a} attacked {b} near the border on day {n}.",
    "{a} backs {b}, officials said on day {n}.",
    "{a} condemned {b} for the strikes of day {n}.",
    "{a} and {b} held talks in Geneva on day {n}.",
    "{a} supports {b} with weapons, a report said on day {n}.",
]
ACTORS = [
    "Russia",
    "Ukraine",
    "Iran",
    "Israel",
    "Turkey",
    "the Syrian Democratic Forces",
    "Hezbollah",
    "the United States",
    "Saudi Arabia",
    "the Houthis",
    "Egypt",
    "Qatar",
]


def _articles(build: int, count: int) -> list[dict]:
    out = []
    for i in range(count):
        n = build * count + i
        a, b = ACTORS[n % len(ACTORS)], ACTORS[(n * 5 + 1) % len(ACTORS)]
        if a == b:
            b = ACTORS[(n + 1) % len(ACTORS)]
        text = TEMPLATES[n % len(TEMPLATES)].format(a=a, b=b, n=n)
        out.append({"id": f"soak-{n}", "text": text, "date": f"2020-01-{1 + n % 28:02d}"})
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _state(rows: list[dict]) -> tuple[int, int, int]:
    row = rows[0]
    return int(row["docs"]), int(row["claims"]), int(row["ranked"])


@pytest.mark.slow
def test_readers_only_ever_see_whole_builds_while_a_writer_adds(tmp_path):
    out = tmp_path / "out"
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(d) + "\n" for d in _articles(0, 6)), encoding="utf-8")
    kg.build([first], out=out, batch_size=2, progress=False)
    finished = {_state(kg.query(STATE, out=out))}

    port = _free_port()
    kg_bin = str(Path(sys.executable).with_name("kg"))
    server = subprocess.Popen(
        [kg_bin, "serve", "--out", str(out), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    answers: list[tuple[int, int, int]] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def ask(query: str) -> tuple[int, int, int]:
        body = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            data = json.load(response)
        row = data["results"]["bindings"][0]
        return tuple(int(row[k]["value"]) for k in ("docs", "claims", "ranked"))

    def client() -> None:
        while not stop.is_set():
            try:
                state = ask(STATE)
            except Exception as exc:  # every failure is counted, none ends the soak early
                with lock:
                    errors.append(f"endpoint: {type(exc).__name__}: {exc}")
                continue
            with lock:
                answers.append(state)

    def command_line() -> None:
        while not stop.is_set():
            proc = subprocess.run(
                [kg_bin, "query", "--out", str(out), "--format", "json", STATE],
                capture_output=True,
                text=True,
            )
            with lock:
                if proc.returncode != 0:
                    errors.append(f"kg query: {proc.stderr.strip()}")
                else:
                    answers.append(_state(json.loads(proc.stdout)))

    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the endpoint's first answer (a condition, not a sleep)
            try:
                ask(STATE)
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "kg serve did not come up"
                time.sleep(0.1)
        readers = [threading.Thread(target=client) for _ in range(CLIENTS)]
        readers.append(threading.Thread(target=command_line))
        for t in readers:
            t.start()
        builds = 1
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            batch = tmp_path / f"batch-{builds}.jsonl"
            batch.write_text(
                "".join(json.dumps(d) + "\n" for d in _articles(builds, 6)), encoding="utf-8"
            )
            kg.build([batch], out=out, batch_size=2, progress=False)
            finished.add(_state(kg.query(STATE, out=out)))
            builds += 1
        stop.set()
        for t in readers:
            t.join(120)
    finally:
        stop.set()
        server.terminate()
        server_errors = server.communicate(timeout=30)[1]

    assert errors == [], errors[:5]
    assert "Corruption" not in server_errors and "Traceback" not in server_errors
    torn = sorted(set(answers) - finished)
    assert torn == [], f"answers from no finished build: {torn[:5]}"
    seen = len(set(answers))
    assert builds >= 10 and seen >= 5, (builds, seen)
    print(
        f"soak {SECONDS:.0f} s: {builds} builds, {len(answers)} answers "
        f"({seen} distinct finished builds seen), 0 errors, 0 corrupt opens"
    )
