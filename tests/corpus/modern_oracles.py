"""One hand-written oracle per claim of modern_claims.jsonl, keyed by the claim's id.

Each oracle restates the claim's two sides in mpmath (written from the mathematics, not from
the dlmath reader) and samples points inside the claim's conditions; abstract functions are
instantiated with several smooth functions (oracle_kit.SMOOTH). test_modern_oracles.py holds
every label against its oracle.
"""

from __future__ import annotations

import mpmath as mp
from oracle_kit import (
    NORMAL_CDF,
    POSITIVE,
    SMOOTH,
    Oracle,
    dot,
    entries,
    gradient,
    indicator,
    log_sum_exp,
    matrix,
    norm,
    partial,
    reals,
    relu,
    size,
    softmax,
    softplus,
    vector,
)
from oracle_kit import derivative as D
from oracle_kit import normal_cdf_by_quadrature as Phi
from oracle_kit import normal_pdf as phi
from oracle_kit import sigmoid as sig

X = reals(x=(-3, 3))
Z = reals(z=(-4, 4))
WXB = reals(w=(-2, 2), x=(-2, 2), b=(-2, 2))
WXY = reals(w=(-2, 2), x=(-2, 2), y=(-2, 2))
UNIT = reals(x=(-0.99, 0.99))
ABOVE_ONE = reals(x=(1, 5))
PROB = reals(p=(0.01, 0.99))
BETA_T = lambda rng: {"beta": mp.mpf(rng.uniform(0.01, 0.99)), "t": size(rng, 1, 10),  # noqa: E731
                      "s": size(rng, 1, 10), "g": mp.mpf(rng.normal())}


def vec3(*names: str):
    return lambda rng: {name: vector(rng, 3) for name in names}


def mat22(rng):
    return {"A": matrix(rng, 2, 2), "B": matrix(rng, 2, 2), "x": vector(rng, 2), "w": vector(rng, 2)}


def indexed(rng, minimum: int = 1):
    """n entries of a, b, w, x, z and indices i, j in 1..n (i != j drawn too), alpha, lam."""
    n = size(rng, minimum, 6)
    i, j = int(rng.integers(1, n + 1)), int(rng.integers(1, n + 1))
    other = (i % n) + 1
    return {"n": n, "i": i, "j": j, "k": other, "a": vector(rng, n), "b": vector(rng, n), "w": vector(rng, n),
            "x": vector(rng, n), "z": vector(rng, n), "alpha": mp.mpf(rng.normal()), "lam": mp.mpf(rng.normal())}


def samples(rng):
    """m samples x^{(i)}, y^{(i)}, a weight w and an epsilon > 0 (batch and layer statistics)."""
    m = size(rng, 1, 7)
    return {"m": m, "xs": vector(rng, m), "ys": vector(rng, m), "w": mp.mpf(rng.normal()),
            "eps": mp.mpf(rng.uniform(0.01, 1))}


def simplex3(rng):
    return {"z": vector(rng, 3), "y": [mp.mpf(v) for v in rng.dirichlet([1, 1, 1])], "i": int(rng.integers(1, 4))}


def mean(values):
    return mp.fsum(values) / len(values)


def variance(values):
    mu = mean(values)
    return mp.fsum((v - mu) ** 2 for v in values) / len(values)


def huber(a, delta, offset):
    return a**2 / 2 if abs(a) <= delta else delta * (abs(a) - offset * delta)


def steps(t):
    """A count (steps t, terms n) given as a number (a counterexample's t = 1.0): it must be a whole one."""
    count = int(t)
    assert count == t, f"t = {t} is not a step count"
    return count


def adam_sum(beta, t):
    return (1 - beta) * mp.fsum(beta ** (t - k) for k in range(1, steps(t) + 1))


def cross_entropy(y):
    return lambda v: -mp.fsum(yk * mp.log(sk) for yk, sk in zip(y, softmax(v)))


