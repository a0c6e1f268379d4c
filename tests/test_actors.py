"""Actors: the generated gazetteer, roles, resolution within and across documents, user
gazetteers. Asserted on the example article and on real sentences of conflict news."""

from __future__ import annotations

import json
import re

import pytest
from conftest import AUS, COALITION, ISIL, RUS, SDF, SYR, SYR_MIL, USA
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS
from typer.testing import CliRunner

from kg.cli import app
from kg.extraction import extract_documents
from kg.gazetteer import compile_gazetteer, load_gazetteer, name_key
from kg.model import ACTOR, CKG
from kg.resources import example_path, ontology_path
from kg.types import Document

USA_MIL = str(ACTOR["USA-MIL"])
SYR_GOV = str(ACTOR["SYR-GOV"])
SYR_REB = str(ACTOR["SYR-REB"])
RUS_DIP = str(ACTOR["RUS-DIP"])
IRQ_GOV = str(ACTOR["IRQ-GOV"])


def mentions_of(*texts: str, gazetteer: tuple[str, ...] = ()) -> list[list]:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    return [list(x.mentions) for x in extract_documents(docs, gazetteer_files=gazetteer)]


@pytest.fixture(scope="module")
def example_mentions():
    text = example_path().read_text(encoding="utf-8")
    [mentions] = mentions_of(text)
    return mentions


@pytest.fixture(scope="module")
def gazetteer_graph() -> Graph:
    return Graph().parse(ontology_path("gazetteer.ttl"), format="turtle")


def root(iri: str) -> str:
    """Roll a role up into its state the way analysis does (ckg:partOf)."""
    gaz = load_gazetteer()
    seen = set()
    while iri in gaz.entries and gaz.entries[iri].part_of and iri not in seen:
        seen.add(iri)
        iri = gaz.entries[iri].part_of
    return iri


# ---------------------------------------------------------------- the example article


def test_each_name_group_of_the_example_is_one_actor(example_mentions):
    groups = {
        USA: {"U.S.", "US", "United States", "American", "Washington"},
        ISIL: {"IS", "ISIS", "Islamic State", "Daesh", "self-proclaimed Islamic State"},
        SYR_MIL: {
            "regime forces",
            "pro-regime forces",
            "pro-regime ground forces",
            "Syrian government troops",
        },
        USA_MIL: {"US forces", "American military", "US military"},
        COALITION: {
            "coalition",
            "the coalition",
            "the Coalition",
            "Coalition",
            "coalition partners",
        },
        RUS: {"Moscow", "Russia", "Russian Federation", "Russian"},
    }
    by_text: dict[str, set[str]] = {}
    for m in example_mentions:
        by_text.setdefault(m.text, set()).add(m.iri)
    for actor, names in groups.items():
        found = {n for n in names if n in by_text}
        assert found == names, (actor, names - found)
        iris = set().union(*(by_text[n] for n in names))
        assert iris == {actor}, (actor, iris)
    # "both USA and Russian forces", "senior USA and Russian diplomats": the state's adjective
    # coordinated with another state's role names that role of its own state
    assert {USA_MIL, USA.replace("/USA", "/USA-DIP")} <= by_text["USA"]


def test_roles_roll_up_into_their_state_and_groups_do_not(example_mentions):
    syria = [
        m
        for m in example_mentions
        if m.text
        in {
            "regime forces",
            "pro-regime forces",
            "Syrian government troops",
            "Syrian regime",
            "Syrian",
            "Syria",
        }
    ]
    assert {root(m.iri) for m in syria} == {SYR}
    assert {
        root(m.iri)
        for m in example_mentions
        if m.text in {"US forces", "American military", "US", "Washington"}
    } == {USA}
    # The SDF, the Syrian government and IS are three actors, also after roll-up.
    sdf = {m.iri for m in example_mentions if m.text in {"SDF", "Syrian Democratic Forces"}}
    assert sdf == {SDF}
    assert len({root(SDF), root(SYR_GOV), root(ISIL)}) == 3
    assert {m.iri for m in example_mentions if m.text == "Syrian regime"} == {SYR_GOV}


def test_example_people_are_tied_to_their_state_role(example_mentions):
    people = {m.text: m for m in example_mentions if m.kind == "Person"}
    assert people["Sergei Ryabkov"].affiliation == RUS_DIP
    assert people["Abdul-Bari Zebari"].affiliation == IRQ_GOV
    assert root(RUS_DIP) == RUS and root(RUS_DIP) != AUS


# ---------------------------------------------------------------- resolution


