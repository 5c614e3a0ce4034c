"""Seed 002's universal approximation (Cybenko, Hornik): one hidden layer of N sigmoids, and exact interpolation."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.fitting import HiddenLayerFit, Interpolant, fit_hidden_layer, interpolate
from dlmath.numeric.plots import save_formats

from ..experiment import Config, Findings, Row, experiment

SEED_FILE = "002_cf0eb5ed628efded.txt"
SEED_REPORTED = {"dense_in_continuous_functions": True, "n_points_need_units": "n"}
UNITS = (1, 2, 4, 8, 16, 32)
POINTS, GAIN = 10, 40.0  # the interpolation: n points, n units σ(k(x − tⱼ))
TARGET_TEXT = "sin 3x + ½|x|"  # the plots' label and the results' "target"
TARGET_LATEX = r"\sin 3x + \tfrac12 |x|"  # the same in the notes


def target(x: np.ndarray) -> np.ndarray:
    """The continuous function to approximate on [−1, 1]; the kink at 0 keeps it from being too easy."""
    return np.sin(3.0 * x) + 0.5 * np.abs(x)


@dataclass(frozen=True)
class Sizes:
    """Training points on [−1, 1], Adam steps for the hidden layer and its rate."""

    points: int
    steps: int
    rate: float


FULL = Sizes(401, 2000, 0.01)
REDUCED = Sizes(201, 400, 0.02)
CHECK = np.linspace(-1.0, 1.0, 4001)  # the sup norm is measured on this grid, finer than the training points


def _plot(fits: dict[int, HiddenLayerFit], errors: dict[int, float], interpolant: Interpolant,
          points: np.ndarray, out: Path) -> tuple[Path, ...]:
    """The fits against the target, the sup-norm error against N, and the interpolant through n points."""
    figure = Figure(figsize=(15, 4.4))
    fits_ax, error_ax, exact_ax = figure.subplots(1, 3)
    fits_ax.plot(CHECK, target(CHECK), color="black", linewidth=2.5, label=TARGET_TEXT)
    for units, fit in fits.items():
        fits_ax.plot(CHECK, fit(CHECK), linewidth=1.1, label=f"N = {units}")
    fits_ax.set(xlabel="x", ylabel="f(x)", title="one hidden layer of N sigmoids, identity output")
    fits_ax.legend(fontsize=8)
    units = np.array(list(errors))
    error_ax.loglog(units, list(errors.values()), "o-", color="#d62728", label="sup |f − g| on [−1, 1]")
    error_ax.set(xlabel="hidden units N", ylabel="sup-norm error", title="error against N")
    error_ax.set_xticks(units, [str(u) for u in units])
    error_ax.legend()
    exact_ax.plot(CHECK, target(CHECK), color="black", linewidth=1.0, alpha=0.5, label=TARGET_TEXT)
    exact_ax.plot(CHECK, interpolant(CHECK), color="#1f77b4", label=f"{len(points)} units, β from S β = g")
    exact_ax.scatter(points, target(points), color="#ff7f0e", zorder=3, label=f"the {len(points)} points")
    exact_ax.set(xlabel="x", title=f"exact interpolation: max residual {interpolant.residual:.1e}")
    exact_ax.legend(fontsize=8)
    return save_formats(figure, out, "universal_approximation", dpi=110)


def _notes(sizes: Sizes, interpolant: Interpolant) -> tuple[str, ...]:
    """How the fits were made and what the interpolation shows."""
    return (
        r"Fits: $f(x) = \sum_j \beta_j \sigma(w_j x + b_j) + \eta$ to "
        f"$g(x) = {TARGET_LATEX}$ at {sizes.points} evenly spaced points, mean squared error. The project’s "
        "`Network` puts the hidden activation on a quadratic-cost output too, so the identity output is fitted here "
        r"by `numeric.fitting`: the output layer $(\beta, \eta)$ is linear, solved exactly by least squares at "
        f"every step; the hidden $(w, b)$ follow Adam ({sizes.steps} steps, rate {sizes.rate:g}) on the reduced "
        r"cost, whose gradient is the partial one at the optimal $\beta$ (envelope theorem). The sup norm is "
        f"measured on {len(CHECK)} points. The kink of $|x|$ at 0 is what limits the rate: $\\sigma$ is smooth.",
        "Cybenko’s theorem says the error can be made as small as we like with $N$ large enough; it gives no rate "
        "and no guarantee that descent finds the weights. The fall of the error with $N$ measured here is evidence "
        "for the first, and the fits above come from a local method, not the theorem.",
        f"Exact interpolation (the finite-support theorem; the catalog’s `interpolation-with-n-units` does it "
        f"symbolically with steps): $n = {POINTS}$ distinct points, hidden units $\\sigma(k(x - t_j))$ with "
        f"$k = {GAIN:g}$, $t_1$ below every point and the other $t_j$ at the midpoints, so "
        r"$S_{ij} = \sigma(k(x_i - t_j))$ is close to the lower triangular matrix of ones and invertible "
        f"(condition number {interpolant.condition:.1f}); $\\beta = S^{{-1}} g$ hits every point up to rounding "
        f"(max residual {interpolant.residual:.1e}). The sigmoid never reaches 0 or 1, so the seed’s condition "
        r"“$\Psi$ achieves 0 and 1” is replaced by solving the linear system.",
    )


@experiment("universal-approximation",
            "Universal approximation with one hidden layer, and exact interpolation of $n$ points",
            sources=(SEED_FILE,))
def run(config: Config) -> Findings:
    """Fit the target with N = 1 … 32 units, measure the sup-norm errors, interpolate n points exactly."""
    sizes = REDUCED if config.reduced else FULL
    rng = np.random.default_rng(config.seed)
    x = np.linspace(-1.0, 1.0, sizes.points)
    fits: dict[int, HiddenLayerFit] = {}
    start = time.perf_counter()
    for units in UNITS:
        fits[units] = fit_hidden_layer(x, target(x), units, steps=sizes.steps, rate=sizes.rate, rng=rng)
    seconds = time.perf_counter() - start
    errors = {units: float(np.max(np.abs(fit(CHECK) - target(CHECK)))) for units, fit in fits.items()}
    points = np.linspace(-1.0, 1.0, POINTS)
    interpolant = interpolate(points, target(points), GAIN)
    results: dict[str, float | int | str] = {f"sup_error_{units}": error for units, error in errors.items()}
    results |= {f"rms_error_{units}": float(np.sqrt(np.mean((fit(CHECK) - target(CHECK)) ** 2)))
                for units, fit in fits.items()}
    results |= {"interpolation_points": POINTS, "interpolation_residual": interpolant.residual,
                "interpolation_condition": interpolant.condition, "fit_seconds": round(seconds, 2),
                "target": TARGET_TEXT}
    table = (*(Row(f"$\\sup |f - g|$, $N = {units}$", r"$\to 0$ as $N$ grows (no rate)", f"{error:.2e}")
               for units, error in errors.items()),
             Row(f"interpolation of $n = {POINTS}$ points, $n$ units", r"exact ($\Psi$ achieves 0 and 1)",
                 f"max residual {interpolant.residual:.1e}, cond(S) = {interpolant.condition:.1f}"))
    files = _plot(fits, errors, interpolant, points, Path(config.out))
    return Findings("universal-approximation", results, dict(SEED_REPORTED), table, files, _notes(sizes, interpolant))
