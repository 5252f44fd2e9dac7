# DO NOT EDIT: copied by eventgen from eventgen/runtime/errors.py.
# Run `eventgen generate` to refresh it.
"""The errors this package raises on bad input, each naming where the input went wrong."""

from __future__ import annotations

from typing import Any


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class PayloadError(ValueError):
    """A payload value has the wrong JSON type; `path` is where, as in `$.delta.content[0]`."""

    def __init__(self, path: str, expected: str, value: Any) -> None:
        self.path = path
        self.expected = expected
        self.value = value
        super().__init__(f"{path}: expected {expected}, got {json_type(value)}")


class StreamDecodeError(ValueError):
    """The data of a known event could not be decoded.

    `event` is its name, `offset` the byte offset of its block in the stream,
    `excerpt` the start of its data.
    """

    def __init__(self, event: str, offset: int, data: str, reason: str) -> None:
        self.event = event
        self.offset = offset
        self.excerpt = data if len(data) <= 80 else data[:77] + "..."
        self.reason = reason
        super().__init__(
            f"malformed data in {event!r} event at byte {offset}: {reason}; data: {self.excerpt!r}"
        )


class StreamLimitError(ValueError):
    """An SSE line or event block is larger than the decoder allows. `setting` names the
    limit (`max_line_length` or `max_event_size`), `limit` is its value in bytes and
    `offset` the byte offset in the stream where the line or block starts. The decoder
    raises it before holding more than the limit; the stream cannot be read further."""

    def __init__(self, setting: str, limit: int, offset: int) -> None:
        self.setting = setting
        self.limit = limit
        self.offset = offset
        what = "a line" if setting == "max_line_length" else "an event"
        super().__init__(f"{what} starting at byte {offset} is longer than {setting}={limit} bytes")
