"""The 52 SSE conformance vectors of ../shared/sse-vectors.json, under every chunking
they list and under random ones, through every decoder path: the inline LF path (and
the CR path for vectors with CRs), and the path that checks every line against the
size limits. Offsets must agree with the exact path fed one byte at a
time. Skipped when ../shared is absent."""

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


def decoder_for(path: str) -> SSEDecoder:
    decoder = SSEDecoder()
    if path == "checked":
        decoder._always_checked = True
    return decoder


PATHS = ["fast", "checked"]


def decode(raw: bytes, cuts: list[int], path: str = "fast") -> tuple[SSEDecoder, list[Any]]:
    bounds = [0, *sorted(cuts), len(raw)]
    decoder = decoder_for(path)
    events = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        events += decoder.feed(raw[start:end])
    events += decoder.close()
    return decoder, events


def run(vector: dict[str, Any], cuts: list[int], path: str = "fast") -> None:
    raw = wire_bytes(vector)
    decoder, events = decode(raw, cuts, path)
    got = [{"event": e.event, "data": e.data, "id": e.id, "retry": e.retry} for e in events]
    assert got == vector["expected"], (vector["name"], path)
    _, reference = decode(raw, list(range(1, len(raw))), "exact")
    assert [e.offset for e in events] == [e.offset for e in reference], (vector["name"], path)
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
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_under_its_listed_chunkings(vector: dict[str, Any], path: str) -> None:
    for cuts in listed_chunkings(vector):
        run(vector, cuts, path)


@needs_vectors
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_fed_one_byte_at_a_time(vector: dict[str, Any], path: str) -> None:
    run(vector, list(range(1, len(wire_bytes(vector)))), path)


@needs_vectors
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_vectors_under_random_chunkings(data: st.DataObject) -> None:
    vector = data.draw(st.sampled_from(VECTORS))
    size = len(wire_bytes(vector))
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=size), max_size=12))
    run(vector, cuts, data.draw(st.sampled_from(PATHS)))


@needs_vectors
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_concatenated_vectors_agree_on_every_path(data: st.DataObject) -> None:
    """Several vectors back to back, so that fast and exact blocks alternate within a
    chunk; every path and chunking gives what the exact path gives a byte at a time."""
    picked = data.draw(st.lists(st.sampled_from(VECTORS), min_size=1, max_size=6))
    raw = b"".join(wire_bytes(v) + b"\n\n" for v in picked)
    cuts = data.draw(st.lists(st.integers(min_value=0, max_value=len(raw)), max_size=8))
    path = data.draw(st.sampled_from(PATHS))
    decoder, events = decode(raw, cuts, path)
    ref_decoder, reference = decode(raw, list(range(1, len(raw))), "exact")
    assert events == reference
    assert [e.offset for e in events] == [e.offset for e in reference]
    assert (decoder.last_event_id, decoder.retry) == (ref_decoder.last_event_id, ref_decoder.retry)
