r"""The order in which a textbook writes the terms of a sum, and the common factor it takes out.

SymPy keeps the terms of a sum in its own canonical order, which is not an author's: it prints
-y + a for a - y, -m x_i + y_i for y_i - m x_i, 1 + x^2 - x for x^2 - x + 1, x_{1 + k} for x_{k+1},
and -2y + 2a where a textbook writes 2(a - y). The writer asks this module how to lay a sum out.

The rules, in the order they are applied (each is what authors do, and none changes the value):
1. A sum written out by hand (an unevaluated Add, whose terms are not in SymPy's canonical order)
   keeps its written order (a derivation step shows the terms as the rule produced them), but for rule 5.
2. A polynomial (every term a number times powers of names, some term of degree >= 2) is written by
   falling degree, the constant last: x^2 - x + 1, (a x^2 + b x + c).
3. Any other sum starts with its numbers (1 - \sigma, 1 + e^{-x}), then its positive terms, then its
   negative ones, each group in SymPy's order: a - y, y_i - m x_i - b, n S_{xx} - S_x^2.
4. Inside an index the number goes last, as indices are written: x_{k+1}, w_{j-1}.
5. If the sum would still start with a minus while a positive term exists, that term goes first.
6. A sum with no number term whose coefficients share a common integer factor k > 1 is written
   k(...): 2(a - y), not 2a - 2y (a sum with a number term, such as 2w - 6, is left as it is); in a
   product the k joins the product's own coefficient: 2x(a - y), not x(2(a - y)).
7. A product in SymPy's order puts its number first, then its bare one-letter names and their powers,
   then the rest: n S_{xx}, \eta f_x, a^{k} h_0 (SymPy sorts capitals and subscripted names first);
   in the rest a function's value comes before the sums: \sigma(z)(1 - \sigma(z)), not (1 - \sigma(z))\sigma(z).
"""

from __future__ import annotations

from functools import reduce
from math import gcd

import sympy as sp
from sympy.core.basic import _args_sortkey


def _written_by_hand(expr: sp.Add) -> bool:
    """Rule 1: an Add whose terms are not in SymPy's canonical order was built unevaluated, in written order."""
    return list(expr.args) != sorted(expr.args, key=_args_sortkey)


def _monomial_degree(term: sp.Expr) -> int | None:
    """The total degree of a number times powers of names (x, x_i, w^{(l)}_{jk}); None for anything else."""
    _, rest = term.as_coeff_Mul()
    degree = 0
    for base, power in rest.as_powers_dict().items():
        if base == 1:
            continue
        if not isinstance(base, (sp.Symbol, sp.Indexed)) or not (power.is_Integer and power > 0):
            return None
        degree += int(power)
    return degree


def _is_negative(term: sp.Expr) -> bool:
    return term.could_extract_minus_sign()


def ordered_terms(expr: sp.Add, in_index: bool = False) -> list[sp.Expr]:
    """The terms of a sum in the order a textbook writes them (rules 1-5 of the module's docstring)."""
    terms = list(expr.args)
    if _written_by_hand(expr):
        return _positive_first(terms)
    degrees = [_monomial_degree(t) for t in terms]
    if all(d is not None for d in degrees) and max(degrees) >= 2:
        terms = [t for _, t in sorted(zip(degrees, terms), key=lambda pair: -pair[0])]  # stable: ties keep order
    else:
        numbers = [t for t in terms if t.is_Number]
        positive = [t for t in terms if not t.is_Number and not _is_negative(t)]
        negative = [t for t in terms if not t.is_Number and _is_negative(t)]
        terms = positive + negative + numbers if in_index else numbers + positive + negative
    return _positive_first(terms)


def _positive_first(terms: list[sp.Expr]) -> list[sp.Expr]:
    """Rule 5: no leading minus while a positive term exists."""
    if _is_negative(terms[0]):
        first_positive = next((t for t in terms if not _is_negative(t)), None)
        if first_positive is not None:
            terms.remove(first_positive)
            terms.insert(0, first_positive)
    return terms


def common_factor(expr: sp.Add) -> tuple[sp.Integer, sp.Expr] | None:
    """Rule 6: (k, rest) with expr == k * rest for an integer k > 1 all coefficients share, or None."""
    if _written_by_hand(expr) or any(t.is_Number for t in expr.args):
        return None
    coefficients = [t.as_coeff_Mul()[0] for t in expr.args]
    if not all(c.is_Integer for c in coefficients):
        return None
    k = reduce(gcd, (abs(int(c)) for c in coefficients))
    if k <= 1:
        return None
    rest = sp.Add(*(t / k for t in expr.args))
    return sp.Integer(k), rest


def _bare_letter(factor: sp.Expr) -> bool:
    r"""x, n, \eta or a power of one: a name without a subscript, which authors write before the others."""
    base = factor.base if isinstance(factor, sp.Pow) else factor
    return isinstance(base, sp.Symbol) and "_" not in base.name and "^" not in base.name


def _function_value(factor: sp.Expr) -> bool:
    r"""\sigma(z), g(z), e^{x} or a power of one."""
    base = factor.base if isinstance(factor, sp.Pow) else factor
    return isinstance(base, sp.Function)


def laid_out_product(expr: sp.Mul) -> sp.Mul | None:
    """Rules 6-7 for a product: an unevaluated product in the textbook's order, or None if SymPy's is it."""
    if list(expr.args) != sorted(expr.args, key=_args_sortkey):
        return None  # written by hand: as written
    coefficient, factors = sp.Integer(1), []
    for factor in expr.args:
        factored = common_factor(factor) if isinstance(factor, sp.Add) else None
        if factored is None:
            factors.append(factor)
        else:
            coefficient *= factored[0]
            factors.append(factored[1])
    numbers = [f for f in factors if f.is_Number]
    coefficient *= sp.Mul(*numbers)
    others = [f for f in factors if not f.is_Number]
    letters = [f for f in others if _bare_letter(f)]
    rest = sorted((f for f in others if not _bare_letter(f)), key=lambda f: not _function_value(f))
    laid = ([coefficient] if coefficient != 1 else []) + letters + rest
    if laid == list(expr.args):
        return None
    return sp.Mul(*laid, evaluate=False)
