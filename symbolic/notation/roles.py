"""Where notation is ambiguous, the reader tries every plausible reading.

Two kinds of fragment have more than one meaning in the field's notation:

- a name before a parenthesis, `g(z)`: the function g applied to z, or g times (z);
- a letter superscript on a subscripted symbol, `w^{l}_{jk}` or `\\beta_1^{t}`: a label
  (the layer l) or a power.

A first pass over the claim (the survey) records how each name is used. A name
whose use forces one meaning (a prime `g'`, a declaration, a differentiation
variable) has that meaning; every other ambiguous name gets each of its meanings
in turn, and each combination is one reading of the whole claim. The verifier
decides every reading and says proved or refuted only when they all agree.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp

from .errors import NotationError
from .functions import CONVENTIONS
from .names import GREEK
from .tokens import Token

FUNCTION, PRODUCT, CONVENTION = "function", "product", "convention"
DERIVATIVE = "derivative"  # f^{(2)}(x): the second derivative of f
TERM, REST = "term", "rest"  # \frac{d}{dx} x^2 + 3x: the derivative of x^2 only, or of x^2 + 3x
LABEL, POWER = "label", "power"
NUMBER, IMAGINARY = "number", "imaginary"
# ∂f/∂x by a vector or matrix x: the shape of x (denominator layout) or its transpose (numerator layout).
LAYOUT, DENOMINATOR, NUMERATOR = "layout", "denominator layout", "numerator layout"
# i written alone, bound by no sum and an index nowhere, is a real number to the reader's other rules and the
# imaginary unit to anyone writing e^{i\pi} = -1: both are read, so that neither reading is guessed.
IMAGINARY_LETTER = "i"
# A name written alone beside its one application (g beside g(z)) may be short for it, as σ for σ(z):
# that reading is checked for every name, since a(z) is an activation as often as a(b + c) a product,
# except for the Greek letters deep-learning texts keep for numbers (the learning rate η, the weight
# decay λ, momentum β, …): η written alone makes η(p − y) a product.
NUMBER_LETTERS = frozenset({"eta", "lambda", "alpha", "beta", "gamma", "epsilon", "varepsilon", "mu", "nu", "rho",
                            "tau"})
MAX_AMBIGUOUS = 4  # 2**4 readings at most; more is refused with a request to declare


class ImplausibleReading(NotationError):
    """This combination of meanings cannot be what the author meant (e.g. g applied and g alone)."""


@dataclass(frozen=True)
class Ambiguity:
    """One kind of ambiguous fragment: its meanings, and how to write each one unambiguously."""

    kind: str
    meanings: tuple[str, ...]
    described: dict[str, str]   # meaning -> how the reading reads the fragment ("{key} applied to its argument")
    written: dict[str, str]     # meaning -> how to write it so that only this meaning remains


# The table of ambiguous constructs (docs/notation.md is generated from it).
AMBIGUITIES: dict[str, Ambiguity] = {
    "application": Ambiguity(
        "application", (FUNCTION, PRODUCT),
        {FUNCTION: "{key} is a function applied to the parenthesis",
         PRODUCT: "{key} is a number times the parenthesis"},
        {FUNCTION: "--where '{key}: \\mathbb{{R}} \\to \\mathbb{{R}}' (or define it: --where '{key}(x) = …')",
         PRODUCT: "{key} \\cdot (…), or --where '{key} \\in \\mathbb{{R}}'"}),
    "convention": Ambiguity(
        "convention", (CONVENTION,), {CONVENTION: "{key} is {convention}"},
        {CONVENTION: "--where '{definition}'"}),
    "imaginary": Ambiguity(
        "imaginary", (NUMBER, IMAGINARY),
        {NUMBER: "{key} is a real number", IMAGINARY: "{key} is the imaginary unit"},
        {NUMBER: "--where '{key} \\in \\mathbb{{R}}'",
         IMAGINARY: "nothing: dlmath checks claims about real numbers only"}),
    # f^{(2)}(x) is f''(x) to Stewart, the layer function f^{(2)} to Goodfellow (f^{(3)}(f^{(2)}(f^{(1)}(x)))),
    # and a^{(2)}(1 - a^{(2)}) is a product to Nielsen: a labelled name before a parenthesis has all three.
    "labelled": Ambiguity(
        "labelled application", (FUNCTION, PRODUCT, DERIVATIVE),
        {FUNCTION: "{key} is a function of its own (a layer's) applied to the parenthesis",
         PRODUCT: "{key} is a number times the parenthesis",
         DERIVATIVE: "{key} is the derivative of that order of the function it labels"},
        {FUNCTION: "a subscript, f_{{2}}(x), for the layer's function",
         PRODUCT: "{key} \\cdot (…)",
         DERIVATIVE: "primes, f''(x), or \\frac{{d^{{2}}}}{{dx^{{2}}}} f(x)"}),
    # \frac{d}{dx} x^2 + 3 is 2x + 3 by the precedence rule and 2x to an author who means d/dx (x^2 + 3);
    # \sum_i x_i + y_i reuses i outside the sum: both readings are checked.
    "scope": Ambiguity(
        "operator scope", (TERM, REST),
        {TERM: "{key} applies to the term right after it only",
         REST: "{key} applies to everything after it"},
        {TERM: "parentheses around the term, {key}(…) + …", REST: "parentheses around its whole body, {key}(… + …)"}),
    "layout": Ambiguity(
        "layout", (DENOMINATOR, NUMERATOR),
        {DENOMINATOR: "a derivative by a vector or matrix has the variable's shape (denominator layout: "
                      "∂f/∂x a column, the Jacobian ∂y/∂x n×m)",
         NUMERATOR: "a derivative by a vector or matrix has the transposed shape (numerator layout: "
                    "∂f/∂x a row, the Jacobian ∂y/∂x m×n with entry (i, j) = ∂y_i/∂x_j)"},
        {DENOMINATOR: "\\nabla_{{\\mathbf{{x}}}} f (the gradient has the shape of x)",
         NUMERATOR: "(\\nabla_{{\\mathbf{{x}}}} f)^\\top, or the entries \\frac{{\\partial y_i}}{{\\partial x_j}}"}),
    "superscript": Ambiguity(
        "superscript", (LABEL, POWER),
        {LABEL: "the superscript of {key} is a label (a layer or a sample)",
         POWER: "the superscript of {key} is a power"},
        {LABEL: "a parenthesised label, {base}^{{({sup})}}", POWER: "({base})^{{{sup}}}"}),
}


@dataclass
class Survey:
    """How each name is used in a claim and its conditions: filled in by the first pass."""

    applied: dict[str, list[list[Token]]] = field(default_factory=dict)  # name -> argument tokens of each use
    bare: set[str] = field(default_factory=set)
    forced: dict[str, str] = field(default_factory=dict)  # name -> the only meaning its use allows
    scripts: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (base, superscript) as written
    script_letters: dict[str, frozenset[str]] = field(default_factory=dict)  # key -> the letters of its superscript
    label_letters: set[str] = field(default_factory=set)  # letters known to be labels: w^{(l)}, ∂w^{l}_{jk}
    declared: set[str] = field(default_factory=set)  # functions declared or defined in --where
    conventional: set[str] = field(default_factory=set)  # known functions (σ): a product only if also written alone
    explicit_sizes: set[str] = field(default_factory=set)  # n of every \\sum_{i=1}^{n}
    counts: set[str] = field(default_factory=set)  # every name in a sum's limits (t of \\sum_{k=0}^{t-1})
    written: set[str] = field(default_factory=set)  # every name the claim and its conditions write
    implicit: str = ""  # the size of \\sum_i without limits, when it is none of the written ones
    naturals: set[str] = field(default_factory=set)  # names declared in \\mathbb{N} or \\mathbb{Z}
    indices: set[str] = field(default_factory=set)  # names written in a subscript
    conditioned: set[str] = field(default_factory=set)  # names the conditions (--where) write
    plain_conditioned: set[str] = field(default_factory=set)  # letters they write outside \mathbf{…}
    unit_written: bool = False  # i written alone, outside any sum over i
    labelled: dict[str, int | None] = field(default_factory=dict)  # f^{(2)} before a parenthesis -> the order 2
    scopes: set[str] = field(default_factory=set)  # operators (\frac{d}{dx}, \sum_i) followed by + or − a term
    layout_written: bool = False  # a fraction ∂f/∂x by a declared vector or matrix x (layout.py)

    def implicit_size(self) -> sp.Symbol:
        """The n of \\sum_i: the claim's own n if all its explicit sums run to it, or if it declares one
        size (n \\in \\mathbb{N}, not used as an index); else a fresh name, said in words."""
        if len(self.explicit_sizes) == 1:
            return sp.Symbol(next(iter(self.explicit_sizes)), real=True)
        sizes = self.naturals - self.indices
        if not self.explicit_sizes and len(sizes) == 1:
            return sp.Symbol(next(iter(sizes)), real=True)
        if not self.implicit:
            self.implicit = next(n for n in ("n", "N", "m", "K", "n_0") if n not in self.written)
        return sp.Symbol(self.implicit, real=True)

    def apply(self, key: str, argument: list[Token]) -> None:
        uses = self.applied.setdefault(key, [])
        if not any(_text(u) == _text(argument) for u in uses):
            uses.append(argument)

    def settled(self, key: str) -> str | None:
        """The meaning a fragment's use forces, if any: a letter that labels one symbol labels all."""
        if key in self.forced:
            return self.forced[key]
        letters = self.script_letters.get(key, frozenset())
        if letters & self.label_letters:
            return LABEL
        if letters & self.counts:
            return POWER  # \beta_1^{t} beside \sum_{k=1}^{t}: t counts terms, so it is an exponent
        return None

    def force(self, key: str, meaning: str, fragment: str) -> None:
        if self.forced.get(key, meaning) != meaning:
            raise NotationError(f"{key} is used both as a function and as a number", fragment)
        self.forced[key] = meaning


