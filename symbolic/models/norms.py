r"""Proof at a concrete size: the backward pass of layer normalisation and of batch normalisation.

An array X of B samples × F features is normalised in groups of N entries: layer normalisation
takes each sample's N = F features, batch normalisation (training mode) each feature's N = B values
over the batch. In a group, μ = Σ x/N, σ² = Σ (x − μ)²/N, σ̂ = √(σ² + ε), x̂ = (x − μ)/σ̂, and
y = γ ⊙ x̂ + β with γ, β one per feature (shared by the batch in both). The cost is L = Σ g ⊙ y
with g a free symbol per entry: any cost's derivative through y is this one with g = ∂L/∂y, so a
proof for free g is a proof for every cost. The backward pass under test, with ĝ = γ ⊙ g, is

    δx̂ = ĝ,  δσ² = −½ σ̂⁻³ Σ ĝ (x − μ),  δμ = −Σ ĝ / σ̂   (the two paths through the statistics),
    ∂L/∂x_i = ĝ_i/σ̂ + δσ² · 2(x_i − μ)/N + δμ/N   (their sum)
            = (N ĝ_i − Σ ĝ − x̂_i Σ ĝ x̂) / (N σ̂)   (the compact form),
    ∂L/∂γ = Σ_batch g ⊙ x̂,  ∂L/∂β = Σ_batch g.

As in the attention proof, the expanded cost gets a zero-valued symbol added to every x̂, μ and σ²
(t, ∂L/∂t = δ of that intermediate), so each path is proved directly too. Each group's
(σ² + ε)^{-1/2} is named R, and the (σ² + ε)^{-3/2} that differentiating it leaves, R³ (naming equal
subexpressions is a substitution). The difference then expands to 0 in R and the base symbols,
and both sides are checked numerically (entrywise.prove_entries).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import symengine as se

from dlmath.symbolic.proofs.entrywise import Definition, EntrywiseProof, Point, ProofFacts, on_grid, prove_entries
from dlmath.symbolic.verify.verdict import Verdict

KINDS = ("layer", "batch")   # which axis a group runs along: a sample's features, or a feature's batch
GROUPS = ("dxhat", "dvar", "dmu", "paths", "X", "gamma", "beta")
SCALES = ("1/N", "N")        # the compact form's factor 1/(N σ̂); "N": N/σ̂, a wrong rule for the tests
MIN_GROUP, MAX_GROUP, MAX_OTHER = 2, 4, 3
HALF, THREE_HALVES, ZERO = se.Rational(-1, 2), se.Rational(-3, 2), se.Integer(0)


@dataclass(frozen=True)
class NormSize:
    """Layer or batch normalisation of B samples × F features."""

    kind: str = "layer"
    batch: int = 2
    features: int = 3

    @property
    def group(self) -> int:
        """N: the entries one mean and one variance are taken over."""
        return self.features if self.kind == "layer" else self.batch

    @property
    def label(self) -> str:
        return f"N = {self.group} features, batch {self.batch}" if self.kind == "layer" else \
            f"batch B = {self.batch}, {self.features} feature" + ("s" if self.features > 1 else "")

    def groups(self) -> list[list[tuple[int, int]]]:
        """The (sample, feature) entries of each group, in order."""
        if self.kind == "layer":
            return [[(b, f) for f in range(self.features)] for b in range(self.batch)]
        return [[(b, f) for b in range(self.batch)] for f in range(self.features)]

    def check(self) -> None:
        """ValueError unless the kind is known and the array small enough to expand."""
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        other = self.batch if self.kind == "layer" else self.features
        if not (MIN_GROUP <= self.group <= MAX_GROUP and 1 <= other <= MAX_OTHER):
            along, across = ("features N", "batch") if self.kind == "layer" else ("batch B", "features")
            raise ValueError(f"{self.kind} normalisation is expanded symbolically for {MIN_GROUP} ≤ {along} ≤ "
                             f"{MAX_GROUP} and 1 ≤ {across} ≤ {MAX_OTHER}; got N = {self.group}, "
                             f"{across} {other}")


@dataclass(frozen=True)
class NormRule:
    """The compact form under test; the default is the derived one, the tests pass wrong ones."""

    mean_path: bool = True      # the −Σ ĝ term, from μ
    variance_path: bool = True  # the −x̂ Σ ĝ x̂ term, from σ²
    scale: str = "1/N"


@dataclass(frozen=True)
class NormProof(ProofFacts):
    """The backward pass against direct differentiation of the expanded cost, entry by entry."""

    size: NormSize
    result: EntrywiseProof

    def verdict(self, names: tuple[str, ...] = GROUPS) -> Verdict:
        return self.result.verdict(names)


def statistics(entries: Sequence[se.Basic], epsilon: se.Basic, mean_shift: se.Basic = ZERO,
               variance_shift: se.Basic = ZERO) -> tuple[se.Basic, se.Basic, se.Basic]:
    """(μ, σ², (σ² + ε)^{-1/2}) of one group, the shifts added to μ and σ² (the proof's zero-valued t's)."""
    n = len(entries)
    mean = se.Add(*entries) / n + mean_shift
    variance = se.Add(*[(x - mean) ** 2 for x in entries]) / n + variance_shift
    return mean, variance, (variance + epsilon) ** HALF


def normalised(entries: Sequence[se.Basic], epsilon: se.Basic) -> list[se.Basic]:
    """x̂ = (x − μ)/√(σ² + ε) of one group: THE forward formula, for the compiled gradients."""
    mean, _, inverse = statistics(entries, epsilon)
    return [(x - mean) * inverse for x in entries]


def _grid(prefix: str, *shape: int) -> np.ndarray:
    return np.array([se.Symbol(f"{prefix}_{'_'.join(map(str, i))}") for i in np.ndindex(*shape)],
                    dtype=object).reshape(shape)


@dataclass
class _Expansion:
    """The expanded cost, its symbols, and the atoms R that name each group's (σ² + ε)^{-1/2}."""

    symbols: dict[str, np.ndarray]  # X, G (the free g), gamma, beta, eps; the t's txhat, tmu, tvar
    cost: se.Basic
    naming: dict[se.Basic, se.Basic]  # (σ² + ε)^{-1/2} → R, (σ² + ε)^{-3/2} → R³, t's in place
    R: list[se.Symbol]
    definitions: list[Definition]


