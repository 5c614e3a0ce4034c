"""Cut a formula at its top-level relation signs (=, \\le, <, …): the sides and the relations."""

from __future__ import annotations

from .errors import NotationError
from .names import EXPECTATIONS, RELATIONS, UNCHECKABLE_RELATIONS
from .tokens import Token


def split_relations(source: str, tokens: list[Token]) -> tuple[list[list[Token]], list[str]]:
    """Cut a token list at its top-level relation signs: the sides and the relations between them."""
    sides: list[list[Token]] = [[]]
    relations: list[str] = []
    depth = 0
    tokens = _not_equal(tokens)
    for token in tokens[:-1]:
        if token.kind == "symbol" and token.text in "([{" or token.text in ("\\begin", "\\{"):
            depth += 1  # \mathbb{1}\{y = k\}: the = inside the braces is the indicator's, not the claim's
        elif token.kind == "symbol" and token.text in ")]}" or token.text in ("\\end", "\\}"):
            depth -= 1
        if token.text in ("\\lim", "\\liminf", "\\limsup"):  # before its \to is taken for a relation
            raise NotationError("limits \\lim_{x \\to a} are not read: dlmath checks identities and inequalities; "
                                "state the claim about the expression itself, with its conditions in --where",
                                source[token.pos: token.pos + 20])
        if token.text == "\\sim" and depth:  # E_{x \sim p}[f(x)]: a distribution in a script, not a relation
            raise NotationError(EXPECTATIONS, source[token.pos: token.pos + 20])
        if token.text in UNCHECKABLE_RELATIONS:
            raise NotationError("this relation cannot be checked; use =, \\le, \\ge, < or >",
                                source[token.pos: token.pos + 20])
        if depth == 0 and token.text in RELATIONS and token.kind in ("symbol", "command"):
            relations.append(RELATIONS[token.text])
            sides.append([])
        else:
            sides[-1].append(token)
    while sides[-1] and sides[-1][-1].text in (".", ",", ";"):
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
