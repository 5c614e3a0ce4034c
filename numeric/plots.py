"""Figures for training runs and datasets: curves, decision boundaries, Wakui's "demons".

Figures are built as matplotlib.figure.Figure objects, never through pyplot: they are not
registered in pyplot's global list, so nothing needs closing, nothing leaks, no window ever
opens, and importing this module does not change the caller's backend. PNG is rendered by Agg.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure

from dlmath.numeric.train import History

FORMATS = (".png", ".svg")
BLUE, ORANGE = "#1f77b4", "#ff7f0e"  # seed 004's two classes, in matplotlib's default blue and orange
CLASS_COLOURS = (BLUE, ORANGE, "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
BLUE_ORANGE = LinearSegmentedColormap.from_list("blue_orange", [BLUE, "#ffffff", ORANGE])
GREYS_ON_BLUE = colormaps["Greys"].with_extremes(bad="#dbe8f4")  # NaN gaps between tiles: pale blue, not white
DPI = 120


def _write(figure: Figure, path: str | Path, dpi: int) -> Path:
    """Write the figure as PNG or SVG (from the suffix), creating folders."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"cannot write {path.name!r}: give a file name ending in {' or '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=dpi, bbox_inches="tight")
    return path


def save(figure: Figure, path: str | Path, dpi: int = DPI) -> Path:
    """Write the figure as PNG or SVG (from the suffix), creating folders; return the path. Clears the figure."""
    path = _write(figure, path, dpi)
    figure.clear()  # drop the artists now rather than at garbage collection
    return path


def save_formats(figure: Figure, folder: str | Path, stem: str, dpi: int = DPI) -> tuple[Path, ...]:
    """Write folder/stem.png and folder/stem.svg, then clear the figure
    (after both: clearing between leaves a blank)."""
    paths = tuple(_write(figure, Path(folder) / f"{stem}{suffix}", dpi) for suffix in FORMATS)
    figure.clear()
    return paths


def plot_history(history: History, path: str | Path, title: str) -> Path:
    """The mean loss per epoch (log scale when it spans decades), and the accuracy on a twin axis."""
    figure = Figure(figsize=(6.4, 4.0))
    ax = figure.add_subplot()
    epochs = np.arange(1, len(history.losses) + 1)
    losses = np.asarray(history.losses)
    ax.plot(epochs, losses, color=BLUE, label="mean loss per sample")
    if len(losses) and losses.min() > 0 and losses.max() / losses.min() >= 10:
        ax.set_yscale("log")
    batch = "full batch" if history.batch_size is None else f"batch {history.batch_size}"
    ax.set(xlabel="epoch", ylabel="mean loss per sample", title=f"{title}\nη = {history.learning_rate:g}, {batch}")
    handles = ax.get_lines()
    if history.accuracies is not None:
        twin = ax.twinx()
        handles += twin.plot(epochs, history.accuracies, color=ORANGE, label="accuracy")
        twin.set(ylabel="accuracy", ylim=(-0.02, 1.02))
    ax.legend(handles=handles, loc="center right")
    return save(figure, path)


def _grid(X: np.ndarray, steps: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Two meshgrid arrays covering the points of X with a 10 % margin."""
    low, high = X.min(axis=0), X.max(axis=0)
    margin = 0.1 * np.where(high > low, high - low, 1.0)
    xs = np.linspace(low[0] - margin[0], high[0] + margin[0], steps)
    ys = np.linspace(low[1] - margin[1], high[1] + margin[1], steps)
    return np.meshgrid(xs, ys)


def _classes(Y: np.ndarray) -> np.ndarray:
    """The class index per row: Y > 0.5 for one column, argmax for several."""
    Y = np.asarray(Y).reshape(len(Y), -1)
    return (Y[:, 0] > 0.5).astype(int) if Y.shape[1] == 1 else Y.argmax(axis=1)


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray], X: np.ndarray, Y: np.ndarray, path: str | Path, title: str
) -> Path:
    """For 2-D inputs: the predicted probability (one output) or class (several) over the plane,
    the decision boundary, and the points coloured by their true class."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"a decision boundary needs 2-D inputs, X has shape {X.shape}")
    gx, gy = _grid(X)
    P = np.asarray(predict_fn(np.column_stack([gx.ravel(), gy.ravel()])), dtype=np.float64)
    P = P.reshape(gx.size, -1)
    figure = Figure(figsize=(5.6, 4.8))
    ax = figure.add_subplot()
    if P.shape[1] == 1:
        field = P[:, 0].reshape(gx.shape)
        image = ax.contourf(gx, gy, field, levels=np.linspace(0, 1, 21), cmap=BLUE_ORANGE, extend="both", alpha=0.6)
        figure.colorbar(image, ax=ax, label="predicted probability of class 1")
        ax.contour(gx, gy, field, levels=[0.5], colors="black", linewidths=1.5)
    else:
        field = P.argmax(axis=1).reshape(gx.shape)
        cmap = ListedColormap(CLASS_COLOURS[: P.shape[1]])
        levels = np.arange(P.shape[1] + 1) - 0.5
        ax.contourf(gx, gy, field, levels=levels, cmap=cmap, alpha=0.35)
        ax.contour(gx, gy, field, levels=levels[1:-1], colors="black", linewidths=1.5)
    classes = _classes(Y)
    colours = [CLASS_COLOURS[c % len(CLASS_COLOURS)] for c in classes]
    ax.scatter(X[:, 0], X[:, 1], c=colours, s=14, edgecolors="black", linewidths=0.4)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    return save(figure, path)


def _image_grid(count: int, columns: int, cell: float = 1.2) -> tuple[Figure, np.ndarray]:
    """A figure with `count` image axes in rows of `columns`, without ticks; spare axes hidden."""
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    figure = Figure(figsize=(cell * columns + 0.8, cell * 1.25 * rows + 0.6))
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False).ravel())
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax in axes[count:]:
        ax.set_visible(False)
    return figure, axes[:count]


