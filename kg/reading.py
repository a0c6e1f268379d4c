"""Reading: inputs (files, folders, JSON lines, standard input) into :class:`Document` s.

Also the cleaning that matters for parsing. Scraped text glues words ("afterregime"),
glues sentences (``hours".The``), splits compounds ("USA -backed") and wraps lines; the parser
sees a cleaned copy while every offset the tool reports points into the original text, through
:class:`CleanText`'s offset map.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.types import Document

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}


class InputError(Exception):
    """Bad input: the message is one line a user can act on."""


class InputWarning(UserWarning):
    """A problem with one document or line that was skipped or repaired."""


# ---------------------------------------------------------------------------- cleaning


@dataclass(frozen=True)
class CleanText:
    """Cleaned text and, for each of its characters, the offset in the original text."""

    text: str
    offsets: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the cleaned text to the original text."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.original_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


def _substitute(pattern: re.Pattern, repl, text: str, offsets: list[int]):
    """``re.sub`` that carries the offset map along.

    A replacement character maps to the original offset of the matched character at the same
    position (or the match's last one), an insertion to the character that follows it.
    """
    out: list[str] = []
    out_offsets: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        new = repl(m) if callable(repl) else m.expand(repl)
        if new == m.group():
            continue  # nothing replaced (most long words): the text and offsets stay as they are
        out.append(text[last : m.start()])
        out_offsets.extend(offsets[last : m.start()])
        out_offsets.extend(_align(new, m, offsets))
        out.append(new)
        last = m.end()
    out.append(text[last:])
    out_offsets.extend(offsets[last:])
    return "".join(out), out_offsets


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# "hours".The" / "fighters.The" glue two sentences; "U.S.in" glues an abbreviation to a word.
_SENTENCE_GLUE = re.compile(
    r"(?:(?<=[a-z]{2}[.!?])|(?<=[a-z][.!?][\"”’])|(?<=[a-z][\"”’][.!?]))(?=[A-Z][a-z])"
)
_ABBREV_GLUE = re.compile(r"(?<=\b[A-Z]\.[A-Z]\.)(?=[a-z]{2,})")
# "USA -backed", "U.S. -led": a stray space before the hyphen of a compound.
_SPACED_HYPHEN = re.compile(r"(?<=[\w.])[ \t]+-(?=[a-z]{2,}\b)")
_LONG_LOWER_WORD = re.compile(r"\b[a-z]{7,}\b")
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _split_glued(word: str) -> str | None:
    """Split a word of two glued words ("afterregime" -> "after regime"), or None.

    Only words unknown to the ``wordfreq`` English list are split, and only where both parts
    are common words, so real words ("information", "inform") stay whole.
    """
    from wordfreq import zipf_frequency

    if zipf_frequency(word, "en") > 0:
        return None
    best, best_score = None, 0.0
    for i in range(2, len(word) - 2):
        left, right = word[:i], word[i:]
        score = min(zipf_frequency(left, "en"), zipf_frequency(right, "en"))
        if score > best_score:
            best, best_score = f"{left} {right}", score
    return best if best_score >= 3.5 else None


def _align(new: str, m: re.Match, offsets: list[int]) -> list[int]:
    """Original offsets for a replacement: kept characters keep theirs, inserted ones take the
    offset of the character they stand before."""
    matched = m.group()
    end_offset = offsets[m.end()] if m.end() < len(offsets) else (offsets[-1] + 1 if offsets else 0)
    result, j = [], 0
    for ch in new:
        k = matched.find(ch, j)
        if k >= 0:
            result.append(offsets[m.start() + k])
            j = k + 1
        else:
            result.append(offsets[m.start() + j] if j < len(matched) else end_offset)
    return result


def _whitespace(m: re.Match) -> str:
    if "\n" not in m.group():
        return " "
    # A line wrapped mid-sentence joins back; other line breaks stay single breaks.
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if (before.isalpha() or before in ",;") and after.islower():
        return " "
    return "\n"


def clean_text(text: str) -> CleanText:
    """Clean scraping noise for parsing, keeping an offset map into ``text``.

    >>> c = clean_text('It said "no".The jet was hit afterregime forces  moved.')
    >>> c.text
    'It said "no". The jet was hit after regime forces moved.'
    >>> start = c.text.index("regime"); c.to_original(start, start + 6)
    (34, 40)
    """
    offsets = list(range(len(text)))
    out = text
    out, offsets = _substitute(_CONTROL, " ", out, offsets)
    out, offsets = _substitute(_SENTENCE_GLUE, " ", out, offsets)
    out, offsets = _substitute(_ABBREV_GLUE, " ", out, offsets)
    out, offsets = _substitute(_SPACED_HYPHEN, "-", out, offsets)
    out, offsets = _substitute(
        _LONG_LOWER_WORD, lambda m: _split_glued(m.group()) or m.group(), out, offsets
    )
    out, offsets = _substitute(_WHITESPACE, _whitespace, out, offsets)
    # Leading/trailing whitespace is dropped.
    lead = len(out) - len(out.lstrip())
    trail = len(out.rstrip())
    return CleanText(out[lead:trail], tuple(offsets[lead:trail]), len(text))


# ---------------------------------------------------------------------------- decoding


def decode(data: bytes, name: str) -> str:
    """Decode bytes as UTF-8 text; refuse binary files; repair invalid bytes with a warning."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    sample = data[:8192]
    if b"\x00" in sample or _binary_ratio(sample) > 0.3:
        raise InputError(f"{name}: not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.warn(
            f"{name}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced with U+FFFD",
            InputWarning,
            stacklevel=2,
        )
        return data.decode("utf-8", errors="replace")


def _binary_ratio(sample: bytes) -> float:
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control / max(1, len(sample))


# ---------------------------------------------------------------------------- inputs


def read_documents(inputs: Iterable[str | Path], *, strict: bool = False) -> Iterator[Document]:
    """Lazily read documents from files, folders (recursively), JSON lines or ``-`` (stdin).

    Raises :class:`InputError` for unusable input; with ``strict`` a skipped line or document
    is an error too.
    """
    for item in inputs:
        if str(item) == "-":
            yield from _read_stream(sys.stdin.buffer, "stdin", strict=strict)
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"{path}: no such file or directory")
        if path.is_dir():
            yield from _read_folder(path, strict=strict)
        else:
            yield from _read_file(path, path.name, strict=strict)


