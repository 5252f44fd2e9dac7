"""The benchmark scripts run (they are measured by hand, not timed here), and the
synthetic stream is what the benchmark issue describes."""

from __future__ import annotations

import subprocess
import sys

from assistant_events import (
    RunStepDeltaEvent,
    ThreadMessageCompleted,
    ThreadMessageDelta,
    ThreadRunStepCompleted,
    ThreadRunStepDelta,
    UnknownEvent,
    iter_events,
)
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import build_stream  # noqa: E402


def test_synthetic_stream_is_deterministic_and_realistic() -> None:
    raw = build_stream()
    assert raw == build_stream()
    events = list(iter_events(raw))
    assert 0.8e6 < len(raw) < 1.2e6
    assert 4400 < len(events) < 4700
    assert not any(isinstance(e, UnknownEvent) for e in events)
    assert sum(isinstance(e, ThreadMessageDelta) for e in events) == 3000
    assert sum(isinstance(e, ThreadRunStepDelta) for e in events) == 1500
    runs = [
        e
        for e in events
        if type(e).__name__.startswith("ThreadRun") and "Step" not in type(e).__name__
    ]
    assert all(14_000 < len(e.to_sse()) < 20_000 for e in runs)


def test_synthetic_deltas_add_up_to_the_completed_objects() -> None:
    events = list(iter_events(build_stream()))
    text = "".join(
        block.text.value
        for e in events
        if isinstance(e, ThreadMessageDelta)
        for block in e.data.delta.content
        if block.text is not None and block.text.value is not None
    )
    (completed,) = [e for e in events if isinstance(e, ThreadMessageCompleted)]
    assert completed.data.content[0].text.value == text
    code = "".join(
        call.code_interpreter.input
        for e in events
        if isinstance(e, ThreadRunStepDelta) and isinstance(e.data, RunStepDeltaEvent)
        for call in e.data.delta.step_details.tool_calls
        if call.code_interpreter is not None and call.code_interpreter.input is not None
    )
    step = next(e for e in events if isinstance(e, ThreadRunStepCompleted))
    assert step.data.step_details.tool_calls[0].code_interpreter.input == code


def test_bench_script_runs() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            *("--runs", "1", "--catalog", "assistants", "--big-event"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "(a) floor: split + json.loads" in result.stdout
    assert "16 MiB event, typed" in result.stdout
    assert "(e) parse, stdlib json" in result.stdout


def test_bench_runs_any_package_on_any_stream() -> None:
    stream = ROOT / "tests" / "streams"
    capture = next(iter(sorted(stream.glob("*.sse"))))
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench.py"),
            *("--runs", "1", "--package", "assistant_events", "--stream", str(capture)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "(e) parse, stdlib json" in result.stdout


def test_profile_script_names_every_stage() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "profile.py"),
            *("--runs", "1", "--catalog", "anthropic"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for stage in ("SSE decoding alone", "JSON, the package's loads", "construction", "loop"):
        assert stage in result.stdout


def test_behaviour_digest_is_the_same_twice_and_covers_every_aspect() -> None:
    def digest() -> str:
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "behaviour_digest.py"),
                "--catalog",
                "anthropic",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = digest()
    assert first == digest()
    for aspect in ("event repr", "to_sse", "to_dict", "extra_fields", "pickle", "mutated error"):
        assert f"anthropic {aspect}:" in first
