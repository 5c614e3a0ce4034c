"""`dlmath train`: train a network on one of the seeds' datasets with the compiled symbolic gradient.

Writes to DIR (default dlmath-out/train-NAME): training-curve.png, params.npz, and what the
data call for — the hidden units' weights as images for Wakui's digits (the book's "demons"),
the decision boundary over the points for the 2-D sets. Exit codes: 0 trained, 1 training
diverged (the cost became inf/NaN or grew past the bound numeric/train.py documents), 3 bad input.
Progress goes to stderr (a bar on a terminal, a line every tenth of the epochs otherwise); --quiet
silences it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .names import DATASETS, DTYPES, SEQUENCE_TASKS
from .options import UsageError, add_network_options, add_quiet, positive_int, positive_number
from .train_sequences import run_sequence_train

if TYPE_CHECKING:  # run_train imports numpy and the numeric floor when it runs, not when the parser is built
    import numpy as np

    from dlmath.numeric.datasets import Dataset
    from dlmath.symbolic.models.networks import Network


@dataclass(frozen=True)
class Recipe:
    """A dataset's default network and schedule (full-batch gradient descent unless --batch)."""

    layers: str
    activation: str
    cost: str
    epochs: int
    learning_rate: float


RECIPES = {
    "wakui-digits": Recipe("12,3,2", "sigmoid", "quadratic", 600, 2.0),   # 003: 12 pixels, 3 demons, 2 outputs
    "bearden-ring": Recipe("2,8,1", "sigmoid", "cross-entropy", 2000, 2.0),  # 004: no line separates the classes
    "xor": Recipe("2,8,1", "tanh", "cross-entropy", 3000, 0.5),
}


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("train", help="train on a seed dataset with the compiled symbolic gradient")
    run.add_argument("--data", required=True, choices=DATASETS + SEQUENCE_TASKS,
                     help=f"the dataset: {', '.join(DATASETS)}; or {' or '.join(SEQUENCE_TASKS)} for the "
                          "transformer block")
    add_network_options(run, None, None, None, unset="default: the dataset's")
    run.add_argument("--epochs", type=positive_int,
                     help=f"passes over the data (default: the dataset's, {_defaults('epochs')})")
    run.add_argument("--lr", type=positive_number,
                     help=f"learning rate η; steps use the mean gradient of a batch (default: the dataset's, "
                          f"{_defaults('learning_rate')})")
    run.add_argument("--batch", type=positive_int, help="mini-batch size for SGD (default: full batch)")
    run.add_argument("--seed", type=int, default=0, help="random seed of the weights (and the batches)")
    run.add_argument("--dtype", choices=DTYPES, default="float64",
                     help="the arithmetic of each gradient step (the weights stay float64)")
    run.add_argument("-o", "--output", type=Path,
                     help="directory, created if missing (default dlmath-out/train-NAME)")
    add_quiet(run)
    run.set_defaults(handler=run_train)


def _defaults(field: str) -> str:
    return ", ".join(f"{getattr(recipe, field):g} for {name}" for name, recipe in RECIPES.items())


def _network(args: argparse.Namespace, recipe: Recipe, data: Dataset) -> Network:
    from ..api import network as checked_network

    # a bad or too large network is the API's NetworkError: main prints its line, exit 3
    network = checked_network(args.layers or recipe.layers, args.activation or recipe.activation,
                              args.cost or recipe.cost)
    if network.sizes[0] != data.X.shape[1] or network.sizes[-1] != data.Y.shape[1]:
        raise UsageError(f"{data.name} has {data.X.shape[1]} inputs and {data.Y.shape[1]} outputs; "
                         f"--layers {network.label} does not fit (try {recipe.layers})")
    return network


def run_train(args: argparse.Namespace) -> int:
    import numpy as np

    from dlmath.numeric.compiled.mlp import compile_network
    from dlmath.numeric.datasets import load
    from dlmath.numeric.params import init_params
    from dlmath.numeric.train import TrainingDiverged, accuracy, train

    if args.data in SEQUENCE_TASKS:
        return run_sequence_train(args)
    rng = np.random.default_rng(args.seed)
    data = load(args.data, rng)  # --data is one of DATASETS: argparse checked it
    recipe = RECIPES[args.data]
    network = _network(args, recipe, data)
    learning_rate = recipe.learning_rate if args.lr is None else args.lr
    compiled = compile_network(network, dtype=args.dtype)
    if not args.quiet:
        print(f"{data.name}: {data.description} ({data.source})", file=sys.stderr)
        print(f"network {network.label}, {network.activation}, {network.cost} cost; "
              f"compiled in {compiled.seconds:.2f} s" + (f", gradient steps in {args.dtype}"
                                                       if args.dtype != "float64" else ""), file=sys.stderr)
    try:
        params, history = train(compiled.loss, compiled.gradient, init_params(network, rng), data.X, data.Y,
                                epochs=args.epochs or recipe.epochs, learning_rate=learning_rate,
                                batch_size=args.batch, rng=rng, description=data.name, progress=not args.quiet,
                                accuracy_fn=lambda p, X, Y: accuracy(compiled.predict(p, X), Y))
    except TrainingDiverged as error:
        print(f"dlmath train: training diverged at epoch {error.epoch} ({error.why}): try a smaller --lr, "
              f"e.g. {learning_rate / 10:g}", file=sys.stderr)
        return 1
    written = _write_results(args.output or Path("dlmath-out") / f"train-{data.name}", network, compiled, params,
                             history, data)
    final = history.accuracies[-1] if history.accuracies else float("nan")
    print(f"trained {history.epochs} epochs in {history.seconds:.2f} s: mean cost {history.losses[-1]:.5f}, "
          f"training accuracy {100 * final:.1f} % ({round(final * len(data.X))}/{len(data.X)})")
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def _write_results(out: Path, network: Network, compiled: object, params: dict[str, np.ndarray],
                   history: object, data: Dataset) -> list[Path]:
    # Imported here, not at the top: matplotlib costs every `dlmath` command (verify too) about 0.5 s to load.
    import numpy as np

    from dlmath.numeric import plots

    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [plots.plot_history(history, out / "training-curve.png",  # type: ignore[arg-type]
                                      f"{data.name}: {network.label} {network.activation}, {network.cost}")]
        np.savez(out / "params.npz", **params)
        written.append(out / "params.npz")
        if data.image_shape is not None:
            written.append(plots.plot_image_weights(params["W1"], data.image_shape, out / "hidden-units.png",
                                                    "what each hidden unit looks for (Wakui's demons)"))
            written.append(plots.plot_images(data.X, data.image_shape, out / "dataset.png", data.labels,
                                             f"{data.name}: the training images"))
        elif data.X.shape[1] == 2:
            predict = lambda X: compiled.predict(params, X)  # type: ignore[attr-defined]  # noqa: E731
            written.append(plots.plot_decision_boundary(predict, data.X, data.Y, out / "decision-boundary.png",
                                                        f"{data.name}: decision boundary of {network.label}"))
    except OSError as error:
        raise UsageError(f"cannot write to {out}: {error.strerror}") from None
    return written
