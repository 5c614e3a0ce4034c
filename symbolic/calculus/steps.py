"""Differentiation that records its work: a table of rules, each producing a checked Step.

`differentiate(expr, x)` returns (derivative, steps). Every Step states one
equality `before = after` (before is an unevaluated derivative or an
algebraic form), names the rule, says why in a sentence a student reads, and
carries the verifier's Verdict on that equality. The rules are one table,
DERIVATIVE_RULES, from a SymPy head (Add, Mul, Pow, sigmoid, tanh, …) to a
Rule record that names the identity it applies. A head without a rule falls
back visibly to SymPy (the Step's rule is "SymPy": "computed by SymPy, no
steps"), never silently; such steps are counted (`Step.by_fallback`), and the
final result is compared with `sympy.diff`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import sympy as sp

from dlmath.symbolic.calculus.activations import (
    gelu,
    gelu_tanh,
    gelu_tanh_inner,
    gelu_tanh_inner_slope,
    normal_cdf,
    normal_pdf,
    relu,
    sigmoid,
    silu,
    softplus,
    step,
)
from dlmath.symbolic.notation.claim import Claim
from dlmath.symbolic.notation.writer import to_latex
from dlmath.symbolic.verify.engine import verify
from dlmath.symbolic.verify.verdict import Status, Verdict

FALLBACK = "SymPy"  # the rule name of a step computed by sympy.diff because no rule is registered for its head


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
    # How a textbook writes this step, when the checked sides run to pages (the implicit layer's gradient, a
    # 2x2 matrix recurrence written out): the pair (before, after) a reader sees. The verdict is always on
    # `before` and `after`; a step with `shown` says in its justification that the check writes them out.
    shown: tuple[sp.Basic, sp.Basic] | None = None

    @property
    def shown_sides(self) -> tuple[sp.Basic, sp.Basic]:
        return self.shown if self.shown is not None else (self.before, self.after)

    @property
    def proved(self) -> bool:
        return (self.verdict is not None and self.verdict.status == Status.PROVED
                and all(s.proved for s in self.substeps))

    @property
    def by_fallback(self) -> bool:
        """This step (not its substeps) was computed by SymPy's fallback, not by a rule of the table."""
        return self.rule == FALLBACK

    def latex(self) -> str:
        """The step as a reader sees it (its shown form, if it has one)."""
        sign = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}[self.relation]
        before, after = self.shown_sides
        return f"{to_latex(before)} {sign} {to_latex(after)}"


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


# ---------------------------------------------------------------- the rule table
@dataclass(frozen=True)
class Derived:
    """What a rule returns: the derivative it found, and the checked Step that shows how."""

    derivative: sp.Expr
    step: Step


Apply = Callable[[sp.Expr, sp.Symbol], Derived]
OuterDerivative = Callable[[sp.Expr], sp.Expr]  # f'(u) for a function f of one argument u


@dataclass(frozen=True)
class Rule:
    """One entry of the rule table: its name, the identity it applies (one line of LaTeX), and the function."""

    name: str
    identity: str
    apply: Apply


DERIVATIVE_RULES: dict[type, Rule] = {}  # SymPy head (Add, Mul, Pow, sigmoid, tanh, …) -> its derivative rule


def rule(head: type, name: str, identity: str) -> Callable[[Apply], Apply]:
    """Register `apply(expr, x) -> Derived` as the derivative rule for expressions whose head is `head`."""
    def register(apply: Apply) -> Apply:
        if head in DERIVATIVE_RULES:
            raise ValueError(f"two derivative rules for {head.__name__}")
        DERIVATIVE_RULES[head] = Rule(name, identity, apply)
        return apply
    return register


def outer_rule(head: type, name: str, identity: str) -> Callable[[OuterDerivative], OuterDerivative]:
    """Register f'(u) for a function f of one argument u; the table applies it through the chain rule."""
    def register(derivative: OuterDerivative) -> OuterDerivative:
        rule(head, name, identity)(lambda expr, x: _chain_rule(expr, x, derivative, name, identity))
        return derivative
    return register


def rule_for(expr: sp.Expr) -> Rule:
    """The rule registered for the head of `expr` (or for a head it specialises: MatAdd is an Add), else SymPy's."""
    for head in type(expr).__mro__:
        if head in DERIVATIVE_RULES:
            return DERIVATIVE_RULES[head]
    return SYMPY_FALLBACK


def _sympy_fallback(expr: sp.Expr, x: sp.Symbol) -> Derived:
    result = sp.diff(expr, x)
    return Derived(result, checked(SYMPY_FALLBACK.name, "computed by SymPy, no steps (no rule for this head)",
                                   D(expr, x), result))


