"""From HTTP chunks to typed events and back, for any catalog.

The decoding loop, the sources it reads and the writing back are the same for
every stream; only the step from a decoded `ServerSentEvent` to a typed event
depends on the catalog. The generated `stream` module passes that step in
(`typed`), the names of the events a stream ends with (`ends`), and gives the
functions their precise types.

Design decisions:

- Latency. An event is handed on as soon as its blank line arrives, from every kind
  of source: whole bytes or text are fed in slices; a file object is read with
  `read1` where it has one (buffered files, `http.client` and urllib3 responses: it
  returns what is available instead of waiting for a full buffer), a raw file with
  `read` (one system call); text files line by line. Iterables are taken chunk by
  chunk as they come.
- Shapes of chunks. `bytes`, `bytearray`, `memoryview` and `str` chunks are taken as
  they are; `(data, end_of_chunk)` pairs (aiohttp's `iter_chunks()`) give their data.
  Lines with their ends stripped (requests' and httpx's `iter_lines()`) are known by
  the generator's name and read as lines; chunking never changes the events (an empty
  chunk is nothing), so other sources of stripped lines cannot be told apart: the
  `ended_early` of a stream without a single line end names the fix. A source of
  1-byte chunks (requests' `iter_content()` default) works, with a warning naming the
  faster call.
- Not a stream. A body whose first byte (after a BOM and white space) is `{`, `[` or
  `<` is JSON or HTML, never SSE: `NotEventStreamError` carries its text. HTTP status
  and content type are checked by the response helpers (`_http`) before reading.
- Cut streams. The iterator (`EventStream`) records, once the input is exhausted,
  whether the stream ended early: inside an event block (a line or data lines not
  ended by a blank line, which the SSE rules drop), or before any of `ends` arrived.
  `ended_early` holds the reason; `require_end=True` raises `IncompleteStreamError`
  instead. An empty `ends` (a catalog that names none) checks blocks only.
- Round trips. Typed events keep the SSE `id` (the last event ID) and `retry` of
  their block, and `serialize` writes them back where they change, so the stream it
  writes reads back as the same events, IDs and retry included.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Generic, Literal, Protocol, TypeAlias, TypeVar

from ._events import frame, written_id
from .errors import IncompleteStreamError, NotEventStreamError
from .sse import ServerSentEvent, SSEDecoder

__all__ = [
    "AsyncEventStream",
    "Errors",
    "EventStream",
    "MalformedEvent",
    "Source",
    "aiter_typed",
    "iter_typed",
    "serialize",
]

READ_SIZE = 64 * 1024
"""The most a file object is asked for at once; it returns what it has."""
TINY_CHUNKS = 256
"""This many 1-byte chunks in a row at the start bring the speed warning."""
_NOT_SSE = b"{[<"  # first bytes of JSON and HTML bodies, which no SSE field starts with
_BLANKS = b" \t\r\n\xef\xbb\xbf"

Chunk: TypeAlias = "bytes | bytearray | memoryview | str | tuple[bytes, bool]"
Source: TypeAlias = (
    "bytes | bytearray | str | Iterable[bytes] | Iterable[str] | Iterable[Chunk] "
    "| IO[bytes] | IO[str]"
)
"""What `iter_events` reads: the whole stream, chunks or lines of it, or a file object."""

Errors: TypeAlias = Literal["strict", "keep"]
"""`strict` raises `StreamDecodeError` on data that does not decode; `keep` yields
`MalformedEvent` instead and goes on."""

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class MalformedEvent:
    """A known event whose data did not decode (with `errors="keep"`): kept raw."""

    event: str
    data: str
    offset: int
    """Byte offset of the event's block in the stream."""
    reason: str
    """Why decoding failed."""
    last_event_id: str = field(default="", compare=False, repr=False)
    """The SSE last event ID when the event came."""
    retry: int | None = field(default=None, compare=False, repr=False)
    """The `retry:` of the event's block, if it had one."""

    def to_sse(self, with_id: bool | None = None) -> str:
        """The event as an SSE frame, with the data as it came."""
        return frame(self.event, self.data, written_id(self.last_event_id, with_id), self.retry)


# --- the iterators ---------------------------------------------------------------------


