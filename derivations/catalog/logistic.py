"""Logistic regression and seed 004's two-layer network, through the chain rule (seed 004)."""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.calculus.steps import checked, differentiate

from ..core import Derivation, Source, math, register

SEED_004 = "004_153ca892f3cbebf4.txt"
x, y, c, b, p, z = sp.symbols("x y c b p z", real=True)
m1, m2 = sp.IndexedBase("m", real=True)[1], sp.IndexedBase("m", real=True)[2]
LABEL = (sp.GreaterThan(c, 0), sp.LessThan(c, 1))
PROBABILITY = (sp.StrictGreaterThan(p, 0), sp.StrictLessThan(p, 1))

# How the gradients are shown: in the cost J and the output p, as a textbook writes them; each check
# differentiates the whole network written out (the direct derivative runs to several lines when set).
J = sp.Symbol("J", real=True)

SIGN_REMARK = (r"Seed 004 writes the cost as $J = c \ln p + (1 - c) \ln(1 - p)$, the log-likelihood, and then "
               r"gives $\partial J/\partial \theta^{(2)}_1 = (p - c) a_1$: that is the derivative of $-J$, not of "
               "$J$ (`dlmath audit` refutes the printed form). Gradient descent must minimise $-J$, the "
               "cross-entropy, so the signs of the slide are the right ones for the cost that is actually minimised.")


def _likelihood(prob: sp.Expr) -> sp.Expr:
    return c * sp.log(prob) + (1 - c) * sp.log(1 - prob)


@register("logistic-regression",
          "Logistic regression: the log-likelihood, the cost and its gradient $(p - c)(x, y, 1)$",
          sources=(SEED_004,))
def logistic_regression() -> Derivation:
    zz = m1 * x + m2 * y + b
    prob = sigmoid(zz)
    cost = -_likelihood(prob)
    d_p = checked("derivative", "differentiate the cost in $p$, one label $c \\in [0, 1]$",
                  sp.Derivative(-_likelihood(p), p), (p - c) / (p * (1 - p)), conditions=LABEL + PROBABILITY)
    d_z = checked("derivative of the sigmoid", "$p = \\sigma(z)$ and $\\sigma' = \\sigma(1-\\sigma)$",
                  sp.Derivative(sigmoid(z), z), sigmoid(z) * (1 - sigmoid(z)))
    cancel = checked("algebra", "the chain rule multiplies the two: $p(1-p)$ cancels",
                     sp.Mul((p - c) / (p * (1 - p)), p * (1 - p), evaluate=False), p - c, conditions=PROBABILITY)
    grads = []
    for variable, factor in ((m1, x), (m2, y), (b, sp.Integer(1))):
        derivative, how = differentiate(cost, variable)
        grads.append(checked("chain rule", f"the gradient component for {math(variable)}: "
                             f"$\\partial z / \\partial$ {math(variable)} $=$ {math(factor)}",
                             sp.Derivative(cost, variable), (prob - c) * factor, substeps=(how,)))
    result = checked("result", r"the gradient of the cost $J = -(c \ln p + (1 - c) \ln(1 - p))$ is "
                     r"$(p - c)(x, y, 1)$, checked with $J$ and $p$ written out in $m_1, m_2, b$",
                     sp.ImmutableMatrix([sp.Derivative(cost, v) for v in (m1, m2, b)]),
                     sp.ImmutableMatrix([(prob - c) * x, (prob - c) * y, prob - c]))
    result = replace(result, shown=(sp.ImmutableMatrix([sp.Derivative(J, v) for v in (m1, m2, b)]),
                                     sp.ImmutableMatrix([sp.Mul(p - c, x, evaluate=False),
                                                         sp.Mul(p - c, y, evaluate=False), p - c])))
    return Derivation(
        name="logistic-regression",
        title="Logistic regression",
        summary=(r"With $p = \sigma(m_1 x + m_2 y + b)$, the log-likelihood of a label $c$ is "
                 r"$c \ln p + (1 - c) \ln(1 - p)$; the cost to minimise is its negative, whose gradient is "
                 "$(p - c)(x, y, 1)$."),
        steps=(d_p, d_z, cancel, *grads),
        result=result,
        sources=(Source(SEED_004, r"logistic regression: model $\sigma(m_1 x + m_2 y + b)$, cost function, optimise"),),
        assumptions=(r"p = \sigma(m_{1} x + m_{2} y + b)", r"0 \le c \le 1"),
        remarks=(SIGN_REMARK,),
    )


@register("two-layer-chain-rule",
          r"Seed 004’s two-layer network: $\partial J/\partial \theta^{(2)}_1$ and $\partial J/\partial "
          r"\theta^{(1)}_{11}$ by the chain rule",
          sources=(SEED_004,))
