"""Every shipped catalog, against the real recordings of its API (../shared).

Each recorded stream parses with every event typed (no UnknownEvent, no unknown
union variant), round-trips byte for byte under any chunking, and the catalogs that
share the Assistants protocol read the Assistants recordings too. Recordings whose
last block has no blank line after it (as the Anthropic SDK's fixtures) round-trip
up to that block, which the SSE rules drop.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SHARED

# catalog folder -> (package, recordings under ../shared)
CATALOGS = {
    "assistants": ("assistant_events", "streams/*.sse"),
    "azure_agents": ("azure_agent_events", "streams/*.sse"),
    "anthropic": ("anthropic_events", "other-apis/anthropic-*.sse"),
    "responses": ("responses_events", "other-apis/openai-dotnet-responses_*.sse"),
}
PRESENT = {name: value for name, value in CATALOGS.items() if (ROOT / "spec" / name).is_dir()}
CASES = [
    (name, package, path)
    for name, (package, pattern) in PRESENT.items()
    for path in (sorted(SHARED.glob(pattern)) if SHARED.is_dir() else [])
]
IDS = [f"{name}:{path.name}" for name, _, path in CASES]


def test_every_catalog_folder_is_covered() -> None:
    folders = {p.parent.name for p in (ROOT / "spec").glob("*/catalog.yaml")}
    assert folders == set(PRESENT)


def unknown_variants(value: Any, path: str = "$") -> list[str]:
    found = []
    if type(value).__name__ == "UnknownVariant":
        found.append(f"{path} (type {value.type!r})")
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            found += unknown_variants(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += unknown_variants(item, f"{path}[{i}]")
    return found


def dispatched(raw: bytes) -> bytes:
    """The part of `raw` that ends in a blank line: what an SSE decoder dispatches."""
    end = raw.rfind(b"\n\n")
    return raw[: end + 2] if end >= 0 else b""


@pytest.mark.skipif(not CASES, reason="../shared is not present")
@pytest.mark.parametrize(("name", "package", "path"), CASES, ids=IDS)
def test_recordings_parse_fully_typed_and_round_trip(name: str, package: str, path: Path) -> None:
    module = importlib.import_module(package)
    raw = path.read_bytes()
    events = list(module.iter_events(raw))
    assert events
    assert [type(e).__name__ for e in events if type(e).__name__ == "UnknownEvent"] == []
    for event in events:
        assert unknown_variants(event.data) == [], (event.event, unknown_variants(event.data))
    assert module.serialize_bytes(events) == dispatched(raw)


@pytest.mark.skipif(not CASES, reason="../shared is not present")
@settings(max_examples=25, deadline=None)
@given(st.data())
def test_recordings_round_trip_under_any_chunking(data: st.DataObject) -> None:
    name, package, path = data.draw(st.sampled_from(CASES))
    module = importlib.import_module(package)
    raw = path.read_bytes()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=40)))
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    assert module.serialize_bytes(list(module.iter_events(chunks))) == dispatched(raw)