ORACLES: dict[str, Oracle] = {
    # --- \mathrm{d}, \text{d}, \operatorname{d}; dy/dx with a definition
    "d2l-power-rule-mathrm-d": Oracle(lambda x: D(lambda t: t**3, x), lambda x: 3 * x**2, X),
    "d2l-power-rule-mathrm-d-lost-factor": Oracle(lambda x: D(lambda t: t**3, x), lambda x: x**2, X),
    "gbc-6.3.2-tanh-derivative-text-d": Oracle(lambda x: D(mp.tanh, x), lambda x: 1 - mp.tanh(x) ** 2, X),
    "gbc-6.3.2-tanh-derivative-text-d-sign": Oracle(lambda x: D(mp.tanh, x), lambda x: 1 + mp.tanh(x) ** 2, X),
    "prml-4.88-sigmoid-derivative-operatorname-d": Oracle(lambda z: D(sig, z), lambda z: sig(z) * (1 - sig(z)), Z),
    "prml-4.88-sigmoid-derivative-reflected": Oracle(lambda z: D(sig, z), lambda z: sig(z) * (1 - sig(-z)), Z),
    "d2l-chain-rule-dy-dx-exp-sin": Oracle(lambda x: D(lambda t: mp.exp(mp.sin(t)), x),
                                           lambda x: mp.cos(x) * mp.exp(mp.sin(x)), X),
    "d2l-chain-rule-dy-dx-exp-sin-missing-factor": Oracle(lambda x: D(lambda t: mp.exp(mp.sin(t)), x),
                                                          lambda x: mp.exp(mp.sin(x)), X),
    "d2l-chain-rule-dy-dx-log": Oracle(lambda x: D(lambda t: mp.log(1 + t**2), x), lambda x: 2 * x / (1 + x**2), X),
    "d2l-chain-rule-dy-dx-log-missing-factor": Oracle(lambda x: D(lambda t: mp.log(1 + t**2), x),
                                                      lambda x: 1 / (1 + x**2), X),
    "gbc-3.10-softplus-second-derivative": Oracle(lambda x: D(softplus, x, 2), lambda x: sig(x) * (1 - sig(x)), X),
    "d2l-second-derivative-is-first": Oracle(lambda x: D(lambda t: t**4, x, 2), lambda x: 4 * x**3, X),
    "prml-dp-dz-definition": Oracle(lambda z: D(sig, z), lambda z: sig(z) * (1 - sig(z)), Z),
    "prml-dp-dz-definition-missing-p": Oracle(lambda z: D(sig, z), lambda z: 1 - sig(z), Z),
    # --- \mathrm{e}^{x}
    "iso-upright-e-equals-italic-e": Oracle(lambda x: mp.e**x, lambda x: mp.exp(x), X),
    "d2l-exp-derivative-upright-e": Oracle(lambda x: D(lambda t: mp.e**t, x), lambda x: mp.exp(x), X),
    "d2l-exp-2x-derivative-missing-factor": Oracle(lambda x: D(lambda t: mp.exp(2 * t), x), lambda x: mp.exp(2 * x), X),
    "gbc-3.30-sigmoid-upright-e": Oracle(lambda x: sig(x), lambda x: 1 / (1 + mp.exp(-x)), X),
    "gbc-3.30-sigmoid-upright-e-exponent-sign": Oracle(lambda x: sig(x), lambda x: 1 / (1 + mp.exp(x)), X),
    "d2l-5.1-tanh-exp-form": Oracle(lambda x: mp.tanh(x), lambda x: (mp.exp(x) - mp.exp(-x)) / (mp.exp(x) + mp.exp(-x)),
                                    X),
    "d2l-5.1-tanh-exp-form-coth": Oracle(lambda x: mp.tanh(x),
                                         lambda x: (mp.exp(x) + mp.exp(-x)) / (mp.exp(x) - mp.exp(-x)), X),
    "upright-e-log-inverse": Oracle(lambda x: mp.e ** mp.log(x), lambda x: x, reals(x=(0.01, 5))),
    # --- \partial_x, \partial_{w_j}
    "pml-7.8-partial-subscript-x": Oracle(lambda x, y: D(lambda t: t**2 * y, x), lambda x, y: 2 * x * y, WXY),
    "pml-7.8-partial-subscript-wrong-variable": Oracle(lambda x, y: D(lambda t: x**2 * t, y), lambda x, y: 2 * x * y,
                                                       WXY),
    "prml-3.1-partial-wj-linear": Oracle(lambda w, x, j: partial(lambda v: dot(v, x), w, j), lambda x, j: x[j - 1],
                                         indexed),
    "prml-3.1-partial-wj-linear-weight": Oracle(lambda w, x, j: partial(lambda v: dot(v, x), w, j),
                                                lambda w, j: w[j - 1], indexed),
    "d2l-3.1-squared-error-gradient": Oracle(lambda w, x, y: D(lambda t: (t * x - y) ** 2 / 2, w),
                                             lambda w, x, y: (w * x - y) * x, WXY),
    "d2l-3.1-squared-error-gradient-missing-x": Oracle(lambda w, x, y: D(lambda t: (t * x - y) ** 2 / 2, w),
                                                       lambda w, x, y: w * x - y, WXY),
    "gbc-6.2.2.2-partial-b-softplus": Oracle(lambda w, x, b: D(lambda t: softplus(w * x + t), b),
                                             lambda w, x, b: sig(w * x + b), WXB),
    "gbc-6.2.2.2-partial-w-softplus-missing-x": Oracle(lambda w, x, b: D(lambda t: softplus(t * x + b), w),
                                                       lambda w, x, b: sig(w * x + b), WXB),
    "gbc-7.1.1-weight-decay-partial": Oracle(lambda lam, w, j: partial(lambda v: lam / 2 * dot(v, v), w, j),
                                             lambda lam, w, j: lam * w[j - 1], indexed),
    "gbc-7.1.1-weight-decay-partial-half": Oracle(lambda lam, w, j: partial(lambda v: lam / 2 * dot(v, v), w, j),
                                                  lambda lam, w, j: lam / 2 * w[j - 1], indexed),
    # --- inverse functions
    "artanh-log-form": Oracle(lambda x: mp.atanh(x), lambda x: mp.log((1 + x) / (1 - x)) / 2, UNIT),
    "artanh-read-as-reciprocal": Oracle(lambda x: mp.atanh(x), lambda x: 1 / mp.tanh(x), reals(x=(0.01, 0.99))),
    "artanh-derivative": Oracle(lambda x: D(mp.atanh, x), lambda x: 1 / (1 - x**2), UNIT),
    "artanh-derivative-of-tanh-instead": Oracle(lambda x: D(mp.atanh, x), lambda x: 1 - mp.tanh(x) ** 2, UNIT),
    "arsinh-log-form": Oracle(lambda x: mp.asinh(x), lambda x: mp.log(x + mp.sqrt(x**2 + 1)), X),
    "arsinh-with-arcosh-formula": Oracle(lambda x: mp.asinh(x), lambda x: mp.log(x + mp.sqrt(x**2 - 1)), ABOVE_ONE),
    "arcosh-log-form": Oracle(lambda x: mp.acosh(x), lambda x: mp.log(x + mp.sqrt(x**2 - 1)), ABOVE_ONE),
    "arcosh-read-as-reciprocal": Oracle(lambda x: mp.acosh(x), lambda x: 1 / mp.cosh(x), ABOVE_ONE),
    "arsinh-derivative": Oracle(lambda x: D(mp.asinh, x), lambda x: 1 / mp.sqrt(1 + x**2), X),
    "arcsin-plus-arccos": Oracle(lambda x: mp.asin(x) + mp.acos(x), lambda: mp.pi / 2, reals(x=(-1, 1))),
    "arcsin-derivative-wrong-sign": Oracle(lambda x: D(mp.asin, x), lambda x: 1 / mp.sqrt(1 + x**2), UNIT),
    "gbc-3.38-logit-as-inverse-sigmoid": Oracle(lambda p: 2 * mp.atanh(2 * p - 1), lambda p: mp.log(p / (1 - p)), PROB),
    "gbc-3.38-logit-odds-inverted": Oracle(lambda p: 2 * mp.atanh(2 * p - 1), lambda p: mp.log((1 - p) / p), PROB),
    "gbc-3.38-sigmoid-of-logit": Oracle(lambda p: sig(2 * mp.atanh(2 * p - 1)), lambda p: p, PROB),
    "gbc-3.38-logit-read-as-reciprocal": Oracle(lambda p: 2 * mp.atanh(2 * p - 1), lambda p: 1 + mp.exp(-p), PROB),
    # --- abstract functions: chain, product, quotient rules
    "gbc-6.5.2-chain-rule-affine": Oracle(lambda g, w, x, b: D(lambda t: g(t * x + b), w),
                                          lambda g, w, x, b: g.d1(w * x + b) * x, WXB, functions=("g",)),
    "gbc-6.5.2-chain-rule-affine-missing-x": Oracle(lambda g, w, x, b: D(lambda t: g(t * x + b), w),
                                                    lambda g, w, x, b: g.d1(w * x + b), WXB, functions=("g",)),
    "gbc-6.5.2-chain-rule-affine-factor-w": Oracle(lambda g, w, x, b: D(lambda t: g(t * x + b), w),
                                                   lambda g, w, x, b: g.d1(w * x + b) * w, WXB, functions=("g",)),
    "gbc-6.5.2-chain-rule-bias": Oracle(lambda g, w, x, b: D(lambda t: g(w * x + t), b),
                                        lambda g, w, x, b: g.d1(w * x + b), WXB, functions=("g",)),
    "nielsen-2-derivative-is-not-the-function": Oracle(lambda g, z: D(g.f, z), lambda g, z: g(z), Z, functions=("g",)),
    "gbc-6.48-composition-chain-rule": Oracle(lambda f, g, x: D(lambda t: f(g(t)), x),
                                              lambda f, g, x: f.d1(g(x)) * g.d1(x), X, functions=("f", "g")),
    "gbc-6.48-composition-outer-at-x": Oracle(lambda f, g, x: D(lambda t: f(g(t)), x),
                                              lambda f, g, x: f.d1(x) * g.d1(x), X, functions=("f", "g")),
    "d2l-2.4-product-rule": Oracle(lambda f, g, x: D(lambda t: f(t) * g(t), x),
                                   lambda f, g, x: f.d1(x) * g(x) + f(x) * g.d1(x), X, functions=("f", "g")),
    "d2l-2.4-product-rule-product-of-derivatives": Oracle(lambda f, g, x: D(lambda t: f(t) * g(t), x),
                                                          lambda f, g, x: f.d1(x) * g.d1(x), X, functions=("f", "g")),
    "d2l-2.4-quotient-rule": Oracle(lambda f, g, x: D(lambda t: f(t) / g(t), x),
                                    lambda f, g, x: (f.d1(x) * g(x) - f(x) * g.d1(x)) / g(x) ** 2, X,
                                    functions=("f", "g")),
    "d2l-2.4-quotient-rule-terms-swapped": Oracle(lambda f, g, x: D(lambda t: f(t) / g(t), x),
                                                  lambda f, g, x: (f(x) * g.d1(x) - f.d1(x) * g(x)) / g(x) ** 2, X,
                                                  functions=("f", "g")),
    "scaled-argument-second-derivative": Oracle(lambda g, a, x: D(lambda t: g(a * t), x, 2),
                                                lambda g, a, x: a**2 * g.d2(a * x), reals(a=(-2, 2), x=(-2, 2)),
                                                functions=("g",)),
    "scaled-argument-second-derivative-one-a": Oracle(lambda g, a, x: D(lambda t: g(a * t), x, 2),
                                                      lambda g, a, x: a * g.d2(a * x), reals(a=(-2, 2), x=(-2, 2)),
                                                      functions=("g",)),
    "loss-squared-chain-rule": Oracle(lambda L, theta: D(lambda t: L(t) ** 2, theta),
                                      lambda L, theta: 2 * L(theta) * L.d1(theta), reals(theta=(-2, 2)),
                                      functions=("L",)),
    "loss-exp-missing-inner-derivative": Oracle(lambda L, theta: D(lambda t: mp.exp(L(t)), theta),
                                                lambda L, theta: mp.exp(L(theta)), reals(theta=(-2, 2)),
                                                functions=("L",)),
    "log-derivative-trick": Oracle(lambda f, x: D(lambda t: mp.log(f(t)), x), lambda f, x: f.d1(x) / f(x), X,
                                   functions=("f",), family=POSITIVE),
    "leibniz-second-derivative": Oracle(lambda g, x: D(lambda t: t * g(t), x, 2),
                                        lambda g, x: 2 * g.d1(x) + x * g.d2(x), X, functions=("g",)),
    "leibniz-second-derivative-missing-2": Oracle(lambda g, x: D(lambda t: t * g(t), x, 2),
                                                  lambda g, x: g.d1(x) + x * g.d2(x), X, functions=("g",)),
    # --- Phi, Psi, phi, erf (Phi as declared: the normal CDF, computed by quadrature)
    "gelu-2-phi-erf": Oracle(lambda x: Phi(x), lambda x: (1 + mp.erf(x / mp.sqrt(2))) / 2, X),
    "gelu-2-definition-x-phi": Oracle(lambda x: x * mp.ncdf(x), lambda x: x * Phi(x), X),
    "gelu-2-erf-form": Oracle(lambda x: x * mp.ncdf(x), lambda x: x / 2 * (1 + mp.erf(x / mp.sqrt(2))), X),
    "gelu-2-erf-form-missing-sqrt2": Oracle(lambda x: x * mp.ncdf(x), lambda x: x / 2 * (1 + mp.erf(x)), X),
    "prml-1.2.4-cdf-derivative-is-pdf": Oracle(lambda x: D(Phi, x), lambda x: phi(x), X),
    "prml-1.2.4-cdf-symmetry": Oracle(lambda x: Phi(x) + Phi(-x), lambda: 1, X),
    # undeclared Phi: false whether Phi is the normal CDF, an abstract function or a factor
    "prml-1.2.4-cdf-symmetry-undeclared-two": Oracle(lambda Phi, x: Phi(x) + Phi(-x), lambda: 2, X, functions=("Phi",),
                                                     family=(NORMAL_CDF, *SMOOTH)),
    "prml-1.2.4-cdf-treated-as-odd": Oracle(lambda x: Phi(-x), lambda x: -Phi(x), X),
    "prml-1.2.4-pdf-derivative": Oracle(lambda x: D(phi, x), lambda x: -x * phi(x), X),
    "prml-1.2.4-pdf-derivative-sign": Oracle(lambda x: D(phi, x), lambda x: x * phi(x), X),
    "gelu-erf-derivative": Oracle(lambda x: D(mp.erf, x), lambda x: 2 / mp.sqrt(mp.pi) * mp.exp(-x**2), X),
    "gelu-erf-derivative-missing-2": Oracle(lambda x: D(mp.erf, x), lambda x: 1 / mp.sqrt(mp.pi) * mp.exp(-x**2), X),
    "gelu-erf-odd": Oracle(lambda x: mp.erf(-x), lambda x: -mp.erf(x), X),
    "abstract-psi-not-linear": Oracle(lambda Psi, x: Psi(2 * x), lambda Psi, x: 2 * Psi(x), X, functions=("Psi",)),
    # --- SiLU / swish, softplus, sign, indicator, ReLU
    "swish-silu-definition": Oracle(lambda x: x / (1 + mp.exp(-x)), lambda x: x * sig(x), X),
    "swish-derivative": Oracle(lambda x: D(lambda t: t * sig(t), x), lambda x: sig(x) + x * sig(x) * (1 - sig(x)), X),
    "swish-derivative-no-product-rule": Oracle(lambda x: D(lambda t: t * sig(t), x),
                                               lambda x: sig(x) * (1 - sig(x)), X),
    "swish-beta-derivative": Oracle(lambda x, beta: D(lambda t: x * sig(t * x), beta),
                                    lambda x, beta: x**2 * sig(beta * x) * (1 - sig(beta * x)),
                                    reals(x=(-3, 3), beta=(-2, 2))),
    "gbc-3.31-softplus-exponent-sign": Oracle(lambda x: softplus(x), lambda x: mp.log(1 + mp.exp(-x)), X),
    "pml-softplus-stable-form": Oracle(lambda x: softplus(x), lambda x: x + mp.log(1 + mp.exp(-x)), X),
    "sign-times-abs": Oracle(lambda x: mp.sign(x) * abs(x), lambda x: x, X),
    "sign-times-x-is-abs": Oracle(lambda x: mp.sign(x) * x, lambda x: x, X),
    "gbc-7.20-abs-derivative-sign": Oracle(lambda x: D(abs, x), lambda x: mp.sign(x), X),
    "gbc-6.3.1-relu-derivative-indicator": Oracle(lambda x: D(relu, x), lambda x: indicator(x > 0), X),
    "gbc-6.3.1-relu-derivative-wrong-half-line": Oracle(lambda x: D(relu, x), lambda x: indicator(x < 0), X),
    "relu-times-indicator": Oracle(lambda x: relu(x), lambda x: x * indicator(x > 0), X),
    "relu-max-abs-form": Oracle(lambda x: relu(x), lambda x: (x + abs(x)) / 2, X),
    "relu-max-abs-form-is-min": Oracle(lambda x: relu(x), lambda x: (x - abs(x)) / 2, X),
    "d2l-5.1-relu-derivative-cases": Oracle(lambda x: D(relu, x), lambda x: 1 if x > 0 else 0, X),
    "d2l-5.1-relu-cases-definition": Oracle(lambda x: relu(x), lambda x: x if x > 0 else 0, X),
    "d2l-5.1-relu-cases-branches-swapped": Oracle(lambda x: relu(x), lambda x: x if x < 0 else 0, X),
    "pml-5.1.5.3-huber-max-form": Oracle(lambda a, delta: huber(a, delta, mp.mpf(1) / 2),
                                         lambda a, delta: a**2 / 2 - max(abs(a) - delta, 0) ** 2 / 2,
                                         reals(a=(-3, 3), delta=(0.1, 2))),
    "pml-5.1.5.3-huber-wrong-offset": Oracle(lambda a, delta: huber(a, delta, 1),
                                             lambda a, delta: a**2 / 2 - max(abs(a) - delta, 0) ** 2 / 2,
                                             reals(a=(-3, 3), delta=(0.1, 2))),
    "pml-5.1.5.3-huber-derivative-outer": Oracle(lambda a, delta: D(lambda t: delta * (abs(t) - delta / 2), a),
                                                 lambda a, delta: delta * mp.sign(a), reals(a=(-3, 3), delta=(0.1, 2))),
    "sigmoid-never-zero-bang-eq": Oracle(lambda x: sig(x), lambda: 0, reals(x=(-10, 10)), relation="!="),
    "relu-never-zero-bang-eq": Oracle(lambda x: relu(x), lambda: 0, X, relation="!="),
    "tanh-below-one-ne": Oracle(lambda x: mp.tanh(x), lambda: 1, reals(x=(-5, 5)), relation="!="),
    # --- norms and vectors (R^3)
    "gbc-2.5-l2-squared-dot": Oracle(lambda x: norm(x, 2) ** 2, lambda x: dot(x, x), vec3("x")),
    "gbc-2.5-linf-le-l2": Oracle(lambda x: norm(x, mp.inf), lambda x: norm(x, 2), vec3("x"), relation="<="),
    "gbc-2.5-l2-le-l1": Oracle(lambda x: norm(x, 2), lambda x: norm(x, 1), vec3("x"), relation="<="),
    "gbc-2.5-l1-le-l2-reversed": Oracle(lambda x: norm(x, 1), lambda x: norm(x, 2), vec3("x"), relation="<="),
    "gbc-2.5-l2-le-linf-reversed": Oracle(lambda x: norm(x, 2), lambda x: norm(x, mp.inf), vec3("x"), relation="<="),
    "gbc-2.5-l1-le-sqrt-n-l2": Oracle(lambda x: norm(x, 1), lambda x: mp.sqrt(3) * norm(x, 2), vec3("x"),
                                      relation="<="),
    "gbc-2.5-dot-as-sum": Oracle(lambda w, x: (mp.matrix(w).T * mp.matrix(x))[0, 0],
                                 lambda w, x: mp.fsum(w[i] * x[i] for i in range(3)), vec3("w", "x")),
    "gbc-2.5-transpose-dot-is-cdot": Oracle(lambda w, x: (mp.matrix(w).T * mp.matrix(x))[0, 0], lambda w, x: dot(w, x),
                                           vec3("w", "x")),
    "gbc-2.5-cauchy-schwarz": Oracle(lambda w, x: abs(dot(w, x)), lambda w, x: norm(w, 2) * norm(x, 2), vec3("w", "x"),
                                     relation="<="),
    "gbc-2.5-norm-of-sum-expanded": Oracle(lambda w, x: norm([a + b for a, b in zip(w, x)], 2) ** 2,
                                           lambda w, x: norm(w, 2) ** 2 + 2 * dot(w, x) + norm(x, 2) ** 2,
                                           vec3("w", "x")),
    "gbc-2.5-norm-of-sum-no-cross-term": Oracle(lambda w, x: norm([a + b for a, b in zip(w, x)], 2) ** 2,
                                                lambda w, x: norm(w, 2) ** 2 + norm(x, 2) ** 2, vec3("w", "x")),
    "gbc-7.1.1-weight-decay-gradient": Oracle(lambda lam, w: gradient(lambda v: lam / 2 * norm(v, 2) ** 2, w),
                                              lambda lam, w: [lam * v for v in w],
                                              lambda rng: {"w": vector(rng, 3), "lam": mp.mpf(rng.normal())}),
    "gbc-7.1.1-weight-decay-gradient-half": Oracle(lambda lam, w: gradient(lambda v: lam / 2 * norm(v, 2) ** 2, w),
                                                   lambda lam, w: [lam / 2 * v for v in w],
                                                   lambda rng: {"w": vector(rng, 3),
                                                                "lam": mp.mpf(rng.uniform(0.5, 2))}),
    # --- matrices (2 x 2)
    "gbc-2.3-transpose-of-product": Oracle(lambda A, B: entries((A * B).T), lambda A, B: entries(B.T * A.T), mat22),
    "gbc-2.3-transpose-of-product-order-kept": Oracle(lambda A, B: entries((A * B).T), lambda A, B: entries(A.T * B.T),
                                                      mat22),
    "gbc-2.10-trace-cyclic": Oracle(lambda A, B: mp.fsum((A * B)[k, k] for k in range(2)),
                                    lambda A, B: mp.fsum((B * A)[k, k] for k in range(2)), mat22),
    "gbc-2.11-det-not-additive": Oracle(lambda A, B: mp.det(A + B), lambda A, B: mp.det(A) + mp.det(B), mat22),
    "gbc-2.11-det-scaling": Oracle(lambda A: mp.det(2 * A), lambda A: 4 * mp.det(A), mat22),
    "pml-7.8-quadratic-form-transpose": Oracle(lambda A, x: dot(x, entries(A * mp.matrix(x))),
                                               lambda A, x: dot(x, entries(A.T * mp.matrix(x))), mat22),
    "pml-7.8-quadratic-form-gradient": Oracle(lambda A, x: gradient(lambda v: dot(v, entries(A * mp.matrix(v))), x),
                                              lambda A, x: entries((A + A.T) * mp.matrix(x)), mat22),
    "pml-7.8-quadratic-form-gradient-symmetric-only": Oracle(
        lambda A, x: gradient(lambda v: dot(v, entries(A * mp.matrix(v))), x),
        lambda A, x: entries(2 * A * mp.matrix(x)), mat22),
    "pml-7.8-linear-gradient-transpose-dropped": Oracle(
        lambda A, w, x: gradient(lambda v: dot(w, entries(A * mp.matrix(v))), x),
        lambda A, w: entries(A * mp.matrix(w)), mat22),
    # --- softmax and log-sum-exp (sums over k = 1..n)
    "gbc-6.2.2.3-lse-gradient-softmax": Oracle(lambda z, i: partial(log_sum_exp, z, i),
                                               lambda z, i: mp.exp(z[i - 1]) / mp.fsum(mp.exp(v) for v in z), indexed),
    "gbc-6.2.2.3-lse-gradient-no-normalizer": Oracle(lambda z, i: partial(log_sum_exp, z, i),
                                                     lambda z, i: mp.exp(z[i - 1]), indexed),
    "d2l-4.1-softmax-definition": Oracle(lambda z, i: softmax(z)[i - 1],
                                         lambda z, i: mp.exp(z[i - 1]) / mp.fsum(mp.exp(v) for v in z), indexed),
    "gbc-6.33-softmax-shift-invariance": Oracle(lambda z: softmax(z), lambda z, c: softmax([v + c for v in z]),
                                                lambda rng: {"z": vector(rng, 3), "c": mp.mpf(rng.normal(0, 3))}),
    "gbc-6.33-softmax-not-scale-invariant": Oracle(lambda z, c: softmax([c * v for v in z]), lambda z: softmax(z),
                                                   lambda rng: {"z": vector(rng, 3), "c": mp.mpf(rng.uniform(0.1, 3))}),
    "prml-4.106-softmax-jacobian": Oracle(lambda z, i, j: partial(lambda v: softmax(v)[i - 1], z, j),
                                          lambda z, i, j: softmax(z)[i - 1] * ((i == j) - softmax(z)[j - 1]), indexed),
    "prml-4.106-softmax-jacobian-off-diagonal-sign": Oracle(
        lambda z, i, k: partial(lambda v: softmax(v)[i - 1], z, k),
        lambda z, i, k: mp.exp(z[i - 1]) * mp.exp(z[k - 1]) / mp.fsum(mp.exp(v) for v in z) ** 2,
        lambda rng: indexed(rng, minimum=2)),
    "prml-4.106-softmax-diagonal-operatorname": Oracle(lambda z, i: partial(lambda v: softmax(v)[i - 1], z, i),
                                                       lambda z, i: softmax(z)[i - 1] * (1 - softmax(z)[i - 1]),
                                                       indexed),
    "gbc-4.1-logsumexp-shift": Oracle(lambda z: log_sum_exp(z),
                                      lambda z, c: c + mp.log(mp.fsum(mp.exp(v - c) for v in z)),
                                      lambda rng: {"z": vector(rng, 3), "c": mp.mpf(rng.normal(0, 3))}),
    "gbc-4.1-logsumexp-upper-bound": Oracle(lambda z: mp.log(mp.fsum(mp.exp(v) for v in z)),
                                            lambda z, n: max(z) + mp.log(n), indexed, relation="<="),
    "gbc-4.1-logsumexp-below-max-reversed": Oracle(lambda z: mp.log(mp.fsum(mp.exp(v) for v in z)), lambda z: max(z),
                                                   indexed, relation="<="),
    "nielsen-3-softmax-cross-entropy-gradient": Oracle(lambda z, y, i: partial(cross_entropy(y), z, i),
                                                       lambda z, y, i: softmax(z)[i - 1] - y[i - 1], simplex3),
    "nielsen-3-softmax-cross-entropy-gradient-sign": Oracle(lambda z, y, i: partial(cross_entropy(y), z, i),
                                                            lambda z, y, i: y[i - 1] - softmax(z)[i - 1], simplex3),
    # --- x^{(i)} as sample i; batch and layer statistics
    "gbc-5.1.4-mse-gradient-samples": Oracle(
        lambda w, xs, ys: D(lambda t: mp.fsum((t * x - y) ** 2 for x, y in zip(xs, ys)) / (2 * len(xs)), w),
        lambda w, xs, ys: mp.fsum((w * x - y) * x for x, y in zip(xs, ys)) / len(xs), samples),
    "gbc-5.1.4-mse-gradient-samples-missing-x": Oracle(
        lambda w, xs, ys: D(lambda t: mp.fsum((t * x - y) ** 2 for x, y in zip(xs, ys)) / (2 * len(xs)), w),
        lambda w, xs, ys: mp.fsum(w * x - y for x, y in zip(xs, ys)) / len(xs), samples),
    "bn-alg1-centered-mean-zero": Oracle(lambda xs: mean([x - mean(xs) for x in xs]), lambda: 0, samples),
    "bn-alg1-variance-shortcut": Oracle(lambda xs: variance(xs), lambda xs: mean([x**2 for x in xs]) - mean(xs) ** 2,
                                        samples),
    "bn-alg1-variance-shortcut-double-mu": Oracle(lambda xs: variance(xs),
                                                  lambda xs: mean([x**2 for x in xs]) - 2 * mean(xs) ** 2, samples),
    "bn-alg1-normalized-sum-zero": Oracle(
        lambda xs, eps: mp.fsum((x - mean(xs)) / mp.sqrt(variance(xs) + eps) for x in xs), lambda: 0, samples),
    "bn-alg1-normalized-variance": Oracle(
        lambda xs, eps: mean([((x - mean(xs)) / mp.sqrt(variance(xs) + eps)) ** 2 for x in xs]),
        lambda xs, eps: variance(xs) / (variance(xs) + eps), samples),
    "bn-alg1-normalized-variance-ignores-epsilon": Oracle(
        lambda xs, eps: mean([((x - mean(xs)) / mp.sqrt(variance(xs) + eps)) ** 2 for x in xs]), lambda: 1, samples),
    "ln-3.1-centered-sum-zero": Oracle(lambda xs: mp.fsum(x - mean(xs) for x in xs), lambda: 0, samples),
    "ln-3.1-variance-mu-not-squared": Oracle(lambda xs: variance(xs), lambda xs: mean([x**2 for x in xs]) - mean(xs),
                                             samples),
    # --- Adam: powers of beta and bias correction
    "adam-3-first-moment-bias": Oracle(lambda beta, t: adam_sum(beta, t) / (1 - beta**t), lambda: 1, BETA_T),
    "adam-3-first-moment-bias-off-by-one": Oracle(adam_sum, lambda beta, t: 1 - beta ** (t - 1), BETA_T),
    "adam-3-second-moment-bias": Oracle(lambda beta, t, g: adam_sum(beta, t) * g**2,
                                        lambda beta, t, g: (1 - beta**t) * g**2,
                                        BETA_T),
    "adam-geometric-sum": Oracle(lambda beta, t: (1 - beta**t) / (1 - beta),
                                 lambda beta, t: mp.fsum(beta**k for k in range(steps(t))), BETA_T),
    "adam-geometric-sum-extra-term": Oracle(lambda beta, t: (1 - beta**t) / (1 - beta),
                                            lambda beta, t: mp.fsum(beta**k for k in range(steps(t) + 1)), BETA_T),
    "adam-powers-multiply-exponents": Oracle(lambda beta, t, s: beta**t * beta**s, lambda beta, t, s: beta ** (t * s),
                                             BETA_T),
    "adam-bias-corrected-constant-gradient": Oracle(lambda beta, t, g: adam_sum(beta, t) * g / (1 - beta**t),
                                                    lambda g: g, BETA_T),
    # --- \text{for all}, \text{if}, \text{for x \ne 0}
    "square-as-product-for-all": Oracle(lambda x: x**2, lambda x: x * x, X),
    "log-exp-for-all": Oracle(lambda x: mp.log(mp.exp(x)), lambda x: x, X),
    "sqrt-square-for-all": Oracle(lambda x: mp.sqrt(x**2), lambda x: x, X),
    "sqrt-square-if-nonnegative": Oracle(lambda x: mp.sqrt(x**2), lambda x: x, reals(x=(0, 5))),
    "log-derivative-if-positive": Oracle(lambda x: D(mp.log, x), lambda x: 1 / x, reals(x=(0.05, 5))),
    "log-abs-derivative": Oracle(lambda x: D(lambda t: mp.log(abs(t)), x), lambda x: 1 / x, X),
    "log-abs-derivative-abs": Oracle(lambda x: D(lambda t: mp.log(abs(t)), x), lambda x: 1 / abs(x), X),
    "log-of-product-as-product": Oracle(lambda x, y: mp.log(x * y), lambda x, y: mp.log(x) * mp.log(y),
                                        reals(x=(0.05, 5), y=(0.05, 5))),
    # --- sums without limits (over every entry, n of them)
    "sum-linearity-no-limits": Oracle(lambda alpha, a, b: mp.fsum(alpha * u + v for u, v in zip(a, b)),
                                      lambda alpha, a, b: alpha * mp.fsum(a) + mp.fsum(b), indexed),
    "sum-of-products-no-limits": Oracle(lambda a, b: dot(a, b), lambda a, b: mp.fsum(a) * mp.fsum(b),
                                        lambda rng: indexed(rng, minimum=2)),
    "sum-square-expansion-no-limits": Oracle(lambda a, b: mp.fsum((u - v) ** 2 for u, v in zip(a, b)),
                                             lambda a, b: dot(a, a) - 2 * dot(a, b) + dot(b, b), indexed),
    # --- sinusoidal positional encoding
    "vaswani-3.5-sin-shift": Oracle(lambda omega, p, k: mp.sin(omega * (p + k)),
                                    lambda omega, p, k: mp.sin(omega * p) * mp.cos(omega * k)
                                    + mp.cos(omega * p) * mp.sin(omega * k), reals(omega=(0, 2), p=(0, 50), k=(0, 10))),
    "vaswani-3.5-cos-shift-sign": Oracle(lambda omega, p, k: mp.cos(omega * (p + k)),
                                         lambda omega, p, k: mp.cos(omega * p) * mp.cos(omega * k)
                                         + mp.sin(omega * p) * mp.sin(omega * k),
                                         reals(omega=(0.1, 2), p=(0, 50), k=(0.5, 10))),
}

