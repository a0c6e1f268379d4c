"""People of current conflict news (``scripts/lexicon/people-supplement.jsonl``, merged into
``kg/data/lexicon/people.jsonl``): found by name in wire, official and event-note sentences,
affiliated on the document's date with their state's role or with the armed group they lead,
and with no affiliation outside their terms; never a state actor of their own."""

from __future__ import annotations

import json

import pytest
from test_build_lexicon import bl, words  # noqa: F401  (the build script, its word lists)

from kg.extraction import extract_documents
from kg.gazetteer import curated_people, load_gazetteer, load_people, name_key
from kg.model import ACTOR
from kg.resources import data_path
from kg.types import Document


def mentions(text: str, date: str | None) -> list:
    [x] = extract_documents([Document("d", text, date=date)])
    return list(x.mentions)


def person(text: str, date: str | None, surface: str):
    """The mention whose text is ``surface`` (exactly one), which must be a person."""
    [m] = [m for m in mentions(text, date) if m.text == surface]
    assert m.kind == "Person", m
    return m


def actor(local: str) -> str:
    return str(ACTOR[local])


@pytest.mark.parametrize(
    ("date", "text", "surface", "affiliation"),
    [
        # wire
        (
            "2024-03-01",
            "Zelensky urged Western allies to send more air defence.",
            "Zelensky",
            "UKR-GOV",
        ),
        ("2024-05-10", "Hemedti's forces besieged El Fasher.", "Hemedti", "RSF"),
        ("2025-03-01", "Trump threatened Iran with military action.", "Trump", "USA-GOV"),
        ("2023-06-24", "Prigozhin's fighters seized Rostov-on-Don.", "Prigozhin", "Wagner"),
        ("2024-12-01", "Fidan met Blinken in Ankara on Friday.", "Blinken", "USA-GOV"),
        ("2024-12-01", "Fidan met Blinken in Ankara on Friday.", "Fidan", "TUR-GOV"),
        # official statement
        (
            "2025-04-02",
            "The Office of the President said Zelenskyy had spoken with Emmanuel Macron by phone.",
            "Emmanuel Macron",
            "FRA-GOV",
        ),
        (
            "2023-11-05",
            "Hezbollah leader Hassan Nasrallah warned Israel in a televised speech.",
            "Hassan Nasrallah",
            "Hezbollah",
        ),
        (
            "2025-02-10",
            "In a statement, Naim Qassem said Hezbollah would not disarm.",
            "Naim Qassem",
            "Hezbollah",
        ),
        (
            "2025-03-10",
            "The Presidency announced that Ahmed al-Sharaa met Turkish officials in Ankara.",
            "Ahmed al-Sharaa",
            "SYR-GOV",
        ),
        # event-dataset note
        (
            "2024-01-15",
            "On 15 January 2024, Houthi leader Abdul-Malik al-Houthi vowed to keep attacking "
            "ships in the Red Sea.",
            "Abdul-Malik al-Houthi",
            "Houthis",
        ),
        (
            "2024-06-10",
            "On 10 June 2024, Abu Mohammad al-Jolani said HTS fighters had captured a village "
            "near Saraqib.",
            "Abu Mohammad al-Jolani",
            "HTS",
        ),
        (
            "2024-09-12",
            "On 12 September 2024, SAF under Burhan shelled RSF positions in Omdurman. "
            "Fatalities: 4.",
            "Burhan",
            "SDN-GOV",
        ),
    ],
)
def test_a_current_leader_speaks_for_their_role_or_group(date, text, surface, affiliation):
    assert person(text, date, surface).affiliation == actor(affiliation)


def test_a_leaders_name_is_never_a_state_and_acts_as_a_person():
    found = mentions("Biden condemned Russia.", "2023-06-01")
    assert [(m.text, m.kind) for m in found] == [("Biden", "Person"), ("Russia", "State")]
    assert found[0].label == "Joe Biden"
    assert found[0].affiliation == actor("USA-GOV")
    [x] = extract_documents([Document("d", "Trump threatened Iran with military action.")])
    assert {(c.source.label, c.target.iri) for c in x.claims} >= {("Donald Trump", actor("IRN"))}


@pytest.mark.parametrize(
    ("date", "text", "surface"),
    [
        ("2018-06-01", "Biden condemned Russia.", "Biden"),  # between his terms
        ("2022-01-10", "Netanyahu criticised the government.", "Netanyahu"),  # in opposition
        ("2025-02-01", "Yahya Sinwar's deputies rejected the proposal.", "Yahya Sinwar"),  # dead
        ("2019-05-01", "Zelensky urged Western allies to send more air defence.", "Zelensky"),
    ],
)
def test_outside_their_term_a_person_is_not_affiliated(date, text, surface):
    assert person(text, date, surface).affiliation is None


def test_a_leader_moves_from_group_to_government_with_the_date():
    text = "Ahmed al-Sharaa met Turkish officials in Ankara."
    assert person(text, "2023-05-01", "Ahmed al-Sharaa").affiliation == actor("HTS")
    assert person(text, "2025-03-10", "Ahmed al-Sharaa").affiliation == actor("SYR-GOV")
    # one person under both names
    assert load_people()[name_key("Jolani")] is load_people()[name_key("Ahmed al-Sharaa")]


