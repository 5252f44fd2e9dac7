"""iter_events / aiter_events / serialize: typed events from bytes and back."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant_events import (
    EVENT_CLASSES,
    AssistantStreamEvent,
    ErrorEvent,
    MalformedEvent,
    NotEventStreamError,
    StreamDecodeError,
    ThreadRunCreated,
    UnknownEvent,
    aiter_events,
    iter_events,
    serialize,
    serialize_bytes,
)
from tests.conftest import SAMPLES

RUN = '{"id":"run_1","object":"thread.run","status":"queued"}'
DELTA = (
    '{"id":"m","object":"thread.message.delta",'
    '"delta":{"content":[{"index":0,"type":"text","text":{"value":"Hi"}}]}}'
)
STREAM = (
    f"event: thread.run.created\ndata: {RUN}\n\n"
    f"event: thread.message.delta\ndata: {DELTA}\n\n"
    "event: done\ndata: [DONE]\n\n"
)


def kinds(events: object) -> list[str]:
    return [type(e).__name__ for e in events]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "source",
    [
        STREAM.encode(),
        STREAM,
        bytearray(STREAM.encode()),
        [STREAM.encode()[i : i + 7] for i in range(0, len(STREAM.encode()), 7)],
        [STREAM[i : i + 5] for i in range(0, len(STREAM), 5)],
        io.BytesIO(STREAM.encode()),
        io.StringIO(STREAM),
        (c for c in [STREAM.encode()[:40], STREAM.encode()[40:]]),
    ],
    ids=[
        "bytes",
        "str",
        "bytearray",
        "byte-chunks",
        "str-chunks",
        "binary-file",
        "text-file",
        "generator",
    ],
)
def test_every_kind_of_source(source: object) -> None:
    events = list(iter_events(source))  # type: ignore[arg-type]
    assert kinds(events) == ["ThreadRunCreated", "ThreadMessageDelta", "DoneEvent"]
    assert events[1].data.delta.content[0].text.value == "Hi"


def test_async_iteration() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        raw = STREAM.encode()
        for i in range(0, len(raw), 11):
            yield raw[i : i + 11]

    async def collect() -> list[object]:
        return [event async for event in aiter_events(chunks())]

    assert asyncio.run(collect()) == list(iter_events(STREAM))


def test_iteration_goes_on_after_done() -> None:
    events = list(iter_events(STREAM + f"event: thread.run.created\ndata: {RUN}\n\n"))
    assert kinds(events) == [
        "ThreadRunCreated",
        "ThreadMessageDelta",
        "DoneEvent",
        "ThreadRunCreated",
    ]


def test_error_events_wrapped_and_bare() -> None:
    text = (
        'event: error\ndata: {"error":{"message":"a","type":"t","param":null,"code":null}}\n\n'
        'event: error\ndata: {"message":"b","type":"t","param":null,"code":null}\n\n'
    )
    first, second = iter_events(text)
    assert isinstance(first, ErrorEvent) and first.wrapped and first.data.message == "a"
    assert isinstance(second, ErrorEvent) and not second.wrapped and second.data.message == "b"


def test_unknown_names_and_blocks_without_event_field() -> None:
    first, second = iter_events("event: thread.run.step.reasoning\ndata: {}\n\ndata: hello\n\n")
    assert first == UnknownEvent(
        AssistantStreamEvent.from_string("thread.run.step.reasoning"), "{}"
    )
    assert second == UnknownEvent(AssistantStreamEvent.from_string("message"), "hello")


def test_malformed_json_raises_naming_event_offset_and_data() -> None:
    bad = 'event: thread.message.delta\ndata: {"id": "m", "delta": \n\n'
    text = f"event: thread.run.created\ndata: {RUN}\n\n" + bad
    offset = len(f"event: thread.run.created\ndata: {RUN}\n\n".encode())
    with pytest.raises(StreamDecodeError) as caught:
        list(iter_events(text))
    error = caught.value
    assert (error.event, error.offset) == ("thread.message.delta", offset)
    assert error.excerpt == '{"id": "m", "delta": '
    assert str(error).startswith(
        f"malformed data in 'thread.message.delta' event at byte {offset}: "
    )
    assert isinstance(error, ValueError)


def test_wrong_shape_is_a_decode_error_too() -> None:
    with pytest.raises(StreamDecodeError, match=r"\$\.delta: expected an object, got string"):
        list(iter_events('event: thread.message.delta\ndata: {"delta": "x"}\n\n'))


def test_keep_mode_yields_malformed_events_and_goes_on() -> None:
    text = f"event: thread.run.created\ndata: {{oops\n\nevent: thread.run.created\ndata: {RUN}\n\n"
    first, second = iter_events(text, errors="keep")
    assert isinstance(first, MalformedEvent)
    assert (first.event, first.data, first.offset) == ("thread.run.created", "{oops", 0)
    assert first.to_sse() == "event: thread.run.created\ndata: {oops\n\n"
    assert isinstance(second, ThreadRunCreated)


def test_serialize_writes_frames_and_bytes() -> None:
    events = list(iter_events(STREAM))
    assert serialize(events) == STREAM
    assert serialize_bytes(events) == STREAM.encode()


@pytest.mark.parametrize(
    ("name", "data"), [("a\nb", "x"), ("a\rb", "x"), ("", "x"), ("ok", "line\rbreak")]
)
def test_serialize_refuses_frames_that_would_not_read_back(name: str, data: str) -> None:
    event = UnknownEvent(AssistantStreamEvent.from_string(name), data)
    with pytest.raises(ValueError, match="cannot|CR"):
        serialize([event])


def round_trip(raw: bytes) -> None:
    events = list(iter_events(raw))
    again = list(iter_events(serialize_bytes(events)))
    assert again == events
    for before, after in zip(events, again, strict=True):
        payload = getattr(before.data, "to_dict", None)
        if payload is not None:
            assert json.dumps(payload()) == json.dumps(after.data.to_dict())


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_streams_round_trip(path: Path) -> None:
    round_trip(path.read_bytes())


def test_real_streams_round_trip_byte_for_byte(real_streams: list[Path]) -> None:
    for path in real_streams:
        raw = path.read_bytes()
        round_trip(raw)
        assert serialize_bytes(iter_events(raw)) == raw, path.name


# --- properties ------------------------------------------------------------------------

SAMPLE_EVENTS = [e for path in SAMPLES for e in iter_events(path.read_bytes())]
names = st.text(min_size=1).filter(
    lambda s: "\n" not in s and "\r" not in s and s not in EVENT_CLASSES
)
unknown_events = st.builds(
    lambda name, data: UnknownEvent(AssistantStreamEvent.from_string(name), data),
    names,
    st.text().filter(lambda s: "\r" not in s),
)
any_events = st.lists(st.one_of(st.sampled_from(SAMPLE_EVENTS), unknown_events), max_size=12)


def chunked(raw: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted(c % (len(raw) + 1) for c in cuts), len(raw)]
    return [raw[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@settings(max_examples=200, deadline=None)
@given(events=any_events, cuts=st.lists(st.integers(min_value=0), max_size=20))
def test_any_events_survive_serialize_and_any_chunking(
    events: list[object], cuts: list[int]
) -> None:
    raw = serialize_bytes(events)  # type: ignore[arg-type]
    assert list(iter_events(chunked(raw, cuts))) == events


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=300), cuts=st.lists(st.integers(min_value=0), max_size=10))
def test_arbitrary_bytes_raise_only_documented_errors(raw: bytes, cuts: list[int]) -> None:
    if raw.lstrip(b" \t\r\n\xef\xbb\xbf")[:1] in (b"{", b"[", b"<"):
        # JSON or HTML, never SSE: refused whole, whatever `errors` says.
        for errors in ("strict", "keep"):
            with pytest.raises(NotEventStreamError):
                list(iter_events(chunked(raw, cuts), errors=errors))  # type: ignore[arg-type]
        return
    try:
        strict = list(iter_events(chunked(raw, cuts)))
    except StreamDecodeError:
        strict = None
    kept = list(iter_events(chunked(raw, cuts), errors="keep"))
    if strict is not None:
        assert kept == strict
    else:
        assert any(isinstance(e, MalformedEvent) for e in kept)


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(sorted(EVENT_CLASSES)), body=st.binary(max_size=80))
def test_known_name_with_any_data_is_typed_or_kept_malformed(name: str, body: bytes) -> None:
    raw = b"event: " + name.encode() + b"\ndata: " + body.replace(b"\n", b" ").replace(b"\r", b" ")
    (event,) = iter_events(raw + b"\n\n", errors="keep")
    assert event.event == name
    assert isinstance(event, (EVENT_CLASSES[name], MalformedEvent))


def test_absurdly_deep_json_is_malformed_not_a_crash() -> None:
    raw = "event: thread.run.created\ndata: " + "[" * 100_000 + "\n\n"
    with pytest.raises(StreamDecodeError):
        list(iter_events(raw))
