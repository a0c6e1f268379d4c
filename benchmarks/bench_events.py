"""What merging claims into events costs, and that it grows with the claims, not their square.

Synthetic news: stories (one happening each) between actors drawn with a heavy tail (a few
dyads get most of the news, as the US and Islamic State did), over two years; each story is
told by 1-6 reports dated its day or the next, worded as predicates of one family (attacks,
fightsAgainst), some with no CAMEO code, some naming the state's army instead of the state
(rolled up), a third naming a place. Reports are grouped four to a document.

1. ``kg.events.merge`` alone at each size (default 10,000 and 100,000 claims): its time, its
   time with Python's garbage collector paused (the collector's passes grow with the heap, not
   with the merging), the comparisons it makes per claim (a report offered an open event: a
   count no machine load changes, flat when the cost is linear), and the time an all-pairs
   comparison would take (``compatible`` timed on sampled pairs, times n(n-1)/2).
2. With ``--store``: the store step ``kg.events.update`` in an in-memory Oxigraph store,
   linking every claim of a new store, then linking 100 more documents (the incremental case
   of ``kg build``), and unlinking one (``kg remove``).

Usage: python benchmarks/bench_events.py [--sizes 10000 100000] [--store] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import time

from kg import events as ev
from kg.vocabulary import symmetric_predicates

SYMMETRIC = symmetric_predicates()

FAMILIES = {
    "conflict": (["attacks", "attacks", "fightsAgainst"], ["190", "195", "193", "180"]),
    "cooperation": (["supports", "alliedWith"], ["050", "061", "062", "070"]),
    "meeting": (["meetsWith"], ["040", "042", "043"]),
    "criticism": (["opposes"], ["111", "112", "120"]),
}
START = dt.date(2023, 1, 1)


def synthetic_claims(n: int, *, actors: int = 2000, seed: int = 1) -> list[dict]:
    """About ``n`` claims (reports) of synthetic stories; see the module docstring."""
    rng = random.Random(seed)
    weights = [1 / (i + 1) for i in range(actors)]  # Zipf: actor 0 is in the news most
    names = [f"https://example.org/actor/a{i}" for i in range(actors)]
    places = [f"Town {i}" for i in range(300)]
    claims: list[dict] = []
    story = 0
    while len(claims) < n:
        story += 1
        u, v = rng.choices(range(actors), weights, k=2)
        if u == v:
            continue
        family = rng.choice(list(FAMILIES))
        predicates, codes = FAMILIES[family]
        code = rng.choice(codes)
        day = START + dt.timedelta(days=rng.randrange(730))
        place = rng.choice(places) if rng.random() < 0.33 else None
        for _ in range(min(6, 1 + int(rng.expovariate(0.6)))):
            predicate = rng.choice(predicates)
            # A symmetric predicate names the two either way round.
            flip = predicate in SYMMETRIC and rng.random() < 0.5
            source, target = (v, u) if flip else (u, v)
            army = rng.random() < 0.3
            claims.append(
                {
                    "claim": f"https://example.org/claim/{len(claims)}",
                    "doc": "",  # set below
                    "source": names[source] + ("-MIL" if army else ""),
                    "target": names[target],
                    "predicate": predicate,
                    "confidence": round(rng.uniform(0.4, 1.0), 2),
                    "cameo": "" if rng.random() < 0.2 else code,
                    "date": (day + dt.timedelta(days=rng.random() < 0.4)).isoformat(),
                    "place": place if rng.random() < 0.8 else None,
                    "publisher": f"Outlet {rng.randrange(40)}",
                    "story": story,
                }
            )
    claims = claims[:n]
    # Four reports to a document, reports of one day together (as a day's news would be).
    claims.sort(key=lambda c: (c["date"], c["claim"]))
    for i, c in enumerate(claims):
        c["doc"] = f"https://w3id.org/conflict-kg/doc/{c['date']}-{i // 4}"
    parents = {names[i] + "-MIL": names[i] for i in range(actors)}
    for c in claims:
        c["parents"] = parents
    return claims


def timed(fn, *args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start, time.process_time() - cpu


def offers(claims: list[dict]) -> int:
    """How many times a report is offered an open event (``_Forming.accepts``) while the
    claims are merged: the comparisons merging makes, a count no machine load changes."""
    count = 0
    accepts = ev._Forming.accepts

    def counting(self, r):
        nonlocal count
        count += 1
        return accepts(self, r)

    ev._Forming.accepts = counting
    try:
        ev.merge(claims, parents=claims[0]["parents"])
    finally:
        ev._Forming.accepts = accepts
    return count


def paused(fn, *args, **kwargs) -> float:
    """CPU seconds of ``fn`` with Python's cyclic garbage collector paused: the merge's own
    work, without the collector's passes over every live object (which grow with the heap)."""
    gc.collect()
    gc.disable()
    try:
        return timed(fn, *args, **kwargs)[2]
    finally:
        gc.enable()


