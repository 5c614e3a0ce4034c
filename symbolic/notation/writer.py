"""SymPy → LaTeX in the notation the reader reads (w^{l}_{jk}, \\sigma, \\frac{\\partial}{\\partial x})."""

from __future__ import annotations

import decimal
import re
from typing import TYPE_CHECKING

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

from .algebra import entry_of
from .names import GREEK, PRIMEABLE, PRIMED_IN_PRINT
from .term_order import common_factor, laid_out_product, ordered_terms

if TYPE_CHECKING:  # a type only: the Claim's display imports this writer, so a real import would be a cycle
    from .claim import Claim

# Between two factors the writer puts a space, except that a name followed by a parenthesis
# would read back as a function applied (g\left(z\right)): there it writes \cdot.
FACTOR_BREAK = "\u2063"
_NAME_THEN_PARENTHESIS = re.compile(r"(?<=[A-Za-z}])" + FACTOR_BREAK + r"(?=\\left\(|\()")

RELATION_LATEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">", "!=": r"\ne"}


def _name(name: str) -> str:
    """A symbol name as LaTeX: Greek letters get their backslash, words \\mathrm."""
    base, sep, rest = name.partition("^")
    if base in GREEK:
        base = "\\" + base
    elif len(base) > 1 and base.isalpha():
        base = r"\mathrm{%s}" % base
    return base + sep + rest


class Decimal(sp.Rational):
    """An exact rational that its author wrote as a decimal (a tolerance 0.000001, a step 0.1): prints as written.

    It is a Rational in every computation (and what arithmetic on it returns is a plain Rational); only the
    writer sees the difference.
    """

    def __new__(cls, text: str) -> sp.Rational:
        value = sp.Rational(text)
        return sp.Rational.__new__(cls, value.p, value.q)

    @property
    def decimal(self) -> str:
        """The exact decimal expansion: 1/1000000 → '0.000001'."""
        return _exact_decimal(self)


# A rational p/q, p ≠ ±1, with q = 2^a 5^b at least this large is a decimal that lost its Decimal type in
# arithmetic (3 · 0.044715 = 26829/200000): no textbook writes such a fraction. Up to DECIMAL_PLACES places.
DECIMAL_DENOMINATOR, DECIMAL_PLACES = 10_000, 8


def decimal_form(value: sp.Basic) -> str | None:
    """0.044715 for 8943/200000; None for ½, 1/1000000, 29/14 or 3/65536 (too many places): fractions."""
    if not isinstance(value, sp.Rational) or value.q < DECIMAL_DENOMINATOR or abs(value.p) == 1:
        return None  # (an integer has q = 1) and 1/1000000 is a fraction an author may write
    rest = value.q
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1:
        return None
    text = _exact_decimal(value)
    return text if len(text.split(".")[1]) <= DECIMAL_PLACES else None


def _exact_decimal(value: sp.Rational) -> str:
    """p/q written out in full, for a q of only the factors 2 and 5 (the division then ends)."""
    return format(decimal.Decimal(value.p) / decimal.Decimal(value.q), "f")


