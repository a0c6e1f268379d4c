"""Where extraction runs: in this process, on a local pool of worker processes, or as Dask
tasks. Each engine turns a stream of documents into the same :class:`Extraction` s in the same
order; :mod:`kg.orchestrator` picks one (:func:`engine_for`) and stores what it yields.

An engine is a context manager: entering it starts its workers (before the build opens the
store, so no handle of it is copied into a forked worker), leaving it stops them, at once and
without waiting for queued work when the build failed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from kg.actors import load_gazetteer
from kg.errors import InputError
from kg.extraction import Extraction, extract_documents, extractor
from kg.options import BuildOptions
from kg.types import Document

CHUNK_SIZE = 16  # documents per task: enough to amortise a round trip, small enough to balance


def extract_chunk(
    documents: list[Document], gazetteer_files: tuple[str, ...] = (), rdf: bool = False
) -> list[Extraction]:
    """Extract one chunk of documents: the unit of work of a worker process or a Dask task.

    The model loads once per process (``load_pipeline`` is cached), on first use.
    """
    return list(extract_documents(documents, gazetteer_files=gazetteer_files, rdf=rdf))


def chunked(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter), lazily.

    >>> list(chunked(range(7), 3))
    [[0, 1, 2], [3, 4, 5], [6]]
    """
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ordered(submit: Callable, chunks: Iterable[list], in_flight: int) -> Iterator:
    """Submit chunks with at most ``in_flight`` pending, yield their results in input order.

    ``submit(chunk)`` returns a future (``concurrent.futures`` or Dask) whose result is a list.
    Bounding what is pending keeps memory flat however long the stream is.
    """
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


class LocalEngine:
    """Extraction in this process (``workers=1``) or on a pool of ``workers`` processes.

    Parameters
    ----------
    workers : int
        Extraction processes; 1 extracts in this process.
    gazetteer_files : tuple of str
        Extra gazetteer files (absolute paths).
    chunk_size : int
        Documents per task sent to a worker.

    >>> with LocalEngine() as engine:
    ...     [x] = engine.extract([Document("d", "Iran supports Hezbollah.")])
    >>> [c.predicate for c in x.claims]
    ['supports']
    """

    def __init__(
        self, workers: int = 1, gazetteer_files: tuple[str, ...] = (), chunk_size: int = CHUNK_SIZE
    ):
        self.workers = workers
        self.gazetteer_files = gazetteer_files
        self.chunk_size = chunk_size
        self._pool = None

    def __enter__(self) -> LocalEngine:
        if self.workers > 1:
            self._pool = worker_pool(self.workers, self.gazetteer_files)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(failed=exc_type is not None)

    def close(self, *, failed: bool = False) -> None:
        """Stop the workers (idempotent); after a failure, queued chunks are dropped, not
        waited for."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=not failed, cancel_futures=failed)

    def extract(self, documents: Iterable[Document], *, rdf: bool = False) -> Iterator[Extraction]:
        """The extractions of ``documents``, in input order, lazily (see
        :func:`kg.extraction.extract_documents`); on the pool only plain objects cross
        processes, never spaCy ``Doc`` s, which are costly to pickle."""
        if self._pool is None:
            yield from extract_documents(documents, gazetteer_files=self.gazetteer_files, rdf=rdf)
            return
        pool, files = self._pool, self.gazetteer_files
        yield from ordered(
            lambda chunk: pool.submit(extract_chunk, chunk, files, rdf),
            chunked(documents, self.chunk_size),
            in_flight=2 * self.workers,
        )


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
        extractor(gazetteer_files)
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


class DaskEngine:
    """Extraction as ``dask.distributed`` tasks, on the cluster at ``scheduler`` or, without
    one, on a ``LocalCluster`` of ``workers`` processes.

    Each task parses one chunk with :func:`extract_chunk`; a worker loads the spaCy model once
    (module-level cache, on its first task) and sends back plain, picklable extractions.
    Gazetteer files must exist at the same paths on the workers.
    """

    def __init__(
        self,
        workers: int = 2,
        gazetteer_files: tuple[str, ...] = (),
        scheduler: str | None = None,
        chunk_size: int = CHUNK_SIZE,
    ):
        self.workers = workers
        self.gazetteer_files = gazetteer_files
        self.scheduler = scheduler
        self.chunk_size = chunk_size
        self._client = None
        self._cluster = None

    def __enter__(self) -> DaskEngine:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as e:  # an optional extra
            raise InputError("--engine dask needs Dask: pip install 'conflict-kg[dask]'") from e
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except OSError as e:
                raise InputError(f"cannot reach Dask scheduler {self.scheduler}: {e}") from e
            return self
        self._cluster = LocalCluster(
            n_workers=max(1, self.workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        self._client = Client(self._cluster)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()

    def close(self, *, failed: bool = False) -> None:
        """Close the client, and the local cluster if this engine started one (idempotent)."""
        client, cluster, self._client, self._cluster = self._client, self._cluster, None, None
        try:
            if client is not None:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()

    def extract(self, documents: Iterable[Document], *, rdf: bool = False) -> Iterator[Extraction]:
        """The extractions of ``documents`` computed on the Dask workers, in input order."""
        client, files = self._client, self.gazetteer_files
        if client is None:
            raise RuntimeError("enter the engine (a with block) before extracting")
        n = max(1, len(client.scheduler_info().get("workers", {})) or self.workers)
        yield from ordered(
            lambda chunk: client.submit(extract_chunk, chunk, files, rdf, pure=False),
            chunked(documents, self.chunk_size),
            in_flight=2 * n,
        )


def engine_for(options: BuildOptions) -> LocalEngine | DaskEngine:
    """The engine a build with ``options`` runs its extraction on (not yet started)."""
    if options.engine == "dask":
        return DaskEngine(options.workers, options.gazetteer, options.scheduler)
    return LocalEngine(options.workers, options.gazetteer)


__all__ = ["DaskEngine", "LocalEngine", "chunked", "engine_for", "extract_chunk", "ordered"]
