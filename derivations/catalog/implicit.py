"""The implicit layer z* = tanh(Wz* + Ux + b): its gradient by the implicit function theorem, (I − J)^{-T}
(seed 001's implicit deep learning), proved at n = 2 against the exact derivative of the fixed-point equation."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from dlmath.symbolic.calculus.steps import checked

from ..core import Derivation, Source, math, register

SEED_001 = "001_f4e3cb575dde6e58.txt"
N = 2
z = sp.Matrix(sp.symbols(f"z_1:{N + 1}", real=True))          # the fixed point z*
v = sp.Matrix(sp.symbols(f"v_1:{N + 1}", real=True))          # ∇ℓ at z*
W = sp.Matrix(N, N, sp.symbols(f"w_1:{N + 1}(1:{N + 1})", real=True))
s = sp.Matrix(sp.symbols(f"s_1:{N + 1}", real=True))          # dz*/dθ, the unknowns of the differentiated equation
a, theta, c = sp.symbols("a theta c", real=True)
IN_RANGE = tuple(r for zi in z for r in (sp.StrictLessThan(-1, zi), sp.StrictLessThan(zi, 1)))  # |z_i| < 1: tanh
D = sp.diag(*[1 - zi**2 for zi in z])                          # tanh' at the fixed point
J = D * W                                                      # ∂/∂z of tanh(Wz + Ux + b) at z*
I = sp.eye(N)
G = (I - J).T.inv() * v                                        # the adjoint: (I − J)ᵀ g = ∇L

CONTRACTION_REMARK = (
    r"If $\lVert W \rVert_2 < 1$ the map $z \mapsto \tanh(Wz + Ux + b)$ is a contraction ($|\tanh'| \le 1$), so "
    r"the iteration converges to the unique $z^*$ from any start (Banach), and "
    r"$\lVert J \rVert_2 = \lVert DW \rVert_2 \le \lVert W \rVert_2 < 1$ makes $I - J$ invertible: the implicit "
    r"function theorem applies, and the Neumann partial sums $I + J + \dots + J^{K-1}$ that backprop through $K$ "
    r"unrolled iterations computes tend to $(I - J)^{-1}$.")
TRANSPOSE_REMARK = (
    "The transpose matters: $J = DW$ is not symmetric, and the gradient with $(I - J)^{-1}$ in place of $(I - J)^{-T}$ "
    "is refuted (`tests/derivations/test_implicit_layer.py`). Numerically the backward pass is one linear solve "
    "$(I - J)^{T} g = \\nabla L$ per sample, whatever the number of forward iterations (`dlmath gradcheck --model "
    "implicit`, "
    "`dlmath experiment implicit-memory`).")


def exact_derivative(direct: sp.Matrix) -> sp.Expr:
    """v · dz*/dθ, dz*/dθ solved from the differentiated fixed-point equation s = D(Ws + ∂a/∂θ)."""
    solution = sp.solve(list(s - D * (W * s + direct)), list(s), dict=True)[0]
    return (v.T * s.subs(solution))[0]


def _direct(i: int, value: sp.Expr) -> sp.Matrix:
    """∂a/∂θ holding z fixed: value in row i (z_j for θ = W_ij, 1 for θ = b_i), 0 elsewhere."""
    column = sp.zeros(N, 1)
    column[i] = value
    return column


def _fixed_point_steps() -> list:
    slope = checked("derivative", "$\\tanh' = 1 - \\tanh^2$, so at the fixed point, where $\\tanh(a_i) = z_i$, the "
                    "slope of unit $i$ is $1 - z_i^2$: $D = \\operatorname{diag}(1 - z_i^2)$",
                    sp.Derivative(sp.tanh(a), a), 1 - sp.tanh(a) ** 2)
    z1, z2 = (sp.Function(f"z_{k}")(theta) for k in (1, 2))
    row = W[0, 0] * z1 + W[0, 1] * z2 + c + theta   # a_1 as a function of θ = b_1 (c: the rest of (Ux + b)_1)
    chain = checked("chain rule", "differentiate the fixed-point equation $z_1 = \\tanh(a_1)$ in a parameter "
                    "($\\theta = b_1$ here): $z$ itself depends on $\\theta$, so $s = dz/d\\theta$ solves "
                    "$s = D(W s + \\partial a/\\partial\\theta)$, that is "
                    "$(I - J)s = D\\,\\partial a/\\partial\\theta$ with $J = DW$", sp.Derivative(sp.tanh(row), theta),
                    (1 - sp.tanh(row) ** 2) * (W[0, 0] * sp.Derivative(z1, theta) + W[0, 1] * sp.Derivative(z2, theta)
                                               + 1))
    unrolled = checked("Neumann series", "backprop through $K$ unrolled iterations multiplies by "
                       "$I + J + \\dots + J^{K-1}$ (here $K = 2$), and $(I - J)(I + J) = I - J^2$: as "
                       "$J^K \\to 0$ the unrolled derivative tends to the implicit one, $(I - J)^{-1}$ (checked "
                       "entry by entry with $J = DW$ written out)",
                       (I - J) * (I + J), I - J**2)
    shown_i, shown_j = sp.symbols("I J", commutative=False)  # as a textbook writes it: matrices that do not commute
    unrolled = replace(unrolled, shown=(sp.Mul(shown_i - shown_j, shown_i + shown_j), shown_i - shown_j**2))
    return [slope, chain, unrolled]


# How the gradient steps are shown: ∂L/∂w_ij = (Dg)_i z_j, as a textbook writes them; each is checked on the
# written-out sides (the exact derivative against (Dg)_i z_j with g solved), which run to pages when set.
L_SHOWN, DG_SHOWN = sp.Symbol("L", real=True), sp.IndexedBase("(Dg)", real=True)
W_SHOWN, B_SHOWN, Z_SHOWN = (sp.IndexedBase(name, real=True) for name in ("w", "b", "z^{*}"))


def _gradient_steps() -> list:
    steps = []
    for i in range(N):
        for j in range(N):
            name = f"w_{{{i + 1}{j + 1}}}"
            step = checked("implicit function theorem", f"$\\partial L/\\partial {name}$: the exact "
                           f"derivative $v \\cdot dz^*/d{name}$ (left) equals $(Dg)_{i + 1} z_{j + 1}$ with "
                           "$g = (I - J)^{-T} v$ (right), both written out in the check",
                           exact_derivative(_direct(i, z[j])), (D * G)[i] * z[j], conditions=IN_RANGE)
            steps.append(replace(step, shown=(sp.Derivative(L_SHOWN, W_SHOWN[i + 1, j + 1]),
                                              DG_SHOWN[i + 1] * Z_SHOWN[j + 1])))
    for i in range(N):
        step = checked("implicit function theorem", f"$\\partial L/\\partial b_{i + 1}$ $= (Dg)_{i + 1}$, both sides "
                       "written out in the check", exact_derivative(_direct(i, sp.Integer(1))), (D * G)[i],
                       conditions=IN_RANGE)
        steps.append(replace(step, shown=(sp.Derivative(L_SHOWN, B_SHOWN[i + 1]), DG_SHOWN[i + 1])))
    return steps


@register("implicit-layer",
          r"The implicit layer $z^{*} = \tanh(W z^{*} + U x + b)$: the gradient through $(I - J)^{-T}$",
          sources=(SEED_001,))
def implicit_layer() -> Derivation:
    exact = sp.Matrix(N, N, lambda i, j: exact_derivative(_direct(i, z[j])))
    result = checked("result", f"in matrix form, with {math(sp.Symbol('g'))} the solution of $(I - J)^T g = v$: "
                     "$\\partial L/\\partial W = (Dg) z^{*T}$, $\\partial L/\\partial b = Dg$ (and "
                     "$\\partial L/\\partial U = (Dg) x^T$, the same with $x$ in place of $z^*$)",
                     exact, (D * G) * z.T, conditions=IN_RANGE)
    # shown as the matrix of the shown steps' right sides; checked, as they are, on the written-out entries
    result = replace(result, shown=(sp.Matrix(N, N, lambda i, j: sp.Derivative(L_SHOWN, W_SHOWN[i + 1, j + 1])),
                                    sp.Matrix(N, N, lambda i, j: DG_SHOWN[i + 1] * Z_SHOWN[j + 1])))
    return Derivation(
        name="implicit-layer",
        title="The implicit layer: backpropagation through a fixed point",
        summary=(r"For $z^* = \tanh(W z^* + U x + b)$ and a loss $L(z^*)$ with gradient $v$, the implicit function "
                 r"theorem gives $\partial L/\partial W = (D g) z^{*T}$ and $\partial L/\partial b = D g$, where "
                 r"$D = \operatorname{diag}(1 - z^{*2})$, $J = DW$ and $(I - J)^{T} g = v$; proved entry by entry at "
                 "$n = 2$ against the exact derivative of the fixed-point equation."),
        steps=tuple([*_fixed_point_steps(), *_gradient_steps()]),
        result=result,
        sources=(Source(SEED_001, "implicit deep learning: prediction rules based on the solution of a fixed-point "
                        "equation in a single vector of hidden features"),),
        assumptions=(r"z^{*} = \tanh(W z^{*} + U x + b)", r"-1 < z_i < 1", r"I - DW \text{ invertible}"),
        remarks=(CONTRACTION_REMARK, TRANSPOSE_REMARK),
    )
