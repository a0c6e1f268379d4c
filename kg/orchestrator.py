"""The one orchestrator of the commands that change a store: ``kg build`` (read → extract →
store → analyse → outputs), ``kg analyse``, ``kg remove`` and ``kg load``.

Each runs as one writer's session on the store (:func:`kg.store.open_store`): the session
publishes the store for readers on a clean end and undoes everything on a failure, Ctrl-C
included. Input is read and checked before anything is written, and files are written to
temporary names and renamed, so nothing already written is lost on failure. Each returns a
:class:`BuildResult`; progress goes to a callback the caller supplies (the command line's is a
Rich line, :class:`kg.progress.Progress`).
"""

from __future__ import annotations

import datetime as _dt
import gc
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from kg import analysis as an
from kg import events as ev
from kg import memo as memo_file
from kg import model, page, report
from kg import tally as tl
from kg.engines import chunked, engine_for
from kg.errors import InputError
from kg.gazetteer import civilian_codes, is_document_agent
from kg.options import EXPORT_FORMATS, AnalysisOptions, BuildOptions
from kg.reading import read_documents
from kg.store import Store, open_store
from kg.types import Document

# What every command that changes the store rewrites; graph.<format> only when asked
# (AnalysisOptions.export).
OUTPUTS = ("graph.html", "report.json", "report.md")


@dataclass(frozen=True)
class BuildProgress:
    """How far a build has come: counts so far, and the input's size when known (for an ETA).

    ``documents`` were extracted and stored, ``skipped`` were found already stored;
    ``chars`` counts the characters of both, against ``total_chars``.
    """

    documents: int = 0
    skipped: int = 0
    sentences: int = 0
    relations: int = 0
    chars: int = 0
    total_chars: int | None = None


ProgressCallback = Callable[[BuildProgress], None]


@dataclass(frozen=True)
class BuildResult:
    """What a command did to the store in ``out``, and the outputs it rewrote.

    ``claims`` and ``triples`` count the whole store afterwards; ``report`` is the report
    (``report.json``) as a dict; ``removed`` is the document graph ``kg remove`` dropped;
    ``stale`` the exports of an earlier command that were removed, not rewritten.
    """

    out: Path
    claims: int
    triples: int
    report: dict
    files: tuple[Path, ...]
    documents_added: int = 0
    documents_skipped: int = 0
    removed: str | None = None
    stale: tuple[Path, ...] = ()


