"""One record per activation and per cost: what the symbolic floor knows about each name.

Every layer reads these records instead of keeping its own table keyed by "sigmoid" or
"quadratic": the rule engine's heads, the proofs' elementary definitions and textbook
derivatives, the costs and their cancellations. The numeric floor keeps one table keyed by
these same records that adds the numpy kernels (numeric/vocabulary.py); a test checks that
both tables cover every record, so a new activation (GELU, SiLU) is one record per floor.

Symbols shared by every record: a = g(z) an activation, z its pre-activation, y a target,
S = Σₖ yₖ the sum of a sample's targets (1 for a label distribution).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import symengine as se
import sympy as sp

from dlmath.symbolic.calculus.activations import (
    gelu,
    gelu_tanh,
    gelu_tanh_inner,
    gelu_tanh_inner_slope,
    normal_cdf,
    normal_pdf,
    relu,
    sigmoid,
    silu,
    softplus,
    step,
)

a, z, y = sp.symbols("a z y", real=True)
y_sum = sp.Symbol("S", real=True)
"""S = Σₖ yₖ, the sum of a sample's targets (1 for a label distribution)."""


# Records are compared and hashed by identity (eq=False): each is the one record of its name, and the
# numeric tables look them up on every layer of every pass, where hashing SymPy fields would cost time.
@dataclass(frozen=True, eq=False)
class Activation:
    """An activation g: its name, how SymPy and a textbook write it, its definition and g'."""

    name: str                                   # as a Network and the CLI spell it
    latex: str                                  # g as a textbook writes it
    head: Callable[[sp.Expr], sp.Expr] | None   # g(z) for the rule engine; None: not entrywise (softmax)
    elementary: sp.Expr | None                  # g(z) by elementary functions: the proofs' real activation
    derivative: sp.Expr | None                  # the textbook g'(z), in a = g(z) where it has such a form
    hidden: bool = True                         # may a network use it on its hidden layers

    @property
    def entrywise(self) -> bool:
        """Whether aⱼ = g(zⱼ) unit by unit (softmax mixes the whole layer)."""
        return self.head is not None

    @property
    def kink_at_zero(self) -> bool:
        """Whether g' is the unit step (ReLU): undefined at z = 0, where central differences fail."""
        return self.derivative is not None and self.derivative.has(step)

    def elementary_at(self, argument: se.Basic) -> se.Basic:
        """g(argument) by the elementary definition, in symengine (the form the expanded networks use)."""
        return _in_symengine(self.elementary).xreplace({_Z: argument})

    def derivative_at(self, output: se.Basic) -> se.Basic:
        """The textbook g' in symengine with `output` for a = g(z) (activations whose g' is in a alone)."""
        return _in_symengine(self.derivative).xreplace({_A: output})


@dataclass(frozen=True)
class Targets:
    """What a cost's targets may be: every entry in [low, high] (None: unbounded) and what they stand for."""

    low: float | None = None
    high: float | None = None
    meaning: str = ""
    distributions: bool = False   # typical targets are rows that sum to 1 (random targets are drawn so)


@dataclass(frozen=True, eq=False)
class Cost:
    """A cost summed over the output units (and over a batch): its output layer and its output δ."""

    name: str
    latex: str                         # the cost of one sample, as a textbook writes it
    output: Activation | None          # what the output layer applies; None: the network's hidden activation
    per_unit: sp.Expr | None           # one output unit's cost in a and y; None: not unit by unit (softmax)
    delta: sp.Expr | None              # δᴸ once g' cancels; None: δᴸ = ∂C/∂a · g'(z) stands
    cancellation: str = ""             # why δᴸ cancels to `delta`, in words
    domain: tuple[sp.Basic, ...] = ()  # where per_unit is defined
    targets: Targets = Targets()


SIGMOID = Activation("sigmoid", r"\sigma", sigmoid, 1 / (1 + sp.exp(-z)), a * (1 - a))
TANH = Activation("tanh", r"\tanh", sp.tanh, sp.tanh(z), 1 - a**2)
RELU = Activation("relu", r"\operatorname{ReLU}", relu, sp.Max(0, z), step(z))  # g' has no form in a
IDENTITY = Activation("identity", r"\operatorname{id}", sp.Lambda(z, z), z, sp.Integer(1))
# The smooth activations' g' has no form in a alone: it is written in z (with Φ, φ, σ and tanh of z).
GELU = Activation("gelu", r"\operatorname{GELU}", gelu, z * normal_cdf(z), normal_cdf(z) + z * normal_pdf(z))
GELU_TANH = Activation("gelu-tanh", r"\operatorname{GELU}_{\tanh}", gelu_tanh,
                       z * (1 + sp.tanh(gelu_tanh_inner(z))) / 2,
                       (1 + sp.tanh(gelu_tanh_inner(z))) / 2
                       + z * (1 - sp.tanh(gelu_tanh_inner(z)) ** 2) * gelu_tanh_inner_slope(z) / 2)
SILU = Activation("silu", r"\operatorname{SiLU}", silu, z / (1 + sp.exp(-z)), sigmoid(z) * (1 + z * (1 - sigmoid(z))))
SOFTPLUS = Activation("softplus", r"\operatorname{softplus}", softplus, sp.log(1 + sp.exp(z)), sigmoid(z))
SOFTMAX = Activation("softmax", r"\operatorname{softmax}", None, None, None, hidden=False)  # output layers only

QUADRATIC = Cost("quadratic", r"\tfrac{1}{2} \lVert a - y \rVert^2", None, (a - y) ** 2 / 2, None)
CROSS_ENTROPY = Cost(
    "cross-entropy", r"-\sum_j \left(y_j \ln a_j + (1 - y_j) \ln(1 - a_j)\right)", SIGMOID,
    -(y * sp.log(a) + (1 - y) * sp.log(1 - a)), a - y,
    "sigmoid outputs with the cross-entropy: $a(1-a)$ cancels, $\\delta^{(L)} = a - y$",
    (sp.StrictGreaterThan(a, 0), sp.StrictLessThan(a, 1)), Targets(0.0, 1.0, "targets are probabilities"))
SOFTMAX_CROSS_ENTROPY = Cost(
    "softmax-cross-entropy", r"-\sum_j y_j \ln \operatorname{softmax}(z)_j", SOFTMAX, None, a * y_sum - y,
    targets=Targets(0.0, None, "rows are label weights", distributions=True))

ACTIVATIONS: dict[str, Activation] = {g.name: g for g in (SIGMOID, TANH, RELU, IDENTITY, GELU, GELU_TANH, SILU,
                                                         SOFTPLUS, SOFTMAX)}
COSTS: dict[str, Cost] = {c.name: c for c in (QUADRATIC, CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY)}
HIDDEN_ACTIVATIONS: tuple[str, ...] = tuple(name for name, g in ACTIVATIONS.items() if g.hidden)

_Z, _A = se.sympify(z), se.sympify(a)


@cache
def _in_symengine(expr: sp.Expr) -> se.Basic:
    return se.sympify(expr)
