"""Named queries: the ``.rq`` files of ``kg/queries/`` with their description and parameters.

Each file starts with comment lines that describe it::

    # description: Actors on the same side as ACTOR ...
    #   (continued on indented comment lines)
    # param actor (actor): any name of the actor or its IRI
    # param since (date) = 0001: first day of the window

A parameter has a type (``actor``, ``date``, ``string``, ``integer``, ``iri``) and an optional
default; one without a default is required. Values are resolved to RDF terms (an actor's name
to its IRI) and bound with Oxigraph's ``substitutions``: they never become part of the query
text. Oxigraph only substitutes variables of the projection, so every parameter is selected
by its query; :func:`run` leaves those constant columns out of the rows it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.reading import InputError
from kg.resources import query_dir
from kg.store import Store

TYPES = ("actor", "date", "string", "integer", "iri")
_PARAM = re.compile(r"param\s+(\w+)\s*\((\w+)\)\s*(?:=\s*(\S+))?\s*:\s*(.*)")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class NamedQuery:
    """One ``.rq`` file: its name (the file stem), description, parameters and text."""

    name: str
    description: str
    params: tuple[Param, ...] = field(default=())
    text: str = ""

    def usage(self) -> str:
        args = " ".join(
            f"--param {p.name}=..." if p.required else f"[--param {p.name}=...]"
            for p in self.params
        )
        return f"kg query --name {self.name} {args}".rstrip()


def parse(name: str, text: str) -> NamedQuery:
    """Read the header comments of a named query."""
    description: list[str] = []
    params: list[Param] = []
    current: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("description:"):
            description.append(body.removeprefix("description:").strip())
            current = description
        elif (m := _PARAM.fullmatch(body)) is not None:
            pname, ptype, default, pdesc = m.groups()
            if ptype not in TYPES:
                raise ValueError(f"{name}.rq: parameter {pname} has unknown type {ptype}")
            params.append(Param(pname, ptype, pdesc.strip(), default))
            current = None
        elif current is not None and line.startswith("#  ") and body:
            current.append(body)
    return NamedQuery(name, " ".join(description), tuple(params), text)


def available() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name."""
    return {
        path.stem: parse(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(query_dir().glob("*.rq"))
    }


def get(name: str) -> NamedQuery:
    queries = available()
    if name not in queries:
        raise InputError(f"no named query {name!r}; `kg query --list` shows them")
    return queries[name]


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``["actor=United States", ...]`` as a dict; a one-line error for a malformed item."""
    params: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {item!r}: expected NAME=VALUE")
        params[key.strip()] = value
    return params


def bind(store: Store, query: NamedQuery, values: dict[str, str]) -> dict[str, ox.Term]:
    """The RDF term of every parameter, from the given values and the defaults."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise InputError(
            f"{query.name}: unknown parameter {unknown[0]!r}; it takes "
            + (", ".join(declared) or "no parameters")
        )
    terms = {}
    for p in query.params:
        value = values.get(p.name, p.default)
        if value is None:
            raise InputError(f"{query.name}: missing --param {p.name}=... ({p.description})")
        terms[p.name] = _term(store, query.name, p, value)
    return terms


def run(store: Store, name: str, values: dict[str, str] | None = None) -> list[dict]:
    """Run a named query with its parameters; rows as dicts without the parameter columns."""
    query = get(name)
    terms = bind(store, query, values or {})
    rows = store.select(query.text, **terms)
    return [{k: v for k, v in row.items() if k not in terms} for row in rows]


def _term(store: Store, qname: str, p: Param, value: str) -> ox.Term:
    value = value.strip()
    if p.type == "actor":
        return ox.NamedNode(resolve_actor(store, value))
    if p.type == "date":
        if not _DATE.fullmatch(value):
            raise InputError(f"{qname}: --param {p.name}={value!r}: expected YYYY[-MM[-DD]]")
        return ox.Literal(value)
    if p.type == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise InputError(f"{qname}: --param {p.name}={value!r}: expected an integer")
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if p.type == "iri":
        return ox.NamedNode(_checked_iri(qname, p, value))
    return ox.Literal(value)


def _checked_iri(qname: str, p: Param, value: str) -> str:
    try:
        return ox.NamedNode(value).value
    except ValueError:
        raise InputError(f"{qname}: --param {p.name}={value!r}: not an IRI") from None


_BY_LABEL = """
SELECT DISTINCT ?actor ?name WHERE {
  ?actor a ckg:Actor ; skos:prefLabel|skos:altLabel ?name .
}"""


def resolve_actor(store: Store, name: str) -> str:
    """The IRI of an actor from any of its names: an IRI as is, then the gazetteer (which knows
    "US", "the United States", "Washington"), then the labels in the store (case-insensitive).
    """
    from kg.actors import load_gazetteer, normalise

    if name.startswith(("http://", "https://")):
        return ox.NamedNode(name).value
    entry = load_gazetteer().lookup(name)
    if entry is not None:
        return entry.iri
    exact = store.select(
        "SELECT DISTINCT ?actor ?name WHERE { ?actor a ckg:Actor ; skos:prefLabel|skos:altLabel ?l "
        ". FILTER (STR(?l) = ?name) }",
        name=ox.Literal(name),
    )
    if exact:
        return sorted(r["actor"] for r in exact)[0]
    key = normalise(name)
    matches = sorted({r["actor"] for r in store.select(_BY_LABEL) if normalise(r["name"]) == key})
    if matches:
        return matches[0]
    raise InputError(f"unknown actor {name!r}: no actor in the store or gazetteer has this name")


__all__ = ["NamedQuery", "Param", "available", "get", "parse", "resolve_actor", "run"]
