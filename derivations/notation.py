"""The symbols each chapter of the book opens with: derivation name -> (LaTeX symbol, what it means) rows.

One table for the catalog, read by `core.register` (which puts a derivation's rows on the record it builds)
and checked by tests/derivations/test_book_layout.py to name every derivation of the book's order.
"""

from __future__ import annotations

Rows = tuple[tuple[str, str], ...]

NETWORK: Rows = (
    (r"w^{l}_{jk},\ b^{l}_j", "weight from unit $k$ of layer $l-1$ to unit $j$ of layer $l$, and its bias"),
    (r"z^{l}_j,\ a^{l}_j = g(z^{l}_j)", "weighted input and activation of unit $j$ in layer $l$"),
    (r"\delta^{l}_j = \partial C / \partial z^{l}_j", "the error of unit $j$ in layer $l$"),
    (r"C", "the cost of one sample"),
)


def _normalised(what: str) -> Rows:
    """σ̂ and x̂, of the features or of the values: a row layer and batch normalisation share."""
    return ((r"\hat{\sigma} = (\sigma^{2} + \epsilon)^{1/2},\ \hat{x} = (x - \mu)/\hat{\sigma}",
             f"the standard deviation with $\\epsilon > 0$ inside, and the normalised {what}"),)


def _errors(scaled: str) -> Rows:
    """g, ĝ (`scaled`: γ ⊙ g or γ g) and the δs: the rows layer and batch normalisation end with."""
    return ((rf"g = \partial L/\partial y,\ \hat{{g}} = {scaled}", "the upstream gradient, and it scaled by $\\gamma$"),
            (r"\delta^{M}", "the error $\\partial L/\\partial M$ of $M = \\hat{x}, \\mu, \\sigma^{2}$"))


