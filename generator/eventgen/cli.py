"""The `eventgen` command (also `python -m eventgen`).

    eventgen generate [--spec DIR] [--out DIR] [--templates DIR]   write the output
    eventgen check    [--spec DIR] [--out DIR] [--templates DIR]   is the output current?
    eventgen parse FILE [--spec DIR] [--json] [--keep]             the events of a capture
    eventgen import openapi DOC [--catalog DIR] [--events NAME] [--check]
                                                 refresh a catalog from an OpenAPI document
    eventgen diff OLD NEW [--format text|markdown] [--fail-on breaking|none]
                                                 what changed between two spec states
    eventgen parity SDK_DEFINITION... [--catalog DIR] [--update]
                                                 where an SDK's own definitions drift
    eventgen docs build|serve [--spec DIR] [--out DIR]   the docs site of every catalog

Exit codes:
    0  done; for `check`, the output is current
    1  `check`: the output differs from what the spec and templates produce;
       `parse`: the stream holds malformed data (the message names event and byte offset);
       `import --check`: the catalog is behind the document;
       `diff --fail-on breaking`: a change breaks readers or code generated from OLD;
       `parity`: the SDK's definitions differ from the catalog's mirror;
       `docs build`: the site could not be built (mkdocs or npm failed)
    2  the spec is invalid (each problem printed as file:line:col), a file cannot be
       read or written safely, or bad usage
    3  an internal error in eventgen (a bug: please report it with the traceback)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from eventgen import __version__, output
from eventgen.diagnostics import SpecError
from eventgen.pipeline import DEFAULT_OUT, DEFAULT_SPEC, build

EXIT_OK, EXIT_DRIFT, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: --help and --version exit 0, bad usage 2
        return int(exit_.code or 0)
    try:
        return args.run(args)
    except SpecError as error:
        for problem in error.diagnostics:
            print(problem.render(Path.cwd()), file=sys.stderr)
        print(f"eventgen: {len(error.diagnostics)} problem(s); nothing written", file=sys.stderr)
        return EXIT_INVALID
    except output.OutputError as error:
        print(f"eventgen: {error}; nothing written", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug: never exit 1, which means drift
        traceback.print_exc()
        print(f"eventgen {__version__}: internal error; please report it", file=sys.stderr)
        return EXIT_INTERNAL


def _generate(args: argparse.Namespace) -> int:
    files = build(args.spec, args.templates)
    changes = output.write(files, args.out)
    for change in changes:
        print(f"{change.action:>6} {_shown(args.out / change.path)}")
    print(f"eventgen: {len(changes)} file(s) changed, {len(files)} generated")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    files = build(args.spec, args.templates)
    changes = output.plan(files, args.out)
    for change in changes:
        verb = "would remove" if change.action == "remove" else "would regenerate"
        print(f"{verb} {_shown(args.out / change.path)}")
        sys.stdout.write(output.diff(change, files, args.out))
    if changes:
        print(f"eventgen: {len(changes)} file(s) out of date; run `eventgen generate`")
        return EXIT_DRIFT
    print(f"eventgen: {len(files)} file(s) up to date")
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    """Generate the catalog's package into a temporary folder and run its own inspector
    (`python -m <package> parse`) there, so any catalog's streams print typed, with no
    install."""
    from eventgen.load import find_catalogs
    from eventgen.pipeline import build_catalog

    folders = find_catalogs(args.spec)
    if args.catalog:
        folders = [f for f in folders if f.name == args.catalog]
    if len(folders) != 1:
        names = ", ".join(f.name for f in find_catalogs(args.spec))
        print(f"eventgen: name one catalog with --catalog ({names})", file=sys.stderr)
        return EXIT_INVALID
    project, files = build_catalog(folders[0])
    with tempfile.TemporaryDirectory(prefix="eventgen-parse-") as tmp:
        root = Path(tmp)
        for name, text in files.items():
            if name.startswith(f"python/{project.package}/"):
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_text(text, encoding="utf-8")
        flags = [f"--{flag}" for flag in ("json", "keep") if getattr(args, flag)]
        command = [sys.executable, "-m", project.package, "parse", args.file, *flags]
        env = {**os.environ, "PYTHONPATH": str(root / "python")}
        return subprocess.run(command, env=env).returncode


def _import(args: argparse.Namespace) -> int:
    from eventgen.importer import run_import

    return run_import(args.document, args.catalog, check=args.check, events=args.events)


def _diff(args: argparse.Namespace) -> int:
    from eventgen.diff import run_diff

    fail_on = None if args.fail_on == "none" else args.fail_on
    return run_diff(args.old, args.new, fmt=args.format, fail_on=fail_on)


def _parity(args: argparse.Namespace) -> int:
    from eventgen.parity import run_parity

    return run_parity(args.definitions, args.catalog, args.update)


def _docs(args: argparse.Namespace) -> int:
    from eventgen.site import run_docs

    return run_docs(args.action, args.spec, args.out, templates=args.templates, port=args.port)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventgen",
        description="Generate typed event packages and docs from event catalogs.",
        epilog="Exit codes: 0 ok, 1 check found drift, 2 invalid spec or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"eventgen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text, run in (
        ("generate", "write the generated packages and docs", _generate),
        ("check", "exit 1 and show a diff of each file that is not current", _check),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.set_defaults(run=run)
        _spec_options(command)
        command.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
        command.add_argument(
            "--templates", type=Path, default=None, help="templates that override eventgen's own"
        )
    parse = commands.add_parser(
        "parse",
        help="print the events of a captured SSE stream",
        description="Print one line per event (wire name, class, summary), or JSON lines.",
    )
    parse.set_defaults(run=_parse)
    parse.add_argument("file", help="an SSE capture, or - for standard input")
    _spec_options(parse)
    parse.add_argument("--catalog", help="the catalog's folder name, when --spec holds several")
    parse.add_argument("--json", action="store_true", help="one JSON object per event")
    parse.add_argument(
        "--keep", action="store_true", help="print malformed events and go on instead of stopping"
    )
    imports = commands.add_parser(
        "import",
        help="write or refresh a catalog's schemas and events from an upstream document",
        description="Write or refresh a catalog's schemas and events from an OpenAPI document.",
    )
    imports.set_defaults(run=_import)
    imports.add_argument("format", choices=["openapi"], help="the document's format")
    imports.add_argument("document", help="the document (YAML or JSON), or - for standard input")
    imports.add_argument(
        "--catalog", type=Path, default=Path("."), help="the catalog folder (default: here)"
    )
    imports.add_argument("--events", help="the event union's component, for a new catalog")
    imports.add_argument(
        "--check", action="store_true", help="exit 1 when the catalog is behind the document"
    )
    diff = commands.add_parser(
        "diff",
        help="list what changed between two spec states and what it breaks",
        description="Compare two catalog folders, or REV:path git revisions of one.",
    )
    diff.set_defaults(run=_diff)
    diff.add_argument("old", help="a folder, or a git revision (REV or REV:path)")
    diff.add_argument("new", help="a folder, or a git revision (REV or REV:path)")
    diff.add_argument("--format", choices=["text", "markdown"], default="text")
    diff.add_argument("--fail-on", choices=["breaking", "none"], default="breaking")
    parity = commands.add_parser(
        "parity",
        help="compare an SDK's own event definitions with the catalog's mirror of it",
        description="Read SDK definitions (TypeScript or Java source, a Deno doc or Javadoc "
        "page) and report the events they lack, add or name differently.",
    )
    parity.set_defaults(run=_parity)
    parity.add_argument("definitions", nargs="+", type=Path, help="SDK definition files")
    parity.add_argument("--catalog", type=Path, default=None, help="the catalog folder")
    parity.add_argument(
        "--update", action="store_true", help="rewrite the catalog's mirror from the definitions"
    )
    docs = commands.add_parser(
        "docs",
        help="build or serve the docs site of every catalog",
        description="Build (or build and serve on 127.0.0.1) a static mkdocs-material site.",
    )
    docs.set_defaults(run=_docs)
    docs.add_argument("action", choices=["build", "serve"])
    _spec_options(docs)
    docs.add_argument("--out", type=Path, default=Path("site"), help="site folder")
    docs.add_argument("--templates", type=Path, default=None, help="overriding templates")
    docs.add_argument("--port", type=int, default=8000, help="port for `serve`")
    return parser


def _spec_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--spec", type=Path, default=DEFAULT_SPEC, help="a catalog folder, or a folder of them"
    )
