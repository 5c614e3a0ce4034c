"""Recurrent networks (seed 002): back-propagation through time, and why gradients vanish or explode."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.calculus.steps import Step, checked, differentiate
from dlmath.symbolic.models.recurrent import rnn_unrolled
from dlmath.symbolic.proofs.entrywise import EntrywiseProof
from dlmath.symbolic.proofs.recurrent_proof import (
    prove_bptt,
    prove_jacobian_product,
    prove_shared_sum,
    sums_over_adjacent_ranges,
)

from ..core import Derivation, Source, register

SEED_002 = "002_cf0eb5ed628efded.txt"
t, T = sp.symbols("t T", integer=True, positive=True)
z = sp.Symbol("z", real=True)
C = sp.Symbol("C", real=True)
INDEX_REMARK = ("Seed 002 writes $h_{t+1} = \\sigma_h(W_{xh}x_t + U_h h_{t-1} + b_h)$, with $t+1$ on the left and "
                "$t-1$ on the right, an index slip; here the state after reading $x_t$ is $h_t = \\sigma_h(W_{xh}x_t + "
                "U_h h_{t-1} + b_h)$ throughout, with $h_0 = 0$, and the output of step $t$ is "
                "$y_t = \\sigma_y(W_{hy}h_t "
                "+ b_y)$.")
# parameter name → LaTeX, for the steps' display
LATEX = {"Wxh": "W_{xh}", "Uh": "U_h", "bh": "b_h", "Why": "W_{hy}", "by": "b_y"}


def _m(latex: str, rows: int = 1, cols: int = 1) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(latex, rows, cols)


def _proved(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: EntrywiseProof,
            names: tuple[str, ...] | None = None) -> Step:
    """A step whose check is an expanded-cost proof (of the named parameters)."""
    return Step(rule, why, before, after, "=", (), proof.verdict(names))


def _sum_t(latex: str) -> sp.Sum:
    """Σ_{t=1}^{T} of a term shown by its LaTeX (a matrix product the writer prints as given)."""
    return sp.Sum(sp.Symbol(latex), (t, 1, T))


def _integer(name: str, value: object) -> int:
    """A derivation parameter as an int, with a message a student understands."""
    try:
        return int(str(value))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _parse_sizes(sizes: str) -> tuple[int, int, int]:
    try:
        parts = tuple(int(p) for p in sizes.split(","))
    except ValueError:
        raise ValueError(f"sizes must be three positive integers such as 2,2,1, not {sizes!r}") from None
    if len(parts) != 3 or min(parts) < 1 or max(parts) > 3:
        raise ValueError(f"sizes must be three integers from 1 to 3 (inputs,hidden,outputs), not {sizes!r}")
    return parts  # type: ignore[return-value]


def _shared_steps(proof: EntrywiseProof) -> list[Step]:
    """002's device: treat each shared parameter as a copy per step, then add the copies' gradients."""
    return [_proved("per-step copies", f"write ${LATEX[n]}^{{(t)}}$ for the copy used at step $t$; the unrolled "
                    f"cost depends on ${LATEX[n]}$ only through its copies, so by the chain rule its gradient is the "
                    "sum over time of the gradients of the copies, evaluated at the shared value",
                    sp.Derivative(C, sp.Symbol(LATEX[n])),
                    _sum_t(f"\\frac{{\\partial C}}{{\\partial {LATEX[n]}^{{(t)}}}}"),
                    proof, (n,)) for n in LATEX]


def _recursion_steps(proof: EntrywiseProof, hidden: int) -> list[Step]:
    """The δ recursion through time and the five gradients it gives."""
    delta_t = _m(r"\delta_t", hidden)
    recursion = sp.HadamardProduct(sp.Transpose(_m("U_h", hidden, hidden)) * _m(r"\delta_{t+1}", hidden)
                                   + sp.Transpose(_m("W_{hy}", 1, hidden)) * _m("e_t"),
                                   _m(r"\sigma_h'(z_t)", hidden))
    return [
        _proved("output error", "the error of step $t$ at the output’s pre-activation: $e_t = (\\hat y_t - y_t) "
                "\\odot \\hat y_t \\odot (1 - \\hat y_t)$ with $\\hat y_t = \\sigma(W_{hy}h_t + b_y)$; "
                "$\\partial C/\\partial W_{hy}$ collects $e_t h_t^T$ from every step",
                sp.Derivative(C, sp.Symbol("W_{hy}")),
                _sum_t(r"e_t h_t^{T}"), proof, ("Why",)),
        _proved("output error", "the output bias enters each step with coefficient 1",
                sp.Derivative(C, sp.Symbol("b_y")), _sum_t("e_t"), proof, ("by",)),
        _proved("BPTT recursion", "$\\delta_t = \\partial C/\\partial z_t$ for $z_t = W_{xh}x_t + U_h h_{t-1} + b_h$: "
                "$h_t$ reaches the cost through $\\hat y_t$ and through $z_{t+1}$, so the error of step $t+1$ comes "
                "back through $U_h^T$; $\\delta_{T+1} = 0$. Checked through the hidden bias, "
                "$\\partial C/\\partial b_h = \\sum_t \\delta_t$", delta_t, recursion, proof, ("bh",)),
        _proved("BPTT gradient", "$z_t$ is linear in $W_{xh}$ with coefficient $x_t$, summed over the steps",
                sp.Derivative(C, sp.Symbol("W_{xh}")), _sum_t(r"\delta_t x_t^{T}"), proof, ("Wxh",)),
        _proved("BPTT gradient", "$z_t$ is linear in $U_h$ with coefficient $h_{t-1}$ ($h_0 = 0$)",
                sp.Derivative(C, sp.Symbol("U_h")), _sum_t(r"\delta_t h_{t-1}^{T}"), proof, ("Uh",)),
        _proved("BPTT gradient", "the hidden bias enters every $z_t$ with coefficient 1",
                sp.Derivative(C, sp.Symbol("b_h")), _sum_t(r"\delta_t"), proof, ("bh",)),
    ]


@register("bptt", r"Back-propagation through time: shared weights, summed gradients and the $\delta$ recursion",
          {"sizes": "inputs,hidden,outputs, each 1 to 3 (default 2,2,1)",
           "steps": r"time steps $T$, 1 to 6, $\text{hidden} \times T \le 12$ (default 5)"},
          sources=(SEED_002,))
def bptt(sizes: str = "2,2,1", steps: int = 5) -> Derivation:
    inputs, hidden, outputs = _parse_sizes(sizes)
    steps = _integer("steps", steps)
    if not 1 <= steps <= 6 or hidden * steps > 12:
        raise ValueError(f"steps must be from 1 to 6 and hidden × steps at most 12 (the unrolled cost is expanded "
                         f"symbolically; 3 hidden units for 4 steps take about 13 s), not {hidden} × {steps}")
    shared = prove_shared_sum(inputs, hidden, outputs, steps)
    recursion = prove_bptt(rnn_unrolled(inputs, hidden, outputs, steps))
    label = f"{inputs}-{hidden}-{outputs}"
    result = _proved("result", f"for the {label} tanh RNN unrolled for $T = {steps}$ steps, every one of the "
                     f"{recursion.entries} gradient entries given by the $\\delta$ recursion equals direct "
                     f"differentiation "
                     f"of the unrolled cost ({shared.seconds + recursion.seconds:.2f} s)",
                     sp.Symbol(r"\nabla C", real=True),
                     sp.Symbol(r"\left(\sum_t \delta_t x_t^{T},\ \sum_t \delta_t h_{t-1}^{T},\ \sum_t \delta_t,"
                               r"\ \sum_t e_t h_t^{T},\ \sum_t e_t\right)"), recursion)
    return Derivation(
        name="bptt", title=f"Back-propagation through time for the {label} RNN, $T = {steps}$",
        summary="An RNN unrolled for $T$ steps is a deep network whose layers share their weights. Treating each "
                "weight as a separate copy per step (seed 002) and adding the gradients of the copies gives the "
                "gradient of the shared weight; those gradients come from one backward sweep, "
                r"$\delta_t = (U_h^T \delta_{t+1} + W_{hy}^T e_t) \odot \sigma_h'(z_t)$. Both facts are proved "
                "against direct "
                "differentiation of the fully unrolled cost.",
        steps=(differentiate(sp.tanh(z), z)[1], differentiate(sigmoid(z), z)[1], *_shared_steps(shared),
               *_recursion_steps(recursion, hidden)),
        result=result,
        sources=(Source(SEED_002, r"Recurrent Neural Networks: $\min \sum_t |\sigma_y(W_{hy} h_t + b_y) - y_t|^2$, "
                        "unfolding over time, “consider each parameter as if it was different for each layer” "
                        "(BPTT)"),),
        assumptions=(r"h_t = \tanh(W_{xh}x_t + U_h h_{t-1} + b_h),\ h_0 = 0",
                     r"\hat y_t = \sigma(W_{hy}h_t + b_y),\ "
                     r"C = \sum_{t=1}^{T} \tfrac12 \lVert \hat y_t - y_t \rVert^2"),
        remarks=(INDEX_REMARK,
                 "The proofs write the unrolled cost out with every weight a symbol (symengine), differentiate it "
                 "directly, name every nested $\\tanh$ and $\\sigma$ by an atom, and expand the difference from the "
                 "formula to "
                 f"0; they also agree at random points ({recursion.verdict().evidence}). The per-step-copies "
                 f"identity took {shared.seconds:.2f} s, the recursion {recursion.seconds:.2f} s.",
                 r"$\sigma_h = \tanh$ is the hidden activation here (the numeric trainer’s); seed 002 leaves "
                 r"$\sigma_h$ generic, and the same recursion holds with $\sigma_h'$ in place of $1 - h_t^2$."),
    )


# ---------------------------------------------------------------- the linear RNN in closed form
a, b, h0 = sp.symbols("a b h_0", real=True)
k = sp.Symbol("k", integer=True, positive=True)
x = sp.IndexedBase("x", real=True)


def _inputs_term(n: sp.Expr) -> sp.Sum:
    """Σ_{t=1}^{n} a^{n−t} b x_t: what the inputs contribute to h_n."""
    return sp.Sum(a**(n - t) * b * x[t], (t, 1, n))


def _closed(n: sp.Expr) -> sp.Expr:
    """a^n h_0 + Σ_{t=1}^{n} a^{n−t} b x_t."""
    return a**n * h0 + _inputs_term(n)


def _matrix_case(dim: int = 2, steps: int = 3) -> list[Step]:
    """The same closed form for matrices A (dim×dim), B (dim×1), iterated `steps` times, and its Jacobian A^k."""
    A = sp.ImmutableMatrix(dim, dim, lambda r, c: sp.Symbol(f"A_{{{r + 1}{c + 1}}}", real=True))
    B = sp.ImmutableMatrix(dim, 1, lambda r, c: sp.Symbol(f"B_{{{r + 1}}}", real=True))
    start = sp.ImmutableMatrix(dim, 1, lambda r, c: sp.Symbol(f"h_{{0,{r + 1}}}", real=True))
    h = start
    for step in range(1, steps + 1):
        h = sp.ImmutableMatrix(A * h + B * x[step])
    closed = sp.ImmutableMatrix(A**steps * start + sum((A**(steps - s) * B * x[s] for s in range(1, steps + 1)),
                                                      sp.zeros(dim, 1)))
    jacobian = sp.ImmutableMatrix(dim, dim, lambda r, c: sp.Derivative(h[r], start[c]))
    iterated = checked("matrix case", f"for ${dim} \\times {dim}$ matrices, iterating $h_k = A h_{{k-1}} + B x_k$ "
                       f"{steps} times gives the closed form (the induction never commutes $A$ with anything, so it "
                       "holds for matrices as written); checked entry by entry with every entry of $A$, $B$ and "
                       "$h_0$ a symbol", h, closed)
    derivative = checked("Jacobian", f"the Jacobian of $h_{steps}$ with respect to $h_0$ is $A^{steps}$, checked "
                         "entry by entry", jacobian, sp.ImmutableMatrix(A**steps))
    return [replace(iterated, shown=_matrix_iteration_shown(steps)),
            replace(derivative, shown=(_jacobian_shown(steps), _MATRIX["A"] ** steps))]


# How the matrix case is shown: in A, B, h_0 and x_t as a textbook writes it (products that do not commute); the
# checks above write out every entry, which set run to a page of products.
_MATRIX = {name: sp.Symbol(name, commutative=False) for name in ("A", "B", "h_0")}


def _jacobian_shown(steps: int) -> sp.Derivative:
    return sp.Derivative(sp.Symbol(f"h_{steps}", commutative=False), _MATRIX["h_0"])


def _matrix_iteration_shown(steps: int) -> tuple[sp.Expr, sp.Expr]:
    """A(A(A h_0 + B x_1) + B x_2) + B x_3 = A^3 h_0 + A^2 B x_1 + A B x_2 + B x_3 (for steps = 3)."""
    A, B, h = _MATRIX["A"], _MATRIX["B"], _MATRIX["h_0"]
    inputs = [sp.Symbol(f"x_{s}", commutative=False) for s in range(1, steps + 1)]
    iterated = h
    for x_s in inputs:
        iterated = A * iterated + B * x_s
    closed = A**steps * h + sum((A**(steps - s) * B * x_s for s, x_s in enumerate(inputs, 1)), sp.Integer(0))
    return iterated, closed


def _norm_table(rng: np.random.Generator, dim: int = 4) -> str:
    """‖A^k‖₂ for a random A rescaled to spectral radius ρ = 0.9, 1, 1.1 (computed, not typed)."""
    base = rng.normal(size=(dim, dim))
    base /= np.max(np.abs(np.linalg.eigvals(base)))
    rows = []
    for rho in (0.9, 1.0, 1.1):
        power = np.linalg.matrix_power
        norms = [np.linalg.norm(power(rho * base, n), 2) for n in (1, 10, 50, 100)]
        rows.append(f"$\\rho = {rho}$: " + ", ".join(f"{v:.3g}" for v in norms))
    return (r"$\lVert A^k \rVert_2$ at $k = 1, 10, 50, 100$ for a random $4 \times 4$ $A$ (numpy, seed 2) "
            r"rescaled to spectral radius $\rho$ — " + "; ".join(rows)
            + r". Below 1 the gradient $\partial h_k / \partial h_0$ vanishes geometrically, above 1 it explodes; "
            r"at $\rho = 1$ it neither decays nor grows geometrically.")


@register("linear-rnn-closed-form",
          r"The linear RNN in closed form, $h_k = A^k h_0 + \sum_t A^{k-t} B x_t$, by induction",
          sources=(SEED_002,))
def linear_rnn_closed_form() -> Derivation:
    f = a**(k + 1 - t) * b * x[t]
    steps = (
        checked("base case", "$k = 1$: one step of the recurrence is the closed form with a one-term sum",
                a * h0 + b * x[1], _closed(sp.Integer(1))),
        checked("inductive step", "assume the closed form for $h_k$; then $h_{k+1} = a h_k + b x_{k+1}$, and "
                "multiplying out", a * _closed(k) + b * x[k + 1], a**(k + 1) * h0 + a * _inputs_term(k) + b * x[k + 1]),
        checked("constant factor", "$a$ does not depend on $t$, so it moves into the sum and raises each power by one",
                a * _inputs_term(k), sp.Sum(f, (t, 1, k))),
        checked("one-term sum", "the new input is the $t = k+1$ term, with $a^0 = 1$",
                sp.Sum(f, (t, 1, k)) + b * x[k + 1], sp.Sum(f, (t, 1, k)) + sp.Sum(f, (t, k + 1, k + 1))),
    )
    join_before, join_after = sp.Sum(f, (t, 1, k)) + sp.Sum(f, (t, k + 1, k + 1)), sp.Sum(f, (t, 1, k + 1))
    join = Step("join sums", "the sums over $t = 1..k$ and $t = k+1$ cover $t = 1..k+1$: the closed form for $k+1$",
                join_before, join_after, "=", (), sums_over_adjacent_ranges(join_before, join_after))
    gradient = checked("gradient", "only the first term depends on $h_0$", sp.Derivative(_closed(k), h0), a**k)
    result = checked("result", "so the closed form holds for every $k \\ge 1$ by induction, and the gradient that "
                     "flows from $h_k$ back to $h_0$ is the $k$-th power", sp.Derivative(_closed(k), h0), a**k)
    return Derivation(
        name="linear-rnn-closed-form", title="The linear RNN in closed form, and why its gradients vanish or explode",
        summary=r"With the identity (or, on its linear region, ReLU) as activation, $h_k = A h_{k-1} + B x_k$ "
                r"unrolls to $h_k = A^k h_0 + \sum_{t=1}^{k} A^{k-t} B x_t$ "
                r"(seed 002: $h_t = U_h^{t-1} h_1 + \ldots$). So $\partial h_k / \partial h_0 = A^k$, which "
                "shrinks or grows geometrically with the spectral radius of $A$.",
        steps=(*steps, join, gradient, *_matrix_case()),
        result=result,
        sources=(Source(SEED_002, r"Long Short Term Memory: “Suppose that $\sigma_h = \sigma_y = \mathrm{id}$ "
                        r"(or ReLU) … then "
                        r"$h_t = U_h^{t-1} h_1 + \ldots$”, the exploding/vanishing gradient"),),
        assumptions=(r"h_k = a h_{k-1} + b x_k \ (k \ge 1)", r"h_k = A h_{k-1} + B x_k \text{ for matrices}"),
        remarks=("The general-$k$ proof is the scalar case $(a, b)$; every step uses only associativity, "
                 r"distributivity and $a \cdot a^{n} = a^{n+1}$, never commutativity, so the same algebra holds for "
                 r"matrices $A$, $B$ — checked for $2 \times 2$ matrices and $k = 3$ in the last steps.",
                 "The step joining the two sums is certified by SymPy’s `sum_simplify` (sums over adjacent ranges); "
                 "the verifier alone only checks it at concrete sizes.",
                 _norm_table(np.random.default_rng(2)),
                 r"Seed 002 writes $h_t = U_h^{t-1} h_1 + \ldots$, counting from $h_1$; here the count starts at "
                 "$h_0$."),
    )


# ---------------------------------------------------------------- the nonlinear RNN: the vanishing gradient
def _bound_remark(rng: np.random.Generator, hidden: int = 4, steps: int = 10, trials: int = 200) -> str:
    """The largest ratio ‖∂h_T/∂h_1‖₂ / (‖U‖₂/4)^{T−1} over random sigmoid RNNs (computed, not typed)."""
    worst = 0.0
    for _ in range(trials):
        U, W = rng.normal(size=(hidden, hidden)), rng.normal(size=hidden)
        h, jacobian = rng.uniform(0, 1, hidden), np.eye(hidden)
        for _ in range(steps - 1):
            h = 1 / (1 + np.exp(-(U @ h + W * rng.normal())))
            jacobian = np.diag(h * (1 - h)) @ U @ jacobian
        worst = max(worst, np.linalg.norm(jacobian, 2) / (np.linalg.norm(U, 2) / 4) ** (steps - 1))
    return (f"Numerically, over {trials} random sigmoid RNNs with $H = {hidden}$ and $T = {steps}$ (numpy, seed 2), "
            r"the largest ratio $\lVert \partial h_T / \partial h_1 \rVert_2 / (\lVert U \rVert_2 / 4)^{T-1}$ "
            f"was {worst:.3g} (the bound says $\\le 1$); with " r"$\lVert U \rVert_2 < 4$ the "
            "gradient reaching $h_1$ shrinks geometrically in $T$.")


@register("vanishing-gradient", r"The vanishing gradient: $\partial h_T/\partial h_1$ as a product, and "
           r"$\lVert \partial h_T/\partial h_1 \rVert \le (\lVert U \rVert/4)^{T-1}$",
          sources=(SEED_002,))
def vanishing_gradient() -> Derivation:
    one, two = prove_jacobian_product(2, 2), prove_jacobian_product(2, 3)
    H = 2
    U, D = _m("U", H, H), lambda s: _m(f"\\operatorname{{diag}}(\\sigma'(z_{s}))", H, H)
    v, p, q = sp.Symbol(r"\lVert U \rVert", real=True), sp.Symbol("z_2", real=True), sp.Symbol("z_3", real=True)
    slope = lambda u: sigmoid(u) * (1 - sigmoid(u))  # noqa: E731 - σ'(u) in the proved form
    nonnegative = (sp.Ge(v, 0),)
    steps = (
        _proved("chain rule", "$h_t = \\sigma(U h_{t-1} + W x_t + b)$ element-wise, so row $j$ of the Jacobian is "
                "$\\sigma'(z_{t,j})$ times row $j$ of $U$ (proved for $H = 2$ against direct differentiation)",
                _m(r"\partial h_2 / \partial h_1", H, H), D(2) * U, one),
        _proved("chain rule", "two steps: the Jacobians multiply (proved for $H = 2$, $T = 3$)",
                _m(r"\partial h_3 / \partial h_1", H, H), D(3) * U * D(2) * U, two),
        differentiate(sigmoid(z), z)[1],
        checked("bound", "$\\frac14 - \\sigma(1-\\sigma) = (\\sigma - \\frac12)^2 \\ge 0$: the sigmoid’s slope is at "
                "most $\\frac14$", slope(z), sp.Rational(1, 4), "<="),
        checked("bound", "one factor: $\\lVert \\operatorname{diag}(\\sigma'(z_3)) U \\rVert \\le \\max_j "
                "\\sigma'(z_{3,j}) \\lVert U \\rVert$ (submultiplicative norm), and $\\sigma' \\le \\frac14$",
                slope(q) * v * slope(p) * v, v / 4 * slope(p) * v, "<=", conditions=nonnegative),
    )
    result = checked("result", "the other factor likewise: $\\lVert \\partial h_3/\\partial h_1 \\rVert \\le "
                     "(\\lVert U \\rVert/4)^{2}$, and for $T$ steps $(\\lVert U \\rVert/4)^{T-1}$",
                     v / 4 * slope(p) * v, (v / 4) ** 2, "<=", conditions=nonnegative)
    return Derivation(
        name="vanishing-gradient", title="The vanishing gradient of a sigmoid RNN",
        summary=r"For $h_t = \sigma(U h_{t-1} + W x_t + b)$, "
                r"$\partial h_T / \partial h_1 = \prod_{t=T}^{2} \operatorname{diag}(\sigma'(z_t))\,U$. Since "
                r"$\sigma' \le 1/4$, $\lVert \partial h_T / \partial h_1 \rVert \le (\lVert U \rVert / 4)^{T-1}$: "
                r"unless $\lVert U \rVert > 4$ the signal from early steps fades geometrically.",
        steps=steps, result=result,
        sources=(Source(SEED_002, "Long Short Term Memory: “there is a problem of exploding/vanishing gradient in "
                        "RNN”"),),
        assumptions=(r"h_t = \sigma(U h_{t-1} + W x_t + b),\ z_t = U h_{t-1} + W x_t + b",
                     r"\lVert \cdot \rVert \text{ the spectral norm: } \lVert AB \rVert \le \lVert A \rVert "
                     r"\lVert B \rVert,\ \lVert \operatorname{diag}(d) \rVert = \max_j |d_j|"),
        remarks=(f"The product formula was proved at $T = 2$ and $T = 3$ with $H = 2$ "
                 f"({one.seconds + two.seconds:.2f} s); the norm steps use the two standard facts in the assumptions, "
                 r"with $\sigma'(z_t)$ standing for the largest entry of $\operatorname{diag}(\sigma'(z_t))$.",
                 _bound_remark(np.random.default_rng(2)),
                 r"With $\tanh$, $\tanh' \le 1$ and the bound is $\lVert U \rVert^{T-1}$: the same geometric "
                 r"decay once $\lVert U \rVert < 1$."),
    )
