"""The first-order approximation, Cauchy–Schwarz and the steepest-descent step Δx = −η∇f (seed 003)."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from dlmath.symbolic.calculus.steps import checked, differentiate

from ..core import Derivation, Source, math, register

SEED_003 = "003_2ef027bd369c874d.txt"
x, y, h, k, eta, s = sp.symbols("x y h k eta s", real=True)
p, q, r, u, v, c = sp.symbols("p q r u v c", real=True)            # a general quadratic's coefficients
a1, a2, b1, b2 = sp.symbols("a_1 a_2 b_1 b_2", real=True)           # two vectors in the plane
fx, fy = sp.symbols("f_{x} f_{y}", real=True)                       # the gradient at the current point
F = sp.Function("f", real=True)                                     # f itself, as a shown step writes it
ETA_POSITIVE = (sp.StrictGreaterThan(eta, 0),)
SMALL_STEP = (sp.StrictGreaterThan(eta, 0), sp.StrictLessThan(eta, 1))

SEED_REMARK = (r"Seed 003’s worked example reads “$z = x^2 + y^2$; $\Delta x = -\eta \nabla z = (2x, 2y)$” in the "
               r"extracted text: the gradient is $\nabla z = (2x, 2y)$, and the displacement is "
               r"$\Delta x = -\eta (2x, 2y)$ — the factor $-\eta$ is lost in the extraction, not in the mathematics.")


FACTOR_REMARK = (r"The verifier proves $(1 - 2\eta)^2 \le 1$ on $0 < \eta < 1$ but not "
                 r"$((1 - 2\eta)^2 - 1)(x^2 + y^2) \le 0$ for a symbolic $\eta$ (a bounded factor times a "
                 r"non-negative one), so the exact decrease is shown for every $\eta$ as a factor and for "
                 r"$\eta = 0.1$ in full.")


def _norm(*components: sp.Expr) -> sp.Expr:
    return sp.sqrt(sum(component**2 for component in components))


def _dot(first: tuple[sp.Expr, ...], second: tuple[sp.Expr, ...]) -> sp.Expr:
    """first·second written out term by term, in the order given (not evaluated)."""
    return sp.Add(*[sp.Mul(a, b, evaluate=False) for a, b in zip(first, second)], evaluate=False)


def _f_at(first: sp.Expr, second: sp.Expr) -> sp.Expr:
    """The seed's z = x² + y² at a point, written out (not evaluated)."""
    return sp.Add(sp.Pow(first, 2, evaluate=False), sp.Pow(second, 2, evaluate=False), evaluate=False)


