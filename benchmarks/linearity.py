"""Is the stream parser linear whatever the chunking? One 16 MiB event, fed in 1 KiB and
in 64 KiB chunks, decoded to a typed event. A decoder that copies its buffer per chunk
takes about 16,000 times longer at 1 KiB; a linear one, about the same.

    python benchmarks/linearity.py
"""

from __future__ import annotations

import json
import statistics
import time
import tracemalloc

from assistant_events import SSEDecoder, ThreadMessageDelta, iter_events

SIZE = 16 * 1024 * 1024


def big_event() -> bytes:
    text = ("0123456789abcdef" * (SIZE // 16))[: SIZE - 200]
    payload = {
        "id": "msg_big",
        "object": "thread.message.delta",
        "delta": {"content": [{"index": 0, "type": "text", "text": {"value": text}}]},
    }
    return f"event: thread.message.delta\ndata: {json.dumps(payload)}\n\n".encode()


def chunks(raw: bytes, size: int) -> list[bytes]:
    return [raw[i : i + size] for i in range(0, len(raw), size)]


def decode_only(pieces: list[bytes]) -> float:
    start = time.perf_counter()
    decoder = SSEDecoder()
    events = [e for piece in pieces for e in decoder.feed(piece)]
    elapsed = time.perf_counter() - start
    assert len(events) == 1
    return elapsed


def typed(pieces: list[bytes]) -> float:
    start = time.perf_counter()
    (event,) = iter_events(pieces)
    elapsed = time.perf_counter() - start
    assert isinstance(event, ThreadMessageDelta)
    return elapsed


def peak_memory(pieces: list[bytes]) -> int:
    tracemalloc.start()
    decoder = SSEDecoder()
    for piece in pieces:
        decoder.feed(piece)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def interleaved_medians(fn, small: list[bytes], large: list[bytes], runs: int = 5):  # type: ignore[no-untyped-def]
    """Median times of both chunkings, run alternately so they meet the same allocator state."""
    small_times, large_times = [], []
    for _ in range(runs):
        small_times.append(fn(small))
        large_times.append(fn(large))
    return statistics.median(small_times), statistics.median(large_times)


def main() -> None:
    raw = big_event()
    small, large = chunks(raw, 1024), chunks(raw, 64 * 1024)
    print(f"one event of {len(raw) / 2**20:.1f} MiB; median of 5 runs")
    for name, fn in (("SSE decode", decode_only), ("decode + typed event", typed)):
        t_small, t_large = interleaved_medians(fn, small, large)
        print(
            f"{name:<22} 1 KiB chunks {t_small * 1000:8.1f} ms   64 KiB chunks "
            f"{t_large * 1000:8.1f} ms   ratio {t_small / t_large:5.2f}x"
        )
    print(f"peak traced memory of the decoder, 1 KiB chunks: {peak_memory(small) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
