"""Take the README's two pictures of the re3d-dev page: the first view (docs/graph.png) and the
largest side focused from the legend (docs/graph-side.png).

Builds re3d-dev (``kg build /work/shared/corpus/re3d-dev/*/documents.json``) into a temporary
folder, opens graph.html in headless Chromium with the network cut off and saves the two
pictures. Run it again after any change to extraction or to the page.

    python scripts/screenshot_page.py [--corpus DIR] [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import kg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import offline_page
from tests.conftest import RE3D_DEV


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=RE3D_DEV)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    documents = sorted(args.corpus.glob("*/documents.json"))
    if not documents:
        raise SystemExit(f"{args.corpus}: no */documents.json here")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = kg.build(documents, out=Path(tmp) / "output", progress=False)
        with offline_page(result.out / "graph.html", width=1400, height=860) as o:
            settled = o.settle()
            first = args.out / "graph.png"
            o.page.screenshot(path=str(first))
            o.page.locator("#sides .side").first.click()
            side = o.page.inner_text("#panel-body h2")
            focused = args.out / "graph-side.png"
            o.page.screenshot(path=str(focused))
            if o.blocked or o.errors:
                raise SystemExit(f"the page tried to fetch {o.blocked} or failed: {o.errors}")
    print(f"wrote {first} (first paint after {settled:.0f} ms) and {focused} ({side})")


if __name__ == "__main__":
    main()
