"""The pipeline, top to bottom: load -> validate -> model -> check -> render -> format.

`build` returns every generated file's text keyed by its path under the output
folder; nothing is written here (see `output`). A spec folder is one catalog (it
holds catalog.yaml) whose files go straight under the output, or a folder of
catalogs, each generated into the output folder of its own name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jinja2

from eventgen.diagnostics import Diagnostic, SpecError
from eventgen.load import find_catalogs, load_spec
from eventgen.model import Project, build_model
from eventgen.render import render
from eventgen.targets import Target, all_targets
from eventgen.validate import validate

DEFAULT_SPEC = Path("spec")
DEFAULT_OUT = Path("generated")


def build(spec_dir: Path = DEFAULT_SPEC, overlay: Path | None = None) -> dict[str, str]:
    """Every file of every catalog under `spec_dir`; SpecError lists all problems."""
    folders = find_catalogs(spec_dir)
    single = folders == [spec_dir]
    files: dict[str, str] = {}
    problems: list[Diagnostic] = []
    packages: dict[str, Path] = {}
    for folder in folders:
        try:
            project, rendered = build_catalog(folder, overlay)
        except SpecError as error:
            problems += error.diagnostics
            continue
        if project.package in packages:
            problems.append(
                project.origin.diagnostic(
                    f"package {project.package!r} is also the package of "
                    f"{packages[project.package]}"
                )
            )
        packages[project.package] = folder
        prefix = "" if single else f"{folder.name}/"
        files.update({prefix + name: text for name, text in rendered.items()})
    if problems:
        raise SpecError(problems)
    return files


def build_catalog(folder: Path, overlay: Path | None = None) -> tuple[Project, dict[str, str]]:
    """One catalog's model and files, keyed by path under its own output folder."""
    spec = load_spec(folder)
    validate(spec)
    project = build_model(spec)
    targets = all_targets()
    problems = [problem for target in targets for problem in target.check(project)]
    if problems:
        raise SpecError(problems)
    try:
        files = render(project, targets, spec.extras, overlay)
    except jinja2.TemplateError as error:
        raise SpecError([_template_problem(spec.catalog.path, error)]) from error
    _check_extras(project, files)
    return project, format_files(files, targets)


def format_files(files: dict[str, str], targets: list[Target]) -> dict[str, str]:
    """Each target's files through its formatter."""
    out = dict(files)
    for target in targets:
        if target.formatter is not None:
            own = {name: text for name, text in files.items() if name.startswith(f"{target.name}/")}
            out.update(target.formatter(own))
    return out


def _check_extras(project: Project, files: dict[str, str]) -> None:
    """An extra module may only import what this catalog generates: one written for
    another catalog's types is reported here, not as a package that fails on import."""
    defined = {
        "events": {e.class_name for e in project.events} | _EVENTS_MODULE_NAMES,
        "payloads": set(project.payload_names) | {"UnknownVariant"},
    }
    problems = []
    for index, extra in enumerate(project.extras):
        source = files.get(f"python/{project.package}/{extra}.py", "")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module in defined:
                missing = [a.name for a in node.names if a.name not in defined[node.module]]
                if missing:
                    problems.append(
                        project.origin.doc.diagnostic(
                            ("extras", index),
                            f"extra {extra!r} needs {', '.join(missing)}, "
                            "which this catalog does not define",
                        )
                    )
    if problems:
        raise SpecError(problems)


# What the events module defines whatever the catalog (templates/python/package/events.py.jinja).
_EVENTS_MODULE_NAMES = frozenset(
    {"EVENT_CLASSES", "KnownEvent", "StreamEvent", "UnknownEvent", "parse_event", "typed_event"}
)


def _template_problem(catalog: Path, error: jinja2.TemplateError) -> Diagnostic:
    where = getattr(error, "filename", None) or str(catalog)
    line = getattr(error, "lineno", None) or 1
    return Diagnostic(Path(where), line, 1, f"template error: {error}")
