"""Hand-written convolution backprop against finite differences and the compiled symbolic gradient."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.backprop import conv
from dlmath.numeric.compiled.conv import cnn_case, compiled_gradient
from dlmath.numeric.datasets_cnn import wakui_cnn_digits
from dlmath.numeric.gradcheck import compare, numerical_gradient, three_gradients
from dlmath.symbolic.models.convolution import ConvSize


def test_hand_written_matches_numerical_on_a_small_net() -> None:
    shape = ConvSize(image=5, filter=2, filters=2, pool=2, outputs=2)
    params, X, Y = conv.random_problem(shape, 3, np.random.default_rng(7))
    numerical = numerical_gradient(lambda p: conv.loss(p, X, Y), params)
    result = compare({"hand-written": conv.gradient(params, X, Y), "numerical": numerical})
    assert result.passed, result.report()


@pytest.mark.parametrize("seed", [0, 3])
def test_three_gradients_agree(seed: int) -> None:
    gradients = three_gradients(*cnn_case(seed))
    assert set(gradients) == {"compiled", "hand-written", "numerical"}
    result = compare(gradients)
    assert result.passed, result.report()
    assert {c.parameter for c in result.checks} == {"wF", "bF", "wO", "bO"}


def test_three_gradients_is_deterministic_per_seed() -> None:
    first, second = three_gradients(*cnn_case(1)), three_gradients(*cnn_case(1))
    for method in first:
        for name in first[method]:
            np.testing.assert_array_equal(first[method][name], second[method][name])


@pytest.mark.parametrize("method", ["compiled", "hand-written"])
def test_compare_fails_when_one_entry_is_perturbed(method: str) -> None:
    gradients = three_gradients(*cnn_case(2))
    gradients[method]["wF"] = gradients[method]["wF"].copy()
    gradients[method]["wF"][1, 2, 0] += 1e-3
    result = compare(gradients)
    assert not result.passed
    assert result.worst is not None and result.worst.index == (1, 2, 0)


def test_ties_go_to_the_first_position_in_reading_order() -> None:
    A = np.array([[[[0.5, 0.5], [0.1, 0.5]]]])
    np.testing.assert_array_equal(conv.argmax_mask(A, 2), [[[[1.0, 0.0], [0.0, 0.0]]]])


def test_only_the_max_position_receives_the_gradient() -> None:
    params, X, Y = conv.random_problem(conv.BOOK, 1, np.random.default_rng(4))
    fw = conv.forward(params, X)
    assert fw.mask.sum() == conv.BOOK.filters * conv.BOOK.pooled**2
    np.testing.assert_allclose((fw.aF * fw.mask).reshape(1, 3, 2, 2, 2, 2).transpose(0, 1, 2, 4, 3, 5)
                               .reshape(1, 3, 2, 2, 4).sum(-1), fw.pooled)


def test_compiled_gradient_refuses_large_sizes() -> None:
    with pytest.raises(ValueError, match="small sizes"):
        compiled_gradient(ConvSize(image=20, filter=3, filters=8, pool=2, outputs=10))


def test_the_dataset_has_96_binary_images_32_per_digit() -> None:
    data = wakui_cnn_digits()
    assert data.X.shape == (96, 6, 6) and data.Y.shape == (96, 3)
    assert set(np.unique(data.X)) == {0.0, 1.0}
    np.testing.assert_array_equal(data.Y.sum(axis=0), [32, 32, 32])
    np.testing.assert_array_equal(wakui_cnn_digits().X, data.X)
    assert len({image.tobytes() for image in data.X}) == 96
