"""The hand-written numpy backprop of numeric/backprop (the MLP without its input checks, as bench.py times it)."""

from __future__ import annotations

import numpy as np

from dlmath.numeric.backprop import conv, mlp, recurrent

from .cases import Arrays, Case
from .protocol import Prepared

REQUIRES: tuple[str, ...] = ()


def prepare(case: Case, problem: tuple[Arrays, np.ndarray, np.ndarray]) -> Prepared:
    params, X, Y = problem
    if case.model == "mlp":
        network = case.network
        params = {k: v.astype(case.dtype) for k, v in params.items()}
        X, Y = X.astype(case.dtype), Y.astype(case.dtype)
        step = lambda: mlp.gradient_unchecked(network, params, X, Y)  # noqa: E731
    elif case.model == "cnn":
        step = lambda: conv.gradient(params, X, Y, conv.BOOK.pool)  # noqa: E731
    else:
        step = lambda: recurrent.gradient(case.model, params, X, Y)  # noqa: E731
    return Prepared(step, step)
