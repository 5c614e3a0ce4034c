"""Wakui's 6×6 images of the digits 1, 2 and 3 (seed 003, ch. 6): 96 training images for the CNN.

Each digit contributes 32 images: the clean digit, its shifts by one pixel (where the digit
stays inside the frame), and noisy copies with one or two flipped pixels drawn from an explicit
Generator. Targets are one-hot (t1, t2, t3). X is (96, 6, 6) with 1 = ink.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOURCE = "003_2ef027bd369c874d.txt"
SIDE = 6
PER_DIGIT = 32
SEED = 2017  # fixes which noisy variants the default dataset holds

_DIGITS = {  # drawn in a 6×6 frame, one pixel of margin where the shape allows shifting
    "1": ("..##..",
          ".###..",
          "..##..",
          "..##..",
          "..##..",
          ".####."),
    "2": (".####.",
          "#....#",
          "....#.",
          "...#..",
          "..#...",
          "######"),
    "3": (".####.",
          "#....#",
          "...##.",
          ".....#",
          "#....#",
          ".####."),
}


@dataclass(frozen=True)
class CnnDataset:
    """Images X (n, 6, 6), one-hot targets Y (n, 3), the class names."""

    X: np.ndarray
    Y: np.ndarray
    class_names: tuple[str, ...]
    description: str
    source: str = SOURCE

    @property
    def labels(self) -> np.ndarray:
        return self.Y.argmax(axis=1)


def clean(digit: str) -> np.ndarray:
    """The clean 6×6 image of '1', '2' or '3'."""
    return np.array([[c == "#" for c in row] for row in _DIGITS[digit]], dtype=np.float64)


def _shifts(image: np.ndarray) -> list[np.ndarray]:
    """The image moved one pixel in each of 8 directions, where no ink leaves the frame."""
    out = []
    for dy, dx in [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]:
        moved = np.roll(image, (dy, dx), axis=(0, 1))
        if moved.sum() == image.sum() and not _wrapped(image, dy, dx):
            out.append(moved)
    return out


def _wrapped(image: np.ndarray, dy: int, dx: int) -> bool:
    """Whether rolling by (dy, dx) would carry ink across an edge (then it is not a shift)."""
    rows = image[-1 if dy > 0 else 0] if dy else np.zeros(1)
    cols = image[:, -1 if dx > 0 else 0] if dx else np.zeros(1)
    return bool(rows.any() or cols.any())


def _flip(image: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """A copy with `count` pixels flipped, positions drawn from rng."""
    copy = image.copy().ravel()
    flips = rng.choice(SIDE * SIDE, size=count, replace=False)
    copy[flips] = 1.0 - copy[flips]
    return copy.reshape(SIDE, SIDE)


def wakui_cnn_digits(rng: np.random.Generator | None = None) -> CnnDataset:
    """96 distinct images: 32 per digit (clean, one-pixel shifts, one- or two-pixel noise). Fixed without rng."""
    rng = np.random.default_rng(SEED) if rng is None else rng
    images, labels = [], []
    for label, digit in enumerate(_DIGITS):
        base = clean(digit)
        variants = [base, *_shifts(base)]
        shifted = variants[1:] or [base]
        # the rest: one or two flipped pixels on the clean digit and on its shifts, alternately
        seen = {image.tobytes() for image in variants}
        k = 0
        while len(variants) < PER_DIGIT:
            source = base if k % 2 == 0 else shifted[(k // 2) % len(shifted)]
            candidate = _flip(source, 1 + k % 2, rng)
            if candidate.tobytes() not in seen:  # 96 distinct images: a repeated flip is drawn again
                seen.add(candidate.tobytes())
                variants.append(candidate)
                k += 1
        images += variants
        labels += [label] * len(variants)
    X = np.array(images)
    X.flags.writeable = False
    Y = np.eye(len(_DIGITS))[labels]
    Y.flags.writeable = False
    return CnnDataset(X, Y, tuple(_DIGITS), "96 images of 6×6 pixels: the digits 1, 2, 3, each clean, shifted by "
                      "one pixel, and with one or two flipped pixels; targets one-hot (t1, t2, t3)")