# Not in the table: the outcome when no rule is registered, named so that every renderer and count can see it.
SYMPY_FALLBACK = Rule(FALLBACK, "f' = sympy.diff(f, x), no steps", _sympy_fallback)


@outer_rule(sigmoid, "derivative of the sigmoid", r"\sigma'(u) = \sigma(u)(1-\sigma(u))")
def _sigmoid(u: sp.Expr) -> sp.Expr:
    return sigmoid(u) * (1 - sigmoid(u))


@outer_rule(sp.tanh, "derivative of tanh", r"\tanh'(u) = 1 - \tanh^2(u)")
def _tanh(u: sp.Expr) -> sp.Expr:
    return 1 - sp.tanh(u) ** 2


@outer_rule(sp.exp, "derivative of the exponential", r"(e^{u})' = e^{u}")
def _exp(u: sp.Expr) -> sp.Expr:
    return sp.exp(u)


@outer_rule(sp.log, "derivative of the logarithm", r"(\ln u)' = \frac{1}{u}")
def _log(u: sp.Expr) -> sp.Expr:
    return 1 / u


@outer_rule(relu, "derivative of ReLU", r"\operatorname{ReLU}'(u) = \operatorname{step}(u)\ (u \ne 0)")
def _relu(u: sp.Expr) -> sp.Expr:
    return step(u)


@outer_rule(softplus, "derivative of softplus", r"\operatorname{softplus}'(u) = \sigma(u)")
def _softplus(u: sp.Expr) -> sp.Expr:
    return sigmoid(u)


@outer_rule(sp.erf, "derivative of erf", r"\operatorname{erf}'(u) = \frac{2}{\sqrt{\pi}} e^{-u^2}")
def _erf(u: sp.Expr) -> sp.Expr:
    return 2 / sp.sqrt(sp.pi) * sp.exp(-u**2)


@outer_rule(gelu, "derivative of GELU", r"\operatorname{GELU}'(u) = \Phi(u) + u \varphi(u)")
def _gelu(u: sp.Expr) -> sp.Expr:
    return normal_cdf(u) + u * normal_pdf(u)


@outer_rule(gelu_tanh, "derivative of GELU’s tanh approximation",
            r"\operatorname{GELU}_{\tanh}'(u) = \tfrac{1}{2}(1 + t) + \tfrac{1}{2} u (1 - t^2) s'(u),\ "
            r"t = \tanh s(u),\ s(u) = \sqrt{2/\pi}(u + 0.044715 u^3)")
def _gelu_tanh(u: sp.Expr) -> sp.Expr:
    t = sp.tanh(gelu_tanh_inner(u))
    return (1 + t) / 2 + u * (1 - t**2) * gelu_tanh_inner_slope(u) / 2


@outer_rule(silu, "derivative of SiLU", r"\operatorname{SiLU}'(u) = \sigma(u)(1 + u(1 - \sigma(u)))")
def _silu(u: sp.Expr) -> sp.Expr:
    return sigmoid(u) * (1 + u * (1 - sigmoid(u)))


@outer_rule(step, "derivative of the unit step", r"\operatorname{step}'(u) = 0\ (u \ne 0)")
def _step(u: sp.Expr) -> sp.Expr:
    return sp.Integer(0)


# ---------------------------------------------------------------- the engine
def D(expr: sp.Expr, x: sp.Symbol) -> sp.Derivative:  # noqa: N802 - the operator's name
    return sp.Derivative(expr, x, evaluate=False)


def differentiate(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, Step]:
    """d expr / dx, and the Step (with substeps) that shows how."""
    found = _differentiate(expr, x)
    result, step_ = found.derivative, found.step
    oracle = checked("oracle", "the rules' result against sympy.diff", result, sp.diff(expr, x))
    if not oracle.proved:  # shown as an unproved substep: nobody can miss it
        step_ = replace(step_, substeps=(*step_.substeps, oracle))
    return result, step_


def _differentiate(expr: sp.Expr, x: sp.Symbol) -> Derived:
    if not expr.has(x):
        return Derived(sp.Integer(0), checked("constant", f"{_m(expr)} does not depend on {_m(x)}", D(expr, x),
                                              sp.Integer(0)))
    if expr == x:
        return Derived(sp.Integer(1), checked("identity", f"the derivative of {_m(x)} with respect to itself is 1",
                                              D(expr, x), sp.Integer(1)))
    return rule_for(expr).apply(expr, x)


def _m(expr: sp.Basic) -> str:
    return f"${to_latex(expr)}$"


