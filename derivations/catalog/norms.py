r"""Layer and batch normalisation: the backward pass through the mean and the variance, derived, then proved.

Both normalise a group of N entries by its own mean and variance (a sample's N features; a feature's
N = B values over the batch), so one derivation serves both; what differs is the group, the size
and the words.
"""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.steps import Step, check, checked
from dlmath.symbolic.models.norms import NormProof, NormSize, prove_norm

from ..core import Derivation, Source, register

SEED_002, SEED_003 = "002_cf0eb5ed628efded.txt", "003_2ef027bd369c874d.txt"
IOFFE = "Ioffe and Szegedy, “Batch Normalization: Accelerating Deep Network Training by Reducing Internal " \
        "Covariate Shift” (ICML 2015)"
BA = "Ba, Kiros and Hinton, “Layer Normalization” (arXiv:1607.06450, 2016)"
L = sp.Symbol("L", real=True)
mu, var = sp.Symbol(r"\mu", real=True), sp.Symbol(r"\sigma^{2}", nonnegative=True)
sigma_hat, eps = sp.Symbol(r"\hat{\sigma}", positive=True), sp.Symbol(r"\epsilon", positive=True)
gamma, beta = sp.Symbol(r"\gamma", real=True), sp.Symbol(r"\beta", real=True)
i, j, b = sp.symbols("i j b", integer=True, positive=True)
x, xh, g, gh, dxh = (sp.IndexedBase(name, real=True)
                     for name in ("x", r"\hat{x}", "g", r"\hat{g}", r"\delta^{\hat{x}}"))
gammas, betas = sp.IndexedBase(r"\gamma", real=True), sp.IndexedBase(r"\beta", real=True)
d_var, d_mu = sp.Symbol(r"\delta^{\sigma^{2}}", real=True), sp.Symbol(r"\delta^{\mu}", real=True)


def _proved(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: NormProof, groups: tuple[str, ...]) -> Step:
    """A step whose check is the expanded-cost proof of the named groups of entries."""
    return Step(rule, why, before, after, "=", (), proof.verdict(groups))


def _local_steps(n: int) -> list[Step]:
    """The derivatives of the statistics, each put to the verifier at the proof's N."""
    xs = sp.symbols(f"x_1:{n + 1}", real=True)
    mean = sum(xs) / n
    variance = sum((v - mean) ** 2 for v in xs) / n
    root = (var + eps) ** sp.Rational(-1, 2)
    return [
        checked("mean derivative", f"every entry moves the mean by the same $1/N$ (here $N = {n}$)",
                sp.Derivative(mean, xs[0]), sp.Rational(1, n)),
        checked("variance derivative", "the variance $\\sigma^{2} = \\frac{1}{N} \\sum_j (x_j - \\mu)^2$ moves by "
                "$2 (x_i - \\mu)/N$: its change through $\\mu$ is $-\\frac{2}{N} \\sum_j (x_j - \\mu) = 0$",
                sp.Derivative(variance, xs[0]), 2 * (xs[0] - mean) / n),
        checked("power rule", "$1/\\hat{\\sigma} = (\\sigma^{2} + \\epsilon)^{-1/2}$ as a function of the variance",
                sp.Derivative(root, var), -(var + eps) ** sp.Rational(-3, 2) / 2),
        checked("linearity", "$y = \\gamma \\hat{x} + \\beta$ is linear in the scale, with coefficient $\\hat{x}$",
                sp.Derivative(gamma * xh[i] + beta, gamma), xh[i]),
        checked("linearity", "and in the shift, with coefficient 1", sp.Derivative(gamma * xh[i] + beta, beta), 1),
    ]


def _sum_is_compact(n: int) -> Step:
    """The sum of the three paths equals the compact form: put to the verifier with μ, σ² written out at N = n."""
    xs, gs = sp.symbols(f"x_1:{n + 1}", real=True), sp.symbols(f"u_1:{n + 1}", real=True)  # u: ĝ
    mean = sum(xs) / n
    root = sp.sqrt(sum((v - mean) ** 2 for v in xs) / n + eps)
    hats = [(v - mean) / root for v in xs]
    dvar = -sum(a * (v - mean) for a, v in zip(gs, xs)) / (2 * root**3)
    paths = gs[0] / root + dvar * 2 * (xs[0] - mean) / n - sum(gs) / root / n
    compact = (n * gs[0] - sum(gs) - hats[0] * sum(a * h for a, h in zip(gs, hats))) / (n * root)
    shown_paths = gh[i] / sigma_hat + 2 * (x[i] - mu) * d_var / n + d_mu / n
    verdict = check(paths, compact)
    return Step("algebra", f"with $\\mu$, $\\sigma^{{2}}$ and the two paths written out in $x_1, \\ldots, x_{n}$: "
                "the three terms over the common $N \\hat{\\sigma}$ are the compact form, since "
                "$2 (x_i - \\mu) / \\hat{\\sigma}^{3} = 2 \\hat{x}_i / \\hat{\\sigma}^{2}$",
                shown_paths, _compact(n), "=", (), verdict)


