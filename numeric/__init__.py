"""Numpy code: compiled gradients, backprop, gradient checks, trainers (built on symbolic)."""
