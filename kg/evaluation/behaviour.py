"""The behavioural suite: invented news sentences and the claims they must and must not yield.

A CheckList-style test of capabilities (Ribeiro et al., 2020, "Beyond Accuracy: Behavioral
Testing of NLP Models with CheckList", ACL): each case of ``tests/behaviour/*.jsonl`` is one
or two sentences written for one construction ("Y was attacked by X", "X-backed Y", ...) or
one modality ("X threatened to strike Y", ...), with the claims it supports (``expect``) and
the claims a careless reading would produce (``forbid``). :func:`run` extracts every case with
the pipeline and scores recall of the expectations and the share of cases with a forbidden
claim, per construction or modality. Matching rules: :func:`matches`; the format and the
suite's purpose: ``tests/behaviour/README.md``.

Run ``python -m kg.evaluation.behaviour [FILES...] [--json] [--show-misses]``. The exit
status is 0 whatever the scores (a report, not a gate); unreadable or malformed case files
are a one-line error and status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError
from kg.resources import data_path
from kg.types import Claim, Mention

# The suite is test data of the repository, not of the package: found from the source tree.
SUITE_DIR = Path(__file__).resolve().parents[2] / "tests" / "behaviour"

CASE_KEYS = {"id", "construction", "style", "text", "expect", "forbid", "note"}
ITEM_KEYS = {"source", "relation", "target", "modality"}


@lru_cache(maxsize=1)
def load_vocabulary() -> dict:
    """``kg/data/behaviour.json``: relation families, modalities, styles, case categories."""
    with open(data_path("behaviour.json"), encoding="utf-8") as fh:
        return json.load(fh)


def dev_files() -> list[Path]:
    """The development files, the default of :func:`main`."""
    return [SUITE_DIR / name for name in load_vocabulary()["dev_files"]]


@dataclass(frozen=True)
class Item:
    """One expected or forbidden claim: two actor strings of the text, a family, a modality."""

    source: str
    relation: str
    target: str
    modality: str = "asserted"

    def describe(self) -> str:
        return f"{self.source} {self.relation} {self.target} ({self.modality})"

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "relation": self.relation,
            "target": self.target,
            "modality": self.modality,
        }


@dataclass(frozen=True)
class Case:
    """One invented text with what it must yield (``expect``) and must not (``forbid``)."""

    id: str
    construction: str
    style: str
    text: str
    expect: tuple[Item, ...] = ()
    forbid: tuple[Item, ...] = ()


def _item(raw: object, text: str, where: str, vocab: dict) -> Item:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: an expect/forbid item must be an object")
    unknown = set(raw) - ITEM_KEYS
    if unknown:
        raise InputError(f"{where}: unknown item field(s) {', '.join(sorted(unknown))}")
    for key in ("source", "relation", "target"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise InputError(f"{where}: item needs a non-empty string {key!r}")
    item = Item(raw["source"], raw["relation"], raw["target"], raw.get("modality", "asserted"))
    if item.relation not in vocab["families"]:
        raise InputError(f"{where}: unknown relation {item.relation!r}")
    if item.modality not in vocab["modalities"]:
        raise InputError(f"{where}: unknown modality {item.modality!r}")
    for end in (item.source, item.target):
        if end not in text:
            raise InputError(f"{where}: {end!r} does not occur in the text")
    return item


def parse_case(raw: object, where: str = "case") -> Case:
    """A :class:`Case` from one decoded JSON line, checked against the vocabulary."""
    vocab = load_vocabulary()
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a case must be a JSON object")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise InputError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("id", "construction", "style", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise InputError(f"{where}: needs a non-empty string {key!r}")
    if raw["construction"] not in vocab["constructions"] + vocab["modality_cases"]:
        raise InputError(f"{where}: unknown construction {raw['construction']!r}")
    if raw["style"] not in vocab["styles"]:
        raise InputError(f"{where}: unknown style {raw['style']!r}")
    items = {}
    for key in ("expect", "forbid"):
        value = raw.get(key, [])
        if not isinstance(value, list):
            raise InputError(f"{where}: {key!r} must be a list")
        items[key] = tuple(_item(v, raw["text"], f"{where} ({key})", vocab) for v in value)
    return Case(
        raw["id"], raw["construction"], raw["style"], raw["text"], items["expect"], items["forbid"]
    )


def load_cases(path: str | Path) -> list[Case]:
    """The cases of one JSON-lines file (blank lines skipped); ids unique within it."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    return load_suite_lines([(f"{path}:{n}", line) for n, line in enumerate(lines, 1)])


def load_suite_lines(lines: Iterable[tuple[str, str]]) -> list[Case]:
    """Cases from ``(where, json_line)`` pairs; a duplicate id is an error."""
    cases, seen = [], set()
    for where, line in lines:
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        case = parse_case(raw, where)
        if case.id in seen:
            raise InputError(f"{where}: duplicate id {case.id!r}")
        seen.add(case.id)
        cases.append(case)
    return cases