def test_an_acronym_the_text_defines_is_its_long_form_everywhere_in_the_document():
    # re3d-dev (Wikipedia), on Abu Ghadiya; the acronym is not in the gazetteer.
    text = (
        "Badran Turki Hishan al-Mazidi was a Sunni militant active with al-Qaeda in Iraq (AQI). "
        "He was a senior member of AQI, and the U.S. military said he ran a network that "
        "smuggled foreign fighters for AQI through Syria."
    )
    [mentions] = mentions_of(text)
    aqi = {m.iri for m in mentions if m.text in {"AQI", "al-Qaeda in Iraq"}}
    assert len(aqi) == 1 and sum(m.text == "AQI" for m in mentions) == 3
    # It is a new actor, not al-Qaeda itself.
    assert aqi != {str(ACTOR["AlQaeda"])}
    assert next(iter(aqi)).startswith(str(ACTOR["organization/"]))


def test_letter_acronyms_and_gazetteer_acronyms():
    # re3d-dev (CENTCOM): "U.S. Naval Forces Central Command's (NAVCENT) ..."
    text = (
        "The French anti-air frigate FS Forbin joined U.S. Naval Forces Central Command's "
        "(NAVCENT) Task Force 50 on Dec. 27. NAVCENT directs naval operations in the region."
    )
    [mentions] = mentions_of(text)
    navcent = {m.iri for m in mentions if "NAVCENT" in m.text or "Naval Forces" in m.text}
    assert len(navcent) == 1
    [sdf] = mentions_of(
        "U.S. forces are advising and assisting Syrian Democratic Forces (SDF), primarily Syrian "
        "Arab forces operating in the northern part of the country. The SDF took Tabqa."
    )
    assert {m.iri for m in sdf if "SDF" in m.text or "Democratic" in m.text} == {SDF}
    assert {m.iri for m in sdf if m.text == "U.S. forces"} == {USA_MIL}


def test_a_person_named_again_by_surname_is_the_same_person_across_documents():
    first, second = mentions_of(
        "Both the administration of former President Barack Obama and Trump's have focused "
        "exclusively on defeating Islamic State. Obama said the campaign would take years.",
        "Barack Obama met coalition commanders in Baghdad.",
    )
    obama = {m.iri for m in first if "Obama" in m.text}
    assert len(obama) == 1
    assert obama == {m.iri for m in second if m.text == "Barack Obama"}
    assert {m.iri for m in first if m.text == "Islamic State"} == {ISIL}


def test_person_affiliation_in_apposition_and_title_forms():
    texts = [
        "Sergei Ryabkov, Russia's deputy foreign minister, called the strike an act of aggression.",
        "A spokesman for the Pentagon, Jeff Davis, said the SDF would keep fighting.",
        "Iraqi lawmaker Abdul-Bari Zebari said his country agreed to the missile overflight.",
    ]
    got = [{m.text: m.affiliation for m in ms if m.kind == "Person"} for ms in mentions_of(*texts)]
    assert got[0]["Sergei Ryabkov"] == RUS_DIP
    assert got[1]["Jeff Davis"] == USA_MIL
    assert got[2]["Abdul-Bari Zebari"] == IRQ_GOV


def test_a_non_state_title_or_a_birthplace_ties_no_one_to_the_state():
    texts = [
        "Syrian rebel commander Abu Ahmed said his fighters held the town.",  # wire
        "The former leader of al-Qaeda in Iraq, Jordanian-born militant Abu Musab al-Zarqawi, "
        "was killed in a US strike.",  # official
        "Venezuelan opposition leader Juan Guaido met officials in Bogota.",  # event note
    ]
    got = [{m.text: m.affiliation for m in ms if m.kind == "Person"} for ms in mentions_of(*texts)]
    assert got[0]["Abu Ahmed"] == SYR_REB
    assert got[1]["Abu Musab al-Zarqawi"] is None
    assert got[2]["Juan Guaido"] == str(ACTOR["VEN-OPP"])
    # ... and no membership claim of the state either
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    states = {SYR, str(ACTOR["JOR"]), str(ACTOR["VEN"])}
    claims = [c for x in extract_documents(docs) for c in x.claims]
    assert not [c for c in claims if c.pattern == "person-affiliation" and c.target.iri in states]


def test_syrian_rebels_are_not_the_syrian_government_nor_part_of_syria():
    [mentions] = mentions_of(
        "Syrian rebels said they repelled an attack by regime forces, while the Syrian "
        "government accused the rebels of shelling Damascus."
    )
    by_text = {m.text: m.iri for m in mentions}
    assert by_text["Syrian rebels"] == SYR_REB
    assert by_text["regime forces"] == SYR_MIL
    assert by_text["Syrian government"] == SYR_GOV
    assert root(SYR_REB) == SYR_REB  # not rolled up into Syria
    assert load_gazetteer().entries[SYR_REB].country == SYR


