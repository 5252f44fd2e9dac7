"""Streams as users meet them (issue 15): real client libraries against a local server.

A ThreadingHTTPServer on 127.0.0.1 sends a stream one event at a time with pauses,
error responses, bodies that are not event streams, and streams cut short. Every
client library a user would reach for reads it: urllib, requests, httpx (sync and
async) and aiohttp.

- Latency: the first event reaches the user within a few ms of the server sending
  it, not when 64 KiB (or the whole body) arrived: the server pauses a full second
  after the first event, and the test allows `LATE` for the first one.
- Errors: an HTTP error or a JSON body raises NotEventStreamError with the body.
- Cut streams: `ended_early` says so, `require_end=True` raises.
- Idioms: iter_lines() (ends stripped), aiohttp's (bytes, bool) chunks, 1-byte chunks.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from assistant_events import (
    IncompleteStreamError,
    NotEventStreamError,
    ThreadMessageDelta,
    aiter_events,
    aiter_response,
    iter_events,
    iter_response,
)
from tests.conftest import ROOT

requests = pytest.importorskip("requests")
aiohttp = pytest.importorskip("aiohttp")

FULL = (ROOT / "tests" / "streams" / "full_run.sse").read_bytes()
BLOCKS = [block + b"\n\n" for block in FULL.split(b"\n\n") if block.strip()]
PAUSE = 1.0  # after the first event: a reader that waits for more blocks this long
LATE = 0.25  # the most the first event may trail the server's send (measured: ~1-3 ms)
ERROR_BODY = b'{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}'

SENT: dict[str, float] = {}  # request tag -> when the server flushed the first event


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        kind, _, tag = self.path.strip("/").partition("/")
        if kind in ("slow", "slow-close"):
            self._slow(tag, chunked=kind == "slow")
        elif kind == "cut":
            self._send(
                200,
                "text/event-stream",
                FULL[: FULL.index(b"event: thread.run.step.delta")]
                + b'event: thread.message.delta\ndata: {"id"',
            )
        elif kind == "cut-between":
            self._send(200, "text/event-stream", b"".join(BLOCKS[:6]))
        elif kind == "401":
            self._send(401, "application/json", ERROR_BODY)
        elif kind == "json200":
            self._send(200, "application/json", ERROR_BODY)
        elif kind == "json-as-sse":
            self._send(200, "text/event-stream", ERROR_BODY)
        elif kind == "html502":
            self._send(502, "text/html", b"<html><body>Bad gateway</body></html>")
        elif kind == "no-type":
            self._send(200, None, FULL)
        else:
            self._send(200, "text/event-stream", FULL)

    def _send(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _slow(self, tag: str, chunked: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.flush()
        for n, block in enumerate(BLOCKS):
            if n == 0:  # noted before the write: the reader may have it before we return
                SENT[tag] = time.monotonic()
            self.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n" if chunked else block)
            self.wfile.flush()
            if n == 0:
                time.sleep(PAUSE)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


_tags = iter(range(1_000_000))


def first_event_delay(events: Iterator[Any], tag: str) -> tuple[float, int]:
    """Seconds from the server's send of the first event to its arrival; events read."""
    first = next(events)
    delay = time.monotonic() - SENT[tag]
    return delay, 1 + sum(1 for _ in events) if first is not None else 0


async def afirst_event_delay(events: AsyncIterator[Any], tag: str) -> tuple[float, int]:
    await events.__anext__()
    delay = time.monotonic() - SENT[tag]
    count = 1
    async for _ in events:
        count += 1
    return delay, count


SYNC_CLIENTS = [
    "urllib",
    "urllib-response",
    "requests-raw",
    "requests-response",
    "requests-iter_content-None",
    "httpx-iter_bytes",
    "httpx-response",
]


