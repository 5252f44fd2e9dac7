"""Issue 9, runtime: input that parses must not crash, hang, eat memory or change silently.

Each test here failed before the fix it names: the accumulator on hostile indices,
nulls, untyped deltas and deep nesting; orphan-delta text replaced by `created`;
`id:`/`retry:` dropped by serialize; `1e400` and lone surrogates on the way back out.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tracemalloc

import pytest

from assistant_events import (
    SSEDecoder,
    StreamAccumulator,
    StreamHandler,
    ThreadMessageDelta,
    ThreadRunCreated,
    UnknownEvent,
    iter_events,
    parse_event,
    serialize,
    serialize_bytes,
)

STEP = (
    '{"id":"s1","object":"thread.run.step","type":"tool_calls","status":"in_progress",'
    '"step_details":{"type":"tool_calls","tool_calls":[]}}'
)
MESSAGE = (
    '{"id":"m1","object":"thread.message","role":"assistant","status":"in_progress","content":[]}'
)


def message_delta(content: object, message_id: str = "m1") -> str:
    return json.dumps(
        {"id": message_id, "object": "thread.message.delta", "delta": {"content": content}}
    )


def step_delta(tool_calls: object, step_id: str = "s1") -> str:
    return json.dumps(
        {
            "id": step_id,
            "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": tool_calls}},
        }
    )


def feed(*frames: tuple[str, str]) -> StreamAccumulator:
    acc = StreamAccumulator(StreamHandler())
    for name, data in frames:
        acc.add(parse_event(name, data))
    return acc


# --- accumulator -------------------------------------------------------------------------


@pytest.mark.parametrize("index", [10**8, 2**63, -1, -(2**63)])
def test_hostile_indices_allocate_nothing_and_lose_nothing(index: int) -> None:
    tracemalloc.start()
    acc = feed(
        ("thread.message.created", MESSAGE),
        (
            "thread.message.delta",
            message_delta([{"index": index, "type": "text", "text": {"value": "Hi"}}]),
        ),
        ("thread.run.step.created", STEP),
        (
            "thread.run.step.delta",
            step_delta([{"index": index, "type": "function", "function": {"arguments": "{}"}}]),
        ),
        (
            "thread.run.step.delta",
            step_delta([{"index": index, "type": "code_interpreter", "id": "c"}]),
        ),
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000
    blocks = acc.message("m1").to_dict()["content"]
    assert blocks == [{"index": index, "type": "text", "text": {"value": "Hi"}}]
    calls = acc.run_step("s1").to_dict()["step_details"]["tool_calls"]
    assert [call["index"] for call in calls] == [index, index]


def test_null_tool_calls_functions_and_interpreters_are_skipped() -> None:
    acc = feed(
        ("thread.run.step.created", STEP),
        (
            "thread.run.step.delta",
            step_delta([None, {"index": 0, "type": "function", "function": None}]),
        ),
        (
            "thread.run.step.delta",
            step_delta([{"index": 1, "type": "code_interpreter", "code_interpreter": None}]),
        ),
        ("thread.run.step.delta", step_delta(None)),
        ("thread.message.delta", message_delta([None, {"index": 0, "type": "text", "text": None}])),
        (
            "thread.run.step.completed",
            '{"id":"s1","object":"thread.run.step","status":"completed",'
            '"step_details":{"type":"tool_calls","tool_calls":[null,{"id":"c1","type":"function","function":null}]}}',
        ),
        (
            "thread.run.requires_action",
            '{"id":"r","object":"thread.run","status":"requires_action","required_action":'
            '{"type":"submit_tool_outputs","submit_tool_outputs":{"tool_calls":[null]}}}',
        ),
    )
    assert acc.run_step("s1").status == "completed"
    assert acc.required_tool_calls == []


def test_untyped_and_unknown_deltas_do_not_poison_snapshots() -> None:
    acc = feed(
        ("thread.message.created", MESSAGE),
        (
            "thread.message.delta",
            message_delta([{"index": 0, "type": "text", "text": {"value": "Hi"}}]),
        ),
        # No type, and a `text` that is not an object: kept beside, not merged in.
        ("thread.message.delta", message_delta([{"index": 0, "text": 5}])),
        ("thread.message.delta", message_delta([{"index": 0, "type": "image_file", "text": [1]}])),
        ("thread.run.step.created", STEP),
        (
            "thread.run.step.delta",
            step_delta([{"index": 0, "type": "function", "function": {"name": "f"}}]),
        ),
        ("thread.run.step.delta", step_delta([{"index": 0, "function": "not an object"}])),
        (
            "thread.run.requires_action",
            '{"id":"r","object":"thread.run","status":"requires_action","required_action":'
            '{"type":"submit_tool_outputs","submit_tool_outputs":{"tool_calls":[{"id":"x","type":"function",'
            '"function":{"name":"f","arguments":""}}]}}}',
        ),
    )
    assert acc.message_text("m1") == "Hi"
    assert acc.message("m1").to_dict()["content"][0] == {
        "type": "text",
        "text": {"value": "Hi", "annotations": []},
    }
    acc.run_step("s1")  # still reads


def test_a_delta_whose_arguments_are_not_text_is_kept_not_joined() -> None:
    acc = StreamAccumulator()
    acc.add(parse_event("thread.run.step.created", STEP))
    for data in (
        step_delta([{"index": 0, "type": "function", "function": {"arguments": "{"}}]),
        step_delta([{"index": 0, "type": "function", "function": {"arguments": '"a":1}'}}]),
    ):
        acc.add(parse_event("thread.run.step.delta", data))
    calls = acc.run_step("s1").to_dict()["step_details"]["tool_calls"]
    assert calls[0]["function"]["arguments"] == '{"a":1}'


@pytest.mark.parametrize("depth", [600, 900])
def test_deep_extra_fields_do_not_exhaust_recursion(depth: int) -> None:
    deep = "[" * depth + "]" * depth
    text = message_delta([{"index": 0, "type": "text", "text": {"value": "Hi"}}])
    text = text[:-1] + f', "extra": {deep}}}'
    acc = StreamAccumulator()
    try:
        event = parse_event("thread.message.delta", text)
    except RecursionError:
        pytest.skip("the JSON reader itself refuses this depth here")
    acc.add(event)
    step = (
        '{"id":"s1","object":"thread.run.step.delta","delta":{"step_details":{"type":"tool_calls",'
        '"tool_calls":[{"index":0,"type":"function","id":"c","function":{"name":"f","deep":'
        + '{"a":' * depth
        + "1"
        + "}" * depth
        + "}}]}}}"
    )
    acc.add(parse_event("thread.run.step.delta", step))
    assert acc.message_text("m1") == "Hi"
    acc.message("m1")
    acc.run_step("s1")


def test_text_of_a_delta_before_its_created_event_is_kept() -> None:
    acc = feed(
        (
            "thread.message.delta",
            message_delta([{"index": 0, "type": "text", "text": {"value": "Early "}}]),
        ),
        ("thread.message.created", MESSAGE),
        ("thread.message.in_progress", MESSAGE),
        (
            "thread.message.delta",
            message_delta([{"index": 0, "type": "text", "text": {"value": "bird"}}]),
        ),
    )
    assert acc.orphan_deltas == 1
    assert acc.message_text("m1") == "Early bird"


def test_tool_call_deltas_before_the_step_created_event_are_kept() -> None:
    acc = feed(
        (
            "thread.run.step.delta",
            step_delta(
                [
                    {
                        "index": 0,
                        "type": "function",
                        "id": "c",
                        "function": {"name": "f", "arguments": "{"},
                    }
                ]
            ),
        ),
        ("thread.run.step.created", STEP),
        (
            "thread.run.step.delta",
            step_delta([{"index": 0, "type": "function", "function": {"arguments": "}"}}]),
        ),
    )
    call = acc.run_step("s1").to_dict()["step_details"]["tool_calls"][0]
    assert call["function"] == {"name": "f", "arguments": "{}"}


def test_a_hostile_index_in_a_small_delta_stays_small_in_a_subprocess() -> None:
    """The 150-byte delta that allocated 790 MB: run under a 300 MB address-space cap."""
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20));"
        "from assistant_events import StreamAccumulator, parse_event;"
        "acc = StreamAccumulator();"
        'acc.add(parse_event(\'thread.message.delta\', \'{"id":"m","delta":{"content":'
        '[{"index":100000000,"type":"text","text":{"value":"x"}}]}}\'));'
        "print(acc.message_text('m') or 'kept')"
    )
    if resource.getrlimit(resource.RLIMIT_AS)[0] not in (resource.RLIM_INFINITY,):
        pytest.skip("an address-space limit is already set")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]


# --- writing back --------------------------------------------------------------------------


def test_ids_and_retry_survive_serialize() -> None:
    raw = (
        'event: thread.run.created\nid: 7\nretry: 1500\ndata: {"id":"r","object":"thread.run"}\n\n'
        "event: x.unknown\ndata: a\n\n"
        "id\nevent: x.unknown\ndata: b\n\n"
        "event: thread.message.delta\nid: 9\ndata: {oops\n\n"
    )
    events = list(iter_events(raw, errors="keep"))
    assert [(e.last_event_id, e.retry) for e in events] == [
        ("7", 1500),
        ("7", None),
        ("", None),
        ("9", None),
    ]
    again = SSEDecoder().feed(serialize_bytes(events))
    before = SSEDecoder().feed(raw.encode())
    assert [(e.event, e.data, e.id, e.retry) for e in again] == [
        (e.event, e.data, e.id, e.retry) for e in before
    ]
    again_events = list(iter_events(serialize(events), errors="keep"))
    assert [(type(e), e.event, e.data) for e in again_events] == [
        (type(e), e.event, e.data) for e in events
    ]
    assert [(e.last_event_id, e.retry) for e in again_events] == [
        (e.last_event_id, e.retry) for e in events
    ]


def test_an_event_alone_writes_its_id_and_retry() -> None:
    (event,) = iter_events('event: thread.run.created\nid: 7\nretry: 5\ndata: {"id":"r"}\n\n')
    assert event.to_sse() == 'event: thread.run.created\nid: 7\nretry: 5\ndata: {"id":"r"}\n\n'
    assert (
        ThreadRunCreated(event.data).to_sse() == 'event: thread.run.created\ndata: {"id":"r"}\n\n'
    )


def test_a_huge_number_is_never_written_back_as_infinity() -> None:
    """Refused when read (the JSON reader's call), or written back exactly as it came;
    and once changed in code, refused rather than written as `Infinity`."""
    raw = 'event: thread.run.created\ndata: {"id":"r","x":1e400}\n\n'
    try:
        (event,) = iter_events(raw)
    except ValueError as error:
        assert "1e400" in str(error)
        return
    assert serialize(iter_events(raw)) == raw  # as it came
    event.data.extra_fields["y"] = 1  # changed: the text can no longer be reused
    with pytest.raises(ValueError, match="infinity"):
        event.to_sse()


def test_lone_surrogates_are_written_as_escapes() -> None:
    raw = 'event: thread.run.created\ndata: {"id":"r","note":"\\ud800"}\n\n'
    (event,) = iter_events(raw)
    assert serialize_bytes([event]) == raw.encode()
    event.data.extra_fields["more"] = "\udc00"
    written = serialize_bytes([event])
    assert b"\\ud800" in written and b"\\udc00" in written
    (again,) = iter_events(written)
    assert again.data.extra_fields == {"note": "\ud800", "more": "\udc00"}


def test_data_with_a_lone_surrogate_built_in_code_is_refused_clearly() -> None:
    event = UnknownEvent(parse_event("x", "").event, "\ud800")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="UTF-8"):
        serialize_bytes([event])


def test_parse_json_prints_ascii_json_lines(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "inf.sse"
    path.write_text(
        'event: thread.run.created\ndata: {"id":"r","s":"\u2028\x85"}\n\n'
        "event: done\ndata: [DONE]\n\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "assistant_events", "parse", "--json", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.isascii() and "Infinity" not in first
    assert json.loads(first)["data"]["s"] == "\u2028\x85"


def test_message_deltas_through_the_full_path() -> None:
    # Sanity: a normal delta still goes through the direct path.
    event = parse_event(
        "thread.message.delta",
        message_delta([{"index": 0, "type": "text", "text": {"value": "ok"}}]),
    )
    assert isinstance(event, ThreadMessageDelta)
    acc = StreamAccumulator()
    acc.add(event)
    assert acc.message_text("m1") == "ok"


@pytest.mark.parametrize("depth", [600, 900])
def test_deep_data_writes_back(depth: int) -> None:
    """Found by tests/fuzz_long.py: comparing a deep payload with its text recursed."""
    deep = "[" * depth + "]" * depth
    raw = f'event: thread.run.created\ndata: {{"id":"r","x":{deep}}}\n\n'
    try:
        events = list(iter_events(raw))
    except ValueError:
        pytest.skip("the JSON reader refuses this depth here")
    assert serialize(events) == raw
