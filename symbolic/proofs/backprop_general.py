r"""The four backpropagation equations for symbolic layer widths and any depth (seed 003’s BP1–BP4).

Every equation is put to the verifier (`steps.check`, the `dlmath verify` path) with the widths
n_{l−1}, n_l, n_{l+1}, n_L as symbols, so its certificate is the general-n one of
`verify/indexed.py`: SymPy differentiates a sum with a symbolic limit in a family member to a
Kronecker delta, the delta's range case is settled by 1 ≤ j ≤ n, and the sum over the delta
collapses. Two facts are not proved by the machinery and are said so:

* the chain rule over a family of symbolic length (C depends on z^{(l)} only through the
  n_{l+1} entries of z^{(l+1)}), a cited lemma whose instance is checked at sizes 1…3
  (`chain_rule.py`);
* the depth step is induction on the layer from L down to 1: BP1 is the base case and BP2
  the step, each proved for a generic layer l, so the combination is a verdict on theirs.

A piece is "for every size" only when each of its steps was proved with a general
certificate (or has no size in it at all); otherwise its sentence says it is checked at the
given size only, which the concrete expanded-cost proof (`backprop_proof.py`) still does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import sympy as sp

from dlmath.symbolic.calculus.steps import Step, check, differentiate
from dlmath.symbolic.calculus.vocabulary import ACTIVATIONS, COSTS, HIDDEN_ACTIVATIONS, Cost, a, y, z
from dlmath.symbolic.notation.writer import to_latex
from dlmath.symbolic.proofs.chain_rule import CHAIN_RULE, Instance, chain_rule_verdict
from dlmath.symbolic.verify.indexed import GENERAL, GENERAL_ABSTRACT
from dlmath.symbolic.verify.verdict import Status, Verdict


def _size(name: str) -> sp.Symbol:
    return sp.Symbol(name, integer=True, positive=True)


def _family(name: str) -> sp.IndexedBase:
    return sp.IndexedBase(name, real=True)


N_PREV, N, N_NEXT, N_OUT = _size("n_{l-1}"), _size("n_l"), _size("n_{l+1}"), _size("n_L")
SIZES = frozenset({N_PREV, N, N_NEXT, N_OUT})
i, j, k, q = sp.symbols("i j k q", integer=True)  # ranges come from the conditions, never from assumptions
W_NEXT, B_NEXT, W, B = _family("w^{(l+1)}"), _family("b^{(l+1)}"), _family("w^{(l)}"), _family("b^{(l)}")
Z, A_PREV, Z_OUT, Y = _family("z^{(l)}"), _family("a^{(l-1)}"), _family("z^{(L)}"), _family("y")
DELTA, DELTA_NEXT = _family("delta^{(l)}"), _family("delta^{(l+1)}")
C = sp.Symbol("C", real=True)
ABSTRACT = "g"  # any differentiable activation g, kept abstract
GENERAL_METHODS = frozenset({GENERAL, GENERAL_ABSTRACT, CHAIN_RULE})
INDUCTION = "induction on the layer from L down to 1"
_abstract_g = sp.Function("g")


def _in(index: sp.Symbol, size: sp.Symbol) -> tuple[sp.Basic, ...]:
    """1 ≤ index ≤ size, unevaluated so the verifier sees both bounds."""
    return sp.Le(1, index, evaluate=False), sp.Le(index, size, evaluate=False)


@dataclass(frozen=True)
class Unit:
    """An activation as the general proof uses it: g(u) and its textbook g′(u)."""

    name: str
    head: Callable[[sp.Expr], sp.Expr]
    slope: Callable[[sp.Expr], sp.Expr]


def unit(name: str) -> Unit:
    """The vocabulary’s record (its textbook g′ in a = g(z), which the verifier checks), or the abstract g."""
    if name == ABSTRACT:
        return Unit(name, _abstract_g, lambda u: sp.Derivative(_abstract_g(u), u))
    record = ACTIVATIONS[name]
    if record.head is None:
        raise ValueError(f"{name} is not applied unit by unit")
    head, derivative = record.head, record.derivative
    return Unit(name, head, lambda u: derivative.xreplace({a: head(u), z: u}))


@dataclass(frozen=True)
class Statement:
    """before = after under conditions: one claim for the verifier (tests build wrong twins with `replace`)."""

    before: sp.Expr
    after: sp.Expr
    conditions: tuple[sp.Basic, ...] = ()

    def verdict(self) -> Verdict:
        """The verifier’s verdict; a hypothesis Σ y = 1 is used by replacing equals by equals first."""
        equal = {c.lhs: c.rhs for c in self.conditions if isinstance(c, sp.Eq)}
        rest = tuple(c for c in self.conditions if not isinstance(c, sp.Eq))
        return check(self.before.xreplace(equal), self.after.xreplace(equal), conditions=rest)


# ---------------------------------------------------------------- the layer’s sums
def next_pre_activation(g: Unit, row: sp.Expr = k) -> sp.Expr:
    """z^{(l+1)}_row = Σ_{i=1}^{n_l} w^{(l+1)}_{row,i} g(z^{(l)}_i) + b^{(l+1)}_row."""
    return sp.Sum(W_NEXT[row, i] * g.head(Z[i]), (i, 1, N)) + B_NEXT[row]


def pre_activation(row: sp.Expr = q) -> sp.Expr:
    """z^{(l)}_row = Σ_{i=1}^{n_{l−1}} w^{(l)}_{row,i} a^{(l−1)}_i + b^{(l)}_row."""
    return sp.Sum(W[row, i] * A_PREV[i], (i, 1, N_PREV)) + B[row]


def inner_derivative(g: Unit) -> Statement:
    """∂z^{(l+1)}_k / ∂z^{(l)}_j = w^{(l+1)}_{kj} g′(z^{(l)}_j) for 1 ≤ j ≤ n_l."""
    return Statement(sp.Derivative(next_pre_activation(g), Z[j]), W_NEXT[k, j] * g.slope(Z[j]),
                     (*_in(j, N), *_in(k, N_NEXT)))


def recursion(g: Unit) -> Statement:
    """Σ_{k=1}^{n_{l+1}} δ^{(l+1)}_k ∂z^{(l+1)}_k/∂z^{(l)}_j = (Σ_k w^{(l+1)}_{kj} δ^{(l+1)}_k) g′(z^{(l)}_j)."""
    lemma_sum = sp.Sum(DELTA_NEXT[k] * sp.Derivative(next_pre_activation(g), Z[j]), (k, 1, N_NEXT))
    return Statement(lemma_sum, sp.Sum(W_NEXT[k, j] * DELTA_NEXT[k], (k, 1, N_NEXT)) * g.slope(Z[j]), _in(j, N))


def parameter_inner(variable: sp.Expr) -> Statement:
    """∂z^{(l)}_q/∂b^{(l)}_j = δ_{qj}, ∂z^{(l)}_q/∂w^{(l)}_{jk} = δ_{qj} a^{(l−1)}_k."""
    value = sp.KroneckerDelta(q, j) * (A_PREV[k] if variable == W[j, k] else 1)
    ranges = (*_in(j, N), *_in(q, N), *(_in(k, N_PREV) if variable == W[j, k] else ()))
    return Statement(sp.Derivative(pre_activation(), variable), value, ranges)


def parameter_gradient(variable: sp.Expr) -> Statement:
    """Σ_{q=1}^{n_l} δ^{(l)}_q ∂z^{(l)}_q/∂(b_j or w_{jk}) = δ^{(l)}_j (times a^{(l−1)}_k for the weight)."""
    lemma_sum = sp.Sum(DELTA[q] * sp.Derivative(pre_activation(), variable), (q, 1, N))
    weight = variable == W[j, k]
    return Statement(lemma_sum, DELTA[j] * (A_PREV[k] if weight else 1),
                     (*_in(j, N), *(_in(k, N_PREV) if weight else ())))


# ---------------------------------------------------------------- the output layer
def output_statements(cost: Cost, output: Unit) -> list[tuple[str, str, Statement]]:
    """BP1 as (rule, why, statement): ∂C/∂a^{(L)}_j, then δ^{(L)}_j = ∂C/∂z^{(L)}_j, then its cancellation."""
    if cost.per_unit is None:
        return _softmax_statements()
    per_unit = cost.per_unit
    d_cost, _ = differentiate(per_unit, a)  # the rule engine’s ∂c/∂a, checked here as a claim for every n_L
    a_out = _family("a^{(L)}")
    out = [("derivative of a sum", f"the {cost.name} cost is a sum over the $n_L$ outputs; only its $j$-th term "
            "depends on $a^{(L)}_j$",
            Statement(sp.Derivative(_total(per_unit, a_out), a_out[j]), _at(d_cost, a_out[j]),
                      (*_in(j, N_OUT), *(c.xreplace({a: a_out[j]}) for c in cost.domain))))]
    activated = output.head(Z_OUT[j])
    delta = _at(d_cost, activated) * output.slope(Z_OUT[j])
    out.append(("derivative of a sum", r"$\delta^{(L)}_j = \partial C / \partial z^{(L)}_j$: the cost with "
                f"$a^{{(L)}}_i = {_name(output)}(z^{{(L)}}_i)$ differentiated in $z^{{(L)}}_j$ is "
                r"$\frac{\partial C}{\partial a^{(L)}_j} g'(z^{(L)}_j)$",
                Statement(sp.Derivative(_total(per_unit, None, output), Z_OUT[j]), delta, _in(j, N_OUT))))
    if cost.delta is not None:
        out.append(("algebra", cost.cancellation, Statement(delta, _at(cost.delta, activated))))
    return out


def _total(per_unit: sp.Expr, outputs: sp.IndexedBase | None, g: Unit | None = None) -> sp.Expr:
    """Σ_{i=1}^{n_L} c(a_i, y_i), with a_i an entry of `outputs` or g(z^{(L)}_i)."""
    value = outputs[i] if outputs is not None else g.head(Z_OUT[i])
    return sp.Sum(per_unit.xreplace({a: value, y: Y[i]}), (i, 1, N_OUT))


def _at(expr: sp.Expr, value: sp.Expr) -> sp.Expr:
    """A formula in a and y at output unit j."""
    return expr.xreplace({a: value, y: Y[j]})


def _name(g: Unit) -> str:
    return ACTIVATIONS[g.name].latex if g.name in ACTIVATIONS else "g"


def _softmax_statements() -> list[tuple[str, str, Statement]]:
    total = sp.Sum(sp.exp(Z_OUT[q]), (q, 1, N_OUT))
    cost = -sp.Sum(Y[i] * sp.log(sp.exp(Z_OUT[i]) / total), (i, 1, N_OUT))
    share, targets = sp.exp(Z_OUT[j]) / total, sp.Sum(Y[i], (i, 1, N_OUT))
    return [("derivative of a sum", r"every $z^{(L)}_j$ enters every output through $\sum_q e^{z^{(L)}_q}$; "
             r"differentiating the softmax cross-entropy gives $a_j \sum_i y_i - y_j$ with "
             r"$a_j = \operatorname{softmax}(z^{(L)})_j$",
             Statement(sp.Derivative(cost, Z_OUT[j]), share * targets - Y[j], _in(j, N_OUT))),
            ("targets sum to 1", r"the targets are a distribution, $\sum_{i=1}^{n_L} y_i = 1$: "
             r"$\delta^{(L)}_j = a_j - y_j$",
             Statement(share * targets - Y[j], share - Y[j], (*_in(j, N_OUT), sp.Eq(targets, 1))))]


# ---------------------------------------------------------------- the chain rule’s instances (at sizes p, n)
def _next_layer(g: Unit) -> Instance:
    """z^{(l+1)}_1…p over n units of layer l, differentiated in each z^{(l)}_j."""
    def instance(p: int, n: int) -> tuple[list[sp.Expr], list[tuple[dict[sp.Symbol, int], sp.Expr]]]:
        family = [next_pre_activation(g, r).xreplace({N: n}).doit() for r in range(1, p + 1)]
        return family, [({N_NEXT: p, N: n, j: c}, Z[c]) for c in range(1, n + 1)]
    return instance


def _this_layer(p: int, n: int) -> list[sp.Expr]:
    return [pre_activation(r).xreplace({N_PREV: n}).doit() for r in range(1, p + 1)]


def _biases(p: int, n: int) -> tuple[list[sp.Expr], list[tuple[dict[sp.Symbol, int], sp.Expr]]]:
    return _this_layer(p, n), [({N: p, N_PREV: n, j: r}, B[r]) for r in range(1, p + 1)]


def _weights(p: int, n: int) -> tuple[list[sp.Expr], list[tuple[dict[sp.Symbol, int], sp.Expr]]]:
    return _this_layer(p, n), [({N: p, N_PREV: n, j: r, k: c}, W[r, c])
                               for r in range(1, p + 1) for c in range(1, n + 1)]


# ---------------------------------------------------------------- pieces and the proof
@dataclass(frozen=True)
class Piece:
    """One of BP1–BP4 or the induction: its checked steps and the certificate it has when all are general."""

    name: str
    equation: str          # inline TeX
    steps: tuple[Step, ...]
    certificate: str       # how it is proved for every size, in words

    @property
    def general(self) -> bool:
        return all(general_step(s) for s in self.steps)

    @property
    def sentence(self) -> str:
        if self.general:
            return f"{self.name}, ${self.equation}$, is proved {self.certificate}."
        failed = next(s for s in self.steps if not general_step(s))
        why = failed.verdict.detail if failed.verdict is not None else "no check"
        return (f"{self.name}, ${self.equation}$, is not proved for every size (its step “{failed.rule}”: "
                f"{why.rstrip('.')}); it is checked at the given size only.")


def _piece(name: str, equation: str, steps: tuple[Step, ...], certificate: str) -> Piece:
    """The piece, its name leading its first step so a reader finds BP1–BP4 among a derivation's steps."""
    first = replace(steps[0], justification=f"{name}: {steps[0].justification}")
    return Piece(name, equation, (first, *steps[1:]), certificate)


