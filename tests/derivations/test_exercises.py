"""Exercises: every topic poses reproducibly, its own solution and answer are graded correct, its expected
answer equals direct differentiation of the model (an oracle independent of the catalog's formulas), and
wrong, undecided and unreadable answers get the grade they deserve."""

from __future__ import annotations

import pytest
import sympy as sp

import dlmath
from dlmath.derivations.tutor.exercises import TOPICS, grade, hint, pose, solution
from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.errors import ParameterError, UnknownNameError

REQUIRED = {"neuron", "delta", "weight-gradient", "softmax-cross-entropy", "bptt", "convolution"}


def test_the_topics_cover_the_issue_and_an_unknown_one_lists_them() -> None:
    assert REQUIRED <= set(TOPICS)
    assert all(t.description for t in TOPICS.values())
    with pytest.raises(UnknownNameError, match="choose one of neuron, delta"):
        pose("backprop-of-everything")
    with pytest.raises(ParameterError, match="seed"):
        pose("neuron", -1)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_same_seed_poses_the_same_exercise_and_seeds_differ(topic: str) -> None:
    assert pose(topic, 3) == pose(topic, 3)
    assert len({pose(topic, s).statement for s in range(4)}) >= 2


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_the_solution_and_the_answer_are_graded_correct_and_a_sign_slip_wrong(topic: str) -> None:
    exercise = pose(topic, 1)
    assert exercise.hints and exercise.solution[0].startswith(exercise.asked + " = ")
    assert grade(exercise, "\n".join(solution(exercise))).status == "correct"
    answer = grade(exercise, exercise.answer)
    assert answer.status == "correct" and answer.exit_code == 0 and answer.report.outcome == "follows"
    slip = grade(exercise, f"-\\left({exercise.answer}\\right)")
    assert slip.status == "wrong" and slip.exit_code == 1
    assert slip.report.repair is not None and slip.report.repair.name == "sign", slip


def _unrolled_rnn_gradient(exercise: dlmath.Exercise) -> sp.Expr:
    """∂C/∂θ of the scalar tanh RNN by sympy.diff of the unrolled cost, then h_t named back."""
    w, u, b, y = sp.symbols("w u b y", real=True)
    steps = len(exercise.where) - 1
    xs, hs = sp.IndexedBase("x", real=True), sp.IndexedBase("h", real=True)
    states, h = [], sp.Integer(0)
    for t in range(1, steps + 1):
        h = sp.tanh(w * xs[t] + u * h + b)
        states.append(h)
    parameter = {"w": w, "u": u, "b": b}[exercise.asked[-2]]
    direct = sp.diff((states[-1] - y) ** 2 / 2, parameter)
    return direct.xreplace({s: hs[t] for t, s in reversed(list(enumerate(states, start=1)))})


@pytest.mark.parametrize("seed", range(4))
def test_the_bptt_answer_is_the_derivative_of_the_unrolled_cost(seed: int) -> None:
    exercise = pose("bptt", seed)
    assert sp.expand(_unrolled_rnn_gradient(exercise) - exercise.expected) == 0


def test_the_network_answers_are_the_derivatives_of_the_expanded_network() -> None:
    """δ and ∂C/∂w of the two-layer exercises against sympy.diff of the whole network, at a numeric point."""
    for seed in range(3):
        exercise = pose("weight-gradient", seed)
        assert _direct_weight_gradient(exercise) is True, exercise.statement


