"""kg evaluate: span-overlap scoring of mentions and relations, on a small re3d-shaped folder."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kg.cli import app
from kg.evaluation.entities import is_actor_span, score_mentions
from kg.evaluation.re3d import GoldEntity, GoldRelation
from kg.evaluation.relations import score_relations
from kg.types import Claim, Mention

TEXT = (
    "Russia condemned the United States. "
    "The coalition struck Islamic State fighters near Raqqa. "
    "The jet was not shot down by Turkey."
)


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def mention(text: str) -> Mention:
    s, e = span(text)
    return Mention(text, s, e, f"urn:{text}", text, "State")


def claim(source: str, predicate: str, target: str, negated=False, confidence=0.8) -> Claim:
    polarity = "negative" if predicate in ("opposes", "attacks", "fightsAgainst") else "positive"
    return Claim(
        "d",
        mention(source),
        predicate,
        mention(target),
        polarity,
        negated,
        confidence,
        0,
        10,
        "",
        modality="negated" if negated else "asserted",
    )


def gold(kind: str, source: str, target: str, confidence=1.0) -> GoldRelation:
    return GoldRelation("d", kind, span(source), span(target), source, target, confidence)


def entity(text: str, kind: str, confidence=1.0) -> GoldEntity:
    s, e = span(text)
    return GoldEntity("d", s, e, kind, text, confidence)


def test_relations_match_by_overlap_and_symmetric_types_either_way():
    claims = [
        claim("Russia", "opposes", "United States"),
        # a fight is symmetric: the gold has it the other way round
        claim("Islamic State", "attacks", "coalition"),
        claim("Turkey", "attacks", "jet", negated=True),  # negated: not a prediction
    ]
    golds = [
        gold("Dislikes", "Russia", "the United States"),
        gold("FightingAgainst", "The coalition", "Islamic State fighters"),
    ]
    rows = score_relations(claims, golds)
    assert rows["Dislikes"]["f1"] == 1.0
    assert rows["FightingAgainst"]["f1"] == 1.0
    assert rows["micro"]["predicted"] == 2 and rows["micro"]["f1"] == 1.0
    assert rows["STANCE"]["precision"] == 1.0 and rows["STANCE"]["gold"] == 2


def test_direction_counts_for_directed_types_and_wrong_type_is_a_miss():
    rows = score_relations(
        [claim("United States", "opposes", "Russia"), claim("Russia", "supports", "United States")],
        [gold("Dislikes", "Russia", "United States")],
    )
    assert rows["Dislikes"]["precision"] == 0.0 and rows["Dislikes"]["recall"] == 0.0
    assert rows["Likes"]["precision"] == 0.0
    # STANCE matches at polarity level in either direction: the reversed condemnation counts
    assert rows["STANCE"]["matched_gold"] == 1 and rows["STANCE"]["predicted"] == 2


def test_min_confidence_drops_weak_claims():
    rows = score_relations(
        [claim("Russia", "opposes", "United States", confidence=0.3)],
        [gold("Dislikes", "Russia", "United States")],
        min_confidence=0.5,
    )
    assert rows["Dislikes"]["predicted"] == 0


def test_actor_ends_are_decided_by_the_exact_span_first():
    ents = [entity("Raqqa", "Location"), entity("Islamic State", "Organisation")]
    assert not is_actor_span(span("Raqqa"), ents, ["Organisation"])
    assert is_actor_span(span("Islamic State fighters"), ents, ["Organisation"])
    ents.append(entity("Islamic State fighters", "Location"))
    assert not is_actor_span(span("Islamic State fighters"), ents, ["Organisation"])


def test_mentions_recall_only_confident_gold_and_do_not_punish_disputed_ones():
    ents = [
        entity("Russia", "Organisation"),
        entity("United States", "Location"),  # a place, not an actor
        entity("Turkey", "Organisation", confidence=0.0),  # disputed
    ]
    row = score_mentions(
        {"d": ents},
        {"d": [mention("Russia"), mention("United States"), mention("Turkey")]},
        ["Organisation"],
    )
    assert row["gold"] == 1 and row["recall"] == 1.0
    assert row["predicted"] == 3 and row["matched_predicted"] == 2


def write_re3d(folder, text, entities, relations):
    folder.mkdir(parents=True)
    doc = {"_id": "d", "text": text, "title": "t", "sourceName": "s", "sourceUrl": "u"}
    (folder / "documents.json").write_text(json.dumps(doc) + "\n")
    (folder / "entities.json").write_text("".join(json.dumps(e) + "\n" for e in entities))
    (folder / "relations.json").write_text("".join(json.dumps(r) + "\n" for r in relations))


def test_kg_evaluate_prints_tables_and_json(tmp_path):
    text = "Russia condemned the United States on Monday."
    ents = [
        {
            "documentId": "d",
            "begin": 0,
            "end": 6,
            "type": "Organisation",
            "value": "Russia",
            "confidence": 1,
        },
        {
            "documentId": "d",
            "begin": 17,
            "end": 34,
            "type": "Organisation",
            "value": "the United States",
            "confidence": 1,
        },
    ]
    rels = [
        {
            "documentId": "d",
            "type": "Dislikes",
            "sourceBegin": 0,
            "sourceEnd": 6,
            "source": "Russia",
            "targetBegin": 17,
            "targetEnd": 34,
            "target": "the United States",
            "confidence": 1,
        }
    ]
    write_re3d(tmp_path / "gold" / "src", text, ents, rels)
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    assert "STANCE" in result.output and "baseline" in result.output
    result = runner.invoke(app, ["evaluate", "--gold", str(tmp_path / "gold"), "--format", "json"])
    data = json.loads(result.output)
    assert data["relations"]["Dislikes"]["f1"] == 1.0
    assert data["mentions"]["recall"] == 1.0
    assert data["baseline"]["STANCE"]["gold"] == 1


def test_kg_evaluate_bad_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("kg: error:")
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path / "empty")])
    assert result.exit_code == 2 and "no re3d documents.json" in result.output
