"""The package ships every file it reads: CI installs the project in editable mode, which
finds files in the source tree whether or not pyproject.toml lists them, so a missing
package or data glob would only show on a user's non-editable install."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import pytest

if sys.version_info < (3, 11):  # pragma: no cover
    pytest.skip("tomllib is Python 3.11+", allow_module_level=True)
import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _config() -> tuple[dict[str, Path], dict[str, list[str]]]:
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    dirs = setup.get("package-dir", {})
    packages = {
        name: ROOT / dirs.get(name, name.replace(".", "/")) for name in setup["packages"]
    }
    return packages, setup.get("package-data", {})


def test_every_module_and_data_file_under_kg_is_packaged():
    packages, data = _config()
    shipped = set()
    for name, folder in packages.items():
        assert folder.is_dir(), f"{name}: no folder {folder}"
        for path in folder.iterdir():
            if path.is_file() and (
                path.suffix == ".py"
                or any(fnmatch.fnmatch(path.name, g) for g in data.get(name, []))
            ):
                shipped.add(path)
    files = [
        p
        for folder in (ROOT / "kg", ROOT / "ontologies")
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    missing = sorted(str(p.relative_to(ROOT)) for p in files if p not in shipped)
    assert not missing, f"not in the package (pyproject.toml [tool.setuptools]): {missing}"
