"""StreamAccumulator: snapshots rebuilt from deltas equal what the server sends when
the object completes, and callbacks fire exactly once."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from assistant_events import (
    ErrorObject,
    Message,
    RunStep,
    StreamAccumulator,
    StreamHandler,
    ThreadMessageCompleted,
    ThreadMessageDelta,
    ThreadRunStepCompleted,
    ToolCall,
    ToolCallDelta,
    UnknownEvent,
    iter_events,
)
from tests.conftest import REAL_STREAMS, ROOT, SAMPLES

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import build_stream  # noqa: E402

STREAMS = {p.name: p.read_bytes() for p in [*SAMPLES, *REAL_STREAMS]}
STREAMS["synthetic"] = build_stream(message_deltas=600, step_deltas=300)


def covers(expected: Any, actual: Any) -> bool:
    """Everything in `expected` is in `actual` (which may hold more, such as a delta's `quote`)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and covers(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(covers(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_messages_from_deltas_equal_the_completed_message(name: str) -> None:
    acc = StreamAccumulator()
    with_deltas: set[str] = set()
    checked = 0
    for event in iter_events(STREAMS[name]):
        if isinstance(event, ThreadMessageDelta):
            with_deltas.add(event.data.id)
        if isinstance(event, ThreadMessageCompleted) and event.data.id in with_deltas:
            built = acc.message(event.data.id).to_dict()["content"]
            assert covers(event.data.to_dict()["content"], built), name
            checked += 1
        acc.add(event)
    assert checked > 0 or not with_deltas  # every stream with message deltas was checked


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_run_steps_from_deltas_agree_with_the_completed_step(name: str) -> None:
    acc = StreamAccumulator()
    for event in iter_events(STREAMS[name]):
        if isinstance(event, ThreadRunStepCompleted) and event.data.id in acc.run_steps:
            built = acc.run_step(event.data.id).to_dict().get("step_details", {})
            done = event.data.to_dict()["step_details"]
            assert built.get("type") == done["type"]
            for i, call in enumerate(done.get("tool_calls", [])):
                mine = built["tool_calls"][i]
                assert (mine.get("id"), mine["type"]) == (call["id"], call["type"])
                if call["type"] == "function":
                    assert mine["function"]["name"] == call["function"]["name"]
                    assert mine["function"]["arguments"] == call["function"]["arguments"]
                if call["type"] == "code_interpreter":
                    assert covers(call["code_interpreter"], mine["code_interpreter"])
        acc.add(event)
        if isinstance(event, ThreadRunStepCompleted):
            # The Python SDK leaves the status `in_progress` here.
            step = acc.run_step(event.data.id)
            assert step.status == "completed"
            assert step.to_dict() == event.data.to_dict()


class Recorder(StreamHandler):
    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        self.text: dict[str, str] = {}

    def on_text_delta(self, message_id: str, index: int, text: str) -> None:
        self.calls["text_delta", message_id] += 1
        self.text[message_id] = self.text.get(message_id, "") + text

    def on_message_done(self, message: Message) -> None:
        self.calls["message_done", message.id] += 1

    def on_tool_call_delta(self, step_id: str, delta: ToolCallDelta) -> None:
        self.calls["tool_call_delta", step_id] += 1

    def on_tool_call_done(self, step_id: str, tool_call: ToolCall) -> None:
        self.calls["tool_call_done", tool_call.id] += 1  # type: ignore[union-attr]

    def on_run_step_done(self, step: RunStep) -> None:
        self.calls["run_step_done", step.id] += 1

    def on_run_done(self, run: Any) -> None:
        self.calls["run_done", run.status] += 1

    def on_error(self, error: ErrorObject) -> None:
        self.calls["error", error.type] += 1


def accumulate(raw: bytes) -> tuple[StreamAccumulator, Recorder]:
    recorder = Recorder()
    acc = StreamAccumulator(recorder)
    for _ in acc.consume(iter_events(raw)):
        pass
    return acc, recorder


def test_callbacks_fire_exactly_once_on_a_full_run() -> None:
    acc, rec = accumulate(STREAMS["full_run.sse"])
    done = {key: n for key, n in rec.calls.items() if key[0].endswith("_done")}
    assert done == {
        ("tool_call_done", "call_fn1"): 1,  # at requires_action, not again at step end
        ("tool_call_done", "call_ci1"): 1,
        ("tool_call_done", "call_fs1"): 1,
        ("run_step_done", "step_t1"): 1,
        ("message_done", "msg_a1"): 1,
        ("run_step_done", "step_m1"): 1,
        ("run_done", "completed"): 1,
    }
    assert rec.calls["text_delta", "msg_a1"] == 4
    assert rec.calls["tool_call_delta", "step_t1"] == 7
    assert rec.text["msg_a1"] == acc.message_text("msg_a1").split("\n\n")[0]


def test_final_run_messages_and_usage() -> None:
    acc, _ = accumulate(STREAMS["full_run.sse"])
    assert acc.final_run is not None and acc.final_run.status == "completed"
    assert acc.usage is not None and acc.usage.total_tokens == 907
    assert [m.id for m in acc.final_messages] == ["msg_a1"]
    assert acc.message_text("msg_a1").startswith("Pi is about 3.14")
    assert acc.required_tool_calls == []


def test_incomplete_ends_the_run_like_other_terminal_events() -> None:
    # An old TS SDK throws "Final run has not been received" here.
    text = (ROOT / "tests" / "streams" / "terminal_states.sse").read_text(encoding="utf-8")
    start = text.index("event: thread.run.incomplete")
    acc, rec = accumulate(text[start : text.index("event: thread.run.cancelling")].encode())
    assert acc.final_run is not None and acc.final_run.status == "incomplete"
    assert rec.calls["run_done", "incomplete"] == 1


def test_only_the_first_terminal_run_event_is_final() -> None:
    acc, rec = accumulate(STREAMS["terminal_states.sse"])
    assert acc.final_run is not None and acc.final_run.status == "failed"
    assert sum(n for key, n in rec.calls.items() if key[0] == "run_done") == 1
    assert rec.calls["error", "server_error"] == 1
    assert rec.calls["message_done", "msg_f1"] == 1  # incomplete counts as done


@pytest.mark.skipif(not REAL_STREAMS, reason="../shared/streams is not present")
def test_requires_action_lists_the_calls_and_reports_them_done() -> None:
    acc, rec = accumulate(STREAMS["openai-dotnet_3.sse"])
    (call,) = acc.required_tool_calls
    assert call.function.name == "get_current_weather"
    assert rec.calls["tool_call_done", call.id] == 1
    assert acc.final_run is None and acc.run is not None and acc.run.status == "requires_action"
    # The continuation stream completes the step, with the output, and ends the run.
    acc4, rec4 = accumulate(STREAMS["openai-dotnet_4.sse"])
    assert rec4.calls["tool_call_done", call.id] == 1
    assert acc4.final_run is not None and acc4.final_run.status == "completed"


def test_delta_for_an_unknown_message_starts_a_snapshot() -> None:
    raw = (
        b'event: thread.message.delta\ndata: {"id":"msg_late","object":"thread.message.delta",'
        b'"delta":{"content":[{"index":0,"type":"text","text":{"value":"late"}}]}}\n\n'
    )
    acc, _ = accumulate(raw)
    assert acc.orphan_deltas == 1
    assert acc.message_text("msg_late") == "late"
    assert acc.message("msg_late").content[0].text.value == "late"  # type: ignore[union-attr]


def test_unknown_blocks_and_tool_calls_are_kept_by_index() -> None:
    acc, _ = accumulate(STREAMS["unknowns.sse"])
    content = acc.message("msg_u1").to_dict()["content"]
    assert content[0] == {"type": "audio", "audio": {"transcript": "hi"}}
    calls = acc.run_step("step_u1").to_dict()["step_details"]["tool_calls"]
    assert calls[0] == {"type": "computer_use", "computer_use": {"action": "click"}}
    assert calls[1]["code_interpreter"]["outputs"] == [{"type": "chart", "chart": {"kind": "bar"}}]


def test_text_of_several_blocks_and_appended_pieces() -> None:
    def delta(index: int, value: str) -> bytes:
        return (
            b'event: thread.message.delta\ndata: {"id":"m","delta":{"content":[{"index":%d,'
            b'"type":"text","text":{"value":"%s"}}]}}\n\n' % (index, value.encode())
        )

    created = b'event: thread.message.created\ndata: {"id":"m","content":[]}\n\n'
    acc, _ = accumulate(created + delta(0, "a") + delta(1, "x") + delta(0, "b") + delta(1, "y"))
    assert acc.message_text("m") == "ab\n\nxy"
    assert acc.message_text("m") == "ab\n\nxy"  # reading twice changes nothing


def test_events_pass_through_unchanged() -> None:
    raw = STREAMS["unknowns.sse"]
    acc = StreamAccumulator()
    assert list(acc.consume(iter_events(raw))) == list(iter_events(raw))
    assert any(isinstance(e, UnknownEvent) for e in iter_events(raw))


def test_async_consume() -> None:
    async def events() -> AsyncIterator[Any]:
        for event in iter_events(STREAMS["full_run.sse"]):
            yield event

    async def run() -> StreamAccumulator:
        acc = StreamAccumulator()
        async for _ in acc.aconsume(events()):
            pass
        return acc

    acc = asyncio.run(run())
    assert acc.final_run is not None and acc.final_run.status == "completed"


def test_reading_a_snapshot_does_not_share_state() -> None:
    acc, _ = accumulate(STREAMS["full_run.sse"])
    message = acc.message("msg_a1")
    message.content.clear()
    assert acc.message("msg_a1").content


def test_synthetic_stream_fully_accumulates() -> None:
    acc, rec = accumulate(build_stream())
    assert acc.final_run is not None and acc.final_run.status == "completed"
    assert len(acc.message_text("msg_bench")) > 10_000
    assert rec.calls["tool_call_done", "call_ci"] == 1


# A delta's callbacks, and the bookkeeping behind "created", are skipped when no
# handler overrides them: a handler of one callback must see what one of all sees.
PER_DELTA = [
    "on_event",
    "on_message_delta",
    "on_text_created",
    "on_text_delta",
    "on_run_step_delta",
    "on_tool_call_created",
    "on_tool_call_delta",
]


def recording(names: list[str], calls: list[tuple[str, Any]]) -> StreamHandler:
    def record(name: str) -> Any:
        def callback(self: StreamHandler, *args: Any) -> None:
            calls.append((name, [a.to_dict() if hasattr(a, "to_dict") else a for a in args]))

        return callback

    handler = type("Recording", (StreamHandler,), {name: record(name) for name in names})
    return handler()  # type: ignore[no-any-return]


def snapshots(acc: StreamAccumulator) -> Any:
    messages = {key: m.to_dict() for key, m in acc.messages.items()}
    return messages, {key: s.to_dict() for key, s in acc.run_steps.items()}, acc.orphan_deltas


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_handler_of_one_callback_sees_what_a_handler_of_all_sees(name: str) -> None:
    every: list[tuple[str, Any]] = []
    acc_all = StreamAccumulator(recording(PER_DELTA, every)).until_done(iter_events(STREAMS[name]))
    plain = StreamAccumulator().until_done(iter_events(STREAMS[name]))
    assert snapshots(plain) == snapshots(acc_all)
    for callback in PER_DELTA:
        alone: list[tuple[str, Any]] = []
        acc = StreamAccumulator(recording([callback], alone)).until_done(iter_events(STREAMS[name]))
        assert alone == [call for call in every if call[0] == callback], callback
        assert snapshots(acc) == snapshots(acc_all)
    created = [repr(call) for call in every if call[0].endswith("_created")]
    assert len(created) == len(set(created))  # once per text block and tool call


def frames(*events: tuple[str, str]) -> bytes:
    return b"".join(f"event: {name}\ndata: {data}\n\n".encode() for name, data in events)


def text_delta(index: int, value: str) -> tuple[str, str]:
    block = f'{{"index":{index},"type":"text","text":{{"value":"{value}"}}}}'
    return "thread.message.delta", f'{{"id":"m","delta":{{"content":[{block}]}}}}'


def call_delta(call: str) -> tuple[str, str]:
    details = f'{{"type":"tool_calls","tool_calls":[{call}]}}'
    return "thread.run.step.delta", f'{{"id":"s","delta":{{"step_details":{details}}}}}'


def test_text_deltas_around_gaps_and_other_blocks() -> None:
    image = '{"index":1,"type":"image_file","image_file":{"file_id":"f"}}'
    acc = StreamAccumulator().until_done(
        iter_events(
            frames(
                text_delta(2, "c"),  # pads indexes 0 and 1 with nulls
                text_delta(0, "a"),  # fills a null
                ("thread.message.delta", f'{{"id":"m","delta":{{"content":[{image}]}}}}'),
                text_delta(1, "b"),  # an image there: kept whole, at the end
                text_delta(-1, "z"),  # out of range: kept whole, at the end
                text_delta(0, "a"),
            )
        )
    )
    content = acc.message("m").to_dict()["content"]
    assert [block["type"] for block in content] == ["text", "image_file", "text", "text", "text"]
    assert content[0]["text"]["value"] == "aa" and content[2]["text"]["value"] == "c"
    assert content[3] == {"index": 1, "type": "text", "text": {"value": "b"}}
    assert content[4] == {"index": -1, "type": "text", "text": {"value": "z"}}
    assert acc.message_text("m") == "aa\n\nc\n\nb\n\nz"


def test_tool_call_pieces_with_more_than_a_piece_are_merged_whole() -> None:
    code = '{{"index":0,"type":"code_interpreter","code_interpreter":{{"input":"{}"}}{}}}'
    args = '{"index":0,"type":"function","function":{"arguments":"{}"}}'
    acc = StreamAccumulator().until_done(
        iter_events(
            frames(
                call_delta(code.format("x = ", "")),
                call_delta(code.format("1", ',"id":"call_1"')),  # an id: merged whole
                call_delta(code.format("", ',"note":"kept"')),  # an unknown key: kept
                call_delta(code.format("\\n", "")),
                call_delta(args),  # a function delta where a code call is: beside it
            )
        )
    )
    calls = acc.run_step("s").to_dict()["step_details"]["tool_calls"]
    assert calls[0] == {
        "type": "code_interpreter",
        "code_interpreter": {"input": "x = 1\n"},
        "id": "call_1",
        "note": "kept",
    }
    assert calls[1] == {"index": 0, "type": "function", "function": {"arguments": "{}"}}


def test_consume_calls_an_add_of_a_subclass_or_a_patch_for_every_event() -> None:
    # consume hands deltas straight to their method only when `add` is the plain one.
    raw = STREAMS["full_run.sse"]
    count = len(list(iter_events(raw)))
    seen: list[Any] = []

    class Spying(StreamAccumulator):
        def add(self, event: Any) -> None:
            seen.append(event)
            super().add(event)

    Spying().until_done(iter_events(raw))
    assert len(seen) == count
    seen.clear()
    acc = StreamAccumulator()
    plain_add = acc.add
    acc.add = lambda event: (seen.append(event), plain_add(event))  # type: ignore[method-assign]
    acc.until_done(iter_events(raw))
    assert len(seen) == count
    assert snapshots(acc) == snapshots(StreamAccumulator().until_done(iter_events(raw)))
