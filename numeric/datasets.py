"""The seeds' datasets as arrays: Wakui's 4×3-pixel digits (seed 003) and Bearden's rings (seed 004).

Every dataset has one sample per row: X is (n, inputs) and Y is (n, outputs), the layout of
numeric/backprop/mlp.py. Random datasets draw only from the numpy Generator they are given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

WAKUI_SOURCE = "003_2ef027bd369c874d.txt"
BEARDEN_SOURCE = "004_153ca892f3cbebf4.txt"

WAKUI_SHAPE = (4, 3)  # 4 rows × 3 columns, pixels numbered 1 … 12 row by row
WAKUI_ZERO = frozenset(range(1, 13)) - {5, 8}  # the ring: all but the middle column's inner two
WAKUI_ONE = frozenset({2, 5, 8, 11})  # the middle column
WAKUI_PER_DIGIT = 32
WAKUI_SEED = 2017  # the book's year; fixes which two-pixel variants the default dataset holds


class UnknownDataset(ValueError):
    """A dataset name that is not in DATASETS."""


@dataclass(frozen=True)
class Dataset:
    """Inputs X (n, inputs), targets Y (n, outputs), and where they come from."""

    name: str
    X: np.ndarray
    Y: np.ndarray
    description: str
    source: str
    image_shape: tuple[int, int] | None
    class_names: tuple[str, ...]

    @property
    def labels(self) -> np.ndarray:
        """The class index of every sample: argmax of a one-hot Y, or Y > 0.5 for one column."""
        if self.Y.shape[1] == 1:
            return (self.Y[:, 0] > 0.5).astype(int)
        return self.Y.argmax(axis=1)


def _frozen(array: np.ndarray) -> np.ndarray:
    """A float64 read-only copy, so a shared Dataset cannot be changed behind its users' backs."""
    out = np.array(array, dtype=np.float64, copy=True)
    out.flags.writeable = False
    return out


def _image(pixels: frozenset[int] | set[int]) -> np.ndarray:
    """The 12-vector of a 4×3 image with the given pixels (numbered 1 … 12) on."""
    x = np.zeros(WAKUI_SHAPE[0] * WAKUI_SHAPE[1])
    x[[p - 1 for p in pixels]] = 1.0
    return x


def _variants(clean: frozenset[int], rng: np.random.Generator) -> list[np.ndarray]:
    """The clean digit, its 12 one-pixel flips, and 19 two-pixel flips drawn without replacement."""
    singles = [clean ^ {p} for p in range(1, 13)]
    pairs = list(combinations(range(1, 13), 2))
    # Every one-pixel error is in; only the 66 two-pixel errors are too many, so draw some.
    chosen = rng.choice(len(pairs), size=WAKUI_PER_DIGIT - 1 - len(singles), replace=False)
    doubles = [clean ^ set(pairs[i]) for i in sorted(chosen)]
    return [_image(clean)] + [_image(s) for s in singles + doubles]


def wakui_digits(rng: np.random.Generator | None = None) -> Dataset:
    """Wakui's 64 training images of "0" and "1" (seed 003), one-hot targets t = (1,0) or (0,1).

    The two clean digits differ in 10 of the 12 pixels, so every variant (at most 2 flips) is
    strictly closer to its own digit: the Hamming condition holds by construction.
    Without rng the images are always the same (drawn with WAKUI_SEED).
    """
    rng = np.random.default_rng(WAKUI_SEED) if rng is None else rng
    zeros = _variants(WAKUI_ZERO, rng)
    ones = _variants(WAKUI_ONE, rng)
    X = np.array(zeros + ones)
    Y = np.repeat(np.eye(2), [len(zeros), len(ones)], axis=0)
    return Dataset(
        name="wakui-digits",
        X=_frozen(X),
        Y=_frozen(Y),
        description=(
            "64 images of 4×3 pixels (pixels 1–12 row by row): the digits 0 (ring) and 1 (middle "
            "column), each clean and with one or two flipped pixels; targets one-hot (t1, t2)"
        ),
        source=WAKUI_SOURCE,
        image_shape=WAKUI_SHAPE,
        class_names=("0", "1"),
    )


def _annulus(n: int, inner: float, outer: float, rng: np.random.Generator) -> np.ndarray:
    """n points uniform in area on the annulus inner ≤ r ≤ outer (a disc when inner = 0)."""
    # r = sqrt(uniform in [inner², outer²]) makes the density uniform in area, not in radius.
    r = np.sqrt(rng.uniform(inner**2, outer**2, size=n))
    angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def _shuffled(X: np.ndarray, labels: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """X and labels (as a column Y) in one random order, so no slice holds a single class."""
    order = rng.permutation(len(labels))
    return X[order], labels[order].reshape(-1, 1).astype(np.float64)


def _check_size(n: int, minimum: int) -> None:
    """A ValueError unless n is a whole number of samples ≥ minimum."""
    if not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"n must be a whole number of samples, at least {minimum}; got {n!r}")


def bearden_ring(n: int, rng: np.random.Generator) -> Dataset:
    """Seed 004's points no line separates: a blue disc (c = 0, r ≤ 1) in an orange ring (c = 1, 1.5 ≤ r ≤ 2.5)."""
    _check_size(n, 2)
    inner = n // 2
    X = np.vstack([_annulus(inner, 0.0, 1.0, rng), _annulus(n - inner, 1.5, 2.5, rng)])
    X, Y = _shuffled(X, np.repeat([0, 1], [inner, n - inner]), rng)
    return Dataset(
        name="bearden-ring",
        X=_frozen(X),
        Y=_frozen(Y),
        description=(
            f"{n} points in the plane: a disc of radius 1 (blue, c = 0) inside a ring 1.5 ≤ r ≤ 2.5 "
            "(orange, c = 1); no line separates them, so logistic regression fails"
        ),
        source=BEARDEN_SOURCE,
        image_shape=None,
        class_names=("blue", "orange"),
    )


def xor_clouds(n: int, rng: np.random.Generator, spread: float = 0.35) -> Dataset:
    """Four Gaussian clouds at (±1, ±1): c = 1 where the signs differ (XOR), c = 0 where they agree."""
    _check_size(n, 4)
    centres = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    counts = np.full(4, n // 4) + (np.arange(4) < n % 4)
    X = np.repeat(centres, counts, axis=0) + rng.normal(0.0, spread, size=(n, 2))
    X, Y = _shuffled(X, np.repeat([0, 0, 1, 1], counts), rng)
    return Dataset(
        name="xor",
        X=_frozen(X),
        Y=_frozen(Y),
        description=f"{n} points in four Gaussian clouds (std {spread}) at (±1, ±1); c = 1 where x·y < 0 (XOR)",
        source=BEARDEN_SOURCE,
        image_shape=None,
        class_names=("blue", "orange"),
    )


DEFAULT_POINTS = 200  # the table's size for the random point datasets

DATASETS: dict[str, Callable[[np.random.Generator], Dataset]] = {
    # The book's images are a fixed set; the table's rng must not change them.
    "wakui-digits": lambda rng: wakui_digits(),
    "bearden-ring": lambda rng: bearden_ring(DEFAULT_POINTS, rng),
    "xor": lambda rng: xor_clouds(DEFAULT_POINTS, rng),
}


def load(name: str, rng: np.random.Generator) -> Dataset:
    """The dataset called `name` from DATASETS; UnknownDataset (a ValueError) lists the names."""
    if name not in DATASETS:
        raise UnknownDataset(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[name](rng)
