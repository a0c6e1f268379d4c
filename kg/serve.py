"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store.

Queries arrive by GET (``/sparql?query=...``) or POST (a form with ``query=...`` or an
``application/sparql-query`` body) and answer as SPARQL JSON, XML, CSV or TSV, or as Turtle,
N-Triples, RDF/XML or JSON-LD for graphs, by content negotiation. ``/`` is a small HTML form.

Untrusted queries cannot change or leak anything:

- the store is opened read-only, and updates (``update=``, ``application/sparql-update``, or
  update keywords such as ``INSERT``, ``DROP``, ``LOAD``) are refused with 403 before any
  parsing; ``SERVICE`` (federation, which would make the server fetch URLs) is refused too;
- each query runs in a worker process with a deadline: a query still running at the deadline
  is answered 503 and its worker killed and replaced, so one slow query never holds the
  server, and the other workers keep answering;
- requests over ``max_request_bytes`` get 413 (body) or 414 (URL), results over
  ``max_result_bytes`` get 413, and at most ``max_connections`` requests are served at once;
- the server binds 127.0.0.1 by default; on another address it needs a token, sent by clients
  as ``Authorization: Bearer TOKEN``.
"""

from __future__ import annotations

import contextlib
import hmac
import html
import io
import ipaddress
import json
import multiprocessing
import queue
import re
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

RESULT_TYPES = {  # media type -> (format, canonical media type) for SELECT and ASK
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {  # for CONSTRUCT and DESCRIBE
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# ``format=``/``output=`` parameters (Fuseki, Virtuoso and SPARQLWrapper send them).
FORMAT_PARAMS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "n3": "text/turtle",  # Turtle is N3
}

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
# What the SPARQL grammar reads as one token, so that a keyword inside it is not a keyword:
# long and short strings, IRIs, escapes of prefixed names, comments, variables, prefixed names
# and blank-node labels (PN_PREFIX starts with a letter, a local part may hold '.' and ':').
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|\\."
    r"|#[^\n\r]*"
    r"|[?$][^\W]+"
    r"|(?:[^\W\d][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*",
    re.S,
)
_WORD = re.compile(r"[A-Za-z]+")


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def check_query(query: str) -> None:
    """Refuse updates and ``SERVICE`` before the query reaches the store.

    Strings, IRIs, comments, variables and prefixed names are blanked out first, as the SPARQL
    tokenizer reads them, so ``"DROP"`` or ``?service`` do not trip it while a keyword hidden
    after a ``\\#`` escape or ``?o.SERVICE`` still does.

    >>> check_query('SELECT ?service WHERE { ?s ex:drop "SERVICE <x>" } # LOAD')
    >>> check_query('DROP ALL')
    Traceback (most recent call last):
    ...
    kg.serve.Refused: read-only endpoint: DROP is an update; updates are refused
    """
    words = {w.upper() for w in _WORD.findall(_OPAQUE.sub(" ", query))}
    if "SERVICE" in words:
        raise Refused(HTTPStatus.FORBIDDEN, "SERVICE (federated query) is not allowed here")
    for word in _UPDATE_WORDS:
        if word in words:
            raise Refused(
                HTTPStatus.FORBIDDEN,
                f"read-only endpoint: {word} is an update; updates are refused",
            )


def negotiate(kind: str, accept: str | None, formats: list[str] | tuple[str, ...] = ()):
    """The (format, media type) to answer a result of ``kind`` ("results" or "graph") with,
    from ``format=``/``output=`` parameters (short names or media types) or else the Accept
    header; None when nothing offered fits.

    >>> negotiate("results", "text/csv;q=0.5, application/sparql-results+xml")[1]
    'application/sparql-results+xml'
    >>> negotiate("graph", None, ["json", "turtle"])[1]
    'text/turtle'
    >>> negotiate("results", "image/png") is None
    True
    """
    table = RESULT_TYPES if kind == "results" else GRAPH_TYPES
    default = (
        "application/sparql-results+json" if kind == "results" else "text/turtle"
    )  # the first is what SPARQL clients expect when they say nothing
    for fmt in formats:
        media = fmt.lower().strip()
        media = FORMAT_PARAMS.get(media, media)
        if media in table:
            return table[media], media
    if not accept:
        return table[default], default
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (x.strip() for x in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, media.lower()))
    for _, _, media in sorted(ranked):
        if media in table:
            return table[media], media
        if media in ("*/*", "application/*", "text/*") or (
            kind == "results" and media == "application/sparql-results+*"
        ):
            if media == "text/*":
                media = "text/csv" if kind == "results" else "text/turtle"
                return table[media], media
            return table[default], default
    return None


# ---------------------------------------------------------------------------- worker processes
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


# ---------------------------------------------------------------------------- HTTP
@dataclass
class Limits:
    timeout: float = 10.0
    max_result_bytes: int = 16 * 1024 * 1024
    max_request_bytes: int = 64 * 1024
    max_connections: int = 64


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, pool: WorkerPool, limits: Limits, token: str | None):
        super().__init__(address, SparqlHandler)
        self.pool = pool
        self.limits = limits
        self.token = token
        self.slots = threading.BoundedSemaphore(limits.max_connections)

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 30  # seconds a client may take to send its request (slow clients are dropped)
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK hold every keep-alive answer back ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args) -> None:  # quiet: one line per request is noise
        pass

    # -------------------------------------------------------------- dispatch
    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_PUT(self) -> None:
        self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only endpoint: use GET or POST")

    do_DELETE = do_PATCH = do_PUT

    def _handle(self, method: str) -> None:
        if not self.server.slots.acquire(blocking=False):
            self._send_error(HTTPStatus.SERVICE_UNAVAILABLE, "too many requests at once")
            return
        try:
            self._route(method)
        except Refused as exc:
            self._send_error(exc.status, str(exc))
        finally:
            self.server.slots.release()

    def _route(self, method: str) -> None:
        limits = self.server.limits
        if len(self.path) > limits.max_request_bytes:
            raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, "request URL too long")
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql", "/query"):
            raise Refused(HTTPStatus.NOT_FOUND, "no such page; the endpoint is /sparql")
        self._authorise()
        params = parse_qs(url.query, keep_blank_values=True)
        if method == "POST":
            params = self._post_params(params)
        if "update" in params:
            raise Refused(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
        queries = params.get("query", [])
        if url.path == "/" and method != "POST":
            self._page(queries[0] if queries else None)
            return
        if len(queries) != 1 or not queries[0].strip():
            raise Refused(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
        status, content_type, body = self._run(queries[0], params)
        self._send(status, content_type, body, head=method == "HEAD")

    def _authorise(self) -> None:
        token = self.server.token
        if token is None:
            return
        given = self.headers.get("Authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            value.strip().encode(), token.encode()
        ):
            raise Refused(
                HTTPStatus.UNAUTHORIZED, "this endpoint needs Authorization: Bearer TOKEN"
            )

    def _post_params(self, params: dict) -> dict:
        limits = self.server.limits
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length > limits.max_request_bytes:
            raise Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body over {limits.max_request_bytes} bytes",
            )
        body = self.rfile.read(length) if length > 0 else b""
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(HTTPStatus.BAD_REQUEST, "request body is not UTF-8") from None
        if ctype == "application/sparql-update":
            raise Refused(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
        if ctype == "application/sparql-query":
            return {**params, "query": [text]}
        if ctype in ("application/x-www-form-urlencoded", ""):
            merged = dict(params)
            for key, values in parse_qs(text, keep_blank_values=True).items():
                merged[key] = merged.get(key, []) + values
            return merged
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype!r}")

    def _run(self, query: str, params: dict, accept: str | None = None):
        check_query(query)
        job = {
            "query": query,
            "accept": accept if accept is not None else self.headers.get("Accept"),
            "formats": params.get("format", []) + params.get("output", []),
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
        }
        answer = self.server.pool.run(job)
        if answer[0] == "ok":
            media = answer[1]
            ctype = media if media.endswith(("json", "xml")) else f"{media}; charset=utf-8"
            return HTTPStatus.OK, ctype, answer[2]
        raise Refused(HTTPStatus(answer[1]), answer[2])

    # -------------------------------------------------------------- the HTML form
    def _page(self, query: str | None) -> None:
        results = ""
        if query is not None:
            try:
                _, _, body = self._run(query, {}, accept="application/sparql-results+json")
                results = _html_results(json.loads(body))
            except Refused as exc:
                results = f'<p class="error">{html.escape(str(exc))}</p>'
            except ValueError:
                results = "<p>The query returned a graph: ask for it with an RDF client.</p>"
        text = query if query is not None else _EXAMPLE
        page = _PAGE.format(query=html.escape(text), results=results)
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))

    # -------------------------------------------------------------- responses
    def _send(self, status, content_type: str, body: bytes, head: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _send_error(self, status: HTTPStatus, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        # A refused request may leave a body unread: close rather than read it as a request.
        self.close_connection = True
        self.send_response(status)
        self.send_header("Connection", "close")
        if status == HTTPStatus.UNAUTHORIZED:
            self.send_header("WWW-Authenticate", 'Bearer realm="kg"')
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


_EXAMPLE = """SELECT ?source ?predicate ?target WHERE {
  ?claim ckg:subject ?s ; ckg:predicate ?p ; ckg:object ?o ; ckg:negated false .
  ?s skos:prefLabel ?source . ?o skos:prefLabel ?target .
  BIND (STRAFTER(STR(?p), "#") AS ?predicate)
} LIMIT 50"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;margin:2em}}textarea{{width:100%;height:12em;font-family:monospace}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}
.error{{color:#a00}}</style></head>
<body><h1>kg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 over the conflict knowledge graph. Clients: <code>/sparql</code>.
Prefixes ckg, actor, doc, claim, prov, dcterms, skos, rdfs, owl and xsd are predeclared.</p>
<form method="get" action="/"><textarea name="query">{query}</textarea>
<p><button type="submit">Run</button></p></form>
{results}
</body></html>
"""


def _html_results(data: dict) -> str:
    if "boolean" in data:
        return f"<p>{'true' if data['boolean'] else 'false'}</p>"
    columns = data["head"]["vars"]
    rows = data["results"]["bindings"]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape(row.get(c, {}).get('value', ''))}</td>" for c in columns)
        + "</tr>"
        for row in rows
    )
    return f"<p>{len(rows)} rows</p><table><tr>{head}</tr>{body}</table>"


# ---------------------------------------------------------------------------- entry point
def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(
    store_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    workers: int = 2,
    limits: Limits | None = None,
    token: str | None = None,
) -> SparqlServer:
    """A server ready to ``serve_forever()``; ``port=0`` picks a free port."""
    from kg.errors import InputError

    store_path = Path(store_path)
    if not store_path.is_dir():
        raise InputError(f"{store_path}: no store here; run kg build first")
    if not is_loopback(host) and not token:
        raise InputError(
            f"serving on {host} opens the store to the network: give --token "
            "(or KG_SERVE_TOKEN) and send it as Authorization: Bearer TOKEN"
        )
    if workers < 1:
        raise InputError("--workers must be at least 1")
    limits = limits or Limits()
    pool = WorkerPool(store_path, workers, limits.timeout, limits.max_result_bytes)
    try:
        return SparqlServer((host, port), pool, limits, token)
    except OSError as exc:
        pool.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (tests, notebooks); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="kg-serve")
    thread.start()
    return thread


def url_of(server: SparqlServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/sparql"


def wait_until_up(url: str, seconds: float = 30) -> None:
    """Block until ``url`` answers (for scripts that start ``kg serve`` as a process)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url.rsplit("/", 1)[0] + "/", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# ---------------------------------------------------------------------------- load test client
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
    import http.client
    from urllib.parse import urlencode

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
