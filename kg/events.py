"""Events: one happening, many reports.

News repeats itself: a wire story is rewritten by ten outlets and recalled in the next day's
analysis, and each sentence is a claim. This module links the claims of any documents that
report the same happening to one event, so that the analysis counts a tie's distinct events
rather than its reports and the page can say "1 event, 12 reports from 7 outlets".

Two reports (asserted claims whose predicate ties two actors) are of one event when
(:func:`compatible`):

- their actors are the same pair once roles and people are rolled up to their state or group,
  as the analysis does; for two directed predicates in the same direction (a symmetric one,
  ``fightsAgainst``, matches either way);
- their predicates are of one family (:func:`family`): the signed super-property (``attacks``
  and ``fightsAgainst`` are both ``conflictsWith``), else the predicate itself;
- their CAMEO roots (first two digits) agree, an empty code agreeing with any;
- their documents' dates are at most ``window`` days apart (``kg/data/events.json``: 1);
  undated reports only within one document;
- they name the same place, when both name one (:func:`places_agree`).

An event is a set of pairwise compatible reports (complete link), so a week of daily strikes
does not chain into one event, and an attack and the retaliation (opposite directions) stay
apart even when a "clashes between" report is compatible with both.

Blocking keeps the cost near-linear: reports are compared only within a block (actor pair and
family), and within a block only inside a run of dates no more than ``window`` apart, where
each report is offered the few events still open (:func:`cluster`). Sorting is the only
super-linear step.

Merging is deterministic and incremental. A run's reports are clustered greedily in an order
fixed by their content (day, the more specific first, then the claim's IRI), and an event's
IRI comes from its first report, so the same reports give the same events whatever order their
documents came in. A store keeps its events in one graph (``graph/events``); :func:`update`
relinks only the runs that added or removed documents (or actors whose roll-up changed) touch.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.analysis import asserted
from kg.model import CKG, EVENT, EVENTS_GRAPH, event_nquads, nquads
from kg.resources import data_path
from kg.vocabulary import roll_up_properties, rolled_up, tie_signs, vocabulary

if TYPE_CHECKING:
    from kg.store import Store

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@lru_cache(maxsize=1)
def settings() -> dict:
    """The merging settings of ``kg/data/events.json`` (the date window, the CAMEO root)."""
    return json.loads(data_path("events.json").read_text(encoding="utf-8"))


def default_window() -> int:
    """Days two dated reports of one event may be apart (``kg/data/events.json``).

    >>> default_window()
    1
    """
    return int(settings()["window_days"])


# ---------------------------------------------------------------------- reports
@dataclass(frozen=True, slots=True)
class Report:
    """One claim as a report of an event.

    ``source`` and ``target`` are its actors rolled up to their state or group; ``directed``
    is False for a symmetric predicate; ``cameo`` the CAMEO root ("19") or ""; ``day`` the
    proleptic ordinal of its document's date (None when undated or dated to a month or year
    only); ``place`` the place it names, as written, and ``place_key`` that place normalised;
    ``outlet`` its document's publisher, else the document.
    """

    claim: str
    doc: str
    source: str
    target: str
    predicate: str
    family: str
    directed: bool = True
    cameo: str = ""
    day: int | None = None
    date: str | None = None
    place: str | None = None
    place_key: str | None = None
    outlet: str = ""
    confidence: float = 1.0
    actors: tuple[str, str] = field(default=("", ""), compare=False)

    @property
    def pair(self) -> tuple[str, str]:
        """The two actors, sorted."""
        a, b = self.source, self.target
        return (a, b) if a <= b else (b, a)

    @property
    def specificity(self) -> int:
        """How much the report pins its event down: a direction, a CAMEO root, a place."""
        return int(self.directed) + bool(self.cameo) + bool(self.place_key)


@lru_cache(maxsize=256)
def family(predicate: str) -> str:
    """The family of a predicate: its signed super-property, else the predicate itself.

    >>> family("attacks"), family("fightsAgainst"), family("supports"), family("meetsWith")
    ('conflictsWith', 'conflictsWith', 'cooperatesWith', 'meetsWith')
    """
    known = vocabulary().predicates.get(predicate)
    return (known.super_property if known else None) or predicate


@lru_cache(maxsize=4096)
def cameo_root(code: object) -> str:
    """The root category of a CAMEO code: its first two digits, "" for none.

    >>> cameo_root("195"), cameo_root("0231"), cameo_root(None), cameo_root("")
    ('19', '02', '', '')
    """
    digits = int(settings()["cameo_root_digits"])
    text = "" if code is None else str(code).strip()
    return text[:digits] if len(text) >= digits and text[:digits].isdigit() else ""


@lru_cache(maxsize=65536)
def day_of(date: object) -> int | None:
    """A document date as a day number (``date.toordinal``); None for no date or a date
    to the month or year only (it cannot be said to be within a day of another).

    >>> day_of("2024-03-05") - day_of("2024-03-04"), day_of("2024-03"), day_of(None)
    (1, None, None)
    """
    text = "" if date is None else str(date)[:10]
    if not _DAY.fullmatch(text):
        return None
    try:
        return _dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(settings()["place_words"])


@lru_cache(maxsize=65536)
def place_key(place: object) -> str | None:
    """A place name normalised for comparison: case, punctuation, kinds of place ("province",
    "countryside") and compass words ("northern") do not count (``kg/data/events.json``).

    >>> place_key("  the Idlib countryside "), place_key("Deir ez-Zor") == place_key("Deir Ez Zor")
    ('idlib', True)
    """
    if not place:
        return None
    words = re.sub(r"[^\w]+", " ", str(place).casefold()).split()
    kept = [w for w in words if w not in _place_words()]
    return " ".join(kept or words) or None


def places_agree(a: str | None, b: str | None) -> bool:
    """Whether two normalised places (:func:`place_key`) can name one place: either is
    missing, or the words of one are all among the words of the other ("Khan Younis" and
    "western Khan Younis camp"). No place hierarchy is consulted.

    >>> places_agree(place_key("Kharkiv"), place_key("Kharkiv oblast")), \\
    ...     places_agree(place_key("Manbij"), place_key("Kobani")), places_agree(None, "kobani")
    (True, False, True)
    """
    if not a or not b or a == b:
        return True
    x, y = set(a.split()), set(b.split())
    return x <= y or y <= x


def report(claim: Mapping, parents: Mapping[str, str] | None = None) -> Report | None:
    """A claim as a report, or None when it reports no event: not asserted, a predicate that
    ties no two actors (``locatedIn``), or both ends rolled up into one actor.

    Parameters
    ----------
    claim : mapping
        ``claim`` (its IRI), ``doc``, ``source``, ``target``, ``predicate`` and optionally
        ``modality`` (or ``negated``), ``confidence``, ``cameo``, ``date``, ``place``,
        ``publisher``: a row of the ``claims`` query, or :func:`record` of a claim.
    parents : mapping, optional
        Role or person → the actor it rolls up into.

    >>> r = report({"claim": "c1", "doc": "d1", "source": "TUR-MIL", "target": "SDF",
    ...             "predicate": "attacks", "cameo": "195", "date": "2024-03-04"},
    ...            {"TUR-MIL": "TUR"})
    >>> r.source, r.target, r.family, r.cameo, r.outlet
    ('TUR', 'SDF', 'conflictsWith', '19', 'd1')
    """
    if not asserted(claim):
        return None
    predicate = str(claim["predicate"])
    if predicate not in tie_signs():
        return None
    parents = parents or {}
    raw = (str(claim["source"]), str(claim["target"]))
    source, target = rolled_up(raw[0], parents), rolled_up(raw[1], parents)
    if source == target:
        return None
    known = vocabulary().predicates.get(predicate)
    date = claim.get("date")
    place = claim.get("place") or None
    return Report(
        claim=str(claim["claim"]),
        doc=str(claim["doc"]),
        source=source,
        target=target,
        predicate=predicate,
        family=family(predicate),
        directed=not (known is not None and known.symmetric),
        cameo=cameo_root(claim.get("cameo")),
        day=day_of(date),
        date=str(date)[:10] if day_of(date) is not None else None,
        place=place,
        place_key=place_key(place),
        outlet=str(claim.get("publisher") or claim["doc"]),
        confidence=float(claim.get("confidence", 1.0)),
        actors=raw,
    )


def reports(claims: Iterable[Mapping], parents: Mapping[str, str] | None = None) -> list[Report]:
    """The reports among ``claims`` (:func:`report`), each claim once."""
    found: dict[str, Report] = {}
    for claim in claims:
        r = report(claim, parents)
        if r is not None:
            found.setdefault(r.claim, r)
    return list(found.values())


def record(claim, document, publisher: str | None = None) -> dict:
    """A :class:`kg.types.Claim` of ``document`` as the mapping :func:`report` takes, its IRI
    and document IRI as a build stores them; uses the claim's ``place`` when it has one."""
    from kg.model import claim_iri, document_iri

    return {
        "claim": str(claim_iri(document, claim)),
        "doc": str(document_iri(document)),
        "source": claim.source.iri,
        "target": claim.target.iri,
        "predicate": claim.predicate,
        "modality": claim.modality,
        "confidence": claim.confidence,
        "cameo": claim.cameo,
        "date": claim.date or document.date,
        "place": getattr(claim, "place", None),
        "publisher": publisher if publisher is not None else document.source,
    }


