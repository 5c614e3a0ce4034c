"""Wakui's convolutional network (seed 003, ch. 6): 3 filters 3×3, max-pooling, 3 sigmoid outputs."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from dlmath.numeric.backprop import conv
from dlmath.numeric.datasets_cnn import SOURCE, wakui_cnn_digits
from dlmath.numeric.plots import save_formats
from dlmath.numeric.train import accuracy, train

from ..experiment import Config, Findings, Row, experiment

EPOCHS, REDUCED_EPOCHS = 3000, 1500
LEARNING_RATE = 2.0  # on the mean gradient of the 96 images (numeric/train.py's convention)


def _filters_figure(params: dict[str, np.ndarray], out: Path) -> tuple[Path, ...]:
    """The learned filters wᶠ, red positive and blue negative."""
    filters = params["wF"]
    limit = float(np.abs(filters).max()) or 1.0
    figure = Figure(figsize=(2.0 * len(filters) + 1.0, 2.4))
    axes = figure.subplots(1, len(filters), squeeze=False)[0]
    for k, (ax, w) in enumerate(zip(axes, filters), start=1):
        image = ax.imshow(w, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set(xticks=[], yticks=[], title=f"filter {k}")
    figure.colorbar(image, ax=list(axes), label="weight", shrink=0.8)
    figure.suptitle("Learned 3×3 filters")
    return save_formats(figure, out, "wakui-cnn-filters")


def _maps_figure(params: dict[str, np.ndarray], images: np.ndarray, names: tuple[str, ...],
                 out: Path) -> tuple[Path, ...]:
    """Each digit's image, then its feature maps aᶠ (4×4) and pooled maps (2×2), filter by filter."""
    forward = conv.forward(params, images)
    K = params["wF"].shape[0]
    figure = Figure(figsize=(1.6 * (1 + 2 * K), 1.8 * len(images)))
    axes = figure.subplots(len(images), 1 + 2 * K, squeeze=False)
    for row, name in enumerate(names):
        axes[row, 0].imshow(images[row], cmap="Greys", vmin=0, vmax=1)
        axes[row, 0].set_title(f"digit {name}", fontsize=9)
        for k in range(K):
            axes[row, 1 + 2 * k].imshow(forward.aF[row, k], cmap="viridis", vmin=0, vmax=1)
            axes[row, 1 + 2 * k].set_title(f"map {k + 1}", fontsize=9)
            axes[row, 2 + 2 * k].imshow(forward.pooled[row, k], cmap="viridis", vmin=0, vmax=1)
            axes[row, 2 + 2 * k].set_title(f"pooled {k + 1}", fontsize=9)
    for ax in axes.ravel():
        ax.set(xticks=[], yticks=[])
    figure.suptitle("Feature maps σ(x ⋆ wᶠ + bᶠ) and their 2×2 max-pooling")
    return save_formats(figure, out, "wakui-cnn-maps")


@experiment("wakui-cnn",
            r"Wakui’s CNN: 3 filters $3 \times 3$, $2 \times 2$ max-pooling, 3 outputs, on 96 images of 1, 2, 3",
            sources=(SOURCE,))
def run(config: Config) -> Findings:
    data = wakui_cnn_digits()
    rng = np.random.default_rng(config.seed)
    start = time.perf_counter()
    params, history = train(lambda p, X, Y: conv.loss(p, X, Y), lambda p, X, Y: conv.gradient(p, X, Y),
                            conv.init_params(conv.BOOK, rng), data.X, data.Y,
                            epochs=REDUCED_EPOCHS if config.reduced else EPOCHS, learning_rate=LEARNING_RATE,
                            accuracy_fn=lambda p, X, Y: accuracy(conv.predict(p, X), Y), progress=config.progress,
                            description="wakui-cnn", stop_at_accuracy=1.0 if config.reduced else None)
    seconds = time.perf_counter() - start
    first = [int(np.flatnonzero(data.labels == c)[0]) for c in range(len(data.class_names))]
    files = _filters_figure(params, config.out) + _maps_figure(params, data.X[first], data.class_names, config.out)
    reached = next((k + 1 for k, acc in enumerate(history.accuracies or ()) if acc >= 1.0), None)
    final = history.accuracies[-1] if history.accuracies else 0.0
    results = {"train_accuracy": final, "epochs": history.epochs, "epochs_to_100_percent": reached,
               "final_loss": history.losses[-1], "images": len(data.X), "seconds": round(seconds, 2),
               "learning_rate": LEARNING_RATE}
    return Findings(
        name="wakui-cnn", results=results,
        seed_reported={"network": "6×6 image → 3 filters 3×3 → three 4×4 feature maps → 2×2 max-pooling → "
                       "three 2×2 maps → 3 sigmoid outputs", "claim": "trained on 96 images of 1, 2, 3 by "
                       "gradient descent with the backprop recurrence, the network classifies them"},
        table=(Row("training images", "96", str(len(data.X))),
               Row("training accuracy", "all classified", f"{final:.1%}"),
               Row("epochs to 100 %", "not given", "never" if reached is None else str(reached))),
        files=tuple(files),
        notes=("The seed states the network and the claim, not the 96 images: ours are clean digits, one-pixel "
               "shifts of 1 and copies with one or two flipped pixels (`numeric/datasets_cnn.py`).",
               "Gradients are the hand-written convolution backprop of `numeric/backprop/conv.py`, checked against the "
               "compiled symbolic gradient and finite differences by `dlmath gradcheck --model cnn`; at a tie in "
               "a pooling window the first position in reading order takes the whole gradient."),
    )
