"""dlmath's compiled symbolic gradient: the MLP's generated numpy step (into preallocated gradient arrays, as
a trainer calls it), the RNN/LSTM's compiled BPTT program, the CNN's symengine-compiled gradient."""

from __future__ import annotations

import numpy as np

from dlmath.numeric.backprop import conv
from dlmath.numeric.compiled.conv import compiled_gradient
from dlmath.numeric.compiled.mlp import compile_network
from dlmath.numeric.compiled.recurrent import compile_recurrent

from .cases import Arrays, Case
from .protocol import Prepared

REQUIRES: tuple[str, ...] = ()


def prepare(case: Case, problem: tuple[Arrays, np.ndarray, np.ndarray]) -> Prepared:
    params, X, Y = problem
    if case.model == "mlp":
        compiled = compile_network(case.network, dtype=case.dtype)
        params = {k: v.astype(case.dtype) for k, v in params.items()}
        X, Y = X.astype(case.dtype), Y.astype(case.dtype)
        out = {k: np.empty_like(v) for k, v in params.items()}
        return Prepared(lambda: compiled.gradient(params, X, Y, out), lambda: compiled.gradient(params, X, Y))
    if case.model == "cnn":
        cnn = compiled_gradient(conv.BOOK)
        return Prepared(lambda: cnn(params, X, Y), lambda: cnn(params, X, Y))
    inputs, hidden, outputs = case.sizes
    recurrent = compile_recurrent(case.model, inputs, hidden, outputs, case.steps)
    return Prepared(lambda: recurrent.gradient(params, X, Y), lambda: recurrent.gradient(params, X, Y))
