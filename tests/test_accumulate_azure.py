"""The Azure AI Agents accumulator: the Assistants one (shared through `schemas_from`),
reading Azure's richer payloads and its tool-approval action."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import assistant_events
import azure_agent_events as az
from tests.conftest import REAL_STREAMS, ROOT

APPROVAL = ROOT / "tests" / "streams" / "azure_agents" / "mcp_approval.sse"


class Counting(az.StreamHandler):
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def on_tool_call_done(self, step_id: str, tool_call: az.ToolCall) -> None:
        self.calls[f"{step_id}/{getattr(tool_call, 'id', None)}"] += 1


def test_a_run_waiting_for_tool_approval_lists_the_calls_to_approve() -> None:
    handler = Counting()
    acc = az.StreamAccumulator(handler).until_done(az.iter_events(APPROVAL.read_bytes()))
    assert acc.required_tool_calls == []
    (call,) = acc.required_tool_approvals
    assert isinstance(call, az.RequiredMcpToolCall)
    assert (call.id, call.name, call.server_label, call.arguments) == (
        "call_m", "search", "wiki", '{"q":"pi"}'
    )  # fmt: skip
    # The MCP call built from the step's deltas, reported once when the run waits for it.
    (built,) = acc.run_step("step_1").step_details.tool_calls or []  # type: ignore[union-attr]
    assert isinstance(built, az.McpToolCall) and built.arguments == '{"q":"pi"}'
    assert handler.calls == Counter({"step_1/call_m": 1})


@pytest.mark.skipif(not REAL_STREAMS, reason="../shared/streams is not present")
@pytest.mark.parametrize("path", REAL_STREAMS, ids=[p.name for p in REAL_STREAMS])
def test_assistants_recordings_accumulate_as_the_assistants_package_does(path: Path) -> None:
    raw = path.read_bytes()
    ours = az.StreamAccumulator().until_done(az.iter_events(raw))
    theirs = assistant_events.StreamAccumulator().until_done(assistant_events.iter_events(raw))
    assert [m.to_dict() for m in ours.final_messages] == [
        m.to_dict() for m in theirs.final_messages
    ]
    if theirs.final_run is not None:
        assert ours.final_run is not None
        assert ours.final_run.to_dict() == theirs.final_run.to_dict()
    assert [getattr(c, "id", None) for c in ours.required_tool_calls] == [
        getattr(c, "id", None) for c in theirs.required_tool_calls
    ]
