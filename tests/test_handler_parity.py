"""StreamAccumulator and its handlers, as convenient as openai's AssistantEventHandler for
the same tasks (issue 15): text_deltas, until_done/get_final_* one-liners, created /
delta / done callbacks with snapshots, on_event/on_end, async callbacks, reset(); each
created and done callback exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from assistant_events import (
    AsyncStreamHandler,
    Message,
    MessageDelta,
    RunStep,
    RunStepDelta,
    StreamAccumulator,
    StreamHandler,
    ToolCall,
    ToolCallDelta,
    iter_events,
)
from tests.conftest import REAL_STREAMS, ROOT

FULL = (ROOT / "tests" / "streams" / "full_run.sse").read_bytes()
STREAMS = {
    p.name: p.read_bytes() for p in [ROOT / "tests" / "streams" / "full_run.sse", *REAL_STREAMS]
}


class Everything(StreamHandler):
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.snapshots: list[Any] = []

    def on_event(self, event: Any) -> None:
        self.calls.append(("event", type(event).__name__))

    def on_end(self) -> None:
        self.calls.append(("end", None))

    def on_message_created(self, message: Message) -> None:
        self.calls.append(("message_created", message.id))

    def on_message_delta(self, delta: MessageDelta, snapshot: Message) -> None:
        self.calls.append(("message_delta", snapshot.id))
        self.snapshots.append(snapshot)

    def on_text_created(self, message_id: str, index: int) -> None:
        self.calls.append(("text_created", (message_id, index)))

    def on_text_done(self, message_id: str, index: int, text: str) -> None:
        self.calls.append(("text_done", (message_id, index, text)))

    def on_message_done(self, message: Message) -> None:
        self.calls.append(("message_done", message.id))

    def on_run_step_created(self, step: RunStep) -> None:
        self.calls.append(("step_created", step.id))

    def on_run_step_delta(self, delta: RunStepDelta, snapshot: RunStep) -> None:
        self.calls.append(("step_delta", snapshot.id))

    def on_tool_call_created(self, step_id: str, delta: ToolCallDelta) -> None:
        self.calls.append(("tool_call_created", step_id))

    def on_tool_call_done(self, step_id: str, tool_call: ToolCall) -> None:
        self.calls.append(("tool_call_done", step_id))

    def on_run_step_done(self, step: RunStep) -> None:
        self.calls.append(("step_done", step.id))


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_created_and_done_callbacks_fire_exactly_once(name: str) -> None:
    handler = Everything()
    acc = StreamAccumulator(handler).until_done(iter_events(STREAMS[name]))
    counts = Counter(handler.calls)
    once = (
        "message_created",
        "text_created",
        "text_done",
        "message_done",
        "step_created",
        "step_done",
        "end",
    )
    for (kind, _), n in counts.items():
        if kind in once:
            assert n == 1, (kind, n)
    events = list(iter_events(STREAMS[name]))
    assert counts[("end", None)] == 1
    assert sum(n for (kind, _), n in counts.items() if kind == "event") == len(events)
    assert handler.calls[-1] == ("end", None)
    messages = [m.id for m in acc.get_final_messages()]
    assert [c[1] for c in handler.calls if c[0] == "message_done"] == messages


def test_delta_callbacks_get_the_snapshot_so_far() -> None:
    handler = Everything()
    acc = StreamAccumulator(handler).until_done(iter_events(FULL))
    texts = [
        "".join(getattr(getattr(b, "text", None), "value", "") or "" for b in s.content or [])
        for s in handler.snapshots
    ]
    assert texts and all(a == b[: len(a)] for a, b in zip(texts, texts[1:], strict=False))
    done = [c for c in handler.calls if c[0] == "text_done"]
    assert done and done[0][1][2] == acc.message_text(done[0][1][0]).split("\n\n")[0]


def test_one_liners() -> None:
    acc = StreamAccumulator().until_done(iter_events(FULL))
    assert acc.get_final_run().status == "completed"
    assert acc.get_final_messages() and all(
        m.status == "completed" for m in acc.get_final_messages()
    )
    assert acc.get_final_run_steps() and all(
        s.status == "completed" for s in acc.get_final_run_steps()
    )
    pieces = list(StreamAccumulator().text_deltas(iter_events(FULL)))
    blocks = [b for m in acc.get_final_messages() for b in m.content or []]
    assert "".join(pieces) == "".join(b.text.value for b in blocks if b.type == "text")  # type: ignore[union-attr]
    with pytest.raises(LookupError):
        StreamAccumulator().get_final_run()


def test_reset_reuses_an_accumulator() -> None:
    handler = Everything()
    acc = StreamAccumulator(handler)
    acc.until_done(iter_events(FULL))
    first = (acc.get_final_run(), [m.to_dict() for m in acc.final_messages])
    acc.reset()
    assert acc.final_run is None and acc.messages == {} and not acc.ended
    acc.until_done(iter_events(FULL))
    assert (acc.get_final_run(), [m.to_dict() for m in acc.final_messages]) == first
    assert Counter(handler.calls)[("end", None)] == 2


class AsyncRecorder(AsyncStreamHandler):
    def __init__(self) -> None:
        self.calls: list[str] = []

    async def on_text_delta(self, message_id: str, index: int, text: str) -> None:
        await asyncio.sleep(0)
        self.calls.append(text)

    async def on_message_done(self, message: Message) -> None:
        self.calls.append(f"done:{message.id}")

    async def on_end(self) -> None:
        self.calls.append("end")


def test_async_callbacks_are_awaited_in_order() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(FULL), 50):
            yield FULL[i : i + 50]

    from assistant_events import aiter_events

    async def run() -> tuple[StreamAccumulator, list[str]]:
        handler = AsyncRecorder()
        acc = StreamAccumulator(handler)
        seen: list[str] = []
        async for event in acc.aconsume(aiter_events(chunks())):
            seen.append(str(event.event))
            # the callbacks of this event ran before it was passed on
        return acc, handler.calls

    acc, calls = asyncio.run(run())
    sync = Everything()
    StreamAccumulator(sync).until_done(iter_events(FULL))
    texts = [c for c in calls if not c.startswith("done:") and c != "end"]
    assert "".join(texts) == "".join(StreamAccumulator().text_deltas(iter_events(FULL)))
    assert calls[-1] == "end"
    assert [c for c in calls if c.startswith("done:")] == [
        f"done:{m.id}" for m in acc.final_messages
    ]


def test_an_async_handler_in_sync_consume_is_refused() -> None:
    with pytest.raises(TypeError, match="aconsume"):
        StreamAccumulator(AsyncRecorder()).until_done(iter_events(FULL))


def test_async_text_deltas_and_until_done() -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield FULL

    from assistant_events import aiter_events

    async def run() -> tuple[str, Any]:
        text = "".join([t async for t in StreamAccumulator().atext_deltas(aiter_events(chunks()))])
        acc = await StreamAccumulator().auntil_done(aiter_events(chunks()))
        return text, acc.get_final_run().status

    text, status = asyncio.run(run())
    assert text and status == "completed"
