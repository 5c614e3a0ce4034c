"""Activation functions as SymPy functions that know their derivatives.

Each prints like a textbook (sigma, ReLU, softplus, step) and rewrites to
elementary functions, so the verifier can reduce them to exp/log/Piecewise.
tanh is SymPy's own `sympy.tanh`, re-exported here for a single import point.
What a network layer knows about each activation (name, LaTeX, g') is in vocabulary.py.
"""

from __future__ import annotations

import sympy as sp
from sympy import Function, Heaviside, Piecewise, exp, log, tanh

__all__ = ["sigmoid", "relu", "softplus", "step", "tanh", "to_elementary"]


class sigmoid(Function):  # noqa: N801 - SymPy function classes are lower case
    """The logistic sigmoid sigma(x) = 1 / (1 + e^{-x})."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        # The textbook form sigma(1 - sigma): numerically stable, unlike
        # exp(-x)/(1+exp(-x))**2, which overflows below x = -709 in float64.
        return self * (1 - self)

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return sp.Rational(1, 2)
        if x is sp.oo:
            return sp.Integer(1)
        if x is sp.S.NegativeInfinity:
            return sp.Integer(0)
        return None

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return 1 / (1 + exp(-x))

    def _eval_rewrite_as_tanh(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return (1 + tanh(x / 2)) / 2

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return (1 / (1 + exp(-self.args[0]))).evalf(prec)

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return _with_power(r"\sigma\left(%s\right)" % printer._print(self.args[0]), exp)


class relu(Function):  # noqa: N801
    """The rectifier ReLU(x) = max(0, x); its derivative is the unit step, undefined at 0."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return step(self.args[0])

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        if x.is_number and x.is_real:
            return sp.Max(0, x)
        if x.is_nonnegative:
            return x
        if x.is_nonpositive:
            return sp.Integer(0)
        return None

    def _eval_rewrite_as_Piecewise(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return Piecewise((x, x > 0), (0, True))

    def _eval_rewrite_as_Max(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return sp.Max(0, x)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return sp.Max(0, self.args[0]).evalf(prec)

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return _with_power(r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0]), exp)


class softplus(Function):  # noqa: N801
    """softplus(x) = ln(1 + e^x), whose derivative is sigma(x)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigmoid(self.args[0])

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        if x.is_zero:
            return log(2)
        return None

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return log(1 + exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return log(1 + exp(self.args[0])).evalf(prec)

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return _with_power(r"\operatorname{softplus}\left(%s\right)" % printer._print(self.args[0]), exp)


class step(Function):  # noqa: N801
    """The unit step: 1 for x > 0, 0 for x < 0, undefined at 0 (where ReLU has no derivative)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        # Zero wherever it is defined (everywhere but x = 0).
        return sp.Integer(0)

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        if x.is_positive:
            return sp.Integer(1)
        if x.is_negative:
            return sp.Integer(0)
        return None

    def _eval_rewrite_as_Piecewise(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return Piecewise((1, x > 0), (0, x < 0), (sp.nan, True))

    def _eval_rewrite_as_Heaviside(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return Heaviside(x, sp.nan)

    def _eval_is_real(self) -> bool | None:
        return True if self.args[0].is_nonzero else None

    def _eval_evalf(self, prec: int) -> sp.Expr | None:
        x = self.args[0].evalf(prec)
        if x.is_positive:
            return sp.Float(1, prec)
        if x.is_negative:
            return sp.Float(0, prec)
        return None

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return _with_power(r"\operatorname{step}\left(%s\right)" % printer._print(self.args[0]), exp)


def _with_power(text: str, exp: str | None) -> str:
    """sigma(x)^2 prints as \\left(\\sigma(x)\\right)^{2}: unambiguous, and read back the same."""
    return text if exp is None else r"\left(%s\right)^{%s}" % (text, exp)


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Rewrite every activation into exp / log / Piecewise form."""
    return expr.replace(
        lambda e: isinstance(e, (sigmoid, softplus)), lambda e: e.rewrite(exp)
    ).replace(
        lambda e: isinstance(e, (relu, step)), lambda e: e.rewrite(Piecewise)
    )
