"""The sigmoid and its derivative σ' = σ(1 − σ) (seeds 003 and 004)."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid
from dlmath.symbolic.calculus.steps import checked, differentiate

from ..core import Derivation, Source, math, register

x = sp.Symbol("x", real=True)


@register("sigmoid-derivative", r"The derivative of the sigmoid: $\sigma'(x) = \sigma(x)(1 - \sigma(x))$",
          sources=("003_2ef027bd369c874d.txt", "004_153ca892f3cbebf4.txt"))
def sigmoid_derivative() -> Derivation:
    closed = 1 / (1 + sp.exp(-x))
    definition = checked("definition", "the logistic sigmoid", sigmoid(x), closed)
    derivative, how = differentiate(closed, x)
    # The algebra that textbooks do in one breath, shown as steps.
    split = sp.Mul(1 / (1 + sp.exp(-x)), sp.exp(-x) / (1 + sp.exp(-x)), evaluate=False)
    step_split = checked("algebra", "split the square in the denominator into two factors", derivative, split)
    one_minus = 1 - 1 / (1 + sp.exp(-x))
    step_rewrite = checked("algebra", f"{math(sp.exp(-x) / (1 + sp.exp(-x)))} is {math(one_minus)}: "
                           "add and subtract 1 in the numerator",
                           sp.exp(-x) / (1 + sp.exp(-x)), one_minus)
    textbook = sigmoid(x) * (1 - sigmoid(x))
    step_sigma = checked("definition", f"both factors are written with {math(sigmoid(x))}", split, textbook)
    result = checked("result", "the derivative of the sigmoid, in the form compiled code uses "
                     "(it cannot overflow, unlike the quotient form)",
                     sp.Derivative(sigmoid(x), x), textbook)
    return Derivation(
        name="sigmoid-derivative",
        title="The derivative of the sigmoid",
        summary=(r"From $\sigma(x) = 1/(1+e^{-x})$ by the quotient and chain rules to "
                 r"$\sigma'(x) = \sigma(x)(1 - \sigma(x))$."),
        steps=(definition, how, step_split, step_rewrite, step_sigma),
        result=result,
        sources=(Source("003_2ef027bd369c874d.txt",
                        r"sigmoid function and its derivative $\sigma' = \sigma(1-\sigma)$"),
                 Source("004_153ca892f3cbebf4.txt", "$\\sigma(x) = 1/(1+e^{-x})$ and its basic properties")),
    )
