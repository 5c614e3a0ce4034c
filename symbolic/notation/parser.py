"""A strict recursive-descent reader from DL-notation LaTeX to SymPy.

Grammar, loosest first:
    expression := [+|-] product {(+|-) product}
    product    := factor {[* | \\cdot | \\times | / | \\odot] factor}
    factor     := atom [^ script] [!]
and the operators \\sum, \\prod and \\frac{d}{dx} take the rest of the
product they stand in as their body. Anything outside this grammar is a
NotationError quoting the fragment: the reader never guesses.
"""

from __future__ import annotations

import sympy as sp

from . import algebra
from .algebra import Value, is_matrix
from .calculus import is_indefinite
from .commands import CLOSERS, CommandsMixin
from .entries import entry
from .errors import NotationError
from .identity import PRIME_ON_MATRIX
from .names import DECORATIONS, WORD_COMMANDS
from .roles import Context
from .scripts import is_transpose, split_indices, text_of
from .symbols import SymbolsMixin
from .tokens import Token, tokenize


def as_scalar_trace(matrix: Value) -> Value:
    """tr(AᵀA), the sum of the squared entries."""
    return sp.Trace(sp.MatMul(sp.Transpose(matrix), matrix))


FACTOR_STARTERS = frozenset({"(", "[", "{", "|", "\\{", "\\|", "\\lVert", "\\lvert"})


