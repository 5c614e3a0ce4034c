"""Proof at a concrete size: the convolution layer's gradient formulas equal direct differentiation.

The network is Wakui's (ch. 6): zᶠ_kij = Σ_uv wᶠ_kuv x_{i+u, j+v} + bᶠ_k (valid cross-correlation),
aᶠ = g(zᶠ), max-pooling over p×p windows, zᴼ_n = Σ wᴼ_nkab·pooled_kab + bᴼ_n, aᴼ = g(zᴼ), and
C = ½Σ(aᴼ − y)². max is not differentiable at ties, so the proof holds the ARGMAX PATTERN fixed:
on the open region where position (i, j) is the strict max of its window, pooled = aᶠ_kij, and
the expanded cost with that entry in place of the max is smooth there. The pattern is read off a
random numeric sample without ties. As in backprop_proof, hidden units are an undefined g,
nested pieces become named atoms (g'(z) → a(1 − a), the textbook σ', proved first), and the
difference of the two sides must expand to 0; the numeric half (entrywise.prove_entries) evaluates
both at perturbed samples that keep the pattern, the atom aᴼ defined with the real max, which
confirms pooled = selected entry there.
δᶠ_kij = ∂C/∂zᶠ_kij is proved directly too: zᶠ_kij carries an extra symbol t_kij, ∂C/∂t = ∂C/∂zᶠ.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import symengine as se

from dlmath.symbolic.calculus.vocabulary import SIGMOID
from dlmath.symbolic.proofs.backprop_proof import G, true_derivative
from dlmath.symbolic.proofs.entrywise import Definition, EntrywiseProof, Point, ProofFacts, on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Verdict

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
        filters = "1 filter" if self.filters == 1 else f"{self.filters} filters"
        outputs = "1 output" if self.outputs == 1 else f"{self.outputs} outputs"
        return (f"{self.image}×{self.image} image, {filters} {self.filter}×{self.filter}, "
                f"{self.pool}×{self.pool} pooling, {outputs}")

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
class ConvProof(ProofFacts):
    """The layer-level formulas against direct differentiation of the expanded cost, entry by entry."""

    size: ConvSize
    pattern: tuple[tuple[int, int], ...]  # the argmax (i, j) of every window, filter by filter
    result: EntrywiseProof

    def verdict(self, names: tuple[str, ...] = GROUPS) -> Verdict:
        """The verdict on the named groups, by the verifier's policy (as BackpropProof.verdict)."""
        return self.result.verdict(names)


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
    definitions: list[Definition]  # aᶠ = σ(zᶠ), aᴼ = σ(zᴼ) with the real max over each window


def _sigma_prime(atom: se.Symbol) -> se.Basic:
    true_derivative(SIGMOID)  # proved before any proof rests on it
    return SIGMOID.derivative_at(atom)


def _expand(size: ConvSize, pattern: dict[tuple[int, int, int], tuple[int, int]]) -> _Model:
    K, f, M, P, N = size.filters, size.filter, size.feature, size.pooled, size.outputs
    x, y = _grid("x", (size.image, size.image)), _grid("y", (N,))
    wF, bF, wO, bO = _grid("wF", (K, f, f)), _grid("bF", (K,)), _grid("wO", (N, K, P, P)), _grid("bO", (N,))
    t, aF, aO = _grid("t", (K, M, M)), _grid("aF", (K, M, M)), _grid("aO", (N,))
    atoms: dict[se.Basic, se.Basic] = {}
    definitions: list[Definition] = []
    unit = np.empty((K, M, M), dtype=object)
    for k, i, j in np.ndindex(K, M, M):
        z = se.Add(*[wF[k, u, v] * x[i + u, j + v] for u, v in np.ndindex(f, f)]) + bF[k] + t[k, i, j]
        unit[k, i, j] = G(z)
        atoms[G(z)] = aF[k, i, j]
        atoms[se.diff(G(z), bF[k])] = _sigma_prime(aF[k, i, j])  # g'(zᶠ) exactly as symengine writes it
        definitions.append((aF[k, i, j], SIGMOID.elementary_at(z)))
    p_ = size.pool
    pooled = {(k, p, q): se.Max(*aF[k, p * p_:(p + 1) * p_, q * p_:(q + 1) * p_].ravel())
              for k, p, q in np.ndindex(K, P, P)}
    cost = se.Integer(0)
    for n in range(N):
        # max over the window replaced by the entry at the fixed argmax: the assumption of the proof
        z = se.Add(*[wO[n, k, p, q] * unit[(k, *pattern[k, p, q])] for k, p, q in np.ndindex(K, P, P)]) + bO[n]
        atoms[G(z)] = aO[n]
        atoms[se.diff(G(z), bO[n])] = _sigma_prime(aO[n])
        cost += (G(z) - y[n]) ** 2 / 2
        real = se.Add(*[wO[n, k, p, q] * pooled[k, p, q] for k, p, q in np.ndindex(K, P, P)]) + bO[n]
        definitions.append((aO[n], SIGMOID.elementary_at(real)))
    return _Model(x, y, wF, bF, wO, bO, t, aF, aO, cost, atoms, definitions)


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


