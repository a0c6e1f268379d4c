from __future__ import annotations

import json

import pytest

from kg.errors import InputError, InputWarning
from kg.reading import clean_text, read_documents


def test_cleaning_keeps_offsets_into_the_original(example_text):
    clean = clean_text(example_text)
    for word in ("regime", "protecting", "Syrian", "backed", "coalition"):
        start = clean.text.index(word)
        a, b = clean.to_original(start, start + len(word))
        assert example_text[a:b] == word


def test_cleaning_repairs_scraping_glue(example_text):
    text = clean_text(example_text).text
    assert "after regime forces" in text
    assert "vital in protecting" in text
    assert 'hours". The Syrian' in text
    assert "USA-backed" in text and "U.S. in the campaign" in text
    assert "\n\n" not in text  # empty lines dropped
    assert "information" in clean_text("They shared information with Iran.").text


def test_folder_is_read_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Russia condemned the strike.")
    (tmp_path / "two.md").write_text("Iran backs Hezbollah.")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    docs = list(read_documents([tmp_path]))
    assert [d.id for d in docs] == ["a/one", "two"]


def test_jsonl_fields_and_bad_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps(
            {
                "id": "n1",
                "text": "Iran backs Hezbollah.",
                "title": "T",
                "date": "2017-06-19",
                "url": "https://example.org/1",
                "source": "Wire",
            }
        ),
        "{not json",
        json.dumps({"id": "n3", "title": "no text"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    with pytest.warns(InputWarning) as record:
        docs = list(read_documents([path]))
    assert [(d.id, d.date, d.url, d.source) for d in docs] == [
        ("n1", "2017-06-19", "https://example.org/1", "Wire")
    ]
    messages = [str(w.message) for w in record]
    assert any(":2: malformed JSON line" in m for m in messages)
    assert any(':3: JSON line has no "text"' in m for m in messages)
    with pytest.raises(InputError, match=":2: malformed JSON line"):
        list(read_documents([path], strict=True))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x7fELF\x02\x01\x00\x00", "not a text file"),
    ],
)
def test_unusable_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_documents([path]))


def test_invalid_utf8_is_repaired_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Russia attacked Ukraine near Kramatorsk \xe9.".encode("latin-1"))
    with pytest.warns(InputWarning, match="invalid UTF-8"):
        [doc] = read_documents([path])
    assert "\ufffd" in doc.text
