"""A fully connected network as data: layer sizes, one activation, one cost.

Conventions shared by every layer of dlmath (symbolic proofs, compiled code,
hand-written backprop, the `dlmath grad` files):

    z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  a⁽ˡ⁾ = g(z⁽ˡ⁾),  a⁽⁰⁾ = x,   l = 1 … L
    W⁽ˡ⁾ has shape (nₗ, nₗ₋₁), b⁽ˡ⁾ has shape (nₗ,); parameters are named W1, b1, W2, b2, …

The cost is summed over the samples of a batch. `cross-entropy` puts a sigmoid
on the output layer and `softmax-cross-entropy` a softmax; every other layer
uses the network's activation.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlmath.symbolic.calculus import vocabulary
from dlmath.symbolic.calculus.vocabulary import QUADRATIC, SIGMOID, Activation, Cost
from dlmath.symbolic.errors import DlmathError

# The names a Network accepts, read off the records (symbolic/calculus/vocabulary.py), in their order.
ACTIVATIONS: tuple[str, ...] = vocabulary.HIDDEN_ACTIVATIONS
COSTS: tuple[str, ...] = tuple(vocabulary.COSTS)
MAX_UNITS = 100_000


class NetworkError(DlmathError, ValueError):
    """A network that cannot be built: bad sizes, an unknown activation or cost."""


@dataclass(frozen=True)
class Network:
    """Layer sizes n₀ (inputs) … n_L (outputs), the hidden activation and the cost."""

    sizes: tuple[int, ...]
    activation: str = SIGMOID.name
    cost: str = QUADRATIC.name

    def __post_init__(self) -> None:
        if len(self.sizes) < 2:
            raise NetworkError(f"a network needs at least two layer sizes (inputs and outputs), got {self.sizes}")
        if any(not isinstance(n, int) or n < 1 or n > MAX_UNITS for n in self.sizes):
            raise NetworkError(f"layer sizes must be whole numbers from 1 to {MAX_UNITS}, got {self.sizes}")
        if self.activation not in ACTIVATIONS:
            raise NetworkError(f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}")
        if self.cost not in COSTS:
            raise NetworkError(f"unknown cost {self.cost!r}; choose one of {', '.join(COSTS)}")

    @property
    def depth(self) -> int:
        """L, the number of layers with weights."""
        return len(self.sizes) - 1

    @property
    def hidden_activation(self) -> Activation:
        """The record of the hidden layers' activation."""
        return vocabulary.ACTIVATIONS[self.activation]

    @property
    def cost_function(self) -> Cost:
        """The record of the cost."""
        return vocabulary.COSTS[self.cost]

    @property
    def output_activation(self) -> Activation:
        """What the last layer applies: the network's activation, or the cost's sigmoid / softmax."""
        return self.cost_function.output or self.hidden_activation

    def activation_of(self, layer: int) -> Activation:
        """The activation of layer l (1 … L)."""
        return self.output_activation if layer == self.depth else self.hidden_activation

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """Every parameter's name and shape, in order W1, b1, W2, b2, …"""
        out: dict[str, tuple[int, ...]] = {}
        for layer in range(1, self.depth + 1):
            out[f"W{layer}"] = (self.sizes[layer], self.sizes[layer - 1])
            out[f"b{layer}"] = (self.sizes[layer],)
        return out

    @property
    def label(self) -> str:
        return "-".join(str(n) for n in self.sizes)


def parse_layers(text: str) -> tuple[int, ...]:
    """'12,3,2' or '12-3-2' → (12, 3, 2); NetworkError with a clear message otherwise."""
    parts = text.replace("-", ",").split(",")
    if len(parts) < 2 or not all(p.strip().isdigit() for p in parts):
        raise NetworkError(f"--layers takes sizes such as 12,3,2 (inputs, hidden…, outputs), got {text!r}")
    return tuple(int(p) for p in parts)
