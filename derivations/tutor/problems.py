"""The exercises' problems, generated from the catalog's calculus: one generator per topic, one seed each.

Every expected answer is built by the catalog's own pieces (symbolic.calculus.layered: the cost's and
the activation's derivatives, the output δ, the δ recursion; the BPTT recursion and the convolution's
cross-correlation of catalog/recurrent.py and catalog/convolution.py), never typed in as a string, and
written in LaTeX by dlmath's writer. A problem says what the first line of the student's derivation
is checked from (`left`): the asked quantity itself when its definitions (`where`) let the verifier
derive it independently, else the catalog's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp

from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.layered import LayerCalculus, chain_rule_pieces, layer_calculus, output_delta
from dlmath.symbolic.calculus.steps import Step, differentiate
from dlmath.symbolic.notation.writer import to_latex

from .candidates import plain

x, y, w, b, u = sp.symbols("x y w b u", real=True)


@dataclass(frozen=True)
class Problem:
    """What a generator poses: the statement, the asked quantity, the expected answer and the way to it."""

    statement: str                 # plain text, for a terminal
    statement_latex: str           # LaTeX (inline $…$ around the formulas), for a page or a notebook
    asked: str                     # LaTeX of the asked quantity: the left side of the student's first line
    left: str                      # LaTeX the first line's left side is checked as (asked, or the answer)
    answer: str                    # LaTeX of the expected answer (dlmath's writer)
    expected: sp.Expr              # the expected answer as SymPy
    where: tuple[str, ...]         # conditions and definitions every line is checked under
    hints: tuple[str, ...]         # LaTeX: the catalog's own steps, in the order of the derivation
    solution: tuple[str, ...]      # the derivation, as lines `dlmath check` reads (first 'ASKED = …', then '= …')


def _tex(expression: sp.Basic) -> str:
    return to_latex(expression)


def _step_hint(step: Step) -> str:
    return step.latex()


def _activation_hints(calculus: LayerCalculus) -> tuple[str, ...]:
    """The catalog's derivation of g' (once: a sigmoid output layer derives it again)."""
    return tuple(dict.fromkeys(_step_hint(s) for s in calculus.steps if s.rule == "activation derivative"))


def _choice(rng: np.random.Generator, options: tuple) -> object:
    return options[int(rng.integers(len(options)))]


# ---------------------------------------------------------------- a neuron's cost

z_, a_ = vocabulary.z, vocabulary.a
NEURON_PAIRS = (("sigmoid", "quadratic"), ("tanh", "quadratic"), ("relu", "quadratic"), ("identity", "quadratic"),
                ("sigmoid", "cross-entropy"))


def neuron(rng: np.random.Generator) -> Problem:
    """∂C/∂w or ∂C/∂b of one neuron a = g(wx + b) for an activation and a cost drawn at random."""
    activation_name, cost_name = _choice(rng, NEURON_PAIRS)
    parameter = _choice(rng, (w, b))
    cost = vocabulary.COSTS[cost_name]
    g = cost.output or vocabulary.ACTIVATIONS[activation_name]
    calculus = layer_calculus(g.name, "quadratic") if cost.output is None else layer_calculus("sigmoid", cost_name)
    pre = w * x + b
    d_pre, pre_step = differentiate(pre, parameter)
    expected = calculus.output_delta * d_pre
    d_cost, cost_step = differentiate(cost.per_unit, a_)
    factors = [d_cost, calculus.activation_derivative] + ([d_pre] if d_pre != 1 else [])
    product = sp.Mul(*factors, evaluate=False)
    asked = f"\\frac{{\\partial C}}{{\\partial {parameter}}}"
    where = (f"z = {_tex(pre)}", f"a = {g.latex}(z)" if g.name != "identity" else "a = z",
             f"C = {_tex(cost.per_unit)}")
    activation_words = "identity (a = z)" if g.name == "identity" else f"{g.name}"
    statement = (f"A neuron computes z = wx + b and a = g(z) with the {activation_words} activation; its cost "
                 f"for the target y is C = {plain(cost.per_unit)}. Find ∂C/∂{parameter}, written with a, z, "
                 "x and y.")
    statement_latex = (f"A neuron computes ${where[0]}$ and ${where[1]}$ ({activation_words}); its cost for the "
                       f"target $y$ is ${where[2]}$. Find ${asked}$, written with $a$, $z$, $x$ and $y$.")
    hints = (f"{asked} = \\frac{{\\partial C}}{{\\partial a}} \\frac{{\\partial a}}{{\\partial z}} "
             f"\\frac{{\\partial z}}{{\\partial {parameter}}}",
             _step_hint(cost_step), *_activation_hints(calculus), _step_hint(pre_step))
    solution = [f"{asked} = {_tex(product)}"]
    if sp.expand(product - expected) != 0 or _tex(product) != _tex(expected):
        solution.append(f"= {_tex(expected)}")
    return Problem(statement, statement_latex, asked, asked, _tex(expected), expected, where, hints, tuple(solution))


# ---------------------------------------------------------------- a small network: δ and ∂C/∂w

def _layer_base(name: str, layer: int) -> sp.IndexedBase:
    return sp.IndexedBase(f"{name}^{{({layer})}}", real=True)


@dataclass(frozen=True)
class _Net:
    sizes: tuple[int, ...]
    activation: str
    cost: str

    @property
    def depth(self) -> int:
        return len(self.sizes) - 1

    def label(self) -> str:
        return "-".join(map(str, self.sizes))

    def output_activation(self) -> vocabulary.Activation:
        return vocabulary.COSTS[self.cost].output or vocabulary.ACTIVATIONS[self.activation]

    def slope(self, layer: int, unit: int) -> sp.Expr:
        """g'(z^{(l)}_j) in a^{(l)}_j: the catalog's stable form (σ' = a(1 − a), tanh' = 1 − a²)."""
        g = self.output_activation() if layer == self.depth else vocabulary.ACTIVATIONS[self.activation]
        derivative = layer_calculus(g.name, "quadratic").activation_derivative
        return derivative.xreplace({a_: _layer_base("a", layer)[unit]})

    def output_delta(self, unit: int) -> sp.Expr:
        """δᴸⱼ: the catalog's output δ of this cost, with a, y for unit j."""
        activation = "sigmoid" if self.cost == "cross-entropy" else self.activation
        delta = layer_calculus(activation, self.cost).output_delta
        target = sp.IndexedBase("y", real=True)[unit]
        return delta.xreplace({a_: _layer_base("a", self.depth)[unit], vocabulary.y: target})

    def delta(self, layer: int, unit: int, explicit: bool) -> sp.Expr:
        """δˡⱼ by the recursion δˡⱼ = (Σₖ δˡ⁺¹ₖ wˡ⁺¹ₖⱼ) g'(zˡⱼ); `explicit`: δˡ⁺¹ written out too, else named."""
        if layer == self.depth:
            return self.output_delta(unit)
        weights = _layer_base("w", layer + 1)
        named = _layer_base("\\delta", layer + 1)
        units = range(1, self.sizes[layer + 1] + 1)
        following = [self.delta(layer + 1, k, True) if explicit else named[k] for k in units]
        total = sp.Add(*(d * weights[k, unit] for k, d in enumerate(following, start=1)))
        return total * self.slope(layer, unit)

    def definitions(self) -> str:
        return ("z^{(l)}_j = \\sum_k w^{(l)}_{jk} a^{(l-1)}_k + b^{(l)}_j,\\ a^{(l)}_j = g(z^{(l)}_j),\\ "
                "a^{(0)} = x,\\ \\delta^{(l)}_j = \\partial C / \\partial z^{(l)}_j")

    def words(self) -> str:
        cost = vocabulary.COSTS[self.cost]
        output = ", a sigmoid output layer" if self.cost == "cross-entropy" else ""
        return f"the {self.label()} network with {self.activation} units{output} and the {cost.name} cost"