def two_layer_chain_rule() -> Derivation:
    t1 = sp.IndexedBase("theta^{(1)}", real=True)
    t2 = sp.IndexedBase("theta^{(2)}", real=True)
    b1, b2 = sp.IndexedBase("b^{(1)}", real=True)[1], sp.Symbol("b^{(2)}", real=True)
    a1_symbol, a2_symbol = sp.IndexedBase("a", real=True)[1], sp.IndexedBase("a", real=True)[2]
    z1 = t1[1, 1] * x + t1[1, 2] * y + b1
    a1 = sigmoid(z1)
    a2 = sigmoid(t1[2, 1] * x + t1[2, 2] * y + sp.IndexedBase("b^{(1)}", real=True)[2])
    z2 = t2[1] * a1 + t2[2] * a2 + b2
    prob = sigmoid(z2)
    cost = -_likelihood(prob)  # the cross-entropy: what gradient descent minimises
    d_cost_p = checked("derivative", "the cost in terms of the output $p$",
                       sp.Derivative(-_likelihood(p), p), (p - c) / (p * (1 - p)), conditions=LABEL + PROBABILITY)
    d_p_z = checked("derivative of the sigmoid", "$p = \\sigma(z^{(2)})$", sp.Derivative(sigmoid(z), z),
                    sigmoid(z) * (1 - sigmoid(z)))
    d_z_theta = checked("derivative", "$z^{(2)}$ is linear in $\\theta^{(2)}_1$ with coefficient $a_1$",
                        sp.Derivative(t2[1] * a1_symbol + t2[2] * a2_symbol + b2, t2[1]), a1_symbol)
    outer = checked("chain rule", "multiply the three factors: $\\frac{p-c}{p(1-p)} \\cdot p(1-p) \\cdot a_1$",
                    sp.Mul((p - c) / (p * (1 - p)), p * (1 - p), a1_symbol, evaluate=False), (p - c) * a1_symbol,
                    conditions=PROBABILITY)
    direct_outer = checked("check", "the same by differentiating the whole network directly (written out in "
                           "the check)", sp.Derivative(cost, t2[1]), (prob - c) * a1)
    direct_outer = replace(direct_outer, shown=(sp.Derivative(J, t2[1]), (p - c) * a1_symbol))
    d_z_a = checked("derivative", "$z^{(2)}$ is linear in $a_1$ with coefficient $\\theta^{(2)}_1$",
                    sp.Derivative(t2[1] * a1_symbol + t2[2] * a2_symbol + b2, a1_symbol), t2[1])
    d_a_z1 = checked("derivative of the sigmoid", "$a_1 = \\sigma(z^{(1)}_1)$", sp.Derivative(sigmoid(z), z),
                     sigmoid(z) * (1 - sigmoid(z)))
    d_z1_theta = checked("derivative", "$z^{(1)}_1$ is linear in $\\theta^{(1)}_{11}$ with coefficient $x$",
                         sp.Derivative(z1, t1[1, 1]), x)
    inner = checked("chain rule", "multiply the four factors along the path $\\theta^{(1)}_{11} \\to z^{(1)}_1 "
                    "\\to a_1 \\to z^{(2)} \\to p \\to J$; $p(1-p)$ cancels again",
                    sp.Mul((p - c) / (p * (1 - p)), p * (1 - p), t2[1], a1_symbol * (1 - a1_symbol), x,
                           evaluate=False),
                    (p - c) * t2[1] * a1_symbol * (1 - a1_symbol) * x, conditions=PROBABILITY)
    _, how = differentiate(cost, t1[1, 1])
    result = checked("result", "differentiating the whole network directly gives the same (written out in the "
                     "check and its substeps)", sp.Derivative(cost, t1[1, 1]),
                     (prob - c) * t2[1] * a1 * (1 - a1) * x, substeps=(how,))
    result = replace(result, shown=(sp.Derivative(J, t1[1, 1]),
                                    sp.Mul(p - c, t2[1], a1_symbol, 1 - a1_symbol, x, evaluate=False)))
    return Derivation(
        name="two-layer-chain-rule",
        title="The chain rule through seed 004’s two-layer network",
        summary=r"For the network $a_j = \sigma(\theta^{(1)}_{j1} x + \theta^{(1)}_{j2} y + b^{(1)}_j)$, "
                r"$p = \sigma(\theta^{(2)}_1 a_1 + \theta^{(2)}_2 a_2 + b^{(2)})$ and the cross-entropy "
                r"$-(c \ln p + (1 - c) \ln(1 - p))$: $\partial / \partial \theta^{(2)}_1 = (p - c) a_1$ and "
                r"$\partial / \partial \theta^{(1)}_{11} = (p - c) \theta^{(2)}_1 a_1 (1 - a_1) x$.",
        steps=(d_cost_p, d_p_z, d_z_theta, outer, direct_outer, d_z_a, d_a_z1, d_z1_theta, inner),
        result=result,
        sources=(Source(SEED_004, "neural networks: the two-layer network and the chain rule slides"),),
        assumptions=(r"a_{1} = \sigma(\theta^{(1)}_{11} x + \theta^{(1)}_{12} y + b^{(1)}_{1})",
                     r"p = \sigma(\theta^{(2)}_{1} a_{1} + \theta^{(2)}_{2} a_{2} + b^{(2)})", r"0 \le c \le 1"),
        remarks=(SIGN_REMARK,),
    )
