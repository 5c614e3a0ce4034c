"""The evaluation bar: `F \\Big|_{x=a}`, `\\left. F \\right|_{a}^{b}` and `[F]_{a}^{b}` ending a side."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from . import algebra
from .algebra import Value, is_matrix
from .tokens import Token

if TYPE_CHECKING:
    from .parser import Parser


def evaluation_bar(tokens: list[Token]) -> int | None:
    """The index of the bar of `F \\Big|_{x=a}` or `\\left. F \\right|_{a}^{b}` ending a side, or None.

    A bar that closes an absolute value (the odd ones: |x|_2) is no evaluation bar."""
    if tokens and tokens[0].text == "[" and len(tokens) > 3:
        close = _matching(tokens, 0)
        if close is not None and close + 1 < len(tokens) and tokens[close + 1].text == "_":
            return close  # Stewart's [F(x)]_a^b
    depth, bars = 0, 0
    for k, token in enumerate(tokens):
        depth += token.kind == "symbol" and token.text in "([{"
        depth -= token.kind == "symbol" and token.text in ")]}"
        if depth == 0 and token.text == "|" and token.kind == "symbol":
            if bars % 2 == 0 and k + 1 < len(tokens) and tokens[k + 1].text == "_" and k > 0:
                return k
            bars += 1
    return None


def _matching(tokens: list[Token], opener: int) -> int | None:
    depth = 0
    for k in range(opener, len(tokens)):
        depth += tokens[k].kind == "symbol" and tokens[k].text in "([{"
        depth -= tokens[k].kind == "symbol" and tokens[k].text in ")]}"
        if depth == 0:
            return k
    return None


def evaluated(parser: Parser, tokens: list[Token], bar: int) -> Value:
    """`F |_{x=a}` is F at x = a; `F |_{x=a}^{b}`, `[F]_{a}^{b}` (without x for an F in one variable) is F(b) − F(a)."""
    token = tokens[bar]
    if "\\left." in parser.source[tokens[0].pos: token.pos]:
        raise parser.error("an evaluation bar \\left. F \\right|_{x=a} is read only when F is the whole side "
                           "before it: write the evaluated part as its own side", token)
    scripts = parser.child(tokens[bar + 1:])
    lower, upper = scripts.scripts()
    if scripts.peek().kind != "end" or lower is None:
        raise parser.error("an evaluation bar ends its side: F \\Big|_{x=a} or F \\Big|_{a}^{b}", token)
    body = tokens[1:bar] if tokens[bar].text == "]" else tokens[:bar]
    value = algebra.as_scalar(parser.parse_tokens(body))
    if is_matrix(value):
        raise parser.error("an evaluation bar of a matrix is not supported", token)
    variable, low = _at(parser, token, lower)
    high_variable, high = _at(parser, token, upper) if upper is not None else (None, None)
    variable = variable or high_variable
    if high_variable is not None and high_variable != variable:
        raise parser.error("the two limits of an evaluation bar name different variables", token)
    if variable is None:
        free = sorted(value.free_symbols - set(parser.bound.values()), key=str)
        if high is None or len(free) != 1:
            raise parser.error("name the variable of an evaluation bar, as in F \\Big|_{x=a} or F \\Big|_{x=a}^{b}",
                               token)
        variable = free[0]
    if high is None:
        return sp.Subs(value, variable, low)
    return sp.Subs(value, variable, high) - sp.Subs(value, variable, low)


def _at(parser: Parser, token: Token, script: list[Token]) -> tuple[sp.Symbol | None, sp.Expr]:
    """`x=a` -> (x, a); `a` -> (None, a)."""
    cut = next((k for k, t in enumerate(script) if t.text == "="), None)
    if cut is None:
        return None, algebra.as_scalar(parser.parse_tokens(script))
    variable = parser.parse_tokens(script[:cut])
    if not isinstance(variable, sp.Symbol):
        raise parser.error("an evaluation bar sets a variable, as in |_{x=a}", token)
    return variable, algebra.as_scalar(parser.parse_tokens(script[cut + 1:]))