def compatible(a: Report, b: Report, window: int | None = None) -> bool:
    """Whether two reports can be of one event (the rules in the module's docstring).

    >>> def r(claim, source, target, predicate, date, cameo="19", doc=None):
    ...     return report({"claim": claim, "doc": doc or claim, "source": source,
    ...                    "target": target, "predicate": predicate, "cameo": cameo, "date": date})
    >>> strike = r("a", "ISR", "Hezbollah", "attacks", "2024-01-08")
    >>> compatible(strike, r("b", "ISR", "Hezbollah", "attacks", "2024-01-09", "")), \\
    ...     compatible(strike, r("c", "Hezbollah", "ISR", "attacks", "2024-01-08")), \\
    ...     compatible(strike, r("d", "Hezbollah", "ISR", "fightsAgainst", "2024-01-08")), \\
    ...     compatible(strike, r("e", "ISR", "Hezbollah", "attacks", "2024-01-10"))
    (True, False, True, False)
    """
    window = default_window() if window is None else window
    if a.pair != b.pair or a.family != b.family:
        return False
    if a.directed and b.directed and (a.source, a.target) != (b.source, b.target):
        return False
    if a.cameo and b.cameo and a.cameo != b.cameo:
        return False
    if not places_agree(a.place_key, b.place_key):
        return False
    if a.day is None or b.day is None:
        return a.day is None and b.day is None and a.doc == b.doc
    return abs(a.day - b.day) <= window


