"""Start-up: the compiled gazetteer is cached and never trusted blindly, each command imports
only what it needs, and named queries resolve actors through the store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import USA
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg import gazetteer as gz
from kg import named
from kg.errors import InputError
from kg.model import CKG
from kg.resources import ontology_path
from kg.store import open_published, open_store

TURTLE = """@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://example.org/actor/wagner> a ckg:ArmedGroup ;
    skos:prefLabel "Wagner Group"@en ; skos:altLabel "Wagner"@en, "PMC Wagner"@en .
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test's own, and a count of the compilations run."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    runs = []
    compile_ = gz.compile_gazetteer

    def counted(path):
        runs.append(Path(path))
        return compile_(path)

    monkeypatch.setattr(gz, "compile_gazetteer", counted)
    return runs


def _cache_files() -> list[Path]:
    return sorted(gz.cache_folder().glob("gazetteer-*.json"))


def test_the_cache_folder_follows_xdg_and_falls_back_to_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert gz.cache_folder() == tmp_path / "conflict-kg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert gz.cache_folder() == tmp_path / "home" / ".cache" / "conflict-kg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the spec says: ignore it
    assert gz.cache_folder() == tmp_path / "home" / ".cache" / "conflict-kg"


def test_a_gazetteer_compiles_once_then_comes_from_the_cache(cache, tmp_path):
    source = tmp_path / "mine.ttl"
    source.write_text(TURTLE, encoding="utf-8")
    first = gz.compiled_gazetteer(source)
    assert cache == [source] and len(_cache_files()) == 1
    assert gz.compiled_gazetteer(source) == first
    assert cache == [source]  # read, not compiled again
    [entry] = first["entries"]
    assert entry["label"] == "Wagner Group" and entry["names"] == ["PMC Wagner", "Wagner"]


def test_an_edited_gazetteer_is_compiled_again(cache, tmp_path):
    source = tmp_path / "mine.ttl"
    source.write_text(TURTLE, encoding="utf-8")
    gz.compiled_gazetteer(source)
    source.write_text(TURTLE.replace('"Wagner"@en, ', ""), encoding="utf-8")
    [entry] = gz.compiled_gazetteer(source)["entries"]
    assert entry["names"] == ["PMC Wagner"] and len(cache) == 2
    assert len(_cache_files()) == 1  # rewritten in place, not one more file per edit


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # cut short
        lambda text: "\x00garbage",
        lambda text: json.dumps({**json.loads(text), "key": "0" * 64}),  # another gazetteer's
        lambda text: json.dumps(
            {**json.loads(text), "entries": [{"iri": 1, "label": "x", "kind": "State"}]}
        ),
        lambda text: json.dumps({**json.loads(text), "name_keys": ["not", "a", "dict"]}),
    ],
    ids=["truncated", "garbage", "wrong-key", "bad-entry", "bad-name-keys"],
)
def test_a_damaged_cache_is_compiled_again_and_repaired(cache, tmp_path, damage):
    source = tmp_path / "mine.ttl"
    source.write_text(TURTLE, encoding="utf-8")
    good = gz.compiled_gazetteer(source)
    [path] = _cache_files()
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert gz.compiled_gazetteer(source) == good
    assert len(cache) == 2
    assert gz.compiled_gazetteer(source) == good and len(cache) == 2  # repaired on disk


