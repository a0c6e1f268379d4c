"""The ``kg`` command line: parses arguments, shows progress, prints results and turns errors
into one line and an exit code. It calls only :mod:`kg.api` (and knows the error types of
:mod:`kg.errors`); everything it runs, the Python API runs too.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import sys
import textwrap
import warnings
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated

import typer

from kg import api
from kg.errors import InputError, InputWarning, StoreError

BUILD = api.BuildOptions()  # the defaults, declared once (kg/options.py)
ANALYSIS = api.AnalysisOptions()

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn conflict news into a knowledge graph of who is allied with, supports, opposes or attacks whom.",
    pretty_exceptions_enable=False,
)

EXIT_INPUT = 2
EXIT_STORE = 3
EXIT_INVALID = 4

Inputs = Annotated[
    list[str] | None,
    typer.Argument(
        help="Text/Markdown files, folders, JSON-lines files, or - for stdin. Default: the bundled example."
    ),
]
Out = Annotated[
    Path, typer.Option("--out", "-o", help="Output folder (graph, page, report, store).")
]
Gazetteer = Annotated[
    list[Path] | None, typer.Option("--gazetteer", help="Extra gazetteer file (Turtle or CSV).")
]
Strict = Annotated[
    bool, typer.Option("--strict", help="Fail on a bad document or line instead of skipping it.")
]


def _fail(message: str, code: int) -> None:
    typer.echo(f"kg: error: {message}", err=True)
    raise typer.Exit(code)


def _show_warning(message, category, *args, **kwargs) -> None:
    if issubclass(category, InputWarning):
        typer.echo(f"kg: warning: {message}", err=True)


def handled(func: Callable) -> Callable:
    """Run a command with one-line errors and warnings, never a traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.simplefilter("always", InputWarning)
            warnings.showwarning = _show_warning
            try:
                return func(*args, **kwargs)
            except InputError as exc:
                _fail(str(exc), EXIT_INPUT)
            except StoreError as exc:
                _fail(str(exc), EXIT_STORE)
            except BrokenPipeError:
                sys.stderr.close()  # the reader went away (`kg extract | head`): not an error
            except KeyboardInterrupt:
                _fail("interrupted; outputs and store left as they were before this run", 130)
            except (typer.Exit, typer.Abort):
                raise
            except Exception as exc:  # the last line of defence: still one line
                _fail(
                    f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'unexpected error'}",
                    1,
                )

    return wrapper


# The analysis options, one CLI option each, for every command that analyses: declared once,
# added to a command's signature by `analysing` and handed to it as one AnalysisOptions.
ANALYSIS_OPTIONS = {
    "min_confidence": Annotated[
        float, typer.Option(help="Leave weaker claims out of the analysis and page.")
    ],
    "roll_up": Annotated[
        bool, typer.Option(help="Roll roles and people up to their state or group.")
    ],
    "max_nodes": Annotated[int, typer.Option(help="Show at most this many actors on the page.")],
    "since": Annotated[
        str | None,
        typer.Option(help="Analyse only documents dated on/after this (YYYY[-MM[-DD]])."),
    ],
    "until": Annotated[
        str | None,
        typer.Option(help="Analyse only documents dated on/before this (YYYY[-MM[-DD]])."),
    ],
    "period": Annotated[
        str, typer.Option(help="Rows of the report's table over time: month, quarter or year.")
    ],
    "export": Annotated[
        str | None,
        typer.Option(
            help="Also write the whole store as graph.FORMAT, for each of ttl, nt, nq, trig, "
            "jsonld given (comma-separated: ttl,nq). Default: none (kg export writes them)."
        ),
    ],
    "weigh": Annotated[
        str,
        typer.Option(
            help="Weigh ties by distinct events (each told once, however many reports) or by reports."
        ),
    ],
}


