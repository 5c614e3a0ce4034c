"""A small grammar of identities true by construction, their mutations, and a numeric judge of both.

An identity is a left side and a right side written as a sum of coefficient-times-term; each
side carries its own hand-written mpmath evaluator (the left side's derivative, if any, by
mpmath.diff), so the truth of a mutation (a sign flipped, a coefficient changed, a term
dropped, an index shifted, a transpose dropped) is decided without the dlmath reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mpmath as mp
import numpy as np


@dataclass(frozen=True)
class Atom:
    """A function of x with its derivative, as LaTeX and as mpmath."""

    latex: str
    dlatex: str
    f: Callable
    df: Callable


def _sig(u):
    return (1 + mp.tanh(u / 2)) / 2


ATOMS = (
    Atom("x", "1", lambda x: x, lambda x: mp.mpf(1)),
    Atom("x^{2}", "2 x", lambda x: x**2, lambda x: 2 * x),
    Atom(r"\sin(x)", r"\cos(x)", mp.sin, mp.cos),
    Atom("e^{x}", "e^{x}", mp.exp, mp.exp),
    Atom(r"\sigma(x)", r"\sigma(x) \left(1 - \sigma(x)\right)", _sig, lambda x: _sig(x) * (1 - _sig(x))),
    Atom(r"\tanh(x)", r"1 - \tanh^{2}(x)", mp.tanh, lambda x: 1 - mp.tanh(x) ** 2),
    Atom(r"\ln\left(1 + x^{2}\right)", r"\frac{2 x}{1 + x^{2}}", lambda x: mp.log(1 + x**2),
         lambda x: 2 * x / (1 + x**2)),
    Atom(r"\sqrt{1 + x^{2}}", r"\frac{x}{\sqrt{1 + x^{2}}}", lambda x: mp.sqrt(1 + x**2),
         lambda x: x / mp.sqrt(1 + x**2)),
)


@dataclass(frozen=True)
class Term:
    coefficient: int
    latex: str
    f: Callable


@dataclass(frozen=True)
class Identity:
    lhs_latex: str
    lhs: Callable
    terms: tuple[Term, ...]

    def latex(self) -> str:
        parts = []
        for k, term in enumerate(self.terms):
            sign = "-" if term.coefficient < 0 else ("+" if k else "")
            size = abs(term.coefficient)
            body = term.latex if size == 1 else f"{size} {term.latex}"
            parts.append(f"{sign} {body}".strip())
        return f"{self.lhs_latex} = {' '.join(parts)}"

    def rhs(self, x) -> object:
        return mp.fsum(term.coefficient * term.f(x) for term in self.terms)


def _p(latex: str) -> str:
    return rf"\left({latex}\right)"


def square_of_sum(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"\left({a.latex} + {b.latex}\right)^{{2}}", lambda x: (a.f(x) + b.f(x)) ** 2,
                    (Term(1, _p(a.latex) + "^{2}", lambda x: a.f(x) ** 2),
                     Term(2, _p(a.latex) + " " + _p(b.latex), lambda x: a.f(x) * b.f(x)),
                     Term(1, _p(b.latex) + "^{2}", lambda x: b.f(x) ** 2)))


def difference_of_squares(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"\left({a.latex} - {b.latex}\right) \left({a.latex} + {b.latex}\right)",
                    lambda x: (a.f(x) - b.f(x)) * (a.f(x) + b.f(x)),
                    (Term(1, _p(a.latex) + "^{2}", lambda x: a.f(x) ** 2),
                     Term(-1, _p(b.latex) + "^{2}", lambda x: b.f(x) ** 2)))


def product_rule(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"\frac{{d}}{{dx}} \left({_p(a.latex)} {_p(b.latex)}\right)",
                    lambda x: mp.diff(lambda t: a.f(t) * b.f(t), x),
                    (Term(1, _p(a.dlatex) + " " + _p(b.latex), lambda x: a.df(x) * b.f(x)),
                     Term(1, _p(a.latex) + " " + _p(b.dlatex), lambda x: a.f(x) * b.df(x))))


def linear_derivative(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"\frac{{d}}{{dx}} \left({a.latex} + {c} {_p(b.latex)}\right)",
                    lambda x: mp.diff(lambda t: a.f(t) + c * b.f(t), x),
                    (Term(1, _p(a.dlatex), a.df), Term(c, _p(b.dlatex), b.df)))


def chain_rule(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"\frac{{d}}{{dx}} \sin\left({a.latex}\right)", lambda x: mp.diff(lambda t: mp.sin(a.f(t)), x),
                    (Term(1, rf"\cos\left({a.latex}\right) {_p(a.dlatex)}", lambda x: mp.cos(a.f(x)) * a.df(x)),))


def exponential_of_sum(a: Atom, b: Atom, c: int) -> Identity:
    return Identity(rf"e^{{{a.latex}}} e^{{{c} {_p(b.latex)}}}", lambda x: mp.exp(a.f(x)) * mp.exp(c * b.f(x)),
                    (Term(1, rf"e^{{{a.latex} + {c} {_p(b.latex)}}}", lambda x: mp.exp(a.f(x) + c * b.f(x))),))


TEMPLATES = (square_of_sum, difference_of_squares, product_rule, linear_derivative, chain_rule, exponential_of_sum)


def mutate(identity: Identity, kind: str, index: int) -> Identity:
    """The identity with one right-side term's sign flipped, its coefficient doubled, or the term dropped
    (a lone term that cannot be dropped gets its coefficient raised by one instead)."""
    terms = list(identity.terms)
    k = index % len(terms)
    term = terms[k]
    if kind == "sign":
        terms[k] = Term(-term.coefficient, term.latex, term.f)
    elif kind == "factor":
        terms[k] = Term(2 * term.coefficient, term.latex, term.f)
    elif kind == "drop" and len(terms) > 1:
        del terms[k]
    else:
        terms[k] = Term(term.coefficient + 1, term.latex, term.f)
    return Identity(identity.lhs_latex, identity.lhs, tuple(terms))


def scalar_identity_is_false(identity: Identity, seed: int = 0) -> bool:
    """Whether the two sides differ at one of a few random points (40 digits)."""
    rng = np.random.default_rng(seed)
    with mp.workdps(40):
        for x in rng.uniform(-2, 2, size=8):
            left, right = identity.lhs(mp.mpf(x)), identity.rhs(mp.mpf(x))
            if abs(left - right) > mp.mpf("1e-12") * (1 + abs(left) + abs(right)):
                return True
    return False


# Indexed and matrix identities: the true form and its mutations, each with a numpy judge.

@dataclass(frozen=True)
class Structured:
    latex: str
    where: tuple[str, ...]
    judge: Callable[[np.random.Generator], tuple[object, object]]   # (lhs, rhs) at a random point


def _vectors(rng: np.random.Generator):
    n = int(rng.integers(2, 7))
    return n, rng.normal(size=n), rng.normal(size=n)


def _matrices(rng: np.random.Generator):
    return rng.normal(size=(2, 2)), rng.normal(size=(2, 2))


SUMS = (r"n \in \mathbb{N}",)
MATRICES = (r"A \in \mathbb{R}^{2 \times 2}", r"B \in \mathbb{R}^{2 \times 2}")
STRUCTURED = (
    # (true identity, its mutations: an index changed or a transpose dropped)
    (Structured(r"\sum_{i=1}^{n} x_i = \sum_{i=0}^{n-1} x_{i+1}", SUMS,
                lambda r: (lambda n, x, y: (x.sum(), x.sum()))(*_vectors(r))),
     (Structured(r"\sum_{i=1}^{n} x_i = \sum_{i=0}^{n-1} x_{i}", SUMS,
                 lambda r: (lambda n, x, y: (x.sum(), x.sum() - x[-1] + y[0]))(*_vectors(r))),)),
    (Structured(r"\sum_{i=1}^{n} x_i y_i = \sum_{j=1}^{n} x_j y_j", SUMS,
                lambda r: (lambda n, x, y: (x @ y, x @ y))(*_vectors(r))),
     (Structured(r"\sum_{i=1}^{n} x_i y_i = \sum_{j=1}^{n} x_j y_j^{2}", SUMS,
                 lambda r: (lambda n, x, y: (x @ y, x @ y**2))(*_vectors(r))),
      Structured(r"\sum_{i=1}^{n} x_i y_i = \sum_{j=1}^{n} x_j y_{n+1-j}", SUMS,
                 lambda r: (lambda n, x, y: (x @ y, x @ y[::-1]))(*_vectors(r))))),
    (Structured(r"(AB)^\top = B^\top A^\top", MATRICES, lambda r: (lambda a, b: ((a @ b).T, b.T @ a.T))(*_matrices(r))),
     (Structured(r"(AB)^\top = B A^\top", MATRICES, lambda r: (lambda a, b: ((a @ b).T, b @ a.T))(*_matrices(r))),
      Structured(r"(AB)^\top = B^\top A", MATRICES, lambda r: (lambda a, b: ((a @ b).T, b.T @ a))(*_matrices(r))),
      Structured(r"(AB)^\top = B A", MATRICES, lambda r: (lambda a, b: ((a @ b).T, b @ a))(*_matrices(r))))),
    (Structured(r"(A^\top B)^\top = B^\top A", MATRICES,
                lambda r: (lambda a, b: ((a.T @ b).T, b.T @ a))(*_matrices(r))),
     (Structured(r"(A^\top B)^\top = B A", MATRICES, lambda r: (lambda a, b: ((a.T @ b).T, b @ a))(*_matrices(r))),
      Structured(r"(A^\top B)^\top = B^\top A^\top", MATRICES,
                 lambda r: (lambda a, b: ((a.T @ b).T, b.T @ a.T))(*_matrices(r))))),
    (Structured(r"(A + B)^\top = A^\top + B^\top", MATRICES,
                lambda r: (lambda a, b: ((a + b).T, a.T + b.T))(*_matrices(r))),
     (Structured(r"(A + B)^\top = A + B^\top", MATRICES,
                 lambda r: (lambda a, b: ((a + b).T, a + b.T))(*_matrices(r))),)),
)


def structured_is_false(identity: Structured, seed: int = 0) -> bool:
    rng = np.random.default_rng(seed)
    for _ in range(8):
        left, right = identity.judge(rng)
        if not np.allclose(left, right, rtol=1e-9, atol=1e-12):
            return True
    return False
