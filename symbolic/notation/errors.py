"""The one exception the reader raises."""

from __future__ import annotations

from ..errors import DlmathError


class NotationError(DlmathError, ValueError):
    """A fragment of LaTeX that dlmath cannot read faithfully.

    The message quotes the fragment, so a student can find it in the source.
    """

    def __init__(self, message: str, fragment: str = "") -> None:
        self.fragment = fragment
        text = f"{message}: '{fragment}'" if fragment else message
        super().__init__(text)
