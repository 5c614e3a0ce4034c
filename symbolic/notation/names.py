"""Tables of the names the reader knows: Greek letters, functions, decorations."""

from __future__ import annotations

import sympy as sp

from ..activations import relu, sigmoid, softplus, step

GREEK = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
lambda mu nu xi rho varrho sigma tau upsilon phi varphi chi psi omega
Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
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
    "sigma": sigmoid,
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
}

# Functions whose derivative the reader can write as a prime: \sigma'(z).
PRIMEABLE = frozenset({sigmoid, sp.tanh, sp.exp, sp.log, sp.sin, sp.cos, relu, softplus})

# \bar{x}, \hat{y} ... make a new symbol whose name keeps the decoration.
DECORATIONS = frozenset({"bar", "hat", "tilde", "vec", "mathbf", "boldsymbol", "dot", "overline", "bm"})

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
                                   "\\equiv", "\\cong", "\\Rightarrow", "\\implies", "\\iff", "\\mapsto"})
