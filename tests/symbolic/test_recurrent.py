"""The unrolled RNN and LSTM builders, their gradients, and the BPTT proofs (right formulas proved, wrong ones not)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from dlmath.symbolic.models.recurrent import (
    Unrolled,
    bptt_gradient,
    evaluate,
    lstm_gradient,
    lstm_unrolled,
    rnn_unrolled,
    rnn_with_copies,
    symbolic_gradient,
)
from dlmath.symbolic.proofs.recurrent_proof import (
    prove_bptt,
    prove_jacobian_product,
    prove_shared_sum,
    sums_over_adjacent_ranges,
)
from dlmath.symbolic.verify.verdict import Status

RNN_SHAPES = {"Wxh": (3, 2), "Uh": (3, 3), "bh": (3, 1), "Why": (1, 3), "by": (1, 1)}


def _shape(rows: list[list[object]]) -> tuple[int, int]:
    assert len({len(r) for r in rows}) == 1
    return len(rows), len(rows[0])


def test_rnn_shapes() -> None:
    net = rnn_unrolled(2, 3, 1, 4)
    assert {n: _shape(m) for n, m in net.params.items()} == RNN_SHAPES
    assert [len(x) for x in net.inputs] == [2] * 4 and [len(y) for y in net.targets] == [1] * 4
    assert [len(h) for h in net.hidden] == [3] * 4 and len(net.trace) == 4 and len(net.outputs) == 4
    assert net.cost.free_symbols >= {net.params["Uh"][2][1], net.inputs[3][1], net.targets[0][0]}


def test_lstm_shapes() -> None:
    net = lstm_unrolled(2, 3, 2, 2)
    expected = {f"{k}{g}": s for g in "fioc" for k, s in (("W", (3, 2)), ("U", (3, 3)), ("b", (3, 1)))}
    expected.update({"Why": (2, 3), "by": (2, 1)})
    assert {n: _shape(m) for n, m in net.params.items()} == expected
    assert set(net.trace[0]) == {"f", "i", "o", "g", "c", "h"} and len(net.hidden) == 2


def test_copies_are_separate_symbols_per_step() -> None:
    net, copies = rnn_with_copies(1, 2, 1, 3)
    assert len(copies) == 3 and copies[0]["Uh"][0][0] != copies[2]["Uh"][0][0]
    assert not net.cost.has(net.params["Uh"][0][0]) and net.cost.has(copies[2]["Uh"][1][0])


@pytest.mark.parametrize("sizes", [(0, 2, 1, 2), (1, 2, 1, 0), (1, -1, 1, 2)])
def test_bad_sizes(sizes: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="positive integer"):
        rnn_unrolled(*sizes)


def _random_point(net: Unrolled, rng: np.random.Generator) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Numpy parameters in the numeric engineer's shapes: matrices 2-D, biases 1-D."""
    values = {n: rng.normal(0, 0.8, (len(m), len(m[0]))) for n, m in net.params.items()}
    values = {n: v.ravel() if n.startswith("b") else v for n, v in values.items()}
    return values, rng.uniform(-1, 1, (len(net.inputs), len(net.inputs[0]))), \
        rng.uniform(0.1, 0.9, (len(net.targets), len(net.targets[0])))


@pytest.mark.parametrize("build", [lambda: rnn_unrolled(2, 2, 1, 3), lambda: lstm_unrolled(1, 2, 1, 2)],
                         ids=["rnn", "lstm"])
def test_symbolic_gradient_matches_central_differences(build) -> None:  # noqa: ANN001
    net = build()
    values, X, Y = _random_point(net, np.random.default_rng(5))
    gradient = symbolic_gradient(net)
    names = list(net.params)
    flat = [g for n in names for row in gradient[n] for g in row]
    analytic = np.array(evaluate(net, flat, values, X, Y))
    numeric, eps = [], 1e-6
    for name in names:
        for index in np.ndindex(values[name].shape):
            plus, minus = ({**values, name: values[name].copy()} for _ in range(2))
            plus[name][index] += eps
            minus[name][index] -= eps
            numeric.append((evaluate(net, [net.cost], plus, X, Y)[0] - evaluate(net, [net.cost], minus, X, Y)[0])
                           / (2 * eps))
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)
    assert np.abs(analytic).max() > 1e-3  # a zero gradient would match anything


