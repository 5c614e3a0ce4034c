"""The DL-notation reader (LaTeX → Claim, under every plausible reading) and writer (SymPy → LaTeX)."""

from .claim import Claim, Definition, read_chain
from .errors import NotationError
from .parser import read_expression
from .reading import AmbiguousNotation, Reading, Readings, read_claim, read_readings
from .writer import claim_to_latex, to_latex

__all__ = ["Claim", "Definition", "NotationError", "AmbiguousNotation", "Reading", "Readings", "read_claim",
           "read_readings", "read_chain", "read_expression", "claim_to_latex", "to_latex"]
