# DO NOT EDIT: copied by eventgen from eventgen/runtime/_stream.py.
# Run `eventgen generate` to refresh it.
"""From HTTP chunks to typed events and back, for any catalog.

The decoding loop, the sources it reads and the writing back are the same for
every stream; only the step from a decoded `ServerSentEvent` to a typed event
depends on the catalog. The generated `stream` module passes that step in
(`typed`) and gives the functions their precise types.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Literal, Protocol, TypeAlias, TypeVar

from ._events import frame
from .sse import ServerSentEvent, SSEDecoder

__all__ = ["Errors", "MalformedEvent", "Source", "aiter_typed", "iter_typed", "serialize"]

READ_SIZE = 64 * 1024

Source: TypeAlias = bytes | bytearray | str | Iterable[bytes | str] | IO[bytes] | IO[str]
"""What `iter_events` reads: the whole stream, chunks of it, or a file object."""

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

    def to_sse(self) -> str:
        """The event as an SSE frame, with the data as it came."""
        return frame(self.event, self.data)


def iter_typed(source: Source, typed: Callable[[ServerSentEvent], _T]) -> Iterator[_T]:
    """`typed(sse)` for every event decoded from `source`."""
    decoder = SSEDecoder()
    for chunk in _chunks(source):
        for sse in decoder.feed(chunk):
            yield typed(sse)
    decoder.close()


async def aiter_typed(
    source: AsyncIterable[bytes | str], typed: Callable[[ServerSentEvent], _T]
) -> AsyncIterator[_T]:
    """`typed(sse)` for every event decoded from an async iterable of chunks."""
    decoder = SSEDecoder()
    async for chunk in source:
        for sse in decoder.feed(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)):
            yield typed(sse)
    decoder.close()


class _Framed(Protocol):
    """Anything that writes itself back as an SSE frame."""

    def to_sse(self) -> str: ...


def serialize(events: Iterable[_Framed]) -> str:
    """The SSE text of `events`; parsing it gives the same events back."""
    return "".join(event.to_sse() for event in events)


def _chunks(source: Source) -> Iterator[bytes]:
    # A whole stream is fed in slices, so events are built and handed on as they
    # come instead of all decoded first and held at once.
    if isinstance(source, (bytes, bytearray, str)):
        raw = source.encode("utf-8") if isinstance(source, str) else bytes(source)
        for start in range(0, len(raw), READ_SIZE):
            yield raw[start : start + READ_SIZE]
    elif hasattr(source, "read"):
        while block := source.read(READ_SIZE):
            yield block.encode("utf-8") if isinstance(block, str) else block
    else:
        for chunk in source:
            if type(chunk) is not bytes:
                chunk = chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)
            yield chunk
