"""Read --where conditions: inequalities, number sets, matrix shapes, definitions."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .algebra import is_matrix
from .claim import Definition, read_side, split_relations
from .errors import NotationError
from .roles import Context
from .scripts import split_commas
from .tokens import Token, tokenize

_RELATIONAL = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "<=": sp.LessThan, ">=": sp.GreaterThan,
               "!=": sp.Ne}


@dataclass(frozen=True)
class Conditions:
    """Everything the --where options said, read."""

    relations: tuple[sp.Basic, ...]
    integers: tuple[sp.Symbol, ...]
    definitions: tuple[Definition, ...]
    shapes: tuple[tuple[str, tuple[int, int]], ...]


def read_conditions(where: list[str], context: Context | None = None) -> Conditions:
    """Read every --where entry; shapes first, since the others may use the matrices they declare."""
    relations: list[sp.Basic] = []
    integers: list[sp.Symbol] = []
    definitions: list[Definition] = []
    shapes: dict[str, tuple[int, int]] = {}
    memberships = []
    for text in where:
        tokens = tokenize(text)
        cut = next((k for k, t in enumerate(tokens) if t.text == "\\in"), None)
        if cut is not None:
            memberships.append((text, tokens, cut))
    for text, tokens, cut in memberships:
        shape = _shape(text, tokens[cut + 1:-1])
        if shape is not None:
            shapes[_name(text, tokens[:cut])] = shape
    for text in where:
        tokens = tokenize(text)
        cut = next((k for k, t in enumerate(tokens) if t.text == "\\in"), None)
        if cut is not None:
            _membership(text, tokens, cut, shapes, relations, integers, context)
            continue
        sides, signs = split_relations(text, tokens)
        values = [read_side(text, side, shapes, context) for side in sides]
        if signs == ["="]:
            definitions.append(_definition(text, values[0], values[1]))
            continue
        if not signs or "=" in signs:
            raise NotationError("a condition is an inequality, a set membership or one definition", text)
        for left, sign, right in zip(values, signs, values[1:]):
            if is_matrix(left) or is_matrix(right):
                raise NotationError("a condition must compare scalars", text)
            relations.append(_RELATIONAL[sign](left, right, evaluate=False))
    return Conditions(tuple(relations), tuple(integers), tuple(definitions), tuple(shapes.items()))


def _name(text: str, tokens: list[Token]) -> str:
    """The symbol name that `tokens` (the left of `\\in`) spell, as the reader would name it."""
    value = read_side(text, tokens, {})
    if not isinstance(value, sp.Symbol):
        raise NotationError("only a single symbol can be declared a matrix or vector", text)
    return value.name


def _shape(text: str, tokens: list[Token]) -> tuple[int, int] | None:
    """(rows, cols) of \\mathbb{R}^{m \\times n} or \\mathbb{R}^{n}; None for other sets."""
    words = [t.text for t in tokens]
    if words[:4] != ["\\mathbb", "{", "R", "}"] or len(words) == 4:
        return None
    if words[4] != "^":
        raise NotationError("expected a set such as \\mathbb{R}^{2 \\times 3}", text)
    dims = [w for w in words[5:] if w not in ("{", "}")]
    try:
        if len(dims) == 1:
            return int(dims[0]), 1
        if len(dims) == 3 and dims[1] in ("\\times", "x", "*"):
            return int(dims[0]), int(dims[2])
    except ValueError:
        pass
    raise NotationError("a shape must be given by integers, as in \\mathbb{R}^{2 \\times 3}", text)


def _membership(text: str, tokens: list[Token], cut: int, shapes: dict[str, tuple[int, int]],
                relations: list[sp.Basic], integers: list[sp.Symbol], context: Context | None) -> None:
    words = [t.text for t in tokens[cut + 1:-1]]
    if words[:1] == ["\\mathbb"] and len(words) >= 4:
        if words[4:]:
            return  # a shape, already read
        target = read_side(text, tokens[:cut], shapes, context)
        letter = words[2]
        if letter == "R":
            return
        if letter in ("Z", "N") and isinstance(target, (sp.Symbol, sp.Indexed)):
            integers.append(target)
            if letter == "N":
                relations.append(sp.GreaterThan(target, 1, evaluate=False))
            return
    if words[:1] == ["\\{"] and words[-1:] == ["\\}"]:
        # i \in \{1, 2, 3\} or \{1, \dots, n\}: an integer between the first and the last element.
        target = read_side(text, tokens[:cut], shapes, context)
        parts = split_commas(tokens[cut + 2:-2])
        dots = [k for k, part in enumerate(parts) if [t.text for t in part] in (["\\dots"], ["\\ldots"], ["\\cdots"])]
        values = [read_side(text, part, shapes, context) for k, part in enumerate(parts) if k not in dots]
        consecutive = all(b - a == 1 for a, b in zip(values, values[1:])) and all(v.is_Integer for v in values)
        if isinstance(target, (sp.Symbol, sp.Indexed)) and values and (dots == [len(parts) - 2] or consecutive):
            integers.append(target)
            relations.append(sp.GreaterThan(target, values[0], evaluate=False))
            relations.append(sp.LessThan(target, values[-1], evaluate=False))
            return
        raise NotationError("a finite set of indices reads \\{1, 2, 3\\} or \\{1, \\dots, n\\}", text)
    if words[:1] in (["("], ["["]) and words[-1:] in ([")"], ["]"]):
        target = read_side(text, tokens[:cut], shapes, context)
        body = tokens[cut + 2:-2]
        parts = split_commas(body)
        if len(parts) == 2:
            low, high = (read_side(text, part, shapes, context) for part in parts)
            relations.append((sp.StrictGreaterThan if words[0] == "(" else sp.GreaterThan)(target, low, evaluate=False))
            relations.append((sp.StrictLessThan if words[-1] == ")" else sp.LessThan)(target, high, evaluate=False))
            return
    raise NotationError("unknown set: use \\mathbb{R}, \\mathbb{Z}, \\mathbb{N}, "
                        "\\mathbb{R}^{m \\times n} or an interval", text)


def _definition(text: str, target: object, value: object) -> Definition:
    """p = …, p_i = … (a rule for every i), σ^2 = … (σ the non-negative root), or a linear constraint
    such as y_1 + y_2 + y_3 = 1, solved for its last entry."""
    if isinstance(target, sp.Pow) and target.exp == 2 and isinstance(target.base, (sp.Symbol, sp.Indexed)):
        target, value = target.base, sp.sqrt(value)  # the variance defines the standard deviation
    constraint = False
    if not isinstance(target, (sp.Symbol, sp.Indexed)) and not is_matrix(target) and not is_matrix(value):
        (target, value), constraint = _solved(text, target, value), True
    if not isinstance(target, (sp.Symbol, sp.Indexed)):
        raise NotationError("the left side of a definition must be a single symbol such as p or p_i", text)
    if is_matrix(value):
        raise NotationError("a definition must be a scalar expression", text)
    if isinstance(value, sp.Basic) and target in value.free_symbols:
        raise NotationError("a definition cannot refer to itself", text)
    return Definition(target, value, text, constraint)  # type: ignore[arg-type]


def _solved(text: str, left: sp.Expr, right: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """A linear equality condition solved for its last unknown: Σ_{k=1}^{3} y_k = 1 gives y_3 = 1 − y_1 − y_2."""
    equation = sp.expand((left - right).doit()) if (left - right).has(sp.Sum) else sp.expand(left - right)
    if equation.has(sp.Sum):
        raise NotationError("an equality condition must have numeric limits, or define a single symbol", text)
    unknowns = sorted(equation.atoms(sp.Indexed) | {s for s in equation.free_symbols if isinstance(s, sp.Symbol)
                                                     and not any(s in e.free_symbols
                                                                 for e in equation.atoms(sp.Indexed))},
                      key=sp.default_sort_key)
    for unknown in reversed(unknowns):
        coefficient = equation.coeff(unknown)
        if coefficient.is_number and coefficient != 0 and not (equation - coefficient * unknown).has(unknown):
            return unknown, sp.expand(-(equation - coefficient * unknown) / coefficient)
    raise NotationError("an equality condition must be linear in one of its symbols, or define a single symbol", text)
