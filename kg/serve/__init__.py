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

The rooms: :mod:`kg.serve.protocol` (what is refused, content negotiation),
:mod:`kg.serve.workers` (the query processes), :mod:`kg.serve.server` (HTTP),
:mod:`kg.serve.form` with ``form.html`` (the page at ``/``). The load-test client is
``benchmarks/load_client.py``.
"""

from kg.serve.protocol import Refused, check_query, negotiate
from kg.serve.server import Limits, SparqlServer, make_server, serve_in_thread, url_of

__all__ = [
    "Limits",
    "Refused",
    "SparqlServer",
    "check_query",
    "make_server",
    "negotiate",
    "serve_in_thread",
    "url_of",
]
