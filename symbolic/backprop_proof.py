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
atoms it is 0 for the real network. The numeric half evaluates both sides at
random points with the real activations. A sum over a batch is linear, so one
sample proves the batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import symengine as se
import sympy as sp

from .activations import step
from .layered import LayerCalculus, a, layer_calculus, y, y_sum, z
from .networks import Network
from .steps import check
from .verify.verdict import PROVED, REFUTED, UNDECIDED, Verdict

G = se.Function("g")
STEP_OF_Z = se.sympify(step(z))  # ReLU's g'(z): named step_zⱼ⁽ˡ⁾, an atom like the others
NUMERIC = {"sigmoid": lambda v: 0.5 * (1 + np.tanh(0.5 * v)), "tanh": np.tanh,
           "relu": lambda v: np.maximum(v, 0.0), "identity": lambda v: v}


# g'(z) written in a = g(z): the textbook identities the direct side uses. Each is checked
# against SymPy's own derivative of the elementary definition before use (`true_derivative`),
# so a wrong derived g' in the calculus under test makes the two sides differ.
TEXTBOOK_DERIVATIVE = {"sigmoid": (1 / (1 + sp.exp(-z)), a * (1 - a)), "tanh": (sp.tanh(z), 1 - a**2),
                       "relu": (sp.Max(0, z), step(z)), "identity": (z, sp.Integer(1))}


class LemmaFailed(ArithmeticError):
    """A textbook derivative did not check against SymPy's: no proof can rest on it."""


@lru_cache(maxsize=None)
def true_derivative(name: str) -> sp.Expr:
    """g'(z) in a = g(z), after the verifier has proved it equal to sympy.diff of g's definition."""
    definition, derivative = TEXTBOOK_DERIVATIVE[name]
    verdict = check(sp.diff(definition, z), derivative.subs(a, definition))
    if verdict.status != PROVED:
        raise LemmaFailed(f"the derivative of {name} is not proved: {verdict.detail}")
    return derivative


@dataclass(frozen=True)
class ParameterProof:
    """One parameter matrix or bias vector: how many entries, and which of them failed."""

    name: str
    entries: int
    failed: tuple[str, ...]
    max_numeric_difference: float


@dataclass(frozen=True)
class BackpropProof:
    """The layer-level equations against direct differentiation, entry by entry, for one network."""

    network: Network
    parameters: tuple[ParameterProof, ...]
    seconds: float
    points: int

    @property
    def entries(self) -> int:
        return sum(p.entries for p in self.parameters)

    def verdict(self, names: tuple[str, ...] | None = None) -> Verdict:
        """The verdict on the named parameters (all by default), by the verifier's policy."""
        chosen = [p for p in self.parameters if names is None or p.name in names]
        return entrywise_verdict(chosen, f"{self.points} random points",
                                 f"at size {self.network.label}: direct differentiation of the fully expanded cost "
                                 "minus the layer-level formula expands to 0", self.seconds)


def entrywise_verdict(chosen: list[ParameterProof], points: str, proved: str, seconds: float) -> Verdict:
    """The soundness policy over entry-by-entry proofs (shared by the MLP, recurrent and conv proofs).

    proved: every entry has its certificate and the numeric difference is at rounding level;
    refuted: some entry has none and differs numerically too; undecided: anything else, and no entries.
    """
    entries = sum(p.entries for p in chosen)
    if entries == 0:
        return Verdict(UNDECIDED, "expanded cost", "no entries chosen: nothing was proved", seconds=seconds)
    failed = [f for p in chosen for f in p.failed]
    worst = max(p.max_numeric_difference for p in chosen)
    evidence = f"{points}, largest relative difference {worst:.1e}"
    if failed and worst > 1e-6:
        return Verdict(REFUTED, "expanded cost", f"{len(failed)} of {entries} entries differ, first "
                       f"{failed[0]}, also at random points", evidence=evidence, seconds=seconds)
    if failed or worst > 1e-9:
        return Verdict(UNDECIDED, "expanded cost", f"{len(failed)} of {entries} entries without a certificate;"
                       f" numeric difference {worst:.1e}", evidence=evidence, seconds=seconds)
    return Verdict(PROVED, "expanded cost", f"all {entries} entries {proved}", evidence=evidence, seconds=seconds)


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
    pre_names: list[list[se.Symbol]]         # zⱼ⁽ˡ⁾ names, for ReLU's step(z)


def _expand_network(network: Network, calculus: LayerCalculus) -> _Model:
    sizes, depth = network.sizes, network.depth
    inputs = [se.Symbol(f"x_{i}") for i in range(sizes[0])]
    targets = [se.Symbol(f"y_{j}") for j in range(sizes[-1])]
    weights: list[list[list[se.Symbol]]] = [[]]
    biases: list[list[se.Symbol]] = [[]]
    values, names, derivatives, pre_names = [list(inputs)], [list(inputs)], [[]], [[]]
    atoms: dict[se.Basic, se.Basic] = {}
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
        if kind == "softmax":
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
    return _Model(weights, biases, inputs, targets, cost, atoms, names, derivatives, pre_names)


def _in_atoms(expr: se.Basic, names: dict, pre_name: se.Symbol) -> se.Basic:
    """A derived formula in a, z, y, S, written with one unit's atoms (step(z) becomes the atom step_z)."""
    step_atom = se.Symbol(f"step_{pre_name}")
    return se.sympify(expr).xreplace({STEP_OF_Z: step_atom}).xreplace({se.sympify(k): v for k, v in names.items()})


