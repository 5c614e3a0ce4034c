"""Proof at a concrete size: the convolution layer's gradient formulas equal direct differentiation.

The network is Wakui's (ch. 6): zᶠ_kij = Σ_uv wᶠ_kuv x_{i+u, j+v} + bᶠ_k (valid cross-correlation),
aᶠ = g(zᶠ), max-pooling over p×p windows, zᴼ_n = Σ wᴼ_nkab·pooled_kab + bᴼ_n, aᴼ = g(zᴼ), and
C = ½Σ(aᴼ − y)². max is not differentiable at ties, so the proof holds the ARGMAX PATTERN fixed:
on the open region where position (i, j) is the strict max of its window, pooled = aᶠ_kij, and
the expanded cost with that entry in place of the max is smooth there. The pattern is read off a
random numeric sample without ties. As in backprop_proof, hidden units are an undefined g,
nested pieces become named atoms (g'(z) → a(1 − a), the textbook σ', proved first), and the
difference of the two sides must expand to 0; the numeric half evaluates both at perturbed
samples that keep the pattern, with the real max, and confirms pooled = selected entry there.
δᶠ_kij = ∂C/∂zᶠ_kij is proved directly too: zᶠ_kij carries an extra symbol t_kij, ∂C/∂t = ∂C/∂zᶠ.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import symengine as se

from .backprop_proof import (G, ParameterProof, entrywise_verdict, has_unnamed_pieces, is_zero, relative_differences,
                             true_derivative)
from .layered import a as A_SYMBOL
from .verify.verdict import Verdict

ROUTINGS = ("argmax", "neighbour")              # neighbour: a wrong rule, the next position in the window
ORIENTATIONS = ("cross-correlation", "convolution")  # convolution: a wrong rule, the filter flipped
GROUPS = ("deltaF", "wF", "bF", "wO", "bO")


@dataclass(frozen=True)
class ConvSize:
    """Image side, filter side, filters, pooling side, outputs; the feature map must split into windows."""

    image: int = 5
    filter: int = 2
    filters: int = 1
    pool: int = 2
    outputs: int = 2

    @property
    def feature(self) -> int:
        return self.image - self.filter + 1

    @property
    def pooled(self) -> int:
        return self.feature // self.pool

    @property
    def label(self) -> str:
        return (f"{self.image}×{self.image} image, {self.filters} filter(s) {self.filter}×{self.filter}, "
                f"{self.pool}×{self.pool} pooling, {self.outputs} outputs")

    def check(self) -> None:
        """ValueError unless the sizes make a network small enough to expand."""
        if min(self.image, self.filter, self.filters, self.pool, self.outputs) < 1 or self.feature < 1:
            raise ValueError(f"no network: {self.label}")
        if self.feature % self.pool:
            raise ValueError(f"the {self.feature}×{self.feature} feature map does not split into "
                             f"{self.pool}×{self.pool} pooling windows")
        if self.filters * self.feature**2 * self.outputs > 600:
            raise ValueError(f"{self.label} is too large to expand symbolically")


@dataclass(frozen=True)
class ConvRule:
    """The layer-level formula under test; the default is the derived one, tests pass wrong ones."""

    routing: str = "argmax"
    activation_factor: bool = True             # δᶠ includes σ'(zᶠ)
    orientation: str = "cross-correlation"


@dataclass(frozen=True)
class ConvProof:
    """The layer-level formulas against direct differentiation of the expanded cost, entry by entry."""

    size: ConvSize
    pattern: tuple[tuple[int, int], ...]  # the argmax (i, j) of every window, filter by filter
    groups: tuple[ParameterProof, ...]
    seconds: float
    points: int

    def verdict(self, names: tuple[str, ...] = GROUPS) -> Verdict:
        """The verdict on the named groups, by the verifier's policy (as BackpropProof.verdict)."""
        chosen = [g for g in self.groups if g.name in names]
        return entrywise_verdict(chosen, f"{self.points} samples with the same argmax pattern",
                                 f"({', '.join(names)}) at size {self.size.label}, argmax pattern fixed: direct "
                                 "differentiation minus the layer-level formula expands to 0", self.seconds)


def _grid(prefix: str, dims: tuple[int, ...]) -> np.ndarray:
    names = [se.Symbol(f"{prefix}_{'_'.join(map(str, i))}") for i in np.ndindex(*dims)]
    return np.array(names, dtype=object).reshape(dims)


@dataclass
class _Model:
    """The expanded network: symbols, the cost, and the atoms naming its nested pieces."""

    x: np.ndarray
    y: np.ndarray
    wF: np.ndarray
    bF: np.ndarray
    wO: np.ndarray
    bO: np.ndarray
    t: np.ndarray          # t_kij, added to zᶠ_kij: ∂C/∂t_kij = δᶠ_kij
    aF: np.ndarray         # atoms aᶠ_kij
    aO: np.ndarray         # atoms aᴼ_n
    cost: se.Basic
    atoms: dict[se.Basic, se.Basic]


