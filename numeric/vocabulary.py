"""The numeric floor's one table per kind: the numpy kernels of every activation and cost record.

Keyed by the symbolic records (dlmath.symbolic.calculus.vocabulary), so a name has one spelling; a test
checks that both tables cover every record. The hand-written backprop and BPTT call the kernels;
the compiled gradient writes the `source` forms into its generated code (its g' and output δ are
printed from the derived expressions instead, never from here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlmath.symbolic.calculus.vocabulary import (
    CROSS_ENTROPY,
    GELU,
    GELU_TANH,
    IDENTITY,
    QUADRATIC,
    RELU,
    SIGMOID,
    SILU,
    SOFTMAX,
    SOFTMAX_CROSS_ENTROPY,
    SOFTPLUS,
    TANH,
    Activation,
    Cost,
)

from .kernels import (
    gelu,
    gelu_derivative,
    gelu_tanh,
    gelu_tanh_derivative,
    log_softmax,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    silu,
    silu_derivative,
    softmax,
    softplus,
    tanh,
    tanh_derivative,
)

Array = np.ndarray


@dataclass(frozen=True)
class ActivationKernels:
    """g in numpy, g' from the forward pass's z and a = g(z), and how generated code writes g."""

    forward: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array] | None  # None: g' = 1 (identity) or not entrywise (softmax)
    source: str                                         # g(·) in generated code, a format string
    into: tuple[str, ...]                               # a = g(z) written into a preallocated {a}; {axis}: features
    init_gain: float = 1.0                              # weight variance × fan-in that keeps z at unit variance
    into_overflows: bool = False                        # `into` lets exp overflow to inf on purpose (see SIGMOID)


@dataclass(frozen=True)
class CostKernels:
    """The cost summed over the batch, and the start of the output δ, from the output layer's Z, A and Y."""

    loss: Callable[[Array, Array, Array], float]
    delta: Callable[[Array, Array], Array]  # a fresh array: ∂C/∂a, or the record's cancelled δ where g' cancels
    source: str                             # the loss in generated code, in Z, A and Y


def _quadratic(Z: Array, A: Array, Y: Array) -> float:
    diff = A - Y
    return 0.5 * float(np.vdot(diff, diff))


def _cross_entropy(Z: Array, A: Array, Y: Array) -> float:
    # −[y ln σ(z) + (1−y) ln(1−σ(z))] = softplus(z) − y·z, and logaddexp(0, z) = softplus(z)
    # never overflows, so saturated outputs (|z| ≈ 800) give an exact finite cost, not inf.
    return float(softplus(Z).sum() - np.vdot(Y, Z))


def _softmax_cross_entropy(Z: Array, A: Array, Y: Array) -> float:
    return -float(np.vdot(Y, log_softmax(Z)))


def _softmax_delta(A: Array, Y: Array) -> Array:
    # ∂/∂z_k of −Σⱼ yⱼ (zⱼ − logsumexp z) is a_k·Σⱼ yⱼ − y_k. This is the exact derivative for any
    # non-negative label weights; the textbook A − Y holds only when every row of Y sums to 1.
    return A * Y.sum(axis=1, keepdims=True) - Y


def _difference(A: Array, Y: Array) -> Array:
    return A - Y


# The `into` forms are the gradient step's: four passes over a buffer for σ = 1/(1 + e^(−z)), which has full
# relative precision for every z (no 1 − small cancels) and whose e^(−z) overflows to inf below z ≈ −709
# (float32: −88), giving σ = 1/inf = 0, the float nearest the true value; the step runs them in
# np.errstate(over="ignore"). The stable `sigmoid` kernel above needs six passes and a fresh array.
KERNELS: dict[Activation, ActivationKernels] = {
    SIGMOID: ActivationKernels(sigmoid, lambda z, a: sigmoid_derivative(a), "sigmoid({})",
                               ("np.negative({z}, out={a})", "np.exp({a}, out={a})", "{a} += 1.0",
                                "np.reciprocal({a}, out={a})"), into_overflows=True),
    TANH: ActivationKernels(tanh, lambda z, a: tanh_derivative(a), "np.tanh({})", ("np.tanh({z}, out={a})",)),
    # ReLU'(0) is undefined and taken as 0 there, like most frameworks; He initialisation doubles the gain
    RELU: ActivationKernels(relu, lambda z, a: relu_derivative(z), "np.maximum({}, 0.0)",
                            ("np.maximum({z}, 0.0, out={a})",), init_gain=2.0),
    IDENTITY: ActivationKernels(lambda z: z, None, "{}", ("{a} = {z}",)),  # no copy: nobody writes into Z or A
    # the smooth activations' g' is in z; their forward kernels are the stable forms (σ never overflows)
    GELU: ActivationKernels(gelu, lambda z, a: gelu_derivative(z), "gelu({})", ("{a} = gelu({z})",)),
    GELU_TANH: ActivationKernels(gelu_tanh, lambda z, a: gelu_tanh_derivative(z), "gelu_tanh({})",
                                 ("{a} = gelu_tanh({z})",)),
    SILU: ActivationKernels(silu, lambda z, a: silu_derivative(z), "silu({})", ("{a} = silu({z})",)),
    SOFTPLUS: ActivationKernels(softplus, lambda z, a: sigmoid(z), "softplus({})", ("{a} = softplus({z})",)),
    SOFTMAX: ActivationKernels(softmax, None, "softmax({})", ("{a} = softmax({z}, axis={axis})",)),
}

# The losses in stable forms (logaddexp, log-sum-exp); the generated code imports its helpers from kernels.py.
COST_KERNELS: dict[Cost, CostKernels] = {
    QUADRATIC: CostKernels(_quadratic, _difference, "0.5 * np.sum((A - Y) ** 2)"),
    CROSS_ENTROPY: CostKernels(_cross_entropy, _difference,  # σ' cancels against the 1/(a(1−a)) of ∂C/∂a
                               "np.sum(Y * np.logaddexp(0.0, -Z) + (1.0 - Y) * np.logaddexp(0.0, Z))"),
    SOFTMAX_CROSS_ENTROPY: CostKernels(_softmax_cross_entropy, _softmax_delta, "-np.sum(Y * log_softmax(Z))"),
}