@pytest.mark.parametrize("steps", [1, 2, 3, 5])
def test_bptt_proved_against_direct_differentiation(steps: int) -> None:
    proof = prove_bptt(rnn_unrolled(2, 2, 1, steps))
    assert proof.verdict().status == Status.PROVED and proof.entries == 13


def test_bptt_with_sigmoid_hidden_units() -> None:
    assert (prove_bptt(rnn_unrolled(1, 2, 1, 3, activation="sigmoid"), activation="sigmoid").verdict().status
            == Status.PROVED)


@pytest.mark.parametrize("rule", ["untransposed", "no-sum-over-time"])
def test_wrong_bptt_is_not_proved(rule: str) -> None:
    verdict = prove_bptt(rnn_unrolled(2, 2, 1, 3), rule=rule).verdict()
    assert verdict.status == "refuted", verdict
    assert verdict.counterexample is not None and "at 60 digits" in verdict.detail


def test_wrong_hidden_derivative_is_not_proved() -> None:
    # the tanh network checked with the sigmoid's σ' = h(1 − h): the direct side has symengine's own tanh'
    assert prove_bptt(rnn_unrolled(1, 2, 1, 2), activation="sigmoid").verdict().status != Status.PROVED


def test_shared_weight_gradient_is_sum_over_copies() -> None:
    assert prove_shared_sum(2, 2, 1, 5).verdict().status == Status.PROVED
    assert prove_shared_sum(2, 2, 1, 3, sum_over_time=False).verdict().status == "refuted"


@pytest.mark.parametrize("hidden,steps", [(1, 3), (2, 2)])
def test_lstm_gradient_proved(hidden: int, steps: int) -> None:
    proof = prove_bptt(lstm_unrolled(1, hidden, 1, steps), kind="lstm")
    assert proof.verdict().status == Status.PROVED
    assert proof.entries == 4 * (hidden + hidden * hidden + hidden) + hidden + 1  # I = O = 1


@pytest.mark.parametrize("rule", ["carousel-one", "untransposed", "no-sum-over-time"])
def test_wrong_lstm_is_not_proved(rule: str) -> None:
    verdict = prove_bptt(lstm_unrolled(1, 2, 1, 2), kind="lstm", rule=rule).verdict()
    assert verdict.status == "refuted"
    assert verdict.counterexample is not None  # confirmed at 60 digits


def test_jacobian_product() -> None:
    assert prove_jacobian_product(2, 3).verdict().status == Status.PROVED
    assert prove_jacobian_product(2, 3, transpose=True).verdict().status == "refuted"


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="rnn or lstm"):
        prove_bptt(rnn_unrolled(1, 1, 1, 1), kind="gru")


def test_joining_adjacent_sums() -> None:
    a, b = sp.symbols("a b", real=True)
    k, t = sp.symbols("k t", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    f = a ** (k + 1 - t) * b * x[t]
    assert sums_over_adjacent_ranges(sp.Sum(f, (t, 1, k)) + sp.Sum(f, (t, k + 1, k + 1)),
                                      sp.Sum(f, (t, 1, k + 1))).status == Status.PROVED
    # a gap in the ranges, or one term too many, is not a joining
    assert sums_over_adjacent_ranges(sp.Sum(f, (t, 1, k)) + sp.Sum(f, (t, k + 2, k + 2)),
                                      sp.Sum(f, (t, 1, k + 1))).status != Status.PROVED
    assert sums_over_adjacent_ranges(sp.Sum(f, (t, 1, k)) + sp.Sum(f, (t, k + 1, k + 1)),
                                      sp.Sum(f, (t, 1, k + 2))).status != Status.PROVED


@pytest.mark.parametrize("kind", ["rnn", "lstm"])
def test_bptt_formula_in_plain_expressions_matches_symbolic_gradient(kind: str) -> None:
    # without the proof's atoms the formulas are ordinary expressions the numeric side can evaluate
    net = rnn_unrolled(2, 2, 1, 3) if kind == "rnn" else lstm_unrolled(1, 2, 1, 2)
    formula = bptt_gradient(net) if kind == "rnn" else lstm_gradient(net)
    direct = symbolic_gradient(net)
    symbols = [s for rows in net.params.values() for row in rows for s in row]
    values, X, Y = _random_point(net, np.random.default_rng(11))
    left = evaluate(net, [formula[s] for s in symbols], values, X, Y)
    right = evaluate(net, [g for rows in direct.values() for row in rows for g in row], values, X, Y)
    np.testing.assert_allclose(left, right, rtol=1e-12, atol=1e-14)