def block_key(r: Report) -> str:
    """The block a report is merged in, as stored (``ckg:eventKey``): a hash of its actor
    pair and family, and of its document when it is undated."""
    a, b = r.pair
    text = f"{a}\n{b}\n{r.family}" + ("" if r.day is not None else f"\n{r.doc}")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def _order(r: Report) -> tuple:
    # Day first (an event's first report anchors it); among a day's reports the more specific
    # ones open events and the vaguer ones ("clashes between", no code) join them; the claim's
    # IRI makes the order total and independent of input order.
    return (-1 if r.day is None else r.day, -r.specificity, r.claim)


def runs(members: Sequence[Report], window: int) -> Iterator[list[Report]]:
    """Split reports of one block, in :func:`_order`, into runs: a new run starts where the
    next date is more than ``window`` days after the last one (no event spans such a gap).
    Undated reports (one document's, in their own block) are one run."""
    run: list[Report] = []
    last = None
    for r in members:
        if run and r.day is not None and last is not None and r.day - last > window:
            yield run
            run = []
        run.append(r)
        last = r.day
    if run:
        yield run


class _Forming:
    """An event being formed: its reports and what every later one must agree with. All its
    reports agree pairwise, so it has one direction and one CAMEO root at most; places only
    need to agree word-wise (:func:`places_agree`), so all of them are kept."""

    __slots__ = ("cameo", "direction", "docs", "first", "members", "places", "predicates")

    def __init__(self, r: Report):
        self.members = [r]
        self.first = r.day
        self.direction = (r.source, r.target) if r.directed else None
        self.cameo = r.cameo
        self.places = {r.place_key} if r.place_key else set()
        self.predicates = {r.predicate}
        self.docs = {r.doc}

    def accepts(self, r: Report) -> bool:
        if r.directed and self.direction is not None and self.direction != (r.source, r.target):
            return False
        if r.cameo and self.cameo and r.cameo != self.cameo:
            return False
        return not r.place_key or all(places_agree(r.place_key, p) for p in self.places)

    def affinity(self, r: Report) -> tuple:
        """How well ``r`` fits beyond being compatible: the same place, CAMEO root,
        predicate, direction, document."""
        return (
            bool(r.place_key) and r.place_key in self.places,
            bool(r.cameo) and r.cameo == self.cameo,
            r.predicate in self.predicates,
            r.directed and self.direction == (r.source, r.target),
            r.doc in self.docs,
        )

    def add(self, r: Report) -> None:
        self.members.append(r)
        if r.directed and self.direction is None:
            self.direction = (r.source, r.target)
        self.cameo = self.cameo or r.cameo
        if r.place_key:
            self.places.add(r.place_key)
        self.predicates.add(r.predicate)
        self.docs.add(r.doc)