def _read_folder(folder: Path, *, strict: bool) -> Iterator[Document]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and _kind(p) is not None and not p.name.startswith(".")
    )
    if not files:
        raise InputError(f"{folder}: no .txt, .md or .jsonl files in this folder")
    for p in files:
        try:
            yield from _read_file(p, p.relative_to(folder).as_posix(), strict=strict)
        except InputError as exc:
            if strict:
                raise
            warnings.warn(f"{exc} (skipped)", InputWarning, stacklevel=2)


def _kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in TEXT_SUFFIXES:
        return "text"
    return None


def _read_file(path: Path, doc_id: str, *, strict: bool) -> Iterator[Document]:
    kind = _kind(path) or "text"
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    if kind == "jsonl":
        with opener(path, "rb") as fh:
            yield from _read_jsonl(fh, str(path), strict=strict)
        return
    with opener(path, "rb") as fh:
        data = fh.read()
    text = decode(data, str(path))
    yield Document(id=_strip_suffixes(doc_id), text=text, title=_first_line(text))


def _read_stream(stream: io.BufferedIOBase, name: str, *, strict: bool) -> Iterator[Document]:
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    if stream.peek(64).lstrip()[:1] == b"{":
        yield from _read_jsonl(stream, name, strict=strict)
        return
    text = decode(stream.read(), name)
    yield Document(id=name, text=text, title=_first_line(text))


def _read_jsonl(stream, name: str, *, strict: bool) -> Iterator[Document]:
    found = 0
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8", errors="replace"))
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except ValueError:
            _skip(f"{name}:{number}: malformed JSON line", strict)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            _skip(f'{name}:{number}: JSON line has no "text"', strict)
            continue
        doc_id = obj.get("id", obj.get("_id"))
        found += 1
        yield Document(
            id=str(doc_id) if doc_id is not None else f"{Path(name).name}:{number}",
            text=text,
            title=_opt(obj.get("title")),
            date=_opt(obj.get("date")),
            url=_opt(obj.get("url", obj.get("sourceUrl"))),
            source=_opt(obj.get("source", obj.get("sourceName"))),
        )
    if not found:
        raise InputError(f'{name}: no documents (no JSON line with a "text")')


def _skip(message: str, strict: bool) -> None:
    if strict:
        raise InputError(message)
    warnings.warn(f"{message} (skipped)", InputWarning, stacklevel=3)


def _opt(value) -> str | None:
    return None if value is None else str(value)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def _strip_suffixes(name: str) -> str:
    for suffix in (".gz", *TEXT_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name
