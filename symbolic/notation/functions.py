"""Functions the reader builds: abstract ones (f, g, L undeclared) and derivatives written with primes."""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction

from .errors import NotationError


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
