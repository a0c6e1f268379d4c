"""The options of a build and of its analysis: typed, frozen, checked once, with one default
each, shared by the Python API (:mod:`kg.api`) and the command line.

A bad value is an :class:`~kg.errors.InputError` when the options are made, before anything
is read or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.reading import PARTIAL_DATE

ENGINES = ("local", "dask")
PERIODS = ("month", "quarter", "year")
# The formats the whole store can be written in (kg.store.FORMATS), as graph.<format>.
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
WEIGHTS = ("events", "reports")


@dataclass(frozen=True)
class AnalysisOptions:
    """What the analysis, the page and the report take into account.

    Parameters
    ----------
    min_confidence : float
        Claims below this confidence are left out of the analysis and the page.
    roll_up : bool
        Roll roles and people up to their state or group (``ckg:partOf``,
        ``ckg:affiliatedWith``).
    max_nodes : int
        The page shows at most this many actors.
    since, until : str or None
        Analyse only claims of documents dated in this window (``YYYY[-MM[-DD]]``, inclusive).
    period : str
        The rows of the report's table over time: ``month``, ``quarter`` or ``year``.
    export : tuple of str
        Also write the whole store as ``graph.<format>`` for each format (``ttl``, ``nt``,
        ``nq``, ``trig``, ``jsonld``; a comma-separated string is split). By default none:
        a command that changes the store removes the ``graph.*`` an earlier one wrote
        (they would describe an older store), and ``kg export`` writes them on demand.
    weigh : str
        What a tie's weight counts: ``events`` (each event once, however many reports tell
        it; see :mod:`kg.events`) or ``reports`` (every claim).

    >>> AnalysisOptions(export="ttl,nq").export
    ('ttl', 'nq')
    >>> AnalysisOptions(period="week")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --period 'week': expected month, quarter or year
    >>> AnalysisOptions(weigh="claims")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --weigh 'claims': expected events or reports
    """

    min_confidence: float = 0.0
    roll_up: bool = True
    max_nodes: int = 300
    since: str | None = None
    until: str | None = None
    period: str = "month"
    export: tuple[str, ...] = ()
    weigh: str = "events"

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not PARTIAL_DATE.fullmatch(value):
                raise InputError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        if self.period not in PERIODS:
            raise InputError(f"--period {self.period!r}: expected month, quarter or year")
        export = self.export or ()
        if isinstance(export, str):
            export = export.split(",")
        export = tuple(dict.fromkeys(f.strip() for f in export if f.strip()))
        for fmt in export:
            if fmt not in EXPORT_FORMATS:
                raise InputError(f"--export {fmt!r}: expected {', '.join(EXPORT_FORMATS)}")
        object.__setattr__(self, "export", export)
        if self.weigh not in WEIGHTS:
            raise InputError(f"--weigh {self.weigh!r}: expected events or reports")


@dataclass(frozen=True)
class BuildOptions:
    """How a build reads and extracts its input.

    Parameters
    ----------
    gazetteer : iterable of paths
        Extra gazetteer files (Turtle or CSV); each must exist. Kept as absolute paths, so
        worker processes and Dask workers find them.
    strict : bool
        Fail on a bad document or line instead of skipping it with a warning.
    workers : int
        Extraction processes (on this machine, or Dask workers).
    engine : str
        ``local`` (this process, or a pool of ``workers`` processes) or ``dask``.
    scheduler : str or None
        Address of a running Dask scheduler (with ``engine="dask"``); none starts a
        ``LocalCluster``.
    batch_size : int
        Documents stored per transaction and checkpoint: how much a killed build redoes.

    >>> BuildOptions(engine="spark")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --engine 'spark': expected local or dask
    """

    gazetteer: tuple[str, ...] = field(default=())
    strict: bool = False
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    batch_size: int = 256

    def __post_init__(self) -> None:
        object.__setattr__(self, "gazetteer", gazetteer_files(self.gazetteer))
        if self.engine not in ENGINES:
            raise InputError(f"--engine {self.engine!r}: expected local or dask")
        if self.workers < 1:
            raise InputError("--workers must be at least 1")
        if self.batch_size < 1:
            raise InputError("--batch-size must be at least 1")


def gazetteer_files(paths: Iterable[str | Path] | None) -> tuple[str, ...]:
    """The absolute paths of gazetteer files, each checked to exist."""
    result = []
    for p in paths or ():
        if not Path(p).is_file():
            raise InputError(f"{p}: gazetteer file not found")
        result.append(str(Path(p).resolve()))
    return tuple(result)


__all__ = ["EXPORT_FORMATS", "AnalysisOptions", "BuildOptions", "gazetteer_files"]