def _forward(size: ConvSize, v: dict[str, np.ndarray]) -> tuple[dict, float]:
    """The argmax pattern of a sample with the real max, and its tie margin (the smallest gap to a runner-up)."""
    K, f, M, P, p = size.filters, size.filter, size.feature, size.pooled, size.pool
    zF = np.array([[[np.sum(v["wF"][k] * v["x"][i:i + f, j:j + f]) for j in range(M)] for i in range(M)]
                   for k in range(K)]) + v["bF"][:, None, None]
    aF = 0.5 * (1 + np.tanh(0.5 * zF))  # σ, monotone: the argmax of aᶠ is the argmax of zᶠ
    pattern, margin = {}, np.inf
    for k, a, b in np.ndindex(K, P, P):
        window = aF[k, a * p:(a + 1) * p, b * p:(b + 1) * p].ravel()
        order = np.argsort(window)
        margin = min(margin, window[order[-1]] - window[order[-2]]) if window.size > 1 else margin
        pattern[k, a, b] = (int(a * p + order[-1] // p), int(b * p + order[-1] % p))
    return pattern, float(margin)


def _draw(size: ConvSize, rng: np.random.Generator) -> dict[str, np.ndarray]:
    K, f, P, N = size.filters, size.filter, size.pooled, size.outputs
    drawn = {"x": rng.uniform(0, 1, (size.image, size.image)), "y": rng.uniform(0.05, 0.95, N),
             "wF": rng.normal(0, 1, (K, f, f)), "bF": rng.normal(0, 1, K),
             "wO": rng.normal(0, 1, (N, K, P, P)), "bO": rng.normal(0, 1, N)}
    return {name: on_grid(values) for name, values in drawn.items()}


def sample_points(size: ConvSize, points: int, rng: np.random.Generator) -> tuple[dict, list[dict[str, np.ndarray]]]:
    """An argmax pattern without ties (margin > 10⁻³) and `points` samples on the grid that all have it."""
    for _ in range(200):
        base = _draw(size, rng)
        pattern, margin = _forward(size, base)
        if margin > 1e-3:
            break
    else:
        raise ArithmeticError(f"no sample without near-ties in the max-pooling at size {size.label}")
    samples = [base]
    for _ in range(50 * points):
        if len(samples) == points:
            break
        moved = {k: on_grid(v + 0.05 * rng.normal(size=v.shape)) for k, v in base.items()}
        moved_pattern, moved_margin = _forward(size, moved)
        if moved_pattern == pattern and moved_margin > 0:  # the same open region: the max IS the selected entry
            samples.append(moved)
    return pattern, samples


def _point(model: _Model, sample: dict[str, np.ndarray]) -> Point:
    """The base symbols' values (t = 0: δᶠ is ∂C/∂t at t = 0); the atoms follow from their definitions."""
    values: dict[se.Basic, float] = dict(zip(model.t.ravel(), np.zeros(model.t.size)))
    for name in ("x", "y", "wF", "bF", "wO", "bO"):
        values.update(zip(getattr(model, name).ravel(), sample[name].ravel()))
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
    entries = {label: (layered[symbol], se.diff(model.cost, symbol).xreplace(model.atoms))
               for _, label, symbol in _entries(model)}
    result = prove_entries(entries, model.definitions, [_point(model, s) for s in samples],
                           f"at size {size.label}, argmax pattern fixed: direct differentiation minus the "
                           "layer-level formula expands to 0", f"{len(samples)} samples with the same argmax "
                           "pattern", start=start)
    flat = tuple(pattern[key] for key in sorted(pattern))
    return ConvProof(size, flat, result)
