"""The neuron a(w·x − θ) as an inner product, and the step neuron versus the sigmoid neuron (seeds 003, 000)."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.activations import sigmoid, step
from dlmath.symbolic.calculus.steps import checked

from ..core import Derivation, Source, math, register

SEED_003 = "003_2ef027bd369c874d.txt"
SEED_000 = "000_c0bdae25d982a9c0.txt"
w1, w2, w3, x1, x2, x3, theta = sp.symbols("w_1 w_2 w_3 x_1 x_2 x_3 theta", real=True)
z, k = sp.symbols("z k", real=True)
HALF = sp.Rational(1, 2)
FIRES = (sp.StrictGreaterThan(z, 0),)
SILENT = (sp.StrictLessThan(z, 0),)
GAIN = (sp.StrictGreaterThan(k, 0),)

THRESHOLD_REMARK = (r"Seed 003 writes the neuron as $a(w_1 x_1 + w_2 x_2 + w_3 x_3 - \theta)$ and its input as the "
                    r"inner product $(w_1, w_2, w_3, b) \cdot (x_1, x_2, x_3, 1)$, so $b = -\theta$; seed 000 writes "
                    r"$\varphi(\sum_i w_i x_i + \theta)$, adding its “threshold”. The two conventions describe the "
                    r"same neuron with $\theta$ of opposite sign.")

TANH_REMARK = (r"The verifier does not prove $\sigma(z) > \tfrac12$ for $z > 0$ directly (it treats $\sigma(z)$ as an "
               r"unknown positive quantity, unrelated to $z$); through "
               r"$\sigma(z) = \tfrac12 + \tfrac12 \tanh(z/2)$ it does.")


def _inner_product_steps() -> list:
    weights = sp.ImmutableMatrix([[w1, w2, w3, -theta]])
    inputs = sp.ImmutableMatrix([x1, x2, x3, 1])
    weighted = w1 * x1 + w2 * x2 + w3 * x3 - theta
    product = checked("inner product", "append the constant input 1 to the inputs and $-\\theta$ to the weights: the "
                      "neuron’s input $z$ is one inner product, a row times a column",
                      sp.MatMul(weights, inputs, evaluate=False), weighted)
    fires = checked("step neuron", "the unit step neuron $\\operatorname{step}(z)$ fires (outputs 1) when the "
                    "weighted input exceeds the threshold, $z > 0$ …", step(z), 1, conditions=FIRES)
    silent = checked("step neuron", "… and is silent (outputs 0) when $z < 0$", step(z), 0, conditions=SILENT)
    return [product, fires, silent]


def _sigmoid_side_steps() -> list:
    middle = checked("sigmoid", "the sigmoid neuron outputs exactly one half at the threshold: $e^{0} = 1$",
                     sigmoid(sp.Integer(0), evaluate=False), HALF)
    shifted = HALF + sp.tanh(z / 2) / 2
    as_tanh = checked("sigmoid", "$\\sigma$ is a shifted and scaled $\\tanh$: multiply numerator and denominator of "
                      "$1/(1 + e^{-z})$ by $e^{z/2}$", sigmoid(z), shifted)
    above = checked("sigmoid", "$\\tanh(z/2)$ has the sign of $z$, so above the threshold the sigmoid neuron’s "
                    "output is above one half …", shifted, HALF, ">", conditions=FIRES)
    below = checked("sigmoid", "… and below the threshold it is below one half", shifted, HALF, "<",
                    conditions=SILENT)
    return [middle, as_tanh, above, below]


def _sharpening_steps() -> list:
    """σ(kz) → step(z) as the gain k grows, exponentially fast, on each side of the threshold."""
    definition = 1 / (1 + sp.exp(-k * z))
    written = checked("gain", "scale all the weights and the threshold by a gain $k > 0$: the input becomes $kz$",
                      sigmoid(k * z), definition)
    gap_above = sp.Add(step(z), -definition, evaluate=False)
    positive = checked("gain", "above the threshold the sigmoid neuron stays below the step neuron’s 1 …",
                       gap_above, 0, ">", conditions=FIRES + GAIN)
    close_above = checked("gain", f"… by less than {math(sp.exp(-k * z))}, which tends to 0 as $k$ grows",
                          gap_above, sp.exp(-k * z), "<", conditions=FIRES + GAIN)
    other_form = sp.exp(k * z) / (1 + sp.exp(k * z))
    rewritten = checked("gain", "below the threshold use the form $\\sigma(kz) = e^{kz}/(1 + e^{kz})$",
                        sigmoid(k * z), other_form)
    gap_below = sp.Add(other_form, -step(z), evaluate=False)
    positive_below = checked("gain", "there the sigmoid neuron stays above the step neuron’s 0 …",
                             gap_below, 0, ">", conditions=SILENT + GAIN)
    close_below = checked("gain", f"… by less than {math(sp.exp(k * z))}, which tends to 0 as $k$ grows",
                          gap_below, sp.exp(k * z), "<", conditions=SILENT + GAIN)
    return [written, positive, close_above, rewritten, positive_below, close_below]


@register("neuron",
          r"The neuron $a(w \cdot x - \theta)$: an inner product, and the sigmoid neuron against the step neuron",
          sources=(SEED_003, SEED_000))
def neuron() -> Derivation:
    steps = [*_inner_product_steps(), *_sigmoid_side_steps(), *_sharpening_steps()]
    result = checked("result", "since $\\sigma(kz) - \\frac{1}{2} = \\frac{1}{2}\\tanh(kz/2)$, the sigmoid neuron is "
                     "above one half exactly where the step neuron fires, for every gain $k > 0$: read as a "
                     "yes/no answer at one half, the two neurons agree for every input off the threshold",
                     step(sp.tanh(k * z / 2)), step(z), conditions=GAIN)
    return Derivation(
        name="neuron",
        title="The neuron: an inner product, a threshold and two activations",
        summary=(r"The input of the neuron $a(w_1 x_1 + w_2 x_2 + w_3 x_3 - \theta)$ is the inner product "
                 r"$(w, -\theta) \cdot (x, 1)$; the sigmoid neuron $\sigma(z)$ is above $\tfrac12$ exactly where "
                 r"the step neuron fires, and $\sigma(kz)$ differs from $\operatorname{step}(z)$ by less than "
                 r"$e^{-k|z|}$."),
        steps=tuple(steps),
        result=result,
        sources=(Source(SEED_003, r"the neuron $y = a(w_1 x_1 + w_2 x_2 + w_3 x_3 - \theta)$, its input as the "
                        r"inner product $(w_1, w_2, w_3, b) \cdot (x_1, x_2, x_3, 1)$, unit step function vs. "
                        "sigmoid function"),
                 Source(SEED_000, r"one hidden node $f(x) = \varphi(\sum_i w_i x_i + \theta)$ with activation "
                        r"$\varphi$ and threshold $\theta$")),
        assumptions=(r"z = w_1 x_1 + w_2 x_2 + w_3 x_3 - \theta", r"k > 0"),
        remarks=(THRESHOLD_REMARK, TANH_REMARK),
    )
