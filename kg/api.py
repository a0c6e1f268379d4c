"""The Python API under the command line: ``build``, ``extract``, ``query``.

``build`` runs the whole flow: read → extract → model → store → analyse → page and report.
Nothing already written is lost on failure: input is read and extracted before anything is
written, the store changes in transactions, and files are written to temporary names and
renamed.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import analysis as an
from kg import model, page, pipeline, report
from kg import named as nq
from kg.errors import InputError
from kg.pipeline import extract_documents
from kg.reading import PARTIAL_DATE, read_documents
from kg.resources import example_path
from kg.store import Store, open_published, open_store
from kg.types import Claim

DEFAULT_OUT = Path("output")


@dataclass
class BuildResult:
    """What a build did and where it wrote it."""

    out: Path
    documents_added: int = 0
    documents_skipped: int = 0
    claims: int = 0
    triples: int = 0
    report: dict = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _inputs(inputs: Iterable[str | Path] | None) -> list[str | Path]:
    inputs = list(inputs or [])
    return inputs or [example_path()]


def extract(
    inputs: Iterable[str | Path] | None = None,
    *,
    gazetteer: Iterable[str | Path] = (),
    strict: bool = False,
) -> Iterator[Claim]:
    """Claims from articles (files, folders, JSON lines or ``-``), lazily, in text order."""
    documents = read_documents(_inputs(inputs), strict=strict)
    for extraction in extract_documents(documents, gazetteer_files=_files(gazetteer)):
        yield from extraction.claims


def _files(paths: Iterable[str | Path]) -> tuple[str, ...]:
    result = []
    for p in paths:
        if not Path(p).is_file():
            raise InputError(f"{p}: gazetteer file not found")
        result.append(str(Path(p).resolve()))
    return tuple(result)


def build(
    inputs: Iterable[str | Path] | None = None,
    *,
    out: str | Path = DEFAULT_OUT,
    gazetteer: Iterable[str | Path] = (),
    strict: bool = False,
    min_confidence: float = 0.0,
    roll_up: bool = True,
    max_nodes: int = 300,
    since: str | None = None,
    until: str | None = None,
    period: str = "month",
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 256,
    progress: bool | None = None,
) -> BuildResult:
    """Build (or extend) the knowledge graph in ``out`` and write its page and report."""
    out = Path(out)
    _check_window(since, until, period)
    gazetteer_files = _files(gazetteer)
    if engine not in ("local", "dask"):
        raise InputError(f"--engine {engine!r}: expected local or dask")
    if workers < 1:
        raise InputError("--workers must be at least 1")
    inputs = _inputs(inputs)
    # Nothing is written before the first document is read, so unusable input leaves an
    # earlier ``out`` as it was.
    documents = pipeline.read_corpus(inputs, strict=strict)
    # Workers start before the store opens (see worker_pool).
    pool = None
    if engine == "local" and workers > 1:
        pool = pipeline.worker_pool(workers, gazetteer_files)
    result = BuildResult(out=out)
    try:
        # Streamed in batches (memory flat in corpus size), each one store transaction and a
        # checkpoint; the session publishes the whole build at its end, or undoes it on error.
        with open_store(out / "store") as store:
            store.ensure_ontology()
            pipeline.store_documents(
                store,
                documents,
                result,
                gazetteer_files=gazetteer_files,
                workers=workers,
                engine=engine,
                scheduler=scheduler,
                batch_size=batch_size,
                total_chars=pipeline.total_chars(inputs),
                progress=progress,
                pool=pool,
            )
            refresh(
                store,
                out,
                result,
                min_confidence=min_confidence,
                roll_up=roll_up,
                max_nodes=max_nodes,
                since=since,
                until=until,
                period=period,
            )
    except BaseException:
        if pool is not None:  # the extraction never started, or stopped on an error
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    return result




def _check_window(since: str | None, until: str | None, period: str) -> None:
    for name, value in (("since", since), ("until", until)):
        if value is not None and not PARTIAL_DATE.fullmatch(value):
            raise InputError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    if period not in ("month", "quarter", "year"):
        raise InputError(f"--period {period!r}: expected month, quarter or year")


def analyse(
    *,
    out: str | Path = DEFAULT_OUT,
    min_confidence: float = 0.0,
    roll_up: bool = True,
    max_nodes: int = 300,
    since: str | None = None,
    until: str | None = None,
    period: str = "month",
) -> BuildResult:
    """Recompute the analysis of the store already built in ``out`` (no extraction)."""
    out = Path(out)
    _check_window(since, until, period)
    if not (out / "store").exists():
        raise InputError(f"{out}: no store here; run kg build first")
    with open_store(out / "store") as store:
        return refresh(
            store,
            out,
            min_confidence=min_confidence,
            roll_up=roll_up,
            max_nodes=max_nodes,
            since=since,
            until=until,
            period=period,
        )


def refresh(
    store: Store,
    out: Path,
    result: BuildResult | None = None,
    *,
    min_confidence: float = 0.0,
    roll_up: bool = True,
    max_nodes: int = 300,
    since: str | None = None,
    until: str | None = None,
    period: str = "month",
) -> BuildResult:
    """Recompute the analysis from the store, rewrite the outputs in ``out`` and publish the
    store for readers (:meth:`kg.store.Store.publish`, which flushes it).

    ``since``/``until`` (ISO dates) restrict it to claims from documents dated in that window;
    ``period`` (month, quarter, year) sets the rows of the report's table over time.
    """
    result = result or BuildResult(out=out)
    claims = store.select(nq.get("claims").text)
    # Sorted here, not by the query: an ORDER BY on IRIs makes Oxigraph fetch both strings for
    # every comparison (20 s of 37 s for 42,000 claims at 1,000,000 triples).
    claims.sort(key=lambda c: (c["doc"], c["claim"]))
    actors = store.select(nq.get("actors").text)
    labels = {a["actor"]: a["label"] or a["actor"] for a in actors}
    kinds = {a["actor"]: a["kind"] for a in actors}
    hierarchy = {a["actor"]: a["parent"] for a in actors if a["parent"]}
    parents = hierarchy if roll_up else {}
    claim_dicts = [
        {**c, "source": c["source"], "target": c["target"], "claim": c["claim"]} for c in claims
    ]
    claim_dicts = an.in_window(claim_dicts, since, until)
    G = an.actor_graph(claim_dicts, parents=parents, labels=labels, min_confidence=min_confidence)
    results = an.analyse(G)
    periods = an.periods(
        claim_dicts,
        freq=period,
        parents=parents,
        labels=labels,
        min_confidence=min_confidence,
        blocs=results["blocs"],
    )
    evidence: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in claim_dicts:
        if not an.asserted(c) or c["confidence"] < min_confidence:
            continue
        u, v = an._root(c["source"], parents), an._root(c["target"], parents)
        evidence[(u, v)].append(c)
    generated = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    # Side-switch candidates over every claim, whatever the window: the switched-sides query
    # applies its own, and, like every named query, always rolls roles up.
    mixed = an.mixed_ties(claims, hierarchy)
    store.replace_analysis(model.analysis_graph(labels, results, generated, mixed))

    counts = {
        "documents": len(store.document_graphs()),
        "actors": len(G),
        "claims": len(claims),
        "asserted_claims": sum(1 for c in claims if an.asserted(c)),
        "negated_claims": sum(1 for c in claims if c["negated"]),
        "claims_by_modality": dict(Counter(c["modality"] for c in claims)),
        "actor_ties": G.number_of_edges(),
        "triples": len(store),
    }
    summary = report.summarise(
        G, results, evidence, counts, periods=periods, window={"since": since, "until": until}
    )
    store.export(out / "graph.ttl", "ttl")
    store.export(out / "graph.nq", "nq")
    page.render(G, results, evidence, out / "graph.html", kinds=kinds, max_nodes=max_nodes)
    report.write(summary, out)
    result.claims = counts["claims"]
    result.triples = counts["triples"]
    result.report = summary
    result.files = [
        out / n for n in ("graph.ttl", "graph.nq", "graph.html", "report.json", "report.md")
    ]
    # Readers (kg query, kg serve) switch to the store as it is now, outputs and all.
    store.publish()
    return result


def query(sparql: str, *, out: str | Path = DEFAULT_OUT, **bindings) -> list[dict]:
    """Run a SPARQL SELECT over the store built in ``out``; returns rows as dicts."""
    with open_published(Path(out) / "store") as store:
        return store.select(sparql, **bindings)


def remove(document: str, *, out: str | Path = DEFAULT_OUT, **analysis) -> tuple[str, BuildResult]:
    """Drop one document (its id, content hash or graph IRI) from the store in ``out``, then
    recompute the analysis and rewrite the outputs. Returns the graph IRI removed."""
    out = Path(out)
    if not (out / "store").exists():
        raise InputError(f"{out}: no store here; run kg build first")
    with open_store(out / "store") as store:
        removed = store.remove_document(document)
        if removed is None:
            raise InputError(f"no document {document!r} in {out / 'store'} (give its id or hash)")
        return removed, refresh(store, out, **analysis)


def load(
    files: Iterable[str | Path], *, out: str | Path = DEFAULT_OUT, fmt: str | None = None, **analysis
) -> BuildResult:
    """Load RDF files (another kg store's ``kg export --format nq``, or any RDF) into the store
    in ``out`` (made with Oxigraph's bulk loader when there is none), then recompute the
    analysis and rewrite the outputs, as a build does."""
    out = Path(out)
    files = list(files)
    if not files:
        raise InputError("give the RDF files to load")
    # One session: a file that fails to load undoes the files before it too.
    with open_store(out / "store") as store:
        for path in files:
            store.load_file(path, fmt)
        store.ensure_ontology()
        return refresh(store, out, **analysis)


def export(
    path: str | Path | None,
    *,
    fmt: str = "ttl",
    actors_only: bool = False,
    out: str | Path = DEFAULT_OUT,
) -> None:
    """Write the whole store (or the actor graph only) as ttl, nt, nq, trig or jsonld to
    ``path`` (through a temporary file), or to standard output when ``path`` is None."""
    import sys

    target = sys.stdout.buffer if path is None else Path(path)
    with open_published(Path(out) / "store") as store:
        store.export(target, fmt, actors_only=actors_only)
    if path is None:
        sys.stdout.buffer.flush()


def named(name: str, *, out: str | Path = DEFAULT_OUT, **params: str) -> list[dict]:
    """Run a named query (``kg/queries/NAME.rq``) with its parameters over the store in ``out``;
    an actor parameter takes any of the actor's names."""
    with open_published(Path(out) / "store") as store:
        return nq.run(store, name, params)


def validate(*, out: str | Path = DEFAULT_OUT):
    """Check the store in ``out`` against the SHACL shapes (``ontologies/shapes.ttl``)."""
    from kg.validation import validate as check

    with open_published(Path(out) / "store") as store:
        return check(store)
