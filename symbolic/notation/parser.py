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

from ..activations import sigmoid
from . import algebra
from .algebra import Value, is_matrix
from .errors import NotationError
from .names import DECORATIONS, WORD_COMMANDS
from .scripts import is_letter_label, is_parenthesised, is_transpose, is_word, split_commas, split_indices, text_of
from .commands import CLOSERS, CommandsMixin
from .functions import CONVENTIONS, abstract_function, prime_derivative
from .roles import ABBREVIABLE, CONVENTION, FUNCTION, LABEL, PRODUCT, Context, ImplausibleReading
from .roles import latex_name as _latex_name
from .tokens import Token, tokenize

# Known functions that a name alone can abbreviate (σ for σ(z)).
KNOWN_BY_NAME = {"sigma": sigmoid}

FACTOR_STARTERS = frozenset({"(", "[", "{", "|", "\\{", "\\|", "\\lVert", "\\lvert"})


class Parser(CommandsMixin):
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
            if token.is_("\\cdot"):
                self.next()
                value = algebra.dot(value, self.factor())
            elif token.is_("*", "\\times"):
                self.next()
                value = algebra.multiply(value, self.factor())
            elif token.is_("/"):
                self.next()
                value = algebra.divide(value, self.factor())
            elif token.is_("\\odot"):
                self.next()
                value = algebra.hadamard(value, self.factor())
            elif self.starts_factor(token):
                self.refuse_number_juxtaposition(self.tokens[self.i - 1], token)
                value = algebra.multiply(value, self.factor())
            else:
                return value

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
            return self.enclosed("|", norm=False)
        raise self.error("unexpected" if token.kind != "end" else "missing term")

    def enclosed(self, closer: str, norm: bool) -> Value:
        """|x| (absolute value of a scalar) or \\|v\\|, \\|v\\|_2, \\|v\\|_1, \\|v\\|_\\infty (norms of a vector)."""
        opener = self.next()
        self.abs_depth += 1
        value = self.expression()
        self.abs_depth -= 1
        self.expect(closer)
        order = "2"
        if norm and self.at("_"):
            self.next()
            order = text_of(self.group_tokens())
        if not is_matrix(value):
            return sp.Abs(value)
        if not norm:
            raise self.error("|v| of a vector has no single meaning (a norm? the number of entries?); "
                             "write \\|v\\|_2 or \\|v\\|_1", opener)
        if 1 not in value.shape:
            raise self.error("the norm of a matrix is not supported; only of a vector", opener)
        return algebra.vector_norm(value, order, self.error(f"unknown norm \\|·\\|_{order}; "
                                                            "use _1, _2 or _\\infty", opener))

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
        """A symbol with its subscript (indices) and superscript (label, power or transpose),
        or, before a parenthesis or a prime, possibly a function applied (see roles.py)."""
        start = self.i
        sub, sup = self.scripts()
        label = None
        if sup is not None and is_parenthesised(sup):
            sample = self.sample_index(name, sup, sub, token)
            if sample is not None:
                return sample
            sup_tokens = sup
            label, sup = text_of(sup), None
            self.context.survey.label_letters |= {t.text for t in sup_tokens if t.kind == "letter"}
        elif sup is not None and sub is not None and is_letter_label(sup):
            if self.superscript_meaning(name, sub, sup, denominator, start) == LABEL:
                label, sup = text_of(sup), None
        full = f"{name}^{{{label}}}" if label else name
        if sub is not None and (word := is_word(sub)):
            full, sub = f"{full}_{{{word}}}", None
        if denominator:
            self.context.survey.force(name, PRODUCT, text_of(self.tokens[start - 1: self.i]))
        elif sup is None and not label and self.at("(", "'") and self.may_be_function(name):
            return self.maybe_applied(name, full, sub, token)
        else:
            self.context.survey.bare.add(name)
            if self.is_function(name):
                if sub is not None or label or sup is not None:
                    raise ImplausibleReading(f"{_latex_name(name)} is both a function and a number here", token.text)
                return self.abbreviation(name, token)
        value = self.make_symbol(full, sub, token)
        if sup is None:
            return value
        if is_transpose(sup):
            return algebra.transpose(value, text_of(sup))
        if denominator:
            return sp.Tuple(value, self.parse_tokens(sup))  # \partial x^2: the order, not a power
        return algebra.power(value, self.parse_tokens(sup), "^" + text_of(sup))

    # ------------------------------------------------- ambiguous notation (roles.py)
    def is_function(self, name: str) -> bool:
        return self.context.meaning(name, PRODUCT) in (FUNCTION, CONVENTION)

    def function_named(self, name: str, arity: int) -> object:
        """The function a name stands for in this reading: defined, known (σ), conventional (Φ) or abstract."""
        if name in self.context.functions:
            return self.context.functions[name]
        if name in KNOWN_BY_NAME:
            return KNOWN_BY_NAME[name]
        if self.context.meaning(name, PRODUCT) == CONVENTION:
            return CONVENTIONS[name].build
        return abstract_function(name, arity)

    def superscript_meaning(self, name: str, sub: list[Token], sup: list[Token], denominator: bool,
                            start: int) -> str:
        """w^{l}_{jk}: the layer l, or w_{jk} to the power l? A differentiation variable is a label."""
        key = f"{name}^{{{text_of(sup)}}}"
        survey = self.context.survey
        letters = frozenset(t.text for t in sup if t.kind == "letter")
        if denominator:
            survey.force(key, LABEL, text_of(self.tokens[start - 1: self.i]))
            survey.label_letters |= letters
        survey.scripts.setdefault(key, (f"{_latex_name(name)}_{{{text_of(sub)}}}", text_of(sup)))
        survey.script_letters[key] = letters
        return self.context.meaning(key, LABEL)

    def sample_index(self, name: str, sup: list[Token], sub: list[Token] | None, token: Token) -> Value | None:
        """x^{(i)} inside a sum over i: sample i of the family x^{(·)}, not one constant."""
        inner = sup[1:-1]
        if len(inner) != 1 or inner[0].text.lstrip("\\") not in self.bound:
            return None
        indices = [self.bound[inner[0].text.lstrip("\\")]]
        if sub is not None:
            indices += [self.index(part) for part in split_indices(sub)]
        return sp.IndexedBase(f"{name}^{{()}}", real=True)[tuple(indices)]

    def may_be_function(self, name: str) -> bool:
        """Summation indices, declared matrices and Euler's e are never functions."""
        return name not in self.bound and name not in self.shapes

    def maybe_applied(self, name: str, full: str, sub: list[Token] | None, token: Token) -> Value:
        """g(z), g'(z), f_{1}(x): a function applied, or (for g(z)) a product: the reading decides."""
        survey = self.context.survey
        if name == "sigma":
            raise self.error("\\sigma(…) is the sigmoid; a subscripted or labelled \\sigma before a parenthesis "
                             "has no single meaning: name the function, or write \\sigma_h \\cdot (…)", token)
        primes = 0
        while self.at("'"):
            self.next()
            primes += 1
        if primes:
            survey.force(name, FUNCTION, token.text + "'" * primes)
        if not self.at("("):
            raise self.error(f"{_latex_name(name)}' needs its argument: write {_latex_name(name)}'(x)", token)
        opener = self.i
        self.next()
        argument = self.until(")")
        survey.apply(name, argument)
        if len(split_commas(argument)) > 1:
            survey.force(name, FUNCTION, token.text)  # \ell(y, \hat{y}): a product has no commas
        if not self.is_function(name):
            self.i = opener  # a product: the parenthesis is the next factor
            return self.make_symbol(full, sub, token)
        arguments = [self.parse_tokens(part) for part in split_commas(argument)]
        if any(is_matrix(a) for a in arguments):
            raise self.error(f"{_latex_name(name)} of a matrix is not supported", token)
        named = full if sub is None else f"{full}_{{{text_of(sub)}}}"
        function = self.function_named(named, len(arguments))
        if primes:
            return prime_derivative(function, arguments, primes, self.error("", token))
        return function(*arguments)  # type: ignore[operator]

    def abbreviation(self, name: str, token: Token) -> Value:
        """g alone where g is a function: short for g(z) when g is applied to one argument only."""
        uses = self.context.survey.applied.get(name, [])
        if self.context.surveying:
            return sp.Symbol(name, real=True)
        if name not in ABBREVIABLE:
            raise ImplausibleReading(f"{_latex_name(name)} is also written alone, so it is a number", token.text)
        if len(uses) == 1 and name in self.context.expanding:
            # p(1-p) with p alone inside: p applied to itself is no reading anyone means.
            raise ImplausibleReading(f"{_latex_name(name)} would be applied to itself", token.text)
        if len(uses) != 1:
            raise NotationError(f"{_latex_name(name)} is written alone and applied to several arguments", token.text)
        self.context.expanding.add(name)
        try:
            arguments = [self.parse_tokens(part) for part in split_commas(uses[0])]
        finally:
            self.context.expanding.discard(name)
        function = self.function_named(name, len(arguments))
        return function(*arguments)  # type: ignore[operator]

    def make_symbol(self, name: str, sub: list[Token] | None, token: Token) -> Value:
        if name in self.shapes:
            if sub is not None:  # A_{ij}: an entry, the same symbol as entry (i, j) of the matrix A
                indices = [self.index(part) for part in split_indices(sub)]
                if len(indices) != (1 if self.shapes[name][1] == 1 else 2):
                    raise self.error(f"{name} has shape {self.shapes[name]}: give one index per dimension", token)
                return sp.IndexedBase(name, real=True)[tuple(indices)]
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


def read_expression(source: str, shapes: dict[str, tuple[int, int]] | None = None,
                    context: Context | None = None) -> Value:
    """Read one LaTeX expression (no relation) into SymPy."""
    tokens = tokenize(source)
    parser = Parser(source, tokens, shapes or {}, context=context)
    return parser.parse_tokens(tokens[:-1])
