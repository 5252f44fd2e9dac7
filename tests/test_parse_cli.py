"""`python -m <package> parse` (the inspector inside each package) and `eventgen parse`,
its front for any catalog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant_events import iter_events
from assistant_events._inspect import main
from tests.conftest import ROOT, SAMPLES

BAD = (
    b'event: thread.run.created\ndata: {"id":"run_1"}\n\n'
    b"event: thread.message.delta\ndata: {oops\n\n"
)


def run_parse(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["parse", *args], iter_events, prog="python -m assistant_events")
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_prints_one_line_per_event(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_parse(capsys, str(path))
    events = list(iter_events(path.read_bytes()))
    lines = out.splitlines()
    assert code == 0 and len(lines) == len(events)
    for line, event in zip(lines, events, strict=True):
        assert line.split()[:2] == [str(event.event), type(event).__name__]
    assert err == f"{len(events)} event(s)\n"


def test_real_streams_print_every_event(
    real_streams: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    for path in real_streams:
        code, out, _ = run_parse(capsys, str(path))
        assert code == 0
        assert len(out.splitlines()) == path.read_text(encoding="utf-8").count("\nevent: ") + 1


def test_delta_lines_show_the_text_they_add(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_parse(capsys, str(SAMPLES[0].parent / "full_run.sse"))
    assert "ThreadMessageDelta         'Pi is '" in out
    assert "ThreadRunStepDelta         'import math\\nprint(math.pi)'" in out


def test_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    path = SAMPLES[0].parent / "terminal_states.sse"
    code, out, _ = run_parse(capsys, "--json", str(path))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == len(list(iter_events(path.read_bytes())))
    assert rows[-2] == {
        "event": "error",
        "class": "ErrorEvent",
        "data": {
            "message": "The server had an error while processing your request.",
            "type": "server_error",
            "param": None,
            "code": None,
        },
    }


def test_malformed_stream_exits_1_naming_event_and_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.sse"
    path.write_bytes(BAD)
    code, out, err = run_parse(capsys, str(path))
    offset = BAD.index(b"event: thread.message.delta")
    assert code == 1
    assert len(out.splitlines()) == 1
    expected = f"{path}: malformed data in 'thread.message.delta' event at byte {offset}: "
    assert err.startswith(expected)


def test_keep_goes_on_past_malformed_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.sse"
    path.write_bytes(BAD + b"event: done\ndata: [DONE]\n\n")
    code, out, _ = run_parse(capsys, "--keep", str(path))
    assert code == 0
    assert [line.split()[1] for line in out.splitlines()] == [
        "ThreadRunCreated",
        "MalformedEvent",
        "DoneEvent",
    ]


def test_the_package_reads_standard_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant_events", "parse", "-"],
        input=b"event: done\ndata: [DONE]\n\n",
        capture_output=True,
    )
    assert result.returncode == 0
    assert result.stdout.split() == [b"done", b"DoneEvent", b"[DONE]"]


def test_closed_standard_input_is_an_error_not_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant_events", "parse", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    # An empty input is a stream that ended before its end event: exit 1, no traceback.
    assert result.returncode == 1 and result.stdout == ""
    assert "ended early" in result.stderr and "Traceback" not in result.stderr
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.stdin.close(); sys.argv = ['x', 'parse', '-'];"
            " runpy.run_module('assistant_events', run_name='__main__')",
        ],
        capture_output=True,
        text=True,
    )
    assert closed.returncode == 2, closed.stderr
    assert "Traceback" not in closed.stderr and "cannot read -" in closed.stderr


def test_terminal_escapes_in_a_stream_are_shown_not_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "escapes.sse"
    path.write_bytes(
        b"event: \x1b[2Jboom\ndata: \x1b]0;owned\x07 \x9b31m\n\nevent: done\ndata: [DONE]\n\n"
    )
    code, out, _ = run_parse(capsys, str(path))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[2Jboom" in out and "\\x1b]0;owned\\x07" in out


def test_eventgen_parse_types_events_of_any_catalog() -> None:
    """`eventgen parse --spec DIR` generates the catalog's package on the fly and runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "eventgen", "parse", "--spec", "tests/specs/minimal", "-"],
        input=b'event: clock.started\ndata: {"id":"c1","status":"running"}\n\n',
        capture_output=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [b"clock.started", b"ClockStarted", b"c1", b"running"]


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_parse(capsys, "/no/such/file.sse")
    assert code == 2 and "cannot read /no/such/file.sse" in err
