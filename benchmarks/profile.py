"""Where a generated parser's time goes, stage by stage, as shares of the floor.

    python benchmarks/profile.py --catalog assistants --runs 21

Each run times, in one process and rotating order: the floor (split + json.loads),
the SSE decoder alone (bytes to `ServerSentEvent`s), the package's JSON reading of
every data text, orjson alone, typed events from decoded SSE events (`typed_event`:
JSON, payload construction, event), and the whole parse (`iter_events`). Each time is
divided by the floor's in the same run; the medians of those ratios are printed.
Construction is typed events minus JSON; the stream loop is the whole minus the SSE
decoder and typed events.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CATALOGS, floor  # noqa: E402


def stages(package: str, raw: bytes) -> dict[str, Callable[[], object]]:
    pkg = importlib.import_module(package)
    sse = importlib.import_module(package + ".sse")
    events = importlib.import_module(package + ".events")
    json_module = importlib.import_module(package + "._json")
    chunks = [raw[i : i + 65536] for i in range(0, len(raw), 65536)]
    decoder = sse.SSEDecoder()
    decoded = [e for chunk in chunks for e in decoder.feed(chunk)]
    texts = [e.data for e in decoded if e.data.startswith("{")]

    # Results are dropped as they come, as a streaming consumer drops them: holding
    # them all would add garbage collection the parse itself does not pay.
    def sse_only() -> object:
        d = sse.SSEDecoder()
        for chunk in chunks:
            d.feed(chunk)
        return d

    def json_only() -> object:
        loads = json_module.loads
        for text in texts:
            loads(text)
        return texts

    def typed() -> object:
        typed_event = events.typed_event
        for event in decoded:
            typed_event(event)
        return decoded

    def parse() -> object:
        return sum(1 for _ in pkg.iter_events(raw))

    found: dict[str, Callable[[], object]] = {
        "floor: split + json.loads": lambda: floor(raw),
        "SSE decoding alone": sse_only,
        "JSON, the package's loads": json_only,
    }
    try:
        import orjson

        def orjson_only() -> object:
            for text in texts:
                orjson.loads(text)
            return texts

        found["JSON, orjson.loads alone"] = orjson_only
    except ImportError:
        pass
    found["typed events from SSE events"] = typed
    found["parse: iter_events"] = parse
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", default="assistants", choices=sorted(CATALOGS))
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    catalog = CATALOGS[args.catalog]
    paths = stages(catalog.package, catalog.stream())
    names = list(paths)
    for fn in paths.values():
        fn()  # warm up
    times: dict[str, list[float]] = {name: [] for name in names}
    for run in range(args.runs):
        k = run % len(names)
        for name in names[k:] + names[:k]:
            start = time.perf_counter()
            paths[name]()
            times[name].append(time.perf_counter() - start)
    base = times[names[0]]

    def share(name: str) -> float:
        return statistics.median(t / b for t, b in zip(times[name], base, strict=True))

    print(f"{args.catalog} ({catalog.package}), {args.runs} runs, median share of the floor")
    for name in names:
        print(f"  {name:<34} {share(name):.2f}")
    construction = share("typed events from SSE events") - share("JSON, the package's loads")
    loop = (
        share("parse: iter_events")
        - share("SSE decoding alone")
        - share("typed events from SSE events")
    )
    print(f"  {'construction (typed - JSON)':<34} {construction:.2f}")
    print(f"  {'stream loop (parse - SSE - typed)':<34} {loop:.2f}")


if __name__ == "__main__":
    main()