def _greedy(run: list[Report], window: int) -> list[list[Report]]:
    """Complete-link clustering of one run in its order: each report joins the open event it
    fits best (:meth:`_Forming.affinity`; the earliest on a tie), else opens one."""
    done: list[list[Report]] = []
    forming: list[_Forming] = []
    for r in run:
        if r.day is not None:
            # Events whose first report is too early for this one are closed for good.
            still = []
            for f in forming:
                if f.first is not None and r.day - f.first > window:
                    done.append(f.members)
                else:
                    still.append(f)
            forming = still
        best, fit = None, None
        for f in forming:
            if f.accepts(r):
                a = f.affinity(r)
                if fit is None or a > fit:
                    best, fit = f, a
        if best is None:
            forming.append(_Forming(r))
        else:
            best.add(r)
    done.extend(f.members for f in forming)
    return done


def cluster(items: Iterable[Report], window: int | None = None) -> list[list[Report]]:
    """Group reports into events: pairwise compatible sets (:func:`compatible`), found
    block by block and run by run (:func:`runs`), greedily in a content order.

    Returns the events as lists of reports, each list in its merging order (the first is the
    event's anchor), events sorted by their anchor. The result depends only on the set of
    reports, not their order; each report is compared with the events still open in its run
    only, so the cost is O(n log n) for n reports (the sort) with at most a few open events.

    >>> def r(claim, source, target, predicate, date, cameo="19"):
    ...     return report({"claim": claim, "doc": claim, "source": source, "target": target,
    ...                    "predicate": predicate, "cameo": cameo, "date": date})
    >>> found = cluster([r("a", "ISR", "Hezbollah", "attacks", "2024-01-08"),
    ...                  r("b", "ISR", "Hezbollah", "attacks", "2024-01-09", ""),
    ...                  r("c", "Hezbollah", "ISR", "attacks", "2024-01-09"),
    ...                  r("d", "ISR", "Hezbollah", "attacks", "2024-01-15")])
    >>> [[x.claim for x in event] for event in found]
    [['a', 'b'], ['c'], ['d']]
    """
    window = default_window() if window is None else window
    unique = {r.claim: r for r in items}
    blocks: dict[str, list[Report]] = defaultdict(list)
    for r in unique.values():
        blocks[block_key(r)].append(r)
    events: list[list[Report]] = []
    for members in blocks.values():
        members.sort(key=_order)
        for run in runs(members, window):
            events.extend(_greedy(run, window))
    events.sort(key=lambda e: _order(e[0]))
    return events


# ---------------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class Event:
    """One happening and its reports.

    ``source``/``target`` are its actors (rolled up; for symmetric reports only, in sorted
    order), ``predicate`` what most reports state, ``family`` their family, ``cameo`` their
    CAMEO root, ``place`` the place one of them names; ``first``/``last`` the earliest and
    latest date; ``documents`` the documents reporting it; ``outlets`` how many distinct
    outlets (publishers, a document without one counting alone) did.
    """

    iri: str
    key: str
    source: str
    target: str
    predicate: str
    family: str
    cameo: str
    place: str | None
    first: str | None
    last: str | None
    reports: tuple[Report, ...]
    documents: tuple[str, ...]
    outlets: int


def event_iri(anchor: Report) -> str:
    """An event's IRI, from the claim that anchors it (its first report in merging order):
    content, not a counter, so every build names the same event alike."""
    return str(EVENT[hashlib.sha256(anchor.claim.encode("utf-8")).hexdigest()[:24]])


@lru_cache(maxsize=1)
def _predicate_rank() -> dict[str, int]:
    return {p: i for i, p in enumerate(vocabulary().predicates)}


