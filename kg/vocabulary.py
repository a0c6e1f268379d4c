"""The vocabulary of claims: the predicates, their polarity, symmetry and super-property, how
each counts in the signed actor graph, and what actors roll up along, read once from the
ontology (``ontologies/conflict.ttl``) into one table that every room reads.

Two signs, for two jobs:

- a claim's **polarity** (``positive``, ``negative``, ``neutral``) says what the sentence
  states: it comes from the ``ckg:sign`` of the predicate's super-property
  (``ckg:cooperatesWith`` +1, ``ckg:conflictsWith`` -1); it is written on every claim;
- a predicate's **tie sign** (+1, -1, 0) says how its claims count when the analysis builds
  the signed actor graph: the polarity's sign, unless the ontology gives a ``ckg:tieSign``
  (``memberOf`` and ``leads`` are structural, neutral claims, but a member sits with its
  coalition: +1). Only predicates between two actors (range ``ckg:Actor``, own or inherited)
  make ties; ``locatedIn`` does not.

Adding a predicate takes its declaration in the ontology (a ``ckg:ClaimPredicate``) and
nothing here. The ontology is parsed with pyoxigraph, once per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox

from kg.resources import ontology_path

_CKG = "https://w3id.org/conflict-kg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SYMMETRIC = "http://www.w3.org/2002/07/owl#SymmetricProperty"
POLARITY = {1: "positive", -1: "negative", 0: "neutral"}


@dataclass(frozen=True)
class Predicate:
    """One relation a claim can state.

    ``name`` is the ontology's local name (``supports``); ``super_property`` the local name of
    its signed super-property, if any; ``polarity`` the claim's polarity; ``symmetric`` says
    whether ``a p b`` also states ``b p a``; ``tie_sign`` is how its claims count in the signed
    actor graph, None when it does not tie two actors.
    """

    name: str
    label: str
    polarity: str
    symmetric: bool
    super_property: str | None
    tie_sign: int | None


@dataclass(frozen=True)
class Vocabulary:
    """The table: predicates in the ontology's order, and the properties an actor rolls up
    along (``ckg:partOf``, ``ckg:affiliatedWith``: the sub-properties of
    ``ckg:rollsUpInto``)."""

    predicates: Mapping[str, Predicate]
    roll_up: tuple[str, ...]

    @cached_property
    def tie_signs(self) -> Mapping[str, int]:
        """Predicate → tie sign, for the predicates that tie two actors."""
        signs = {p.name: p.tie_sign for p in self.predicates.values() if p.tie_sign is not None}
        return MappingProxyType(signs)

    @cached_property
    def actor_graph(self) -> tuple[str, ...]:
        """The predicates of the actor graph (``kg export --actors-only``): the ties between
        actors and the links they roll up along."""
        return (*self.tie_signs, *self.roll_up)


def load(path: str | Path) -> Vocabulary:
    """Read the vocabulary from an ontology in Turtle.

    Parameters
    ----------
    path : path
        The ontology file (``ontologies/conflict.ttl``, or a copy with more predicates).

    Returns
    -------
    Vocabulary

    >>> v = load(ontology_path())
    >>> v.predicates["attacks"].polarity, v.predicates["memberOf"].polarity
    ('negative', 'neutral')
    >>> v.tie_signs["memberOf"], "locatedIn" in v.tie_signs
    (1, False)
    """
    # subject -> predicate -> objects, in document order
    facts: dict[str, dict[str, list]] = {}
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.NamedNode):
            facts.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def values(subject: str, predicate: str) -> list[str]:
        return [o.value for o in facts.get(subject, {}).get(predicate, [])]

    def first(subject: str, predicate: str) -> str | None:
        found = values(subject, predicate)
        return found[0] if found else None

    def up(subject: str):
        """The property and its super-properties, nearest first."""
        seen = []
        while subject is not None and subject not in seen:
            seen.append(subject)
            yield subject
            subject = first(subject, _RDFS + "subPropertyOf")

    predicates = {}
    for iri, about in facts.items():
        if _CKG + "ClaimPredicate" not in [o.value for o in about.get(_RDF_TYPE, [])]:
            continue
        chain = list(up(iri))
        sign = next((int(s) for p in chain if (s := first(p, _CKG + "sign")) is not None), 0)
        signed = next((p for p in chain[1:] if first(p, _CKG + "sign") is not None), None)
        ranges = (first(p, _RDFS + "range") for p in chain)
        between_actors = next((r for r in ranges if r is not None), None) == _CKG + "Actor"
        own_tie = first(iri, _CKG + "tieSign")
        name = iri.removeprefix(_CKG)
        predicates[name] = Predicate(
            name=name,
            label=first(iri, _RDFS + "label") or name,
            polarity=POLARITY[sign],
            symmetric=_SYMMETRIC in values(iri, _RDF_TYPE),
            super_property=signed.removeprefix(_CKG) if signed else None,
            tie_sign=(int(own_tie) if own_tie is not None else sign) if between_actors else None,
        )
    roll_up = tuple(
        iri.removeprefix(_CKG)
        for iri in facts
        if _CKG + "rollsUpInto" in values(iri, _RDFS + "subPropertyOf")
    )
    return Vocabulary(MappingProxyType(predicates), roll_up)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of the ontology shipped with kg, read on first use."""
    return load(ontology_path("conflict.ttl"))


