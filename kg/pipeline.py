"""Extraction: documents in, claims out, sentence by sentence with ``nlp.pipe``.

This is the only place that holds spaCy objects; what leaves it is plain :class:`Claim` s and
:class:`Mention` s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.actors import resolve_doc
from kg.gazetteer import load_gazetteer
from kg.model import document_iri, document_nquads, document_triples
from kg.nlp import load_pipeline
from kg.reading import clean_pieces
from kg.relations import RelationExtractor, cooccurrence_claims
from kg.types import Claim, Document, Mention


@dataclass(frozen=True)
class Extraction:
    """What one document yields: its actor mentions and its claims."""

    document: Document
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    sentences: int = 0
    baseline: tuple[Claim, ...] = ()
    # The document's named graph as N-Quads, when asked for (a build): written where the
    # document is parsed, so worker processes share this work rather than the store's process.
    rdf: str | None = None


@lru_cache(maxsize=4)
def _extractor(gazetteer_files: tuple[str, ...] = ()) -> RelationExtractor:
    return RelationExtractor(load_pipeline(gazetteer_files))


def extract_documents(
    documents: Iterable[Document],
    *,
    gazetteer_files: tuple[str, ...] = (),
    batch_size: int = 32,
    baseline: bool = False,
    rdf: bool = False,
) -> Iterator[Extraction]:
    """Parse documents with ``nlp.pipe`` and extract their mentions and claims, lazily.

    ``baseline=True`` also fills :attr:`Extraction.baseline` with the co-occurrence claims
    ``kg evaluate`` compares against (same parse, so the comparison is like for like).
    With ``rdf``, each extraction also carries its document's named graph as N-Quads.
    """
    nlp = load_pipeline(gazetteer_files)
    gazetteer = load_gazetteer(gazetteer_files)
    extractor = _extractor(gazetteer_files)

    def cleaned(docs):
        # A long document reaches the parser in bounded pieces (kg.reading.piece_bounds), each
        # cleaned with offsets into the whole text; its claims are gathered after the last.
        for document in docs:
            for clean, last in clean_pieces(document.text):
                yield clean.text, (document, clean, last)

    spans: list = []
    claims: list[Claim] = []
    naive: list[Claim] = []
    sentences = 0
    for doc, (document, clean, last) in nlp.pipe(
        cleaned(documents), as_tuples=True, batch_size=batch_size
    ):
        to_original = clean.to_original
        found = [(r.span, r.mention(to_original)) for r in resolve_doc(doc, gazetteer)]
        claims.extend(extractor.extract(doc, found, document.id, to_original, document.text))
        if baseline:
            naive.extend(
                cooccurrence_claims(doc, found, document.id, to_original, extractor.lexicon)
            )
        spans.extend(found)
        sentences += sum(1 for _ in doc.sents)
        if not last:
            continue
        if document.date:
            claims = [_dated(c, document.date) for c in claims]
        mentions = tuple(m for _, m in spans)
        quads = None
        if rdf:
            triples = document_triples(document, claims, mentions, gazetteer.entries)
            quads = document_nquads(triples, document_iri(document))
        yield Extraction(document, mentions, tuple(claims), sentences, tuple(naive), quads)
        spans, claims, naive, sentences = [], [], [], 0


def _dated(claim: Claim, date: str) -> Claim:
    from dataclasses import replace

    return replace(claim, date=date)


def parse_document(document: Document, gazetteer_files: tuple[str, ...] = ()) -> list[Claim]:
    """The claims of one document (a convenience for notebooks and tests)."""
    return list(next(extract_documents([document], gazetteer_files=gazetteer_files)).claims)


def extract_chunk(
    documents: list[Document], gazetteer_files: tuple[str, ...] = (), rdf: bool = False
) -> list[Extraction]:
    """Extract one chunk of documents: the unit of work of a worker process or Dask task.

    The model loads once per process (``load_pipeline`` is cached), on first use.
    """
    return list(extract_documents(documents, gazetteer_files=gazetteer_files, rdf=rdf))


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter), lazily."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ordered(submit, chunks: Iterable[list], in_flight: int) -> Iterator[Extraction]:
    """Submit chunks with at most ``in_flight`` pending, yield their results in input order.

    Bounding what is pending keeps memory flat however long the stream is.
    """
    from collections import deque

    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _ready() -> bool:
    return True


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end with the build process, even when that is killed (SIGKILL), so
    an interrupted build leaves no idle workers behind (Linux ``PR_SET_PDEATHSIG``)."""
    import ctypes
    import os
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def worker_pool(workers: int, gazetteer_files: tuple[str, ...] = ()):
    """A pool of ``workers`` extraction processes, started now, with the pipeline loaded.

    On Linux the workers are forked from this process after it has loaded the pipeline, as
    spaCy's own ``n_process`` does: they share it instead of each loading the model and the
    gazetteer again (seconds each, before any text is parsed). Call it before opening the store
    or starting a progress display, so no handle or thread lock of those is copied mid-use.
    Elsewhere (macOS, Windows) the workers are spawned and load the pipeline on first use.
    """
    import multiprocessing
    import os
    import sys
    import warnings
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform == "linux":
        _extractor(gazetteer_files)
        load_gazetteer(gazetteer_files)
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    # A fork-context pool starts all its processes at the first submit: make that happen here.
    with warnings.catch_warnings():
        # Python >= 3.12 warns on fork when native threads exist (BLAS); as for spaCy's
        # n_process, the children only parse and never take those threads' locks.
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        for future in [pool.submit(_ready) for _ in range(workers)]:
            future.result()
    return pool


