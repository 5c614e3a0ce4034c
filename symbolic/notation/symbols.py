"""The reader's names: letters and their scripts, and a name before a parenthesis.

A mixin of the Parser (parser.py). A subscript makes an indexed family, a
superscript is a label, a sample index or a power (scripts.py decides on the
tokens, roles.py where the notation is ambiguous), and `g(z)` is a function
applied or a product, by the reading in force (roles.py).
"""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid

from . import algebra
from .algebra import Value, is_matrix
from .errors import NotationError
from .functions import CONVENTIONS, abstract_function, prime_derivative
from .identity import IDENTITY
from .names import EXPECTATIONS
from .roles import (
    CONVENTION,
    DERIVATIVE,
    FUNCTION,
    IMAGINARY,
    IMAGINARY_LETTER,
    LABEL,
    NUMBER_LETTERS,
    POWER,
    PRODUCT,
    ImplausibleReading,
)
from .roles import latex_name as _latex_name
from .scripts import (
    is_digit,
    is_letter_label,
    is_parenthesised,
    is_transpose,
    is_word,
    split_commas,
    split_indices,
    text_of,
)
from .tokens import Token

MATRIX_WORDS = ("matrix}", "\\det", "{tr}", "{Tr}", "{trace}")  # what makes I_3 the 3×3 identity
BOLD = ("mathbf", "boldsymbol", "bm", "vec")  # \mathbf{x} and x: entries x_i are the vector's, x alone is not
# Known functions that a name alone can abbreviate (σ for σ(z)).
KNOWN_BY_NAME = {"sigma": sigmoid}