def curated_rows() -> list[dict]:
    rows = []
    for line in (data_path("lexicon") / "people.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "people-supplement.jsonl" in row["source"]:
            rows.append(row)
    return rows


def test_curated_people_in_the_lexicon():
    rows = curated_rows()
    assert len(rows) >= 250
    gazetteer = load_gazetteer()
    for row in rows:
        for role in row["roles"]:
            if role.get("actor"):  # a group's leader: the group is a gazetteer actor
                assert actor(role["actor"]) in gazetteer.entries, row["name"]
                assert role["state"] is None
            if role["from"] and role["to"]:
                assert role["from"] <= role["to"], row["name"]
    # stale Phoenix terms are gone: Biden was not in office from 2017 to 2021
    biden = load_people()[name_key("Biden")]
    assert biden.role_at("2019-01-01") is None
    assert biden.role_at("2022-01-01") == ("USA", "GOV", None)


def test_the_ruler_marks_no_actor_name_as_a_curated_person():
    gazetteer = load_gazetteer()
    named = [(iri, n) for iri, names in curated_people() for n in names]
    assert len(named) > 500
    assert [(iri, n) for iri, n in named if gazetteer.lookup(n) is not None] == []
    # titled names are left to the resolver, which reads the title
    assert "Prime Minister Netanyahu" not in {n for _, n in named}


def test_surnames_that_name_several_people_or_common_words_stay_out():
    people = load_people()
    ambiguous = {
        json.loads(line)["alias"]
        for line in (data_path("lexicon") / "ambiguous.jsonl").read_text().splitlines()
    }
    # Shehbaz, Nawaz and Raheel Sharif: no one is "Sharif"
    assert "Sharif" not in {
        a for p in curated_rows() for a in p["aliases"] if p["name"].endswith("Sharif")
    }
    assert name_key("Sharif") not in people or people[name_key("Sharif")].name not in {
        "Shehbaz Sharif",
        "Nawaz Sharif",
        "Raheel Sharif",
    }
    assert {"Gallant", "Haftar"} <= ambiguous  # a common word; Khalifa and Saddam Haftar
    assert people[name_key("Trump")].name == "Donald Trump"  # kept on purpose, capitalised


def test_the_build_merges_a_curated_person_into_phoenixs_spelling(tmp_path, words):  # noqa: F811
    snippet = (
        "RUSSIA_ [RUS]\n"
        "SYRIA_ [SYR]\n"
        "BASHAR_AL_ASSAD_  # CountryInfo.txt\n"
        "\t[SYRGOV >000717]\n"
        "HAFEZ_AL_ASSAD_  # CountryInfo.txt\n"
        "\t[SYRGOV 710312-000610]\n"
    )
    supplement = tmp_path / "people-supplement.jsonl"
    supplement.write_text(
        json.dumps(
            {
                "name": "Bashar al-Assad",
                "aliases": ["Assad"],
                "replaces": True,
                "roles": [
                    {"code": "SYRGOV", "from": "2000-07-17", "to": "2024-12-08", "note": "x"}
                ],
            }
        )
        + "\n"
        + json.dumps(
            {
                "name": "Mohamed Hamdan Dagalo",
                "aliases": ["Hemedti"],
                "roles": [{"actor": "RSF", "from": "2013-08-01", "to": None, "note": "y"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    names = bl.read_json(bl.HERE / "names.json")
    records, _ = bl.parse_actors(snippet, "Phoenix.Countries.actors.txt")
    states = bl.state_codes(records)
    actors = {"Phoenix.Countries.actors.txt": records}
    people, ambiguous, _, report = bl.build_people(actors, states, names, words, supplement)
    got = {p["name"]: p for p in people}
    assad = got["Bashar al-Assad"]  # Phoenix's "Bashar al Assad", under the curated name
    assert "Bashar al Assad" in assad["aliases"]
    assert [(r["from"], r["to"]) for r in assad["roles"]] == [("2000-07-17", "2024-12-08")]
    assert any("replaces the roles of Phoenix's 'Bashar al Assad'" in line for line in report)
    # "Assad" is also Hafez's surname: set aside, not given to either
    assert "Assad" not in assad["aliases"]
    assert {"alias": "Assad", "reason": "several people"}.items() <= ambiguous[0].items()
    [rsf] = got["Mohamed Hamdan Dagalo"]["roles"]
    assert (rsf["actor"], rsf["state"], rsf["code"]) == ("RSF", None, None)
    assert "Hemedti" in got["Mohamed Hamdan Dagalo"]["aliases"]


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ({"actor": "Hezbolah", "from": "2000-01-01"}, "is no id of scripts/gazetteer/"),
        ({"code": "XXXGOV", "from": "2000-01-01"}, "does not begin with a state's code"),
        ({"code": "SYRGOV", "from": "2020-01-01", "to": "2019-01-01"}, "ends"),
        ({"code": "SYRGOV", "from": "2020-13-01"}, "not ISO dates"),
        ({"code": "SYRGOV", "actor": "HTS"}, "a code or an actor"),
    ],
)
def test_the_build_rejects_a_bad_curated_role(tmp_path, words, role, message):  # noqa: F811
    supplement = tmp_path / "people-supplement.jsonl"
    supplement.write_text(json.dumps({"name": "A B", "roles": [role]}) + "\n")
    names = bl.read_json(bl.HERE / "names.json")
    records, _ = bl.parse_actors("SYRIA_ [SYR]\n", "Phoenix.Countries.actors.txt")
    states = bl.state_codes(records)
    with pytest.raises(bl.BuildError, match=message):
        bl.build_people({"x": records}, states, names, words, supplement)
