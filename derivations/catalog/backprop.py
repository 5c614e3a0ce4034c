"""Backpropagation for any depth: BP1–BP4 proved with symbolic widths, and at a concrete size (seeds 003 and 002)."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from dlmath.symbolic.calculus.layered import network_calculus
from dlmath.symbolic.calculus.steps import Step
from dlmath.symbolic.calculus.vocabulary import QUADRATIC, SIGMOID
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, Network, NetworkError, parse_layers
from dlmath.symbolic.proofs.backprop_general import GeneralBackprop, prove_general_backprop
from dlmath.symbolic.proofs.backprop_proof import BackpropProof, prove_backprop

from ..core import Derivation, Source, register

SEED_003, SEED_002 = "003_2ef027bd369c874d.txt", "002_cf0eb5ed628efded.txt"
DEFAULT_LAYERS = "12,3,2"  # Wakui's 12-pixel, 3-demon, 2-output network (003)
j, i = sp.symbols("j i", integer=True, positive=True)
C = sp.Symbol("C", real=True)


def _indexed(name: str, layer: int) -> sp.IndexedBase:
    return sp.IndexedBase(f"{name}^{{({layer})}}", real=True)


def _matrix(name: str, layer: int, rows: int, cols: int = 1) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(f"{name}^{{({layer})}}", rows, cols)


def _proved_step(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: BackpropProof,
                 names: tuple[str, ...]) -> Step:
    """A step whose check is the expanded-cost proof of the named parameters."""
    return Step(rule, why, before, after, "=", (), proof.verdict(names))


def _elementwise(network: Network, proof: BackpropProof) -> list[Step]:
    """Seed 003's notation: δⱼˡ = ∂C/∂zⱼˡ, ∂C/∂wⱼᵢˡ = δⱼˡ aᵢˡ⁻¹, ∂C/∂bⱼˡ = δⱼˡ, layer by layer."""
    steps = []
    for layer in range(network.depth, 0, -1):
        n, m = network.sizes[layer], network.sizes[layer - 1]
        delta, w, a_prev = _indexed("delta", layer), _indexed("w", layer), _indexed("a", layer - 1)
        steps.append(_proved_step(
            "chain rule", f"layer {layer}: $z_j^{{({layer})}}$ is linear in $w_{{ji}}^{{({layer})}}$, so "
            f"$\\partial C / \\partial w_{{ji}}^{{({layer})}} = \\delta_j^{{({layer})}} a_i^{{({layer - 1})}}$ for all "
            f"${n} \\times {m}$ weights, checked against the expanded cost",
            sp.Derivative(C, w[j, i]), delta[j] * a_prev[i], proof, (f"W{layer}",)))
        steps.append(_proved_step(
            "chain rule", f"layer {layer}: the bias enters with coefficient 1, so "
            f"$\\partial C / \\partial b_j^{{({layer})}} = \\delta_j^{{({layer})}}$ for "
            + ("its one unit" if n == 1 else f"all {n} units")
            + ("" if layer == network.depth else
               f"; this checks the recursion $\\delta_j^{{({layer})}} = \\sum_k \\delta_k^{{({layer + 1})}} "
               f"w_{{kj}}^{{({layer + 1})}} g'(z_j^{{({layer})}})$"),
            sp.Derivative(C, _indexed("b", layer)[j]), delta[j], proof, (f"b{layer}",)))
    return steps


def _matrix_form(network: Network, proof: BackpropProof) -> list[Step]:
    """Seed 002's notation: δ⁽ˡ⁾ = ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾) ⊙ g'(z⁽ˡ⁾) and ∂J/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (h⁽ˡ⁻¹⁾)ᵀ."""
    J = sp.Symbol("J", real=True)
    steps = []
    for layer in range(network.depth, 0, -1):
        n, m = network.sizes[layer], network.sizes[layer - 1]
        delta = _matrix("delta", layer, n)
        if layer < network.depth:
            recursion = sp.HadamardProduct(sp.Transpose(_matrix("W", layer + 1, network.sizes[layer + 1], n))
                                           * _matrix("delta", layer + 1, network.sizes[layer + 1]),
                                           sp.MatrixSymbol(f"g'(z^{{({layer})}})", n, 1))
            steps.append(_proved_step("matrix form", f"the recursion for layer {layer} as one matrix product and "
                                      f"a Hadamard product (it is the bias gradient)", delta, recursion, proof,
                                      (f"b{layer}",)))
        steps.append(_proved_step("matrix form", f"the weight gradient of layer {layer} is an outer product",
                                  sp.Derivative(J, _matrix("W", layer, n, m)),
                                  delta * sp.Transpose(_matrix("h", layer - 1, m)), proof, (f"W{layer}",)))
    # The letters change here: say so once, in the first step written in seed 002's notation.
    first = steps[0]
    note = "; from here on in seed 002’s notation: $J$ for the cost $C$ and $h$ for the activations $a$"
    return [replace(first, justification=first.justification + note), *steps[1:]]


