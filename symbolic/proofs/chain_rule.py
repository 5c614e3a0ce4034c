r"""The chain rule over a family of symbolic length: a cited lemma, its instances checked at concrete sizes.

If C depends on x only through u_1, …, u_p, each differentiable, then
∂C/∂x = Σ_{k=1}^{p} ∂C/∂u_k · ∂u_k/∂x (the multivariable chain rule). SymPy cannot
differentiate a function of p arguments for a symbolic p, so the lemma is cited, never
proved here. What is checked is its instance: with an abstract outer function F and the
inner family written out at sizes 1…3, SymPy’s own differentiation of F(u_1, …, u_p)
equals the derivation’s sum (written out at those sizes, ∂F/∂u_k in place of δ_k) for
every index, so the sum names the right family, length and inner derivatives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import sympy as sp

from dlmath.symbolic.verify.verdict import Status, Verdict

CHAIN_RULE = "chain rule over a family (cited lemma) + its instance checked at concrete sizes"
CITATION = ("the multivariable chain rule (W. Rudin, Principles of Mathematical Analysis, 3rd ed., Thm 9.15; "
            "T. M. Apostol, Mathematical Analysis, 2nd ed., Thm 12.7)")
SIZES = range(1, 4)
OUTER = sp.Function("F")

# (outer length p, inner length n) → the family u_1…u_p written out, and (the sizes and free indices of the
# lemma's sum, the variable x) for every x the family is differentiated in
Instance = Callable[[int, int], tuple[list[sp.Expr], list[tuple[dict[sp.Symbol, int], sp.Expr]]]]


def chain_rule_verdict(family: str, length: str, lemma_sum: sp.Expr, partial: sp.IndexedBase,
                       instance: Instance) -> Verdict:
    """The lemma ∂C/∂x = `lemma_sum` through the family `family` of length `length`, its instance checked.

    Args:
        family: the intermediate family, e.g. ``z^{(l+1)}`` (LaTeX).
        length: its length, e.g. ``n_{l+1}`` (LaTeX).
        lemma_sum: the sum as the derivation writes it, Σ_k partial_k ∂u_k/∂x with symbolic sizes.
        partial: the family standing for ∂C/∂u_k in `lemma_sum` (δ^{(l+1)}_k).
        instance: builds the family and the assignments at concrete sizes (see `Instance`).

    Returns:
        proved (method CHAIN_RULE) when, at every concrete size and index, `lemma_sum` with ∂F/∂u_k for
        partial_k equals SymPy's own d/dx F(u_1, …, u_p) for an abstract F; else undecided.
    """
    start = time.perf_counter()
    checked = 0
    for p in SIZES:
        for n in SIZES:
            family_values, cases = instance(p, n)
            for gap in _gaps(lemma_sum, partial, family_values, cases):
                if gap != 0:
                    return Verdict(Status.UNDECIDED, "chain rule over a family",
                                   f"The sum over ${family}$ differs from SymPy’s differentiation of an abstract "
                                   f"$F({family})$ at sizes {p} and {n}: it is not an instance of the chain rule.",
                                   seconds=time.perf_counter() - start)
                checked += 1
    return Verdict(Status.PROVED, CHAIN_RULE,
                   f"$C$ depends on the variable only through the ${length}$ entries of ${family}$, each "
                   f"differentiable, so the derivative is the sum over that family: {CITATION}",
                   evidence=f"the sum agrees with SymPy’s differentiation of an abstract $F({family})$ at "
                            f"sizes {SIZES[0]}…{SIZES[-1]} ({checked} derivatives)",
                   seconds=time.perf_counter() - start)


def _gaps(lemma_sum: sp.Expr, partial: sp.IndexedBase, family: list[sp.Expr],
          cases: list[tuple[dict[sp.Symbol, int], sp.Expr]]) -> Iterator[sp.Expr]:
    """d/dx F(u) minus the lemma's sum at these sizes with ∂F/∂u_k for partial_k, expanded, for each case."""
    slots = sp.symbols(f"t1:{len(family) + 1}")
    outer = OUTER(*family)
    partials = {partial[r + 1]: sp.diff(OUTER(*slots), t).subs(dict(zip(slots, family)))
                for r, t in enumerate(slots)}
    for assignment, x in cases:
        written_out = lemma_sum.xreplace({s: sp.Integer(v) for s, v in assignment.items()}).doit()
        yield sp.expand((sp.diff(outer, x) - written_out.xreplace(partials)).doit())
