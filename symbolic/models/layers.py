r"""Proofs at a concrete width: the backward passes of four layers, entry by entry against direct differentiation.

Each layer maps x (n entries) to y; the cost under test is C = Σᵢ gᵢ yᵢ with the upstream gradient g a
vector of free symbols, so ∂C/∂x is the vector-Jacobian product Jᵀg for EVERY upstream gradient (any
cost behind the layer reaches it through such a g). The Jacobian itself is proved entry by entry too
(∂yᵢ/∂xⱼ directly). The layers and the backward passes under test:

    softmax       p = e^{x}/Σe^{x}:       J = diag(p) − p pᵀ,       Jᵀg = p ⊙ (g − (gᵀp) 1)
    log-softmax   l = x − ln Σe^{x}:      J = I − 1 pᵀ,             Jᵀg = g − (Σ g) p
    residual      y = x + tanh(W x + b):  J = I + diag(1 − a²) W,   ∂C/∂x = g + Wᵀ(g ⊙ (1 − a²)),
                                          ∂C/∂W = (g ⊙ (1 − a²)) xᵀ, ∂C/∂b = g ⊙ (1 − a²)
    dropout       y = m ⊙ x / (1 − p):    J = diag(m)/(1 − p),      ∂C/∂x = m ⊙ g / (1 − p)

The mask m and the rate p of dropout are symbols too (the identity is polynomial in m, rational in p).
As in the attention proof, e^{xᵢ} is g(xᵢ) with g undefined, each g(xᵢ) and g'(xᵢ) named Eᵢ (exp' = exp,
proved first), so that symengine does not merge e^{x₁}e^{x₂} into e^{x₁+x₂}; tanh(uᵢ) is named aᵢ. The
difference read in those names expands to 0 (its numerator, for the softmax's quotients), and both
sides agree at random points (entrywise.prove_entries).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import symengine as se

from dlmath.symbolic.models.attention import exp_is_its_own_derivative
from dlmath.symbolic.proofs.entrywise import Definition, EntrywiseProof, Point, ProofFacts, on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Verdict

LAYERS = ("softmax", "log-softmax", "residual", "dropout")
GROUPS = {"softmax": ("J", "x"), "log-softmax": ("J", "x"), "residual": ("J", "x", "W", "b"), "dropout": ("J", "x")}
MAX_WIDTH = 4
EXP = se.Function("g")  # e^x kept abstract (see the module doc)


@dataclass(frozen=True)
class LayerSize:
    """Which layer, and its width n (the input and the output have n entries)."""

    layer: str = "softmax"
    width: int = 3

    @property
    def label(self) -> str:
        return f"n = {self.width}"

    def check(self) -> None:
        """ValueError for an unknown layer or a width outside 1 … MAX_WIDTH."""
        if self.layer not in LAYERS:
            raise ValueError(f"no layer named {self.layer!r}; choose one of {', '.join(LAYERS)}")
        if not 1 <= self.width <= MAX_WIDTH:
            raise ValueError(f"the {self.layer} layer is expanded symbolically for 1 ≤ n ≤ {MAX_WIDTH}, "
                             f"got n = {self.width}")


@dataclass(frozen=True)
class LayerRule:
    """The backward pass under test: the derived one by default; each False is a textbook slip, for the tests."""

    softmax_diagonal: bool = True      # the diag(p) of diag(p) − p pᵀ (without it: −p pᵀ)
    log_softmax_identity: bool = True  # the I of I − 1 pᵀ (without it: −1 pᵀ)
    residual_identity: bool = True     # the identity path's g in g + J_Fᵀ g
    dropout_scale: bool = True         # the 1/(1 − p) of inverted dropout


@dataclass(frozen=True)
class LayerProof(ProofFacts):
    """One layer's Jacobian and backward pass against direct differentiation, entry by entry."""

    size: LayerSize
    result: EntrywiseProof

    def verdict(self, names: tuple[str, ...] | None = None) -> Verdict:
        return self.result.verdict(names)


@dataclass
class _Layer:
    """The expanded layer: its symbols, its outputs in them, and the atoms that name its nested pieces."""

    symbols: dict[str, np.ndarray]                  # x, g (and W, b; m, p)
    outputs: list[se.Basic]
    atoms: dict[se.Basic, se.Basic] = field(default_factory=dict)  # g(xᵢ), g'(xᵢ) → Eᵢ; tanh(uᵢ) → aᵢ
    names: list[se.Symbol] = field(default_factory=list)           # E or a, for the layer-level side
    definitions: list[Definition] = field(default_factory=list)


