"""An incremental server-sent events decoder: bytes in, `ServerSentEvent`s out.

It implements the WHATWG HTML Living Standard, section 9.2.6 "Interpreting an
event stream" (https://html.spec.whatwg.org/multipage/server-sent-events.html):

- UTF-8 decode with replacement, never raising; one leading BOM is dropped,
  even when it arrives split across chunks.
- Lines end at CRLF, LF or CR. A CR that ends one chunk already ends its line, so
  a LF that starts the next chunk is swallowed rather than read as a blank line.
- `:` starts a comment. A field is the text before the first colon, its value the
  text after it with one leading space removed; a line without a colon is a field
  with an empty value. Unknown fields are ignored; names are case-sensitive.
- `data` lines are joined with LF. `event` sets the type (`message` when unset or
  empty). `id` sets the last event ID unless it contains NUL; the ID persists
  across events. `retry` counts only when it is all ASCII digits.
- A blank line dispatches. A block without data dispatches nothing and resets the
  type. A block not ended by a blank line when the input ends is dropped.

The decoder works on bytes, line by line: each chunk is scanned once, a partial
line waits in a bytearray, and only complete lines are decoded, so the work is
linear in the input whatever the chunking, and memory is bounded by the longest
event plus one chunk. `max_line_length` and `max_event_size` bound both: a longer
line or block raises `StreamLimitError` before more than the limit is held.

A `retry` value too large for any clock (more than 18 significant digits) reads as
`RETRY_MAX`: digits always set the reconnection time, and reading them never raises.

LF-only chunks, as nearly every server sends, are split once and their `data:`
and `event:` lines handled inline; chunks with a CR, and chunks long enough next to
the limits to need checking, go line by line. All paths give the same events,
offsets and state; the test suite runs every vector through each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import StreamLimitError

__all__ = [
    "DEFAULT_MAX_EVENT_SIZE",
    "DEFAULT_MAX_LINE_LENGTH",
    "RETRY_MAX",
    "SSEDecoder",
    "ServerSentEvent",
    "StreamLimitError",
    "write_sse",
]

_BOM = b"\xef\xbb\xbf"
_LONG_LINE = 64 * 1024

DEFAULT_MAX_EVENT_SIZE = 64 * 1024 * 1024
"""Bytes one event block may hold (its lines and line ends) unless told otherwise."""
DEFAULT_MAX_LINE_LENGTH = 64 * 1024 * 1024
"""Bytes one line may hold (without its end) unless told otherwise."""
RETRY_MAX = 2**63 - 1
"""The largest `retry` reported: larger values (290 million years in ms) read as this."""


@dataclass(slots=True)
class ServerSentEvent:
    """One dispatched event (a plain record: not frozen, which makes it cheaper to build)."""

    event: str
    """The event type; `message` when the block set none."""
    data: str
    """The data lines, joined with LF."""
    id: str = ""
    """The last event ID when the event was dispatched."""
    retry: int | None = None
    """The last valid `retry` of the event's block, if any."""
    offset: int = field(default=0, compare=False)
    """Byte offset in the stream where the event's block starts."""


def _event(
    event: str, data: list[str], last_id: str, retry: int | None, offset: int
) -> ServerSentEvent:
    """A dispatched event. Built field by field: it runs once per event, and skipping
    the dataclass __init__ call halves its cost."""
    sse = object.__new__(ServerSentEvent)
    sse.event = event or "message"
    sse.data = "\n".join(data)
    sse.id = last_id
    sse.retry = retry
    sse.offset = offset
    return sse


def _text(line: bytes | bytearray, start: int) -> str:
    """The UTF-8 text of `line` from `start`, invalid bytes replaced."""
    if len(line) - start < _LONG_LINE:
        return line[start:].decode("utf-8", "replace")
    # A long line is decoded in place: slicing would copy it first.
    return str(memoryview(line)[start:], "utf-8", "replace")


def _retry(digits: bytes | bytearray) -> int:
    """The value of `retry` digits, saturating at RETRY_MAX: never an int() of thousands
    of digits (slow, and refused past sys.get_int_max_str_digits())."""
    digits = digits.lstrip(b"0")
    return min(int(digits or b"0"), RETRY_MAX) if len(digits) <= 19 else RETRY_MAX


