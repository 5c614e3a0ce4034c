"""The meaning table: every construct the reader accepts, its one meaning, and its ambiguity rule.

The reader dispatches on the tables in names.py, tokens.py, prose.py, roles.py and
algebra.py and on the `command_*` handlers of commands.py; this module gives each
of those entries its documented meaning, and docs/notation.md is generated from
it (`python -m dlmath.symbolic.notation.meanings > docs/notation.md`). A test
checks that every entry the reader dispatches on has exactly one row here.
Anything not in the table is a NotationError that quotes the fragment.
"""

from __future__ import annotations

from dataclasses import dataclass

from .algebra import MATRIX_FUNCTIONS
from .functions import CONVENTIONS
from .names import (
    COMMAND_FUNCTIONS,
    CONSTANTS,
    DECORATIONS,
    GREEK,
    INVERSES,
    NAMED_FUNCTIONS,
    REFUSED_COMMANDS,
    RELATIONS,
    STATISTICS_WORDS,
    UNCHECKABLE_RELATIONS,
    WORD_COMMANDS,
)
from .prose import PHRASES
from .roles import AMBIGUITIES, NUMBER_LETTERS
from .tokens import IGNORED_COMMANDS


@dataclass(frozen=True)
class Meaning:
    """One row: what an author writes, what it means, and the rule when it could mean more."""

    section: str
    written: str
    meaning: str
    rule: str = ""


NUMBERS = "Numbers, symbols, products"
FUNCTIONS = "Functions"
CALCULUS = "Derivatives, sums, products"
SCRIPTS = "Subscripts and superscripts"
MATRICES = "Vectors and matrices"
PROSE = "Words and conditions"
RELATIONS_SECTION = "Relations"
AMBIGUOUS = "Ambiguous notation: every reading is checked"