def _vector(prefix: str, n: int) -> np.ndarray:
    return np.array([se.Symbol(f"{prefix}_{i}") for i in range(n)], dtype=object)


def _exponentials(x: np.ndarray, layer: _Layer) -> list[se.Basic]:
    """g(xᵢ) for each entry, with its name Eᵢ and the definition Eᵢ = e^{xᵢ}."""
    out = []
    for i, xi in enumerate(x):
        name, e = se.Symbol(f"E_{i}"), EXP(xi)
        layer.atoms[e] = layer.atoms[se.diff(e, xi)] = name
        layer.names.append(name)
        layer.definitions.append((name, se.exp(xi)))
        out.append(e)
    return out


def _expand(size: LayerSize) -> _Layer:
    n = size.width
    x, g = _vector("x", n), _vector("g", n)
    layer = _Layer({"x": x, "g": g}, [])
    if size.layer in ("softmax", "log-softmax"):
        e = _exponentials(x, layer)
        total = se.Add(*e)
        layer.outputs = [ei / total for ei in e] if size.layer == "softmax" else [xi - se.log(total) for xi in x]
    elif size.layer == "residual":
        W = np.array([[se.Symbol(f"W_{i}_{j}") for j in range(n)] for i in range(n)], dtype=object)
        b = _vector("b", n)
        layer.symbols.update(W=W, b=b)
        for i in range(n):
            t, name = se.tanh(se.Add(*[W[i, j] * x[j] for j in range(n)]) + b[i]), se.Symbol(f"a_{i}")
            layer.atoms[t] = name
            layer.names.append(name)
            layer.definitions.append((name, t))
            layer.outputs.append(x[i] + t)
    else:
        m, p = _vector("m", n), se.Symbol("p")
        layer.symbols.update(m=m, p=np.array([p], dtype=object))
        layer.outputs = [m[i] * x[i] / (1 - p) for i in range(n)]
    return layer


def _delta(i: int, j: int) -> se.Basic:
    return se.Integer(1 if i == j else 0)


def layer_level(size: LayerSize, layer: _Layer, rule: LayerRule) -> dict[str, np.ndarray]:
    """The Jacobian J (n × n) and the backward pass, written in the atoms, by the formulas under test."""
    n, s = size.width, layer.symbols
    g, x = s["g"], s["x"]
    if size.layer in ("softmax", "log-softmax"):
        total = se.Add(*layer.names)
        P = [e / total for e in layer.names]
        if size.layer == "softmax":
            diagonal = se.Integer(1 if rule.softmax_diagonal else 0)
            J = [[diagonal * _delta(i, j) * P[i] - P[i] * P[j] for j in range(n)] for i in range(n)]
            inner = se.Add(*[gi * pi for gi, pi in zip(g, P)])
            vjp = [P[j] * (diagonal * g[j] - inner) for j in range(n)]
        else:
            identity = se.Integer(1 if rule.log_softmax_identity else 0)
            J = [[identity * _delta(i, j) - P[j] for j in range(n)] for i in range(n)]
            vjp = [identity * g[j] - P[j] * se.Add(*g) for j in range(n)]
        return {"J": np.array(J, dtype=object), "x": np.array(vjp, dtype=object)}
    if size.layer == "residual":
        W, identity = s["W"], se.Integer(1 if rule.residual_identity else 0)
        slope = [1 - a**2 for a in layer.names]          # tanh' = 1 − a²
        local = [g[i] * slope[i] for i in range(n)]      # g ⊙ (1 − a²), the δ of F's pre-activation
        J = [[identity * _delta(i, j) + slope[i] * W[i, j] for j in range(n)] for i in range(n)]
        vjp = [identity * g[j] + se.Add(*[W[i, j] * local[i] for i in range(n)]) for j in range(n)]
        return {"J": np.array(J, dtype=object), "x": np.array(vjp, dtype=object),
                "W": np.array([[local[i] * x[j] for j in range(n)] for i in range(n)], dtype=object),
                "b": np.array(local, dtype=object)}
    m, p = s["m"], s["p"][0]
    scale = 1 / (1 - p) if rule.dropout_scale else se.Integer(1)
    J = [[_delta(i, j) * m[i] * scale for j in range(n)] for i in range(n)]
    return {"J": np.array(J, dtype=object), "x": np.array([m[j] * g[j] * scale for j in range(n)], dtype=object)}


