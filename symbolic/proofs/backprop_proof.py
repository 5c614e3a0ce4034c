"""Proof at a concrete size: the layer-level gradient equals direct differentiation of the expanded cost.

The cost of one sample is written out in full, every weight a symbol, the
layers nested inside each other (symengine, because SymPy's `diff` of a
16-16-16-1 net takes minutes). Hidden units are g(z) with g an undefined
function, so `diff` applies the chain rule by itself, producing g'(z) atoms.
Both sides are then read as polynomials in named atoms (aⱼ⁽ˡ⁾ = g(zⱼ⁽ˡ⁾)); on the
direct side g'(zⱼ⁽ˡ⁾) becomes the textbook derivative (a(1 − a) for σ), itself
proved against SymPy's derivative of σ's definition, while the layer-level side
uses the derived g' it is testing. Naming equal
subexpressions is a substitution, so if the difference expands to 0 in the
atoms it is 0 for the real network. Every atom is defined by the real
activations (zⱼ⁽ˡ⁾ = Σ wⱼᵢ aᵢ⁽ˡ⁻¹⁾ + bⱼ, aⱼ⁽ˡ⁾ = σ(zⱼ⁽ˡ⁾), …), which the numeric half
of `entrywise.prove_entries` evaluates at random points. A sum over a batch is
linear, so one sample proves the batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

import numpy as np
import symengine as se
import sympy as sp

from dlmath.symbolic.calculus.activations import step, to_elementary
from dlmath.symbolic.calculus.layered import LayerCalculus, layer_calculus
from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.calculus.vocabulary import Activation, a, y, y_sum, z
from dlmath.symbolic.models.networks import Network
from dlmath.symbolic.proofs.entrywise import (
    Definition,
    EntryGroup,
    EntrywiseProof,
    Point,
    ProofFacts,
    on_grid,
    prove_entries,
)
from dlmath.symbolic.verify.verdict import Status, Verdict

G = se.Function("g")
Z, A, Y = se.sympify(z), se.sympify(a), se.sympify(y)


class LemmaFailed(ArithmeticError):
    """A textbook derivative did not check against SymPy's: no proof can rest on it."""


@cache
def true_derivative(activation: Activation) -> sp.Expr:
    """The record's textbook g'(z) in a = g(z), once the verifier has proved it equal to sympy.diff of g's
    elementary definition: the direct side's g', so a wrong derived g' in the calculus under test shows."""
    definition, derivative = activation.elementary, activation.derivative
    verdict = check(sp.diff(definition, z), derivative.subs(a, definition))
    if verdict.status != Status.PROVED:
        raise LemmaFailed(f"the derivative of {activation.name} is not proved: {verdict.detail}")
    return derivative


@dataclass(frozen=True)
class BackpropProof(ProofFacts):
    """The layer-level equations against direct differentiation, entry by entry, for one network."""

    network: Network
    result: EntrywiseProof

    @property
    def parameters(self) -> tuple[EntryGroup, ...]:
        return self.groups

    def verdict(self, names: tuple[str, ...] | None = None) -> Verdict:
        """The verdict on the named parameters (all by default), by the verifier's policy."""
        return self.result.verdict(names)


@dataclass
class _Model:
    """The expanded network in symengine, with the atoms that name its nested pieces."""

    weights: list[list[list[se.Symbol]]]
    biases: list[list[se.Symbol]]
    inputs: list[se.Symbol]
    targets: list[se.Symbol]
    cost: se.Basic
    atoms: dict[se.Basic, se.Basic]          # nested piece → its name (g'(z) → the textbook derivative)
    activations: list[list[se.Basic]]        # aⱼ⁽ˡ⁾ as atoms (layer 0: the inputs)
    derivatives: list[list[se.Basic]]        # the calculus's g'(zⱼ⁽ˡ⁾) in the atoms, for the δ recursion
    pre_names: list[list[se.Symbol]]         # zⱼ⁽ˡ⁾ names, for the pieces of g'(z) (ReLU's step(z), GELU's Φ(z))
    definitions: list[Definition]            # every atom's value with the real activations, layer by layer