class DLLatexPrinter(LatexPrinter):
    """LaTeX that the dlmath reader reads back to the same expression."""

    def __init__(self, primed: frozenset = PRIMED_IN_PRINT) -> None:
        # order="none": an unevaluated product in a derivation step prints in the order it was written.
        super().__init__({"ln_notation": True, "mul_symbol": None, "order": "none"})
        self.primed = primed  # functions whose derivative at a point prints as f'(a); the others as d/du f(u) at a
        self._settings["mul_symbol_latex"] = FACTOR_BREAK  # decided per pair of factors in to_latex
        self._in_index = False  # inside a subscript, a sum's number goes last (x_{k+1}): term_order rule 4

    def _as_ordered_terms(self, expr: sp.Expr, order: object = None) -> list:
        # The terms of a sum as a textbook orders them (term_order.py); a product's factors as written.
        if isinstance(expr, sp.Add):
            return ordered_terms(expr, in_index=self._in_index)
        return super()._as_ordered_terms(expr, order=order)

    def _print_Add(self, expr: sp.Add, order: object = None) -> str:
        factored = None if self._in_index else common_factor(expr)
        if factored is None:
            return super()._print_Add(expr, order=order)
        k, rest = factored
        return rf"{self._print(k)} \left({super()._print_Add(rest, order=order)}\right)"

    def _print_Mul(self, expr: sp.Mul) -> str:
        # A product in the textbook's order (term_order rules 6-7): 2 x (a - y), n S_{xx}.
        if self._in_index:
            return super()._print_Mul(expr)
        if expr.could_extract_minus_sign() and isinstance(-expr, sp.Mul):
            return "- " + self._print_Mul(-expr)  # SymPy's own minus handling would re-sort the factors
        coefficient, rest = expr.as_coeff_Mul()
        if decimal_form(coefficient) is not None and rest != 1:  # 0.044715 x^3, not \frac{8943 x^3}{200000}
            body = self._print(rest)
            return f"{decimal_form(coefficient)} " + (rf"\left({body}\right)" if isinstance(rest, sp.Add) else body)
        laid = laid_out_product(expr)
        return super()._print_Mul(expr if laid is None else laid)

    def _print_Rational(self, expr: sp.Rational) -> str:
        return decimal_form(expr) or super()._print_Rational(expr)

    def _needs_mul_brackets(self, expr: sp.Expr, first: bool = False, last: bool = False) -> bool:
        # A derivative operator takes the rest of the product as its body: bracket it.
        if not last and expr.has(sp.Derivative):
            return True
        return super()._needs_mul_brackets(expr, first=first, last=last)

    def _print_Pow(self, expr: sp.Pow) -> str:
        # x_{i}^{n} would read back as a layer label n: bracket an indexed base under a symbolic power;
        # a^{(1)}_{2}^{2} is a double superscript (TeX refuses it): bracket a labelled base under any power.
        labelled = isinstance(expr.base, sp.Indexed) and "^" in str(expr.base.base.label)
        if isinstance(expr.base, sp.Indexed) and (not expr.exp.is_Number or labelled):
            return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)

    def _print_Decimal(self, expr: Decimal) -> str:
        return expr.decimal

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        return _name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        outer, self._in_index = self._in_index, True
        try:
            indices = [self._print(i) for i in expr.indices]
        finally:
            self._in_index = outer
        compact = all(len(i) == 1 for i in indices)
        sub = "".join(indices) if compact else ",".join(indices)
        return f"{_name(str(expr.base.label))}_{{{sub}}}"

    def _print_IndexedBase(self, expr: sp.IndexedBase) -> str:
        return _name(str(expr.label))

    def _print_Determinant(self, expr: sp.Expr) -> str:
        return rf"\det\left({self._print(expr.arg)}\right)"

    def _print_MatrixElement(self, expr: sp.Expr) -> str:
        # Entry i of a declared vector \mathbf{x} is x_{i}, entry (i, j) of A is A_{ij}, as the reader reads them.
        return self._print(entry_of(expr.parent.name, expr.parent.shape, int(expr.i), int(expr.j)))

    def _print_MatrixSymbol(self, expr: sp.MatrixSymbol) -> str:
        return _name(expr.name)

    def _print_KroneckerDelta(self, expr: sp.KroneckerDelta, exp: object = None) -> str:
        i, j = (self._print(a) for a in expr.args)
        text = rf"\delta_{{{i}{j}}}" if len(i) == len(j) == 1 else rf"\delta_{{{i},{j}}}"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        parts = []
        for variable, count in expr.variable_count:
            name = self._print(variable)
            parts.append(rf"\partial {name}" if count == 1 else rf"\partial {name}^{{{count}}}")
        order = expr.derivative_count
        top = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
        if isinstance(expr.expr, (sp.Symbol, sp.Indexed)):  # a named quantity: ∂C/∂w, as a textbook writes it
            return rf"\frac{{{top} {self._print(expr.expr)}}}{{{' '.join(parts)}}}"
        return rf"\frac{{{top}}}{{{' '.join(parts)}}} \left({self._print(expr.expr)}\right)"

    def _print_AppliedUndef(self, expr: sp.Expr, exp: object = None) -> str:
        # An abstract function g(z) prints as g\left(z\right), which the reader reads back as applied.
        text = rf"{_name(expr.func.__name__)}\left({', '.join(self._print(a) for a in expr.args)}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Subs(self, expr: sp.Subs) -> str:
        inner, variables, points = expr.args
        if len(variables) == 1 and isinstance(inner, sp.Derivative) and set(inner.variables) == set(variables):
            (variable,), (point,) = variables, points
            function = inner.expr.func
            if function not in self.primed and not isinstance(inner.expr, AppliedUndef):
                return self._derivative_at(inner, variable, point)
            named = {sp.exp: r"\exp", sp.log: r"\ln"}  # their own printing is e^{…} and \ln{\left(…\right)}
            head = named.get(function) or self._print(function(sp.Symbol("HEAD"))).split(r"\left(")[0]
            head = head[:-1] if head.endswith("{") else head  # SymPy writes \tanh{\left(x\right)}
            return rf"{head}{chr(39) * inner.derivative_count}\left({self._print(point)}\right)"
        return super()._print_Subs(expr)

    def _derivative_at(self, inner: sp.Derivative, variable: sp.Symbol, point: sp.Basic) -> str:
        r"""d/du e^{u} at u = −x: \left.\frac{d}{du} e^{u}\right|_{u = -x} (a function without a textbook prime)."""
        name, order = self._print(variable), inner.derivative_count
        top, bottom = ("d", f"d{name}") if order == 1 else (f"d^{{{order}}}", f"d{name}^{{{order}}}")
        return (rf"\left.\frac{{{top}}}{{{bottom}}} {self._print(inner.expr)}\right|_{{{name} = "
                rf"{self._print(point)}}}")

    def _print_Sum(self, expr: sp.Sum) -> str:
        return self._big(r"\sum", expr)

    def _print_Product(self, expr: sp.Product) -> str:
        return self._big(r"\prod", expr)

    def _print_MaxOver(self, expr: sp.Expr) -> str:
        return self._big(r"\max", expr)

    def _print_MinOver(self, expr: sp.Expr) -> str:
        return self._big(r"\min", expr)

    def doprint(self, expr: object) -> str:
        # Every name the expression uses, so that a renamed bound index never collides with one (see _big).
        self._names = {str(s) for s in expr.atoms(sp.Symbol)} if isinstance(expr, sp.Basic) else set()
        self._bound: list[sp.Symbol] = []
        return super().doprint(expr)

    def _big(self, head: str, expr: sp.Expr) -> str:
        # A sum inside a sum over the same index (\sum_i a_i^2 \sum_i b_i^2, as read) gets a fresh index for the
        # inner one, as an author writes it: \sum_{i} a_i^2 \sum_{j} b_j^2. The value is the same.
        for index in [limit[0] for limit in expr.limits if limit[0] in self._bound]:
            fresh = self._fresh_index(index)
            expr = expr.xreplace({index: fresh})
        indices = [limit[0] for limit in expr.limits]
        self._bound.extend(indices)
        try:
            text = self._print(expr.function)
        finally:
            del self._bound[-len(indices):]
        for index, low, high in reversed(expr.limits):
            text = rf"{head}_{{{self._print(index)}={self._print(low)}}}^{{{self._print(high)}}} \left({text}\right)"
        return text

    def _fresh_index(self, index: sp.Symbol) -> sp.Symbol:
        name = next(n for n in ("j", "k", "l", "p", "q", "r", "s", "u", "v") + tuple(f"i_{d}" for d in range(2, 99))
                    if n not in self._names)
        self._names.add(name)
        return sp.Symbol(name, **index.assumptions0)  # an index like the one it stands for

    def _print_exp(self, expr: sp.Expr, exp: object = None) -> str:
        text = rf"e^{{{self._print(expr.args[0])}}}"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_Transpose(self, expr: sp.Transpose) -> str:
        return rf"{self._script_base(expr.arg)}^{{T}}"

    def _print_Inverse(self, expr: sp.Inverse) -> str:
        return rf"{self._script_base(expr.arg)}^{{-1}}"

    def _print_HadamardProduct(self, expr: sp.HadamardProduct) -> str:
        return r" \odot ".join(self._factor(a) for a in expr.args)

    def _print_MatMul(self, expr: sp.MatMul) -> str:
        factors = list(expr.args)
        if len(factors) > 1 and factors[0] == -1:  # −y, as the reader reads it back, not "-1 y"
            return "-" + " ".join(self._factor(a) for a in factors[1:])
        return " ".join(self._factor(a) for a in factors)

    def _factor(self, expr: sp.Basic) -> str:
        text = self._print(expr)
        atomic = (isinstance(expr, (sp.MatrixSymbol, sp.Symbol, sp.Transpose, sp.Inverse, sp.MatrixBase))
                  or expr.is_Number)
        return text if atomic else rf"\left({text}\right)"

    def _script_base(self, expr: sp.Basic) -> str:
        """A base that takes a superscript: bracketed unless a bare symbol (no A^{-1}^{T})."""
        text = self._print(expr)
        plain = isinstance(expr, (sp.MatrixSymbol, sp.Symbol, sp.MatrixBase))
        if plain and "^" in text:  # W^{(2)} takes its transpose as {W^{(2)}}^{T}, never W^{(2)}^{T}
            return f"{{{text}}}"
        return text if plain else rf"\left({text}\right)"

    def _print_MatPow(self, expr: sp.MatPow) -> str:
        return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"

    def _print_Trace(self, expr: sp.Trace) -> str:
        # The reader makes a 1×1 product such as x^T y a scalar through Trace.
        if expr.arg.shape == (1, 1):
            return rf"\left({self._print(expr.arg)}\right)"
        return super()._print_Trace(expr)

    def _print_ImmutableDenseMatrix(self, expr: sp.ImmutableMatrix) -> str:
        rows = r" \\ ".join(" & ".join(self._print(e) for e in expr.row(r)) for r in range(expr.rows))
        return rf"\begin{{pmatrix}} {rows} \end{{pmatrix}}"

    _print_ImmutableMatrix = _print_ImmutableDenseMatrix

    def _print_Max(self, expr: sp.Max, exp: object = None) -> str:
        text = r"\max\left(%s\right)" % ", ".join(self._print(a) for a in expr.args)
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Min(self, expr: sp.Min, exp: object = None) -> str:
        text = r"\min\left(%s\right)" % ", ".join(self._print(a) for a in expr.args)
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_Abs(self, expr: sp.Abs, exp: object = None) -> str:
        text = rf"\left|{self._print(expr.args[0])}\right|"
        return text if exp is None else rf"{text}^{{{exp}}}"


def to_latex(expr: object, primed: frozenset = PRIMED_IN_PRINT) -> str:
    """LaTeX of a SymPy expression or matrix, in dlmath notation, as a textbook prints it (\\sigma'(z), but the
    derivative of exp at a point as d/du e^{u} there); with primed=PRIMEABLE, every prime the reader reads."""
    text = DLLatexPrinter(primed).doprint(expr)
    return _NAME_THEN_PARENTHESIS.sub(r" \\cdot ", text).replace(FACTOR_BREAK, " ")


def claim_to_latex(claim: Claim) -> str:
    """The claim as `lhs REL rhs` in dlmath notation, as the reader reads it back (\\exp'(x) stays a prime)."""
    return f"{to_latex(claim.lhs, PRIMEABLE)} {RELATION_LATEX[claim.relation]} {to_latex(claim.rhs, PRIMEABLE)}"
