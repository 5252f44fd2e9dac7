"""`eventgen diff`: each kind of change and its wire/source verdict, git revisions as sides,
the output formats, and the real change between the 2024-09 and 2026-08 documents."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventgen.diff import BREAKING, SAFE, Change, changes, render_markdown, run_diff
from eventgen.importer import run_import
from eventgen.openapi import read_document

ROOT = Path(__file__).resolve().parent.parent
UPSTREAM = ROOT.parent / "shared" / "upstream"
ASSISTANTS = ROOT / "spec" / "assistants"
UPSTREAM_BLOCK = ROOT / "tests" / "import_cases" / "assistants_upstream.yaml"

CATALOG = {
    "package": "demo",
    "enum": "DemoEvent",
    "description": "Demo.",
    "events": [
        {"wire": "thing.created", "class": "ThingCreated", "payload": "Thing", "description": "x"},
        {"wire": "thing.gone", "class": "ThingGone", "payload": "Thing", "description": "x"},
    ],
}
TYPES: dict[str, Any] = {
    "Thing": {
        "type": "object",
        "required": ["id", "size", "kind"],
        "properties": {
            "id": {"type": "string"},
            "size": {"type": "integer"},
            "kind": {"$ref": "#/$defs/Kind"},
            "note": {"type": "string"},
            "old": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "score": {"type": "integer"},
        },
    },
    "Kind": {"type": "string", "enum": ["a", "b"]},
    "Shape": {"oneOf": [{"$ref": "#/$defs/Circle"}]},
    "Circle": {"type": "object", "properties": {"type": {"type": "string", "enum": ["circle"]}}},
    "Gone": {"type": "object", "properties": {"x": {"type": "string"}}},
}


def write_catalog(folder: Path, catalog: dict[str, Any], types: dict[str, Any]) -> Path:
    (folder / "schemas").mkdir(parents=True)
    (folder / "catalog.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False))
    (folder / "schemas" / "all.yaml").write_text(yaml.safe_dump({"$defs": types}, sort_keys=False))
    return folder


def changed_catalogs(tmp_path: Path) -> tuple[Path, Path]:
    old = write_catalog(tmp_path / "old", CATALOG, TYPES)
    new_types = yaml.safe_load(yaml.safe_dump(TYPES))
    thing = new_types["Thing"]
    del thing["properties"]["id"]  # required field removed
    del thing["properties"]["old"]  # optional field removed
    thing["properties"]["size"] = {"type": "string"}  # type changed
    thing["properties"]["note"]["nullable"] = True  # now nullable
    thing["properties"]["added"] = {"type": "string"}  # optional field added
    thing["properties"]["score"] = {"type": "number"}  # integer -> number: widened
    thing["required"] = ["kind", "added"]  # size no longer required, added required
    new_types["Kind"]["enum"] = ["a", "c"]  # b removed, c added
    new_types["Shape"]["oneOf"].append({"$ref": "#/$defs/Square"})
    new_types["Square"] = {
        "type": "object",
        "properties": {"type": {"type": "string", "enum": ["sq"]}},
    }
    del new_types["Gone"]
    new_catalog = yaml.safe_load(yaml.safe_dump(CATALOG))
    new_catalog["events"] = [
        CATALOG["events"][0],
        {"wire": "thing.moved", "class": "ThingMoved", "payload": "Thing", "description": "x"},
    ]
    new = write_catalog(tmp_path / "new", new_catalog, new_types)
    return old, new


def verdicts(found: list[Change]) -> set[tuple[str, str, str, str]]:
    return {(c.subject, c.what, c.wire, c.source) for c in found}


def test_each_change_is_found_and_classified(tmp_path: Path) -> None:
    old, new = changed_catalogs(tmp_path)
    assert verdicts(changes(str(old), str(new))) == {
        ("event thing.gone", "event removed", SAFE, BREAKING),
        ("event thing.moved", "event added", SAFE, SAFE),
        ("type Gone", "type removed", SAFE, BREAKING),
        ("type Square", "type added", SAFE, SAFE),
        ("Thing.id", "field removed", BREAKING, BREAKING),
        ("Thing.old", "field removed", SAFE, BREAKING),
        ("Thing.size", "type integer -> string", BREAKING, BREAKING),
        ("Thing.size", "no longer required", BREAKING, BREAKING),
        ("Thing.note", "now nullable", SAFE, BREAKING),
        ("Thing.added", "required field added", SAFE, SAFE),
        ("Thing.score", "type integer -> number", BREAKING, BREAKING),
        ("type Kind", "enum value removed: b", SAFE, BREAKING),
        ("type Kind", "enum value added: c", SAFE, SAFE),
        ("type Shape", "union variant added: Square", SAFE, SAFE),
    }


def test_no_changes_and_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = changed_catalogs(tmp_path)
    assert run_diff(str(old), str(old)) == 0
    assert "no changes" in capsys.readouterr().out
    assert run_diff(str(old), str(new)) == 1
    assert run_diff(str(old), str(new), fail_on=None) == 0
    assert run_diff(str(old), str(tmp_path / "missing")) == 2


def test_text_and_markdown_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = changed_catalogs(tmp_path)
    run_diff(str(old), str(new), fmt="text", fail_on=None)
    text = capsys.readouterr().out
    assert "! Thing.id" in text and "field removed  (wire: breaking, source: breaking)" in text
    assert "14 change(s); breaking: 4 on the wire, 9 in source" in text
    markdown = render_markdown(changes(str(old), str(new)))
    assert markdown.startswith("| | Where | Change | Wire | Source |\n|---|---|---|---|---|\n")
    assert "| ! | `Thing.id` | field removed | breaking | breaking |" in markdown


def test_git_revisions_as_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = changed_catalogs(tmp_path)
    repo = tmp_path / "repo"
    shutil.copytree(old, repo / "spec" / "demo")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git[:-2], "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "old"], check=True)
    shutil.rmtree(repo / "spec" / "demo")
    shutil.copytree(new, repo / "spec" / "demo")
    monkeypatch.chdir(repo)
    expected = verdicts(changes(str(old), str(new)))
    assert verdicts(changes("HEAD", "spec/demo")) == expected  # bare REV: the other folder
    assert verdicts(changes("HEAD:spec/demo", "spec/demo")) == expected
    assert verdicts(changes("HEAD:spec", "spec")) == expected  # folders of catalogs
    assert run_diff("NOPE:spec/demo", "spec/demo") == 2


# --- the real documents ------------------------------------------------------------------

needs_upstream = pytest.mark.skipif(
    not (UPSTREAM / "openapi-2026-08.yaml").is_file(), reason="../shared/upstream is not present"
)


def import_assistants(tmp_path: Path, document: str) -> Path:
    catalog = tmp_path / document
    catalog.mkdir()
    shutil.copytree(ASSISTANTS / "extras", catalog / "extras")
    shutil.copy(ASSISTANTS / "overrides.yaml", catalog / "overrides.yaml")
    text = (ASSISTANTS / "catalog.yaml").read_text()
    if "\nupstream:" not in text:
        text = text.replace("\nsdks:\n", "\n" + UPSTREAM_BLOCK.read_text() + "\nsdks:\n", 1)
    (catalog / "catalog.yaml").write_text(text)
    assert run_import(str(UPSTREAM / document), catalog, check=False) == 0
    return catalog


@needs_upstream
def test_the_documents_differ_as_the_diff_says() -> None:
    """The facts the next test asserts, read from the documents themselves."""
    old = read_document(str(UPSTREAM / "openapi-2024-09.yaml")).schemas()
    new = read_document(str(UPSTREAM / "openapi-2026-08.yaml")).schemas()
    ranking = "RunStepDetailsToolCallsFileSearchRankingOptionsObject"
    assert old[ranking]["properties"]["ranker"]["enum"] == ["default_2024_08_21"]
    assert new[ranking]["properties"]["ranker"]["$ref"] == "#/components/schemas/FileSearchRanker"
    assert new["FileSearchRanker"]["enum"] == ["auto", "default_2024_08_21"]
    metadata = new["Metadata"]["anyOf"]  # a map of strings, or null
    assert {"type": "null"} in metadata
    assert [m["additionalProperties"] for m in metadata if m.get("type") == "object"] == [
        {"type": "string"}
    ]
    assert "Metadata" not in old
    for payload in ("ThreadObject", "RunObject", "RunStepObject", "MessageObject"):
        before = old[payload]["properties"]["metadata"]
        assert before["type"] == "object" and "additionalProperties" not in before
        assert "Metadata" in str(new[payload]["properties"]["metadata"])


@needs_upstream
def test_diff_2024_to_2026_lists_exactly_the_real_changes(tmp_path: Path) -> None:
    old = import_assistants(tmp_path, "openapi-2024-09.yaml")
    new = import_assistants(tmp_path, "openapi-2026-08.yaml")
    assert verdicts(changes(str(old), str(new))) == {
        ("type Metadata", "type added", SAFE, SAFE),
        ("Thread.metadata", "type map[any] -> Metadata", SAFE, SAFE),
        ("Run.metadata", "type map[any] -> Metadata", SAFE, SAFE),
        ("RunStep.metadata", "type map[any] -> Metadata", SAFE, SAFE),
        ("Message.metadata", "type map[any] -> Metadata", SAFE, SAFE),
        ("FileSearchCallRankingOptions.ranker", "type string -> FileSearchRanker", SAFE, SAFE),
    }
    backwards = verdicts(changes(str(new), str(old)))
    assert ("type Metadata", "type removed", SAFE, BREAKING) in backwards
    assert ("Run.metadata", "type Metadata -> map[any]", BREAKING, SAFE) in backwards
    assert (
        "FileSearchCallRankingOptions.ranker",
        "type FileSearchRanker -> string",
        SAFE,
        BREAKING,
    ) in backwards


def test_a_catalog_sees_changes_to_the_types_it_shares(tmp_path: Path) -> None:
    """Azure takes Thread from the Assistants schemas (schemas_from): a field removed
    there is a change of the Azure catalog too (review find)."""
    root = Path(__file__).resolve().parent.parent
    for side in ("old", "new"):
        for name in ("assistants", "azure_agents"):
            shutil.copytree(root / "spec" / name, tmp_path / side / name, symlinks=True)
    thread = tmp_path / "new" / "assistants" / "schemas" / "thread.yaml"
    text = thread.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("created_at:")]
    thread.write_text(
        "\n".join(lines).replace("[id, object, created_at,", "[id, object,") + "\n",
        encoding="utf-8",
    )
    found = changes(str(tmp_path / "old" / "azure_agents"), str(tmp_path / "new" / "azure_agents"))
    assert any(c.subject == "Thread.created_at" and c.breaking for c in found), found
