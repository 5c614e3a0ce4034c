"""Layer and batch normalisation: hand-written, compiled, central differences; the statistics; the block uses them."""

from __future__ import annotations

import numpy as np
import pytest

from dlmath.numeric.backprop import norms, transformer
from dlmath.numeric.compiled.norms import MAX_GROUP, compiled_gradient, norm_case
from dlmath.numeric.gradcheck import check_gradients, compare, numerical_gradient


@pytest.mark.parametrize(("kind", "seed", "features", "batch"), [
    ("layer", 0, 2, 1), ("layer", 1, 3, 7), ("layer", 2, 8, 16), ("layer", 3, 17, 4),
    ("batch", 0, 1, 2), ("batch", 1, 3, 3), ("batch", 2, 4, 16), ("batch", 3, 2, 29),
])
def test_three_ways(kind: str, seed: int, features: int, batch: int) -> None:
    result = check_gradients(*norm_case(kind, seed, features, batch))
    assert result.passed, result.report()
    assert [c.parameter for c in result.checks] == ["gamma", "beta", "X"]
    assert result.checks[-1].checked == batch * features  # ∂C/∂X, every entry
    assert all(c.max_abs_error < 1e-6 for c in result.checks)


@pytest.mark.parametrize("kind", norms.KINDS)
def test_the_statistics_are_taken_over_the_right_axis(kind: str) -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(3.0, 2.0, (6, 4)) * np.arange(1, 5)
    fw = norms.forward(X, np.ones(4), np.zeros(4), kind)
    axis = 1 if kind == "layer" else 0
    np.testing.assert_allclose(fw.normed.mean(axis=axis), 0.0, atol=1e-12)
    np.testing.assert_allclose(fw.normed.var(axis=axis), X.var(axis=axis) / (X.var(axis=axis) + norms.EPSILON))
    assert fw.inverse.shape == ((6, 1) if kind == "layer" else (1, 4))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    np.testing.assert_allclose(norms.forward(X, gamma, beta, kind).y, gamma * fw.normed + beta)


@pytest.mark.parametrize("kind", norms.KINDS)
def test_three_axes_against_central_differences(kind: str) -> None:
    """(batch, T, features): layer norm over each token's features, batch norm over batch and positions."""
    rng = np.random.default_rng(4)
    params = {"gamma": rng.normal(1, 0.5, 5), "beta": rng.normal(0, 0.5, 5), "X": rng.normal(size=(3, 4, 5))}
    Y = rng.normal(size=(3, 4, 5))
    exact = norms.gradient(params, params["X"], Y, kind)
    numerical = numerical_gradient(lambda p: norms.loss(p, p["X"], Y, kind), params)
    result = compare({"hand-written": exact, "numerical": numerical})
    assert result.passed, result.report()


def test_a_backward_pass_without_the_mean_s_path_fails_the_check() -> None:
    """The check is not blind: drop −mean ĝ from the batch norm's ∂L/∂x and central differences disagree."""
    model, problem = norm_case("batch", 0, 3, 8)
    fw = norms.forward(problem.params["X"], problem.params["gamma"], problem.params["beta"], "batch")
    ghat = (fw.y - problem.Y) * problem.params["gamma"]
    wrong = fw.inverse * (ghat - fw.normed * np.mean(ghat * fw.normed, axis=0, keepdims=True))
    numerical = numerical_gradient(lambda p: model.cost(p, p["X"], problem.Y), problem.params)
    assert not compare({"wrong": {"X": wrong}, "numerical": {"X": numerical["X"]}}).passed
    assert compare({"right": {"X": model.hand_written_gradient(problem.params, problem.X, problem.Y)["X"]},
                    "numerical": {"X": numerical["X"]}}).passed


def test_the_compiled_gradient_refuses_what_it_cannot_expand() -> None:
    with pytest.raises(ValueError, match="groups of 1 to"):
        compiled_gradient("batch", MAX_GROUP + 1)
    with pytest.raises(ValueError, match="2 ≤ features"):
        norm_case("layer", 0, features=1)
    with pytest.raises(ValueError, match="kind must be"):
        norms.statistic_axes("group", 2)


def test_the_transformer_block_normalises_with_norms_py() -> None:
    size = transformer.BlockSize(3, 3, 4, 5)
    rng = np.random.default_rng(5)
    params = {k: v + rng.normal(0, 0.3, np.shape(v)) for k, v in transformer.init_params(size, rng).items()}
    X = np.eye(3)[rng.integers(0, 3, (2, 3))]
    fw = transformer.forward(params, X)
    expected = norms.forward(fw.h0, params["g1"], params["c1"], "layer")
    assert isinstance(fw.norm1, norms.NormForward)
    np.testing.assert_array_equal(fw.norm1.y, expected.y)
    np.testing.assert_allclose(fw.norm2.normed.mean(axis=-1), 0.0, atol=1e-12)
