"""Responses StreamAccumulator: output items built from deltas equal the `output` of the
response the stream ends with; callbacks fire exactly once; hostile input never raises."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from responses_events import (
    AsyncStreamHandler,
    OutputItem,
    Response,
    ResponseErrorEvent,
    StreamAccumulator,
    StreamHandler,
    UnknownVariant,
    iter_events,
    parse_event,
)
from tests.conftest import ROOT, SHARED

FIXTURES = sorted((ROOT / "tests" / "streams" / "responses").glob("*.sse"))
RECORDINGS = sorted((SHARED / "other-apis").glob("openai-dotnet-responses_*.sse"))
STREAMS = {p.name: p.read_bytes() for p in [*FIXTURES, *RECORDINGS]}
TERMINAL = ("response.completed", "response.incomplete", "response.failed")


def events_of(raw: bytes) -> list[Any]:
    return list(iter_events(raw))


def terminal_output(events: list[Any]) -> list[dict[str, Any]] | None:
    for event in events:
        if event.event in TERMINAL:
            return [item.to_dict() for item in event.data.response.output]
    return None


def without_status(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k != "status"} for item in items]


def test_recordings_present_or_skipped() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    assert len(RECORDINGS) >= 2


# Streams that end with a terminal response to compare against (one ends in an error).
TERMINATED = sorted(n for n in STREAMS if terminal_output(events_of(STREAMS[n])) is not None)


def test_the_streams_without_a_terminal_response_are_the_error_ones() -> None:
    assert set(STREAMS) - set(TERMINATED) == {"error_midstream.sse"}


@pytest.mark.parametrize("name", TERMINATED)
def test_output_equals_the_terminal_response(name: str) -> None:
    events = events_of(STREAMS[name])
    acc = StreamAccumulator().until_done(events)
    expected = terminal_output(events)
    assert expected is not None
    assert [item.to_dict() for item in acc.output] == expected
    final = acc.get_final_response()
    terminal = next(e for e in events if e.event in TERMINAL)
    assert final.to_dict() == terminal.data.response.to_dict()
    assert acc.finished and acc.ended


@pytest.mark.parametrize("name", TERMINATED)
def test_items_built_from_deltas_alone(name: str) -> None:
    """Without any `.done` event (nor the terminal one), the items built from `added`
    events and deltas equal the final output, but for the items' own `status`."""
    events = events_of(STREAMS[name])
    expected = terminal_output(events)
    assert expected is not None
    acc = StreamAccumulator()
    for event in events:
        if not event.event.endswith(".done") and event.event not in TERMINAL:
            acc.add(event)
    built = [item.to_dict() for item in acc.output]
    assert without_status(built) == without_status(expected)
    assert acc.orphan_deltas == 0 and acc.ignored_deltas == 0
    assert not acc.finished


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_text_so_far_and_text_deltas(name: str) -> None:
    events = events_of(STREAMS[name])
    acc = StreamAccumulator()
    pieces = list(acc.text_deltas(events))
    joined = "".join(e.data.delta for e in events if e.event == "response.output_text.delta")
    assert "".join(pieces) == joined == acc.text