def _expand(size: NormSize) -> _Expansion:
    B, F = size.batch, size.features
    s = {name: _grid(name, B, F) for name in ("X", "G", "txhat")}
    s.update({name: _grid(name, F) for name in ("gamma", "beta")})
    s["tmu"], s["tvar"] = _grid("tmu", len(size.groups())), _grid("tvar", len(size.groups()))
    s["eps"] = np.array([se.Symbol("eps")], dtype=object)
    R = [se.Symbol(f"R_{k}") for k in range(len(size.groups()))]
    cost, naming, definitions = se.Integer(0), {}, []
    for k, group in enumerate(size.groups()):
        x = [s["X"][e] for e in group]
        mean, variance, inverse = statistics(x, s["eps"][0], s["tmu"][k], s["tvar"][k])
        naming[inverse], naming[(variance + s["eps"][0]) ** THREE_HALVES] = R[k], R[k] ** 3
        definitions.append((R[k], statistics(x, s["eps"][0])[2]))
        for (b, f), value in zip(group, x):
            xhat = (value - mean) * inverse + s["txhat"][b, f]
            cost += s["G"][b, f] * (s["gamma"][f] * xhat + s["beta"][f])
    return _Expansion(s, cost, naming, R, definitions)


def _zero_ts(sym: dict[str, np.ndarray]) -> dict[se.Basic, se.Basic]:
    return {t: se.Integer(0) for name in ("txhat", "tmu", "tvar") for t in sym[name].ravel()}


