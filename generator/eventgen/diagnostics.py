"""Problems found in spec/, reported the way compilers and black do.

Each problem is `file:line:col: message`, then the source line and a caret under
the column. Lines and columns are 1-based. `SpecError` carries every problem
found, so a user fixes them all in one pass instead of one per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: Path
    line: int
    column: int
    message: str
    source_line: str = ""

    def render(self, relative_to: Path | None = None) -> str:
        shown = self.path
        if relative_to is not None:
            try:
                shown = self.path.resolve().relative_to(relative_to.resolve())
            except ValueError:
                pass
        text = f"{shown}:{self.line}:{self.column}: {self.message}"
        if self.source_line:
            text += f"\n    {self.source_line}\n    {' ' * (self.column - 1)}^"
        return text


class SpecError(Exception):
    """spec/ is invalid; `diagnostics` lists every problem, sorted by place."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} problem(s) in the spec")
