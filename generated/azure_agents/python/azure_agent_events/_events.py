# DO NOT EDIT: copied by eventgen from eventgen/runtime/_events.py.
# Run `eventgen generate` to refresh it.
"""What every generated event class shares: building without `__init__`, and SSE frames.

An event keeps the data text it was parsed from, so writing it back gives the bytes
that came in, whatever the producer's JSON spelling (spaces, escapes, `1.0`). Only
an event built or changed in code is dumped afresh.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from . import _json

_Event = TypeVar("_Event")


def build(cls: type[_Event], data: Any, raw: str) -> _Event:
    """What the frozen dataclass `__init__` does, without the call: once per event."""
    event = object.__new__(cls)
    object.__setattr__(event, "data", data)
    object.__setattr__(event, "raw_data", raw)
    return event


def dumps(payload: Any) -> str:
    """Compact UTF-8 JSON, as the APIs write it."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def data_text(raw: str | None, payload: Any) -> str:
    """`raw` when it still says what `payload` (a wire dict) says, else `payload` dumped."""
    if raw is not None:
        try:
            if same_json(_json.loads(raw), payload):
                return raw
        except ValueError:
            pass
    return dumps(payload)


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: `1`, `1.0` and `true` differ here, unlike under `==`."""
    if type(a) is not type(b):
        if isinstance(a, str) and isinstance(b, str):  # an open enum value is a str
            return str(a) == str(b)
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def frame(event: str, data: str) -> str:
    """One SSE frame: `event:` line, one `data:` line per line of data, blank line."""
    # Refuse what would read back differently: a CR or LF would end the `event:`
    # line early, an empty name reads back as `message`, and a CR in data ends a line.
    if not event or "\n" in event or "\r" in event:
        raise ValueError(f"event name {event!r} cannot be written as an SSE frame")
    if "\r" in data:
        raise ValueError(f"data of {event!r} holds a CR, which SSE cannot carry")
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {event}\n{lines}\n"
