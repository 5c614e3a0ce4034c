"""Central differences on functions with known gradients, and compare() catching what it must catch."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlmath.numeric.backprop.mlp import gradient, loss
from dlmath.numeric.compiled.mlp import MlpGradients, compile_network, mlp_problem
from dlmath.numeric.gradcheck import EntryCheck, check_gradients, compare, numerical_gradient, select_entries
from dlmath.numeric.params import init_params
from dlmath.symbolic.models.networks import Network

LINE = re.compile(
    r"^∂C/∂(?P<name>\w+)\[(?P<index>\d+(?:,\d+)*)\]: "
    r"compiled (?P<compiled>\S+), hand-written (?P<hand>\S+), numerical (?P<numerical>\S+)$"
)


def _known(params: dict[str, np.ndarray]) -> float:
    """Σ sin W + Σ b², whose gradient is cos W and 2b."""
    return float(np.sin(params["W"]).sum() + (params["b"] ** 2).sum())


def test_numerical_gradient_of_a_known_function() -> None:
    rng = np.random.default_rng(0)
    params = {"W": rng.normal(size=(3, 2)), "b": rng.normal(size=4)}
    before = {name: value.copy() for name, value in params.items()}
    estimate = numerical_gradient(_known, params)
    np.testing.assert_allclose(estimate["W"], np.cos(params["W"]), atol=1e-8)
    np.testing.assert_allclose(estimate["b"], 2 * params["b"], atol=1e-8)
    assert all(np.array_equal(params[name], before[name]) for name in params)


def test_numerical_gradient_on_selected_entries_leaves_the_rest_nan() -> None:
    params = {"W": np.arange(6.0).reshape(2, 3), "b": np.ones(4)}
    estimate = numerical_gradient(_known, params, entries={"W": np.array([1, 5]), "b": np.array([], dtype=int)})
    assert np.isnan(estimate["b"]).all()
    flat = estimate["W"].reshape(-1)
    np.testing.assert_allclose(flat[[1, 5]], np.cos([1.0, 5.0]), atol=1e-8)
    assert np.isnan(flat[[0, 2, 3, 4]]).all()


def test_select_entries() -> None:
    params = {"W": np.zeros((30, 20)), "b": np.zeros(5)}
    chosen = select_entries(params, 10, np.random.default_rng(1))
    np.testing.assert_array_equal(chosen["b"], np.arange(5))
    w = chosen["W"]
    assert len(w) == 10 and len(set(w.tolist())) == 10 and (np.diff(w) > 0).all() and w.max() < 600
    again = select_entries(params, 10, np.random.default_rng(1))
    np.testing.assert_array_equal(again["W"], w)
    with pytest.raises(ValueError):
        select_entries(params, 0, np.random.default_rng(1))


def _three_ways(seed: int = 0) -> tuple[Network, dict[str, dict[str, np.ndarray]]]:
    """A 3-4-2 network's gradient three ways; 'compiled' is a copy of the hand-written one here."""
    network = Network((3, 4, 2), "tanh", "quadratic")
    rng = np.random.default_rng(seed)
    params = init_params(network, rng)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    hand = gradient(network, params, X, Y)
    numerical = numerical_gradient(lambda p: loss(network, p, X, Y), params)
    compiled = {name: value.copy() for name, value in hand.items()}
    return network, {"compiled": compiled, "hand-written": hand, "numerical": numerical}


def test_agreeing_gradients_pass() -> None:
    _, gradients = _three_ways()
    check = compare(gradients)
    assert check.passed, check.report()
    assert [c.parameter for c in check.checks] == ["W1", "b1", "W2", "b2"]
    assert all(c.checked == c_size for c, c_size in zip(check.checks, [12, 4, 8, 2]))
    assert all(c.max_abs_error < 1e-7 for c in check.checks)
    lines = check.report().splitlines()
    assert "FAILED" not in check.report() and len(lines) == 1 + 4 + 1
    assert LINE.match(lines[-1]), lines[-1]


@pytest.mark.parametrize("method", ["compiled", "hand-written", "numerical"])
def test_one_entry_off_by_1e_3_fails_and_is_named(method: str) -> None:
    _, gradients = _three_ways()
    true_value = gradients["hand-written"]["W2"][1, 0]
    assert 1e-3 > 1e-5 + 1e-3 * abs(true_value)  # the perturbation is outside the default tolerance
    gradients[method]["W2"][1, 0] += 1e-3
    check = compare(gradients)
    assert not check.passed
    assert [c.passed for c in check.checks] == [True, True, False, True]
    worst = check.worst
    assert worst is not None and worst.parameter == "W2" and worst.index == (1, 0)
    lines = check.report().splitlines()
    assert lines[0].startswith("gradient check FAILED")
    assert lines[3].startswith("W2: FAILED")
    match = LINE.match(lines[-1])
    assert match and match["name"] == "W2" and match["index"] == "1,0", lines[-1]
    key = {"compiled": "compiled", "hand-written": "hand", "numerical": "numerical"}[method]
    assert float(match[key]) == pytest.approx(true_value + 1e-3, rel=1e-4)


