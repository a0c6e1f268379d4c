"""``kg serve``: a standard SPARQL client gets answers; updates, federation, oversized requests
and results, strangers and slow queries are refused while the endpoint keeps answering."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import SDF, USA
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from benchmarks.load_client import load
from kg import named
from kg.errors import InputError
from kg.serve import Limits, check_query, make_server, serve_in_thread, url_of

SUPPORTS = "SELECT ?s ?o WHERE { ?s ckg:supports ?o }"
# Three unconstrained patterns over the whole store: ~10^10 solutions, far past any timeout.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(example_build):
    server = make_server(
        example_build.out / "store",
        port=0,
        workers=2,
        # a result limit between the largest named query's answer over the example store
        # (unbound evidence-for-edge, about 71 KB) and the whole store (about 181 KB)
        limits=Limits(timeout=2.0, max_result_bytes=100_000, max_request_bytes=16_384),
    )
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def endpoint(server):
    return url_of(server)


def _client(url, query, fmt=JSON, method=None):
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method is not None:
        client.setMethod(POST)
        client.setRequestMethod(method)
    return client


def _http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


def _get(url, query, **headers):
    return _http(url + "?" + urllib.parse.urlencode({"query": query}), headers=headers)


# ---------------------------------------------------------------- a real client gets answers
@pytest.mark.parametrize("method", [None, "urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_select_by_get_and_post(endpoint, method):
    result = _client(endpoint, SUPPORTS, JSON, method).queryAndConvert()
    rows = {(b["s"]["value"], b["o"]["value"]) for b in result["results"]["bindings"]}
    assert (USA, SDF) in rows


def test_sparqlwrapper_other_result_formats(endpoint):
    xml = _client(endpoint, SUPPORTS, XML).queryAndConvert()
    assert USA in xml.toxml()
    csv = _client(endpoint, SUPPORTS, CSV).queryAndConvert().decode()
    assert csv.splitlines()[0] == "s,o" and f"{USA},{SDF}" in csv
    tsv = _client(endpoint, SUPPORTS, TSV).queryAndConvert().decode()
    assert tsv.splitlines()[0] == "?s\t?o" and f"<{USA}>\t<{SDF}>" in tsv
    ask = _client(endpoint, "ASK { ?s ckg:supports ?o }", JSON).queryAndConvert()
    assert ask["boolean"] is True


def test_sparqlwrapper_construct_as_turtle(endpoint):
    client = _client(endpoint, "CONSTRUCT WHERE { ?s ckg:supports ?o }", TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    # the same triples as the SELECT answer (not a fixed list: extraction may find more)
    select = _client(endpoint, SUPPORTS, JSON).queryAndConvert()["results"]["bindings"]
    expected = {(b["s"]["value"], b["o"]["value"]) for b in select}
    assert {(str(s), str(o)) for s, _, o in graph} == expected
    assert (USA, SDF) in expected


def test_content_negotiation_by_accept_header(endpoint):
    status, headers, body = _get(endpoint, SUPPORTS, Accept="text/csv;q=0.5, application/xml")
    assert status == 200 and headers["Content-Type"] == "application/xml"
    assert "<sparql" in body
    status, headers, _ = _get(endpoint, f"DESCRIBE <{USA}>", Accept="application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    status, _, body = _get(endpoint, SUPPORTS, Accept="image/png")
    assert status == 406 and "offered" in body


def test_named_queries_run_over_the_endpoint(endpoint):
    for q in named.available().values():
        status, _, body = _get(endpoint, q.text)
        assert status == 200, (q.name, body)


# ---------------------------------------------------------------- read-only, no federation
def test_sparqlwrapper_drop_all_is_refused_and_nothing_changes(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = _client(endpoint, count).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    client = _client(endpoint, "DROP ALL", JSON, "urlencoded")
    assert client.isSparqlUpdateRequest()
    with pytest.raises((urllib.error.HTTPError, SPARQLWrapperException)) as caught:
        client.query()
    assert "403" in str(caught.value)
    after = _client(endpoint, count).queryAndConvert()["results"]["bindings"][0]["n"]["value"]
    assert int(after) == int(before) > 0


@pytest.mark.parametrize(
    "query",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://example.org/data.ttl>",
        "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICE <http://example.org/sparql> { ?x ?y ?z } }",
        "SELECT * WHERE { ?s ex:a\\#b ?o . service <http://example.org/sparql> { ?x ?y ?z } }",
    ],
)
def test_updates_load_and_service_are_refused(endpoint, query):
    status, _, body = _get(endpoint, query)
    assert status == 403, body
    status, _, _ = _http(
        endpoint,
        data=urllib.parse.urlencode({"update": query}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 403
    status, _, _ = _http(
        endpoint, data=query.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403


def test_keywords_inside_strings_iris_and_names_are_not_refused(endpoint):
    query = (
        'SELECT ?service ?drop WHERE { BIND ("DROP ALL; SERVICE <x>" AS ?service) '
        "BIND (<urn:load:insert> AS ?drop) } # DELETE"
    )
    check_query(query)
    status, _, body = _get(endpoint, query)
    assert status == 200 and "DROP ALL; SERVICE" in body


def test_bad_syntax_is_a_400(endpoint):
    status, _, body = _get(endpoint, "SELECT ?x WHERE { ?x ")
    assert status == 400 and "syntax" in body.lower()


# ---------------------------------------------------------------- limits
def test_oversized_requests_and_results_are_refused(endpoint):
    padding = "#" + "x" * 20_000 + "\n"
    status, _, _ = _http(
        endpoint,
        data=(padding + SUPPORTS).encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert status == 413
    status, _, _ = _get(endpoint, padding + SUPPORTS)
    assert status == 414
    status, _, body = _get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 413 and "LIMIT" in body
    status, _, _ = _get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5")
    assert status == 200


def test_a_slow_query_times_out_while_others_are_answered(server, endpoint):
    answers: dict[str, tuple] = {}

    def slow():
        start = time.monotonic()
        answers["slow"] = (*_get(endpoint, SLOW), time.monotonic() - start)

    thread = threading.Thread(target=slow)
    thread.start()
    while not server.pool.busy and thread.is_alive():  # the slow query holds a worker
        time.sleep(0.01)
    quick = []
    while thread.is_alive():
        quick.append(_get(endpoint, SUPPORTS)[0])
    thread.join()
    status, _, body, seconds = answers["slow"]
    assert status == 503 and "timed out after 2 s" in body
    assert 1.5 < seconds < 15
    assert quick and set(quick) == {200}
    # the worker that ran it was replaced: the endpoint still answers, on both workers
    assert [_get(endpoint, SUPPORTS)[0] for _ in range(6)] == [200] * 6


# ---------------------------------------------------------------- the HTML form
def test_the_form_escapes_what_it_shows(endpoint):
    root = endpoint.rsplit("/", 1)[0] + "/"
    status, headers, page = _http(root)
    assert status == 200 and "<form" in page and headers["Content-Type"].startswith("text/html")
    query = 'SELECT ?x WHERE { BIND ("<script>alert(1)</script>" AS ?x) }'
    status, headers, page = _http(root + "?" + urllib.parse.urlencode({"query": query}))
    assert status == 200
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'none'" in headers["Content-Security-Policy"]


# ---------------------------------------------------------------- who may connect
def test_a_token_keeps_strangers_out(example_build):
    server = make_server(example_build.out / "store", port=0, workers=1, token="s3cret-token")
    serve_in_thread(server)
    try:
        url = url_of(server)
        status, headers, _ = _get(url, SUPPORTS)
        assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
        assert _get(url, SUPPORTS, Authorization="Bearer wrong")[0] == 401
        client = _client(url, SUPPORTS)
        client.addCustomHttpHeader("Authorization", "Bearer s3cret-token")
        rows = client.queryAndConvert()["results"]["bindings"]
        assert rows[0]["s"]["value"] == USA
    finally:
        server.shutdown()
        server.server_close()


def test_listening_beyond_loopback_needs_a_token(example_build):
    with pytest.raises(InputError, match="give --token"):
        make_server(example_build.out / "store", host="0.0.0.0", port=0)


# ---------------------------------------------------------------- load
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_load_2000_queries_from_8_clients_and_a_slow_one(example_build):
    """The real `kg serve` process on loopback: 2,000 queries from 8 concurrent clients all
    answered, while a slow query meets its timeout. Bounded in time, not timed."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "serve",
            "--out",
            str(example_build.out),
            "--port",
            str(port),
            "--timeout",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while _probe(url) != 200:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "kg serve did not come up"
            time.sleep(0.2)
        slow: dict = {}
        thread = threading.Thread(target=lambda: slow.update(status=_get(url, SLOW)[0]))
        thread.start()
        queries = [q.text for q in named.available().values()] + [SUPPORTS]
        report = load(url, queries, total=2000, clients=8, deadline=240)
        thread.join(60)
        print(report.summary())
        assert report.errors == []
        assert len(report.latencies) == 2000
        assert slow["status"] == 503
        assert _probe(url) == 200
    finally:
        proc.terminate()
        proc.wait(20)


