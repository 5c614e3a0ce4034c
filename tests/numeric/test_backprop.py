"""Hand-written backprop against central differences and against SymPy's own differentiation."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp

from dlmath.numeric.backprop.mlp import forward, gradient, loss, predict
from dlmath.numeric.gradcheck import numerical_gradient
from dlmath.numeric.kernels import sigmoid
from dlmath.numeric.params import ParamError, check_data, check_params, init_params
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, Network


def _problem(network: Network, batch: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Random params (biases non-zero too), inputs and targets that fit the network's cost."""
    rng = np.random.default_rng(seed)
    params = {name: rng.normal(0.0, 0.8, size=shape) for name, shape in network.shapes().items()}
    X = rng.normal(size=(batch, network.sizes[0]))
    shape = (batch, network.sizes[-1])
    if network.cost == "cross-entropy":
        Y = rng.uniform(0.0, 1.0, size=shape)
    elif network.cost == "softmax-cross-entropy":
        Y = rng.uniform(0.0, 2.0, size=shape)  # label weights whose rows do not sum to 1
        Y[0] = 0.0
        Y[0, -1] = 1.0  # and one one-hot row
    else:
        Y = rng.normal(size=shape)
    return params, X, Y


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 3, 3, 2)])
@pytest.mark.parametrize(("activation", "cost"), list(itertools.product(ACTIVATIONS, COSTS)))
def test_gradient_matches_central_differences(sizes: tuple[int, ...], activation: str, cost: str) -> None:
    network = Network(sizes, activation, cost)
    params, X, Y = _problem(network, batch=5, seed=sum(sizes) + len(activation) + 7 * len(cost))
    ours = gradient(network, params, X, Y)
    estimate = numerical_gradient(lambda p: loss(network, p, X, Y), params)
    assert list(ours) == list(params)
    for name in params:
        assert ours[name].shape == params[name].shape and ours[name].dtype == np.float64
        np.testing.assert_allclose(ours[name], estimate[name], rtol=1e-6, atol=1e-7, err_msg=name)


# ── an independent oracle: the cost written out element by element and differentiated by SymPy ──

SYMPY_ACTIVATION = {
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "tanh": sp.tanh,
    "relu": lambda z: sp.Max(0, z),
    "identity": lambda z: z,
}


def _symbolic_cost(network: Network, X: np.ndarray, Y: np.ndarray) -> tuple[sp.Expr, dict[str, sp.Matrix]]:
    """C summed over the samples, in textbook form, with one SymPy symbol per weight and bias."""
    weights = {
        name: sp.Matrix(shape[0], shape[1] if len(shape) == 2 else 1, lambda i, j, n=name: sp.Symbol(f"{n}_{i}_{j}"))
        for name, shape in network.shapes().items()
    }
    total = sp.Integer(0)
    for x, y in zip(X, Y):
        a = sp.Matrix([sp.Float(v) for v in x])
        for layer in range(1, network.depth + 1):
            z = weights[f"W{layer}"] * a + weights[f"b{layer}"]
            if layer < network.depth or network.cost == "quadratic":
                a = z.applyfunc(SYMPY_ACTIVATION[network.activation])
        targets = [sp.Float(v) for v in y]
        if network.cost == "quadratic":
            total += sum((aj - yj) ** 2 for aj, yj in zip(a, targets)) / 2
        elif network.cost == "cross-entropy":
            out = [1 / (1 + sp.exp(-zj)) for zj in z]
            total -= sum(yj * sp.log(aj) + (1 - yj) * sp.log(1 - aj) for aj, yj in zip(out, targets))
        else:
            norm = sum(sp.exp(zk) for zk in z)
            total -= sum(yj * sp.log(sp.exp(zj) / norm) for zj, yj in zip(z, targets))
    return total, weights