# The handlers of commands.py (`command_NAME`), the scripts and the juxtapositions, by hand.
CONSTRUCTS: tuple[Meaning, ...] = (
    Meaning(NUMBERS, "12, 0.1, .5", "exact rationals (0.1 is 1/10)",
            "a digit string next to a letter or fraction is refused where it could be E-notation (1.5E3) "
            "or a mixed number (4\\frac{3}{8})"),
    Meaning(NUMBERS, "x, y, w", "a real number (one letter is one symbol)"),
    Meaning(NUMBERS, "2x, x y, (a+b)(a-b), x \\cdot y, x \\times y, x * y", "products"),
    Meaning(NUMBERS, "a/b", "division"),
    Meaning(NUMBERS, "a/b c", "refused: (a/b) c or a/(b c)?", "write \\frac{a}{b} c or \\frac{a}{b c}"),
    Meaning(NUMBERS, "\\lim_{x \\to a}", "refused: limits are not read", "state the claim about the expression"),
    Meaning(NUMBERS, "d/dx f, dy/dx", "refused: a derivative written with a slash",
            "write \\frac{d}{dx} f or \\frac{dy}{dx}"),
    Meaning(NUMBERS, "x!", "factorial"),
    Meaning(NUMBERS, "|x|", "absolute value of a scalar",
            "|v| of a vector is refused (a norm? the number of entries?): write \\|v\\|_2 or \\|v\\|_1"),
    Meaning(NUMBERS, "e", "Euler's number (e^{x} is exp(x))"),
    Meaning(NUMBERS, "\\frac{a}{b}, \\dfrac, \\tfrac, \\frac12",
            "a fraction (single-character arguments as TeX reads them)"),
    Meaning(NUMBERS, "\\sqrt{x}, \\sqrt[3]{x}", "square and n-th roots"),
    Meaning(NUMBERS, "\\max(a, b, …), \\min(a, b, …)", "maximum and minimum of two or more arguments"),
    Meaning(NUMBERS, "\\lfloor x \\rfloor, \\lceil x \\rceil",
            "floor and ceiling: the nearest integer below (above) x"),
    Meaning(NUMBERS, "~", "a non-breaking space: ignored"),
    Meaning(FUNCTIONS, "\\sigma(z)", "the logistic sigmoid 1/(1+e^{-z})",
            "σ alone is a number (a standard deviation); σ applied and σ alone in one claim give two readings"),
    Meaning(FUNCTIONS, "\\sigma'(z), \\tanh'(x), g'(z), g''(z), \\sigma^{\\prime}(z)",
            "derivatives of a function of one argument"),
    Meaning(FUNCTIONS, "f^{-1}(x) for a known f",
            "the inverse function, never the reciprocal (see the inverse table below)"),
    Meaning(FUNCTIONS, "\\ln x, \\tanh x", "the function of the next factor; \\ln x \\ln y is ln(x)·ln(y)",
            "any other factor after the argument is refused: use parentheses"),
    Meaning(FUNCTIONS, "\\log_{2} x", "the logarithm to base 2 (\\log alone is the natural logarithm)"),
    Meaning(FUNCTIONS, "\\mathbb{1}[x > 0], \\mathbb{1}\\{…\\}, \\mathbb{1}_{x > 0}, \\mathbf{1}[…]",
            "the indicator: 1 where the condition holds, else 0"),
    Meaning(FUNCTIONS, "\\begin{cases} v & \\text{if } c \\\\ w & \\text{otherwise} \\end{cases}",
            "a piecewise function, undefined where no case holds"),
    Meaning(FUNCTIONS, "f(a \\mid b), D(p \\| q), \\mathcal{N}(x; \\mu, \\sigma^2), P(A|B)",
            "refused: a conditional, a divergence or a density with parameters", "write the formula it stands for"),
    Meaning(FUNCTIONS, "E[X], E_{x \\sim p}[f(x)], \\mathbb{E}[X], \\mathbb{P}, \\mathbb{V}",
            "refused: expectations and probabilities are not read (never E times [X])",
            "write the sum or the integral they stand for"),
    Meaning(FUNCTIONS, "f(x), g(z), L(\\theta), f_{1}(x) with f undeclared",
            "an abstract function: proved about for every differentiable f, refuted by concrete smooth f",
            "a name before a parenthesis is also a product: see the ambiguity rules"),
    Meaning(CALCULUS, "\\frac{d}{dx} f, \\frac{\\mathrm{d}}{\\mathrm{d}x} f, \\frac{\\text{d}}{\\text{d}x} f, "
            "\\frac{\\operatorname{d}}{\\operatorname{d}x} f",
            "the derivative of the product that follows (up to + or −)"),
    Meaning(CALCULUS, "\\frac{dy}{dx}, \\frac{\\partial C}{\\partial w^{l}_{jk}}, "
            "\\frac{\\partial^2 f}{\\partial x \\partial y}",
            "derivatives; a bare name differentiated needs a --where definition"),
    Meaning(CALCULUS, "\\partial_x f, \\partial_{w_j} L", "the partial derivative of the product that follows"),
    Meaning(CALCULUS, "\\frac{d}{dx} (x y), \\frac{d}{dx} e^{ax}",
            "every letter but x is held constant: \\frac{d}{dx} is read as \\frac{\\partial}{\\partial x}",
            "a y that depends on x (implicit differentiation) is written y(x), as in \\frac{d}{dx} y(x)^2"),
    Meaning(CALCULUS, "\\frac{df}{dx}, \\frac{\\partial f}{\\partial y} with --where 'f(x, y) = x y'",
            "the derivative of the defined function's value f(x, y)",
            "a declared g: \\mathbb{R} \\to \\mathbb{R} written alone is refused: write g(x)"),
    Meaning(CALCULUS, "F \\Big|_{x=a}, \\left. F \\right|_{x=a}, F \\big|_{x=a}^{b}, \\left. F \\right|_{a}^{b}, "
            "\\Big[F\\Big]_{a}^{b}",
            "the evaluation bar: F at x = a; F(b) − F(a) between limits",
            "only at the end of a side whose whole rest is F; |_{a}^{b} without x only for an F of one variable"),
    Meaning(CALCULUS, "\\nabla_{\\mathbf{w}} f, \\nabla_W f",
            "the gradient: ∂f/∂w_i (∂f/∂W_{ij}) in the shape of the declared vector w (matrix W)",
            "a gradient of a vector (a Jacobian) is refused"),
    Meaning(CALCULUS, "\\frac{\\partial f}{\\partial \\mathbf{x}}, \\frac{\\partial f}{\\partial W}, "
            "\\frac{\\partial \\mathbf{y}}{\\partial \\mathbf{x}}",
            "a derivative by a declared vector or matrix, in the denominator or the numerator layout",
            "both layouts are readings (see the ambiguity rules); \\nabla has one meaning"),
    Meaning(CALCULUS, "\\mathrm{d}, \\text{d}, \\operatorname{d}",
            "the differential; only inside a derivative fraction"),
    Meaning(CALCULUS, "\\int_{a}^{b} f(t) \\, \\mathrm{d}t",
            "the definite integral (both limits and the differential required): evaluated as F(b) − F(a) with an "
            "antiderivative F checked by differentiation and continuous on [a, b]",
            "without such an F the integral has only a numeric value: evidence, the verdict stays undecided"),
    Meaning(CALCULUS, "\\int f(x) \\, dx = F(x) + C (also \\mathrm{d}x, \\, or no space)",
            "an indefinite integral: F is an antiderivative of f on the claim's domain, i.e. F is real wherever f "
            "is and d/dx F = f there; every summand of F free of x (C, K, c: any letter) is a constant of "
            "integration and drops out",
            "only as one whole side of an = (refused inside an expression, under ≤, on both sides); "
            "ln x for 1/x is refuted at an x < 0 unless --where 'x > 0' states the domain"),
    Meaning(CALCULUS, "\\sum_{i=1}^{n} body, \\prod_{i=1}^{n} body", "sum and product of the product that follows",
            "an index that also appears in its own limits (\\sum_{n=1}^{n}, \\int_0^x x \\, dx) is refused"),
    Meaning(CALCULUS, "\\int_0^1 \\int_0^1 f \\, dx \\, dy", "an iterated integral: the inner integral takes the first "
            "differential"),
    Meaning(CALCULUS, "\\sum_{i} body, \\sum_k body", "over the family's whole range 1…n",
            "n is the claim's own upper limit when all its explicit sums share one; else a fresh n, said in words; "
            "a body that does not depend on the index, or where it indexes no entry (\\sum_x p(x)), is refused"),
    Meaning(CALCULUS, "\\max_i z_i, \\max_{i=1}^{n} z_i, \\max_{1 \\le i \\le n} z_i, \\min_k (…)",
            "the largest (smallest) member of a family, over 1…n as for \\sum_i; the body is the product that follows",
            "the index must index the body's entries: \\max_x f(x) over a real variable is refused"),
    Meaning(SCRIPTS, "x_i, w_{jk}, \\theta_{11}, w_{j,k}, x_{i+1}",
            "entries of an indexed family (one index per letter or digit, or per comma)"),
    Meaning(SCRIPTS, "x_{\\text{max}}, m_{\\mathrm{best}}", "a word subscript is part of the name"),
    Meaning(SCRIPTS, "\\theta^{(2)}_{1}, W^{(l)}", "a parenthesised superscript is a label (a layer)"),
    Meaning(SCRIPTS, "x^{(i)} inside \\sum_i", "sample i of the family x^{(·)}, not one constant"),
    Meaning(SCRIPTS, "x^2, x_i^2, e^{-x}", "powers"),
    Meaning(SCRIPTS, "2^3^2, x^{2}^{3}", "refused: a double superscript (TeX refuses it): 2^{(3^2)} or (2^3)^2?",
            "write 2^{3^2} or (2^3)^2"),
    Meaning(SCRIPTS, "w^{l}_{jk}, \\beta_1^{t}", "a letter superscript on a subscripted symbol",
            "label or power: see the ambiguity rules"),
    Meaning(SCRIPTS, "w^2_{jk}, a^3_1 (the digit written before the subscript)",
            "a digit superscript written first: a layer (as in w^3_{24}) or a power",
            "label or power: see the ambiguity rules; x_i^2 (subscript first) is a power"),
    Meaning(SCRIPTS, "\\delta_{ij}", "the Kronecker delta"),
    Meaning(MATRICES, "A, \\mathbf{x} declared with --where 'A \\in \\mathbb{R}^{m \\times n}'",
            "a matrix or a column vector; entry i of \\mathbf{x} is x_i, entry (i, j) of A is A_{ij}"),
    Meaning(MATRICES, "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}, bmatrix, Bmatrix, matrix",
            "an explicit matrix"),
    Meaning(MATRICES, "A^T, A^{\\top}, A^{\\intercal}, A^{\\mathsf{T}}, A^\\mathsf T, A^{\\mathrm{T}}, A^{-1}, A^{2}",
            "transpose, inverse, powers of a square matrix",
            "a prime A' on a matrix or vector is refused (a transpose or another matrix?): "
            "write A^\\top or \\tilde{A}"),
    Meaning(MATRICES, "I, I_n, I_2 in a claim with a declared or written-out matrix",
            "the identity matrix, of the size the matrix beside it needs (I_2: 2×2, checked)",
            "I where no matrix fixes its size (I = I, \\det(I), I + 1) is refused; I declared with --where is "
            "what it is declared; in a claim without matrices I is a number"),
    Meaning(MATRICES, "a matrix side beside a scalar side with undeclared names (A^2 = \\begin{pmatrix}…)",
            "refused: the names may be matrices", "declare them, as in --where 'A \\in \\mathbb{R}^{2 \\times 2}'"),
    Meaning(MATRICES, "A B, A \\odot B", "matrix product and Hadamard product (shapes checked)"),
    Meaning(MATRICES, "\\mathbf{w} \\cdot \\mathbf{x}", "the dot product of two vectors of one shape"),
    Meaning(MATRICES, "\\mathbf{z} + c", "c added to every entry of the vector",
            "A + c of a matrix is refused (A + cI?)"),
    Meaning(MATRICES, "\\|v\\|, \\|v\\|_2, \\|v\\|_1, \\|v\\|_\\infty, \\lVert v \\rVert", "norms of a vector",
            "of a symbol whose shape is not declared, refused (read as |x|, \\|x\\|_1 \\ge \\|x\\|_2 was "
            "proved and \\|x\\|_2 \\le \\sqrt{n}\\|x\\|_\\infty refuted): declare x \\in \\mathbb{R}^{n}, or "
            "write |x| for a number"),
    Meaning(MATRICES, "\\|A\\|_F", "the Frobenius norm of a matrix: the root of the sum of its squared entries",
            "any other norm of a matrix (\\|A\\|, \\|A\\|_2: spectral or Frobenius?) is refused"),
    Meaning(MATRICES, "\\mathbf{x} and x in one claim", "refused: x alone may be the vector unbolded or a number",
            "write \\mathbf{x}, or declare x with --where 'x \\in \\mathbb{R}'; the entries x_i are the vector's"),
    Meaning(MATRICES, "W^{(l)\\top}, W^{(l)T}", "the transpose of the labelled matrix W^{(l)}"),
    Meaning(MATRICES, "\\sigma(\\mathbf{z})_i", "entry i of σ applied entry by entry"),
    Meaning(MATRICES, "\\operatorname{softmax}(\\mathbf{z})_i", "entry i of the softmax: of a declared vector, or of "
            "the entries z_1 … z_n of an undeclared z (n as for \\sum_k)"),
    Meaning(MATRICES, "\\det(A), \\det A, \\det \\begin{pmatrix}…\\end{pmatrix}", "the determinant of a square matrix",
            "\\det A B is refused (det(A) B or det(AB)?): use parentheses"),
    Meaning(MATRICES, "\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", "the determinant of the array"),
    Meaning(MATRICES, "\\langle \\mathbf{x}, \\mathbf{y} \\rangle, \\langle A, B \\rangle",
            "the inner product: x^T y of two vectors, tr(A^T B) of two matrices of one shape",
            "of numbers or of different shapes it is refused"),
    Meaning(MATRICES, "A \\circ B", "the Hadamard product, as A \\odot B",
            "\\circ between anything but two matrices (a composition f ∘ g) is refused"),
    Meaning(MATRICES, "A \\otimes B", "the Kronecker product of two matrices",
            "x ⊗ y of vectors is refused (the Kronecker column or the outer product x y^T?)"),
    Meaning(MATRICES, "(A \\mathbf{x})_1, (AB)_{12}", "an entry of a parenthesised matrix expression"),
    Meaning(MATRICES, "(AB)_{ij} = \\sum_k A_{ik} B_{kj}, (W \\mathbf{x})_j = …",
            "a letter index of a parenthesised matrix expression: the claim for every value of the letter "
            "(1 to the size of the dimension it indexes), read with the number in place of the letter everywhere",
            "a summed index, \\sum_j (A x)_j, is refused"),
    Meaning(MATRICES, "\\mathbf{x}^T \\mathbf{y} \\, \\mathbf{x}, |\\mathbf{x}^T \\mathbf{y}|",
            "a 1×1 product is a number: it scales what it multiplies, and |·| of it is an absolute value"),
    Meaning(PROSE, "\\quad \\text{for all } x, \\text{if } x > 0, , \\quad x \\ne 0",
            "trailing words become conditions (see the phrase table)",
            "any other prose is refused"),
    Meaning(PROSE, "x^2 \\ge 0 \\qquad (x \\in \\mathbb{R}), \\sqrt{x^2} = x \\quad (x \\ge 0)",
            "a parenthesis ending the claim that holds a relation: its conditions"),
    Meaning(NUMBERS, "\\theta^*, x^{*}, x^{\\ast}", "a new symbol (the optimum θ*), as \\hat{\\theta} is"),
    Meaning(PROSE, "--where 'x > 0', '0 < p < 1', 'n \\in \\mathbb{N}', 'i \\in \\{1, \\dots, n\\}', 'p \\in (0, 1)'",
            "conditions"),
    Meaning(PROSE, "--where 'p = \\sigma(z)', 'p_i = \\sigma(z_i)', '\\sigma_B^2 = …'",
            "definitions, substituted before checking (σ² = v defines σ as the root)"),
    Meaning(PROSE, "--where '\\sum_{k=1}^{3} y_k = 1'",
            "a linear constraint, solved for its last entry, applied after differentiating"),
    Meaning(PROSE, "--where 'g: \\mathbb{R} \\to \\mathbb{R}', 'f(x) = x^2'", "declares or defines a function"),
    Meaning(PROSE, "--where 'a \\in \\mathbb{R}'", "declares a number (never a function)"),
    Meaning(PROSE, "a claim `y = expression` whose y occurs nowhere else", "a definition: undecided, nothing to check"),
)