def _net(rng: np.random.Generator, depth: int | None = None) -> _Net:
    depth = depth or int(rng.integers(2, 4))
    sizes = tuple(int(n) for n in rng.integers(2, 4, size=depth + 1))
    activation = _choice(rng, ("sigmoid", "tanh"))
    cost = "cross-entropy" if activation == "sigmoid" and rng.random() < 0.5 else "quadratic"
    return _Net(sizes, activation, cost)


def _recursion_hints(net: _Net) -> tuple[str, ...]:
    pieces = chain_rule_pieces()
    calculus = layer_calculus(net.activation, "quadratic")
    return (_step_hint(pieces[0]), *_activation_hints(calculus),
            "\\delta^{(l)}_j = \\sum_k \\frac{\\partial C}{\\partial z^{(l+1)}_k} \\frac{\\partial z^{(l+1)}_k}"
            "{\\partial a^{(l)}_j} \\frac{\\partial a^{(l)}_j}{\\partial z^{(l)}_j} = \\left(\\sum_k \\delta^{(l+1)}_k "
            "w^{(l+1)}_{kj}\\right) g'(z^{(l)}_j)")


def delta(rng: np.random.Generator) -> Problem:
    """δ of a given layer and unit of a random small network, from the δ recursion of the catalog."""
    net = _net(rng)
    layer = int(rng.integers(1, net.depth + 1))
    unit = int(rng.integers(1, net.sizes[layer] + 1))
    expected = net.delta(layer, unit, explicit=False)
    asked = f"\\delta^{{({layer})}}_{{{unit}}}"
    if layer == net.depth:
        given, given_latex = "a^(L)_j and y_j", f"$a^{{({layer})}}_j$ and $y_j$"
        hints = tuple(_step_hint(s) for s in output_delta(vocabulary.ACTIVATIONS[net.activation],
                                                          vocabulary.COSTS[net.cost])[1])
    else:
        given = f"δ^({layer + 1})_k, w^({layer + 1})_kj and a^({layer})_j"
        given_latex = f"$\\delta^{{({layer + 1})}}_k$, $w^{{({layer + 1})}}_{{kj}}$ and $a^{{({layer})}}_j$"
        hints = _recursion_hints(net)
    statement = (f"In {net.words()} (layers numbered 1 to {net.depth}, z^(l) = W^(l) a^(l-1) + b^(l), "
                 "a^(l) = g(z^(l)), "
                 f"δ^(l)_j = ∂C/∂z^(l)_j), write δ^({layer})_{unit} with {given}.")
    statement_latex = (f"In {net.words()} (${net.definitions()}$), write ${asked}$ with {given_latex}.")
    answer = _tex(expected)
    return Problem(statement, statement_latex, asked, answer, answer, expected, (), hints,
                   (f"{asked} = {answer}",))


