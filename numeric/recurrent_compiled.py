"""The symbolic BPTT gradient, compiled to a numpy program, and the three-way gradient check.

The RNN or LSTM is unrolled over T steps with every weight a symengine symbol (seed 002's
equations, h₀ = c₀ = 0), the cost Σ_t ½‖ŷ_t − y_t‖² of ONE sequence is differentiated by symengine
with respect to every weight, and the gradient expressions are compiled into a straight-line
program: one numpy operation per DISTINCT subexpression, found by hashing (symengine expressions
compare structurally), evaluated for all the samples of a batch at once. Why not
symengine.Lambdify: for the LSTM with H = 4, T = 6 its common-subexpression pass took 41 s (100 s
with LLVM), and more than 120 s without it; the hashed program (70,116 distinct nodes) builds in
under a second. The program only ever holds our own expressions: nothing is eval'd or exec'd.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache, reduce

import numpy as np
import symengine as se

from numeric import recurrent
from numeric.gradcheck import numerical_gradient

MAX_HIDDEN, MAX_STEPS = 8, 12  # beyond these the expressions grow too large (LSTM H = 8, T = 6: 15 s)
INPUTS, OUTPUTS, BATCH = 2, 1, 2  # the three-way check's sizes
Matrix = list[list[se.Basic]]


@dataclass(frozen=True)
class Unrolled:
    """The unrolled network: weight symbols by name (biases as columns), x_t and y_t symbols, the cost."""

    params: dict[str, Matrix]
    inputs: list[list[se.Symbol]]
    targets: list[list[se.Symbol]]
    cost: se.Basic


def _matrix(name: str, shape: tuple[int, ...]) -> Matrix:
    """Symbols name_r_c for a matrix, or a column name_r_0 for a 1-D bias."""
    rows, cols = shape[0], shape[1] if len(shape) == 2 else 1
    return [[se.Symbol(f"{name}_{r}_{c}") for c in range(cols)] for r in range(rows)]


def _affine(W: Matrix, v: list[se.Basic], b: Matrix | None = None) -> list[se.Basic]:
    """W v (+ b) as a list of expressions."""
    out = [reduce(lambda acc, wx: acc + wx[0] * wx[1], zip(row, v), se.Integer(0)) for row in W]
    return out if b is None else [z + b[r][0] for r, z in enumerate(out)]


def _sigmoid(z: se.Basic) -> se.Basic:
    """σ(z) = 1/(1 + e^(−z)), the definition: symengine's derivative of it is independent of numeric/."""
    return 1 / (1 + se.exp(-z))


def _step(model: str, p: dict[str, Matrix], x: list[se.Symbol], h: list[se.Basic],
          c: list[se.Basic]) -> tuple[list[se.Basic], list[se.Basic]]:
    """One time step of seed 002's RNN or LSTM: the new (h, c)."""
    if model == "rnn":
        return [se.tanh(a + u) for a, u in zip(_affine(p["Wxh"], x, p["bh"]), _affine(p["Uh"], h))], c
    pre = {g: [a + u for a, u in zip(_affine(p[f"W{g}"], x, p[f"b{g}"]), _affine(p[f"U{g}"], h))] for g in "fioc"}
    c = [_sigmoid(f) * old + _sigmoid(i) * se.tanh(g) for f, old, i, g in zip(pre["f"], c, pre["i"], pre["c"])]
    return [_sigmoid(o) * se.tanh(cell) for o, cell in zip(pre["o"], c)], c


def unroll(model: str, inputs: int, hidden: int, outputs: int, steps: int) -> Unrolled:
    """The cost Σ_t ½‖σ(Why h_t + by) − y_t‖² of one sequence of `steps` steps, every weight a symbol."""
    params = {name: _matrix(name, shape) for name, shape in recurrent.shapes(model, inputs, hidden, outputs).items()}
    xs = [[se.Symbol(f"x_{t}_{i}") for i in range(inputs)] for t in range(1, steps + 1)]
    ys = [[se.Symbol(f"y_{t}_{o}") for o in range(outputs)] for t in range(1, steps + 1)]
    h = c = [se.Integer(0)] * hidden
    cost: se.Basic = se.Integer(0)
    for x, y in zip(xs, ys):
        h, c = _step(model, params, x, h, c)
        for z, target in zip(_affine(params["Why"], h, params["by"]), y):
            cost += (_sigmoid(z) - target) ** 2 / 2
    return Unrolled(params, xs, ys, cost)


# One numpy operation per expression head; exp(z) is symengine's Pow(E, z).
OPERATIONS: dict[str, Callable[..., np.ndarray]] = {
    "Add": lambda *a: reduce(np.add, a), "Mul": lambda *a: reduce(np.multiply, a),
    "Pow": lambda b, e: np.exp(e) if isinstance(b, float) and b == np.e else np.power(b, e), "tanh": np.tanh,
}