def read_sync(client: str, url: str, tag: str) -> tuple[float, int]:
    if client.startswith("urllib"):
        with urllib.request.urlopen(url, timeout=10) as response:
            events = (
                iter_response(response) if client.endswith("response") else iter_events(response)
            )
            return first_event_delay(iter(events), tag)
    if client.startswith("requests"):
        with requests.get(url, stream=True, timeout=10) as response:
            if client == "requests-raw":
                events = iter_events(response.raw)
            elif client == "requests-response":
                events = iter_response(response)
            else:
                events = iter_events(response.iter_content(chunk_size=None))
            return first_event_delay(iter(events), tag)
    with httpx.Client(timeout=10) as http, http.stream("GET", url) as response:
        events = (
            iter_response(response)
            if client.endswith("response")
            else iter_events(response.iter_bytes())
        )
        return first_event_delay(iter(events), tag)


# Without chunked framing, urllib3's stream(None) reads to the end: that pairing is not a
# live source (iter_response reads such responses live), so it is not asserted as one.
SYNC_CASES = [
    (client, framing)
    for client in SYNC_CLIENTS
    for framing in ("slow", "slow-close")
    if (client, framing) != ("requests-iter_content-None", "slow-close")
]


@pytest.mark.parametrize(("client", "framing"), SYNC_CASES)
def test_sync_sources_yield_the_first_event_when_it_arrives(
    server: str, client: str, framing: str
) -> None:
    tag = f"{client}-{framing}-{next(_tags)}"
    delay, count = read_sync(client, f"{server}/{framing}/{tag}", tag)
    assert count == len(BLOCKS)
    assert delay < LATE, f"{client}: first event {delay * 1000:.0f} ms after the send"


ASYNC_CLIENTS = [
    "httpx-aiter_bytes",
    "httpx-response",
    "aiohttp-iter_any",
    "aiohttp-response",
    "aiohttp-iter_chunks",
]


async def read_async(client: str, url: str, tag: str) -> tuple[float, int]:
    if client.startswith("httpx"):
        async with httpx.AsyncClient(timeout=10) as http, http.stream("GET", url) as response:
            if client.endswith("response"):
                return await afirst_event_delay(aiter_response(response), tag)
            return await afirst_event_delay(aiter_events(response.aiter_bytes()), tag)
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        if client.endswith("response"):
            return await afirst_event_delay(aiter_response(response), tag)
        if client.endswith("iter_chunks"):
            return await afirst_event_delay(aiter_events(response.content.iter_chunks()), tag)
        return await afirst_event_delay(aiter_events(response.content.iter_any()), tag)


@pytest.mark.parametrize("client", ASYNC_CLIENTS)
def test_async_sources_yield_the_first_event_when_it_arrives(server: str, client: str) -> None:
    tag = f"{client}-{next(_tags)}"
    delay, count = asyncio.run(read_async(client, f"{server}/slow/{tag}", tag))
    assert count == len(BLOCKS)
    assert delay < LATE, f"{client}: first event {delay * 1000:.0f} ms after the send"


# --- responses that are not event streams -------------------------------------------


@pytest.mark.parametrize("kind", ["401", "json200", "html502"])
@pytest.mark.parametrize("client", ["urllib", "requests", "httpx"])
def test_error_responses_raise_with_the_body(server: str, kind: str, client: str) -> None:
    url = f"{server}/{kind}/x"
    with pytest.raises(NotEventStreamError) as caught:
        if client == "urllib":
            try:
                response = urllib.request.urlopen(url, timeout=10)
            except urllib.error.HTTPError as error:  # urllib raises on 4xx/5xx itself
                response = error
            with response:
                list(iter_response(response))
        elif client == "requests":
            with requests.get(url, stream=True, timeout=10) as response:
                list(iter_response(response))
        else:
            with httpx.Client(timeout=10) as http, http.stream("GET", url) as response:
                list(iter_response(response))
    error = caught.value
    assert error.status == int(kind[-3:]) if kind != "json200" else error.status == 200
    assert ("Incorrect API key" in error.body) or ("Bad gateway" in error.body)
    assert "not an event stream" in str(error)