def _expand_network(network: Network, calculus: LayerCalculus) -> _Model:
    sizes, depth = network.sizes, network.depth
    inputs = [se.Symbol(f"x_{i}") for i in range(sizes[0])]
    targets = [se.Symbol(f"y_{j}") for j in range(sizes[-1])]
    weights: list[list[list[se.Symbol]]] = [[]]
    biases: list[list[se.Symbol]] = [[]]
    values, names, derivatives, pre_names = [list(inputs)], [list(inputs)], [[]], [[]]
    atoms: dict[se.Basic, se.Basic] = {}
    definitions: list[Definition] = []
    for layer in range(1, depth + 1):
        W = [[se.Symbol(f"W{layer}_{j}_{i}") for i in range(sizes[layer - 1])] for j in range(sizes[layer])]
        b = [se.Symbol(f"b{layer}_{j}") for j in range(sizes[layer])]
        pre = [se.Add(*[W[j][i] * values[-1][i] for i in range(sizes[layer - 1])]) + b[j] for j in range(sizes[layer])]
        a_names = [se.Symbol(f"a{layer}_{j}") for j in range(sizes[layer])]
        z_names = [se.Symbol(f"z{layer}_{j}") for j in range(sizes[layer])]
        weights.append(W)
        biases.append(b)
        pre_names.append(z_names)
        kind = network.activation_of(layer)
        pieces = _pieces_in_z(kind, calculus, last=layer == depth)
        definitions += _unit_definitions(kind, W, b, names[-1], z_names, a_names, pieces)
        if not kind.entrywise:  # softmax
            values.append([se.exp(u) for u in pre])
            atoms.update({se.exp(u): name for u, name in zip(pre, a_names)})
            atoms.update({se.exp(-u): 1 / name for u, name in zip(pre, a_names)})  # symengine writes 1/e^u so
            names.append(a_names)  # here: the exponentials e^{zⱼ}; softmax is built from them below
            derivatives.append([])
            continue
        out = [G(u) for u in pre]
        for u, an, zn, bj in zip(out, a_names, z_names, b):
            atoms[u] = an
            # ∂g(z)/∂b = g'(z) exactly, as symengine writes it: the direct side gets the TRUE derivative
            atoms[se.diff(u, bj)] = _in_atoms(true_derivative(kind), {a: an, z: zn}, zn)
        values.append(out)
        names.append(a_names)
        # the layer-level side uses the derivative under test, the calculus's own
        derivatives.append([_in_atoms(calculus.activation_derivative, {a: an, z: zn}, zn)
                            for an, zn in zip(a_names, z_names)])
    cost = _cost(network, values[-1], pre, targets)
    return _Model(weights, biases, inputs, targets, cost, atoms, names, derivatives, pre_names, definitions)


def _pieces_in_z(kind: Activation, calculus: LayerCalculus, last: bool) -> tuple[sp.Basic, ...]:
    """The functions of z (step(z), σ(z), erf(z/√2), e^{−z²/2}, tanh(…)) in this layer's g' and δ, each named
    per unit by an atom: the true g', the calculus's (right or wrong), and on the last layer its output δ."""
    exprs = [calculus.activation_derivative, step(z)] + ([kind.derivative] if kind.entrywise else [])
    exprs += [calculus.output_delta] if last else []
    found = {f for e in exprs for f in sp.sympify(e).atoms(sp.Function) if z in f.free_symbols}
    return tuple(sorted(found, key=str))


def _piece_atom(piece: sp.Basic, pre_name: se.Symbol) -> se.Symbol:
    """The atom naming one function of z at one unit: step_z1_0 for ReLU's step, erf(sqrt(2)*z/2)_z1_0, …"""
    return se.Symbol(f"{'step' if piece == step(z) else piece}_{pre_name}")


def _unit_definitions(kind: Activation, W: list[list[se.Symbol]], b: list[se.Symbol], previous: list[se.Basic],
                      z_names: list[se.Symbol], a_names: list[se.Symbol], pieces: tuple[sp.Basic, ...]
                      ) -> list[Definition]:
    """zⱼ = Σᵢ Wⱼᵢ aᵢ + bⱼ, aⱼ = g(zⱼ) with g's definition (e^{zⱼ} for softmax), and the pieces of g'(zⱼ)."""
    out: list[Definition] = []
    for j, (zn, an) in enumerate(zip(z_names, a_names)):
        out.append((zn, se.Add(*[W[j][i] * previous[i] for i in range(len(previous))]) + b[j]))
        out.append((an, se.exp(zn)) if not kind.entrywise else (an, kind.elementary_at(zn)))
        # step's value: 1, 0, undefined at 0; the others by their elementary forms (σ as 1/(1 + e^{−z}))
        out += [(_piece_atom(p, zn), se.sympify(p.rewrite(sp.Piecewise) if isinstance(p, step)
                                                else to_elementary(p)).xreplace({Z: zn})) for p in pieces]
    return out


def _in_atoms(expr: sp.Expr, names: dict, pre_name: se.Symbol) -> se.Basic:
    """A derived formula in a, z, y, S (SymPy's: its z is the real one), written with one unit's atoms
    (each function of z becomes its atom)."""
    expr = sp.sympify(expr)
    pieces = {f: sp.Symbol(_piece_atom(f, pre_name).name) for f in expr.atoms(sp.Function) if z in f.free_symbols}
    named = se.sympify(expr.xreplace(pieces))
    return named.xreplace({se.sympify(k): v for k, v in names.items()})