@rule(sp.Add, "sum rule", r"(u + v)' = u' + v'")
def _sum_rule(expr: sp.Expr, x: sp.Symbol) -> Derived:
    parts = [_differentiate(term, x) for term in expr.args]
    split = sp.Add(*[D(term, x) for term in expr.args], evaluate=False)
    result = sp.Add(*[p.derivative for p in parts])
    split_step = checked("sum rule", "split the sum", D(expr, x), split)
    return Derived(result, checked("sum rule", "the derivative of a sum is the sum of the derivatives",
                                   D(expr, x), result, substeps=(split_step, *[p.step for p in parts])))


@rule(sp.Mul, "product rule", r"(cu)' = c u',\ (uv)' = u'v + uv',\ (u/v)' = (u'v - uv')/v^2")
def _product_rule(expr: sp.Expr, x: sp.Symbol) -> Derived:
    constant, variable = expr.as_independent(x, as_Add=False)
    if constant != 1:
        inner = _differentiate(variable, x)
        result = constant * inner.derivative
        return Derived(result, checked("constant multiple", f"the constant factor {_m(constant)} comes out",
                                       D(expr, x), result, substeps=(inner.step,)))
    factors = expr.args
    if len(factors) > 2:
        first, rest = factors[0], sp.Mul(*factors[1:])
    else:
        first, rest = factors
    if isinstance(rest, sp.Pow) and rest.exp.is_negative and not first.is_Pow:
        return _quotient_rule(first, 1 / rest, x, expr)
    d_first, d_rest = _differentiate(first, x), _differentiate(rest, x)
    result = d_first.derivative * rest + first * d_rest.derivative
    why = f"$(uv)' = u'v + uv'$ with $u = {to_latex(first)}$, $v = {to_latex(rest)}$"
    return Derived(result, checked("product rule", why,
                                   D(expr, x), result, substeps=(d_first.step, d_rest.step)))


def _quotient_rule(top: sp.Expr, bottom: sp.Expr, x: sp.Symbol, expr: sp.Expr) -> Derived:
    d_top, d_bottom = _differentiate(top, x), _differentiate(bottom, x)
    result = (d_top.derivative * bottom - top * d_bottom.derivative) / bottom**2
    why = f"$(u/v)' = (u'v - uv')/v^2$ with $u = {to_latex(top)}$, $v = {to_latex(bottom)}$"
    return Derived(result, checked("quotient rule", why,
                                   D(expr, x), result, substeps=(d_top.step, d_bottom.step)))


@rule(sp.Pow, "power rule", r"(u^{n})' = n u^{n-1} u',\ (b^{u})' = (e^{u \ln b})'")
def _power_rule(expr: sp.Expr, x: sp.Symbol) -> Derived:
    base, exponent = expr.args
    if exponent.has(x):
        as_exp = sp.exp(exponent * sp.log(base))
        inner = _differentiate(as_exp, x)
        rewrite = checked("rewrite", "write the power as an exponential", expr, as_exp,
                          conditions=(sp.StrictGreaterThan(base, 0),))
        return Derived(inner.derivative, checked("chain rule", r"differentiate $b^u$ as $e^{u \ln b}$", D(expr, x),
                                                 inner.derivative, substeps=(rewrite, inner.step)))
    if exponent == -1 and not base.is_Symbol:
        return _quotient_rule(sp.Integer(1), base, x, expr)
    d_base = _differentiate(base, x)
    result = exponent * base ** (exponent - 1) * d_base.derivative
    why = f"$(u^{{n}})' = n u^{{n-1}} u'$ with $u = {to_latex(base)}$, $n = {to_latex(exponent)}$"
    return Derived(result, checked("power rule", why, D(expr, x), result, substeps=(d_base.step,)))


def _chain_rule(expr: sp.Expr, x: sp.Symbol, outer: OuterDerivative, name: str, identity: str) -> Derived:
    """f(u)' = f'(u) u', with f' from the table; a head of one argument given more goes to SymPy."""
    if len(expr.args) != 1:
        return _sympy_fallback(expr, x)
    (inner,) = expr.args
    outer_derivative = outer(inner)
    identity_step = checked(name, f"${identity}$", D(expr, inner) if inner.is_Symbol else
                            sp.Subs(sp.Derivative(type(expr)(_U), _U), _U, inner), outer_derivative)
    if inner == x:
        return Derived(outer_derivative, replace(identity_step, before=D(expr, x)))
    d_inner = _differentiate(inner, x)
    result = outer_derivative * d_inner.derivative
    return Derived(result, checked("chain rule", f"chain rule with $u = {to_latex(inner)}$", D(expr, x), result,
                                   substeps=(identity_step, d_inner.step)))


_U = sp.Dummy("u", real=True)