# --- issue 13: inequalities, piecewise functions and general-n identities (the prover's claims)
AB = reals(a=(-3, 3), b=(-3, 3))
TY = reals(t=(-3, 3), y=(-3, 3))
ZY = reals(z=(-6, 6), y=(-1, 2))
JENSEN = reals(lam=(0, 1), a=(-4, 4), b=(-4, 4))
JENSEN_POSITIVE = reals(lam=(0, 1), a=(0.01, 5), b=(0.01, 5))
GEOMETRIC = lambda rng: {"r": mp.mpf(rng.uniform(-2, 2)), "n": size(rng, 1, 10)}  # noqa: E731
SIZE = lambda rng: {"n": size(rng, 1, 10)}  # noqa: E731


def stable_bce(z, y, inner):
    return max(z, 0) - z * y + mp.log(1 + mp.exp(-inner(z)))


def bce(z, y):
    return -y * mp.log(sig(z)) - (1 - y) * mp.log(1 - sig(z))


def hinge(t, y):
    return max(0, 1 - y * t)


def adam_ascending(beta, t):
    return (1 - beta) * mp.fsum(beta**k for k in range(1, steps(t) + 1))


PROVER_ORACLES: dict[str, Oracle] = {
    "prover-softplus-ge-relu": Oracle(lambda x: relu(x), lambda x: softplus(x), X, "<="),
    "prover-softplus-le-relu-reversed": Oracle(lambda x: softplus(x), lambda x: relu(x), X, "<="),
    "prover-softplus-gap-le-ln2": Oracle(lambda x: softplus(x), lambda x: relu(x) + mp.log(2), X, "<="),
    "prover-softplus-gap-le-half-ln2": Oracle(lambda x: softplus(x), lambda x: relu(x) + mp.log(2) / 2, X, "<="),
    "prover-stable-sigmoid-cross-entropy": Oracle(lambda z, y: stable_bce(z, y, abs), bce, ZY),
    "prover-stable-sigmoid-cross-entropy-no-abs": Oracle(lambda z, y: stable_bce(z, y, lambda u: u), bce, ZY),
    "prover-stable-sigmoid-cross-entropy-sign": Oracle(lambda z, y: stable_bce(z, y, abs) + 2 * z * y, bce, ZY),
    "prover-hinge-ge-zero-one": Oracle(lambda t, y: indicator(y * t <= 0), hinge, TY, "<="),
    "prover-hinge-le-zero-one-reversed": Oracle(hinge, lambda t, y: indicator(y * t <= 0), TY, "<="),
    "prover-hinge-nonnegative": Oracle(lambda: 0, hinge, TY, "<="),
    "prover-huber-le-abs": Oracle(lambda x: huber(x, 1, mp.mpf(1) / 2), lambda x: abs(x), X, "<="),
    "prover-huber-le-half-abs": Oracle(lambda x: huber(x, 1, mp.mpf(1) / 2), lambda x: abs(x) / 2, X, "<="),
    "prover-huber-le-square": Oracle(lambda x: huber(x, 1, mp.mpf(1) / 2), lambda x: x**2 / 2, X, "<="),
    "prover-huber-ge-abs-minus-half": Oracle(lambda x: abs(x) - mp.mpf(1) / 2, lambda x: huber(x, 1, mp.mpf(1) / 2),
                                             X, "<="),
    "prover-huber-ge-square-reversed": Oracle(lambda x: x**2 / 2, lambda x: huber(x, 1, mp.mpf(1) / 2), X, "<="),
    "prover-triangle-inequality": Oracle(lambda a, b: abs(a + b), lambda a, b: abs(a) + abs(b), AB, "<="),
    "prover-triangle-inequality-reversed": Oracle(lambda a, b: abs(a) + abs(b), lambda a, b: abs(a + b), AB, "<="),
    "prover-relu-1-lipschitz": Oracle(lambda a, b: abs(relu(a) - relu(b)), lambda a, b: abs(a - b), AB, "<="),
    "prover-relu-half-lipschitz": Oracle(lambda a, b: abs(relu(a) - relu(b)), lambda a, b: abs(a - b) / 2, AB, "<="),
    "prover-relu-odd-part": Oracle(lambda x: relu(x) - relu(-x), lambda x: x, X),
    "prover-relu-even-part": Oracle(lambda x: relu(x) + relu(-x), lambda x: abs(x), X),
    "prover-relu-even-part-is-x": Oracle(lambda x: relu(x) + relu(-x), lambda x: x, X),
    "prover-max-abs-form": Oracle(lambda a, b: max(a, b), lambda a, b: (a + b + abs(a - b)) / 2, AB),
    "prover-min-abs-form-sign": Oracle(lambda a, b: min(a, b), lambda a, b: (a + b + abs(a - b)) / 2, AB),
    "prover-ln1p-le-x": Oracle(lambda x: mp.log(1 + x), lambda x: x, reals(x=(-0.99, 5)), "<="),
    "prover-ln1p-ge-x-reversed": Oracle(lambda x: x, lambda x: mp.log(1 + x), reals(x=(-0.99, 5)), "<="),
    "prover-exp-ge-1-plus-x": Oracle(lambda x: 1 + x, lambda x: mp.exp(x), X, "<="),
    "prover-exp-ge-second-order": Oracle(lambda x: 1 + x + x**2 / 2, lambda x: mp.exp(x), X, "<="),
    "prover-sigmoid-derivative-le-quarter": Oracle(lambda x: D(sig, x), lambda: mp.mpf(1) / 4, X, "<="),
    "prover-sigmoid-derivative-le-eighth": Oracle(lambda x: sig(x) * (1 - sig(x)), lambda: mp.mpf(1) / 8, X, "<="),
    "prover-tanh-le-x": Oracle(lambda x: mp.tanh(x), lambda x: x, reals(x=(0, 5)), "<="),
    "prover-tanh-ge-x-reversed": Oracle(lambda x: x, lambda x: mp.tanh(x), reals(x=(0, 5)), "<="),
    "prover-ln-le-x-minus-1": Oracle(lambda x: mp.log(x), lambda x: x - 1, reals(x=(0.01, 5)), "<="),
    "prover-ln-le-x-minus-2": Oracle(lambda x: mp.log(x), lambda x: x - 2, reals(x=(0.01, 5)), "<="),
    "prover-jensen-softplus": Oracle(lambda lam, a, b: softplus(lam * a + (1 - lam) * b),
                                     lambda lam, a, b: lam * softplus(a) + (1 - lam) * softplus(b), JENSEN, "<="),
    "prover-jensen-softplus-concave": Oracle(lambda lam, a, b: lam * softplus(a) + (1 - lam) * softplus(b),
                                             lambda lam, a, b: softplus(lam * a + (1 - lam) * b), JENSEN, "<="),
    "prover-jensen-log": Oracle(lambda lam, a, b: lam * mp.log(a) + (1 - lam) * mp.log(b),
                                lambda lam, a, b: mp.log(lam * a + (1 - lam) * b), JENSEN_POSITIVE, "<="),
    "prover-jensen-log-convex": Oracle(lambda lam, a, b: mp.log(lam * a + (1 - lam) * b),
                                       lambda lam, a, b: lam * mp.log(a) + (1 - lam) * mp.log(b), JENSEN_POSITIVE,
                                       "<="),
    "prover-jensen-exp-three-points": Oracle(lambda a, b, c: mp.exp((a + b + c) / 3),
                                             lambda a, b, c: (mp.exp(a) + mp.exp(b) + mp.exp(c)) / 3,
                                             reals(a=(-3, 3), b=(-3, 3), c=(-3, 3)), "<="),
    "prover-jensen-square-unbounded-weight": Oracle(lambda lam, a, b: (lam * a + (1 - lam) * b) ** 2,
                                                    lambda lam, a, b: lam * a**2 + (1 - lam) * b**2,
                                                    reals(lam=(-3, 3), a=(-3, 3), b=(-3, 3)), "<="),
    "prover-adam-bias-sum": Oracle(adam_sum, lambda beta, t: 1 - beta**t, BETA_T),
    "prover-adam-bias-sum-wrong-power": Oracle(adam_sum, lambda beta, t: 1 - beta ** (t + 1), BETA_T),
    "prover-adam-bias-sum-ascending": Oracle(adam_ascending, lambda beta, t: 1 - beta**t, BETA_T),
    "prover-geometric-sum": Oracle(lambda r, n: mp.fsum(r**k for k in range(steps(n))),
                                   lambda r, n: (1 - r**n) / (1 - r), GEOMETRIC),
    "prover-geometric-sum-off-by-one": Oracle(lambda r, n: mp.fsum(r**k for k in range(steps(n))),
                                              lambda r, n: (1 - r ** (n + 1)) / (1 - r), GEOMETRIC),
    "prover-lse-gradient-sums-to-one": Oracle(lambda z: mp.fsum(gradient(log_sum_exp, z)), lambda: 1, indexed),
    "prover-lse-gradient-sums-to-n": Oracle(lambda z: mp.fsum(gradient(log_sum_exp, z)), lambda n: n,
                                            lambda rng: indexed(rng, minimum=2)),
    "prover-partial-sum-exp-member": Oracle(lambda z, j: partial(lambda v: mp.fsum(mp.exp(u) for u in v), z, j),
                                            lambda z, j: mp.exp(z[j - 1]), indexed),
    "prover-partial-sum-exp-member-whole-sum": Oracle(lambda z, j: partial(lambda v: mp.fsum(mp.exp(u) for u in v),
                                                                           z, j),
                                                      lambda z: mp.fsum(mp.exp(u) for u in z),
                                                      lambda rng: indexed(rng, minimum=2)),
    "prover-telescoping-reciprocal": Oracle(lambda n: mp.fsum(mp.mpf(1) / (k * (k + 1))
                                                              for k in range(1, steps(n) + 1)),
                                            lambda n: 1 - mp.mpf(1) / (n + 1), SIZE),
    "prover-telescoping-reciprocal-wrong-end": Oracle(lambda n: mp.fsum(mp.mpf(1) / (k * (k + 1))
                                                                        for k in range(1, steps(n) + 1)),
                                                      lambda n: 1 - mp.mpf(1) / n, SIZE),
}
ORACLES.update(PROVER_ORACLES)

