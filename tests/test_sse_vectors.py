"""The 52 SSE conformance vectors of ../shared/sse-vectors.json, under every chunking
they list and under random ones. Skipped when ../shared is absent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventgen.runtime.sse import SSEDecoder
from tests.conftest import SHARED

VECTORS_FILE = SHARED / "sse-vectors.json"
VECTORS: list[dict[str, Any]] = (
    json.loads(VECTORS_FILE.read_text(encoding="utf-8"))["vectors"] if VECTORS_FILE.exists() else []
)
needs_vectors = pytest.mark.skipif(not VECTORS, reason="../shared/sse-vectors.json is not present")


def wire_bytes(vector: dict[str, Any]) -> bytes:
    if "input_hex" in vector:
        return bytes.fromhex(vector["input_hex"])
    return vector["input"].encode("utf-8")


def run(vector: dict[str, Any], cuts: list[int]) -> None:
    raw = wire_bytes(vector)
    bounds = [0, *sorted(cuts), len(raw)]
    decoder = SSEDecoder()
    events = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        events += decoder.feed(raw[start:end])
    events += decoder.close()
    got = [{"event": e.event, "data": e.data, "id": e.id, "retry": e.retry} for e in events]
    assert got == vector["expected"], vector["name"]
    if "final_last_event_id" in vector:
        assert decoder.last_event_id == vector["final_last_event_id"], vector["name"]
    if "final_retry" in vector:
        assert decoder.retry == vector["final_retry"], vector["name"]


def listed_chunkings(vector: dict[str, Any]) -> list[list[int]]:
    return [[], vector.get("chunks", []), *vector.get("extra_chunkings", [])]


@needs_vectors
def test_there_are_52_vectors() -> None:
    assert len(VECTORS) == 52


@needs_vectors
@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_under_its_listed_chunkings(vector: dict[str, Any]) -> None:
    for cuts in listed_chunkings(vector):
        run(vector, cuts)


@needs_vectors
@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_fed_one_byte_at_a_time(vector: dict[str, Any]) -> None:
    run(vector, list(range(1, len(wire_bytes(vector)))))


@needs_vectors
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_vectors_under_random_chunkings(data: st.DataObject) -> None:
    vector = data.draw(st.sampled_from(VECTORS))
    size = len(wire_bytes(vector))
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=size), max_size=12))
    run(vector, cuts)