def general_step(step: Step) -> bool:
    """Proved, and by a general certificate unless no size occurs in it (then every size is the same claim)."""
    if not step.proved or step.verdict is None:
        return False
    sized = bool(sp.Tuple(step.before, step.after).free_symbols & SIZES)
    return step.verdict.method in GENERAL_METHODS or not sized


@dataclass(frozen=True)
class GeneralBackprop:
    """BP1–BP4 and the induction over layers for one hidden activation and one cost, widths symbolic."""

    activation: str
    cost: str
    pieces: tuple[Piece, ...]

    @property
    def general(self) -> bool:
        return all(p.general for p in self.pieces)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for p in self.pieces for s in p.steps)

    def piece(self, name: str) -> Piece:
        return next(p for p in self.pieces if p.name == name)


def _step(rule: str, why: str, statement: Statement) -> Step:
    return Step(rule, why, statement.before, statement.after, "=", (), statement.verdict(), statement.conditions)


def _lemma(family: str, length: str, variable: sp.Expr, lemma_sum: sp.Expr, partial: sp.IndexedBase,
           instance: Instance, why: str) -> Step:
    return Step("chain rule over a family", why, sp.Derivative(C, variable), lemma_sum, "=", (),
                chain_rule_verdict(family, length, lemma_sum, partial, instance))


