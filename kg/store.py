"""The store: an embedded Oxigraph SPARQL store on disk, the one module that touches it.

Each document is a named graph whose IRI comes from the text's content hash, so adding the
same text twice changes nothing; the ontology and the analysis results have graphs of their
own. Each change is one Oxigraph transaction (a ``load`` or an ``update``), so an interrupted
build leaves the store as it was.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from kg.model import ACTORS_GRAPH, ANALYSIS_GRAPH, CKG, DOC, ONTOLOGY_GRAPH, PREFIXES, bind_prefixes
from kg.resources import ontology_path


class StoreError(Exception):
    """The store cannot be opened or changed; the message is one line."""


FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_LABEL_PREDICATES = (ox.NamedNode(str(SKOS.prefLabel)), ox.NamedNode(str(SKOS.altLabel)))
_ACTOR_DESCRIPTION = {
    f"<{p}>" for p in (RDF.type, SKOS.prefLabel, SKOS.altLabel, CKG.partOf, CKG.affiliatedWith)
}
_ACTORS_SUFFIX = f" <{ACTORS_GRAPH}> .\n"


@dataclass(frozen=True)
class AddResult:
    added: int
    skipped: int


class Store:
    """An Oxigraph store in a folder; open it with :func:`open_store`."""

    def __init__(self, store: ox.Store, path: Path | None, read_only: bool, lock=None):
        self._store = store
        self.path = path
        self.read_only = read_only
        # The writer's lock file (see :func:`open_store`): held while this object lives.
        self._lock = lock
        # The published snapshot read (see :func:`open_published`), if any.
        self.snapshot: Path | None = None

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store underneath, for the endpoint's own result serializers."""
        return self._store

    # ------------------------------------------------------------------ documents
    def has_document(self, iri: str) -> bool:
        try:
            return self._store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:  # not an IRI at all (a document id given to `kg remove`)
            return False

    def document_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if g.value.startswith(str(DOC)))

    def add_graphs(self, graphs: Iterable[Graph]) -> AddResult:
        """Add document graphs in one transaction, skipping those already stored."""
        return self.add_nquads((str(g.identifier), "".join(document_quads(g))) for g in graphs)

    def add_nquads(self, documents: Iterable[tuple[str, str]]) -> AddResult:
        """Add documents given as (graph IRI, N-Quads text) in one transaction, skipping those
        already stored (see :func:`kg.model.nquads`)."""
        chunks: list[str] = []
        added = skipped = 0
        seen: set[str] = set()
        for name, text in documents:
            if name in seen or self.has_document(name):
                skipped += 1
                continue
            seen.add(name)
            chunks.append(text)
            added += 1
        if added:
            # One load is one transaction: on any error nothing of this batch is stored.
            try:
                self._store.load("".join(chunks), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"could not store documents (nothing stored): {exc}") from None
        return AddResult(added, skipped)

    def actors_labelled(self, name: str) -> list[str]:
        """Actors whose preferred or alternative label is exactly ``name`` (an index lookup)."""
        found = set()
        for predicate in _LABEL_PREDICATES:
            for literal in (ox.Literal(name, language="en"), ox.Literal(name)):
                for quad in self._store.quads_for_pattern(None, predicate, literal, None):
                    found.add(quad.subject.value)
        return sorted(found)

    def actor_labels(self) -> set[tuple[str, str]]:
        """Every (actor IRI, label) pair, preferred and alternative."""
        return {
            (quad.subject.value, quad.object.value)
            for predicate in _LABEL_PREDICATES
            for quad in self._store.quads_for_pattern(None, predicate, None, None)
        }

    def remove_document(self, key: str) -> str | None:
        """Drop a document by its IRI, content hash or id; returns the IRI removed, or None."""
        rows = self.select(
            """SELECT DISTINCT ?doc ?key WHERE { GRAPH ?doc { ?doc a ckg:Document .
               { ?doc dcterms:identifier ?key } UNION { ?doc ckg:contentHash ?key } } }""",
            key=ox.Literal(key),
        )
        iris = [r["doc"] for r in rows]
        if not iris and self.has_document(key):
            iris = [key]
        if not iris:
            return None
        for iri in iris:  # one transaction each: a document is either all there or gone
            self._remove_graph(ox.NamedNode(iri))
        return iris[0]

    def _remove_graph(self, graph: ox.NamedNode) -> None:
        """Drop a document graph and, in the same update (one transaction), the descriptions
        of the actors it named, and of what they roll up to, that no other document names,
        unless an actor still named rolls up to them (a role's state stays with the role)."""
        named = [
            q.object
            for q in self._store.quads_for_pattern(None, _MENTIONS, None, graph)
            if isinstance(q.object, ox.NamedNode)
        ]
        update = f"DROP GRAPH {graph}"
        if named:
            # Terms written by pyoxigraph (validated IRIs), never pasted text.
            values = " ".join(str(a) for a in named)
            update += PRUNE_ACTORS.replace("?CANDIDATES", values)
        self._store.update(update)

    # ------------------------------------------------------------------ ontology / analysis
    def ensure_ontology(self) -> None:
        if not self._store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            self._store.load(
                path=str(ontology_path("conflict.ttl")),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)),
            )

    def replace_analysis(self, graph: Graph) -> None:
        """Swap the analysis graph for a new one in one transaction (a single update: the old
        graph is dropped and the new one inserted together, or neither).

        The analysis graph holds only numbers, minted IRIs and "Bloc N" labels, never article
        text, so its N-Triples can go into the update; IRIs are checked all the same."""
        target = _iri(str(ANALYSIS_GRAPH))
        for term in graph.all_nodes():
            if not isinstance(term, Literal):
                _iri(str(term))
        data = graph.serialize(format="nt")
        self._store.update(
            f"DROP SILENT GRAPH <{target}> ; INSERT DATA {{ GRAPH <{target}> {{\n{data}\n}} }}"
        )

    # ------------------------------------------------------------------ queries
    def query(self, sparql: str, **bindings):
        """Run SPARQL over the union of all graphs; ``bindings`` substitute variables safely
        (values are bound as RDF terms, never pasted into the query text)."""
        substitutions = {ox.Variable(k): _term(v) for k, v in bindings.items()}
        try:
            return self._store.query(
                sparql,
                prefixes=_PREFIXES,
                use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from None
        except RuntimeError as exc:  # e.g. a bound variable the query does not select
            raise StoreError(f"SPARQL query error: {exc}") from None

    def select(self, sparql: str, **bindings) -> list[dict[str, object]]:
        """A SELECT query's rows as dicts of Python values (IRIs and literals as strings,
        numbers as numbers)."""
        result = self.query(sparql, **bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: to_python(row[n]) for n in names} for row in result]

    def answer(self, sparql: str) -> list[dict[str, object]] | bool | str:
        """Any query form's answer: SELECT rows (as :meth:`select`), an ASK query's boolean,
        or a CONSTRUCT/DESCRIBE query's triples as Turtle text."""
        result = self.query(sparql)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: to_python(row[n]) for n in names} for row in result]
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES).decode("utf-8")

    def __len__(self) -> int:
        return len(self._store)

    # ------------------------------------------------------------------ exports
    def export(self, target: Path | str | BinaryIO, fmt: str, *, actors_only: bool = False) -> None:
        """Write the store, or the actor graph only, as ``fmt`` (ttl, nt, nq, trig, jsonld).

        ``target`` is a path (written through a temporary file and renamed) or a binary file.
        Dataset formats (nq, trig, jsonld) keep each document's named graph; ttl and nt give
        the union of all graphs. The actor graph (actors, their labels and direct ties, blocs
        and PageRank) goes in the graph ``graph/actors`` of a dataset format."""
        if fmt not in FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
        if isinstance(target, (str, Path)):
            with atomic_path(Path(target)) as tmp:
                self._write(str(tmp), FORMATS[fmt], actors_only)
        else:
            self._write(target, FORMATS[fmt], actors_only)

    def _write(self, output, rdf_format: ox.RdfFormat, actors_only: bool) -> None:
        dataset = rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD)
        prefixes = (
            None if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES) else _PREFIXES
        )
        if actors_only:
            triples = self.query(ACTOR_GRAPH_QUERY)
            if dataset:
                graph = ox.NamedNode(str(ACTORS_GRAPH))
                triples = (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            ox.serialize(triples, output=output, format=rdf_format, prefixes=prefixes)
        elif dataset:
            self._store.dump(output=output, format=rdf_format, prefixes=prefixes)
        else:
            # Streamed quad by quad, graph by graph: a CONSTRUCT over the union would keep every
            # distinct triple in memory to drop repeats (+46 MiB per 200,000 words built, the
            # last thing that grew with the corpus in a build). A triple stated in several
            # graphs is written once per graph; readers load the same graph.
            triples = (q.triple for q in self._store.quads_for_pattern(None, None, None, None))
            ox.serialize(triples, output=output, format=rdf_format, prefixes=prefixes)

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def publish(self) -> Path:
        """Publish the store as it is now for readers, as a snapshot beside it; returns its path.

        Oxigraph allows a read-only opening only while no process writes, so readers (``kg
        serve``, ``kg query``, ``kg export``) open the last published snapshot instead of the
        store a build may be changing: they see whole builds, never one half done, and a new
        build without a restart. A snapshot is a RocksDB checkpoint (hard links to the
        store's immutable files, so it costs little disk or time); the ``CURRENT`` file that
        names it is replaced atomically; snapshots older than the one before are removed.
        """
        if self.path is None or self.read_only:
            raise StoreError("only a writable store on disk can be published")
        folder = snapshot_folder(self.path)
        folder.mkdir(exist_ok=True)
        previous = _read_current(folder)
        name = f"{time.time_ns()}-{os.getpid()}"
        self._store.flush()
        self._store.backup(str(folder / name))
        with atomic_path(folder / CURRENT) as tmp:
            tmp.write_text(name, encoding="utf-8")
        # A reader still on the previous snapshot moves on at its next query; older ones and
        # what a killed run left half-made go.
        for old in folder.iterdir():
            if old.is_dir() and old.name not in (name, previous):
                shutil.rmtree(old, ignore_errors=True)
            elif old.is_file() and TMP_MARK in old.name:
                old.unlink(missing_ok=True)
        return folder / name


def document_quads(graph: Graph) -> list[str]:
    """A document graph as N-Quads lines: its triples in its own named graph, except what an
    actor is (class, labels, parent), which goes to the shared actors graph: every document
    that names an actor would repeat it, and queries over the union graph would then see each
    label once per document."""
    suffix = f" <{_iri(str(graph.identifier))}> .\n"
    actors = {f"<{a}>" for a in graph.subjects(RDF.type, CKG.Actor)}
    lines = []
    # Split on "\n" only: N-Triples escapes it (and "\r") in literals, but a literal may hold a
    # form feed, U+2028 or U+0085, which str.splitlines() would take for line ends.
    for line in graph.serialize(format="nt").split("\n"):
        if not line:
            continue
        subject, _, rest = line.partition(" ")
        predicate = rest.partition(" ")[0]
        if subject in actors and predicate in _ACTOR_DESCRIPTION:
            lines.append(line[:-2] + _ACTORS_SUFFIX)
        else:
            lines.append(line[:-2] + suffix)
    return lines


ACTOR_GRAPH_QUERY = """
CONSTRUCT { ?s ?p ?o . ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol .
            ?s ckg:inBloc ?b . ?s ckg:pageRank ?pr }
WHERE {
  ?s ?p ?o .
  ?p rdfs:subPropertyOf* ?super .
  VALUES ?super { ckg:cooperatesWith ckg:conflictsWith ckg:memberOf ckg:leads ckg:meetsWith ckg:partOf }
  OPTIONAL { ?s skos:prefLabel ?sl } OPTIONAL { ?o skos:prefLabel ?ol }
  OPTIONAL { ?s ckg:inBloc ?b } OPTIONAL { ?s ckg:pageRank ?pr }
}"""


# Runs after the document's graph is dropped, in the same update (one transaction), over the
# graphs as stored (an update's default graph is not their union). ?CANDIDATES: the actors
# the document named; they and what they roll up to go unless still named or rolled up to.
PRUNE_ACTORS = f"""
 ; DELETE {{ GRAPH <{ACTORS_GRAPH}> {{ ?actor ?p ?o }} }}
WHERE {{
  VALUES ?named {{ ?CANDIDATES }}
  GRAPH <{ACTORS_GRAPH}> {{
    ?named (<{CKG.partOf}>|<{CKG.affiliatedWith}>)* ?actor .
    ?actor ?p ?o
  }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?doc <{CKG.mentions}> ?actor }} }}
  FILTER NOT EXISTS {{
    GRAPH ?g {{ ?doc <{CKG.mentions}> ?below }}
    GRAPH <{ACTORS_GRAPH}> {{ ?below (<{CKG.partOf}>|<{CKG.affiliatedWith}>)+ ?actor }}
  }}
}}"""
_MENTIONS = ox.NamedNode(str(CKG.mentions))


def _iri(value: str) -> str:
    """Guard an IRI that goes into an update string (ours are minted, never article text)."""
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise StoreError(f"refusing unsafe IRI {value!r}")
    return value


def _term(value) -> ox.NamedNode | ox.Literal:
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(value)
    return ox.Literal(str(value))


def to_python(term):
    """An Oxigraph term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dtype = term.datatype.value if term.datatype else ""
        if dtype.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dtype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dtype.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    The data is flushed to disk before the rename, so after a crash ``path`` holds the old
    file or the new one, whole. A temporary file left by a killed process is removed by the
    next writer (:func:`open_store`).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
        _fsync(path.parent)
    finally:
        if tmp.exists():
            tmp.unlink()


TMP_MARK = ".tmp-"
LOCK_SUFFIX = ".lock"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_writer(store_path: Path):
    """Take the writer's lock of the store in ``store_path`` (and of the outputs beside it).

    An exclusive ``flock`` on ``.<store>.lock`` next to the store, not waited for: a second
    writer (``kg build``, ``kg analyse``) fails at once with a message naming the first. The
    kernel drops the lock when its holder exits, even on SIGKILL, so a crash never leaves
    the folder locked. Returns the open lock file; closing it releases the lock.
    """
    folder = store_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle = open(folder / f".{store_path.name}{LOCK_SUFFIX}", "a+")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise StoreError(
            f"{folder}: another kg process (pid {holder}) is writing here; "
            "wait for it to finish"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    # Holding the lock, we are the only writer: temporary files here are a killed run's.
    for stale in folder.glob(f".*{TMP_MARK}*"):
        if not stale.name.rpartition(TMP_MARK)[2].isdigit():
            continue
        if stale.is_dir():  # a store a killed `kg load` was filling
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    return handle


def load_file(store_path: Path | str, source: Path | str, fmt: str | None = None) -> int:
    """Load an RDF file (an export of another kg store, or any RDF) into the store in folder
    ``store_path``; returns the number of quads the store then holds.

    Into a new store, with Oxigraph's bulk loader (which parses and indexes in Rust, several
    times faster than a transaction, see ``benchmarks/bench_store.py``) in a temporary folder
    renamed into place once complete: an interrupted load leaves no store. Into an existing
    store, as one transaction: all of the file or nothing. Dataset formats (nq, trig, jsonld)
    keep their named graphs; triples (ttl, nt) go to the default graph. The writer's lock is
    held throughout.
    """
    store_path, source = Path(store_path), Path(source)
    fmt = fmt or source.suffix.lstrip(".").lower()
    fmt = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "json": "jsonld"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise StoreError(f"{source}: unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not source.is_file():
        raise StoreError(f"{source}: no such file")
    lock = lock_writer(store_path)
    try:
        if store_path.exists():
            store = ox.Store(str(store_path))
            try:
                store.load(path=str(source), format=FORMATS[fmt])
            except SyntaxError as exc:
                raise StoreError(f"{source}: not valid {fmt} (nothing loaded): {exc}") from None
            store.flush()
            return len(store)
        tmp = store_path.with_name(f".{store_path.name}{TMP_MARK}{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            store = ox.Store(str(tmp))
            store.bulk_load(path=str(source), format=FORMATS[fmt])
            store.flush()
            count = len(store)
            del store
            os.replace(tmp, store_path)
            _fsync(store_path.parent)
            return count
        except SyntaxError as exc:
            raise StoreError(f"{source}: not valid {fmt} (no store made): {exc}") from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        lock.close()


CURRENT = "CURRENT"


def snapshot_folder(store_path: Path) -> Path:
    """Where the snapshots of the store in ``store_path`` are published (see
    :meth:`Store.publish`)."""
    return store_path.parent / f".{store_path.name}-snapshots"


def _read_current(folder: Path) -> str | None:
    try:
        return (folder / CURRENT).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def current_snapshot(store_path: Path | str) -> Path | None:
    """The last published snapshot of the store in ``store_path``, or None."""
    folder = snapshot_folder(Path(store_path))
    name = _read_current(folder)
    return folder / name if name and (folder / name).is_dir() else None


def open_published(path: Path | str) -> Store:
    """Open for reading the last published state of the store in folder ``path``: its latest
    snapshot (safe while a build writes the store), or the store itself when none was
    published (a store written by an older kg)."""
    path = Path(path)
    for _ in range(3):  # a snapshot can be removed between reading CURRENT and opening it
        snapshot = current_snapshot(path)
        if snapshot is None:
            break
        try:
            store = Store(ox.Store.read_only(str(snapshot)), path, True)
        except OSError:
            continue
        store.snapshot = snapshot
        return store
    return open_store(path, read_only=True)


def open_store(path: Path | str | None, *, read_only: bool = False) -> Store:
    """Open (or create) the store in folder ``path``; ``None`` gives an in-memory store."""
    if path is None:
        return Store(ox.Store(), None, False)
    path = Path(path)
    try:
        if read_only:
            if not path.exists():
                raise StoreError(f"{path}: no store here; run `kg build` first")
            return Store(ox.Store.read_only(str(path)), path, True)
        lock = lock_writer(path)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return Store(ox.Store(str(path)), path, False, lock)
        except BaseException:
            lock.close()
            raise
    except OSError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "lock" in message.lower():
            message = "the store is in use by another kg process (locked)"
        raise StoreError(f"{path}: cannot open store: {message}") from None


def ontology_graph() -> Graph:
    return bind_prefixes(Graph()).parse(ontology_path("conflict.ttl"))


__all__ = [
    "CKG",
    "AddResult",
    "Store",
    "StoreError",
    "atomic_path",
    "current_snapshot",
    "load_file",
    "open_published",
    "open_store",
]
