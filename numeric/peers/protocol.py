"""What a peer's `prepare` returns (see the package docstring for the protocol)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Prepared:
    """One peer ready to run: the timed step, and its gradient for the check (None: nothing to check)."""

    step: Callable[[], object]
    gradient: Callable[[], dict[str, np.ndarray]] | None
