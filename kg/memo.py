"""The analysis memo kept between builds: what the costly steps computed, by what they were
computed from.

Every entry is a pure function of its key (:func:`kg.analysis._period_key` for a period's
blocs and balance, :func:`kg.analysis._blocs_key` for a component's whole-graph blocs,
:func:`kg.analysis._centrality_key` for a component's centralities): a hash of the step's
whole input (the period's ties and its actors' starting blocs, or the component's ties and
resolutions, or its ties and weights; the seed). So a build
that finds an entry gives what computing it again would, and a grown store's outputs stay
those of a build from scratch. The memo is a cache, never needed: kept in the output folder
beside the store (``.analysis-memo.json``), written atomically under the writer's lock, and
ignored when it cannot be read, fails its checksum, holds an entry of no known shape, or was
written by another format, another version of the analysis, or other versions of leidenalg
and igraph (whose results it holds). Only the entries the latest publish used are kept, so it stays the size of one
analysis.

>>> memo = Memo({"k1": {"blocs": [["a", "b"]]}, "k2": {"blocs": [["c"]]}})
>>> memo.get("k1")["blocs"], memo.get("k3"), sorted(memo.used)
([['a', 'b']], None, ['k1'])
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from kg.files import write_atomic

NAME = ".analysis-memo.json"
FORMAT = 1
# Bump when what an entry holds changes for the same key: the period tables, the blocs
# (kg.analysis: signed_blocs and its NEGATIVE_RESOLUTION, _optimise_signed, _anchored,
# aligned_blocs, triangle_balance, frustrated_ties) or the centralities (_component_centrality).
ANALYSIS_VERSION = 1


class Memo(dict):
    """A dict that notes which keys were looked up with a hit or stored (``used``): what
    :func:`save` keeps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.used: set[str] = set()

    def get(self, key, default=None):
        if key in self:
            self.used.add(key)
            return self[key]
        return default

    def __setitem__(self, key, value):
        self.used.add(key)
        super().__setitem__(key, value)


def version() -> str:
    """What the entries were computed with: the memo's format and analysis version, and the
    versions of the libraries whose results they hold."""
    from importlib.metadata import version as installed  # not the modules: no import cost

    libraries = "/".join(f"{name} {installed(name)}" for name in ("leidenalg", "igraph"))
    return f"{FORMAT}/{ANALYSIS_VERSION}/{libraries}"


def load(path: Path) -> Memo:
    """The memo in ``path``, or an empty one if there is none we can trust."""
    try:
        found = json.loads(Path(path).read_text(encoding="utf-8"))
        text = found["data"]
        if found["version"] != version():
            return Memo()
        if found["sha256"] != hashlib.sha256(text.encode()).hexdigest():
            return Memo()
        data = json.loads(text)
        return Memo(_decode(data["names"], data["entries"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Memo()  # none, cut short or not ours: computed anew


def save(memo: Memo, path: Path) -> None:
    """Write the entries of ``memo`` that were used to ``path``, atomically; a folder that
    cannot be written only loses the memo."""
    kept = {key: memo[key] for key in sorted(memo.used) if key in memo}
    names, entries = _encode(kept)
    text = json.dumps({"names": names, "entries": entries}, separators=(",", ":"))
    checked = {"version": version(), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    with contextlib.suppress(OSError):
        write_atomic(Path(path), json.dumps({**checked, "data": text}))


def _encode(entries: dict) -> tuple[list[str], dict]:
    """Entries with each bloc's actors as numbers into one list of names: the same actors
    recur in hundreds of periods (a tenth of the size)."""
    number: dict[str, int] = {}
    encoded = {}
    for key, value in entries.items():
        value = dict(value)
        if "blocs" in value:
            value["blocs"] = [
                [number.setdefault(n, len(number)) for n in b] for b in value["blocs"]
            ]
        encoded[key] = value
    return list(number), encoded


# What an entry holds: a component's blocs, a period's table row, or a component's
# centralities (numbers in the order of its actors, which its key fixes).
SHAPES = (
    {"blocs"},
    {"actors", "blocs", "aligned", "balance"},
    {"betweenness", "pagerank", "eigenvector"},
)


def _decode(names: list[str], entries: dict) -> dict:
    """The entries of :func:`_encode` back, or ValueError if one is not of a known shape."""
    decoded = {}
    for key, value in entries.items():
        if not isinstance(value, dict) or set(value) not in SHAPES:
            raise ValueError(f"not a memo entry: {key}")
        value = dict(value)
        if "blocs" in value:
            value["blocs"] = [[names[i] for i in b] for b in value["blocs"]]
        decoded[key] = value
    return decoded


__all__ = ["NAME", "Memo", "load", "save"]
