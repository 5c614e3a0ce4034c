"""What the gradients compiled from an expanded cost share: symengine's compiler, and the flat layout of θ.

The CNN, attention and transformer-block gradients write the cost of one sample out in full,
differentiate it by every parameter entry, and compile the list of derivatives into one function of
one flat row (θ, then the sample's inputs and targets). These two helpers are the two ends of that row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import symengine as se


def lambdify(inputs: list[se.Basic], outputs: list[se.Basic]) -> Callable[[np.ndarray], np.ndarray]:
    """symengine's compiled function of inputs → outputs, common subexpressions shared: LLVM if built in,
    else its interpreter (slower)."""
    try:
        return se.Lambdify(inputs, outputs, real=True, cse=True, backend="llvm")
    except (RuntimeError, ValueError):  # symengine built without LLVM
        return se.Lambdify(inputs, outputs, real=True, cse=True, backend="lambda")


def flat_parameters(params: Mapping[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    """θ: the named parameters' entries, one after the other, in float64."""
    return np.concatenate([np.asarray(params[name], dtype=np.float64).ravel() for name in names])


def unpack(flat: np.ndarray, params: Mapping[str, np.ndarray], names: Sequence[str]) -> tuple[dict[str, np.ndarray],
                                                                                              int]:
    """θ's entries of `flat` back into arrays shaped like params, and where the rest of `flat` starts."""
    out, start = {}, 0
    for name in names:
        size = int(np.size(params[name]))
        out[name] = flat[start:start + size].reshape(np.shape(params[name]))
        start += size
    return out, start