def _cost(network: Network, outputs: list[se.Basic], logits: list[se.Basic], targets: list[se.Symbol]) -> se.Basic:
    per_unit = network.cost_function.per_unit
    if per_unit is not None:
        cost = se.sympify(per_unit)
        return se.Add(*[cost.xreplace({A: o, Y: t}) for o, t in zip(outputs, targets)])
    # softmax: outputs are e^{zⱼ}: ln softmax(z)ⱼ = zⱼ − ln Σₖ e^{zₖ}
    log_total = se.log(se.Add(*outputs))
    return -se.Add(*[t * (u - log_total) for u, t in zip(logits, targets)])


def _layer_level(network: Network, calculus: LayerCalculus, model: _Model) -> dict[se.Symbol, se.Basic]:
    """Every parameter's gradient by the δ recursion, written in the atoms."""
    depth = network.depth
    out = model.activations[depth]
    if not network.output_activation.entrywise:  # softmax: normalise the exponentials
        out = [e / se.Add(*out) for e in out]
    target_sum = se.Add(*model.targets)
    delta = [_in_atoms(calculus.output_delta, {a: o, y: t, y_sum: target_sum, z: zn}, zn)
             for o, t, zn in zip(out, model.targets, model.pre_names[depth])]
    gradient: dict[se.Symbol, se.Basic] = {}
    for layer in range(depth, 0, -1):
        previous = model.activations[layer - 1]
        for j, d in enumerate(delta):
            gradient[model.biases[layer][j]] = d
            for i, a_i in enumerate(previous):
                gradient[model.weights[layer][j][i]] = d * a_i
        if layer > 1:
            W = model.weights[layer]
            delta = [se.Add(*[W[k][j] * delta[k] for k in range(len(delta))]) * model.derivatives[layer - 1][j]
                     for j in range(network.sizes[layer - 1])]
    return gradient


def prove_backprop(network: Network, points: int = 3, seed: int = 0,
                   calculus: LayerCalculus | None = None) -> BackpropProof:
    """Prove the layer-level gradient of `network` equal to direct differentiation, entry by entry.

    `calculus` defaults to the derived one; tests pass wrong ones to see them fail.
    """
    start = time.perf_counter()
    calculus = calculus or layer_calculus(network.activation, network.cost)
    if (calculus.activation, calculus.cost) != (network.activation, network.cost):
        raise ValueError(f"the calculus is for {calculus.activation} with the {calculus.cost} cost, "
                         f"the network has {network.activation} with the {network.cost} cost")
    model = _expand_network(network, calculus)
    layered = _layer_level(network, calculus, model)
    entries = {f"{name}{list(index)}": (layered[symbol], se.diff(model.cost, symbol).xreplace(model.atoms))
               for name, symbols in _parameter_symbols(network, model).items() for index, symbol in symbols}
    samples = [_sample(network, model, np.random.default_rng(seed + p)) for p in range(points)]
    result = prove_entries(entries, model.definitions, samples,
                           f"at size {network.label}: direct differentiation of the fully expanded cost minus the "
                           "layer-level formula expands to 0", f"{points} random points", start=start)
    return BackpropProof(network, result)


def _parameter_symbols(network: Network, model: _Model) -> dict[str, list[tuple[tuple[int, ...], se.Symbol]]]:
    out: dict[str, list[tuple[tuple[int, ...], se.Symbol]]] = {}
    for layer in range(1, network.depth + 1):
        out[f"W{layer}"] = [((j, i), s) for j, row in enumerate(model.weights[layer]) for i, s in enumerate(row)]
        out[f"b{layer}"] = [((j,), s) for j, s in enumerate(model.biases[layer])]
    return out


def _sample(network: Network, model: _Model, rng: np.random.Generator) -> Point:
    """Random parameters, input and targets on the grid (the atoms follow from their definitions)."""
    values: dict[se.Basic, float] = {}
    values.update(zip(model.inputs, on_grid(rng.uniform(-1, 1, network.sizes[0]))))
    values.update(zip(model.targets, on_grid(rng.uniform(0.05, 0.95, network.sizes[-1]))))
    for layer in range(1, network.depth + 1):
        W = on_grid(rng.normal(0, 1, (network.sizes[layer], network.sizes[layer - 1])))
        b = on_grid(rng.normal(0, 1, network.sizes[layer]))
        for j in range(W.shape[0]):
            values.update(zip(model.weights[layer][j], W[j]))
            values[model.biases[layer][j]] = b[j]
    return values
