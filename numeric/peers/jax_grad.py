"""jax: `jax.jit(jax.grad(cost))` of the cost of peers/models.py (CPU, float64 enabled), each call waited for.

XLA's CPU threads are not governed by OMP_NUM_THREADS: the bench sets XLA_FLAGS for the thread count.
"""

from __future__ import annotations

import numpy as np

from .cases import Arrays, Case
from .models import COSTS, Ops, inputs
from .protocol import Prepared

REQUIRES = ("jax",)


def prepare(case: Case, problem: tuple[Arrays, np.ndarray, np.ndarray]) -> Prepared:
    import jax  # an optional peer: imported only in its own process, when installed
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    dtype = getattr(jnp, case.dtype)
    params, X, Y = problem
    arrays = {k: jnp.asarray(v, dtype=dtype) for k, v in params.items()}
    X_j, Y_j = jnp.asarray(inputs(case, X), dtype=dtype), jnp.asarray(Y, dtype=dtype)
    ops = Ops(jax.nn.sigmoid, jnp.tanh, jnp.einsum, lambda shape: jnp.zeros(shape, dtype=dtype),
              lambda x, axes: x.max(axis=axes))
    cost = COSTS[case.model]
    grad = jax.jit(jax.grad(lambda p, x, y: cost(ops, p, x, y)))

    def step() -> object:
        return jax.block_until_ready(grad(arrays, X_j, Y_j))

    def gradient() -> dict[str, np.ndarray]:
        return {k: np.asarray(v, dtype=np.float64) for k, v in step().items()}

    return Prepared(step, gradient)