class _End:
    """How the input ended, filled in by the decoding loop."""

    __slots__ = ("ends", "events", "finished", "offset", "reason", "require", "seen_end")

    def __init__(self, ends: frozenset[str], require: bool) -> None:
        self.ends = ends
        self.require = require
        self.seen_end = not ends  # with no end events named, none is awaited
        self.finished = False
        self.reason: str | None = None
        self.events = 0
        self.offset = 0

    def note(self, event: Any) -> None:
        self.events += 1
        if not self.seen_end and getattr(event, "event", None) in self.ends:
            self.seen_end = True

    def finish(self, decoder: SSEDecoder) -> None:
        """Called once the input is exhausted: record (or raise) why it ended early."""
        self.offset = decoder.position
        unfinished = decoder.unfinished
        decoder.close()
        self.finished = True
        if unfinished and not decoder.lines_ended:
            self.reason = (
                "the input ended inside an event block: it held no line end at all (lines "
                "with their ends stripped? pass byte chunks: iter_bytes(), "
                "iter_content(chunk_size=None), or the response to iter_response())"
            )
        elif unfinished:
            self.reason = "the input ended inside an event block (no blank line after it)"
        elif not self.seen_end:
            names = ", ".join(sorted(self.ends))
            self.reason = f"no end event ({names}) arrived"
        if self.reason is not None and self.require:
            raise IncompleteStreamError(self.reason, self.offset, self.events)


class _Ended:
    __slots__ = ("_end",)
    _end: _End

    @property
    def finished(self) -> bool:
        """Whether the input was read to its end."""
        return self._end.finished

    @property
    def ended_early(self) -> str | None:
        """Why the stream ended early, once it ended: inside an event block, or before
        any end event of the catalog arrived; None if it ended well (or goes on)."""
        return self._end.reason

    @property
    def complete(self) -> bool:
        """The input was read to its end, and it did not end early."""
        return self._end.finished and self._end.reason is None


class EventStream(_Ended, Iterator[_T], Generic[_T]):
    """The events of a stream, and, once it is read, whether it ended early.

    events = iter_events(response.iter_bytes())
    for event in events:
        ...
    if events.ended_early:  # or pass require_end=True to raise instead
        ...
    """

    __slots__ = ("_events",)

    def __init__(self, events: Iterator[_T], end: _End) -> None:
        self._events = events
        self._end = end

    def __iter__(self) -> Iterator[_T]:
        return self._events  # the generator itself: no extra call per event

    def __next__(self) -> _T:
        return next(self._events)

    def close(self) -> None:
        """Stop reading (closes the generator, which closes nothing it was given)."""
        self._events.close()  # type: ignore[attr-defined]


class AsyncEventStream(_Ended, AsyncIterator[_T], Generic[_T]):
    """`EventStream` for `async for`."""

    __slots__ = ("_events",)

    def __init__(self, events: AsyncIterator[_T], end: _End) -> None:
        self._events = events
        self._end = end

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._events

    async def __anext__(self) -> _T:
        return await self._events.__anext__()

    async def aclose(self) -> None:
        await self._events.aclose()  # type: ignore[attr-defined]


Limits: TypeAlias = "dict[str, int]"
"""`max_event_size` and `max_line_length` for the `SSEDecoder`, where given."""


def _decoder(limits: Limits | None) -> SSEDecoder:
    return SSEDecoder(**limits) if limits else SSEDecoder()


def iter_typed(
    source: Source,
    typed: Callable[[ServerSentEvent], _T],
    ends: frozenset[str] = frozenset(),
    require_end: bool = False,
    limits: Limits | None = None,
) -> EventStream[_T]:
    """`typed(sse)` for every event decoded from `source`."""
    end = _End(ends, require_end)
    return EventStream(_typed(_chunks(source), typed, end, _decoder(limits)), end)


def _typed(
    chunks: Iterator[bytes], typed: Callable[[ServerSentEvent], _T], end: _End, decoder: SSEDecoder
) -> Iterator[_T]:
    # `end.note` inline, with its state in locals: this loop runs once per event.
    ends, seen_end, count = end.ends, end.seen_end, 0
    for chunk in _sniffed(chunks):
        for sse in decoder.feed(chunk):
            event = typed(sse)
            count += 1
            if not seen_end and getattr(event, "event", None) in ends:
                seen_end = end.seen_end = True
            yield event
    end.events, end.seen_end = count, seen_end
    end.finish(decoder)


