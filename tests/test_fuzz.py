"""Keep it found (issue 9): a fuzz harness over the decoder, `parse_event`, `serialize`
and the accumulator of every generated catalog, seeded from the real streams.

The properties:

- decoding: any bytes, in any chunking, give the same events, the same `ended_early`,
  and raise only the documented errors (StreamDecodeError, NotEventStreamError);
- parse_event: any name and mutated data raise only ValueError (JSON or payload
  errors) or RecursionError, never anything else;
- serialize: whatever parses writes back, and reads back as the same events with
  the same IDs and retry times (or is refused with ValueError);
- accumulator: any sequence of parsed events, hostile ones included, is added
  without an exception, and the text read back never raises.

Mutations start from the data of the real streams (tests/streams, and ../shared when
present) and replace values deep inside with hostile ones: huge and negative
integers, nulls, wrong types, lone surrogates, deep nesting, huge indices.

Here the run is short (`max_examples` small). For a long run:

    nice -n 19 .venv/bin/python tests/fuzz_long.py --minutes 15

which reports the inputs run and any failure (each becomes a regression test).
"""

from __future__ import annotations

import importlib
import json
import os
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REAL_STREAMS, ROOT

# Per property: small in the suite; tests/fuzz_long.py sets the variable for long runs.
EXAMPLES = int(os.environ.get("EVENTGEN_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None if "EVENTGEN_FUZZ_EXAMPLES" in os.environ else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PACKAGES = ("assistant_events", "anthropic_events", "azure_agent_events", "responses_events")
SEED_FILES = sorted((ROOT / "tests" / "streams").glob("*.sse")) + REAL_STREAMS
OTHER_APIS = sorted((ROOT.parent / "shared" / "other-apis").glob("*.sse"))


def _load(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


MODULES = {name: m for name in PACKAGES if (m := _load(name)) is not None}
ASSISTANTS = MODULES["assistant_events"]


def _frames(raw: bytes) -> list[tuple[str, str]]:
    decoder = ASSISTANTS.SSEDecoder()
    return [(e.event, e.data) for e in decoder.feed(raw)]


SEED_RAW = [p.read_bytes() for p in SEED_FILES + OTHER_APIS]
SEED_FRAMES = [f for raw in SEED_RAW for f in _frames(raw)]
SEED_PAYLOADS: list[Any] = []
for _, _data in SEED_FRAMES:
    try:
        SEED_PAYLOADS.append(json.loads(_data))
    except ValueError:
        pass
NAMES = sorted({name for name, _ in SEED_FRAMES})

# --- strategies --------------------------------------------------------------------------

hostile_scalars = st.one_of(
    st.sampled_from([None, True, 0, -1, 10**8, 2**63, -(2**63), 10**400, 1.5, "", "\ud800"]),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)


def _deep(depth: int) -> Any:
    value: Any = 1
    for i in range(depth):
        value = [value] if i % 2 else {"d": value}
    return value


hostile_values = st.one_of(
    hostile_scalars,
    st.lists(hostile_scalars, max_size=3),
    st.dictionaries(
        st.sampled_from(["index", "type", "text", "value", "id"]), hostile_scalars, max_size=3
    ),
    st.integers(min_value=50, max_value=700).map(_deep),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


@st.composite
def mutated_payloads(draw: st.DrawFn) -> Any:
    payload = draw(st.sampled_from(SEED_PAYLOADS))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        paths = _paths(payload)
        path = draw(st.sampled_from(paths))
        payload = _replace(payload, path, draw(hostile_values))
    return payload


@st.composite
def mutated_frames(draw: st.DrawFn) -> tuple[str, str]:
    name = draw(st.one_of(st.sampled_from(NAMES), st.text(max_size=12)))
    if draw(st.booleans()):
        data = json.dumps(draw(mutated_payloads()), ensure_ascii=True)
    else:
        _, seed = draw(st.sampled_from(SEED_FRAMES))
        cut = draw(st.integers(min_value=0, max_value=len(seed)))
        data = seed[:cut] + draw(st.text(max_size=8)) + seed[cut:]
    return name, data


def _frame_bytes(name: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.replace("\r", "").split("\n"))
    return f"event: {name.replace(chr(10), '').replace(chr(13), '')}\n{lines}\n".encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    """A stream: seed frames and mutated ones, sometimes cut, sometimes with raw noise."""
    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        kind = draw(st.integers(min_value=0, max_value=3))
        if kind == 0:
            parts.append(_frame_bytes(*draw(st.sampled_from(SEED_FRAMES))))
        elif kind == 1:
            parts.append(_frame_bytes(*draw(mutated_frames())))
        elif kind == 2:
            parts.append(draw(st.binary(max_size=40)))
        else:
            parts.append(b"id: " + draw(st.binary(max_size=6)) + b"\nretry: 12\n")
    raw = b"".join(parts)
    if raw and draw(st.booleans()):
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    return raw


def chunked(raw: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted(c % (len(raw) + 1) for c in cuts), len(raw)]
    return [raw[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


# --- properties ----------------------------------------------------------------------------
# Each is a plain function of its inputs, so tests/fuzz_long.py can drive it too.


def _outcome(module: ModuleType, source: Any) -> tuple[str, Any, str | None]:
    events = module.iter_events(source, errors="keep")
    try:
        got = list(events)
    except module.NotEventStreamError as error:
        return "not-sse", error.reason, None
    return (
        "ok",
        [
            (
                type(e).__name__,
                str(e.event),
                e.data_text() if hasattr(e, "data_text") else e.data,
                e.last_event_id,
                e.retry,
            )
            for e in got
        ],
        events.ended_early,
    )


def check_decoding(module: ModuleType, raw: bytes, cuts: list[int]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1-byte chunks warn, as they should
        _check_decoding(module, raw, cuts)


def _check_decoding(module: ModuleType, raw: bytes, cuts: list[int]) -> None:
    whole = _outcome(module, raw)
    assert _outcome(module, chunked(raw, cuts)) == whole
    assert (
        _outcome(module, iter([raw[i : i + 1] for i in range(min(len(raw), 300))] + [raw[300:]]))
        == whole
    )
    try:
        strict = list(module.iter_events(raw))
    except (module.StreamDecodeError, module.NotEventStreamError):
        return
    assert len(strict) == (len(whole[1]) if whole[0] == "ok" else 0)


def check_parse_event(module: ModuleType, name: str, data: str) -> None:
    try:
        event = module.parse_event(name, data)
    except (ValueError, RecursionError):
        return
    check_serialize(module, [event])


def check_serialize(module: ModuleType, events: list[Any]) -> None:
    try:
        raw = module.serialize_bytes(events)
    except ValueError:
        return  # refused: a lossy round trip is refused, never written
    again = list(module.iter_events(raw, errors="keep"))
    assert [(type(e), str(e.event)) for e in again] == [(type(e), str(e.event)) for e in events]
    for old, new in zip(events, again, strict=True):
        assert (old.last_event_id, old.retry) == (new.last_event_id, new.retry)
        if hasattr(old, "data_text"):
            assert json_equal(old.data_text(), new.data_text())


def json_equal(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return bool(json.loads(a) == json.loads(b))
    except ValueError:
        return False


def check_accumulator(frames: list[tuple[str, str]]) -> None:
    acc = ASSISTANTS.StreamAccumulator(ASSISTANTS.StreamHandler())
    events = []
    for name, data in frames:
        try:
            events.append(ASSISTANTS.parse_event(name, data))
        except (ValueError, RecursionError):
            continue
    for _event in acc.consume(events):
        pass
    for message_id in list(acc._messages):
        acc.message_text(message_id)
        try:
            acc.message(message_id)
        except ValueError:
            pass
    for step_id in list(acc._steps):
        try:
            acc.run_step(step_id)
        except ValueError:
            pass
    acc.required_tool_calls, acc.usage, acc.final_messages  # noqa: B018


# --- the short run in the suite -----------------------------------------------------------

PROPERTIES: dict[str, Callable[..., None]] = {}


@SETTINGS
@given(
    module=st.sampled_from(sorted(MODULES)).map(MODULES.__getitem__),
    raw=streams(),
    cuts=st.lists(st.integers(min_value=0), max_size=12),
)
def test_decoding_any_stream_in_any_chunking(
    module: ModuleType, raw: bytes, cuts: list[int]
) -> None:
    check_decoding(module, raw, cuts)


@SETTINGS
@given(module=st.sampled_from(sorted(MODULES)).map(MODULES.__getitem__), frame=mutated_frames())
def test_parse_event_raises_only_value_errors(module: ModuleType, frame: tuple[str, str]) -> None:
    check_parse_event(module, *frame)


@SETTINGS
@given(module=st.sampled_from(sorted(MODULES)).map(MODULES.__getitem__), raw=streams())
def test_serialize_round_trips_or_refuses(module: ModuleType, raw: bytes) -> None:
    try:
        events = list(module.iter_events(raw, errors="keep"))
    except module.NotEventStreamError:
        return
    check_serialize(module, events)


@SETTINGS
@given(frames=st.lists(st.one_of(st.sampled_from(SEED_FRAMES), mutated_frames()), max_size=30))
def test_the_accumulator_takes_anything(frames: list[tuple[str, str]]) -> None:
    check_accumulator(frames)


def test_seeds_are_loaded() -> None:
    assert len(SEED_FRAMES) > 20 and SEED_PAYLOADS and "assistant_events" in MODULES


def test_every_seed_stream_round_trips_whole() -> None:
    for raw in SEED_RAW:
        check_decoding(ASSISTANTS, raw, [len(raw) // 3, len(raw) // 2])


PROPERTIES.update(
    decoding=test_decoding_any_stream_in_any_chunking,
    parse_event=test_parse_event_raises_only_value_errors,
    serialize=test_serialize_round_trips_or_refuses,
    accumulator=test_the_accumulator_takes_anything,
)
