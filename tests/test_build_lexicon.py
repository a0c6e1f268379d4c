"""scripts/build_lexicon.py: its readers of PETRARCH2's dictionary formats, on small inline
snippets, and the committed files of kg/data/lexicon, which it must reproduce byte for byte."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "kg" / "data" / "lexicon"
VENDOR = ROOT.parent / "shared" / "vendor" / "petrarch2"

_spec = importlib.util.spec_from_file_location(
    "build_lexicon", ROOT / "scripts" / "build_lexicon.py"
)
bl = importlib.util.module_from_spec(_spec)
sys.modules["build_lexicon"] = bl
_spec.loader.exec_module(bl)


@pytest.fixture(scope="module")
def words():
    return bl.Words(bl.model_dir())


@pytest.fixture(scope="module")
def rules():
    return bl.read_json(bl.HERE / "rules.json")


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (LEXICON / name).read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- the verb dictionary format

VERB_SNIPPET = """\
&WEAPON
+ROCKET
+MORTAR
+MACHINE_GUN

&MILITARY
+ARMY
+TROOPS

---  EXPLOSIVE_DESTRUCTION   [190]  ---
+BLOW_UP {+BLOWS_UP +BLOWING_UP +BLEW_UP +BLOWN_UP } # ab 31 Dec 2005
BLOW {BLOWS BLOWN BLEW BLOWING}
SHELL
DYNAMITE [193]
+KILLED_AND {}
- * &WEAPON (AT +)                                    [194]         # BLEW UP
- * {AIR STRIKE} (IN ^) (AGAINST)                     [195]         # SHELL
- * {&MILITARY OPERATION}                             [190]         # SHELL
- * AT                                                [190]         # SHELL
- * (FOR)                                             [111]         # BLOW
- * ROCKET (INTO $)                                   [194]         # SHELL
"""


def test_a_verb_block_gives_irregular_forms_and_a_multiword_verb(words, rules):
    synsets, blocks, dropped = bl.parse_verb_dictionary(VERB_SNIPPET)
    assert synsets["&WEAPON"] == [["ROCKET"], ["MORTAR"], ["MACHINE", "GUN"]]
    (block,) = blocks
    assert (block.name, block.code) == ("EXPLOSIVE_DESTRUCTION", "190")
    reader = bl.VerbReader(words, rules)
    blow_up, blow, shell, dynamite, killed_and = block.verbs
    assert reader.verb_of(blow_up)[0] == bl.Verb("blow", "up")
    assert {"BLEW_UP", "BLOWN_UP"} <= reader.forms(blow_up)
    assert reader.verb_of(blow)[0] == bl.Verb("blow", None)
    assert "BLEW" in reader.forms(blow)
    assert "SHELLED" in reader.forms(shell)  # regular forms are generated
    assert dynamite.code == "193"  # a verb's own code overrides the block's
    assert reader.verb_of(killed_and)[0] is None  # KILLED_AND is not verb + particle
    # a comment names the verb a pattern was written for, in any of its forms
    assert bl.comment_names("# CARRIED_OUT , CARRY_OUT") == ["CARRIED_OUT", "CARRY_OUT"]
    assert bl.comment_names("# BLEW UP")[0] == "BLEW_UP"
    assert not dropped


def test_a_pattern_with_a_synset_and_a_preposition(words, rules):
    synsets, (block,), _ = bl.parse_verb_dictionary(VERB_SNIPPET)
    reader = bl.PatternReader(synsets, words, rules)
    weapon, air_strike, operation, at, reason, rocket_into_source = block.patterns
    r = reader.read(weapon)
    assert [(o[0], o[1]) for o in r.objects] == [
        ("rocket", None),
        ("mortar", None),
        ("gun", "machine"),
    ]
    assert r.preps == ["at"] and r.objects[0][3] == "&WEAPON"
    r = reader.read(air_strike)  # (IN ^) is a place, (AGAINST) the target
    assert [(o[0], o[1]) for o in r.objects] == [("strike", "air")] and r.preps == ["against"]
    r = reader.read(operation)  # a synset that modifies stands for its label, not each member
    assert [(o[0], o[1]) for o in r.objects] == [("operation", "military")]
    assert reader.read(at).objects == [] and reader.read(at).preps == ["at"]
    with pytest.raises(bl.PatternError):  # 'for' gives a reason, never the target
        reader.read(reason)
    assert reader.read(rocket_into_source).preps == []  # (INTO $) is not the target


def test_codes_say_direction():
    assert bl.parse_code("190") == ("190", False, False)
    assert bl.parse_code("190:190") == ("190", False, True)  # the same act both ways
    assert bl.parse_code("042:043") == ("042", False, False)  # visit / host
    assert bl.parse_code(":110") == ("110", True, False)  # X offends Y: Y disapproves
    assert bl.parse_code("---") == (None, False, False)
    assert bl.parse_code("080!") == (None, False, False)


def test_lemmas_follow_spacys_rules(words):
    assert words.lemma("talks", "noun") == "talk"
    assert words.lemma("sanctions", "noun") == "sanction"
    assert words.lemma("bias", "noun") == "bias"
    assert words.lemma("burnt", "verb") == "burn"
    assert words.lemma("harass", "verb") == "harass"


def test_the_lookup_tables_are_read_with_spacys_hash():
    from spacy.strings import hash_string

    for text in ("noun", "verb", "adj", "adv", "abcdefgh", "abcdefghijk"):
        assert bl.murmurhash64a(text.encode()) == hash_string(text)


# ---------------------------------------------------------------- agents

AGENT_SNIPPET = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
GUNMAN {} [~UAF]
GUNMEN [~UAF]
CATTLE_THIEF {CATTLE_THIEVES} [~CRM]
POLICE!PERSON!  [~COP]
POLICE {} [~COP]
ISLAMIC_MILITANT [~MUSUAF]
CIVILIAN [~CVL]
PROTESTER [~OPP]
DISSIDENT [~OPP]
FARMER [~AGR]
GEN. [~MIL]
"""