class Parser(CommandsMixin, SymbolsMixin):
    """Reads one side of a claim from its tokens."""

    def __init__(self, source: str, tokens: list[Token], shapes: dict[str, tuple[int, int]],
                 bound: dict[str, sp.Symbol] | None = None, context: Context | None = None) -> None:
        self.source = source
        self.tokens = tokens
        self.shapes = shapes
        self.bound = dict(bound or {})
        self.context = context if context is not None else Context()
        self.i = 0
        self.abs_depth = 0
        self.sup_first = False  # set by scripts(): the superscript was written before the subscript

    # ----------------------------------------------------------------- cursor
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
        token = self.peek()
        self.i += 1
        return token

    def at(self, *texts: str) -> bool:
        return self.peek().is_(*texts)

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.error(f"expected '{text}'")
        return self.next()

    def error(self, message: str, token: Token | None = None) -> NotationError:
        token = token or self.peek()
        if token.kind == "end":
            return NotationError(f"{message} at the end of", self.source.strip()[-30:])
        return NotationError(message, self.source[token.pos: token.pos + 24].strip())

    def child(self, tokens: list[Token]) -> Parser:
        end = Token("end", "", tokens[-1].pos + len(tokens[-1].text) if tokens else self.peek().pos)
        return Parser(self.source, [*tokens, end], self.shapes, self.bound, self.context)

    def parse_tokens(self, tokens: list[Token]) -> Value:
        """A complete expression made of exactly `tokens`."""
        if not tokens:
            raise self.error("empty group")
        child = self.child(tokens)
        value = child.expression()
        if child.peek().kind != "end":
            raise child.error("unexpected")
        return value

    def group_tokens(self) -> list[Token]:
        """The tokens of a script or argument: a braced group, or a single token."""
        token = self.next()
        if token.text == "{" and token.kind == "symbol":
            return self.until("}")
        if token.kind == "end":
            raise self.error("missing argument", token)
        if token.kind == "command" and token.text[1:] in WORD_COMMANDS | DECORATIONS:
            if self.at("{"):
                return [token, self.next(), *self.until("}")]
            if self.peek().kind in ("letter", "number"):  # \mathsf T is \mathsf{T}, as TeX reads it
                inner = self.next()
                return [token, Token("symbol", "{", inner.pos), inner, Token("symbol", "}", inner.pos)]
            return [token]
        if token.kind == "number" and len(token.text) > 1 and "." not in token.text:
            # \frac12 and x^23: TeX takes one digit; the rest stays in the stream.
            rest = Token("number", token.text[1:], token.pos + 1)
            self.tokens.insert(self.i, rest)
            return [Token("number", token.text[0], token.pos)]
        return [token]

    def until(self, closer: str) -> list[Token]:
        """Tokens up to the matching `closer` (consumed, not returned)."""
        start, depth = self.i, 0
        while True:
            token = self.next()
            if token.kind == "end":
                raise self.error(f"missing '{closer}'", self.tokens[start - 1])
            if token.text in ("{", "(", "[", "\\{") and token.kind in ("symbol", "command"):
                depth += 1
            elif token.text == closer and depth == 0:
                return self.tokens[start: self.i - 1]
            elif token.text in ("}", ")", "]", "\\}"):
                depth -= 1

    # ---------------------------------------------------------------- grammar
    def expression(self) -> Value:
        value: Value | None = None
        while True:
            sign = self.next().text if self.at("+", "-") else None
            if value is not None and sign is None:
                return value
            term = self.product()
            term = algebra.negate(term) if sign == "-" else term
            value = term if value is None else algebra.add(value, term)

    def starts_factor(self, token: Token) -> bool:
        if token.kind in ("number", "letter"):
            return True
        if token.kind == "command":
            if token.text == "\\|":
                return self.abs_depth == 0
            return token.text not in ("\\cdot", "\\times", "\\odot", "\\circ", "\\otimes", "\\rangle",
                                       "\\\\", "\\}", "\\rVert", "\\rvert",
                                       "\\end", "\\right") and not token.text.startswith("\\le") and \
                token.text not in ("\\ge", "\\geq", "\\ne", "\\neq", "\\in")
        if token.text == "|":
            return self.abs_depth == 0
        return token.text in FACTOR_STARTERS

    def product(self) -> Value:
        value = self.factor()
        while True:
            token = self.peek()
            if token.is_("\\cdot"):
                self.next()
                value = algebra.dot(value, self.factor())
            elif token.is_("*", "\\times"):
                self.next()
                value = algebra.multiply(value, self.factor())
            elif token.is_("/"):
                slash = self.next()
                value = algebra.divide(value, self.factor())
                self.refuse_slash_juxtaposition(slash)
            elif token.is_("\\odot"):
                self.next()
                value = algebra.hadamard(value, self.factor())
            elif token.is_("\\circ"):
                circle = self.next()
                operand = self.factor()
                if not (is_matrix(value) and is_matrix(operand)):  # f \circ g: composition, not read
                    raise self.error("\\circ is read only between two matrices or vectors (the Hadamard product); "
                                     "write a composition as f(g(x))", circle)
                value = algebra.hadamard(value, operand)
            elif token.is_("\\otimes"):
                self.next()
                value = algebra.kronecker(value, self.factor())
            elif self.starts_factor(token):
                self.refuse_number_juxtaposition(self.tokens[self.i - 1], token)
                value = algebra.multiply(value, self.factor())
            else:
                return value

    def refuse_slash_juxtaposition(self, slash: Token) -> None:
        """a/bc is (a/b)c to a parser and a/(bc) to many authors; d/dx x^2 and dy/dx are derivatives, not
        products of d's: a slash whose denominator runs on into a product has no single meaning."""
        if not self.starts_factor(self.peek()):
            return
        denominator = self.tokens[self.tokens.index(slash) + 1]
        if denominator.text in ("d", "\\mathrm", "\\partial", "\\operatorname"):
            raise self.error("a derivative written with a slash (d/dx, dy/dx) is not read: "
                             "write \\frac{d}{dx} f(x) or \\frac{dy}{dx}", slash)
        raise self.error("a/b c has two readings, (a/b) c and a/(b c): write \\frac{a}{b} c or \\frac{a}{b c}",
                         slash)

    def refuse_number_juxtaposition(self, before: Token, token: Token) -> None:
        """2 3, 1.5E3 (E-notation or 1.5·E·3?) and 4\\frac{3}{8} (a mixed number or 4·3/8?) have no single meaning."""
        if before.kind != "number":
            return
        if token.kind == "number":
            raise self.error("two numbers in a row")
        texts = [self.peek(k).text for k in range(1, 7)]
        numeric = [self.peek(k).kind for k in (2, 5)] == ["number", "number"] and \
            texts[0] == texts[3] == "{" and texts[2] == texts[5] == "}"
        if token.text in ("\\frac", "\\dfrac", "\\tfrac") and (numeric or self.peek(1).kind == "number"):
            raise self.error("a number before a fraction is a mixed number or a product: write "
                             "4 + \\frac{3}{8} or 4 \\cdot \\frac{3}{8}", before)
        after = self.peek(1)
        if token.text in ("e", "E") and token.pos == before.pos + len(before.text) and \
                (after.kind == "number" or after.text in ("-", "+")) and after.pos == token.pos + 1:
            raise self.error("E-notation is not read: write 1.5 \\cdot 10^{3}", before)

    def factor(self) -> Value:
        start = self.i
        value = self.atom()
        scripted = _superscripted(self.tokens[start:self.i])  # x^{2} read by the letter: a ^ after it is a second
        while self.at("^", "!"):
            caret = self.next()
            if caret.text == "!":
                big = getattr(value, "is_Integer", False) and value > 256
                value = sp.factorial(value, evaluate=not big)
                continue
            # 2^3^2: TeX refuses a double superscript; is it 2^{(3^2)} = 512 or (2^3)^2 = 64? (A ^ the reader put
            # in itself, the transpose of W^{(l)T} after its label, is not the author's.)
            if scripted and self.source[caret.pos: caret.pos + 1] == "^":
                raise self.error("a^b^c is a double superscript (TeX refuses it): write a^{b^c} or (a^b)^c", caret)
            scripted = True
            script = self.group_tokens()
            if self.transposes(script, value):
                value = algebra.transpose(value, text_of(script))
            else:
                value = algebra.power(value, self.parse_tokens(script), "^" + text_of(script))
        if self.at("'"):
            if is_matrix(value):
                raise self.error(PRIME_ON_MATRIX)
            raise self.error("a prime is only understood on a known function such as \\sigma'(z)")
        return value

    def transposes(self, script: list[Token], value: Value) -> bool:
        """^T and ^\\top transpose, except ^T of a number where T counts terms (\\gamma^T beside
        \\sum_{t=1}^{T}): there it is the power, as every reinforcement-learning text means it."""
        if not is_transpose(script):
            return False
        return not (text_of(script) == "T" and "T" in self.context.survey.counts and not is_matrix(value))

    def atom(self) -> Value:
        token = self.peek()
        if token.kind == "number":
            self.next()
            return sp.Rational(token.text)
        if token.kind == "letter":
            return self.letter()
        if token.kind == "command":
            return self.command()
        if token.text in CLOSERS:
            self.next()
            value = algebra.as_scalar(self.parse_tokens(self.until(CLOSERS[token.text])))
            if is_matrix(value) and self.at("_"):  # (A x)_j, (AB)_{12}: an entry (entries.py)
                self.next()
                script = self.group_tokens()
                indices = [self.index(part) for part in split_indices(script)]
                if any(i in self.bound.values() for i in indices):
                    raise self.error("a summed index of a matrix expression, \\sum_j (A x)_j, is not read: "
                                     "write the sum of its numbered entries", token)
                return entry(value, indices, "_" + text_of(script))
            return value
        if token.text == "|" and self.peek(1).is_("_"):
            raise self.error("an evaluation bar F \\Big|_{x=a} is read only at the end of a side, with F the whole "
                             "side before it")
        if token.text == "|":
            return self.enclosed("|", norm=False)
        raise self.error("unexpected" if token.kind != "end" else "missing term")

    def enclosed(self, closer: str, norm: bool) -> Value:
        """|x| (absolute value of a scalar) or \\|v\\|, \\|v\\|_2, \\|v\\|_1, \\|v\\|_\\infty (norms of a vector)."""
        opener = self.next()
        self.abs_depth += 1
        value = self.expression()
        self.abs_depth -= 1
        self.expect(closer)
        declared = is_matrix(value)  # a vector, a matrix, or a 1×1 product of them
        value = algebra.as_scalar(value)  # |x^T y|: a 1×1 product is a number
        order = "2"
        if norm and self.at("_"):
            self.next()
            order = text_of(self.group_tokens())
        if not is_matrix(value):
            if norm and not declared and value.free_symbols:  # ‖x‖₁ ≥ ‖x‖₂ read as |x| ≥ |x| was proved
                raise self.error("\\|x\\| of x whose shape is not declared: a norm is of a vector, declare its "
                                 "size (--where 'x \\in \\mathbb{R}^{3}'), or write |x| for a number", opener)
            return sp.Abs(value)
        if not norm:
            raise self.error("|v| of a vector has no single meaning (a norm? the number of entries?); "
                             "write \\|v\\|_2 or \\|v\\|_1", opener)
        if 1 not in value.shape:
            if order == "F":  # the Frobenius norm: the root of the sum of the squared entries
                return sp.sqrt(as_scalar_trace(value))
            raise self.error("the norm of a matrix is read only as the Frobenius norm \\|A\\|_F", opener)
        return algebra.vector_norm(value, order, self.error(f"unknown norm \\|·\\|_{order}; "
                                                            "use _1, _2 or _\\infty", opener))