def _sum(term: sp.Expr, n: int) -> sp.Sum:
    return sp.Sum(term, (j, 1, n))


def _compact(n: int) -> sp.Expr:
    return (n * gh[i] - _sum(gh[j], n) - xh[i] * _sum(gh[j] * xh[j], n)) / (n * sigma_hat)


def _layer_steps(proof: NormProof) -> list[Step]:
    """The backward pass, each equation proved against direct differentiation of the expanded cost."""
    size, n = proof.size, proof.size.group
    scale = gammas[i] if size.kind == "layer" else gamma
    return [
        _proved("chain rule", "$y_i = \\gamma_i \\hat{x}_i + \\beta_i$: the error of $\\hat{x}$ is the upstream "
                "gradient scaled, $\\hat{g} = \\gamma \\odot g$" if size.kind == "layer" else
                "$y_i = \\gamma \\hat{x}_i + \\beta$ with the feature’s one $\\gamma$: the error of $\\hat{x}$ is "
                "$\\hat{g} = \\gamma g$", dxh[i], scale * g[i], proof, ("dxhat",)),
        _proved("the variance’s path", "$\\sigma^{2}$ enters every $\\hat{x}_j$ through $1/\\hat{\\sigma}$: the power "
                "rule gives $\\partial \\hat{x}_j / \\partial \\sigma^{2} = -\\frac{1}{2} (x_j - \\mu) "
                "\\hat{\\sigma}^{-3}$, summed over the group", d_var,
                -_sum(gh[j] * (x[j] - mu), n) / (2 * sigma_hat**3), proof, ("dvar",)),
        _proved("the mean’s path", "$\\mu$ enters every $x_j - \\mu$ with slope $-1/\\hat{\\sigma}$, and the variance "
                "too, but that term is $-\\frac{2}{N} \\delta^{\\sigma^{2}} \\sum_j (x_j - \\mu) = 0$", d_mu,
                -_sum(gh[j], n) / sigma_hat, proof, ("dmu",)),
        _proved("chain rule", "$x_i$ reaches the cost three ways: directly through $\\hat{x}_i$ (slope "
                "$1/\\hat{\\sigma}$), through the variance (slope $2(x_i - \\mu)/N$) and through the mean "
                "(slope $1/N$)",
                sp.Derivative(L, x[i]), gh[i] / sigma_hat + 2 * (x[i] - mu) * d_var / n + d_mu / n, proof, ("paths",)),
        _sum_is_compact(n),
        _proved("compact form", "the mean’s path subtracts the average of $\\hat{g}$, the variance’s path its "
                "projection on $\\hat{x}$", sp.Derivative(L, x[i]), _compact(n), proof, ("X",)),
        _parameter_step(proof),
    ]


def _parameter_step(proof: NormProof) -> Step:
    """∂L/∂γ, with ∂L/∂β in its proof: both summed over the batch."""
    B = proof.size.batch
    if proof.size.kind == "layer":
        before, after = sp.Derivative(L, gammas[i]), sp.Sum(g[b, i] * xh[b, i], (b, 1, B))
        why = f"each feature’s scale serves the whole batch (here $B = {B}$): its gradient sums over the samples"
    else:
        before, after = sp.Derivative(L, gamma), sp.Sum(g[b] * xh[b], (b, 1, B))
        why = "the feature’s scale serves every sample of the batch: its gradient sums over them"
    return _proved("parameter gradients", why + ", and the shift’s is $\\sum_b g_b$ likewise", before, after, proof,
                   ("gamma", "beta"))


def _size(kind: str, batch: str, features: str) -> NormSize:
    try:
        size = NormSize(kind, int(batch), int(features))
    except ValueError:
        raise ValueError(f"batch and features must be whole numbers, got {batch!r} and {features!r}") from None
    size.check()
    return size


NORMALISED = (r"\mu = \frac{1}{N} \sum_j x_j,\ \sigma^{2} = \frac{1}{N} \sum_j (x_j - \mu)^2,\ "
              r"\hat{\sigma} = (\sigma^{2} + \epsilon)^{1/2},\ \hat{x}_i = (x_i - \mu) / \hat{\sigma}")
COMPACT = (r"\partial L / \partial x_i = \frac{1}{N \hat{\sigma}} (N \hat{g}_i - \sum_j \hat{g}_j - "
           r"\hat{x}_i \sum_j \hat{g}_j \hat{x}_j)")
