"""AssistantStreamEvent: an expandable string enum that never raises on a new name."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import assistant_events
from assistant_events import AssistantStreamEvent as E
from tests.conftest import ROOT


def test_known_constants_are_their_wire_strings() -> None:
    assert E.THREAD_RUN_CREATED == "thread.run.created"
    assert str(E.THREAD_RUN_CREATED) == "thread.run.created"
    assert type(str(E.DONE)) is str
    assert f"{E.ERROR}" == "error"
    assert hash(E.THREAD_MESSAGE_DELTA) == hash("thread.message.delta")
    assert {"thread.message.delta": 1}[E.THREAD_MESSAGE_DELTA] == 1


def test_from_string_returns_the_known_member() -> None:
    assert E.from_string("thread.run.created") is E.THREAD_RUN_CREATED
    assert E("thread.run.created") is E.THREAD_RUN_CREATED
    assert E.from_string("thread.run.created").is_known


def test_unknown_name_is_kept_not_rejected() -> None:
    new = E.from_string("thread.run.step.reasoning")
    assert isinstance(new, E)
    assert new == "thread.run.step.reasoning"
    assert not new.is_known
    assert repr(new) == "AssistantStreamEvent('thread.run.step.reasoning')"
    assert repr(E.DONE) == "AssistantStreamEvent.DONE"


@pytest.mark.parametrize(
    "text", ["", " ", "THREAD.CREATED", "thread.created\n", "\x00", "ü" * 1000]
)
def test_from_string_never_raises_for_a_string(text: str) -> None:
    assert E.from_string(text) == text


def test_from_string_refuses_what_is_not_a_string() -> None:
    with pytest.raises(TypeError):
        E.from_string(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        E.from_string(["thread.created"])  # type: ignore[arg-type]


def test_unknown_values_do_not_grow_memory() -> None:
    before = len(E.values())
    for i in range(10_000):
        E.from_string(f"x.{i}")
    assert len(E.values()) == before
    assert len(E._known) == before


def test_values_lists_the_catalog_in_order() -> None:
    values = E.values()
    assert len(values) == 25
    assert values[0] is E.THREAD_CREATED
    assert values[-2:] == (E.ERROR, E.DONE)
    assert "thread.run.incomplete" in values


def test_pickles_and_keeps_identity_of_known_members() -> None:
    assert pickle.loads(pickle.dumps(E.THREAD_RUN_QUEUED)) is E.THREAD_RUN_QUEUED
    unknown = pickle.loads(pickle.dumps(E.from_string("brand.new")))
    assert unknown == "brand.new" and isinstance(unknown, E)


def test_works_in_match() -> None:
    def kind(name: str) -> str:
        match E.from_string(name):
            case E.THREAD_MESSAGE_DELTA:
                return "delta"
            case E.DONE:
                return "done"
            case _:
                return "other"

    assert [kind("thread.message.delta"), kind("done"), kind("thread.new")] == [
        "delta",
        "done",
        "other",
    ]


def test_every_member_has_a_docstring() -> None:
    source = Path(assistant_events.stream_event.__file__).read_text(encoding="utf-8")
    body = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)).body
    documented = {
        stmt.target.id
        for stmt, after in zip(body, body[1:], strict=False)
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(stmt.target, ast.Name)
        and isinstance(after, ast.Expr)
        and isinstance(after.value, ast.Constant)
        and after.value.value.startswith("`")
    }
    assert documented == {m._constant_names[m] for m in E.values()}


def test_generated_files_say_do_not_edit() -> None:
    generated = ROOT / "generated"
    for path in generated.rglob("*"):
        if path.suffix in (".py", ".md"):
            assert "DO NOT EDIT" in path.read_text(encoding="utf-8").splitlines()[0], path
