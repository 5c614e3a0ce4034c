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
    # ln A or −ln B = ln(1/B), of a non-constant argument; ln 3 and other constants stay in R.
    logs = [t for t in sp.Add.make_args(expr) if _log_of(t) is not None]
    if len(logs) != 1:
        return None
    rest = expr - logs[0]
    argument = _log_of(logs[0])
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


def _log_of(term: sp.Expr) -> sp.Expr | None:
    """A for a term ln A, 1/A for −ln A, when A is not a number; else None."""
    for sign in (1, -1):
        candidate = sign * term
        if isinstance(candidate, sp.log) and not candidate.args[0].is_number:
            return candidate.args[0] ** sign
    return None


def pull_exponentials(expr: sp.Expr) -> sp.Expr:
    """ln(e^c·B) → c + ln B wherever B > 0: ln(e^b + e^{a+b}) = b + ln(1 + e^a). Exact, so any sign proof carries."""
    def pull(log: sp.log) -> sp.Expr:
        argument = sp.factor_terms(sp.expand(log.args[0], power_exp=True, mul=False))
        exponent, rest = sp.Integer(0), []
        for factor in sp.Mul.make_args(argument):
            if isinstance(factor, sp.exp) and factor.args[0].is_real is True:
                exponent += factor.args[0]
            else:
                rest.append(factor)
        remaining = sp.Mul(*rest)
        if exponent == 0 or remaining.is_positive is not True:
            return log
        return exponent + sp.log(remaining)
    return expr.replace(lambda e: isinstance(e, sp.log), pull)
