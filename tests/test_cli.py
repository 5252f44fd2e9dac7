"""eventgen generate / check: the golden record, determinism, drift and writing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eventgen import cli
from eventgen.pipeline import build
from tests.conftest import ROOT

GENERATED = ROOT / "generated"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return build(ROOT / "spec")


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """`eventgen` defaults to spec/ and generated/ in the current folder."""
    monkeypatch.chdir(ROOT)


def test_golden_record_matches_a_fresh_regeneration(tmp_path: Path) -> None:
    assert cli.main(["generate", "--out", str(tmp_path)]) == 0
    manifest = (tmp_path / ".eventgen-manifest").read_text(encoding="utf-8")
    assert (GENERATED / ".eventgen-manifest").read_text(encoding="utf-8") == manifest
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(fresh) == len(manifest.splitlines())  # every file but the header line, once
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (GENERATED / name).read_bytes(), name


def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-m", "eventgen", "check"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_check_is_quiet_when_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0
    assert "up to date" in capsys.readouterr().out


def copy_project(tmp_path: Path) -> tuple[Path, Path]:
    spec, out = tmp_path / "spec", tmp_path / "generated"
    shutil.copytree(ROOT / "spec", spec)
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    return spec, out


def test_one_word_edit_makes_check_fail_naming_code_and_docs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = copy_project(tmp_path)
    catalog = spec / "assistants" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    edited = text.replace(
        "The run failed; `last_error` says why.", "The run broke; `last_error` says why."
    )
    assert edited != text
    catalog.write_text(edited, encoding="utf-8")

    assert cli.main(["check", "--spec", str(spec), "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    flagged = {line for line in printed.splitlines() if line.startswith("would regenerate ")}
    # The Azure catalog takes this event from the Assistants one (events_from): it changes too.
    assert flagged == {
        f"would regenerate {(out / catalog / name).as_posix()}"
        for catalog, package in (
            ("assistants", "assistant_events"),
            ("azure_agents", "azure_agent_events"),
        )
        for name in (
            f"python/{package}/events.py",
            f"python/{package}/stream_event.py",
            "docs/events/run.md",
            "typescript/src/events.ts",
            f"java/src/main/java/{package}/Catalog.java",
        )
    }
    removed = [
        line for line in printed.splitlines() if line.startswith("-") and "The run failed;" in line
    ]
    added = [
        line for line in printed.splitlines() if line.startswith("+") and "The run broke;" in line
    ]
    assert len(removed) == len(added) == 10  # one line in each file, shown as a unified diff

    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    assert cli.main(["check", "--spec", str(spec), "--out", str(out)]) == 0


def test_generate_writes_only_changes_and_removes_stale_files(
    tmp_path: Path, rendered: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    spec, out = copy_project(tmp_path)
    package = out / "assistants" / "python" / "assistant_events"
    untouched = package / "payloads.py"
    os.utime(untouched, (1, 1))
    # A module an earlier run wrote and this one no longer produces: listed in the manifest.
    stale = package / "old_module.py"
    stale.write_text("# left over\n", encoding="utf-8")
    manifest = out / ".eventgen-manifest"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "assistants/python/assistant_events/old_module.py\n",
        encoding="utf-8",
    )
    edited = out / "assistants" / "docs" / "events.md"
    edited.write_text("hand edit\n", encoding="utf-8")
    mine = package / "my_helpers.py"  # the user's own file, in a folder eventgen writes to
    mine.write_text("# mine\n", encoding="utf-8")

    assert cli.main(["check", "--spec", str(spec), "--out", str(out)]) == 1
    assert "would remove" in capsys.readouterr().out

    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "remove" in printed and "old_module.py" in printed
    assert "update" in printed and "events.md" in printed
    assert "payloads.py" not in printed
    assert not stale.exists()
    assert untouched.stat().st_mtime == 1
    assert edited.read_text(encoding="utf-8") == rendered["assistants/docs/events.md"]
    assert mine.read_text(encoding="utf-8") == "# mine\n"
    assert "old_module" not in manifest.read_text(encoding="utf-8")


def test_generate_into_an_empty_folder_creates_everything(
    tmp_path: Path, rendered: dict[str, str]
) -> None:
    assert cli.main(["generate", "--out", str(tmp_path / "new")]) == 0
    assert {
        p.relative_to(tmp_path / "new").as_posix()
        for p in (tmp_path / "new").rglob("*")
        if p.is_file()
    } == set(rendered) | {".eventgen-manifest"}


def test_usage_errors_exit_2() -> None:
    assert cli.main(["frobnicate"]) == 2


def test_version_and_python_dash_m() -> None:
    from eventgen import __version__

    result = subprocess.run(
        [sys.executable, "-m", "eventgen", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"eventgen {__version__}"