def _probe(url) -> int | None:
    try:
        return _get(url, "ASK {}")[0]
    except OSError:
        return None


# ---------------------------------------------------------------- a new build is served
DOCUMENTS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ckg:Document }"


def _documents(url) -> int:
    result = _client(url, DOCUMENTS).queryAndConvert()
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_a_finished_build_is_served_without_a_restart_and_one_in_progress_is_not(tmp_path):
    import kg
    from kg.store import open_store

    first = tmp_path / "first.txt"
    first.write_text("Iran supports Hezbollah.", encoding="utf-8")
    out = tmp_path / "out"
    kg.build([first], out=out)
    server = make_server(out / "store", port=0, workers=1)
    serve_in_thread(server)
    url = url_of(server)
    try:
        assert _documents(url) == 1
        # A writer holding the store mid-change: the endpoint still answers the last build.
        with open_store(out / "store") as writer:
            writer.oxigraph.update(
                "INSERT DATA { GRAPH <urn:x> { <urn:half> a "
                "<https://w3id.org/conflict-kg/ontology#Document> } }"
            )
            writer.flush()
            assert _documents(url) == 1
            writer.oxigraph.update("DROP GRAPH <urn:x>")
        second = tmp_path / "second.txt"
        second.write_text("Turkey attacked the Syrian Democratic Forces.", encoding="utf-8")
        kg.build([second], out=out)
        assert _documents(url) == 2
    finally:
        server.shutdown()
        server.server_close()