@dataclass
class Context:
    """What a parse knows beyond its tokens: this reading's meanings, and the survey it fills or uses."""

    meanings: dict[str, str] = field(default_factory=dict)
    survey: Survey = field(default_factory=Survey)
    surveying: bool = True
    functions: dict[str, object] = field(default_factory=dict)  # declared or defined functions by name
    expanding: set[str] = field(default_factory=set)  # abbreviations being expanded (g alone for g(z))
    entry_indices: dict[str, int] = field(default_factory=dict)  # i = 1 while (AB)_{ij} is read for i = 1

    def meaning(self, key: str, default: str) -> str:
        chosen = self.meanings.get(key)
        if chosen == CONVENTION:  # Φ'(x) forces a function, and the normal CDF is one
            return chosen
        return self.survey.settled(key) or chosen or default


@dataclass(frozen=True)
class Choice:
    """The meaning one reading gives one ambiguous fragment."""

    kind: str
    key: str
    meaning: str

    def describe(self, survey: Survey) -> str:
        convention = CONVENTIONS.get(self.key)
        return AMBIGUITIES[self.kind].described[self.meaning].format(
            key=latex_name(self.key), convention=convention.described if convention else "")

    def how_to_write(self, survey: Survey) -> str:
        base, sup = survey.scripts.get(self.key, (self.key, ""))
        convention = CONVENTIONS.get(self.key)
        return AMBIGUITIES[self.kind].written[self.meaning].format(
            key=latex_name(self.key), base=base, sup=sup, definition=convention.definition if convention else "")