# One network per cost, each with another hidden activation (SymPy takes about a second per network).
@pytest.mark.parametrize(("activation", "cost"), [
    ("sigmoid", "quadratic"),
    ("tanh", "cross-entropy"),
    ("relu", "softmax-cross-entropy"),
])
def test_gradient_matches_sympy_diff(activation: str, cost: str) -> None:
    network = Network((2, 2, 2), activation, cost)
    params, X, Y = _problem(network, batch=2, seed=len(activation) * 31 + len(cost))
    total, weights = _symbolic_cost(network, X, Y)
    point = {
        weights[name][k]: sp.Float(float(value))
        for name, array in params.items()
        for k, value in enumerate(array.reshape(-1))
    }
    ours = gradient(network, params, X, Y)
    assert float(total.xreplace(point)) == pytest.approx(loss(network, params, X, Y), rel=1e-12)
    for name, array in params.items():
        expected = [float(sp.diff(total, weights[name][k]).xreplace(point)) for k in range(array.size)]
        np.testing.assert_allclose(ours[name].reshape(-1), expected, rtol=1e-10, atol=1e-12, err_msg=name)


# ── stability: saturated outputs give exact finite costs and gradients (warnings are errors here) ──

@pytest.mark.parametrize("cost", ["cross-entropy", "softmax-cross-entropy"])
def test_saturated_outputs_give_finite_loss_and_gradient(cost: str) -> None:
    network = Network((2, 2), "sigmoid", cost)
    params = {"W1": np.array([[400.0, 400.0], [-400.0, -400.0]]), "b1": np.zeros(2)}
    X = np.array([[1.0, 1.0], [-1.0, -1.0]])  # z = (800, −800) and (−800, 800)
    Y = np.array([[0.0, 1.0], [0.0, 1.0]])  # the first sample is confidently wrong, the second right
    # The wrong sample costs 1600 with either cost (−ln σ(−800) twice, or −ln softmax(z)₂); the right one e⁻⁸⁰⁰ ≈ 0.
    assert loss(network, params, X, Y) == pytest.approx(1600.0, rel=1e-12)
    grads = gradient(network, params, X, Y)  # δ = (1, −1) for the wrong sample, ≈ 0 for the right one
    np.testing.assert_allclose(grads["b1"], [1.0, -1.0], rtol=1e-12)
    np.testing.assert_allclose(grads["W1"], [[1.0, 1.0], [-1.0, -1.0]], rtol=1e-12)


def test_sigmoid_is_stable_and_equals_the_textbook_form() -> None:
    z = np.linspace(-30.0, 30.0, 61)
    np.testing.assert_allclose(sigmoid(z), 1.0 / (1.0 + np.exp(-z)), rtol=1e-14, atol=1e-300)
    np.testing.assert_array_equal(sigmoid(np.array([-800.0, 800.0])), [0.0, 1.0])


def test_forward_and_predict_shapes_and_output_layer() -> None:
    network = Network((3, 4, 5), "relu", "softmax-cross-entropy")
    params, X, _ = _problem(network, batch=6, seed=1)
    Zs, As = forward(network, params, X)
    assert [z.shape for z in Zs] == [(6, 4), (6, 5)]
    assert [a.shape for a in As] == [(6, 3), (6, 4), (6, 5)]
    np.testing.assert_array_equal(As[0], X)
    np.testing.assert_allclose(Zs[0], X @ params["W1"].T + params["b1"])
    assert (As[1] >= 0).all()
    np.testing.assert_allclose(predict(network, params, X).sum(axis=1), 1.0)


def test_gradient_leaves_params_and_data_alone() -> None:
    network = Network((3, 4, 2), "tanh", "quadratic")
    params, X, Y = _problem(network, batch=4, seed=2)
    before = {name: value.copy() for name, value in params.items()}
    X0, Y0 = X.copy(), Y.copy()
    gradient(network, params, X, Y)
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


# ── init_params, check_params, check_data ──

