"""A deterministic, realistic Assistants stream for benchmarks: about 1 MB, 4,500 events.

A run with full Run objects of about 16 KB (long instructions, code interpreter, file
search and several strict function tools); a code-interpreter step streamed as about
1,500 `thread.run.step.delta` events; a message streamed as about 3,000
`thread.message.delta` text deltas (some non-ASCII, some with newlines, some with
file_citation annotations); step and message lifecycle events with full objects; `done`.
The completed step and message equal what their deltas add up to.

    python benchmarks/synthetic.py > synthetic.sse
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

T0 = 1761860000
WORDS = (
    "the stream of events carries each token as it is written and a client that keeps up "
    "reads them in order while the run goes on"
).split()
ACCENTED = ["naïve", "Zürich", "café", "δέλτα", "日本語", "—", "“quoted”", "😀"]


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def frame(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {data if isinstance(data, str) else compact(data)}\n\n"


def function_tool(rng: random.Random, n: int) -> dict[str, Any]:
    properties = {
        f"field_{i}": {
            "type": rng.choice(["string", "integer", "boolean"]),
            "description": " ".join(rng.choices(WORDS, k=12)),
        }
        for i in range(12)
    }
    return {
        "type": "function",
        "function": {
            "name": f"tool_{n}",
            "description": " ".join(rng.choices(WORDS, k=30)),
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": sorted(properties),
                "additionalProperties": False,
            },
            "strict": True,
        },
    }


def run_object(rng: random.Random, status: str, **changes: Any) -> dict[str, Any]:
    run = {
        "id": "run_bench",
        "object": "thread.run",
        "created_at": T0,
        "assistant_id": "asst_bench",
        "thread_id": "thread_bench",
        "status": status,
        "started_at": T0 + 1,
        "expires_at": T0 + 600,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "required_action": None,
        "last_error": None,
        "model": "gpt-4o",
        "instructions": " ".join(random.Random(7).choices(WORDS, k=1600)),
        "tools": [
            {"type": "code_interpreter"},
            {
                "type": "file_search",
                "file_search": {
                    "max_num_results": 20,
                    "ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.5},
                },
            },
            *(function_tool(random.Random(n), n) for n in range(4)),
        ],
        "tool_resources": {"code_interpreter": {"file_ids": []}},
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "reasoning_effort": None,
        "max_completion_tokens": None,
        "max_prompt_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "incomplete_details": None,
        "usage": None,
        "response_format": "auto",
        "tool_choice": "auto",
        "parallel_tool_calls": True,
    }
    run.update(changes)
    return run


def step_object(step_id: str, kind: str, details: dict[str, Any], status: str) -> dict[str, Any]:
    return {
        "id": step_id,
        "object": "thread.run.step",
        "created_at": T0 + 2,
        "run_id": "run_bench",
        "assistant_id": "asst_bench",
        "thread_id": "thread_bench",
        "type": kind,
        "status": status,
        "cancelled_at": None,
        "completed_at": T0 + 9 if status == "completed" else None,
        "expires_at": T0 + 600,
        "failed_at": None,
        "last_error": None,
        "step_details": details,
        "usage": None,
    }


def message_object(status: str, content: list[Any]) -> dict[str, Any]:
    return {
        "id": "msg_bench",
        "object": "thread.message",
        "created_at": T0 + 10,
        "assistant_id": "asst_bench",
        "thread_id": "thread_bench",
        "run_id": "run_bench",
        "status": status,
        "incomplete_details": None,
        "incomplete_at": None,
        "completed_at": T0 + 20 if status == "completed" else None,
        "role": "assistant",
        "content": content,
        "attachments": [],
        "metadata": {},
    }


def build_stream(seed: int = 0, message_deltas: int = 3000, step_deltas: int = 1500) -> bytes:
    rng = random.Random(seed)
    out = [frame("thread.run.created", run_object(rng, "queued"))]
    out.append(frame("thread.run.queued", run_object(rng, "queued")))
    out.append(frame("thread.run.in_progress", run_object(rng, "in_progress")))

    # A code interpreter step: input streamed piece by piece, then log outputs.
    ci_empty = {"type": "tool_calls", "tool_calls": []}
    out.append(
        frame(
            "thread.run.step.created", step_object("step_ci", "tool_calls", ci_empty, "in_progress")
        )
    )
    out.append(
        frame(
            "thread.run.step.in_progress",
            step_object("step_ci", "tool_calls", ci_empty, "in_progress"),
        )
    )
    code, logs = [], []
    for i in range(step_deltas):
        call: dict[str, Any] = {"index": 0, "type": "code_interpreter"}
        if i == 0:
            call["id"] = "call_ci"
            call["code_interpreter"] = {"input": "", "outputs": []}
        elif i % 50 == 0:
            line = f"step {i}: {rng.random():.6f}\n"
            logs.append(line)
            call["code_interpreter"] = {
                "outputs": [{"index": len(logs) - 1, "type": "logs", "logs": line}]
            }
        else:
            piece = rng.choice(
                [
                    "x = ",
                    "print(",
                    "math.sqrt(",
                    f"{rng.randint(0, 999)}",
                    ")",
                    "\n",
                    "for i in range(10):\n    ",
                ]
            )
            code.append(piece)
            call["code_interpreter"] = {"input": piece}
        delta = {
            "id": "step_ci",
            "object": "thread.run.step.delta",
            "delta": {"step_details": {"type": "tool_calls", "tool_calls": [call]}},
        }
        out.append(frame("thread.run.step.delta", delta))
    ci_done = {
        "type": "tool_calls",
        "tool_calls": [
            {
                "id": "call_ci",
                "type": "code_interpreter",
                "code_interpreter": {
                    "input": "".join(code),
                    "outputs": [{"type": "logs", "logs": line} for line in logs],
                },
            }
        ],
    }
    out.append(
        frame(
            "thread.run.step.completed", step_object("step_ci", "tool_calls", ci_done, "completed")
        )
    )

    # A message step: text streamed token by token, with citations now and then.
    creation = {"type": "message_creation", "message_creation": {"message_id": "msg_bench"}}
    out.append(
        frame(
            "thread.run.step.created",
            step_object("step_msg", "message_creation", creation, "in_progress"),
        )
    )
    out.append(
        frame(
            "thread.run.step.in_progress",
            step_object("step_msg", "message_creation", creation, "in_progress"),
        )
    )
    out.append(frame("thread.message.created", message_object("in_progress", [])))
    out.append(frame("thread.message.in_progress", message_object("in_progress", [])))
    text: list[str] = []
    annotations: list[dict[str, Any]] = []
    for i in range(message_deltas):
        token = rng.choice(ACCENTED) if i % 17 == 0 else rng.choice(WORDS)
        token = ("\n\n" if i % 97 == 0 else " ") + token
        body: dict[str, Any] = {"value": token}
        if i == 0:
            body["annotations"] = []
        if i % 250 == 0 and i:
            start = len("".join(text))
            marker = f"【{i}:0†source.md】"
            token = marker
            body = {
                "value": marker,
                "annotations": [
                    {
                        "index": len(annotations),
                        "type": "file_citation",
                        "text": marker,
                        "start_index": start,
                        "end_index": start + len(marker),
                        "file_citation": {"file_id": "file_src", "quote": ""},
                    }
                ],
            }
            annotations.append(
                {
                    "type": "file_citation",
                    "text": marker,
                    "start_index": start,
                    "end_index": start + len(marker),
                    "file_citation": {"file_id": "file_src"},
                }
            )
        text.append(token)
        delta = {
            "id": "msg_bench",
            "object": "thread.message.delta",
            "delta": {"content": [{"index": 0, "type": "text", "text": body}]},
        }
        out.append(frame("thread.message.delta", delta))
    content = [{"type": "text", "text": {"value": "".join(text), "annotations": annotations}}]
    out.append(frame("thread.message.completed", message_object("completed", content)))
    out.append(
        frame(
            "thread.run.step.completed",
            step_object("step_msg", "message_creation", creation, "completed"),
        )
    )
    usage = {"prompt_tokens": 4000, "completion_tokens": 3000, "total_tokens": 7000}
    out.append(
        frame(
            "thread.run.completed", run_object(rng, "completed", completed_at=T0 + 21, usage=usage)
        )
    )
    out.append(frame("done", "[DONE]"))
    return "".join(out).encode("utf-8")


if __name__ == "__main__":
    sys.stdout.buffer.write(build_stream())