def latex_name(name: str) -> str:
    """psi -> \\psi, g -> g, w^{l} -> w^{l}: a name as the author wrote it."""
    head, sep, rest = name.partition("^")
    return ("\\" + head if head in GREEK else head) + sep + rest


def ambiguous_choices(survey: Survey) -> list[list[Choice]]:
    """For each fragment whose meaning the survey left open, its possible choices."""
    open_names = sorted(k for k in survey.applied
                        if k not in survey.forced and (k not in survey.conventional or k in survey.bare))
    open_scripts = sorted(k for k in survey.scripts if survey.settled(k) is None)
    groups = [[Choice("application", k, m) for m in AMBIGUITIES["application"].meanings]
              + ([Choice("convention", k, CONVENTION)] if k in CONVENTIONS else []) for k in open_names]
    # Φ'(x): a function for sure, but which one? The convention stays a reading unless Φ was declared.
    groups += [[Choice("application", k, FUNCTION), Choice("convention", k, CONVENTION)]
               for k in sorted(CONVENTIONS) if survey.forced.get(k) == FUNCTION and k not in survey.declared
               and (k in survey.applied or k in survey.bare)]
    groups += [[Choice("superscript", k, m) for m in AMBIGUITIES["superscript"].meanings] for k in open_scripts]
    groups += [[Choice("scope", k, m) for m in AMBIGUITIES["scope"].meanings] for k in sorted(survey.scopes)]
    groups += [[Choice("labelled", k, m) for m in AMBIGUITIES["labelled"].meanings if m != DERIVATIVE or order]
               for k, order in sorted(survey.labelled.items()) if k not in survey.forced]
    i = IMAGINARY_LETTER
    if survey.unit_written and i not in survey.indices | survey.conditioned and i not in survey.forced:
        groups.append([Choice("imaginary", i, m) for m in AMBIGUITIES["imaginary"].meanings])
    if survey.layout_written:
        groups.append([Choice("layout", LAYOUT, m) for m in AMBIGUITIES["layout"].meanings])
    if len(groups) > MAX_AMBIGUOUS:
        names = ", ".join(g[0].key for g in groups)
        raise NotationError(f"too many ambiguous names ({names}); declare functions with "
                            "--where 'g: \\mathbb{R} \\to \\mathbb{R}' or write products with \\cdot")
    return groups


def combinations(survey: Survey) -> list[tuple[Choice, ...]]:
    """Every reading: one choice per open fragment (a single empty reading when nothing is open)."""
    return list(itertools.product(*ambiguous_choices(survey)))


def _text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens)