def build(
    inputs: list[str | Path],
    out: Path,
    options: BuildOptions = BuildOptions(),  # noqa: B008  (frozen: one shared default is safe)
    analysis: AnalysisOptions = AnalysisOptions(),  # noqa: B008
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Build (or extend) the knowledge graph in ``out`` and write its page and report.

    Parameters
    ----------
    inputs : list of paths
        Files, folders, JSON-lines files, or ``-`` for standard input.
    out : Path
        The output folder: ``store/``, ``graph.html``, ``report.json``, ``report.md`` and
        the exports ``analysis.export`` asks for (``graph.ttl``...).
    options : BuildOptions
        How to read and extract (gazetteer, strictness, engine and workers, batch size).
    analysis : AnalysisOptions
        What the analysis and outputs take into account.
    progress : callable, optional
        Called with a :class:`BuildProgress` as documents are stored.

    Returns
    -------
    BuildResult

    Documents already in the store (by content hash) are skipped before parsing. Each batch of
    ``options.batch_size`` documents is one store transaction (one bulk load into a store this
    build made) and a checkpoint, so a build killed mid-way resumes where it stopped; memory
    stays flat in the corpus size.
    """
    out = Path(out)
    # Nothing is written before the first document is read, so unusable input leaves an
    # earlier ``out`` as it was.
    documents = read_corpus(inputs, strict=options.strict)
    # The engine's workers start before the store opens (see kg.engines.worker_pool).
    with engine_for(options) as engine, open_store(out / "store") as store:
        store.ensure_ontology()
        tally = _Tally(progress, input_size(inputs))
        fresh = _not_stored(store, documents, tally)
        for batch in chunked(engine.extract(fresh, rdf=True), options.batch_size):
            # Into a store this build made, Oxigraph's bulk loader: the session, not each
            # batch, is what a failure undoes (a killed build resumes from its checkpoint).
            stored = store.add_nquads(
                ((str(model.document_iri(x.document)), x.rdf) for x in batch), atomic=False
            )
            # The checkpoint also writes the batch out of RocksDB's in-memory tables: left to
            # grow, they kept ~26 MiB per 50,000 words stored, so memory rose with the corpus.
            store.checkpoint()
            tally.stored(batch, stored.added, stored.skipped)
        engine.close()  # the extraction is over: its workers need not wait for the analysis
        _link_events(store)
        result = _publish(store, out, analysis)
    return replace(result, documents_added=tally.added, documents_skipped=tally.skipped)


def analyse(out: Path, analysis: AnalysisOptions = AnalysisOptions()) -> BuildResult:  # noqa: B008
    """Recompute the analysis of the store in ``out`` with ``analysis`` and rewrite the
    outputs, in one writer's session (see :func:`kg.api.analyse`)."""
    out = _built(out)
    with open_store(out / "store") as store:
        _link_events(store)  # a store built before events gets them here
        return _publish(store, out, analysis)


def remove(
    document: str,
    out: Path,
    analysis: AnalysisOptions = AnalysisOptions(),  # noqa: B008
) -> BuildResult:
    """Drop ``document`` (its id, content hash or graph IRI) from the store in ``out`` and
    republish, as :func:`kg.api.remove` describes; one session, so the document's graph and
    the actors only it named go with the new analysis, or nothing changes. The result's
    ``removed`` is the graph IRI dropped."""
    out = _built(out)
    with open_store(out / "store") as store:
        # The tally loses the document's claims while they can still be read.
        tl.uncount(store, store.find_documents(document))
        removed = store.remove_document(document)
        if removed is None:
            raise InputError(f"no document {document!r} in {out / 'store'} (give its id or hash)")
        _link_events(store)
        return replace(_publish(store, out, analysis), removed=removed)


def load(
    files: Iterable[str | Path],
    out: Path,
    fmt: str | None = None,
    analysis: AnalysisOptions = AnalysisOptions(),  # noqa: B008
) -> BuildResult:
    """Load RDF ``files`` (format ``fmt``, else each one's extension) into the store in
    ``out``, then analyse and publish as a build does (see :func:`kg.api.load`). One session:
    a file that fails to load undoes the files before it too."""
    out = Path(out)
    files = list(files)
    if not files:
        raise InputError("give the RDF files to load")
    with open_store(out / "store") as store:
        for path in files:
            store.load_file(path, fmt)
        store.ensure_ontology()
        ev.update(store)  # before counting: the tally counts claims by event
        # Loaded files may hold documents already counted, with other claims, or another
        # store's tally: everything is counted anew (with the events just linked).
        tl.recount(store)
        return _publish(store, out, analysis)


def read_corpus(inputs: list[str | Path], *, strict: bool = False) -> Iterator[Document]:
    """The documents of ``inputs``, checked before anything is written: a missing input or a
    corpus with no document at all is an :class:`~kg.errors.InputError` here, not halfway
    through a build."""
    for item in inputs:  # cheap check up front, before the store is touched
        if str(item) != "-" and not Path(item).exists():
            raise InputError(f"{item}: no such file or directory")
    documents = read_documents(inputs, strict=strict)
    first = next(documents, None)
    if first is None:
        raise InputError("no documents to build from")
    return itertools.chain([first], documents)


def input_size(inputs: list[str | Path]) -> int | None:
    """Roughly how many characters the inputs hold (file sizes), for an ETA; None if unknown
    (standard input, compressed files)."""
    total = 0
    for item in inputs:
        path = Path(item)
        if str(item) == "-":
            return None
        files = path.rglob("*") if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                if f.suffix == ".gz":
                    return None
                total += f.stat().st_size
    return total


class _Tally:
    """The counts of a running build, told to the progress callback as they change."""

    def __init__(self, callback: ProgressCallback | None, total_chars: int | None):
        self.callback = callback
        self.state = BuildProgress(total_chars=total_chars)
        self.added = self.skipped = 0
        self._tell()

    def _tell(self) -> None:
        if self.callback is not None:
            self.callback(self.state)

    def already_stored(self, document: Document) -> None:
        self.skipped += 1
        s = self.state
        self.state = replace(s, skipped=s.skipped + 1, chars=s.chars + len(document.text))
        self._tell()

    def stored(self, batch: list, added: int, skipped: int) -> None:
        self.added += added
        self.skipped += skipped
        s = self.state
        self.state = replace(
            s,
            documents=s.documents + len(batch),
            sentences=s.sentences + sum(x.sentences for x in batch),
            relations=s.relations + sum(len(x.claims) for x in batch),
            chars=s.chars + sum(len(x.document.text) for x in batch),
        )
        self._tell()


def _not_stored(store: Store, documents: Iterable[Document], tally: _Tally) -> Iterator[Document]:
    """The documents not in the store yet (nor earlier in this stream), by content hash."""
    seen: set[str] = set()
    for document in documents:
        key = str(model.document_iri(document))
        if key in seen or store.has_document(key):
            tally.already_stored(document)
            continue
        seen.add(key)
        yield document


def _built(out: Path) -> Path:
    out = Path(out)
    if not (out / "store").exists():
        raise InputError(f"{out}: no store here; run kg build first")
    return out


def _link_events(store: Store) -> ev.Changes:
    """The event-linking step (:func:`kg.events.update`): the claims of documents stored
    since the last link join existing events or make new ones, those of removed documents
    leave theirs (events left without reports go). Only the runs of dates these touch are
    merged again, so its cost follows the change, not the store. The tally moves the claims
    already counted whose event changed (:func:`kg.tally.relink`)."""
    changes = ev.update(store)
    tl.relink(store, changes.relinked)
    return changes


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for a block; reference counting still frees
    every object not in a cycle, and the collector resumes after it.

    The analysis makes hundreds of thousands of small objects that live to its end (tally
    rows, graphs, period tables), and every 700 allocations start a collection pass that
    walks the young ones, and now and then all of them (the loaded model's too): on the
    store of a million triples, a quarter of the analysis's CPU time went to passes that
    found next to no garbage (``benchmarks/bench_store.py``, incremental case)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _publish(store: Store, out: Path, options: AnalysisOptions) -> BuildResult:
    """Recompute the analysis from the store's tally (:mod:`kg.tally`), store it, rewrite the
    outputs in ``out`` and publish the store for readers (:meth:`kg.store.Store.publish`,
    which flushes it).

    What a build adds is read once, when the tally counts it; after that, the actor graph, its
    blocs and centralities, the periods and the counts come from the tally (a few numbers per
    pair of actors), and claims are read from the store only for the ties the page and the
    report show, and for the pairs of actors whose ties are mixed."""
    with _collector_paused():
        return _publish_now(store, out, options)


def _publish_now(store: Store, out: Path, options: AnalysisOptions) -> BuildResult:
    """:func:`_publish`, with the collector paused."""
    # The claims counted by pair of actors, brought up to date (a build's new documents).
    counted = tl.refresh(store).rows()
    actors = store.actors()
    labels = {a["actor"]: a["label"] or a["actor"] for a in actors}
    kinds = {a["actor"]: a["kind"] for a in actors}
    hierarchy = {a["actor"]: a["parent"] for a in actors if a["parent"]}
    parents = hierarchy if options.roll_up else {}
    kept = an.in_window(counted, options.since, options.until)
    G = an.actor_graph(
        kept,
        parents=parents,
        labels=labels,
        min_confidence=options.min_confidence,
        weigh=options.weigh,
    )
    # civilians and refugees (CAMEO agents CVL, REF) are victims, not sides
    victims = civilian_codes()  # made anew at each call: once, not once per actor
    civilians = {a["actor"] for a in actors if a.get("agent") in victims}
    # one document's "gunmen" or "suicide bombers" come last in a side's name
    unnamed = {a["actor"] for a in actors if is_document_agent(a["actor"])}
    # Each period's blocs and the large components' whole-graph blocs, by what they are
    # computed from: shared by the two views, the report's table and the page's, and kept
    # between builds (kg.memo), so a period no new document touches is not optimised again.
    memo = memo_file.load(out / memo_file.NAME)
    results = an.analyse(G, outside=civilians, memo=memo)
    periods = an.periods(
        kept,
        freq=options.period,
        parents=parents,
        labels=labels,
        min_confidence=options.min_confidence,
        blocs=results["blocs"],
        outside=civilians,
        memo=memo,
        weigh=options.weigh,
    )
    # The claims behind the page: asserted and confident enough (every predicate).
    drawn = [r for r in kept if an.asserted(r) and r["confidence"] >= options.min_confidence]
    detailed = _detailed_view(drawn, hierarchy, labels, civilians, options.weigh, memo)
    wanted = page.evidence_pairs(G, results, options.max_nodes) | report.evidence_pairs(G, results)
    wanted_detailed = (
        page.evidence_pairs(detailed[0], detailed[1], options.max_nodes) if detailed else set()
    )
    read: dict = {}  # claim rows read from the store, by IRI: evidence and mixed ties share them
    evidence, evidence_detailed = _evidence(
        store, wanted, wanted_detailed, parents, counted, options, read
    )
    generated = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    # Side-switch candidates over every claim, whatever the window: the switched-sides query
    # applies its own, and, like every named query, always rolls roles up.
    mixed = _mixed_ties(store, counted, hierarchy, read)
    store.replace_analysis(model.analysis_triples(results, generated, mixed))

    counts = {
        "documents": len(store.document_graphs()),
        "actors": len(G),
        **tl.counts(counted),
        "actor_ties": G.number_of_edges(),
        "triples": len(store),
    }
    window = {"since": options.since, "until": options.until}
    summary = report.summarise(
        G, results, evidence, counts, periods=periods, window=window, unnamed=unnamed
    )
    written, stale = _exports(store, out, options.export)
    page.render(
        G,
        results,
        evidence,
        out / "graph.html",
        kinds=kinds,
        max_nodes=options.max_nodes,
        parents=hierarchy,
        labels=labels,
        claims=drawn,
        detailed=None if detailed is None else (*detailed, evidence_detailed),
        memo=memo,
        outside=civilians,
        unnamed=unnamed,
        weigh=options.weigh,
    )
    report.write(summary, out)
    memo_file.save(memo, out / memo_file.NAME)
    # Readers (kg query, kg serve) switch to the store as it is now, outputs and all.
    store.publish()
    return BuildResult(
        out=out,
        claims=counts["claims"],
        triples=counts["triples"],
        report=summary,
        files=(*written, *(out / name for name in OUTPUTS)),
        stale=stale,
    )


def _detailed_view(
    drawn: list[dict],
    hierarchy: dict[str, str],
    labels: dict[str, str],
    outside: set[str],
    weigh: str,
    memo: dict | None = None,
) -> tuple | None:
    """The page's detailed view (roles and people apart), when the store rolls any actor up:
    its actor graph from the claims drawn, unrolled, and its analysis (``outside`` in no
    side, as in the rolled-up one)."""
    if not any(an._root(a, hierarchy) != a for a in hierarchy):
        return None
    D = an.actor_graph(drawn, labels=labels, weigh=weigh)
    return D, an.analyse(D, outside=outside, memo=memo)


def _evidence(
    store: Store,
    wanted: set[tuple[str, str]],
    wanted_detailed: set[tuple[str, str]],
    parents: dict[str, str],
    counted: list[dict],
    options: AnalysisOptions,
    read: dict | None = None,
) -> tuple[dict, dict]:
    """The claims behind the ties ``wanted`` (pairs of actors rolled up through ``parents``)
    and ``wanted_detailed`` (pairs as named): asserted, confident enough and in the window,
    each with its evidence (the named query ``claims``), in document order. Read from the
    store by the claims' sources, so only those ties' claims are read."""
    root = {s: an._root(s, parents) for r in counted for s in (r["source"], r["target"])}
    members: dict[str, set[str]] = defaultdict(set)  # what rolls up to each actor
    for actor, head in root.items():
        members[head].add(actor)
    sources = {a for u, _ in wanted for a in members[u]} | {s for s, _ in wanted_detailed}
    targets = {a for _, v in wanted for a in members[v]} | {t for _, t in wanted_detailed}
    found = [
        claim
        for claim, s, t in store.claims_between(sorted(sources), sorted(targets))
        if (root.get(s, s), root.get(t, t)) in wanted or (s, t) in wanted_detailed
    ]
    rows = _claims(store, found, read)
    rows = an.in_window(rows, options.since, options.until)
    # each claim's event and publisher: the evidence panel groups reports by event
    event_of = store.events_of(c["claim"] for c in rows)
    publisher = store.publishers({c["doc"] for c in rows})
    for c in rows:
        c["event"] = event_of.get(c["claim"])
        c["publisher"] = publisher.get(c["doc"])
    evidence: dict[tuple[str, str], list[dict]] = defaultdict(list)
    detailed: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in rows:
        if not an.asserted(c) or c["confidence"] < options.min_confidence:
            continue
        pair = (root.get(c["source"], c["source"]), root.get(c["target"], c["target"]))
        if pair in wanted:
            evidence[pair].append(c)
        if (c["source"], c["target"]) in wanted_detailed:
            detailed[(c["source"], c["target"])].append(c)
    return evidence, detailed


def _mixed_ties(
    store: Store, counted: list[dict], hierarchy: dict[str, str], read: dict | None = None
) -> dict:
    """:func:`kg.analysis.mixed_ties` of every claim: the pairs come from the tally, their
    claims (with IRI and date) from the store, read for those pairs only."""
    pairs = set(an.mixed_ties(counted, hierarchy))
    if not pairs:
        return {}
    root = {s: an._root(s, hierarchy) for r in counted for s in (r["source"], r["target"])}
    ends = {a for pair in pairs for a in pair}
    actors = sorted(s for s, u in root.items() if u in ends)
    found = [
        claim
        for claim, s, t in store.claims_between(actors, actors)
        if tuple(sorted((root.get(s, s), root.get(t, t)))) in pairs
    ]
    return an.mixed_ties(_claims(store, found, read), hierarchy)


def _claims(store: Store, iris: list[str], read: dict | None = None) -> list[dict]:
    """The rows of the named query ``claims`` for the claims ``iris``, in document order.

    ``read`` (claim IRI → row, kept by the caller) holds the rows read before: the evidence
    and the mixed ties share most of their claims (1,916 of the mixed ties' 1,918 at a
    million triples), which are read from the store once; each caller gets its own copies."""
    read = {} if read is None else read
    for row in store.claim_rows([iri for iri in iris if iri not in read]):
        read[row["claim"]] = row
    rows = [dict(read[iri]) for iri in iris if iri in read]
    rows.sort(key=lambda c: (c["doc"], c["claim"]))
    return rows


def _exports(store: Store, out: Path, formats: tuple[str, ...]) -> tuple[list, tuple]:
    """Write the store as ``graph.<format>`` for each of ``formats``; remove the other
    ``graph.<format>`` files an earlier command wrote, which describe an older store."""
    written = []
    for fmt in formats:
        store.export(out / f"graph.{fmt}", fmt)
        written.append(out / f"graph.{fmt}")
    stale = tuple(
        out / f"graph.{fmt}"
        for fmt in EXPORT_FORMATS
        if fmt not in formats and (out / f"graph.{fmt}").is_file()
    )
    for path in stale:
        path.unlink()
    return written, stale


__all__ = ["BuildProgress", "BuildResult", "analyse", "build", "load", "read_corpus", "remove"]