def _direct_weight_gradient(exercise: dlmath.Exercise) -> bool:
    words = exercise.statement
    sizes = tuple(int(n) for n in words.split("the ")[1].split(" network")[0].split("-"))
    activation = sp.tanh if "tanh units" in words else sigmoid
    cost_name = "cross-entropy" if "cross-entropy cost" in words else "quadratic"
    rng = __import__("numpy").random.default_rng(7)
    W = {n: sp.Matrix(sizes[n], sizes[n - 1], lambda j, k, n=n: sp.Symbol(f"w{n}_{j + 1}{k + 1}")) for n in (1, 2)}
    bias = {n: sp.Matrix(sizes[n], 1, lambda j, k, n=n: sp.Symbol(f"b{n}_{j + 1}")) for n in (1, 2)}
    x = sp.Matrix(sizes[0], 1, lambda j, k: sp.Rational(int(rng.integers(-9, 10)), 7))
    y = sp.Matrix(sizes[2], 1, lambda j, k: sp.Rational(int(rng.integers(1, 9)), 10))
    a1 = (W[1] * x + bias[1]).applyfunc(activation)
    out = sigmoid if cost_name == "cross-entropy" else activation
    a2 = (W[2] * a1 + bias[2]).applyfunc(out)
    entropy = cost_name == "cross-entropy"
    cost = sum((-(yj * sp.log(aj) + (1 - yj) * sp.log(1 - aj)) if entropy else (aj - yj) ** 2 / 2)
               for aj, yj in zip(a2, y))
    layer, j, k = int(exercise.asked.split("(")[1][0]), int(exercise.asked[-4]), int(exercise.asked[-3])
    direct = sp.diff(cost, sp.Symbol(f"w{layer}_{j}{k}"))
    point = {s: sp.Rational(int(rng.integers(-9, 10)), 10) for s in direct.free_symbols}
    a1_, a2_ = sp.IndexedBase("a^{(1)}", real=True), sp.IndexedBase("a^{(2)}", real=True)
    names = {**{a1_[i + 1]: a1[i] for i in range(sizes[1])}, **{a2_[i + 1]: a2[i] for i in range(sizes[2])},
             **{sp.IndexedBase("y", real=True)[i + 1]: y[i] for i in range(sizes[2])},
             **{sp.IndexedBase("x", real=True)[i + 1]: x[i] for i in range(sizes[0])},
             **{sp.IndexedBase("w^{(2)}", real=True)[r + 1, c + 1]: W[2][r, c] for r in range(sizes[2])
                for c in range(sizes[1])}}
    formula = exercise.expected.xreplace(names)
    gap = (direct - formula).xreplace(point)
    return abs(float(gap.evalf(30))) < 1e-20


def test_a_missing_sigma_prime_is_diagnosed_and_hints_come_in_order() -> None:
    exercise = next(e for e in (pose("neuron", s) for s in range(40))
                    if "sigmoid" in e.statement and "(a - y)^2/2" in e.statement and e.asked.endswith("w}"))
    slip = exercise.grade("(a-y)x")
    assert slip.status == "wrong" and slip.report.repair.name == "sigmoid derivative", slip
    assert "σ′" in slip.message
    assert hint(exercise, 1) == exercise.hints[0] and exercise.hint(2) == exercise.hints[1]
    with pytest.raises(ParameterError, match="hints 1 to"):
        hint(exercise, len(exercise.hints) + 1)


def test_a_derivation_is_graded_line_by_line() -> None:
    exercise = pose("softmax-cross-entropy", 0)   # 4 classes, label 3, ∂C/∂z_3 = p_3 − 1
    asked, p3 = exercise.asked, exercise.where[3].split(" = ", 1)[1]
    assert exercise.answer == "p_{3} - 1" and exercise.where[3].startswith("p_{3} = ")
    good = f"{asked} = -1 + {p3}\n\n= p_3 - 1"
    assert grade(exercise, good).status == "correct"
    bad = f"{asked} = -1 + {p3}\n= 1 - p_3"
    wrong = grade(exercise, bad)
    assert wrong.status == "wrong" and wrong.report.first_wrong == 2
    assert "line 2 does not follow" in wrong.message.lower()
    unfinished = grade(exercise, f"{asked} = \\frac{{\\partial C}}{{\\partial z_3}}")
    assert unfinished.status == "undecided" and "derivative" in unfinished.message


@pytest.mark.parametrize(("answer", "says"), [
    ("", "no answer"), ("\\foo{x}", "unreadable"), ("C = p_3", "the first line must be"),
    ("x" * 5000, "at most"), ("\\frac{\\partial C}{\\partial z_3} \\le p_3", "equality"),
])
def test_unreadable_answers_say_why(answer: str, says: str) -> None:
    result = grade(pose("softmax-cross-entropy", 0), answer)
    assert result.status == "unreadable" and result.exit_code == 3 and says in result.message, result


def test_an_ambiguous_answer_is_undecided_not_wrong() -> None:
    exercise = next(e for e in (pose("bptt", s) for s in range(20))
                    if e.asked.endswith("u}") and "u \\cdot" in e.answer)
    ambiguous = exercise.answer.replace("u \\cdot", "u")
    result = exercise.grade(ambiguous)
    assert result.status == "undecided" and "readings" in result.message, result


def test_the_public_api_poses_and_displays() -> None:
    exercise = dlmath.exercise("convolution", seed=2)
    assert isinstance(exercise, dlmath.Exercise) and exercise == pose("convolution", 2)
    assert exercise._repr_latex_() == exercise.statement_latex
    assert "<b>Exercise convolution</b>" in exercise._repr_html_()
    assert "&lt;" not in exercise._repr_html_() or "<" not in exercise.statement_latex
    assert isinstance(exercise.grade(exercise.answer), dlmath.Grade)
