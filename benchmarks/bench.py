"""How fast is a generated stream parser, next to the floor and to the SDKs?

Every path parses the same bytes in one process. A run times every path once, in
rotating order, and divides each time by the floor's time in that run; the figures
are medians over the runs (of times, and of these paired ratios), so load from other
processes mostly cancels out.

  (a) floor   split on blank lines + json.loads of each data line, untyped
  (b) orjson  the same with orjson.loads                 (when orjson is installed)
  (c) httpx-sse  its line and event decoders + json.loads (when httpx-sse is installed)
  (d) SDK     the official openai SDK's SSE decoder and its construction of the
              catalog's event union (Assistants, Responses), as its stream yields them
  (e) parse   ours: bytes in, typed events with full payload dataclasses out, nothing
              read; with the standard library's json, and with orjson when installed
  (f) consume ours, reading what a token-printing client reads (each text delta)
  (g) accumulate  parse + the catalog's StreamAccumulator, when it has one

Any generated package can be measured on any stream:

    pip install -e '.[bench]'
    python benchmarks/bench.py                      # every catalog generated/ holds
    python benchmarks/bench.py --catalog responses --runs 21 --markdown
    python benchmarks/bench.py --package my_events --stream capture.sse
    python benchmarks/bench.py --catalog assistants --memory   # + 10 MB / 100 MB streams
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(HERE))
from synthetic import build_stream  # noqa: E402

Path_ = Callable[[Any], int]


# --- streams ----------------------------------------------------------------------------


def tiled(pattern: str, size: int = 900_000) -> Callable[[], bytes]:
    """Recordings under ../shared, each cut after its last blank line, repeated to `size`."""

    def build() -> bytes:
        parts = []
        for path in sorted(SHARED.glob(pattern)):
            raw = path.read_bytes()
            parts.append(raw[: raw.rfind(b"\n\n") + 2])
        if not parts:
            raise SystemExit(f"no recordings match ../shared/{pattern}")
        one = b"".join(parts)
        return one * max(1, size // len(one))

    return build


# --- what a token-printing client reads -----------------------------------------------


def assistants_text(event: Any) -> str | None:
    if event.event == "thread.message.delta":
        for block in event.data.delta.content or ():
            text = getattr(block, "text", None)
            if text is not None and text.value:
                return text.value  # type: ignore[no-any-return]
    return None


def responses_text(event: Any) -> str | None:
    if event.event == "response.output_text.delta":
        return event.data.delta  # type: ignore[no-any-return]
    return None


def anthropic_text(event: Any) -> str | None:
    if event.event == "content_block_delta":
        return getattr(event.data.delta, "text", None)
    return None


# --- the openai SDK's typed paths -------------------------------------------------------


def openai_path(union: str) -> Path_ | None:
    try:
        from openai._models import construct_type
        from openai._streaming import SSEDecoder

        module, name = union.rsplit(".", 1)
        event_union = getattr(importlib.import_module(module), name)
    except ImportError:
        return None
    assistants = name == "AssistantStreamEvent"

    def run(raw: bytes) -> int:
        count = 0
        for sse in SSEDecoder().iter_bytes(iter([raw])):
            count += 1
            if sse.data.startswith("[DONE]"):
                break  # as openai's Stream does
            # As openai's Stream does: Assistants events are built from {"event", "data"},
            # every other stream from the data alone.
            value = {"data": sse.json(), "event": sse.event} if assistants else sse.json()
            construct_type(type_=event_union, value=value)
        return count

    return run


@dataclass
class Catalog:
    package: str
    stream: Callable[[], bytes]
    text: Callable[[Any], str | None] | None = None
    sdk_union: str | None = None
    """The openai SDK's event union for the same stream, as `module.Name`."""


CATALOGS = {
    "assistants": Catalog(
        "assistant_events", build_stream, assistants_text, "openai.types.beta.AssistantStreamEvent"
    ),
    "azure_agents": Catalog("azure_agent_events", build_stream, assistants_text),
    "responses": Catalog(
        "responses_events",
        tiled("other-apis/openai-dotnet-responses_*.sse"),
        responses_text,
        "openai.types.responses.ResponseStreamEvent",
    ),
    "anthropic": Catalog("anthropic_events", tiled("other-apis/anthropic-*.sse"), anthropic_text),
}


# --- the paths ----------------------------------------------------------------------------


def floor(raw: bytes, loads: Callable[[Any], Any] = json.loads) -> int:
    count = 0
    for block in raw.split(b"\n\n"):
        for line in block.split(b"\n"):
            if line.startswith(b"data: ") and line != b"data: [DONE]":
                loads(line[6:])
                count += 1
    return count


