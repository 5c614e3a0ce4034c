"""Random and adversarial input: never a traceback, never a hang, never `proved` for a false claim."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlmath.symbolic.notation import NotationError, read_claim, read_expression
from dlmath.symbolic.verify import check_with_timeout

FRAGMENTS = [
    "x", "y", "n", "i", "2", "0.5", "e", "+", "-", "*", "/", "^", "_", "{", "}", "(", ")", "[", "]", "|", "'",
    "!", ",", ".", "=", "<", ">", "&", r"\\", r"\frac", r"\sigma", r"\sum", r"\prod", r"\partial", r"\ln",
    r"\tanh", r"\left(", r"\right)", r"\cdot", r"\odot", r"\delta", r"\le", r"\ge", r"\sqrt", r"\max",
    r"\operatorname{ReLU}", r"\begin{pmatrix}", r"\end{pmatrix}", r"\mathbb{R}", r"\in", r"\alpha", " ",
    r"\frac{d}{dx}", r"\sum_{i=1}^{n}", "x_i", "w^{l}_{jk}", r"\foo", "%", "$", "~", "#", "\n",
]

latex_soup = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join)
anything = st.one_of(latex_soup, st.text(max_size=40))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_reader_returns_or_raises_notation_error(text: str) -> None:
    try:
        read_expression(text)
    except NotationError as error:
        assert str(error)  # a message for the student, never empty


@settings(max_examples=200, deadline=None)
@given(anything, st.lists(anything, max_size=2))
def test_claim_reader_returns_or_raises_notation_error(text: str, where: list[str]) -> None:
    try:
        read_claim(text, where)
    except NotationError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(latex_soup)
def test_verifier_never_crashes_or_overruns(text: str) -> None:
    start = time.perf_counter()
    verdict = check_with_timeout(text, timeout=3).verdict
    assert verdict.status in ("proved", "refuted", "undecided", "error")
    assert verdict.method != "crash", verdict.detail
    assert time.perf_counter() - start < 3 + 3


# Random well-formed expressions, to build claims that are false by construction.
atoms = st.sampled_from(["x", "y", "2", r"\frac{1}{3}", "x_1", r"\sigma(x)", r"\tanh(y)", "e^{x}"])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, children).map(lambda t: f"({t[0]} + {t[1]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]})({t[1]})"),
        children.map(lambda a: rf"\sigma({a})"),
        children.map(lambda a: rf"\ln(1 + ({a})^2)"),
        children.map(lambda a: rf"\frac{{d}}{{dx}}\left({a}\right)"),
    )


expressions = st.recursive(atoms, _combine, max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, st.sampled_from(["1", r"\frac{1}{1000}", "-2"]),
       st.sampled_from(["{e} = {e} + {c}", "{e} + {c2} \\le {e}", "{e} < {e}"]))
def test_claims_built_to_be_false_are_never_proved(expression: str, constant: str, shape: str) -> None:
    claim = shape.format(e=expression, c=constant, c2="1")
    verdict = check_with_timeout(claim, timeout=5).verdict
    assert verdict.status != "proved", claim


ADVERSARIAL = [
    "", " ", "=", r"\frac", r"x = \frac{1}{0}", "9^{9^{9^{9}}} = 1", r"\sum_{i=1}^{10^{9}} i = 0",
    "x" * 2000 + " = 1", "(" * 300 + "x" + ")" * 300 + " = x", r"\begin{pmatrix} 1 & 2 \end{pmatrix} = 1",
    "\u0007 = 1", r"\sigma(\sigma(\sigma(\sigma(\sigma(\sigma(x)))))) = 0",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_dlmath_verify_command_never_prints_a_traceback(text: str) -> None:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "dlmath.derivations.cli", "verify", text, "--timeout", "4"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode in (0, 1, 2, 3), run.stderr
    assert "Traceback" not in run.stderr
    if run.returncode == 3:
        assert len(run.stderr.strip().splitlines()) == 1
    assert time.perf_counter() - start < 4 + 20
