"""What a repair works with: the hints about a wrong line, the candidate it proposes, and the places in
an expression where one occurrence is changed (σ(u) may also occur inside (σ(u) − y)).

Shared by the repair modules (scalar_repairs.py, network_repairs.py); the table of mistakes and the
search that verifies the candidates are in repairs.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import sympy as sp
from sympy.printing.str import StrPrinter

from dlmath.symbolic.calculus.activations import step
from dlmath.symbolic.notation.term_order import laid_out_product, ordered_terms
from dlmath.symbolic.notation.writer import to_latex


@dataclass(frozen=True)
class Hints:
    """What the candidates may use besides the wrong line: the variables differentiated by, the sizes
    (n, N, m, T, …), the names defined as σ(u), tanh(u) or ReLU(u) (a = σ(z) makes `a` a sigmoid), the
    derivatives written in the line and its chain's first line (∂p_1/∂z_2 names the entries i = 1, j = 2),
    and the expressions the derivation knows besides the line (its definitions, its declared matrices)."""

    variables: tuple[sp.Symbol, ...]
    sizes: tuple[sp.Symbol, ...]
    named: dict[sp.Basic, sp.Basic]   # a -> sigmoid(z): the symbol stands for the application
    derivatives: tuple[sp.Derivative, ...] = ()
    defined: dict[sp.Basic, sp.Basic] = field(default_factory=dict)  # every definition: p_1 -> softmax(z)_1
    known: tuple[sp.Basic, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One repaired expression and the words that say what changed."""

    expression: sp.Basic
    what: str


Repair = Callable[[sp.Expr, sp.Expr, Hints, bool], Iterator[Candidate]]  # terms: the second pass

_PLAIN = (("sigmoid", "σ"), ("tanh", "tanh"), ("relu", "ReLU"), ("log", "ln"), ("**", "^"), ("*", "·"))


class _TextbookStr(StrPrinter):
    """SymPy's plain printer with the terms and factors in a textbook's order (term_order.py), as the writer
    sets them: σ(w·x + b)·(1 - σ(w·x + b)), not (1 - σ(b + w·x))·σ(b + w·x)."""

    def _as_ordered_terms(self, expr: sp.Expr, order: object = None) -> list:
        if isinstance(expr, sp.Add):
            return ordered_terms(expr)
        return super()._as_ordered_terms(expr, order=order)

    def _print_Mul(self, expr: sp.Mul) -> str:
        laid = laid_out_product(expr)
        if laid is None:
            return super()._print_Mul(expr)
        saved = self._settings["order"]
        self._settings["order"] = "none"  # the laid-out factors as they are, not re-sorted
        try:
            return super()._print_Mul(laid)
        finally:
            self._settings["order"] = saved


def plain(expression: sp.Basic) -> str:
    """A short plain-text form for the sentence (display only: this text is never read back)."""
    if isinstance(expression, sp.Basic) and expression.has(step):  # the unit step as the indicator 1[u > 0]
        expression = expression.replace(lambda e: isinstance(e, step),
                                        lambda e: sp.Symbol(f"1[{plain(e.args[0])} > 0]"))
    text = _TextbookStr().doprint(expression)
    for old, new in _PLAIN:
        text = text.replace(old, new)
    return text


def shown(expression: sp.Basic) -> str:
    """The expression in dlmath's LaTeX (W^{T} \\boldsymbol{\\delta}), for names a plain form would mangle."""
    try:
        return to_latex(expression)
    except Exception:  # noqa: BLE001 - the words only; the writer failing must not lose a proved repair
        return sp.sstr(expression)


Path = tuple[int, ...]


def places(expression: sp.Basic, wanted: Callable[[sp.Basic], bool], path: Path = (),
           inside: Callable[[sp.Basic], bool] = lambda e: True) -> Iterator[Path]:
    """The paths of every subexpression `wanted` selects; never inside a derivative, nor where `inside` says no."""
    if wanted(expression):
        yield path
    if isinstance(expression, (sp.Derivative, sp.Subs)) or not inside(expression):
        return
    for k, argument in enumerate(expression.args):
        if isinstance(argument, sp.Basic):
            yield from places(argument, wanted, (*path, k), inside)


def at(expression: sp.Basic, path: Path) -> sp.Basic:
    for k in path:
        expression = expression.args[k]
    return expression


def put(expression: sp.Basic, path: Path, new: sp.Basic) -> sp.Basic:
    """The expression with the subexpression at `path` replaced (rebuilt: a matrix product checks its shapes)."""
    if not path:
        return new
    arguments = list(expression.args)
    arguments[path[0]] = put(arguments[path[0]], path[1:], new)
    return expression.func(*arguments)


def everywhere(expression: sp.Expr, factor: sp.Expr, terms: bool) -> Iterator[sp.Expr]:
    """The line times `factor`; or (the second pass, `terms`) each term of a sum times it: a slip in one term."""
    if not terms:
        yield expression * factor
    elif isinstance(expression, sp.Add) and len(expression.args) <= 8:
        for term in expression.args:
            yield expression - term + term * factor


def applications(line: sp.Expr, previous: sp.Expr, hints: Hints, head: type) -> list[sp.Basic]:
    """The arguments u of every head(u) in either line or in the definitions they use."""
    found = sp.Tuple(line, previous, *hints.named.values()).atoms(head)
    return sorted({a.args[0] for a in found}, key=sp.default_sort_key)


def stands_for(hints: Hints, head: type) -> list[tuple[sp.Basic, sp.Basic]]:
    """(written, argument): a name defined as head(u), and u."""
    return [(name, value.args[0]) for name, value in hints.named.items() if isinstance(value, head)]