class Recorder(StreamHandler):
    def __init__(self) -> None:
        self.acc: StreamAccumulator | None = None
        self.calls: Counter[str] = Counter()
        self.items: Counter[str] = Counter()
        self.tools: Counter[str] = Counter()
        self.text: list[str] = []
        self.order: list[str] = []

    def on_event(self, event: Any) -> None:
        self.calls["event"] += 1

    def on_end(self) -> None:
        self.calls["end"] += 1
        self.order.append("end")

    def on_item_added(self, item: OutputItem) -> None:
        self.calls["added"] += 1

    def on_text_delta(self, item_id: str, content_index: int, text: str) -> None:
        self.text.append(text)

    def on_text_done(self, item_id: str, content_index: int, text: str) -> None:
        self.calls["text_done"] += 1
        assert text == self.acc.item_text(item_id) if self.acc else True

    def on_item_done(self, item: OutputItem) -> None:
        self.items[str(getattr(item, "id", None))] += 1

    def on_tool_call_done(self, item: OutputItem) -> None:
        self.tools[str(getattr(item, "id", None))] += 1

    def on_response_done(self, response: Response) -> None:
        self.calls["response"] += 1
        self.order.append("response")

    def on_error(self, error: ResponseErrorEvent) -> None:
        self.calls["error"] += 1


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_each_callback_fires_once(name: str) -> None:
    events = events_of(STREAMS[name])
    rec = Recorder()
    acc = rec.acc = StreamAccumulator(rec)
    # Every event twice: the done-once callbacks still fire once per thing.
    doubled = [e for event in events for e in (event, event)]
    for _ in acc.consume(doubled):
        pass
    assert rec.calls["event"] == len(doubled)
    assert rec.calls["end"] == 1
    assert rec.calls["added"] == sum(e.event == "response.output_item.added" for e in events)
    assert rec.calls["text_done"] == sum(e.event == "response.output_text.done" for e in events)
    ended = [e for e in events if e.event in TERMINAL]
    assert rec.calls["response"] == min(len(ended), 1)
    assert rec.calls["error"] == 2 * sum(e.event == "error" for e in events)
    final = acc.final_response
    assert final is not None
    if ended:
        ids = [getattr(item, "id", None) for item in final.output]
        assert rec.items == Counter(str(i) for i in ids)
        calls = [i for i in final.output if str(i.type).endswith("_call")]
        assert rec.tools == Counter(str(getattr(i, "id", None)) for i in calls)
        assert rec.order == ["response", "end"]


def test_callbacks_see_the_event_applied() -> None:
    seen: list[str] = []
    acc: StreamAccumulator

    class Watcher(StreamHandler):
        def on_text_delta(self, item_id: str, content_index: int, text: str) -> None:
            seen.append(acc.item_text(item_id))

    acc = StreamAccumulator(Watcher())
    acc.until_done(iter_events(STREAMS["reasoning_function_message.sse"]))
    assert seen[-1] == acc.text and seen[0] and len(seen) > 2


def test_function_call_is_pending_and_reasoning_summary_grows() -> None:
    acc = StreamAccumulator()
    summaries = []
    for event in acc.consume(iter_events(STREAMS["reasoning_function_message.sse"])):
        if event.event == "response.reasoning_summary_text.delta":
            summaries.append(acc.reasoning_summary(0))
        if event.event == "response.function_call_arguments.delta":
            assert json.dumps({"city": "Paris"}).replace(" ", "").startswith(acc.arguments(1))
    assert summaries[0] and summaries[-1].startswith(summaries[0])
    assert acc.reasoning_summary("rs_68b1a").count("\n\n**") == 1
    (call,) = acc.pending_tool_calls
    assert (call.name, json.loads(call.arguments)) == ("get_weather", {"city": "Paris"})
    usage = acc.usage
    assert usage is not None and usage.output_tokens_details.reasoning_tokens == 128


def test_incomplete_failed_and_error_streams() -> None:
    acc = StreamAccumulator().until_done(iter_events(STREAMS["refusal_incomplete.sse"]))
    final = acc.get_final_response()
    assert final.status == "incomplete" and final.incomplete_details.reason == "max_output_tokens"
    assert final.output[0].content[0].refusal.startswith("I'm sorry")

    acc = StreamAccumulator().until_done(iter_events(STREAMS["web_search_failed.sse"]))
    assert acc.get_final_response().error.code == "server_error"
    assert acc.item(0).status == "completed" and acc.text == "Searching"

    acc = StreamAccumulator().until_done(iter_events(STREAMS["error_midstream.sse"]))
    assert acc.finished and [e.code for e in acc.errors] == ["server_error"]
    with pytest.raises(LookupError):
        acc.get_final_response()
    final = acc.final_response  # what came: the response as far as it got
    assert final is not None and final.status == "in_progress"
    assert acc.text == "Partial answer"