def predicates() -> tuple[str, ...]:
    """The names of the claim predicates, in the ontology's order.

    >>> predicates()[:3]
    ('alliedWith', 'supports', 'opposes')
    """
    return tuple(vocabulary().predicates)


def polarity_of(predicate: str) -> str:
    """The polarity of a claim of ``predicate``: ``positive``, ``negative`` or ``neutral``,
    from the ``ckg:sign`` of its super-property.

    >>> polarity_of("supports"), polarity_of("fightsAgainst"), polarity_of("leads")
    ('positive', 'negative', 'neutral')
    """
    return vocabulary().predicates[predicate].polarity


def tie_signs() -> Mapping[str, int]:
    """How each predicate between two actors counts in the signed actor graph: +1, -1 or 0.
    Predicates absent (``locatedIn``, unknown ones) make no tie.

    >>> signs = tie_signs()
    >>> signs["attacks"], signs["memberOf"], signs["meetsWith"], "locatedIn" in signs
    (-1, 1, 0, False)
    """
    return vocabulary().tie_signs


def symmetric_predicates() -> frozenset[str]:
    """The predicates whose claims state the relation both ways (``owl:SymmetricProperty``).

    >>> sorted(symmetric_predicates())
    ['alliedWith', 'fightsAgainst', 'meetsWith']
    """
    return frozenset(p.name for p in vocabulary().predicates.values() if p.symmetric)


def roll_up_properties() -> tuple[str, ...]:
    """The properties an actor rolls up along into the state or group it stands for.

    >>> roll_up_properties()
    ('partOf', 'affiliatedWith')
    """
    return vocabulary().roll_up


def rolled_up(node: str, parents: Mapping[str, str]) -> str:
    """The actor ``node`` rolls up into, following ``parents`` (actor → the actor it is part
    of or affiliated with, :func:`roll_up_properties`) to the top; a cycle stops where it
    closes.

    >>> rolled_up("SYR-MIL", {"SYR-MIL": "SYR", "assad": "SYR-GOV", "SYR-GOV": "SYR"})
    'SYR'
    """
    seen = set()
    while node in parents and node not in seen:
        seen.add(node)
        node = parents[node]
    return node


__all__ = [
    "Predicate",
    "Vocabulary",
    "load",
    "polarity_of",
    "predicates",
    "roll_up_properties",
    "rolled_up",
    "symmetric_predicates",
    "tie_signs",
    "vocabulary",
]
