"""notebooks/walkthrough.ipynb runs top to bottom, offline, and shows what it promises."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "walkthrough.ipynb"


@pytest.mark.slow
def test_walkthrough_notebook_runs_top_to_bottom(tmp_path):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # Any error in a cell raises CellExecutionError and fails the test.
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # Tables (claims, blocs, centralities), the plot and the page inline.
    assert sum("<table" in h for h in html) >= 3
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any(h.startswith("<iframe srcdoc=") and "kg-data" in h for h in html)
    text = "\n".join(h for h in html if "<table" in h)
    assert "Bloc 1" in text and "United States" in text and "pagerank" in text
    assert (tmp_path / "walkthrough-output" / "graph.html").is_file()
