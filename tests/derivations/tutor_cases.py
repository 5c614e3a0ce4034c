"""Derivations for the tutor, written from the seeds' and textbooks' derivations, with one slip each.

Each Case is a correct derivation (its lines) and a wrong version of it: line `wrong_line` replaced
by `wrong`. The tutor must pass the correct one, stop at `wrong_line` in the wrong one, and give the
diagnosis `expected` (a name in repairs.MISTAKES) or none at all (None) — never another one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    name: str
    lines: tuple[str, ...]
    wrong_line: int
    wrong: str
    expected: str | None
    where: tuple[str, ...] = ()

    @property
    def wrong_lines(self) -> tuple[str, ...]:
        return tuple(self.wrong if k == self.wrong_line else line for k, line in enumerate(self.lines, start=1))


S = r"\sigma(wx+b)"
SIGMOID_NEURON = (r"\frac{\partial}{\partial w}\frac{1}{2}(" + S + r"-y)^2 = (" + S + r"-y)"
                  r"\frac{\partial}{\partial w}" + S,
                  r"= (" + S + r"-y)" + S + r"(1-" + S + r")x")
SIGMOID_BIAS = (r"\frac{\partial}{\partial b}\frac{1}{2}(" + S + r"-y)^2 = (" + S + r"-y)" + S + r"(1-" + S + r")",)
T = r"\tanh(wx+b)"
TANH_NEURON = (r"\frac{\partial}{\partial w}\frac{1}{2}(" + T + r"-y)^2 = (" + T + r"-y)"
               r"\frac{\partial}{\partial w}" + T,
               r"= (" + T + r"-y)(1-\tanh^2(wx+b))x")
CROSS_ENTROPY = (r"\frac{\partial}{\partial w}\left(-y\ln(" + S + r") - (1-y)\ln(1-" + S + r")\right) = "
                 r"\left(-\frac{y}{" + S + r"} + \frac{1-y}{1-" + S + r"}\right)" + S + r"(1-" + S + r")x",
                 r"= (" + S + r"-y)x")
P = r"\frac{e^{z_1}}{e^{z_1}+e^{z_2}}"
SOFTMAX_SELF = (r"\frac{\partial}{\partial z_1}" + P + " = " + P + r"\left(1-" + P + r"\right)",)
SOFTMAX_CROSS = (r"\frac{\partial}{\partial z_2}" + P + r" = -\frac{e^{z_1}e^{z_2}}{(e^{z_1}+e^{z_2})^2}",)
SOFTMAX_CE = (r"\frac{\partial}{\partial z_1}\left(-\ln" + P + r"\right) = " + P + " - 1",)
TWO_LAYER = (r"\frac{\partial}{\partial u}\frac{1}{2}(\sigma(v\sigma(ux))-y)^2 = (\sigma(v\sigma(ux))-y)"
             r"\sigma(v\sigma(ux))(1-\sigma(v\sigma(ux)))v\sigma(ux)(1-\sigma(ux))x",)
LEAST_SQUARES = (r"\frac{\partial}{\partial w}\frac{1}{2}(wx - y)^2 = (wx-y)x", r"= wx^2 - xy")
MSE = (r"\frac{\partial}{\partial w}\frac{1}{n}(wx-y)^2 = \frac{2}{n}(wx-y)x",)
POLY = (r"\frac{d}{dx}(x^2+3x) = 2x+3",)
CUBE = (r"\frac{d}{dx} x^3 = 3x^2",)
SQUARE_CHAIN = (r"\frac{d}{dx}(3x+1)^2 = 2(3x+1)\cdot 3", r"= 18x + 6")
SHIFTED = (r"\frac{d}{dw}(w-3)^2 = 2(w-3)", r"= 2w - 6")
SIGMOID = (r"\frac{d}{dz}\sigma(z) = \sigma(z)(1-\sigma(z))",)
SIGMOID_2Z = (r"\frac{d}{dz}\sigma(2z) = 2\sigma(2z)(1-\sigma(2z))",)
SIGMOID_NEG = (r"\frac{d}{dx}\sigma(-x) = -\sigma(-x)(1-\sigma(-x))",)
TANH = (r"\frac{d}{dz}\tanh(z) = 1 - \tanh^2(z)",)
EXP3 = (r"\frac{d}{dx} e^{3x} = 3e^{3x}",)
GAUSS = (r"\frac{d}{dx} e^{-x^2} = -2x e^{-x^2}",)
LOG = (r"\frac{d}{dx}\ln(x^2+1) = \frac{2x}{x^2+1}",)
SOFTPLUS = (r"\frac{d}{dx}\ln(1+e^{x}) = \frac{e^{x}}{1+e^{x}}", r"= \sigma(x)")
EXP_SIGMOID = (r"\frac{d}{dx} e^{\sigma(x)} = e^{\sigma(x)}\sigma(x)(1-\sigma(x))",)
RECIPROCAL = (r"\frac{d}{dx}\frac{1}{x} = -\frac{1}{x^2}",)
INVERSE_SQUARE = (r"\frac{d}{dx}\frac{1}{x^2} = -\frac{2}{x^3}",)
QUARTIC = (r"\frac{d}{dx}x^4 = 4x^3",)
COSINE = (r"\frac{d}{dx}\cos(x) = -\sin(x)",)
WEIGHTS = (r"\frac{\partial}{\partial x_2}\left(w_{12}x_1 + w_{21}x_2\right) = w_{21}",)
LAYER_SUM = (r"\frac{\partial}{\partial a_1}\sum_{k=1}^{2} w_{2k}a_k = w_{21}",)
DEFINED = (r"z = wx + b", r"a = \sigma(z)", r"C = \frac{1}{2}(a-y)^2",
           r"\frac{\partial C}{\partial w} = (a-y)\frac{\partial a}{\partial w}", r"= (a-y)a(1-a)x")
SQUARE = (r"x^2 + 2x + 1 = (x+1)^2", r"\ge 0")

# ReLU: ReLU′(u) = 1[u > 0], the unit step (dlmath reads \mathbb{1}[u > 0] and \operatorname{step}(u) as one)
R = r"\operatorname{ReLU}(wx+b)"
RELU_NEURON = (r"\frac{\partial}{\partial w}\frac{1}{2}(" + R + r"-y)^2 = (" + R + r"-y)"
               r"\frac{\partial}{\partial w}" + R,
               r"= (" + R + r"-y)\mathbb{1}[wx+b>0]x")
RELU_DEFINED = (r"z = wx + b", r"a = \operatorname{ReLU}(z)", r"C = \frac{1}{2}(a-y)^2",
                r"\frac{\partial C}{\partial w} = (a-y)\frac{\partial a}{\partial w}", r"= (a-y)\mathbb{1}[z > 0]x")
RELU = (r"\frac{d}{dz}\operatorname{ReLU}(z) = \mathbb{1}[z > 0]",)
RELU_HIDDEN = (r"\frac{\partial}{\partial u} v\operatorname{ReLU}(ux) = v\operatorname{step}(ux)x",)
# Matrices (seed 002's layer calculus at 2×2, where a missing transpose still fits the shapes)
SQUARE_W = (r"W \in \mathbb{R}^{2 \times 2}", r"\mathbf{x} \in \mathbb{R}^{2}", r"\mathbf{y} \in \mathbb{R}^{2}")
LINEAR_LAYER = (r"\nabla_{\mathbf{x}} \frac{1}{2}\|W\mathbf{x} - \mathbf{y}\|^2 = W^T(W\mathbf{x} - \mathbf{y})",
                r"= W^T W\mathbf{x} - W^T\mathbf{y}")
SIGMOID_LAYER = (r"\nabla_{\mathbf{x}} \frac{1}{2}\|\sigma(W\mathbf{x}) - \mathbf{y}\|^2 = W^T((\sigma(W\mathbf{x}) - "
                 r"\mathbf{y}) \odot \sigma(W\mathbf{x}) \odot (1 - \sigma(W\mathbf{x})))",)
GRADIENT_W = (r"\begin{pmatrix}\frac{\partial C}{\partial W_{11}} & \frac{\partial C}{\partial W_{12}} \\ "
              r"\frac{\partial C}{\partial W_{21}} & \frac{\partial C}{\partial W_{22}}\end{pmatrix}")
OUTER = ("$$" + GRADIENT_W + r" = (W\mathbf{x} - \mathbf{y})\mathbf{x}^T$$",)
OUTER_WHERE = (*SQUARE_W, r"C = \frac{1}{2}\|W\mathbf{x}-\mathbf{y}\|^2")
BILINEAR = (r"\nabla_{\mathbf{x}} (\mathbf{x}^T W \mathbf{y}) = W \mathbf{y}",)
# Layers: Nielsen's a^l, w^l written with parenthesised labels (read as labels, never as powers)
TWO_SIGMOIDS = (r"z^{(1)} = w^{(1)}x + b^{(1)}", r"a^{(1)} = \sigma(z^{(1)})", r"z^{(2)} = w^{(2)}a^{(1)} + b^{(2)}",
                r"a^{(2)} = \sigma(z^{(2)})", r"C = \frac{1}{2}(a^{(2)}-y)^2")
OUTPUT_WEIGHT = (*TWO_SIGMOIDS, r"\frac{\partial C}{\partial w^{(2)}} = (a^{(2)}-y)a^{(2)}(1-a^{(2)})a^{(1)}")
HIDDEN_WEIGHT = (*TWO_SIGMOIDS,
                 r"\frac{\partial C}{\partial w^{(1)}} = (a^{(2)}-y)a^{(2)}(1-a^{(2)})w^{(2)}a^{(1)}(1-a^{(1)})x")
TWO_TANH = (r"h^{(1)} = \tanh(w^{(1)}x)", r"h^{(2)} = \tanh(w^{(2)}h^{(1)})",
            r"\frac{\partial h^{(2)}}{\partial x} = (1-(h^{(2)})^2)w^{(2)}(1-(h^{(1)})^2)w^{(1)}")
LAYER_L = (r"\frac{\partial}{\partial w^{(l)}_{jk}} (w^{(l)}_{jk} a^{(l-1)}_k + b^{(l)}_j) = a^{(l-1)}_k",)
LAYERS_WHERE = (r"W^{(1)} \in \mathbb{R}^{2 \times 2}", r"W^{(2)} \in \mathbb{R}^{2 \times 2}",
                r"\mathbf{a}^{(1)} \in \mathbb{R}^{2}", r"\mathbf{y} \in \mathbb{R}^{2}")
LAYER_2 = (r"\nabla_{\mathbf{a}^{(1)}} \frac{1}{2}\|W^{(2)}\mathbf{a}^{(1)} - \mathbf{y}\|^2 = (W^{(2)})^T(W^{(2)}"
           r"\mathbf{a}^{(1)} - \mathbf{y})",)
# The softmax Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j) at concrete indices
SOFTMAX_3 = (r"p_1 = \operatorname{softmax}(\mathbf{z})_1", r"p_2 = \operatorname{softmax}(\mathbf{z})_2",
             r"\mathbf{z} \in \mathbb{R}^{3}")
JACOBIAN_12 = (r"\frac{\partial p_1}{\partial z_2} = p_1(\delta_{12} - p_2)", r"= -p_1 p_2")
JACOBIAN_22 = (r"\frac{\partial p_2}{\partial z_2} = p_2(\delta_{22} - p_2)", r"= p_2 - p_2^2")
SM = r"\operatorname{softmax}(\mathbf{z})"
JACOBIAN_23 = (r"\frac{\partial}{\partial z_3} " + SM + "_2 = " + SM + r"_2(\delta_{23} - " + SM + "_3)",)
Q2 = r"\frac{e^{z_2}}{e^{z_1}+e^{z_2}}"
CE_2 = r"\frac{\partial}{\partial z_1}\left(-y_1\ln" + P + r" - y_2\ln" + Q2 + r"\right) = "
SOFTMAX_CE_2 = (CE_2 + r"-y_1(1-" + P + r") - y_2(\delta_{21} - " + P + ")",)
# Sums over a batch of 3 (or 2) and over 3 time steps
BATCH = r"\frac{\partial}{\partial w}\frac{1}{3}\sum_{k=1}^{3}\frac{1}{2}(wx_k - y_k)^2 = "
BATCH_MSE = (BATCH + r"\frac{1}{3}\sum_{k=1}^{3}(wx_k-y_k)x_k",)
BPTT = r"\frac{\partial}{\partial v}\sum_{t=1}^{3}\frac{1}{2}(\sigma(vh_t) - y_t)^2 = "
BPTT_OUTPUT = (BPTT + r"\sum_{t=1}^{3}(\sigma(vh_t)-y_t)\sigma(vh_t)(1-\sigma(vh_t))h_t",)
LOGISTIC = (r"\frac{\partial}{\partial b}\frac{1}{2}\sum_{i=1}^{2}\left(-y_i\ln\sigma(wx_i+b) - (1-y_i)\ln(1-"
            r"\sigma(wx_i+b))\right) = ")
QUADRATIC_FORM = (r"\nabla_{\mathbf{x}} (\mathbf{x}^T W \mathbf{x}) = (W + W^T)\mathbf{x}",)
CUBES = (r"\frac{d}{dw}\sum_{k=1}^{3} w^3 x_k = \sum_{k=1}^{3} 3w^2 x_k",)
MEAN_M = r"\frac{\partial}{\partial w}\frac{1}{m}\sum_{k=1}^{m}\frac{1}{2}(wx_k - y_k)^2 = "
BATCH_M = (MEAN_M + r"\frac{1}{m}\sum_{k=1}^{m}(wx_k-y_k)x_k",)
LOGISTIC_BATCH = (LOGISTIC + r"\frac{1}{2}\sum_{i=1}^{2}(\sigma(wx_i+b)-y_i)",)

CASES = (
    Case("sigmoid neuron, σ′ missing", SIGMOID_NEURON, 2, r"= (" + S + r"-y)x", "sigmoid derivative"),
    Case("sigmoid neuron, σ′ = σ(1+σ)", SIGMOID_NEURON, 2, r"= (" + S + r"-y)" + S + r"(1+" + S + r")x",
         "sigmoid derivative"),
    Case("sigmoid neuron, σ′ = σ", SIGMOID_NEURON, 2, r"= (" + S + r"-y)" + S + r"x", "sigmoid derivative"),
    Case("sigmoid neuron, inner x missing", SIGMOID_NEURON, 2, r"= (" + S + r"-y)" + S + r"(1-" + S + r")",
         "chain rule"),
    Case("sigmoid neuron, a − y reversed", SIGMOID_NEURON, 2, r"= (y-" + S + r")" + S + r"(1-" + S + r")x", "sign"),
    Case("sigmoid neuron, the ½ not cancelled", SIGMOID_NEURON, 1,
         r"\frac{\partial}{\partial w}\frac{1}{2}(" + S + r"-y)^2 = 2(" + S + r"-y)\frac{\partial}{\partial w}" + S,
         "factor"),
    Case("sigmoid neuron bias, σ′ missing", SIGMOID_BIAS, 1,
         r"\frac{\partial}{\partial b}\frac{1}{2}(" + S + r"-y)^2 = " + S + "-y", "sigmoid derivative"),
    Case("tanh neuron, tanh′ = 1 + tanh²", TANH_NEURON, 2, r"= (" + T + r"-y)(1+\tanh^2(wx+b))x", "tanh derivative"),
    Case("tanh neuron, tanh′ missing", TANH_NEURON, 2, r"= (" + T + r"-y)x", "tanh derivative"),
    Case("tanh neuron, inner x missing", TANH_NEURON, 2, r"= (" + T + r"-y)(1-\tanh^2(wx+b))", "chain rule"),
    Case("tanh, 1 + tanh²", TANH, 1, r"\frac{d}{dz}\tanh(z) = 1 + \tanh^2(z)", "tanh derivative"),
    Case("cross-entropy, a − y reversed", CROSS_ENTROPY, 2, r"= (y-" + S + r")x", "sign"),
    Case("cross-entropy, x dropped", CROSS_ENTROPY, 2, r"= " + S + r"-y", "chain rule"),
    Case("cross-entropy, σ′ missing", CROSS_ENTROPY, 1, CROSS_ENTROPY[0].split(S + r"(1-" + S + r")x")[0] + "x",
         "sigmoid derivative"),
    Case("softmax, 1 + p", SOFTMAX_SELF, 1, r"\frac{\partial}{\partial z_1}" + P + " = " + P + r"\left(1+" + P
         + r"\right)", None),
    Case("softmax, cross term sign", SOFTMAX_CROSS, 1,
         r"\frac{\partial}{\partial z_2}" + P + r" = \frac{e^{z_1}e^{z_2}}{(e^{z_1}+e^{z_2})^2}", "sign"),
    Case("softmax cross-entropy, sign", SOFTMAX_CE, 1,
         r"\frac{\partial}{\partial z_1}\left(-\ln" + P + r"\right) = 1 - " + P, "sign"),
    Case("two layers, inner σ′ missing", TWO_LAYER, 1, TWO_LAYER[0].replace(r"(1-\sigma(ux))", "")
         .replace(r"v\sigma(ux)x", "vx"), "sigmoid derivative"),
    Case("two layers, v missing", TWO_LAYER, 1, TWO_LAYER[0].replace(r"))v\sigma(ux)", r"))\sigma(ux)"), None),
    Case("least squares, sign of one term", LEAST_SQUARES, 2, r"= wx^2 + xy", "sign"),
    Case("least squares, x² written x", LEAST_SQUARES, 2, r"= wx - xy", "exponent"),
    Case("least squares, inner x missing", LEAST_SQUARES, 1, r"\frac{\partial}{\partial w}\frac{1}{2}(wx - y)^2 = wx-y",
         "chain rule"),
    Case("MSE, the 2 dropped", MSE, 1, r"\frac{\partial}{\partial w}\frac{1}{n}(wx-y)^2 = \frac{1}{n}(wx-y)x",
         "factor"),
    Case("MSE, the 1/n dropped", MSE, 1, r"\frac{\partial}{\partial w}\frac{1}{n}(wx-y)^2 = 2(wx-y)x", "factor"),
    Case("polynomial, a 2 dropped in one term", POLY, 1, r"\frac{d}{dx}(x^2+3x) = x+3", "factor"),
    Case("polynomial, sign of one term", POLY, 1, r"\frac{d}{dx}(x^2+3x) = 2x-3", "sign"),
    Case("cube, exponent not lowered", CUBE, 1, r"\frac{d}{dx} x^3 = 3x^3", "exponent"),
    Case("cube, exponent lowered twice", CUBE, 1, r"\frac{d}{dx} x^3 = 3x", "exponent"),
    Case("cube, coefficient forgotten", CUBE, 1, r"\frac{d}{dx} x^3 = x^2", None),
    Case("square of 3x+1, inner 3 missing", SQUARE_CHAIN, 1, r"\frac{d}{dx}(3x+1)^2 = 2(3x+1)", "chain rule"),
    Case("square of 3x+1, expanded wrong", SQUARE_CHAIN, 2, r"= 18x + 3", "factor"),
    Case("(w−3)², expanded with a sign slip", SHIFTED, 2, r"= 2w + 6", "sign"),
    Case("(w−3)², the 2 dropped", SHIFTED, 1, r"\frac{d}{dw}(w-3)^2 = w-3", "factor"),
    Case("σ′ = σ(1+σ)", SIGMOID, 1, r"\frac{d}{dz}\sigma(z) = \sigma(z)(1+\sigma(z))", "sigmoid derivative"),
    Case("σ′ = σ", SIGMOID, 1, r"\frac{d}{dz}\sigma(z) = \sigma(z)", "sigmoid derivative"),
    Case("σ(2z), inner 2 missing", SIGMOID_2Z, 1, r"\frac{d}{dz}\sigma(2z) = \sigma(2z)(1-\sigma(2z))", "chain rule"),
    Case("σ(−x), sign", SIGMOID_NEG, 1, r"\frac{d}{dx}\sigma(-x) = \sigma(-x)(1-\sigma(-x))", "sign"),
    Case("e^{3x}, inner 3 missing", EXP3, 1, r"\frac{d}{dx} e^{3x} = e^{3x}", "chain rule"),
    Case("e^{−x²}, inner derivative missing", GAUSS, 1, r"\frac{d}{dx} e^{-x^2} = e^{-x^2}", "chain rule"),
    Case("e^{−x²}, sign", GAUSS, 1, r"\frac{d}{dx} e^{-x^2} = 2x e^{-x^2}", "sign"),
    Case("ln(x²+1), inner derivative missing", LOG, 1, r"\frac{d}{dx}\ln(x^2+1) = \frac{1}{x^2+1}", "chain rule"),
    Case("ln(x²+1), the 2 dropped", LOG, 1, r"\frac{d}{dx}\ln(x^2+1) = \frac{x}{x^2+1}", "factor"),
    Case("softplus, inner eˣ missing", SOFTPLUS, 1, r"\frac{d}{dx}\ln(1+e^{x}) = \frac{1}{1+e^{x}}", "chain rule"),
    Case("e^{σ(x)}, σ′ missing", EXP_SIGMOID, 1, r"\frac{d}{dx} e^{\sigma(x)} = e^{\sigma(x)}", "sigmoid derivative"),
    Case("1/x, sign", RECIPROCAL, 1, r"\frac{d}{dx}\frac{1}{x} = \frac{1}{x^2}", "sign"),
    Case("1/x², exponent", INVERSE_SQUARE, 1, r"\frac{d}{dx}\frac{1}{x^2} = -\frac{2}{x^2}", "exponent"),
    Case("x⁴, exponent", QUARTIC, 1, r"\frac{d}{dx}x^4 = 4x^4", "exponent"),
    Case("cos, sign", COSINE, 1, r"\frac{d}{dx}\cos(x) = \sin(x)", "sign"),
    Case("weights, indices swapped", WEIGHTS, 1,
         r"\frac{\partial}{\partial x_2}\left(w_{12}x_1 + w_{21}x_2\right) = w_{12}",
         "swapped indices"),
    Case("a unit's input, w₁₂ for w₂₁", LAYER_SUM, 1, r"\frac{\partial}{\partial a_1}\sum_{k=1}^{2} w_{2k}a_k = w_{12}",
         "swapped indices"),
    Case("definitions, σ′ = σ(1+σ)", DEFINED, 5, r"= (a-y)a(1+a)x", "sigmoid derivative"),
    Case("definitions, σ′ missing", DEFINED, 5, r"= (a-y)x", "sigmoid derivative"),
    Case("a square, factored wrong", SQUARE, 1, r"x^2 + 2x + 1 = (x-1)^2", None),
    Case("ReLU neuron, the indicator dropped", RELU_NEURON, 2, r"= (" + R + r"-y)x", "relu derivative"),
    Case("ReLU neuron, ReLU′ = ReLU", RELU_NEURON, 2, r"= (" + R + r"-y)" + R + "x", "relu derivative"),
    Case("ReLU neuron, 1[u < 0]", RELU_NEURON, 2, r"= (" + R + r"-y)\mathbb{1}[wx+b<0]x", "relu derivative"),
    Case("ReLU definitions, ReLU′ written a", RELU_DEFINED, 5, r"= (a-y)ax", "relu derivative"),
    Case("ReLU hidden unit, step dropped", RELU_HIDDEN, 1, r"\frac{\partial}{\partial u} v\operatorname{ReLU}(ux) = vx",
         "relu derivative"),
    Case("ReLU′ = z", RELU, 1, r"\frac{d}{dz}\operatorname{ReLU}(z) = z", None),
    Case("linear layer, Wᵀ missing", LINEAR_LAYER, 1, LINEAR_LAYER[0].replace("= W^T(", "= W("), "transpose",
         SQUARE_W),
    Case("linear layer, transpose on the wrong factor", LINEAR_LAYER, 2, r"= W W^T\mathbf{x} - W^T\mathbf{y}",
         "transpose", SQUARE_W),
    Case("sigmoid layer, Wᵀ missing", SIGMOID_LAYER, 1, SIGMOID_LAYER[0].replace("= W^T(", "= W("), "transpose",
         SQUARE_W),
    Case("∂C/∂W, x δᵀ for δ xᵀ", OUTER, 1, "$$" + GRADIENT_W + r" = \mathbf{x}(W\mathbf{x} - \mathbf{y})^T$$",
         "transpose", OUTER_WHERE),
    Case("xᵀWy, an extra transpose", BILINEAR, 1, r"\nabla_{\mathbf{x}} (\mathbf{x}^T W \mathbf{y}) = W^T \mathbf{y}",
         "transpose", SQUARE_W),
    Case("layer 2, (W⁽²⁾)ᵀ missing", LAYER_2, 1, LAYER_2[0].replace("= (W^{(2)})^T(", "= W^{(2)}("), "transpose",
         LAYERS_WHERE),
    Case("linear layer, two transposes wrong", LINEAR_LAYER, 2, r"= W W^T\mathbf{x} - W\mathbf{y}", None,
         SQUARE_W),
    Case("two sigmoid layers, a⁽²⁾ for a⁽¹⁾", OUTPUT_WEIGHT, 6,
         r"\frac{\partial C}{\partial w^{(2)}} = (a^{(2)}-y)a^{(2)}(1-a^{(2)})a^{(2)}", "layer index"),
    Case("two sigmoid layers, w⁽¹⁾ for w⁽²⁾", HIDDEN_WEIGHT, 6,
         r"\frac{\partial C}{\partial w^{(1)}} = (a^{(2)}-y)a^{(2)}(1-a^{(2)})w^{(1)}a^{(1)}(1-a^{(1)})x",
         "layer index"),
    Case("two tanh layers, h⁽²⁾ for h⁽¹⁾", TWO_TANH, 3,
         r"\frac{\partial h^{(2)}}{\partial x} = (1-(h^{(2)})^2)w^{(2)}(1-(h^{(2)})^2)w^{(1)}", "layer index"),
    Case("layer l, a^(l) for a^(l−1)", LAYER_L, 1,
         r"\frac{\partial}{\partial w^{(l)}_{jk}} (w^{(l)}_{jk} a^{(l-1)}_k + b^{(l)}_j) = a^{(l)}_k", "layer index"),
    Case("layer 2, W⁽¹⁾ for W⁽²⁾", LAYER_2, 1, LAYER_2[0].replace("= (W^{(2)})^T(", "= (W^{(1)})^T("),
         "layer index", LAYERS_WHERE),
    Case("∂p₁/∂z₂, δ₁₂ taken as 1", JACOBIAN_12, 1, r"\frac{\partial p_1}{\partial z_2} = p_1(1 - p_2)",
         "Kronecker delta", SOFTMAX_3),
    Case("∂p₂/∂z₂, δ₂₂ dropped", JACOBIAN_22, 2, r"= -p_2^2", "Kronecker delta", SOFTMAX_3),
    Case("∂softmax₂/∂z₃, δ₂₃ taken as 1", JACOBIAN_23, 1,
         r"\frac{\partial}{\partial z_3} " + SM + "_2 = " + SM + r"_2(1 - " + SM + "_3)", "Kronecker delta",
         (r"\mathbf{z} \in \mathbb{R}^{3}",)),
    Case("softmax cross-entropy, δ₂₁ taken as 1", SOFTMAX_CE_2, 1, CE_2 + r"-y_1(1-" + P + r") - y_2(1 - " + P + ")",
         "Kronecker delta"),
    Case("∂p₁/∂z₂, p₂ for p₁", JACOBIAN_12, 2, r"= -p_1 p_1", None, SOFTMAX_3),
    Case("batch MSE, the sum over k dropped", BATCH_MSE, 1, BATCH + r"\frac{1}{3}(wx_k-y_k)x_k", "missing sum"),
    Case("batch MSE, the 1/3 dropped", BATCH_MSE, 1, BATCH + r"\sum_{k=1}^{3}(wx_k-y_k)x_k", "missing average"),
    Case("BPTT output weight, the sum over t dropped", BPTT_OUTPUT, 1,
         BPTT + r"(\sigma(vh_t)-y_t)\sigma(vh_t)(1-\sigma(vh_t))h_t", "missing sum"),
    Case("logistic batch, the sum over i dropped", LOGISTIC_BATCH, 1, LOGISTIC + r"\frac{1}{2}(\sigma(wx_i+b)-y_i)",
         "missing sum"),
    Case("quadratic form, 2Wx for (W + Wᵀ)x", QUADRATIC_FORM, 1,
         r"\nabla_{\mathbf{x}} (\mathbf{x}^T W \mathbf{x}) = 2W\mathbf{x}", None, SQUARE_W),
    Case("a factor 3 beside a sum of 3 terms, not an average", CUBES, 1,
         r"\frac{d}{dw}\sum_{k=1}^{3} w^3 x_k = \sum_{k=1}^{3} 9w^2 x_k", None),
    Case("batch of m, the 1/m dropped", BATCH_M, 1, MEAN_M + r"\sum_{k=1}^{m}(wx_k-y_k)x_k", "missing average"),
    Case("logistic batch, the 1/2 dropped", LOGISTIC_BATCH, 1, LOGISTIC + r"\sum_{i=1}^{2}(\sigma(wx_i+b)-y_i)",
         "missing average"),
)
