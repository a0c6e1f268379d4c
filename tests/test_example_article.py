"""What a careful analyst reads in the example article, asserted on the real text."""

from __future__ import annotations

import json

from conftest import AUS, COALITION, ISIL, RUS, SDF, SYR_MIL, USA

from kg.vocabulary import tie_signs

CONFLICT = {"attacks", "fightsAgainst", "opposes"}


def asserted(claims, source, predicates, target, symmetric=False):
    predicates = {predicates} if isinstance(predicates, str) else set(predicates)
    return [
        c
        for c in claims
        if not c.negated
        and c.predicate in predicates
        and (
            (c.source.iri, c.target.iri) == (source, target)
            or (symmetric and (c.source.iri, c.target.iri) == (target, source))
        )
    ]


def test_us_backs_the_sdf(example_claims):
    [claim] = asserted(example_claims, USA, "supports", SDF)
    assert claim.source.text == "US" and claim.target.text == "Syrian Democratic Forces"


def test_sdf_and_is_fight(example_claims):
    assert asserted(example_claims, SDF, {"fightsAgainst", "attacks"}, ISIL, symmetric=True)


def test_regime_forces_attack_the_sdf(example_claims):
    [claim] = asserted(example_claims, SYR_MIL, "attacks", SDF)
    assert claim.source.text == "regime forces"


def test_coalition_strikes_pro_regime_forces(example_claims):
    [claim] = asserted(example_claims, COALITION, "attacks", SYR_MIL)
    assert claim.target.text == "pro-regime ground forces"


def test_australia_is_part_of_the_coalition(example_claims):
    assert asserted(example_claims, AUS, "memberOf", COALITION)


def test_coalition_fights_is(example_claims):
    assert asserted(example_claims, COALITION, CONFLICT, ISIL)


def test_does_not_seek_to_fight_is_a_negation_not_an_attack(example_claims):
    assert not asserted(example_claims, COALITION, CONFLICT, RUS, symmetric=True)
    negated = [c for c in example_claims if c.negated and c.target.iri == RUS]
    assert negated and all(c.source.iri == COALITION for c in negated)
    assert "does not seek to fight" in negated[0].sentence_text


def test_question_is_not_an_assertion(example_claims):
    assert not [c for c in example_claims if c.sentence_text.endswith("?")]


def test_us_and_russian_diplomats_meet(example_claims):
    meetings = [c for c in example_claims if c.predicate == "meetsWith"]
    ends = {(c.source.iri, c.target.iri) for c in meetings}
    # "senior USA and Russian diplomats": each state's diplomats
    assert ("https://w3id.org/conflict-kg/actor/USA-DIP", "https://w3id.org/conflict-kg/actor/RUS-DIP") in ends


def test_russia_opposes_the_us_over_the_shoot_down(example_build):
    hostilities = example_build.report["hostilities"]
    ties = {(t["source_id"], t["target_id"]): t for t in hostilities}
    assert (RUS, USA) in ties
    assert "act of aggression" in json.dumps(ties[(RUS, USA)]["evidence"])


def test_no_positive_tie_between_the_us_side_and_is(example_build):
    us_side = {USA, COALITION, SDF, AUS}
    for tie in example_build.report["alliances"]:
        pair = {tie["source_id"], tie["target_id"]}
        assert not (pair & us_side and ISIL in pair), tie


def test_evidence_offsets_point_into_the_original_text(example_claims, example_text):
    assert example_claims
    for c in example_claims:
        for m in (c.source, c.target):
            assert example_text[m.start : m.end] == m.text
        assert c.sentence_start <= c.source.start < c.sentence_end
        assert 0.0 < c.confidence <= 1.0


def test_us_bloc_holds_the_us_coalition_sdf_and_australia(example_build):
    blocs = [set(b["member_ids"]) for b in example_build.report["blocs"]]
    [us_bloc] = [b for b in blocs if USA in b]
    assert {USA, COALITION, SDF, AUS} <= us_bloc
    assert ISIL not in us_bloc
    assert tie_signs()["memberOf"] == 1  # a member sits with its coalition
