"""The reader's backslash commands: Greek letters, functions, words, roots, norms, max/min.

A mixin of the Parser (parser.py): each `command_NAME` method reads what
follows `\\NAME`; the larger constructs (fractions and derivatives, sums,
matrices) are in calculus.py.
"""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.families import MaxOver, MinOver

from . import algebra
from .algebra import MATRIX_FUNCTIONS, Value, is_matrix
from .calculus import (
    big_operator,
    condition,
    family_extremum,
    fraction,
    integral,
    matrix_environment,
    operator_body,
    partial_operator,
)
from .entries import entry
from .layout import gradient
from .names import (
    COMMAND_FUNCTIONS,
    CONSTANTS,
    DECORATIONS,
    EXPECTATIONS,
    GREEK,
    INVERSES,
    NAMED_FUNCTIONS,
    PRIMEABLE,
    REFUSED_COMMANDS,
    STATISTICS_WORDS,
    WORD_COMMANDS,
)
from .prose import PROSE_COMMANDS
from .roles import FUNCTION, PRODUCT
from .scripts import split_commas, split_indices, text_of
from .tokens import Token

CLOSERS = {"(": ")", "[": "]", "{": "}", "\\{": "\\}"}

# Commands whose names are not identifiers.
HANDLER_NAMES = {"|": "norm"}


