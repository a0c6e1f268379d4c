"""A load-test client for ``kg serve`` (or any SPARQL endpoint): N queries from M concurrent
keep-alive clients, every answer timed. Used by ``benchmarks/bench_serve.py`` and by the load test
in ``tests/test_serve.py``; it is tooling, not part of the ``kg`` package.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit


@dataclass
class LoadReport:
    """What :func:`load` measured: counts, wall time and latencies in seconds."""

    queries: int
    clients: int
    seconds: float
    errors: list[str]
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.queries / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]

    def summary(self) -> str:
        return (
            f"{self.queries} queries from {self.clients} clients in {self.seconds:.2f} s: "
            f"{self.throughput:.0f} queries/s, p50 {self.percentile(50) * 1000:.1f} ms, "
            f"p99 {self.percentile(99) * 1000:.1f} ms, {len(self.errors)} errors"
        )


def load(
    url: str,
    queries: list[str],
    *,
    total: int = 2000,
    clients: int = 8,
    token: str | None = None,
    accept: str = "application/sparql-results+json",
    deadline: float = 300.0,
) -> LoadReport:
    """Send ``total`` POST queries (cycling through ``queries``) from ``clients`` threads, each
    on its own keep-alive connection, and time every answer. A non-200 answer, a failed read or
    running past ``deadline`` seconds counts as an error."""
    parts = urlsplit(url)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    bodies = [urlencode({"query": q}).encode() for q in queries]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + deadline

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        mine, errs = [], []
        for n in range(index, total, clients):
            if time.monotonic() > stop_at:
                errs.append("deadline passed")
                break
            body = bodies[n % len(bodies)]
            start = time.perf_counter()
            try:
                conn.request("POST", parts.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                if response.status != 200:
                    errs.append(f"{response.status}: {data[:200]!r}")
                    conn.close()
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                    continue
            except (OSError, http.client.HTTPException) as exc:
                errs.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(errs)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, stop_at - time.monotonic()) + 60)
    return LoadReport(total, clients, time.perf_counter() - began, errors, latencies)
