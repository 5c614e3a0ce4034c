"""Proof at a concrete size: the backward pass of one head of scaled dot-product attention.

One sequence X (T × d) and the head Q = X W_Q, K = X W_K, V = X W_V (each W d × d),
S = Q Kᵀ/√d, P = softmax of each row of S (with the causal mask: row i only over j ≤ i, the
masked scores being −∞), O = P V, and the cost C = ½ Σ (O − Y)². The layer-level backward pass
under test is

    δO = O − Y,  δV = Pᵀ δO,  δP = δO Vᵀ,  δS_ik = P_ik (δP_ik − Σ_j δP_ij P_ij),
    δQ = δS K/√d,  δK = δSᵀ Q/√d,  ∂C/∂W_• = Xᵀ δ•,  ∂C/∂X = δQ W_Qᵀ + δK W_Kᵀ + δV W_Vᵀ.

As in the convolution proof, the expanded cost gets a zero-valued symbol added to every entry of
Q, K, V and S (t, ∂C/∂t = δ of that entry), so each intermediate δ is proved directly too. The
exponentials are g(s) with g undefined; each g(s_ij) is named E_ij, its derivative g'(s_ij) too
(exp' = exp, proved by the verifier first), and each row sum Σ_k E_ik is named 1/R_i. Naming
equal subexpressions is a substitution, so a difference that expands to 0 in the atoms is 0 for
the real head. Both sides are then checked numerically (entrywise.prove_entries).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

import numpy as np
import symengine as se
import sympy as sp

from dlmath.symbolic.calculus.steps import check
from dlmath.symbolic.proofs.entrywise import Definition, EntrywiseProof, Point, ProofFacts, on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Status, Verdict

EXP = se.Function("g")  # the exponential inside softmax, kept abstract so that diff names g'(s) for us
GROUPS = ("dS", "dQ", "dK", "dV", "WQ", "WK", "WV", "X")
SOFTMAX_JACOBIANS = ("full", "no-diagonal", "diagonal-only")  # the last two: wrong rules, for the tests
MAX_SEQUENCE, MAX_DIM = 4, 3


@dataclass(frozen=True)
class AttentionSize:
    """Sequence length T, width d, and whether row i of the scores only sees positions j ≤ i."""

    sequence: int = 3
    dim: int = 2
    causal: bool = False

    @property
    def label(self) -> str:
        return f"T = {self.sequence}, d = {self.dim}" + (", causal mask" if self.causal else "")

    def visible(self, i: int, j: int) -> bool:
        return j <= i or not self.causal

    def check(self) -> None:
        """ValueError unless the head is small enough to expand."""
        if not (1 <= self.sequence <= MAX_SEQUENCE and 1 <= self.dim <= MAX_DIM):
            raise ValueError(f"the attention head is expanded symbolically for 1 ≤ T ≤ {MAX_SEQUENCE}, "
                             f"1 ≤ d ≤ {MAX_DIM}; "
                             f"got T = {self.sequence}, d = {self.dim}")


@dataclass(frozen=True)
class AttentionRule:
    """The backward pass under test; the default is the derived one, the tests pass wrong ones."""

    scale_in_backward: bool = True  # δQ, δK carry the forward pass's 1/√d
    softmax_jacobian: str = "full"  # diag(p) − p pᵀ; "no-diagonal": −p pᵀ; "diagonal-only": diag(p)


@dataclass(frozen=True)
class AttentionProof(ProofFacts):
    """The backward pass against direct differentiation of the expanded cost, entry by entry."""

    size: AttentionSize
    result: EntrywiseProof

    def verdict(self, names: tuple[str, ...] = GROUPS) -> Verdict:
        return self.result.verdict(names)


@cache
def exp_is_its_own_derivative() -> None:
    """The lemma every named g'(s) rests on, put to the verifier before any proof uses it."""
    s = sp.Symbol("s", real=True)
    verdict = check(sp.Derivative(sp.exp(s), s), sp.exp(s))
    if verdict.status != Status.PROVED:
        raise ArithmeticError(f"(e^s)' = e^s is not proved: {verdict.detail}")


