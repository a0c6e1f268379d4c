"""The Python API, and all the command line calls: ``build``, ``extract``, ``query`` and the
rest of what ``kg`` does.

The commands that change a store (``build``, ``analyse``, ``remove``, ``load``) are run by
:mod:`kg.orchestrator`; the rest read. Options come as the keyword arguments below, or as
:class:`BuildOptions` and :class:`AnalysisOptions` objects (typed, frozen, checked once).
Importing this module stays cheap (the command line imports it for every command): spaCy, the
store and networkx are imported by the functions that need them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.options import AnalysisOptions, BuildOptions, gazetteer_files
from kg.resources import example_path

if TYPE_CHECKING:
    from kg.named import NamedQuery
    from kg.orchestrator import BuildProgress, BuildResult
    from kg.progress import Progress
    from kg.serve import Limits
    from kg.types import Claim
    from kg.validation import ValidationResult

DEFAULT_OUT = Path("output")


def _inputs(inputs: Iterable[str | Path] | None) -> list[str | Path]:
    inputs = list(inputs or [])
    return inputs or [example_path()]


# ---------------------------------------------------------------------- commands that change a store
def build(
    inputs: Iterable[str | Path] | None = None,
    *,
    out: str | Path = DEFAULT_OUT,
    options: BuildOptions | None = None,
    analysis: AnalysisOptions | None = None,
    progress: bool | Callable[[BuildProgress], None] | None = None,
    **keywords,
) -> BuildResult:
    """Build (or extend) the knowledge graph in ``out`` and write its page and report.

    Parameters
    ----------
    inputs : iterable of paths, optional
        Text/Markdown files, folders, JSON-lines files, or ``-`` for standard input; none
        builds the bundled example article.
    out : path
        The output folder (``store/``, ``graph.html``, ``report.json``, ``report.md``, and
        ``graph.ttl``, ``graph.nq``... when ``export`` asks for them).
    options, analysis : BuildOptions, AnalysisOptions, optional
        The options as objects; the keyword arguments below override them.
    progress : bool or callable, optional
        A callback given each :class:`kg.orchestrator.BuildProgress`; True shows a Rich line on
        standard error, False nothing; by default the line shows when stderr is a terminal.
    **keywords
        Any field of :class:`BuildOptions` (``gazetteer``, ``strict``, ``workers``,
        ``engine``, ``scheduler``, ``batch_size``) or :class:`AnalysisOptions`
        (``min_confidence``, ``roll_up``, ``max_nodes``, ``since``, ``until``, ``period``,
        ``export``, ``weigh``).

    Returns
    -------
    BuildResult
        Documents added and skipped, counts of the whole store, the report and the files.

    For example (the bundled article into ``output/``)::

        result = kg.build(out="output", progress=False)
        result.report["counts"]["claims"]
    """
    from kg import orchestrator

    options, analysis = _options(options, analysis, keywords)
    inputs = _inputs(inputs)
    if callable(progress):
        return orchestrator.build(inputs, Path(out), options, analysis, progress)
    with progress_bar(enabled=progress) as bar:
        return orchestrator.build(inputs, Path(out), options, analysis, bar)


def analyse(
    *, out: str | Path = DEFAULT_OUT, analysis: AnalysisOptions | None = None, **keywords
) -> BuildResult:
    """Recompute the analysis of the store already built in ``out`` (no extraction) and
    rewrite the page, the report and the exports asked for (``export``).

    Parameters
    ----------
    out : path
        A folder ``build`` wrote.
    analysis : AnalysisOptions, optional
        The analysis options; ``keywords`` (its fields) override them.
    """
    from kg import orchestrator

    return orchestrator.analyse(Path(out), _analysis(analysis, keywords))


def remove(
    document: str,
    *,
    out: str | Path = DEFAULT_OUT,
    analysis: AnalysisOptions | None = None,
    **keywords,
) -> BuildResult:
    """Drop one document from the store in ``out``, then recompute the analysis and rewrite
    the outputs.

    Parameters
    ----------
    document : str
        The document's id (file name or JSON ``id``), content hash or graph IRI.
    out : path
        A folder ``build`` wrote.
    analysis : AnalysisOptions, optional
        The analysis options; ``keywords`` (its fields) override them.

    Returns
    -------
    BuildResult
        ``removed`` holds the IRI of the document graph dropped.
    """
    from kg import orchestrator

    return orchestrator.remove(document, Path(out), _analysis(analysis, keywords))


def load(
    files: Iterable[str | Path],
    *,
    out: str | Path = DEFAULT_OUT,
    fmt: str | None = None,
    analysis: AnalysisOptions | None = None,
    **keywords,
) -> BuildResult:
    """Load RDF files (another kg store's ``kg export --format nq``, or any RDF) into the store
    in ``out``, then recompute the analysis and rewrite the outputs, as a build does.

    Parameters
    ----------
    files : iterable of paths
        nq, trig, jsonld, ttl or nt files.
    out : path
        The output folder; a new store there is made with Oxigraph's bulk loader.
    fmt : str, optional
        The files' format (default: each file's extension).
    analysis : AnalysisOptions, optional
        The analysis options; ``keywords`` (its fields) override them.
    """
    from kg import orchestrator

    return orchestrator.load(files, Path(out), fmt, _analysis(analysis, keywords))


def _options(
    options: BuildOptions | None, analysis: AnalysisOptions | None, keywords: Mapping
) -> tuple[BuildOptions, AnalysisOptions]:
    """The options objects given (or the defaults), with ``keywords`` replacing their fields."""
    mine = {f.name for f in fields(BuildOptions)}
    options = replace(options or BuildOptions(), **{k: v for k, v in keywords.items() if k in mine})
    rest = {k: v for k, v in keywords.items() if k not in mine}
    return options, _analysis(analysis, rest)


def _analysis(analysis: AnalysisOptions | None, keywords: Mapping) -> AnalysisOptions:
    # An unknown name is a TypeError, as for any function.
    return replace(analysis or AnalysisOptions(), **keywords)


# ---------------------------------------------------------------------- extraction, no store
def extract(
    inputs: Iterable[str | Path] | None = None,
    *,
    gazetteer: Iterable[str | Path] = (),
    strict: bool = False,
) -> Iterator[Claim]:
    """Claims from articles, lazily, in text order; no store is touched.

    Parameters
    ----------
    inputs : iterable of paths, optional
        Files, folders, JSON-lines files or ``-``; none reads the bundled example.
    gazetteer : iterable of paths
        Extra gazetteer files (Turtle or CSV).
    strict : bool
        Fail on a bad document or line instead of skipping it with a warning.

    >>> [c.predicate for c in extract()][:3]  # the bundled example
    ['attacks', 'supports', 'fightsAgainst']
    """
    for extraction in _extractions(inputs, gazetteer, strict):
        yield from extraction.claims


def extract_rdf(
    inputs: Iterable[str | Path] | None = None,
    *,
    gazetteer: Iterable[str | Path] = (),
    strict: bool = False,
) -> str:
    """The claims of articles as RDF: TriG text, one named graph per document (what
    ``kg extract --format ttl`` prints); parameters as for :func:`extract`."""
    from kg import model

    graphs = [
        model.document_graph(x.document, x.claims, x.mentions)
        for x in _extractions(inputs, gazetteer, strict)
    ]
    return model.dataset(graphs).serialize(format="trig")


def _extractions(inputs, gazetteer, strict: bool):
    from kg.extraction import extract_documents
    from kg.reading import read_documents

    files = gazetteer_files(gazetteer)
    documents = read_documents(_inputs(inputs), strict=strict)
    return extract_documents(documents, gazetteer_files=files)


def evaluate(
    gold: str | Path, *, gazetteer: Iterable[str | Path] = (), min_confidence: float = 0.0
) -> dict:
    """Scores of the extraction, beside a co-occurrence baseline, against re3d gold.

    Parameters
    ----------
    gold : path
        A re3d folder (``documents.json``, ``entities.json``, ``relations.json``, in it or
        in its sub-folders).
    gazetteer : iterable of paths
        Extra gazetteer files.
    min_confidence : float
        Score only claims at or above this confidence.

    Returns
    -------
    dict
        See :func:`kg.evaluation.evaluate`; :func:`evaluation_table` prints it.
    """
    from kg.errors import InputError
    from kg.evaluation import evaluate as score

    if not Path(gold).is_dir():
        raise InputError(f"{gold}: no such folder")
    files = gazetteer_files(gazetteer)
    return score(gold, gazetteer_files=files, min_confidence=min_confidence)


def evaluation_table(result: dict) -> str:
    """The scores of :func:`evaluate` as the plain-text table ``kg evaluate`` prints."""
    from kg.evaluation import format_table

    return format_table(result)


# ---------------------------------------------------------------------- reading a built store
def query(sparql: str, *, out: str | Path = DEFAULT_OUT, **bindings) -> list[dict]:
    """Run a SPARQL SELECT over the store built in ``out``; rows as dicts.

    Parameters
    ----------
    sparql : str
        A SELECT query; the prefixes ckg, actor, doc, claim, prov, dcterms, skos, rdfs, owl
        and xsd are predeclared.
    out : path
        A folder ``build`` wrote (its last published state is read).
    **bindings
        Values for variables of the query, bound as RDF terms (never pasted into its text).

    For example, after ``build(out="output")``::

        query("SELECT ?a ?b WHERE { ?a ckg:attacks ?b }", out="output")
    """
    from kg.store import open_published

    with open_published(Path(out) / "store") as store:
        return store.select(sparql, **bindings)


def answer(sparql: str, *, out: str | Path = DEFAULT_OUT) -> list[dict] | bool | str:
    """Any query form's answer over the store in ``out``: SELECT rows, an ASK query's boolean,
    or a CONSTRUCT or DESCRIBE query's triples as Turtle text."""
    from kg.store import open_published

    with open_published(Path(out) / "store") as store:
        return store.answer(sparql)