def test_a_country_used_as_a_place_is_not_an_actor_mention():
    [mentions] = mentions_of(
        "Russia said its jets struck targets in Syria, near Palmyra, and north of Aleppo."
    )
    texts = [m.text for m in mentions]
    assert "Russia" in texts
    assert "Syria" not in texts and "Aleppo" not in texts


def test_new_actors_get_the_same_iri_in_every_document():
    a, b = mentions_of(
        "The Kurdistan Democratic Party accused Baghdad of betrayal.",
        "Officials of the Kurdistan Democratic Party met Turkish diplomats.",
    )
    kdp = {m.iri for m in [*a, *b] if "Kurdistan Democratic Party" in m.text}
    assert kdp == {str(ACTOR["organization/kurdistan-democratic-party"])}


# ---------------------------------------------------------------- the gazetteer data


def test_every_un_member_and_observer_state_with_iso_code_and_wikidata(gazetteer_graph):
    g = gazetteer_graph
    states = set(g.subjects(RDF.type, CKG.State))
    # 193 members, the Holy See and Palestine; Taiwan, Kosovo and Western Sahara
    assert len(states) == 198
    for state in states:
        iso = str(g.value(state, CKG.isoCode))
        assert state == URIRef(ACTOR[iso])
        [same] = list(g.objects(state, OWL.sameAs))
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q\d+", str(same))
        assert g.value(state, SKOS.prefLabel) is not None
        assert list(g.objects(state, URIRef("http://purl.org/dc/terms/source")))
    assert (URIRef(ACTOR["SYR"]), CKG.capital, None) in g
    # Role actors for every state: partOf for organs, only ckg:country for rebels.
    assert (URIRef(ACTOR["SYR-MIL"]), CKG.partOf, URIRef(ACTOR["SYR"])) in g
    assert (URIRef(ACTOR["SYR-REB"]), CKG.partOf, None) not in g


def test_no_name_points_to_two_actors():
    compiled = compile_gazetteer(ontology_path("gazetteer.ttl"))
    owners: dict[str, set[str]] = {}
    for e in compiled["entries"]:
        for n in {e["label"], *e["names"]}:
            owners.setdefault(name_key(n), set()).add(e["iri"])
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, list(shared.items())[:5]


# ---------------------------------------------------------------- user gazetteers