@pytest.mark.parametrize("kind", ["401", "json200", "html502"])
@pytest.mark.parametrize("client", ["httpx", "aiohttp"])
def test_async_error_responses_raise_with_the_body(server: str, kind: str, client: str) -> None:
    async def read() -> None:
        url = f"{server}/{kind}/x"
        if client == "httpx":
            async with httpx.AsyncClient(timeout=10) as http, http.stream("GET", url) as response:
                [e async for e in aiter_response(response)]
        else:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                [e async for e in aiter_response(response)]

    with pytest.raises(NotEventStreamError) as caught:
        asyncio.run(read())
    assert ("Incorrect API key" in caught.value.body) or ("Bad gateway" in caught.value.body)


def test_a_json_body_sent_as_an_event_stream_raises_from_any_source(server: str) -> None:
    """No status or content type to go by: the body itself is JSON, never SSE."""
    with (
        httpx.Client(timeout=10) as http,
        http.stream("GET", f"{server}/json-as-sse/x") as response,
    ):
        with pytest.raises(NotEventStreamError) as caught:
            list(iter_events(response.iter_bytes()))
    assert json.loads(caught.value.body) == json.loads(ERROR_BODY)
    with pytest.raises(NotEventStreamError):
        list(iter_events(b"\xef\xbb\xbf \n" + ERROR_BODY))
    with pytest.raises(NotEventStreamError):
        list(iter_events(io_chunks(b"  [1, 2]")))


def io_chunks(raw: bytes) -> Iterator[bytes]:
    yield from (raw[i : i + 3] for i in range(0, len(raw), 3))


def test_a_response_without_content_type_is_read(server: str) -> None:
    with httpx.Client(timeout=10) as http, http.stream("GET", f"{server}/no-type/x") as response:
        assert len(list(iter_response(response))) == len(BLOCKS)


# --- cut streams ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["cut", "cut-between"])
def test_cut_streams_are_known(server: str, kind: str) -> None:
    with httpx.Client(timeout=10) as http, http.stream("GET", f"{server}/{kind}/x") as response:
        events = iter_response(response)
        got = list(events)
    assert got and events.finished and not events.complete
    assert events.ended_early is not None
    if kind == "cut":
        assert "inside an event block" in events.ended_early
    else:
        assert "no end event" in events.ended_early
    with httpx.Client(timeout=10) as http, http.stream("GET", f"{server}/{kind}/x") as response:
        with pytest.raises(IncompleteStreamError):
            list(iter_response(response, require_end=True))


def test_whole_streams_are_complete(server: str) -> None:
    async def read() -> Any:
        async with aiohttp.ClientSession() as session, session.get(f"{server}/full/x") as r:
            events = aiter_response(r, require_end=True)
            got = [e async for e in events]
            return events, got

    events, got = asyncio.run(read())
    assert events.complete and events.ended_early is None and len(got) == len(BLOCKS)


def test_async_cut_stream_raises_with_require_end(server: str) -> None:
    async def read() -> None:
        async with aiohttp.ClientSession() as session, session.get(f"{server}/cut/x") as r:
            [e async for e in aiter_response(r, require_end=True)]

    with pytest.raises(IncompleteStreamError, match="inside an event block"):
        asyncio.run(read())


def test_iterating_before_the_end_says_nothing_yet() -> None:
    events = iter_events(FULL)
    next(events)
    assert not events.finished and events.ended_early is None and not events.complete


# --- idioms -----------------------------------------------------------------------------


def test_requests_iter_lines_works(server: str) -> None:
    expected = list(iter_events(FULL))
    with requests.get(f"{server}/full/x", stream=True, timeout=10) as response:
        assert list(iter_events(response.iter_lines())) == expected
    # (iter_lines(decode_unicode=True) decodes text/* without a charset as Latin-1,
    # as requests does for any text: bytes are the safe choice.)


def test_httpx_iter_lines_works(server: str) -> None:
    expected = list(iter_events(FULL))
    with httpx.Client(timeout=10) as http, http.stream("GET", f"{server}/full/x") as response:
        assert list(iter_events(response.iter_lines())) == expected

    async def read() -> list[Any]:
        async with (
            httpx.AsyncClient(timeout=10) as http,
            http.stream("GET", f"{server}/full/x") as r,
        ):
            return [e async for e in aiter_events(r.aiter_lines())]

    assert asyncio.run(read()) == expected


