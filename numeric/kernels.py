"""The numpy activation kernels in their numerically stable forms: one home for every floor's numpy code.

The hand-written backprop (backprop.py, recurrent.py, conv.py), the fitting and robust-training
code, and the generated code (compile.py imports these from its source; recurrent_compiled.py and
conv_compiled.py evaluate symbolic expressions, whose σ is checked against `sigmoid`) all use these.
Derivatives are taken from the forward pass's output a = g(z), which the backward pass already holds.
"""

from __future__ import annotations

import numpy as np
from scipy.special import erf, erfc  # noqa: F401 - erf: the compiled code's GELU′ imports it from here


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1/(1 + e⁻ᶻ) for z ≥ 0 and eᶻ/(1 + eᶻ) for z < 0: never overflows, full relative precision."""
    # Only e^(−|z|) ≤ 1 is ever computed. ½(1 + tanh(z/2)) never overflows either, but it cancels
    # catastrophically for z ≪ 0 (σ(−30) came out with only 4 correct digits).
    z = np.asarray(z, dtype=np.result_type(z, np.float32))  # float32 stays float32, integers become float64
    e = np.abs(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    out = np.where(z >= 0.0, 1.0, e)
    e += 1.0
    out /= e
    return out


def sigmoid_derivative(a: np.ndarray) -> np.ndarray:
    """σ'(z) = σ(z)(1 − σ(z)), from the output a = σ(z)."""
    return a * (1.0 - a)


def tanh(z: np.ndarray) -> np.ndarray:
    """tanh(z); numpy's is stable for every z."""
    return np.tanh(z)


def tanh_derivative(a: np.ndarray) -> np.ndarray:
    """tanh'(z) = 1 − tanh²(z), from the output a = tanh(z)."""
    return 1.0 - a * a


def relu(z: np.ndarray) -> np.ndarray:
    """max(z, 0)."""
    return np.maximum(z, 0.0)


def relu_derivative(z: np.ndarray) -> np.ndarray:
    """[z > 0] as 0/1; ReLU'(0) is undefined and taken as 0 there, like most frameworks."""
    return z > 0.0


def softplus(z: np.ndarray) -> np.ndarray:
    """ln(1 + eᶻ) as logaddexp(0, z): finite for |z| ≈ 800, where ln(1 + exp(z)) gives inf."""
    return np.logaddexp(0.0, z)


def log_softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise z − ln Σⱼ e^{zⱼ} (log-sum-exp), computed from the shifted z so it never overflows."""
    shifted = z - z.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


def softmax(z: np.ndarray, axis: int = 1) -> np.ndarray:
    """Softmax along `axis` (rows by default); subtracting the max keeps exp from overflowing."""
    out = z - z.max(axis=axis, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=axis, keepdims=True)
    return out


# The smooth activations. Their derivatives need z (not a alone), which the backward pass holds too.
_SQRT_2_OVER_PI = float(np.sqrt(2.0 / np.pi))
_GELU_TANH_CUBIC = 0.044715  # symbolic.calculus.activations.GELU_TANH_CUBIC


def normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) = ½(1 + erf(z/√2)) as ½ erfc(−z/√2): no 1 − small cancels in the left tail (scipy's, vectorised)."""
    return 0.5 * erfc(-np.asarray(z) / np.sqrt(2.0))


def normal_pdf(z: np.ndarray) -> np.ndarray:
    """φ(z) = e^{−z²/2}/√(2π); it underflows to 0 for |z| > 38, where it is below 1e-300."""
    return np.exp(-0.5 * np.square(z)) / np.sqrt(2.0 * np.pi)


def gelu(z: np.ndarray) -> np.ndarray:
    """GELU(z) = z Φ(z)."""
    return z * normal_cdf(z)


def gelu_derivative(z: np.ndarray) -> np.ndarray:
    """GELU′(z) = Φ(z) + z φ(z)."""
    return normal_cdf(z) + z * normal_pdf(z)


def gelu_tanh(z: np.ndarray) -> np.ndarray:
    """½ z (1 + tanh(u)), u = √(2/π)(z + 0.044715 z³), GELU's tanh approximation, as z σ(2u): ½(1 + tanh u)
    = σ(2u), and the stable σ keeps full relative precision where 1 + tanh u cancels (z ≪ 0)."""
    return z * sigmoid(2.0 * _SQRT_2_OVER_PI * (z + _GELU_TANH_CUBIC * z**3))


def gelu_tanh_derivative(z: np.ndarray) -> np.ndarray:
    """½(1 + t) + ½ z (1 − t²) √(2/π)(1 + 3 · 0.044715 z²), t = tanh(√(2/π)(z + 0.044715 z³))."""
    s = sigmoid(2.0 * _SQRT_2_OVER_PI * (z + _GELU_TANH_CUBIC * z**3))  # ½(1 + t) = s, ½(1 − t²) = 2s(1 − s)
    return s + 2.0 * z * s * (1.0 - s) * _SQRT_2_OVER_PI * (1.0 + 3.0 * _GELU_TANH_CUBIC * z * z)


def silu(z: np.ndarray) -> np.ndarray:
    """SiLU(z) = z σ(z), with the stable σ."""
    return z * sigmoid(z)


def silu_derivative(z: np.ndarray) -> np.ndarray:
    """SiLU′(z) = σ(z)(1 + z(1 − σ(z)))."""
    s = sigmoid(z)
    return s * (1.0 + z * (1.0 - s))