NOTATION: dict[str, Rows] = {
    "sigmoid-derivative": ((r"\sigma(x) = 1/(1 + e^{-x})", "the logistic sigmoid"),
                           (r"\sigma'(x)", "its derivative, $d\\sigma/dx$")),
    "neuron": ((r"x_i,\ w_i", "inputs and weights"), (r"\theta", "the threshold"),
               (r"a(w \cdot x - \theta)", "the neuron’s output, $a$ its activation"),
               (r"\operatorname{step}(z)", "1 for $z > 0$, else 0")),
    "least-squares-slope": ((r"(x_i, y_i),\ i = 1, \ldots, n", "the data"), (r"m", "the slope of the line $y = mx$"),
                            (r"\operatorname{MSE}(m)", "the mean squared error"), (r"m_k", "the $k$-th iterate")),
    "least-squares-line": ((r"(x_i, y_i)", "the data"), (r"m,\ b", "slope and intercept"),
                           (r"S_x,\ S_{xx},\ S_y,\ S_{xy}", "the sums $\\sum x_i$, $\\sum x_i^2$, $\\sum y_i$, "
                                                            "$\\sum x_i y_i$")),
    "logistic-regression": ((r"x,\ y", "the two features"), (r"m_1,\ m_2,\ b", "weights and bias"),
                            (r"p = \sigma(m_1 x + m_2 y + b)", "the predicted probability of class 1"),
                            (r"c \in [0, 1]", "the label"), (r"J = -(c \ln p + (1 - c) \ln(1 - p))", "the cost")),
    "two-layer-chain-rule": ((r"\theta^{(1)}_{jk},\ \theta^{(2)}_j", "hidden and output weights"),
                             (r"a_j", "activation of hidden unit $j$"), (r"p", "the output probability"),
                             (r"c", "the label"), (r"J", "the cost")),
    "gradient-descent": ((r"f,\ \nabla f", "a function of two variables and its gradient"),
                         (r"\Delta x", "the step taken"), (r"\eta", "the learning rate")),
    "transpose-of-product": ((r"A,\ B", "matrices of compatible sizes"), (r"A^{T}", "the transpose of $A$"),
                             (r"a_{ij}", "the entry in row $i$, column $j$")),
    "lagrange-multipliers": ((r"f(x, y) = xy", "the objective"), (r"g(x, y) = x + y - 2", "the constraint, $g = 0$"),
                             (r"\lambda", "the Lagrange multiplier")),
    "interpolation-with-n-units": ((r"(x_i, y_i)", "the $n$ points to interpolate"),
                                   (r"w_j,\ \theta_j", "weight and threshold of hidden unit $j$"),
                                   (r"v_j", "output weight of hidden unit $j$")),
    "backprop": (*NETWORK, (r"\odot", "the entrywise (Hadamard) product")),
    "smooth-activations": ((r"\Phi(x) = \tfrac{1}{2}(1 + \operatorname{erf}(x/\sqrt{2}))",
                            "the standard normal distribution function"),
                           (r"\varphi(x) = e^{-x^2/2}/\sqrt{2\pi}", "its density, $\\Phi'$"),
                           (r"\operatorname{GELU}(x) = x \Phi(x)", "the Gaussian error linear unit"),
                           (r"\operatorname{SiLU}(x) = x \sigma(x)", "the sigmoid-weighted linear unit (swish)"),
                           (r"\operatorname{softplus}(x) = \ln(1 + e^x)", "the smooth ReLU")),
    "softmax-layer": ((r"z,\ p = \operatorname{softmax}(z)", "the scores and their probabilities"),
                      (r"l = z - \ln \sum_k e^{z_k}", "the log-softmax"),
                      (r"J", "the layer’s Jacobian $\\partial p / \\partial z$ (or $\\partial l / \\partial z$)"),
                      (r"g,\ \delta^{z}", "the upstream gradient $\\partial C/\\partial p$, and "
                                          "$\\partial C/\\partial z$")),
    "residual-block": ((r"y = x + F(x)", "the block: the identity path plus the branch"),
                       (r"F(x) = \tanh(W x + b),\ a = F(x)", "the branch, a one-layer network"),
                       (r"g,\ \delta^{x}", "the upstream gradient $\\partial C/\\partial y$, and "
                                           "$\\partial C/\\partial x$")),
    "dropout": ((r"m \in \{0, 1\}^n", "the mask, an input of the layer"), (r"p", "the dropout rate"),
                (r"y = m \odot x / (1 - p)", "inverted dropout"),
                (r"g,\ \delta^{x}", "the upstream gradient $\\partial C/\\partial y$, and $\\partial C/\\partial x$")),
    "convolution": ((r"x_{ij}", "the image"), (r"w^{F}_{kuv},\ b^{F}_k", "weights and bias of filter $k$"),
                    (r"z^{F}_{kij},\ a^{F}_{kij}", "the feature map of filter $k$ before and after $\\sigma$"),
                    (r"a^{P}_{kpq}", "the pooled map"), (r"w^{O}_{nkpq},\ a^{O}_n", "output weights and outputs"),
                    (r"\delta^{F}_{kij},\ \delta^{O}_n", "the errors $\\partial C/\\partial z$ of the two layers")),
    "bptt": ((r"x_t,\ h_t,\ y_t", "input, hidden state and output at time $t$"),
             (r"W,\ U,\ V", "input, recurrent and output weights, shared by every time step"),
             (r"T", "the number of time steps"), (r"\delta_t", "the error of the hidden state at time $t$")),
    "linear-rnn-closed-form": ((r"h_k = A h_{k-1} + B x_k", "the linear recurrence"),
                               (r"h_0", "the initial state"), (r"a,\ b", "the scalar case of $A$, $B$")),
    "vanishing-gradient": ((r"h_t = \tanh(U h_{t-1} + W x_t)", "the recurrence"),
                           (r"\partial h_T / \partial h_1", "how the last state depends on the first"),
                           (r"\|U\|", "the spectral norm of $U$")),
    "lstm": ((r"f_t,\ i_t,\ o_t", "forget, input and output gates"), (r"g_t", "the candidate cell value"),
             (r"c_t,\ h_t", "the cell and the hidden state"), (r"\odot", "the entrywise product")),
    "proximal-l1": ((r"w", "the point the proximal map is taken at (a weight after a gradient step)"),
                    (r"\lambda > 0", "the weight of the penalty $\\lambda |u|$"),
                    (r"\operatorname{prox}_{\lambda|\cdot|}(w) = "
                     r"\operatorname{argmin}_u \tfrac{1}{2}(u - w)^2 + \lambda|u|", "the proximal map"),
                    (r"\partial |u|", "the subdifferential: $\\{\\operatorname{sign} u\\}$, and $[-1, 1]$ at $u = 0$")),
    "implicit-layer": ((r"z^{*} = \tanh(W z^{*} + U x + b)", "the fixed point: the layer’s output"),
                       (r"D = \operatorname{diag}(1 - z_i^{*2})", "the slope of $\\tanh$ at the fixed point"),
                       (r"J = D W", "the Jacobian of the map at $z^*$"),
                       (r"v = \nabla L(z^{*}),\ (I - J)^{T} g = v", "the loss’s gradient and the adjoint $g$")),
    "layer-norm": ((r"x_i,\ i = 1, \ldots, N", "the features of one sample"),
                   (r"\mu,\ \sigma^{2}", "their mean and variance"), *_normalised("features"),
                   (r"y = \gamma \odot \hat{x} + \beta", "the output, with a scale and a shift per feature"),
                   *_errors(r"\gamma \odot g")),
    "batch-norm": ((r"x_i,\ i = 1, \ldots, B", "one feature over the $B$ samples of the batch"),
                   (r"\mu,\ \sigma^{2}", "the batch’s mean and variance of that feature"), *_normalised("values"),
                   (r"y = \gamma \hat{x} + \beta", "the output, with the feature’s scale and shift"),
                   *_errors(r"\gamma g")),
    "attention": ((r"X,\ Y", "the input sequence ($T$ rows of width $d$) and the target"),
                  (r"Q,\ K,\ V", "queries, keys and values, $X W_Q$, $X W_K$, $X W_V$"),
                  (r"S,\ P", "the scores $Q K^{T}/\\sqrt{d}$ and their row-wise softmax"),
                  (r"O = P V", "the head’s output"), (r"\delta^{M}", "the error $\\partial C/\\partial M$ of $M$")),
}
