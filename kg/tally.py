"""The tally: the actor graph kept in the store, as a count of its claims by what the analysis
reads of them.

The analysis reads eight things of a claim: its two actors (as named, before any roll-up), its
predicate, modality, whether it is negated, its document's date, its confidence and the event
it reports (:mod:`kg.events`, to weigh ties by events). The tally
counts the store's claims by these, one *cell* per distinct combination, the cells of one
ordered pair of actors together (their count, and so their summed confidence, signs and
dates). Read as claims with a multiplicity (``count``), its rows give the analysis exactly
what every claim would: the actor graph for any window, confidence threshold or roll-up
(:func:`kg.analysis.actor_graph`), the periods, the mixed ties and the report's counts. Only
the evidence (sentences, titles, mention offsets) is read from the claims themselves, for
the ties a page or report shows.

It lives in the store's graph ``graph/tally`` (one literal per pair of actors, and the
documents counted), so it changes with the documents in the same session: a build counts
the documents it added (only their claims are read), ``kg remove`` takes a document's claims
out before its graph goes, linking events moves the claims whose event changed
(:func:`relink`), ``kg load`` counts everything anew. Counts are integers, so a
tally kept up through any sequence of builds and removals equals one counted from scratch;
rows come in one sorted order, so the analysis adds the same numbers in the same order
either way. Whatever the tally finds it cannot trust (no tally yet, a document counted that
is no longer stored, another version's format) it counts anew from every claim.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kg.model import TALLY
from kg.store import Store

# Bumped when what a cell holds changes: a tally of another version is counted anew.
VERSION = "2"
# A cell: what the analysis reads of a claim, less its two actors (the pair it is filed under).
CELL = ("predicate", "modality", "negated", "date", "confidence", "event")

Pair = tuple[str, str]


@dataclass
class Tally:
    """The cells of each ordered pair of actors (``source, target``) and the documents
    counted. A pair's cells are lists ``[predicate, modality, negated, date, confidence,
    event, count]`` in one sorted order, as stored."""

    pairs: dict[Pair, list[list]] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)

    def add(self, facts: Iterable[Mapping], sign: int = 1) -> set[Pair]:
        """Count (``sign=1``) or uncount (``-1``) claims given as :meth:`Store.claim_facts`
        rows; returns the pairs changed."""
        deltas: dict[Pair, Counter] = {}
        for f in facts:
            deltas.setdefault((f["source"], f["target"]), Counter())[tuple(f[k] for k in CELL)] += (
                sign
            )
        for pair, delta in deltas.items():
            cells = Counter({tuple(c[:-1]): c[-1] for c in self.pairs.get(pair, ())})
            cells.update(delta)
            if any(n < 0 for n in cells.values()):
                raise ValueError(f"the tally of {pair} would go below zero")
            kept = sorted((c for c, n in cells.items() if n > 0), key=_order)
            if kept:
                self.pairs[pair] = [[*c, cells[c]] for c in kept]
            else:
                self.pairs.pop(pair, None)
        return set(deltas)

    def rows(self) -> list[dict]:
        """Every cell as a claim with its ``count``, in one sorted order (pairs, then cells):
        what :func:`kg.analysis.actor_graph` and the rest of the analysis take.

        >>> t = Tally()
        >>> _ = t.add([{"source": "a", "target": "b", "predicate": "supports",
        ...             "modality": "asserted", "negated": False, "date": "2017-03-01",
        ...             "confidence": 0.8, "event": None}] * 2)
        >>> t.rows()  # doctest: +NORMALIZE_WHITESPACE
        [{'source': 'a', 'target': 'b', 'predicate': 'supports', 'modality': 'asserted',
          'negated': False, 'date': '2017-03-01', 'confidence': 0.8, 'event': None,
          'count': 2}]
        """
        out = []
        for source, target in sorted(self.pairs):
            for cell in self.pairs[(source, target)]:
                predicate, modality, negated, date, confidence, event, n = cell
                out.append(
                    {
                        "source": source,
                        "target": target,
                        "predicate": predicate,
                        "modality": modality,
                        "negated": negated,
                        "date": date,
                        "confidence": confidence,
                        "event": event,
                        "count": n,
                    }
                )
        return out


def _order(cell: tuple) -> tuple:
    predicate, modality, negated, date, confidence, event = cell
    return predicate, modality, negated, date or "", confidence, event or ""


def counts(rows: Iterable[Mapping]) -> dict:
    """The report's claim counts from tally rows (or claims): all claims, asserted, negated,
    by modality, and the events they report."""
    from kg.analysis import asserted

    total = kept = negated = 0
    modalities: Counter = Counter()
    events = set()
    for r in rows:
        n = r.get("count", 1)
        total += n
        kept += n * asserted(r)
        negated += n * bool(r["negated"])
        modalities[r["modality"]] += n
        if r.get("event"):
            events.add(r["event"])
    return {
        "claims": total,
        "asserted_claims": kept,
        "negated_claims": negated,
        "claims_by_modality": dict(modalities),
        "events": len(events),
    }


# ---------------------------------------------------------------------- kept in the store
def node(pair: Pair) -> str:
    """The IRI the cells of ``pair`` are stored under."""
    return str(TALLY[hashlib.sha256(f"{pair[0]}\n{pair[1]}".encode()).hexdigest()[:24]])


def encode(pair: Pair, cells: list[list]) -> str:
    """The stored literal of one pair: JSON ``[source, target, [[cell..., count], ...]]``."""
    return json.dumps([pair[0], pair[1], cells], ensure_ascii=False, separators=(",", ":"))


def decode(literals: Iterable[str]) -> dict[Pair, list[list]]:
    """The pairs of stored literals (:func:`encode`), parsed as one JSON array."""
    return {
        (source, target): cells
        for source, target, cells in json.loads("[" + ",".join(literals) + "]")
    }


def read(store: Store) -> Tally | None:
    """The tally as stored, or None if there is none of this version."""
    stored = store.tally()
    if stored is None or stored.version != VERSION:
        return None
    return Tally(decode(stored.pairs.values()), set(stored.documents))


def refresh(store: Store) -> Tally:
    """Bring the stored tally up to date with the documents stored, and return it.

    Documents stored but not yet counted (a build's new ones) are counted, reading only their
    claims; with no tally of this version, or a document counted that is gone, everything is
    counted anew (:func:`recount`)."""
    tally = read(store)
    present = store.documents()
    if tally is None or not tally.documents <= present:
        return recount(store)
    fresh = present - tally.documents
    if fresh:
        facts = store.claim_facts(fresh)
        before = _copies(tally, facts)
        changed = tally.add(facts)
        tally.documents |= fresh
        _write(store, tally, before, changed, counted=fresh)
    return tally


def uncount(store: Store, documents: Iterable[str]) -> None:
    """Take the claims of ``documents`` out of the stored tally, before they are removed
    (then their claims can no longer be read)."""
    documents = set(documents)
    tally = read(store)
    if tally is None or not documents <= tally.documents:
        return  # the next refresh counts anew anyway
    facts = store.claim_facts(documents)
    before = _copies(tally, facts)
    changed = tally.add(facts, sign=-1)
    tally.documents -= documents
    _write(store, tally, before, changed, uncounted=documents)


def relink(store: Store, moved: Mapping[str, str | None]) -> None:
    """Move claims already counted to the events they now report: ``moved`` maps each claim
    whose event link changed (:attr:`kg.events.Changes.relinked`) to the event it reported
    before (or None). Run after the events are linked; claims of documents not counted yet
    (or gone) are left to :func:`refresh` (or were uncounted)."""
    if not moved:
        return  # nothing moved: the stored tally is not read (a large store's is ~1 s)
    tally = read(store)
    if tally is None:
        return  # the next refresh counts anew anyway
    now = [f for f in store.claim_facts(claims=moved) if f["doc"] in tally.documents]
    before_links = [{**f, "event": moved[f["claim"]]} for f in now]
    before = _copies(tally, now)
    try:
        changed = tally.add(before_links, sign=-1) | tally.add(now)
    except ValueError:  # counted with another link than the one recorded: count anew
        recount(store)
        return
    _write(store, tally, before, changed)


def recount(store: Store) -> Tally:
    """Count every claim of the store anew and store the tally (replacing any there)."""
    present = store.documents()
    tally = Tally(documents=present)
    tally.add(store.claim_facts())
    store.replace_tally({node(p): encode(p, c) for p, c in tally.pairs.items()}, present, VERSION)
    return tally


def _copies(tally: Tally, facts: list[Mapping]) -> dict[Pair, list[list]]:
    """The cells, before a change, of the pairs ``facts`` touch."""
    touched = {(f["source"], f["target"]) for f in facts}
    return {p: tally.pairs[p] for p in touched if p in tally.pairs}


def _write(
    store: Store,
    tally: Tally,
    before: Mapping[Pair, list[list]],
    changed: set[Pair],
    counted: Iterable[str] = (),
    uncounted: Iterable[str] = (),
) -> None:
    old = {node(p): encode(p, before[p]) for p in changed if p in before}
    new = {node(p): encode(p, tally.pairs[p]) for p in changed if p in tally.pairs}
    store.update_tally(old, new, counted=counted, uncounted=uncounted)


__all__ = ["CELL", "Tally", "counts", "read", "recount", "refresh", "relink", "uncount"]
