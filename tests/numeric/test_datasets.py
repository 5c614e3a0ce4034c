"""The seeds' datasets: Wakui's 64 digit images (seed 003) and the rings no line separates (seed 004)."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.datasets import (
    DATASETS,
    WAKUI_ONE,
    WAKUI_ZERO,
    Dataset,
    UnknownDataset,
    bearden_ring,
    load,
    wakui_digits,
    xor_clouds,
)


def _pixels_on(x: np.ndarray) -> set[int]:
    """The pixels (numbered 1 … 12) of a 12-vector image that are on."""
    return {int(i) + 1 for i in np.flatnonzero(x)}


def _image(pixels: set[int] | frozenset[int]) -> np.ndarray:
    """A 12-vector with the given pixels (numbered 1 … 12) on; written here, not taken from the module."""
    return np.array([1.0 if p in pixels else 0.0 for p in range(1, 13)])


def _least_squares_accuracy(ds: Dataset) -> float:
    """Accuracy of the best least-squares linear classifier [x, 1]·w ≥ 0.5 on the data itself."""
    A = np.column_stack([ds.X, np.ones(len(ds.X))])
    w, *_ = np.linalg.lstsq(A, ds.Y[:, 0], rcond=None)
    return float(np.mean((A @ w >= 0.5) == (ds.Y[:, 0] > 0.5)))


# ---- Wakui's digits ---------------------------------------------------------------------------


def test_clean_digits_are_the_books_patterns() -> None:
    # "0": every pixel but 5 and 8 (the middle column's inner two); "1": the middle column.
    assert WAKUI_ZERO == {1, 2, 3, 4, 6, 7, 9, 10, 11, 12}
    assert WAKUI_ONE == {2, 5, 8, 11}
    ds = wakui_digits()
    rows = {tuple(x) for x in ds.X}
    assert tuple(_image(WAKUI_ZERO)) in rows and tuple(_image(WAKUI_ONE)) in rows
    # Row by row, 4 rows × 3 columns: the "1" is the middle column of the 4×3 picture.
    assert _image(WAKUI_ONE).reshape(ds.image_shape).tolist() == [[0, 1, 0]] * 4


def test_wakui_has_64_distinct_binary_images_32_of_each() -> None:
    ds = wakui_digits()
    assert ds.X.shape == (64, 12) and ds.Y.shape == (64, 2)
    assert set(np.unique(ds.X)) <= {0.0, 1.0}
    assert len({tuple(x) for x in ds.X}) == 64
    assert ds.Y.sum(axis=0).tolist() == [32, 32]
    assert ds.image_shape == (4, 3) and ds.class_names == ("0", "1")
    assert ds.source == "003_2ef027bd369c874d.txt"


def test_targets_are_the_books_two_output_units() -> None:
    ds = wakui_digits()
    for x, t in zip(ds.X, ds.Y):
        clean = WAKUI_ZERO if t.tolist() == [1.0, 0.0] else WAKUI_ONE
        assert t.tolist() in ([1.0, 0.0], [0.0, 1.0])
        assert len(_pixels_on(x) ^ clean) <= 2  # the clean digit or one or two flipped pixels


def test_every_image_is_strictly_closer_to_its_own_digit() -> None:
    ds = wakui_digits()
    for x, label in zip(ds.X, ds.labels):
        own, other = (WAKUI_ZERO, WAKUI_ONE) if label == 0 else (WAKUI_ONE, WAKUI_ZERO)
        assert len(_pixels_on(x) ^ own) < len(_pixels_on(x) ^ other)


def test_wakui_is_deterministic_and_read_only() -> None:
    a, b = wakui_digits(), wakui_digits()
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(load("wakui-digits", np.random.default_rng(99)).X, a.X)
    with pytest.raises(ValueError):
        a.X[0, 0] = 5.0


# ---- Bearden's ring and XOR -------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_no_line_separates_the_ring(seed: int) -> None:
    ds = bearden_ring(200, np.random.default_rng(seed))
    assert _least_squares_accuracy(ds) < 0.8


def test_ring_geometry_and_balance() -> None:
    ds = bearden_ring(301, np.random.default_rng(0))
    assert ds.X.shape == (301, 2) and ds.Y.shape == (301, 1)
    assert set(np.unique(ds.Y)) == {0.0, 1.0}
    assert abs(ds.Y.mean() - 0.5) < 0.01
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    assert r[ds.Y[:, 0] == 0].max() <= 1.0 and r[ds.Y[:, 0] == 1].min() >= 1.5  # the gap
    assert ds.class_names == ("blue", "orange") and ds.source == "004_153ca892f3cbebf4.txt"


def test_random_datasets_come_only_from_the_rng() -> None:
    for make in (bearden_ring, xor_clouds):
        a, b = make(50, np.random.default_rng(7)), make(50, np.random.default_rng(7))
        np.testing.assert_array_equal(a.X, b.X)
        np.testing.assert_array_equal(a.Y, b.Y)
        assert not np.array_equal(a.X, make(50, np.random.default_rng(8)).X)


@pytest.mark.parametrize("seed", range(3))
def test_xor_clouds_are_balanced_and_not_linearly_separable(seed: int) -> None:
    ds = xor_clouds(202, np.random.default_rng(seed))
    assert ds.X.shape == (202, 2) and abs(ds.Y.mean() - 0.5) < 0.01
    assert _least_squares_accuracy(ds) < 0.8
    # Most points lie in their cloud's quadrant: c = 1 exactly where the coordinates' signs differ.
    assert np.mean((ds.X[:, 0] * ds.X[:, 1] < 0) == (ds.Y[:, 0] == 1)) > 0.9


@pytest.mark.parametrize("make", [bearden_ring, xor_clouds])
@pytest.mark.parametrize("n", [0, -3, 2.5])
def test_bad_sizes_are_refused(make, n) -> None:
    with pytest.raises(ValueError, match="whole number"):
        make(n, np.random.default_rng(0))


# ---- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_table_loads_every_dataset(name: str) -> None:
    ds = load(name, np.random.default_rng(0))
    assert ds.name == name and len(ds.X) == len(ds.Y) > 0
    assert len(ds.class_names) == max(2, ds.Y.shape[1])


def test_unknown_dataset_lists_the_names() -> None:
    with pytest.raises(UnknownDataset, match="wakui-digits, bearden-ring, xor") as info:
        load("mnist", np.random.default_rng(0))
    assert isinstance(info.value, ValueError) and not isinstance(info.value, KeyError)
