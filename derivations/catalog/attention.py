"""Scaled dot-product attention, one head: the backward pass derived, then proved at a concrete size."""

from __future__ import annotations

import sympy as sp

from dlmath.symbolic.calculus.steps import Step, checked
from dlmath.symbolic.models.attention import AttentionProof, AttentionSize, prove_attention

from ..core import Derivation, Source, register

SEED_002, SEED_003 = "002_cf0eb5ed628efded.txt", "003_2ef027bd369c874d.txt"
VASWANI = "Vaswani et al., “Attention Is All You Need” (NeurIPS 2017)"
C = sp.Symbol("C", real=True)
d = sp.Symbol("d", positive=True)
i, j, k = sp.symbols("i j k", integer=True, positive=True)
P, dP, dS = (sp.IndexedBase(name, real=True) for name in ("P", r"\delta^{P}", r"\delta^{S}"))


def _proved(rule: str, why: str, before: sp.Basic, after: sp.Basic, proof: AttentionProof,
            groups: tuple[str, ...]) -> Step:
    """A step whose check is the expanded-cost proof of the named groups of entries."""
    return Step(rule, why, before, after, "=", (), proof.verdict(groups))


def _local_steps(size: AttentionSize) -> list[Step]:
    """The small derivatives the backward pass is built from, each put to the verifier at the proof's size."""
    s = sp.symbols(f"s_1:{size.sequence + 1}", real=True)
    p = [sp.exp(u) / sum(sp.exp(v) for v in s) for u in s]
    q, kk = sp.symbols(f"q_1:{size.dim + 1}", real=True), sp.symbols(f"k_1:{size.dim + 1}", real=True)
    o, y = sp.symbols("o y", real=True)
    v = sp.symbols(f"v_1:{size.sequence + 1}", real=True)
    pv = sp.symbols(f"p_1:{size.sequence + 1}", real=True)
    steps = [checked("softmax derivative", "a score raises its own weight: $\\partial p_1/\\partial s_1 = "
                     "p_1 (1 - p_1)$, the diagonal of the Jacobian $\\operatorname{diag}(p) - p p^{T}$",
                     sp.Derivative(p[0], s[0]), p[0] * (1 - p[0]))]
    if size.sequence > 1:
        steps.append(checked("softmax derivative", "and lowers every other weight: $\\partial p_1/\\partial s_2 = "
                             "-p_1 p_2$, the rest of the Jacobian", sp.Derivative(p[0], s[1]), -p[0] * p[1]))
    score = sum(a * b for a, b in zip(q, kk)) / sp.sqrt(size.dim)
    steps += [
        checked("linearity", f"the scaled score $q \\cdot k / \\sqrt{{d}}$ (here $d = {size.dim}$) is linear in "
                "each entry of the query, with coefficient the key’s entry over $\\sqrt{d}$",
                sp.Derivative(score, q[0]), kk[0] / sp.sqrt(size.dim)),
        checked("linearity", "an output row is the weighted sum of the value rows: its derivative in one value is "
                "that value’s weight", sp.Derivative(sum(a * b for a, b in zip(pv, v)), v[-1]), pv[-1]),
        checked("quadratic cost", r"the output error of $C = \frac{1}{2}(o - y)^2$", sp.Derivative((o - y) ** 2 / 2, o),
                o - y),
    ]
    return steps


def _matrix(name: str, rows: int, cols: int) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, rows, cols)


