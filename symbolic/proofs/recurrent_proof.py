"""Proofs at concrete sizes for recurrent networks: BPTT and the LSTM gradient against direct differentiation.

As in backprop_proof: the unrolled cost (symbolic.recurrent) is differentiated
directly by symengine; every nested tanh(·) and σ(·) = 1/(1 + e^{−v}) is then
named by an atom (tanh(w) → T, 1 + e^{−v} → 1/S, e^{−v} → (1 − S)/S), so the
direct side becomes a polynomial in atoms and symbols whose derivative factors
(1 − T², S(1 − S)) come from symengine's own diff of the definitions. The
formula under test (the δ recursion through time) is written in the same atoms
with the textbook derivatives. Naming equal subexpressions is a substitution,
so a difference that expands to 0 in the atoms is 0 for the real network; a
numeric check at random points must agree too, with the direct side evaluated
as symengine differentiated it, the real tanh and exp inside (entrywise.prove_entries).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import symengine as se
import sympy as sp
from sympy.simplify.simplify import sum_simplify

from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.models.recurrent import (
    BPTT_RULES,
    Unrolled,
    bptt_gradient,
    lstm_gradient,
    matrix,
    rnn_with_copies,
    sigmoid,
    symbols_of,
)
from dlmath.symbolic.proofs.entrywise import EntrywiseProof, on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Status, Verdict

Entry = tuple[str, tuple[int, ...], se.Basic, se.Basic]  # name, index, lhs (raw), rhs (raw or in atoms)


# ---------------------------------------------------------------- naming the nested pieces
def name_atoms(expr: se.Basic) -> tuple[dict[se.Basic, se.Basic], list[tuple[se.Symbol, se.Basic]]]:
    """(replacements, definitions): every tanh(w) and σ(v) inside `expr` named by a fresh atom."""
    replacements: dict[se.Basic, se.Basic] = {}
    definitions: list[tuple[se.Symbol, se.Basic]] = []
    seen: set[se.Basic] = set()

    def walk(node: se.Basic) -> None:
        if node in seen:
            return
        seen.add(node)
        if isinstance(node, se.tanh) and node not in replacements:
            atom = se.Symbol(f"T{len(definitions)}")
            replacements[node] = atom
            definitions.append((atom, node))
        elif _is_sigmoid(node) and node.args[0] not in replacements:
            atom = se.Symbol(f"S{len(definitions)}")
            exponential = [a for a in node.args[0].args if a != 1][0]
            replacements[node.args[0]] = 1 / atom
            replacements[exponential] = (1 - atom) / atom
            definitions.append((atom, node))
        for arg in node.args:
            walk(arg)

    walk(expr)
    return replacements, definitions


def _is_sigmoid(node: se.Basic) -> bool:
    """Whether node is 1/(1 + e^{v}) as symengine writes σ(−v)."""
    if not (isinstance(node, se.Pow) and node.args[1] == -1 and isinstance(node.args[0], se.Add)):
        return False
    terms = node.args[0].args
    return len(terms) == 2 and 1 in terms and any(isinstance(a, se.Pow) and a.args[0] == se.E for a in terms)


def in_atoms(expr: se.Basic, replacements: dict) -> se.Basic:
    """expr in the atoms; e^{v+w} (symengine merges products of exponentials) becomes the product of e^v and e^w."""
    merged = {}
    for power in expr.atoms(se.Pow):
        if power.args[0] == se.E and power not in replacements and isinstance(power.args[1], se.Add):
            pieces = [se.exp(term) for term in power.args[1].args]
            if all(piece in replacements for piece in pieces):
                merged[power] = se.Mul(*[replacements[piece] for piece in pieces])
    return expr.xreplace({**replacements, **merged} if merged else replacements)


# ---------------------------------------------------------------- the comparison
def certify(label: str, entries: list[Entry], replacements: dict, definitions: list[tuple[se.Symbol, se.Basic]],
            base: list[se.Symbol], points: int = 3, seed: int = 0, start: float | None = None) -> EntrywiseProof:
    """Each entry's lhs (direct differentiation, raw) against its rhs (in atoms or raw), by entrywise.prove_entries."""
    pairs = {f"{name}{list(index)}": (rhs, lhs) for name, index, lhs, rhs in entries}
    samples = []
    for p in range(points):
        rng = np.random.default_rng(seed + p)
        values = [rng.uniform(0.05, 0.95) if s.name.startswith("y") else rng.uniform(-1.5, 1.5) for s in base]
        samples.append(dict(zip(base, on_grid(values))))
    return prove_entries(pairs, definitions, samples, f"of {label}: the difference from direct differentiation of "
                         "the unrolled cost expands to 0 in the named atoms", f"{points} random points",
                         naming=lambda side: in_atoms(side, replacements), start=start)


def direct_entries(unrolled: Unrolled, formula: dict[se.Symbol, se.Basic]) -> list[Entry]:
    """(name, index, ∂cost/∂θ by symengine, the formula's ∂cost/∂θ) for every parameter entry."""
    return [(name, (j, i), se.diff(unrolled.cost, s), formula[s])
            for name, rows in unrolled.params.items() for j, row in enumerate(rows) for i, s in enumerate(row)]


