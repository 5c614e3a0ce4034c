"""Central differences, a comparison of several gradients of one cost entry by entry, and the three-way check.

The tolerance is the one of torch.autograd.gradcheck: entries a and b agree when
|a − b| ≤ atol + rtol·|reference|. Every method is compared with every other method.
`check_gradients(model, problem)` is THE three-way check (compiled symbolic, hand-written,
central differences) of every model: the MLP (compile.py), the RNN and LSTM (recurrent_compiled.py)
and the CNN (conv_compiled.py) each implement the small GradientModel protocol.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import numpy as np

Arrays = Mapping[str, np.ndarray]


def numerical_gradient(
    loss_fn: Callable[[dict[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    eps: float = 1e-6,
    entries: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Central differences (f(θ + eps) − f(θ − eps)) / 2eps, one entry at a time.

    Args:
        loss_fn: the cost as a function of a parameter dict. It is called with one dict whose
            arrays are perturbed in place between calls, so it must not keep a reference to them.
        params: the point θ; never modified (the perturbations happen on float64 copies).
        eps: the step.
        entries: optional flat indices per parameter (see `select_entries`); the other entries are NaN.

    Returns:
        The estimate, shaped like params.
    """
    point = {name: np.array(value, dtype=np.float64, copy=True) for name, value in params.items()}
    estimate: dict[str, np.ndarray] = {}
    for name, array in point.items():
        flat = array.reshape(-1)  # a view of the fresh copy: writing to it perturbs point[name]
        out = np.full(array.size, np.nan)
        indices = range(array.size) if entries is None else np.asarray(entries.get(name, ()), dtype=np.intp)
        for i in indices:
            saved = flat[i]
            flat[i] = saved + eps
            plus = loss_fn(point)
            flat[i] = saved - eps
            minus = loss_fn(point)
            flat[i] = saved
            out[i] = (plus - minus) / (2.0 * eps)
        estimate[name] = out.reshape(array.shape)
    return estimate