def load_suite(paths: Sequence[str | Path]) -> dict[Path, list[Case]]:
    """The cases of several files, by file; ids must be unique across all of them."""
    suite: dict[Path, list[Case]] = {}
    seen: dict[str, Path] = {}
    for path in map(Path, paths):
        cases = load_cases(path)
        for case in cases:
            if case.id in seen:
                raise InputError(f"{path}: id {case.id!r} also in {seen[case.id]}")
            seen[case.id] = path
        suite[path] = cases
    return suite


def first_span(text: str, needle: str) -> tuple[int, int]:
    """The character span of the first (case-sensitive) occurrence of ``needle`` in ``text``.

    >>> first_span("Sudan attacked South Sudan.", "South Sudan")
    (15, 26)
    >>> first_span("Sudan attacked South Sudan.", "Sudan")
    (0, 5)
    """
    start = text.find(needle)
    if start < 0:
        raise ValueError(f"{needle!r} not in text")
    return start, start + len(needle)


def claim_modality(claim: Claim) -> str:
    """The claim's modality (one of :data:`kg.types.MODALITIES`)."""
    return claim.modality


def end_matches(mention: Mention, expected: str, text: str) -> bool:
    """A claim end stands for an expected actor string.

    It does when its span overlaps the first occurrence of the string in the text, or its
    resolved label is the string (case-insensitive).
    """
    start, end = first_span(text, expected)
    if mention.start < end and start < mention.end:
        return True
    return mention.label.casefold() == expected.casefold()


@lru_cache(maxsize=1)
def _symmetric() -> frozenset[str]:
    from kg.vocabulary import symmetric_predicates

    return symmetric_predicates()


def matches(
    item: Item,
    claim: Claim,
    text: str,
    *,
    families: Mapping[str, Sequence[str]] | None = None,
    symmetric: Iterable[str] | None = None,
) -> bool:
    """Whether ``claim`` is the claim ``item`` describes, in ``text``.

    (a) the predicate is in the item's relation family (``kg/data/behaviour.json``);
    (b) each end matches its string (:func:`end_matches`); (c) direction: source to source
    and target to target, or either way round for a symmetric predicate (an
    ``owl:SymmetricProperty`` of the ontology: fightsAgainst, alliedWith, meetsWith);
    (d) the claim's modality (:func:`claim_modality`) equals the item's.
    """
    families = families if families is not None else load_vocabulary()["families"]
    symmetric = frozenset(symmetric) if symmetric is not None else _symmetric()
    if claim.predicate not in families[item.relation]:
        return False
    if claim_modality(claim) != item.modality:
        return False
    src, tgt = claim.source, claim.target
    if end_matches(src, item.source, text) and end_matches(tgt, item.target, text):
        return True
    return claim.predicate in symmetric and (
        end_matches(src, item.target, text) and end_matches(tgt, item.source, text)
    )


@dataclass(frozen=True)
class CaseResult:
    """What one case's claims did: expectations found and missed, forbidden claims made."""

    case: Case
    claims: tuple[Claim, ...]
    found: tuple[Item, ...]
    missed: tuple[Item, ...]
    violations: tuple[tuple[Item, Claim], ...]


def score_case(case: Case, claims: Iterable[Claim], **kw) -> CaseResult:
    """Match a case's claims against its expectations and its forbidden claims.

    An expectation is found when some claim matches it (one claim may satisfy several); a
    forbidden item is violated when some claim matches it, and counts once however many do.
    ``kw`` goes to :func:`matches`.
    """
    claims = tuple(claims)
    found, missed, violations = [], [], []
    for item in case.expect:
        hit = any(matches(item, c, case.text, **kw) for c in claims)
        (found if hit else missed).append(item)
    for item in case.forbid:
        bad = next((c for c in claims if matches(item, c, case.text, **kw)), None)
        if bad is not None:
            violations.append((item, bad))
    return CaseResult(case, claims, tuple(found), tuple(missed), tuple(violations))


def _row(results: Sequence[CaseResult]) -> dict:
    expected = sum(len(r.case.expect) for r in results)
    found = sum(len(r.found) for r in results)
    flagged = sum(1 for r in results if r.violations)
    return {
        "cases": len(results),
        "expected": expected,
        "found": found,
        "recall": found / expected if expected else None,
        "forbidden": sum(len(r.case.forbid) for r in results),
        "false_assertions": sum(len(r.violations) for r in results),
        "cases_with_false_assertion": flagged,
        "false_assertion_rate": flagged / len(results) if results else None,
    }


def summarise(results: Sequence[CaseResult]) -> dict:
    """Per-category rows (in the vocabulary's order) and a total row."""
    vocab = load_vocabulary()
    order = vocab["constructions"] + vocab["modality_cases"]
    rows = {
        name: _row([r for r in results if r.case.construction == name])
        for name in order
        if any(r.case.construction == name for r in results)
    }
    return {"rows": rows, "total": _row(results)}


