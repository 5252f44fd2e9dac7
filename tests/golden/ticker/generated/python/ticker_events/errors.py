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


class NotEventStreamError(ValueError):
    """The response is not an event stream: an HTTP error status, another content type,
    or a body that is JSON or HTML rather than SSE.

    `status` and `content_type` are None when unknown (a plain byte source); `body` is
    the start of the body as text (at most `BODY_LIMIT` bytes were read for it), so the
    server's own error message is at hand.
    """

    BODY_LIMIT = 64 * 1024

    def __init__(
        self, reason: str, body: str, status: int | None = None, content_type: str | None = None
    ) -> None:
        self.reason = reason
        self.body = body
        self.status = status
        self.content_type = content_type
        excerpt = body if len(body) <= 200 else body[:197] + "..."
        super().__init__(f"not an event stream: {reason}; body: {excerpt!r}")


class IncompleteStreamError(ValueError):
    """The stream ended early: inside an event block, or before any of the events the
    catalog ends a stream with (raised with `require_end=True`; otherwise the iterator's
    `ended_early` says the same). `offset` is the number of bytes read."""

    def __init__(self, reason: str, offset: int, events: int) -> None:
        self.reason = reason
        self.offset = offset
        self.events = events
        super().__init__(
            f"the stream ended early: {reason} (after {events} event(s), {offset} bytes)"
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
