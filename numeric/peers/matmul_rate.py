"""The machine's matmul rate at an MLP step's own shapes: only the step's matrix products, nothing else.

Each product is one BLAS call on C-contiguous operands into a preallocated result (no transposes, no
copies): the best case for these shapes, so `case.flops` / its time is the rate the step can reach.
"""

from __future__ import annotations

import numpy as np

from .cases import Arrays, Case
from .protocol import Prepared

REQUIRES: tuple[str, ...] = ()


def prepare(case: Case, problem: tuple[Arrays, np.ndarray, np.ndarray]) -> Prepared:
    rng = np.random.default_rng(case.seed)
    products = [(rng.standard_normal((m, k)).astype(case.dtype), rng.standard_normal((k, n)).astype(case.dtype),
                 np.empty((m, n), case.dtype)) for m, k, n in case.matmul_shapes()]

    def step() -> None:
        for left, right, out in products:
            np.matmul(left, right, out=out)

    return Prepared(step, None)
