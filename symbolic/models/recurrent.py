"""Recurrent networks unrolled in time, every weight a symbol (symengine): the RNN and seed 002's LSTM.

The builders write the whole computation out for a fixed number of steps with
the weights SHARED between steps (the same symbol at every t), so
`symbolic_gradient` is the true gradient of the unrolled cost — the oracle
that back-propagation through time must reproduce. Names and shapes follow the
numeric side: W (H×I), U (H×H), b (H×1), Why (O×H), by (O×1); matrices are
nested lists of rows, vectors are columns (lists of one-entry rows).
`bptt_gradient` and `lstm_gradient` are the layer-level formulas (the δ
recursion through time) that symbolic.recurrent_proof proves equal to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import symengine as se

from dlmath.symbolic.calculus.vocabulary import SIGMOID, TANH, Activation

RNN_SHAPES = ("Wxh", "Uh", "bh", "Why", "by")
GATES = ("f", "i", "o", "c")  # forget, input, output gates and the cell candidate (002 writes y_t for o_t)


@dataclass(frozen=True)
class Unrolled:
    """An unrolled network: its parameter symbols, inputs, targets, cost and hidden states."""

    params: dict[str, list[list[se.Symbol]]]
    inputs: list[list[se.Symbol]]
    targets: list[list[se.Symbol]]
    cost: se.Basic
    hidden: list[list[se.Basic]]
    outputs: list[list[se.Basic]] = field(default_factory=list)       # ŷ_t expressions
    trace: tuple[dict[str, list[se.Basic]], ...] = ()                 # per step: pre, h (RNN); f, i, o, g, c, h (LSTM)


def sigmoid(u: se.Basic) -> se.Basic:
    """σ(u) = 1/(1 + e^{−u}), written out (the record's elementary definition) so symengine differentiates it."""
    return SIGMOID.elementary_at(u)


def matrix(name: str, rows: int, cols: int) -> list[list[se.Symbol]]:
    """A rows×cols matrix of symbols name_j_i."""
    return [[se.Symbol(f"{name}_{j}_{i}") for i in range(cols)] for j in range(rows)]


def column(name: str, rows: int) -> list[list[se.Symbol]]:
    """A bias column (rows×1) of symbols name_j."""
    return [[se.Symbol(f"{name}_{j}")] for j in range(rows)]


def affine(W: list[list[se.Basic]], x: list[se.Basic], b: list[list[se.Basic]] | None = None) -> list[se.Basic]:
    """W x (+ b) for a matrix of rows and a flat vector."""
    out = [se.Add(*[w * v for w, v in zip(row, x)]) for row in W]
    return out if b is None else [o + bj[0] for o, bj in zip(out, b)]


def _sequence(name: str, steps: int, size: int) -> list[list[se.Symbol]]:
    return [[se.Symbol(f"{name}{t}_{k}") for k in range(size)] for t in range(1, steps + 1)]


def _output_and_cost(params: dict, hidden: list[list[se.Basic]], targets: list[list[se.Symbol]]
                     ) -> tuple[list[list[se.Basic]], se.Basic]:
    """ŷ_t = σ(Why h_t + by) and Σ_t ½‖ŷ_t − y_t‖²."""
    outputs = [[sigmoid(u) for u in affine(params["Why"], h, params["by"])] for h in hidden]
    cost = se.Add(*[(o - y) ** 2 / 2 for out, ys in zip(outputs, targets) for o, y in zip(out, ys)])
    return outputs, cost


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a positive integer, not {value!r}")


SEED_002_HIDDEN = (TANH, SIGMOID)  # h_t = tanh(·), or 002's generic σ_h read as the sigmoid


def hidden_activation(name: str) -> Activation:
    """The record of an RNN's hidden activation; ValueError unless seed 002 uses it."""
    for g in SEED_002_HIDDEN:
        if g.name == name:
            return g
    raise ValueError(f"hidden activation must be one of {', '.join(g.name for g in SEED_002_HIDDEN)}, not {name!r}")


def rnn_parameters(inputs: int, hidden: int, outputs: int, suffix: str = "") -> dict[str, list[list[se.Symbol]]]:
    """Wxh (H×I), Uh (H×H), bh (H×1), Why (O×H), by (O×1); `suffix` names per-step copies."""
    return {"Wxh": matrix(f"Wxh{suffix}", hidden, inputs), "Uh": matrix(f"Uh{suffix}", hidden, hidden),
            "bh": column(f"bh{suffix}", hidden), "Why": matrix(f"Why{suffix}", outputs, hidden),
            "by": column(f"by{suffix}", outputs)}


def _rnn(params_at: Callable[[int], dict], params: dict, sizes: tuple[int, int, int, int], activation: str
         ) -> Unrolled:
    """The unrolled RNN, with the parameters of step t given by params_at(t) (shared or per-step copies)."""
    inputs, hidden, outputs, steps = sizes
    _check_sizes(inputs=inputs, hidden=hidden, outputs=outputs, steps=steps)
    g = hidden_activation(activation)
    xs, ys = _sequence("x", steps, inputs), _sequence("y", steps, outputs)
    h: list[se.Basic] = [se.Integer(0)] * hidden
    trace, outs = [], []
    for t, x in enumerate(xs, start=1):
        p = params_at(t)
        pre = [a + b for a, b in zip(affine(p["Wxh"], x, p["bh"]), affine(p["Uh"], h))]
        h = [g.elementary_at(u) for u in pre]
        trace.append({"pre": pre, "h": h})
        outs.append([sigmoid(u) for u in affine(p["Why"], h, p["by"])])
    cost = se.Add(*[(o - y) ** 2 / 2 for out, ys_t in zip(outs, ys) for o, y in zip(out, ys_t)])
    return Unrolled(params, xs, ys, cost, [s["h"] for s in trace], outs, tuple(trace))


def rnn_unrolled(inputs: int, hidden: int, outputs: int, steps: int, activation: str = TANH.name) -> Unrolled:
    """h_t = tanh(Wxh x_t + Uh h_{t−1} + bh), h_0 = 0, ŷ_t = σ(Why h_t + by), cost Σ_t ½‖ŷ_t − y_t‖².

    `activation` may be "sigmoid" for 002's generic σ_h; tanh is the default.
    """
    params = rnn_parameters(inputs, hidden, outputs)
    return _rnn(lambda t: params, params, (inputs, hidden, outputs, steps), activation)


def rnn_with_copies(inputs: int, hidden: int, outputs: int, steps: int, activation: str = TANH.name
                    ) -> tuple[Unrolled, list[dict[str, list[list[se.Symbol]]]]]:
    """The same RNN with a separate copy W⁽ᵗ⁾ of every parameter at each step t (002's BPTT device).

    Returns the unrolled network (its `params` are the shared names, unused in the cost) and the copies,
    copies[t − 1] being the parameters of step t.
    """
    copies = [rnn_parameters(inputs, hidden, outputs, suffix=f"c{t}") for t in range(1, steps + 1)]
    return _rnn(lambda t: copies[t - 1], rnn_parameters(inputs, hidden, outputs),
                (inputs, hidden, outputs, steps), activation), copies


def lstm_parameters(inputs: int, hidden: int, outputs: int) -> dict[str, list[list[se.Symbol]]]:
    """W_g (H×I), U_g (H×H), b_g (H×1) for g in f, i, o, c, then Why (O×H), by (O×1)."""
    params: dict[str, list[list[se.Symbol]]] = {}
    for g in GATES:
        params[f"W{g}"], params[f"U{g}"], params[f"b{g}"] = (matrix(f"W{g}", hidden, inputs),
                                                             matrix(f"U{g}", hidden, hidden), column(f"b{g}", hidden))
    params["Why"], params["by"] = matrix("Why", outputs, hidden), column("by", outputs)
    return params


def lstm_step(params: dict, x: list[se.Basic], h: list[se.Basic], c: list[se.Basic]) -> dict[str, list[se.Basic]]:
    """One step of 002's LSTM from x_t, h_{t−1}, c_{t−1}: gates f, i, o, candidate g = tanh(·), c_t and h_t."""
    pre = {g: [a + b for a, b in zip(affine(params[f"W{g}"], x, params[f"b{g}"]), affine(params[f"U{g}"], h))]
           for g in GATES}
    f, i, o = ([sigmoid(u) for u in pre[g]] for g in "fio")
    g = [se.tanh(u) for u in pre["c"]]
    c_new = [fk * ck + ik * gk for fk, ck, ik, gk in zip(f, c, i, g)]
    h_new = [ok * se.tanh(ck) for ok, ck in zip(o, c_new)]
    return {"f": f, "i": i, "o": o, "g": g, "c": c_new, "h": h_new}


def lstm_unrolled(inputs: int, hidden: int, outputs: int, steps: int) -> Unrolled:
    """Seed 002's LSTM for `steps` steps, c_0 = h_0 = 0, ŷ_t = σ(Why h_t + by), cost Σ_t ½‖ŷ_t − y_t‖²."""
    _check_sizes(inputs=inputs, hidden=hidden, outputs=outputs, steps=steps)
    params = lstm_parameters(inputs, hidden, outputs)
    xs, ys = _sequence("x", steps, inputs), _sequence("y", steps, outputs)
    h: list[se.Basic] = [se.Integer(0)] * hidden
    c: list[se.Basic] = [se.Integer(0)] * hidden
    trace = []
    for x in xs:
        trace.append(lstm_step(params, x, h, c))
        h, c = trace[-1]["h"], trace[-1]["c"]
    out, cost = _output_and_cost(params, [s["h"] for s in trace], ys)
    return Unrolled(params, xs, ys, cost, [s["h"] for s in trace], out, tuple(trace))


def symbolic_gradient(unrolled: Unrolled) -> dict[str, list[list[se.Basic]]]:
    """∂cost/∂θ for every parameter entry, by symengine's diff of the unrolled cost (small sizes only)."""
    return {name: [[se.diff(unrolled.cost, s) for s in row] for row in entries]
            for name, entries in unrolled.params.items()}


def symbols_of(unrolled: Unrolled) -> list[se.Symbol]:
    """Every free symbol in a fixed order: parameters (row-major, by name), then inputs, then targets."""
    out = [s for entries in unrolled.params.values() for row in entries for s in row]
    return out + [s for x in unrolled.inputs for s in x] + [s for y in unrolled.targets for s in y]


def evaluate(unrolled: Unrolled, expressions: list[se.Basic], values: dict[str, object],
             inputs: object, targets: object) -> list[float]:
    """The expressions' values for numpy parameters (names as in params; biases 1-D), inputs (T×I), targets (T×O)."""
    flat: list[float] = []
    for name, entries in unrolled.params.items():
        flat.extend(np.asarray(values[name], dtype=float).reshape(len(entries), len(entries[0])).ravel())
    flat.extend(np.asarray(inputs, dtype=float).ravel())
    flat.extend(np.asarray(targets, dtype=float).ravel())
    function = se.Lambdify(symbols_of(unrolled), expressions, real=True, backend="lambda")
    return [float(v) for v in np.asarray(function(flat), dtype=float).ravel()]


# ---------------------------------------------------------------- back-propagation through time, layer by layer
@dataclass(frozen=True)
class BpttRule:
    """Which BPTT formula: the right one, or a named mistake the proof must not accept."""

    transpose: bool = True        # δ flows back through Uᵀ (False: through U)
    sum_over_time: bool = True    # a shared weight's gradient sums over every step (False: the last step only)
    carousel_forget: bool = True  # LSTM: ∂c_t/∂c_{t−1} = f_t (False: 1)


# name -> the BPTT formula it stands for: the right one ("bptt") and the mistakes the proofs must refute
BPTT_RULES = {"bptt": BpttRule(), "untransposed": BpttRule(transpose=False),
              "no-sum-over-time": BpttRule(sum_over_time=False), "carousel-one": BpttRule(carousel_forget=False)}


def _back(M: list[list[se.Basic]], v: list[se.Basic], transpose: bool) -> list[se.Basic]:
    """Mᵀ v (or M v for the wrong rule)."""
    if transpose:
        return [se.Add(*[M[k][j] * v[k] for k in range(len(v))]) for j in range(len(M[0]))]
    return [se.Add(*[M[j][k] * v[k] for k in range(len(v))]) for j in range(len(M))]


def _accumulate(gradient: dict, params: dict, name: str, delta: list[se.Basic],
                previous: list[se.Basic] | None) -> None:
    """∂C/∂M += δ previousᵀ (a bias when previous is None)."""
    for j, d in enumerate(delta):
        for i, s in enumerate(params[name][j]):
            gradient[s] = gradient.get(s, se.Integer(0)) + d * (1 if previous is None else previous[i])


def _output_errors(unrolled: Unrolled, replacements: dict) -> list[list[se.Basic]]:
    """e_t = (ŷ_t − y_t) ⊙ ŷ_t(1 − ŷ_t), in atoms."""
    out = []
    for yhat, ys in zip(unrolled.outputs, unrolled.targets):
        named = [o.xreplace(replacements) for o in yhat]
        out.append([(o - y) * o * (1 - o) for o, y in zip(named, ys)])
    return out


def bptt_gradient(unrolled: Unrolled, replacements: dict | None = None, activation: str = TANH.name,
                  rule: BpttRule = BpttRule()) -> dict[se.Symbol, se.Basic]:
    """δ_t = (Uhᵀ δ_{t+1} + Whyᵀ e_t) ⊙ σ_h'(z_t), ∂C/∂Wxh = Σ_t δ_t x_tᵀ, ∂C/∂Uh = Σ_t δ_t h_{t−1}ᵀ, ….

    Written in the named atoms of `replacements` (the proof's), or in the network's own expressions by default.
    """
    replacements = replacements or {}
    p, steps = unrolled.params, len(unrolled.inputs)
    hs = [[h.xreplace(replacements) for h in state] for state in unrolled.hidden]
    errors = _output_errors(unrolled, replacements)
    gradient: dict[se.Symbol, se.Basic] = {s: se.Integer(0) for rows in p.values() for row in rows for s in row}
    g = hidden_activation(activation)
    delta = [se.Integer(0)] * len(hs[0])
    for t in range(steps - 1, -1, -1):
        back = [a + b for a, b in zip(_back(p["Uh"], delta, rule.transpose), _back(p["Why"], errors[t], True))]
        delta = [d * g.derivative_at(h) for d, h in zip(back, hs[t])]
        if rule.sum_over_time or t == steps - 1:
            _accumulate(gradient, p, "Why", errors[t], hs[t])
            _accumulate(gradient, p, "by", errors[t], None)
            _accumulate(gradient, p, "Wxh", delta, unrolled.inputs[t])
            _accumulate(gradient, p, "Uh", delta, hs[t - 1] if t else [se.Integer(0)] * len(delta))
            _accumulate(gradient, p, "bh", delta, None)
    return gradient


def lstm_gradient(unrolled: Unrolled, replacements: dict | None = None, rule: BpttRule = BpttRule()
                  ) -> dict[se.Symbol, se.Basic]:
    """BPTT for 002's LSTM: h̄_t = Whyᵀe_t + Σ_g U_gᵀδ^g_{t+1}, c̄_t = h̄_t ⊙ o_t ⊙ tanh'(c_t) + c̄_{t+1} ⊙ f_{t+1}.

    In the atoms of `replacements`, or in the network's own expressions by default.
    """
    replacements = replacements or {}
    p, steps = unrolled.params, len(unrolled.inputs)
    named = [{k: [v.xreplace(replacements) for v in vs] for k, vs in s.items()} for s in unrolled.trace]
    tanh_c = [[se.tanh(c).xreplace(replacements) for c in s["c"]] for s in unrolled.trace]
    errors = _output_errors(unrolled, replacements)
    zero = [se.Integer(0)] * len(named[0]["h"])
    gradient: dict[se.Symbol, se.Basic] = {s: se.Integer(0) for rows in p.values() for row in rows for s in row}
    deltas, dc_next, f_next = {g: zero for g in "fioc"}, zero, zero
    for t in range(steps - 1, -1, -1):
        s = named[t]
        dh = _back(p["Why"], errors[t], True)
        for g in "fioc":
            dh = [a + b for a, b in zip(dh, _back(p[f"U{g}"], deltas[g], rule.transpose))]
        carried = [dc * (f if rule.carousel_forget else 1) for dc, f in zip(dc_next, f_next)]
        dc = [a * o * (1 - tc ** 2) + k for a, o, tc, k in zip(dh, s["o"], tanh_c[t], carried)]
        c_prev = named[t - 1]["c"] if t else zero
        deltas = {"o": [a * tc * o * (1 - o) for a, tc, o in zip(dh, tanh_c[t], s["o"])],
                  "f": [d * cp * f * (1 - f) for d, cp, f in zip(dc, c_prev, s["f"])],
                  "i": [d * g * i * (1 - i) for d, g, i in zip(dc, s["g"], s["i"])],
                  "c": [d * i * (1 - g ** 2) for d, g, i in zip(dc, s["g"], s["i"])]}
        if rule.sum_over_time or t == steps - 1:
            _accumulate(gradient, p, "Why", errors[t], s["h"])
            _accumulate(gradient, p, "by", errors[t], None)
            for g in "fioc":
                _accumulate(gradient, p, f"W{g}", deltas[g], unrolled.inputs[t])
                _accumulate(gradient, p, f"U{g}", deltas[g], named[t - 1]["h"] if t else zero)
                _accumulate(gradient, p, f"b{g}", deltas[g], None)
        dc_next, f_next = dc, s["f"]
    return gradient