# Inequalities proved by sums of squares, the lemma table, tangent bounds of logarithms and squaring.
def positive_vector(n: int, rng) -> list:
    return [mp.mpf(v) for v in rng.uniform(0.01, 3.0, size=n)]


POS3 = lambda rng: {"x": positive_vector(3, rng)}  # noqa: E731
POS_INDEXED = lambda rng: {"n": (n := size(rng, 1, 6)), "x": positive_vector(n, rng)}  # noqa: E731
XY_POS = lambda rng: {"x": mp.mpf(rng.uniform(0, 3)), "y": mp.mpf(rng.uniform(0, 3))}  # noqa: E731
PQ = reals(p=(0.01, 0.99), q=(0.01, 0.99))
GAUSS = reals(s1=(0.1, 3), s2=(0.1, 3), m1=(-2, 2), m2=(-2, 2))
AB = reals(a=(-3, 3), b=(-3, 3))
XY = reals(x=(-3, 3), y=(-3, 3))


def kl_bernoulli(p, q):
    return p * mp.log(p / q) + (1 - p) * mp.log((1 - p) / (1 - q))


def kl_gauss(s1, s2, m1, m2, half=0.5):  # ½ is exact in binary
    return mp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - half


def cbrt_product(x):
    return mp.cbrt(x[0] * x[1] * x[2])


