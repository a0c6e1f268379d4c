"""The HTTP side of ``kg serve``: a threading server whose handler checks each request (size,
token, path, method), hands the query to the worker pool and sends the answer, and the form at
``/``. See :mod:`kg.serve` for what it refuses and why.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import InputError
from kg.serve import form
from kg.serve.protocol import Refused, check_query
from kg.serve.workers import WorkerPool


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
                results = form.results_table(json.loads(body))
            except Refused as exc:
                results = form.message(str(exc), error=True)
            except ValueError:
                results = form.message("The query returned a graph: ask for it with an RDF client.")
        page = form.page(query, results)
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


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address) is this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
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
    """A server ready to ``serve_forever()``; ``port=0`` picks a free port.

    Parameters
    ----------
    store_path : path
        The store folder (``out/store``); queries see its last published snapshot.
    host, port : str, int
        Where to listen; any host but loopback needs a ``token``.
    workers : int
        Query worker processes.
    limits : Limits, optional
        Deadline, result and request sizes, connections at once.
    token : str, optional
        Every request must send ``Authorization: Bearer TOKEN``.
    """
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
    """The SPARQL endpoint's URL of a running ``server``."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/sparql"