def _bp1(cost: Cost, output: Unit) -> Piece:
    steps = tuple(_step(rule, why, s) for rule, why, s in output_statements(cost, output))
    how = (r"for every $n_L \ge 1$ and $1 \le j \le n_L$: derivative of a sum with respect to a family member "
           r"(the cost’s sum over the outputs differentiated in $z^{(L)}_j$)")
    extra = "" if cost.delta is None else "; the cancellation by algebra"
    if cost.per_unit is None:
        extra = r"; $\sum_i y_i = 1$ used by substitution"
        return _piece("BP1", r"\delta^{(L)}_j = a^{(L)}_j - y_j", steps, how + extra)
    equation = (r"\delta^{(L)}_j = \frac{\partial C}{\partial a^{(L)}_j} g'(z^{(L)}_j)" if cost.delta is None
                else r"\delta^{(L)}_j = a^{(L)}_j - y_j")
    return _piece("BP1", equation, steps, how + extra)


def _bp2(g: Unit) -> Piece:
    hypothesis = recursion(g)
    steps = (
        _lemma("z^{(l+1)}", "n_{l+1}", Z[j], hypothesis.before, DELTA_NEXT, _next_layer(g),
               r"$C$ depends on $z^{(l)}_j$ only through the $n_{l+1}$ entries of $z^{(l+1)}$ (chain rule over a "
               r"family, a cited lemma), and $\partial C / \partial z^{(l+1)}_k = \delta^{(l+1)}_k$ by the induction "
               "hypothesis"),
        _step("derivative of a sum", r"$z^{(l+1)}_k = \sum_{i=1}^{n_l} w^{(l+1)}_{ki} g(z^{(l)}_i) + b^{(l+1)}_k$ "
              r"differentiated in one member $z^{(l)}_j$ of the family: only the $i = j$ term remains",
              inner_derivative(g)),
        _step("Kronecker delta", r"so the sum over $k$ is $\sum_k w^{(l+1)}_{kj} \delta^{(l+1)}_k g'(z^{(l)}_j)$, "
              r"and $g'(z^{(l)}_j)$ does not depend on $k$", hypothesis))
    kink = g.name in ACTIVATIONS and ACTIVATIONS[g.name].kink_at_zero  # ReLU: g′ is the step, undefined at 0
    where = r", where $z^{(l)}_j \ne 0$ ($g'$ is the unit step, undefined at 0)" if kink else ""
    return _piece("BP2", r"\delta^{(l)}_j = \sum_{k=1}^{n_{l+1}} w^{(l+1)}_{kj} \delta^{(l+1)}_k g'(z^{(l)}_j)", steps,
                 r"for every $n_l, n_{l+1} \ge 1$ and $1 \le j \le n_l$" + where
                 + r": derivative of a sum with respect to a family member ($\partial z^{(l+1)}_k / "
                 r"\partial z^{(l)}_j = w^{(l+1)}_{kj} g'(z^{(l)}_j)$) and "
                 r"Kronecker-delta splitting; chain rule over the family $z^{(l+1)}$ (lemma, cited)")