def geometric_mean(x):
    return mp.fprod(x) ** (mp.mpf(1) / len(x))


def minkowski_sides(a, b, keep=3):
    left = mp.sqrt(mp.fsum((u + v) ** 2 for u, v in zip(a, b)))
    return left, norm(a, 2) + mp.sqrt(mp.fsum(v**2 for v in b[:keep]))


ORACLES.update({
    "prover-cs-n3": Oracle(lambda a, b: dot(a, b) ** 2, lambda a, b: dot(a, a) * dot(b, b), vec3("a", "b"), "<="),
    "prover-cs-n3-dropped-square": Oracle(lambda a, b: dot(a, b) ** 2, lambda a, b: dot(a, a) * mp.fsum(b) ** 2,
                                          vec3("a", "b"), "<="),
    "prover-cs-n3-reversed": Oracle(lambda a, b: dot(a, a) * dot(b, b), lambda a, b: dot(a, b) ** 2, vec3("a", "b"),
                                    "<="),
    "prover-amgm-3": Oracle(cbrt_product, lambda x: mp.fsum(x) / 3, POS3, "<="),
    "prover-amgm-3-reversed": Oracle(lambda x: mp.fsum(x) / 3, cbrt_product, POS3, "<="),
    "prover-amgm-2": Oracle(lambda x, y: mp.sqrt(x * y), lambda x, y: (x + y) / 2, XY_POS, "<="),
    "prover-amgm-2-quarter": Oracle(lambda x, y: mp.sqrt(x * y), lambda x, y: (x + y) / 4, XY_POS, "<="),
    "prover-cs-general": Oracle(lambda a, b: dot(a, b) ** 2, lambda a, b: dot(a, a) * dot(b, b), indexed, "<="),
    "prover-cs-general-renamed": Oracle(lambda a, b: dot(a, b) ** 2, lambda a, b: dot(a, a) * dot(b, b), indexed,
                                        "<="),
    "prover-cs-general-dropped-square": Oracle(lambda a, b: dot(a, b) ** 2, lambda a, b: dot(a, a) * mp.fsum(b),
                                               indexed, "<="),
    "prover-power-mean-general": Oracle(lambda x: mp.fsum(x) ** 2, lambda x, n: n * dot(x, x), indexed, "<="),
    "prover-power-mean-averaged": Oracle(lambda x, n: (mp.fsum(x) / n) ** 2, lambda x, n: dot(x, x) / n, indexed,
                                         "<="),
    "prover-power-mean-general-no-n": Oracle(lambda x: mp.fsum(x) ** 2, lambda x: dot(x, x),
                                             lambda rng: indexed(rng, minimum=2), "<="),
    "prover-power-mean-one-over-n": Oracle(lambda x: mp.fsum(x) ** 2, lambda x, n: dot(x, x) / n,
                                           lambda rng: indexed(rng, minimum=2), "<="),
    "prover-amgm-general": Oracle(geometric_mean, lambda x: mp.fsum(x) / len(x), POS_INDEXED, "<="),
    "prover-amgm-general-reversed": Oracle(lambda x: mp.fsum(x) / len(x), geometric_mean, POS_INDEXED, "<="),
    "prover-triangle-general": Oracle(lambda x: abs(mp.fsum(x)), lambda x: mp.fsum(abs(v) for v in x), indexed,
                                      "<="),
    "prover-triangle-general-reversed": Oracle(lambda x: mp.fsum(abs(v) for v in x), lambda x: abs(mp.fsum(x)),
                                               lambda rng: indexed(rng, minimum=2), "<="),
    "prover-kl-bernoulli": Oracle(lambda p, q: 0, kl_bernoulli, PQ, "<="),
    "prover-kl-bernoulli-reversed": Oracle(kl_bernoulli, lambda p, q: 0, PQ, "<="),
    "prover-kl-bernoulli-margin": Oracle(lambda p, q: mp.mpf(1) / 10, kl_bernoulli, PQ, "<="),
    "prover-kl-gaussian": Oracle(lambda s1, s2, m1, m2: 0, lambda s1, s2, m1, m2: kl_gauss(s1, s2, m1, m2), GAUSS,
                                 "<="),
    "prover-kl-gaussian-inverted-ratio": Oracle(lambda s1, s2, m1, m2: 0,
                                                lambda s1, s2, m1, m2: kl_gauss(s1, s2, m1, m2)
                                                - 2 * mp.log(s2 / s1), GAUSS, "<="),
    "prover-kl-gaussian-minus-one": Oracle(lambda s1, s2, m1, m2: 0,
                                           lambda s1, s2, m1, m2: kl_gauss(s1, s2, m1, m2, half=1), GAUSS,
                                           "<="),
    "prover-minkowski-3": Oracle(lambda a, b: minkowski_sides(a, b)[0], lambda a, b: minkowski_sides(a, b)[1],
                                 vec3("a", "b"), "<="),
    "prover-minkowski-3-reversed": Oracle(lambda a, b: minkowski_sides(a, b)[1], lambda a, b: minkowski_sides(a, b)[0],
                                          vec3("a", "b"), "<="),
    "prover-minkowski-2-dropped-term": Oracle(lambda a, b: minkowski_sides(a[:2], b[:2], keep=1)[0],
                                              lambda a, b: minkowski_sides(a[:2], b[:2], keep=1)[1], vec3("a", "b"),
                                              "<="),
    "prover-lse-2-upper": Oracle(lambda a, b: mp.log(mp.exp(a) + mp.exp(b)), lambda a, b: max(a, b) + mp.log(2), AB,
                                 "<="),
    "prover-lse-2-upper-no-ln2": Oracle(lambda a, b: mp.log(mp.exp(a) + mp.exp(b)), lambda a, b: max(a, b), AB, "<="),
    "prover-quartic-sos": Oracle(lambda x, y: x**3 * y + x * y**3, lambda x, y: x**4 + y**4, XY, "<="),
    "prover-quartic-three-x3y": Oracle(lambda x, y: 3 * x**3 * y, lambda x, y: x**4 + y**4, XY, "<="),
})


