"""Anthropic StreamAccumulator: the message built from the events equals what they imply
(text joined, tool input parsed when its block stops, usage merged); callbacks fire
exactly once; a stream cut before `message_stop` still gives the message so far."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from anthropic_events import (
    AsyncStreamHandler,
    ContentBlock,
    ErrorEvent,
    Message,
    StreamAccumulator,
    StreamHandler,
    TextCitation,
    ToolUseBlock,
    UnknownVariant,
    aiter_events,
    iter_events,
    parse_event,
)
from tests.conftest import ROOT, SHARED

FIXTURES = sorted((ROOT / "tests" / "streams" / "anthropic").glob("*.sse"))
RECORDINGS = sorted((SHARED / "other-apis").glob("anthropic-sdk-python_*.sse"))
STREAMS = {p.name: p.read_bytes() for p in [*FIXTURES, *RECORDINGS]}
WELL_FORMED = sorted(name for name in STREAMS if name != "surprises.sse")


def events_of(raw: bytes) -> list[Any]:
    return list(iter_events(raw))


def implied(events: list[Any]) -> dict[str, Any]:
    """The message the events imply, worked out from their wire dicts alone."""
    message: dict[str, Any] = {}
    blocks: dict[int, dict[str, Any]] = {}
    json_text: dict[int, str] = {}
    for event in events:
        data = json.loads(event.data_text())
        if event.event == "message_start":
            message = data["message"]
        elif event.event == "content_block_start":
            blocks[data["index"]] = data["content_block"]
        elif event.event == "content_block_delta":
            block, delta = blocks[data["index"]], data["delta"]
            if delta["type"] == "text_delta":
                block["text"] += delta["text"]
            elif delta["type"] == "thinking_delta":
                block["thinking"] += delta["thinking"]
            elif delta["type"] == "signature_delta":
                block["signature"] = delta["signature"]
            elif delta["type"] == "citations_delta":
                block["citations"] = [*(block.get("citations") or []), delta["citation"]]
            elif delta["type"] == "input_json_delta":
                json_text[data["index"]] = json_text.get(data["index"], "") + delta["partial_json"]
        elif event.event == "content_block_stop":
            if json_text.get(data["index"]):
                blocks[data["index"]]["input"] = json.loads(json_text[data["index"]])
        elif event.event == "message_delta":
            message.update(data["delta"])
            message["usage"].update({k: v for k, v in data["usage"].items() if v is not None})
    message["content"] = [blocks[i] for i in sorted(blocks)]
    return message


def test_recordings_present_or_skipped() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    assert len(RECORDINGS) >= 2


@pytest.mark.parametrize("name", WELL_FORMED)
def test_message_equals_what_the_deltas_imply(name: str) -> None:
    events = events_of(STREAMS[name])
    acc = StreamAccumulator().until_done(events)
    message = acc.get_final_message()
    assert message.to_dict() == implied(events)
    assert acc.orphan_deltas == acc.ignored_deltas == 0 and acc.unapplied_deltas == []
    texts = [b["text"] for b in implied(events)["content"] if b["type"] == "text"]
    assert acc.text == acc.get_final_text() == "".join(texts)
    assert acc.stopped == any(e.event == "message_stop" for e in events)
    assert acc.finished == any(e.event in ("message_stop", "error") for e in events)
    assert acc.ended


def test_recordings_cut_before_message_stop_give_the_message_so_far() -> None:
    if not RECORDINGS:
        pytest.skip("../shared is not present")
    first = StreamAccumulator().until_done(iter_events(RECORDINGS[0].read_bytes()))
    assert not first.stopped and not first.finished  # the last block is not dispatched
    message = first.get_final_message()
    assert first.text == "Hello there!" and message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (11, 6)

    second = StreamAccumulator().until_done(iter_events(RECORDINGS[1].read_bytes()))
    (call,) = second.pending_tool_calls
    assert (call.name, call.input) == ("get_weather", {"location": "Paris"})
    assert second.input_json(1) == '{"location": "Paris"}'
    usage = second.usage
    assert usage is not None and (usage.input_tokens, usage.output_tokens) == (377, 65)
    assert usage.cache_read_input_tokens == 0 and usage.service_tier == "standard"


def test_thinking_signature_and_tool_use() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["thinking_tool_use.sse"]))
    thinking, text, tool = acc.get_final_message().content
    assert thinking.to_dict()["signature"].startswith("EqQB")
    assert acc.block_text(0).startswith("The user asks") and acc.block_text(1) == acc.text
    assert isinstance(tool, ToolUseBlock) and tool.input == {"city": "Paris", "unit": "celsius"}
    assert acc.pending_tool_calls == [tool]
    assert acc.get_final_message().stop_reason == "tool_use"


def test_server_tool_use_web_search_results_and_citations() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["web_search_citations.sse"]))
    blocks = acc.content
    assert [b.type for b in blocks] == ["text", "server_tool_use", "web_search_tool_result", "text"]
    assert blocks[1].to_dict()["input"] == {"query": "weather paris today"}
    assert acc.pending_tool_calls == []  # the server ran it
    (citation,) = blocks[3].to_dict()["citations"]
    assert citation["type"] == "web_search_result_location"
    usage = acc.usage
    assert usage is not None and usage.server_tool_use.web_search_requests == 1
    assert (usage.input_tokens, usage.output_tokens) == (2679, 120)


def test_error_event() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["error_overloaded.sse"]))
    assert [e.error.type for e in acc.errors] == ["overloaded_error"]
    assert acc.finished and not acc.stopped and acc.text == "Once upon a time"


class Recorder(StreamHandler):
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.blocks: Counter[int] = Counter()
        self.tools: Counter[str] = Counter()
        self.texts: dict[int, str] = {}

    def on_event(self, event: Any) -> None:
        self.calls["event"] += 1

    def on_end(self) -> None:
        self.calls["end"] += 1

    def on_text_delta(self, index: int, text: str) -> None:
        self.calls["text"] += 1

    def on_text_done(self, index: int, text: str) -> None:
        self.texts[index] = text
        self.calls["text_done"] += 1

    def on_thinking_delta(self, index: int, thinking: str) -> None:
        self.calls["thinking"] += 1

    def on_input_json_delta(self, index: int, partial_json: str) -> None:
        self.calls["json"] += 1

    def on_citation(self, index: int, citation: TextCitation) -> None:
        self.calls["citation"] += 1

    def on_block_done(self, index: int, block: ContentBlock) -> None:
        self.blocks[index] += 1

    def on_tool_call_done(self, block: ContentBlock) -> None:
        self.tools[str(block.to_dict().get("id"))] += 1

    def on_message_done(self, message: Message) -> None:
        self.calls["message"] += 1

    def on_error(self, error: ErrorEvent) -> None:
        self.calls["error"] += 1


def deltas(events: list[Any], kind: str) -> int:
    return sum(e.event == "content_block_delta" and e.data.delta.type == kind for e in events)


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_each_callback_fires_once(name: str) -> None:
    events = events_of(STREAMS[name])
    rec = Recorder()
    acc = StreamAccumulator(rec)
    for _ in acc.consume(events):
        pass
    acc.end()  # a second end: on_end still once
    # Stops and message_stop again: nothing fires twice.
    for event in events:
        if event.event in ("content_block_stop", "message_stop"):
            acc.add(event)
    assert rec.calls["event"] == len(events) + sum(
        e.event in ("content_block_stop", "message_stop") for e in events
    )
    assert rec.calls["end"] == 1
    assert rec.calls["message"] == int(acc.stopped)
    assert rec.calls["error"] == sum(e.event == "error" for e in events)
    if name != "surprises.sse":
        assert rec.calls["text"] == deltas(events, "text_delta")
        assert rec.calls["thinking"] == deltas(events, "thinking_delta")
        assert rec.calls["json"] == deltas(events, "input_json_delta")
        assert rec.calls["citation"] == deltas(events, "citations_delta")
    stopped = {e.data.index for e in events if e.event == "content_block_stop"}
    if acc.stopped:
        stopped |= {e.data.index for e in events if e.event == "content_block_start"}
    assert rec.blocks == Counter({i: 1 for i in stopped if i in dict(enumerate(acc.content))})
    tools = [
        b.to_dict()
        for i, b in enumerate(acc.content)
        if i in stopped and str(b.type).endswith("tool_use")
    ]
    assert rec.tools == Counter(str(b.get("id")) for b in tools)
    texts = {i: acc.block_text(i) for i in rec.texts}
    assert rec.texts == texts


async def _chunks(raw: bytes) -> AsyncIterator[bytes]:
    for i in range(0, len(raw), 61):
        await asyncio.sleep(0)
        yield raw[i : i + 61]


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_async_consumption(name: str) -> None:
    calls: Counter[str] = Counter()

    class Async(AsyncStreamHandler):
        async def on_text_delta(self, index: int, text: str) -> None:
            await asyncio.sleep(0)
            calls["text"] += 1

        async def on_message_done(self, message: Message) -> None:
            calls["message"] += 1

        async def on_end(self) -> None:
            calls["end"] += 1

    async def run() -> tuple[StreamAccumulator, list[Any]]:
        acc = StreamAccumulator(Async())
        seen = [event async for event in acc.aconsume(aiter_events(_chunks(STREAMS[name])))]
        return acc, seen

    acc, seen = asyncio.run(run())
    sync = StreamAccumulator().until_done(iter_events(STREAMS[name]))
    assert [e.event for e in seen] == [e.event for e in events_of(STREAMS[name])]
    assert acc.final_message == sync.final_message and acc.text == sync.text
    assert calls["end"] == 1 and calls["message"] == int(sync.stopped)

    async def texts() -> str:
        acc = StreamAccumulator()
        return "".join([t async for t in acc.atext_deltas(aiter_events(_chunks(STREAMS[name])))])

    assert asyncio.run(texts()) == "".join(
        StreamAccumulator().text_deltas(events_of(STREAMS[name]))
    )


def test_async_handler_is_refused_by_sync_consume() -> None:
    acc = StreamAccumulator(AsyncStreamHandler())
    with pytest.raises(TypeError):
        list(acc.consume(events_of(STREAMS["error_overloaded.sse"])))


def test_surprises_are_kept_and_never_poison() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["surprises.sse"]))
    message = acc.get_final_message()  # the file ends without a blank line: no message_stop
    assert not acc.stopped
    blocks = message.content
    assert [b.type for b in blocks] == ["redacted_thinking", "text", "hologram", "text"]
    assert blocks[1].to_dict()["text"] == "Hello world"  # the unknown delta spoiled nothing
    hologram = blocks[2]
    assert isinstance(hologram, UnknownVariant) and hologram.raw["text"] == "beam"
    assert blocks[3].to_dict()["text"] == "far away"  # index 10**8: one entry, an orphan
    assert [(i, d.type) for i, d in acc.unapplied_deltas] == [
        (1, "sparkle_delta"),
        (1, "input_json_delta"),
    ]
    assert acc.orphan_deltas == 1 and acc.ignored_deltas == 2  # index -1, stop of index 7
    data = message.to_dict()
    assert data["sparkles"] == 2 and data["stop_reason"] == "end_turn"
    usage = acc.usage
    assert usage is not None and usage.output_tokens == 15 and usage.input_tokens == 472
    assert usage.cache_creation is not None  # a 5 sent for it did not replace it


def event(kind: str, **data: Any) -> Any:
    return parse_event(kind, json.dumps({"type": kind, **data}))


def tool_stream(*pieces: str, stop: bool = True) -> StreamAccumulator:
    acc = StreamAccumulator()
    acc.add(
        event(
            "message_start",
            message={
                "id": "m",
                "type": "message",
                "role": "assistant",
                "content": [],
                "model": "x",
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {"input_tokens": 1, "output_tokens": 1},
            },
        )
    )
    block = {"type": "tool_use", "id": "t", "name": "f", "input": {}}
    acc.add(event("content_block_start", index=0, content_block=block))
    for piece in pieces:
        acc.add(
            event(
                "content_block_delta",
                index=0,
                delta={"type": "input_json_delta", "partial_json": piece},
            )
        )
    if stop:
        acc.add(event("content_block_stop", index=0))
    return acc


def test_tool_input_is_parsed_once_its_block_stops() -> None:
    acc = tool_stream("", '{"a": [1, ', "2]}", stop=False)
    assert acc.content[0].to_dict()["input"] == {} and acc.input_json(0) == '{"a": [1, 2]}'
    assert acc.pending_tool_calls == []
    acc.add(event("content_block_stop", index=0))
    assert acc.pending_tool_calls[0].input == {"a": [1, 2]}
    assert tool_stream("").pending_tool_calls[0].input == {}  # no input at all is legal


def test_tool_input_that_does_not_parse_raises_nothing() -> None:
    for pieces in (['{"a": '], ["[1, 2]"], ["[" * 100_000 + "]" * 100_000], ["nul"]):
        acc = tool_stream(*pieces)
        assert acc.pending_tool_calls[0].input == {}
        assert acc.input_json(0) == "".join(pieces)


def test_deep_tool_input_is_copied_without_recursion() -> None:
    deep = '{"k": ' * 700 + "1" + "}" * 700  # as deep as the JSON reader goes
    acc = tool_stream(deep)
    value = acc.get_final_message().content[0].to_dict()["input"]
    depth = 0
    while isinstance(value, dict):
        value, depth = value["k"], depth + 1
    assert (depth, value) == (700, 1)


def test_reset_and_reuse() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["error_overloaded.sse"]))
    acc.reset()
    assert acc.final_message is None and acc.errors == [] and not acc.ended
    with pytest.raises(LookupError):
        acc.get_final_message()
    acc.until_done(iter_events(STREAMS["thinking_tool_use.sse"]))
    assert acc.stopped and len(acc.pending_tool_calls) == 1


CALLBACKS = [name for name in vars(StreamHandler) if name.startswith("on_")]


def _logging_handler(names: list[str], log: list[tuple[str, Any]]) -> StreamHandler:
    """A handler that overrides only `names`, logging each call with its arguments."""

    def method(name: str) -> Any:
        def call(self: StreamHandler, *args: Any) -> None:
            log.append((name, [a.to_dict() if hasattr(a, "to_dict") else a for a in args]))

        return call

    return type("Logging", (StreamHandler,), {n: method(n) for n in names})()


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_a_handler_overriding_some_callbacks_gets_the_same_calls(name: str) -> None:
    # Work is skipped for the callbacks no handler overrides: what the others receive,
    # and in what order, must not depend on which are overridden.
    events = events_of(STREAMS[name])
    everything: list[tuple[str, Any]] = []
    StreamAccumulator(_logging_handler(CALLBACKS, everything)).until_done(events)
    subsets = [[n] for n in CALLBACKS] + [["on_block_done", "on_text_done"], []]
    for subset in subsets:
        log: list[tuple[str, Any]] = []
        acc = StreamAccumulator(_logging_handler(subset, log)).until_done(events)
        assert log == [call for call in everything if call[0] in subset]
        plain = StreamAccumulator().until_done(events)
        assert acc.final_message == plain.final_message and acc.text == plain.text


def test_message_delta_fields_added_after_decoding_are_applied_as_from_the_wire() -> None:
    wire = event(
        "message_delta",
        delta={"stop_reason": "end_turn", "sparkles": 2, "id": 7},
        usage={"output_tokens": 3, "weird": 1},
    )
    changed = event("message_delta", delta={"stop_reason": "end_turn"}, usage={"output_tokens": 3})
    changed.data.delta.extra_fields.update({"sparkles": 2, "id": 7})
    changed.data.usage.extra_fields["weird"] = 1
    snapshots = []
    for delta in (wire, changed):
        acc = tool_stream('{"a": 1}')
        acc.add(delta)
        message = acc.get_final_message().to_dict()
        assert message["sparkles"] == 2 and message["id"] == "m"  # 7 is no message id
        snapshots.append(message)
    assert snapshots[0] == snapshots[1]
