"""The attention head and the transformer block: hand-written, compiled, central differences; the mask, the tasks."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.backprop import attention, transformer
from dlmath.numeric.compiled.attention import attention_case
from dlmath.numeric.compiled.transformer import block_case
from dlmath.numeric.gradcheck import check_gradients, compare, numerical_gradient
from dlmath.numeric.sequences import SEQUENCE_TASKS, copy_task, reversal_task, token_accuracy


@pytest.mark.parametrize(("seed", "sequence", "dim", "causal"), [
    (0, 2, 2, False), (1, 3, 2, False), (2, 3, 2, True), (3, 4, 3, False), (4, 4, 3, True), (5, 1, 1, False),
])
def test_head_three_ways(seed: int, sequence: int, dim: int, causal: bool) -> None:
    result = check_gradients(*attention_case(seed, sequence, dim, causal, batch=5))
    assert result.passed, result.report()
    assert [c.parameter for c in result.checks] == ["WQ", "WK", "WV", "X"]
    assert result.checks[-1].checked == 5 * sequence * dim  # ∂C/∂X, every entry
    assert all(c.max_abs_error < 1e-6 for c in result.checks)


def test_a_head_without_the_scale_in_its_backward_pass_fails_the_check() -> None:
    """The check is not blind: drop 1/√k from δQ (K doubled where k = 4) and central differences disagree."""
    rng = np.random.default_rng(0)
    params = attention.init_params(4, 4, 3, rng)  # k = 4: √k = 2
    X, Y = rng.normal(size=(3, 5, 4)), rng.normal(size=(3, 5, 3))
    fw = attention.head_forward(params, X)
    unscaled = attention.HeadForward(fw.X, fw.Q, fw.K * 2.0, fw.V, fw.P, fw.O)  # δQ = δS K, scale undone
    wrong, _ = attention.head_backward(params, unscaled, fw.O - Y)
    numerical = numerical_gradient(lambda p: attention.loss(p, X, Y), params)
    assert not compare({"wrong": {"WQ": wrong["WQ"]}, "numerical": {"WQ": numerical["WQ"]}}).passed


def test_rectangular_heads_against_central_differences() -> None:
    rng = np.random.default_rng(7)
    params = attention.init_params(5, 3, 2, rng)
    X, Y = rng.normal(size=(4, 6, 5)), rng.normal(size=(4, 6, 2))
    for causal in (False, True):
        exact = {**attention.gradient(params, X, Y, causal), "X": attention.input_gradient(params, X, Y, causal)}
        numerical = numerical_gradient(lambda p, c=causal: attention.loss(p, p["X"], Y, c), {**params, "X": X})
        assert compare({"hand-written": exact, "numerical": numerical}).passed


def test_the_causal_mask_hides_later_positions() -> None:
    rng = np.random.default_rng(1)
    params = attention.init_params(3, 3, 3, rng)
    X = rng.normal(size=(2, 4, 3))
    fw = attention.head_forward(params, X, causal=True)
    assert np.all(fw.P[:, ~attention.causal_mask(4)] == 0)
    np.testing.assert_allclose(fw.P.sum(axis=-1), 1.0)
    later = X.copy()
    later[:, 2:] += 5.0  # change positions 2 and 3: positions 0 and 1 must not see it
    np.testing.assert_array_equal(attention.head_forward(params, later, causal=True).O[:, :2], fw.O[:, :2])


def test_large_scores_do_not_overflow() -> None:
    rng = np.random.default_rng(2)
    params = {name: 40.0 * value for name, value in attention.init_params(3, 3, 3, rng).items()}
    X, Y = rng.normal(size=(2, 3, 3)), rng.normal(size=(2, 3, 3))
    grads = attention.gradient(params, X, Y)
    assert all(np.isfinite(g).all() for g in grads.values())


@pytest.mark.parametrize(("seed", "size", "causal"), [
    (0, transformer.BlockSize(3, 3, 3, 4), False), (1, transformer.BlockSize(4, 4, 8, 16), True),
    (2, transformer.BlockSize(5, 3, 6, 5), False),
])
def test_block_hand_written_against_central_differences(seed: int, size: transformer.BlockSize,
                                                        causal: bool) -> None:
    rng = np.random.default_rng(seed)
    params = {k: v + rng.normal(0, 0.3, np.shape(v)) for k, v in transformer.init_params(size, rng).items()}
    X, Y = np.eye(size.vocabulary)[rng.integers(0, size.vocabulary, (2, 5, size.sequence))]
    exact = transformer.gradient(params, X, Y, causal)
    numerical = numerical_gradient(lambda p: transformer.loss(p, X, Y, causal), params)
    result = compare({"hand-written": exact, "numerical": numerical})
    assert result.passed, result.report()
    assert [c.parameter for c in result.checks] == list(transformer.PARAMETERS)


def test_block_three_ways_at_the_compiled_size() -> None:
    result = check_gradients(*block_case(3, batch=6))
    assert result.passed, result.report()
    assert len(result.checks) == len(transformer.PARAMETERS)


def test_the_sequence_tasks() -> None:
    reverse, copy = reversal_task(3, 2), copy_task(3, 2)
    assert reverse.X.shape == (8, 3, 2) and set(SEQUENCE_TASKS) == {"copy", "reversal"}
    np.testing.assert_array_equal(reverse.Y, reverse.X[:, ::-1])
    np.testing.assert_array_equal(copy.Y, copy.X)
    assert token_accuracy(reverse.Y, reverse.Y) == 1.0
    assert token_accuracy(reverse.X, reverse.Y) < 1.0
    with pytest.raises(ValueError, match="no task"):
        reversal_task(9, 4)