def test_init_params_shapes_scale_and_reproducibility() -> None:
    network = Network((400, 300, 2), "relu", "quadratic")
    params = init_params(network, np.random.default_rng(0))
    assert {name: value.shape for name, value in params.items()} == network.shapes()
    assert all(value.dtype == np.float64 for value in params.values())
    assert np.std(params["W1"]) == pytest.approx(np.sqrt(2 / 400), rel=0.02)  # He for ReLU
    assert not params["b1"].any()
    again = init_params(network, np.random.default_rng(0))
    assert all(np.array_equal(params[name], again[name]) for name in params)
    sigmoid_net = init_params(Network((400, 300), "sigmoid"), np.random.default_rng(0))
    assert np.std(sigmoid_net["W1"]) == pytest.approx(np.sqrt(1 / 400), rel=0.02)


def test_check_params_returns_float64_copies() -> None:
    network = Network((2, 1))
    params = {"W1": np.array([[1, 2]]), "b1": np.array([0.5])}
    checked = check_params(network, params)
    assert checked["W1"].dtype == np.float64
    checked["b1"][0] = 9.0
    assert params["b1"][0] == 0.5


def test_wrong_shape_message_names_both_shapes() -> None:
    network = Network((12, 3, 2))
    params = init_params(network, np.random.default_rng(0))
    params["W2"] = np.zeros((3, 4))
    with pytest.raises(ParamError) as error:
        check_params(network, params)
    assert str(error.value) == "W2 has shape (3, 4), the network 12-3-2 needs (2, 3)"


def _broken(change: str) -> dict[str, np.ndarray]:
    params = init_params(Network((3, 4, 2)), np.random.default_rng(0))
    if change == "missing":
        del params["b2"]
    elif change == "extra":
        params["W3"] = np.zeros((1, 2))
    elif change == "nan":
        params["W1"][2, 1] = np.nan
    elif change == "text":
        params["b1"] = np.array(["a", "b", "c", "d"])
    return params


@pytest.mark.parametrize(("change", "words"), [
    ("missing", ["b2", "missing", "(2,)"]),
    ("extra", ["W3"]),
    ("nan", ["W1", "nan", "[2, 1]"]),
    ("text", ["b1", "real numbers"]),
])
def test_check_params_errors_name_the_parameter(change: str, words: list[str]) -> None:
    with pytest.raises(ParamError) as error:
        check_params(Network((3, 4, 2)), _broken(change))
    assert all(word in str(error.value) for word in words), str(error.value)


@pytest.mark.parametrize(("cost", "X", "Y", "words"), [
    ("quadratic", np.zeros((3, 3)), np.zeros((2, 2)), ["X has 3", "Y has 2"]),
    ("quadratic", np.zeros((3, 2)), np.zeros((3, 2)), ["X", "(3, 2)", "(batch, 3)"]),
    ("quadratic", np.zeros(3), np.zeros((1, 2)), ["X", "(3,)"]),
    ("quadratic", np.zeros((1, 3)), np.zeros(2), ["Y", "(2,)", "(batch, 2)"]),
    ("quadratic", np.zeros((0, 3)), np.zeros((0, 2)), ["no samples"]),
    ("quadratic", np.full((2, 3), np.inf), np.zeros((2, 2)), ["X", "inf"]),
    ("quadratic", np.zeros((2, 3)), np.array([[0.0, np.nan], [0.0, 0.0]]), ["Y", "nan", "[0, 1]"]),
    ("cross-entropy", np.zeros((1, 3)), np.array([[0.5, 1.5]]), ["Y", "[0, 1]"]),
    ("softmax-cross-entropy", np.zeros((1, 3)), np.array([[-0.5, 1.5]]), ["Y", "non-negative"]),
])
def test_check_data_errors(cost: str, X: np.ndarray, Y: np.ndarray, words: list[str]) -> None:
    with pytest.raises(ParamError) as error:
        check_data(Network((3, 4, 2), cost=cost), X, Y)
    assert all(word in str(error.value) for word in words), str(error.value)


def test_check_data_accepts_label_weights_and_lists() -> None:
    network = Network((1, 2), cost="softmax-cross-entropy")
    X, Y = check_data(network, [[1], [2]], [[0.0, 3.0], [2, 2]])
    assert X.dtype == Y.dtype == np.float64 and X.shape == (2, 1) and Y.shape == (2, 2)