def weight_gradient(rng: np.random.Generator) -> Problem:
    """∂C/∂w^{(l)}_{jk} at a given position of a random two-layer network, written out to the inputs."""
    net = _net(rng, depth=2)
    layer = int(rng.integers(1, 3))
    j, k = int(rng.integers(1, net.sizes[layer] + 1)), int(rng.integers(1, net.sizes[layer - 1] + 1))
    inputs = sp.IndexedBase("x", real=True) if layer == 1 else _layer_base("a", layer - 1)
    delta_named = _layer_base("\\delta", layer)[j] * inputs[k]
    expected = net.delta(layer, j, explicit=True) * inputs[k]
    asked = f"\\frac{{\\partial C}}{{\\partial w^{{({layer})}}_{{{j}{k}}}}}"
    variables = "a^(2)_i, y_i, w^(2)_ij, a^(1)_j and x_k" if layer == 1 else "a^(2)_j, y_j and a^(1)_k"
    statement = (f"In {net.words()} (z^(l) = W^(l) a^(l-1) + b^(l), a^(l) = g(z^(l)), a^(0) = x), find "
                 f"∂C/∂w^({layer})_{j}{k}, written out with {variables} (no δ left).")
    statement_latex = (f"In {net.words()} (${net.definitions()}$), find ${asked}$, written out without "
                       "$\\delta$.")
    hints = (_step_hint(chain_rule_pieces()[1]), f"{asked} = {_tex(delta_named)}", *_recursion_hints(net)[1:])
    answer = _tex(expected)
    solution = (f"{asked} = {answer}",)
    return Problem(statement, statement_latex, asked, answer, answer, expected, (), hints, solution)


# ---------------------------------------------------------------- softmax and cross-entropy