class SymbolsMixin:
    """The names half of the Parser."""

    def letter(self) -> Value:
        token = self.next()
        if token.text == "e" and self.at("^"):
            self.next()
            return sp.exp(self.parse_tokens(self.group_tokens()))
        if token.text == "e" and not self.at("_"):
            return sp.E
        if token.text == "E" and self.expectation_follows():
            raise self.error(EXPECTATIONS + "; for a product write E \\cdot [\\dots]", token)
        return self.scripted_symbol(token.text, token)

    def expectation_follows(self) -> bool:
        """E[X], E_{x \\sim p}[f(x)]: the expectation, as probability texts write it, never E times [X]."""
        start = self.i
        try:
            if self.at("_"):
                self.next()
                self.group_tokens()
            return self.at("[")
        finally:
            self.i = start

    def scripts(self) -> tuple[list[Token] | None, list[Token] | None]:
        sub = sup = None
        self.sup_first = self.at("^")
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
        sup_first = self.sup_first
        label, sup_tokens = None, []
        if sup is not None and not is_parenthesised(sup) and is_parenthesised(sup[:-1]) and is_transpose(sup[-1:]):
            # W^{(l)\top}, W^{(l)T}: the label, then the transpose (Goodfellow's notation)
            sup, self.tokens[self.i:self.i] = sup[:-1], [Token("symbol", "^", sup[-1].pos), sup[-1]]
        if sup is not None and is_parenthesised(sup):
            sample = self.sample_index(name, sup, sub, token)
            if sample is not None:
                return sample
            sup_tokens = sup
            label, sup = text_of(sup), None
            self.context.survey.label_letters |= {t.text for t in sup_tokens if t.kind == "letter"}
        elif sup is not None and [t.text for t in sup] in (["*"], ["\\ast"], ["\\star"]):
            label, sup = "*", None  # \theta^*, the optimal θ: a name of its own, as \hat{\theta} is
        elif sup is not None and sub is not None and (is_letter_label(sup) or (sup_first and is_digit(sup))):
            # w^{l}_{jk}, and w^2_{jk} written superscript first as a layer (seed 004's ∂C/∂w^2_11): label or power
            if self.superscript_meaning(name, sub, sup, denominator, start) == LABEL:
                label, sup = text_of(sup), None
        full = f"{name}^{{{label}}}" if label else name
        if sub is not None and (word := is_word(sub)):
            full, sub = f"{full}_{{{word}}}", None
        if denominator:
            self.context.survey.force(name, PRODUCT, text_of(self.tokens[start - 1: self.i]))
        elif label and sup is None and sub is None and self.at("(") and self.may_be_function(name) \
                and name != "sigma" and is_parenthesised(sup_tokens):
            return self.labelled_applied(name, full, sup_tokens, token)
        elif sup is None and not label and self.at("(", "'") and self.may_be_function(name):
            return self.maybe_applied(name, full, sub, token)
        else:
            self.context.survey.bare.add(name)
            if label and full in self.context.survey.labelled and self.context.meaning(full, PRODUCT) != PRODUCT:
                raise ImplausibleReading(f"{_latex_name(full)} is both applied and written alone", token.text)
            if self.is_function(name):
                if sup is not None and sub is None and not label and self.at("(") and text_of(sup) == "-1":
                    g = _latex_name(name)
                    raise self.error(f"{g}^{{-1}}(y) is the inverse function of {g}, which dlmath cannot build for "
                                     f"{g}: write 1/{g}(y) for the reciprocal, or give the inverse its own name, "
                                     f"h(y) with --where 'h(y) = …'", token)
                if sup is not None and sub is None and not label and self.at("("):
                    g = _latex_name(name)
                    raise self.error(f"{g}^{{{text_of(sup)}}}(…) of a function has no single meaning (a power of "
                                     f"{g}(x)? {g} applied {text_of(sup)} times?): write ({g}(x))^{{{text_of(sup)}}} "
                                     f"or {g}({g}(x))", token)
                if sub is not None or label or sup is not None:
                    raise ImplausibleReading(f"{_latex_name(name)} is both a function and a number here", token.text)
                return self.abbreviation(name, token)
        value = self.make_symbol(full, sub, token)
        if sup is None:
            return value
        if self.transposes(sup, value):
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
        if letters & set(self.bound) and not denominator:
            survey.force(key, POWER, text_of(self.tokens[start - 1: self.i]))  # \beta_1^{t-k} inside \sum_k
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
        self.refuse_separators(name, argument, token)
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

    def labelled_applied(self, name: str, key: str, label: list[Token], token: Token) -> Value:
        """f^{(2)}(x): the second derivative of f, a function f^{(2)} of its own, or the number f^{(2)} times (x);
        the reading decides (roles.py: "labelled")."""
        inner = label[1:-1]
        order = int(inner[0].text) if len(inner) == 1 and inner[0].kind == "number" and inner[0].text.isdigit() \
            and int(inner[0].text) > 0 else None
        self.context.survey.labelled.setdefault(key, order)
        meaning = self.context.meaning(key, PRODUCT)
        if meaning == PRODUCT:
            return self.make_symbol(key, None, token)  # the parenthesis is the next factor
        self.next()
        arguments = [self.parse_tokens(part) for part in split_commas(self.until(")"))]
        if any(is_matrix(a) for a in arguments):
            raise self.error(f"{_latex_name(key)} of a matrix is not supported", token)
        if meaning == FUNCTION:
            return self.function_named(key, len(arguments))(*arguments)  # type: ignore[operator]
        assert meaning == DERIVATIVE and order is not None
        if self.context.survey.forced.get(name) == PRODUCT or (
                name in self.context.survey.applied and self.context.meaning(name, PRODUCT) == PRODUCT):
            raise ImplausibleReading(f"{_latex_name(name)} is a number in this reading, so it has no derivative",
                                     token.text)
        return prime_derivative(self.function_named(name, len(arguments)), arguments, order,
                                self.error("", token))

    def refuse_separators(self, name: str, argument: list[Token], token: Token) -> None:
        """P(A | B), D(p \\| q), \\mathcal{N}(x; \\mu, \\sigma^2): a conditional, a divergence, a parametrised density;
        never a function of an absolute value or a norm (those come in pairs: f(|x|))."""
        depth, bars, norms, semicolons = 0, 0, 0, 0
        for t in argument:
            depth += t.kind == "symbol" and t.text in "([{"
            depth -= t.kind == "symbol" and t.text in ")]}"
            if depth == 0:
                bars += t.text == "|"
                norms += t.text == "\\|"
                semicolons += t.text in (";", "\\mid")
        if bars % 2 or norms % 2 or semicolons:
            g = _latex_name(name)
            raise self.error(f"{g}(a \\mid b), {g}(p \\| q) and {g}(x; \\theta) (a conditional, a divergence, a "
                             "density with parameters) are not read: write the formula they stand for", token)

    def abbreviation(self, name: str, token: Token) -> Value:
        """g alone where g is a function: short for g(z) when g is applied to one argument only."""
        uses = self.context.survey.applied.get(name, [])
        if self.context.surveying:
            return sp.Symbol(name, real=True)
        if name in NUMBER_LETTERS:
            raise ImplausibleReading(f"{_latex_name(name)} is written alone: a number, by the field's convention",
                                     token.text)
        if len(uses) == 1 and name in self.context.expanding:
            # p(1-p) with p alone inside: p applied to itself is no reading anyone means.
            raise ImplausibleReading(f"{_latex_name(name)} would be applied to itself", token.text)
        if not uses and isinstance(self.context.functions.get(name), sp.Lambda):
            return self.context.functions[name].expr  # df/dx with f(x) = x^2 defined: f is the value f(x)
        if not uses:
            raise NotationError(f"{_latex_name(name)} is a function written alone: write it applied, "
                                f"{_latex_name(name)}(x), or define it with --where '{_latex_name(name)}(x) = …'",
                                token.text)
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
        if sub is None and name not in self.shapes and name not in self.context.survey.plain_conditioned:
            bold = next((f"\\{d}{{{name}}}" for d in BOLD if f"\\{d}{{{name}}}" in self.shapes), None)
            if bold is not None:
                raise self.error(f"{name} beside the declared {bold}: the same vector unbolded, or a number? "
                                 f"write {bold}, or declare {name} with --where '{name} \\in \\mathbb{{R}}'", token)
        if name == "I" and self.means_identity(sub):
            if sub is not None and sub[0].kind == "number":
                return sp.Identity(int(sub[0].text))  # I_2: the 2×2 identity, its size checked
            return IDENTITY  # I, I_n: sized by the matrix it meets (identity.py)
        if name in self.shapes:
            if sub is not None:  # A_{ij}: an entry, the same symbol as entry (i, j) of the matrix A
                indices = [self.index(part) for part in split_indices(sub)]
                if len(indices) != (1 if self.shapes[name][1] == 1 else 2):
                    raise self.error(f"{name} has shape {self.shapes[name]}: give one index per dimension", token)
                return sp.IndexedBase(name, real=True)[tuple(indices)]
            return sp.MatrixSymbol(name, *self.shapes[name])
        if sub is None:
            if name in self.bound:
                return self.bound[name]
            if name in self.context.entry_indices:  # (AB)_{ij} read for one value of i (entries.py)
                return sp.Integer(self.context.entry_indices[name])
            if name == IMAGINARY_LETTER:  # i alone, bound by no sum: a number, or the imaginary unit (roles.py)
                self.context.survey.unit_written = True
                if self.context.meaning(name, PRODUCT) == IMAGINARY:
                    return sp.I
            return sp.Symbol(name, real=True)
        indices = [self.index(part) for part in split_indices(sub)]
        if name == "delta" and len(indices) == 2:
            return sp.KroneckerDelta(*indices)
        return sp.IndexedBase(name, real=True)[tuple(indices)]

    def means_identity(self, sub: list[Token] | None) -> bool:
        """I, I_n, I_2 in a claim about matrices (one declared or written out), unless I is declared itself."""
        if "I" in self.shapes or "I" in self.context.survey.conditioned:
            return False
        if sub is not None and not (len(sub) == 1 and (sub[0].kind == "letter" or sub[0].text.isdigit())):
            return False
        if sub is not None and sub[0].text in self.bound:  # \sum_i I_i: a family, not the identity
            return False
        if sub is not None and sub[0].text.isdigit():  # I_3 beside \det or \operatorname{tr}: sized by itself
            return bool(self.shapes) or any(w in self.source for w in MATRIX_WORDS)
        return bool(self.shapes) or any(f"{env}}}" in self.source for env in ("pmatrix", "bmatrix", "vmatrix"))

    def index(self, tokens: list[Token]) -> sp.Expr:
        value = self.parse_tokens(tokens)
        if is_matrix(value):
            raise self.error("a matrix cannot be an index", tokens[0])
        return value
