"""Least squares (seed 004): the slope through the origin, its gradient-descent iteration, and a full line."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from dlmath.symbolic.calculus.steps import checked
from dlmath.symbolic.notation.writer import Decimal

from ..core import Derivation, Source, math, parse_points, register

n = sp.Symbol("n", real=True)
i = sp.Symbol("i", integer=True)
x, y = sp.IndexedBase("x", real=True), sp.IndexedBase("y", real=True)
m, b = sp.symbols("m b", real=True)
# The sums the normal equations are written in, as single quantities.
Sx, Sy, Sxx, Sxy = sp.symbols(r"S_{x} S_{y} S_{xx} S_{xy}", real=True)

SEED_004 = "004_153ca892f3cbebf4.txt"
SMALL_DATA = "1:2,2:3,3:7"  # (x, y) pairs: rational, so the iteration is computed exactly
N_POSITIVE = (sp.GreaterThan(n, 1),)


def _sum(body: sp.Expr) -> sp.Sum:
    return sp.Sum(body, (i, 1, n))


def parse_data(text: str) -> list[tuple[Fraction, Fraction]]:
    """The points of `text`; ValueError unless some x is nonzero (else the slope is undefined)."""
    pairs = parse_points(text)
    if len(pairs) < 1 or all(px == 0 for px, _ in pairs):
        raise ValueError("the data need at least one point with x ≠ 0")
    return pairs


@register("least-squares-slope",
          r"Least squares through the origin: $m = \sum x_i y_i / \sum x_i^2$, and gradient descent to it",
          {"data": f"points x:y,x:y,… for the iteration (default {SMALL_DATA})"}, sources=(SEED_004,))
def least_squares_slope(data: str = SMALL_DATA, iterations: int = 12) -> Derivation:
    mse = _sum((y[i] - m * x[i]) ** 2) / n
    gradient = -2 * _sum(x[i] * (y[i] - m * x[i])) / n
    step_gradient = checked("derivative", "differentiate under the sum: each term gives $-2 x_i (y_i - m x_i)$",
                            sp.Derivative(mse, m), gradient, conditions=N_POSITIVE)
    step_linear = checked("algebra", "split the sum and take $m$ out",
                          gradient, -2 * (_sum(x[i] * y[i]) - m * _sum(x[i] ** 2)) / n, conditions=N_POSITIVE)
    slope = _sum(x[i] * y[i]) / _sum(x[i] ** 2)
    nonzero = N_POSITIVE + (sp.StrictGreaterThan(_sum(x[i] ** 2), 0),)
    step_zero = checked("stationary point", f"setting the derivative to 0 gives $m^* = $ {math(slope)}; "
                        "there the derivative vanishes",
                        gradient.subs(m, slope), 0, conditions=nonzero)
    second = checked("second derivative", "differentiate once more: the curvature does not depend on $m$",
                     sp.Derivative(gradient, m), 2 * _sum(x[i] ** 2) / n, conditions=N_POSITIVE)
    convex = checked("convexity", "a sum of squares with a positive weight is never negative, so the stationary "
                     "point is the minimum", 2 * _sum(x[i] ** 2) / n, 0, ">=", conditions=N_POSITIVE)
    iteration, iterates = _iteration_steps(parse_data(data), iterations)
    result = checked("result", r"$\mathrm{MSE}'(m) = 0$ exactly at the closed form", gradient.subs(m, slope), 0,
                     conditions=nonzero)
    return Derivation(
        name="least-squares-slope",
        title="Least squares through the origin",
        summary=r"$\mathrm{MSE}(m) = \frac{1}{n}\sum_i (y_i - m x_i)^2$ is minimised at "
                r"$m^* = \sum_i x_i y_i / \sum_i x_i^2$; the iteration "
                r"$m_{k+1} = m_k - 0.1\,\mathrm{MSE}'(m_k)$ converges to it.",
        steps=(step_gradient, step_linear, step_zero, second, convex, *iteration),
        result=result,
        sources=(Source(SEED_004, r"mean squared error to a line $y = mx$, "
                        r"$m_{\mathrm{bestest}} = \sum x_i y_i / \sum x_i^2$, "
                        r"$m_{k+1} = m_k - 0.1\,\mathrm{MSE}'(m_k)$"),),
        assumptions=(r"\mathrm{MSE}(m) = \frac{1}{n}\sum_{i=1}^{n} (y_i - m x_i)^2", r"n \ge 1",
                     r"\sum_{i=1}^{n} x_i^2 > 0"),
        remarks=(iterates,),
    )


def _iteration_steps(points: list[tuple[Fraction, Fraction]], iterations: int) -> tuple[list, str]:
    """m_{k+1} = m_k − 0.1·MSE'(m_k) from m_0 = 0, in exact arithmetic, and its distance to m*."""
    count = len(points)
    sxx = sp.Rational(str(sum(px * px for px, _ in points)))
    sxy = sp.Rational(str(sum(px * py for px, py in points)))
    closed = sxy / sxx
    factor = 1 - sp.Rational(2, 10) * sxx / count
    mk = sp.Symbol("m_{k}", real=True)
    derivative_at = sp.Add(-2 * sxy / count, 2 * sxx * mk / count, evaluate=False)
    data_text = ", ".join(f"({px}, {py})" for px, py in points)
    update = checked("iteration", rf"on the data {data_text}, $\mathrm{{MSE}}'(m_k)$ = {math(derivative_at)}, so one "
                     rf"step of $m_{{k+1}} = m_k - 0.1\,\mathrm{{MSE}}'(m_k)$ multiplies the error "
                     f"$m_k - m^*$ by {math(factor)}",
                     sp.Add(mk, sp.Mul(sp.Rational(-1, 10), derivative_at, evaluate=False), -closed, evaluate=False),
                     sp.Mul(factor, sp.Add(mk, -closed, evaluate=False), evaluate=False))
    iterates = [sp.Integer(0)]
    for _ in range(iterations):
        current = iterates[-1]
        iterates.append(current - sp.Rational(1, 10) * (-2 * sxy + 2 * sxx * current) / count)
    shown = ", ".join(f"{float(v):.9g}" for v in iterates)
    tolerance = Decimal("0.000001")  # exact, and printed as the decimal it is
    close = checked("convergence", f"after {iterations} steps from $m_0 = 0$ the iterate is within $10^{{-6}}$ "
                    rf"of the closed form $m^* = {sp.latex(closed)} \approx {float(closed):.9g}$",
                    sp.Abs(sp.Add(iterates[-1], -closed, evaluate=False), evaluate=False), tolerance, "<")
    contraction = checked("convergence", "the contraction factor has modulus below 1, so the iteration converges "
                          "from any start (the step 0.1 is small enough for these data)", abs(factor), 1, "<")
    return [update, close, contraction], (rf"iterates $m_0, \ldots, m_{{{iterations}}}$: {shown}; "
                                          f"closed form {float(closed):.9g}")


