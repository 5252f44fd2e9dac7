"""Targets: what one catalog becomes in one language, as data.

A target names its template folder under templates/, the folder its files go to
under the catalog's output, the folder that stands for its package there, the
Jinja filters that spell model types in its language, the names that language
cannot use (reported as diagnostics against spec/), hand-written runtime files
copied into the package, and how its files are formatted. Adding a language is
adding a `Target`, not changing the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventgen.diagnostics import Diagnostic
from eventgen.model import Project


@dataclass(frozen=True)
class Target:
    name: str
    """Its templates are templates/<name>/; its files go to <out>/<name>/."""
    package_dir: Callable[[Project], str]
    """The folder that templates/<name>/package/ renders into, under <out>/<name>/."""
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    check: Callable[[Project], list[Diagnostic]] = lambda project: []
    runtime: Path | None = None
    """A folder of hand-written files copied into the package as they are."""
    header: Callable[[str], str] = lambda source: ""
    """The DO NOT EDIT comment put on top of each copied runtime file."""
    formatter: Callable[[dict[str, str]], dict[str, str]] | None = None
    """Formats this target's rendered files (paths relative to the output)."""


def all_targets() -> list[Target]:
    from eventgen.targets import docs, java, python, typescript

    return [python.TARGET, docs.TARGET, typescript.TARGET, java.TARGET]
