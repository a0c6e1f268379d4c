"""Shared fixtures: the example article built once per test session; hypothesis profiles."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import kg
from kg.resources import example_path

# CI runs the property tests on a fixed sequence of examples (HYPOTHESIS_PROFILE=ci, set by
# .ci/run), so a landing is never decided by which random texts came up; a developer's run
# explores new ones (and a failure it finds becomes an @example of its test).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Tests never read or write the developer's cache (kg.gazetteer.cache_folder): the session gets
# a fresh folder, set before kg runs anything, so the commands tests start inherit it too.
_CACHE = tempfile.mkdtemp(prefix="kg-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
RE3D_DEV = SHARED / "re3d-dev"

USA = "https://w3id.org/conflict-kg/actor/USA"
RUS = "https://w3id.org/conflict-kg/actor/RUS"
SYR = "https://w3id.org/conflict-kg/actor/SYR"
SYR_MIL = "https://w3id.org/conflict-kg/actor/SYR-MIL"
IRN = "https://w3id.org/conflict-kg/actor/IRN"
AUS = "https://w3id.org/conflict-kg/actor/AUS"
SDF = "https://w3id.org/conflict-kg/actor/SDF"
ISIL = "https://w3id.org/conflict-kg/actor/ISIL"
COALITION = "https://w3id.org/conflict-kg/actor/coalition"


@pytest.fixture(scope="session")
def extract():
    """The claims of one text, parsed once per session (the spaCy pipeline is cached)."""
    from kg.extraction import parse_document
    from kg.types import Document

    cache: dict[str, list] = {}

    def run(text: str) -> list:
        if text not in cache:
            cache[text] = parse_document(Document("t", text))
        return cache[text]

    return run


@pytest.fixture(scope="session")
def example_text() -> str:
    return example_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_claims():
    return list(kg.extract())


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("example")
    return kg.build(out=out)


@pytest.fixture(scope="session")
def re3d_build(tmp_path_factory):
    """All of re3d-dev built once per test session (the page and the actor list read it)."""
    out = tmp_path_factory.mktemp("re3d")
    documents = sorted(RE3D_DEV.glob("*/documents.json"))
    # Without input kg.build would build the bundled example instead: fail here.
    assert documents, f"{RE3D_DEV}: no */documents.json"
    return kg.build(documents, out=out, progress=False)