def extract_claims(
    cases: Sequence[Case], gazetteer_files: tuple[str, ...] = ()
) -> dict[str, list[Claim]]:
    """Every case's claims, from one ``extract_documents`` call (one ``nlp.pipe`` run)."""
    from kg.extraction import extract_documents
    from kg.types import Document

    claims: dict[str, list[Claim]] = {c.id: [] for c in cases}
    documents = [Document(c.id, c.text) for c in cases]
    for x in extract_documents(documents, gazetteer_files=gazetteer_files):
        claims[x.document.id].extend(x.claims)
    return claims


def run(paths: Sequence[str | Path], *, gazetteer_files: tuple[str, ...] = ()) -> list[dict]:
    """Load, extract and score files: one ``{"path", "rows", "total", "results"}`` each."""
    suite = load_suite(paths)
    claims = extract_claims([c for cases in suite.values() for c in cases], gazetteer_files)
    report = []
    for path, cases in suite.items():
        results = [score_case(c, claims[c.id]) for c in cases]
        report.append({"path": _shown(path), **summarise(results), "results": results})
    return report


def _shown(path: Path) -> str:
    """The path as given, or relative to the working directory when it lies under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def describe_claim(claim: Claim) -> str:
    """``North Korea attacks Japan (asserted)``, with a resolved label where it differs."""

    def end(m: Mention) -> str:
        return m.text if m.label.casefold() == m.text.casefold() else f"{m.text} [{m.label}]"

    return f"{end(claim.source)} {claim.predicate} {end(claim.target)} ({claim_modality(claim)})"


HEADER = ("cases", "expected", "found", "recall", "forbidden", "false", "FA rate")
LEGEND = (
    "expected/found: expected claims and those matched; forbidden: forbidden claims listed; "
    "false: forbidden claims found (false assertions); FA rate: share of cases with at least one"
)


def format_table(entry: Mapping) -> str:
    """One file's rows as plain text (what the command prints)."""

    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    def line(name: str, r: Mapping) -> str:
        return (
            f"{name:<24}{r['cases']:>7}{r['expected']:>10}{r['found']:>7}{num(r['recall']):>8}"
            f"{r['forbidden']:>11}{r['false_assertions']:>7}{num(r['false_assertion_rate']):>9}"
        )

    head = f"{'':<24}{HEADER[0]:>7}{HEADER[1]:>10}{HEADER[2]:>7}{HEADER[3]:>8}"
    head += f"{HEADER[4]:>11}{HEADER[5]:>7}{HEADER[6]:>9}"
    lines = [entry["path"], head]
    lines += [line(name, r) for name, r in entry["rows"].items()]
    lines.append(line("total", entry["total"]))
    return "\n".join(lines)


def miss_records(results: Iterable[CaseResult]) -> list[dict]:
    """Each case with a missed expectation or a forbidden claim, with all its claims."""
    out = []
    for r in results:
        if not r.missed and not r.violations:
            continue
        out.append(
            {
                "id": r.case.id,
                "construction": r.case.construction,
                "style": r.case.style,
                "text": r.case.text,
                "missed": [i.as_json() for i in r.missed],
                "forbidden_found": [
                    {"item": i.as_json(), "claim": describe_claim(c)} for i, c in r.violations
                ],
                "claims": [describe_claim(c) for c in r.claims],
            }
        )
    return out


def format_misses(results: Iterable[CaseResult]) -> str:
    """Misses and forbidden claims, case by case, with the claims actually produced."""
    blocks = []
    for m in miss_records(results):
        lines = [f"{m['id']} [{m['style']}] {m['text']}"]
        lines += [f"  missed:    {Item(**i).describe()}" for i in m["missed"]]
        lines += [
            f"  forbidden: {Item(**v['item']).describe()}  <- {v['claim']}"
            for v in m["forbidden_found"]
        ]
        lines.append("  claims:    " + ("; ".join(m["claims"]) or "(none)"))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def as_json(report: Sequence[Mapping], *, misses: bool = False) -> dict:
    """The report without claim objects: figures, and the misses when asked for."""
    files = []
    for entry in report:
        item = {"path": entry["path"], "rows": entry["rows"], "total": entry["total"]}
        if misses:
            item["misses"] = miss_records(entry["results"])
        files.append(item)
    return {"files": files}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the tables (or JSON); 0 whatever the scores, 2 on bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m kg.evaluation.behaviour",
        description="Score the extractor on the behavioural suite (tests/behaviour).",
    )
    parser.add_argument("files", nargs="*", help="case files (default: the development files)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="list missed expectations and forbidden claims found, with the claims produced",
    )
    args = parser.parse_args(argv)
    try:
        report = run(args.files or dev_files())
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(as_json(report, misses=args.show_misses), indent=2, ensure_ascii=False))
        return 0
    for entry in report:
        print(format_table(entry))
        print()
        if args.show_misses:
            text = format_misses(entry["results"])
            if text:
                print(text)
                print()
    print(LEGEND)
    return 0


if __name__ == "__main__":
    sys.exit(main())