def test_entries_not_selected_in_the_reference_are_skipped() -> None:
    network, gradients = _three_ways()
    rng = np.random.default_rng(3)
    entries = select_entries(gradients["hand-written"], 3, rng)
    partial = {name: np.where(np.isnan(value), value, value) for name, value in gradients["numerical"].items()}
    for name, value in partial.items():
        keep = np.zeros(value.size, dtype=bool)
        keep[entries[name]] = True
        value.reshape(-1)[~keep] = np.nan
    gradients["numerical"] = partial
    check = compare(gradients)
    assert check.passed, check.report()
    assert [c.checked for c in check.checks] == [3, 3, 3, 2]
    # A bad entry among the selected ones is still caught.
    name, flat = "W1", int(entries["W1"][0])
    gradients["compiled"][name].reshape(-1)[flat] += 1e-2
    check = compare(gradients)
    assert not check.passed and check.worst is not None
    assert check.worst.index == tuple(int(i) for i in np.unravel_index(flat, (4, 3)))


@pytest.mark.parametrize(("change", "message"), [
    ("missing", "compiled has no gradient for b2"),
    ("shape", "compiled gives W2 the shape (1, 8), numerical gives (2, 4)"),
    ("nan", None),
    ("extra", "hand-written and numerical have no gradient for W3"),
])
def test_broken_gradients_fail_with_a_clear_message(change: str, message: str | None) -> None:
    _, gradients = _three_ways()
    compiled = gradients["compiled"]
    if change == "missing":
        del compiled["b2"]
    elif change == "shape":
        compiled["W2"] = compiled["W2"].reshape(1, 8)
    elif change == "nan":
        compiled["b1"][2] = np.nan
    else:
        compiled["W3"] = np.zeros((1, 2))
    check = compare(gradients)
    assert not check.passed
    failed = [c for c in check.checks if not c.passed]
    assert len(failed) == 1
    if message is not None:
        assert failed[0].problem == message and message in check.report()
    else:
        assert check.worst is not None and (check.worst.parameter, check.worst.index) == ("b1", (2,))
        assert "compiled nan" in check.report().splitlines()[-1]


def test_tolerances_are_torch_style() -> None:
    ref = {"w": np.array([0.0, 1000.0])}
    close = {"w": np.array([0.9e-5, 1000.9])}  # within atol at 0, within rtol·1000 at 1000
    assert compare({"numerical": ref, "compiled": close}).passed
    assert not compare({"numerical": ref, "compiled": {"w": np.array([2e-5, 1000.0])}}).passed
    assert not compare({"numerical": ref, "compiled": {"w": np.array([0.0, 1001.1])}}).passed
    assert compare({"numerical": ref, "compiled": {"w": ref["w"].copy()}}, atol=0.0, rtol=0.0).passed


def test_compare_needs_the_reference_and_two_methods() -> None:
    with pytest.raises(ValueError, match="reference"):
        compare({"compiled": {"w": np.zeros(1)}, "hand-written": {"w": np.zeros(1)}})
    with pytest.raises(ValueError, match="two"):
        compare({"numerical": {"w": np.zeros(1)}})


def test_entry_line_format() -> None:
    entry = EntryCheck("W2", (1, 0), (("compiled", -0.01234), ("hand-written", -0.01234), ("numerical", -0.01234)))
    assert entry.line() == "∂C/∂W2[1,0]: compiled -0.01234, hand-written -0.01234, numerical -0.01234"
    # Values that differ only past the fifth digit get enough digits to show the difference.
    near = EntryCheck("b1", (3,), (("compiled", 1.0), ("numerical", 1.000001)))
    assert near.line() == "∂C/∂b1[3]: compiled 1, numerical 1.000001"


def test_check_gradients_runs_the_three_way_check_of_a_model() -> None:
    network = Network((3, 4, 2), "tanh", "cross-entropy")
    problem = mlp_problem(network, 5, np.random.default_rng(3), max_entries=4)
    check = check_gradients(MlpGradients(compile_network(network)), problem)
    assert check.passed, check.report()
    assert check.methods == ("compiled", "hand-written", "numerical") and check.reference == "numerical"
    assert [c.parameter for c in check.checks] == ["W1", "b1", "W2", "b2"]
    assert [c.checked for c in check.checks] == [4, 4, 4, 2]  # at most 4 entries per parameter were differenced
    assert (check.atol, check.rtol, check.eps) == (1e-5, 1e-3, 1e-6)