def _approximation_steps() -> list:
    """The seed's example f = x² + y²: its gradient, and what the linear approximation leaves out."""
    f = x**2 + y**2
    f_x, how_x = differentiate(f, x)
    f_y, how_y = differentiate(f, y)
    change = f.subs({x: x + h, y: y + k}, simultaneous=True) - f
    linear = _dot((f_x, f_y), (h, k))
    remainder = checked("first-order approximation",
                        f"the exact change of $f = x^2 + y^2$ from $(x, y)$ to $(x + h, y + k)$, minus the linear part "
                        f"$f_x h + f_y k$ = {math(linear)}, is exactly $h^2 + k^2 = \\|\\Delta \\mathbf{{x}}\\|^2$: "
                        "the error of $\\Delta z \\approx \\nabla f \\cdot \\Delta \\mathbf{x}$ is second order",
                        sp.Add(change, -linear, evaluate=False), h**2 + k**2)
    quadratic = p * x**2 + q * x * y + r * y**2 + u * x + v * y + c
    q_x, q_y = sp.diff(quadratic, x), sp.diff(quadratic, y)
    hessian = sp.ImmutableMatrix([[2 * p, q], [q, 2 * r]])
    shift = sp.ImmutableMatrix([[h, k]])
    general = checked("first-order approximation",
                      "the same for every quadratic $f = p x^2 + q x y + r y^2 + u x + v y + c$: what the linear part "
                      "misses is $\\frac{1}{2} \\Delta \\mathbf{x}^T H \\Delta \\mathbf{x}$, with $H$ the matrix of "
                      "second derivatives, whatever the point $(x, y)$ (checked with $f$ and its gradient written "
                      "out)",
                      sp.Add(quadratic.subs({x: x + h, y: y + k}, simultaneous=True), -quadratic,
                             -_dot((q_x, q_y), (h, k)), evaluate=False),
                      sp.MatMul(sp.Rational(1, 2), shift, hessian, shift.T, evaluate=False))
    general = replace(general, shown=(sp.Add(F(sp.Add(x, h, evaluate=False), sp.Add(y, k, evaluate=False)), -F(x, y),
                                             sp.Mul(-1, sp.Add(sp.Mul(fx, h, evaluate=False),
                                                               sp.Mul(fy, k, evaluate=False), evaluate=False),
                                                    evaluate=False), evaluate=False),
                                      general.after))
    form = p * h**2 + q * h * k + r * k**2
    sh, sk = sp.Mul(s, h, evaluate=False), sp.Mul(s, k, evaluate=False)
    scaled = sp.Add(sp.Mul(p, sp.Pow(sh, 2, evaluate=False), evaluate=False), sp.Mul(q, sh, sk, evaluate=False),
                    sp.Mul(r, sp.Pow(sk, 2, evaluate=False), evaluate=False), evaluate=False)
    scaling = checked("second order", "“second order” means: shrinking the step by a factor $s$ shrinks the "
                      "remainder by $s^2$, so for small steps the linear part dominates", scaled, s**2 * form)
    return [how_x, how_y, remainder, general, scaling]


def _cauchy_schwarz_steps() -> list:
    """Cauchy–Schwarz for two plane vectors, in components, from Lagrange's identity."""
    a, b = (a1, a2), (b1, b2)
    dot = _dot(a, b)
    identity = checked("Lagrange’s identity", "for any vectors $\\mathbf{a} = (a_1, a_2)$, $\\mathbf{b} = (b_1, b_2)$ "
                       "the gap between $\\|\\mathbf{a}\\|^2 \\|\\mathbf{b}\\|^2$ "
                       "and $(\\mathbf{a} \\cdot \\mathbf{b})^2$ "
                       "is a square, so it is never negative",
                       (a1**2 + a2**2) * (b1**2 + b2**2) - (a1 * b1 + a2 * b2) ** 2, (a1 * b2 - a2 * b1) ** 2)
    upper = checked("Cauchy–Schwarz", "taking square roots of the identity: the inner product is at most the "
                    "product of the lengths", dot, _norm(*a) * _norm(*b), "<=")
    lower = checked("Cauchy–Schwarz", "and at least minus that product; equality when $\\mathbf{b}$ points opposite "
                    "to $\\mathbf{a}$ (the seed: $-|\\mathbf{a}||\\mathbf{b}| \\le \\mathbf{a} \\cdot \\mathbf{b} \\le "
                    "|\\mathbf{a}||\\mathbf{b}|$)", dot, -_norm(*a) * _norm(*b), ">=")
    return [identity, upper, lower]