def analysing(command: Callable) -> Callable:
    """Give ``command`` the analysis options as CLI options (:data:`ANALYSIS_OPTIONS`, with
    the defaults of :class:`kg.options.AnalysisOptions`); it receives them as ``analysis``."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "analysis"]
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=_cli_default(name), annotation=kind
        )
        for name, kind in ANALYSIS_OPTIONS.items()
    ]

    @wraps(command)
    def wrapper(*args, **kwargs):
        values = {name: kwargs.pop(name) for name in ANALYSIS_OPTIONS}
        return command(*args, analysis=api.AnalysisOptions(**values), **kwargs)

    # Typer reads the options from the signature and its annotations.
    wrapper.__signature__ = signature.replace(parameters=kept + added)
    wrapper.__annotations__ = {p.name: p.annotation for p in kept + added}
    del wrapper.__wrapped__
    return wrapper


def _cli_default(name: str):
    """An analysis option's default as the command line shows it (a list as ``a,b``)."""
    value = getattr(ANALYSIS, name)
    return (",".join(value) or None) if isinstance(value, tuple) else value


@app.command()
@handled
@analysing
def build(
    inputs: Inputs = None,
    out: Out = Path("output"),
    gazetteer: Gazetteer = None,
    strict: Strict = False,
    workers: Annotated[
        int, typer.Option(help="Extraction processes (on this machine, or Dask workers).")
    ] = BUILD.workers,
    engine: Annotated[
        str, typer.Option(help="local, or dask (a LocalCluster unless --scheduler is given).")
    ] = BUILD.engine,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler (with --engine dask).")
    ] = BUILD.scheduler,
    batch_size: Annotated[
        int, typer.Option(help="Documents stored per transaction (resume granularity).")
    ] = BUILD.batch_size,
    *,
    analysis: api.AnalysisOptions,
) -> None:
    """Extract, store, analyse and draw: writes store/, graph.html and report.* (graph.ttl... with --export)."""
    options = api.BuildOptions(
        gazetteer=gazetteer or (),
        strict=strict,
        workers=workers,
        engine=engine,
        scheduler=scheduler,
        batch_size=batch_size,
    )
    with api.progress_bar() as bar:
        result = api.build(inputs, out=out, options=options, analysis=analysis, progress=bar)
    c = result.report["counts"]
    typer.echo(
        f"documents: {result.documents_added} added, {result.documents_skipped} already stored; "
        f"store: {c['documents']} documents, {c['claims']} claims ({c['negated_claims']} negated), "
        f"{c['events']} events, {c['actors']} actors, {c['actor_ties']} ties, {c['triples']} triples"
    )
    _print_files(result)


@app.command()
@handled
@analysing
def analyse(out: Out = Path("output"), *, analysis: api.AnalysisOptions) -> None:
    """Recompute blocs, balance and centrality from an existing store (no extraction)."""
    result = api.analyse(out=out, analysis=analysis)
    r = result.report
    typer.echo(
        f"actors: {r['counts']['actors']}, blocs: {len(r['blocs'])}, "
        f"balanced triangles: {r['balance']['balanced']}/{r['balance']['triangles']}, "
        f"frustration index: {r['balance']['frustration_index']}"
    )
    _print_files(result)


@app.command()
@handled
def extract(
    inputs: Inputs = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl (one claim a line) or ttl.")
    ] = "jsonl",
    gazetteer: Gazetteer = None,
    strict: Strict = False,
) -> None:
    """Print the claims found in articles, without touching any store."""
    if fmt not in ("jsonl", "ttl"):
        raise InputError(f"unknown format {fmt!r}; use jsonl or ttl")
    if fmt == "ttl":
        sys.stdout.write(api.extract_rdf(inputs, gazetteer=gazetteer or (), strict=strict))
        return
    for claim in api.extract(inputs, gazetteer=gazetteer or (), strict=strict):
        sys.stdout.write(json.dumps(claim.as_json(), ensure_ascii=False) + "\n")