def orjson_floor() -> Path_ | None:
    try:
        import orjson
    except ImportError:
        return None
    return lambda raw: floor(raw, orjson.loads)


def httpx_sse_path() -> Path_ | None:
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


def with_stdlib_json(package: ModuleType, fn: Path_) -> Path_:
    """`fn` with the package's JSON reading forced to the standard library."""
    module = importlib.import_module(package.__name__ + "._json")
    stdlib = getattr(module, "stdlib_loads", json.loads)

    def run(arg: Any) -> int:
        saved, module.loads = module.loads, stdlib
        try:
            return fn(arg)
        finally:
            module.loads = saved

    return run


def ours_paths(package: ModuleType, catalog: Catalog) -> dict[str, Path_]:
    iter_events = package.iter_events

    def parse(raw: Any) -> int:
        count = 0
        for _ in iter_events(raw):
            count += 1
        return count

    paths = {"parse": parse}
    text = catalog.text
    if text is not None:

        def consume(raw: bytes) -> int:
            count = 0
            for event in iter_events(raw):
                count += 1
                if text(event) is not None:
                    pass
            return count

        paths["consume"] = consume
    accumulator = getattr(package, "StreamAccumulator", None)
    if accumulator is not None:

        def accumulate(raw: bytes) -> int:
            acc = accumulator()
            return sum(1 for _ in acc.consume(iter_events(raw)))

        paths["accumulate"] = accumulate
    return paths


def measure(paths: list[tuple[str, Path_, Any]], runs: int) -> dict[str, tuple[float, float, int]]:
    """name -> (median seconds, median time / floor in the same run, count)."""
    for _, fn, arg in paths:
        fn(arg)  # warm up
    times: dict[str, list[float]] = {name: [] for name, _, _ in paths}
    ratios: dict[str, list[float]] = {name: [] for name, _, _ in paths}
    counts: dict[str, int] = {}
    for run in range(runs):
        k = run % len(paths)
        for name, fn, arg in paths[k:] + paths[:k]:
            start = time.perf_counter()
            counts[name] = fn(arg)
            times[name].append(time.perf_counter() - start)
        base = times[paths[0][0]][-1]
        for name in times:
            ratios[name].append(times[name][-1] / base)
    return {
        name: (statistics.median(times[name]), statistics.median(ratios[name]), counts[name])
        for name in times
    }


