"""Claim → Verdict under the soundness policy; see engine.py."""

from .engine import verify
from .verdict import Counterexample, Status, Verdict
from .worker import Checked, check, check_claim, check_with_timeout

__all__ = ["verify", "Verdict", "Counterexample", "Status", "Checked", "check", "check_claim", "check_with_timeout"]
