"""Reading: inputs (files, folders, JSON lines, standard input) into :class:`Document` s.

Also the cleaning that matters for parsing. Scraped text glues words ("afterregime"),
glues sentences (``hours".The``), splits compounds ("USA -backed") and wraps lines; the parser
sees a cleaned copy while every offset the tool reports points into the original text, through
:class:`CleanText`'s offset map.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError, InputWarning
from kg.resources import data_path
from kg.types import Document

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
# A document of up to MAX_PIECE characters (nearly every article) is parsed whole. A longer one
# is parsed in pieces of about a quarter of that, cut at a line break or a sentence end where
# one is near: spaCy's memory grows with the characters of a batch (and it refuses texts over
# ``nlp.max_length``), so a batch of pieces weighs what a batch of articles weighs, and a 20 MB
# page costs what the same text as articles costs.
MAX_PIECE = 20_000


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


# Markup in scraped text: dropped with its content (scripts, styles, comments), or as a tag.
_HTML_HINT = re.compile(
    r"<!--|<!doctype|</?(?:html|head|body|p|div|span|br|a|script|style|li|ul|ol|h[1-6]|table"
    r"|tr|td|th|article|section|header|footer|nav|main|aside|img|meta|link|title|b|i|em|strong"
    r"|blockquote|figure|figcaption|iframe|noscript|time|small|sup|sub)\b[^<>]*>",
    re.I,
)
_HTML_DROP = re.compile(
    r"<(script|style|noscript|template|head|svg)\b[^>]*>.*?</\1\s*>|<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>",
    re.I | re.S,
)
_HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9:-]*)(?:\s[^<>]*)?/?>")
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A run of 500 characters without a space (base64 images, minified code, hashes) names no
# actor and states no relation; it becomes a space, so such junk costs the parser nothing.
_JUNK = re.compile(r"\S{500,}")

# Terminal colour codes (ESC [ ... m) in logs pasted as text: the whole sequence goes.
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
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
# Glued pairs of words are short; longer runs are junk, and splitting them costs a lookup per
# character.
_LONG_LOWER_WORD = re.compile(r"\b[a-z]{7,40}\b")
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _split_glued(word: str) -> str | None:
    """Split a word of two glued words ("afterregime" -> "after regime"), or None.

    Only words unknown to the ``wordfreq`` English list are split, and only where both parts
    are common words (Zipf frequency 3.5 or more), so real words ("information", "inform")
    stay whole.
    """
    known, common = _english_words()
    if word in known:
        return None
    best, best_score = None, 0.0
    for i in range(2, len(word) - 2):
        left, right = word[:i], word[i:]
        score = min(common.get(left, 0.0), common.get(right, 0.0))
        if score > best_score:
            best, best_score = f"{left} {right}", score
    return best if best_score >= GLUE_ZIPF else None


GLUE_ZIPF = 3.5


@lru_cache(maxsize=1)
def _english_words() -> tuple[frozenset[str], dict[str, float]]:
    """The ``wordfreq`` English words :func:`_split_glued` reads: every word of 7-40 small
    letters it knows, and the Zipf frequency of the common ones; taken from wordfreq once and
    cached (:func:`kg.files.cached_json`), since loading wordfreq cost a third of a second in
    every process that read a text."""
    from importlib.metadata import version

    from kg.files import cached_json

    def build() -> dict:
        import math

        from wordfreq import get_frequency_dict

        frequency = get_frequency_dict("en")
        words = [w for w in frequency if w.isascii() and w.isalpha() and w.islower()]
        # wordfreq's zipf_frequency of a one-word text, without its tokenizer
        zipf = {w: round(math.log10(frequency[w]) + 9, 2) for w in words}
        return {
            "known": [w for w in words if 7 <= len(w) <= 40],
            "common": {w: z for w, z in zipf.items() if z >= GLUE_ZIPF},
        }

    data = cached_json(f"english-words-{version('wordfreq')}.json", "english-words 2", build)
    return frozenset(data["known"]), data["common"]


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


@lru_cache(maxsize=1)
def _tag_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """Inline and block tag names (``kg/data/html.json``)."""
    with open(data_path("html.json"), encoding="utf-8") as fh:
        kinds = json.load(fh)
    return frozenset(kinds["inline"]), frozenset(kinds["block"])


def _tag(m: re.Match) -> str:
    inline, block = _tag_kinds()
    name = m.group(1).lower()
    if name in inline:
        return ""
    return "\n" if name in block else " "


def _entity(m: re.Match) -> str:
    return html.unescape(m.group())


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds HTML markup (so tags are stripped; ``a<b`` in prose is kept)."""
    return _HTML_HINT.search(text) is not None


