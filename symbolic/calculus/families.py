r"""The largest and smallest member of an indexed family, \max_{i=1}^{n} z_i, for a symbolic n.

SymPy's Max takes its arguments one by one, so `\max_i z_i` over 1…n has no SymPy form until n is a
number. MaxOver is that form: a bound index and its limits, like a Sum's; with numeric limits it
becomes SymPy's Max of the members (doit), which the verifier's case splits handle; with a symbolic
n it stays whole, for the lemmas that hold for every n (the log-sum-exp bounds).
"""

from __future__ import annotations

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

__all__ = ["MaxOver", "MinOver", "BIG_OPERATORS"]

_MOST_MEMBERS = 10_000  # beyond this a family is not written out


class _Extremum(ExprWithLimits):
    extremum: type = sp.Max

    def doit(self, **hints: object) -> sp.Expr:
        function = self.function.doit(**hints) if hints.get("deep", True) else self.function
        (index, low, high), = self.limits
        count = high - low
        if count.is_Integer and 0 <= count < _MOST_MEMBERS:
            return self.extremum(*[function.xreplace({index: low + k}) for k in range(int(count) + 1)])
        return self.func(function, *self.limits)

    def _eval_is_real(self) -> bool | None:
        return self.function.is_real

    def _eval_is_extended_real(self) -> bool | None:
        return self.function.is_extended_real


class MaxOver(_Extremum):
    r"""\max_{i=low}^{high} f(i): the largest member of the family."""

    extremum = sp.Max


class MinOver(_Extremum):
    r"""\min_{i=low}^{high} f(i): the smallest member of the family."""

    extremum = sp.Min


# Every operator that binds an index over limits: what the verifier treats alike (sizes, bound indices).
BIG_OPERATORS = (sp.Sum, sp.Product, MaxOver, MinOver)
