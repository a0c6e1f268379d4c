"""Take the README's screenshot (docs/graph.png) of the bundled example's page.

Builds the example into a temporary folder, opens graph.html in headless Chromium with the
network cut off, lets the layout settle, opens the evidence of the United States' support
for the SDF in the side panel and saves the picture.

    python scripts/screenshot_page.py [--out docs/graph.png]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import kg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser import offline_page

USA = "https://w3id.org/conflict-kg/actor/USA"
SDF = "https://w3id.org/conflict-kg/actor/SDF"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/graph.png"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = kg.build(out=Path(tmp) / "output")
        with offline_page(result.out / "graph.html", width=1400, height=860) as o:
            settled = o.settle()
            edge = o.page.evaluate(
                """([u, v]) => kg.data.edges.find(e => e.from === u && e.to === v &&
                                                   kg.data.ties[e.id].predicate === 'supports')""",
                [USA, SDF],
            )
            if edge:
                o.page.evaluate(
                    f"kg.showEdge({json.dumps(edge['id'])}); kg.network.selectEdges([{json.dumps(edge['id'])}])"
                )
            args.out.parent.mkdir(parents=True, exist_ok=True)
            o.page.screenshot(path=str(args.out))
            if o.blocked:
                raise SystemExit(f"the page tried to fetch {o.blocked}")
    print(f"wrote {args.out} (layout settled after {settled:.0f} ms)")


if __name__ == "__main__":
    main()