def _descent_steps() -> list:
    """Δx = −η∇f: the linear change is −η‖∇f‖², the Cauchy–Schwarz minimum for its length."""
    gradient = (fx, fy)
    step_vector = (-eta * fx, -eta * fy)
    along = checked("steepest descent", "write $\\nabla f = (f_x, f_y)$ at the current point and take "
                    "$\\Delta \\mathbf{x} = -\\eta \\nabla f$: "
                    "the linear change $\\nabla f \\cdot \\Delta \\mathbf{x}$ "
                    "is $-\\eta \\|\\nabla f\\|^2$",
                    _dot(gradient, step_vector), -eta * (fx**2 + fy**2))
    attains = checked("steepest descent", "for $\\eta > 0$ this is exactly the lower Cauchy–Schwarz bound "
                      "$-\\|\\nabla f\\| \\|\\Delta \\mathbf{x}\\|$: no displacement of the same length decreases the "
                      "linear part more — the negative gradient is the direction of steepest descent",
                      -eta * (fx**2 + fy**2), -_norm(*gradient) * _norm(*step_vector), conditions=ETA_POSITIVE)
    f = x**2 + y**2
    moved = _f_at(x - eta * 2 * x, y - eta * 2 * y)
    exact = checked("example", "on the seed’s $z = x^2 + y^2$, where $\\nabla z = (2x, 2y)$, one step "
                    "$\\Delta \\mathbf{x} = -\\eta (2x, 2y)$ multiplies $z$ exactly by $(1 - 2\\eta)^2$",
                    moved, (1 - 2 * eta) ** 2 * f)
    factor = checked("example", "and that factor is at most 1 for every learning rate $0 < \\eta < 1$, so the step "
                     "never increases $z$", (1 - 2 * eta) ** 2, 1, "<=", conditions=SMALL_STEP)
    tenth = sp.Rational(1, 10)
    concrete_change = sp.Add(_f_at(sp.Add(x, -tenth * 2 * x, evaluate=False),
                                   sp.Add(y, -tenth * 2 * y, evaluate=False)), -f, evaluate=False)
    concrete = checked("example", "with $\\eta = 0.1$: the exact change of $z$ in one step",
                       concrete_change, -sp.Rational(9, 25) * f)
    decrease = checked("example", "which is never positive: $z$ decreases at every point but the minimum $(0, 0)$",
                       -sp.Rational(9, 25) * f, 0, "<=")
    return [along, attains, exact, factor, concrete, decrease]


@register("gradient-descent",
          r"The first-order approximation and gradient descent: $\Delta x = -\eta \nabla f$ is the steepest descent",
          sources=(SEED_003,))
def gradient_descent() -> Derivation:
    steps = [*_approximation_steps(), *_cauchy_schwarz_steps(), *_descent_steps()]
    result = checked("result", "to first order, the step $\\Delta \\mathbf{x} = -\\eta \\nabla f$ with $\\eta > 0$ "
                     "never increases $f$: $\\Delta z \\approx \\nabla f \\cdot \\Delta \\mathbf{x} = "
                     "-\\eta \\|\\nabla f\\|^2 \\le 0$",
                     _dot((fx, fy), (-eta * fx, -eta * fy)), 0, "<=", conditions=ETA_POSITIVE)
    return Derivation(
        name="gradient-descent",
        title="Gradient descent: the first-order approximation and the steepest direction",
        summary=(r"The change of $f$ is $\nabla f \cdot \Delta x$ plus a second-order remainder; by "
                 r"Cauchy–Schwarz $\nabla f \cdot \Delta x \ge -\lVert \nabla f \rVert \lVert \Delta x \rVert$, "
                 r"with equality for $\Delta x = -\eta \nabla f$, which changes $f$ by "
                 r"$-\eta \lVert \nabla f \rVert^2 \le 0$ to first order."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_003, r"approximate formula $\Delta z \approx \frac{\partial z}{\partial x} \Delta x "
                        r"+ \frac{\partial z}{\partial y} \Delta y$ and gradient descent "
                        r"$(\Delta x, \Delta y) = -\eta (\partial f/\partial x, \partial f/\partial y)$"),
                 Source(SEED_003, r"Cauchy–Schwarz inequality $-|a||b| \le a \cdot b \le |a||b|$"),
                 Source(SEED_003, "displacement vector example $z = x^2 + y^2$")),
        assumptions=(r"\Delta \mathbf{x} = (h, k)", r"\nabla f = (f_{x}, f_{y})", r"\eta > 0"),
        remarks=(SEED_REMARK, FACTOR_REMARK),
    )
