"""Payload dataclasses: typed access, exact round trips, and nothing lost."""

from __future__ import annotations

import json

import pytest

from assistant_events import (
    DoneEvent,
    ErrorEvent,
    Message,
    MessageContentDelta,
    MessageDelta,
    MessageDeltaEvent,
    PayloadError,
    Run,
    RunStatus,
    RunStep,
    TextContentDelta,
    ToolChoiceMode,
    UnknownEvent,
    UnknownVariant,
    parse_event,
)
from tests.conftest import SAMPLES, frames

SAMPLE_EVENTS = [
    pytest.param(name, data, id=f"{path.stem}:{i}:{name}")
    for path in SAMPLES
    for i, (name, data, _) in enumerate(frames(path.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize(("name", "data"), SAMPLE_EVENTS)
def test_every_sample_payload_round_trips(name: str, data: str) -> None:
    event = parse_event(name, data)
    if isinstance(event, (DoneEvent, UnknownEvent)):
        assert event.data == data
    elif isinstance(event, ErrorEvent):
        decoded = json.loads(data)
        assert (
            ({"error": event.data.to_dict()}) if event.wrapped else event.data.to_dict()
        ) == decoded
    else:
        assert event.data.to_dict() == json.loads(data)


def test_real_stream_payloads_round_trip(real_streams) -> None:
    count = 0
    for path in real_streams:
        for name, data, frame in frames(path.read_text(encoding="utf-8")):
            event = parse_event(name, data)
            assert event.to_sse() == frame, f"{path.name}: {name}"
            count += 1
    assert count > 100


def delta(content: list[object]) -> dict[str, object]:
    return {"id": "msg_1", "object": "thread.message.delta", "delta": {"content": content}}


def test_typed_access_through_a_union() -> None:
    payload = MessageDeltaEvent.from_dict(
        delta([{"index": 0, "type": "text", "text": {"value": "Hi"}}])
    )
    block = payload.delta.content[0]
    assert isinstance(block, TextContentDelta)
    assert block.text.value == "Hi"
    assert block.text.annotations is None


def test_unknown_keys_are_kept_in_order_and_written_back() -> None:
    raw = {"zeta": 1, "id": "msg_1", "object": "thread.message.delta", "delta": {}, "alpha": [2]}
    payload = MessageDeltaEvent.from_dict(raw)
    assert payload.extra_fields == {"zeta": 1, "alpha": [2]}
    assert list(payload.to_dict()) == list(raw)
    assert payload.to_dict() == raw


def test_null_in_a_required_field_is_kept() -> None:
    raw = {"id": None, "object": "thread.message.delta", "delta": None}
    payload = MessageDeltaEvent.from_dict(raw)
    assert payload.id is None and payload.delta is None
    assert payload.to_dict() == raw


def test_absent_required_field_stays_absent() -> None:
    # Real run steps send `expires_at` where the schema says `expired_at`.
    raw = {
        "id": "step_1",
        "expires_at": 5,
        "step_details": {"type": "tool_calls", "tool_calls": []},
    }
    step = RunStep.from_dict(raw)
    assert step.expired_at is None
    assert step.extra_fields == {"expires_at": 5}
    assert step.to_dict() == raw


def test_unknown_enum_value_is_kept() -> None:
    run = Run.from_dict({"id": "run_1", "status": "paused"})
    assert run.status == "paused"
    assert isinstance(run.status, RunStatus) and not run.status.is_known
    assert Run.from_dict({"status": "completed"}).status is RunStatus.COMPLETED
    assert run.to_dict() == {"id": "run_1", "status": "paused"}


def test_unknown_union_member_is_kept_whole() -> None:
    raw = delta([{"index": 0, "type": "audio", "audio": {"transcript": "hi"}}])
    block = MessageDeltaEvent.from_dict(raw).delta.content[0]
    assert isinstance(block, UnknownVariant)
    assert block.type == "audio"
    assert block.raw == {"index": 0, "type": "audio", "audio": {"transcript": "hi"}}
    assert MessageDeltaEvent.from_dict(raw).to_dict() == raw


def test_union_member_without_a_type_is_kept() -> None:
    raw = delta([{"index": 0}])
    block = MessageDeltaEvent.from_dict(raw).delta.content[0]
    assert isinstance(block, UnknownVariant) and block.type is None
    assert MessageDeltaEvent.from_dict(raw).to_dict() == raw


def test_string_member_of_a_union_is_an_open_enum() -> None:
    run = Run.from_dict({"tool_choice": "auto", "response_format": "auto"})
    assert run.tool_choice is ToolChoiceMode.AUTO
    assert Run.from_dict({"tool_choice": "sometimes"}).tool_choice == "sometimes"
    assert Run.from_dict({"tool_choice": "sometimes"}).to_dict() == {"tool_choice": "sometimes"}


def test_integer_where_a_number_belongs_stays_an_integer() -> None:
    assert Run.from_dict({"temperature": 1}).to_dict() == {"temperature": 1}
    assert type(Run.from_dict({"temperature": 1}).to_dict()["temperature"]) is int


@pytest.mark.parametrize(
    ("raw", "path", "expected"),
    [
        (
            delta([{"index": 0, "type": "text", "text": "oops"}]),
            "$.delta.content[0].text",
            "an object",
        ),
        (delta("oops"), "$.delta.content", "an array"),
        (delta([{"index": "0", "type": "text"}]), "$.delta.content[0].index", "an integer"),
        (
            delta([{"index": 0, "type": "text", "text": {"value": 5}}]),
            "$.delta.content[0].text.value",
            "a string",
        ),
        ({"id": "m", "delta": {"role": 3}}, "$.delta.role", "a string"),
        ([], "$", "an object"),
    ],
)
def test_wrong_json_type_names_the_path(raw: object, path: str, expected: str) -> None:
    with pytest.raises(PayloadError) as caught:
        MessageDeltaEvent.from_dict(raw)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: expected {expected}, got ")


def test_wrong_type_in_a_union_member_is_a_payload_error() -> None:
    with pytest.raises(PayloadError, match=r"^\$\.tool_choice: expected an object, got integer$"):
        Run.from_dict({"tool_choice": 3})


def test_objects_built_in_code_write_required_and_set_fields() -> None:
    block = TextContentDelta(index=0, type="text")
    assert block.to_dict() == {"index": 0, "type": "text"}
    payload = MessageDeltaEvent(
        id="msg_1", object="thread.message.delta", delta=MessageDelta(content=[block])
    )
    assert payload.to_dict() == delta([{"index": 0, "type": "text"}])


def test_fields_set_after_decoding_are_written() -> None:
    message = Message.from_dict({"id": "msg_1", "content": []})
    message.run_id = "run_9"
    message.extra_fields["note"] = "added"
    assert message.to_dict() == {"id": "msg_1", "content": [], "run_id": "run_9", "note": "added"}


def test_union_type_alias_lists_its_members() -> None:
    assert UnknownVariant in MessageContentDelta.__args__
    assert TextContentDelta in MessageContentDelta.__args__


# --- dataclass behaviour kept through the faster from_dict (issue 14) --------------------


def test_extra_fields_is_a_fresh_dict_per_object_and_mutations_stay_there() -> None:
    a = TextContentDelta.from_dict({"index": 0, "type": "text"})
    b = TextContentDelta.from_dict({"index": 1, "type": "text"})
    assert a.extra_fields == {} and type(a.extra_fields) is dict
    a.extra_fields["note"] = 1
    assert a.extra_fields == {"note": 1} and b.extra_fields == {}
    assert a.to_dict() == {"index": 0, "type": "text", "note": 1}
    assert b.to_dict() == {"index": 1, "type": "text"}
    assert TextContentDelta.from_dict({"index": 2, "type": "text"}).extra_fields == {}


def test_extra_fields_can_be_set_and_replaced() -> None:
    block = TextContentDelta.from_dict({"index": 0, "type": "text"})
    block.extra_fields = {"x": 2}
    assert block.to_dict() == {"index": 0, "type": "text", "x": 2}
    built = TextContentDelta(index=0, type="text", extra_fields={"y": 3})
    assert built.extra_fields == {"y": 3}
    assert TextContentDelta(index=0, type="text").extra_fields == {}


def test_dataclass_behaviour_is_kept() -> None:
    import copy
    import dataclasses
    import pickle

    raw = delta([{"index": 0, "type": "text", "text": {"value": "Hi", "odd": [1]}}])
    payload = MessageDeltaEvent.from_dict(raw)
    names = [f.name for f in dataclasses.fields(payload)]
    assert names == ["id", "object", "delta", "extra_fields", "_wire_keys"]
    assert payload == MessageDeltaEvent.from_dict(raw)
    assert payload != MessageDeltaEvent.from_dict({**raw, "id": "other"})
    assert MessageDeltaEvent.from_dict({**raw, "z": 1}) != payload  # extra fields compare
    for clone in (pickle.loads(pickle.dumps(payload)), copy.copy(payload), copy.deepcopy(payload)):
        assert clone == payload and clone.to_dict() == raw
    replaced = dataclasses.replace(payload, id="msg_2")
    assert replaced.id == "msg_2" and replaced.delta == payload.delta
    assert replaced.to_dict() == {**raw, "id": "msg_2"}
    assert "extra_fields={}" in repr(TextContentDelta.from_dict({"index": 0, "type": "text"}))
    text = payload.delta.content[0].text
    assert text.extra_fields == {"odd": [1]} and pickle.loads(pickle.dumps(text)) == text


def test_extra_fields_made_on_first_read_behave_as_a_plain_field() -> None:
    from assistant_events._codec import has_extra_fields

    raw = {"index": 0, "type": "text", "odd": 1}
    assert has_extra_fields(TextContentDelta.from_dict(raw))
    # Never read: written back from the wire, in its order, with fields set since.
    unread = TextContentDelta.from_dict({"odd": 1, "index": 0, "type": "text"})
    unread.index = 3
    assert list(unread.to_dict().items()) == [("odd", 1), ("index", 3), ("type", "text")]
    assert not has_extra_fields(TextContentDelta.from_dict({"index": 0, "type": "text"}))
    # Set before ever being read: the value set wins, for readers and for to_dict.
    block = TextContentDelta.from_dict({"index": 0, "type": "text"})
    block.extra_fields = {"x": 1}
    assert has_extra_fields(block) and block.extra_fields == {"x": 1}
    assert block.to_dict() == {"index": 0, "type": "text", "x": 1}
    # Read, then changed in place: kept.
    block = TextContentDelta.from_dict(raw)
    block.extra_fields["odd"] = 2
    assert block.to_dict() == {"index": 0, "type": "text", "odd": 2}
    block.extra_fields.clear()
    assert not has_extra_fields(block) and block.to_dict() == {"index": 0, "type": "text"}
    # The dict it was decoded from is never changed.
    assert raw == {"index": 0, "type": "text", "odd": 1}
    del block.extra_fields
    with pytest.raises(AttributeError):
        block.extra_fields  # noqa: B018
    assert has_extra_fields(TextContentDelta(index=0, type="text", extra_fields={"y": 3}))


def test_a_slots_dataclass_subclass_keeps_extra_fields() -> None:
    import dataclasses

    # On Python 3.10 such a subclass declares the extra_fields slot again.
    @dataclasses.dataclass(slots=True, kw_only=True)
    class MyBlock(TextContentDelta):
        pass

    built = MyBlock(index=0, type="text", extra_fields={"x": 1})
    assert built.to_dict() == {"index": 0, "type": "text", "x": 1}
    decoded = MyBlock.from_dict({"index": 0, "type": "text", "y": 2})
    assert decoded.extra_fields == {"y": 2}
    decoded.extra_fields["z"] = 3
    assert decoded.to_dict() == {"index": 0, "type": "text", "y": 2, "z": 3}


def test_json_paths_are_the_same_when_nested_under_a_path() -> None:
    raw = delta([{"index": 0, "type": "text", "text": {"value": 5}}])
    with pytest.raises(PayloadError) as caught:
        MessageDeltaEvent.from_dict(raw, ("$", "error"))
    assert caught.value.path == "$.error.delta.content[0].text.value"
    assert (
        str(caught.value) == "$.error.delta.content[0].text.value: expected a string, got integer"
    )
    raw = delta([{"index": 0, "type": "text"}, None, {"index": 2, "type": "text", "text": []}])
    with pytest.raises(PayloadError, match=r"^\$\.delta\.content\[2\]\.text: expected an object"):
        MessageDeltaEvent.from_dict(raw)