def read_expression(source: str, shapes: dict[str, tuple[int, int]] | None = None,
                    context: Context | None = None) -> Value:
    """Read one LaTeX expression (no relation) into SymPy."""
    tokens = tokenize(source)
    parser = Parser(source, tokens, shapes or {}, context=context)
    value = parser.parse_tokens(tokens[:-1])
    if isinstance(value, sp.Basic) and any(is_indefinite(i) for i in value.atoms(sp.Integral)):
        raise NotationError("an indefinite integral is read only as a whole side of a claim, "
                            "as in \\int f(x) \\, dx = F(x) + C", source.strip()[:40])
    return value


def _superscripted(tokens: list[Token]) -> bool:
    """Whether these tokens (one atom) end in a superscript of their own: x^{2}, x^2_i, x_i^2; not (x^2), \\|x^2\\|."""
    end = len(tokens)
    for _ in range(2):  # at most two trailing scripts, a subscript and a superscript in either order
        if end == 0:
            return False
        start = end - 1
        if tokens[start].is_("}"):  # back to the brace that opens the group
            depth = 0
            while start >= 0:
                depth += 1 if tokens[start].is_("}") else -1 if tokens[start].is_("{") else 0
                if depth == 0:
                    break
                start -= 1
        if start >= 1 and tokens[start - 1].is_("^"):
            return True
        if not (start >= 1 and tokens[start - 1].is_("_")):
            return False
        end = start - 1
    return False
