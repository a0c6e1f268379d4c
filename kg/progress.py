"""Build progress with Rich: documents/s, sentences/s, relations found, ETA; silent off a TTY."""

from __future__ import annotations

import sys
import time


class Progress:
    """Counts what a build has done and shows it live on a terminal (stderr)."""

    def __init__(self, total_chars: int | None = None, *, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.total_chars = total_chars
        self.documents = self.skipped = self.sentences = self.relations = self.chars = 0
        self._start = time.perf_counter()
        self._live = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.console import Console
            from rich.live import Live

            self._live = Live(self._text(), console=Console(stderr=True), refresh_per_second=4)
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.update(self._text())
            self._live.__exit__(*exc)

    def update(self, *, documents=0, skipped=0, sentences=0, relations=0, chars=0) -> None:
        self.documents += documents
        self.skipped += skipped
        self.sentences += sentences
        self.relations += relations
        self.chars += chars
        if self._live is not None:
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
