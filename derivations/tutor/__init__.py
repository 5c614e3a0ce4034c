"""The tutor: check a derivation line by line, find the first wrong line, diagnose it by a proved repair."""

from .chain import CheckReport, LineResult, check
from .lines import DerivationError

__all__ = ["CheckReport", "DerivationError", "LineResult", "check"]
