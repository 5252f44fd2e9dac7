"""Stage 4: render the templates against the model.

Every `*.jinja` file under templates/package/ and templates/docs/ produces one
file, named after it: templates/package/events.py.jinja gives
<package>/events.py, templates/docs/events.md.jinja gives docs/events.md.
Other templates (helpers.jinja) hold shared macros. A template that renders to
nothing but white space (an optional part the catalog does not ask for) produces no
file. Jinja runs with StrictUndefined, so a name missing from the model fails loudly.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import jinja2

from generator.model import Project

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def snake(name: str) -> str:
    """`StepDetailsDelta` -> `step_details_delta`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def docstring(text: str, indent: int = 0, width: int = 100) -> str:
    """A triple-quoted docstring of `text`, wrapped to fit `width` at `indent`."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = textwrap.wrap(text, width - indent - 3) or [""]
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= width:
        return f'"""{lines[0]}"""'
    pad = " " * indent
    return '"""' + f"\n{pad}".join(lines) + f'\n{pad}"""'


def render(project: Project, templates: Path = TEMPLATES) -> dict[str, str]:
    """The text of every generated file, keyed by its path under the output folder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["snake"] = snake
    env.filters["docstring"] = docstring
    destinations = {"package": Path(project.package), "docs": Path("docs")}
    files = {}
    for template in sorted(templates.rglob("*.jinja")):
        relative = template.relative_to(templates)
        if relative.parts[0] not in destinations:
            continue
        target = destinations[relative.parts[0]].joinpath(*relative.parts[1:]).with_suffix("")
        text = env.get_template(relative.as_posix()).render(project=project)
        if text.strip():
            files[target.as_posix()] = text
    return files
