"""JSON reading: orjson only where it is exact and safe, and numbers that overflow a
float refused the same way with or without it (issue 9)."""

from __future__ import annotations

import importlib
import json
import sys
import types

import pytest

from assistant_events import MalformedEvent, StreamDecodeError, ThreadRunCreated, iter_events
from eventgen.runtime import _json

BIG = "123456789012345678901234567890"
LOADERS = [_json.stdlib_loads] + ([_json.orjson_loads] if _json.USING_ORJSON else [])


@pytest.mark.parametrize("loads", LOADERS)
@pytest.mark.parametrize(
    "text", [BIG, f"-{BIG}", "18446744073709551616", "-9223372036854775809", f'{{"a":[1,{BIG}]}}']
)
def test_integers_past_64_bits_stay_exact(loads, text: str) -> None:  # type: ignore[no-untyped-def]
    assert loads(text) == json.loads(text)
    assert "float" not in repr(type(loads(text)))


@pytest.mark.parametrize("loads", LOADERS)
@pytest.mark.parametrize("text", ["1e400", "-1E400", '{"t":[0.5, 1e999]}'])
def test_numbers_that_overflow_a_float_are_refused(loads, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="out of range"):
        loads(text)


@pytest.mark.parametrize("loads", LOADERS)
def test_ordinary_json_reads_as_the_standard_library_reads_it(loads) -> None:  # type: ignore[no-untyped-def]
    for text in ['{"a": 1.5, "b": [true, null], "c": "\\u00e9"}', "1e308", '"\\ud800"', "NaN"]:
        got, want = loads(text), json.loads(text)
        assert repr(got) == repr(want)
    assert loads(b'{"x": 1}') == {"x": 1}


def test_a_typed_stream_keeps_big_integers() -> None:
    raw = f'event: thread.run.created\ndata: {{"id":"r","created_at":{BIG}}}\n\n'.encode()
    (event,) = iter_events(raw)
    assert isinstance(event, ThreadRunCreated)
    assert event.data.created_at == int(BIG)


def test_a_typed_stream_refuses_infinity() -> None:
    raw = b'event: thread.run.created\ndata: {"id":"r","temperature":1e400}\n\n'
    with pytest.raises(StreamDecodeError, match="out of range"):
        list(iter_events(raw))
    (kept,) = iter_events(raw, errors="keep")
    assert isinstance(kept, MalformedEvent) and "1e400" in kept.data


@pytest.mark.parametrize(
    ("version", "used"), [("3.9.14", False), ("3.9.15", True), ("3.13.0", True)]
)
def test_orjson_is_used_only_from_3_9_15(
    monkeypatch: pytest.MonkeyPatch, version: str, used: bool
) -> None:
    fake = types.ModuleType("orjson")
    fake.__version__ = version  # type: ignore[attr-defined]
    fake.loads = json.loads  # type: ignore[attr-defined]
    fake.JSONDecodeError = json.JSONDecodeError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "orjson", fake)
    module = importlib.reload(_json)
    try:
        assert module.USING_ORJSON is used
        assert (module.loads is module.orjson_loads) is used
    finally:
        monkeypatch.undo()
        importlib.reload(_json)