def bench_merge(sizes: list[int], seed: int) -> None:
    print("kg.events.merge (pure Python, one process)")
    print(
        f"{'claims':>9} {'events':>8} {'wall s':>7} {'cpu s':>7} {'µs/claim':>9} "
        f"{'gc paused':>10} {'µs/claim':>9} {'offers/claim':>13} {'all pairs, est.':>16}"
    )
    for n in sizes:
        claims = synthetic_claims(n, seed=seed)
        parents = claims[0]["parents"]
        events, wall, cpu = timed(ev.merge, claims, parents=parents)
        own = paused(ev.merge, claims, parents=parents)
        reports = ev.reports(claims, parents)
        rng = random.Random(seed)
        sample = [(rng.choice(reports), rng.choice(reports)) for _ in range(200_000)]
        _, pair_wall, _ = timed(lambda pairs=sample: [ev.compatible(a, b) for a, b in pairs])
        all_pairs = pair_wall / len(sample) * n * (n - 1) / 2
        print(
            f"{n:>9,} {len(events):>8,} {wall:>7.2f} {cpu:>7.2f} {cpu / n * 1e6:>9.1f} "
            f"{own:>10.2f} {own / n * 1e6:>9.1f} {offers(claims) / n:>13.2f} {all_pairs:>14,.0f} s"
        )


def _store_with(claims: list[dict]):
    """An in-memory store holding the claims' documents, as a build stores them."""
    from rdflib import Literal, URIRef

    from kg import model
    from kg.model import CKG, DCTERMS, PROV, RDF, SKOS
    from kg.store import open_store

    store = open_store(None)
    by_doc: dict[str, list[dict]] = {}
    for c in claims:
        by_doc.setdefault(c["doc"], []).append(c)
    parents = claims[0]["parents"]
    chunks = []
    for doc, cs in by_doc.items():
        d = URIRef(doc)
        triples = [
            (d, RDF.type, CKG.Document),
            (d, DCTERMS.identifier, Literal(doc.rsplit("/", 1)[-1])),
            (d, DCTERMS.date, Literal(cs[0]["date"])),
            (d, DCTERMS.publisher, Literal(cs[0]["publisher"])),
        ]
        for c in cs:
            node = URIRef(c["claim"])
            sentence = URIRef(c["claim"] + "/sentence")
            triples += [
                (node, RDF.type, CKG.Claim),
                (node, CKG.subject, URIRef(c["source"])),
                (node, CKG.predicate, CKG[c["predicate"]]),
                (node, CKG.object, URIRef(c["target"])),
                (node, CKG.modality, Literal("asserted")),
                (node, CKG.negated, Literal(False)),
                (node, CKG.polarity, Literal("negative")),
                (node, CKG.confidence, Literal(c["confidence"])),
                (node, CKG.sentence, sentence),
                (sentence, CKG.text, Literal("A sentence.")),
                (node, PROV.wasDerivedFrom, d),
            ]
            if c["cameo"]:
                triples.append((node, CKG.cameoCode, Literal(c["cameo"])))
            if c["place"]:
                triples.append((node, CKG.place, Literal(c["place"])))
            for actor in (c["source"], c["target"]):
                triples.append((URIRef(actor), RDF.type, CKG.Actor))
                triples.append((URIRef(actor), SKOS.prefLabel, Literal(actor[-6:], lang="en")))
                if actor in parents:
                    triples.append((URIRef(actor), CKG.partOf, URIRef(parents[actor])))
        chunks.append((doc, model.document_nquads(triples, d)))
    return store, chunks


def bench_store(sizes: list[int], seed: int) -> None:
    print("\nkg.events.update (in-memory Oxigraph store)")
    print(
        f"{'claims':>9} {'link all s':>11} {'+100 docs s':>12} {'reports relinked':>17} {'remove 1 doc s':>15}"
    )
    for n in sizes:
        claims = synthetic_claims(n + 400, seed=seed)
        docs = sorted({c["doc"] for c in claims})
        later = set(random.Random(seed).sample(docs, 100))
        store, chunks = _store_with(claims)
        store.add_nquads([c for c in chunks if c[0] not in later])
        _, link_all, _ = timed(ev.update, store)
        store.add_nquads([c for c in chunks if c[0] in later])
        changes, add_100, _ = timed(ev.update, store)
        store.remove_document(sorted(later)[0])
        _, remove_1, _ = timed(ev.update, store)
        print(
            f"{n:>9,} {link_all:>11.2f} {add_100:>12.2f} {changes.reports:>17,} {remove_1:>15.2f}"
        )
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--store", action="store_true", help="also time the store step")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bench_merge(args.sizes, args.seed)
    if args.store:
        bench_store(args.sizes, args.seed)


if __name__ == "__main__":
    main()