def softmax_entropy(z):
    lse = log_sum_exp(z)
    return -mp.fsum(mp.exp(v - lse) * (v - lse) for v in z)


FAMILY = indexed
FAMILY_2 = lambda rng: indexed(rng, minimum=2)  # noqa: E731 - at n = 1 the false twins hold with equality

ORACLES.update({
    "prover-lse-general-lower": Oracle(lambda z: max(z), log_sum_exp, FAMILY, "<="),
    "prover-lse-general-upper": Oracle(log_sum_exp, lambda z, n: max(z) + mp.log(n), FAMILY, "<="),
    "prover-lse-general-upper-no-ln": Oracle(log_sum_exp, lambda z: max(z), FAMILY_2, "<="),
    "prover-lse-general-lower-reversed": Oracle(log_sum_exp, lambda z: max(z), FAMILY_2, "<="),
    "prover-lse-general-one-over-n": Oracle(log_sum_exp, lambda z, n: max(z) + mp.mpf(1) / n, FAMILY_2, "<="),
    "prover-lse-family-3": Oracle(lambda z: max(z[:3]), lambda z: log_sum_exp(z[:3]),
                                  lambda rng: indexed(rng, minimum=3), "<="),
    "prover-softmax-entropy-upper": Oracle(softmax_entropy, lambda n: mp.log(n), FAMILY, "<="),
    "prover-softmax-entropy-nonnegative": Oracle(lambda z: 0, softmax_entropy, FAMILY, "<="),
    "prover-softmax-entropy-reversed": Oracle(lambda n: mp.log(n), softmax_entropy, FAMILY_2, "<="),
    "prover-softmax-entropy-one-over-n": Oracle(softmax_entropy, lambda n: mp.mpf(1) / n, FAMILY_2, "<="),
    "prover-mean-above-min": Oracle(lambda z: min(z), lambda z: mp.fsum(z) / len(z), FAMILY, "<="),
    "prover-mean-below-max-false": Oracle(lambda z: max(z), lambda z: mp.fsum(z) / len(z), FAMILY_2, "<="),
    "prover-sum-below-n-max": Oracle(lambda z: mp.fsum(z), lambda z, n: n * max(z), FAMILY, "<="),
    "prover-sum-below-max-false": Oracle(lambda z: mp.fsum(z), lambda z: max(z), FAMILY_2, "<="),
})
