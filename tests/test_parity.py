"""`eventgen parity`: SDK definitions read from source and from reference pages, compared
with a catalog's mirror, and the mirror updated in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventgen.parity import _load_catalog as load_catalog
from eventgen.parity import compare, read_definition, run_parity
from eventgen.pipeline import build
from tests.conftest import ROOT, SHARED

CASES = ROOT / "tests" / "parity_cases"
MINIMAL = ROOT / "tests" / "specs" / "minimal"
SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.is_dir() else []


def test_typescript_source_reader() -> None:
    definition = read_definition(CASES / "tick_sdk.ts")
    assert definition.type_name == "TickEvent"
    assert [(m.name, m.wire, m.payload) for m in definition.members] == [
        ("ClockStarted", "clock.started", "Clock"),
        ("ClockHalted", "clock.stopped", "Timer"),
        ("ClockReset", "clock.reset", "Clock"),
    ]
    assert definition.members[0].description == "Started."


def test_java_source_reader() -> None:
    definition = read_definition(CASES / "TickEvent.java")
    assert definition.type_name == "TickEvent"
    assert [(m.name, m.wire, m.payload, m.description) for m in definition.members] == [
        ("CLOCK_STARTED", "clock.started", "Clock", "Started."),
        ("CLOCK_STOPPED", "clock.stopped", "ClockData", "Stopped."),
    ]


def test_typescript_drift_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_parity([CASES / "tick_sdk.ts"], MINIMAL) == 1
    out = capsys.readouterr().out
    assert "adds: ClockReset ('clock.reset'): no event of the catalog" in out
    assert "names differently: clock.stopped: ClockHalted (the catalog's mirror names it" in out
    assert "payload types differ: clock.stopped: Timer" in out
    assert "lacks: done (recorded: the catalog says `typescript: null`)" in out
    assert "clock.started" not in out


def test_java_drift_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_parity([CASES / "TickEvent.java"], MINIMAL) == 1
    out = capsys.readouterr().out.splitlines()[1:]
    assert out == [
        "  lacks: done (the catalog's mirror says DONE: out of date?)",
        "  names differently: clock.started: CLOCK_STARTED (the catalog records no java name "
        "for it)",
        "  payload types differ: clock.started: Clock (the catalog's mirror says none; the "
        "catalog's own type is Clock)",
        "  payload types differ: clock.stopped: ClockData (the catalog's mirror says none; the "
        "catalog's own type is Clock)",
    ]


def test_generated_typescript_differs_from_its_sdk_only_by_done(
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = ROOT / "generated" / "assistants" / "typescript" / "src" / "events.ts"
    assert run_parity([events], ROOT / "spec" / "assistants") == 1
    drift = [line for line in capsys.readouterr().out.splitlines()[1:]]
    assert drift == [
        "  names differently: done: DoneEvent (the catalog records no typescript name for it)"
    ]


def test_the_seeds_show_exactly_the_known_drift(capsys: pytest.CaptureFixture[str]) -> None:
    if not SEEDS:
        pytest.skip("../shared/seeds is not present")
    assert run_parity(SEEDS, ROOT / "spec") == 1
    drift = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")]
    assert drift == [
        "  lacks: done (recorded: the catalog says `typescript: null`)",
        "  note: Deno doc page: members matched by description in name order; it names no "
        "payload type, so payloads are not compared",
        "  lacks: thread.run.incomplete (recorded: the catalog says `java: null`)",
    ]


def test_the_javadoc_seed_is_read_whole() -> None:
    if not SEEDS:
        pytest.skip("../shared/seeds is not present")
    (javadoc,) = [p for p in SEEDS if p.name.startswith("004_")]
    definition = read_definition(javadoc)
    assert len(definition.members) == 24
    assert definition.members[0].name == "THREAD_CREATED"
    assert definition.members[0].payload == "AssistantThread"
    assert definition.members[0].description == "Event sent when a new thread is created."
    assert definition.members[-1].name == "DONE" and definition.members[-1].payload is None
    catalog = load_catalog(ROOT / "spec" / "assistants")
    report = compare(definition, catalog, "java")
    assert not report.payloads and not report.renamed and not report.adds


def test_update_rewrites_the_mirror_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(MINIMAL, spec)
    before = (spec / "catalog.yaml").read_text(encoding="utf-8")
    assert run_parity([CASES / "TickEvent.java"], spec, update=True) == 1
    after = (spec / "catalog.yaml").read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (
            "      java: null",
            '      java: {name: CLOCK_STARTED, payload: Clock, description: "Started."}',
        ),
        (
            "      java: {name: CLOCK_STOPPED, payload: null, description: Stopped.}",
            '      java: {name: CLOCK_STOPPED, payload: ClockData, description: "Stopped."}',
        ),
        (
            "      java: {name: DONE, payload: null, description: Done.}",
            "      java: null",
        ),
    ]
    capsys.readouterr()
    # Now only the recorded absence is left, and the catalog still generates.
    assert run_parity([CASES / "TickEvent.java"], spec) == 1
    drift = [line for line in capsys.readouterr().out.splitlines()[1:]]
    assert drift == ["  lacks: done (recorded: the catalog says `java: null`)"]
    assert build(spec)


def test_update_keeps_comments_and_adds_missing_entries(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(MINIMAL, spec)
    text = (spec / "catalog.yaml").read_text(encoding="utf-8")
    text = text.replace("      java: null\n", "      java: null  # none in this SDK\n", 1)
    text = text.replace(
        "      java: {name: CLOCK_STOPPED, payload: null, description: Stopped.}\n", ""
    )
    (spec / "catalog.yaml").write_text(text, encoding="utf-8")
    run_parity([CASES / "TickEvent.java"], spec, update=True)
    after = (spec / "catalog.yaml").read_text(encoding="utf-8")
    assert "# A small valid catalog" in after
    assert "# none in this SDK" not in after  # it explained the null now replaced
    assert '      java: {name: CLOCK_STOPPED, payload: ClockData, description: "Stopped."}' in after
    assert build(spec)


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("nothing here\n", encoding="utf-8")
    assert run_parity([tmp_path / "notes.txt"], MINIMAL) == 2