def aiter_typed(
    source: AsyncIterable[Chunk],
    typed: Callable[[ServerSentEvent], _T],
    ends: frozenset[str] = frozenset(),
    require_end: bool = False,
    limits: Limits | None = None,
) -> AsyncEventStream[_T]:
    """`typed(sse)` for every event decoded from an async iterable of chunks."""
    end = _End(ends, require_end)
    return AsyncEventStream(_atyped(source, typed, end, _decoder(limits)), end)


async def _atyped(
    source: AsyncIterable[Chunk],
    typed: Callable[[ServerSentEvent], _T],
    end: _End,
    decoder: SSEDecoder,
) -> AsyncIterator[_T]:
    shaper = _Shaper(source, stacklevel=3)
    sniff = _Sniffer()
    chunks = aiter(source)
    async for item in chunks:
        for chunk in shaper.push(item):
            for piece in sniff.push(chunk):
                for sse in decoder.feed(piece):
                    event = typed(sse)
                    end.note(event)
                    yield event
        if shaper.settled and sniff.settled:
            break
    else:
        for chunk in shaper.end():
            for piece in sniff.push(chunk):
                for sse in decoder.feed(piece):
                    event = typed(sse)
                    end.note(event)
                    yield event
        sniff.end()
        end.finish(decoder)
        return
    async for item in chunks:  # settled: chunks of bytes, straight to the decoder
        chunk = item if type(item) is bytes else _as_bytes(item)
        for sse in decoder.feed(chunk):
            event = typed(sse)
            end.note(event)
            yield event
    end.finish(decoder)


# --- writing back ----------------------------------------------------------------------


class _Framed(Protocol):
    """Anything that writes itself back as an SSE frame."""

    def to_sse(self, with_id: bool | None = None) -> str: ...


def serialize(events: Iterable[_Framed]) -> str:
    """The SSE text of `events`; parsing it gives the same events back, with their SSE
    last event IDs and retry times: an `id:` line is written where the ID changes (it
    persists on the reading side; an empty one resets it)."""
    out = []
    last_id = ""
    for event in events:
        event_id = getattr(event, "last_event_id", "")
        if event_id == last_id:
            out.append(event.to_sse(False))
        else:
            out.append(event.to_sse(True))
            last_id = event_id
    return "".join(out)


# --- sources ---------------------------------------------------------------------------


def _chunks(source: Source) -> Iterator[bytes]:
    if isinstance(source, (bytes, bytearray, memoryview, str)):
        # A whole stream is fed in slices, so events are built and handed on as they
        # come instead of all decoded first and held at once.
        raw = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else bytes(source)
        for start in range(0, len(raw), READ_SIZE):
            yield raw[start : start + READ_SIZE]
    elif hasattr(source, "read"):
        yield from _file_chunks(source)
    else:
        yield from _iterable_chunks(source)


def _file_chunks(source: Any) -> Iterator[bytes]:
    """What the file has, as it comes: never wait for a full buffer."""
    read: Callable[[], Any]
    if hasattr(source, "read1"):
        if hasattr(source, "decode_content") and hasattr(source, "stream"):
            # urllib3's response (requests' `response.raw`): decoded as the server
            # encoded it (gzip), which requests leaves off on the raw object.
            def read() -> Any:
                return source.read1(READ_SIZE, decode_content=True)
        else:

            def read() -> Any:
                return source.read1(READ_SIZE)
    elif isinstance(source, io.StringIO) or isinstance(source, io.RawIOBase):
        # in memory, or one system call per read: returns what is there

        def read() -> Any:
            return source.read(READ_SIZE)
    elif isinstance(source, io.TextIOBase) or hasattr(source, "readline"):
        read = source.readline  # a text file waits for a full buffer, a line does not
    else:

        def read() -> Any:
            return source.read(READ_SIZE)

    while block := read():
        yield block if type(block) is bytes else _as_bytes(block)


def _iterable_chunks(source: Iterable[Any]) -> Iterator[bytes]:
    shaper = _Shaper(source)
    items = iter(source)
    for item in items:
        yield from shaper.push(item)
        if shaper.settled:
            break
    else:
        yield from shaper.end()
        return
    for item in items:
        yield item if type(item) is bytes else _as_bytes(item)


