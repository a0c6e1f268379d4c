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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.errors import StoreError
from kg.files import (
    TMP_MARK,
    atomic_path,
    fsync,
    lock_writer,
    remove_stale,
    temporary_name,
    write_atomic,
)
from kg.model import (
    ACTORS_GRAPH,
    ANALYSIS_GRAPH,
    CKG,
    DOC,
    EVENTS_GRAPH,
    ONTOLOGY_GRAPH,
    PREFIXES,
    TALLY_GRAPH,
    ntriples,
)
from kg.resources import ontology_path
from kg.vocabulary import vocabulary

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_LABEL_PREDICATES = (ox.NamedNode(str(SKOS.prefLabel)), ox.NamedNode(str(SKOS.altLabel)))


@dataclass(frozen=True)
class AddResult:
    added: int
    skipped: int


@dataclass(frozen=True)
class StoredTally:
    """The tally as the store holds it (:mod:`kg.tally` reads it): its format version, each
    pair's cells by the IRI they are stored under, and the documents counted."""

    version: str | None
    pairs: dict[str, str]
    documents: frozenset[str]


class Store:
    """An Oxigraph store: a writer's session (:func:`open_store`) or a reader of the last
    published snapshot (:func:`open_published`).

    Use it in a ``with`` block (or call :meth:`close`): pyoxigraph has no ``close``, so the
    store is closed by dropping the one reference to it, here, at a known moment, never left to
    the garbage collector (a writer kept alive by a traceback once made a reader in the same
    process see RocksDB files vanish).
    """

    def __init__(
        self,
        store: ox.Store,
        path: Path | None,
        *,
        session: _Session | None = None,
        lease=None,
        snapshot: Path | None = None,
    ):
        self._db: ox.Store | None = store
        self.path = path
        self.read_only = session is None and path is not None
        self._session = session
        # A reader's shared lock on its snapshot, which keeps a publisher from removing it.
        self._lease = lease
        # The published snapshot read (see :func:`open_published`), if any.
        self.snapshot = snapshot
        # Changed since the last publish (a writer's session publishes on a clean close).
        self._changed = False

    @property
    def _store(self) -> ox.Store:
        if self._db is None:
            raise StoreError(f"{self.path}: the store is closed")
        return self._db

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store underneath, for the endpoint's own result serializers."""
        return self._store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(failed=exc_type is not None)

    def close(self, *, failed: bool = False) -> None:
        """Close the store. A writer's session ends here: on success its changes are published
        (if they were not yet) and kept; after a failure (an exception, Ctrl-C included) the
        store goes back to how the session found it, or to its last publish. Idempotent."""
        if self._db is None:
            return
        session, self._session = self._session, None
        ok = not failed
        try:
            if ok and session is not None and self._changed:
                self._publish(session)
        except BaseException:
            ok = False
            raise
        finally:
            self._db = None  # the only reference: RocksDB closes here
            if self._lease is not None:
                self._lease.close()
                self._lease = None
            if session is not None:
                session.end(ok)

    def _writer(self) -> _Session | None:
        """The session a change belongs to (None in memory); readers may not change."""
        if self.read_only:
            raise StoreError("a reader cannot change the store; open it with open_store")
        self._changed = True
        return self._session

    # ------------------------------------------------------------------ documents
    def has_document(self, iri: str) -> bool:
        """Whether the document graph ``iri`` is stored (False for anything not an IRI)."""
        try:
            return self._store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:  # not an IRI at all (a document id given to `kg remove`)
            return False

    def document_graphs(self) -> list[str]:
        """The IRIs of the stored document graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if g.value.startswith(str(DOC)))

    def add_nquads(self, documents: Iterable[tuple[str, str]], *, atomic: bool = True) -> AddResult:
        """Add documents in one transaction, skipping those already stored.

        Parameters
        ----------
        documents : iterable of (str, str)
            Each document's graph IRI and its N-Quads (:func:`kg.model.document_nquads`:
            its own graph, and what it says of actors in the shared actors graph).
        atomic : bool
            False lets a writer's session that made the store (a first build) use Oxigraph's
            bulk loader, as :meth:`load_file` does: half the CPU time of a transaction, but a
            failure may leave part of the batch stored, for the session to undo (a killed
            build resumes from its last checkpoint, a failed first build leaves no store).

        Returns
        -------
        AddResult
            How many were added, and how many skipped (stored already, or given twice).
        """
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
            session = self._writer()
            bulk = not atomic and session is not None and session.new
            text = _distinct_lines("".join(chunks))
            try:
                if bulk:
                    self._store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
                else:
                    # One load is one transaction: on any error nothing of this batch is stored.
                    self._store.load(text, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                what = "the session undoes what was stored" if bulk else "nothing stored"
                raise StoreError(f"could not store documents ({what}): {exc}") from None
        return AddResult(added, skipped)

    def actors_labelled(self, name: str) -> list[str]:
        """Actors whose preferred or alternative label is exactly ``name`` (an index lookup)."""
        found = set()
        for predicate in _LABEL_PREDICATES:
            for literal in (ox.Literal(name, language="en"), ox.Literal(name)):
                for quad in self._store.quads_for_pattern(None, predicate, literal, None):
                    found.add(quad.subject.value)
        return sorted(found)

    def has_actor(self, iri: str) -> bool:
        """Whether the store describes ``iri`` as an actor (an index lookup)."""
        try:
            subject = ox.NamedNode(iri)
        except ValueError:
            return False
        quads = self._store.quads_for_pattern(subject, _RDF_TYPE, _ACTOR_CLASS, None)
        return next(iter(quads), None) is not None

    def actor_labels(self) -> set[tuple[str, str]]:
        """Every (actor IRI, label) pair, preferred and alternative."""
        return {
            (quad.subject.value, quad.object.value)
            for predicate in _LABEL_PREDICATES
            for quad in self._store.quads_for_pattern(None, predicate, None, None)
        }

    def find_documents(self, key: str) -> list[str]:
        """The graph IRIs of the documents ``key`` names: its IRI, content hash or id."""
        rows = self.select(
            """SELECT DISTINCT ?doc ?key WHERE { GRAPH ?doc { ?doc a ckg:Document .
               { ?doc dcterms:identifier ?key } UNION { ?doc ckg:contentHash ?key } } }""",
            key=ox.Literal(key),
        )
        iris = [r["doc"] for r in rows]
        if not iris and self.has_document(key):
            iris = [key]
        return iris

    def remove_document(self, key: str) -> str | None:
        """Drop a document by its IRI, content hash or id; returns the IRI removed, or None."""
        iris = self.find_documents(key)
        if not iris:
            return None
        self._writer()
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
            update += prune_actors(named)
        self._store.update(update)

    def actors(self) -> list[dict]:
        """Every actor (``a ckg:Actor``) with its preferred label, kind (its class under
        ``ckg:``), parent (``ckg:partOf``, ``ckg:affiliatedWith``) and CAMEO agent code
        (``ckg:agentCode``), the least of several, as
        the named query ``actors`` gives them; read by index lookups, sorted by IRI."""
        quads = self._store.quads_for_pattern
        up = [ox.NamedNode(str(CKG.term(p))) for p in vocabulary().roll_up]
        prefix = str(CKG)
        found = []
        typed = quads(None, _RDF_TYPE, _ACTOR_CLASS, None)
        for actor in sorted(
            {q.subject.value for q in typed if isinstance(q.subject, ox.NamedNode)}
        ):
            node = ox.NamedNode(actor)
            labels = [q.object.value for q in quads(node, _LABEL_PREDICATES[0], None, None)]
            kinds = [
                q.object.value[len(prefix) :]
                for q in quads(node, _RDF_TYPE, None, None)
                if q.object != _ACTOR_CLASS and q.object.value.startswith(prefix)
            ]
            parents = [q.object.value for p in up for q in quads(node, p, None, None)]
            agents = [q.object.value for q in quads(node, _AGENT_CODE, None, None)]
            found.append(
                {
                    "actor": actor,
                    "label": min(labels, default=None),
                    "kind": min(kinds, default=None),
                    "parent": min(parents, default=None),
                    "agent": min(agents, default=None),
                }
            )
        return found

    def claims_between(
        self, sources: Iterable[str], targets: Iterable[str]
    ) -> list[tuple[str, str, str]]:
        """``(claim, source, target)`` of every claim from one of ``sources`` to one of
        ``targets``, read from the indexes (the claims of each source, those of each target,
        and what both hold): the evidence of chosen ties, without reading every claim."""
        quads = self._store.quads_for_pattern

        def by(role: ox.NamedNode, actors: Iterable[str]) -> dict[str, str]:
            found: dict[str, str] = {}
            for actor in actors:
                for q in quads(None, role, ox.NamedNode(actor), None):
                    if isinstance(q.subject, ox.NamedNode):
                        found.setdefault(q.subject.value, actor)
            return found

        froms, tos = by(_CLAIM_SUBJECT, sources), by(_CLAIM_OBJECT, targets)
        return [(claim, source, tos[claim]) for claim, source in froms.items() if claim in tos]

    def claim_rows(self, claims: Iterable[str]) -> list[dict]:
        """The rows of the named query ``claims`` (every field, same names) for the claims
        ``claims`` (IRIs), read by index lookups: a few per claim, however large the store.
        A claim lacking a field the query requires gives no row; of a field given twice, the
        least value counts."""
        quads = self._store.quads_for_pattern
        documents: dict[ox.NamedNode, tuple] = {}
        rows = []
        for iri in claims:
            node = ox.NamedNode(iri)
            facts = _facts(quads(node, None, None, None))
            if _CLAIM_CLASS not in facts.get(_RDF_TYPE.value, ()):
                continue
            about = {name: _least(facts.get(p)) for name, p in _CLAIM_FIELDS.items()}
            if any(about[name] is None for name in _CLAIM_FIELDS):
                continue
            sentence = _facts(quads(about["sentence"], None, None, None))
            text = _least(sentence.get(_TEXT))
            doc = about["doc"]
            if text is None or not isinstance(doc, ox.NamedNode):
                continue
            if doc not in documents:
                known = _facts(quads(doc, None, None, None))
                documents[doc] = (_least(known.get(_TITLE)), _least(known.get(_DATE)))
            title, date = documents[doc]
            mentions = {}
            for end in ("subject", "object"):
                said, start = (_least(facts.get(str(CKG[f"{end}{k}"]))) for k in ("Text", "Start"))
                mentions[end] = (
                    (said, start) if said is not None and start is not None else (None, None)
                )
            predicate = about["predicate"].value
            rows.append(
                {
                    "claim": iri,
                    "source": to_python(about["source"]),
                    "predicate": predicate.partition("#")[2] if "#" in predicate else "",
                    "target": to_python(about["target"]),
                    "confidence": to_python(about["confidence"]),
                    "negated": to_python(about["negated"]),
                    "modality": to_python(about["modality"]),
                    "polarity": to_python(about["polarity"]),
                    "sentence": to_python(text),
                    "doc": doc.value,
                    "title": to_python(title),
                    "date": to_python(date),
                    "sentenceStart": to_python(_least(sentence.get(_START))),
                    "subjectText": to_python(mentions["subject"][0]),
                    "subjectStart": to_python(mentions["subject"][1]),
                    "objectText": to_python(mentions["object"][0]),
                    "objectStart": to_python(mentions["object"][1]),
                }
            )
        return rows

    # ------------------------------------------------------------------ the tally (kg.tally)
    def documents(self) -> set[str]:
        """The IRIs of the stored documents (``a ckg:Document``, in any graph)."""
        return {
            q.subject.value
            for q in self._store.quads_for_pattern(None, _RDF_TYPE, _DOCUMENT_CLASS, None)
            if isinstance(q.subject, ox.NamedNode)
        }

    def claim_facts(
        self, documents: Iterable[str] | None = None, *, claims: Iterable[str] | None = None
    ) -> list[dict]:
        """What the analysis reads of each claim of ``documents`` (IRIs), or of the ``claims``
        given (IRIs), or of all claims if neither: ``claim``, ``doc``, ``source``, ``target``,
        ``predicate``, ``modality``, ``negated``, ``date`` (its document's), ``confidence``
        and ``event`` (the event it reports, :mod:`kg.events`, or None); a claim lacking one
        of these (or its polarity or sentence) is no claim, as for the named query
        ``claims``."""
        if documents is None and claims is None:
            rows = self.select(_FACTS.replace("#VALUES", ""))
        else:
            var, values = ("doc", documents) if claims is None else ("claim", claims)
            rows = []
            ordered = sorted(values)
            for i in range(0, len(ordered), 500):
                terms = " ".join(str(ox.NamedNode(v)) for v in ordered[i : i + 500])
                rows += self.select(_FACTS.replace("#VALUES", f"VALUES ?{var} {{ {terms} }}"))
        event_of = self.events_of(r["claim"] for r in rows)
        for r in rows:
            r["event"] = event_of.get(r["claim"])
        return rows

    def events_of(self, claims: Iterable[str]) -> dict[str, str]:
        """Claim IRI → the IRI of the event that reports it (``prov:wasDerivedFrom`` in the
        events graph), for those of ``claims`` linked to one; an index lookup per claim (an
        OPTIONAL in a query is evaluated over every event before the join)."""
        quads = self._store.quads_for_pattern
        found = {}
        for claim in claims:
            for q in quads(None, _DERIVED_FROM, ox.NamedNode(claim), _EVENTS):
                found[claim] = min(found.get(claim, q.subject.value), q.subject.value)
        return found

    def publishers(self, documents: Iterable[str]) -> dict[str, str]:
        """Document IRI → its publisher (``dcterms:publisher``, the least of several), for
        those of ``documents`` that name one; index lookups."""
        quads = self._store.quads_for_pattern
        found = {}
        for doc in documents:
            names = [q.object.value for q in quads(ox.NamedNode(doc), _PUBLISHER, None, None)]
            if names:
                found[doc] = min(names)
        return found

    def tally(self) -> StoredTally | None:
        """The stored tally (graph ``graph/tally``), or None if there is none."""
        quads = self._store.quads_for_pattern
        graph = ox.NamedNode(str(TALLY_GRAPH))
        if not self._store.contains_named_graph(graph):
            return None
        versions = [q.object.value for q in quads(graph, _TALLY_VERSION, None, graph)]
        pairs = {q.subject.value: q.object.value for q in quads(None, _TALLY_CELLS, None, graph)}
        documents = frozenset(q.object.value for q in quads(graph, _TALLY_COUNTED, None, graph))
        return StoredTally(min(versions, default=None), pairs, documents)

    def replace_tally(
        self, pairs: Mapping[str, str], documents: Iterable[str], version: str
    ) -> None:
        """Store a tally in place of any (one update): each pair's cells under its IRI, the
        documents counted and the format version."""
        self._writer()
        graph = ox.NamedNode(str(TALLY_GRAPH))
        data = [ox.Quad(graph, _TALLY_VERSION, ox.Literal(version), graph)]
        data += _tally_quads(pairs, documents, graph)
        self._store.update(f"DROP SILENT GRAPH {graph} ; INSERT DATA {{ {_data(data)} }}")

    def update_tally(
        self,
        old: Mapping[str, str],
        new: Mapping[str, str],
        *,
        counted: Iterable[str] = (),
        uncounted: Iterable[str] = (),
    ) -> None:
        """Change the stored tally in one update: the ``old`` cells of some pairs go, their
        ``new`` cells come, and documents are marked counted or not."""
        self._writer()
        graph = ox.NamedNode(str(TALLY_GRAPH))
        gone = _tally_quads(old, uncounted, graph)
        come = _tally_quads(new, counted, graph)
        update = []
        if gone:
            update.append(f"DELETE DATA {{ {_data(gone)} }}")
        if come:
            update.append(f"INSERT DATA {{ {_data(come)} }}")
        if update:
            self._store.update(" ; ".join(update))

    # ------------------------------------------------------------------ ontology / analysis
    def ensure_ontology(self) -> None:
        """Load the ontology (``ontologies/conflict.ttl``) into its own graph, if absent."""
        if not self._store.contains_named_graph(ox.NamedNode(str(ONTOLOGY_GRAPH))):
            self._writer()
            self._store.load(
                path=str(ontology_path("conflict.ttl")),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)),
            )

    def replace_analysis(self, graph: Graph | Iterable) -> None:
        """Swap the analysis graph for a new one (an rdflib graph, or its triples:
        :func:`kg.model.analysis_triples`) in one transaction (a single update: the old graph
        is dropped and the new one inserted together, or neither).

        The analysis graph holds only numbers, dates, minted IRIs and "Bloc N" labels, never
        article text, so its N-Triples can go into the update; IRIs are checked all the same."""
        self._writer()
        target = _iri(str(ANALYSIS_GRAPH))
        triples = list(graph)
        for triple in triples:
            for term in triple:
                if not isinstance(term, Literal):
                    _iri(str(term))
        data = ntriples(triples)
        self._store.update(
            f"DROP SILENT GRAPH <{target}> ; INSERT DATA {{ GRAPH <{target}> {{\n{data}\n}} }}"
        )

    def replace_subjects(self, graph: str, subjects: Iterable[str], nquads: str) -> None:
        """In the named graph ``graph``, drop every triple of ``subjects`` and add ``nquads``
        (N-Quads text, e.g. :func:`kg.model.nquads`): how :func:`kg.events.update` rewrites
        the events it relinks. Subjects are checked IRIs, written by pyoxigraph; the session
        keeps the two steps whole (both or neither), so into a store the session made the
        triples go through Oxigraph's bulk loader (less than half the CPU time of a
        transaction: 0.05 s against 0.12 s for a first build's 12,000 event quads)."""
        session = self._writer()
        target = ox.NamedNode(graph)
        names = [str(ox.NamedNode(s)) for s in subjects]
        for i in range(0, len(names), 5000):
            values = " ".join(names[i : i + 5000])
            self._store.update(
                f"DELETE {{ GRAPH {target} {{ ?s ?p ?o }} }} "
                f"WHERE {{ VALUES ?s {{ {values} }} GRAPH {target} {{ ?s ?p ?o }} }}"
            )
        if nquads:
            new = session is not None and session.new
            load = self._store.bulk_load if new else self._store.load
            try:
                load(nquads, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"could not store events: {exc}") from None

    # ------------------------------------------------------------------ queries
    def query(self, sparql: str, **bindings):
        """Run SPARQL over the union of all graphs, with kg's prefixes declared.

        Parameters
        ----------
        sparql : str
            Any query form.
        **bindings
            Values for variables, bound as RDF terms (an ``http(s)://`` or ``urn:`` string as
            an IRI, anything else as a literal), never pasted into the query text.

        Returns
        -------
        pyoxigraph.QuerySolutions, QueryBoolean or QueryTriples
        """
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
            triples = self.query(actor_graph_query())
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

    def load_file(self, source: Path | str, fmt: str | None = None) -> int:
        """Load an RDF file (an export of another kg store, or any RDF) into this writer's
        store; returns the number of quads the store then holds.

        Into a new store with Oxigraph's bulk loader (which parses and indexes in Rust,
        several times faster than a transaction, see ``benchmarks/bench_store.py``; it is not
        atomic, but the session is: a failed or killed load leaves no store), into an existing
        store as one transaction. Dataset formats (nq, trig, jsonld) keep their named graphs;
        triples (ttl, nt) go to the default graph.
        """
        source = Path(source)
        fmt = fmt or source.suffix.lstrip(".").lower()
        fmt = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "json": "jsonld"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise StoreError(
                f"{source}: unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}"
            )
        if not source.is_file():
            raise StoreError(f"{source}: no such file")
        session = self._writer()
        new = session is not None and session.new
        try:
            if new and not self._store.named_graphs():
                self._store.bulk_load(path=str(source), format=FORMATS[fmt])
            else:
                self._store.load(path=str(source), format=FORMATS[fmt])
        except SyntaxError as exc:
            what = "no store made" if new else "nothing loaded"
            raise StoreError(f"{source}: not valid {fmt} ({what}): {exc}") from None
        self._store.flush()
        return len(self._store)

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
        names it is replaced atomically; older snapshots go once no reader holds them.
        It is also the state this session returns to if it later fails.
        """
        if self.path is None or self._session is None:
            raise StoreError("only a writer's session on disk can publish the store")
        return self._publish(self._session)

    def _publish(self, session: _Session) -> Path:
        name = self._backup(session.folder)
        write_atomic(session.folder / CURRENT, name)
        session.published(name)
        self._changed = False
        return session.folder / name

    def checkpoint(self) -> None:
        """Make the store as it is now the state that a killed session (SIGKILL, power loss)
        is recovered to, without publishing it to readers: a build's stored batches, so that
        a killed build resumes where it stopped."""
        if self.path is None or self._session is None:
            return
        self._session.checkpoint(self._backup(self._session.folder))

    def _backup(self, folder: Path) -> str:
        folder.mkdir(exist_ok=True)
        name = _point_name()
        self._store.flush()
        self._store.backup(str(folder / name))
        fsync(folder)
        return name


def actor_graph_query() -> str:
    """The CONSTRUCT of the actor graph: the ties between actors and the links they roll up
    along (predicates from :mod:`kg.vocabulary`), with labels, blocs and PageRank."""
    predicates = " ".join(f"<{CKG.term(p)}>" for p in vocabulary().actor_graph)
    return f"""
CONSTRUCT {{ ?s ?p ?o . ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol .
            ?s ckg:inBloc ?b . ?s ckg:pageRank ?pr }}
WHERE {{
  VALUES ?p {{ {predicates} }}
  ?s ?p ?o .
  OPTIONAL {{ ?s skos:prefLabel ?sl }} OPTIONAL {{ ?o skos:prefLabel ?ol }}
  OPTIONAL {{ ?s ckg:inBloc ?b }} OPTIONAL {{ ?s ckg:pageRank ?pr }}
}}"""


def prune_actors(candidates: Iterable[ox.NamedNode]) -> str:
    """The update that, after a document's graph is dropped and in the same update (one
    transaction), removes the descriptions of the actors it named (``candidates``) and of
    what they roll up to, unless still named or rolled up to. It runs over the graphs as
    stored (an update's default graph is not their union)."""
    # Terms written by pyoxigraph (validated IRIs), never pasted text.
    named = " ".join(str(a) for a in candidates)
    up = "|".join(f"<{CKG.term(p)}>" for p in vocabulary().roll_up)
    return f"""
 ; DELETE {{ GRAPH <{ACTORS_GRAPH}> {{ ?actor ?p ?o }} }}
WHERE {{
  VALUES ?named {{ {named} }}
  GRAPH <{ACTORS_GRAPH}> {{
    ?named ({up})* ?actor .
    ?actor ?p ?o
  }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?doc <{CKG.mentions}> ?actor }} }}
  FILTER NOT EXISTS {{
    GRAPH ?g {{ ?doc <{CKG.mentions}> ?below }}
    GRAPH <{ACTORS_GRAPH}> {{ ?below ({up})+ ?actor }}
  }}
}}"""


_MENTIONS = ox.NamedNode(str(CKG.mentions))
_DOCUMENT_CLASS = ox.NamedNode(str(CKG.Document))
_CLAIM_CLASS = ox.NamedNode(str(CKG.Claim))
# The fields of the named query ``claims`` a claim must have, by the property giving each.
_CLAIM_FIELDS = {
    "source": str(CKG.subject),
    "predicate": str(CKG.predicate),
    "target": str(CKG.object),
    "confidence": str(CKG.confidence),
    "negated": str(CKG.negated),
    "modality": str(CKG.modality),
    "polarity": str(CKG.polarity),
    "sentence": str(CKG.sentence),
    "doc": "http://www.w3.org/ns/prov#wasDerivedFrom",
}
_TEXT = str(CKG.text)
_START = str(CKG.start)
_TITLE = "http://purl.org/dc/terms/title"
_DATE = "http://purl.org/dc/terms/date"


def _facts(quads) -> dict[str, list]:
    """Predicate IRI -> objects, of the quads of one subject (over every graph)."""
    found: dict[str, list] = {}
    for q in quads:
        found.setdefault(q.predicate.value, []).append(q.object)
    return found


def _least(terms: list | None):
    """The least of some terms (by their N-Triples form), or None: one value, whatever the
    order the store returns them in."""
    if not terms:
        return None
    # Nearly always one: its N-Triples form (made anew by pyoxigraph) need not be written.
    return terms[0] if len(terms) == 1 else min(terms, key=str)


_CLAIM_SUBJECT = ox.NamedNode(str(CKG.subject))
_CLAIM_OBJECT = ox.NamedNode(str(CKG.object))
_AGENT_CODE = ox.NamedNode(str(CKG.agentCode))
_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
_PUBLISHER = ox.NamedNode("http://purl.org/dc/terms/publisher")
_EVENTS = ox.NamedNode(str(EVENTS_GRAPH))
_TALLY_CELLS = ox.NamedNode(str(CKG.cells))
_TALLY_COUNTED = ox.NamedNode(str(CKG.counted))
_TALLY_VERSION = ox.NamedNode(str(CKG.tallyVersion))
# What the analysis reads of a claim (kg.tally); "#VALUES" is where a VALUES block for some
# documents or claims goes. The claim's own triples are matched first: a claim is one if it has all.
_FACTS = """
SELECT ?claim ?doc ?source ?predicate ?target ?confidence ?negated ?modality ?date
WHERE {
  #VALUES
  ?claim prov:wasDerivedFrom ?doc ;
         a ckg:Claim ;
         ckg:subject ?source ;
         ckg:predicate ?p ;
         ckg:object ?target ;
         ckg:confidence ?confidence ;
         ckg:negated ?negated ;
         ckg:modality ?modality ;
         ckg:polarity ?polarity ;
         ckg:sentence ?s .
  OPTIONAL { ?doc dcterms:date ?date }
  BIND (STRAFTER(STR(?p), "#") AS ?predicate)
}"""


def _tally_quads(
    pairs: Mapping[str, str], documents: Iterable[str], graph: ox.NamedNode
) -> list[ox.Quad]:
    quads = [ox.Quad(ox.NamedNode(n), _TALLY_CELLS, ox.Literal(c), graph) for n, c in pairs.items()]
    quads += [ox.Quad(graph, _TALLY_COUNTED, ox.NamedNode(d), graph) for d in documents]
    return quads


def _distinct_lines(text: str) -> str:
    """N-Quads ``text`` with each line once, in first-seen order: the same quads.

    Each document restates the actors it names in the shared actors graph, so most lines of a
    batch repeat an earlier document's (of a 60,000-word build's 86,000, 40,000 are distinct).
    The store keeps a quad once however often it is given, but a transaction pays for every
    copy: 1.6 s of CPU to load the batch as written, 0.6 s deduplicated (0.05 s to do so).
    N-Quads puts one statement on a line (a literal's line breaks are escaped), so splitting
    on ``\\n`` alone is safe; ``str.splitlines`` would also split on characters a literal
    may hold as they are (U+2028, U+0085).

    >>> _distinct_lines("<a> <b> <c> <g> .\\n<x> <y> <z> <g> .\\n<a> <b> <c> <g> .\\n")
    '<a> <b> <c> <g> .\\n<x> <y> <z> <g> .\\n'
    """
    lines = text.split("\n")
    last = lines.pop()  # "" when the text ends its last line; else a line without its "\n"
    return "".join(line + "\n" for line in dict.fromkeys(lines)) + last


def _data(quads: list[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA: written by pyoxigraph (IRIs checked,
    literals escaped), one ``GRAPH`` block each."""
    return " ".join(
        f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads
    )


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ACTOR_CLASS = ox.NamedNode(str(CKG.Actor))


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


# ---------------------------------------------------------------------- sessions and snapshots
# Beside the store folder ``out/store``:
#   .store.lock         the writer's lock (kg.files.lock_writer)
#   .store.pending      a writer's session is open, or was killed: the state to recover to
#   .store-snapshots/   published snapshots and build checkpoints (RocksDB checkpoints, named
#                       <time_ns>-<pid>), CURRENT naming the published one, a <name>.lease
#                       file per snapshot that readers hold a shared lock on
CURRENT = "CURRENT"
LEASE_SUFFIX = ".lease"


def _point_name() -> str:
    return f"{time.time_ns()}-{os.getpid()}"


def _age(name: str | None) -> int:
    """Order of states: names start with their creation time; none (no store) comes first."""
    return int(name.partition("-")[0]) if name else -1


def snapshot_folder(store_path: Path) -> Path:
    """Where the snapshots of the store in ``store_path`` are published (see
    :meth:`Store.publish`)."""
    return store_path.parent / f".{store_path.name}-snapshots"


def _pending_marker(store_path: Path) -> Path:
    return store_path.with_name(f".{store_path.name}.pending")


def _read_current(folder: Path) -> str | None:
    try:
        return (folder / CURRENT).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


class _Session:
    """One writer's hold on a store folder, from :func:`open_store` to :meth:`Store.close`.

    While it is open the ``.pending`` marker names the state a kill recovers to: the state the
    session started from, then its last checkpoint or publish. The next writer finds the marker
    and restores that state (or the published one, if newer) before anything else, so a store
    is never left between two states. ``base`` is what a failure in this process returns to.
    """

    def __init__(self, path: Path):
        self.path = path
        self.folder = snapshot_folder(path)
        self.marker = _pending_marker(path)
        self.lock = lock_writer(path)
        try:
            self.legacy = False
            self.base = self._recover()
            self.new = not path.exists()
            self._mark(self.base)
        except BaseException:
            self.lock.close()
            raise

    def _recover(self) -> str:
        try:
            pending: str | None = self.marker.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pending = None
        current = _read_current(self.folder)
        if pending is not None:  # the last writer was killed mid-session
            point = max(pending, current or "", key=_age)
            _restore(self.path, self.folder / point if point else None)
            return point
        if not self.path.exists():
            # Snapshots of a store someone deleted describe nothing any more.
            shutil.rmtree(self.folder, ignore_errors=True)
            return ""
        # A store an older kg wrote, with no snapshots at all: it is published first.
        self.legacy = current is None and not self.folder.exists()
        return current or ""

    def _mark(self, point: str) -> None:
        write_atomic(self.marker, point)
        self.recovery = point

    def checkpoint(self, name: str) -> None:
        stale = self.recovery
        self._mark(name)
        if stale and stale not in (self.base, _read_current(self.folder)):
            _remove_point(self.folder, stale)

    def published(self, name: str) -> None:
        self.base = name
        self._mark(name)
        _prune(self.folder, keep={name})

    def end(self, ok: bool) -> None:
        """Finish the session: keep its state, or go back to ``base``; release the lock."""
        try:
            if not ok:
                _restore(self.path, self.folder / self.base if self.base else None)
            self.marker.unlink(missing_ok=True)
            fsync(self.marker.parent)
        finally:
            self.lock.close()


def _restore(path: Path, point: Path | None) -> None:
    """Make the store folder ``path`` exactly the snapshot ``point`` (None: no store at all).

    Every step can be repeated: a kill midway leaves the marker, and the next writer restores
    again. RocksDB never changes a table file once written, so the snapshot's tables are hard
    linked, not copied; its other files (manifest, options, log) are copied."""
    trash = temporary_name(path, "trash")
    if point is not None:
        if not point.is_dir():
            raise StoreError(f"{path}: cannot recover: its snapshot {point.name} is missing")
        fresh = temporary_name(path, "restore")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        for item in point.iterdir():
            if item.suffix == ".sst":
                os.link(item, fresh / item.name)
            else:
                shutil.copy2(item, fresh / item.name)
                fsync(fresh / item.name)
        fsync(fresh)
    if path.exists():
        os.replace(path, trash)
    if point is not None:
        os.replace(fresh, path)
    fsync(path.parent)
    shutil.rmtree(trash, ignore_errors=True)


def _lease_file(folder: Path, name: str):
    return open(folder / f"{name}{LEASE_SUFFIX}", "a+")


def _remove_point(folder: Path, name: str) -> bool:
    """Remove snapshot ``name`` unless a reader holds it; True if it is gone."""
    try:
        lease = _lease_file(folder, name)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(lease, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        target = folder / name
        if target.exists():
            # Renamed first: a reader that takes the lease after us finds it gone, never half.
            trash = temporary_name(target, "trash")
            os.replace(target, trash)
            shutil.rmtree(trash, ignore_errors=True)
        (folder / f"{name}{LEASE_SUFFIX}").unlink(missing_ok=True)
        return True
    finally:
        lease.close()


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove the snapshots not in ``keep`` that no reader holds, and what killed runs left."""
    remove_stale(folder)
    names = {p.name for p in folder.iterdir() if p.is_dir() and TMP_MARK not in p.name}
    names |= {p.name[: -len(LEASE_SUFFIX)] for p in folder.glob(f"*{LEASE_SUFFIX}")}
    for name in names - keep:
        _remove_point(folder, name)


def current_snapshot(store_path: Path | str) -> Path | None:
    """The last published snapshot of the store in ``store_path``, or None."""
    folder = snapshot_folder(Path(store_path))
    name = _read_current(folder)
    return folder / name if name and (folder / name).is_dir() else None


def open_published(path: Path | str) -> Store:
    """Open for reading the last published state of the store in folder ``path``: its latest
    snapshot, safe while a writer changes the store, held (a shared lease) until
    :meth:`Store.close` so that no publish removes it under the reader.

    The live store folder is never opened for reading. A store an older kg wrote, with no
    snapshot yet, is published first, if no writer holds it."""
    path = Path(path)
    if not path.is_dir():
        raise StoreError(f"{path}: no store here; run `kg build` first")
    folder = snapshot_folder(path)
    for _ in range(5):  # a snapshot can be replaced between reading CURRENT and leasing it
        name = _read_current(folder)
        if name is None:
            _publish_unpublished(path)
            continue
        lease = _lease_file(folder, name)
        fcntl.flock(lease, fcntl.LOCK_SH)
        snapshot = folder / name
        try:
            if snapshot.is_dir():
                return Store(
                    ox.Store.read_only(str(snapshot)), path, lease=lease, snapshot=snapshot
                )
        except OSError:
            pass
        lease.close()
    raise StoreError(f"{path}: cannot open its published snapshot; try again")


def _publish_unpublished(path: Path) -> None:
    try:
        store = open_store(path)
    except StoreError:
        raise StoreError(
            f"{path}: a build is writing this store and none has finished yet; "
            "try again when it is done"
        ) from None
    with store:  # opening it published a store an older kg wrote
        if current_snapshot(path) is None:
            raise StoreError(f"{path}: no build has finished in this store yet; run `kg build`")


def recover(path: Path | str) -> None:
    """Bring the store in folder ``path`` back to a whole state if a writer was killed in it
    (every writer does this first; readers never need it). Takes the writer's lock."""
    _Session(Path(path)).end(ok=True)


def open_store(path: Path | str | None) -> Store:
    """Open (or create) the store in folder ``path`` for writing, as one session: use it in a
    ``with`` block. ``None`` gives an in-memory store.

    Only one writer at a time (a second fails at once, naming the first). The session first
    recovers what a killed writer left (see :class:`_Session`); on a clean close it publishes
    its changes for readers, on a failure it puts the store back as it found it."""
    if path is None:
        return Store(ox.Store(), None)
    path = Path(path)
    session = _Session(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
        store = Store(ox.Store(str(path)), path, session=session)
    except BaseException as exc:
        session.end(ok=False)
        if isinstance(exc, OSError):
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"{path}: cannot open store: {message}") from None
        raise
    if session.legacy:
        store.publish()
    return store


__all__ = [
    "CKG",
    "AddResult",
    "Store",
    "StoreError",
    "current_snapshot",
    "open_published",
    "open_store",
    "recover",
]