def select_entries(params: Mapping[str, np.ndarray], max_per_parameter: int,
                   rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sorted flat indices per parameter: all of them, or a random max_per_parameter when there are more."""
    if max_per_parameter < 1:
        raise ValueError(f"max_per_parameter must be at least 1, got {max_per_parameter}")
    chosen: dict[str, np.ndarray] = {}
    for name, value in params.items():
        size = np.size(value)
        if size > max_per_parameter:
            chosen[name] = np.sort(rng.choice(size, size=max_per_parameter, replace=False))
        else:
            chosen[name] = np.arange(size)
    return chosen


def _format_values(values: tuple[float, ...]) -> tuple[str, ...]:
    """5 significant digits, or more when 5 would print two different values the same, up to 12.

    Past 12 digits two float64 gradients differ by rounding alone (the order of a BLAS sum differs between
    machines), so values that agree to 12 digits print the same: a difference there means nothing.
    """
    for digits in range(5, 12):
        texts = tuple(f"{v:.{digits}g}" for v in values)
        if len(set(texts)) == len(set(values)):
            return texts
    return tuple(f"{v:.12g}" for v in values)


@dataclass(frozen=True)
class EntryCheck:
    """One entry of one parameter and every method's value there."""

    parameter: str
    index: tuple[int, ...]
    values: tuple[tuple[str, float], ...]  # (method, value) pairs in the order the methods were given

    @property
    def label(self) -> str:
        """∂C/∂W2[1,0]"""
        return f"∂C/∂{self.parameter}[{','.join(str(i) for i in self.index)}]"

    def line(self) -> str:
        """∂C/∂W2[1,0]: compiled -0.01234, hand-written -0.01234, numerical -0.01234"""
        texts = _format_values(tuple(value for _, value in self.values))
        return f"{self.label}: " + ", ".join(f"{method} {text}" for (method, _), text in zip(self.values, texts))


@dataclass(frozen=True)
class ParameterCheck:
    """The comparison of one parameter: errors over the checked entries and its worst entry."""

    parameter: str
    checked: int  # how many entries were compared (those not NaN in the reference)
    max_abs_error: float  # max |a − b| over entries and method pairs
    max_rel_error: float  # max |a − b| / max(|a|, |b|) over entries and method pairs
    violation: float  # max |a − b| / (atol + rtol·|reference|); the entry passes when ≤ 1
    worst: EntryCheck | None
    passed: bool
    problem: str = ""  # why the parameter could not be compared at all, if so

    def line(self) -> str:
        """One line: name, status, entries checked, errors."""
        if self.problem:
            return f"{self.parameter}: FAILED, {self.problem}"
        status = "ok" if self.passed else "FAILED"
        return (
            f"{self.parameter}: {status}, {self.checked} entries, max abs error {self.max_abs_error:.3g}, "
            f"max rel error {self.max_rel_error:.3g}"
        )


@dataclass(frozen=True)
class GradCheck:
    """Every parameter's comparison, with the tolerances and the step used."""

    checks: tuple[ParameterCheck, ...]
    methods: tuple[str, ...]
    reference: str
    eps: float
    atol: float
    rtol: float

    @property
    def passed(self) -> bool:
        """True when every parameter passed."""
        return all(check.passed for check in self.checks)

    @property
    def worst(self) -> EntryCheck | None:
        """The entry furthest outside (or least inside) the tolerance, over all parameters."""
        candidates = [check for check in self.checks if check.worst is not None]
        if not candidates:
            return None
        return max(candidates, key=lambda check: check.violation).worst

    def report(self) -> str:
        """A summary line, one line per parameter, and the worst entry with every method's value."""
        status = "passed" if self.passed else "FAILED"
        lines = [
            f"gradient check {status}: {', '.join(self.methods)} against {self.reference}, "
            f"|a − b| ≤ {self.atol:g} + {self.rtol:g}·|{self.reference}|, eps {self.eps:g}"
        ]
        lines += [check.line() for check in self.checks]
        worst = self.worst
        if worst is not None:
            lines.append(worst.line())
        return "\n".join(lines)

    # Displays: the report in a terminal; in Jupyter the per-parameter table (numeric/display.py).
    def __repr__(self) -> str:
        return self.report()

    def _repr_html_(self) -> str:
        from .display import gradcheck_html
        return gradcheck_html(self)


def _shape_problem(name: str, arrays: Mapping[str, np.ndarray], reference: str) -> str:
    """Why the methods' arrays for `name` cannot be compared, or '' when they can."""
    shape = arrays[reference].shape
    for method, array in arrays.items():
        if array.shape != shape:
            return f"{method} gives {name} the shape {array.shape}, {reference} gives {shape}"
    return ""


def _unchecked(name: str, problem: str) -> ParameterCheck:
    """A failed ParameterCheck for a parameter that could not be compared at all."""
    return ParameterCheck(name, 0, np.nan, np.nan, np.inf, None, passed=False, problem=problem)


def _pair_errors(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per entry, the max |a − b| and max |a − b| / max(|a|, |b|) over every pair of methods (rows)."""
    abs_error = np.zeros(values.shape[1])
    rel_error = np.zeros(values.shape[1])
    for i, j in itertools.combinations(range(values.shape[0]), 2):
        with np.errstate(invalid="ignore"):  # inf − inf is NaN; it is turned into a failure below
            diff = np.abs(values[i] - values[j])
        diff[np.isnan(diff)] = np.inf  # a NaN or inf where the reference has a number must fail
        scale = np.fmax(np.abs(values[i]), np.abs(values[j]))
        rel = np.divide(diff, scale, out=np.where(diff > 0, np.inf, 0.0), where=scale > 0)
        np.maximum(abs_error, diff, out=abs_error)
        np.maximum(rel_error, rel, out=rel_error)
    return abs_error, rel_error


def _check_parameter(name: str, arrays: Mapping[str, np.ndarray], reference: str, atol: float,
                     rtol: float) -> ParameterCheck:
    """Compare every pair of methods on the entries of `name` that the reference has (not NaN)."""
    ref = arrays[reference]
    selected = np.flatnonzero(~np.isnan(ref))
    if selected.size == 0:
        return _unchecked(name, f"{reference} has no entries of {name} to compare")
    methods = list(arrays)
    values = np.stack([arrays[m].reshape(-1)[selected] for m in methods])  # (methods, entries)
    abs_error, rel_error = _pair_errors(values)
    tolerance = atol + rtol * np.abs(ref.reshape(-1)[selected])
    # With atol = 0 a zero reference has zero tolerance: then only an exact match passes.
    violation = np.divide(abs_error, tolerance, out=np.where(abs_error > 0, np.inf, 0.0), where=tolerance > 0)
    k = int(np.argmax(violation))
    index = tuple(int(i) for i in np.unravel_index(selected[k], ref.shape))
    worst = EntryCheck(name, index, tuple((m, float(v)) for m, v in zip(methods, values[:, k])))
    return ParameterCheck(
        name,
        checked=int(selected.size),
        max_abs_error=float(abs_error.max()),
        max_rel_error=float(rel_error.max()),
        violation=float(violation[k]),
        worst=worst,
        passed=bool(violation[k] <= 1.0),
    )


def compare(
    gradients: Mapping[str, Mapping[str, np.ndarray]],
    reference: str = "numerical",
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> GradCheck:
    """Compare several gradients of one cost entry by entry, every method with every other.

    Args:
        gradients: method name ("compiled", "hand-written", "numerical", …) → parameter name → array.
        reference: the method whose |value| scales rtol and whose NaN entries are skipped
            (a numerical gradient computed on a subset of entries).
        eps: the step the numerical gradient used; recorded for the report.
        atol, rtol: entries agree when |a − b| ≤ atol + rtol·|reference|.

    Returns:
        A GradCheck; `passed` is False if any entry disagrees or any method lacks a parameter.
    """
    if reference not in gradients:
        raise ValueError(f"the reference method {reference!r} is not among the gradients ({', '.join(gradients)})")
    if len(gradients) < 2:
        raise ValueError("compare needs at least two gradients to compare")
    # The reference's parameters first, then any that only other methods have (those will fail).
    names = list(dict.fromkeys([*gradients[reference], *(n for grads in gradients.values() for n in grads)]))
    checks = []
    for name in names:
        missing = [method for method, grads in gradients.items() if name not in grads]
        if missing:
            verb = "has" if len(missing) == 1 else "have"
            checks.append(_unchecked(name, f"{' and '.join(missing)} {verb} no gradient for {name}"))
            continue
        arrays = {method: np.asarray(grads[name], dtype=np.float64) for method, grads in gradients.items()}
        problem = _shape_problem(name, arrays, reference)
        checks.append(_unchecked(name, problem) if problem else _check_parameter(name, arrays, reference, atol, rtol))
    return GradCheck(tuple(checks), tuple(gradients), reference, eps, atol, rtol)


class GradientModel(Protocol):
    """A model the three-way check can run: its two exact gradients and its cost, at (params, X, Y)."""

    def compiled_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        """The gradient compiled from the symbolic derivation."""
        ...

    def hand_written_gradient(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> Arrays:
        """The hand-written backprop (or BPTT) gradient."""
        ...

    def cost(self, params: Arrays, X: np.ndarray, Y: np.ndarray) -> float:
        """The cost whose central differences are the reference."""
        ...


@dataclass(frozen=True)
class Problem:
    """The point of a check: parameters, a batch, and the entries central differences estimate (None: all)."""

    params: Arrays
    X: np.ndarray
    Y: np.ndarray
    entries: Mapping[str, np.ndarray] | None = None


def three_gradients(model: GradientModel, problem: Problem, eps: float = 1e-6) -> dict[str, dict[str, np.ndarray]]:
    """{"compiled": …, "hand-written": …, "numerical": …} at the problem's point, ready for `compare`."""
    params, X, Y = problem.params, problem.X, problem.Y
    return {"compiled": dict(model.compiled_gradient(params, X, Y)),
            "hand-written": dict(model.hand_written_gradient(params, X, Y)),
            "numerical": numerical_gradient(lambda p: model.cost(p, X, Y), params, eps, problem.entries)}


def check_gradients(model: GradientModel, problem: Problem, eps: float = 1e-6, atol: float = 1e-5,
                    rtol: float = 1e-3) -> GradCheck:
    """The three-way gradient check: per parameter the max abs/rel error, the worst entry, pass/fail."""
    return compare(three_gradients(model, problem, eps), "numerical", eps, atol, rtol)