def _parameter(name: str, variable: sp.Expr, instance: Instance, equation: str, ranges: str, member: str) -> Piece:
    gradient = parameter_gradient(variable)
    steps = (
        _lemma("z^{(l)}", "n_l", variable, gradient.before, DELTA, instance,
               f"$C$ depends on ${to_latex(variable)}$ only through the $n_l$ entries of $z^{{(l)}}$ (chain rule "
               r"over a family, a cited lemma), and $\partial C / \partial z^{(l)}_q = \delta^{(l)}_q$ by definition"),
        _step("derivative of a sum", f"$z^{{(l)}}_q = \\sum_{{i=1}}^{{n_{{l-1}}}} w^{{(l)}}_{{qi}} a^{{(l-1)}}_i + "
              f"b^{{(l)}}_q$ differentiated in {member}", parameter_inner(variable)),
        _step("Kronecker delta", r"only the $q = j$ term of the sum over $q$ remains", gradient))
    return _piece(name, equation, steps,
                 f"for every {ranges}: derivative of a sum with respect to a family member and Kronecker-delta "
                 r"splitting; chain rule over the family $z^{(l)}$ (lemma, cited)")


def _induction(base: Piece, step: Piece) -> Piece:
    said = (r"base case $l = L$: BP1 gives $\delta^{(L)} = \partial C / \partial z^{(L)}$; step: if "
            r"$\delta^{(l+1)} = \partial C / \partial z^{(l+1)}$ then BP2 gives "
            r"$\delta^{(l)} = \partial C / \partial z^{(l)}$, for a generic layer $l$ of any widths")
    if base.general and step.general:
        verdict = Verdict(Status.PROVED, INDUCTION, f"By induction on the layer from $L$ down to 1: {said}.",
                          evidence="BP1 and BP2 are each proved for every size")
    else:
        missing = " and ".join(p.name for p in (base, step) if not p.general)
        verdict = Verdict(Status.UNDECIDED, INDUCTION, f"No induction: {missing} is not proved for every size.")
    shown = Step("induction on the layer", said, DELTA[j], sp.Derivative(C, Z[j]), "=", (), verdict)
    return _piece("the depth step", r"\delta^{(l)} = \partial C / \partial z^{(l)} \text{ for } l = L, \dots, 1",
                 (shown,), "by induction on the layer from $L$ down to 1 (base case BP1, step BP2), for every depth")


