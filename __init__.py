"""dlmath: derive, check and run the mathematics of deep learning.

The three floors are subpackages: `dlmath.symbolic` (SymPy: the reader, the
verifier, the calculus), `dlmath.numeric` (numpy: compiled gradients, backprop,
training) and `dlmath.derivations` (the catalog, the renderers, the command).
The names below are the public API; they are imported on first use, so that
`import dlmath` (and every `dlmath` command) stays fast.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dlmath")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

# public name -> the module that defines it
_PUBLIC = {
    "read_claim": "dlmath.symbolic.notation",
    "NotationError": "dlmath.symbolic.notation",
    "Claim": "dlmath.symbolic.notation",
    "verify": "dlmath.symbolic.verify",
    "Verdict": "dlmath.symbolic.verify",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> object:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'dlmath' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
