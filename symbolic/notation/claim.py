"""A Claim (lhs REL rhs under conditions) and the functions that read one from LaTeX."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .algebra import Value, as_scalar
from .errors import NotationError
from .names import RELATIONS, UNCHECKABLE_RELATIONS
from .parser import Parser
from .roles import Context
from .tokens import Token, tokenize

CLAIM_RELATIONS = ("=", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Definition:
    """`target = value` from a --where: substituted into the claim before checking.

    For an indexed target such as p_i, the target's symbolic indices stand for
    any index: p_i = \\sigma(z_i) also defines p_1, p_2, ….
    """

    target: sp.Expr
    value: sp.Expr
    latex: str


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


def split_relations(source: str, tokens: list[Token]) -> tuple[list[list[Token]], list[str]]:
    """Cut a token list at its top-level relation signs: the sides and the relations between them."""
    sides: list[list[Token]] = [[]]
    relations: list[str] = []
    depth = 0
    tokens = _not_equal(tokens)
    for token in tokens[:-1]:
        if token.kind == "symbol" and token.text in "([{":
            depth += 1
        elif token.kind == "symbol" and token.text in ")]}":
            depth -= 1
        if token.text in UNCHECKABLE_RELATIONS:
            raise NotationError("this relation cannot be checked; use =, \\le, \\ge, < or >",
                                source[token.pos: token.pos + 20])
        if depth == 0 and token.text in RELATIONS and token.kind in ("symbol", "command"):
            relations.append(RELATIONS[token.text])
            sides.append([])
        else:
            sides[-1].append(token)
    while sides[-1] and sides[-1][-1].text in (".", ","):
        sides[-1].pop()  # trailing punctuation of a displayed formula
    for side in sides:
        if not side:
            raise NotationError("a relation needs an expression on both sides", source.strip()[:40])
    return sides, relations


def _not_equal(tokens: list[Token]) -> list[Token]:
    """`!=` is ≠ (as in code), never a factorial followed by `=`."""
    out: list[Token] = []
    for token in tokens:
        if token.text == "=" and out and out[-1].text == "!" and out[-1].pos + 1 == token.pos:
            out[-1] = Token("command", "\\ne", out[-1].pos)
            continue
        out.append(token)
    return out


def read_side(source: str, tokens: list[Token], shapes: dict[str, tuple[int, int]],
              context: Context | None = None) -> Value:
    value = Parser(source, tokens + [Token("end", "", len(source))], shapes, context=context).parse_tokens(tokens)
    if isinstance(value, sp.Basic) and value.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise NotationError("this side is undefined or infinite (a division by zero?)",
                            source[tokens[0].pos: tokens[-1].pos + len(tokens[-1].text)].strip()[:40])
    return as_scalar(value)


def read_chain(source: str, shapes: dict[str, tuple[int, int]] | None = None,
               context: Context | None = None) -> tuple[list[Value], list[str]]:
    """All sides and relations of `a = b = c` or `0 < p < 1`."""
    sides, relations = split_relations(source, tokenize(source))
    return [read_side(source, side, shapes or {}, context) for side in sides], relations