def _layer_steps(proof: AttentionProof) -> list[Step]:
    """The backward pass, each equation proved against direct differentiation of the expanded cost."""
    T, n = proof.size.sequence, proof.size.dim
    X, Q, K, V, Pm = (_matrix(name, *shape) for name, shape in
                      (("X", (T, n)), ("Q", (T, n)), ("K", (T, n)), ("V", (T, n)), ("P", (T, T))))
    dO, dV, dSm, dQ, dK = (_matrix(rf"\delta^{{{name}}}", *shape) for name, shape in
                           (("O", (T, n)), ("V", (T, n)), ("S", (T, T)), ("Q", (T, n)), ("K", (T, n))))
    W = {name: _matrix(f"W_{{{name}}}", n, n) for name in ("Q", "K", "V")}
    scale = 1 / sp.sqrt(d)
    softmax = P[i, k] * (dP[i, k] - sp.Sum(dP[i, j] * P[i, j], (j, 1, T)))
    return [
        _proved("chain rule", "$O = P V$ is linear in $V$: with $\\delta^{O} = O - Y$, "
                "$\\partial C/\\partial V = P^{T} \\delta^{O}$, and $\\delta^{P} = \\delta^{O} V^{T}$",
                sp.Derivative(C, V), sp.Transpose(Pm) * dO, proof, ("dV",)),
        _proved("softmax backward", "row $i$ of $P$ is the softmax of row $i$ of $S$, so $\\delta^{S}$ is "
                "$\\delta^{P}$ times the Jacobian $\\operatorname{diag}(p) - p p^{T}$: the diagonal term "
                "$P_{ik} \\delta^{P}_{ik}$ less $P_{ik}$ times the row’s $\\sum_j \\delta^{P}_{ij} P_{ij}$"
                + (" (a masked score has $P_{ik} = 0$, so it gets no gradient)" if proof.size.causal else ""),
                dS[i, k], softmax, proof, ("dS",)),
        _proved("chain rule", "$S = Q K^{T} / \\sqrt{d}$: the forward pass’s scale $1/\\sqrt{d}$ comes back in "
                "the gradient of the queries", sp.Derivative(C, Q), scale * dSm * K, proof, ("dQ",)),
        _proved("chain rule", "and of the keys, with $\\delta^{S}$ transposed since $K$ enters as $K^{T}$",
                sp.Derivative(C, K), scale * sp.Transpose(dSm) * Q, proof, ("dK",)),
        *[_proved("matrix form", f"${name} = X W_{{{name}}}$, so the weight gradient is $X^{{T}}$ times "
                  f"$\\delta^{{{name}}}$", sp.Derivative(C, W[name]), sp.Transpose(X) * delta, proof, (f"W{name}",))
          for name, delta in (("Q", dQ), ("K", dK), ("V", dV))],
        _proved("chain rule", "$X$ feeds the queries, the keys and the values: its gradient is the sum of the "
                "three paths", sp.Derivative(C, X),
                dQ * sp.Transpose(W["Q"]) + dK * sp.Transpose(W["K"]) + dV * sp.Transpose(W["V"]), proof, ("X",)),
    ]


def _label(size: AttentionSize) -> str:
    """The size as the book writes it, '$T = 3$, $d = 2$' (AttentionSize.label is plain)."""
    return f"$T = {size.sequence}$, $d = {size.dim}$" + (", causal mask" if size.causal else "")


def _size(sequence: str, dim: str, mask: str) -> AttentionSize:
    try:
        size = AttentionSize(int(sequence), int(dim), {"none": False, "causal": True}[mask])
    except ValueError:
        raise ValueError(f"sequence and dim must be whole numbers, got {sequence!r} and {dim!r}") from None
    except KeyError:
        raise ValueError(f"mask must be none or causal, not {mask!r}") from None
    size.check()
    return size


@register("attention", "Scaled dot-product attention: the backward pass of one head, derived and proved",
          {"sequence": "sequence length T, 1 to 4 (default 3)", "dim": "width d of X and of the head, 1 to 3 "
           "(default 2)", "mask": "none or causal (default none)"},
          sources=(SEED_002, SEED_003))
