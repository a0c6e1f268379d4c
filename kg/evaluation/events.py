"""Scoring event merging (:mod:`kg.events`) on a corpus of stories told by several reports.

The corpus (``tests/events/corpus.jsonl``, described in ``tests/events/README.md``) is one
document a line, as ``kg build`` reads it (``id``, ``date``, ``source``: the outlet,
``title``, ``text``), with its ``style`` (wire, statement, dataset) and its ``gold`` claims:
one per event the document reports, with the event's label, the two actors as the text
names them (a state's army is ``actor/TUR-MIL``, rolled up to ``actor/TUR`` when merged, as
a build rolls it up), predicate, CAMEO code and place.

Merging is scored pairwise, as entity-resolution and event-coreference work scores
clustering (Menestrina, Whang & Garcia-Molina 2010, "Evaluating entity resolution results"):
over all pairs of reports, precision is the share of pairs put in one event that the gold
puts in one event, recall the share of gold same-event pairs put in one event.

Two scores, so that merging is judged apart from extraction:

- **gold claims** (:func:`score_gold`): the annotated claims merged as they are, with their
  places, and again without places (as the extractor gives them today);
- **extracted claims** (:func:`score_extracted`): the corpus built with ``kg build`` into a
  temporary store, and the events the store links scored. An extracted claim counts for the
  gold event of its document with the same actor pair (after roll-up; direction too when
  both predicates are directed) and predicate family; one with none (an extraction error)
  is its own gold event, so merging it with anything counts against precision. Coverage says
  how many gold reports have an extracted claim at all.

Both are also given without the stories that only their place tells apart from another
(``apart_only_by_place_from``): claims carry no place yet, so no merging can split those.

Run ``python -m kg.evaluation.events [CORPUS] [--gold-only] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path

from kg import events as ev
from kg.errors import InputError
from kg.vocabulary import rolled_up

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "events" / "corpus.jsonl"


def pairwise(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict:
    """Pairwise precision and recall of a clustering against the gold clustering of the
    same items (each mapped to its cluster's label).

    >>> pairwise({"a": 1, "b": 1, "c": 1, "d": 2}, {"a": "x", "b": "x", "c": "y", "d": "y"})
    {'items': 4, 'predicted_pairs': 3, 'gold_pairs': 2, 'true_pairs': 1, 'precision': 0.3333, 'recall': 0.5, 'f1': 0.4}
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold must label the same items")

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    true = pairs(Counter((predicted[i], gold[i]) for i in predicted))
    made = pairs(Counter(predicted.values()))
    wanted = pairs(Counter(gold.values()))
    precision = true / made if made else 1.0
    recall = true / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "items": len(predicted),
        "predicted_pairs": made,
        "gold_pairs": wanted,
        "true_pairs": true,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def load_corpus(path: str | Path = CORPUS) -> list[dict]:
    """The corpus's documents with their gold claims; a bad file is an InputError."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such corpus file")
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            for key in ("id", "text", "gold"):
                if key not in doc:
                    raise ValueError(f"no {key!r}")
        except ValueError as exc:
            raise InputError(f"{path}:{number}: {exc}") from None
        documents.append(doc)
    return documents


def gold_parents() -> dict[str, str]:
    """The roll-up of the gold's actors: each role to its state (``ckg:partOf`` in the
    gazetteer), as a build rolls them up. Gold claims name the actor the text names (the
    Turkish army, ``actor/TUR-MIL``), so merging them tests the roll-up too."""
    from kg.gazetteer import load_gazetteer

    return {iri: e.part_of for iri, e in load_gazetteer().entries.items() if e.part_of}


def gold_records(corpus: Iterable[Mapping], *, places: bool = True) -> list[dict]:
    """The gold claims as the mappings :func:`kg.events.merge` takes, each with its event's
    label (``event``, kept out of merging) and an identifier of its own."""
    records = []
    for doc in corpus:
        for i, g in enumerate(doc["gold"]):
            records.append(
                {
                    "claim": f"gold:{doc['id']}#{i}",
                    "doc": doc["id"],
                    "source": g["source"],
                    "target": g["target"],
                    "predicate": g["predicate"],
                    "cameo": g.get("cameo", ""),
                    "date": doc.get("date"),
                    "place": g.get("place") if places else None,
                    "publisher": doc.get("source"),
                    "label": g["event"],
                }
            )
    return records


def score_gold(corpus: list[Mapping], *, window: int | None = None) -> dict:
    """Pairwise scores of merging the gold claims, with their places and without."""
    result = {}
    parents = gold_parents()
    for name, places in (("with_places", True), ("without_places", False)):
        records = gold_records(corpus, places=places)
        merged = ev.merge(records, parents=parents, window=window)
        predicted = {r.claim: e.iri for e in merged for r in e.reports}
        gold = {r["claim"]: r["label"] for r in records}
        result[name] = {**pairwise(predicted, gold), "events": len(set(predicted.values()))}
    result["gold_events"] = len({r["label"] for r in gold_records(corpus)})
    return result


def _matches(
    claim: Mapping, g: Mapping, parents: Mapping[str, str], gold: Mapping[str, str]
) -> int:
    """How well an extracted claim (rolled up by the store's ``parents``) matches a gold
    claim of its document (rolled up by the gazetteer's, ``gold``): 2 same family and
    direction, 1 same family and pair either way (one of them symmetric), 0 neither."""
    from kg.vocabulary import symmetric_predicates

    r = ev.report({**claim, "claim": "x", "doc": "x"}, parents)
    if r is None or ev.family(g["predicate"]) != r.family:
        return 0
    source, target = rolled_up(g["source"], gold), rolled_up(g["target"], gold)
    if (r.source, r.target) == (source, target):
        return 2
    either = not r.directed or g["predicate"] in symmetric_predicates()
    return 1 if either and r.pair == tuple(sorted((source, target))) else 0


def score_extracted(corpus: list[Mapping], *, out: str | Path | None = None) -> dict:
    """Build the corpus's documents with ``kg build`` (into ``out``, else a temporary
    folder) and score the events the store links against the gold (see the module
    docstring)."""
    import kg
    from kg import named
    from kg.store import open_published

    gold_of = {d["id"]: d["gold"] for d in corpus}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in corpus), encoding="utf-8"
        )
        folder = Path(out) if out is not None else Path(tmp) / "out"
        kg.build([str(source)], out=folder, progress=False)
        with open_published(folder / "store") as store:
            ids = {d["doc"]: d["id"] for d in store.select(named.get("documents").text)}
            parents = ev.hierarchy(store)
            claims = store.select(named.get("claims").text)
            event_of = ev.links(store)
    gold_roll_up = gold_parents()
    predicted, gold = {}, {}
    found: set[tuple[str, str]] = set()
    unmatched = 0
    for c in claims:
        if c["claim"] not in event_of:
            continue  # not a report of any event (negated, hypothetical, locatedIn...)
        doc = ids[c["doc"]]
        scored = [
            (_matches(c, g, parents, gold_roll_up), i, g)
            for i, g in enumerate(gold_of.get(doc, []))
        ]
        best = max(scored, key=lambda s: (s[0], -s[1]), default=(0, 0, None))
        predicted[c["claim"]] = event_of[c["claim"]]
        if best[0]:
            gold[c["claim"]] = best[2]["event"]
            found.add((doc, best[2]["event"]))
        else:
            gold[c["claim"]] = f"unmatched:{c['claim']}"
            unmatched += 1
    matched = [k for k in predicted if not str(gold[k]).startswith("unmatched:")]
    reports = {(d["id"], g["event"]) for d in corpus for g in d["gold"]}
    return {
        "all_claims": pairwise(predicted, gold),
        "matched_claims": pairwise(
            {k: predicted[k] for k in matched}, {k: gold[k] for k in matched}
        ),
        "reports_extracted": len(found),
        "gold_reports": len(reports),
        "extracted_claims": len(predicted),
        "unmatched_claims": unmatched,
        "events": len(set(predicted.values())),
        "gold_events": len({g for _, g in reports}),
    }


def without_place_only(corpus: list[Mapping]) -> list[Mapping]:
    """The corpus without the documents of stories that only their place tells apart from
    another (``apart_only_by_place_from``): out of reach while claims carry no place."""
    return [d for d in corpus if not d.get("apart_only_by_place_from")]


def corpus_summary(corpus: list[Mapping]) -> dict:
    """What the corpus holds: documents by style, events, reports per event."""
    per_event = Counter(g["event"] for d in corpus for g in d["gold"])
    return {
        "documents": len(corpus),
        "by_style": dict(sorted(Counter(d.get("style", "?") for d in corpus).items())),
        "events": len(per_event),
        "reports": sum(per_event.values()),
        "reports_per_event": dict(sorted(Counter(per_event.values()).items())),
        "outlets": len({d.get("source") for d in corpus}),
        "place_only_documents": len(corpus) - len(without_place_only(corpus)),
    }


def format_scores(result: Mapping) -> str:
    """The scores as the lines ``python -m kg.evaluation.events`` prints."""

    def line(name: str, s: Mapping) -> str:
        return (
            f"  {name:<52} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
            f"({s['true_pairs']}/{s['predicted_pairs']} merged pairs right, "
            f"{s['true_pairs']}/{s['gold_pairs']} gold pairs found, {s['items']} reports)"
        )

    c = result["corpus"]
    styles = ", ".join(f"{n} {s}" for s, n in c["by_style"].items())
    lines = [
        f"corpus: {c['documents']} documents ({styles}) from {c['outlets']} outlets; "
        f"{c['events']} events, {c['reports']} gold reports "
        f"({c['place_only_documents']} documents of a story only its place tells apart)",
        "pairwise merge scores:",
        line("gold claims, with places", result["gold"]["with_places"]),
        line("gold claims, without places", result["gold"]["without_places"]),
        line(
            "gold claims, without places or place-only story",
            result["gold_no_place_only"]["without_places"],
        ),
    ]
    if "extracted" in result:
        x = result["extracted"]
        lines += [
            line("extracted claims (all)", x["all_claims"]),
            line("extracted claims (matched to a gold claim)", x["matched_claims"]),
            line(
                "extracted claims (all), without place-only story",
                result["extracted_no_place_only"]["all_claims"],
            ),
            f"  extraction: {x['reports_extracted']}/{x['gold_reports']} gold reports have an "
            f"extracted claim; {x['extracted_claims']} claims reported events, "
            f"{x['unmatched_claims']} of them match no gold claim; "
            f"{x['events']} events made (gold: {x['gold_events']})",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.evaluation.events", description="Score event merging on a corpus."
    )
    parser.add_argument("corpus", nargs="?", default=str(CORPUS))
    parser.add_argument("--gold-only", action="store_true", help="skip the extractor's claims")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    try:
        corpus = load_corpus(args.corpus)
        rest = without_place_only(corpus)
        result = {
            "corpus": corpus_summary(corpus),
            "gold": score_gold(corpus),
            "gold_no_place_only": score_gold(rest),
        }
        if not args.gold_only:
            result["extracted"] = score_extracted(corpus)
            result["extracted_no_place_only"] = score_extracted(rest)
    except InputError as exc:
        print(f"kg.evaluation.events: error: {exc}", file=sys.stderr)
        return 2
    print(
        json.dumps(result, indent=2) if args.json else format_scores(result),
        end="\n" if args.json else "",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
