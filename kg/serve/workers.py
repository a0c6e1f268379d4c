"""The query workers of ``kg serve``: processes that each hold the store's last published
snapshot open read-only and answer one query at a time, serialised in the negotiated format and
capped in size. A query past its deadline costs its worker, which is killed and replaced.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.serve.protocol import GRAPH_TYPES, RESULT_TYPES, negotiate


class _Capped(io.RawIOBase):
    """A byte buffer that stops the serializer once it holds more than ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.buffer = bytearray()
        self.over = False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) > self.limit:
            self.over = True
            raise ValueError("result too large")
        return len(data)


def _worker(path: str, conn, max_result_bytes: int, prefixes: dict[str, str]) -> None:
    """Serve jobs from ``conn`` one at a time until told to stop, each over the store's last
    published snapshot (:meth:`kg.store.Store.publish`): a build that finishes while the
    server runs is served from the next query on, and one in progress is never seen."""
    from kg.errors import StoreError
    from kg.store import current_snapshot, open_published

    try:
        store = open_published(path)
    except StoreError as exc:
        conn.send(("error", 500, f"cannot open store: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        if current_snapshot(path) != store.snapshot:
            store.close()  # lets a later publish remove the snapshot it held
            try:
                store = open_published(path)
            except StoreError as exc:
                conn.send(("error", 500, f"cannot open store: {exc}"))
                continue
        conn.send(_execute(store.oxigraph, job, max_result_bytes, prefixes))


def _execute(store: ox.Store, job: dict, max_result_bytes: int, prefixes: dict[str, str]):
    default_graphs = [ox.NamedNode(g) for g in job.get("default_graphs", ())]
    named_graphs = [ox.NamedNode(g) for g in job.get("named_graphs", ())] or None
    try:
        result = store.query(
            job["query"],
            prefixes=prefixes,
            use_default_graph_as_union=not default_graphs,
            default_graph=default_graphs or None,
            named_graphs=named_graphs,
        )
        kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
        chosen = negotiate(kind, job.get("accept"), job.get("formats", ()))
        if chosen is None:
            offered = ", ".join(sorted(RESULT_TYPES if kind == "results" else GRAPH_TYPES))
            return ("error", 406, f"cannot answer in the accepted types; offered: {offered}")
        fmt, media = chosen
        out = _Capped(max_result_bytes)
        try:
            result.serialize(out, format=fmt)
        except (ValueError, OSError):
            if out.over:
                return (
                    "error",
                    413,
                    f"result larger than {max_result_bytes} bytes; add a LIMIT or narrow the query",
                )
            raise
        return ("ok", media, bytes(out.buffer))
    except SyntaxError as exc:
        return ("error", 400, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return ("error", 400, f"query failed: {str(exc).splitlines()[0] if str(exc) else exc}")


@dataclass(eq=False)  # hashed by identity: the pool keeps a set of them
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes over a read-only store; a query past its deadline costs its worker."""

    def __init__(self, path: Path, size: int, timeout: float, max_result_bytes: int):
        from kg.model import PREFIXES

        self.path = str(path)
        self.timeout = timeout
        self.max_result_bytes = max_result_bytes
        self._prefixes = {k: str(v) for k, v in PREFIXES.items()}
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker,
            args=(self.path, child, self.max_result_bytes, self._prefixes),
            daemon=True,
            name="kg-serve-worker",
        )
        process.start()
        child.close()
        if not parent.poll(60):
            process.kill()
            raise OSError("a query worker did not start")
        message = parent.recv()
        if message[0] != "ready":
            process.join(5)
            raise OSError(message[2])
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if self._closed:
            return
        # Started in the background: the timed-out request answers at once.
        threading.Thread(target=lambda: self._idle.put(self._spawn()), daemon=True).start()

    @property
    def busy(self) -> int:
        """How many workers are running a query now."""
        with self._lock:
            return len(self._all) - self._idle.qsize()

    def run(self, job: dict):
        """("ok", media type, body) or ("error", status, message)."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return ("error", 503, f"all query workers busy for {self.timeout:g} s; try again")
        try:
            worker.conn.send(job)
            if not worker.conn.poll(self.timeout):
                self._replace(worker)
                return ("error", 503, f"query timed out after {self.timeout:g} s")
            answer = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            return ("error", 500, "the query worker stopped; try again")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
