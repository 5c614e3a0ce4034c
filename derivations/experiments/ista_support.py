"""Seed 001's proximal training with a non-smooth regulariser, on the lasso: ISTA recovers a sparse support."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.plots import BLUE, ORANGE, save_formats
from dlmath.numeric.proximal import IstaRun, ista, sparse_regression

from ..experiment import Config, Findings, Row, experiment

SEED_FILE = "001_f4e3cb575dde6e58.txt"
SAMPLES, FEATURES, NONZERO, NOISE, PENALTY = 80, 200, 8, 0.05, 0.05


def exact_from(run: IstaRun, truth: np.ndarray) -> int | None:
    """The first iteration from which every iterate has exactly the true support, or None."""
    right = (run.supports == (truth != 0)).all(axis=1)
    wrong = np.flatnonzero(~right)
    if right[-1] and len(wrong) == 0:
        return 0
    return int(wrong[-1]) + 1 if right[-1] else None


def _recovery(rng: np.random.Generator, iterations: int) -> tuple[bool, bool]:
    """One more draw of the same problem: (exact support found, every true entry found)."""
    X, y, truth = sparse_regression(rng, SAMPLES, FEATURES, NONZERO, NOISE)
    found, true = ista(X, y, PENALTY, iterations).weights != 0, truth != 0
    return bool(np.array_equal(found, true)), bool(np.all(found[true]))


def _plot(run: IstaRun, truth: np.ndarray, out: Path) -> tuple[Path, ...]:
    """F(w_k) − F(w_last) per iteration; support size and true positives per iteration; the weights."""
    figure = Figure(figsize=(15, 4.4))
    objective, support, weights = figure.subplots(1, 3)
    gap = run.objectives - run.objectives[-1]
    steps = np.arange(len(gap))
    objective.semilogy(steps[gap > 0], gap[gap > 0], color=BLUE)
    objective.set(xlabel="iteration k", ylabel="F(w_k) − F(w_final)", title="the lasso objective per iteration")
    true = truth != 0
    support.plot(steps + 1, run.supports.sum(axis=1), color=BLUE, label="entries ≠ 0")
    support.plot(steps + 1, (run.supports & true).sum(axis=1), color=ORANGE, label="of them in the true support")
    support.axhline(true.sum(), color="black", linestyle=":", label=f"true support size {true.sum()}")
    support.set(xscale="log", xlabel="iteration k + 1", ylabel="entries", title="support recovery")
    support.legend(fontsize=8)
    index = np.arange(len(truth))
    weights.axhline(0, color="grey", linewidth=0.6)
    weights.stem(index[true], truth[true], linefmt="k-", markerfmt="ko", basefmt=" ", label="true w (entries ≠ 0)")
    weights.plot(index[run.weights != 0], run.weights[run.weights != 0], "o", color=ORANGE, markersize=5,
                 label="ISTA’s w (entries ≠ 0)")
    weights.set(xlabel="feature", ylabel="weight", title="true and recovered weights")
    weights.legend(fontsize=8)
    return save_formats(figure, out, "ista_support", dpi=110)


@experiment("ista-support", "ISTA (proximal gradient with soft-thresholding) recovers the support of a sparse "
            "linear regression", sources=(SEED_FILE,))
def run(config: Config) -> Findings:
    """A sparse w from 80 noisy samples of 200 features: ISTA's support against the true one, F per iteration."""
    rng = np.random.default_rng(config.seed)
    X, y, truth = sparse_regression(rng, SAMPLES, FEATURES, NONZERO, NOISE)
    iterations = 1000 if config.reduced else 3000
    result = ista(X, y, PENALTY, iterations)
    found, true = result.weights != 0, truth != 0
    exact = exact_from(result, truth)
    decreasing = bool(np.all(np.diff(result.objectives) <= 1e-12 * (1 + result.objectives[:-1])))
    draws = [_recovery(np.random.default_rng([config.seed, k]), iterations) for k in range(5 if config.reduced else 20)]
    results = {"samples": SAMPLES, "features": FEATURES, "true_support": int(true.sum()), "penalty": PENALTY,
               "iterations": iterations, "found_support": int(found.sum()),
               "true_positives": int((found & true).sum()), "false_positives": int((found & ~true).sum()),
               "exact_support_from_iteration": exact, "objective_decreases_every_step": decreasing,
               "final_objective": float(result.objectives[-1]),
               "max_weight_error": float(np.abs(result.weights - truth).max()),
               "draws": len(draws), "draws_exact_support": sum(exact for exact, _ in draws),
               "draws_all_true_entries_found": sum(complete for _, complete in draws)}
    table = (Row(r"samples $\times$ features, true nonzeros", "—", rf"${SAMPLES} \times {FEATURES}$, {NONZERO}"),
             Row("support found (true positives, false positives)", "— (ProxGen: proximal beats subgradient)",
                 f"{found.sum()} ({results['true_positives']}, {results['false_positives']})"),
             Row("exact support from iteration", "—", str(exact)),
             Row(f"over {len(draws)} more draws: every true entry found, exact support", "—",
                 f"{results['draws_all_true_entries_found']}, {results['draws_exact_support']} of {len(draws)}"),
             Row(r"$F(w_k)$ decreases at every step ($\eta = 1/L$)", "—", "yes" if decreasing else "no"),
             Row("$\\max |w - w_{\\text{true}}|$ (the $\\ell_1$ penalty shrinks every weight)", "—",
                 f"{results['max_weight_error']:.4f}"))
    notes = (rf"$y = Xw + \varepsilon$ with ${SAMPLES} \times {FEATURES}$ entries of $X \sim N(0, 1)$, {NONZERO} "
             rf"nonzero weights of size 1 to 2 with random signs, $\varepsilon \sim N(0, {NOISE}^2)$; "
             rf"$F(w) = \frac{{1}}{{2m}} \lVert Xw - y \rVert^2 + {PENALTY} \lVert w \rVert_1$, minimised by "
             r"$w \leftarrow S_{\eta\lambda}(w - \eta \nabla L(w))$ with $\eta = 1/L$, "
             r"$L = \lVert X \rVert_2^2/m$, from $w = 0$. "
             "$S$ is soft-thresholding, the proximal map derived in `dlmath derive proximal-l1`.",
             r"A subgradient step on $\lambda \lVert w \rVert_1$ would never put an entry exactly at 0; the proximal "
             r"step does, which is "
             "why the support can be read off the iterate.",
             "With 80 samples of 200 features the lasso finds every true entry in each draw, but in some draws it "
             "also keeps a few small spurious ones (correlated columns): exact recovery is not guaranteed at this "
             "size, and the table counts how often it happens.")
    return Findings("ista-support", results, {}, table, _plot(result, truth, Path(config.out)), notes)
