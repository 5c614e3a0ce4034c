"""Tables of the names the reader knows: Greek letters, functions, decorations."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import relu, sigmoid, softplus, step

GREEK = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
lambda mu nu xi rho varrho sigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell
""".split())

# Functions of one argument written as commands: \ln x, \tanh(x), \exp(x) ...
COMMAND_FUNCTIONS: dict[str, object] = {
    "ln": sp.log,
    "log": sp.log,
    "exp": sp.exp,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "arctan": sp.atan,
    "arcsin": sp.asin,
    "arccos": sp.acos,
    "sec": sp.sec,
    "csc": sp.csc,
    "cot": sp.cot,
    "coth": sp.coth,
    "sigma": sigmoid,
}


def _gelu(x: sp.Expr) -> sp.Expr:
    return x * (1 + sp.erf(x / sp.sqrt(2))) / 2


def _silu(x: sp.Expr) -> sp.Expr:
    return x * sigmoid(x)


def _logit(x: sp.Expr) -> sp.Expr:
    return sp.log(x / (1 - x))


def _inverse_softplus(x: sp.Expr) -> sp.Expr:
    return sp.log(sp.exp(x) - 1)


# f^{-1}(x) is the inverse function, never the reciprocal 1/f(x): \tanh^{-1} is artanh, \sigma^{-1} the logit.
INVERSES: dict[object, object] = {
    sp.tanh: sp.atanh, sp.sinh: sp.asinh, sp.cosh: sp.acosh, sp.sin: sp.asin, sp.cos: sp.acos,
    sp.tan: sp.atan, sp.exp: sp.log, sp.log: sp.exp, sigmoid: _logit, softplus: _inverse_softplus,
}

# Functions written by name: \operatorname{ReLU}(x), \mathrm{softplus}(x), H(x) ...
NAMED_FUNCTIONS: dict[str, object] = {
    "ReLU": relu,
    "relu": relu,
    "softplus": softplus,
    "step": step,
    "sigmoid": sigmoid,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "ln": sp.log,
    "log": sp.log,
    "erf": sp.erf,
    "erfc": sp.erfc,
    "sign": sp.sign,
    "sgn": sp.sign,
    "GELU": _gelu,
    "gelu": _gelu,
    "SiLU": _silu,
    "silu": _silu,
    "swish": _silu,
    "Swish": _silu,
    "logit": _logit,
    "artanh": sp.atanh, "arctanh": sp.atanh, "atanh": sp.atanh,
    "arsinh": sp.asinh, "arcsinh": sp.asinh, "asinh": sp.asinh,
    "arcosh": sp.acosh, "arccosh": sp.acosh, "acosh": sp.acosh,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos,
    "sech": sp.sech, "csch": sp.csch, "coth": sp.coth, "sec": sp.sec, "csc": sp.csc, "cot": sp.cot,
}

# Words that are never symbols: the differential d and Euler's e have their own meanings.
SPECIAL_WORDS = frozenset({"d", "e"})

# Functions whose derivative the reader can write as a prime: \sigma'(z).
PRIMEABLE = frozenset({sigmoid, sp.tanh, sp.exp, sp.log, sp.sin, sp.cos, relu, softplus, sp.erf, sp.sinh, sp.cosh})
# Of those, the ones a textbook writes with a prime (σ'(z), tanh'(z)); the writer prints the others' derivatives
# at a point as d/du f(u) evaluated there, never exp'(−x) or ln'(1 − x).
PRIMED_IN_PRINT = frozenset({sigmoid, sp.tanh, relu, softplus})

# \bar{x}, \hat{y} ... make a new symbol whose name keeps the decoration.
DECORATIONS = frozenset({"bar", "hat", "tilde", "vec", "mathbf", "boldsymbol", "overline", "bm", "mathcal",
                         "mathscr", "check", "breve"})

# Commands naming a word: \mathrm{MSE}, \text{ReLU}, \operatorname{softplus}.
WORD_COMMANDS = frozenset({"mathrm", "text", "operatorname", "textrm", "mathit", "textit", "mathsf"})

CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "infty": sp.oo}

RELATIONS: dict[str, str] = {
    "=": "=", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=", "\\ge": ">=",
    "\\geq": ">=", "\\geqslant": ">=", "<": "<", ">": ">", "\\ne": "!=", "\\neq": "!=",
    "\\lt": "<", "\\gt": ">",
}

# Relations a claim can never be checked against: refuse rather than guess.
UNCHECKABLE_RELATIONS = frozenset({"\\approx", "\\sim", "\\simeq", "\\propto", "\\to", "\\rightarrow",
                                   "\\equiv", "\\cong", "\\Rightarrow", "\\implies", "\\iff", "\\mapsto",
                                   # the Loewner order of matrices (A^T A \succeq 0) and set inclusion
                                   "\\succeq", "\\preceq", "\\succ", "\\prec", "\\subset", "\\subseteq"})

# Commands with a meaning the reader does not read: each is refused with how to write what it stands for.
EXPECTATIONS = "expectations, variances, probabilities and divergences are not read: write the sum or the integral " \
    "they stand for"
REFUSED_COMMANDS: dict[str, str] = {
    "dot": "\\dot{x} is the time derivative of x(t) (Newton’s dot), not a new symbol: "
           "write \\frac{d}{dt} x(t) or x'(t)",
    "ddot": "\\ddot{x} is the second time derivative of x(t): write \\frac{d^2}{dt^2} x(t) or x''(t)",
    "mid": "a conditional p(x \\mid y) is not read: write the formula it stands for",
    "Pr": EXPECTATIONS,
    "arg": "\\arg\\max and \\arg\\min are not read: state what the maximiser satisfies, e.g. f'(x) = 0 at it",
    "binom": "the binomial coefficient is not read: write \\frac{n!}{k!\\,(n-k)!}",
    **dict.fromkeys(("neg", "cap", "cup"), "logic and sets (\\neg, \\cap, \\cup) are not read: state the claim "
                    "about numbers"),
}

# Upright words naming a statistic or an optimiser, refused as REFUSED_COMMANDS are (never a symbol times (…)).
STATISTICS_WORDS: dict[str, str] = {
    **dict.fromkeys(("E", "Var", "Cov", "Corr", "KL", "Pr", "P", "Std", "std", "var", "cov"), EXPECTATIONS),
    **dict.fromkeys(("argmax", "argmin", "arg"), REFUSED_COMMANDS["arg"]),
}
