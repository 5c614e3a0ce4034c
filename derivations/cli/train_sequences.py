"""`dlmath train --data copy|reversal`: the tiny transformer block fitted to a toy sequence task.

Full-batch gradient descent (or SGD with --batch) on the hand-written backward pass of
numeric/backprop/transformer.py, through the same trainer as the MLPs (numeric/train.py). Writes to
DIR (default dlmath-out/train-NAME): training-curve.png, params.npz and attention.png (the learned
attention weights of one sequence; reversing a sequence shows as the anti-diagonal). Exit codes as
`dlmath train`: 0 trained, 1 training diverged, 3 bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .options import UsageError

EPOCHS, LEARNING_RATE = 300, 0.1  # at seed 0 reversal gets every token right from about epoch 45 on


def run_sequence_train(args: argparse.Namespace) -> int:
    import numpy as np

    from dlmath.numeric.backprop import transformer
    from dlmath.numeric.sequences import SEQUENCE_TASKS, token_accuracy
    from dlmath.numeric.train import TrainingDiverged, train

    given = [f"--{name}" for name in ("layers", "activation", "cost") if getattr(args, name)]
    if given:
        raise UsageError(f"--data {args.data} trains the transformer block, which takes no {', '.join(given)}")
    if args.dtype != "float64":
        raise UsageError(f"--data {args.data} trains the transformer block in float64, not {args.dtype}")
    task = SEQUENCE_TASKS[args.data]()
    size = transformer.BlockSize(task.sequence, task.vocabulary)
    rng = np.random.default_rng(args.seed)
    learning_rate = LEARNING_RATE if args.lr is None else args.lr
    if not args.quiet:
        print(f"{task.name}: {task.description}", file=sys.stderr)
        print(f"transformer block {size.label}, hand-written backward pass", file=sys.stderr)
    try:
        params, history = train(transformer.loss, transformer.gradient, transformer.init_params(size, rng),
                                task.X, task.Y, epochs=args.epochs or EPOCHS, learning_rate=learning_rate,
                                batch_size=args.batch, rng=rng, description=task.name, progress=not args.quiet,
                                accuracy_fn=lambda p, X, Y: token_accuracy(transformer.predict(p, X), Y))
    except TrainingDiverged as error:
        print(f"dlmath train: training diverged at epoch {error.epoch} ({error.why}): try a smaller --lr, "
              f"e.g. {learning_rate / 10:g}", file=sys.stderr)
        return 1
    written = _write_results(args.output or Path("dlmath-out") / f"train-{task.name}", task, size, params, history)
    final = history.accuracies[-1] if history.accuracies else float("nan")
    print(f"trained {history.epochs} epochs in {history.seconds:.2f} s: mean cost {history.losses[-1]:.5f}, "
          f"token accuracy {100 * final:.1f} %")
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def _write_results(out: Path, task: object, size: object, params: dict, history: object) -> list[Path]:
    import numpy as np

    from dlmath.numeric import plots
    from dlmath.numeric.backprop import transformer

    tokens = task.X.argmax(axis=-1)  # type: ignore[attr-defined]
    distinct = min(tokens.shape[1], task.X.shape[2])  # type: ignore[attr-defined]
    example = task.X[[next(k for k, row in enumerate(tokens) if len(set(row)) == distinct)]]  # type: ignore[attr-defined]
    try:
        out.mkdir(parents=True, exist_ok=True)
        written = [plots.plot_history(history, out / "training-curve.png",  # type: ignore[arg-type]
                                      f"{task.name}: transformer block, {size.label}")]  # type: ignore[attr-defined]
        np.savez(out / "params.npz", **params)
        written.append(out / "params.npz")
        weights = transformer.forward(params, example).head.P[0]
        written.append(plots.plot_attention(weights, out / "attention.png",
                                            f"{task.name}: attention of the sequence "  # type: ignore[attr-defined]
                                            f"{' '.join(map(str, example[0].argmax(axis=-1)))}"))
    except OSError as error:
        raise UsageError(f"cannot write to {out}: {error.strerror}") from None
    return written
