"""Claims about abstract functions (f, g, L undeclared): proved for every function, refuted by one.

A proof works on the abstract function itself (SymPy differentiates g(wx+b)
to x·g'(wx+b)), so it holds for every differentiable g. A refutation needs
one concrete g: each abstract function is replaced by smooth functions drawn
from the table below with random rational coefficients, and the claim is
sampled there; the counterexample names the function used.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..notation.roles import latex_name
from .prepare import Problem

# Smooth on the whole real line, with derivatives of every order: nothing a claim about
# "every differentiable g" could exclude.
SMOOTH: tuple[Callable[[sp.Expr, sp.Rational, sp.Rational], sp.Expr], ...] = (
    lambda u, a, b: a * sp.sin(u) + b * u,
    lambda u, a, b: a * u**3 + b * u**2 + u,
    lambda u, a, b: sp.exp(a * u) + b,
    lambda u, a, b: a * sp.tanh(u) + b * u**2,
    lambda u, a, b: sp.cos(a * u) + b * u,
)
INSTANCES = 4


def has_abstract(problem: Problem) -> bool:
    return bool(sp.Tuple(problem.lhs, problem.rhs, *problem.conditions).atoms(AppliedUndef))


def _coefficient(rng: np.random.Generator) -> sp.Rational:
    value = sp.Rational(int(rng.integers(3, 20)), 10)
    return value if rng.uniform() < 0.7 else -value


def instances(problem: Problem, rng: np.random.Generator) -> list[tuple[Problem, dict[str, str]]]:
    """The problem with its abstract functions replaced by concrete smooth ones, several times."""
    everything = sp.Tuple(problem.lhs, problem.rhs, *problem.conditions)
    functions = sorted({a.func for a in everything.atoms(AppliedUndef)}, key=str)
    out = []
    for k in range(INSTANCES):
        mapping, shown = {}, {}
        for offset, function in enumerate(functions):
            arity = len(next(a for a in everything.atoms(AppliedUndef) if a.func == function).args)
            variables = sp.symbols(f"t1:{arity + 1}", real=True)
            build = SMOOTH[(k + offset) % len(SMOOTH)]
            a, b = _coefficient(rng), _coefficient(rng)
            # Weighted, plus a cross term: an instance of ℓ(y, ŷ) must not be symmetric by accident.
            body = build(variables[0], a, b) if arity == 1 else \
                sum((build(v, a, b) * (j + 1) for j, v in enumerate(variables)), a * sp.Mul(*variables))
            mapping[function] = sp.Lambda(variables, body)
            shown[latex_name(str(function))] = f"{', '.join(map(str, variables))} ↦ {sp.sstr(body)}"
        concrete = [_replace(e, mapping) for e in (problem.lhs, problem.rhs, *problem.conditions)]
        out.append((Problem(concrete[0], problem.relation, concrete[1], tuple(concrete[2:]), problem.integers,
                            problem.sizes, problem.free_indices, problem.entry, problem.patterns,
                            problem.implicit, problem.constraints), shown))
    return out


def _replace(expr: sp.Basic, mapping: dict) -> sp.Basic:
    # subs, not replace: SymPy writes d/dx f(g(x)) as Derivative(f(g(x)), g(x))·g'(x), and only subs
    # rewrites the variable of that derivative together with its expression.
    for function, concrete in mapping.items():
        try:
            expr = expr.subs(function, concrete)
        except TypeError:  # SymPy's Sum._eval_subs reads `old.args`, which a function class has not: apply it
            expr = expr.replace(lambda e, f=function: isinstance(e, AppliedUndef) and e.func == f,
                                lambda e, c=concrete: c(*e.args))
    return expr.doit() if expr.has(sp.Derivative, sp.Subs) else expr