def plot_image_weights(W: np.ndarray, image_shape: tuple[int, int], path: str | Path, title: str) -> Path:
    """Each row of W (one hidden unit's weights) as an image: a demon's favourite pattern.

    A diverging colormap centred at 0 shows excitatory (red) and inhibitory (blue) pixels alike.
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != image_shape[0] * image_shape[1]:
        raise ValueError(f"W has shape {W.shape}; each row must hold {image_shape[0]}×{image_shape[1]} pixel weights")
    limit = float(np.abs(W).max()) or 1.0
    figure, axes = _image_grid(len(W), columns=6, cell=1.6)
    for unit, (ax, row) in enumerate(zip(axes, W), start=1):
        image = ax.imshow(row.reshape(image_shape), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"unit {unit}", fontsize=9)
    figure.colorbar(image, ax=list(axes), label="weight", shrink=0.8)
    figure.suptitle(title)
    return save(figure, path)


def _mosaic(X: np.ndarray, image_shape: tuple[int, int], columns: int) -> np.ndarray:
    """The images of X tiled in rows of `columns`, one NaN pixel of gap around each tile."""
    h, w = image_shape
    rows = -(-len(X) // columns)
    canvas = np.full((rows * (h + 1) + 1, columns * (w + 1) + 1), np.nan)
    for i, x in enumerate(X):
        top, left = 1 + (i // columns) * (h + 1), 1 + (i % columns) * (w + 1)
        canvas[top : top + h, left : left + w] = x.reshape(image_shape)
    return canvas


def plot_images(
    X: np.ndarray, image_shape: tuple[int, int], path: str | Path, labels: Sequence[str] | None = None, title: str = ""
) -> Path:
    """Every row of X as a small greyscale image (1 = black), labelled above, tiled in one picture."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != image_shape[0] * image_shape[1]:
        raise ValueError(f"X has shape {X.shape}; each row must hold {image_shape[0]}×{image_shape[1]} pixels")
    if labels is not None and len(labels) != len(X):
        raise ValueError(f"{len(labels)} labels for {len(X)} images")
    columns = max(1, int(np.ceil(np.sqrt(len(X)))))
    canvas = _mosaic(X, image_shape, columns)
    # One imshow of a tiled canvas instead of one axes per image: 64 axes took seconds to draw.
    figure = Figure(figsize=(0.2 * canvas.shape[1] + 0.4, 0.2 * canvas.shape[0] + 0.6))
    ax = figure.add_subplot()
    ax.imshow(canvas, cmap=GREYS_ON_BLUE, vmin=0.0, vmax=1.0, interpolation="nearest")
    ax.set_axis_off()
    for i, label in enumerate([] if labels is None else labels):
        y, x = (i // columns) * (image_shape[0] + 1), 1 + (i % columns) * (image_shape[1] + 1)
        ax.text(x + (image_shape[1] - 1) / 2, y, str(label), ha="center", va="center", fontsize=7)
    if title:
        ax.set_title(title)
    return save(figure, path)


def plot_attention(P: np.ndarray, path: str | Path, title: str) -> Path:
    """One sequence's attention weights P (T × T): row i, the weight position i gives each position j."""
    P = np.asarray(P, dtype=np.float64)
    figure = Figure(figsize=(4.2, 3.6))
    ax = figure.add_subplot()
    image = ax.imshow(P, cmap="Blues", vmin=0.0, vmax=1.0)
    ax.set(xlabel="position attended to (j)", ylabel="position attending (i)", title=title,
           xticks=range(P.shape[1]), yticks=range(P.shape[0]))
    figure.colorbar(image, ax=ax, label="weight $P_{ij}$")
    return save(figure, path)
