"""Event classes, parse_event and SSE frames."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from assistant_events import (
    EVENT_CLASSES,
    AssistantStreamEvent,
    DoneEvent,
    ErrorEvent,
    ErrorObject,
    KnownEvent,
    MessageDeltaEvent,
    PayloadError,
    Run,
    StreamEvent,
    ThreadMessageDelta,
    ThreadRunIncomplete,
    UnknownEvent,
    parse_event,
)
from tests.conftest import SAMPLES, frames

WRAPPED_ERROR = '{"error":{"message":"boom","type":"server_error","param":null,"code":null}}'


def test_the_mapping_covers_every_known_name_once() -> None:
    assert list(EVENT_CLASSES) == [str(v) for v in AssistantStreamEvent.values()]
    assert set(typing.get_args(KnownEvent)) == set(EVENT_CLASSES.values())
    assert set(typing.get_args(StreamEvent)) == set(EVENT_CLASSES.values()) | {UnknownEvent}
    for name, cls in EVENT_CLASSES.items():
        assert cls.event == name


def test_events_are_frozen_with_typed_data() -> None:
    event = parse_event("thread.run.incomplete", '{"id":"run_1","status":"incomplete"}')
    assert isinstance(event, ThreadRunIncomplete)
    assert event.event is AssistantStreamEvent.THREAD_RUN_INCOMPLETE
    assert isinstance(event.data, Run)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.data = None  # type: ignore[misc]


def test_match_on_event_classes() -> None:
    event = parse_event("thread.message.delta", '{"id":"m","delta":{}}')
    match event:
        case ThreadMessageDelta(data=MessageDeltaEvent(id=message_id)):
            assert message_id == "m"
        case _:
            pytest.fail("no match")


def test_unknown_event_keeps_name_and_text() -> None:
    event = parse_event("thread.run.step.reasoning", '{"a": 1}')
    assert isinstance(event, UnknownEvent)
    assert event.event == "thread.run.step.reasoning" and not event.event.is_known
    assert event.data == '{"a": 1}'
    assert event.to_sse() == 'event: thread.run.step.reasoning\ndata: {"a": 1}\n\n'


def test_done_keeps_its_text() -> None:
    event = parse_event("done", "[DONE]")
    assert isinstance(event, DoneEvent) and event.data == "[DONE]"
    assert event.to_sse() == "event: done\ndata: [DONE]\n\n"


def test_error_event_wrapped_as_on_the_wire() -> None:
    event = parse_event("error", WRAPPED_ERROR)
    assert isinstance(event, ErrorEvent) and event.wrapped
    assert event.data == ErrorObject(code=None, message="boom", param=None, type="server_error")
    assert event.to_sse() == f"event: error\ndata: {WRAPPED_ERROR}\n\n"


def test_error_event_bare_as_the_schema_says() -> None:
    bare = '{"code":"x","message":"boom","param":null,"type":"server_error"}'
    event = parse_event("error", bare)
    assert isinstance(event, ErrorEvent) and not event.wrapped
    assert event.data.message == "boom"
    assert event.to_sse() == f"event: error\ndata: {bare}\n\n"


def test_error_built_in_code_is_written_wrapped() -> None:
    event = ErrorEvent(ErrorObject(code=None, message="m", param=None, type="t"))
    assert event.to_sse() == (
        'event: error\ndata: {"error":{"code":null,"message":"m","param":null,"type":"t"}}\n\n'
    )


def test_bad_json_and_bad_shapes_raise_value_errors() -> None:
    with pytest.raises(ValueError):
        parse_event("thread.run.created", "{not json")
    with pytest.raises(PayloadError, match=r"^\$: expected an object, got array$"):
        parse_event("thread.run.created", "[]")
    with pytest.raises(PayloadError, match=r"^\$\.error\.message: expected a string"):
        parse_event("error", '{"error":{"message":1}}')


def test_multiline_data_writes_several_data_lines() -> None:
    assert UnknownEvent(AssistantStreamEvent.from_string("x"), "a\nb").to_sse() == (
        "event: x\ndata: a\ndata: b\n\n"
    )


def test_samples_cover_every_event_union_member_and_unknown() -> None:
    """The sample streams in tests/streams exercise the whole spec, so the round-trip
    tests over them do too."""
    from assistant_events import UnknownVariant, payloads

    seen_events: set[str] = set()
    seen_types: set[type] = set()

    def walk(value: object) -> None:
        seen_types.add(type(value))
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    enum_values: set[str] = set()
    for path in SAMPLES:
        for name, data, _ in frames(path.read_text(encoding="utf-8")):
            event = parse_event(name, data)
            seen_events.add(type(event).__name__)
            walk(event)
            status = getattr(getattr(event, "data", None), "status", None)
            if isinstance(status, str):
                enum_values.add(status)

    assert {cls.__name__ for cls in EVENT_CLASSES.values()} | {"UnknownEvent"} <= seen_events
    union_members = {
        member
        for name in payloads.__all__
        if typing.get_origin(alias := getattr(payloads, name)) is not None
        or isinstance(alias, type(int | str))
        for member in typing.get_args(alias)
        if isinstance(member, type) and dataclasses.is_dataclass(member)
    }
    assert union_members - seen_types == set()
    assert UnknownVariant in seen_types
    assert "paused" in enum_values  # an unknown run status