def _program(outputs: list[se.Basic], symbols: list[se.Symbol]) -> tuple[list[tuple], list[int]]:
    """Distinct subexpressions in evaluation order as (head, argument slots) or constants, and the outputs' slots."""
    slot: dict[se.Basic, int] = {s: k for k, s in enumerate(symbols)}
    program: list[tuple] = [("input", k) for k in range(len(symbols))]
    for root in outputs:
        stack = [(root, False)]
        while stack:  # iterative post-order: expressions nest T·(layers) deep
            node, ready = stack.pop()
            if node in slot:
                continue
            if not node.args:
                if node.free_symbols:
                    raise recurrent.RecurrentError(f"the gradient has a symbol {node} that is no input")
                slot[node] = len(program)
                program.append(("constant", np.e if node == se.E else float(node)))
            elif ready:
                head = type(node).__name__
                if head not in OPERATIONS:
                    raise recurrent.RecurrentError(f"cannot compile the operation {head}")
                slot[node] = len(program)
                program.append((head, tuple(slot[a] for a in node.args)))
            else:
                stack.append((node, True))
                stack.extend((a, False) for a in node.args if a not in slot)
    return program, [slot[e] for e in outputs]


def _run(program: list[tuple], outputs: list[int], values: np.ndarray) -> np.ndarray:
    """Evaluate the program with values (symbols, batch); returns (outputs, batch)."""
    slots: list[object] = []
    for head, argument in program:
        if head == "input":
            slots.append(values[argument])
        elif head == "constant":
            slots.append(argument)
        else:
            slots.append(OPERATIONS[head](*(slots[k] for k in argument)))
    return np.stack([np.broadcast_to(np.asarray(slots[k], dtype=np.float64), values.shape[1:]) for k in outputs])


@dataclass(frozen=True)
class CompiledRecurrent:
    """One sequence's symbolic gradient as a program over the flattened params, x's and y's."""

    model: str
    shapes: dict[str, tuple[int, ...]]
    steps: int
    program: tuple[tuple, ...]
    outputs: tuple[int, ...]

    def gradient(self, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        """The gradient of the cost summed over the batch: X (batch, T, I), Y (batch, T, O)."""
        X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        if X.ndim != 3 or X.shape[1] != self.steps or Y.ndim != 3 or Y.shape[:2] != X.shape[:2]:
            raise recurrent.RecurrentError(f"compiled for T = {self.steps}: X must be (batch, {self.steps}, I) "
                                           f"and Y (batch, {self.steps}, O); got {X.shape} and {Y.shape}")
        theta = np.concatenate([np.asarray(params[n], dtype=np.float64).reshape(-1) for n in self.shapes])
        batch = len(X)
        values = np.concatenate([np.repeat(theta[:, None], batch, axis=1), X.reshape(batch, -1).T,
                                 Y.reshape(batch, -1).T])
        total = _run(list(self.program), list(self.outputs), values).sum(axis=1)  # one sequence each: sum them
        out, start = {}, 0
        for name, shape in self.shapes.items():
            size = int(np.prod(shape))
            out[name] = total[start : start + size].reshape(shape)
            start += size
        return out


@lru_cache(maxsize=32)
def compile_recurrent(model: str, inputs: int, hidden: int, outputs: int, steps: int) -> CompiledRecurrent:
    """Unroll, differentiate with symengine and compile (cached per size)."""
    if model not in recurrent.MODELS:
        raise recurrent.RecurrentError(f"unknown recurrent model {model!r}; choose one of {', '.join(recurrent.MODELS)}")
    if not (1 <= hidden <= MAX_HIDDEN and 1 <= steps <= MAX_STEPS):
        raise recurrent.RecurrentError(f"the compiled symbolic gradient is for hidden units from 1 to {MAX_HIDDEN} "
                                       f"and steps from 1 to {MAX_STEPS}")
    unrolled = unroll(model, inputs, hidden, outputs, steps)
    shapes = recurrent.shapes(model, inputs, hidden, outputs)
    weights = [s for name in shapes for row in unrolled.params[name] for s in row]
    symbols = weights + [s for x in unrolled.inputs for s in x] + [s for y in unrolled.targets for s in y]
    gradient = [unrolled.cost.diff(w) for w in weights]  # row-major: a 1-D bias and its column flatten alike
    program, slots = _program(gradient, symbols)
    return CompiledRecurrent(model, shapes, steps, tuple(program), tuple(slots))


def three_gradients(model: str, hidden: int, steps: int, seed: int) -> dict[str, dict[str, np.ndarray]]:
    """The compiled symbolic, hand-written BPTT and central-difference gradients at one random point.

    Args:
        model: "rnn" or "lstm". hidden: H (1 … 8). steps: T (1 … 12). seed: for the point and the data.

    Returns:
        {"compiled": …, "hand-written": …, "numerical": …}, each parameter name → ∂C/∂θ, for
        I = 2 inputs, O = 1 output and a batch of 2 sequences; pass it to numeric.gradcheck.compare.
    """
    compiled = compile_recurrent(model, INPUTS, hidden, OUTPUTS, steps)  # validates model and sizes first
    rng = np.random.default_rng(seed)
    params = recurrent.init_params(model, INPUTS, hidden, OUTPUTS, rng)
    # random biases too, so no entry is exactly zero by construction
    params = {name: value + 0.3 * rng.standard_normal(value.shape) for name, value in params.items()}
    X = rng.standard_normal((BATCH, steps, INPUTS))
    Y = rng.random((BATCH, steps, OUTPUTS))
    return {"compiled": compiled.gradient(params, X, Y),
            "hand-written": recurrent.gradient(model, params, X, Y),
            "numerical": numerical_gradient(lambda p: recurrent.loss(model, p, X, Y), params)}
