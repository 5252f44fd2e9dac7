"""The pipeline, top to bottom: load -> validate -> model -> render -> format.

`build` returns every generated file's text keyed by its path under the output
folder; nothing is written here (see `output`).
"""

from __future__ import annotations

from pathlib import Path

from generator.format import format_python
from generator.load import load_spec
from generator.model import build_model
from generator.render import TEMPLATES, render
from generator.validate import validate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = PROJECT_ROOT / "spec"
DEFAULT_OUT = PROJECT_ROOT / "generated"


def build(spec_dir: Path = DEFAULT_SPEC, templates: Path = TEMPLATES) -> dict[str, str]:
    spec = load_spec(spec_dir)
    validate(spec)
    project = build_model(spec)
    return format_python(render(project, templates))
