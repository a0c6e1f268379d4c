"""The behavioural suite is well formed, and its scorer matches claims as the README says.

No extraction thresholds here: the suite is a report (``python -m kg.evaluation.behaviour``);
the scorer's matching is tested on hand-made claims.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest

from kg.errors import InputError
from kg.evaluation.behaviour import (
    SUITE_DIR,
    Case,
    Item,
    first_span,
    format_misses,
    format_table,
    load_suite,
    load_vocabulary,
    main,
    matches,
    parse_case,
    score_case,
    summarise,
)
from kg.types import Claim, Mention

VOCAB = load_vocabulary()
DEV = {name: SUITE_DIR / name for name in VOCAB["dev_files"]}
HELDOUT = SUITE_DIR / "heldout.jsonl"
SUITE = load_suite([*DEV.values(), HELDOUT])
ALL_CASES = [c for cases in SUITE.values() for c in cases]


# --- the suite -----------------------------------------------------------------------------


def test_ids_and_texts_are_unique_across_the_three_files():
    ids = Counter(c.id for c in ALL_CASES)
    texts = Counter(c.text for c in ALL_CASES)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [t for t, n in texts.items() if n > 1] == []


def test_every_actor_string_occurs_as_whole_words_and_its_ends_are_distinct():
    for case in ALL_CASES:
        for item in case.expect + case.forbid:
            spans = []
            for end in (item.source, item.target):
                assert end in case.text, (case.id, end)
                start, stop = first_span(case.text, end)
                before = case.text[start - 1] if start else " "
                after = case.text[stop] if stop < len(case.text) else " "
                # "Niger" first found inside "Nigerian" would score the wrong mention
                assert not before.isalnum() and not after.isalnum(), (case.id, end)
                spans.append((start, stop))
            (a, b), (c, d) = spans
            assert not (a < d and c < b), (case.id, item)


def test_only_known_names():
    relations, modalities = set(VOCAB["families"]), set(VOCAB["modalities"])
    for path, cases in SUITE.items():
        allowed = {
            DEV["constructions.jsonl"]: set(VOCAB["constructions"]),
            DEV["modality.jsonl"]: set(VOCAB["modality_cases"]),
            HELDOUT: set(VOCAB["constructions"]) | set(VOCAB["modality_cases"]),
        }[path]
        for case in cases:
            assert case.construction in allowed, (path.name, case.id)
            assert case.style in VOCAB["styles"], case.id
            for item in case.expect + case.forbid:
                assert item.relation in relations and item.modality in modalities, case.id


@pytest.mark.parametrize(
    ("path", "names", "minimum"),
    [
        ("constructions.jsonl", VOCAB["constructions"], 22),
        ("modality.jsonl", VOCAB["modality_cases"], 22),
        ("heldout.jsonl", VOCAB["constructions"] + VOCAB["modality_cases"], 10),
    ],
)
def test_every_category_has_enough_cases_in_all_three_styles(path, names, minimum):
    cases = SUITE[SUITE_DIR / path]
    counts = Counter(c.construction for c in cases)
    for name in names:
        assert counts[name] >= minimum, (path, name, counts[name])
        styles = Counter(c.style for c in cases if c.construction == name)
        assert set(styles) == set(VOCAB["styles"]), (path, name, styles)
        # roughly a third each: no style below a fifth of the category
        assert min(styles.values()) >= counts[name] / 5, (path, name, styles)


def test_modality_cases_expect_the_modal_act_and_forbid_its_asserted_reading():
    for case in ALL_CASES:
        if case.construction not in VOCAB["modality_cases"]:
            continue
        forbidden = {
            (f.source, f.relation, f.target) for f in case.forbid if f.modality == "asserted"
        }
        if case.construction == "ended":
            assert forbidden, case.id
            continue
        modal = [e for e in case.expect if e.modality == case.construction]
        assert modal, case.id
        for e in modal:
            assert (e.source, e.relation, e.target) in forbidden, (case.id, e)


def test_place_not_actor_cases_all_forbid_a_reading():
    for case in ALL_CASES:
        if case.construction == "place-not-actor":
            assert case.forbid and case.expect, case.id


ISSUE_ATTACKS = [
    ("North Korea attacked Japan.", "North Korea", "Japan"),
    ("Sudan attacked South Sudan.", "Sudan", "South Sudan"),
    ("Russia fired two missiles at Ukraine.", "Russia", "Ukraine"),
    ("The Houthis launched drones at Saudi Arabia.", "Houthis", "Saudi Arabia"),
    ("Ukrainian drones struck Russia early on Wednesday.", "Ukrainian drones", "Russia"),
    ("India and Pakistan exchanged fire.", "India", "Pakistan"),
    ("Gunmen killed 12 villagers in Zamfara.", "Gunmen", "villagers"),
    ("Soldiers repelled an attack by al-Shabaab.", "al-Shabaab", "Soldiers"),
]


@pytest.mark.parametrize(("text", "source", "target"), ISSUE_ATTACKS)
def test_the_issues_sentences_are_in_the_dev_set_as_asserted_attacks(text, source, target):
    dev = [c for p in DEV.values() for c in SUITE[p]]
    (case,) = [c for c in dev if c.text == text]
    assert Item(source, "attack", target, "asserted") in case.expect


@pytest.mark.parametrize(
    "fragment",
    [
        "Iran threatened to strike Israel",
        "Israel may strike Iran",
        "If North Korea shells South Korea",
        "China has no plans to attack Taiwan",
        "The war between Iran and Iraq ended",
    ],
)
def test_the_issues_modal_sentences_forbid_an_asserted_attack(fragment):
    cases = [c for c in SUITE[DEV["modality.jsonl"]] if c.text.startswith(fragment)]
    assert cases
    for case in cases:
        assert any(f.relation == "attack" and f.modality == "asserted" for f in case.forbid)


# --- the scorer on hand-made claims ----------------------------------------------------------


def mention(text: str, needle: str, label: str | None = None, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Mention(needle, start, start + len(needle), f"actor:{needle}", label or needle, "State")


def claim(text, source, predicate, target, *, negated=False, **kw) -> Claim:
    kw.setdefault("modality", "negated" if negated else "asserted")
    return Claim(
        "doc", source, predicate, target, "negative", negated, 0.9, 0, len(text), text, **kw
    )


NK = "North Korea attacked Japan."


def test_direction_matters_for_attacks_but_not_for_symmetric_predicates():
    item = Item("North Korea", "attack", "Japan")
    nk, jp = mention(NK, "North Korea"), mention(NK, "Japan")
    assert matches(item, claim(NK, nk, "attacks", jp), NK)
    assert not matches(item, claim(NK, jp, "attacks", nk), NK)
    assert matches(item, claim(NK, jp, "fightsAgainst", nk), NK)


@pytest.mark.parametrize(
    ("relation", "predicate", "expected"),
    [
        ("attack", "attacks", True),
        ("attack", "fightsAgainst", True),
        ("attack", "opposes", False),
        ("oppose", "opposes", True),
        ("support", "supports", True),
        ("support", "alliedWith", False),
        ("ally", "alliedWith", True),
        ("meet", "meetsWith", True),
        ("member", "memberOf", True),
        ("lead", "leads", True),
    ],
)
def test_relation_families(relation, predicate, expected):
    text = "Iran and Iraq."
    item = Item("Iran", relation, "Iraq")
    c = claim(text, mention(text, "Iran"), predicate, mention(text, "Iraq"))
    assert matches(item, c, text) is expected


def test_symmetric_family_members_match_either_way_directed_ones_do_not():
    text = "Russia and Belarus signed a treaty."
    ru, by = mention(text, "Russia"), mention(text, "Belarus")
    ally = Item("Russia", "ally", "Belarus")
    assert matches(ally, claim(text, by, "alliedWith", ru), text)
    support = Item("Russia", "support", "Belarus")
    assert not matches(support, claim(text, by, "supports", ru), text)
    meet = Item("Russia", "meet", "Belarus")
    assert matches(meet, claim(text, by, "meetsWith", ru), text)


def test_ends_match_by_overlap_with_the_first_occurrence_or_by_label():
    text = "Sudan attacked South Sudan."
    item = Item("Sudan", "attack", "South Sudan")
    sudan, south = mention(text, "Sudan"), mention(text, "South Sudan")
    assert matches(item, claim(text, sudan, "attacks", south), text)
    # "Sudan" inside "South Sudan" is not the first occurrence: the reverse claim fails
    assert not matches(item, claim(text, south, "attacks", sudan), text)
    # a part of the phrase overlaps it
    part = mention(text, "South")
    assert matches(item, claim(text, sudan, "attacks", part), text)
    # a mention elsewhere counts when its label is the string, case aside
    text2 = "Khartoum attacked Juba."
    item2 = Item("Khartoum", "attack", "Juba")
    kh = mention(text2, "Khartoum", label="khartoum")
    elsewhere = replace(mention(text2, "attacked"), label="JUBA")
    assert matches(item2, claim(text2, kh, "attacks", elsewhere), text2)
    unrelated = mention(text2, "attacked", label="Sudan")
    assert not matches(item2, claim(text2, kh, "attacks", unrelated), text2)


def test_modality_must_agree():
    text = "Iran threatened to strike Israel."
    ir, il = mention(text, "Iran"), mention(text, "Israel")
    plain = claim(text, ir, "attacks", il)
    negated = claim(text, ir, "attacks", il, negated=True)
    threatened = claim(text, ir, "attacks", il, modality="threatened")
    assert matches(Item("Iran", "attack", "Israel", "asserted"), plain, text)
    assert not matches(Item("Iran", "attack", "Israel", "asserted"), negated, text)
    assert matches(Item("Iran", "attack", "Israel", "negated"), negated, text)
    assert matches(Item("Iran", "attack", "Israel", "threatened"), threatened, text)
    assert not matches(Item("Iran", "attack", "Israel", "asserted"), threatened, text)


def test_forbidden_items_are_violated_only_by_their_modality_and_count_once():
    text = "Iran threatened to strike Israel."
    case = parse_case(
        {
            "id": "t-1",
            "construction": "threatened",
            "style": "wire",
            "text": text,
            "expect": [
                {
                    "source": "Iran",
                    "relation": "attack",
                    "target": "Israel",
                    "modality": "threatened",
                }
            ],
            "forbid": [{"source": "Iran", "relation": "attack", "target": "Israel"}],
        }
    )
    assert case.forbid[0].modality == "asserted"
    ir, il = mention(text, "Iran"), mention(text, "Israel")
    good = score_case(case, [claim(text, ir, "attacks", il, modality="threatened")])
    assert good.found == case.expect and good.violations == ()
    bad = score_case(case, [claim(text, ir, "attacks", il), claim(text, ir, "fightsAgainst", il)])
    assert bad.missed == case.expect and len(bad.violations) == 1


def test_summary_rows_and_printouts():
    text = "Sudan attacked South Sudan."
    sudan, south = mention(text, "Sudan"), mention(text, "South Sudan")
    hit = Case(
        "a-1",
        "active",
        "event",
        text,
        (Item("Sudan", "attack", "South Sudan"),),
        (Item("South Sudan", "attack", "Sudan"),),
    )
    miss = Case("a-2", "active", "wire", "Chad met Niger.", (Item("Chad", "meet", "Niger"),))
    ended = Case("e-1", "ended", "wire", "The war ended.", (), ())
    results = [
        score_case(
            hit, [claim(text, sudan, "attacks", south), claim(text, south, "attacks", sudan)]
        ),
        score_case(miss, []),
        score_case(ended, []),
    ]
    summary = summarise(results)
    assert list(summary["rows"]) == ["active", "ended"]
    active = summary["rows"]["active"]
    assert (active["cases"], active["expected"], active["found"]) == (2, 2, 1)
    assert active["recall"] == 0.5
    assert (active["forbidden"], active["false_assertions"]) == (1, 1)
    assert active["false_assertion_rate"] == 0.5
    assert summary["rows"]["ended"]["recall"] is None
    assert summary["total"]["cases"] == 3
    table = format_table({"path": "x.jsonl", **summary})
    assert table.splitlines()[-1].split()[:4] == ["total", "3", "2", "1"]
    misses = format_misses(results)
    assert "Chad met Niger." in misses and "claims:    (none)" in misses
    assert "forbidden: South Sudan attack Sudan (asserted)  <- South Sudan attacks Sudan" in misses


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"construction": "sideways"}, "unknown construction"),
        ({"style": "blog"}, "unknown style"),
        (
            {"expect": [{"source": "Chad", "relation": "hug", "target": "Niger"}]},
            "unknown relation",
        ),
        (
            {"expect": [{"source": "Chad", "relation": "meet", "target": "Mali"}]},
            "does not occur",
        ),
        (
            {
                "forbid": [
                    {"source": "Chad", "relation": "meet", "target": "Niger", "modality": "maybe"}
                ]
            },
            "unknown modality",
        ),
        ({"expcet": []}, "unknown field"),
    ],
)
def test_malformed_cases_are_one_line_errors(change, message):
    raw = {"id": "x", "construction": "active", "style": "wire", "text": "Chad met Niger."}
    with pytest.raises(InputError, match=message):
        parse_case({**raw, **change}, "f.jsonl:1")


def test_command_line_reports_bad_files_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"\n', encoding="utf-8")
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.jsonl:1: not JSON" in err
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
    dup = tmp_path / "dup.jsonl"
    line = json.dumps({"id": "d", "construction": "active", "style": "wire", "text": "A."})
    dup.write_text(line + "\n" + line + "\n", encoding="utf-8")
    assert main([str(dup)]) == 2
    assert "duplicate id" in capsys.readouterr().err


@pytest.mark.slow
def test_command_line_runs_the_extractor_and_prints_json(tmp_path, capsys):
    cases = tmp_path / "two.jsonl"
    rows = [
        {
            "id": "s-1",
            "construction": "active",
            "style": "event",
            "text": "North Korea attacked Japan.",
            "expect": [{"source": "North Korea", "relation": "attack", "target": "Japan"}],
        },
        {
            "id": "s-2",
            "construction": "ended",
            "style": "wire",
            "text": "The war between Iran and Iraq ended in 1988.",
            "forbid": [{"source": "Iran", "relation": "attack", "target": "Iraq"}],
        },
    ]
    cases.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main([str(cases), "--json", "--show-misses"]) == 0
    report = json.loads(capsys.readouterr().out)
    (entry,) = report["files"]
    assert list(entry["rows"]) == ["active", "ended"]
    assert entry["total"]["cases"] == 2 and entry["total"]["expected"] == 1
    assert entry["total"]["forbidden"] == 1
    assert all("claims" in m for m in entry["misses"])