def test_aiohttp_chunk_tuples_and_lines_work(server: str) -> None:
    expected = list(iter_events(FULL))

    async def read(how: str) -> list[Any]:
        async with aiohttp.ClientSession() as session, session.get(f"{server}/full/x") as r:
            if how == "iter_chunks":
                return [e async for e in aiter_events(r.content.iter_chunks())]
            if how == "iter_chunked":
                return [e async for e in aiter_events(r.content.iter_chunked(100))]
            return [e async for e in aiter_events(r.content)]  # lines, ends kept

    for how in ("iter_chunks", "iter_chunked", "lines"):
        assert asyncio.run(read(how)) == expected, how


def test_one_byte_chunks_work_and_warn(server: str) -> None:
    with requests.get(f"{server}/full/x", stream=True, timeout=10) as response:
        with pytest.warns(UserWarning, match=r"iter_content\(chunk_size=None\)"):
            got = list(iter_events(response.iter_content()))
    assert got == list(iter_events(FULL))


def test_chunks_of_usual_sizes_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        list(iter_events(FULL[i : i + 7] for i in range(0, len(FULL), 7)))
        list(iter_events(FULL.decode().splitlines(keepends=True)))


def test_a_chunk_of_the_wrong_type_names_the_fix() -> None:
    with pytest.raises(TypeError, match=r"iter_bytes\(\)"):
        list(iter_events([1, 2, 3]))  # type: ignore[list-item]


def test_lines_without_ends_from_a_plain_iterable_end_with_the_fix() -> None:
    lines = FULL.decode().split("\n")
    events = iter_events(iter(lines))
    assert list(events) == []
    assert events.ended_early is not None and "iter_content(chunk_size=None)" in events.ended_early


def test_an_empty_chunk_is_nothing_whatever_came_before() -> None:
    raw = BLOCKS[0]
    line_end = raw.index(b"\n")
    for cut in range(len(raw)):
        for chunks in ([raw[:cut], b"", raw[cut:]], [raw[:cut], raw[cut:cut], b"", raw[cut:]]):
            assert list(iter_events(chunks)) == list(iter_events(raw)), cut
    fields = b"retry:id: \nr"  # found by the fuzzer: two field-like pieces, then b""
    assert list(iter_events([fields[:6], fields[6:9], b"", fields[9:]])) == []
    assert list(iter_events([raw[:line_end], b"", raw[line_end:]])) == list(iter_events(raw))


def test_unrecognised_stripped_lines_end_with_a_hint() -> None:
    events = iter_events(["event: done", "data: [DONE]"])  # no blank line, no line end
    assert list(events) == []
    assert events.ended_early is not None and "iter_content(chunk_size=None)" in events.ended_early


def test_message_deltas_arrive_typed(server: str) -> None:
    with requests.get(f"{server}/full/x", stream=True, timeout=10) as response:
        deltas = [e for e in iter_response(response) if isinstance(e, ThreadMessageDelta)]
    assert deltas


def test_limits_reach_the_decoder(server: str) -> None:
    from assistant_events import StreamLimitError

    with pytest.raises(StreamLimitError):
        list(iter_events(FULL, max_event_size=100))
    with pytest.raises(StreamLimitError):
        list(iter_events([b"data: " + b"x" * 5000], max_line_length=1000))
    with httpx.Client(timeout=10) as http, http.stream("GET", f"{server}/full/x") as response:
        with pytest.raises(StreamLimitError):
            list(iter_response(response, max_line_length=50))

    async def read() -> None:
        async with aiohttp.ClientSession() as session, session.get(f"{server}/full/x") as r:
            [e async for e in aiter_response(r, max_event_size=200)]

    with pytest.raises(StreamLimitError):
        asyncio.run(read())
    assert len(list(iter_events(FULL, max_event_size=10**6, max_line_length=10**6))) == len(BLOCKS)
