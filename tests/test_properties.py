"""Property tests (hypothesis): whatever the text, extraction does not crash, offsets point at
the original text and a claim's actors lie inside its sentence, minted IRIs are safe, and the
store's export loads back as the same quads.

Example counts are small so the file runs in seconds; spaCy loads once per process.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
import warnings
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg import model
from kg.extraction import extract_documents
from kg.gazetteer import mint_iri
from kg.reading import (
    InputError,
    InputWarning,
    clean_pieces,
    clean_text,
    piece_bounds,
    read_documents,
)
from kg.store import open_store
from kg.types import Document

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces of news-like text with the noise scraped text carries: markup, entities, control
# characters, bidi marks, other scripts, glued words and odd spacing.
FRAGMENTS = [
    "Russia", "Iran", "the United States", "Hezbollah", "Ukraine", "Turkey", "the SDF",
    "Syrian government forces", "Israel", "Hamas", "NATO",
    " attacked ", " backs ", " supports ", " condemned ", " did not attack ", " met ",
    " fought ", " is allied with ", " said ", " and ",
    ". ", ".", "\n", "\n\n", "  ", "\t", ", ", '"', "’s ", "-backed ",
    "<p>", "</p>", "<b>", "</b>", "<br/>", "<script>x=1</script>", "&amp;", "&nbsp;", "&#8217;",
    "\x00", "\x07", "\x1b[31m", "\u200b", "\ufeff", "\u202e", "\u202b", "\u2067",
    "الرقة", "Россия", "黎巴嫩", "שלום", "afterregime", "U.S.in", "hours\".The",
]
news = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join)
any_text = st.text(max_size=300)


def extract(texts: list[str]):
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    return list(extract_documents(docs))


@FAST
@given(st.lists(st.one_of(any_text, news), min_size=1, max_size=4))
def test_random_text_never_crashes_extraction(texts):
    extractions = extract(texts)
    assert [x.document.text for x in extractions] == texts


@FAST
@given(news)
# found by hypothesis: a noun-chunk actor took its words from the original text, entity and all
@example("Russia&amp;Syrian government forces attacked Russia")
def test_claims_point_at_their_sentence(text):
    [x] = extract([text])
    for m in x.mentions:
        # a mention's text is the original's, whatever cleaning did to what the parser read
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
    for c in x.claims:
        assert 0 <= c.sentence_start < c.sentence_end <= len(text)
        for m in (c.source, c.target):
            assert c.sentence_start <= m.start < m.end <= c.sentence_end
            assert text[m.start : m.end] == m.text


@settings(max_examples=150, deadline=None)
@given(st.one_of(any_text, news))
def test_cleaning_maps_every_character_back(text):
    clean = clean_text(text)
    assert len(clean.offsets) == len(clean.text)
    assert list(clean.offsets) == sorted(clean.offsets)
    for ch, at in zip(clean.text, clean.offsets, strict=True):
        assert 0 <= at < len(text)
        # A kept character maps to itself; only spaces, line breaks and decoded entities
        # stand for something else.
        assert ch == text[at] or ch.isspace() or text[at] == "&"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from([*FRAGMENTS, "x9Q/" * 130]), max_size=30).map("".join),
    st.integers(min_value=8, max_value=400),
)
def test_cleaned_pieces_map_back_into_the_whole_text(text, limit):
    pieces = list(clean_pieces(text, limit))
    assert [last for _, last in pieces] == [False] * (len(pieces) - 1) + [True]
    for clean, _ in pieces:
        for ch, at in zip(clean.text, clean.offsets, strict=True):
            assert 0 <= at < len(text)
            assert ch == text[at] or ch.isspace() or text[at] == "&"
        assert "x9Q/" * 2 not in clean.text  # junk runs go, even when a cut splits them


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=8, max_value=60))
def test_pieces_cover_the_text_without_overlap(text, limit):
    bounds = piece_bounds(text, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b or len(text) == 0 for a, b in bounds)
    assert all(b1 == a2 for (_, b1), (a2, _) in itertools.pairwise(bounds))
    assert all(b - a <= limit for a, b in bounds)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["State", "Group", "Organization", "Person"]))
def test_minted_iris_are_safe(name, kind):
    iri = mint_iri(name, kind)
    assert re.fullmatch(r"https://w3id\.org/conflict-kg/actor/[a-z]+/[A-Za-z0-9_%-]+", iri)
    ox.NamedNode(iri)  # a valid IRI for the store
    assert mint_iri(name, kind) == iri


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
json_line = st.one_of(
    st.fixed_dictionaries(
        {"text": st.one_of(news, any_text, json_value)},
        optional={
            "id": json_value,
            "title": json_value,
            "date": st.one_of(st.text(max_size=12), st.just("2017-06-19"), json_value),
            "url": json_value,
            "source": json_value,
        },
    ).map(lambda d: json.dumps(d).encode()),
    json_value.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ")),
    any_text.map(lambda t: t.replace("\n", " ").replace("\r", " ").encode("utf-8", "replace")),
)


@FAST
@given(st.lists(json_line, min_size=1, max_size=6))
def test_random_json_lines_never_crash(lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                documents = list(read_documents([path]))
            except InputError as exc:  # e.g. nothing readable: one line for the user
                assert "\n" not in str(exc)
                documents = []
        assert all("\n" not in str(w.message) for w in caught if w.category is InputWarning)
        for x in extract_documents(documents):
            for c in x.claims:
                assert c.sentence_start <= c.source.start < c.source.end <= c.sentence_end
                json.dumps(c.as_json(), ensure_ascii=False).encode("utf-8")


metadata = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=20),
        "title": st.none() | st.text(max_size=40),
        "date": st.none() | st.text(max_size=12),
        "url": st.none() | st.text(max_size=30),
        "source": st.none() | st.text(max_size=20),
    }
)


@FAST
@given(st.lists(st.tuples(news, metadata), min_size=1, max_size=4), st.sampled_from(["nq", "trig"]))
def test_export_then_import_gives_the_same_store(docs, fmt):
    documents = [Document(text=text, **meta) for text, meta in docs]
    store = open_store(None)
    store.ensure_ontology()
    store.add_nquads(
        (str(model.document_iri(x.document)), x.rdf) for x in extract_documents(documents, rdf=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"graph.{fmt}"
        store.export(path, fmt)
        again = ox.Store()
        again.load(path=str(path), format=ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG)
    assert set(again) == set(store._store)
    assert len(again) == len(store)
