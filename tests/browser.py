"""Open a page in headless Chromium with the network cut off (browser test, benchmark and
screenshot script).

Uses Playwright's Python client (``pip install -e ".[test]"``) driving Debian's ``chromium``:
``playwright install`` cannot download browsers offline. Every request that is not a local
file (or an inline ``data:`` URL) is aborted and recorded, so a caller can assert that nothing
left the machine.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium (``KG_CHROMIUM`` overrides), or None when it is not installed."""
    for candidate in (os.environ.get("KG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass
class OfflinePage:
    """A loaded page, the requests it tried to send off the machine and its console errors."""

    page: object
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def settle(self, timeout_s: float = 60.0) -> float:
        """Wait until the page's layout has settled; milliseconds from navigation start."""
        # Polled from here: wait_for_function would evaluate a string in the page, which the
        # page's Content-Security-Policy (no 'unsafe-eval') rightly refuses.
        deadline = time.monotonic() + timeout_s
        while not self.page.evaluate("() => Boolean(window.kg && window.kg.settled)"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"layout did not settle within {timeout_s:.0f} s")
            time.sleep(0.05)
        return float(self.page.evaluate("() => window.kg.settledAt"))


@contextmanager
def offline_page(
    path: Path, *, width: int = 1400, height: int = 900, timeout_s: float = 60.0
) -> Iterator[OfflinePage]:
    """Open the HTML file ``path`` in headless Chromium with every non-file request blocked."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium not found: apt-get install chromium (or set KG_CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            result = OfflinePage(page=context.new_page())

            def route(r) -> None:
                url = r.request.url
                if url.startswith(("file:", "data:")):
                    r.continue_()
                else:
                    result.blocked.append(url)
                    r.abort()

            context.route("**/*", route)
            page = result.page
            page.on("request", lambda req: result.requests.append(req.url))
            page.on("pageerror", lambda exc: result.errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: result.errors.append(msg.text) if msg.type == "error" else None,
            )
            page.set_default_timeout(timeout_s * 1000)
            page.goto(Path(path).resolve().as_uri(), wait_until="load")
            yield result
        finally:
            browser.close()