@register("least-squares-line", "Least squares line: slope and intercept from the normal equations",
          sources=(SEED_004, "003_2ef027bd369c874d.txt"))
def least_squares_line() -> Derivation:
    cost = _sum((y[i] - m * x[i] - b) ** 2)
    d_m = -2 * _sum(x[i] * (y[i] - m * x[i] - b))
    d_b = -2 * _sum(y[i] - m * x[i] - b)
    step_dm = checked("derivative", "differentiate with respect to the slope $m$", sp.Derivative(cost, m), d_m,
                      conditions=N_POSITIVE)
    step_db = checked("derivative", "differentiate with respect to the intercept $b$", sp.Derivative(cost, b), d_b,
                      conditions=N_POSITIVE)
    sums = {_sum(x[i]): Sx, _sum(y[i]): Sy, _sum(x[i] ** 2): Sxx, _sum(x[i] * y[i]): Sxy}
    normal_m = checked("normal equation", "split the sums: with $S_x = \\sum x_i$, $S_{xx} = \\sum x_i^2$, "
                       "$S_{xy} = \\sum x_i y_i$ the first condition reads",
                       -d_m / 2, (Sxy - m * Sxx - b * Sx).xreplace({v: k for k, v in sums.items()}),
                       conditions=N_POSITIVE)
    normal_b = checked("normal equation", "and the second, with $S_y = \\sum y_i$",
                       -d_b / 2, (Sy - m * Sx - n * b).xreplace({v: k for k, v in sums.items()}),
                       conditions=N_POSITIVE)
    det = n * Sxx - Sx**2
    slope = (n * Sxy - Sx * Sy) / det
    intercept = (Sy * Sxx - Sx * Sxy) / det
    condition = (sp.StrictGreaterThan(det, 0), sp.StrictGreaterThan(n, 0))
    solve_m = checked("solution", "Cramer’s rule: the slope and intercept below satisfy the first normal equation",
                (slope * Sxx + intercept * Sx - Sxy), 0, conditions=condition)
    solve_b = checked("solution", "… and the second", slope * Sx + intercept * n - Sy, 0, conditions=condition)
    mean_form = checked("algebra", "the intercept puts the line through the mean point: $b = \\bar y - m \\bar x$",
                        intercept, Sy / n - slope * Sx / n, conditions=condition)
    result = checked("result", "the least-squares slope satisfies both normal equations together with the intercept",
                     sp.ImmutableMatrix([slope * Sxx + intercept * Sx, slope * Sx + intercept * n]),
                     sp.ImmutableMatrix([Sxy, Sy]),
                     conditions=condition)
    return Derivation(
        name="least-squares-line",
        title="The least-squares line",
        summary=(r"Minimising $\sum_i (y_i - m x_i - b)^2$ over $m$ and $b$ gives the normal equations, whose "
                 r"solution is $m = (n \sum xy - \sum x \sum y)/(n \sum x^2 - (\sum x)^2)$, "
                 r"$b = \bar y - m \bar x$."),
        steps=(step_dm, step_db, normal_m, normal_b, solve_m, solve_b, mean_form),
        result=result,
        sources=(Source(SEED_004, "regression: the line of best fit (here with an intercept)"),
                 Source("003_2ef027bd369c874d.txt", "regression analysis and the cost function")),
        assumptions=(r"J(m, b) = \sum_{i=1}^{n} (y_i - m x_i - b)^2",
                     r"n \sum x_i^2 - \left(\sum x_i\right)^2 > 0"),
    )