class SSEDecoder:
    """Feed bytes with `feed`, in chunks of any size; call `close` at the end of input.

    `last_event_id` and `retry` hold the stream's state as an EventSource keeps it:
    the ID set by the last dispatched block and the reconnection time in ms.
    `max_line_length` bounds one line (without its end) and `max_event_size` one
    event block (its lines with their ends, comments and fields included), in bytes:
    going past either raises `StreamLimitError`.
    """

    def __init__(
        self,
        *,
        max_event_size: int = DEFAULT_MAX_EVENT_SIZE,
        max_line_length: int = DEFAULT_MAX_LINE_LENGTH,
    ) -> None:
        for name, limit in (
            ("max_event_size", max_event_size),
            ("max_line_length", max_line_length),
        ):
            if type(limit) is not int or limit < 1:
                raise ValueError(f"{name} must be a whole number of bytes, at least 1: {limit!r}")
        self.max_event_size = max_event_size
        self.max_line_length = max_line_length
        self.last_event_id = ""
        self.retry: int | None = None
        self._head: bytes | None = b""  # bytes seen while a BOM is still possible
        self._pending = bytearray()  # a line not yet ended
        self._skip_lf = False  # the last chunk ended in CR
        self._consumed = 0  # bytes of complete lines handled so far
        self._block_start = -1  # offset of the current block, -1 between blocks
        self._data: list[str] = []
        self._event = ""
        self._id = ""
        self._block_retry: int | None = None
        # The tests set this to run every vector through the checked path.
        self._always_checked = False
        self._error: StreamLimitError | None = None  # raised by the next call

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode one chunk; return the events it completes.

        When a limit is passed, the events the chunk completed before that point are
        returned and the next call raises; `StreamLimitError` is raised at once when
        there are none."""
        if self._error is not None:
            raise self._error
        events: list[ServerSentEvent] = []
        try:
            self._feed(chunk, events)
        except StreamLimitError as exc:
            if not events:
                raise
            self._error = exc
        return events

    def _feed(self, chunk: bytes, events: list[ServerSentEvent]) -> None:
        if self._pending and b"\n" not in chunk and b"\r" not in chunk:
            # The middle of a long line: nothing else to do.
            self._hold(len(self._pending) + len(chunk))
            self._pending += chunk
            return
        if self._head is not None:
            chunk = self._strip_bom(self._head + chunk)
        if not chunk:
            return
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 0x0A:  # the LF of a CRLF split across chunks
                self._consumed += 1
                chunk = chunk[1:]
        if self._pending:
            chunk = self._finish_pending(chunk, events)
        # No line and no block can pass a limit within this chunk unless it is long
        # next to the limits: only then is every line checked.
        held = self._consumed - self._block_start if self._block_start >= 0 else 0
        checked = (
            len(chunk) + held > self.max_event_size
            or len(chunk) > self.max_line_length
            or self._always_checked
        )
        if checked or b"\r" in chunk:
            self._feed_lines(chunk, events, checked)
            return
        # LF-only text, as nearly every server sends.
        self._feed_lf(chunk, events)

    def _feed_lf(self, chunk: bytes, events: list[ServerSentEvent]) -> None:
        """LF-only text, line by line. `data:` and `event:` lines and blank lines are
        handled inline, with the block's state in locals; `_line` takes the rest."""
        lines = chunk.split(b"\n")
        self._pending += lines.pop()  # after the last LF: the start of the next line
        consumed, block_start, data = self._consumed, self._block_start, self._data
        name, last_id, long_line = self._event, self._id, _LONG_LINE
        new = object.__new__
        for line in lines:
            if block_start < 0:
                block_start = consumed
            consumed += len(line) + 1
            if line[:6] == b"data: " and len(line) < long_line:
                data.append(line[6:].decode("utf-8", "replace"))
            elif not line:
                if data:
                    # The event, built as `_event` builds it, without the call.
                    sse = new(ServerSentEvent)
                    sse.event = name or "message"
                    sse.data = "\n".join(data)  # one line: the line itself, not a copy
                    sse.id = last_id
                    sse.retry = self._block_retry
                    sse.offset = block_start
                    events.append(sse)
                    data = self._data = []
                self.last_event_id = last_id
                name = ""
                self._block_retry = None
                block_start = -1
            elif line[:7] == b"event: " and len(line) < long_line:
                name = line[7:].decode("utf-8", "replace")
            else:
                self._consumed, self._block_start = consumed - len(line) - 1, block_start
                self._event = name
                self._line(line, len(line) + 1, events)
                consumed, block_start, data = self._consumed, self._block_start, self._data
                name, last_id = self._event, self._id
        self._consumed, self._block_start, self._event = consumed, block_start, name

    def _feed_lines(self, chunk: bytes, events: list[ServerSentEvent], checked: bool) -> None:
        """Any text: every line end is CRLF, LF or CR. With `checked`, each line is
        measured against the limits before it is taken."""
        lines = chunk.splitlines(keepends=True)
        tail = b""
        if lines and not lines[-1].endswith((b"\n", b"\r")):
            tail = lines.pop()
        elif lines and lines[-1].endswith(b"\r"):
            self._skip_lf = True  # a LF may start the next chunk
        for line in lines:
            end = 2 if line.endswith(b"\r\n") else 1
            if checked:
                self._check(len(line) - end, len(line))
            self._line(line[:-end], len(line), events)
        if tail:
            self._hold(len(tail))
            self._pending += tail

    def _check(self, length: int, size: int) -> None:
        """Raise if the next line, `length` bytes without its end and `size` with it,
        is too long or would make its block too large."""
        if length > self.max_line_length:
            raise StreamLimitError("max_line_length", self.max_line_length, self._consumed)
        start = self._block_start if self._block_start >= 0 else self._consumed
        if length and self._consumed + size - start > self.max_event_size:
            raise StreamLimitError("max_event_size", self.max_event_size, start)

    def _hold(self, length: int) -> None:
        """Raise unless a partial line of `length` bytes may wait for its end."""
        if length > self.max_line_length:
            raise StreamLimitError("max_line_length", self.max_line_length, self._consumed)
        start = self._block_start if self._block_start >= 0 else self._consumed
        if self._consumed + length - start > self.max_event_size:
            raise StreamLimitError("max_event_size", self.max_event_size, start)

    @property
    def position(self) -> int:
        """Bytes read so far: complete lines, and the line not yet ended."""
        return self._consumed + len(self._pending)

    @property
    def lines_ended(self) -> bool:
        """Whether any line has ended yet (input without line ends is not SSE)."""
        return self._consumed > 0

    @property
    def unfinished(self) -> bool:
        """Whether input stops inside an event block: a line not ended, or data lines not
        yet dispatched by a blank line."""
        return bool(self._pending) or bool(self._data)

    def close(self) -> list[ServerSentEvent]:
        """End of input: a partial line and an unfinished block are dropped."""
        if self._error is not None:
            raise self._error
        self._pending.clear()
        self._data.clear()
        self._event = ""
        self._block_retry = None
        self._block_start = -1
        return []

    def _strip_bom(self, head: bytes) -> bytes:
        # Only at offset 0, and it may arrive a byte at a time.
        if len(head) < len(_BOM) and _BOM.startswith(head):
            self._head = head
            return b""
        self._head = None
        if head.startswith(_BOM):
            self._consumed += len(_BOM)
            return head[len(_BOM) :]
        return head

    def _finish_pending(self, chunk: bytes, events: list[ServerSentEvent]) -> bytes:
        """End the waiting line if this chunk holds its end; return the rest of the chunk."""
        lf, cr = chunk.find(b"\n"), chunk.find(b"\r")
        end = lf if cr < 0 else cr if lf < 0 else min(lf, cr)
        if end < 0:
            self._hold(len(self._pending) + len(chunk))
            self._pending += chunk
            return b""
        self._check(len(self._pending) + end, len(self._pending) + end + 1)
        self._pending += chunk[:end]
        line, self._pending = self._pending, bytearray()  # hand over, do not copy
        size = len(line) + 1
        if chunk[end] == 0x0D:
            if end + 1 == len(chunk):
                self._skip_lf = True
            elif chunk[end + 1] == 0x0A:
                size += 1
        self._line(line, size, events)
        return chunk[end + size - len(line) :]

    def _line(self, line: bytes | bytearray, size: int, events: list[ServerSentEvent]) -> None:
        """Interpret one line (without its end), `size` bytes with the end."""
        if self._block_start < 0:
            self._block_start = self._consumed
        self._consumed += size
        if not line:
            self._dispatch(events)
            return
        colon = line.find(b":")
        if colon == 0:
            return  # a comment
        if colon < 0:
            name, start = line, len(line)
        else:
            name = line[:colon]
            start = colon + 2 if line[colon + 1 : colon + 2] == b" " else colon + 1
        if name == b"data":
            self._data.append(_text(line, start))
        elif name == b"event":
            self._event = _text(line, start)
        elif name == b"id":
            if b"\x00" not in line[start:]:
                self._id = _text(line, start)
        elif name == b"retry":
            value = line[start:]
            if value.isdigit():  # isdigit on bytes: ASCII digits only
                self.retry = self._block_retry = _retry(value)

    def _dispatch(self, events: list[ServerSentEvent]) -> None:
        self.last_event_id = self._id
        if self._data:
            events.append(
                _event(self._event, self._data, self._id, self._block_retry, self._block_start)
            )
            self._data = []
        self._event = ""
        self._block_retry = None
        self._block_start = -1


