"""Toy sequence tasks for the transformer block: copy or reverse every short sequence of a few tokens.

Inputs and targets are one-hot, X and Y of shape (n, T, vocabulary), n = vocabulary^T (every
sequence once, in lexicographic order). Copying is solved by the residual path alone; reversing
needs the attention head to look from position i to position T − 1 − i, which it can only learn
through the position embeddings.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SequenceTask:
    """Every sequence of the task as one-hot X and Y (n, T, vocabulary), and what the task asks."""

    name: str
    X: np.ndarray
    Y: np.ndarray
    description: str

    @property
    def sequence(self) -> int:
        return self.X.shape[1]

    @property
    def vocabulary(self) -> int:
        return self.X.shape[2]


def _all_sequences(length: int, vocabulary: int) -> np.ndarray:
    """(vocabulary^length, length) token indices, every sequence once."""
    if length < 1 or vocabulary < 2 or vocabulary**length > 4096:
        raise ValueError(f"sequences of {length} tokens over {vocabulary} make no task of at most 4096 sequences")
    return np.array(list(itertools.product(range(vocabulary), repeat=length)), dtype=np.intp)


def _one_hot(tokens: np.ndarray, vocabulary: int) -> np.ndarray:
    return np.eye(vocabulary)[tokens]


def copy_task(length: int = 4, vocabulary: int = 4) -> SequenceTask:
    """y = x: every sequence of `length` tokens over `vocabulary` symbols, to be copied."""
    tokens = _all_sequences(length, vocabulary)
    return SequenceTask("copy", _one_hot(tokens, vocabulary), _one_hot(tokens, vocabulary),
                        f"copy each of the {len(tokens)} sequences of {length} tokens over {vocabulary} symbols")


def reversal_task(length: int = 4, vocabulary: int = 4) -> SequenceTask:
    """y = x reversed: every sequence of `length` tokens over `vocabulary` symbols, backwards."""
    tokens = _all_sequences(length, vocabulary)
    return SequenceTask("reversal", _one_hot(tokens, vocabulary), _one_hot(tokens[:, ::-1], vocabulary),
                        f"reverse each of the {len(tokens)} sequences of {length} tokens over {vocabulary} symbols")


SEQUENCE_TASKS: dict[str, Callable[[], SequenceTask]] = {"copy": copy_task, "reversal": reversal_task}


def token_accuracy(probabilities: np.ndarray, Y: np.ndarray) -> float:
    """The fraction of positions whose most probable token is the target's."""
    return float(np.mean(probabilities.argmax(axis=-1) == Y.argmax(axis=-1)))
