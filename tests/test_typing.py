"""The README's examples pass `mypy --strict` (issue 15): comparisons of `event.event`
narrow to the event's class, `consume()` keeps the event type, handlers type-check.

Each example is a file in EXAMPLES below, written as the README shows it; the test
type-checks them all at once against the generated package (on MYPYPATH, as a copied
or non-editable install would be found), then runs the offline ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE_ROOT = ROOT / "generated" / "assistants" / "python"

EXAMPLES = {
    # README: "Using the generated package"
    "parse_one.py": """
from assistant_events import TextContentDelta, ThreadMessageDelta, parse_event

data = '{"id":"m1","delta":{"content":[{"index":0,"type":"text","text":{"value":"Hi"}}]}}'
event = parse_event("thread.message.delta", data)
assert isinstance(event, ThreadMessageDelta)
for block in event.data.delta.content or []:
    if isinstance(block, TextContentDelta) and block.text is not None:
        print(block.text.value)
print(event.to_sse())
""",
    # README: "Streaming over HTTP" (sync), narrowing by name
    "stream_httpx.py": """
import httpx

from assistant_events import MalformedEvent, UnknownEvent, iter_response


def stream_run(thread_id: str, headers: dict[str, str]) -> None:
    body = {"assistant_id": "asst_...", "stream": True}
    url = f"https://api.openai.com/v1/threads/{thread_id}/runs"
    with httpx.stream("POST", url, headers=headers, json=body, timeout=None) as response:
        events = iter_response(response)  # NotEventStreamError on an error response
        for event in events:
            if isinstance(event, (UnknownEvent, MalformedEvent)):
                continue
            if event.event == "thread.message.delta":
                for block in event.data.delta.content or []:
                    print(block)
            elif event.event == "thread.run.requires_action":
                action = event.data.required_action
                print(action.submit_tool_outputs if action else None)
        if events.ended_early:
            print("stream cut:", events.ended_early)
""",
    # README: async, with aiohttp and match
    "stream_aiohttp.py": """
import aiohttp

from assistant_events import ThreadMessageDelta, ThreadRunCompleted, aiter_response


async def stream_run(url: str) -> None:
    async with aiohttp.ClientSession() as session, session.post(url) as response:
        async for event in aiter_response(response, require_end=True):
            match event:
                case ThreadMessageDelta(data=delta):
                    print(delta.delta)
                case ThreadRunCompleted(data=run):
                    print(run.usage)
""",
    # README: "Runs, steps and messages rebuilt from deltas"
    "accumulate.py": """
from collections.abc import Iterable

from assistant_events import (
    Message,
    MessageDelta,
    StreamAccumulator,
    StreamEvent,
    MalformedEvent,
    StreamHandler,
    iter_events,
)


class Printer(StreamHandler):
    def on_text_delta(self, message_id: str, index: int, text: str) -> None:
        print(text, end="", flush=True)

    def on_message_delta(self, delta: MessageDelta, snapshot: Message) -> None:
        pass

    def on_end(self) -> None:
        print()


def run(chunks: Iterable[bytes]) -> None:
    acc = StreamAccumulator(Printer())
    for event in acc.consume(iter_events(chunks)):
        kept: StreamEvent | MalformedEvent = event  # consume() keeps the type
        print(kept.event)
    run = acc.get_final_run()
    print(run.status, acc.usage, [m.id for m in acc.get_final_messages()])
    for text in StreamAccumulator().text_deltas(iter_events(chunks)):
        print(text, end="")
""",
}


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme_examples")
    for name, text in EXAMPLES.items():
        (folder / name).write_text(text.lstrip(), encoding="utf-8")
    return folder


def test_readme_examples_pass_mypy_strict(examples: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, *sorted(EXAMPLES)],
        capture_output=True,
        text=True,
        cwd=examples,
        env={**os.environ, "MYPYPATH": str(PACKAGE_ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_narrowing_by_name_is_what_mypy_sees(examples: Path) -> None:
    probe = examples / "probe.py"
    probe.write_text(
        "from assistant_events import KnownEvent\n"
        "def f(event: KnownEvent) -> None:\n"
        "    if event.event == 'thread.message.delta':\n"
        "        reveal_type(event)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, "probe.py"],
        capture_output=True,
        text=True,
        cwd=examples,
        env={**os.environ, "MYPYPATH": str(PACKAGE_ROOT)},
    )
    assert 'Revealed type is "assistant_events.events.ThreadMessageDelta"' in result.stdout


def test_the_offline_example_runs(examples: Path) -> None:
    result = subprocess.run(
        [sys.executable, "parse_one.py"], capture_output=True, text=True, cwd=examples
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hi\nevent: thread.message.delta\n")
