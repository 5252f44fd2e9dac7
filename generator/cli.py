"""The `eventgen` command (also `python -m generator`).

    eventgen generate [--spec DIR] [--out DIR]   write generated/ from spec/
    eventgen check    [--spec DIR] [--out DIR]   is generated/ current?
    eventgen parse FILE [--json] [--keep]        print the events of a captured stream

Exit codes:
    0  done; for `check`, generated/ is current
    1  `check`: generated/ differs from what spec/ and templates/ produce;
       `parse`: the stream holds malformed data (the message names event and byte offset)
    2  the spec is invalid (each problem printed as file:line:col), a file cannot be
       read, or bad usage
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import output
from generator.diagnostics import SpecError
from generator.pipeline import DEFAULT_OUT, DEFAULT_SPEC, build

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "parse":
        return _parse(args.file, as_json=args.json, keep=args.keep)
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


def _parse(file: str, *, as_json: bool, keep: bool) -> int:
    # Imported here: `generate` and `check` must work while the package is being rebuilt.
    from assistant_events import StreamDecodeError, iter_events
    from generator.inspect_stream import as_json as event_json
    from generator.inspect_stream import summary

    try:
        source = sys.stdin.buffer if file == "-" else open(file, "rb")  # noqa: SIM115
    except OSError as error:
        print(f"eventgen: cannot read {file}: {error.strerror}", file=sys.stderr)
        return EXIT_INVALID
    count = 0
    try:
        with source:
            for event in iter_events(source, errors="keep" if keep else "strict"):
                count += 1
                if as_json:
                    print(event_json(event))
                else:
                    print(f"{str(event.event):<28} {type(event).__name__:<26} {summary(event)}")
    except StreamDecodeError as error:
        print(f"{file}: {error}", file=sys.stderr)
        return EXIT_DRIFT
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    if not as_json:
        print(f"eventgen: {count} event(s)", file=sys.stderr)
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
    parse = commands.add_parser(
        "parse",
        help="print the events of a captured SSE stream",
        description="Print one line per event (wire name, class, summary), or JSON lines.",
    )
    parse.add_argument("file", help="an SSE capture, or - for standard input")
    parse.add_argument("--json", action="store_true", help="one JSON object per event")
    parse.add_argument(
        "--keep", action="store_true", help="print malformed events and go on instead of stopping"
    )
    return parser
