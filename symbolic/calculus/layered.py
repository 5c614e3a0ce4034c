"""Layer-level backprop, derived with the rule engine: the δ recursion with ⊙ and ᵀ.

Backprop needs only a few scalar facts, each derived here by `differentiate`
(so each is a checked Step), never typed in as an answer:

    ∂zₖ⁽ˡ⁺¹⁾/∂aⱼ⁽ˡ⁾ = wₖⱼ⁽ˡ⁺¹⁾,   ∂aⱼ/∂zⱼ = g'(zⱼ),   ∂zⱼ/∂wⱼᵢ = aᵢ⁽ˡ⁻¹⁾,   ∂zⱼ/∂bⱼ = 1,
    and ∂C/∂zⱼᴸ for the cost and output activation (the output δ).

By the chain rule they give, for every size at once,

    δᴸ = ∇ₐC ⊙ g'(zᴸ),  δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ g'(zˡ),  ∂C/∂bˡ = δˡ,  ∂C/∂Wˡ = δˡ (aˡ⁻¹)ᵀ.

`LayerCalculus` keeps the two size-independent expressions that code needs:
g'(z) written with a = g(z) (σ' = a(1 − a), tanh' = 1 − a²: the stable forms),
and the output δ written with a, z, y and S = Σₖ yₖ. The equations are proved
equal to direct differentiation of the expanded cost in `symbolic.backprop_proof`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import sympy as sp

from dlmath.symbolic.calculus.steps import Step, checked, differentiate
from dlmath.symbolic.calculus.vocabulary import Activation, Cost, a, y, y_sum, z  # noqa: F401 - y, y_sum: the calculus's symbols, for callers
from dlmath.symbolic.models.networks import Network

w, act, bias = sp.IndexedBase("w", real=True), sp.IndexedBase("a", real=True), sp.IndexedBase("b", real=True)
j, k = sp.symbols("j k", integer=True, positive=True)
FAN_IN = 3  # the illustration's largest layer width; the size-specific proofs cover every width
SHOWN_OUTPUTS = 3  # the softmax row is differentiated for at most this many of the network's outputs


@dataclass(frozen=True)
class LayerCalculus:
    """The derived pieces of backprop for one (hidden activation, cost) pair, and how they were derived."""

    activation: str
    cost: str
    activation_derivative: sp.Expr   # g'(z) written in a = g(z) (and z for ReLU)
    output_delta: sp.Expr            # δᴸⱼ in a, z, y, S
    steps: tuple[Step, ...]


def activation_derivative(activation: Activation) -> tuple[sp.Expr, Step]:
    """g'(z) by the engine, then written in a = g(z): the form compiled code evaluates."""
    g = activation.head(z)
    derivative, how = differentiate(g, z)
    in_a = derivative.xreplace({g: a}) if g != z else derivative
    step = checked("activation derivative",
                   f"the derivative of the {activation.name} activation, written with $a = g(z)$",
                   sp.Derivative(g, z), derivative, substeps=(how,))
    return in_a, step


def chain_rule_pieces(fan_in: int = FAN_IN) -> tuple[Step, ...]:
    """The three local derivatives of a layer's pre-activation z = Σᵢ wᵢ aᵢ + b, by the engine, for `fan_in` inputs."""
    pre_next = sum(w[k, i] * act[i] for i in range(1, fan_in + 1)) + bias[k]
    pre = sum(w[j, i] * act[i] for i in range(1, fan_in + 1)) + bias[j]
    shown = min(2, fan_in)  # differentiate in the second input (the first when there is one)
    inputs = "1 input" if fan_in == 1 else f"{fan_in} inputs"
    steps = []
    for expr, variable, why in (
            (pre_next, act[shown],
             "$z_k^{(l+1)}$ is linear in $a_j^{(l)}$: the coefficient is the weight $w_{kj}^{(l+1)}$"),
            (pre, w[j, shown],
             "$z_j^{(l)}$ is linear in $w_{ji}^{(l)}$: the coefficient is the input $a_i^{(l-1)}$"),
            (pre, bias[j], "the bias enters $z_j^{(l)}$ with coefficient 1")):
        result, how = differentiate(expr, variable)
        steps.append(checked("derivative", why + f" (shown for {inputs})", sp.Derivative(expr, variable),
                             result, substeps=(how,)))
    return tuple(steps)


