"""Seed 002's challenge (seed 001: training a single ReLU gate): gradient descent against GLM-tron, realizable data."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.optim import SGD
from dlmath.numeric.plots import save_formats
from dlmath.numeric.progress import progress_bar

from ..experiment import Config, Findings, Row, experiment

SOURCES = ("002_cf0eb5ed628efded.txt", "001_f4e3cb575dde6e58.txt")
SEED_REPORTED = {
    "challenge": "study the quality of gradient descent for min Σ ½|max(0, wᵀx+b) − y|² (002, no figure)",
    "claim": "a ReLU gate can be trained in the realizable setting in linear time (001, no figure)",
}
METHODS = ("gd", "glmtron")


@dataclass(frozen=True)
class GateSizes:
    """Samples, input dimension, iterations and the step size shared by both methods."""

    samples: int
    dimension: int
    iterations: int
    learning_rate: float


FULL = GateSizes(2000, 20, 1000, 0.5)
REDUCED = GateSizes(300, 5, 300, 0.5)


@dataclass(frozen=True)
class Gate:
    """The realizable problem: inputs X, the true (w*, b*) and y = ReLU(Xw* + b*)."""

    X: np.ndarray
    y: np.ndarray
    w_star: np.ndarray
    b_star: float


def make_gate(sizes: GateSizes, rng: np.random.Generator) -> Gate:
    """Gaussian inputs, a unit-norm w* and b* = 0.2, labels produced by the true gate (no noise)."""
    X = rng.normal(size=(sizes.samples, sizes.dimension))
    w_star = rng.normal(size=sizes.dimension)
    w_star /= np.linalg.norm(w_star)
    b_star = 0.2
    return Gate(X, np.maximum(0.0, X @ w_star + b_star), w_star, b_star)


def update(method: str, gate: Gate, w: np.ndarray, b: float) -> tuple[np.ndarray, float]:
    """The mean update direction: GD multiplies the residual by ReLU'(z) = 1[z > 0]; GLM-tron does not."""
    z = gate.X @ w + b
    residual = np.maximum(0.0, z) - gate.y
    if method == "gd":
        residual = residual * (z > 0)  # ReLU'(0) taken as 0, the usual convention
    elif method != "glmtron":
        raise ValueError(f"unknown method {method!r}")
    return gate.X.T @ residual / len(gate.y), float(residual.mean())


def distance(gate: Gate, w: np.ndarray, b: float) -> float:
    """‖(w, b) − (w*, b*)‖."""
    return float(np.sqrt(np.sum((w - gate.w_star) ** 2) + (b - gate.b_star) ** 2))