def test_agents_with_irregular_plurals():
    policy = bl.read_json(bl.HERE / "agents.json")
    lines, _ = bl.parse_agents(AGENT_SNIPPET)
    thief = next(a for a in lines if a.words == ["cattle", "thief"])
    assert thief.plural == "cattle thieves"
    agents, _ = bl.build_agents(AGENT_SNIPPET, policy)
    got = {a["lemma"]: a for a in agents}
    assert got["gunman"]["plural"] == "gunmen" and "gunmen" not in got  # GUNMEN joins GUNMAN
    assert got["policeman"]["plural"] == "policemen"  # !PERSON! expanded, pairs joined
    assert got["police"]["plural"] is None
    assert (got["police"]["kind"], got["police"]["role"]) == ("Organization", "POL")
    assert got["islamic militant"]["code"] == "UAF"  # ~MUSUAF: the first kept segment
    assert got["civilian"]["civilian"] and got["civilian"]["kind"] == "Group"
    assert (got["protester"]["kind"], got["protester"]["role"]) == ("Group", None)  # a crowd
    assert got["dissident"]["role"] == "OPP"
    assert "farmer" not in got and "gen." not in got and "cattle thief" not in got


# ---------------------------------------------------------------- actors and people

ACTOR_SNIPPET = """\
RUSSIA_  [RUS]
+RUSSIAN_
+MOSCOW_

BORIS_YELTSIN_  # CountryInfo.txt
BORIS_N._YELTSIN
PRESIDENT_BORIS_YELTSIN
\t[RUSELI 490101-910710]
\t[RUSGOV 910710-991231]
VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
+PRESIDENT_PUTIN_
\t[RUSELI 700101-990809]
\t[RUSGOV 991231-080507]
\t[RUSGOV >080508]
\t[RUSOPP <851231]
\t[RUSELI]
OSAMA_BIN_LADEN_  [RUSREB 19970101-20110502] # CountryInfo.txt
"""


def test_people_with_dated_roles_and_open_ranges(words):
    names = bl.read_json(bl.HERE / "names.json")
    records, _ = bl.parse_actors(ACTOR_SNIPPET, "Phoenix.Countries.actors.txt")
    states = bl.state_codes(records)
    assert set(states) == {"RUS"}
    actors = {"Phoenix.Countries.actors.txt": records}
    people, _, _, _ = bl.build_people(actors, states, names, words)
    got = {p["name"]: p for p in people}
    putin = got["Vladimir Putin"]
    assert "Putin" in putin["aliases"] and "President Putin" in putin["aliases"]
    spans = [(r["code"], r["role"], r["from"], r["to"]) for r in putin["roles"]]
    assert ("RUSGOV", "GOV", "1999-12-31", "2008-05-07") in spans
    assert ("RUSGOV", "GOV", "2008-05-08", None) in spans  # >date: from, open end
    assert ("RUSOPP", "OPP", None, "1985-12-31") in spans  # <date: until
    assert ("RUSELI", None, None, None) in spans  # the default code
    assert putin["roles"][0]["state"] == "RUS"
    # a primary line without codes is a variant of the next record, not a code-less actor
    yeltsin = got["Boris Yeltsin"]
    assert "Boris N. Yeltsin" in yeltsin["aliases"]
    assert ("RUSGOV", "1991-07-10", "1999-12-31") in [
        (r["code"], r["from"], r["to"]) for r in yeltsin["roles"]
    ]
    assert got["Osama bin Laden"]["roles"][0]["from"] == "1997-01-01"


