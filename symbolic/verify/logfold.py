"""A gap ln A + R with R free of logarithms: ln A + R = ln(A·e^R), so the gap ≥ 0 (> 0) iff A·e^R ≥ 1 (> 1).

The identity is exact for real R and A > 0 (where the logarithm is real at all), so the sign of
the gap is the sign of A·e^R − 1, which is often visibly signed: ln(1 + e^x) − x = ln(1 + e^{−x}) > 0.
"""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import to_elementary

from .certificate import with_sign_assumptions


def log_fold_certificate(gap: sp.Expr, strict: bool, conditions: tuple[sp.Basic, ...]) -> str | None:
    """Why gap ≥ 0 (> 0 when strict) by folding its rest into its one logarithm, or None."""
    expr = sp.expand(to_elementary(with_sign_assumptions(gap, conditions)))
    logs = [t for t in sp.Add.make_args(expr) if isinstance(t, sp.log)]
    if len(logs) != 1:
        return None
    rest = expr - logs[0]
    argument = logs[0].args[0]
    if rest.has(sp.log) or argument.is_positive is not True or rest.is_real is not True:
        return None
    folded = sp.expand(sp.powsimp(sp.expand(argument * sp.exp(rest))))
    excess = sp.expand(folded - 1)
    want = "is_positive" if strict else "is_nonnegative"
    for form in (excess, sp.factor(excess)):
        if getattr(form, want) is True:
            sign = ">" if strict else "≥"
            return (f"ln A + R = ln(A·e^R) with A = {sp.sstr(argument)} > 0, and A·e^R = {sp.sstr(folded)} {sign} 1")
    return None
