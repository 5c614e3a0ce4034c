"""Seed 002's linear RNN: ‖∂h_k/∂h_0‖ = ‖A^k‖ against k, for spectral radius below, at and above 1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.plots import save_formats

from ..experiment import Config, Findings, Row, experiment

SEED_FILE = "002_cf0eb5ed628efded.txt"
RADII = (0.9, 1.0, 1.1)


@dataclass(frozen=True)
class Sizes:
    """The state dimension and the largest power k."""

    dim: int
    steps: int


FULL, REDUCED = Sizes(8, 200), Sizes(4, 40)


def iterate(A: np.ndarray, B: np.ndarray, h0: np.ndarray, X: np.ndarray) -> np.ndarray:
    """h_k = A h_{k−1} + B x_k for k = 1..len(X), by the recurrence; returns h_1..h_K as rows."""
    states, h = [], h0
    for x in X:
        h = A @ h + B @ x
        states.append(h)
    return np.array(states)


def closed_form(A: np.ndarray, B: np.ndarray, h0: np.ndarray, X: np.ndarray, k: int) -> np.ndarray:
    """h_k = A^k h_0 + Σ_{t=1}^{k} A^{k−t} B x_t (the derivation linear-rnn-closed-form)."""
    power = np.linalg.matrix_power
    return power(A, k) @ h0 + sum((power(A, k - t) @ B @ X[t - 1] for t in range(1, k + 1)), np.zeros(len(h0)))


def jacobian_by_iteration(A: np.ndarray, steps: int) -> np.ndarray:
    """∂h_k/∂h_0 found by pushing the basis vectors through the recurrence (inputs drop out: it is linear)."""
    return iterate(A, np.zeros((len(A), 1)), np.eye(len(A)), np.zeros((steps, 1)))[-1]


def scaled(rng: np.random.Generator, dim: int, radius: float) -> np.ndarray:
    """A random dim×dim matrix rescaled to the given spectral radius."""
    base = rng.normal(size=(dim, dim))
    return radius * base / np.max(np.abs(np.linalg.eigvals(base)))


def norms(A: np.ndarray, steps: int) -> np.ndarray:
    """‖A^k‖₂ for k = 0..steps."""
    out, power = [], np.eye(len(A))
    for _ in range(steps + 1):
        out.append(np.linalg.norm(power, 2))
        power = A @ power
    return np.array(out)


def _plot(curves: dict[float, np.ndarray], out: Path) -> tuple[Path, ...]:
    figure = Figure(figsize=(6.5, 4.2))
    axes = figure.subplots()
    k = np.arange(len(next(iter(curves.values()))))
    for radius, values in curves.items():
        line, = axes.semilogy(k, values, label=rf"$\Vert A^k \Vert_2$, $\rho(A) = {radius}$")
        axes.semilogy(k, radius ** k.astype(float), linestyle="--", color=line.get_color(), linewidth=0.8,
                      label=rf"$\rho^k = {radius}^k$")
    axes.set(xlabel="k (time steps back)", ylabel=r"$\Vert \partial h_k / \partial h_0 \Vert_2 = \Vert A^k \Vert_2$",
             title=r"Linear RNN $h_k = A h_{k-1} + B x_k$: vanishing and exploding gradients")
    axes.legend(fontsize=8)
    return save_formats(figure, out, "linear-rnn-norms")


@experiment("linear-rnn-norms",
            r"Linear RNN: $\lVert A^k \rVert$ against $k$ for spectral radius below, at and above 1",
            sources=(SEED_FILE,))
def run(config: Config) -> Findings:
    sizes = REDUCED if config.reduced else FULL
    rng = np.random.default_rng(config.seed)
    curves = {radius: norms(scaled(rng, sizes.dim, radius), sizes.steps) for radius in RADII}
    A = scaled(rng, sizes.dim, 1.0)
    B, h0 = rng.normal(size=(sizes.dim, 2)), rng.normal(size=sizes.dim)
    X = rng.normal(size=(sizes.steps, 2))
    closed_error = float(np.max(np.abs(iterate(A, B, h0, X)[-1] - closed_form(A, B, h0, X, sizes.steps))))
    jacobian_error = float(np.max(np.abs(jacobian_by_iteration(A, sizes.steps)
                                         - np.linalg.matrix_power(A, sizes.steps))))
    files = _plot(curves, config.out)
    K = sizes.steps
    rates = {r: float(np.exp(np.log(c[-1] / c[K // 2]) / (K - K // 2))) for r, c in curves.items()}
    results = {f"norm_at_k{K}_rho{r}": float(c[-1]) for r, c in curves.items()}
    results.update({f"growth_per_step_rho{r}": v for r, v in rates.items()})
    results.update({"closed_form_max_error": closed_error, "jacobian_max_error": jacobian_error,
                    "dim": sizes.dim, "steps": K})
    table = tuple(Row(rf"$\lVert A^{{{K}}} \rVert_2$ at $\rho = {r}$ (per-step factor over the last half)",
                      {0.9: "vanishes", 1.0: "neither", 1.1: "explodes"}[r], f"{curves[r][-1]:.3g} ({rates[r]:.4f})")
                  for r in RADII)
    table += (Row("closed form vs iteration, max |difference|", r"$h_t = U^{t-1} h_1 + \dots$",
                  f"{closed_error:.1e}"),
              Row(rf"$\partial h_{{{K}}} / \partial h_0$ by iteration vs $A^{{{K}}}$, max |difference|", "—",
                  f"{jacobian_error:.1e}"))
    notes = (r"Seed 002 states the closed form $h_t = U_h^{t-1} h_1 + \dots$ for identity (or ReLU) activations "
             "and concludes that gradients explode or vanish; it reports no figures, so the seed’s column is "
             "qualitative.",
             r"Over the last half of the range the per-step factor of $\lVert A^k \rVert$ approaches the spectral "
             r"radius $\rho(A)$ (Gelfand’s formula); early on a non-normal $A$ can grow transiently even when "
             r"$\rho < 1$.")
    return Findings("linear-rnn-norms", results, {"figures": "none (qualitative: vanish below 1, explode above)"},
                   table, files, notes)
