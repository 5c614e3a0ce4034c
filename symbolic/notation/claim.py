"""A Claim (lhs REL rhs under conditions) and the functions that read one from LaTeX."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .algebra import Value, as_scalar
from .errors import NotationError
from .evaluation import evaluated, evaluation_bar
from .parser import Parser
from .relations import split_relations
from .roles import Context
from .tokens import Token, tokenize

CLAIM_RELATIONS = ("=", "<=", ">=", "<", ">", "!=")

__all__ = ["Claim", "Definition", "CLAIM_RELATIONS", "split_relations", "read_side", "read_chain"]


@dataclass(frozen=True)
class Definition:
    """`target = value` from a --where: substituted into the claim before checking.

    For an indexed target such as p_i, the target's symbolic indices stand for
    any index: p_i = \\sigma(z_i) also defines p_1, p_2, ….
    """

    target: sp.Expr
    value: sp.Expr
    latex: str
    constraint: bool = False  # y_1 + y_2 + y_3 = 1: a condition on the point, applied after differentiating


@dataclass(frozen=True)
class Claim:
    """lhs REL rhs, with the conditions it is claimed under."""

    lhs: Value
    relation: str
    rhs: Value
    source: str = ""
    conditions: tuple[sp.Basic, ...] = ()
    integers: tuple[sp.Symbol, ...] = ()
    definitions: tuple[Definition, ...] = ()
    shapes: tuple[tuple[str, tuple[int, int]], ...] = ()
    where: tuple[str, ...] = field(default=())
    implicit_sizes: tuple[sp.Symbol, ...] = ()  # the n of sums written without limits, a name not written

    # Displays (symbolic/display.py): the claim as read, in dlmath's own notation.
    def __repr__(self) -> str:
        from ..display import claim_text
        return claim_text(self)

    def _repr_html_(self) -> str:
        from ..display import claim_html
        return claim_html(self)

    def _repr_latex_(self) -> str:
        from ..display import claim_latex
        return claim_latex(self)


def read_side(source: str, tokens: list[Token], shapes: dict[str, tuple[int, int]],
              context: Context | None = None) -> Value:
    parser = Parser(source, tokens + [Token("end", "", len(source))], shapes, context=context)
    bar = evaluation_bar(tokens)
    value = parser.parse_tokens(tokens) if bar is None else evaluated(parser, tokens, bar)
    limits_free = value.replace(lambda e: isinstance(e, (sp.Integral, sp.Sum)), lambda e: sp.Dummy()) \
        if isinstance(value, sp.Basic) else value  # ∫_{-∞}^{x}: an infinite limit is not an infinite value
    if isinstance(value, sp.Basic) and limits_free.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise NotationError("this side is undefined or infinite (a division by zero?)",
                            source[tokens[0].pos: tokens[-1].pos + len(tokens[-1].text)].strip()[:40])
    return as_scalar(value)


def read_chain(source: str, shapes: dict[str, tuple[int, int]] | None = None,
               context: Context | None = None) -> tuple[list[Value], list[str]]:
    """All sides and relations of `a = b = c` or `0 < p < 1`."""
    sides, relations = split_relations(source, tokenize(source))
    return [read_side(source, side, shapes or {}, context) for side in sides], relations
