"""eventgen never deletes or overwrites what it did not write, and never writes through links.

Each case is one the hostile-input audit found destroying a user's files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventgen import cli
from tests.conftest import ROOT

MINIMAL = ROOT / "tests" / "specs" / "minimal"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's project: the minimal catalog as spec/, and files of their own."""
    shutil.copytree(MINIMAL, tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def generate(out: str) -> int:
    return cli.main(["generate", "--spec", "spec", "--out", out])


def test_out_dot_keeps_the_projects_own_docs(project: Path) -> None:
    (project / "docs" / "img").mkdir(parents=True)
    (project / "docs" / "guide.md").write_text("# Mine\n", encoding="utf-8")
    (project / "docs" / "img" / "logo.png").write_bytes(b"\x89PNG")
    assert generate(".") == 0
    assert generate(".") == 0  # and again, now that a manifest exists
    assert (project / "docs" / "guide.md").read_text(encoding="utf-8") == "# Mine\n"
    assert (project / "docs" / "img" / "logo.png").read_bytes() == b"\x89PNG"
    assert (project / "docs" / "events.md").exists()


def test_a_file_in_the_way_is_never_overwritten(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "out" / "docs").mkdir(parents=True)
    (project / "out" / "docs" / "events.md").write_text("my notes\n", encoding="utf-8")
    assert generate("out") == 2
    assert "did not write it" in capsys.readouterr().err
    assert (project / "out" / "docs" / "events.md").read_text(encoding="utf-8") == "my notes\n"
    assert not (project / "out" / "python").exists()  # nothing written at all


def test_a_symlinked_folder_is_not_followed_out_of_the_output(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep\n", encoding="utf-8")
    (project / "out").mkdir()
    (project / "out" / "docs").symlink_to(elsewhere)
    assert generate("out") == 2
    assert "symlink" in capsys.readouterr().err
    assert sorted(p.name for p in elsewhere.iterdir()) == ["precious.txt"]


def test_a_symlinked_file_is_replaced_not_written_through(project: Path) -> None:
    assert generate("out") == 0
    target = project / "target.txt"
    target.write_text("not eventgen's\n", encoding="utf-8")
    events = project / "out" / "docs" / "events.md"
    events.unlink()
    events.symlink_to(target)  # a link where eventgen wrote a file before
    assert generate("out") == 0
    assert target.read_text(encoding="utf-8") == "not eventgen's\n"
    assert not events.is_symlink() and "# " in events.read_text(encoding="utf-8")


def test_out_naming_a_file_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "a_file").write_text("x\n", encoding="utf-8")
    assert generate("a_file") == 2
    assert "not a folder" in capsys.readouterr().err
    assert (project / "a_file").read_text(encoding="utf-8") == "x\n"


def test_an_output_path_that_is_a_folder_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "out" / "docs" / "events.md").mkdir(parents=True)
    assert generate("out") == 2
    assert "is a folder" in capsys.readouterr().err


def test_only_files_listed_in_the_manifest_are_removed(project: Path) -> None:
    assert generate("out") == 0
    package = project / "out" / "python" / "tick_events"
    (package / "mine.py").write_text("# mine\n", encoding="utf-8")
    # The catalog stops producing docs/payloads.md's neighbour: simulate a stale entry.
    manifest = project / "out" / ".eventgen-manifest"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "docs/old.md\n../outside.txt\n", encoding="utf-8"
    )
    (project / "out" / "docs" / "old.md").write_text("stale\n", encoding="utf-8")
    (project / "outside.txt").write_text("mine\n", encoding="utf-8")
    assert generate("out") == 0
    assert not (project / "out" / "docs" / "old.md").exists()
    assert (package / "mine.py").exists()
    assert (project / "outside.txt").read_text(encoding="utf-8") == "mine\n"


def test_generating_one_catalog_leaves_the_others_output_alone(tmp_path: Path) -> None:
    """A folder of catalogs, then one of them alone into the same output folder."""
    spec = tmp_path / "spec"
    shutil.copytree(MINIMAL, spec / "tick")
    shutil.copytree(ROOT / "tests" / "golden" / "ticker" / "spec", spec / "ticker")
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    before = {p for p in out.rglob("*") if p.is_file()}
    assert cli.main(["generate", "--spec", str(spec / "tick"), "--out", str(out)]) == 0
    after = {p for p in out.rglob("*") if p.is_file()}
    assert before <= after  # nothing removed
    assert cli.main(["check", "--spec", str(spec), "--out", str(out)]) == 0
    manifest = (out / ".eventgen-manifest").read_text(encoding="utf-8")
    assert "ticker/python/ticker_events/events.py" in manifest
    assert "python/tick_events/events.py" in manifest