@app.command()
@handled
def query(
    sparql: Annotated[
        str | None, typer.Argument(help="A SPARQL query (SELECT, ASK, CONSTRUCT).")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the query from a .rq file.")
    ] = None,
    out: Out = Path("output"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Run a named query (see --list).")
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="NAME=VALUE for the named query (repeatable)."),
    ] = None,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries with their parameters.")
    ] = False,
) -> None:
    """Query the built store with SPARQL, or run a named query with --name."""
    if list_queries:
        _list_named()
        return
    if fmt not in ("table", "csv", "json"):
        raise InputError(f"unknown format {fmt!r}; use table, csv or json")
    if name is not None:
        if sparql or file:
            raise InputError("give a query, --file or --name, not several")
        _print_rows(api.named(name, out=out, **api.parse_params(param)), fmt)
        return
    if param:
        raise InputError("--param goes with --name")
    if file is not None:
        if not file.is_file():
            raise InputError(f"{file}: no such query file")
        sparql = file.read_text(encoding="utf-8")
    if not sparql:
        raise InputError("give a query, --file or --name (kg query --list shows the named ones)")
    answer = api.answer(sparql, out=out)
    if isinstance(answer, bool):  # ASK
        typer.echo(json.dumps({"boolean": answer}) if fmt == "json" else str(answer).lower())
    elif isinstance(answer, str):  # CONSTRUCT / DESCRIBE: Turtle whatever --format says
        sys.stdout.write(answer)
    else:
        _print_rows(answer, fmt)