def clean_text(
    text: str, *, markup: bool | None = None, drop: Iterable[tuple[int, int]] = ()
) -> CleanText:
    """Clean scraping noise for parsing, keeping an offset map into ``text``.

    HTML tags are stripped (``markup=None`` detects HTML) and entities decoded; offsets still
    point into the text with its markup. Each ``[start, end)`` span of ``drop`` (sorted, not
    overlapping) becomes one space first.

    >>> c = clean_text('It said "no".The jet was hit afterregime forces  moved.')
    >>> c.text
    'It said "no". The jet was hit after regime forces moved.'
    >>> start = c.text.index("regime"); c.to_original(start, start + 6)
    (34, 40)
    """
    offsets = list(range(len(text)))
    out = text
    if drop:
        out, offsets = _drop(out, offsets, drop)
    if markup is None:
        markup = looks_like_html(text)
    if markup:
        out, offsets = _substitute(_HTML_DROP, " ", out, offsets)
        out, offsets = _substitute(_HTML_TAG, _tag, out, offsets)
    out, offsets = _substitute(_HTML_ENTITY, _entity, out, offsets)
    out, offsets = _substitute(_JUNK, " ", out, offsets)
    out, offsets = _substitute(_ANSI, " ", out, offsets)
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


def _drop(text: str, offsets: list[int], spans: Iterable[tuple[int, int]]):
    out: list[str] = []
    out_offsets: list[int] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out_offsets.extend(offsets[last:start])
        out.append(" ")
        out_offsets.append(offsets[start])
        last = end
    out.append(text[last:])
    out_offsets.extend(offsets[last:])
    return "".join(out), out_offsets