def event(members: Sequence[Report]) -> Event:
    """The event of reports that :func:`cluster` grouped (its anchor first)."""
    anchor = members[0]
    directed = next((m for m in members if m.directed), None)
    source, target = (directed.source, directed.target) if directed else anchor.pair
    counts = Counter(m.predicate for m in members)
    rank = _predicate_rank()
    predicate = min(counts, key=lambda p: (-counts[p], rank.get(p, len(rank)), p))
    dates = sorted(m.date for m in members if m.date)
    return Event(
        iri=event_iri(anchor),
        key=block_key(anchor),
        source=source,
        target=target,
        predicate=predicate,
        family=anchor.family,
        cameo=next((m.cameo for m in members if m.cameo), ""),
        place=next((m.place for m in members if m.place_key), None),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        reports=tuple(sorted(members, key=lambda m: m.claim)),
        documents=tuple(sorted({m.doc for m in members})),
        outlets=len({m.outlet for m in members}),
    )


def merge(
    claims: Iterable[Mapping],
    *,
    parents: Mapping[str, str] | None = None,
    window: int | None = None,
) -> list[Event]:
    """Link claims that report the same happening into events.

    Parameters
    ----------
    claims : iterable of mapping
        Claims as :func:`report` takes them (rows of the ``claims`` query, or
        :func:`record`); those that report no event are left out.
    parents : mapping, optional
        Role or person → the actor it rolls up into (the analysis's roll-up).
    window : int, optional
        Days two dated reports may be apart (default :func:`default_window`).

    Returns
    -------
    list of Event
        Sorted by their first report.

    >>> claims = [
    ...     {"claim": "c1", "doc": "wire", "source": "TUR-MIL", "target": "SDF",
    ...      "predicate": "attacks", "cameo": "195", "date": "2024-03-04", "publisher": "AP"},
    ...     {"claim": "c2", "doc": "paper", "source": "TUR", "target": "SDF",
    ...      "predicate": "attacks", "cameo": "190", "date": "2024-03-05", "publisher": "AP"},
    ...     {"claim": "c3", "doc": "note", "source": "SDF", "target": "TUR",
    ...      "predicate": "attacks", "cameo": "190", "date": "2024-03-05"}]
    >>> [(e.source, e.target, len(e.reports), e.outlets) for e in merge(claims, parents={"TUR-MIL": "TUR"})]
    [('TUR', 'SDF', 2, 1), ('SDF', 'TUR', 1, 1)]
    """
    return [event(members) for members in cluster(reports(claims, parents), window)]


# ---------------------------------------------------------------------- the store
EVENTS = str(EVENTS_GRAPH)
_CHUNK = 1000

# Every asserted claim of the store with what merging reads (the whole store: OPTIONALs, which
# Oxigraph evaluates over the whole store and joins, are the cheap way here).
_REPORTS = """
SELECT ?claim ?doc ?source ?predicate ?target ?confidence ?cameo ?place ?date ?publisher
WHERE {
  ?claim ckg:modality "asserted" ;
         prov:wasDerivedFrom ?doc ;
         ckg:subject ?source ;
         ckg:predicate ?p ;
         ckg:object ?target ;
         ckg:confidence ?confidence .
  OPTIONAL { ?claim ckg:cameoCode ?cameo }
  OPTIONAL { ?claim ckg:place ?place }
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc dcterms:publisher ?publisher }
  BIND (STRAFTER(STR(?p), "#") AS ?predicate)
}"""

# The same for some claims or documents (a VALUES row where it says {values}): the optional
# values are read off the claim's and the document's own triples, a row each, and gathered in
# Python (:func:`_gather`), because an OPTIONAL would again scan the whole store per chunk
# (0.9 s against tens of milliseconds at 37,000 claims).
_REPORTS_OF = f"""
SELECT ?claim ?doc ?source ?predicate ?target ?confidence ?cprop ?cvalue ?dprop ?dvalue
WHERE {{ {{values}}
  ?claim ckg:modality "asserted" ;
         prov:wasDerivedFrom ?doc ;
         ckg:subject ?source ;
         ckg:predicate ?p ;
         ckg:object ?target ;
         ckg:confidence ?confidence ;
         ?cprop ?cvalue .
  FILTER (?cprop IN (ckg:modality, ckg:cameoCode, ckg:place))
  ?doc ?dprop ?dvalue .
  FILTER (?dprop IN (<{RDF_TYPE}>, dcterms:date, dcterms:publisher))
  BIND (STRAFTER(STR(?p), "#") AS ?predicate)
}}"""