@app.command()
@handled
def evaluate(
    gold: Annotated[
        Path,
        typer.Option(help="A re3d folder (documents.json, entities.json, relations.json)."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    gazetteer: Gazetteer = None,
    min_confidence: Annotated[
        float, typer.Option(help="Score only claims at or above this confidence.")
    ] = 0.0,
) -> None:
    """Score actor mentions and relations against re3d gold, beside a naive baseline."""
    if fmt not in ("table", "json"):
        raise InputError(f"unknown format {fmt!r}; use table or json")
    result = api.evaluate(gold, gazetteer=gazetteer or (), min_confidence=min_confidence)
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        typer.echo(api.evaluation_table(result), nl=False)


# What `kg events` shows in a table (json and csv give every column).
EVENT_COLUMNS = (
    "date",
    "subjectLabel",
    "predicate",
    "objectLabel",
    "cameo",
    "place",
    "reports",
    "documents",
    "outlets",
)


@app.command()
@handled
def events(
    source: Annotated[
        str | None, typer.Option(help="Only events between this actor (any name) and --target.")
    ] = None,
    target: Annotated[str | None, typer.Option(help="The other actor, with --source.")] = None,
    out: Out = Path("output"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Show the merged events of the store: each happening once, with how many reports,
    documents and outlets tell it."""
    if fmt not in ("table", "csv", "json"):
        raise InputError(f"unknown format {fmt!r}; use table, csv or json")
    rows = api.events(out=out, source=source, target=target)
    if fmt == "table":
        rows = [{c: row.get(c) for c in EVENT_COLUMNS} for row in rows]
    _print_rows(rows, fmt)


def _list_named() -> None:
    for q in api.named_queries().values():
        typer.echo(q.usage() + ("   (whole store)" if q.whole_store else ""))
        typer.echo(
            textwrap.fill(q.description, 96, initial_indent="    ", subsequent_indent="    ")
        )
        for p in q.params:
            default = f", default {p.default}" if p.default is not None else ""
            typer.echo(f"      {p.name} ({p.type}{default}): {p.description}")


@app.command()
@handled
def remove(
    document: Annotated[
        str, typer.Argument(help="The document's id (file name or JSON `id`), content hash or IRI.")
    ],
    out: Out = Path("output"),
) -> None:
    """Drop one document from the store, then recompute the analysis and rewrite the outputs."""
    result = api.remove(document, out=out)
    _print_store(result, f"removed {result.removed}; ")


@app.command()
@handled
def export(
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="ttl, nt, nq, trig or jsonld.")
    ] = "ttl",
    to: Annotated[
        Path | None, typer.Option("--to", help="Write to this file (default: standard output).")
    ] = None,
    actors_only: Annotated[
        bool,
        typer.Option("--actors-only", help="Only the actor graph: actors, labels, ties, blocs."),
    ] = False,
    out: Out = Path("output"),
) -> None:
    """Export the whole store (nq, trig and jsonld keep one graph per document) or the actor graph."""
    to_stdout = to is None or str(to) == "-"
    api.export(None if to_stdout else to, fmt=fmt, actors_only=actors_only, out=out)
    if not to_stdout:
        typer.echo(f"wrote {to}", err=True)


@app.command()
@handled
def load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: nq, trig, jsonld, ttl or nt.")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="nq, trig, jsonld, ttl or nt (default: the extension)."
        ),
    ] = None,
    out: Out = Path("output"),
) -> None:
    """Load RDF into the store (a new one with Oxigraph's bulk loader), then recompute the
    analysis and rewrite the outputs: `kg export --format nq` on one machine, `kg load` on
    another."""
    _print_store(api.load(files, out=out, fmt=fmt))


def _print_store(result, prefix: str = "") -> None:
    """What the store holds after a change, then the files rewritten."""
    c = result.report["counts"]
    typer.echo(
        f"{prefix}store: {c['documents']} documents, {c['claims']} claims, "
        f"{c['actors']} actors, {c['triples']} triples"
    )
    _print_files(result)


def _print_files(result) -> None:
    for f in result.files:
        typer.echo(f"wrote {f}")
    for f in result.stale:
        typer.echo(f"removed {f} (it showed an older store; --export writes it anew)")


def _print_rows(rows: list[dict], fmt: str) -> None:
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    Console().print(table)
    typer.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command()
@handled
def serve(
    out: Out = Path("output"),
    host: Annotated[
        str, typer.Option(help="Address to listen on; other than loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    workers: Annotated[int, typer.Option(help="Query worker processes.")] = 2,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run.")] = 10.0,
    max_result_bytes: Annotated[
        int, typer.Option(help="Largest result sent; larger ones get 413.")
    ] = 16 * 1024 * 1024,
    max_request_bytes: Annotated[
        int, typer.Option(help="Largest request (URL or body) accepted.")
    ] = 64 * 1024,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="KG_SERVE_TOKEN",
            help="Require Authorization: Bearer TOKEN (needed off loopback).",
        ),
    ] = None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (GET/POST /sparql, form at /)."""
    limits = api.Limits(
        timeout=timeout, max_result_bytes=max_result_bytes, max_request_bytes=max_request_bytes
    )

    def ready(url: str) -> None:
        typer.echo(
            f"kg: serving {out / 'store'} read-only at {url} (form at /; Ctrl-C stops)", err=True
        )

    api.serve(
        out=out, host=host, port=port, workers=workers, limits=limits, token=token, ready=ready
    )


@app.command()
@handled
def validate(out: Out = Path("output")) -> None:
    """Check the store against the SHACL shapes; violations are listed and exit with 4."""
    result = api.validate(out=out)
    for violation in result.violations:
        typer.echo(violation.line())
    if not result.conforms:
        _fail(
            f"{len(result.violations)} SHACL violation"
            f"{'s' if len(result.violations) != 1 else ''} in {out / 'store'}",
            EXIT_INVALID,
        )
    typer.echo(f"conforms: {result.triples} triples checked against the shapes")


def main() -> None:
    # The command draws nothing with matplotlib. Where it is installed (the test extra pulls
    # it in), igraph's drawing module imports it with igraph: 0.45 s of CPU in every command
    # that analyses, against 0.04 s for igraph and leidenalg without it. Only the command's own
    # process is spared it: the Python API leaves a notebook's igraph plotting as it is.
    sys.modules.setdefault("matplotlib", None)
    app()


if __name__ == "__main__":
    main()