def test_dates_and_names():
    assert bl.parse_dates("991231-080507") == ("1999-12-31", "2008-05-07")
    assert bl.parse_dates(">080508") == ("2008-05-08", None)
    assert bl.parse_dates("<19851231") == (None, "1985-12-31")
    assert bl.parse_dates(None) == (None, None)
    with pytest.raises(ValueError):
        bl.parse_dates("2004017-20061201")  # seven digits: neither YYMMDD nor YYYYMMDD
    names = bl.read_json(bl.HERE / "names.json")
    assert bl.person_name("BASHAR_AL-ASSAD_", names) == "Bashar al-Assad"
    assert bl.person_name("CHARLES_DE_GAULLE", names) == "Charles de Gaulle"
    assert bl.person_name("JOHN_MCCAIN", names) == "John McCain"
    assert bl.person_name("PRESIDENT_OF_THE_REPUBLIC", names) == "President of the Republic"
    assert bl.person_name("LASHKAR-E-JHANGVI_(LEJ)_", names) == "Lashkar-e-Jhangvi"


# ---------------------------------------------------------------- the committed files


def test_every_predicate_is_in_the_ontology():
    predicates = bl.ontology_predicates()
    assert {"attacks", "opposes", "supports", "meetsWith", "alliedWith"} <= predicates
    for name in ("verbs.jsonl", "phrases.jsonl", "nouns.jsonl"):
        for r in rows(name):
            assert r["predicate"] in predicates or (r["predicate"] is None and r["event_object"]), r
            for alt in r.get("also", []):
                assert alt["predicate"] in predicates | {None}
    with (LEXICON / "mapping.csv").open(encoding="utf-8") as f:
        mapping = list(csv.DictReader(f))
    for row in mapping:
        assert bl.CODE.fullmatch(row["cameo"]), row
        assert row["predicate"] in predicates | {""}
        assert row["modality"] in ("", "threatened")
    by_code = {r["cameo"]: r for r in mapping}
    assert by_code["057"]["predicate"] == "meetsWith"  # agreements are not alliances
    assert by_code["055"]["predicate"] == "" and by_code["01"]["predicate"] == ""
    assert (by_code["138"]["predicate"], by_code["138"]["modality"]) == ("opposes", "threatened")
    assert by_code["130"]["modality"] == ""
    assert (by_code["163"]["plover"], by_code["163"]["goldstein"]) == ("COERCE", "-8.0")
    assert all(by_code[c]["predicate"] == "attacks" for c in ("17", "18", "19", "20", "195"))


def test_the_issues_generic_agents_are_present_with_the_right_kinds():
    roles = {
        r["code"] for r in bl.read_json(ROOT / "scripts" / "gazetteer" / "roles.json")["roles"]
    }
    agents = rows("agents.jsonl")
    by_form = {}
    for a in agents:
        assert a["role"] is None or a["role"] in roles, a
        for form in (a["lemma"], a["plural"]):
            if form:
                by_form.setdefault(form, a)
    expected = {
        "soldiers": ("Organization", "MIL", False),
        "troops": ("Organization", "MIL", False),
        "police": ("Organization", "POL", False),
        "security forces": ("Organization", "POL", False),
        "militants": ("ArmedGroup", None, False),
        "gunmen": ("ArmedGroup", None, False),
        "rebels": ("ArmedGroup", "REB", False),
        "insurgents": ("ArmedGroup", "REB", False),
        "militia": ("ArmedGroup", None, False),
        "civilians": ("Group", None, True),
        "villagers": ("Group", None, True),
        "protesters": ("Group", None, False),
        "refugees": ("Group", None, True),
        "officials": ("Organization", "GOV", False),
    }
    for form, want in expected.items():
        a = by_form[form]
        assert (a["kind"], a["role"], a["civilian"]) == want, a


def find(entries: list[dict], **fields) -> dict:
    hits = [e for e in entries if all(e.get(k) == v for k, v in fields.items())]
    assert hits, fields
    return hits[0]


