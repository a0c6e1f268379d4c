"""Scale: streamed builds with several workers, on Dask, and resumed after a kill, all give the
same graph as one plain build of the same corpus."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import api
from kg.engines import LocalEngine, chunked
from kg.errors import InputError
from kg.extraction import extract_documents
from kg.store import open_store
from kg.types import Document

RE3D = Path(__file__).parents[2] / "shared" / "corpus" / "re3d-dev"
RE3D = RE3D if RE3D.is_dir() else Path("/work/shared/corpus/re3d-dev")


def document_quads(out: Path) -> set[str]:
    """The quads of the per-document graphs (the analysis graph carries a timestamp)."""
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if "/doc/" in line.rsplit(" ", 2)[-2]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The re3d-dev documents as one JSON lines file (62 real articles)."""
    path = tmp_path_factory.mktemp("corpus") / "re3d.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for docs in sorted(RE3D.glob("*/documents.json")):
            f.write(docs.read_text(encoding="utf-8"))
    return path


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> tuple[Path, set[str]]:
    out = tmp_path_factory.mktemp("reference")
    result = api.build([corpus], out=out, progress=False, export="nq")
    assert result.documents_added == 62
    quads = document_quads(out)
    assert any("ontology#Claim" in q for q in quads)
    return out, quads


SENTENCES = [
    "Russian aircraft bombed rebel positions near Aleppo on Monday.",
    "The United States backs the Syrian Democratic Forces.",
    "Iran supports Hezbollah, officials said.",
    "Turkey did not attack the Kurdish militia.",
]


def test_parallel_extraction_equals_one_process():
    documents = [Document(id=f"d{i}", text=s) for i, s in enumerate(SENTENCES * 3)]
    one = list(extract_documents(documents))
    with LocalEngine(workers=2, chunk_size=2) as engine:
        two = list(engine.extract(documents))
    assert [x.document.id for x in two] == [d.id for d in documents]
    assert [x.claims for x in two] == [x.claims for x in one]
    assert sum(len(x.claims) for x in one) >= 6
    assert all(x.sentences == 1 for x in one)


def test_chunked_is_lazy_and_keeps_the_remainder():
    def endless():
        i = 0
        while True:
            yield i
            i += 1

    chunks = chunked(endless(), 3)
    assert next(chunks) == [0, 1, 2]
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_missing_input_leaves_earlier_output_intact(tmp_path):
    out = tmp_path / "out"
    api.build([RE3D / "CENTCOM" / "documents.json"], out=out, progress=False, export="nq")
    before = (out / "graph.nq").read_bytes()
    with pytest.raises(InputError):
        api.build([tmp_path / "missing.jsonl"], out=out, progress=False)
    with pytest.raises(InputError):
        api.build([RE3D / "CENTCOM" / "documents.json"], out=out, engine="spark")
    assert (out / "graph.nq").read_bytes() == before


@pytest.mark.slow
def test_two_workers_equal_one(corpus, reference, tmp_path):
    result = api.build(
        [corpus], out=tmp_path, workers=2, batch_size=8, progress=False, export="nq"
    )
    assert result.documents_added == 62
    assert document_quads(tmp_path) == reference[1]


@pytest.mark.slow
def test_dask_local_cluster_equals_local_build(corpus, reference, tmp_path):
    pytest.importorskip("dask.distributed")
    result = api.build(
        [corpus], out=tmp_path, engine="dask", workers=2, progress=False, export="nq"
    )
    assert result.documents_added == 62
    assert document_quads(tmp_path) == reference[1]


@pytest.mark.slow
def test_resume_after_kill_gives_the_same_store(corpus, reference, tmp_path):
    out = tmp_path / "out"
    kg = str(Path(sys.executable).with_name("kg"))
    cmd = [kg, "build", str(corpus), "--out", str(out), "--batch-size", "4"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The build's session marker names its last checkpoint, one per stored batch: stop the
    # build (SIGSTOP, then SIGKILL) once two batches are stored, never by the clock.
    marker = out / ".store.pending"
    checkpoints: set[str] = set()
    try:
        deadline = time.monotonic() + 120
        while len(checkpoints) < 3 and time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(FileNotFoundError):
                checkpoints.add(marker.read_text(encoding="utf-8"))
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGSTOP)
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with open_store(out / "store") as store:  # recovers to the last checkpoint
        killed = len(store.document_graphs())
    assert 8 <= killed < 62, "the build was not interrupted mid-way"
    assert not (out / "graph.nq").exists()

    result = api.build([corpus], out=out, progress=False, export="nq")
    assert result.documents_skipped == killed
    assert result.documents_added == 62 - killed
    assert document_quads(out) == reference[1]
