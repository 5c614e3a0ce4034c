"""The update rules, on a parameter dict in place: plain gradient descent (SGD) and Adam.

Every trainer (numeric/train.py, the bfloat16 MLP, the LSTM curriculum, the fitting and robust
experiments) steps through these, so a rule is written once. A gradient may be the gradient of a
cost summed over n samples: `summed_over=n` makes the step use the mean, θ ← θ − (η/n)·g.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

import numpy as np

RoundFn = Callable[[np.ndarray], np.ndarray]


class SGD:
    """θ ← θ − (η/n)·g; with a rounding hook θ ← round(θ − η·g), the weights stored at the hook's precision."""

    def __init__(self, rate: float, round_fn: RoundFn | None = None) -> None:
        self.rate, self.round_fn = rate, round_fn

    def step(self, params: MutableMapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
             summed_over: int = 1) -> None:
        """Update every parameter that has a gradient; a rounded step stores new arrays, a plain one works in place."""
        scale = self.rate / summed_over
        for name, gradient in grads.items():
            if self.round_fn is None:
                params[name] -= scale * gradient
            else:
                params[name] = self.round_fn(params[name] - scale * gradient)


class Adam:
    """Adam (Kingma & Ba): θ ← θ − η m̂/(√v̂ + ε) with β₁ = 0.9, β₂ = 0.999, bias-corrected moments."""

    def __init__(self, params: Mapping[str, np.ndarray], rate: float, eps: float = 1e-8) -> None:
        self.rate, self.eps, self.count = rate, eps, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params: MutableMapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """One update of every parameter in grads (the gradient of the cost the rate is meant for)."""
        self.count += 1
        for k, g in grads.items():
            self.m[k] = 0.9 * self.m[k] + 0.1 * g
            self.v[k] = 0.999 * self.v[k] + 0.001 * g * g
            m_hat, v_hat = self.m[k] / (1 - 0.9**self.count), self.v[k] / (1 - 0.999**self.count)
            params[k] -= self.rate * m_hat / (np.sqrt(v_hat) + self.eps)