def piece_bounds(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive ``[start, end)`` pieces of at most ``limit`` characters
    (by default: whole up to ``MAX_PIECE``, else pieces of at most ``MAX_PIECE // 4``).

    Each cut falls after the last line break in the second half of the window, else after the
    last sentence end, tag or space there, else (junk without spaces) at the limit.

    >>> piece_bounds("Iran said no. Iraq said yes.", 20)
    [(0, 14), (14, 28)]
    """
    if limit is None:
        if len(text) <= MAX_PIECE:
            return [(0, len(text))]
        limit = max(1, MAX_PIECE // 4)
    bounds, start, n = [], 0, len(text)
    while n - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = text.rfind("\n", lo, hi) + 1
        if not cut:
            ends = (text.rfind(end, lo, hi) for end in (". ", "! ", "? ", "> "))
            cut = max(ends) + 2
        if cut < 2:
            cut = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi)) + 1
        if not cut:
            cut = hi
        bounds.append((start, cut))
        start = cut
    bounds.append((start, n))
    return bounds


def clean_pieces(text: str, limit: int | None = None) -> Iterator[tuple[CleanText, bool]]:
    """The cleaned pieces of ``text`` (see :func:`piece_bounds`), lazily, each with offsets into
    the whole ``text`` and a flag that is true for the last piece."""
    bounds = piece_bounds(text, limit)
    markup = looks_like_html(text)
    # Junk runs are found in the whole text: a cut inside one must not leave a stub too short
    # to be recognised in the next piece.
    junk = [m.span() for m in _JUNK.finditer(text)] if len(bounds) > 1 else []
    j = 0
    for i, (start, end) in enumerate(bounds):
        while j < len(junk) and junk[j][1] <= start:
            j += 1
        drop, k = [], j
        while k < len(junk) and junk[k][0] < end:
            drop.append((max(junk[k][0], start) - start, min(junk[k][1], end) - start))
            k += 1
        clean = clean_text(text[start:end], markup=markup, drop=drop)
        offsets = tuple(o + start for o in clean.offsets) if start else clean.offsets
        yield CleanText(clean.text, offsets, len(text)), i == len(bounds) - 1


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
    is an error too. Repairs (invalid UTF-8, lone surrogates, a date that is not ISO) are
    warnings either way.
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
        raise InputError(f"{folder}: no .txt, .md, .html or .jsonl files in this folder")
    found = 0
    for p in files:
        try:
            for document in _read_file(p, p.relative_to(folder).as_posix(), strict=strict):
                found += 1
                yield document
        except InputError as exc:
            if strict:
                raise
            warnings.warn(f"{exc} (skipped)", InputWarning, stacklevel=2)
    if not found:
        raise InputError(f"{folder}: no readable documents in this folder (every file was skipped)")


def _kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in JSONL_SUFFIXES:
        return "jsonl"
    if last in TEXT_SUFFIXES or last in HTML_SUFFIXES:
        return "text"
    return None


def _read_file(path: Path, doc_id: str, *, strict: bool) -> Iterator[Document]:
    kind = _kind(path) or "text"
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        if kind == "jsonl":
            with opener(path, "rb") as fh:
                yield from _read_jsonl(fh, str(path), strict=strict)
            return
        with opener(path, "rb") as fh:
            data = fh.read()
    except (OSError, EOFError) as exc:
        # Unreadable, not gzip, cut short: the OS's reason, on one line.
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0] or type(exc).__name__
        raise InputError(f"{path}: cannot read ({reason})") from None
    text = decode(data, str(path))
    yield Document(id=_strip_suffixes(doc_id), text=text, title=_title(text))


def _read_stream(stream: io.BufferedIOBase, name: str, *, strict: bool) -> Iterator[Document]:
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)
    if stream.peek(64).lstrip()[:1] == b"{":
        yield from _read_jsonl(stream, name, strict=strict)
        return
    text = decode(stream.read(), name)
    yield Document(id=name, text=text, title=_title(text))


# A date as windows and query parameters take it: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_ISO_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?(?:[T ]\S*)?")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _read_jsonl(stream, name: str, *, strict: bool) -> Iterator[Document]:
    if hasattr(stream, "peek"):
        sample = stream.peek(8192)[:8192]
        if b"\x00" in sample or _binary_ratio(sample) > 0.3:
            raise InputError(f"{name}: not a text file (binary content)")
    found = 0
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            warnings.warn(
                f"{name}:{number}: invalid UTF-8 at byte {exc.start}; "
                "undecodable bytes replaced with U+FFFD",
                InputWarning,
                stacklevel=2,
            )
            line = raw.decode("utf-8", errors="replace")
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            _skip(f"{name}:{number}: malformed JSON line", strict)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            _skip(f'{name}:{number}: JSON line has no "text"', strict)
            continue
        fields = {
            "id": obj.get("id", obj.get("_id")),
            "text": text,
            "title": _opt(obj.get("title")),
            "date": _opt(obj.get("date")),
            "url": _opt(obj.get("url", obj.get("sourceUrl"))),
            "source": _opt(obj.get("source", obj.get("sourceName"))),
        }
        fields["id"] = str(fields["id"]) if fields["id"] is not None else f"{Path(name).name}:{number}"
        # JSON can escape lone surrogates ("\ud800"), which no UTF-8 file or store can hold.
        if any(isinstance(v, str) and _SURROGATE.search(v) for v in fields.values()):
            warnings.warn(
                f"{name}:{number}: lone surrogate escapes replaced with U+FFFD",
                InputWarning,
                stacklevel=2,
            )
            fields = {k: _SURROGATE.sub("\ufffd", v) if v else v for k, v in fields.items()}
        if fields["date"] is not None and not _ISO_DATE.fullmatch(fields["date"]):
            warnings.warn(
                f"{name}:{number}: date {fields['date'][:40]!r} is not YYYY[-MM[-DD]]; left out",
                InputWarning,
                stacklevel=2,
            )
            fields["date"] = None
        found += 1
        yield Document(**fields)
    if not found:
        raise InputError(f'{name}: no documents (no JSON line with a "text")')


def _skip(message: str, strict: bool) -> None:
    if strict:
        raise InputError(message)
    warnings.warn(f"{message} (skipped)", InputWarning, stacklevel=3)


def _opt(value) -> str | None:
    return None if value is None else str(value)


_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)


def _title(text: str) -> str | None:
    """A document's title: an HTML page's ``<title>``, else its first non-empty line."""
    head = text[:20_000]  # a 20 MB one-line page need not be split into lines for this
    if looks_like_html(head):
        m = _TITLE.search(head)
        if m and m.group(1).strip():
            return " ".join(html.unescape(m.group(1)).split())[:200]
        head = clean_text(head, markup=True).text
    for line in head.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None


def _strip_suffixes(name: str) -> str:
    for suffix in (".gz", *TEXT_SUFFIXES, *HTML_SUFFIXES):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name
