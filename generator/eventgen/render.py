"""Stage 4: render each target's templates against the model.

Every `*.jinja` file under templates/<target>/ produces one file named after it,
under <target>/ in the output: templates/python/pyproject.toml.jinja gives
python/pyproject.toml, and templates/python/package/events.py.jinja gives
python/<package>/events.py (the target says what `package` becomes). Files whose
name starts with `_` and has no other suffix (_helpers.jinja) hold shared macros
and produce nothing. A
template that renders to nothing but white space produces no file.

Templates are looked up first in the user's `--templates` folder, then in the
ones eventgen ships, so a user overrides one file or adds one. A catalog's extra
modules are templates beside it, extras/<target>/<name>.jinja. Each target's
hand-written runtime files are copied into its package with a DO NOT EDIT header.
Jinja runs with StrictUndefined, so a name missing from the model fails loudly.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from eventgen.model import Project
from eventgen.targets import Target

TEMPLATES = Path(str(files("eventgen") / "templates"))


def render(
    project: Project,
    targets: list[Target],
    extras: list[Path],
    overlay: Path | None = None,
) -> dict[str, str]:
    """The text of every generated file, keyed by its path under the catalog's output.
    `extras` are the folders searched, in order, for the catalog's extra templates."""
    out: dict[str, str] = {}
    for target in targets:
        overlays = [overlay / target.name] if overlay else []
        extra_folders = [folder / target.name for folder in extras]
        env = _environment([*overlays, TEMPLATES / target.name, *extra_folders], target)
        extra_names = _extra_names(project, target)
        package = Path(target.name, target.package_dir(project))
        for name in _template_names(project, target, overlay):
            relative = Path(name)
            if relative.parts[0] == "package":
                destination = package.joinpath(*relative.parts[1:])
            elif name in extra_names:
                destination = package / relative
            else:
                destination = Path(target.name, relative)
            text = env.get_template(name).render(project=project)
            if text.strip():
                out[destination.with_suffix("").as_posix()] = text
        if target.runtime is not None:
            for source in sorted(target.runtime.glob("*.py")):
                if source.name != "__init__.py":
                    header = target.header(f"eventgen/runtime/{source.name}")
                    text = source.read_text(encoding="utf-8")
                    out[(package / source.name).as_posix()] = header + text
    return out


def _environment(search: list[Path], target: Target) -> jinja2.Environment:
    # Sandboxed: a template from beside a catalog (an extra) or from --templates writes
    # code into the package, but cannot run code while eventgen renders it.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(target.filters)
    return env


def _template_names(project: Project, target: Target, overlay: Path | None) -> list[str]:
    """Templates that produce files: the shipped and overlaid ones, and the catalog's
    extras (beside it, last in the search path)."""
    roots = [TEMPLATES / target.name] + ([overlay / target.name] if overlay else [])
    names = {
        p.relative_to(root).as_posix()
        for root in roots
        if root.is_dir()
        for p in root.rglob("*.jinja")
        if not _is_macros(p)
    }
    return sorted(names | _extra_names(project, target))


def _is_macros(template: Path) -> bool:
    """`_helpers.jinja` holds macros; `__init__.py.jinja` produces `__init__.py`."""
    return template.name.startswith("_") and template.suffixes == [".jinja"]


def _extra_names(project: Project, target: Target) -> set[str]:
    # Extras are Python modules of the package for now; other targets have none.
    return {f"{extra}.py.jinja" for extra in project.extras} if target.name == "python" else set()
