"""Real HTTP on loopback: a local server streams a recorded stream in irregular chunks,
with pauses, and httpx's iter_bytes()/aiter_bytes() feed iter_events/aiter_events."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from assistant_events import aiter_events, iter_events
from tests.conftest import REAL_STREAMS, ROOT

STREAMS = [ROOT / "tests" / "streams" / "full_run.sse", *REAL_STREAMS]


def irregular_pieces(raw: bytes, seed: int) -> Iterator[bytes]:
    """Pieces of 1 to 97 bytes: they split lines, CRLFs and multi-byte characters."""
    rng = random.Random(seed)
    i = 0
    while i < len(raw):
        size = rng.randint(1, 97)
        yield raw[i : i + size]
        i += size


class StreamHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        raw = STREAMS[int(self.path.rsplit("/", 1)[1])].read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for n, piece in enumerate(irregular_pieces(raw, seed=len(raw))):
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.flush()
            if n % 8 == 0:
                time.sleep(0.001)
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), StreamHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def url_path(path: Path) -> str:
    return f"/streams/{STREAMS.index(path)}"


@pytest.mark.parametrize("path", STREAMS, ids=[p.name for p in STREAMS])
def test_httpx_iter_bytes_feeds_iter_events(server: str, path: Path) -> None:
    expected = list(iter_events(path.read_bytes()))
    with httpx.Client(timeout=10) as client:
        with client.stream("GET", server + url_path(path)) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            got = list(iter_events(response.iter_bytes()))
    assert got == expected and len(got) >= 10


@pytest.mark.parametrize("path", STREAMS, ids=[p.name for p in STREAMS])
def test_httpx_aiter_bytes_feeds_aiter_events(server: str, path: Path) -> None:
    expected = list(iter_events(path.read_bytes()))

    async def fetch() -> list[object]:
        async with httpx.AsyncClient(timeout=10) as client:
            async with client.stream("GET", server + url_path(path)) as response:
                return [event async for event in aiter_events(response.aiter_bytes())]

    assert asyncio.run(fetch()) == expected