def softmax_cross_entropy(rng: np.random.Generator) -> Problem:
    """∂C/∂z_j of C = −ln softmax(z)_c for a label c: the catalog's δ = a·Σy − y with a one-hot y."""
    n = int(rng.integers(2, 5))
    c, j = int(rng.integers(1, n + 1)), int(rng.integers(1, n + 1))
    zs = sp.IndexedBase("z", real=True)
    p = sp.IndexedBase("p", real=True)
    total = sp.Add(*(sp.exp(zs[m]) for m in range(1, n + 1)))
    cost = -sp.log(sp.exp(zs[c]) / total)
    log_softmax = -(zs[c] - sp.log(total))
    onehot = {vocabulary.y: sp.Integer(int(j == c)), vocabulary.y_sum: sp.Integer(1), a_: p[j]}
    expected = vocabulary.SOFTMAX_CROSS_ENTROPY.delta.xreplace(onehot)
    derivative, how = differentiate(log_softmax, zs[j])
    asked = f"\\frac{{\\partial C}}{{\\partial z_{{{j}}}}}"
    where = (f"C = {_tex(cost)}", *(f"p_{{{m}}} = {_tex(sp.exp(zs[m]) / total)}" for m in range(1, n + 1)))
    statement = (f"A softmax layer has {n} outputs p_m = e^(z_m) / Σ_k e^(z_k); the sample's label is class {c}, so "
                 f"its cross-entropy is C = −ln p_{c}. Find ∂C/∂z_{j}, written with p_1 … p_{n}.")
    statement_latex = (f"A softmax layer has {n} outputs $p_m = e^{{z_m}} / \\sum_k e^{{z_k}}$; the label is class "
                       f"{c}, so $C = -\\ln p_{{{c}}}$. Find ${asked}$, written with $p_1, \\dots, p_{{{n}}}$.")
    catalog = [s for s in layer_calculus("sigmoid", "softmax-cross-entropy").steps if s.rule == "algebra"]
    hints = (f"C = {_tex(log_softmax)}", _step_hint(how), *(_step_hint(s) for s in catalog),
             "\\frac{\\partial}{\\partial z_j} \\ln \\sum_k e^{z_k} = p_j, \\quad \\frac{\\partial z_c}"
             "{\\partial z_j} = \\delta_{jc}")
    solution = (f"{asked} = {_tex(derivative)}", f"= {_tex(expected)}")
    return Problem(statement, statement_latex, asked, asked, _tex(expected), expected, where, hints, solution)


# ---------------------------------------------------------------- back-propagation through time

def bptt(rng: np.random.Generator) -> Problem:
    """∂C/∂(w, u or b) of a scalar tanh RNN unrolled T = 2 or 3 steps: the catalog's recursion, summed over time."""
    steps = int(rng.integers(2, 4))
    parameter = _choice(rng, (w, u, b))
    h, xs = sp.IndexedBase("h", real=True), sp.IndexedBase("x", real=True)
    state = [sp.Integer(0)] + [h[t] for t in range(1, steps + 1)]
    deltas: dict[int, sp.Expr] = {steps: (h[steps] - y) * (1 - h[steps] ** 2)}
    for t in range(steps - 1, 0, -1):
        deltas[t] = u * deltas[t + 1] * (1 - h[t] ** 2)
    coefficient = {w: lambda t: xs[t], u: lambda t: state[t - 1], b: lambda t: sp.Integer(1)}[parameter]
    terms = [deltas[t] * coefficient(t) for t in range(1, steps + 1)]
    expected = sp.Add(*terms)
    asked = f"\\frac{{\\partial C}}{{\\partial {parameter}}}"
    where = tuple(f"h_{{{t}}} = {_tex(sp.tanh(w * xs[t] + u * state[t - 1] + b))}" for t in range(1, steps + 1)) + (
        f"C = {_tex((h[steps] - y) ** 2 / 2)}",)
    statement = (f"A recurrent neuron h_t = tanh(w x_t + u h_(t-1) + b), h_0 = 0, reads x_1 … x_{steps}; the cost is "
                 f"C = (h_{steps} − y)²/2. The weights are shared across time. Find ∂C/∂{parameter}, written with "
                 f"h_1 … h_{steps}, x_t, u and y.")
    statement_latex = (f"A recurrent neuron $h_t = \\tanh(w x_t + u h_{{t-1}} + b)$, $h_0 = 0$, reads $x_1, \\dots, "
                       f"x_{{{steps}}}$; the cost is ${where[-1]}$. The weights are shared across time. "
                       f"Find ${asked}$.")
    delta_t = sp.IndexedBase("\\delta", real=True)
    hints = (_step_hint(differentiate(sp.tanh(z_), z_)[1]),
             f"\\delta_{{{steps}}} = \\frac{{\\partial C}}{{\\partial z_{{{steps}}}}} = {_tex(deltas[steps])}",
             "\\delta_t = u\\, \\delta_{t+1} (1 - h_t^{2}) \\quad (h_t \\text{ reaches } C \\text{ through } z_{t+1})",
             f"{asked} = {_tex(sp.Add(*(delta_t[t] * coefficient(t) for t in range(1, steps + 1))))}"
             "\\quad \\text{(one term per step: the weight is shared)}")
    solution = (f"{asked} = {_tex(expected)}",)
    return Problem(statement, statement_latex, asked, asked, _tex(expected), expected, where, hints, solution)