def extract_parallel(
    documents: Iterable[Document],
    *,
    gazetteer_files: tuple[str, ...] = (),
    workers: int = 1,
    chunk_size: int = 16,
    rdf: bool = False,
    pool=None,
) -> Iterator[Extraction]:
    """Like :func:`extract_documents`, on ``workers`` processes; same results, same order.

    Each process parses and extracts whole chunks, so only plain objects cross processes
    (not spaCy ``Doc`` s, which are costly to pickle). ``pool`` is a :func:`worker_pool`
    already started (it is shut down at the end); without it one is started here.
    """
    if workers <= 1 and pool is None:
        yield from extract_documents(documents, gazetteer_files=gazetteer_files, rdf=rdf)
        return
    pool = pool or worker_pool(workers, gazetteer_files)
    with pool:
        yield from _ordered(
            lambda chunk: pool.submit(extract_chunk, chunk, gazetteer_files, rdf),
            chunked(documents, chunk_size),
            in_flight=2 * max(1, workers),
        )


def read_corpus(inputs: list, *, strict: bool = False) -> Iterator[Document]:
    """The documents of ``inputs``, checked before anything is written: a missing input or
    a corpus with no document at all is an :class:`InputError` here, not halfway through."""
    import itertools
    from pathlib import Path

    from kg.errors import InputError
    from kg.reading import read_documents

    for item in inputs:  # cheap check up front, before the store is touched
        if str(item) != "-" and not Path(item).exists():
            raise InputError(f"{item}: no such file or directory")
    documents = read_documents(inputs, strict=strict)
    first = next(documents, None)
    if first is None:
        raise InputError("no documents to build from")
    return itertools.chain([first], documents)


def store_documents(
    store,
    documents: Iterable[Document],
    result,
    *,
    gazetteer_files: tuple[str, ...] = (),
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 256,
    total_chars: int | None = None,
    progress: bool | None = None,
    pool=None,
) -> None:
    """Extract documents and add them to an open writer's ``store``, as a stream.

    Documents already in the store (by content hash) are skipped before parsing. Each batch
    of ``batch_size`` documents is one store transaction followed by a checkpoint
    (:meth:`kg.store.Store.checkpoint`), so a build killed mid-way resumes where it stopped.
    """
    from kg.progress import Progress

    with Progress(total_chars, enabled=progress) as bar:
        seen: set[str] = set()

        def fresh():
            for document in documents:
                key = str(document_iri(document))
                if key in seen or store.has_document(key):
                    result.documents_skipped += 1
                    bar.update(skipped=1, chars=len(document.text))
                    continue
                seen.add(key)
                yield document

        if engine == "dask":
            from kg.distributed import extract_dask

            extractions = extract_dask(
                fresh(),
                gazetteer_files=gazetteer_files,
                scheduler=scheduler,
                workers=workers,
                rdf=True,
            )
        else:
            extractions = extract_parallel(
                fresh(), gazetteer_files=gazetteer_files, workers=workers, rdf=True, pool=pool
            )
        for batch in chunked(extractions, batch_size):
            added = store.add_nquads((str(document_iri(x.document)), x.rdf) for x in batch)
            # The checkpoint also writes the batch out of RocksDB's in-memory tables: left to
            # grow, they kept ~26 MiB per 50,000 words stored, so memory rose with the corpus.
            store.checkpoint()
            result.documents_added += added.added
            result.documents_skipped += added.skipped
            bar.update(
                documents=len(batch),
                sentences=sum(x.sentences for x in batch),
                relations=sum(len(x.claims) for x in batch),
                chars=sum(len(x.document.text) for x in batch),
            )


def total_chars(inputs: list) -> int | None:
    """Roughly how many characters the inputs hold (file sizes), for the ETA; None if unknown."""
    from pathlib import Path

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