def _grid(prefix: str, rows: int, cols: int) -> np.ndarray:
    return np.array([[se.Symbol(f"{prefix}_{i}_{j}") for j in range(cols)] for i in range(rows)], dtype=object)


def _product(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The matrix product of two object arrays, each entry one flat sum."""
    return np.array([[se.Add(*[A[i, k] * B[k, j] for k in range(A.shape[1])]) for j in range(B.shape[1])]
                     for i in range(A.shape[0])], dtype=object)


@dataclass
class _Head:
    """The expanded head: its symbols, the cost, and the atoms that name its nested pieces."""

    symbols: dict[str, np.ndarray]  # X, Y, WQ, WK, WV, and the t's tQ, tK, tV, tS
    Q: np.ndarray                   # X W_Q as a polynomial (without tQ): the layer-level side uses it
    K: np.ndarray
    V: np.ndarray
    P: np.ndarray                   # E_ij R_i, 0 where masked
    cost: se.Basic
    first: dict[se.Basic, se.Basic]   # g(s_ij) and g'(s_ij) → E_ij
    second: dict[se.Basic, se.Basic]  # Σ_k E_ik → 1/R_i
    definitions: list[Definition]


def _expand(size: AttentionSize) -> _Head:
    T, d = size.sequence, size.dim
    sym = {name: _grid(name, T, d) for name in ("X", "Y", "tQ", "tK", "tV")}
    sym.update({name: _grid(name, d, d) for name in ("WQ", "WK", "WV")})
    sym["tS"] = _grid("tS", T, T)
    Q, K, V = (_product(sym["X"], sym[w]) for w in ("WQ", "WK", "WV"))
    scale = 1 / se.sqrt(d)
    E, R = _grid("E", T, T), [se.Symbol(f"R_{i}") for i in range(T)]
    first, second, definitions = {}, {}, []
    exps = np.full((T, T), se.Integer(0), dtype=object)
    P = np.full((T, T), se.Integer(0), dtype=object)
    for i in range(T):
        for j in (j for j in range(T) if size.visible(i, j)):
            score = scale * se.Add(*[(Q[i, c] + sym["tQ"][i, c]) * (K[j, c] + sym["tK"][j, c]) for c in range(d)])
            exps[i, j] = EXP(score + sym["tS"][i, j])
            first[exps[i, j]] = E[i, j]
            first[se.diff(exps[i, j], sym["tS"][i, j])] = E[i, j]  # g'(s) exactly as symengine writes it
            definitions.append((E[i, j], se.exp(score.xreplace(_zero_ts(sym)))))
            P[i, j] = E[i, j] * R[i]
        row = [E[i, j] for j in range(T) if size.visible(i, j)]
        if len(row) == 1:  # the first row under the causal mask: softmax of one score is 1, and g/g cancels
            P[i, i] = se.Integer(1)
            continue
        second[se.Add(*row)] = 1 / R[i]
        definitions.append((R[i], 1 / se.Add(*row)))
    cost = se.Integer(0)
    for i, c in np.ndindex(T, d):
        out = se.Add(*[exps[i, j] * (V[j, c] + sym["tV"][j, c]) for j in range(T) if size.visible(i, j)])
        cost += (out / se.Add(*[e for e in exps[i] if e != 0]) - sym["Y"][i, c]) ** 2 / 2
    return _Head(sym, Q, K, V, P, cost, first, second, definitions)


def _zero_ts(sym: dict[str, np.ndarray]) -> dict[se.Basic, se.Basic]:
    return {t: se.Integer(0) for name in ("tQ", "tK", "tV", "tS") for t in sym[name].ravel()}


def expanded_cost(size: AttentionSize) -> tuple[dict[str, np.ndarray], se.Basic]:
    """The symbols X, Y, WQ, WK, WV and the cost ½Σ(O − Y)² of one sequence with the real exponentials:
    the expression the proof differentiates, for numeric/compiled/attention.py to differentiate and compile."""
    size.check()
    head = _expand(size)
    real = {g: se.exp(g.args[0]) for g in head.first if isinstance(g, se.FunctionSymbol)}
    cost = head.cost.xreplace(real).xreplace(_zero_ts(head.symbols))
    return {name: head.symbols[name] for name in ("X", "Y", "WQ", "WK", "WV")}, cost


def _softmax_backward(P: np.ndarray, dP: np.ndarray, rule: AttentionRule) -> np.ndarray:
    """δS from δP row by row: the Jacobian diag(p) − p pᵀ of softmax, or one of its wrong halves."""
    T = P.shape[0]
    dS = np.empty((T, T), dtype=object)
    for i in range(T):
        inner = se.Add(*[dP[i, j] * P[i, j] for j in range(T)])
        for k in range(T):
            diagonal = P[i, k] * dP[i, k] if rule.softmax_jacobian != "no-diagonal" else 0
            outer = P[i, k] * inner if rule.softmax_jacobian != "diagonal-only" else 0
            dS[i, k] = diagonal - outer
    return dS


def layer_level(size: AttentionSize, head: _Head, rule: AttentionRule) -> dict[str, np.ndarray]:
    """Every δ and gradient by the layer-level backward pass, written in the atoms."""
    s, P = head.symbols, head.P
    O = _product(P, head.V)
    dO = O - s["Y"]
    dV, dP = _product(P.T, dO), _product(dO, head.V.T)
    dS = _softmax_backward(P, dP, rule)
    scale = 1 / se.sqrt(size.dim) if rule.scale_in_backward else se.Integer(1)
    dQ, dK = _product(dS, head.K) * scale, _product(dS.T, head.Q) * scale
    X = s["X"]
    dX = _product(dQ, s["WQ"].T) + _product(dK, s["WK"].T) + _product(dV, s["WV"].T)
    return {"dS": dS, "dQ": dQ, "dK": dK, "dV": dV, "WQ": _product(X.T, dQ), "WK": _product(X.T, dK),
            "WV": _product(X.T, dV), "X": dX}


_WITH_RESPECT_TO = {"dS": "tS", "dQ": "tQ", "dK": "tK", "dV": "tV", "WQ": "WQ", "WK": "WK", "WV": "WV", "X": "X"}


def _sample(size: AttentionSize, head: _Head, rng: np.random.Generator) -> Point:
    """Random inputs, weights and targets on the grid; every t is 0 (δ is ∂C/∂t at t = 0)."""
    values: dict[se.Basic, float] = dict.fromkeys(_zero_ts(head.symbols), 0.0)
    for name in ("X", "Y", "WQ", "WK", "WV"):
        symbols = head.symbols[name]
        values.update(zip(symbols.ravel(), on_grid(rng.normal(0, 1, symbols.shape)).ravel()))
    return values


def prove_attention(size: AttentionSize = AttentionSize(), points: int = 3, seed: int = 0,
                    rule: AttentionRule = AttentionRule()) -> AttentionProof:
    """Prove every δ and gradient of `rule` equal to direct differentiation of the expanded cost."""
    if rule.softmax_jacobian not in SOFTMAX_JACOBIANS:
        raise ValueError(f"softmax_jacobian must be one of {', '.join(SOFTMAX_JACOBIANS)}")
    size.check()
    exp_is_its_own_derivative()
    start = time.perf_counter()
    head = _expand(size)
    layered = layer_level(size, head, rule)
    zero = _zero_ts(head.symbols)
    entries = {}
    for group in GROUPS:
        symbols = head.symbols[_WITH_RESPECT_TO[group]]
        for index in np.ndindex(*symbols.shape):
            direct = se.diff(head.cost, symbols[index]).xreplace(head.first).xreplace(head.second).xreplace(zero)
            entries[f"{group}{list(index)}"] = (se.sympify(layered[group][index]), direct)
    samples = [_sample(size, head, np.random.default_rng(seed + p)) for p in range(points)]
    result = prove_entries(entries, head.definitions, samples,
                           f"at {size.label}: direct differentiation of the expanded cost minus the layer-level "
                           "backward pass expands to 0", f"{points} random points", start=start)
    return AttentionProof(size, result)