def test_a_stream_cut_short_gives_what_came() -> None:
    raw = STREAMS["reasoning_function_message.sse"].decode()
    cut = raw[: raw.index("event: response.function_call_arguments.done")]
    acc = StreamAccumulator().until_done(iter_events(cut))
    assert not acc.finished and acc.ended
    final = acc.final_response
    assert final is not None and final.status == "in_progress"
    assert acc.pending_tool_calls == [] and acc.arguments(1) == '{"city":"Paris"}'
    assert [item.type for item in final.output] == ["reasoning", "function_call"]


async def _chunks(raw: bytes) -> AsyncIterator[bytes]:
    for i in range(0, len(raw), 97):
        await asyncio.sleep(0)
        yield raw[i : i + 97]


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_async_consumption(name: str) -> None:
    from responses_events import aiter_events

    calls: Counter[str] = Counter()

    class Async(AsyncStreamHandler):
        async def on_text_delta(self, item_id: str, content_index: int, text: str) -> None:
            await asyncio.sleep(0)
            calls["text"] += 1

        async def on_response_done(self, response: Response) -> None:
            calls["response"] += 1

        async def on_end(self) -> None:
            calls["end"] += 1

    async def run() -> tuple[StreamAccumulator, list[Any]]:
        acc = StreamAccumulator(Async())
        seen = [event async for event in acc.aconsume(aiter_events(_chunks(STREAMS[name])))]
        return acc, seen

    acc, seen = asyncio.run(run())
    sync = StreamAccumulator().until_done(iter_events(STREAMS[name]))
    assert [e.event for e in seen] == [e.event for e in events_of(STREAMS[name])]
    assert acc.final_response == sync.final_response
    assert calls["end"] == 1
    assert calls["text"] == sum(e.event == "response.output_text.delta" for e in seen)
    assert calls["response"] == int(any(e.event in TERMINAL for e in seen))

    async def texts() -> str:
        acc = StreamAccumulator()
        return "".join([t async for t in acc.atext_deltas(aiter_events(_chunks(STREAMS[name])))])

    assert asyncio.run(texts()) == sync.text


def test_async_handler_is_refused_by_sync_consume() -> None:
    acc = StreamAccumulator(AsyncStreamHandler())
    with pytest.raises(TypeError):
        list(acc.consume(iter_events(STREAMS["error_midstream.sse"])))


def event(kind: str, **data: Any) -> Any:
    return parse_event(kind, json.dumps({"type": kind, "sequence_number": 0, **data}))


def text_delta(output_index: Any, content_index: Any, delta: str, item_id: Any = "m") -> Any:
    return event(
        "response.output_text.delta",
        item_id=item_id,
        output_index=output_index,
        content_index=content_index,
        delta=delta,
        logprobs=[],
    )


def message(output_index: int, item_id: str = "m") -> Any:
    item = {
        "id": item_id,
        "type": "message",
        "status": "in_progress",
        "content": [],
        "role": "assistant",
    }
    return event("response.output_item.added", output_index=output_index, item=item)


def test_hostile_indices_allocate_nothing_and_raise_nothing() -> None:
    acc = StreamAccumulator()
    acc.add(message(0))
    acc.add(text_delta(0, 0, "ok"))
    acc.add(text_delta(0, 10**8, "far"))  # one entry, not a list of 10**8
    acc.add(text_delta(0, -1, "negative"))
    acc.add(text_delta(10**8, 0, "far item", item_id="other"))
    acc.add(text_delta(-5, 0, "negative item", item_id="nobody"))
    acc.add(text_delta(None, None, "nulls", item_id=None))
    parts = acc.item(0).content
    assert [p.text for p in parts] == ["ok", "far"]
    assert acc.text == "okfarfar item"
    assert acc.ignored_deltas == 3 and acc.orphan_deltas == 4  # 3 parts, 1 item
    assert len(acc.output) == 2