# The handler of each `command_NAME` in commands.py: which row documents it.
HANDLERS = {"frac": "\\frac{a}{b}", "dfrac": "\\dfrac", "tfrac": "\\tfrac", "sum": "\\sum_{i=1}^{n} body",
            "prod": "\\prod_{i=1}^{n} body", "sqrt": "\\sqrt{x}", "max": "\\max(a, b, …)", "min": "\\min(a, b, …)",
            "begin": "\\begin{pmatrix}", "partial": "\\partial_x f", "nabla": "\\nabla_{\\mathbf{w}} f",
            "lVert": "\\lVert v \\rVert", "lfloor": "\\lfloor x \\rfloor", "lceil": "\\lceil x \\rceil",
            "langle": "\\langle \\mathbf{x}, \\mathbf{y} \\rangle", "lvert": "|x|", "norm": "\\|v\\|", "det": "\\det",
            "mathbb": "\\mathbb{1}[x > 0]", "int": "\\int_{a}^{b}", "operatorname": "\\operatorname",
            "mathrm": "\\mathrm", "text": "\\text", "textrm": "\\textrm"}


def _name(head: object) -> str:
    return getattr(head, "__name__", str(head)).lstrip("_")


def _by_message(messages: dict[str, str]) -> dict[str, list[str]]:
    """The constructs refused with each message: one row per message."""
    grouped: dict[str, list[str]] = {}
    for written, message in messages.items():
        grouped.setdefault(message, []).append(written)
    return grouped


