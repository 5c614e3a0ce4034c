"""The compiled symbolic gradient against hand-written backprop, its generated source, and its numerics."""

from __future__ import annotations

import ast
import itertools
import re
import threading
from collections.abc import Callable

import mpmath
import numpy as np
import pytest

from dlmath.numeric.backprop import mlp as backprop
from dlmath.numeric.compiled.mlp import Compiled, compile_network
from dlmath.numeric.gradcheck import numerical_gradient
from dlmath.numeric.params import init_params
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, Network

COMBOS = list(itertools.product(ACTIVATIONS, COSTS))
IDS = [f"{activation}-{cost}" for activation, cost in COMBOS]


def problem(network: Network, batch: int, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Random params (biases too), inputs and targets the cost accepts; no ReLU pre-activation near 0."""
    rng = np.random.default_rng(seed)
    for _ in range(200):
        params = {name: rng.normal(0.0, 0.8, size=shape) for name, shape in network.shapes().items()}
        X = rng.normal(size=(batch, network.sizes[0]))
        Zs, _ = backprop.forward(network, params, X)
        if network.activation != "relu" or min(np.abs(Z).min() for Z in Zs) > 1e-3:
            break
    else:
        raise AssertionError("no draw without a ReLU pre-activation near 0")
    shape = (batch, network.sizes[-1])
    if network.cost == "cross-entropy":
        Y = rng.uniform(0.0, 1.0, size=shape)
    elif network.cost == "softmax-cross-entropy":
        Y = rng.uniform(0.0, 2.0, size=shape)  # label weights whose rows do not sum to 1 …
        Y[0] = 0.0
        Y[0, -1] = 1.0  # … and one one-hot row
        assert not np.allclose(Y[1:].sum(axis=1), 1.0)
    else:
        Y = rng.normal(size=shape)
    return params, X, Y


def assert_same_gradient(ours: dict[str, np.ndarray], reference: dict[str, np.ndarray], rtol: float) -> None:
    assert sorted(ours) == sorted(reference)
    for name, value in reference.items():
        assert ours[name].shape == value.shape and ours[name].dtype == np.float64, name
        scale = max(1.0, float(np.abs(value).max()))
        np.testing.assert_allclose(ours[name], value, rtol=rtol, atol=rtol * 1e-3 * scale, err_msg=name)


@pytest.mark.parametrize("sizes", [(4, 3, 2), (3, 5, 4, 3)])
@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_compiled_gradient_and_loss_equal_hand_written_backprop(sizes: tuple[int, ...], activation: str,
                                                                 cost: str) -> None:
    network = Network(sizes, activation, cost)
    compiled = compile_network(network)
    params, X, Y = problem(network, batch=7, seed=len(sizes) * 100 + COMBOS.index((activation, cost)))
    copies = [{k: v.copy() for k, v in params.items()}, X.copy(), Y.copy()]
    ours = compiled.gradient(params, X, Y)
    assert_same_gradient(ours, backprop.gradient(network, params, X, Y), rtol=1e-10)
    assert compiled.loss(params, X, Y) == pytest.approx(backprop.loss(network, params, X, Y), rel=1e-10, abs=1e-12)
    np.testing.assert_allclose(compiled.predict(params, X), backprop.predict(network, params, X),
                               rtol=1e-12, atol=1e-15)
    # nothing the caller passed is changed
    assert all(np.array_equal(params[k], v) for k, v in copies[0].items())
    assert np.array_equal(X, copies[1]) and np.array_equal(Y, copies[2])


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_compiled_gradient_is_the_derivative_of_the_compiled_loss(activation: str, cost: str) -> None:
    network = Network((3, 4, 2), activation, cost)
    compiled = compile_network(network)
    params, X, Y = problem(network, batch=5, seed=11 + COMBOS.index((activation, cost)))
    estimate = numerical_gradient(lambda p: compiled.loss(p, X, Y), params)
    ours = compiled.gradient(params, X, Y)
    for name in params:
        np.testing.assert_allclose(ours[name], estimate[name], rtol=1e-6, atol=1e-7, err_msg=name)


def test_softmax_gradient_uses_the_target_sum() -> None:
    """For rows of Y that do not sum to 1 the textbook A − Y is wrong; the compiled δ is S·A − Y."""
    network = Network((3, 2), "identity", "softmax-cross-entropy")
    compiled = compile_network(network)
    params, X, _ = problem(network, batch=4, seed=3)
    Y = np.full((4, 2), 0.9)  # every row sums to 1.8
    A = backprop.predict(network, params, X)
    textbook = (A - Y).sum(axis=0)
    exact = (1.8 * A - Y).sum(axis=0)
    got = compiled.gradient(params, X, Y)["b1"]
    np.testing.assert_allclose(got, exact, rtol=1e-12)
    assert not np.allclose(got, textbook, rtol=1e-3)


# ── the generated source ──

EXPECTED_CODE = {  # (activation, cost) → lines the derived expressions must print as, on a 4-3-2 network
    ("sigmoid", "quadratic"): ["np.subtract(1, A2, out=D2)\n    D2 *= A2\n    np.subtract(A2, Y, out=T2)\n    D2 *= T2",
                               "np.dot(W2.T, D2, out=D1)\n    D1 *= A1\n    np.subtract(1, A1, out=T1)\n"
                               "    D1 *= T1"],
    ("tanh", "quadratic"): ["np.copyto(D2, 1 - A2**2)\n    np.subtract(A2, Y, out=T2)\n    D2 *= T2",
                            "np.dot(W2.T, D2, out=D1)\n    D1 *= 1 - A1**2"],
    ("relu", "quadratic"): ["np.subtract(A2, Y, out=D2)\n    D2 *= (Z2 > 0)", "D1 *= (Z1 > 0)"],
    ("identity", "quadratic"): ["np.subtract(A2, Y, out=D2)\n    np.matmul(D2, A1.T, out=dW2)",
                                "np.dot(W2.T, D2, out=D1)\n    np.matmul(D1, A0.T, out=dW1)"],
    ("tanh", "cross-entropy"): ["np.subtract(A2, Y, out=D2)\n    np.matmul", "A2 = sigmoid(Z2)",
                                "np.dot(W2.T, D2, out=D1)\n    D1 *= 1 - A1**2"],
    ("relu", "softmax-cross-entropy"): ["S = Y.sum(axis=0, keepdims=True)", "np.copyto(D2, S*A2 - Y)",
                                        "A2 = softmax(Z2, axis=0)", "A1 = np.maximum(Z1, 0.0)"],
}


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_source_is_python_that_runs_as_compiled(activation: str, cost: str) -> None:
    network = Network((4, 3, 2), activation, cost)
    compiled = compile_network(network)
    assert isinstance(compiled, Compiled) and compiled.network == network
    tree = ast.parse(compiled.source)
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert {"forward", "gradient", "loss", "predict"} <= functions
    for line in EXPECTED_CODE.get((activation, cost), []):
        assert line in compiled.source, (line, compiled.source)
    # the text is the code that runs: executing it afresh gives the same gradient
    namespace: dict[str, object] = {}
    exec(compile(compiled.source, "<test>", "exec"), namespace)  # noqa: S102 - the generator's own output
    params, X, Y = problem(network, batch=3, seed=5)
    gradient: Callable = namespace["gradient"]  # type: ignore[assignment]
    assert_same_gradient(gradient(params, X, Y), compiled.gradient(params, X, Y), rtol=0.0)


@pytest.mark.parametrize(("activation", "cost"), [("sigmoid", "quadratic"), ("relu", "softmax-cross-entropy"),
                                                  ("tanh", "cross-entropy")])
def test_source_is_vectorized_and_does_not_grow_with_width(activation: str, cost: str) -> None:
    small = compile_network(Network((4, 3, 2), activation, cost)).source
    wide = compile_network(Network((400, 300, 2), activation, cost)).source
    assert abs(len(wide) - len(small)) <= len("400-300-2") - len("4-3-2")  # only the label in the header differs
    assert wide.replace("400-300-2", "4-3-2") == small
    code = "\n".join(line for line in wide.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\b[WbAZDT]\d\[\d", code)  # no entry by entry indexing: W1[0, 2], A1[3]
    step = code[code.index("def gradient"):code.index("def loss")]  # (the workspace loops over layers, not entries)
    for loop in ("for ", "while ", "range("):
        assert loop not in step, loop
    assert "@" in code and ".T" in code and "np.matmul(" in code  # matrix products


def test_source_grows_with_depth_only() -> None:
    two = compile_network(Network((4, 3, 2))).source
    three = compile_network(Network((4, 3, 3, 2))).source
    assert "W3" in three and "W3" not in two and len(three) > len(two)


# ── numerics of the compiled code ──

def test_compiled_sigmoid_is_finite_and_accurate_when_saturated() -> None:
    network = Network((1, 1), "sigmoid", "quadratic")
    compiled = compile_network(network)
    params = {"W1": np.array([[1.0]]), "b1": np.array([0.0])}
    zs = np.array([800.0, -800.0, -30.0, 30.0, -700.0, 0.0, -1e-3, 40.0])
    out = compiled.predict(params, zs[:, None])[:, 0]  # a RuntimeWarning (overflow) is an error here
    assert np.isfinite(out).all()
    for value, got in zip(zs, out):
        exact = 1 / (1 + mpmath.exp(-mpmath.mpf(value)))
        assert abs(got - exact) <= 1e-12 * exact or (exact < 1e-310 and got < 1e-310), (value, got, exact)
    assert out[0] == 1.0 and out[1] == 0.0
    sigma_minus_30 = 1 / (1 + mpmath.exp(30))
    assert abs(out[2] - sigma_minus_30) / sigma_minus_30 < 1e-12


@pytest.mark.parametrize("cost", COSTS)
def test_compiled_gradient_and_loss_are_finite_when_saturated(cost: str) -> None:
    network = Network((1, 2, 2), "sigmoid", cost)
    compiled = compile_network(network)
    params = {"W1": np.array([[800.0], [-800.0]]), "b1": np.zeros(2),
              "W2": np.array([[800.0, -800.0], [-800.0, 800.0]]), "b2": np.zeros(2)}
    X = np.array([[1.0], [-1.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]]) if cost != "quadratic" else np.array([[0.5, 0.5], [0.5, 0.5]])
    Y = 1.0 - Y  # the wrong label on saturated outputs: the cost is large but finite
    loss = compiled.loss(params, X, Y)
    assert np.isfinite(loss) and loss == pytest.approx(backprop.loss(network, params, X, Y), rel=1e-12)
    gradient = compiled.gradient(params, X, Y)
    assert all(np.isfinite(g).all() for g in gradient.values())
    assert_same_gradient(gradient, backprop.gradient(network, params, X, Y), rtol=1e-10)


def test_mnist_sized_network_compiles_and_agrees(record_property: Callable[[str, object], None]) -> None:
    network = Network((784, 128, 64, 10), "sigmoid", "quadratic")
    compiled = compile_network(network)
    record_property("compile_seconds_784_128_64_10", compiled.seconds)
    print(f"compiled 784-128-64-10 in {compiled.seconds:.4f} s")
    assert compiled.seconds > 0
    rng = np.random.default_rng(0)
    params = init_params(network, rng)
    X, Y = rng.normal(size=(16, 784)), rng.uniform(size=(16, 10))
    assert_same_gradient(compiled.gradient(params, X, Y), backprop.gradient(network, params, X, Y), rtol=1e-10)


# ── the gradient step's layouts, buffers and float32 ──

@pytest.mark.parametrize("layout", ["features", "batch"])
@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_both_layouts_give_the_hand_written_gradient(layout: str, activation: str, cost: str) -> None:
    network = Network((3, 5, 4, 3), activation, cost)
    compiled = compile_network(network, layout=layout)
    assert compiled.layout == layout and ("A0 = X.T" in compiled.source) == (layout == "features")
    params, X, Y = problem(network, batch=6, seed=COMBOS.index((activation, cost)))
    assert_same_gradient(compiled.gradient(params, X, Y), backprop.gradient(network, params, X, Y), rtol=1e-10)


def test_reused_buffers_never_leak_into_returned_gradients() -> None:
    network = Network((3, 4, 2))
    compiled = compile_network(network)
    params, X, Y = problem(network, batch=5, seed=1)
    first = compiled.gradient(params, X, Y)
    kept = {k: v.copy() for k, v in first.items()}
    compiled.gradient(params, 2.0 * X, Y)                       # the same buffers, other values
    compiled.gradient(params, X[:3], Y[:3])                     # another batch size: new buffers
    assert all(np.array_equal(first[k], kept[k]) for k in kept)
    out = {k: np.full_like(v, np.nan) for k, v in params.items()}
    assert compiled.gradient(params, X, Y, out) is out           # the caller's arrays, filled
    assert_same_gradient(out, kept, rtol=0.0)


def test_threads_do_not_share_buffers() -> None:
    network = Network((20, 16, 3))
    compiled = compile_network(network)
    problems = [problem(network, batch=32, seed=s) for s in range(4)]
    expected = [backprop.gradient(network, *p) for p in problems]
    failures: list[str] = []

    def work(k: int) -> None:
        for _ in range(200):
            got = compiled.gradient(*problems[k])
            if not all(np.allclose(got[n], expected[k][n], rtol=1e-10, atol=1e-13) for n in got):
                failures.append(f"thread {k}")
                return

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


@pytest.mark.parametrize(("activation", "cost"), COMBOS, ids=IDS)
def test_float32_gradient_matches_float64_to_float32_precision(activation: str, cost: str) -> None:
    network = Network((6, 5, 4, 3), activation, cost)
    params, X, Y = problem(network, batch=16, seed=40 + COMBOS.index((activation, cost)))
    wide = compile_network(network).gradient(params, X, Y)
    narrow = compile_network(network, dtype="float32").gradient(params, X, Y)
    assert "DTYPE = np.float32" in compile_network(network, dtype="float32").source
    for name, value in wide.items():
        assert narrow[name].dtype == np.float32, name
        scale = float(np.abs(value).max())
        # float32 has 24 bits (ε ≈ 6e-8); a few dozen roundings through three layers stay below 1e-5 of the scale …
        assert np.abs(narrow[name] - value).max() <= 1e-5 * max(scale, 1e-3), name
    # … and the float32 result is not the float64 one: it really was computed in float32
    assert any(not np.array_equal(narrow[k].astype(np.float64), v) for k, v in wide.items())


def test_compile_network_rejects_an_unknown_dtype_or_layout() -> None:
    with pytest.raises(ValueError, match="dtype must be one of float64, float32"):
        compile_network(Network((2, 2)), dtype="float16")
    with pytest.raises(ValueError, match="layout must be one of features, batch"):
        compile_network(Network((2, 2)), layout="columns")
