"""torch autograd: the cost of peers/models.py on tensors, `torch.autograd.grad` of it (CPU, the case's dtype).

torch's intra-op threads follow the bench's thread count (torch.set_num_threads), as OpenBLAS's do.
"""

from __future__ import annotations

import os

import numpy as np

from .cases import Arrays, Case
from .models import COSTS, Ops, inputs
from .protocol import Prepared

REQUIRES = ("torch",)


def prepare(case: Case, problem: tuple[Arrays, np.ndarray, np.ndarray]) -> Prepared:
    import torch  # an optional peer: imported only in its own process, when installed

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    dtype = getattr(torch, case.dtype)
    params, X, Y = problem
    names = list(params)
    tensors = {k: torch.tensor(v, dtype=dtype, requires_grad=True) for k, v in params.items()}
    X_t, Y_t = torch.tensor(inputs(case, X), dtype=dtype), torch.tensor(Y, dtype=dtype)
    ops = Ops(torch.sigmoid, torch.tanh, torch.einsum, lambda shape: torch.zeros(shape, dtype=dtype),
              lambda x, axes: x.amax(dim=axes))
    cost = COSTS[case.model]

    def step() -> tuple:
        return torch.autograd.grad(cost(ops, tensors, X_t, Y_t), [tensors[k] for k in names])

    def gradient() -> dict[str, np.ndarray]:
        return {k: g.detach().numpy().astype(np.float64) for k, g in zip(names, step())}

    return Prepared(step, gradient)
