"""Seed 001's claim that BFLOAT16 training matches FP32: one MLP, one data set, the same hyper-parameters."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.bfloat16 import MLPRun, MLPSetup, bfloat16_bits, to_bfloat16, train_mlp
from dlmath.numeric.datasets import xor_clouds
from dlmath.numeric.plots import save_formats

from ..experiment import Config, Findings, Row, experiment

SEED_FILE = "001_f4e3cb575dde6e58.txt"
SEED_REPORTED = {"claim": "BFLOAT16 training achieves the same results as FP32 in the same number of iterations "
                          "with no changes to hyper-parameters (no figure for this task)"}
SPREAD = 0.5  # overlapping XOR clouds: no network reaches 100 %, so a precision loss would show


@dataclass(frozen=True)
class BF16Sizes:
    """Training and test samples and the shared hyper-parameters."""

    train: int
    test: int
    setup: MLPSetup


FULL = BF16Sizes(2000, 4000, MLPSetup((2, 16, 16, 2), 100, 0.1, 32))
REDUCED = BF16Sizes(400, 800, MLPSetup((2, 16, 2), 40, 0.1, 32))


def self_check() -> dict[str, bool]:
    """The rounding's known patterns: 1.0, two ties to even, an exact value, overflow, −0, NaN, a subnormal tie."""
    cases = {"1.0 → 0x3F80": (1.0, 0x3F80), "1 + 2^-8 (tie) → 0x3F80": (1.00390625, 0x3F80),
             "1 + 3·2^-8 (tie) → 0x3F82": (1.01171875, 0x3F82), "3.140625 exact → 0x4049": (3.140625, 0x4049),
             "FP32 max → inf 0x7F80": (float(np.finfo(np.float32).max), 0x7F80), "-0.0 → 0x8000": (-0.0, 0x8000)}
    checks = {name: int(bfloat16_bits(value)) == bits for name, (value, bits) in cases.items()}
    checks["NaN stays NaN"] = bool(np.isnan(to_bfloat16(np.nan)))
    tie = np.array([0x00018000], dtype=np.uint32).view(np.float32)  # subnormal, odd kept part, exact tie
    checks["subnormal tie 0x00018000 → 0x0002"] = int(bfloat16_bits(tie)[0]) == 0x0002
    return checks


def _plot(runs: dict[str, MLPRun], out: Path) -> tuple[Path, ...]:
    """The mean training loss per epoch of both precisions."""
    figure = Figure(figsize=(6.4, 4.0))
    ax = figure.add_subplot()
    for (precision, run), style in zip(runs.items(), ("-", "--")):
        ax.plot(np.arange(1, len(run.losses) + 1), run.losses, style, linewidth=1.8,
                label=f"{precision.upper()} (test accuracy {run.test_accuracy:.1%})")
    ax.set(xlabel="epoch", ylabel="mean cross-entropy per sample", yscale="log",
           title="The same MLP trained in FP32 and in BFLOAT16")
    ax.legend()
    return save_formats(figure, out, "bfloat16")


def _table(r: dict) -> tuple[Row, ...]:
    """The seed's claim beside our figures."""
    same = "same as FP32"
    pair = lambda key, form: f"{r['fp32_' + key]:{form}} / {r['bf16_' + key]:{form}}"  # noqa: E731
    checks = f"{r['rounding_checks_passed']}/{r['rounding_checks']}"
    return (Row("rounding self-check (known bit patterns)", "—", checks),
            Row("FP32 test accuracy", "SOTA (reference)", f"{r['fp32_test_accuracy']:.2%}"),
            Row("BF16 test accuracy", same, f"{r['bf16_test_accuracy']:.2%}"),
            Row("FP32 / BF16 training accuracy", same, pair("train_accuracy", ".2%")),
            Row("final mean training loss FP32 / BF16", same, pair("final_loss", ".4f")),
            Row(r"last epoch: updates ($g \ne 0$) that left the weight unchanged, FP32 / BF16", "—",
                pair("lost_update_fraction", ".2%")),
            Row("seconds FP32 / BF16 (emulated)", "—", pair("seconds", ".1f")))


NOTES = (
    "BFLOAT16 is emulated: float32 values are rounded to the nearest bfloat16 (ties to even) on their uint32 "
    "view and kept in float32. Inputs, every pre-activation, activation, softmax output, delta, weight and bias "
    "gradient, and the weights themselves after each update are rounded; matrix products accumulate in float32, "
    "as bfloat16 multiply-accumulate hardware does.",
    r"Unlike the paper’s mixed-precision recipe there is no FP32 master copy of the weights: an update "
    r"$\eta g$ smaller than half a bfloat16 step of $w$ (between $2^{-9} |w|$ and $2^{-8} |w|$) is lost (the "
    "table’s “updates that left the weight unchanged” measures how often in the last epoch), so late, small "
    "updates stall and BF16’s final loss can sit above FP32’s even when the accuracies agree.",
    r"Data: four Gaussian clouds at $(\pm 1, \pm 1)$ with standard deviation 0.5, labelled by XOR; a 2-16-16-2 "
    r"tanh/softmax "
    "MLP, mini-batch SGD, the same seed (same initial weights, same batch order) for both precisions.",
)


@experiment("bfloat16", "BFLOAT16 training against FP32: the same MLP, the same hyper-parameters", sources=(SEED_FILE,))
def run(config: Config) -> Findings:
    """Check the rounding, train in both precisions, report accuracies and plot the loss curves."""
    sizes = REDUCED if config.reduced else FULL
    rng = np.random.default_rng(config.seed)
    train, test = xor_clouds(sizes.train, rng, SPREAD), xor_clouds(sizes.test, rng, SPREAD)
    data = (train.X.astype(np.float32), train.labels, test.X.astype(np.float32), test.labels)
    checks = self_check()
    results: dict[str, float | int | bool] = {"rounding_checks": len(checks),
                                              "rounding_checks_passed": sum(checks.values())}
    runs: dict[str, MLPRun] = {}
    for precision in ("fp32", "bf16"):
        started = time.perf_counter()
        runs[precision] = train_mlp(data, sizes.setup, precision, config.seed + 1, config.progress)
        results[f"{precision}_seconds"] = round(time.perf_counter() - started, 3)
        results[f"{precision}_train_accuracy"] = runs[precision].train_accuracy
        results[f"{precision}_test_accuracy"] = runs[precision].test_accuracy
        results[f"{precision}_final_loss"] = runs[precision].losses[-1]
        results[f"{precision}_lost_update_fraction"] = runs[precision].lost_update_fraction
    results["test_accuracy_difference"] = results["bf16_test_accuracy"] - results["fp32_test_accuracy"]
    results |= {"epochs": sizes.setup.epochs, "learning_rate": sizes.setup.learning_rate,
                "batch_size": sizes.setup.batch_size, "train_samples": sizes.train, "test_samples": sizes.test}
    files = _plot(runs, Path(config.out))
    return Findings("bfloat16", results, dict(SEED_REPORTED), _table(results), files, NOTES)
