"""Functions the reader builds: abstract ones (f, g, L undeclared) and derivatives written with primes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction

from dlmath.symbolic.calculus.activations import step

from .errors import NotationError


@dataclass(frozen=True)
class Convention:
    """A letter with a conventional meaning (Φ, the standard normal CDF): one more reading of Φ(x)."""

    described: str
    definition: str  # how to declare it, as a --where definition
    build: Callable[[sp.Expr], sp.Expr]


# Φ(x) in a claim may be the normal CDF, an arbitrary function or Φ times x: all three are read.
CONVENTIONS: dict[str, Convention] = {
    "Phi": Convention("the standard normal CDF", "\\Phi(x) = \\frac{1}{2}(1 + \\operatorname{erf}(x/\\sqrt{2}))",
                      lambda x: (1 + sp.erf(x / sp.sqrt(2))) / 2),
    # Γ(x) in a claim is the gamma function as often as any function: x! = Γ(x + 1) is not refuted for an arbitrary Γ.
    "Gamma": Convention("the gamma function", "\\Gamma(x) = (x - 1)!",
                        sp.gamma),
    # H(x) is the Heaviside step as often as any function: ReLU′(x) = H(x) is not refuted for an arbitrary H.
    "H": Convention("the Heaviside step", "H(x) = \\mathbb{1}[x > 0]", step),
    "phi": Convention("the standard normal density", "\\phi(x) = \\frac{1}{\\sqrt{2\\pi}} e^{-x^2/2}",
                      lambda x: sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)),
}


def abstract_function(name: str, arity: int) -> UndefinedFunction:
    """An uninterpreted real function: proved about symbolically, refuted by instantiating it."""
    return sp.Function(name, real=True, nargs=arity)


def prime_derivative(function: object, arguments: list[sp.Expr], primes: int, error: NotationError) -> sp.Expr:
    """g'(z), g''(z): the derivative of g evaluated at z (one argument only)."""
    if len(arguments) != 1:
        raise NotationError("a prime needs a function of one argument; write the partial derivative", error.fragment)
    u = sp.Dummy("u", real=True)
    return sp.Subs(sp.Derivative(function(u), (u, primes)), u, arguments[0])  # type: ignore[operator]


def abstract_functions(expr: sp.Basic) -> set[UndefinedFunction]:
    """The uninterpreted functions an expression applies."""
    return {applied.func for applied in expr.atoms(AppliedUndef)}
