"""Claim → Verdict under the soundness policy; see engine.py."""

from .engine import verify
from .verdict import ERROR, PROVED, REFUTED, UNDECIDED, Counterexample, Verdict
from .worker import Outcome, check, check_with_timeout

__all__ = ["verify", "Verdict", "Counterexample", "Outcome", "check", "check_with_timeout",
           "PROVED", "REFUTED", "UNDECIDED", "ERROR"]
