"""The certificates tried after the basic ones: a table the engine iterates, cheapest first.

Each entry takes (small, large, relation, conditions) for an inequality or the difference for an
equality, and returns one human sentence saying why the claim holds, or None.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .cases import case_certificate
from .certificate import equality_certificate, inequality_certificate, nonnegativity_certificate
from .convexity import jensen_certificate
from .forms import extremum_certificate, quadratic_form_certificate, squared_form_certificate
from .logbounds import log_tangent_certificate
from .logfold import log_fold_certificate, pull_exponentials
from .radicals import squaring_certificate
from .squares import sos_certificate

Conditions = tuple[sp.Basic, ...]


def _cases_equality(difference: sp.Expr, conditions: Conditions) -> str | None:
    return case_certificate(difference, conditions, equality_certificate)


def _log_fold(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return log_fold_certificate(large - small, strict, conditions)


def _quadratic(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return quadratic_form_certificate(large - small, strict, conditions)


def _sum_of_squares(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return sos_certificate(large - small, strict, conditions)


def _with_squares(gap: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    """A sum of squares (it gives up at once on what is not a polynomial), then the basic non-negativity
    certificate, whose simplifications cost seconds: how a reduced gap is proved."""
    return sos_certificate(gap, strict, conditions) or nonnegativity_certificate(gap, strict, conditions)


def _log_tangents(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return log_tangent_certificate(large - small, strict, conditions, _with_squares)


def _squaring(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return squaring_certificate(small, large, strict, conditions, _with_squares)


def _squared(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return squared_form_certificate(small, large, strict, conditions,
                                    lambda e: nonnegativity_certificate(e, False, conditions))


def _extremum(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return extremum_certificate(small, large, strict, conditions, _basic)


def _basic(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    """One side pair by the basic certificate, then the cheap rules of this table."""
    return inequality_certificate(small, large, strict, conditions) or _log_fold(small, large, strict, conditions) \
        or _quadratic(small, large, strict, conditions)


def _region(strict: bool) -> Callable[[sp.Expr, Conditions], str | None]:
    """How one region of a case split is proved: the basic certificates, the log fold, then both again with
    exponential factors pulled out of the logarithms (the region's change of variable often makes them)."""
    def prove(e: sp.Expr, c: Conditions) -> str | None:
        found = nonnegativity_certificate(e, strict, c) or log_fold_certificate(e, strict, c)
        pulled = pull_exponentials(e)
        if found or pulled == e:
            return found
        found = nonnegativity_certificate(pulled, strict, c) or log_fold_certificate(pulled, strict, c)
        return f"{found}, after ln(e^c·B) = c + ln B" if found else None
    return prove


def _cases_inequality(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    return case_certificate(large - small, conditions, _region(strict))


EQUALITY_TACTICS: list[tuple[str, Callable[[sp.Expr, Conditions], str | None]]] = [
    ("case split", _cases_equality),
]

INEQUALITY_TACTICS: list[tuple[str, Callable[[sp.Expr, sp.Expr, bool, Conditions], str | None]]] = [
    ("logarithm folding", _log_fold),
    ("quadratic form", _quadratic),
    ("squares as a quadratic form", _squared),
    ("sum of squares", _sum_of_squares),
    ("extremum", _extremum),
    ("tangent bounds of logarithms", _log_tangents),
    ("squaring both sides", _squaring),
    ("Jensen", jensen_certificate),
    ("case split", _cases_inequality),
]


def equality_tactics(difference: sp.Expr, conditions: Conditions) -> str | None:
    """The first tactic's sentence for lhs − rhs = 0, or None."""
    for _, tactic in EQUALITY_TACTICS:
        found = tactic(difference, conditions)
        if found:
            return found
    return None


def inequality_tactics(small: sp.Expr, large: sp.Expr, strict: bool, conditions: Conditions) -> str | None:
    """The first tactic's sentence for small ≤ large (< when strict), or None."""
    for _, tactic in INEQUALITY_TACTICS:
        found = tactic(small, large, strict, conditions)
        if found:
            return found
    return None
