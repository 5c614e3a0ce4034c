"""The reader's backslash commands: Greek letters, functions, words, roots, norms, max/min.

A mixin of the Parser (parser.py): each `command_NAME` method reads what
follows `\\NAME`; the larger constructs (fractions and derivatives, sums,
matrices) are in calculus.py.
"""

from __future__ import annotations

import sympy as sp

from . import algebra
from .algebra import Value, is_matrix
from .calculus import big_operator, fraction, matrix_environment
from .names import COMMAND_FUNCTIONS, CONSTANTS, DECORATIONS, GREEK, NAMED_FUNCTIONS, PRIMEABLE, WORD_COMMANDS
from .scripts import split_commas, text_of
from .tokens import Token

CLOSERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}"}

# Greek letters that textbooks use for functions as often as for numbers:
# \phi(x) or \sigma_h(x) followed by a parenthesis is refused, not multiplied.
FUNCTION_LIKE_GREEK = frozenset({"phi", "varphi", "psi", "sigma", "rho", "gamma"})

# Commands whose names are not identifiers.
HANDLER_NAMES = {"|": "norm"}


class CommandsMixin:
    """The `\\command` half of the Parser."""

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
        handler = getattr(self, f"command_{HANDLER_NAMES.get(name, name)}", None)
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

    def command_norm(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\|", sp.Abs)

    def command_frac(self, token: Token) -> Value:
        return fraction(self, token)

    command_dfrac = command_tfrac = command_frac

    def command_sum(self, token: Token) -> Value:
        return big_operator(self, token, sp.Sum)

    def command_prod(self, token: Token) -> Value:
        return big_operator(self, token, sp.Product)

    def command_begin(self, token: Token) -> Value:
        return matrix_environment(self, token)

    def command_partial(self, token: Token) -> Value:
        raise self.error("\\partial outside a \\frac{\\partial …}{\\partial …}", token)

    def command_nabla(self, token: Token) -> Value:
        raise self.error("the gradient operator \\nabla is not supported; write the partial derivatives", token)
