# DO NOT EDIT: copied by eventgen from eventgen/runtime/_events.py.
# Run `eventgen generate` to refresh it.
"""What every generated event class shares: building without `__init__`, and SSE frames.

An event keeps the data text it was parsed from, so writing it back gives the bytes
that came in, whatever the producer's JSON spelling (spaces, escapes, `1.0`). Only
an event built or changed in code is dumped afresh, and what JSON text cannot say
exactly is refused rather than changed: a number read as infinity (`1e400`) raises
`ValueError`; a lone surrogate (`"\\ud800"`) is written as its escape.

An event also keeps its block's SSE last event ID and `retry`, and its frame writes
them back (`id:` first, so a stream of frames reads back with the same IDs).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from . import _json

_Event = TypeVar("_Event")


_Name = TypeVar("_Name", bound=str)


def build(cls: type[_Event], data: Any, raw: str) -> _Event:
    """What the frozen dataclass `__init__` does, without the call: once per event."""
    event = object.__new__(cls)
    object.__setattr__(event, "data", data)
    object.__setattr__(event, "raw_data", raw)
    object.__setattr__(event, "last_event_id", "")
    object.__setattr__(event, "retry", None)
    return event


def with_sse(event: _Event, last_event_id: str, retry: int | None) -> _Event:
    """`event` with the SSE last event ID and retry of its block (set in place: the
    event was just built, nothing else holds it)."""
    object.__setattr__(event, "last_event_id", last_event_id)
    object.__setattr__(event, "retry", retry)
    return event


def written_id(last_event_id: str, with_id: bool | None) -> str | None:
    """The ID a frame writes: with `with_id` None, the event's when it has one; True,
    always (an empty one resets the reader's); False, none."""
    if with_id is None:
        return last_event_id or None
    return last_event_id if with_id else None


def named(member: str, wire: _Name) -> _Name:
    """The enum member `member`, typed as the literal `wire` (its value), so that a
    comparison of `event.event` with the wire name narrows the event's type."""
    if member != wire:  # pragma: no cover - generated together
        raise ValueError(f"{member!r} is not {wire!r}")
    return member  # narrowed to `_Name` by the comparison above


def dumps(payload: Any) -> str:
    """Compact UTF-8 JSON, as the APIs write it; a lone surrogate, which UTF-8 cannot
    carry, is escaped (the whole text is then ASCII). Raises ValueError for infinity
    and NaN, which JSON has no way to write."""
    try:
        text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError as error:
        raise ValueError(
            "the payload holds a number JSON cannot write (infinity or NaN: a number "
            "such as 1e400 reads as infinity); only its data text as received can be "
            f"written back, and the payload was changed since ({error})"
        ) from None
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(payload, separators=(",", ":"), allow_nan=False)
    return text


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
    """Equal as JSON values: `1`, `1.0` and `true` differ here, unlike under `==`.
    Walked with a stack, so no depth of nesting can exhaust recursion."""
    pairs = [(a, b)]
    while pairs:
        a, b = pairs.pop()
        if type(a) is not type(b):
            if isinstance(a, str) and isinstance(b, str):  # an open enum value is a str
                if str(a) != str(b):
                    return False
                continue
            return False
        if type(a) is dict:
            if a.keys() != b.keys():
                return False
            pairs.extend((a[k], b[k]) for k in a)
        elif type(a) is list:
            if len(a) != len(b):
                return False
            pairs.extend(zip(a, b, strict=True))
        elif a != b:
            return False
    return True


def frame(event: str, data: str, event_id: str | None = None, retry: int | None = None) -> str:
    """One SSE frame: `event:` line, `id:` and `retry:` lines when given, one `data:`
    line per line of data, blank line. An `event_id` of "" writes an empty `id:` line,
    which resets the ID on the reading side; None writes none."""
    # Refuse what would read back differently: a CR or LF would end the `event:`
    # line early, an empty name reads back as `message`, and a CR in data ends a line.
    if not event or "\n" in event or "\r" in event:
        raise ValueError(f"event name {event!r} cannot be written as an SSE frame")
    if "\r" in data:
        raise ValueError(f"data of {event!r} holds a CR, which SSE cannot carry")
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    if event_id is None and retry is None:
        return f"event: {event}\n{lines}\n"
    head = f"event: {event}\n"
    if event_id is not None:
        if "\n" in event_id or "\r" in event_id or "\x00" in event_id:
            raise ValueError(f"event id {event_id!r} cannot be written as an SSE frame")
        head += f"id: {event_id}\n"
    if retry is not None:
        if type(retry) is not int or retry < 0:
            raise ValueError(f"retry {retry!r} is not a whole number of milliseconds")
        head += f"retry: {retry}\n"
    return f"{head}{lines}\n"
