"""Validation: the store checked against the SHACL shapes of ``ontologies/shapes.ttl``.

Every claim needs one source and one target actor, one predicate of the ontology, one
sentence, one document and a confidence in [0, 1]; documents, sentences and actors carry what
provenance and the page need. The ontology lives in the store (its own graph), so
``sh:class owl:ObjectProperty`` checks a claim's predicate against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from kg.resources import ontology_path
from kg.store import Store


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str

    def line(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity.lower()}: {self.focus}{where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    violations: list[Violation]
    triples: int


def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def validate(store: Store) -> ValidationResult:
    """Check the union of the store's graphs against the shapes."""
    from pyshacl import validate as shacl

    data = ox.serialize(
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), format=ox.RdfFormat.N_TRIPLES
    )
    graph = Graph().parse(data=data.decode("utf-8"), format="nt")
    conforms, report, _ = shacl(
        graph, shacl_graph=shapes(), inference="none", allow_warnings=True, advanced=False
    )
    violations = []
    for result in report.subjects(SH.resultSeverity, None):
        value = report.value(result, SH.value)
        path = report.value(result, SH.resultPath)
        violations.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=_short(path) if path is not None else None,
                message=str(report.value(result, SH.resultMessage) or "constraint violated"),
                value=str(value) if value is not None else None,
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationResult(bool(conforms), violations, len(graph))


def _short(term) -> str:
    from kg.model import PREFIXES

    text = str(term)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return text