def expanded_cost(kind: str, n: int, epsilon: float) -> tuple[dict[str, se.Basic | list[se.Basic]], se.Basic]:
    """One group of n entries and its quadratic cost ½Σ(γ x̂ + β − y)², ε a number: for the compiled gradients.

    Layer norm: the group is one sample, γ and β a list of n (one per feature); batch norm: the group is one
    feature over the batch, γ and β one symbol each."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    x, y = [se.Symbol(f"x_{i}") for i in range(n)], [se.Symbol(f"y_{i}") for i in range(n)]
    if kind == "layer":
        gamma, beta = [se.Symbol(f"gamma_{i}") for i in range(n)], [se.Symbol(f"beta_{i}") for i in range(n)]
        scales, shifts = gamma, beta
    else:
        gamma, beta = se.Symbol("gamma"), se.Symbol("beta")
        scales, shifts = [gamma] * n, [beta] * n
    xhat = normalised(x, se.Float(epsilon))
    cost = se.Add(*[(a * h + c - t) ** 2 for a, h, c, t in zip(scales, xhat, shifts, y)]) / 2
    return {"x": x, "y": y, "gamma": gamma, "beta": beta}, cost


def layer_level(size: NormSize, ex: _Expansion, rule: NormRule) -> dict[str, np.ndarray]:
    """Every δ and gradient by the layer-level backward pass, written in the atoms R."""
    s, N = ex.symbols, size.group
    out = {name: np.empty((size.batch, size.features), dtype=object) for name in ("dxhat", "paths", "X")}
    out["dvar"], out["dmu"] = np.empty(len(ex.R), dtype=object), np.empty(len(ex.R), dtype=object)
    for k, group in enumerate(size.groups()):
        R = ex.R[k]
        x = [s["X"][e] for e in group]
        mean = se.Add(*x) / N
        ghat = [s["gamma"][f] * s["G"][b, f] for b, f in group]
        xhat = [(v - mean) * R for v in x]
        dvar = HALF * R**3 * se.Add(*[a * (v - mean) for a, v in zip(ghat, x)])  # −½ R³ Σ ĝ (x − μ)
        dmu = -R * se.Add(*ghat)
        out["dvar"][k], out["dmu"][k] = dvar, dmu
        total, moment = se.Add(*ghat), se.Add(*[a * h for a, h in zip(ghat, xhat)])
        factor = R / N if rule.scale == "1/N" else N * R
        for e, a, v, h in zip(group, ghat, x, xhat):
            out["dxhat"][e] = a
            out["paths"][e] = a * R + dvar * 2 * (v - mean) / N + dmu / N
            out["X"][e] = factor * (N * a - (total if rule.mean_path else 0) - (h * moment if rule.variance_path
                                                                                 else 0))
    xhat_of = {e: (s["X"][e] - se.Add(*[s["X"][o] for o in group]) / N) * ex.R[k]
               for k, group in enumerate(size.groups()) for e in group}
    out["gamma"] = np.array([se.Add(*[s["G"][b, f] * xhat_of[b, f] for b in range(size.batch)])
                             for f in range(size.features)], dtype=object)
    out["beta"] = np.array([se.Add(*s["G"][:, f]) for f in range(size.features)], dtype=object)
    return out


_WITH_RESPECT_TO = {"dxhat": "txhat", "dvar": "tvar", "dmu": "tmu", "paths": "X", "X": "X", "gamma": "gamma",
                    "beta": "beta"}


def _sample(ex: _Expansion, rng: np.random.Generator) -> Point:
    """Random inputs, upstream gradients, γ, β on the grid, ε in [1/16, 1]; every t is 0 (δ is ∂L/∂t at 0)."""
    values: dict[se.Basic, float] = dict.fromkeys(_zero_ts(ex.symbols), 0.0)
    for name in ("X", "G", "gamma", "beta"):
        symbols = ex.symbols[name]
        values.update(zip(symbols.ravel(), on_grid(rng.normal(0, 1, symbols.shape)).ravel()))
    values[ex.symbols["eps"][0]] = float(on_grid(rng.uniform(1 / 16, 1)))
    return values


def prove_norm(size: NormSize = NormSize(), points: int = 3, seed: int = 0, rule: NormRule = NormRule()
               ) -> NormProof:
    """Prove every δ and gradient of `rule` equal to direct differentiation of the expanded cost."""
    if rule.scale not in SCALES:
        raise ValueError(f"scale must be one of {', '.join(SCALES)}")
    size.check()
    start = time.perf_counter()
    ex = _expand(size)
    layered = layer_level(size, ex, rule)
    zero = _zero_ts(ex.symbols)
    entries = {}
    for group in GROUPS:
        symbols = ex.symbols[_WITH_RESPECT_TO[group]]
        for index in np.ndindex(*symbols.shape):
            direct = se.diff(ex.cost, symbols[index]).xreplace(ex.naming).xreplace(zero)
            entries[f"{group}{list(index)}"] = (se.sympify(layered[group][index]), direct)
    samples = [_sample(ex, np.random.default_rng(seed + p)) for p in range(points)]
    result = prove_entries(entries, ex.definitions, samples,
                           f"at {size.label}: direct differentiation of the expanded cost minus the layer-level "
                           "backward pass expands to 0", f"{points} random points", start=start)
    return NormProof(size, result)
