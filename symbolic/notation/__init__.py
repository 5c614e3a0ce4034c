"""The DL-notation reader (LaTeX → Claim) and writer (SymPy → LaTeX)."""

from .claim import Claim, Definition, read_chain, read_claim
from .errors import NotationError
from .parser import read_expression
from .writer import claim_to_latex, to_latex

__all__ = ["Claim", "Definition", "NotationError", "read_claim", "read_chain", "read_expression",
           "claim_to_latex", "to_latex"]
