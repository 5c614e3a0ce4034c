"""Activation functions as SymPy functions that know their derivatives.

Each prints like a textbook (sigma, ReLU, softplus, step) and rewrites to
elementary functions, so the verifier can reduce them to exp/log/Piecewise.
tanh is SymPy's own `sympy.tanh`, re-exported here for a single import point.
What a network layer knows about each activation (name, LaTeX, g') is in vocabulary.py.
"""

from __future__ import annotations

import sympy as sp
from sympy import Function, Heaviside, Piecewise, erf, exp, log, pi, sqrt, tanh

__all__ = ["sigmoid", "relu", "softplus", "step", "tanh", "gelu", "gelu_tanh", "silu", "normal_cdf", "normal_pdf",
           "GELU_TANH_CUBIC", "to_elementary"]

GELU_TANH_CUBIC = sp.Rational(44715, 1000000)
"""The cubic coefficient 0.044715 of the tanh approximation of GELU (Hendrycks and Gimpel, 2016)."""


def normal_cdf(x: sp.Expr) -> sp.Expr:
    """Φ(x) = ½(1 + erf(x/√2)), the standard normal distribution function."""
    return (1 + erf(x / sqrt(2))) / 2


def normal_pdf(x: sp.Expr) -> sp.Expr:
    """φ(x) = e^{−x²/2}/√(2π), the standard normal density, Φ′."""
    return exp(-x**2 / 2) / sqrt(2 * pi)


def gelu_tanh_inner(x: sp.Expr) -> sp.Expr:
    """√(2/π)(x + 0.044715 x³), the argument of tanh in GELU's approximation."""
    return sqrt(2 / pi) * (x + GELU_TANH_CUBIC * x**3)


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


def gelu_tanh_inner_slope(x: sp.Expr) -> sp.Expr:
    """√(2/π)(1 + 3 · 0.044715 x²), the derivative of `gelu_tanh_inner`."""
    return sqrt(2 / pi) * (1 + 3 * GELU_TANH_CUBIC * x**2)


class _ZeroAtZero(Function):
    """What GELU, its tanh approximation and SiLU share: 0 at 0, real on the reals, evaluated and rewritten by
    their elementary `definition`, printed as `latex_name`."""

    nargs = 1
    latex_name = ""

    @classmethod
    def definition(cls, x: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    @classmethod
    def eval(cls, x: sp.Expr) -> sp.Expr | None:
        return sp.Integer(0) if x.is_zero else None

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return self.definition(self.args[0]).evalf(prec)

    def _latex(self, printer: sp.printing.latex.LatexPrinter, exp: str | None = None) -> str:
        return _with_power(r"%s\left(%s\right)" % (self.latex_name, printer._print(self.args[0])), exp)


class gelu(_ZeroAtZero):  # noqa: N801
    """The Gaussian error linear unit GELU(x) = x Φ(x), Φ the standard normal distribution function."""

    latex_name = r"\operatorname{GELU}"

    @classmethod
    def definition(cls, x: sp.Expr) -> sp.Expr:
        return x * normal_cdf(x)

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x = self.args[0]
        return normal_cdf(x) + x * normal_pdf(x)

    def _eval_rewrite_as_erf(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return self.definition(x)


class gelu_tanh(_ZeroAtZero):  # noqa: N801
    """GELU's tanh approximation ½x(1 + tanh(√(2/π)(x + 0.044715 x³))) (Hendrycks and Gimpel, 2016)."""

    latex_name = r"\operatorname{GELU}_{\tanh}"

    @classmethod
    def definition(cls, x: sp.Expr) -> sp.Expr:
        return x * (1 + tanh(gelu_tanh_inner(x))) / 2

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x = self.args[0]
        t = tanh(gelu_tanh_inner(x))
        return (1 + t) / 2 + x * (1 - t**2) * gelu_tanh_inner_slope(x) / 2

    def _eval_rewrite_as_tanh(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return self.definition(x)


class silu(_ZeroAtZero):  # noqa: N801
    """SiLU (swish) x σ(x)."""

    latex_name = r"\operatorname{SiLU}"

    @classmethod
    def definition(cls, x: sp.Expr) -> sp.Expr:
        return x / (1 + exp(-x))

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        x = self.args[0]
        return sigmoid(x) * (1 + x * (1 - sigmoid(x)))

    def _eval_rewrite_as_exp(self, x: sp.Expr, **kwargs: object) -> sp.Expr:
        return self.definition(x)


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
    """Rewrite every activation into exp / log / erf / tanh / Piecewise form."""
    return expr.replace(
        lambda e: isinstance(e, gelu), lambda e: e.rewrite(erf)
    ).replace(
        lambda e: isinstance(e, gelu_tanh), lambda e: e.rewrite(tanh)
    ).replace(
        lambda e: isinstance(e, (sigmoid, softplus, silu)), lambda e: e.rewrite(exp)
    ).replace(
        lambda e: isinstance(e, (relu, step)), lambda e: e.rewrite(Piecewise)
    )
