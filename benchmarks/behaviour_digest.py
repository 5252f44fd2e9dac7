"""A digest of everything a generated package does with a stream, to prove a speed
change changed nothing.

Run it before and after a change, on the same streams; the digests must be equal:

    python benchmarks/behaviour_digest.py --catalog assistants > before.txt
    ... change the templates or the runtime, `eventgen generate` ...
    python benchmarks/behaviour_digest.py --catalog assistants > after.txt
    diff before.txt after.txt

It parses the catalog's benchmark stream and every recording under tests/streams and
../shared, then, for every event: its repr, its SSE frame, the payload's `to_dict`,
`extra_fields` and `fields()` of every nested object, pickling, copying,
`dataclasses.replace` and equality. It then decodes mutated payloads (each key set to
null, to values of every JSON type, removed, and unknown keys added, at every level),
recording each result or error text. One line per aspect: its name and a SHA-256.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import hashlib
import importlib
import json
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CATALOGS, SHARED  # noqa: E402

ROOT = HERE.parent
ODD_VALUES: list[Any] = [None, 0, -1, 2**70, 1.5, "", "x", True, [], [None], {}, {"k": 1}]


class Digest:
    def __init__(self) -> None:
        self.parts: dict[str, Any] = {}

    def add(self, aspect: str, value: object) -> None:
        if aspect not in self.parts:
            self.parts[aspect] = hashlib.sha256()
        self.parts[aspect].update(repr(value).encode("utf-8", "backslashreplace") + b"\n")

    def lines(self) -> Iterator[str]:
        for aspect in sorted(self.parts):
            yield f"{aspect}: {self.parts[aspect].hexdigest()}"


def nested(value: Any) -> Iterator[Any]:
    """Every dataclass object inside `value`, depth first."""
    stack = [value]
    while stack:
        item = stack.pop()
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            yield item
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def mutations(data: Any) -> Iterator[Any]:
    """Copies of a decoded payload, each with one change somewhere in it."""
    if isinstance(data, dict):
        for key in list(data):
            for odd in ODD_VALUES:
                yield {**data, key: odd}
            yield {k: v for k, v in data.items() if k != key}
            for inner in mutations(data[key]):
                yield {**data, key: inner}
        yield {**data, "unknown_key": {"nested": [1, "two"]}}
        yield {"unknown_first": 1, **data}
    elif isinstance(data, list) and data:
        for odd in ODD_VALUES:
            yield [odd, *data[1:]]
        for inner in mutations(data[0]):
            yield [inner, *data[1:]]


def streams(catalog: str) -> Iterator[tuple[str, bytes]]:
    raw = CATALOGS[catalog].stream()
    yield "bench", raw
    # Every 40th data line cut short: MalformedEvents, with their offsets and reasons.
    lines = raw.split(b"\n")
    data = [i for i, line in enumerate(lines) if line.startswith(b"data: {")]
    for i in data[::40]:
        lines[i] = lines[i][: len(lines[i]) // 2]
    yield "bench, cut data", b"\n".join(lines)
    for folder in (ROOT / "tests" / "streams", SHARED / "streams", SHARED / "other-apis"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*.sse")):
                yield str(path.relative_to(folder.parent)), path.read_bytes()


def digest_events(package: Any, raw: bytes, digest: Digest, mutate: bool) -> None:
    events = importlib.import_module(package.__name__ + ".events")
    errors = importlib.import_module(package.__name__ + ".errors")
    stream = package.iter_events(raw, errors="keep")
    seen_shapes: set[str] = set()
    for event in stream:
        digest.add("event repr", repr(event))
        digest.add("event type", type(event).__name__)
        digest.add("to_sse", event.to_sse())
        digest.add("sse ids", (event.last_event_id, event.retry))
        digest.add("pickle", pickle.loads(pickle.dumps(event)) == event)
        digest.add("pickle repr", repr(pickle.loads(pickle.dumps(event))))
        digest.add("copy", (copy.copy(event) == event, copy.deepcopy(event) == event))
        data = getattr(event, "data", None)
        for obj in nested(data):
            digest.add("fields", [f.name for f in dataclasses.fields(obj)])
            if hasattr(obj, "extra_fields"):
                digest.add("extra_fields", obj.extra_fields)
            if hasattr(obj, "to_dict"):
                digest.add("to_dict", json.dumps(obj.to_dict(), default=repr))
                changed = dataclasses.replace(obj)
                digest.add("replace", (repr(changed), changed == obj, changed.to_dict()))
        if data is not None and hasattr(data, "to_dict") and hasattr(event, "raw_data"):
            # A payload changed in code, written back.
            for obj in nested(data):
                if hasattr(obj, "extra_fields"):
                    obj.extra_fields["added_in_code"] = [1]
            digest.add("changed to_sse", event.to_sse())
        shape = (
            f"{event.event}:{','.join(sorted(json.loads(event.raw_data)))}"
            if (getattr(event, "raw_data", None) and event.raw_data.startswith("{"))
            else None
        )
        if not mutate or shape is None or shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        cls = events.EVENT_CLASSES[str(event.event)]
        for variant in mutations(json.loads(event.raw_data)):
            text = json.dumps(variant)
            try:
                built = cls.from_data(text)
            except (ValueError, errors.PayloadError) as exc:
                digest.add("mutated error", (type(exc).__name__, str(exc)))
                continue
            digest.add("mutated repr", repr(built))
            digest.add("mutated to_sse", built.to_sse())
            digest.add("mutated to_dict", json.dumps(built.data.to_dict(), default=repr))
    digest.add("ended", (stream.finished, stream.ended_early))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", action="append", choices=sorted(CATALOGS))
    args = parser.parse_args()
    for name in args.catalog or sorted(CATALOGS):
        package = importlib.import_module(CATALOGS[name].package)
        digest = Digest()
        for label, raw in streams(name):
            digest.add("stream", label)
            digest_events(package, raw, digest, mutate=label == "bench")
        for line in digest.lines():
            print(f"{name} {line}")


if __name__ == "__main__":
    main()