def _direct(size: LayerSize, layer: _Layer) -> dict[str, np.ndarray]:
    """The same entries by symengine's differentiation of the expanded outputs and cost, then named."""
    n, s = size.width, layer.symbols
    cost = se.Add(*[gi * yi for gi, yi in zip(s["g"], layer.outputs)])
    def named(expr: se.Basic) -> se.Basic:
        return expr.xreplace(layer.atoms)
    out = {"J": np.array([[named(se.diff(layer.outputs[i], s["x"][j])) for j in range(n)] for i in range(n)],
                         dtype=object),
           "x": np.array([named(se.diff(cost, xj)) for xj in s["x"]], dtype=object)}
    for name in ("W", "b"):
        if name in s:
            out[name] = np.vectorize(lambda v: named(se.diff(cost, v)), otypes=[object])(s[name])
    return out


def _sample(size: LayerSize, layer: _Layer, rng: np.random.Generator, first: bool) -> Point:
    """Random inputs, upstream gradients and weights on the grid; a dropout mask of 0s and 1s (all 1s at the
    first point, so that every entry is tested with its unit kept) and a rate p in [0.1, 0.6]."""
    values: dict[se.Basic, float] = {}
    for name, symbols in layer.symbols.items():
        if name == "m":
            drawn = np.ones(symbols.shape) if first else (rng.random(symbols.shape) < 0.7).astype(float)
        elif name == "p":
            drawn = on_grid(rng.uniform(0.1, 0.6, symbols.shape))
        else:
            drawn = on_grid(rng.normal(0, 1, symbols.shape))
        values.update(zip(symbols.ravel(), drawn.ravel()))
    return values


def prove_layer(size: LayerSize = LayerSize(), points: int = 3, seed: int = 0,
                rule: LayerRule = LayerRule()) -> LayerProof:
    """Prove the Jacobian and the backward pass of `rule` equal to direct differentiation, entry by entry."""
    size.check()
    exp_is_its_own_derivative()
    start = time.perf_counter()
    layer = _expand(size)
    layered, direct = layer_level(size, layer, rule), _direct(size, layer)
    entries = {f"{group}{list(index)}": (se.sympify(layered[group][index]), direct[group][index])
               for group in GROUPS[size.layer] for index in np.ndindex(*layered[group].shape)}
    samples = [_sample(size, layer, np.random.default_rng(seed + k), k == 0) for k in range(points)]
    result = prove_entries(entries, layer.definitions, samples,
                           f"of the {size.layer} layer at {size.label}: direct differentiation minus the derived "
                           "formula expands to 0", f"{points} random points", start=start)
    return LayerProof(size, result)


def training_cost(layer: str, width: int) -> tuple[dict[str, np.ndarray], se.Basic]:
    """The cost ½‖y − t‖² of one sample of the gradcheck models, written out with real exp, log and tanh:
    z = W x + b, then y = softmax(z), log-softmax(z) or m ⊙ z/(1 − p); the residual block is y = x + tanh(W x + b).
    Returns the symbols W, b, x, t (and m, p) and the cost, for numeric/compiled/layers.py to differentiate."""
    LayerSize(layer, width).check()
    n = width
    W = np.array([[se.Symbol(f"W_{i}_{j}") for j in range(n)] for i in range(n)], dtype=object)
    b, x, t = _vector("b", n), _vector("x", n), _vector("t", n)
    symbols = {"W": W, "b": b, "x": x, "t": t}
    z = [se.Add(*[W[i, j] * x[j] for j in range(n)]) + b[i] for i in range(n)]
    if layer == "softmax":
        total = se.Add(*[se.exp(u) for u in z])
        y = [se.exp(u) / total for u in z]
    elif layer == "log-softmax":
        log_total = se.log(se.Add(*[se.exp(u) for u in z]))
        y = [u - log_total for u in z]
    elif layer == "residual":
        y = [x[i] + se.tanh(z[i]) for i in range(n)]
    else:
        m, p = _vector("m", n), se.Symbol("p")
        symbols.update(m=m, p=np.array([p], dtype=object))
        y = [m[i] * z[i] / (1 - p) for i in range(n)]
    return symbols, se.Add(*[(yi - ti) ** 2 for yi, ti in zip(y, t)]) / 2
