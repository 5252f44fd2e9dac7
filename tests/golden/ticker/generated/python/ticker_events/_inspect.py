# DO NOT EDIT: copied by eventgen from eventgen/runtime/_inspect.py.
# Run `eventgen generate` to refresh it.
"""`python -m <package> parse`: one line per event of a captured stream, for a quick look.

It runs the package itself on the file, so what it prints is what users get. A
stream is untrusted text: names and data are printed with control characters
escaped, so a stream cannot send escape sequences to the terminal. `--json` prints
valid JSON whatever the data holds (a number too large for a float keeps its text).

Exit codes: 0 done, 1 malformed data, or a stream that ended early (inside an event
block, or before any of the catalog's end events), or a body that is not an event
stream; 2 a file that cannot be read or bad usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from .errors import IncompleteStreamError, NotEventStreamError, StreamDecodeError

SUMMARY_WIDTH = 72
# Keys whose text names a thing rather than adding to it: left out of delta summaries.
_NAMING_KEYS = frozenset({"type", "id", "object", "index"})


def main(argv: list[str], iter_events: Callable[..., Iterator[Any]], prog: str) -> int:
    parser = argparse.ArgumentParser(prog=prog, description="Print the events of an SSE capture.")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="one line per event: name, class, summary")
    parse.add_argument("file", help="an SSE capture, or - for standard input")
    parse.add_argument("--json", action="store_true", help="one JSON object per event")
    parse.add_argument("--keep", action="store_true", help="print malformed events and go on")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        source = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except (OSError, AttributeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or "no standard input"
        print(f"{prog}: cannot read {args.file}: {reason}", file=sys.stderr)
        return 2
    count = 0
    try:
        with source:
            errors = "keep" if args.keep else "strict"
            for event in iter_events(source, errors=errors, require_end=True):
                count += 1
                if args.json:
                    print(as_json(event))
                else:
                    name = clean(str(event.event))
                    print(f"{name:<28} {type(event).__name__:<26} {summary(event)}")
    except (StreamDecodeError, IncompleteStreamError, NotEventStreamError) as error:
        print(f"{clean(args.file)}: {clean(str(error))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError) as error:  # stdin closed, a read that failed
        print(f"{prog}: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    if not args.json:
        print(f"{count} event(s)", file=sys.stderr)
    return 0


def clean(text: str) -> str:
    """`text` with every control character (and lone surrogate) shown as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def summary(event: Any) -> str:
    """A short description: the text a delta adds, an object's id and status, or the data."""
    data = getattr(event, "data", None)
    if data is None:
        return ""
    if isinstance(data, str):
        return _clip(data)
    delta = getattr(data, "delta", None)
    if delta is not None:
        pieces = [delta] if isinstance(delta, str) else [t for t in _texts(delta) if t]
        return _clip(repr("".join(pieces))) if pieces else _clip(_compact(data.to_dict(), False))
    message = getattr(data, "message", None)
    if isinstance(message, str):
        return _clip(message)
    status = getattr(data, "status", None)
    parts = (getattr(data, "id", None), status)
    return _clip(" ".join(str(part) for part in parts if isinstance(part, str)))


def as_json(event: Any) -> str:
    data = event.data
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    head = {"event": str(event.event), "class": type(event).__name__}
    try:
        return _compact({**head, "data": data})
    except ValueError:
        # A number JSON cannot write back (1e400 reads as infinity): print the data
        # text as it came. It is JSON (it was parsed), and JSON has no line ends
        # outside strings, so it stays one line.
        raw = getattr(event, "raw_data", None) or "null"
        return _compact(head)[:-1] + ',"data":' + _ascii_json(raw) + "}"


def _ascii_json(text: str) -> str:
    """JSON text on one line, in ASCII: CR and LF can only be white space in JSON, and
    other characters past ASCII can only be inside strings, where an escape says them."""
    text = text.replace("\r", " ").replace("\n", " ")
    if text.isascii():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x80:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)


def _texts(value: Any) -> list[str]:
    """The strings a delta carries, in order, but for those that name things."""
    found: list[str] = []
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, str):
                # An open enum value (a str subclass) names a kind of thing, as ids do.
                if type(item) is str and f.name not in _NAMING_KEYS and not f.name.endswith("_id"):
                    found.append(item)
            else:
                found += _texts(item)
    elif isinstance(value, list):
        for item in value:
            found += _texts(item)
    return found


def _compact(value: Any, strict: bool = True) -> str:
    # ensure_ascii: a lone surrogate in the data cannot be printed as UTF-8.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True, allow_nan=not strict)


def _clip(text: str) -> str:
    text = clean(text)
    return text if len(text) <= SUMMARY_WIDTH else text[: SUMMARY_WIDTH - 3] + "..."