def _cost(network: Network, outputs: list[se.Basic], logits: list[se.Basic], targets: list[se.Symbol]) -> se.Basic:
    if network.cost == "quadratic":
        return se.Add(*[(o - t) ** 2 / 2 for o, t in zip(outputs, targets)])
    if network.cost == "cross-entropy":
        return -se.Add(*[t * se.log(o) + (1 - t) * se.log(1 - o) for o, t in zip(outputs, targets)])
    # outputs are e^{zⱼ}: ln softmax(z)ⱼ = zⱼ − ln Σₖ e^{zₖ}
    log_total = se.log(se.Add(*outputs))
    return -se.Add(*[t * (u - log_total) for u, t in zip(logits, targets)])


def _layer_level(network: Network, calculus: LayerCalculus, model: _Model) -> dict[se.Symbol, se.Basic]:
    """Every parameter's gradient by the δ recursion, written in the atoms."""
    depth = network.depth
    out = model.activations[depth]
    if network.output_activation == "softmax":
        out = [e / se.Add(*out) for e in out]
    delta_expr = se.sympify(calculus.output_delta)
    target_sum = se.Add(*model.targets)
    delta = [_in_atoms(delta_expr, {a: o, y: t, y_sum: target_sum, z: zn}, zn)
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


def has_unnamed_pieces(expr: se.Basic) -> bool:
    """Whether a nested g(…) or g'(…) escaped the naming (then there is no certificate)."""
    nested = [f for f in expr.atoms(se.FunctionSymbol) if f.get_name() == "g"]
    exponentials = [p for p in expr.atoms(se.Pow) if p.args[0] == se.E]  # symengine's e^u is a power of E
    return bool(nested or exponentials or expr.atoms(se.Subs) or expr.atoms(se.Derivative))


def is_zero(difference: se.Basic) -> bool:
    expanded = se.expand(difference)
    if expanded == 0:
        return True
    numerator, _ = expanded.as_numer_denom()  # rational in the atoms (cross-entropy, softmax)
    return se.expand(numerator) == 0


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
    parameters = _parameter_symbols(network, model)
    entries = [(name, index, symbol) for name, symbols in parameters.items() for index, symbol in symbols]
    direct = [se.diff(model.cost, symbol).xreplace(model.atoms) for _, _, symbol in entries]
    certified = [not has_unnamed_pieces(d) and is_zero(d - layered[s]) for d, (_, _, s) in zip(direct, entries)]
    differences = _numeric_differences(network, model, direct, [layered[s] for _, _, s in entries], points, seed)
    proofs = []
    for name in parameters:
        rows = [k for k, entry in enumerate(entries) if entry[0] == name]
        failed = tuple(f"{name}{list(entries[k][1])}" for k in rows if not certified[k])
        proofs.append(ParameterProof(name, len(rows), failed, float(differences[rows].max())))
    return BackpropProof(network, tuple(proofs), time.perf_counter() - start, points)


def _numeric_differences(network: Network, model: _Model, left: list[se.Basic], right: list[se.Basic],
                         points: int, seed: int) -> np.ndarray:
    """max over random points of the relative difference, per entry, with real activations."""
    samples = [_sample(network, model, np.random.default_rng(seed + p)) for p in range(points)]
    return relative_differences(left, right, samples)


def relative_differences(left: list[se.Basic], right: list[se.Basic],
                         samples: list[dict[se.Basic, float]]) -> np.ndarray:
    """max over the samples of |left − right| / max(1, |left|, |right|), per entry (inf where not finite)."""
    names = list(samples[0])
    evaluate = se.Lambdify(names, [*left, *right], real=True, backend="lambda")
    worst = np.zeros(len(left))
    for values in samples:
        out = np.asarray(evaluate([values[n] for n in names]), dtype=float).ravel()
        lhs, rhs = out[:len(left)], out[len(left):]
        worst = np.maximum(worst, np.abs(lhs - rhs) / np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs))))
    return np.where(np.isfinite(worst), worst, np.inf)


def _parameter_symbols(network: Network, model: _Model) -> dict[str, list[tuple[tuple[int, ...], se.Symbol]]]:
    out: dict[str, list[tuple[tuple[int, ...], se.Symbol]]] = {}
    for layer in range(1, network.depth + 1):
        out[f"W{layer}"] = [((j, i), s) for j, row in enumerate(model.weights[layer]) for i, s in enumerate(row)]
        out[f"b{layer}"] = [((j,), s) for j, s in enumerate(model.biases[layer])]
    return out


def _sample(network: Network, model: _Model, rng: np.random.Generator) -> dict[se.Basic, float]:
    """Random parameters, input and targets, and every atom's value by a real forward pass."""
    values: dict[se.Basic, float] = {}
    current = rng.uniform(-1, 1, network.sizes[0])
    values.update(zip(model.inputs, current))
    targets = rng.uniform(0.05, 0.95, network.sizes[-1])
    values.update(zip(model.targets, targets))
    for layer in range(1, network.depth + 1):
        W = rng.normal(0, 1, (network.sizes[layer], network.sizes[layer - 1]))
        b = rng.normal(0, 1, network.sizes[layer])
        for j in range(W.shape[0]):
            values.update(zip(model.weights[layer][j], W[j]))
            values[model.biases[layer][j]] = b[j]
        pre = W @ current + b
        kind = network.activation_of(layer)
        current = np.exp(pre) if kind == "softmax" else NUMERIC[kind](pre)
        values.update(zip(model.pre_names[layer], pre))
        values.update({se.Symbol(f"step_{n}"): float(v > 0) for n, v in zip(model.pre_names[layer], pre)})
        values.update(zip(model.activations[layer], current))
    return values
