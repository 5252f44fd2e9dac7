"""`events_from`: a catalog takes another's events, groups and objects and states only what
differs (spec/azure_agents does so with spec/assistants). Problems are reported where
the value was written: in the catalog, or in the base it takes from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventgen import cli
from tests.conftest import ROOT


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("assistants", "azure_agents"):
        shutil.copytree(ROOT / "spec" / name, tmp_path / "spec" / name, symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "spec"


def check(capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["check", "--spec", "spec/azure_agents", "--out", "out"]) == 2
    return capsys.readouterr().err


def test_the_azure_catalog_states_only_what_differs() -> None:
    text = (ROOT / "spec" / "azure_agents" / "catalog.yaml").read_text(encoding="utf-8")
    assert "events_from: ../assistants" in text
    assert text.count("  - wire: ") == 25 and text.count("    class: ") == 0
    assert "groups:" not in text and "objects:" not in text


def test_a_typo_in_an_entry_is_reported_in_the_catalog(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = spec / "azure_agents" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace(
            '    description: "The agent is working', '    descripton: "The agent is working'
        ),
        encoding="utf-8",
    )
    lines = catalog.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "descripton" in text)
    err = check(capsys)
    assert f"spec/azure_agents/catalog.yaml:{line}:5: unknown key 'descripton'" in err


def test_a_problem_in_an_inherited_event_is_reported_in_the_base(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without the shared schemas, the Assistants events' payload types are unknown here.
    catalog = spec / "azure_agents" / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("schemas_from: [../assistants]\n", ""),
        encoding="utf-8",
    )
    err = check(capsys)
    assert "spec/assistants/catalog.yaml:" in err and "payload type 'Thread'" in err


def test_a_missing_base_is_reported_at_events_from(
    spec: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = spec / "azure_agents" / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "events_from: ../assistants", "events_from: ../gone"
        ),
        encoding="utf-8",
    )
    assert "no catalog.yaml in ../gone" in check(capsys)