def test_unknown_items_and_mismatched_deltas_never_poison() -> None:
    acc = StreamAccumulator()
    hologram = {"id": "h1", "type": "hologram_call", "status": "in_progress", "frames": 3}
    acc.add(event("response.output_item.added", output_index=0, item=hologram))
    acc.add(event("response.hologram.delta", output_index=0, item_id="h1", delta="x"))
    acc.add(
        event("response.function_call_arguments.delta", item_id="h1", output_index=0, delta="{}")
    )
    acc.add(
        event(
            "response.output_item.added",
            output_index=1,
            item={
                "id": "fc",
                "type": "function_call",
                "status": "in_progress",
                "arguments": "",
                "call_id": "c",
                "name": "f",
            },
        )
    )
    acc.add(text_delta(1, 0, "text for a function call", item_id="fc"))  # not applied
    acc.add(
        event("response.function_call_arguments.delta", item_id="fc", output_index=1, delta='{"a":')
    )
    acc.add(
        event("response.function_call_arguments.delta", item_id="fc", output_index=1, delta="1}")
    )
    items = acc.output
    assert isinstance(items[0], UnknownVariant) and items[0].raw["arguments"] == "{}"
    assert items[1].to_dict() == {
        "id": "fc",
        "type": "function_call",
        "status": "in_progress",
        "arguments": '{"a":1}',
        "call_id": "c",
        "name": "f",
    }
    assert acc.ignored_deltas == 1
    acc.add(
        event(
            "response.output_item.done",
            output_index=1,
            item={**items[1].to_dict(), "status": "completed"},
        )
    )
    assert [c.call_id for c in acc.pending_tool_calls] == ["c"]


def test_deltas_before_their_item_start_an_orphan() -> None:
    acc = StreamAccumulator()
    acc.add(text_delta(0, 0, "early "))
    acc.add(message(0))
    acc.add(
        event(
            "response.content_part.added",
            item_id="m",
            output_index=0,
            content_index=0,
            part={"type": "output_text", "annotations": [], "logprobs": [], "text": ""},
        )
    )
    acc.add(text_delta(0, 0, "bird"))
    assert acc.text == "early bird" and acc.orphan_deltas == 2
    assert acc.item("m").to_dict()["content"] == [
        {"type": "output_text", "text": "early bird", "annotations": [], "logprobs": []}
    ]


def test_reset_and_reuse() -> None:
    acc = StreamAccumulator()
    acc.until_done(iter_events(STREAMS["error_midstream.sse"]))
    acc.reset()
    assert acc.final_response is None and acc.errors == [] and not acc.ended
    acc.until_done(iter_events(STREAMS["refusal_incomplete.sse"]))
    assert acc.get_final_response().status == "incomplete"


def test_deep_nesting_is_copied_without_recursion() -> None:
    deep: Any = "leaf"
    for _ in range(5000):
        deep = {"k": deep}
    acc = StreamAccumulator()
    acc._items[0] = {"type": "hologram", "deep": deep}  # as a snapshot could hold
    assert isinstance(acc.output[0], UnknownVariant)


def test_each_response_snapshot_reads_as_its_event_gave_it() -> None:
    """Response snapshots are copied when read, not when they come: reading after each
    event still gives that event's response, and its usage."""
    events = events_of(STREAMS["reasoning_function_message.sse"])
    acc = StreamAccumulator()
    for e in events:
        acc.add(e)
        if e.event in ("response.created", "response.in_progress"):
            response = acc.response
            assert response is not None and response.status == e.data.response.status
            assert acc.usage == e.data.response.usage
    assert acc.get_final_response().to_dict() == events[-1].data.response.to_dict()


def test_a_stream_joined_late_starts_the_items_its_response_holds() -> None:
    events = events_of(STREAMS["reasoning_function_message.sse"])
    terminal = next(e for e in events if e.event in TERMINAL)
    item = terminal.data.response.output[-1].to_dict()
    late = event(
        "response.in_progress",
        response={**terminal.data.response.to_dict(), "status": "in_progress", "output": [item]},
    )
    acc = StreamAccumulator()
    acc.add(late)
    assert [i.to_dict() for i in acc.output] == [item]
    acc.add(late)  # a second snapshot of the same output: nothing new to start
    assert [i.to_dict() for i in acc.output] == [item] and acc.response is not None
    assert acc.response.status == "in_progress"