def named(name: str, *, out: str | Path = DEFAULT_OUT, **params: str) -> list[dict]:
    """Run a named query (``kg/queries/NAME.rq``) over the store in ``out``.

    Parameters
    ----------
    name : str
        The query's name (see :func:`named_queries`).
    out : path
        A folder ``build`` wrote.
    **params : str
        The query's parameters; an actor parameter takes any of the actor's names.

    For example, after ``build(out="output")``::

        named("allies-of", out="output", actor="United States")
    """
    from kg import named as nq
    from kg.store import open_published

    nq.get(name)  # an unknown name is an error before the store is opened
    with open_published(Path(out) / "store") as store:
        return nq.run(store, name, params)


def events(
    *,
    out: str | Path = DEFAULT_OUT,
    source: str | None = None,
    target: str | None = None,
) -> list[dict]:
    """The merged events of the store in ``out``: each happening once, however many claims
    of however many documents report it (see :mod:`kg.events`), with its date, actors,
    predicate and how many reports, documents and outlets tell it.

    Parameters
    ----------
    out : path
        A folder ``build`` wrote.
    source, target : str, optional
        Two actors (any of their names): only the events between them, either way (the
        named query ``events-between``). Give both or neither.

    For example, after ``build(out="output")``::

        events(out="output", source="Turkey", target="SDF")
    """
    from kg.errors import InputError

    if (source is None) != (target is None):
        raise InputError("give both --source and --target, or neither")
    if source is not None:
        return named("events-between", out=out, source=source, target=target)
    return named("events", out=out)


