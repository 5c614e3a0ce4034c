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
from .errors import NotationError
from .names import (COMMAND_FUNCTIONS, CONSTANTS, DECORATIONS, GREEK, NAMED_FUNCTIONS, PRIMEABLE,
                    WORD_COMMANDS)
from .scripts import is_letter_label, is_parenthesised, is_transpose, is_word, split_commas, split_indices, text_of
from .tokens import Token, tokenize

FACTOR_STARTERS = frozenset({"(", "[", "{", "|", "\\{", "\\|", "\\lVert", "\\lvert"})
# Greek letters that textbooks use for functions as often as for numbers:
# \phi(x) or \sigma_h(x) followed by a parenthesis is refused, not multiplied.
FUNCTION_LIKE_GREEK = frozenset({"phi", "varphi", "psi", "sigma", "rho", "gamma"})
MATRIX_ENVIRONMENTS = frozenset({"pmatrix", "bmatrix", "matrix", "Bmatrix"})
CLOSERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}"}


class Parser:
    """Reads one side of a claim from its tokens."""

    def __init__(self, source: str, tokens: list[Token], shapes: dict[str, tuple[int, int]],
                 bound: dict[str, sp.Symbol] | None = None) -> None:
        self.source = source
        self.tokens = tokens
        self.shapes = shapes
        self.bound = dict(bound or {})
        self.i = 0
        self.abs_depth = 0

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
        return Parser(self.source, [*tokens, end], self.shapes, self.bound)

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
            return [token, self.next(), *self.until("}")] if self.at("{") else [token]
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
            return token.text not in ("\\cdot", "\\times", "\\odot", "\\\\", "\\}", "\\rVert", "\\rvert",
                                       "\\end", "\\right") and not token.text.startswith("\\le") and \
                token.text not in ("\\ge", "\\geq", "\\ne", "\\neq", "\\in")
        if token.text == "|":
            return self.abs_depth == 0
        return token.text in FACTOR_STARTERS

    def product(self) -> Value:
        value = self.factor()
        while True:
            token = self.peek()
            if token.is_("*", "\\cdot", "\\times"):
                self.next()
                value = algebra.multiply(value, self.factor())
            elif token.is_("/"):
                self.next()
                value = algebra.divide(value, self.factor())
            elif token.is_("\\odot"):
                self.next()
                value = algebra.hadamard(value, self.factor())
            elif self.starts_factor(token):
                if token.kind == "number" and self.tokens[self.i - 1].kind == "number":
                    raise self.error("two numbers in a row")
                value = algebra.multiply(value, self.factor())
            else:
                return value

    def factor(self) -> Value:
        value = self.atom()
        while self.at("^", "!"):
            if self.next().text == "!":
                big = getattr(value, "is_Integer", False) and value > 256
                value = sp.factorial(value, evaluate=not big)
                continue
            script = self.group_tokens()
            if is_transpose(script):
                value = algebra.transpose(value, text_of(script))
            else:
                value = algebra.power(value, self.parse_tokens(script), "^" + text_of(script))
        if self.at("'"):
            raise self.error("a prime is only understood on a known function such as \\sigma'(z)")
        return value

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
            return algebra.as_scalar(self.parse_tokens(self.until(CLOSERS[token.text])))
        if token.text == "|":
            return self.enclosed("|", sp.Abs)
        raise self.error("unexpected" if token.kind != "end" else "missing term")

    def enclosed(self, closer: str, scalar_function: object) -> Value:
        """|x| or \\|v\\|: absolute value of a scalar, Euclidean norm of a vector."""
        self.next()
        self.abs_depth += 1
        value = self.expression()
        self.abs_depth -= 1
        self.expect(closer)
        if is_matrix(value):
            if 1 not in value.shape:
                raise self.error("the norm of a matrix is not supported; only of a vector")
            column = value if value.shape[1] == 1 else sp.Transpose(value)
            return sp.sqrt(algebra.as_scalar(sp.MatMul(sp.Transpose(column), column)))
        return scalar_function(value)  # type: ignore[operator]

    # ---------------------------------------------------------------- symbols
    def letter(self) -> Value:
        token = self.next()
        if token.text == "e" and self.at("^"):
            self.next()
            return sp.exp(self.parse_tokens(self.group_tokens()))
        if token.text == "e" and not self.at("_"):
            return sp.E
        return self.scripted_symbol(token.text, token)

    def scripts(self) -> tuple[list[Token] | None, list[Token] | None]:
        sub = sup = None
        for _ in range(2):
            if self.at("_") and sub is None:
                self.next()
                sub = self.group_tokens()
            elif self.at("^") and sup is None:
                self.next()
                sup = self.group_tokens()
        return sub, sup

    def scripted_symbol(self, name: str, token: Token, denominator: bool = False) -> Value:
        """A symbol with its subscript (indices) and superscript (label, power or transpose)."""
        sub, sup = self.scripts()
        label = None
        if sup is not None and (is_parenthesised(sup) or (sub is not None and is_letter_label(sup))):
            label, sup = text_of(sup), None
        full = f"{name}^{{{label}}}" if label else name
        if sub is not None and (word := is_word(sub)):
            full, sub = f"{full}_{{{word}}}", None
        value = self.make_symbol(full, sub, token)
        if sup is None:
            return value
        if is_transpose(sup):
            return algebra.transpose(value, text_of(sup))
        if denominator:
            return sp.Tuple(value, self.parse_tokens(sup))  # \partial x^2: the order, not a power
        return algebra.power(value, self.parse_tokens(sup), "^" + text_of(sup))

    def make_symbol(self, name: str, sub: list[Token] | None, token: Token) -> Value:
        if name in self.shapes:
            if sub is not None:
                raise self.error("entries of a declared matrix (A_{ij}) are not supported", token)
            return sp.MatrixSymbol(name, *self.shapes[name])
        if sub is None:
            return self.bound.get(name) or sp.Symbol(name, real=True)
        indices = [self.index(part) for part in split_indices(sub)]
        if name == "delta" and len(indices) == 2:
            return sp.KroneckerDelta(*indices)
        return sp.IndexedBase(name, real=True)[tuple(indices)]

    def index(self, tokens: list[Token]) -> sp.Expr:
        value = self.parse_tokens(tokens)
        if is_matrix(value):
            raise self.error("a matrix cannot be an index", tokens[0])
        return value

    # --------------------------------------------------------------- commands
    def command(self) -> Value:
        token = self.peek()
        name = token.text[1:]
        if name == "sigma" and (self.peek(1).is_("(", "'") or self.peek(1).is_("[")):
            self.next()
            return self.apply(COMMAND_FUNCTIONS["sigma"], token)
        if name in GREEK:
            self.next()
            value = self.scripted_symbol(name, token)
            if name in FUNCTION_LIKE_GREEK and self.at("(") and self.tokens[self.i - 1].text != ")":
                raise self.error(f"\\{name}(…) reads as a function dlmath does not know; "
                                 f"write \\{name} \\cdot (…) for a product", token)
            return value
        if name in CONSTANTS:
            self.next()
            return CONSTANTS[name]
        if name in COMMAND_FUNCTIONS:
            self.next()
            return self.apply(COMMAND_FUNCTIONS[name], token)
        handler = getattr(self, f"command_{name}", None)
        if handler is not None:
            self.next()
            return handler(token)
        if name in WORD_COMMANDS:
            return self.word(token)
        if name in DECORATIONS:
            self.next()
            inner = self.group_tokens()
            return self.scripted_symbol(f"\\{name}{{{text_of(inner)}}}", token)
        raise self.error("unknown command")

    def word(self, token: Token) -> Value:
        self.next()
        tokens = self.group_tokens()
        word = "".join(t.text for t in tokens)
        if not all(t.kind == "letter" for t in tokens):
            raise self.error("only plain words are understood here", token)
        if word in NAMED_FUNCTIONS:
            return self.apply(NAMED_FUNCTIONS[word], token)
        if word == "H":
            return self.apply(NAMED_FUNCTIONS["step"], token)
        if self.at("(") or self.at("'"):
            raise self.error(f"unknown function '{word}'", token)
        return self.scripted_symbol(word, token)

    def apply(self, function: object, token: Token) -> Value:
        """f(x), f x, f'(x), f^2(x), \\log_2 x."""
        primes = 0
        while self.at("'"):
            self.next()
            primes += 1
        exponent = base = None
        for _ in range(2):
            if self.at("^") and exponent is None:
                self.next()
                exponent = self.parse_tokens(self.group_tokens())
            elif self.at("_") and base is None and function is sp.log:
                self.next()
                base = self.parse_tokens(self.group_tokens())
        if self.at("(", "[", "{"):  # \ln{\left(x\right)} as SymPy prints it is delimited too
            opener = self.next().text
            argument = self.parse_tokens(self.until(CLOSERS[opener]))
        else:
            argument = self.factor()
            if self.starts_factor(self.peek()) and self.peek().kind != "end":
                raise self.error(f"ambiguous argument of {token.text}: use parentheses", token)
        if is_matrix(argument):
            raise self.error(f"{token.text} of a matrix is not supported", token)
        if primes:
            if function not in PRIMEABLE or base is not None:
                raise self.error("a prime is only understood on a known function", token)
            u = sp.Dummy("u", real=True)
            value: sp.Expr = sp.Subs(sp.Derivative(function(u), (u, primes)), u, argument)  # type: ignore[operator]
        elif base is not None:
            value = sp.log(argument, base)
        else:
            value = function(argument)  # type: ignore[operator]
        return value if exponent is None else algebra.power(value, exponent, "^")

    def command_operatorname(self, token: Token) -> Value:
        self.i -= 1
        return self.word(token)

    command_mathrm = command_text = command_textrm = command_operatorname

    def command_sqrt(self, token: Token) -> Value:
        degree = self.parse_tokens(self.until("]")) if self.at("[") and self.next() else sp.Integer(2)
        return sp.root(self.parse_tokens(self.group_tokens()), degree)

    def command_max(self, token: Token) -> Value:
        return self.extremum(sp.Max, token)

    def command_min(self, token: Token) -> Value:
        return self.extremum(sp.Min, token)

    def extremum(self, function: type, token: Token) -> Value:
        if not self.at("("):
            raise self.error(f"{token.text} needs its arguments in parentheses", token)
        self.next()
        parts = split_commas(self.until(")"))
        if len(parts) < 2:
            raise self.error(f"{token.text} needs at least two arguments", token)
        return function(*[self.parse_tokens(part) for part in parts])

    def command_lVert(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\rVert", sp.Abs)

    def command_lvert(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\rvert", sp.Abs)

    def __getattr__(self, name: str) -> object:
        # `\|` has no identifier-friendly name: route it by hand.
        if name == "command_|":
            return self._norm
        raise AttributeError(name)

    def _norm(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\|", sp.Abs)

    def command_frac(self, token: Token) -> Value:
        from .calculus import fraction
        return fraction(self, token)

    command_dfrac = command_tfrac = command_frac

    def command_sum(self, token: Token) -> Value:
        from .calculus import big_operator
        return big_operator(self, token, sp.Sum)

    def command_prod(self, token: Token) -> Value:
        from .calculus import big_operator
        return big_operator(self, token, sp.Product)

    def command_begin(self, token: Token) -> Value:
        from .calculus import matrix_environment
        return matrix_environment(self, token)

    def command_partial(self, token: Token) -> Value:
        raise self.error("\\partial outside a \\frac{\\partial …}{\\partial …}", token)

    def command_nabla(self, token: Token) -> Value:
        raise self.error("the gradient operator \\nabla is not supported; write the partial derivatives", token)


def read_expression(source: str, shapes: dict[str, tuple[int, int]] | None = None) -> Value:
    """Read one LaTeX expression (no relation) into SymPy."""
    tokens = tokenize(source)
    parser = Parser(source, tokens, shapes or {})
    return parser.parse_tokens(tokens[:-1])
