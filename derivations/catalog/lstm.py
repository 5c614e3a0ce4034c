"""Seed 002's LSTM: the local derivatives, the constant error carousel, and its gradient through time, proved."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.calculus.steps import Step, checked, differentiate
from dlmath.symbolic.models.recurrent import lstm_unrolled
from dlmath.symbolic.proofs.entrywise import EntrywiseProof
from dlmath.symbolic.proofs.recurrent_proof import prove_bptt

from ..core import Derivation, Source, register
from .recurrent import SEED_002, _integer, _m, _proved, _sum_t

C = sp.Symbol("C", real=True)
o, c, c_prev, f, i, g = sp.symbols("o_t c_t c_{t-1} f_t i_t g_t", real=True)
u = {gate: sp.Symbol(f"z^{gate}_t", real=True) for gate in "fioc"}
GATE_NAMES = {"f": "forget gate", "i": "input gate", "o": "output gate", "c": "cell candidate"}


def _local_steps() -> list[Step]:
    """The element-wise derivatives of one step (every product is ⊙, so each unit is a scalar computation)."""
    cell = f * c_prev + i * sp.tanh(u["c"])
    return [
        differentiate(sp.tanh(u["c"]), u["c"])[1],
        checked("local derivative", "$h_t = o_t \\odot \\tanh(c_t)$ element by element, so the Jacobian is diagonal "
                "with entries $o_t \\tanh'(c_t)$", sp.Derivative(o * sp.tanh(c), c), o * (1 - sp.tanh(c) ** 2)),
        checked("constant error carousel", "$c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$: along the cell path (gates "
                "and $g_t$ held, they depend on $h_{t-1}$, not on $c_{t-1}$ directly) the derivative is the forget "
                "gate, with no squashing factor", sp.Derivative(cell, c_prev), f),
        checked("gate derivative", "the output gate $o_t = \\sigma(z^o_t)$ multiplies $\\tanh(c_t)$",
                sp.Derivative(sigmoid(u["o"]) * sp.tanh(c), u["o"]),
                sp.tanh(c) * sigmoid(u["o"]) * (1 - sigmoid(u["o"]))),
        checked("gate derivative", "the forget gate $f_t = \\sigma(z^f_t)$ multiplies $c_{t-1}$",
                sp.Derivative(sigmoid(u["f"]) * c_prev + i * g, u["f"]),
                c_prev * sigmoid(u["f"]) * (1 - sigmoid(u["f"]))),
        checked("gate derivative", "the input gate $i_t = \\sigma(z^i_t)$ multiplies $g_t = \\tanh(z^c_t)$",
                sp.Derivative(f * c_prev + sigmoid(u["i"]) * g, u["i"]), g * sigmoid(u["i"]) * (1 - sigmoid(u["i"]))),
        checked("gate derivative", "the candidate $g_t = \\tanh(z^c_t)$ is scaled by the input gate",
                sp.Derivative(f * c_prev + i * sp.tanh(u["c"]), u["c"]), i * (1 - sp.tanh(u["c"]) ** 2)),
    ]


def _through_time(proof: EntrywiseProof, hidden: int) -> list[Step]:
    """The backward sweep through time and the gradient of every weight, checked against the unrolled cost."""
    H = hidden
    dh = sp.Transpose(_m("W_{hy}", 1, H)) * _m("e_t") + sp.Add(*[
        sp.Transpose(_m(f"U_{gate}", H, H)) * _m(f"\\delta^{gate}_{{t+1}}", H) for gate in "fioc"])
    dc = sp.HadamardProduct(_m(r"\bar h_t", H), _m("o_t", H), _m(r"\tanh'(c_t)", H)) + \
        sp.HadamardProduct(_m(r"\bar c_{t+1}", H), _m("f_{t+1}", H))
    all_gates = tuple(f"{kind}{gate}" for gate in "fioc" for kind in "WUb")
    steps = [
        _proved("BPTT recursion", "$\\bar h_t = \\partial C/\\partial h_t$: $h_t$ feeds the output of step $t$ and all "
                "four pre-activations of step $t+1$ ($\\delta^g_{T+1} = 0$)", _m(r"\bar h_t", H), dh, proof,
                all_gates),
        _proved("BPTT recursion", "$\\bar c_t = \\partial C/\\partial c_t$: through $h_t$ (local derivative "
                "$o_t \\odot \\tanh'(c_t)$) and through $c_{t+1}$ (the carousel, factor $f_{t+1}$)",
                _m(r"\bar c_t", H), dc, proof, all_gates),
        _proved("output error", "as for the RNN, $e_t = (\\hat y_t - y_t) \\odot \\hat y_t \\odot (1 - \\hat y_t)$",
                sp.Derivative(C, sp.Symbol("W_{hy}")), _sum_t(r"e_t h_t^{T}"), proof, ("Why", "by")),
    ]
    for gate in "fioc":
        steps.append(_proved(
            "BPTT gradient", f"the {GATE_NAMES[gate]}’s pre-activation error $\\delta^{gate}_t$ (from the local "
            f"derivatives above) times its input $x_t$, summed over time; likewise $U_{gate}$ with $h_{{t-1}}$ and "
            f"$b_{gate}$ with 1", sp.Derivative(C, sp.Symbol(f"W_{gate}")), _sum_t(f"\\delta^{gate}_t x_t^{{T}}"),
            proof, (f"W{gate}", f"U{gate}", f"b{gate}")))
    return steps


@register("lstm", "Seed 002’s LSTM: the constant error carousel and the gradient of every weight through time",
          {"hidden": "hidden units, 1 or 2 (default 2)", "steps": "time steps, 1 to 3 (default 2)"},
          sources=(SEED_002,))
def lstm(hidden: int = 2, steps: int = 2) -> Derivation:
    hidden, steps = _integer("hidden", hidden), _integer("steps", steps)
    if hidden not in (1, 2) or not 1 <= steps <= 3:
        raise ValueError(f"hidden must be 1 or 2 and steps 1 to 3 (the unrolled cost is expanded symbolically), "
                         f"not hidden={hidden}, steps={steps}")
    proof = prove_bptt(lstm_unrolled(1, hidden, 1, steps), kind="lstm")
    result = _proved("result", f"every one of the {proof.entries} gradient entries of the 1-{hidden}-1 LSTM "
                     f"unrolled for $T = {steps}$ equals direct differentiation of the unrolled cost "
                     f"({proof.seconds:.2f} s)", sp.Symbol(r"\nabla C", real=True),
                     sp.Symbol(r"\left(\sum_t \delta^g_t x_t^{T},\ \sum_t \delta^g_t h_{t-1}^{T},\ \sum_t \delta^g_t"
                               r"\right)_{g = f, i, o, c},\ \left(\sum_t e_t h_t^{T},\ \sum_t e_t\right)"), proof)
    return Derivation(
        name="lstm", title=f"The LSTM’s gradient through time (1-{hidden}-1, $T = {steps}$)",
        summary=r"For seed 002’s LSTM, $\partial h_t / \partial c_t = o_t \odot \tanh'(c_t)$ and, along the cell, "
                r"$\partial c_t / \partial c_{t-1} = f_t$. Back-propagating $\bar h_t = \partial C / \partial h_t$ "
                r"and $\bar c_t = \partial C / \partial c_t$ through time gives every weight’s gradient as "
                "a sum over steps; the result is proved against direct differentiation of the unrolled cost.",
        steps=(differentiate(sigmoid(u["o"]), u["o"])[1], *_local_steps(), *_through_time(proof, hidden)),
        result=result,
        sources=(Source(SEED_002, r"Long Short Term Memory: $f_t$, $i_t$, $y_t$ ($= o_t$), "
                        r"$c_t = f_t \odot c_{t-1} + i_t \odot \sigma_c(W_c x_t + U_c h_{t-1} + b_c)$, "
                        r"$h_t = y_t \odot \sigma_h(c_t)$, $c_0 = h_0 = 0$"),),
        assumptions=(r"f_t, i_t, o_t = \sigma(W_g x_t + U_g h_{t-1} + b_g),\ g_t = \tanh(W_c x_t + U_c h_{t-1} + b_c)",
                     r"c_t = f_t \odot c_{t-1} + i_t \odot g_t,\ h_t = o_t \odot \tanh(c_t),\ c_0 = h_0 = 0",
                     r"\hat y_t = \sigma(W_{hy} h_t + b_y),\ C = \sum_t \tfrac12 \lVert \hat y_t - y_t \rVert^2"),
        remarks=("Why the LSTM does not vanish like the RNN: the error carried back along the cell is multiplied by "
                 "$f_t$ at each step, with no squashing derivative (at most $1/4$ for $\\sigma$) and no weight "
                 "matrix in between. "
                 "With the forget gate near 1 the error passes through many steps unchanged — the constant error "
                 r"carousel — while in the RNN each step multiplies it by $\operatorname{diag}(\sigma'(z_t))\,U$.",
                 r"Seed 002 calls the output gate $y_t$ ($o_t$ in its figure) and leaves $\sigma_c$, "
                 r"$\sigma_h$ generic; here both are $\tanh$, as in the usual LSTM.",
                 f"The proof names every nested $\\sigma$ and $\\tanh$ by an atom and expands the difference to 0 "
                 f"({proof.verdict().evidence}). A formula with $\\partial c_t / \\partial c_{{t-1}} = 1$ instead "
                 "of $f_t$, or with $U_g$ in place of $U_g^T$, is refuted by the same proof (see the tests)."),
    )
