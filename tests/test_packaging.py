"""The distribution installs every subpackage of the three floors (pyproject lists them by hand)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_every_folder_with_an_init_is_a_listed_package() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"dlmath"} | {"dlmath." + ".".join(p.parent.relative_to(ROOT).parts)
                          for floor in ("symbolic", "numeric", "derivations")
                          for p in (ROOT / floor).rglob("__init__.py")}
    assert listed == found, listed ^ found
