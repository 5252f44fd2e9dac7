"""Each folder in tests/bad_specs changes one thing in tests/specs/minimal and holds
the exact diagnostics eventgen must print for it: exit 2, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventgen import cli
from tests.conftest import ROOT

BASE = ROOT / "tests" / "specs" / "minimal"
CASES = sorted(p for p in (ROOT / "tests" / "bad_specs").iterdir() if p.is_dir())


def assemble_spec(case: Path, into: Path) -> Path:
    spec = into / "spec"
    shutil.copytree(BASE, spec)
    for path in case.rglob("*"):
        if not path.is_file() or path.name == "expected.txt":
            continue
        target = spec / path.relative_to(case)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return spec


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_spec_is_reported_and_nothing_written(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assemble_spec(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    for command in ("generate", "check"):
        assert cli.main([command, "--spec", "spec", "--out", "out"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err == (case / "expected.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "out").exists()


def test_the_base_spec_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BASE, tmp_path / "spec")
    assert cli.main(["generate", "--spec", "spec", "--out", "out"]) == 0
    assert (tmp_path / "out" / "python" / "tick_events" / "events.py").exists()


def test_a_schema_file_that_is_a_folder_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BASE, tmp_path / "spec")
    (tmp_path / "spec" / "schemas" / "more.yaml").mkdir()
    assert cli.main(["generate", "--spec", "spec", "--out", "out"]) == 2
    assert "spec/schemas/more.yaml:1:1: is a folder, not a file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