def _as_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode("utf-8", "surrogatepass")
    if isinstance(chunk, (bytes, bytearray, memoryview)):
        return bytes(chunk)
    if isinstance(chunk, tuple) and len(chunk) == 2 and isinstance(chunk[1], bool):
        return _as_bytes(chunk[0])  # aiohttp's iter_chunks(): (data, end of HTTP chunk)
    raise TypeError(
        f"a stream chunk must be bytes or str, not {type(chunk).__name__}: pass the "
        "response's byte chunks (httpx: iter_bytes(); aiohttp: content.iter_any(); "
        "requests: the response to iter_response())"
    )


class _Shaper:
    """Chunks of any shape in, bytes out, until the shape is known (`settled`).

    Lines with their ends stripped come from `iter_lines()` (requests, httpx), known
    by the generator's name: each item is then a line. (Content cannot tell them from
    chunks: an empty chunk, or pieces of one line that each look like a field, are
    chunkings too. A source of lines without ends that is not named so gets the hint
    in `ended_early`.) Over the first `TINY_CHUNKS` items, it watches for 1-byte chunks.
    """

    __slots__ = ("count", "lines", "settled", "stacklevel")

    def __init__(self, source: object = None, stacklevel: int = 6) -> None:
        self.stacklevel = stacklevel  # frames from `warn` up to the user's loop
        self.lines = _is_iter_lines(source)
        self.settled = False
        self.count = 0

    def push(self, item: Any) -> list[bytes]:
        chunk = item if type(item) is bytes else _as_bytes(item)
        if self.lines:
            return [chunk + b"\n"]
        self.count += 1
        if len(chunk) != 1:
            self.settled = True  # not a 1-byte source
        elif self.count == TINY_CHUNKS:
            self.settled = True
            warnings.warn(
                "reading an event stream 1 byte at a time is slow: requests' "
                "iter_content() reads 1 byte unless told otherwise; pass "
                "iter_content(chunk_size=None), or the response to iter_response()",
                stacklevel=self.stacklevel,
            )
        return [chunk]

    def end(self) -> list[bytes]:
        return []


def _is_iter_lines(source: object) -> bool:
    """Whether `source` is the generator of a `Response.iter_lines()` / `aiter_lines()`
    (requests, httpx): lines without their ends."""
    code = getattr(source, "gi_code", None) or getattr(source, "ag_code", None)
    return getattr(code, "co_name", "") in ("iter_lines", "aiter_lines")


class _Sniffer:
    """Looks at the first bytes of the body: JSON or HTML is not an event stream."""

    __slots__ = ("body", "reason", "settled")

    def __init__(self) -> None:
        self.settled = False
        self.reason: str | None = None
        self.body = bytearray()

    def push(self, chunk: bytes) -> list[bytes]:
        if self.settled:
            return [chunk]
        if self.reason is not None:  # collecting the body for the error
            self.body += chunk
            if len(self.body) >= NotEventStreamError.BODY_LIMIT:
                self.end()
            return []
        self.body += chunk
        first = self.body.lstrip(_BLANKS)[:1]
        if not first:
            return []  # only white space so far
        if first[0] in _NOT_SSE:
            self.reason = "the body is JSON" if first != b"<" else "the body is HTML"
            return []
        self.settled = True
        out = [bytes(self.body)]
        self.body = bytearray()
        return out

    def end(self) -> None:
        if self.reason is not None:
            body = bytes(self.body[: NotEventStreamError.BODY_LIMIT])
            raise NotEventStreamError(self.reason, body.decode("utf-8", "replace"))


def _sniffed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    sniff = _Sniffer()
    for chunk in chunks:
        yield from sniff.push(chunk)
        if sniff.settled:
            break
    else:
        sniff.end()
        if sniff.body:
            yield bytes(sniff.body)  # white space only
        return
    yield from chunks


# --- HTTP responses --------------------------------------------------------------------
# Duck-typed: the package imports no HTTP library. A response is checked for its
# status and content type before its body is read as a stream.


