"""The SPARQL 1.1 Protocol side of ``kg serve``: which queries are refused before they reach
the store (updates, ``SERVICE``), and which format answers a request (content negotiation).
Nothing here touches the store or the network.
"""

from __future__ import annotations

import re
from http import HTTPStatus

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
    kg.serve.protocol.Refused: read-only endpoint: DROP is an update; updates are refused
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