@cache
def prove_general_backprop(activation: str, cost: str) -> GeneralBackprop:
    """BP1–BP4 and the depth induction with symbolic widths, for a hidden activation and a cost.

    Args:
        activation: a hidden activation of the vocabulary, or "g" for an abstract differentiable g.
        cost: a cost of the vocabulary (its output layer: sigmoid for cross-entropy, softmax for softmax-CE).

    Returns:
        The pieces, each with its checked steps and, when general, the sentence naming its certificate.
    """
    if activation not in (*HIDDEN_ACTIVATIONS, ABSTRACT) or cost not in COSTS:
        raise ValueError(f"no general proof for the activation {activation!r} with the cost {cost!r}")
    record = COSTS[cost]
    hidden = unit(activation)
    output = hidden if record.output is None else (None if record.per_unit is None else unit(record.output.name))
    bp1, bp2 = _bp1(record, output), _recursion_for(activation)
    bp3, bp4 = _parameters()
    return GeneralBackprop(activation, cost, (bp1, bp2, bp3, bp4, _induction(bp1, bp2)))


@cache
def _recursion_for(activation: str) -> Piece:
    """BP2 depends on the hidden activation only, not on the cost: once per activation and process."""
    return _bp2(unit(activation))


@cache
def _parameters() -> tuple[Piece, Piece]:
    """BP3 and BP4: they hold whatever the activation and the cost, so they are proved once per process."""
    bp3 = _parameter("BP3", B[j], _biases, r"\partial C / \partial b^{(l)}_j = \delta^{(l)}_j",
                     r"$n_{l-1}, n_l \ge 1$ and $1 \le j \le n_l$", "the bias $b^{(l)}_j$")
    bp4 = _parameter("BP4", W[j, k], _weights, r"\partial C / \partial w^{(l)}_{jk} = a^{(l-1)}_k \delta^{(l)}_j",
                     r"$n_{l-1}, n_l \ge 1$, $1 \le j \le n_l$ and $1 \le k \le n_{l-1}$", "the weight $w^{(l)}_{jk}$")
    return bp3, bp4
