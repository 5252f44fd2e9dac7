"""Shared fixtures: where things are, and the sample and real streams."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "tests" / "streams").glob("*.sse"))
SHARED = ROOT.parent / "shared"
REAL_STREAMS = sorted((SHARED / "streams").glob("*.sse")) if SHARED.is_dir() else []


def frames(text: str) -> list[tuple[str, str, str]]:
    """(event name, data text, frame text) of each event in an LF-only, one-event-per-block
    stream, as the fixture files and the recorded streams are. The real SSE decoder is
    tested on its own; this keeps payload tests independent of it."""
    found = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        lines = block.split("\n")
        name = lines[0].removeprefix("event: ")
        data = "\n".join(line.removeprefix("data: ") for line in lines[1:])
        found.append((name, data, block + "\n\n"))
    return found


@pytest.fixture(scope="session")
def real_streams() -> list[Path]:
    if not REAL_STREAMS:
        pytest.skip("../shared/streams is not present")
    return REAL_STREAMS
