"""Lagrange multipliers on a worked example: maximise xy subject to x + y = 2 (seed 003)."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.steps import checked, differentiate

from ..core import Derivation, Source, math, register

SEED_003 = "003_2ef027bd369c874d.txt"
x, y, lam, t = sp.symbols("x y lambda t", real=True)
OBJECTIVE = x * y
CONSTRAINT, LEVEL = x + y, sp.Integer(2)
POINT = {x: sp.Integer(1), y: sp.Integer(1), lam: sp.Integer(1)}

EXAMPLE_REMARK = (r"Seed 003 states the method ($F(x, y, \lambda) = f(x, y) - \lambda(g(x, y) - c)$, "
                  r"$\partial F/\partial x = \partial F/\partial y = \partial F/\partial \lambda = 0$) "
                  "with a contour picture but no worked example; this one is the classic: the rectangle of "
                  "perimeter 4 with the largest area is the square.")


def _lagrangian() -> sp.Expr:
    return OBJECTIVE - lam * (CONSTRAINT - LEVEL)


def _stationarity_steps() -> tuple[list, list[sp.Expr]]:
    """∂F/∂x, ∂F/∂y, ∂F/∂λ by the recorded rules."""
    lagrangian = _lagrangian()
    partials, steps = [], []
    for variable in (x, y, lam):
        derivative, how = differentiate(lagrangian, variable)
        partials.append(derivative)
        steps.append(how)
    return steps, partials


def _solution_steps(partials: list[sp.Expr]) -> list:
    """The stationarity system is linear: write it as M (x, y, λ)ᵀ = (0, 0, 2)ᵀ and invert M."""
    matrix = sp.ImmutableMatrix([[0, 1, -1], [1, 0, -1], [1, 1, 0]])
    unknowns = sp.ImmutableMatrix([x, y, lam])
    system = checked("linear system", f"the three conditions {math(partials[0])} $= 0$, {math(partials[1])} $= 0$, "
                     f"{math(partials[2])} $= 0$ are linear in $(x, y, \\lambda)$: "
                     "they read $M (x, y, \\lambda)^T = (0, 0, 2)^T$ "
                     "for the matrix $M$ below",
                     sp.MatMul(matrix, unknowns, evaluate=False), sp.ImmutableMatrix([y - lam, x - lam, x + y]))
    inverse = matrix.inv()
    invertible = checked("linear system", "$M$ has an inverse, so the system has exactly one solution",
                         sp.MatMul(inverse, matrix, evaluate=False), sp.ImmutableMatrix(sp.eye(3)))
    right = sp.ImmutableMatrix([0, 0, LEVEL])
    solution = checked("solution", "the solution: $x = y = 1$ with multiplier $\\lambda = 1$",
                       sp.MatMul(inverse, right, evaluate=False), sp.ImmutableMatrix([POINT[x], POINT[y], POINT[lam]]))
    at_point = [_at(partial, POINT) for partial in partials]
    check = checked("check", "each condition holds there: $y - \\lambda$, $x - \\lambda$ and $2 - x - y$ at "
                    "$(x, y, \\lambda) = (1, 1, 1)$", sp.ImmutableMatrix(at_point), sp.ImmutableMatrix([0, 0, 0]))
    gradients = checked("geometry", "the first two conditions are $\\nabla f - \\lambda \\nabla g = 0$: at a "
                        "solution the gradient of $f$ is parallel to the constraint’s normal $\\nabla g = (1, 1)$, "
                        "so moving along the constraint does not change $f$ to first order",
                        sp.ImmutableMatrix([sp.Derivative(OBJECTIVE, v) - lam * sp.Derivative(CONSTRAINT, v)
                                            for v in (x, y)]),
                        sp.ImmutableMatrix(partials[:2]))
    return [gradients, system, invertible, solution, check]


def _at(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """A linear expression at a point, term by term and not added up: y − λ at (1, 1, 1) is 1 − 1."""
    def term_at(term: sp.Expr) -> sp.Expr:
        coefficient, rest = term.as_coeff_Mul()
        if rest == 1 or coefficient == 1:
            return term.xreplace(point)
        return sp.Mul(coefficient, rest.xreplace(point), evaluate=False)

    return sp.Add(*[term_at(term) for term in sp.Add.make_args(expr)], evaluate=False)


def _direct_steps() -> list:
    """Along the constraint line the objective is 1 − t², so (1, 1) is the maximum."""
    on_line = checked("parametrise", "every point of the line $x + y = 2$ is $(x, y) = (1 - t, 1 + t)$ for one "
                      "real $t$", sp.Add(1 - t, 1 + t, evaluate=False), LEVEL)
    along = checked("direct check", "the objective along the line", sp.Mul(1 - t, 1 + t, evaluate=False), 1 - t**2)
    derivative, how = differentiate(1 - t**2, t)
    curvature, how_again = differentiate(derivative, t)
    second = checked("second order", "its derivative $-2t$ vanishes at $t = 0$, and its second derivative is "
                     "negative: a maximum", sp.Derivative(1 - t**2, t, 2), curvature, substeps=(how, how_again))
    return [on_line, along, second]


@register("lagrange-multipliers", "Lagrange multipliers: maximise $xy$ subject to $x + y = 2$", sources=(SEED_003,))
def lagrange_multipliers() -> Derivation:
    stationarity, partials = _stationarity_steps()
    steps = [*stationarity, *_solution_steps(partials), *_direct_steps()]
    result = checked("result", "on the constraint $xy \\le 1$, with equality only at $(1, 1)$: the constrained "
                     "maximum of $xy$ is $f(1, 1) = 1$, the point the multiplier method found",
                     sp.Mul(1 - t, 1 + t, evaluate=False), OBJECTIVE.xreplace(POINT), "<=")
    return Derivation(
        name="lagrange-multipliers",
        title="Lagrange multipliers: a worked constrained maximum",
        summary=(r"For $f = xy$ on $x + y = 2$, $F = xy - \lambda(x + y - 2)$ has "
                 r"$\partial F/\partial x = \partial F/\partial y = \partial F/\partial \lambda = 0$ only at "
                 r"$x = y = \lambda = 1$, and along the constraint $f(1 - t, 1 + t) = 1 - t^2 \le 1$, so $(1, 1)$ is "
                 "the constrained maximum."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_003, r"Lagrange multiplier method: maximise $f(x, y)$ subject to $g(x, y) = c$ with "
                        r"$F(x, y, \lambda) = f(x, y) - \lambda(g(x, y) - c)$, "
                        r"$\partial F/\partial x = \partial F/\partial y = \partial F/\partial \lambda = 0$"),),
        assumptions=(r"f(x, y) = x y", r"g(x, y) = x + y = 2", r"F(x, y, \lambda) = f(x, y) - \lambda (g(x, y) - 2)"),
        remarks=(EXAMPLE_REMARK,),
    )
