"""Where the data files that ship with the package live (ontologies, lexicons, queries)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path


def ontology_path(name: str = "conflict.ttl") -> Path:
    """A file of the ``ontologies/`` folder (installed as ``kg.ontologies``)."""
    return Path(str(resources.files("kg.ontologies") / name))


def data_path(name: str) -> Path:
    """A file of ``kg/data/``."""
    return Path(str(resources.files("kg.data") / name))


def json_rows(path: Path) -> Iterator[dict]:
    """The objects of a JSON-lines data file, one a line; blank lines are skipped."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def query_dir() -> Path:
    """The folder of named SPARQL queries (``kg/queries/*.rq``)."""
    return Path(str(resources.files("kg.queries")))


def example_path() -> Path:
    """The bundled example article that ``kg build`` runs on when given no input."""
    return Path(str(resources.files("kg.data.examples") / "us-moscow-syria-talks.txt"))