def test_an_unwritable_cache_folder_is_no_error(cache, tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    source = tmp_path / "mine.ttl"
    source.write_text(TURTLE, encoding="utf-8")
    assert gz.compiled_gazetteer(source)["entries"][0]["label"] == "Wagner Group"
    assert gz.compiled_gazetteer(source)["entries"][0]["label"] == "Wagner Group"
    assert len(cache) == 2  # compiled each time, never failed


def test_a_bad_turtle_gazetteer_is_a_one_line_error_and_is_not_cached(cache, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<x> a ckg:State", encoding="utf-8")  # undeclared prefix, no final dot
    with pytest.raises(InputError, match="not a readable gazetteer") as err:
        gz.load_gazetteer((str(bad),))
    assert "\n" not in str(err.value)
    assert not gz._cache_path(bad).exists()


def test_compiling_with_oxigraph_reads_what_rdflib_reads():
    """The bundled gazetteer's entries, as the rdflib reader kg used before read them."""
    path = ontology_path("gazetteer.ttl")
    graph = Graph()
    graph.parse(path, format="turtle")

    def one(s, p):
        v = graph.value(s, p)
        return str(v) if v is not None else None

    expected = []
    for kind in gz.KINDS:
        for subject in sorted(graph.subjects(RDF.type, CKG[kind])):
            if not isinstance(subject, URIRef):
                continue
            names = sorted({str(n) for n in graph.objects(subject, SKOS.altLabel)})
            same = [str(o) for o in graph.objects(subject, OWL.sameAs)]
            expected.append(
                gz.Entry(
                    iri=str(subject),
                    label=one(subject, SKOS.prefLabel) or names[0],
                    kind=kind,
                    names=tuple(names),
                    part_of=one(subject, CKG.partOf),
                    country=one(subject, CKG.country),
                    role=one(subject, CKG.role),
                    iso=one(subject, CKG.isoCode),
                    same_as=same[0] if same else None,
                    demonyms=tuple(sorted({str(n) for n in graph.objects(subject, CKG.demonym)})),
                ).as_json()
            )
    assert gz.compile_gazetteer(path)["entries"] == expected


# ---------------------------------------------------------------- what each command imports
def _modules_after(args: list[str], cwd: Path) -> dict:
    """Run ``kg ARGS`` in a fresh interpreter; which heavy modules it imported."""
    script = (
        "import json, sys\n"
        "from kg.cli import app\n"
        f"try:\n    app({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = ('spacy', 'rdflib', 'pyoxigraph', 'networkx', 'igraph')\n"
        "modules = [m for m in heavy if m in sys.modules]\n"
        "gz = sys.modules.get('kg.gazetteer')\n"
        "loaded = gz.load_gazetteer.cache_info().currsize if gz else 0\n"
        "print(json.dumps({'modules': modules, 'gazetteer_loaded': loaded}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_kg_help_imports_almost_nothing(tmp_path):
    seen = _modules_after(["--help"], tmp_path)
    assert seen["modules"] == []


def test_kg_query_loads_no_spacy_and_no_gazetteer(example_build, tmp_path):
    out = str(example_build.out)
    plain = _modules_after(["query", "-o", out, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], tmp_path)
    assert "spacy" not in plain["modules"] and plain["gazetteer_loaded"] == 0
    named_query = ["query", "-o", out, "--name", "allies-of", "--param", "actor=Washington"]
    seen = _modules_after(named_query, tmp_path)
    assert "spacy" not in seen["modules"] and seen["gazetteer_loaded"] == 0


# ---------------------------------------------------------------- actors resolved by the store
def test_the_store_knows_every_gazetteer_name_of_the_actors_it_holds(example_build):
    with open_published(example_build.out / "store") as store:
        for name in ("US", "U.S.", "America", "Washington", "United States of America"):
            assert USA in store.actors_labelled(name), name


def test_a_store_built_before_names_were_stored_falls_back_to_the_gazetteer(tmp_path):
    """An older store labels the United States only as its articles did: "US" still names
    it, through the gazetteer, and a gazetteer actor the store lacks is no answer."""
    quads = (
        f'<{USA}> <{RDF.type}> <{CKG.Actor}> .\n<{USA}> <{SKOS.prefLabel}> "United States"@en .\n'
    )
    with open_store(tmp_path / "store") as store:
        store._store.load(quads, format=ox.RdfFormat.N_TRIPLES)
        assert store.actors_labelled("US") == []
        assert named.resolve_actor(store, "US") == USA
        with pytest.raises(InputError, match="unknown actor"):
            named.resolve_actor(store, "Russia")  # in the gazetteer, not in this store


def test_several_actors_with_one_name_prefer_the_gazetteer_actor():
    minted = "https://w3id.org/conflict-kg/actor/person/washington"
    assert named._best([minted, USA]) == USA


def test_the_developer_cache_is_not_touched_by_tests():
    assert os.environ["XDG_CACHE_HOME"] != str(Path.home() / ".cache")
    assert "kg-test-cache-" in os.environ["XDG_CACHE_HOME"]


def test_the_ruler_phrase_table_is_cached_by_its_sources_and_rebuilt_when_damaged(
    tmp_path, monkeypatch
):
    """The ruler's tokenised names are built once, then read from the cache; an extra
    gazetteer file (or an edit of one) is another key; a damaged cache is rebuilt."""
    import spacy

    from kg import actors

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    built = []
    build = actors.phrase_table
    monkeypatch.setattr(actors, "phrase_table", lambda nlp, g: (built.append(1), build(nlp, g))[1])
    nlp = spacy.blank("en")
    first = actors.cached_phrase_table(nlp)
    assert actors.cached_phrase_table(nlp) == first and len(built) == 1
    # a case-sensitive name is kept as written and tokenised as spaCy does
    assert any(r[0] and ["U.S.", "forces"] in r[3] for r in first)

    mine = tmp_path / "mine.ttl"
    mine.write_text(TURTLE, encoding="utf-8")
    extra = actors.cached_phrase_table(nlp, (str(mine),))
    assert len(built) == 2 and any(["wagner", "group"] in r[3] for r in extra)
    assert len(list(gz.cache_folder().glob("phrases-*.json"))) == 2  # one per set of files
    newest = max(gz.cache_folder().glob("phrases-*.json"), key=lambda p: p.stat().st_mtime_ns)
    cached = newest
    cached.write_text(cached.read_text(encoding="utf-8")[:100], encoding="utf-8")
    again = actors.cached_phrase_table(nlp, (str(mine),))
    assert again == extra and len(built) == 3
    stored = json.loads(cached.read_text(encoding="utf-8"))  # altered, key still right
    stored["data"] = stored["data"].replace('"wagner"', '"wagner-x"')
    cached.write_text(json.dumps(stored), encoding="utf-8")
    assert actors.cached_phrase_table(nlp, (str(mine),)) == extra and len(built) == 4


def test_the_ruler_marks_names_in_any_case_it_allows():
    """Lower-case lookups for ordinary names, exact ones for acronyms and short capitals;
    the longest name wins."""
    from kg.nlp import load_pipeline

    nlp = load_pipeline()
    doc = nlp("THE syrian democratic forces and US forces met; the us said eln and ELN differ.")
    marked = {(e.text, e.id_.rsplit("/", 1)[-1]) for e in doc.ents if e.id_}
    assert ("syrian democratic forces", "SDF") in marked
    assert ("US forces", "USA-MIL") in marked
    assert "ELN" in {t for t, _ in marked}
    assert not any(t in ("us", "eln") for t, _ in marked)
