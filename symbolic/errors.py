"""The exceptions every floor shares: one base, DlmathError, so that `except dlmath.DlmathError` catches them all.

Each message is one line a student understands, the same line the `dlmath` command prints after "dlmath: ".
"""

from __future__ import annotations


class DlmathError(Exception):
    """Base class of every error dlmath raises on purpose (bad input, an unknown name, an unreadable claim)."""


class UnknownNameError(DlmathError, LookupError):
    """A derivation, experiment or model name that dlmath does not know; the message lists the known ones."""


class ParameterError(DlmathError, ValueError):
    """A parameter that the called function does not take, or a value it cannot use."""
