"""Build the whole catalog once per test session: the registry test and the book tests share it."""

from __future__ import annotations

import pytest

from dlmath.derivations.core import Derivation, catalog


@pytest.fixture(scope="session")
def all_derivations() -> dict[str, Derivation]:
    return {name: entry.build() for name, entry in catalog().items()}