def generated() -> tuple[Meaning, ...]:
    """Rows made from the reader's own tables, so that no table entry goes undocumented."""
    rows = [Meaning(NUMBERS, "\\" + " \\".join(sorted(GREEK)), "Greek letters: real numbers, like Latin letters")]
    rows += [Meaning(NUMBERS, f"\\{name}", f"the constant {value}") for name, value in CONSTANTS.items()]
    rows += [Meaning(FUNCTIONS, f"\\{name}", f"the function {_name(head)}") for name, head in COMMAND_FUNCTIONS.items()]
    rows += [Meaning(FUNCTIONS, f"\\operatorname{{{name}}} (also \\mathrm, \\text)", f"the function {_name(head)}")
             for name, head in NAMED_FUNCTIONS.items()]
    rows += [Meaning(FUNCTIONS, f"{_name(f)}^{{-1}}", f"the inverse function {_name(g)}") for f, g in INVERSES.items()]
    rows += [Meaning(MATRICES, f"\\operatorname{{{name}}}(…)", f"{name} of a matrix or a declared vector")
             for name in MATRIX_FUNCTIONS]
    rows += [Meaning(NUMBERS, f"\\{name}{{x}}", "a new symbol whose name keeps the decoration (\\bar{x} is not x)",
                     "\\bar and \\overline of an expression are refused; "
                     "\\bar{x} beside x_i (its mean?) must be defined")
             for name in sorted(DECORATIONS)]
    rows += [Meaning(NUMBERS, f"\\{name}{{WORD}}", "a known function's name, else an upright symbol name"
                     + (" (prose: refused)" if name.startswith("text") else "")) for name in sorted(WORD_COMMANDS)]
    rows += [Meaning(FUNCTIONS, ", ".join(names), f"refused: {message}") for message, names in _by_message(
        {f"\\{name}": message for name, message in REFUSED_COMMANDS.items()}).items()]
    rows += [Meaning(FUNCTIONS, ", ".join(names) + " before (, [ or _ (also \\mathrm, \\text)", f"refused: {message}")
             for message, names in _by_message({f"\\operatorname{{{word}}}": message
                                                for word, message in STATISTICS_WORDS.items()}).items()]
    rows += [Meaning(NUMBERS, f"\\{name}" if name.isalpha() else f"\\{name}", "spacing or sizing only: ignored")
             for name in sorted(IGNORED_COMMANDS)]
    rows += [Meaning(RELATIONS_SECTION, written, f"the relation {meaning}") for written, meaning in RELATIONS.items()]
    rows.append(Meaning(RELATIONS_SECTION, "!=", "≠ (as in code), never a factorial followed by ="))
    rows += [Meaning(RELATIONS_SECTION, written, "refused: it cannot be checked")
             for written in sorted(UNCHECKABLE_RELATIONS)]
    rows += [Meaning(PROSE, f"\\text{{{phrase}}}", f"a {kind or 'joining'} phrase") for phrase, kind in PHRASES.items()]
    for ambiguity in AMBIGUITIES.values():
        for meaning in ambiguity.meanings:
            example = {"key": "g", "base": "\\beta_1", "sup": "t", "convention": "its conventional function",
                       "definition": "\\Phi(x) = …"}
            rows.append(Meaning(AMBIGUOUS, f"{ambiguity.kind}: {meaning}",
                                ambiguity.described[meaning].format(**{**example, "key": "it"}),
                                "write " + ambiguity.written[meaning].format(**example)))
    rows += [Meaning(AMBIGUOUS, f"\\{name}(x)", f"also read as {c.described}", f"write --where '{c.definition}'")
             for name, c in CONVENTIONS.items()]
    rows.append(Meaning(AMBIGUOUS, "a name written alone and applied",
                        "g alone beside g(z) may be short for g(z) (as σ for σ(z)): one more reading",
                        "no reading when circular (p alone inside p(1 − p)), nor for the letters kept for "
                        "numbers: " + ", ".join(sorted(NUMBER_LETTERS))))
    return tuple(rows)


def table() -> tuple[Meaning, ...]:
    return CONSTRUCTS + generated()


INTRODUCTION = """# The notation dlmath reads

Generated from `symbolic/notation/meanings.py` (the reader's one meaning table):
`python -m dlmath.symbolic.notation.meanings > docs/notation.md`.

`dlmath verify` reads one claim `LHS REL RHS`. Every construct below has one
meaning; anything else is an error that quotes the fragment and says how to
write it (exit code 3). Where the field's notation has two meanings (a name
before a parenthesis; a letter superscript on a subscripted symbol), the claim
is checked under every reading, and it is proved or refuted only when all
readings agree; otherwise it is undecided, and the verdict names the readings
and how to write each one so that only it remains.
"""


def markdown() -> str:
    """docs/notation.md."""
    out = [INTRODUCTION]
    for section in dict.fromkeys(m.section for m in table()):
        out += [f"\n## {section}\n", "| written | meaning | when it could mean more |", "|---|---|---|"]
        for m in (m for m in table() if m.section == section):
            cells = [c.replace("|", "\\|") for c in (f"`{m.written}`", m.meaning, m.rule)]
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
