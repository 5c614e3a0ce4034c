"""A backprop derivation shows the steps of its own network: no other cost, activation, input or output."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from dlmath.derivations.catalog.backprop import backprop
from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.activations import relu, sigmoid, step
from dlmath.symbolic.models.networks import ACTIVATIONS, COSTS, Network
from dlmath.symbolic.notation.writer import to_latex

# The words and SymPy heads by which a step can speak of an activation or a cost.
WORDS = {"sigmoid": r"sigmoid|\\sigma\b", "tanh": r"tanh", "relu": r"relu|\\operatorname\{step\}",
         "quadratic": r"quadratic", "cross-entropy": r"(?<!softmax )(?<!softmax-)cross-entropy",
         "softmax-cross-entropy": r"softmax"}
HEADS = {"sigmoid": (sigmoid,), "tanh": (sp.tanh,), "relu": (relu, step), "softmax-cross-entropy": (sp.exp,)}
# What a smooth activation's g' is written with, though the network has no such layer: σ in SiLU's and
# softplus's, tanh in GELU's tanh approximation (its name says tanh too), e^{−z²/2} in GELU's.
SLOPE_WORDS = {"silu": {"sigmoid"}, "softplus": {"sigmoid"}, "gelu-tanh": {"tanh"}}
SLOPE_HEADS = {"gelu": {sp.exp}}
# Every activation × cost at one size, and every cost at sizes with one input and more outputs than
# the softmax illustration shows. A softmax over one output is the constant 1 (its proof is
# undecided, not false), so softmax networks get two or more outputs. The smooth activations (GELU,
# SiLU, softplus: 10–30 s a derivation) meet every cost through SiLU and the quadratic cost each
# otherwise: what a step mentions depends on the cost and the output layer, which they share.
SMOOTH = ("gelu", "gelu-tanh", "softplus")
CASES = [*((g, c, (2, 3, 2) if c == "softmax-cross-entropy" else (2, 3, 1)) for g in ACTIVATIONS for c in COSTS
           if g not in SMOOTH or c == "quadratic"),
         *(("tanh", c, sizes) for c in COSTS for sizes in ((1, 2), (2, 4)))]


def _allowed(network: Network) -> set[str]:
    names = {network.activation, network.output_activation.name, network.cost}
    names |= SLOPE_WORDS.get(network.activation, set())
    return names | ({"cross-entropy"} if network.cost == "cross-entropy" else set())


def _largest_index(expr: sp.Basic, base: str) -> int:
    return max((int(i) for e in expr.atoms(sp.Indexed) if str(e.base) == base for i in e.indices if i.is_Integer),
               default=0)


@pytest.mark.parametrize(("activation", "cost", "sizes"), CASES)
def test_no_step_mentions_what_the_network_does_not_have(activation: str, cost: str, sizes: tuple[int, ...]) -> None:
    network = Network(sizes, activation, cost)
    derivation = backprop(",".join(map(str, sizes)), activation, cost)
    allowed = _allowed(network)
    for s in derivation.all_steps():
        text = " ".join((s.rule, s.justification, to_latex(s.before), to_latex(s.after)))
        for name, pattern in WORDS.items():
            if name not in allowed:
                assert not re.search(pattern, text, re.IGNORECASE), f"{name} in a {network.label} step: {text}"
        heads = {type(f) for e in (s.before, s.after) for f in e.atoms(sp.Function)}
        heads -= SLOPE_HEADS.get(activation, set())
        for name, forbidden in HEADS.items():
            if name not in allowed:
                assert not heads & set(forbidden), f"{name} in a {network.label} {activation}/{cost} step: {text}"
        for e in (s.before, s.after):
            assert _largest_index(e, "z") <= sizes[-1] and _largest_index(e, "y") <= sizes[-1], text
            assert _largest_index(e, "a") <= max(sizes[:-1]), text
    assert derivation.proved


def test_the_issue_network_has_no_softmax_and_one_cost() -> None:
    derivation = backprop("2,8,8,1", "tanh", "cross-entropy")
    rules = [s.justification for s in derivation.all_steps()]
    assert not any("softmax" in r for r in rules)
    assert any("cross-entropy" in r for r in rules)          # its own cost is derived
    assert not any("quadratic" in r for r in rules)
    assert vocabulary.CROSS_ENTROPY.cancellation in rules   # and its cancellation shown


def test_the_prose_says_for_every_size_only_when_the_general_proof_succeeded() -> None:
    from dataclasses import replace

    from dlmath.derivations.catalog.backprop import _general_summary
    from dlmath.symbolic.proofs.backprop_general import prove_general_backprop
    from dlmath.symbolic.verify.verdict import Status

    derivation = backprop("2,3,1", "sigmoid", "quadratic")
    assert "proved for every layer width" in derivation.summary
    assert any(s.justification.startswith("BP2: ") for s in derivation.all_steps())
    general = prove_general_backprop("sigmoid", "quadratic")
    bp4 = general.piece("BP4")
    last = bp4.steps[-1]
    undecided = replace(last, verdict=replace(last.verdict, status=Status.UNDECIDED))
    broken = replace(bp4, steps=(*bp4.steps[:-1], undecided))
    partial = replace(general, pieces=tuple(broken if p.name == "BP4" else p for p in general.pieces))
    said = _general_summary(partial)
    assert "for every layer width" not in said and "checked at the given size" in said
    assert said.startswith("BP1, BP2, BP3, the depth step are proved for every size")