class CommandsMixin:
    """The `\\command` half of the Parser."""

    def command(self) -> Value:
        token = self.peek()
        name = token.text[1:]
        if name == "sigma" and (self.peek(1).is_("(", "'", "[") or self.inverse_applied(1) or self.power_applied(1)):
            return self.sigmoid_applied(token)
        if name in GREEK:
            self.next()
            return self.scripted_symbol(name, token)
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
            if name in ("mathbf", "boldsymbol", "bm") and [t.text for t in inner] == ["1"]:
                if self.at("[", "\\{", "_"):
                    return self.indicator(token)
                raise self.error("\\mathbf{1}, the vector of ones, is not supported; write its entries", token)
            if name in ("overline", "bar") and not (len(inner) == 1 and inner[0].kind in ("letter", "command")):
                raise self.error(f"\\{name}{{…}} of an expression has no single meaning (a mean? a conjugate?); "
                                 "define the quantity with --where", token)
            return self.scripted_symbol(f"\\{name}{{{text_of(inner)}}}", token)
        if name in REFUSED_COMMANDS:
            raise self.error(REFUSED_COMMANDS[name], token)
        raise self.error("unknown command")

    def inverse_applied(self, ahead: int) -> bool:
        """`^{-1}(` or `^{-1}\\left(` follows: f^{-1}(x), the inverse function."""
        texts = [self.peek(ahead + k).text for k in range(6)]
        return texts[:5] == ["^", "{", "-", "1", "}"] and texts[5] in ("(", "[")

    def power_applied(self, ahead: int) -> bool:
        """`^2(` or `^{2}(` follows: \\sigma^2(x) is σ(x)², as \\sin^2 x is (sin x)², never σ² times x."""
        if not self.peek(ahead).is_("^"):
            return False
        texts = [self.peek(ahead + k).text for k in range(1, 5)]
        if texts[0] == "{":
            return texts[1].isdigit() and texts[2] == "}" and texts[3] in ("(", "[")
        return texts[0].isdigit() and texts[1] in ("(", "[")

    def sigmoid_applied(self, token: Token) -> Value:
        """\\sigma(z) is the logistic sigmoid: the name σ alone is the number σ (a standard deviation),
        so σ written both ways has two readings (roles.py)."""
        self.next()
        survey = self.context.survey
        if self.context.meaning("sigma", FUNCTION) == PRODUCT:
            return sp.Symbol("sigma", real=True)  # σ·(…): the product loop reads the parenthesis
        survey.conventional.add("sigma")
        if self.at("("):
            survey.apply("sigma", self.tokens[self.i + 1: self._closing(self.i)])
        return self.apply(COMMAND_FUNCTIONS["sigma"], token)

    def _closing(self, opener: int) -> int:
        depth = 0
        for k in range(opener, len(self.tokens)):
            depth += self.tokens[k].text in ("(", "[", "{") and self.tokens[k].kind == "symbol"
            depth -= self.tokens[k].text in (")", "]", "}") and self.tokens[k].kind == "symbol"
            if depth == 0:
                return k
        return len(self.tokens) - 1

    def word(self, token: Token) -> Value:
        self.next()
        if token.text == "\\operatorname" and self.at("*"):
            self.next()  # \operatorname*{argmax}: the star only moves the limits
        tokens = self.group_tokens()
        word = "".join(t.text for t in tokens)
        if not all(t.kind == "letter" for t in tokens):
            raise self.error("only plain words are understood here", token)
        if word in STATISTICS_WORDS and self.at("(", "[", "_", "\\{"):
            raise self.error(STATISTICS_WORDS[word], token)
        if word in NAMED_FUNCTIONS:
            return self.apply(NAMED_FUNCTIONS[word], token)
        if word in MATRIX_FUNCTIONS:
            return self.matrix_function(word, token)
        if word == "H":
            return self.apply(NAMED_FUNCTIONS["step"], token)
        if word == "e":
            return sp.E  # \mathrm{e}: Euler's number, upright as ISO writes it
        if word == "d":
            raise self.error("\\mathrm{d} is the differential; it is read in \\frac{\\mathrm{d}}{\\mathrm{d}x} f "
                             "and \\frac{\\mathrm{d}y}{\\mathrm{d}x}", token)
        if token.text in PROSE_COMMANDS:
            raise self.error(f"\\text{{{word}}} is prose, not a symbol: write \\mathrm{{{word}}} for a named "
                             "quantity, or a condition as \\text{if } x > 0 at the end", token)
        if token.text == "\\operatorname" or self.at("(") or self.at("'"):
            raise self.error(f"unknown function '{word}'", token)
        value = self.scripted_symbol(word, token)
        if len(word) > 1 and self.starts_factor(self.peek()) and self.peek().kind != "end":
            # \mathrm{sech}^2 x: an upright word before an argument is an operator dlmath does not know.
            raise self.error(f"unknown function '{word}' (an upright word followed by an argument)", token)
        return value

    def apply(self, function: object, token: Token) -> Value:
        """f(x), f x, f'(x), f^2(x), f^{-1}(x) (the inverse function), \\log_2 x."""
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
        if exponent == -1:
            if function not in INVERSES or primes or base is not None:
                raise self.error(f"{token.text}^{{-1}} is read as the inverse function, which dlmath does not know "
                                 f"here; write 1/{token.text}(x) for the reciprocal", token)
            function, exponent = INVERSES[function], None
        if self.at("(", "[", "{"):  # \ln{\left(x\right)} as SymPy prints it is delimited too
            opener = self.next().text
            argument = self.parse_tokens(self.until(CLOSERS[opener]))
        else:
            argument = self.factor()
            # \ln x \ln y is ln(x)·ln(y): another function starts a new factor; anything else is ambiguous.
            follows = self.peek()
            if self.starts_factor(follows) and follows.kind != "end" and follows.text[1:] not in COMMAND_FUNCTIONS:
                raise self.error(f"ambiguous argument of {token.text}: use parentheses", token)
        if is_matrix(argument):  # σ(z) of a vector is applied entry by entry, as in every DL text
            if base is not None:
                raise self.error(f"{token.text} of a matrix is not supported", token)
            entries = sp.ImmutableMatrix(argument.as_explicit() if not isinstance(argument, sp.MatrixBase)
                                         else argument)
            value = entries.applyfunc(lambda e: self.applied(function, e, primes))
            value = value if exponent is None else algebra.power(value, exponent, "^")
            if self.at("_"):  # \sigma(\mathbf{z})_1: an entry of the vector it is applied to
                self.next()
                script = self.group_tokens()
                return entry(value, [self.index(part) for part in split_indices(script)], "_" + text_of(script))
            return value
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

    def applied(self, function: object, argument: sp.Expr, primes: int) -> sp.Expr:
        """f(u) or its derivative f^{(primes)}(u)."""
        if not primes:
            return function(argument)  # type: ignore[operator]
        u = sp.Dummy("u", real=True)
        return sp.Subs(sp.Derivative(function(u), (u, primes)), u, argument)  # type: ignore[operator]

    def command_operatorname(self, token: Token) -> Value:
        self.i -= 1
        return self.word(token)

    command_mathrm = command_text = command_textrm = command_operatorname

    def command_mathbb(self, token: Token) -> Value:
        """\\mathbb{1}[x > 0], \\mathbb{1}\\{x > 0\\}, \\mathbb{1}_{x > 0}: 1 where the condition holds, else 0."""
        letter = text_of(self.group_tokens())
        if letter in ("E", "P", "V"):
            raise self.error(EXPECTATIONS, token)
        if letter not in ("1", "I"):
            raise self.error("sets such as \\mathbb{R} belong in --where conditions", token)
        return self.indicator(token)

    def indicator(self, token: Token) -> Value:
        if self.at("_"):
            self.next()
            inside = self.group_tokens()
        elif self.at("[", "\\{"):
            opener = self.next().text
            inside = self.until("]" if opener == "[" else "\\}")
        else:
            raise self.error("an indicator needs its condition: \\mathbb{1}[x > 0]", token)
        return sp.Piecewise((1, condition(self, token, inside)), (0, True))

    def command_int(self, token: Token) -> Value:
        return integral(self, token)

    def command_det(self, token: Token) -> Value:
        return self.matrix_function("det", token)

    def matrix_function(self, name: str, token: Token) -> Value:
        """\\det(A), \\operatorname{tr}(AB), \\operatorname{softmax}(\\mathbf{z})_i,
        \\operatorname{logsumexp}(\\mathbf{z})."""
        if self.at("("):
            self.next()
            argument = self.parse_tokens(self.until(")"))
        elif name in ("det", "tr", "Tr", "trace") and self.starts_factor(self.peek()) and self.peek().kind != "end":
            argument = self.factor()  # \det A, \det \begin{pmatrix}…\end{pmatrix}: of the one factor that follows
            if self.starts_factor(self.peek()) and self.peek().kind != "end":
                raise self.error(f"{token.text} A B has two readings, {name}(A) B and {name}(AB): "
                                 "use parentheses", token)
        else:
            raise self.error(f"{name} needs its argument in parentheses", token)
        if isinstance(argument, sp.Symbol) and name in ("softmax", "logsumexp", "LSE"):
            return self.family_function(name, argument, token)  # z undeclared: its entries z_1 … z_n
        value = MATRIX_FUNCTIONS[name](argument, token.text if name == "det" else f"\\operatorname{{{name}}}")
        if self.at("_") and is_matrix(value) and 1 in value.shape:
            self.next()
            index = self.parse_tokens(self.group_tokens())
            if name == "softmax" and not index.is_Integer and isinstance(argument, sp.MatrixSymbol):
                return algebra.softmax_entry(argument.name, index, max(argument.shape))
            if not (index.is_Integer and 1 <= index <= max(value.shape)):
                raise self.error(f"an entry of {name}(…) needs a number from 1 to {max(value.shape)}", token)
            return value[int(index) - 1, 0] if value.shape[1] == 1 else value[0, int(index) - 1]
        return value

    def family_function(self, name: str, vector: sp.Symbol, token: Token) -> Value:
        """softmax(z)_i and logsumexp(z) of an undeclared z, over its entries z_1 … z_n (n as for \\sum_k)."""
        size = self.context.survey.implicit_size()
        if name != "softmax":
            return algebra.family_logsumexp(vector.name, size)
        if not self.at("_"):
            raise self.error("softmax(z) of an undeclared z is a vector: take an entry, softmax(z)_i, "
                             "or declare z with --where 'z \\in \\mathbb{R}^{3}'", token)
        self.next()
        return algebra.softmax_entry(vector.name, self.parse_tokens(self.group_tokens()), size)

    def command_sqrt(self, token: Token) -> Value:
        degree = self.parse_tokens(self.until("]")) if self.at("[") and self.next() else sp.Integer(2)
        return sp.root(self.parse_tokens(self.group_tokens()), degree)

    def command_max(self, token: Token) -> Value:
        return self.extremum(sp.Max, token)

    def command_min(self, token: Token) -> Value:
        return self.extremum(sp.Min, token)

    def extremum(self, function: type, token: Token) -> Value:
        """\\max(a, b), \\max\\{a, b\\}: two or more arguments; \\max_i z_i: the largest member of a family."""
        if self.at("_"):
            return family_extremum(self, token, MaxOver if function is sp.Max else MinOver)
        if not self.at("(", "\\{"):
            raise self.error(f"{token.text} needs its arguments in parentheses", token)
        opener = self.next().text
        parts = split_commas(self.until(")" if opener == "(" else "\\}"))
        if len(parts) < 2:
            raise self.error(f"{token.text} needs at least two arguments", token)
        return function(*[self.parse_tokens(part) for part in parts])

    def command_lfloor(self, token: Token) -> Value:
        """\\lfloor x \\rfloor: the largest integer not above x."""
        return sp.floor(algebra.as_scalar(self.parse_tokens(self.until("\\rfloor"))))

    def command_lceil(self, token: Token) -> Value:
        """\\lceil x \\rceil: the smallest integer not below x."""
        return sp.ceiling(algebra.as_scalar(self.parse_tokens(self.until("\\rceil"))))
    def command_langle(self, token: Token) -> Value:
        """\\langle x, y \\rangle: the inner product of two vectors (x^T y) or two matrices (tr(A^T B))."""
        parts = split_commas(self.until("\\rangle"))
        if len(parts) != 2:
            raise self.error("\\langle x, y \\rangle needs two arguments", token)
        left, right = (self.parse_tokens(part) for part in parts)
        return algebra.inner(left, right, token.text)

    def command_lVert(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\rVert", norm=True)

    def command_lvert(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\rvert", norm=False)

    def command_norm(self, token: Token) -> Value:
        self.i -= 1
        return self.enclosed("\\|", norm=True)

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
        return partial_operator(self, token)

    def command_nabla(self, token: Token) -> Value:
        """\\nabla_{\\mathbf{w}} f: the column of ∂f/∂w_i for a declared vector w (the rest of the product is f)."""
        if not self.at("_"):
            raise self.error("write the variable of a gradient, as in \\nabla_{\\mathbf{w}} f", token)
        self.next()
        script = self.group_tokens()
        variable = self.parse_tokens(script)
        body = algebra.as_scalar(operator_body(self, f"\\nabla_{{{text_of(script)}}}", None))
        if is_matrix(body):
            raise self.error("the gradient of a vector is a Jacobian; differentiate an entry", token)
        if not is_matrix(variable):
            if not isinstance(variable, (sp.Symbol, sp.Indexed)):
                raise self.error("can only differentiate with respect to a variable", token)
            return sp.Derivative(body, variable, evaluate=False)
        if not isinstance(variable, sp.MatrixSymbol):
            raise self.error("\\nabla needs a declared vector or matrix, "
                             "as in --where '\\mathbf{w} \\in \\mathbb{R}^{3}'", token)
        return gradient(body, variable)  # the shape of the variable: a column for x, m×n for W
