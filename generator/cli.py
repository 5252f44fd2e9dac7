"""The `eventgen` command (also `python -m generator`).

    eventgen generate [--spec DIR] [--out DIR]   write generated/ from spec/
    eventgen check    [--spec DIR] [--out DIR]   is generated/ current?

Exit codes:
    0  done; for `check`, generated/ is current
    1  `check` only: generated/ differs from what spec/ and templates/ produce
    2  the spec is invalid (each problem printed as file:line:col), or bad usage
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import output
from generator.diagnostics import SpecError
from generator.pipeline import DEFAULT_OUT, DEFAULT_SPEC, build

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        files = build(args.spec)
    except SpecError as error:
        for problem in error.diagnostics:
            print(problem.render(Path.cwd()), file=sys.stderr)
        print(f"eventgen: {len(error.diagnostics)} problem(s); nothing written", file=sys.stderr)
        return EXIT_INVALID
    return _check(files, args.out) if args.command == "check" else _generate(files, args.out)


def _generate(files: dict[str, str], out: Path) -> int:
    changes = output.write(files, out)
    for change in changes:
        print(f"{change.action:>6} {_shown(out / change.path)}")
    print(f"eventgen: {len(changes)} file(s) changed, {len(files)} generated")
    return EXIT_OK


def _check(files: dict[str, str], out: Path) -> int:
    changes = output.plan(files, out)
    for change in changes:
        verb = "would remove" if change.action == "remove" else "would regenerate"
        print(f"{verb} {_shown(out / change.path)}")
        sys.stdout.write(output.diff(change, files, out))
    if changes:
        print(f"eventgen: {len(changes)} file(s) out of date; run `eventgen generate`")
        return EXIT_DRIFT
    print(f"eventgen: {len(files)} file(s) up to date")
    return EXIT_OK


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventgen",
        description="Generate a typed Python package and docs from an event catalog.",
        epilog="Exit codes: 0 ok, 1 check found drift, 2 invalid spec or usage.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("generate", "write the generated package and docs"),
        ("check", "exit 1 and show a diff if the output is not current"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="spec folder")
        command.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    return parser