def write_sse(events: Iterable[ServerSentEvent]) -> str:
    """SSE text that `SSEDecoder` reads back as `events` (offsets aside).

    `event:` is left out for `message`, `id:` is written only when the ID changes (it
    persists on the reading side), and each line of data gets its own `data:` line.
    Raises ValueError for what no frame can carry: an empty type, a CR or LF in the
    type or ID, a NUL in the ID, a CR in the data, or a negative retry.
    """
    out: list[str] = []
    last_id = ""
    for event in events:
        if not event.event or "\r" in event.event or "\n" in event.event:
            raise ValueError(f"event type {event.event!r} cannot be written as an SSE frame")
        if "\r" in event.id or "\n" in event.id or "\x00" in event.id:
            raise ValueError(f"event id {event.id!r} cannot be written as an SSE frame")
        if "\r" in event.data:
            raise ValueError("event data holds a CR, which SSE cannot carry")
        if event.retry is not None and event.retry < 0:
            raise ValueError(f"retry {event.retry} is not a whole number of milliseconds")
        if event.event != "message":
            out.append(f"event: {event.event}\n")
        if event.id != last_id:
            out.append(f"id: {event.id}\n")
            last_id = event.id
        if event.retry is not None:
            out.append(f"retry: {event.retry}\n")
        out.extend(f"data: {line}\n" for line in event.data.split("\n"))
        out.append("\n")
    return "".join(out)