def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped with kg, by name, with its description and parameters."""
    from kg import named as nq

    return nq.available()


def parse_params(items: Iterable[str] | None) -> dict[str, str]:
    """``["actor=United States", ...]`` (``--param`` values) as a dict of named query
    parameters; a malformed item is an :class:`~kg.errors.InputError`."""
    from kg import named as nq

    return nq.parse_params(list(items or []))


def export(
    path: str | Path | None,
    *,
    fmt: str = "ttl",
    actors_only: bool = False,
    out: str | Path = DEFAULT_OUT,
) -> None:
    """Write the store in ``out`` (or its actor graph only) as ttl, nt, nq, trig or jsonld.

    Parameters
    ----------
    path : path or None
        The file, written through a temporary file; None writes to standard output.
    fmt : str
        The format; nq, trig and jsonld keep one named graph per document.
    actors_only : bool
        Only the actor graph: actors, labels, ties, blocs.
    out : path
        A folder ``build`` wrote.
    """
    from kg.store import open_published

    target = sys.stdout.buffer if path is None else Path(path)
    with open_published(Path(out) / "store") as store:
        store.export(target, fmt, actors_only=actors_only)
    if path is None:
        sys.stdout.buffer.flush()


def validate(*, out: str | Path = DEFAULT_OUT) -> ValidationResult:
    """Check the store in ``out`` against the SHACL shapes (``ontologies/shapes.ttl``)."""
    from kg.store import open_published
    from kg.validation import validate as check

    with open_published(Path(out) / "store") as store:
        return check(store)


def serve(
    *,
    out: str | Path = DEFAULT_OUT,
    host: str = "127.0.0.1",
    port: int = 7878,
    workers: int = 2,
    limits: Limits | None = None,
    token: str | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the store in ``out`` as a read-only SPARQL 1.1 endpoint until interrupted
    (Ctrl-C); see :mod:`kg.serve`.

    Parameters
    ----------
    out : path
        A folder ``build`` wrote; queries see its last published build.
    host, port : str, int
        Where to listen; off loopback a ``token`` is required.
    workers : int
        Query worker processes.
    limits : Limits, optional
        Query deadline, largest result and request, connections at once.
    token : str, optional
        Require ``Authorization: Bearer TOKEN``.
    ready : callable, optional
        Called with the endpoint's URL once it listens.
    """
    from kg.serve import make_server, url_of

    server = make_server(
        Path(out) / "store", host=host, port=port, workers=workers, limits=limits, token=token
    )
    try:
        if ready is not None:
            ready(url_of(server))
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def progress_bar(enabled: bool | None = None) -> Progress:
    """A progress line for builds (documents/s, sentences/s, relations, ETA) on standard
    error, to pass as ``build(progress=...)``; ``enabled=None`` shows it only on a terminal.
    Use it in a ``with`` block."""
    from kg.progress import Progress

    return Progress(enabled=enabled)


def __getattr__(name: str):
    # Result and limit types, imported when first asked for (see the module docstring).
    if name in ("BuildResult", "BuildProgress"):
        from kg import orchestrator

        return getattr(orchestrator, name)
    if name == "Limits":
        from kg.serve import Limits

        return Limits
    raise AttributeError(f"module 'kg.api' has no attribute {name!r}")


__all__ = [
    "DEFAULT_OUT",
    "AnalysisOptions",
    "BuildOptions",
    "analyse",
    "answer",
    "build",
    "evaluate",
    "evaluation_table",
    "events",
    "export",
    "extract",
    "extract_rdf",
    "load",
    "named",
    "named_queries",
    "parse_params",
    "progress_bar",
    "query",
    "remove",
    "serve",
    "validate",
]
