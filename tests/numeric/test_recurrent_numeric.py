"""Hand-written BPTT (RNN, LSTM) against central differences; truncated BPTT; the three-way check."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dlmath.numeric.backprop import recurrent
from dlmath.numeric.compiled.recurrent import UNROLLED, _program, _run, compile_recurrent, recurrent_case
from dlmath.numeric.gradcheck import compare, numerical_gradient, three_gradients
from dlmath.symbolic.models.recurrent import symbols_of

CASES = list(itertools.product(recurrent.MODELS, recurrent.COSTS, (0, 1, 2)))


def point(model: str, seed: int, batch: int = 3, steps: int = 5, hidden: int = 3):
    """Random params (biases too), inputs, targets in [0, 1] and a random initial state."""
    rng = np.random.default_rng(seed)
    start = recurrent.init_params(model, 2, hidden, 2, rng)
    params = {k: v + 0.4 * rng.standard_normal(v.shape) for k, v in start.items()}
    X = rng.standard_normal((batch, steps, 2))
    Y = rng.random((batch, steps, 2))
    c = rng.standard_normal((batch, hidden)) if model == "lstm" else None
    return params, X, Y, recurrent.State(rng.standard_normal((batch, hidden)), c)


@pytest.mark.parametrize(("model", "cost", "seed"), CASES)
def test_bptt_matches_central_differences(model: str, cost: str, seed: int) -> None:
    params, X, Y, state = point(model, seed)
    hand = recurrent.gradient(model, params, X, Y, state, cost)
    numerical = numerical_gradient(lambda p: recurrent.loss(model, p, X, Y, state, cost), params)
    check = compare({"hand-written": hand, "numerical": numerical})
    assert check.passed, check.report()
    assert list(hand) == list(recurrent.shapes(model, 2, 3, 2))


@pytest.mark.parametrize("model", recurrent.MODELS)
def test_perturbed_gradient_fails_the_check(model: str) -> None:
    params, X, Y, _ = point(model, 7)
    hand = recurrent.gradient(model, params, X, Y)
    numerical = numerical_gradient(lambda p: recurrent.loss(model, p, X, Y), params)
    name = "Uh" if model == "rnn" else "Uc"
    hand[name] = hand[name].copy()
    hand[name][1, 2] += 1e-3
    check = compare({"hand-written": hand, "numerical": numerical})
    assert not check.passed
    assert check.worst is not None and check.worst.parameter == name


@pytest.mark.parametrize("model", recurrent.MODELS)
def test_carried_state_equals_the_full_sequence(model: str) -> None:
    params, X, _, _ = point(model, 3, steps=12)
    full = recurrent.forward(model, params, X)
    state, outputs = None, []
    for start in (0, 5, 6, 10):
        stop = {0: 5, 5: 6, 6: 10, 10: 12}[start]
        trace = recurrent.forward(model, params, X[:, start:stop], state)
        outputs.append(trace.Yhat)
        state = trace.final
    np.testing.assert_allclose(np.concatenate(outputs, axis=1), full.Yhat, rtol=0, atol=1e-14)
    np.testing.assert_allclose(state.h, full.final.h, rtol=0, atol=1e-14)
    if model == "lstm":
        np.testing.assert_allclose(state.c, full.final.c, rtol=0, atol=1e-14)


def test_truncated_gradient_of_the_first_window_is_the_full_gradient_when_the_rest_has_no_cost() -> None:
    params, X, Y, _ = point("lstm", 4, steps=8)
    window = recurrent.gradient("lstm", params, X[:, :3], Y[:, :3])
    # later steps' costs are zero when their outputs are fixed to their targets' exact predictions
    trace = recurrent.forward("lstm", params, X)
    Y_rest = np.concatenate([Y[:, :3], trace.Yhat[:, 3:]], axis=1)
    full = recurrent.gradient("lstm", params, X, Y_rest)
    for name in window:
        np.testing.assert_allclose(window[name], full[name], rtol=1e-10, atol=1e-13)


def test_wrong_shapes_and_names_are_reported() -> None:
    params, X, Y, _ = point("rnn", 0)
    with pytest.raises(recurrent.RecurrentError, match="Wxh"):
        recurrent.gradient("rnn", params, X[:, :, :1], Y)
    with pytest.raises(recurrent.RecurrentError, match="unknown recurrent model"):
        recurrent.shapes("gru", 1, 1, 1)
    with pytest.raises(recurrent.RecurrentError, match="cost"):
        recurrent.gradient("rnn", params, X, Y, cost="hinge")
    with pytest.raises(recurrent.RecurrentError, match="initial state"):
        recurrent.forward("lstm", point("lstm", 0)[0], X, recurrent.State(np.zeros((3, 3))))


@pytest.mark.parametrize(("model", "hidden", "steps", "seed"),
                         [("rnn", 2, 2, 0), ("rnn", 4, 6, 5), ("lstm", 2, 3, 1), ("lstm", 3, 4, 2)])
def test_three_gradients_agree(model: str, hidden: int, steps: int, seed: int) -> None:
    gradients = three_gradients(*recurrent_case(model, hidden, steps, seed))
    assert set(gradients) == {"compiled", "hand-written", "numerical"}
    check = compare(gradients)
    assert check.passed, check.report()
    again = three_gradients(*recurrent_case(model, hidden, steps, seed))
    for method in gradients:
        for name in gradients[method]:
            assert np.array_equal(gradients[method][name], again[method][name])  # deterministic


@pytest.mark.parametrize(("method", "model", "name"), [("compiled", "rnn", "Why"), ("hand-written", "rnn", "Uh"),
                                                       ("hand-written", "lstm", "bf")])
def test_three_gradients_fail_when_one_is_perturbed(method: str, model: str, name: str) -> None:
    gradients = three_gradients(*recurrent_case(model, 2, 3, 0))
    assert compare(gradients).passed
    gradients[method][name] = gradients[method][name] + 1e-3
    check = compare(gradients)
    assert not check.passed and check.worst is not None and check.worst.parameter == name


@pytest.mark.parametrize("model", recurrent.MODELS)
def test_unrolled_symbolic_cost_equals_the_numeric_forward(model: str) -> None:
    params, X, Y, _ = point(model, 5, batch=2, steps=3, hidden=2)
    unrolled = UNROLLED[model](2, 2, 2, 3)
    program, slots = _program([unrolled.cost], symbols_of(unrolled))
    values = np.concatenate([np.repeat(np.concatenate([params[n].reshape(-1) for n in params])[:, None], 2, axis=1),
                             X.reshape(2, -1).T, Y.reshape(2, -1).T])
    costs = _run(program, slots, values)[0]
    assert costs.sum() == pytest.approx(recurrent.loss(model, params, X, Y), rel=1e-13)


@pytest.mark.parametrize("model", recurrent.MODELS)
def test_compiled_symbolic_gradient_equals_the_hand_written_bptt(model: str) -> None:
    params, X, Y, _ = point(model, 6, batch=2, steps=3, hidden=2)
    compiled = compile_recurrent(model, 2, 2, 2, 3).gradient(params, X, Y)
    hand = recurrent.gradient(model, params, X, Y)
    assert list(compiled) == list(hand)
    for name in hand:
        np.testing.assert_allclose(compiled[name], hand[name], rtol=0, atol=1e-10, err_msg=name)
    assert max(np.abs(g).max() for g in hand.values()) > 1e-3  # not agreeing trivially at zero


def test_compiled_sizes_are_bounded_and_checked() -> None:
    with pytest.raises(recurrent.RecurrentError, match="hidden units from 1 to 8"):
        compile_recurrent("rnn", 2, 9, 1, 3)
    with pytest.raises(recurrent.RecurrentError, match="unknown recurrent model"):
        recurrent_case("gru", 2, 2, 0)
    with pytest.raises(recurrent.RecurrentError, match="compiled for T = 3"):
        compile_recurrent("rnn", 2, 2, 1, 3).gradient(recurrent.init_params("rnn", 2, 2, 1, np.random.default_rng(0)),
                                                      np.zeros((1, 4, 2)), np.zeros((1, 4, 1)))