HOW = ("The proof writes out the cost $L = \\sum g \\odot y$ of the whole batch with every input, upstream gradient, "
       "scale and shift a symbol (a free $g$ stands for any cost’s $\\partial L / \\partial y$), adds a zero-valued "
       "symbol to every $\\hat{x}$, $\\mu$ and $\\sigma^{2}$ (so that each path is a derivative of the cost too), and "
       "differentiates directly (symengine). Each group’s $(\\sigma^{2} + \\epsilon)^{-1/2}$ is named, and its "
       "$-3/2$ power the cube of that name; the difference from the backward pass expands to 0, and the two sides "
       "agree at random points.")
WRONG = ("Without the mean’s path (the $-\\sum_j \\hat{g}_j$ term), without the variance’s path (the "
         "$-\\hat{x}_i \\sum_j \\hat{g}_j \\hat{x}_j$ term), or with $N$ in place of $1/N$, the same proof refutes "
         "the formula with a counterexample.")


def _derivation(name: str, size: NormSize) -> Derivation:
    proof = prove_norm(size)
    layer = size.kind == "layer"
    what = "each sample’s $N$ features" if layer else "each feature’s $B$ values over the batch"
    result = _proved("result", f"every one of the {proof.entries} entries ($\\delta^{{\\hat{{x}}}}$, "
                     f"$\\delta^{{\\mu}}$, $\\delta^{{\\sigma^{{2}}}}$ and the gradients of $x$, $\\gamma$ and "
                     f"$\\beta$) at {_label(size)} equals the backward pass ({proof.seconds:.2f} s)",
                     sp.Derivative(L, x[i]), _compact(size.group), proof, ("X", "gamma", "beta"))
    sources = ((Source(BA, "§3, eq. (4): the statistics over the hidden units of one layer, for one case"),)
               if layer else
               (Source(IOFFE, "Algorithm 1 and §3: the mini-batch statistics and the backward pass through them"),))
    return Derivation(
        name=name,
        title=f"{'Layer' if layer else 'Batch'} normalisation ({_label(size)})",
        summary=(f"Normalise {what} by their mean and variance, $\\hat{{x}} = (x - \\mu) / \\hat{{\\sigma}}$ with "
                 f"$\\hat{{\\sigma}}^{{2}} = \\sigma^{{2}} + \\epsilon$, and scale and shift, "
                 f"$y = \\gamma \\odot \\hat{{x}} + \\beta$. With "
                 f"$\\hat{{g}} = \\gamma \\odot g$ for the upstream gradient $g$, the paths through the variance "
                 f"and the mean sum to the compact form ${COMPACT}$ "
                 f"(here $N = {size.group}$), and $\\partial L / \\partial \\gamma = \\sum g \\odot \\hat{{x}}$, "
                 f"$\\partial L / \\partial \\beta = \\sum g$ over the batch. Proved entry by entry against direct "
                 "differentiation of the expanded cost."),
        steps=(*_local_steps(size.group), *_layer_steps(proof)),
        result=result,
        sources=(Source(SEED_002, r"backpropagation: the errors $\delta = \partial J / \partial z$ passed back"),
                 Source(SEED_003, "the chain rule and the Hadamard product"), *sources),
        assumptions=(NORMALISED, r"y_i = \gamma_i \hat{x}_i + \beta_i" if layer else r"y_i = \gamma \hat{x}_i + \beta",
                     r"g = \partial L / \partial y,\ \hat{g} = \gamma \odot g",
                     r"\delta^{M} = \partial L / \partial M \text{ for } M = \hat{x}, \mu, \sigma^{2}"),
        remarks=(HOW, "The seeds do not treat normalisation; the forward pass is "
                 + ("Ba, Kiros and Hinton’s" if layer else "Ioffe and Szegedy’s (training mode: the batch’s own "
                    "statistics, not running averages)")
                 + ", and the backward pass is the seeds’ chain rule applied to it. " + WRONG),
    )


def _label(size: NormSize) -> str:
    """The size as the book writes it, its letters as math ($N = 3$ features, batch $2$); NormSize.label is plain."""
    if size.kind == "layer":
        return f"$N = {size.group}$ features, batch ${size.batch}$"
    return f"batch $B = {size.batch}$, ${size.features}$ feature" + ("s" if size.features > 1 else "")


@register("layer-norm", "Layer normalisation: the backward pass through the mean and the variance, proved",
          {"features": "features N of each sample, 2 to 4 (default 3)", "batch": "samples, 1 to 3 (default 2)"},
          sources=(SEED_002, SEED_003))
def layer_norm(features: str = "3", batch: str = "2") -> Derivation:
    return _derivation("layer-norm", _size("layer", batch, features))


@register("batch-norm", "Batch normalisation (training mode): the backward pass through the batch statistics, "
          "proved", {"batch": "samples B, 2 to 4 (default 3)", "features": "features, 1 to 3 (default 2)"},
          sources=(SEED_002, SEED_003))
def batch_norm(batch: str = "3", features: str = "2") -> Derivation:
    return _derivation("batch-norm", _size("batch", batch, features))
