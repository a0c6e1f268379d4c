"""Extraction as ``dask.distributed`` tasks, on a local cluster or an existing one.

Each task parses one chunk of documents with :func:`kg.pipeline.extract_chunk`; workers load
the spaCy model once (module-level cache, on first use) and send back plain, picklable
:class:`~kg.pipeline.Extraction` s, which the client merges into its store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from kg.errors import InputError
from kg.pipeline import Extraction, _ordered, chunked, extract_chunk
from kg.types import Document


@contextmanager
def client(scheduler: str | None = None, *, workers: int = 2):
    """A Dask client: on the cluster at ``scheduler`` or, without one, on a ``LocalCluster``."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:  # an optional extra
        raise InputError("--engine dask needs Dask: pip install 'conflict-kg[dask]'") from e
    if scheduler:
        try:
            c = Client(scheduler, timeout="20s")
        except OSError as e:
            raise InputError(f"cannot reach Dask scheduler {scheduler}: {e}") from e
        with c:
            yield c
        return
    cluster = LocalCluster(
        n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as c:
        yield c


def extract_dask(
    documents: Iterable[Document],
    *,
    gazetteer_files: tuple[str, ...] = (),
    scheduler: str | None = None,
    workers: int = 2,
    chunk_size: int = 16,
    rdf: bool = False,
) -> Iterator[Extraction]:
    """Extractions of ``documents`` computed on Dask workers, in input order, lazily."""
    with client(scheduler, workers=workers) as c:
        n = max(1, len(c.scheduler_info().get("workers", {})) or workers)
        yield from _ordered(
            lambda chunk: c.submit(extract_chunk, chunk, gazetteer_files, rdf, pure=False),
            chunked(documents, chunk_size),
            in_flight=2 * n,
        )
