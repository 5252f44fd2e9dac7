"""Maps of named types (`additionalProperties: {$ref: ...}`): typed as dict[str, X] and
decoded to X, written back to the same wire dict (tests/specs/maps)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventgen import cli
from tests.conftest import ROOT

SPEC = ROOT / "tests" / "specs" / "maps"

BOARD = {
    "id": "b1",
    "clocks": {"kitchen": {"id": "c1", "state": "running"}, "hall": {"id": "c2", "x": 1}},
    "states": {"kitchen": "running", "hall": "paused"},
    "hands": {"kitchen": {"type": "hour", "angle": 90}, "hall": {"type": "second"}},
    "labels": {"kitchen": "Kitchen"},
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    out = tmp_path_factory.mktemp("maps")
    assert cli.main(["generate", "--spec", str(SPEC), "--out", str(out)]) == 0
    sys.path.insert(0, str(out / "python"))
    try:
        return out / "python", importlib.import_module("map_events")
    finally:
        sys.path.remove(str(out / "python"))


def test_map_values_are_decoded_to_their_types(package: tuple[Path, ModuleType]) -> None:
    _, m = package
    board = m.Board.from_dict(BOARD)
    assert isinstance(board.clocks["kitchen"], m.Clock)
    assert board.clocks["kitchen"].state is m.ClockState.RUNNING
    assert board.clocks["hall"].extra_fields == {"x": 1}
    assert board.states["kitchen"] is m.ClockState.RUNNING
    assert isinstance(board.states["hall"], m.ClockState) and not board.states["hall"].is_known
    assert isinstance(board.hands["kitchen"], m.HourHand) and board.hands["kitchen"].angle == 90
    assert isinstance(board.hands["hall"], m.UnknownVariant)
    assert board.labels == {"kitchen": "Kitchen"}
    assert list(board.clocks) == ["kitchen", "hall"]


def test_map_values_are_written_back(package: tuple[Path, ModuleType]) -> None:
    _, m = package
    board = m.Board.from_dict(BOARD)
    assert board.to_dict() == BOARD
    board.clocks["attic"] = m.Clock(id="c3")
    assert board.to_dict()["clocks"]["attic"] == {"id": "c3"}
    event = m.parse_event("board.snapshot", '{"id":"b1","clocks":{"a":{"id":"c"}}}')
    assert (
        event.to_sse() == 'event: board.snapshot\ndata: {"id":"b1","clocks":{"a":{"id":"c"}}}\n\n'
    )


def test_null_map_values_stay_null(package: tuple[Path, ModuleType]) -> None:
    _, m = package
    raw = {"id": "b", "clocks": {"a": None}, "hands": {"h": None}}
    board = m.Board.from_dict(raw)
    assert board.clocks == {"a": None} and board.hands == {"h": None}
    assert board.to_dict() == raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"clocks": {"a": {"id": "c"}, "b": 5}}, "$.clocks.b: expected an object, got integer"),
        ({"clocks": {"a": {"id": 5}}}, "$.clocks.a.id: expected a string, got integer"),
        ({"states": {"a": "running", "b": []}}, "$.states.b: expected a string, got array"),
        (
            {"hands": {"a": {"type": "hour", "angle": "x"}}},
            "$.hands.a.angle: expected a number, got string",
        ),
        ({"clocks": []}, "$.clocks: expected an object, got array"),
    ],
)
def test_wrong_values_name_their_path(
    package: tuple[Path, ModuleType], raw: dict[str, object], message: str
) -> None:
    _, m = package
    with pytest.raises(m.PayloadError) as caught:
        m.Board.from_dict({"id": "b", **raw})
    assert str(caught.value) == message
    with pytest.raises(m.PayloadError) as nested:
        m.Board.from_dict({"id": "b", **raw}, ("$", "board"))
    assert nested.value.path == "$.board" + caught.value.path[1:]


def test_the_package_type_checks_strictly(package: tuple[Path, ModuleType]) -> None:
    where, _ = package
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, "map_events"],
        capture_output=True,
        text=True,
        cwd=where,
    )
    assert result.returncode == 0, result.stdout + result.stderr