def test_user_gazetteer_csv_and_turtle_extend_and_override(tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text(
        "id,label,kind,names,part_of,country,wikidata\n"
        "KDP,Kurdistan Democratic Party,Organization,KDP|Barzani's party,,IRQ,\n"
        "SDF,Syrian Democratic Forces,ArmedGroup,SDF|Qasad,,,\n",
        encoding="utf-8",
    )
    ttl_file = tmp_path / "mine.ttl"
    ttl_file.write_text(
        "@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/actor/wagner> a ckg:ArmedGroup ;\n"
        '    skos:prefLabel "Wagner (mine)"@en ; skos:altLabel "Wagner Group"@en .\n',
        encoding="utf-8",
    )
    [mentions] = mentions_of(
        "Barzani's party and Qasad fighters met Wagner Group commanders.",
        gazetteer=(str(csv_file), str(ttl_file)),
    )
    by_text = {m.text: m.iri for m in mentions}
    assert by_text["Barzani's party"] == str(ACTOR["KDP"])
    assert by_text["Qasad"] == SDF
    assert by_text["Wagner Group"] == "https://example.org/actor/wagner"


def test_bad_user_gazetteer_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label,kind\nX,Some group,Tribe\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--gazetteer", str(bad)])
    assert result.exit_code != 0
    assert "kind 'Tribe'" in result.output and "Traceback" not in result.output


def test_extract_jsonl_gives_every_mention_its_actor_iri():
    result = CliRunner().invoke(app, ["extract", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    gaz = load_gazetteer()
    ends = [row[end] for row in rows for end in ("source", "target")]
    assert all(e["id"].startswith(str(ACTOR[""])) for e in ends)
    assert all("affiliation" in e for e in ends)
    for e in ends:
        # A gazetteer actor, a new one minted from its kind and name, or a generic agent of
        # this document (with its CAMEO agent code).
        minted = f"{ACTOR[e['type'].lower()]}/"
        agent = f"{ACTOR['agent']}/{(e['agent'] or '').lower()}/"
        assert e["id"] in gaz.entries or e["id"].startswith((minted, agent)), e
    assert {USA, SDF, ISIL, COALITION} <= {e["id"] for e in ends}
    ryabkov = [e for e in ends if e["text"] == "Sergei Ryabkov"]
    assert ryabkov and ryabkov[0]["affiliation"] == RUS_DIP


def test_kg_evaluate_scores_mentions_per_type_and_counts_gazetteer_actors(tmp_path):
    text = "Russia condemned the United States, said Sergei Ryabkov, an Iraqi official."
    spans = {
        "Russia": "Organisation",
        "the United States": "Organisation",
        "Sergei Ryabkov": "Person",
        "Iraqi": "Nationality",
    }
    folder = tmp_path / "gold" / "src"
    folder.mkdir(parents=True)
    doc = {"_id": "d", "text": text, "title": "t", "sourceName": "s", "sourceUrl": "u"}
    (folder / "documents.json").write_text(json.dumps(doc) + "\n")
    ents = [
        {
            "documentId": "d",
            "begin": text.index(s),
            "end": text.index(s) + len(s),
            "type": t,
            "value": s,
            "confidence": 1,
        }
        for s, t in spans.items()
    ]
    (folder / "entities.json").write_text("".join(json.dumps(e) + "\n" for e in ents))
    (folder / "relations.json").write_text("")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path / "gold"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["mentions"]["recall"] == 1.0
    assert {k: r["recall"] for k, r in data["mention_types"].items()} == {
        "Organisation": 1.0,
        "Person": 1.0,
        "Nationality": 1.0,
    }
    # Russia, the US and "Iraqi" are gazetteer actors; Sergei Ryabkov is a new one.
    assert data["gazetteer"] == {"gold": 4, "resolved": 4, "gazetteer": 3}
    table = CliRunner().invoke(app, ["evaluate", "--gold", str(tmp_path / "gold")]).output
    assert "Nationality" in table and "gazetteer actor: 3" in table


def test_weapons_are_not_actors_even_when_ner_says_org():
    [mentions] = mentions_of(
        "Near Mosul, three strikes engaged an ISIL tactical unit and destroyed a VBIED and two "
        "UAVs."
    )
    texts = {m.text for m in mentions}
    assert "ISIL" in texts
    assert not texts & {"VBIED", "UAVs", "a VBIED"}


def test_a_dictionary_person_speaks_for_the_role_held_on_the_documents_date():
    from kg.types import Document

    [dated, undated] = extract_documents(
        [
            Document("d1", "Erdogan condemned the Syrian regime.", date="2016-05-01"),
            Document("d2", "Putin met Erdogan in Sochi."),
        ]
    )
    [erdogan] = [m for m in dated.mentions if m.text == "Erdogan"]
    assert erdogan.iri == str(ACTOR["person/recep-tayyip-erdogan"])
    assert erdogan.label == "Recep Tayyip Erdogan" and erdogan.affiliation == str(ACTOR["TUR-GOV"])
    # no date: the role the dictionary knew last
    putin = next(m for m in undated.mentions if m.text == "Putin")
    assert putin.affiliation == str(ACTOR["RUS-GOV"])
    # the text's own title wins over the dictionary ("Russia's deputy foreign minister")
    [ryabkov] = extract_documents(
        [Document("d3", "Sergei Ryabkov, Russia's deputy foreign minister, said so.", "", "2017")]
    )
    assert {m.affiliation for m in ryabkov.mentions if m.kind == "Person"} == {
        str(ACTOR["RUS-DIP"])
    }


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        (
            "ADF rebels attacked villagers near Beni in North Kivu.",
            ACTOR["armedgroup/allied-democratic-forces"],
        ),
        ("The ADF sent troops to Queensland after the floods, Canberra said.", ACTOR["AUS-MIL"]),
        ("The SDF advanced on Raqqa.", ACTOR["SDF"]),
    ],
)
def test_an_ambiguous_acronym_is_read_by_its_document(text, iri):
    [x] = extract_documents([Document("d", text)])
    acronym = next(m for m in x.mentions if m.text in ("ADF", "SDF"))
    assert acronym.iri == str(iri)


def test_a_states_people_are_its_civilians_and_bare_people_no_one():
    [mentions] = mentions_of("Gunmen killed 12 people. The UK supports the Yemeni people.")
    people = {m.text: m for m in mentions}
    assert people["the Yemeni people"].iri.endswith("/YEM-CVL")
    assert people["the Yemeni people"].label == "Yemeni civilians"
    assert "12 people" not in people and "people" not in people