def _sigma_prime(atom: se.Symbol) -> se.Basic:
    return se.sympify(true_derivative("sigmoid")).xreplace({se.sympify(A_SYMBOL): atom})


def _expand(size: ConvSize, pattern: dict[tuple[int, int, int], tuple[int, int]]) -> _Model:
    K, f, M, P, N = size.filters, size.filter, size.feature, size.pooled, size.outputs
    x, y = _grid("x", (size.image, size.image)), _grid("y", (N,))
    wF, bF, wO, bO = _grid("wF", (K, f, f)), _grid("bF", (K,)), _grid("wO", (N, K, P, P)), _grid("bO", (N,))
    t, aF, aO = _grid("t", (K, M, M)), _grid("aF", (K, M, M)), _grid("aO", (N,))
    atoms: dict[se.Basic, se.Basic] = {}
    unit = np.empty((K, M, M), dtype=object)
    for k, i, j in np.ndindex(K, M, M):
        z = se.Add(*[wF[k, u, v] * x[i + u, j + v] for u, v in np.ndindex(f, f)]) + bF[k] + t[k, i, j]
        unit[k, i, j] = G(z)
        atoms[G(z)] = aF[k, i, j]
        atoms[se.diff(G(z), bF[k])] = _sigma_prime(aF[k, i, j])  # g'(zᶠ) exactly as symengine writes it
    cost = se.Integer(0)
    for n in range(N):
        # max over the window replaced by the entry at the fixed argmax: the assumption of the proof
        z = se.Add(*[wO[n, k, p, q] * unit[(k, *pattern[k, p, q])] for k, p, q in np.ndindex(K, P, P)]) + bO[n]
        atoms[G(z)] = aO[n]
        atoms[se.diff(G(z), bO[n])] = _sigma_prime(aO[n])
        cost += (G(z) - y[n]) ** 2 / 2
    return _Model(x, y, wF, bF, wO, bO, t, aF, aO, cost, atoms)


def _route(size: ConvSize, rule: ConvRule, chosen: tuple[int, int], window: tuple[int, int]) -> tuple[int, int]:
    """Where the rule sends a window's gradient: its argmax, or (wrongly) the next position."""
    if rule.routing == "argmax":
        return chosen
    p = size.pool
    flat = ((chosen[0] - window[0] * p) * p + chosen[1] - window[1] * p + 1) % (p * p)
    return window[0] * p + flat // p, window[1] * p + flat % p


def layer_level(size: ConvSize, model: _Model, pattern: dict, rule: ConvRule) -> dict[se.Symbol, se.Basic]:
    """Every δᶠ and parameter gradient by the layer-level formulas, written in the atoms."""
    K, f, M, P, N = size.filters, size.filter, size.feature, size.pooled, size.outputs
    deltaO = [(model.aO[n] - model.y[n]) * _sigma_prime(model.aO[n]) for n in range(N)]
    out: dict[se.Symbol, se.Basic] = {}
    for n in range(N):
        out[model.bO[n]] = deltaO[n]
        for k, p, q in np.ndindex(K, P, P):
            out[model.wO[n, k, p, q]] = deltaO[n] * model.aF[(k, *pattern[k, p, q])]
    deltaF = np.full((K, M, M), se.Integer(0), dtype=object)
    for k, p, q in np.ndindex(K, P, P):
        i, j = _route(size, rule, pattern[k, p, q], (p, q))
        pooled_delta = se.Add(*[deltaO[n] * model.wO[n, k, p, q] for n in range(N)])
        deltaF[k, i, j] = pooled_delta * (_sigma_prime(model.aF[k, i, j]) if rule.activation_factor else 1)
    flip = rule.orientation == "convolution"
    for k in range(K):
        out[model.bF[k]] = se.Add(*deltaF[k].ravel())
        for u, v in np.ndindex(f, f):
            uu, vv = (f - 1 - u, f - 1 - v) if flip else (u, v)
            out[model.wF[k, u, v]] = se.Add(*[deltaF[k, i, j] * model.x[i + uu, j + vv] for i, j in np.ndindex(M, M)])
        for i, j in np.ndindex(M, M):
            out[model.t[k, i, j]] = deltaF[k, i, j]
    return out


def _entries(model: _Model) -> list[tuple[str, str, se.Symbol]]:
    groups = (("deltaF", model.t), ("wF", model.wF), ("bF", model.bF), ("wO", model.wO), ("bO", model.bO))
    return [(name, f"{name}{list(i)}", array[i]) for name, array in groups for i in np.ndindex(*array.shape)]


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * v))


