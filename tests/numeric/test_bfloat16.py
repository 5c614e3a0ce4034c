"""bfloat16 rounding (round to nearest, ties to even) against known bit patterns, and the rounding MLP's gradients."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.bfloat16 import (
    MLPSetup,
    as_float32,
    bfloat16_bits,
    cross_entropy,
    gradients,
    init_mlp,
    logits,
    mlp,
    to_bfloat16,
    train_mlp,
)


def _from_bits(*patterns: int) -> np.ndarray:
    return np.array(patterns, dtype=np.uint32).view(np.float32)


@pytest.mark.parametrize(("value", "bits"), [
    (1.0, 0x3F80), (-2.0, 0xC000), (3.140625, 0x4049),      # exact in bfloat16
    (1.00390625, 0x3F80),                                    # 1 + 2^-8: a tie, kept part even → down
    (1.01171875, 0x3F82),                                    # 1 + 3·2^-8: a tie, kept part odd → up to even
    (1.0 + 2.0**-8 + 2.0**-20, 0x3F81),                      # just above the tie → up
    (np.pi, 0x4049), (0.1, 0x3DCD),
    (3.3e38, 0x7F78), (float(np.finfo(np.float32).max), 0x7F80), (-float(np.finfo(np.float32).max), 0xFF80),
    (np.inf, 0x7F80), (-np.inf, 0xFF80), (0.0, 0x0000), (-0.0, 0x8000),
])
def test_known_patterns(value: float, bits: int) -> None:
    assert int(bfloat16_bits(value)) == bits


def test_nan_stays_nan_even_with_a_low_payload() -> None:
    # 0x7F800001 is a NaN whose payload lies only in the dropped bits: truncation alone would give inf.
    values = _from_bits(0x7F800001, 0xFFFFFFFF, 0x7FC00000, 0xFFC00000, 0x7F80FFFF)
    assert np.isnan(to_bfloat16(values)).all()
    assert np.isnan(to_bfloat16(np.float32(np.nan)))


def test_subnormals_round_to_nearest_even() -> None:
    patterns = _from_bits(0x00000001, 0x00008000, 0x00018000, 0x00010000, 0x007FFFFF, 0x80018000)
    np.testing.assert_array_equal(bfloat16_bits(patterns), [0x0000, 0x0000, 0x0002, 0x0001, 0x0080, 0x8002])


def test_rounding_is_nearest_and_idempotent() -> None:
    x = np.random.default_rng(0).normal(scale=100.0, size=10_000).astype(np.float32)
    r = to_bfloat16(x)
    assert r.dtype == np.float32 and r.shape == x.shape
    np.testing.assert_array_equal(to_bfloat16(r), r)
    np.testing.assert_array_equal(r.view(np.uint32) & 0xFFFF, 0)
    # nearest: neither bfloat16 neighbour (the pattern ± one unit in the last kept place) is closer
    error = np.abs(r.astype(np.float64) - x)
    for step in (0x10000, -0x10000):
        neighbour = (r.view(np.uint32).astype(np.int64) + step).astype(np.uint32).view(np.float32)
        assert np.all(error <= np.abs(neighbour.astype(np.float64) - x))
    assert np.all(error <= np.abs(x.astype(np.float64)) * 2.0**-8)  # half a unit: 2^-8 relative with 8 bits
    assert x[0] == np.random.default_rng(0).normal(scale=100.0, size=1).astype(np.float32)[0]  # input untouched


def test_gradients_match_finite_differences_in_float32() -> None:
    rng = np.random.default_rng(1)
    params = {k: v.astype(np.float64) for k, v in init_mlp((3, 4, 2), rng).items()}
    X, labels = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)
    identity = lambda a: np.asarray(a, dtype=np.float64)  # noqa: E731 - exact hook for the check
    network = mlp((3, 4, 2))
    grads, _ = gradients(network, params, X, labels, identity)
    for key in ("W1", "b1", "W2"):
        numeric = np.zeros_like(params[key])
        for index in np.ndindex(params[key].shape):
            for sign in (1, -1):
                shifted = {k: v.copy() for k, v in params.items()}
                shifted[key][index] += sign * 1e-6
                numeric[index] += sign * cross_entropy(logits(network, shifted, X, identity), labels) / 2e-6
        np.testing.assert_allclose(grads[key], numeric, atol=1e-7)


def test_bf16_training_stores_bfloat16_weights_and_fp32_does_not_lose_updates() -> None:
    rng = np.random.default_rng(2)
    X = rng.normal(size=(64, 2)).astype(np.float32)
    labels = (X[:, 0] * X[:, 1] > 0).astype(int)
    setup = MLPSetup((2, 8, 2), 5, 0.1, 16)
    bf16 = train_mlp((X, labels, X, labels), setup, "bf16", seed=0)
    fp32 = train_mlp((X, labels, X, labels), setup, "fp32", seed=0)
    for value in bf16.params.values():
        np.testing.assert_array_equal(value.view(np.uint32) & 0xFFFF, 0)
    assert all(v.dtype == np.float32 for v in fp32.params.values())
    assert bf16.lost_update_fraction > fp32.lost_update_fraction
    assert as_float32(np.float64(1.0)).dtype == np.float32
