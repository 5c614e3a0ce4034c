"""Claim → Verdict under the soundness policy; see engine.py.

The names are imported on first use: `dlmath verify`'s parent process imports only `worker`
(no SymPy), and importing a submodule runs this file first.
"""

from __future__ import annotations

import importlib

# public name -> the submodule that defines it
_PUBLIC = {
    "verify": "engine",
    "Verdict": "verdict", "Counterexample": "verdict", "Status": "verdict",
    "Checked": "worker", "check": "worker", "check_claim": "worker", "check_with_timeout": "worker",
}

__all__ = list(_PUBLIC)


def __getattr__(name: str) -> object:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_PUBLIC[name]}"), name)
