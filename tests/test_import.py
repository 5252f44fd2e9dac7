"""`eventgen import openapi`: synthetic documents for each real-world case, refusals with
their location, ownership of files, re-import stability, and the two real documents."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventgen.importer import OWNED_HEADER, run_import
from eventgen.load import load_spec
from eventgen.model import build_model
from eventgen.openapi import read_document
from eventgen.validate import validate

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "import_cases"
UPSTREAM = ROOT.parent / "shared" / "upstream"
ASSISTANTS = ROOT / "spec" / "assistants"


def defs(catalog: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in sorted((catalog / "schemas").glob("*.yaml")):
        found.update(yaml.safe_load(path.read_text())["$defs"])
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def imported(tmp_path: Path, case: str, union: str) -> Path:
    catalog = tmp_path / "catalog"
    assert run_import(str(CASES / case), catalog, check=False, events=union) == 0
    validate(load_spec(catalog))
    return catalog


# --- synthetic documents -----------------------------------------------------------------


def test_nullability_in_four_spellings(tmp_path: Path) -> None:
    thing = defs(imported(tmp_path, "assistants_style.yaml", "StreamEvent"))["Thing"]["properties"]
    assert thing["a"] == {"type": "string", "nullable": True}  # nullable: true
    assert thing["b"] == {"type": "integer", "nullable": True}  # type: [x, "null"]
    assert thing["c"] == {"type": "number", "nullable": True}  # anyOf with {type: null}
    assert thing["d"] == {"$ref": "#/$defs/Color", "nullable": True}  # oneOf with null


def test_ref_siblings_and_allof(tmp_path: Path) -> None:
    types = defs(imported(tmp_path, "assistants_style.yaml", "StreamEvent"))
    thing = types["Thing"]
    assert thing["required"] == ["id", "a", "kind"]  # allOf merged Base into Thing
    assert thing["description"] == "A thing."
    assert thing["properties"]["id"] == {"type": "string", "description": "The id."}
    assert thing["properties"]["e"] == {
        "$ref": "#/$defs/Color",
        "description": "The colour, described at the reference.",
    }
    assert thing["properties"]["f"] == {"$ref": "#/$defs/Color", "nullable": True}


def test_maps_inline_objects_enums_and_recursion(tmp_path: Path) -> None:
    types = defs(imported(tmp_path, "assistants_style.yaml", "StreamEvent"))
    props = types["Thing"]["properties"]
    assert props["labels"] == {"type": "object", "additionalProperties": {"type": "string"}}
    assert props["extra"] == {"type": "object", "additionalProperties": True}
    assert props["status"] == {"$ref": "#/$defs/ThingStatus"}  # Parent + CapWords(property)
    assert types["ThingStatus"]["enum"] == ["open", "closed"]
    assert types["ThingOwner"]["properties"] == {"name": {"type": "string"}}
    assert types["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert types["Shape"]["oneOf"] == [{"$ref": "#/$defs/Circle"}, {"$ref": "#/$defs/ShapeSquare"}]
    assert props["kind"] == {"type": "string", "enum": ["thing"]}  # discriminator stays inline


def test_inexpressible_union_degrades_to_any_and_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    props = defs(imported(tmp_path, "assistants_style.yaml", "StreamEvent"))["Thing"]["properties"]
    assert props["value"] == {"description": "A string or a list; the dialect cannot say so."}
    assert props["model"]["type"] == "string"  # an open enum is just a string, not degraded
    out = capsys.readouterr().out
    assert "degraded: Thing.value: union kept as any value" in out
    assert "Thing.model" not in out


def test_assistants_style_events(tmp_path: Path) -> None:
    catalog = yaml.safe_load(
        (imported(tmp_path, "assistants_style.yaml", "StreamEvent") / "catalog.yaml").read_text()
    )
    events = {e["wire"]: e for e in catalog["events"]}
    assert events["thing.created"]["payload"] == "Thing"
    assert events["thing.created"]["description"] == "A thing was created."
    assert events["thing.node"]["payload"] == "Node"
    assert events["done"]["payload"] is None and events["done"]["data"] == "[DONE]"
    assert "type_field" not in catalog


def test_responses_style_events_and_const(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog_dir = imported(tmp_path, "responses_style.yaml", "ResponseStreamEvent")
    catalog = yaml.safe_load((catalog_dir / "catalog.yaml").read_text())
    assert [(e["wire"], e["payload"]) for e in catalog["events"]] == [
        ("response.text.delta", "TextDelta"),
        ("response.finished", "Finished"),
    ]
    assert catalog["type_field"] == "type"
    assert catalog["source"]["version"] == "2026-01-01"  # a date-like version stays text
    types = defs(catalog_dir)
    assert types["TextDelta"]["properties"]["type"] == {
        "type": "string",
        "enum": ["response.text.delta"],
    }
    assert "$odd name" not in types["TextDelta"]["properties"]
    assert "TextDelta.$odd name: not an identifier" in capsys.readouterr().out
    assert types["Finished"]["properties"]["usage"] == {"$ref": "#/$defs/Usage", "nullable": True}


def test_json_document(tmp_path: Path) -> None:
    types = defs(imported(tmp_path, "assistants_style.json", "Events"))
    assert types["A"]["properties"]["x"] == {"type": "string", "nullable": True}


def test_duplicate_anchors_are_read_with_the_later_definition(tmp_path: Path) -> None:
    props = defs(imported(tmp_path, "duplicate_anchors.yaml", "Events"))["A"]["properties"]
    assert [props[k]["type"] for k in "xyzw"] == ["string", "string", "integer", "integer"]


@pytest.mark.parametrize(
    ("case", "where", "message"),
    [
        ("external_ref.yaml", "10:19", "only references inside the document are followed"),
        ("missing_ref.yaml", "10:19", "'#/components/schemas/Nowhere' points nowhere"),
        ("no_wire_name.yaml", "7:11", "neither `event` and `data`"),
        ("swagger2.yaml", "1:1", "only OpenAPI 3.0 and 3.1 are read; found Swagger 2.0"),
        ("broken_yaml.yaml", "3:1", "invalid YAML"),
    ],
)
def test_refusals_name_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, where: str, message: str
) -> None:
    assert run_import(str(CASES / case), tmp_path / "c", check=False, events="Events") == 2
    err = capsys.readouterr().err
    assert f"{CASES / case}:{where}: " in err and message in err
    assert not (tmp_path / "c").exists()


def test_unknown_union_component_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = str(CASES / "assistants_style.yaml")
    assert run_import(doc, tmp_path / "c", check=False, events="Nope") == 2
    assert "no component 'Nope'" in capsys.readouterr().err


# --- ownership and stability -------------------------------------------------------------


def test_reimport_changes_nothing_and_check_agrees(tmp_path: Path) -> None:
    catalog = imported(tmp_path, "assistants_style.yaml", "StreamEvent")
    before = snapshot(catalog)
    doc = str(CASES / "assistants_style.yaml")
    assert run_import(doc, catalog, check=True) == 0
    assert run_import(doc, catalog, check=False) == 0
    assert snapshot(catalog) == before


def test_new_document_rewrites_only_what_changed(tmp_path: Path) -> None:
    catalog = imported(tmp_path, "assistants_style.yaml", "StreamEvent")
    before = snapshot(catalog)
    changed = tmp_path / "changed.yaml"
    text = (CASES / "assistants_style.yaml").read_text()
    changed.write_text(text.replace("enum: [red, green]", "enum: [red, green, blue]"))
    assert run_import(str(changed), catalog, check=True) == 1
    assert snapshot(catalog) == before  # --check writes nothing
    assert run_import(str(changed), catalog, check=False) == 0
    after = snapshot(catalog)
    differing = {name for name in after if after[name] != before.get(name)}
    assert differing == {"schemas/thing.yaml", "catalog.yaml"}  # Color lives in thing.yaml
    assert defs(catalog)["Color"]["enum"] == ["red", "green", "blue"]


def test_catalog_edits_keep_comments_and_keys(tmp_path: Path) -> None:
    catalog = imported(tmp_path, "assistants_style.yaml", "StreamEvent")
    path = catalog / "catalog.yaml"
    text = path.read_text()
    text = text.replace("package: stream_event", "# Our package.\npackage: my_events  # renamed")
    text = text.replace("payload: Node", "payload: Thing")  # a payload the document disagrees with
    for wire in ("thing.node", "thing.created"):
        text = text.replace(f"- wire: {wire}", f"- wire: {wire}\n  group: things", 1)
    text = re.sub(r"- wire: done\n(  .*\n)*", "", text)  # an event the project removed
    groups = "groups: [{name: things, title: Things}]\n"
    path.write_text(text.replace("\nevents:\n", "\n" + groups + "events:\n"))
    assert run_import(str(CASES / "assistants_style.yaml"), catalog, check=False) == 0
    new_text = path.read_text()
    assert "# Our package.\npackage: my_events  # renamed" in new_text
    assert "  group: things" in new_text
    data = yaml.safe_load(new_text)
    events = {e["wire"]: e for e in data["events"]}
    assert events["thing.node"]["payload"] == "Node"  # the document's payload, back
    assert events["done"]["data"] == "[DONE]"  # re-added at the end
    assert data["events"][-1]["wire"] == "done"
    assert events["done"]["group"] == "things"  # a catalog with groups needs one


def test_hand_written_schema_files_are_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = imported(tmp_path, "assistants_style.yaml", "StreamEvent")
    hand = catalog / "schemas" / "thing.yaml"
    hand.write_text("# mine\n$defs:\n  Thing: {type: object}\n")
    extra = catalog / "schemas" / "extra.yaml"
    extra.write_text("# mine, no conflict\n$defs:\n  Extra: {type: object}\n")
    assert run_import(str(CASES / "assistants_style.yaml"), catalog, check=False) == 2
    assert "Thing (" in capsys.readouterr().err
    assert hand.read_text().startswith("# mine")
    hand.unlink()
    assert run_import(str(CASES / "assistants_style.yaml"), catalog, check=False) == 0
    assert extra.read_text().startswith("# mine")  # left alone: the importer did not write it
    assert (catalog / "schemas" / "thing.yaml").read_text().startswith(OWNED_HEADER)


def test_overrides_survive_reimport(tmp_path: Path) -> None:
    catalog = imported(tmp_path, "assistants_style.yaml", "StreamEvent")
    (catalog / "overrides.yaml").write_text(
        "types:\n"
        "  Thing:\n"
        "    description: Our words.\n"
        "    fields:\n"
        "      kind: {nullable: true, description: null}\n"
        "      id: {description: Our id.}\n"
        "      note: {schema: {type: string}, required: true}\n"
        "      labels: {remove: true}\n"
        "  Extra: {schema: {type: object, properties: {x: {type: string}}}}\n"
        "events:\n"
        "  - {wire: thing.extra, payload: Extra, description: Not in the document.}\n"
    )
    path = catalog / "catalog.yaml"
    path.write_text(
        path.read_text().replace(
            "upstream: {format: openapi, events: StreamEvent}",
            "upstream: {format: openapi, events: StreamEvent, overrides: overrides.yaml}",
        )
    )
    doc = str(CASES / "assistants_style.yaml")
    assert run_import(doc, catalog, check=False) == 0
    types = defs(catalog)
    thing = types["Thing"]
    assert thing["description"] == "Our words."
    assert thing["properties"]["kind"] == {"type": "string", "nullable": True, "enum": ["thing"]}
    assert thing["properties"]["id"]["description"] == "Our id."
    assert "labels" not in thing["properties"]
    assert "note" in thing["required"]
    assert types["Extra"]["properties"] == {"x": {"type": "string"}}
    wires = [e["wire"] for e in yaml.safe_load(path.read_text())["events"]]
    assert "thing.extra" in wires
    before = snapshot(catalog)
    assert run_import(doc, catalog, check=True) == 0
    assert snapshot(catalog) == before


# --- the real documents ------------------------------------------------------------------

needs_upstream = pytest.mark.skipif(
    not (UPSTREAM / "openapi-2026-08.yaml").is_file(), reason="../shared/upstream is not present"
)

UPSTREAM_BLOCK = Path(__file__).resolve().parent / "import_cases" / "assistants_upstream.yaml"


def assistants_copy(tmp_path: Path) -> Path:
    """spec/assistants without its hand-written schemas, with the `upstream` map added."""
    catalog = tmp_path / "assistants"
    catalog.mkdir()
    shutil.copytree(ASSISTANTS / "extras", catalog / "extras")
    shutil.copy(ASSISTANTS / "overrides.yaml", catalog / "overrides.yaml")
    text = (ASSISTANTS / "catalog.yaml").read_text()
    if "\nupstream:" not in text:
        text = text.replace("\nsdks:\n", "\n" + UPSTREAM_BLOCK.read_text() + "\nsdks:\n", 1)
    (catalog / "catalog.yaml").write_text(text)
    return catalog


@needs_upstream
def test_import_2026_reproduces_the_committed_schemas(tmp_path: Path) -> None:
    catalog = assistants_copy(tmp_path)
    assert run_import(str(UPSTREAM / "openapi-2026-08.yaml"), catalog, check=False) == 0
    assert defs(catalog) == defs(ASSISTANTS)
    source = yaml.safe_load((catalog / "catalog.yaml").read_text())["source"]
    assert source["title"] == "OpenAI API" and len(source["sha256"]) == 64
    # the events are today's: same wire names, same payloads, nothing appended
    old_events = yaml.safe_load((ASSISTANTS / "catalog.yaml").read_text())["events"]
    new_events = yaml.safe_load((catalog / "catalog.yaml").read_text())["events"]
    assert new_events == old_events
    assert run_import(str(UPSTREAM / "openapi-2026-08.yaml"), catalog, check=True) == 0
    old_model, new_model = build_model(load_spec(ASSISTANTS)), build_model(load_spec(catalog))
    assert [e.wire for e in new_model.events] == [e.wire for e in old_model.events]


@needs_upstream
def test_overrides_declare_the_run_instructions_decision() -> None:
    overrides = yaml.safe_load((ASSISTANTS / "overrides.yaml").read_text())
    assert overrides["types"]["Run"]["fields"]["instructions"]["nullable"] is True
    document = read_document(str(UPSTREAM / "openapi-2026-08.yaml"))
    instructions = document.schemas()["RunObject"]["properties"]["instructions"]
    assert instructions.get("nullable") is not True and instructions["type"] == "string"


@needs_upstream
def test_responses_stream_imports_into_a_valid_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "responses"
    doc = str(UPSTREAM / "openapi-2026-08.yaml")
    assert run_import(doc, catalog, check=False, events="ResponseStreamEvent") == 0
    spec = load_spec(catalog)
    validate(spec)
    project = build_model(spec)
    assert len(project.events) == 58
    assert all(e.wire.startswith(("response.", "error")) or e.wire for e in project.events)
    assert run_import(doc, catalog, check=True) == 0


def test_a_hand_written_schema_file_where_the_import_writes_is_never_overwritten(
    tmp_path: Path,
) -> None:
    """Even when it defines none of the imported types (review find)."""
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    Ev:\n      oneOf:\n        - {type: object, required: [event, data], properties:"
        " {event: {type: string, enum: [a]}, data: {$ref: '#/components/schemas/A'}}}\n"
        "        - {type: object, required: [event, data], properties:"
        " {event: {type: string, enum: [b]}, data: {$ref: '#/components/schemas/A'}}}\n"
        "    A: {type: object, properties: {x: {type: string}}}\n",
        encoding="utf-8",
    )
    catalog = tmp_path / "cat"
    assert run_import(str(doc), catalog, check=False, events="Ev") == 0
    written = sorted(p.name for p in (catalog / "schemas").glob("*.yaml"))
    mine = catalog / "schemas" / written[0]
    mine.write_text("$defs:\n  LocalThing: {type: object}\n", encoding="utf-8")
    assert run_import(str(doc), catalog, check=False) == 2
    assert mine.read_text(encoding="utf-8") == "$defs:\n  LocalThing: {type: object}\n"
