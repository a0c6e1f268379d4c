"""Load test of ``kg serve`` on loopback: throughput, latency percentiles and errors for N queries
from C concurrent clients, and a slow query that must meet the timeout while the others are
answered.

It builds the bundled example (or uses ``--out`` if it already holds a store), starts the real
``kg serve`` process on a free loopback port, sends every named query's text plus a few plain
queries round-robin from keep-alive clients (``load_client.load``), and at the same time one query
that would run for hours. Issue #10's target: 2,000 queries from 8 clients, zero errors, the
slow query answered 503 at its timeout.

Usage: python benchmarks/bench_serve.py [--queries 2000] [--clients 8] [--workers 2]
       [--timeout 3] [--out DIR]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from load_client import load  # benchmarks/load_client.py, beside this script

from kg import named

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PLAIN = [
    "SELECT ?s ?o WHERE { ?s ckg:supports ?o }",
    "ASK { ?s ckg:attacks ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:Claim }",
]


def _get(url: str, query: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(
            url + "?" + urllib.parse.urlencode({"query": query}), timeout=120
        ) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--out", type=Path, help="a built output folder (default: build the example)")
    args = ap.parse_args()

    out = args.out
    if out is None or not (out / "store").is_dir():
        import kg

        out = out or Path(tempfile.mkdtemp(prefix="kg-bench-serve-"))
        kg.build(out=out)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--out", str(out), "--port", str(port)]
    cmd += ["--workers", str(args.workers), "--timeout", str(args.timeout)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(url, "ASK {}")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"kg serve did not come up: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.2)

        queries = [q.text for q in named.available().values()] + PLAIN
        slow: dict = {}
        thread = threading.Thread(
            target=lambda: slow.update(zip(("status", "s"), _get(url, SLOW), strict=True))
        )
        thread.start()
        report = load(url, queries, total=args.queries, clients=args.clients)
        thread.join()
        after = _get(url, PLAIN[0])[0]
        print(
            f"kg serve, {args.workers} workers, loopback; {len(queries)} distinct queries "
            f"round-robin"
        )
        print(report.summary())
        print(
            f"p90 {report.percentile(90) * 1000:.1f} ms, max {max(report.latencies) * 1000:.1f} ms"
            if report.latencies
            else "no answers"
        )
        print(
            f"slow query: HTTP {slow.get('status')} after {slow.get('s', 0):.2f} s "
            f"(timeout {args.timeout:g} s); a query after it: HTTP {after}"
        )
        for error in report.errors[:5]:
            print("error:", error)
    finally:
        proc.terminate()
        proc.wait(20)


if __name__ == "__main__":
    main()
