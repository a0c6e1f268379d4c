"""Build progress with Rich: documents/s, sentences/s, relations found, ETA; silent off a TTY.

A :class:`Progress` is the callback a build reports to (``kg.api.build(progress=...)``); the
build itself knows nothing of terminals.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """Shows what a build has done, live on a terminal (stderr). Use it in a ``with`` block
    and pass it as the build's progress callback.

    The live display starts at the first report, not on entering the block: a build starts
    its worker processes first, and forking while Rich's refresh thread runs could copy one
    of its locks held.

    Parameters
    ----------
    enabled : bool, optional
        Show the line; by default only when standard error is a terminal.
    """

    def __init__(self, *, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.total_chars: int | None = None
        self.documents = self.skipped = self.sentences = self.relations = self.chars = 0
        self._start = time.perf_counter()
        self._live = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.update(self._text())
            self._live.__exit__(*exc)
            self._live = None

    def __call__(self, state) -> None:
        """Show ``state``, a :class:`kg.orchestrator.BuildProgress` (counts so far)."""
        self.total_chars = state.total_chars
        self.documents, self.skipped = state.documents, state.skipped
        self.sentences, self.relations, self.chars = state.sentences, state.relations, state.chars
        if not self.enabled:
            return
        if self._live is None:
            from rich.console import Console
            from rich.live import Live

            self._start = time.perf_counter()
            self._live = Live(self._text(), console=Console(stderr=True), refresh_per_second=4)
            self._live.__enter__()
        self._live.update(self._text())

    def _text(self) -> str:
        elapsed = max(time.perf_counter() - self._start, 1e-9)
        line = (
            f"{self.documents} documents ({self.documents / elapsed:.1f}/s), "
            f"{self.sentences} sentences ({self.sentences / elapsed:.0f}/s), "
            f"{self.relations} relations, {self.skipped} already stored"
        )
        if self.total_chars and self.chars:
            rate = self.chars / elapsed
            left = max(self.total_chars - self.chars, 0) / rate
            line += f", ETA {int(left) // 60}:{int(left) % 60:02d}"
        return line