def _gather(rows: Iterable[Mapping]) -> list[dict]:
    """Rows of :data:`_REPORTS_OF` (one per claim value and document value) as rows of
    :data:`_REPORTS` (one per claim)."""
    names = {
        str(CKG.cameoCode): "cameo",
        str(CKG.place): "place",
        "http://purl.org/dc/terms/date": "date",
        "http://purl.org/dc/terms/publisher": "publisher",
    }
    claims: dict[str, dict] = {}
    for row in rows:
        c = claims.get(row["claim"])
        if c is None:
            keep = ("claim", "doc", "source", "predicate", "target", "confidence")
            c = claims[row["claim"]] = {k: row[k] for k in keep}
            c |= dict.fromkeys(("cameo", "place", "date", "publisher"))
        for prop, value in ((row["cprop"], row["cvalue"]), (row["dprop"], row["dvalue"])):
            if prop in names:
                c[names[prop]] = value
    return list(claims.values())


@dataclass(frozen=True)
class Changes:
    """What :func:`update` did: documents linked and unlinked, events written (new or
    rewritten) and dropped, and the reports of the events written."""

    linked: int = 0
    unlinked: int = 0
    written: int = 0
    dropped: int = 0
    reports: int = 0
    # Claim -> the event it reported before, for the stored claims whose event changed (the
    # tally counts claims by event: kg.tally.relink).
    relinked: dict[str, str | None] = field(default_factory=dict)


def _iris(values: Iterable[str]) -> str:
    import pyoxigraph as ox

    # Each value made a checked IRI term and written by pyoxigraph, never pasted as text.
    return " ".join(str(ox.NamedNode(v)) for v in values)


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _select_in(store: Store, template: str, var: str, values: Iterable[str]) -> list[dict]:
    """Rows of ``template`` for each of ``values`` bound to ``?var`` (a ``VALUES`` row put
    where the template says ``{values}``), a chunk of values per query. In a ``GRAPH``
    block the ``VALUES`` goes inside it: outside, with an ``OPTIONAL`` in the block,
    Oxigraph evaluated the whole graph before joining (3 s instead of 13 ms)."""
    rows: list[dict] = []
    for chunk in _chunks(sorted(set(values))):
        rows += store.select(template.replace("{values}", f"VALUES ?{var} {{ {_iris(chunk)} }}"))
    return rows


def hierarchy(store: Store) -> dict[str, str]:
    """Actor → the actor it rolls up into, as the analysis reads it: the ``actors`` query's
    ``parent`` (the least of its ``ckg:partOf``/``ckg:affiliatedWith`` links), asked without
    that query's labels and kinds (a second less at 100,000 claims)."""
    up = "|".join(f"ckg:{p}" for p in roll_up_properties())
    rows = store.select(
        f"""SELECT ?actor (MIN(?p) AS ?parent) WHERE {{
              {{ SELECT DISTINCT ?actor ?p WHERE {{ ?actor {up} ?p }} }}
              FILTER EXISTS {{ ?actor a ckg:Actor }} }}
            GROUP BY ?actor"""
    )
    return {r["actor"]: r["parent"] for r in rows}


