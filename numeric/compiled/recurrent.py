"""The symbolic BPTT gradient, compiled to a numpy program, and the RNN/LSTM of the three-way gradient check.

The RNN or LSTM is unrolled over T steps by symbolic.recurrent, every weight a symengine symbol
(seed 002's equations, h₀ = c₀ = 0, numeric.recurrent's parameter names), the cost Σ_t ½‖ŷ_t − y_t‖²
of ONE sequence is differentiated by symengine with respect to every weight (symbolic_gradient), and
the gradient expressions are compiled into a straight-line program: one numpy operation per DISTINCT
subexpression, found by hashing (symengine expressions compare structurally), evaluated for all the
samples of a batch at once. Why not
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

from dlmath.numeric.backprop import recurrent
from dlmath.numeric.gradcheck import Arrays, Problem
from dlmath.symbolic.models.recurrent import Unrolled, lstm_unrolled, rnn_unrolled, symbolic_gradient, symbols_of

MAX_HIDDEN, MAX_STEPS = 8, 12  # beyond these the expressions grow too large (LSTM H = 8, T = 6: 15 s)
INPUTS, OUTPUTS, BATCH = 2, 1, 2  # the three-way check's sizes
UNROLLED: dict[str, Callable[[int, int, int, int], Unrolled]] = {"rnn": rnn_unrolled, "lstm": lstm_unrolled}


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
        raise recurrent.RecurrentError(f"unknown recurrent model {model!r}; "
                                       f"choose one of {', '.join(recurrent.MODELS)}")
    if not (1 <= hidden <= MAX_HIDDEN and 1 <= steps <= MAX_STEPS):
        raise recurrent.RecurrentError(f"the compiled symbolic gradient is for hidden units from 1 to {MAX_HIDDEN} "
                                       f"and steps from 1 to {MAX_STEPS}")
    unrolled = UNROLLED[model](inputs, hidden, outputs, steps)
    shapes = recurrent.shapes(model, inputs, hidden, outputs)
    if list(unrolled.params) != list(shapes):  # the program's slots follow both orders: they must be one
        raise recurrent.RecurrentError(f"symbolic and numeric {model} parameters differ: {list(unrolled.params)}")
    derivatives = symbolic_gradient(unrolled)
    gradient = [d for name in shapes for row in derivatives[name] for d in row]  # a 1-D bias and its column alike
    program, slots = _program(gradient, symbols_of(unrolled))
    return CompiledRecurrent(model, shapes, steps, tuple(program), tuple(slots))


@dataclass(frozen=True)
class RecurrentGradients:
    """The RNN or LSTM for gradcheck.check_gradients: the compiled symbolic BPTT, the hand-written one, the cost."""

    compiled: CompiledRecurrent

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return self.compiled.gradient(params, X, Y)

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        return recurrent.gradient(self.compiled.model, params, X, Y)

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        return recurrent.loss(self.compiled.model, params, X, Y)


def recurrent_case(model: str, hidden: int, steps: int, seed: int) -> tuple[RecurrentGradients, Problem]:
    """The model and one random point for the three-way check (gradcheck.check_gradients).

    Args:
        model: "rnn" or "lstm". hidden: H (1 … 8). steps: T (1 … 12). seed: for the point and the data.

    Returns:
        The compiled model, and random parameters (biases too, so no entry is zero by construction) with a
        batch of 2 sequences of I = 2 inputs and O = 1 output; every entry is checked.
    """
    compiled = compile_recurrent(model, INPUTS, hidden, OUTPUTS, steps)  # validates model and sizes first
    rng = np.random.default_rng(seed)
    params = recurrent.init_params(model, INPUTS, hidden, OUTPUTS, rng)
    params = {name: value + 0.3 * rng.standard_normal(value.shape) for name, value in params.items()}
    X = rng.standard_normal((BATCH, steps, INPUTS))
    Y = rng.random((BATCH, steps, OUTPUTS))
    return RecurrentGradients(compiled), Problem(params, X, Y)