def _forward(size: ConvSize, v: dict[str, np.ndarray]) -> tuple[np.ndarray, dict, float, np.ndarray]:
    """Real forward pass with the real max: aᶠ, the argmax pattern, the tie margin, aᴼ."""
    K, f, M, P, p = size.filters, size.filter, size.feature, size.pooled, size.pool
    zF = np.array([[[np.sum(v["wF"][k] * v["x"][i:i + f, j:j + f]) for j in range(M)] for i in range(M)]
                   for k in range(K)]) + v["bF"][:, None, None]
    aF = _sigmoid(zF)
    pattern, margin, pooled = {}, np.inf, np.zeros((K, P, P))
    for k, a, b in np.ndindex(K, P, P):
        window = aF[k, a * p:(a + 1) * p, b * p:(b + 1) * p].ravel()
        order = np.argsort(window)
        margin = min(margin, window[order[-1]] - window[order[-2]]) if window.size > 1 else margin
        pattern[k, a, b] = (int(a * p + order[-1] // p), int(b * p + order[-1] % p))
        pooled[k, a, b] = window.max()  # the real max, not the selected entry
    aO = _sigmoid(np.einsum("nkab,kab->n", v["wO"], pooled) + v["bO"])
    return aF, pattern, float(margin), aO


def _draw(size: ConvSize, rng: np.random.Generator) -> dict[str, np.ndarray]:
    K, f, P, N = size.filters, size.filter, size.pooled, size.outputs
    return {"x": rng.uniform(0, 1, (size.image, size.image)), "y": rng.uniform(0.05, 0.95, N),
            "wF": rng.normal(0, 1, (K, f, f)), "bF": rng.normal(0, 1, K),
            "wO": rng.normal(0, 1, (N, K, P, P)), "bO": rng.normal(0, 1, N)}


def sample_points(size: ConvSize, points: int, rng: np.random.Generator) -> tuple[dict, list[dict[str, np.ndarray]]]:
    """An argmax pattern without ties (margin > 10⁻³) and `points` samples that all have it."""
    for _ in range(200):
        base = _draw(size, rng)
        _, pattern, margin, _ = _forward(size, base)
        if margin > 1e-3:
            break
    else:
        raise ArithmeticError(f"no sample without near-ties in the max-pooling at size {size.label}")
    samples = [base]
    for _ in range(50 * points):
        if len(samples) == points:
            break
        moved = {k: v + 0.05 * rng.normal(size=v.shape) for k, v in base.items()}
        if _forward(size, moved)[1] == pattern:  # the same region: the max IS the selected entry there
            samples.append(moved)
    return pattern, samples


def _values(size: ConvSize, model: _Model, sample: dict[str, np.ndarray]) -> dict[se.Basic, float]:
    aF, _, _, aO = _forward(size, sample)
    values: dict[se.Basic, float] = {}
    for name in ("x", "y", "wF", "bF", "wO", "bO"):
        values.update(zip(getattr(model, name).ravel(), sample[name].ravel()))
    values.update(zip(model.t.ravel(), np.zeros(model.t.size)))
    values.update(zip(model.aF.ravel(), aF.ravel()))
    values.update(zip(model.aO.ravel(), aO.ravel()))
    return values


def prove_convolution(size: ConvSize = ConvSize(), points: int = 3, seed: int = 0,
                      rule: ConvRule = ConvRule()) -> ConvProof:
    """Prove δᶠ, ∂C/∂wᶠ, ∂C/∂bᶠ, ∂C/∂wᴼ, ∂C/∂bᴼ of `rule` equal direct differentiation, entry by entry."""
    if rule.routing not in ROUTINGS or rule.orientation not in ORIENTATIONS:
        raise ValueError(f"routing must be one of {ROUTINGS}, orientation one of {ORIENTATIONS}")
    size.check()
    start = time.perf_counter()
    pattern, samples = sample_points(size, points, np.random.default_rng(seed))
    model = _expand(size, pattern)
    layered = layer_level(size, model, pattern, rule)
    entries = _entries(model)
    direct = [se.diff(model.cost, symbol).xreplace(model.atoms) for _, _, symbol in entries]
    right = [layered[symbol] for _, _, symbol in entries]
    certified = [not has_unnamed_pieces(d) and is_zero(d - r) for d, r in zip(direct, right)]
    values = [_values(size, model, s) for s in samples]
    worst = relative_differences(direct, right, values)
    groups = []
    for group in GROUPS:
        rows = [k for k, entry in enumerate(entries) if entry[0] == group]
        failed = tuple(entries[k][1] for k in rows if not certified[k])
        groups.append(ParameterProof(group, len(rows), failed, float(worst[rows].max())))
    flat = tuple(pattern[key] for key in sorted(pattern))
    return ConvProof(size, flat, tuple(groups), time.perf_counter() - start, len(samples))