def attention(sequence: str = "3", dim: str = "2", mask: str = "none") -> Derivation:
    size = _size(sequence, dim, mask)
    proof = prove_attention(size)
    result = _proved("result", f"every one of the {proof.entries} entries ($\\delta$ of $S$, $Q$, $K$, $V$ and the "
                     f"gradients of $W_Q$, $W_K$, $W_V$ and $X$) at {_label(size)} equals the backward pass "
                     f"({proof.seconds:.2f} s)",
                     sp.Symbol(r"\nabla C", real=True),
                     sp.Symbol(r"\left(X^{T} \delta^{Q},\ X^{T} \delta^{K},\ X^{T} \delta^{V},\ "
                               r"\delta^{Q} W_Q^{T} + \delta^{K} W_K^{T} + \delta^{V} W_V^{T}\right)"), proof,
                     ("WQ", "WK", "WV", "X"))
    return Derivation(
        name="attention",
        title=f"Scaled dot-product attention ({_label(size)})",
        summary=(r"For $Q = X W_Q$, $K = X W_K$, $V = X W_V$, $S = Q K^{T} / \sqrt{d}$, "
                 r"$P = \operatorname{softmax}(S)$ row by row"
                 + (" with the causal mask (row $i$ sees positions $j \\le i$)" if size.causal else "")
                 + r", $O = P V$ and $C = \tfrac{1}{2}\lVert O - Y \rVert^2$: $\delta^{O} = O - Y$, "
                 r"$\partial C/\partial V = P^{T} \delta^{O}$, $\delta^{S}_{ik} = P_{ik}(\delta^{P}_{ik} - "
                 r"\sum_j \delta^{P}_{ij} P_{ij})$ with $\delta^{P} = \delta^{O} V^{T}$, "
                 r"$\partial C/\partial Q = \delta^{S} K / \sqrt{d}$, $\partial C/\partial K = (\delta^{S})^{T} Q / "
                 r"\sqrt{d}$, $\partial C/\partial W_{\bullet} = X^{T} \delta^{\bullet}$ and "
                 r"$\partial C/\partial X$ the sum of the three paths. Proved entry by entry against direct "
                 "differentiation of the expanded cost."),
        steps=(*_local_steps(size), *_layer_steps(proof)),
        result=result,
        sources=(Source(SEED_002, r"backpropagation in matrix form: $\partial J / \partial W = \delta h^{T}$"),
                 Source(SEED_003, "the chain rule and the Hadamard product"),
                 Source(VASWANI, r"§3.2.1, eq. (1): $\operatorname{Attention}(Q, K, V) = "
                                 r"\operatorname{softmax}(Q K^{T} / \sqrt{d_k}) V$")),
        assumptions=(r"Q = X W_Q,\ K = X W_K,\ V = X W_V,\ S = Q K^{T} / \sqrt{d}",
                     r"P_{ij} = e^{S_{ij}} / \sum_{l} e^{S_{il}}" + (r"\ (j, l \le i)" if size.causal else ""),
                     r"O = P V,\ C = \tfrac{1}{2} \lVert O - Y \rVert^2",
                     r"\delta^{M} = \partial C / \partial M \text{ for } M = O, P, S, Q, K, V"),
        remarks=("The proof writes out the cost of one sequence with every input, weight and target a symbol, "
                 "adds a zero-valued symbol to every entry of $Q$, $K$, $V$ and $S$ (so that each $\\delta$ is a "
                 "derivative of the "
                 "cost too), and differentiates directly (symengine). Each exponential is named, and each row sum "
                 "of exponentials; the difference from the backward pass expands to 0 in those names, and the two "
                 "sides agree at random points. A cost summed over sequences is proved term by term.",
                 "The seeds do not treat attention; the forward pass is Vaswani et al.’s, and the backward pass "
                 "is the seeds’ chain rule and matrix form applied to it. Without the $1/\\sqrt{d}$ in "
                 "$\\partial C/\\partial Q$ and $\\partial C/\\partial K$, or without the diagonal term of the "
                 "softmax Jacobian, the same proof refutes the formula with a counterexample."),
    )
