"""Named queries: the ``.rq`` files of ``kg/queries/`` with their description and parameters.

Each file starts with comment lines that describe it::

    # description: Actors on the same side as ACTOR ...
    #   (continued on indented comment lines)
    # param actor (actor): any name of the actor or its IRI
    # param since (date) = 0001: first day of the window
    # scope: whole store        (optional: the query returns the whole store, not an answer)

A parameter has a type (``actor``, ``date``, ``string``, ``integer``, ``iri``) and an optional
default; one without a default is required. Values are first made RDF terms: an actor's name
is resolved to the IRI of a known actor (never taken as text), a date must match
``YYYY[-MM[-DD]]``, an IRI must parse. The terms are then bound by a ``VALUES`` row that opens
the query's ``WHERE`` group, each term written by pyoxigraph's own serializer (an IRI as
``<...>`` after validation, a literal quoted and escaped), so no value can change the query's
structure. (Oxigraph's ``substitutions`` would bind them too, but it applies them after
evaluating the query unbound: at 1,000,000 triples an actor query then takes seconds instead
of milliseconds; see ``benchmarks/bench_store.py``.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import InputError
from kg.model import ACTOR
from kg.reading import PARTIAL_DATE
from kg.resources import query_dir
from kg.store import Store

TYPES = ("actor", "date", "string", "integer", "iri")
_PARAM = re.compile(r"param\s+(\w+)\s*\((\w+)\)\s*(?:=\s*(\S+))?\s*:\s*(.*)")


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
    whole_store: bool = False  # returns the whole store (claims, actors...), not an answer

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
    whole_store = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("description:"):
            description.append(body.removeprefix("description:").strip())
            current = description
        elif body.startswith("scope:"):
            whole_store = body.removeprefix("scope:").strip() == "whole store"
            current = None
        elif (m := _PARAM.fullmatch(body)) is not None:
            pname, ptype, default, pdesc = m.groups()
            if ptype not in TYPES:
                raise ValueError(f"{name}.rq: parameter {pname} has unknown type {ptype}")
            params.append(Param(pname, ptype, pdesc.strip(), default))
            current = None
        elif current is not None and line.startswith("#  ") and body:
            current.append(body)
    return NamedQuery(name, " ".join(description), tuple(params), text, whole_store)


def available() -> dict[str, NamedQuery]:
    """Every named query shipped with the package, by name."""
    return {
        path.stem: parse(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(query_dir().glob("*.rq"))
    }


def get(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name is an :class:`~kg.errors.InputError`.

    >>> [p.name for p in get("switched-sides").params]
    ['since', 'until']
    """
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
    rows = store.select(with_values(query, terms))
    return [{k: v for k, v in row.items() if k not in terms} for row in rows]


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def with_values(query: NamedQuery, terms: dict[str, ox.Term]) -> str:
    r"""The query text with ``VALUES (?p ...) { (term ...) }`` opening its WHERE group.

    Leading VALUES, not a trailing clause or ``substitutions``: Oxigraph's planner starts from
    it, so a bound actor is an index lookup rather than a filter over every claim.

    >>> q = parse("t", "# param actor (actor): who\nSELECT ?x WHERE { ?x ckg:supports ?actor }")
    >>> print(with_values(q, {"actor": ox.NamedNode("https://w3id.org/conflict-kg/actor/USA")}))
    # param actor (actor): who
    SELECT ?x WHERE { VALUES (?actor) { (<https://w3id.org/conflict-kg/actor/USA>) }
      ?x ckg:supports ?actor }
    >>> with_values(q, {"actor": ox.Literal('x" } DROP ALL #')}).splitlines()[1]
    'SELECT ?x WHERE { VALUES (?actor) { ("x\\" } DROP ALL #") }'
    """
    if not terms:
        return query.text
    if _WHERE.search(query.text) is None:
        raise ValueError(f"{query.name}.rq: a query with parameters needs a WHERE group")
    names = " ".join(f"?{n}" for n in terms)
    row = " ".join(_serialize(t) for t in terms.values())
    # Every WHERE group, sub-selects included (they do not see outer bindings); one row of
    # values joined in several places is the same binding.
    return _WHERE.sub(lambda m: f"{m.group(0)} VALUES ({names}) {{ ({row}) }}\n ", query.text)


def _serialize(term: ox.Term) -> str:
    # pyoxigraph writes terms in N-Triples syntax, which SPARQL reads as the same term: IRIs
    # were validated when the NamedNode was made, literals come out quoted and escaped.
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise TypeError(f"cannot bind {term!r}")
    return str(term)


def _term(store: Store, qname: str, p: Param, value: str) -> ox.Term:
    value = value.strip()
    if p.type == "actor":
        return ox.NamedNode(resolve_actor(store, value))
    if p.type == "date":
        if not PARTIAL_DATE.fullmatch(value):
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


def resolve_actor(store: Store, name: str) -> str:
    """The IRI of an actor from any of its names: an IRI as is, else the actor the store
    labels so (builds store every name the gazetteer gives an actor, so "US", "the United
    States" and "Washington" all name the United States): exactly, then without a leading
    article or trailing possessive, then as :func:`kg.gazetteer.name_key` compares names
    ("U.S." is "US"; "us" is not), then case- and punctuation-insensitively. Where several
    actors answer, a gazetteer actor goes before one minted from a name. A store built before
    names were stored may lack them; the gazetteer then names an actor the store holds. The
    name is only ever compared, never put in a query.
    """
    if name.startswith(("http://", "https://")):
        try:
            return ox.NamedNode(name).value
        except ValueError:
            raise InputError(f"{name!r} is not a valid IRI") from None
    found = _labelled(store, name)
    if found is None:
        found = _gazetteer_actor(store, name)
    if found is None:
        raise InputError(
            f"unknown actor {name!r}: no actor in the store or gazetteer has this name"
        )
    return found


def _labelled(store: Store, name: str) -> str | None:
    from kg.gazetteer import _strip_name, name_key, normalise

    stripped = _strip_name(name)
    for variant in dict.fromkeys((name.strip(), stripped)):  # index lookups first
        if variant and (exact := store.actors_labelled(variant)):
            return _best(exact)
    labels = store.actor_labels()
    for key in (name_key, normalise):
        wanted = {key(name), key(stripped)}
        matches = [iri for iri, label in labels if key(label) in wanted]
        if matches:
            return _best(matches)
    return None


def _best(iris: list[str]) -> str:
    """Of several actors with one name, a gazetteer actor (``actor/USA``) before one minted
    from a name (``actor/person/...``), then the first IRI."""
    base = str(ACTOR)
    return min(iris, key=lambda iri: ("/" in iri.removeprefix(base), iri))


def _gazetteer_actor(store: Store, name: str) -> str | None:
    from kg.gazetteer import load_gazetteer

    entry = load_gazetteer().lookup(name)
    if entry is not None and store.has_actor(entry.iri):
        return entry.iri
    return None


__all__ = ["NamedQuery", "Param", "available", "get", "parse", "resolve_actor", "run"]