def response_chunks(response: Any) -> Source:
    """The body of a sync response, as a source that yields what arrives: httpx's
    `iter_bytes()`, requests' urllib3 `raw` (read with `read1`), or the response itself
    when it is a file object (`urllib.request.urlopen`, `http.client`)."""
    check_response(response, _read_body)
    if hasattr(response, "iter_bytes"):  # httpx
        return response.iter_bytes()  # type: ignore[no-any-return]
    if hasattr(response, "iter_content") and hasattr(response, "raw"):  # requests
        return response.raw if hasattr(response.raw, "read1") else response.iter_content(None)  # type: ignore[no-any-return]
    if hasattr(response, "read"):
        return response  # type: ignore[no-any-return]
    raise TypeError(
        f"{type(response).__name__} is not a response this package can read: pass an "
        "httpx or requests response, a urllib response, or its chunks to iter_events()"
    )


async def aresponse_chunks(response: Any) -> AsyncIterable[Chunk]:
    """The body of an async response: httpx's `aiter_bytes()`, or aiohttp's
    `content.iter_any()`, after the status and content type are checked."""
    if hasattr(response, "aiter_bytes"):  # httpx
        await acheck_response(response)
        return response.aiter_bytes()  # type: ignore[no-any-return]
    content = getattr(response, "content", None)
    if hasattr(content, "iter_any"):  # aiohttp
        await acheck_response(response)
        return content.iter_any()  # type: ignore[no-any-return,union-attr]
    raise TypeError(
        f"{type(response).__name__} is not a response this package can read: pass an "
        "httpx or aiohttp response, or its chunks to aiter_events()"
    )


def response_status(response: Any) -> tuple[int | None, str | None]:
    """The response's status code and content type (None where it gives none)."""
    status = getattr(response, "status_code", None)  # httpx, requests
    if status is None:
        status = getattr(response, "status", None)  # aiohttp, urllib
    if status is None:
        status = getattr(response, "code", None)  # urllib's HTTPError
    headers = getattr(response, "headers", None)
    content_type = headers.get("content-type") if headers is not None else None
    return (status if isinstance(status, int) else None), content_type


def _trouble(status: int | None, content_type: str | None) -> str | None:
    if status is not None and not 200 <= status < 300:
        return f"HTTP status {status}" + (f" ({content_type})" if content_type else "")
    if content_type and content_type.split(";")[0].strip().lower() != "text/event-stream":
        return f"content type {content_type} (HTTP status {status})"
    return None


def check_response(response: Any, read_body: Callable[[Any], bytes]) -> None:
    """Raise `NotEventStreamError`, with the body's text, for an HTTP error status or
    a content type other than `text/event-stream` (when the response gives one)."""
    status, content_type = response_status(response)
    reason = _trouble(status, content_type)
    if reason is not None:
        body = read_body(response).decode("utf-8", "replace")
        raise NotEventStreamError(reason, body, status, content_type)


async def acheck_response(response: Any) -> None:
    status, content_type = response_status(response)
    reason = _trouble(status, content_type)
    if reason is not None:
        body = bytearray()
        if hasattr(response, "aiter_bytes"):
            chunks = response.aiter_bytes()
        else:
            chunks = response.content.iter_any()
        async for chunk in chunks:
            body += chunk
            if len(body) >= NotEventStreamError.BODY_LIMIT:
                break
        text = bytes(body[: NotEventStreamError.BODY_LIMIT]).decode("utf-8", "replace")
        raise NotEventStreamError(reason, text, status, content_type)


def _read_body(response: Any) -> bytes:
    """At most `BODY_LIMIT` bytes of the body, for an error message."""
    limit = NotEventStreamError.BODY_LIMIT
    body = bytearray()
    if hasattr(response, "iter_bytes"):
        chunks: Iterable[bytes] = response.iter_bytes()
    elif hasattr(response, "iter_content"):
        chunks = response.iter_content(None)
    elif hasattr(response, "read"):
        return bytes(response.read(limit) or b"")
    else:
        return b""
    for chunk in chunks:
        body += chunk
        if len(body) >= limit:
            break
    return bytes(body[:limit])


def aiter_typed_response(
    response: Any,
    typed: Callable[[ServerSentEvent], _T],
    ends: frozenset[str] = frozenset(),
    require_end: bool = False,
    limits: Limits | None = None,
) -> AsyncEventStream[_T]:
    """`aiter_typed` over an async response's body; the status and content type are
    checked when iteration starts."""
    end = _End(ends, require_end)
    return AsyncEventStream(_atyped(_abody(response), typed, end, _decoder(limits)), end)


async def _abody(response: Any) -> AsyncIterator[Chunk]:
    async for chunk in await aresponse_chunks(response):
        yield chunk