def prove_shared_sum(inputs: int, hidden: int, outputs: int, steps: int, activation: str = "tanh",
                     sum_over_time: bool = True, points: int = 3, seed: int = 0) -> EntrywiseProof:
    """002's BPTT device: Σ_t ∂C/∂θ⁽ᵗ⁾ at θ⁽ᵗ⁾ := θ equals ∂C/∂θ for every shared parameter θ.

    `sum_over_time=False` takes the last step's copy alone (a wrong rule, for the tests).
    """
    start = time.perf_counter()
    copied, copies = rnn_with_copies(inputs, hidden, outputs, steps, activation)
    to_shared = {c: s for copy in copies for name, rows in copy.items()
                 for row, shared_row in zip(rows, copied.params[name]) for c, s in zip(row, shared_row)}
    shared_cost = copied.cost.xreplace(to_shared)
    replacements, definitions = name_atoms(shared_cost)
    times = range(steps) if sum_over_time else [steps - 1]
    entries = []
    for name, rows in copied.params.items():
        for j, row in enumerate(rows):
            for i, s in enumerate(row):
                summed = se.Add(*[se.diff(copied.cost, copies[t][name][j][i]) for t in times]).xreplace(to_shared)
                entries.append((name, (j, i), se.diff(shared_cost, s), summed))
    base = symbols_of(_shared_view(copied, shared_cost))
    return certify(f"the {inputs}-{hidden}-{outputs} RNN unrolled for T = {steps}", entries, replacements,
                   definitions, base, points, seed, start)


def _shared_view(copied: Unrolled, cost: se.Basic) -> Unrolled:
    return Unrolled(copied.params, copied.inputs, copied.targets, cost, [])


def prove_jacobian_product(hidden: int, steps: int, transpose: bool = False, points: int = 3, seed: int = 0
                           ) -> EntrywiseProof:
    """∂h_T/∂h_1 = Π_{t=T}^{2} diag(σ'(z_t)) U for h_t = σ(U h_{t−1} + W x_t + b) (sigmoid), entry by entry.

    `transpose=True` uses Uᵀ in the product (a wrong rule, for the tests).
    """
    start = time.perf_counter()
    U, W, b = matrix("U", hidden, hidden), matrix("W", hidden, 1), [se.Symbol(f"b_{j}") for j in range(hidden)]
    h1 = [se.Symbol(f"h1_{k}") for k in range(hidden)]
    xs = [se.Symbol(f"x{t}") for t in range(2, steps + 1)]
    h, states = h1, []
    for x in xs:
        h = [sigmoid(se.Add(*[U[j][k] * h[k] for k in range(hidden)]) + W[j][0] * x + b[j]) for j in range(hidden)]
        states.append(h)
    replacements, definitions = name_atoms(se.Add(*states[-1]))
    product = [[se.Integer(int(j == k)) for k in range(hidden)] for j in range(hidden)]
    for state in states:  # J ← diag(σ'(z_t)) U J, from t = 2 up to T
        local = [[(U[k][j] if transpose else U[j][k]) for k in range(hidden)] for j in range(hidden)]
        named = [s.xreplace(replacements) for s in state]
        product = [[named[j] * (1 - named[j]) * se.Add(*[local[j][m] * product[m][k] for m in range(hidden)])
                    for k in range(hidden)] for j in range(hidden)]
    entries = [("dh_T/dh_1", (j, k), se.diff(states[-1][j], h1[k]), product[j][k])
               for j in range(hidden) for k in range(hidden)]
    base = [s for row in U for s in row] + [s for row in W for s in row] + b + h1 + xs
    return certify(f"∂h_{steps}/∂h_1 with H = {hidden}", entries, replacements, definitions, base, points, seed,
                   start)


def prove_bptt(unrolled: Unrolled, kind: str = "rnn", activation: str = "tanh", rule: str = "bptt",
               points: int = 3, seed: int = 0) -> EntrywiseProof:
    """Prove the BPTT formula (`rule`: a name in BPTT_RULES) equal to direct differentiation of the unrolled cost.

    kind is "rnn" or "lstm" (for the builders of symbolic.recurrent).
    """
    start = time.perf_counter()
    replacements, definitions = name_atoms(unrolled.cost)
    if kind == "rnn":
        formula = bptt_gradient(unrolled, replacements, activation, BPTT_RULES[rule])
    elif kind == "lstm":
        formula = lstm_gradient(unrolled, replacements, BPTT_RULES[rule])
    else:
        raise ValueError(f"kind must be rnn or lstm, not {kind!r}")
    sizes = (len(unrolled.inputs[0]), len(unrolled.hidden[0]), len(unrolled.targets[0]))
    label = f"the {'-'.join(map(str, sizes))} {kind.upper()} unrolled for T = {len(unrolled.inputs)}"
    return certify(label, direct_entries(unrolled, formula), replacements, definitions, symbols_of(unrolled),
                   points, seed, start)


def sums_over_adjacent_ranges(before: sp.Basic, after: sp.Basic) -> Verdict:
    """Verdict on before = after where the sides differ by joining sums over adjacent ranges (Σ_1^k + Σ_{k+1}^{k+1}).

    Certificate: SymPy's sum_simplify, which joins Σ_{t=a}^{b} f + Σ_{t=b+1}^{c} f into Σ_{t=a}^{c} f, takes the
    difference to 0. The verifier must also find no counterexample at concrete sizes (it cannot join sums itself).
    """
    start = time.perf_counter()
    checked_by_verifier = check(before, after)
    certificate = sum_simplify(sp.sympify(before) - sp.sympify(after)) == 0
    seconds = time.perf_counter() - start
    if checked_by_verifier.status == Status.PROVED:
        return checked_by_verifier
    if checked_by_verifier.status == Status.REFUTED or not certificate:
        return replace(checked_by_verifier, seconds=seconds)
    return Verdict(Status.PROVED, "sums over adjacent ranges joined",
                   "SymPy's sum_simplify joins the sums over adjacent "
                   "ranges and the difference is 0 for general k; the verifier found it true at every concrete size "
                   "it tried", evidence=checked_by_verifier.detail + " " + checked_by_verifier.evidence,
                   seconds=seconds)