# ---------------------------------------------------------------- a convolution filter

def convolution(rng: np.random.Generator) -> Problem:
    """∂C/∂w_{uv} (or ∂C/∂b) of a 2×2 filter on a 3×3 or 4×4 image: the catalog's cross-correlation with δ."""
    side = int(rng.integers(3, 5))
    feature = side - 1
    image, weight = sp.IndexedBase("x", real=True), sp.IndexedBase("w", real=True)
    delta_f = sp.IndexedBase("\\delta^{(1)}", real=True)
    position = (int(rng.integers(0, 2)), int(rng.integers(0, 2))) if rng.random() < 0.8 else None
    positions = [(i, j) for i in range(feature) for j in range(feature)]
    if position is None:
        expected = sp.Add(*(delta_f[i, j] for i, j in positions))
        asked, what = "\\frac{\\partial C}{\\partial b}", "∂C/∂b"
        coefficient = "1"
    else:
        p, q = position
        expected = sp.Add(*(delta_f[i, j] * image[i + p, j + q] for i, j in positions))
        asked, what = f"\\frac{{\\partial C}}{{\\partial w_{{{p}{q}}}}}", f"∂C/∂w_{p}{q}"
        coefficient = f"x_{{i+{p},j+{q}}}"
    statement = (f"A 2×2 filter w_uv (u, v = 0, 1) with bias b slides over a {side}×{side} image x_ij (indices from "
                 f"0, no flip): z_ij = Σ_uv w_uv x_(i+u)(j+v) + b for i, j = 0 … {feature - 1}. Given δ^(1)_ij = "
                 f"∂C/∂z_ij, find {what}, written out with δ^(1)_ij and x.")
    statement_latex = (f"A $2 \\times 2$ filter $w_{{uv}}$ with bias $b$ slides over a ${side} \\times {side}$ image "
                       f"(indices from 0, no flip): $z_{{ij}} = \\sum_{{u,v}} w_{{uv}} x_{{i+u,j+v}} + b$, "
                       f"$i, j = 0, \\dots, {feature - 1}$. Given $\\delta^{{(1)}}_{{ij}} = \\partial C/\\partial "
                       f"z_{{ij}}$, find ${asked}$.")
    window = sum(weight[a, c] * image[a, c] for a in range(2) for c in range(2))
    local = differentiate(window, weight[1, 0])[1]
    hints = (_step_hint(local), f"\\frac{{\\partial z_{{ij}}}}{{\\partial {asked.split('partial ')[-1][:-1]}}} = "
             f"{coefficient}",
             f"{asked} = \\sum_{{i,j}} \\delta^{{(1)}}_{{ij}} {coefficient if coefficient != '1' else ''}"
             f"\\quad \\text{{(every unit of the map uses the filter)}}")
    answer = _tex(expected)
    return Problem(statement, statement_latex, asked, answer, answer, expected, (), hints, (f"{asked} = {answer}",))


@dataclass(frozen=True)
class Topic:
    """One topic: its one-line description and the generator of its problems."""

    description: str
    generate: Callable[[np.random.Generator], Problem]


TOPICS: dict[str, Topic] = {
    "neuron": Topic("∂C/∂w or ∂C/∂b of one neuron, for an activation and a cost drawn at random", neuron),
    "delta": Topic("δ of a given layer and unit of a random small network (the δ recursion)", delta),
    "weight-gradient": Topic("∂C/∂w^(l)_jk at a given position of a random two-layer network, written out",
                             weight_gradient),
    "softmax-cross-entropy": Topic("∂C/∂z_j of the cross-entropy of a softmax layer for a label",
                                   softmax_cross_entropy),
    "bptt": Topic("a gradient of a recurrent neuron unrolled in time (back-propagation through time)", bptt),
    "convolution": Topic("a filter weight's or bias's gradient in a convolution layer", convolution),
}
