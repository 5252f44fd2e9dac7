"""Unit tests of the generator's stages: load, the datamodel-code-generator adapter, model."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventgen.datamodel_adapter import AdapterError, _unmask, declare_payload_types
from eventgen.diagnostics import SpecError
from eventgen.load import MAX_VALUES, find_catalogs, load_spec
from eventgen.model import TypeRef, build_model
from eventgen.validate import validate
from tests.conftest import ROOT


def write(folder: Path, catalog: str, schemas: str) -> Path:
    (folder / "schemas").mkdir(parents=True)
    (folder / "catalog.yaml").write_text(catalog, encoding="utf-8")
    (folder / "schemas" / "types.yaml").write_text(schemas, encoding="utf-8")
    return folder


CATALOG = """package: p
enum: E
description: d
events:
  - {wire: a, class: A, payload: T, description: d}
"""


def test_load_records_the_position_of_every_key_and_value(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, CATALOG, "$defs:\n  T: {type: object}\n"))
    assert spec.catalog.data["events"][0]["class"] == "A"
    problem = spec.catalog.diagnostic(("events", 0, "class"), "here")
    assert (problem.line, problem.column, problem.source_line) == (
        5, 22, "  - {wire: a, class: A, payload: T, description: d}"
    )  # fmt: skip


def test_load_bounds_alias_expansion_in_linear_time(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 8)}]" for i in range(1, 12)]
    (tmp_path / "catalog.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(tmp_path)
    assert f"over {MAX_VALUES:,} values" in caught.value.diagnostics[0].message


def test_load_allows_modest_aliases(tmp_path: Path) -> None:
    catalog = CATALOG.replace("description: d\n", "description: &d d\n", 1)
    catalog = catalog.replace("description: d}", "description: *d}")
    spec = load_spec(write(tmp_path, catalog, "$defs:\n  T: {type: object}\n"))
    assert spec.catalog.data["events"][0]["description"] == "d"


def test_find_catalogs_takes_a_catalog_or_a_folder_of_them(tmp_path: Path) -> None:
    assert find_catalogs(ROOT / "spec" / "assistants") == [ROOT / "spec" / "assistants"]
    assert ROOT / "spec" / "assistants" in find_catalogs(ROOT / "spec")
    with pytest.raises(SpecError):
        find_catalogs(tmp_path)


def test_the_adapter_maps_names_it_would_rename_back_exactly() -> None:
    defs = {
        "Model": {"type": "object", "properties": {"class": {"type": "string"}}},
        "Field": {"type": "string", "enum": ["a\\b", "Model"]},
        "Union": {"oneOf": [{"$ref": "#/$defs/Model"}, {"$ref": "#/$defs/Field"}]},
    }
    declared = declare_payload_types(defs)
    assert list(declared.classes["Model"].fields) == ["class"]
    assert declared.enums["Field"] == ("a\\b", "Model")
    assert [a.name for a in declared.aliases["Union"].args] == ["Model", "Field"]


def test_the_adapter_refuses_a_declaration_that_does_not_map_back() -> None:
    defs = {"T": {"type": "object", "properties": {"a": {"type": "string"}}}}
    declared = declare_payload_types(defs)
    renamed = type(declared)()
    renamed.classes["T0"] = type(declared.classes["T"])(
        "T0", {"p7": declared.classes["T"].fields["a"]}
    )
    with pytest.raises(AdapterError):
        _unmask(renamed, {"T0": "T"}, defs)


def test_the_model_spells_no_language_and_reads_nullability_every_way(tmp_path: Path) -> None:
    schemas = """$defs:
  T:
    type: object
    required: [a, b, c]
    properties:
      a: {type: [integer, "null"]}
      b: {type: string, nullable: true}
      c: {type: array, items: {$ref: '#/$defs/S'}}
      d: {type: object, additionalProperties: {$ref: '#/$defs/S'}}
      e: {description: anything}
  S: {type: string, enum: [x]}
"""
    spec = load_spec(write(tmp_path, CATALOG, schemas))
    validate(spec)
    project = build_model(spec)
    (cls,) = project.classes
    fields = {f.name: f for f in cls.fields}
    assert fields["a"].type == TypeRef("integer") and fields["a"].nullable
    assert fields["b"].nullable and not fields["c"].nullable
    assert fields["c"].type == TypeRef("list", item=TypeRef("enum", "S"))
    assert fields["d"].type == TypeRef("map", item=TypeRef("enum", "S"))
    assert fields["e"].type == TypeRef("any") and fields["e"].optional