def update(
    store: Store, *, parents: Mapping[str, str] | None = None, window: int | None = None
) -> Changes:
    """Bring the store's events up to date with its documents, touching only what changed.

    Documents not linked yet (``ckg:eventsLinked``) have their reports linked to events;
    documents gone since (``kg remove``) are unlinked, and events left without reports
    dropped; reports whose actor now rolls up elsewhere (a new affiliation) move. Only the
    runs of dates (:func:`runs`) that these touch, in the blocks they touch, are clustered
    again, and with the same reports they give the same events as merging everything at once
    (:func:`merge`). A store with no events yet (or from before events) is linked whole.

    Parameters
    ----------
    store : Store
        A writer's session.
    parents : mapping, optional
        The roll-up (default: read from the store, :func:`hierarchy`).
    window : int, optional
        Days two dated reports may be apart (default :func:`default_window`).
    """
    window = default_window() if window is None else window
    parents = hierarchy(store) if parents is None else parents
    stored = set(store.document_graphs())
    linked = {
        r["doc"]
        for r in store.select(
            f"SELECT ?doc WHERE {{ GRAPH <{EVENTS}> {{ ?doc ckg:eventsLinked true }} }}"
        )
    }
    added, removed = sorted(stored - linked), sorted(linked - stored)
    roots = {
        r["actor"]: r["root"]
        for r in store.select(
            f"SELECT ?actor ?root WHERE {{ GRAPH <{EVENTS}> {{ ?actor ckg:eventRoot ?root }} }}"
        )
    }
    moved_actors = sorted(a for a, root in roots.items() if rolled_up(a, parents) != root)
    if not (added or removed or moved_actors):
        return Changes()

    # The reports to place: those of new documents, and those whose actor rolls up elsewhere.
    if not linked:
        rows = store.select(_REPORTS)
    else:
        rows = _gather(_select_in(store, _REPORTS_OF, "doc", added))
    moved = _select_in(
        store,
        f"""SELECT DISTINCT ?claim ?event WHERE {{ {{values}}
              ?claim ckg:subject|ckg:object ?actor .
              GRAPH <{EVENTS}> {{ ?event prov:wasDerivedFrom ?claim }} }}""",
        "actor",
        moved_actors,
    )
    moved_claims = {r["claim"] for r in moved}
    rows += _gather(_select_in(store, _REPORTS_OF, "claim", moved_claims))
    fresh = reports(rows, parents)

    # Events that lose reports: those of removed documents and of moved reports.
    touched = {r["event"] for r in moved}
    touched |= {
        r["event"]
        for r in _select_in(
            store,
            f"SELECT DISTINCT ?event WHERE {{ GRAPH <{EVENTS}> {{ {{values}} ?event ckg:reportedIn ?doc }} }}",
            "doc",
            removed,
        )
    }
    keys = {
        r["key"]
        for r in _select_in(
            store,
            f"SELECT ?key WHERE {{ GRAPH <{EVENTS}> {{ {{values}} ?event ckg:eventKey ?key }} }}",
            "event",
            touched,
        )
    }
    keys |= {block_key(r) for r in fresh}
    old = _events_by_key(store, keys)
    redo = _affected(old, fresh, touched, window)

    # Cluster the affected runs again, with the reports their events had (minus those that
    # moved; claims of removed documents are gone from the store) and the new ones.
    was = {
        r["claim"]: r["event"]
        for r in _select_in(
            store,
            f"SELECT ?claim ?event WHERE {{ GRAPH <{EVENTS}> {{ {{values}} ?event prov:wasDerivedFrom ?claim }} }}",
            "event",
            redo,
        )
    }
    was.update({r["claim"]: r["event"] for r in moved})
    claims = set(was)
    kept = _gather(_select_in(store, _REPORTS_OF, "claim", claims - moved_claims))
    kept = reports(kept, parents)
    events = [event(m) for m in cluster([*kept, *fresh], window)]

    marks = _marks(added, events, moved_actors, parents)
    named = {a for e in events for r in e.reports for a in r.actors} | set(moved_actors)
    store.replace_subjects(
        EVENTS,
        sorted(redo | set(removed) | named),
        event_nquads(events) + nquads(marks, EVENTS_GRAPH),
    )
    written = {e.iri for e in events}
    now = {r.claim: e.iri for e in events for r in e.reports}
    relinked = {c: old for c, old in was.items() if now.get(c) != old}
    return Changes(
        linked=len(added),
        unlinked=len(removed),
        written=len(events),
        dropped=len(redo - written),
        reports=sum(len(e.reports) for e in events),
        relinked=relinked,
    )


def _events_by_key(store: Store, keys: Iterable[str]) -> dict[str, list[tuple]]:
    """The stored events of each block key: ``(first day, last day, iri)``."""
    import pyoxigraph as ox

    found: dict[str, list[tuple]] = defaultdict(list)
    keys = sorted(keys)
    for chunk in _chunks(keys):
        values = " ".join(str(ox.Literal(k)) for k in chunk)
        # The dates are read off the event's own triples, not an OPTIONAL: Oxigraph evaluates
        # an OPTIONAL over every event in the store first (0.9 s for 200 keys at 37,000
        # events, against milliseconds).
        rows = store.select(
            f"""SELECT ?event ?key ?prop ?value WHERE {{ GRAPH <{EVENTS}> {{
                  VALUES ?key {{ {values} }}
                  ?event ckg:eventKey ?key ; ?prop ?value .
                  FILTER (?prop IN (ckg:eventKey, dcterms:date, ckg:lastDate)) }} }}"""
        )
        about: dict[str, dict] = defaultdict(dict)
        for row in rows:
            about[row["event"]][row["prop"]] = row["value"]
            about[row["event"]]["key"] = row["key"]
        for iri, values in about.items():
            first = values.get("http://purl.org/dc/terms/date")
            last = values.get(str(CKG.lastDate))
            found[values["key"]].append((day_of(first), day_of(last), iri))
    return found