def run_method(method: str, gate: Gate, w: np.ndarray, b: float, sizes: GateSizes,
               progress: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """Distances per iteration (iteration 0 = the start), the final w and the final b."""
    theta, sgd = {"w": np.array(w, dtype=np.float64), "b": np.float64(b)}, SGD(sizes.learning_rate)  # w copied
    distances = [distance(gate, theta["w"], theta["b"])]
    for _ in progress_bar(range(sizes.iterations), method, "it", progress, leave=False):
        grad_w, grad_b = update(method, gate, theta["w"], theta["b"])
        sgd.step(theta, {"w": grad_w, "b": grad_b})
        distances.append(distance(gate, theta["w"], theta["b"]))
    return np.array(distances), theta["w"], float(theta["b"])


def starts(gate: Gate, rng: np.random.Generator) -> dict[str, tuple[np.ndarray, float]]:
    """A small random start, and a dead start: w = −w*, b chosen so wᵀx + b < 0 on every sample."""
    w_dead = -gate.w_star
    b_dead = float(-(gate.X @ w_dead).max() - 1.0)
    return {"random": (0.1 * rng.normal(size=gate.X.shape[1]), 0.0), "dead": (w_dead, b_dead)}


def _plot(curves: dict[tuple[str, str], np.ndarray], out: Path) -> tuple[Path, ...]:
    """‖(w, b) − (w*, b*)‖ per iteration on a log scale, both methods from both starts."""
    figure = Figure(figsize=(7, 4.2))
    ax = figure.add_subplot()
    styles = {"gd": "-", "glmtron": "--"}
    colours = {"random": "#1f77b4", "dead": "#d62728"}
    labels = {"gd": "gradient descent", "glmtron": "GLM-tron"}
    for (method, start), curve in curves.items():
        ax.semilogy(np.arange(len(curve)), np.maximum(curve, 1e-16), styles[method], color=colours[start],
                    label=f"{labels[method]}, {start} start", linewidth=1.8)
    ax.set(xlabel="iteration", ylabel="‖(w, b) − (w*, b*)‖", title="Training a ReLU gate (realizable data)")
    ax.legend()
    return save_formats(figure, out, "relu_gate")


def _first_below(curve: np.ndarray, level: float) -> int | None:
    """The first iteration at which the distance is below `level` (None if never)."""
    hits = np.flatnonzero(curve < level)
    return int(hits[0]) if hits.size else None


def _table(r: dict[str, float | int | None]) -> tuple[Row, ...]:
    """Our figures; the seed poses the challenge and claims linear-time training without numbers."""
    seed = "— (challenge only)"
    return (Row(r"final $\lVert (w, b) - (w^*, b^*) \rVert$, GD, random start", seed, f"{r['final_distance_gd']:.2e}"),
            Row(r"final $\lVert (w, b) - (w^*, b^*) \rVert$, GLM-tron, random start", "linear-time training (001)",
                f"{r['final_distance_glmtron']:.2e}"),
            Row("iterations to distance $< 10^{-6}$, GD / GLM-tron", seed,
                f"{r['iterations_to_1e-6_gd']} / {r['iterations_to_1e-6_glmtron']}"),
            Row("dead start: final distance, GD (initial)", seed,
                f"{r['dead_start_distance_gd']:.3f} ({r['dead_start_initial_distance']:.3f})"),
            Row("dead start: final distance, GLM-tron (iterations to $< 10^{-6}$)", seed,
                f"{r['dead_start_distance_glmtron']:.2e} ({r['dead_start_iterations_to_1e-6_glmtron']})"),
            Row("dead start: GD parameters moved", seed, str(r["dead_start_gd_moved"])))


NOTES = (
    r"Realizable data: $y = \operatorname{ReLU}(w^{*T} x + b^*)$ exactly, $x \sim N(0, I)$, "
    r"$\lVert w^* \rVert = 1$, $b^* = 0.2$; both methods take full-batch steps of the mean over the samples with "
    r"the same $\eta$. GD is the gradient of $\tfrac12 \operatorname{mean} (\operatorname{ReLU}(w^T x + b) - y)^2$, "
    r"whose residual carries the factor $\operatorname{ReLU}'(z) = 1[z > 0]$; GLM-tron (Kakade et al. 2011) drops "
    "that factor.",
    r"Dead start (every $w^T x + b < 0$): each GD term has the factor $1[z > 0] = 0$, so the gradient is exactly 0 "
    "and GD never moves: a stationary point that is not a minimum, which is why the objective is hard for plain "
    r"GD. GLM-tron’s update there is $-\eta \operatorname{mean}((0 - y) x) = \eta \operatorname{mean}(y x)$, which "
    "is 0 only if every $y$ is 0; with realizable labels some $y > 0$, so GLM-tron moves off the dead region and, "
    "as measured, converges to $(w^*, b^*)$.",
    "From the random start both converge linearly (straight lines on the log scale) at almost the same rate: near "
    r"$(w^*, b^*)$, $\operatorname{ReLU}(z) - \operatorname{ReLU}(z^*) = 1[z > 0](z - z^*)$ except on the few "
    "samples between the two kinks, so the GLM-tron residual already carries GD’s factor there and the two iterations "
    "coincide to first order.",
)


@experiment("relu-gate", "Training a single ReLU gate: gradient descent vs GLM-tron", sources=SOURCES)
def run(config: Config) -> Findings:
    """Run GD and GLM-tron from a random and from a dead start; plot the distances to (w*, b*)."""
    sizes = REDUCED if config.reduced else FULL
    rng = np.random.default_rng(config.seed)
    gate = make_gate(sizes, rng)
    curves: dict[tuple[str, str], np.ndarray] = {}
    finals: dict[tuple[str, str], tuple[np.ndarray, float]] = {}
    seconds: dict[str, float] = {}
    initial = starts(gate, rng)
    for start, (w0, b0) in initial.items():
        for method in METHODS:
            began = time.perf_counter()
            curves[method, start], w, b = run_method(method, gate, w0.copy(), b0, sizes, config.progress)
            seconds[f"{method}_{start}"] = time.perf_counter() - began
            finals[method, start] = (w, b)
    w0, b0 = initial["dead"]
    results: dict[str, float | int | bool | None] = {
        "final_distance_gd": float(curves["gd", "random"][-1]),
        "final_distance_glmtron": float(curves["glmtron", "random"][-1]),
        "iterations_to_1e-6_gd": _first_below(curves["gd", "random"], 1e-6),
        "iterations_to_1e-6_glmtron": _first_below(curves["glmtron", "random"], 1e-6),
        "dead_start_initial_distance": float(curves["gd", "dead"][0]),
        "dead_start_distance_gd": float(curves["gd", "dead"][-1]),
        "dead_start_distance_glmtron": float(curves["glmtron", "dead"][-1]),
        "dead_start_iterations_to_1e-6_glmtron": _first_below(curves["glmtron", "dead"], 1e-6),
        "dead_start_gd_moved": bool(not (np.array_equal(finals["gd", "dead"][0], w0)
                                         and finals["gd", "dead"][1] == b0)),
        "samples": sizes.samples, "dimension": sizes.dimension, "iterations": sizes.iterations,
        "learning_rate": sizes.learning_rate,
    }
    results |= {f"seconds_{key}": round(value, 3) for key, value in seconds.items()}
    files = _plot(curves, Path(config.out))
    return Findings("relu-gate", results, dict(SEED_REPORTED), _table(results), files, NOTES)
