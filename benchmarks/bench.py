"""How fast is the generated stream parser, next to the floor and to the SDKs?

Every path parses the same bytes in one process; each figure is the median of
several runs, and each path's time is also given as a ratio to (a):

  (a) floor   split on blank lines + json.loads of each data line, untyped
  (b) orjson  the same with orjson.loads                 (when orjson is installed)
  (c) httpx-sse  its line and event decoders + json.loads (when httpx-sse is installed)
  (d) openai  the official SDK's SSE decoder and its construction of the
              AssistantStreamEvent union, as its event handler receives events
  (e) ours    bytes in, typed events with full payload dataclasses out; once with the
              standard library's json, once with orjson when it is installed

    pip install -e '.[bench]'
    python benchmarks/bench.py [--runs N] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import assistant_events
from assistant_events import StreamAccumulator, _json, iter_events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linearity import big_event, chunks  # noqa: E402
from linearity import typed as typed_big_event  # noqa: E402
from synthetic import build_stream  # noqa: E402

SHARED_STREAMS = sorted((Path(__file__).resolve().parents[2] / "shared" / "streams").glob("*.sse"))


def floor(raw: bytes, loads: Callable[[Any], Any] = json.loads) -> int:
    count = 0
    for block in raw.split(b"\n\n"):
        for line in block.split(b"\n"):
            if line.startswith(b"data: ") and line != b"data: [DONE]":
                loads(line[6:])
                count += 1
    return count + 1  # and done


def orjson_floor() -> Callable[[bytes], int] | None:
    try:
        import orjson
    except ImportError:
        return None
    return lambda raw: floor(raw, orjson.loads)


def httpx_sse_path() -> Callable[[bytes], int] | None:
    try:
        from httpx_sse._decoders import SSEDecoder, SSELineDecoder
    except ImportError:
        return None

    def run(raw: bytes) -> int:
        lines, decoder, count = SSELineDecoder(), SSEDecoder(), 0
        for line in [*lines.decode(raw.decode("utf-8")), *lines.flush()]:
            sse = decoder.decode(line)
            if sse is not None:
                if sse.data != "[DONE]":
                    json.loads(sse.data)
                count += 1
        return count

    return run


def openai_path() -> Callable[[bytes], int] | None:
    try:
        from openai._models import construct_type
        from openai._streaming import SSEDecoder
        from openai.types.beta import AssistantStreamEvent
    except ImportError:
        return None

    def run(raw: bytes) -> int:
        count = 0
        for sse in SSEDecoder().iter_bytes(iter([raw])):
            count += 1
            if sse.data.startswith("[DONE]"):
                break  # as openai's Stream does
            construct_type(
                type_=AssistantStreamEvent, value={"data": sse.json(), "event": sse.event}
            )
        return count

    return run


def ours(raw: bytes) -> int:
    return sum(1 for _ in iter_events(raw))


def ours_accumulated(raw: bytes) -> int:
    acc = StreamAccumulator()
    count = sum(1 for _ in acc.consume(iter_events(raw)))
    assert acc.final_run is not None and acc.final_messages
    return count


def ours_per_event(pieces: list[bytes]) -> int:
    return sum(1 for _ in iter_events(pieces))


def with_stdlib_json(fn: Callable[[bytes], int]) -> Callable[[bytes], int]:
    def run(raw: bytes) -> int:
        saved, _json.loads = _json.loads, json.loads
        try:
            return fn(raw)
        finally:
            _json.loads = saved

    return run


def median_seconds(fn: Callable[[Any], int], arg: Any, runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = fn(arg)
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def peak_memory(raw: bytes) -> int:
    tracemalloc.start()
    events = list(iter_events(raw))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del events
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    raw = build_stream()
    per_event = [block + b"\n\n" for block in raw.split(b"\n\n")[:-1]]
    paths: list[tuple[str, Callable[[Any], int] | None, Any]] = [
        ("(a) floor: split + json.loads", floor, raw),
        ("(b) floor with orjson.loads", orjson_floor(), raw),
        ("(c) httpx-sse + json.loads", httpx_sse_path(), raw),
        ("(d) openai SDK typed events", openai_path(), raw),
        ("(e) ours, stdlib json", with_stdlib_json(ours), raw),
        ("(e) ours, orjson if installed", ours if _json.USING_ORJSON else None, raw),
        ("(e) ours, one chunk per event", ours_per_event, per_event),
        ("(e) ours + StreamAccumulator", ours_accumulated, raw),
    ]
    results = []
    for name, fn, arg in paths:
        if fn is None:
            results.append((name, None, 0))
            continue
        fn(arg)  # warm up
        seconds, count = median_seconds(fn, arg, args.runs)
        results.append((name, seconds, count))

    base = results[0][1]
    assert base is not None
    mb = len(raw) / 1e6
    rows = [("path", "median ms", "events/s", "MB/s", "time / (a)")]
    for name, seconds, count in results:
        if seconds is None:
            rows.append((name, "not installed", "", "", ""))
        else:
            rows.append(
                (
                    name,
                    f"{seconds * 1000:.1f}",
                    f"{count / seconds:,.0f}",
                    f"{mb / seconds:.1f}",
                    f"{seconds / base:.2f}x",
                )
            )
    openai_time = results[3][1]
    ours_time = results[5][1] or results[4][1]

    # Interleaved, so both chunk sizes meet the allocator in the same state.
    big = big_event()
    small_pieces, large_pieces = chunks(big, 1024), chunks(big, 64 * 1024)
    small_times, large_times = [], []
    for _ in range(5):
        small_times.append(typed_big_event(small_pieces))
        large_times.append(typed_big_event(large_pieces))
    small_t, large_t = statistics.median(small_times), statistics.median(large_times)

    print(f"stream: {len(raw):,} bytes, {results[0][2]:,} events; median of {args.runs} runs")
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"machine: {platform.machine()}, {python}, {platform.system()}")
    json_name = "orjson" if _json.USING_ORJSON else "stdlib"
    print(f"package: {assistant_events.__name__}, json: {json_name}")
    if args.markdown:
        print("\n| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]))
        for row in rows[1:]:
            print("| " + " | ".join(row) + " |")
    else:
        for row in rows:
            print(f"{row[0]:<34} {row[1]:>13} {row[2]:>11} {row[3]:>7} {row[4]:>10}")
    print()
    if openai_time and ours_time:
        print(f"ours vs openai SDK typed path: {openai_time / ours_time:.1f}x faster")
    accumulated_time = results[7][1]
    if ours_time and accumulated_time:
        print(f"parse + accumulate vs parse alone: {accumulated_time / ours_time:.2f}x")
    print(
        f"16 MiB event, typed: 1 KiB chunks {small_t * 1000:.1f} ms, "
        f"64 KiB chunks {large_t * 1000:.1f} ms, ratio {small_t / large_t:.2f}x"
    )
    peak = peak_memory(raw) / 2**20
    print(f"peak traced memory, ours on the {mb:.2f} MB stream (events kept): {peak:.1f} MiB")
    for path in SHARED_STREAMS:
        data = path.read_bytes()
        t_ours, n = median_seconds(ours, data, args.runs)
        t_floor, _ = median_seconds(floor, data, args.runs)
        ratio = t_ours / t_floor
        print(f"recorded {path.name}: {n} events, ours {t_ours * 1000:.2f} ms = {ratio:.2f}x floor")


if __name__ == "__main__":
    main()