def _affected(
    old: Mapping[str, list[tuple]], fresh: list[Report], touched: set[str], window: int
) -> set[str]:
    """The stored events to cluster again: those in a run of dates (per block key) that
    holds a new report or an event losing reports. Events are intervals of days; a run is a
    chain of intervals no more than ``window`` apart, as :func:`runs` cuts reports."""
    new_days: dict[str, list[int | None]] = defaultdict(list)
    for r in fresh:
        new_days[block_key(r)].append(r.day)
    redo: set[str] = set()
    for key in set(old) | set(new_days):
        events = old.get(key, [])
        days = new_days.get(key, [])
        if any(first is None for first, _, _ in events) or any(d is None for d in days):
            # An undated block (one document): one run.
            if days or any(iri in touched for *_, iri in events):
                redo |= {iri for *_, iri in events}
            continue
        items = sorted(
            [(first, last, iri) for first, last, iri in events] + [(d, d, None) for d in days],
            key=lambda x: (x[0], x[1], x[2] or ""),
        )
        run: list[str] = []
        hot = False
        end = None
        for first, last, iri in items:
            if end is not None and first - end > window:
                if hot:
                    redo.update(run)
                run, hot, end = [], False, None
            if iri is None or iri in touched:
                hot = True
            if iri is not None:
                run.append(iri)
            end = last if end is None else max(end, last)
        if hot:
            redo.update(run)
    return redo


def _marks(
    added: Iterable[str],
    events: Iterable[Event],
    moved_actors: Iterable[str],
    parents: Mapping[str, str],
) -> list[tuple]:
    """The bookkeeping triples: documents linked, and the root each named actor was rolled
    up into (to notice when it changes)."""
    from rdflib import Literal, URIRef

    triples = [(URIRef(d), CKG.eventsLinked, Literal(True)) for d in added]
    named = {a for e in events for r in e.reports for a in r.actors} | set(moved_actors)
    triples += [(URIRef(a), CKG.eventRoot, URIRef(rolled_up(a, parents))) for a in sorted(named)]
    return triples


def links(store: Store) -> dict[str, str]:
    """Claim IRI → the IRI of the event it reports, for every linked claim."""
    rows = store.select(
        f"SELECT ?claim ?event WHERE {{ GRAPH <{EVENTS}> {{ ?event prov:wasDerivedFrom ?claim }} }}"
    )
    return {r["claim"]: r["event"] for r in rows}


def annotate(store: Store, claims: list[dict]) -> list[dict]:
    """Give each claim (a row of the ``claims`` query) its ``event`` (IRI, or None when it
    reports none) and its document's ``publisher``, for weighing ties by events and counting
    outlets; returns ``claims``."""
    event_of = links(store)
    publisher = {
        r["doc"]: r["publisher"]
        for r in store.select(
            "SELECT ?doc ?publisher WHERE { ?doc a ckg:Document ; dcterms:publisher ?publisher }"
        )
    }
    for c in claims:
        c["event"] = event_of.get(c["claim"])
        c["publisher"] = publisher.get(c["doc"])
    return claims


def outlet_count(claims: Iterable[Mapping]) -> int:
    """How many outlets the claims come from: distinct publishers, a document without one
    counting as its own outlet.

    >>> outlet_count([{"doc": "a", "publisher": "AP"}, {"doc": "b", "publisher": "AP"},
    ...               {"doc": "c", "publisher": None}])
    2
    """
    return len({c.get("publisher") or f"doc:{c.get('doc')}" for c in claims})


__all__ = [
    "Changes",
    "Event",
    "Report",
    "annotate",
    "block_key",
    "cameo_root",
    "cluster",
    "compatible",
    "day_of",
    "default_window",
    "event",
    "event_iri",
    "family",
    "hierarchy",
    "links",
    "merge",
    "outlet_count",
    "place_key",
    "places_agree",
    "record",
    "report",
    "reports",
    "runs",
    "settings",
    "update",
]
