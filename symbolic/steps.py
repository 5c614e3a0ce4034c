"""Differentiation that records its work: a table of rules, each producing a checked Step.

`differentiate(expr, x)` returns (derivative, steps). Every Step states one
equality `before = after` (before is an unevaluated derivative or an
algebraic form), names the rule, says why in a sentence a student reads, and
carries the verifier's Verdict on that equality. A head without a rule falls
back visibly to SymPy ("computed by SymPy, no steps"), never silently, and the
final result is compared with `sympy.diff`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sympy as sp

from .activations import relu, sigmoid, softplus, step
from .notation.claim import Claim
from .notation.writer import to_latex
from .verify.engine import verify
from .verify.verdict import PROVED, Verdict


@dataclass(frozen=True)
class Step:
    """One step of a derivation: before REL after, why, and its own check."""

    rule: str
    justification: str
    before: sp.Basic
    after: sp.Basic
    relation: str = "="
    substeps: tuple[Step, ...] = ()
    verdict: Verdict | None = None
    conditions: tuple[sp.Basic, ...] = field(default=())

    @property
    def proved(self) -> bool:
        return self.verdict is not None and self.verdict.status == PROVED and all(s.proved for s in self.substeps)

    def latex(self) -> str:
        sign = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}[self.relation]
        return f"{to_latex(self.before)} {sign} {to_latex(self.after)}"


def check(before: sp.Basic, after: sp.Basic, relation: str = "=", conditions: tuple[sp.Basic, ...] = ()) -> Verdict:
    """The verifier's verdict on `before REL after` (the same verifier `dlmath verify` uses).

    In a derivation every symbol is an independent variable, so ∂b/∂x of a bare
    symbol b is 0 here (the verifier alone would ask for b's definition).
    """
    before, after = sp.sympify(before), sp.sympify(after)
    independent = {d: sp.Integer(0) for e in (before, after) if isinstance(e, sp.Basic)
                   for d in e.atoms(sp.Derivative)
                   if isinstance(d.expr, (sp.Symbol, sp.Indexed)) and d.expr not in d.variables}
    return verify(Claim(before.xreplace(independent), relation, after.xreplace(independent), conditions=conditions))


def checked(rule: str, justification: str, before: sp.Basic, after: sp.Basic, relation: str = "=",
            substeps: tuple[Step, ...] = (), conditions: tuple[sp.Basic, ...] = ()) -> Step:
    """A Step whose equality (or inequality) has been put to the verifier."""
    before, after = sp.sympify(before), sp.sympify(after)
    return Step(rule, justification, before, after, relation, substeps, check(before, after, relation, conditions),
                conditions)


# ---------------------------------------------------------------- the rules
Rule = Callable[[sp.Expr, sp.Symbol], tuple[sp.Expr, str, str]]
RULES: dict[type, Rule] = {}


def rule(*heads: type) -> Callable[[Rule], Rule]:
    """Register the derivative rule for outer functions `heads` (of one argument u)."""
    def register(function: Rule) -> Rule:
        for head in heads:
            RULES[head] = function
        return function
    return register


@rule(sigmoid)
def _sigmoid(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """σ'(u) = σ(u)(1 − σ(u))."""
    return sigmoid(u) * (1 - sigmoid(u)), "derivative of the sigmoid", r"\sigma'(u) = \sigma(u)(1-\sigma(u))"


@rule(sp.tanh)
def _tanh(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """tanh'(u) = 1 − tanh²(u)."""
    return 1 - sp.tanh(u) ** 2, "derivative of tanh", r"\tanh'(u) = 1 - \tanh^2(u)"


@rule(sp.exp)
def _exp(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """(e^u)' = e^u."""
    return sp.exp(u), "derivative of the exponential", r"(e^{u})' = e^{u}"


@rule(sp.log)
def _log(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """(ln u)' = 1/u."""
    return 1 / u, "derivative of the logarithm", r"(\ln u)' = \frac{1}{u}"


@rule(relu)
def _relu(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """ReLU'(u) = step(u), undefined at u = 0."""
    return step(u), "derivative of ReLU", r"\operatorname{ReLU}'(u) = \operatorname{step}(u)\ (u \ne 0)"


@rule(softplus)
def _softplus(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """softplus'(u) = σ(u)."""
    return sigmoid(u), "derivative of softplus", r"\operatorname{softplus}'(u) = \sigma(u)"


@rule(step)
def _step(u: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, str, str]:
    """step'(u) = 0 for u ≠ 0."""
    return sp.Integer(0), "derivative of the unit step", r"\operatorname{step}'(u) = 0\ (u \ne 0)"


# ---------------------------------------------------------------- the engine
def D(expr: sp.Expr, x: sp.Symbol) -> sp.Derivative:  # noqa: N802 - the operator's name
    return sp.Derivative(expr, x, evaluate=False)


def differentiate(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    """d expr / dx, and the Step (with substeps) that shows how."""
    result, step_ = _differentiate(expr, x)
    oracle = checked("oracle", "the rules' result against sympy.diff", result, sp.diff(expr, x))
    if not oracle.proved:  # shown as an unproved substep: nobody can miss it
        step_ = replace(step_, substeps=(*step_.substeps, oracle))
    return result, step_


def _differentiate(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    before = D(expr, x)
    if not expr.has(x):
        return sp.Integer(0), checked("constant", f"{_m(expr)} does not depend on {_m(x)}", before, sp.Integer(0))
    if expr == x:
        return sp.Integer(1), checked("identity", f"the derivative of {_m(x)} with respect to itself is 1",
                                      before, sp.Integer(1))
    if isinstance(expr, sp.Add):
        return _sum_rule(expr, x)
    if isinstance(expr, sp.Mul):
        return _product_rule(expr, x)
    if isinstance(expr, sp.Pow):
        return _power_rule(expr, x)
    if len(expr.args) == 1 and type(expr) in RULES:
        return _chain_rule(expr, x)
    result = sp.diff(expr, x)
    return result, checked("SymPy", "computed by SymPy, no steps (no rule for this head)", before, result)


def _m(expr: sp.Basic) -> str:
    return f"${to_latex(expr)}$"


def _sum_rule(expr: sp.Add, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    parts = [_differentiate(term, x) for term in expr.args]
    split = sp.Add(*[D(term, x) for term in expr.args], evaluate=False)
    result = sp.Add(*[p[0] for p in parts])
    return result, checked("sum rule", "the derivative of a sum is the sum of the derivatives",
                           D(expr, x), result, substeps=(checked("sum rule", "split the sum", D(expr, x), split),
                                                         *[p[1] for p in parts]))


def _product_rule(expr: sp.Mul, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    constant, variable = expr.as_independent(x, as_Add=False)
    if constant != 1:
        inner, inner_step = _differentiate(variable, x)
        result = constant * inner
        return result, checked("constant multiple", f"the constant factor {_m(constant)} comes out",
                               D(expr, x), result, substeps=(inner_step,))
    factors = expr.args
    if len(factors) > 2:
        first, rest = factors[0], sp.Mul(*factors[1:])
    else:
        first, rest = factors
    if isinstance(rest, sp.Pow) and rest.exp.is_negative and not first.is_Pow:
        return _quotient_rule(first, 1 / rest, x, expr)
    d_first, s_first = _differentiate(first, x)
    d_rest, s_rest = _differentiate(rest, x)
    result = d_first * rest + first * d_rest
    return result, checked("product rule", f"(uv)' = u'v + uv' with u = {_m(first)}, v = {_m(rest)}",
                           D(expr, x), result, substeps=(s_first, s_rest))


def _quotient_rule(top: sp.Expr, bottom: sp.Expr, x: sp.Symbol, expr: sp.Expr) -> tuple[sp.Expr, Step]:
    d_top, s_top = _differentiate(top, x)
    d_bottom, s_bottom = _differentiate(bottom, x)
    result = (d_top * bottom - top * d_bottom) / bottom**2
    return result, checked("quotient rule", f"(u/v)' = (u'v − uv')/v² with u = {_m(top)}, v = {_m(bottom)}",
                           D(expr, x), result, substeps=(s_top, s_bottom))


def _power_rule(expr: sp.Pow, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    base, exponent = expr.args
    if exponent.has(x):
        as_exp = sp.exp(exponent * sp.log(base))
        result, inner = _differentiate(as_exp, x)
        rewrite = checked("rewrite", "write the power as an exponential", expr, as_exp,
                          conditions=(sp.StrictGreaterThan(base, 0),))
        return result, checked("chain rule", "differentiate b^u as e^{u ln b}", D(expr, x), result,
                               substeps=(rewrite, inner))
    if exponent == -1 and not base.is_Symbol:
        return _quotient_rule(sp.Integer(1), base, x, expr)
    d_base, s_base = _differentiate(base, x)
    result = exponent * base ** (exponent - 1) * d_base
    why = f"(u^{{n}})' = n u^{{n-1}} u' with u = {_m(base)}, n = {_m(exponent)}"
    return result, checked("power rule", why, D(expr, x), result, substeps=(s_base,))


def _chain_rule(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    (inner,) = expr.args
    outer, name, identity = RULES[type(expr)](inner, x)
    identity_step = checked(name, f"${identity}$", D(expr, inner) if inner.is_Symbol else
                            sp.Subs(sp.Derivative(type(expr)(_U), _U), _U, inner), outer)
    if inner == x:
        return outer, replace(identity_step, before=D(expr, x))
    d_inner, s_inner = _differentiate(inner, x)
    result = outer * d_inner
    return result, checked("chain rule", f"chain rule with u = {_m(inner)}", D(expr, x), result,
                           substeps=(identity_step, s_inner))


_U = sp.Dummy("u", real=True)
