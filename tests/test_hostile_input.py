"""Hostile input: every bad case is one line on stderr (an error and a non-zero exit, or a
warning and a skip for one bad document of a corpus), never a traceback; what can be read is
read, with offsets into the text exactly as given."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import reading
from kg.cli import app
from kg.extraction import extract_documents
from kg.reading import MAX_PIECE, piece_bounds, read_documents
from kg.store import open_published
from kg.types import Document

runner = CliRunner()
GOOD = "Russia attacked Ukraine near Kharkiv on Monday."


def run(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    assert "Traceback" not in result.output
    return result


def err_lines(result) -> list[str]:
    return result.stderr.strip().splitlines()


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def attacks(claims) -> set[tuple[str, str]]:
    return {
        (c["source"]["text"], c["target"]["text"]) for c in claims if c["predicate"] == "attacks"
    }


# ------------------------------------------------------------------ unusable input: errors


@pytest.mark.parametrize("command", ["extract", "build"])
def test_missing_path(tmp_path, command):
    path = tmp_path / "nowhere.txt"
    result = run(
        command, str(path), *(["--out", str(tmp_path / "out")] if command == "build" else [])
    )
    assert result.exit_code == 2
    assert err_lines(result) == [f"kg: error: {path}: no such file or directory"]
    assert not (tmp_path / "out").exists()


def test_empty_file(tmp_path):
    path = write(tmp_path / "empty.txt", b" \n\t\n")
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert err_lines(result) == [f"kg: error: {path}: file is empty"]


def test_folder_without_text_files(tmp_path):
    write(tmp_path / "photo.png", b"\x89PNG\r\n\x1a\n")
    result = run("extract", str(tmp_path))
    assert result.exit_code == 2
    assert err_lines(result) == [
        f"kg: error: {tmp_path}: no .txt, .md, .html or .jsonl files in this folder"
    ]


def test_folder_whose_every_file_is_skipped(tmp_path):
    write(tmp_path / "a.txt", b"\x00\x01\x02\x03")
    result = run("extract", str(tmp_path))
    assert result.exit_code == 2
    assert err_lines(result) == [
        f"kg: warning: {tmp_path / 'a.txt'}: not a text file (binary content) (skipped)",
        f"kg: error: {tmp_path}: no readable documents in this folder (every file was skipped)",
    ]


def test_binary_file(tmp_path):
    path = write(tmp_path / "report.txt", bytes(range(256)) * 8)
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert err_lines(result) == [f"kg: error: {path}: not a text file (binary content)"]


def test_binary_file_named_jsonl(tmp_path):
    # Checked up front, not line by line (which would print a warning per junk "line").
    path = write(tmp_path / "dump.jsonl", b"\x00\x9f\x12\n" * 2000)
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert err_lines(result) == [f"kg: error: {path}: not a text file (binary content)"]


def test_broken_gzip(tmp_path):
    path = write(tmp_path / "news.jsonl.gz", b"this is not gzip")
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert err_lines(result) == [f"kg: error: {path}: cannot read (Not a gzipped file (b'th'))"]


# ------------------------------------------------------------------ one bad document: skipped


def test_binary_file_in_a_corpus_is_skipped_or_fatal_with_strict(tmp_path):
    write(tmp_path / "a-good.txt", GOOD)
    write(tmp_path / "b-blob.txt", b"\x7fELF\x02\x01\x01\x00" * 64)
    result = run("extract", str(tmp_path))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f"kg: warning: {tmp_path / 'b-blob.txt'}: not a text file (binary content) (skipped)"
    ]
    assert attacks(rows(result)) == {("Russia", "Ukraine")}
    strict = run("extract", "--strict", str(tmp_path))
    assert strict.exit_code == 2
    assert err_lines(strict) == [
        f"kg: error: {tmp_path / 'b-blob.txt'}: not a text file (binary content)"
    ]


def test_invalid_utf8_is_decoded_with_replacement_and_a_warning(tmp_path):
    data = "Grüße. ".encode("latin-1") + GOOD.encode()
    path = write(tmp_path / "latin.txt", data)
    result = run("extract", str(path))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f"kg: warning: {path}: invalid UTF-8 at byte 2; undecodable bytes replaced with U+FFFD"
    ]
    [row] = rows(result)
    text = data.decode("utf-8", errors="replace")
    assert text[row["source"]["start"] : row["source"]["end"]] == "Russia"


def jsonl(tmp_path: Path, lines: list[bytes | str]) -> Path:
    raw = [line.encode("utf-8") if isinstance(line, str) else line for line in lines]
    return write(tmp_path / "wire.jsonl", b"\n".join(raw) + b"\n")


def test_malformed_json_line_is_reported_by_number_and_skipped(tmp_path):
    path = jsonl(
        tmp_path,
        [
            json.dumps({"id": "w1", "text": GOOD}),
            '{"id": "w2", "text": "Iran backs Hezbollah."',  # cut short
            "[" * 100_000,  # nesting deep enough to overflow a recursive parser
            json.dumps({"id": "w4", "text": "Iran backs Hezbollah."}),
        ],
    )
    result = run("extract", str(path))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f"kg: warning: {path}:2: malformed JSON line (skipped)",
        f"kg: warning: {path}:3: malformed JSON line (skipped)",
    ]
    assert [r["doc"] for r in rows(result)] == ["w1", "w4"]
    strict = run("extract", "--strict", str(path))
    assert strict.exit_code == 2
    assert err_lines(strict) == [f"kg: error: {path}:2: malformed JSON line"]


def test_json_line_without_text(tmp_path):
    path = jsonl(
        tmp_path,
        [
            json.dumps({"id": "w1", "title": "no body"}),
            json.dumps({"id": "w2", "text": 42}),
            json.dumps({"id": "w3", "text": GOOD}),
        ],
    )
    result = run("extract", str(path))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f'kg: warning: {path}:1: JSON line has no "text" (skipped)',
        f'kg: warning: {path}:2: JSON line has no "text" (skipped)',
    ]
    assert attacks(rows(result)) == {("Russia", "Ukraine")}
    strict = run("extract", "--strict", str(path))
    assert strict.exit_code == 2
    assert err_lines(strict) == [f'kg: error: {path}:1: JSON line has no "text"']


def test_json_lines_repairs_are_warnings(tmp_path):
    path = jsonl(
        tmp_path,
        [
            b'{"id": "w1", "text": "Caf\xe9 owners fled. ' + GOOD.encode() + b'"}',
            '{"id": "w2\\ud800", "text": "Iran backs Hezbollah.\\udc00"}',
            json.dumps({"id": "w3", "text": GOOD, "date": "last Tuesday"}),
        ],
    )
    result = run("extract", str(path))
    assert result.exit_code == 0
    assert err_lines(result) == [
        f"kg: warning: {path}:1: invalid UTF-8 at byte 25; undecodable bytes replaced with U+FFFD",
        f"kg: warning: {path}:2: lone surrogate escapes replaced with U+FFFD",
        f"kg: warning: {path}:3: date 'last Tuesday' is not YYYY[-MM[-DD]]; left out",
    ]
    assert [r["doc"] for r in rows(result)] == ["w1", "w2\ufffd", "w3"]


# ------------------------------------------------------------------ odd but readable text


def test_html_is_stripped_with_offsets_into_the_markup(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Front &amp; centre</title>"
        "<style>p { color: red }</style></head><body>"
        '<nav><a href="/">Home</a></nav>'
        "<p><b>Russia</b> attacked <a href='/ua'>Ukraine</a> near Kharkiv.</p>"
        "<script>var s = 'Iran attacked Israel.';</script>"
        "<!-- Turkey attacked Greece. -->"
        "<p>Iran&nbsp;backs Hezbollah, officials said.</p></body></html>"
    )
    path = write(tmp_path / "page.html", page)
    [doc] = read_documents([path])
    assert doc.title == "Front & centre"
    result = run("extract", str(path))
    assert result.exit_code == 0, result.output
    claims = rows(result)
    assert {(r["source"]["label"], r["predicate"], r["target"]["label"]) for r in claims} == {
        ("Russia", "attacks", "Ukraine"),
        ("Iran", "supports", "Hezbollah"),
    }
    for r in claims:
        for end in ("source", "target"):
            assert page[r[end]["start"] : r[end]["end"]] == r[end]["text"]
        sentence = page[r["sentence"]["start"] : r["sentence"]["end"]]
        assert r["source"]["text"] in sentence and r["target"]["text"] in sentence


def test_prose_with_angle_brackets_is_not_taken_for_html():
    assert not reading.looks_like_html("If x<y and y>z then Russia attacked Ukraine.")
    assert reading.clean_text("x<y and y>z").text == "x<y and y>z"


def test_control_characters(tmp_path):
    text = "\ufeff\x1b[1mRussia\x1b[0m\x07 attacked\u200b Ukraine\x0b near Kharkiv.\x0c\x7f"
    path = write(tmp_path / "log.txt", text)
    result = run("extract", str(path))
    assert result.exit_code == 0
    [row] = rows(result)
    original = path.read_bytes().decode("utf-8-sig")  # what reading sees: BOM dropped
    assert original[row["source"]["start"] : row["source"]["end"]] == "Russia"
    assert original[row["target"]["start"] : row["target"]["end"]] == "Ukraine"


def test_right_to_left_and_mixed_scripts(tmp_path):
    text = (
        "\u202bقالت وكالة الأنباء\u202c: Russia attacked Ukraine near Kharkiv. "
        "Россия заявила об этом. Iran backs Hezbollah in 黎巴嫩. "
        "\u2067Hezbollah\u2069 and \u05d7\u05de\u05d0\u05e1 met in Beirut."
    )
    path = write(tmp_path / "mixed.txt", text)
    result = run("extract", str(path))
    assert result.exit_code == 0
    claims = rows(result)
    assert {(r["source"]["text"], r["predicate"], r["target"]["text"]) for r in claims} >= {
        ("Russia", "attacks", "Ukraine"),
        ("Iran", "supports", "Hezbollah"),
    }
    for r in claims:
        for end in ("source", "target"):
            assert text[r[end]["start"] : r[end]["end"]] == r[end]["text"]
            iri = r[end]["id"]
            assert iri.isascii() and not any(c in iri for c in '<>"{}|^`\\ ')


@pytest.mark.slow
def test_a_sentence_of_5000_tokens():
    filler = " ".join(["and", "the", "small", "villages"] * 1250)
    text = f"Russia attacked Ukraine {filler} near the border."
    [x] = extract_documents([Document("long", text)])
    assert len(text.split()) > 5000
    assert any(
        (c.source.text, c.predicate, c.target.text) == ("Russia", "attacks", "Ukraine")
        for c in x.claims
    )
    for c in x.claims:
        assert text[c.source.start : c.source.end] == c.source.text


def test_a_long_document_is_parsed_in_bounded_pieces(monkeypatch):
    """The splitting path on a small scale (the 20 MB case is the slow test below)."""
    monkeypatch.setattr(reading, "MAX_PIECE", 2_000)
    junk = "x9Q/" * 900  # a 3,600-character run without a space
    parts = [junk, " ", GOOD, " ", "Filler words go on and on here. " * 120, "\n", GOOD, " ", junk]
    text = "".join(parts)
    bounds = piece_bounds(text)
    assert len(bounds) > 3 and max(b - a for a, b in bounds) <= 2_000
    assert [a for a, _ in bounds[1:]] == [b for _, b in bounds[:-1]]  # no gap, no overlap
    [x] = extract_documents([Document("big", text)])
    found = [c for c in x.claims if c.predicate == "attacks"]
    assert [c.source.start for c in found] == [
        i for i in range(len(text)) if text.startswith("Russia attacked", i)
    ]
    for c in found:
        assert text[c.sentence_start : c.sentence_end] == GOOD


@pytest.mark.slow
def test_a_20_mb_single_line_document(tmp_path):
    """20 MB on one line, mostly junk without spaces (an inline image, minified code) with a
    sentence every 2 MB: parsed in pieces of at most MAX_PIECE characters (spaCy refuses a
    text over 1,000,000), every sentence found at its exact offset."""
    block = "".join(chr(48 + (i * 7919) % 75) for i in range(4096))  # no whitespace
    parts, positions, size = [], [], 0
    while size < 20_000_000:
        parts.append(block * 500)
        size += len(parts[-1])
        sentence = f" Russia attacked Ukraine near Kharkiv on day {len(positions)}. "
        positions.append(size + 1)
        parts.append(sentence)
        size += len(sentence)
    text = "".join(parts)
    assert len(text) >= 20_000_000 and "\n" not in text
    path = write(tmp_path / "huge.txt", text)
    out = tmp_path / "out"
    result = run("build", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stdout
    assert max(b - a for a, b in piece_bounds(text)) <= MAX_PIECE
    with open_published(out / "store") as store:
        starts = store.select(
            "SELECT ?start WHERE { ?c a ckg:Claim ; ckg:predicate ckg:attacks ;"
            " ckg:subjectStart ?start }"
        )
    assert sorted(r["start"] for r in starts) == positions


# ------------------------------------------------------------------ one writer at a time


def test_a_second_writer_is_refused_until_the_first_dies(tmp_path):
    out = tmp_path / "out"
    first = run(
        "build", str(write(tmp_path / "first.txt", "Iran supports Hezbollah.")), "--out", str(out)
    )
    assert first.exit_code == 0, first.output
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from kg.store import open_store; s = open_store(sys.argv[1]);"
            " print('ready', flush=True); time.sleep(120)",
            str(out / "store"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        doc = write(tmp_path / "a.txt", GOOD)
        refused = run("build", str(doc), "--out", str(out))
        assert refused.exit_code == 3
        assert err_lines(refused) == [
            f"kg: error: {out}: another kg process (pid {holder.pid}) is writing here; "
            "wait for it to finish"
        ]
        analyse = run("analyse", "--out", str(out))
        assert analyse.exit_code == 3
        # Readers are never refused: they read the last published build.
        count = "SELECT (COUNT(*) AS ?n) { ?d a ckg:Document }"
        answer = run("query", "--out", str(out), "--format", "csv", count)
        assert answer.exit_code == 0 and answer.stdout.split() == ["n", "1"]
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # the kernel drops a dead process's lock
        holder.wait()
    built = run("build", str(doc), "--out", str(out))
    assert built.exit_code == 0, built.output
    assert "1 added" in built.stdout
