r"""The Unicode characters of formulas and their TeX: one table, read by tex.py (to LaTeX) and plain.py (back).

`MATH_SYMBOL` maps a character of prose or math to the TeX that sets it (σ → \sigma); plain.py reads it
backwards to show TeX in a terminal. `SUPERSCRIPT` and `SUBSCRIPT` are Unicode's own tables of script
characters ('ⁱ' → 'i'), and `TO_SUPERSCRIPT`/`TO_SUBSCRIPT` the other way ('i' → 'ⁱ').
"""

from __future__ import annotations

import unicodedata

MATH_SYMBOL = {  # each works in text and in math, wrapped in \ensuremath
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\epsilon", "ζ": r"\zeta", "η": r"\eta",
    "θ": r"\theta", "ι": r"\iota", "κ": r"\kappa", "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi",
    "ο": "o", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "ς": r"\varsigma", "τ": r"\tau", "υ": r"\upsilon",
    "φ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta",
    "Λ": r"\Lambda", "Ξ": r"\Xi", "Π": r"\Pi", "Σ": r"\Sigma", "Υ": r"\Upsilon", "Φ": r"\Phi", "Ψ": r"\Psi",
    "Ω": r"\Omega", "∂": r"\partial", "∇": r"\nabla", "−": "-", "·": r"\cdot", "⋅": r"\cdot", "×": r"\times",
    "÷": r"\div", "±": r"\pm", "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv",
    "∼": r"\sim", "∝": r"\propto", "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow", "↦": r"\mapsto",
    "∈": r"\in", "∉": r"\notin", "⊂": r"\subset", "⊆": r"\subseteq", "∩": r"\cap", "∪": r"\cup",
    "∅": r"\emptyset", "∞": r"\infty", "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "√": r"\surd",
    "⊙": r"\odot", "⊗": r"\otimes", "∘": r"\circ", "∗": r"\ast", "‖": r"\|", "⊤": r"\top", "∀": r"\forall",
    "∃": r"\exists", "⟨": r"\langle", "⟩": r"\rangle", "ℓ": r"\ell", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}",
    "ℤ": r"\mathbb{Z}", "⊕": r"\oplus", "⇔": r"\Leftrightarrow", "⅓": r"\tfrac{1}{3}", "′": r"{}^{\prime}",
    "″": r"{}^{\prime\prime}", "½": r"\tfrac{1}{2}",
    "\ufffd": r"\blacksquare",  # a character the text should not contain (see outline.clean)
}


def _scripts(tag: str) -> dict[str, str]:
    """Unicode's own table of superscript (tag '<super>') or subscript ('<sub>') characters: 'ⁱ' -> 'i'."""
    blocks = (range(0x00A0, 0x0100), range(0x02B0, 0x0370), range(0x1D00, 0x1DC0), range(0x2070, 0x20A0),
              range(0x2C7C, 0x2C7D))
    table = {}
    for code in (c for block in blocks for c in block):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == tag:
            table[chr(code)] = chr(int(parts[1], 16))
    return table


SUPERSCRIPT, SUBSCRIPT = _scripts("<super>"), _scripts("<sub>")

# The other way; the minus sign's script form stands for the ASCII hyphen-minus of TeX source too.
TO_SUPERSCRIPT = {**{base: c for c, base in SUPERSCRIPT.items() if len(base) == 1}, "-": "⁻", "⊤": "ᵀ"}
TO_SUBSCRIPT = {**{base: c for c, base in SUBSCRIPT.items() if len(base) == 1}, "-": "₋"}