def test_the_issues_phrases_are_present():
    phrases = rows("phrases.jsonl")
    strikes = find(phrases, verb="carry", particle="out", noun="strike", compound=None)
    assert strikes["predicate"] == "attacks" and "on" in strikes["preps"]
    fire = find(phrases, verb="open", particle=None, noun="fire", compound=None)
    assert fire["predicate"] == "attacks" and "on" in fire["preps"]
    exchange = find(phrases, verb="exchange", noun="fire", compound=None)
    assert exchange["symmetric"] and "with" in exchange["preps"]
    claim = find(phrases, verb="claim", noun="responsibility")
    assert claim["event_object"] and claim["preps"] == ["for"] and claim["predicate"] is None
    sanctions = find(phrases, verb="impose", noun="sanction", compound=None)
    assert (
        sanctions["predicate"] == "opposes" and sanctions["plural"] and "on" in sanctions["preps"]
    )
    for verb, noun, pred, prep in [
        ("launch", "offensive", "attacks", "against"),
        ("conduct", "raid", "attacks", "on"),
        ("lend", "support", "supports", "to"),
        ("provide", "support", "supports", "to"),
        ("cut", "tie", "opposes", "with"),
        ("sever", "relation", "opposes", "with"),
        ("hold", "talk", "meetsWith", "with"),
    ]:
        e = find(phrases, verb=verb, noun=noun, compound=None)
        assert (e["predicate"], prep in e["preps"]) == (pred, True), e


def test_the_issues_event_nouns_are_present():
    nouns = rows("nouns.jsonl")
    assert find(nouns, lemma="offensive", compound=None)["predicate"] == "attacks"
    assert find(nouns, lemma="airstrike", compound=None)["cameo"].startswith("195")
    assert find(nouns, lemma="strike", compound="air")["predicate"] == "attacks"
    assert find(nouns, lemma="shelling", compound=None)["predicate"] == "attacks"
    assert find(nouns, lemma="backing", compound=None)["predicate"] == "supports"
    assert find(nouns, lemma="sanction", compound=None)["plural"]
    talks = find(nouns, lemma="talk", compound=None)
    assert talks["plural"] and talks["predicate"] == "meetsWith"
    assert find(nouns, lemma="condemnation", compound=None)["predicate"] == "opposes"
    assert "of" in find(nouns, lemma="shelling", compound=None)["preps"]  # the shelling of X
    assert "of" not in find(nouns, lemma="backing", compound=None)["preps"]  # X's backing
    clash = find(nouns, lemma="clash", compound=None)
    assert clash["symmetric"] and "between" in clash["preps"]


def test_verbs_keep_petrarchs_codes_and_list_alternatives():
    verbs = rows("verbs.jsonl")
    assert find(verbs, lemma="shell", particle=None)["predicate"] == "attacks"
    assert find(verbs, lemma="blow", particle="up")["predicate"] == "attacks"
    assert find(verbs, lemma="clash", particle=None)["symmetric"]
    assert find(verbs, lemma="appall")["inverse"]  # PETRARCH's [:110]
    assert all(v["lemma"] != "die" for v in verbs)  # the subject is the victim
    beat = find(verbs, lemma="beat", particle=None)
    assert [a["cameo"] for a in beat["also"]] == ["182"]
    assert all(v["lemma"] == v["lemma"].lower() and " " not in v["lemma"] for v in verbs)


def test_people_and_acronyms():
    people = rows("people.jsonl")
    putin = find(people, name="Vladimir Putin")
    assert "Putin" in putin["aliases"]
    assert {
        "code": "RUSGOV",
        "state": "RUS",
        "role": "GOV",
        "from": "2008-05-08",
        "to": None,
    } in putin["roles"]
    assert len({p["name"] for p in people}) == len(people)
    acronyms = {a["acronym"]: a for a in rows("acronyms.jsonl")}
    adf = {s["country"]: s for s in acronyms["ADF"]["senses"]}
    assert "Beni" in adf["COD"]["cues"] and "Canberra" in adf["AUS"]["cues"]
    assert {s["country"] for s in acronyms["SDF"]["senses"]} == {"SYR", "JPN"}
    # an acronym the actor files give one actor is no clash; one sense only where curated,
    # with a note saying what else it means ("the document format, which is no actor")
    for a in acronyms.values():
        if len(a["senses"]) == 1:
            assert a["senses"][0]["source"].startswith("acronyms-curated.jsonl:")
            assert "no actor" in a["note"] or "elsewhere" in a["note"], a["acronym"]
    assert {s["country"] for s in acronyms["PDF"]["senses"]} == {"MMR", "SDN"}


@pytest.mark.skipif(
    not VENDOR.is_dir(), reason="PETRARCH2's dictionaries are not at " + str(VENDOR)
)
def test_regenerating_gives_the_committed_files(tmp_path, capsys):
    assert bl.main(["--vendor", str(VENDOR), "--out", str(tmp_path)]) == 0
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in LEXICON.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (LEXICON / name).read_bytes(), name
    assert "verb_lemmas:" in capsys.readouterr().out


def test_a_wrong_vendor_folder_is_one_line_error(tmp_path, capsys):
    assert bl.main(["--vendor", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing CAMEO.2.0.txt" in err
    assert not (tmp_path / "out").exists()
