"""The reader's larger constructs: fractions and derivatives, sums and products, matrices."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

from . import algebra
from .algebra import Value, is_matrix
from .errors import NotationError
from .identity import has_identity
from .layout import by_vector_or_matrix
from .names import DECORATIONS, GREEK
from .prose import PROSE_COMMANDS, prose_text
from .relations import split_relations
from .roles import TERM
from .scripts import text_of
from .tokens import Token

if TYPE_CHECKING:
    from .parser import Parser

MATRIX_ENVIRONMENTS = frozenset({"pmatrix", "bmatrix", "matrix", "Bmatrix"})
UPRIGHT = frozenset({"\\mathrm", "\\text", "\\operatorname", "\\textrm", "\\mathit", "\\mbox"})


def differential(tokens: list[Token], k: int = 0) -> tuple[str, int] | None:
    """The differential mark at tokens[k] and its length in tokens, or None.

    `d`, `\\mathrm{d}`, `\\text{d}`, `\\operatorname{d}`, `\\mathrm d` are the same mark "d";
    `\\partial` is "\\partial". A `d` with a subscript (d_1) is a variable, not a mark.
    """
    if k >= len(tokens) or tokens[k].kind == "end":
        return None
    token = tokens[k]
    if token.text == "\\partial":
        return "\\partial", 1
    if token.kind == "letter" and token.text == "d":
        after = tokens[k + 1].text if k + 1 < len(tokens) else ""
        return None if after == "_" else ("d", 1)
    if token.text in UPRIGHT:
        texts = [t.text for t in tokens[k + 1: k + 4]]
        if texts == ["{", "d", "}"]:
            return "d", 4
        if texts[:1] == ["d"]:
            return "d", 2
    return None


def fraction(parser: Parser, token: Token) -> Value:
    """\\frac{a}{b}, or a derivative \\frac{d}{dx}, \\frac{\\partial C}{\\partial w^{l}_{jk}}, \\frac{d^2 y}{dx^2}."""
    numerator = parser.group_tokens()
    denominator = parser.group_tokens()
    top, bottom = differential(numerator), differential(denominator)
    if top is not None and bottom is not None and top[0] == bottom[0]:
        return derivative(parser, token, numerator, denominator)
    if top is not None and top[1] > 1 or bottom is not None and bottom[1] > 1:
        raise parser.error("a derivative needs the same differential above and below, "
                           "as in \\frac{\\mathrm{d}y}{\\mathrm{d}x}", token)
    top_value, bottom_value = parser.parse_tokens(numerator), parser.parse_tokens(denominator)
    return algebra.divide(top_value, bottom_value)


def derivative(parser: Parser, token: Token, numerator: list[Token], denominator: list[Token]) -> Value:
    mark, length = differential(numerator)  # type: ignore[misc]
    rest = numerator[length:]
    order = None
    if rest and rest[0].text == "^":
        sub = parser.child(rest[1:])
        order_tokens = sub.group_tokens()
        order = parser.parse_tokens(order_tokens)
        rest = sub.tokens[sub.i:-1]
    variables = _variables(parser, token, mark, denominator)
    total = sum(count for _, count in variables)
    if order is not None and sp.sympify(order) != total:
        raise parser.error(f"the order {order} in the numerator differs from the {total} in the denominator", token)
    written = parser.source[token.pos: denominator[-1].pos + len(denominator[-1].text) + 1].strip()
    body = algebra.as_scalar(parser.parse_tokens(rest) if rest else operator_body(parser, written, None))
    if any(isinstance(v, sp.MatrixSymbol) for v, _ in variables):
        vector, count = variables[0]  # ∂L/∂θ, ∂y/∂x, ∂L/∂W: in either layout (layout.py)
        if len(variables) != 1 or count != 1:
            raise parser.error("only first derivatives with respect to a vector or matrix are supported", token)
        try:
            return by_vector_or_matrix(body, vector, parser.context, token.text)
        except NotationError as error:
            raise parser.error(str(error).split(": '")[0], token) from None
    if is_matrix(body):
        raise parser.error("derivatives of matrices are not supported; differentiate an entry", token)
    return sp.Derivative(body, *variables, evaluate=False)


def partial_operator(parser: Parser, token: Token) -> Value:
    """\\partial_x f, \\partial_{w_j} L: the partial derivative of the product that follows."""
    if not parser.at("_"):
        raise parser.error("\\partial outside a derivative; "
                           "write \\frac{\\partial f}{\\partial x} or \\partial_x f", token)
    parser.next()
    script = parser.group_tokens()
    variables = _variables(parser, token, "\\partial", [token, *script])
    if any(isinstance(v, sp.MatrixSymbol) for v, _ in variables):
        raise parser.error("write the gradient as \\nabla_{\\mathbf{w}} f "
                           "or \\frac{\\partial f}{\\partial \\mathbf{w}}", token)
    body = algebra.as_scalar(operator_body(parser, f"\\partial_{{{text_of(script)}}}", None))
    if is_matrix(body):
        raise parser.error("derivatives of matrices are not supported; differentiate an entry", token)
    return sp.Derivative(body, *variables, evaluate=False)


def _variables(parser: Parser, token: Token, mark: str, tokens: list[Token]) -> list[tuple[sp.Expr, int]]:
    """The (variable, count) pairs of a denominator such as `\\partial x \\partial y` or `dx^2`."""
    sub = parser.child(tokens)
    found: list[tuple[sp.Expr, int]] = []
    while sub.peek().kind != "end":
        here = differential(sub.tokens, sub.i)
        if here is None or here[0] != mark:
            raise sub.error(f"expected '{mark}' before each variable")
        sub.i += here[1]
        name = sub.next()
        if name.kind == "letter":
            value = sub.scripted_symbol(name.text, name, denominator=True)
        elif name.kind == "command" and name.text[1:] in GREEK:
            value = sub.scripted_symbol(name.text[1:], name, denominator=True)
        elif name.kind == "command" and name.text[1:] in DECORATIONS:
            inner = sub.group_tokens()
            value = sub.scripted_symbol(f"{name.text}{{{text_of(inner)}}}", name, denominator=True)
        else:
            raise sub.error("expected a variable after the differential", name)
        variable, count = (value[0], value[1]) if isinstance(value, sp.Tuple) else (value, sp.Integer(1))
        vector = isinstance(variable, sp.MatrixSymbol)  # ∂L/∂θ: allowed alone, checked by the caller
        if not (vector or isinstance(variable, (sp.Symbol, sp.Indexed))) or variable in parser.bound.values():
            raise parser.error("can only differentiate with respect to a variable", token)
        if not (count.is_Integer and count > 0):
            raise parser.error("the order of a derivative must be a positive integer", token)
        found.append((variable, int(count)))
    if not found:
        raise parser.error("a derivative needs a variable", token)
    return found


OPERATORS = frozenset({"\\sum", "\\prod", "\\int", "\\partial", "\\nabla", "\\max", "\\min"})


def operator_body(parser: Parser, written: str, index: str | None) -> Value:
    """The body of \\frac{d}{dx}, \\partial_x or \\sum_i: the product that follows it; or, where a term follows
    (+ or −) and no other operator does, also the rest of the expression, as a second reading (roles.py: "scope").

    After a derivative any such term makes two readings (d/dx x^2 + 3: 2x + 3 or 2x); after a sum only a term
    that uses its index (\\sum_i x_i + y_i), since \\sum_j w_j x_j + b adds b once in every text."""
    body = parser.product()
    if not parser.at("+", "-") or not _open_scope(parser, index):
        return body
    parser.context.survey.scopes.add(written)
    if parser.context.meaning(written, TERM) == TERM:
        return body
    while parser.at("+", "-"):
        sign = parser.next().text
        term = parser.product()
        body = algebra.add(body, algebra.negate(term) if sign == "-" else term)
    return body


def _open_scope(parser: Parser, index: str | None) -> bool:
    """No operator follows at this level, and (for a sum) a later term writes its index."""
    later = parser.tokens[parser.i:]
    for k, token in enumerate(later):
        if token.text in OPERATORS or (token.text in ("\\frac", "\\dfrac", "\\tfrac") and k + 2 < len(later)
                                       and later[k + 1].text == "{" and differential(later, k + 2) is not None):
            return False
    return index is None or any(t.text.lstrip("\\") == index for t in later if t.kind in ("letter", "command"))


def big_operator(parser: Parser, token: Token, kind: type) -> Value:
    """\\sum_{i=1}^{n} body and \\prod_{i=1}^{n} body; the body is the rest of the product."""
    lower, upper = parser.scripts()
    return _bound_body(parser, token, kind, lower, upper)


def family_extremum(parser: Parser, token: Token, kind: type) -> Value:
    """\\max_i z_i, \\max_{i=1}^{n} z_i, \\max_{1 \\le i \\le n} z_i: the largest (smallest) member of a family.

    The index must index the body's entries (z_i, w_{ij}); \\max_x f(x) over a variable is not a family
    and is refused, as the maximum over a real variable is another thing.
    """
    lower, upper = parser.scripts()
    if upper is None and lower is not None and len(lower) >= 5 and [t.text for t in lower].count("\\le") == 2:
        first, second = (k for k, t in enumerate(lower) if t.text == "\\le")
        if second == first + 2 and lower[first + 1].kind == "letter":  # 1 \le i \le n  →  i = 1 … n
            name = lower[first + 1]
            lower, upper = [name, Token("symbol", "=", name.pos), *lower[:first]], lower[second + 1:]
    value = _bound_body(parser, token, kind, lower, upper)
    index = value.limits[0][0]
    entries = value.function.atoms(sp.Indexed)
    outside = value.function.xreplace({e: sp.Dummy() for e in entries}).free_symbols
    if index in outside or not any(index in e.free_symbols for e in entries):
        raise parser.error(f"{token.text}_{{{index}}} is read over a family indexed by {index}, as in "
                           f"{token.text}_{{{index}}} z_{{{index}}}; a maximum over a real variable is not read", token)
    return value


def _bound_body(parser: Parser, token: Token, kind: type, lower: list[Token] | None,
                upper: list[Token] | None) -> Value:
    if lower is not None and upper is None and len(lower) == 1 and lower[0].kind in ("letter", "command"):
        # \sum_i x_i: over the family's whole range 1…n (the claim's own n when its sums share one).
        name, start, stop = lower[0].text.lstrip("\\"), sp.Integer(1), parser.context.survey.implicit_size()
    elif lower is None or upper is None or len(lower) < 3 or lower[1].text != "=":
        raise parser.error(f"{token.text} needs an index, as in {token.text}_{{i=1}}^{{n}} "
                           f"or {token.text}_{{i}}", token)
    else:
        name = lower[0].text.lstrip("\\")
        start, stop = parser.parse_tokens(lower[2:]), parser.parse_tokens(upper)
        _index_outside_its_limits(parser, token, name, start, stop)
        if start == 1 and isinstance(stop, sp.Symbol):
            parser.context.survey.explicit_sizes.add(stop.name)
        if not is_matrix(start) and not is_matrix(stop):
            parser.context.survey.counts |= {s.name for s in (start.free_symbols | stop.free_symbols)}
    if lower[0].kind not in ("letter", "command"):
        raise parser.error("the summation index must be a letter", token)
    parser.context.survey.force(name, "product", text_of(lower))  # an index is a number, never a function
    if is_matrix(start) or is_matrix(stop):
        raise parser.error("limits must be scalars", token)
    index = sp.Symbol(name, integer=True)
    saved = parser.bound.get(name)
    parser.bound[name] = index
    try:
        written = f"{token.text}_{{{text_of(lower)}}}" + (f"^{{{text_of(upper)}}}" if upper is not None else "")
        body = operator_body(parser, written, name)
    finally:
        if saved is None:
            parser.bound.pop(name)
        else:
            parser.bound[name] = saved
    if is_matrix(body):
        raise parser.error(f"{token.text} of matrices is not supported", token)
    if upper is None and index not in body.free_symbols:
        # Nielsen's \sum_x [y \ln a] sums over examples x that the body leaves implicit: no meaning here.
        raise parser.error(f"the body of {token.text}_{name} does not depend on {name}; write the entries "
                           f"that change with it, as in {token.text}_{name} y_{name}", token)
    if upper is None and not any(index in e.free_symbols for e in body.atoms(sp.Indexed)):
        # \sum_x p(x) = 1 runs over the values of a random variable, which the claim does not give: not 1…n.
        raise parser.error(f"{token.text}_{name} without limits runs over the entries of a family indexed by {name}, "
                           f"as in {token.text}_{name} y_{name}; here {name} indexes no entry (a sum over the values "
                           f"of a variable?): write the range, {token.text}_{{{name}=1}}^{{n}}", token)
    return kind(body, (index, start, stop))


def _index_outside_its_limits(parser: Parser, token: Token, name: str, *limits: Value) -> None:
    """\\sum_{n=1}^{n} n and \\int_0^x x \\, dx bind the letter their limit uses: two meanings for one letter."""
    if any(isinstance(limit, sp.Basic) and name in {s.name for s in limit.free_symbols} for limit in limits):
        example = "\\int_0^x t \\, dt" if token.text == "\\int" else f"{token.text}_{{k=1}}^{{n}} k"
        raise parser.error(f"the variable {name} of {token.text} also appears in its own limits: rename it, "
                           f"as in {example}", token)


def matrix_environment(parser: Parser, token: Token) -> Value:
    """\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} as an explicit matrix;
    \\begin{cases} as a piecewise function."""
    name = "".join(t.text for t in parser.group_tokens())
    if name not in MATRIX_ENVIRONMENTS and name not in ("cases", "vmatrix"):
        raise parser.error(f"unsupported environment '{name}'", token)
    start, depth = parser.i, 0
    while not (parser.at("\\end") and depth == 0):
        step = parser.next()
        if step.kind == "end":
            raise parser.error(f"missing \\end{{{name}}}", token)
        depth += step.text in ("{", "(", "[") and step.kind == "symbol"
        depth -= step.text in ("}", ")", "]") and step.kind == "symbol"
    body = parser.tokens[start: parser.i]
    parser.next()
    closing = "".join(t.text for t in parser.group_tokens())
    if closing != name:
        raise parser.error(f"\\begin{{{name}}} closed by \\end{{{closing}}}", token)
    rows = _split(body, "\\\\")
    if rows and not rows[-1]:
        rows.pop()  # a trailing \\ before \end
    if name == "cases":
        return _cases(parser, token, rows)
    cells = [[parser.parse_tokens(cell) for cell in _split(row, "&")] for row in rows]
    if not cells or any(len(row) != len(cells[0]) for row in cells):
        raise parser.error("matrix rows have different lengths", token)
    if any(is_matrix(entry) or has_identity(entry) for row in cells for entry in row):
        raise parser.error("block matrices are not supported", token)
    if name == "vmatrix":  # |a b; c d|: the determinant of the array, as every linear-algebra text writes it
        if len(cells) != len(cells[0]):
            raise parser.error("a vmatrix (a determinant) needs as many rows as columns", token)
        return sp.ImmutableMatrix(cells).det()
    return sp.ImmutableMatrix(cells)


def _split(tokens: list[Token], separator: str) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        depth += token.text in ("{", "(", "[") and token.kind == "symbol"
        depth -= token.text in ("}", ")", "]") and token.kind == "symbol"
        if token.text == separator and depth == 0:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


__all__ = ["fraction", "partial_operator", "big_operator", "matrix_environment", "differential", "NotationError"]


OTHERWISE = frozenset({"otherwise", "else", "elsewhere", "sonst"})
CONDITION_WORDS = frozenset({"if", "for", "when", "whenever", "where", ""})
_RELATIONAL = {"<": sp.StrictLessThan, ">": sp.StrictGreaterThan, "<=": sp.LessThan, ">=": sp.GreaterThan,
               "!=": sp.Ne, "=": sp.Eq}


def _cases(parser: Parser, token: Token, rows: list[list[Token]]) -> sp.Expr:
    """\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}: undefined where no case holds."""
    pieces = []
    for row in rows:
        cells = _split(row, "&")
        if len(cells) != 2 or not cells[0]:
            raise parser.error("each case needs a value & a condition", token)
        value_tokens = cells[0][:-1] if cells[0][-1].text == "," else cells[0]
        value = parser.parse_tokens(value_tokens)
        pieces.append((value, condition(parser, token, cells[1])))
    return sp.Piecewise(*pieces)


def condition(parser: Parser, token: Token, tokens: list[Token]) -> sp.Basic:
    """`x > 0`, `\\text{if } 0 \\le x < 1`, `\\text{otherwise}`: a SymPy condition."""
    while tokens and tokens[-1].text in (".", ",", ";"):
        tokens = tokens[:-1]
    words = ""
    if tokens and tokens[0].text in PROSE_COMMANDS:
        words, after = prose_text(parser.source, [*tokens, Token("end", "", 0)], 0)
        tokens = tokens[after:]
    words = " ".join(words.replace(",", " ").split()).lower()
    if words in OTHERWISE and not tokens:
        return sp.true
    if words not in CONDITION_WORDS or not tokens:
        raise parser.error("a condition reads x > 0, \\text{if } x > 0 or \\text{otherwise}", token)
    sides, relations = split_relations(parser.source, [*tokens, Token("end", "", 0)])
    if not relations:
        raise parser.error("a condition needs a relation, as in x > 0", token)
    values = [parser.parse_tokens(side) for side in sides]
    return sp.And(*[_RELATIONAL[r](a, b) for a, b, r in zip(values, values[1:], relations)])


def integral(parser: Parser, token: Token) -> Value:
    """\\int_{a}^{b} f(t) \\, \\mathrm{d}t, the definite integral, or \\int f(x) \\, dx, the indefinite one
    (an antiderivative, read only as a whole side of a claim: see indefinite_sides). The differential is required."""
    lower, upper = parser.scripts()
    if (lower is None) != (upper is None):
        raise parser.error("an integral needs both limits or none, as in \\int_{0}^{x} f(t) \\, \\mathrm{d}t "
                           "or \\int f(x) \\, dx", token)
    start, depth, nested = parser.i, 0, 0
    while True:
        here = parser.peek()
        if here.kind == "end" or (depth == 0 and here.text in ("=", "<", ">", "\\le", "\\ge", "\\leq", "\\geq")):
            raise parser.error("an integral needs its differential, as in \\mathrm{d}t", token)
        nested += depth == 0 and here.text == "\\int"  # \int\int f \, dx \, dy: the inner integral takes dx
        mark = differential(parser.tokens, parser.i)
        if depth == 0 and mark is not None and mark[0] == "d":
            variable_token = parser.peek(mark[1])
            if (variable_token.kind == "letter"
                    or (variable_token.kind == "command" and variable_token.text[1:] in GREEK)):
                if not nested:
                    break
                nested -= 1
                parser.i += mark[1]
        depth += here.text in ("(", "[", "{") and here.kind == "symbol"
        depth -= here.text in (")", "]", "}") and here.kind == "symbol"
        parser.next()
    body_tokens = parser.tokens[start: parser.i]
    parser.i += mark[1]
    variable = sp.Symbol(parser.next().text.lstrip("\\"), real=True)
    low, high = (parser.parse_tokens(lower), parser.parse_tokens(upper)) if lower is not None else (None, None)
    _index_outside_its_limits(parser, token, variable.name, low, high)
    saved = parser.bound.get(variable.name)
    parser.bound[variable.name] = variable
    try:
        body = parser.parse_tokens(body_tokens)
    finally:
        if saved is None:
            parser.bound.pop(variable.name)
        else:
            parser.bound[variable.name] = saved
    if is_matrix(body):
        raise parser.error("integrals of matrices are not supported", token)
    return sp.Integral(body, (variable, low, high)) if low is not None else sp.Integral(body, variable)


def is_indefinite(value: object) -> bool:
    """An integral without limits: \\int f(x) \\, dx."""
    return isinstance(value, sp.Integral) and any(len(limit) == 1 for limit in value.limits)


def indefinite_sides(values: list[Value], relations: list[str], source: str) -> None:
    """An indefinite integral is an antiderivative up to a constant: only `\\int f \\, dx = F + C` means something.

    It must be one whole side of an equality; inside a larger expression, on both sides or under ≤ it is refused.
    """
    nested = [v for v in values if isinstance(v, sp.Basic) and not is_indefinite(v)
              and v.has(sp.Integral) and any(is_indefinite(i) for i in v.atoms(sp.Integral))]
    whole = [v for v in values if is_indefinite(v)]
    if nested:
        raise NotationError("an indefinite integral must be a whole side, as in \\int f(x) \\, dx = F(x) + C",
                            source.strip()[:40])
    if whole and (len(whole) > 1 or relations != ["="]):
        raise NotationError("an indefinite integral is checked only as \\int f(x) \\, dx = F(x) + C "
                            "(one integral, one =)", source.strip()[:40])