def output_delta(network_activation: Activation, cost: Cost,
                 outputs: int = SHOWN_OUTPUTS) -> tuple[sp.Expr, tuple[Step, ...]]:
    """δᴸ = ∂C/∂zᴸ for one output unit, by the engine, with the cancellations shown (softmax: a row of `outputs`)."""
    if cost.per_unit is None:  # softmax: each zⱼ enters every output, so differentiate the whole row
        return _softmax_delta(cost, min(outputs, SHOWN_OUTPUTS))
    output = cost.output or network_activation
    d_cost, how = differentiate(cost.per_unit, a)
    cost_step = checked("cost derivative", f"differentiate the {cost.name} cost of one output unit in its "
                        "activation $a$", sp.Derivative(cost.per_unit, a), d_cost, substeps=(how,))
    g_prime, g_step = activation_derivative(output)
    if cost.delta is None:
        delta = sp.Mul(d_cost, g_prime)
        product = checked("chain rule", "$\\delta^{(L)}_j = \\frac{\\partial C}{\\partial a_j} g'(z_j)$: the output "
                          f"delta for the {cost.name} cost", sp.Mul(d_cost, g_prime, evaluate=False), delta)
        return delta, (cost_step, g_step, product)
    cancel = checked("algebra", cost.cancellation, sp.Mul(d_cost, g_prime, evaluate=False), cost.delta,
                     conditions=cost.domain)
    return cost.delta, (cost_step, g_step, cancel)


def _softmax_delta(cost: Cost, size: int) -> tuple[sp.Expr, tuple[Step, ...]]:
    """∂/∂z₁ of −Σₖ yₖ ln softmax(z)ₖ for `size` outputs, then the general form a_j Σₖ yₖ − y_j."""
    zs, ys = sp.IndexedBase("z", real=True), sp.IndexedBase("y", real=True)
    total = sum(sp.exp(zs[m]) for m in range(1, size + 1))
    row_cost = -sum(ys[m] * sp.log(sp.exp(zs[m]) / total) for m in range(1, size + 1))
    derivative, how = differentiate(row_cost, zs[1])
    outputs = "1 output" if size == 1 else f"{size} outputs"
    step = checked("cost derivative", f"the softmax cross-entropy of {outputs}, differentiated in $z_1$",
                   sp.Derivative(row_cost, zs[1]), derivative, substeps=(how,))
    softmax_1 = sp.exp(zs[1]) / total
    general = softmax_1 * sum(ys[m] for m in range(1, size + 1)) - ys[1]
    tidy = checked("algebra", "collect: $\\delta_1 = a_1 \\sum_k y_k - y_1$ with $a_1 = \\operatorname{softmax}(z)_1$;"
                   " it is $a_1 - y_1$ when the targets sum to 1", derivative, general)
    return cost.delta, (step, tidy)


@cache
def layer_calculus(activation: str, cost: str, fan_in: int = FAN_IN, outputs: int = SHOWN_OUTPUTS) -> LayerCalculus:
    """Derive (and check) the layer-level pieces for a hidden activation and a cost.

    `fan_in` and `outputs` only size the illustrations in the steps (at most FAN_IN inputs and
    SHOWN_OUTPUTS softmax outputs); the derived expressions are the same for every size.
    """
    network = Network((1, 1), activation, cost)  # validates the names with the same messages
    g_prime, g_step = activation_derivative(network.hidden_activation)
    delta, delta_steps = output_delta(network.hidden_activation, network.cost_function, outputs)
    pieces = chain_rule_pieces(min(fan_in, FAN_IN))
    return LayerCalculus(activation, cost, g_prime, delta, (*pieces, g_step, *delta_steps))


def network_calculus(network: Network) -> LayerCalculus:
    """The layer calculus with its illustrations sized to `network`: no input or output it does not have."""
    return layer_calculus(network.activation, network.cost, max(network.sizes[:-1]), network.sizes[-1])