def streamed_peak(package: ModuleType, raw: bytes, total: int) -> tuple[int, float]:
    """Peak traced memory parsing `total` bytes (`raw` repeated) as a stream of 64 KiB
    chunks, no event kept; and the number of events."""

    def chunks() -> Iterator[bytes]:
        for _ in range(max(1, total // len(raw))):
            for start in range(0, len(raw), 65536):
                yield raw[start : start + 65536]

    tracemalloc.start()
    count = 0
    for _ in package.iter_events(chunks()):
        count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak / 2**20


def kept_peak(package: ModuleType, raw: bytes) -> tuple[int, float]:
    tracemalloc.start()
    events = list(package.iter_events(raw))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return len(events), peak / 2**20


# --- report -----------------------------------------------------------------------------


def run_catalog(name: str, catalog: Catalog, raw: bytes, args: argparse.Namespace) -> None:
    package = importlib.import_module(catalog.package)
    json_module = importlib.import_module(catalog.package + "._json")
    using_orjson = bool(getattr(json_module, "USING_ORJSON", False))
    ours = ours_paths(package, catalog)
    per_event = [block + b"\n\n" for block in raw.split(b"\n\n")[:-1]]
    sdk = openai_path(catalog.sdk_union) if catalog.sdk_union else None
    rows: list[tuple[str, Path_ | None, Any]] = [
        ("(a) floor: split + json.loads", floor, raw),
        ("(b) floor with orjson.loads", orjson_floor(), raw),
        ("(c) httpx-sse + json.loads", httpx_sse_path(), raw),
        ("(d) openai SDK typed events", sdk, raw),
        ("(e) parse, stdlib json", with_stdlib_json(package, ours["parse"]), raw),
        ("(e) parse, orjson", ours["parse"] if using_orjson else None, raw),
        (
            "(e) parse, orjson, one chunk per event",
            ours["parse"] if using_orjson else None,
            per_event,
        ),
    ]
    if "consume" in ours:
        rows.append(("(f) consume, stdlib json", with_stdlib_json(package, ours["consume"]), raw))
        rows.append(("(f) consume, orjson", ours["consume"] if using_orjson else None, raw))
    if "accumulate" in ours:
        rows.append(("(g) parse + StreamAccumulator", ours["accumulate"], raw))
    if catalog.sdk_union and sdk is None:
        rows[3] = ("(d) openai SDK typed events (not installed)", None, raw)
    present = [(n, fn, arg) for n, fn, arg in rows if fn is not None]
    results = measure(present, args.runs)

    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(
        f"\n## {name}: {catalog.package}, {python}, json: {'orjson' if using_orjson else 'stdlib'}"
    )
    count = results[present[0][0]][2]
    print(f"stream: {len(raw):,} bytes, {count:,} data lines; {args.runs} runs, paired medians")
    table = [("path", "median ms", "events/s", "MB/s", "time / (a)")]
    for label, fn, _ in rows:
        if fn is None:
            continue
        seconds, ratio, n = results[label]
        table.append(
            (
                label,
                f"{seconds * 1000:.1f}",
                f"{n / seconds:,.0f}",
                f"{len(raw) / 1e6 / seconds:.1f}",
                f"{ratio:.2f}x",
            )
        )
    if args.markdown:
        print("\n| " + " | ".join(table[0]) + " |\n|" + "---|" * len(table[0]))
        for row in table[1:]:
            print("| " + " | ".join(row) + " |")
        print()
    else:
        for row in table:
            print(f"{row[0]:<42} {row[1]:>10} {row[2]:>11} {row[3]:>7} {row[4]:>10}")

    def ratio(a: str, b: str) -> float | None:
        if a in results and b in results:
            # Paired: both ratios come from the same runs' floors.
            return results[a][1] / results[b][1]
        return None

    best = "(e) parse, orjson" if "(e) parse, orjson" in results else "(e) parse, stdlib json"
    sdk_label = "(d) openai SDK typed events"
    if (faster := ratio(sdk_label, best)) is not None:
        print(f"ours ({best[4:]}) vs openai SDK typed path: {faster:.1f}x faster")
    if (acc := ratio("(g) parse + StreamAccumulator", best)) is not None:
        print(f"parse + accumulate vs parse alone: {acc:.2f}x")
    if args.memory:
        n, peak = kept_peak(package, raw)
        print(
            f"peak traced memory, all {n:,} events kept: {peak:.1f} MiB "
            f"({peak * 2**20 / n:,.0f} B/event)"
        )
        for total in (10_000_000, 100_000_000):
            n, peak = streamed_peak(package, raw, total)
            print(
                f"peak traced memory, streaming {total / 1e6:.0f} MB "
                f"({n:,} events, none kept): {peak:.2f} MiB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", action="append", choices=sorted(CATALOGS), help="repeatable")
    parser.add_argument("--package", help="any generated package (with --stream)")
    parser.add_argument("--stream", type=Path, help="an SSE capture to parse")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--memory", action="store_true", help="also peak memory, kept and streamed")
    parser.add_argument(
        "--big-event", action="store_true", help="also one 16 MiB event by chunk size"
    )
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {platform.system()}, {platform.python_version()}")
    if args.package:
        if args.stream is None:
            parser.error("--package needs --stream")
        known = next((c for c in CATALOGS.values() if c.package == args.package), None)
        catalog = Catalog(args.package, args.stream.read_bytes, known.text if known else None)
        run_catalog(args.package, catalog, args.stream.read_bytes(), args)
        return
    names = args.catalog or [n for n in CATALOGS if (ROOT / "generated" / n).is_dir()]
    for name in names:
        catalog = CATALOGS[name]
        if args.stream is not None:
            catalog = Catalog(
                catalog.package, args.stream.read_bytes, catalog.text, catalog.sdk_union
            )
        try:
            importlib.import_module(catalog.package)
        except ImportError:
            print(
                f"\n## {name}: {catalog.package} is not installed "
                f"(pip install -e generated/{name}/python)"
            )
            continue
        run_catalog(name, catalog, catalog.stream(), args)
    if args.big_event:
        from linearity import big_event, chunks
        from linearity import typed as typed_big_event

        big = big_event()
        small_pieces, large_pieces = chunks(big, 1024), chunks(big, 64 * 1024)
        small_times, large_times = [], []
        for _ in range(5):  # interleaved: both sizes meet the allocator in the same state
            small_times.append(typed_big_event(small_pieces))
            large_times.append(typed_big_event(large_pieces))
        small_t, large_t = statistics.median(small_times), statistics.median(large_times)
        print(
            f"16 MiB event, typed: 1 KiB chunks {small_t * 1000:.1f} ms, "
            f"64 KiB chunks {large_t * 1000:.1f} ms, ratio {small_t / large_t:.2f}x"
        )


if __name__ == "__main__":
    main()