def _general_summary(general: GeneralBackprop) -> str:
    """'for every size' only when each piece of the general proof is proved with a general certificate."""
    if general.general:
        return ("These four equations are proved for every layer width (the widths are symbols, the sums have symbolic "
                "limits) and, by induction on the layer, for every depth; the chain rule over a family is the one "
                "cited lemma. ")
    proved = [p.name for p in general.pieces if p.general]
    done = f"{', '.join(proved)} {'is' if len(proved) == 1 else 'are'} proved for every size; " if proved else ""
    return f"{done}the rest is not proved for every size here, only checked at the given size. "


def _one_of(names: tuple[str, ...]) -> str:
    """'a, b or c'."""
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _once(steps: list[Step]) -> list[Step]:
    """Each step once: σ' is derived for the hidden layer and again for each output; show it once."""
    seen: set[tuple[str, object, object]] = set()
    out = []
    for step in steps:
        if (step.rule, step.before, step.after) not in seen:
            seen.add((step.rule, step.before, step.after))
            out.append(step)
    return out


@register("backprop", r"Backpropagation: the $\delta$ recursion BP1–BP4, proved for symbolic widths and every depth, "
          "and entry by entry at the sizes given",
          {"layers": f"layer sizes, e.g. 2,8,8,1 (default {DEFAULT_LAYERS}); also --layers",
           "activation": f"{_one_of(ACTIVATIONS)} (default {SIGMOID.name})",
           "cost": f"{_one_of(COSTS)} (default {QUADRATIC.name})"},
          sources=(SEED_003, SEED_002))
def backprop(layers: str = DEFAULT_LAYERS, activation: str = SIGMOID.name, cost: str = QUADRATIC.name) -> Derivation:
    try:
        network = Network(parse_layers(layers), activation, cost)
    except NetworkError as error:
        raise ValueError(str(error)) from None
    if sum(network.sizes[k] * network.sizes[k + 1] for k in range(network.depth)) > 5000:
        raise ValueError(f"{network.label} has too many weights to expand symbolically (at most 5000)")
    calculus = network_calculus(network)
    general = prove_general_backprop(activation, cost)
    proof = prove_backprop(network, calculus=calculus)
    result = _proved_step("result", f"every one of the {proof.entries} entries of $\\nabla C$ for the "
                          f"{network.label} network equals the layer-level formula ({proof.seconds:.2f} s)",
                          sp.Symbol(r"\nabla C", real=True),
                          sp.Symbol(r"\left(\delta^{(l)} (a^{(l-1)})^{T},\ \delta^{(l)}\right)_{l=1}^{L}"),
                          proof, tuple(network.shapes()))
    return Derivation(
        name="backprop",
        title=f"Backpropagation for the {network.label} network",
        summary=r"For $z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}$, $a^{(l)} = g(z^{(l)})$ "
                f"({activation}) and the {cost} cost, the chain rule gives "
                r"$\delta^{(L)} = \nabla_a C \odot g'(z^{(L)})$, "
                r"$\delta^{(l)} = ((W^{(l+1)})^T \delta^{(l+1)}) \odot g'(z^{(l)})$, "
                r"$\partial C / \partial b^{(l)} = \delta^{(l)}$, "
                r"$\partial C / \partial W^{(l)} = \delta^{(l)} (a^{(l-1)})^T$. " + _general_summary(general)
                + "The local derivatives are derived by the rule engine; the equations are also proved, entry by "
                f"entry, equal to direct differentiation of the fully expanded cost of the {network.label} network.",
        steps=(*_once(list(calculus.steps)), *general.steps, *_elementwise(network, proof),
               *_matrix_form(network, proof)),
        result=result,
        sources=(Source(SEED_003, r"back propagation: $\delta_j^{(l)} = \partial C / \partial z_j^{(l)}$, "
                        r"$\partial C / \partial w_{ji}^{(l)} = \delta_j^{(l)} a_i^{(l-1)}$, matrix representation"),
                 Source(SEED_002, r"backpropagation: $\delta^{(L)}$, $\delta^{(l)}$ and "
                        r"$\partial J / \partial W^{(l)}$ with $J = \sum \frac{1}{2} \lVert h^{(L)} - y \rVert^2$")),
        assumptions=(r"z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)},\ a^{(l)} = g(z^{(l)}),\ a^{(0)} = x",
                     r"\delta^{(l)}_j = \partial C / \partial z^{(l)}_j",
                     r"\frac{\partial C}{\partial x} = \sum_{k=1}^{p} \frac{\partial C}{\partial u_k} "
                     r"\frac{\partial u_k}{\partial x} \text{ when } C \text{ depends on } x \text{ only through } "
                     r"u_1, \dots, u_p \text{ (the chain rule over a family, cited)}"),
        remarks=(" ".join(p.sentence for p in general.pieces),
                 "The concrete-size proof writes out the cost of one sample with every weight a symbol and "
                 "differentiates it directly (symengine); the hidden units are $g(z)$ with $g'$ replaced by the "
                 "derived derivative, and the difference from the layer-level formula expands to 0. A batch cost "
                 "is a sum over samples, so the same equations hold for it term by term.",
                 "Seed 002 writes $h$ for the activations $a$ and $J$ for the cost $C$."),
    )
