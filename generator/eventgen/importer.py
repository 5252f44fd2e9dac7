"""`eventgen import openapi DOC`: write or refresh a catalog's schemas and events from OpenAPI.

What comes from where:

- The catalog's `upstream` block says which component is the event union (`events`), which
  upstream schema becomes which of our type names (`types`, keyed as `openapi.py`
  explains) and where local decisions live (`overrides`, a YAML file beside the catalog).
- The overrides file holds what the project decides against, or on top of, the document:

      types:
        Run:
          description: One execution of an assistant on a thread.
          fields:
            instructions: {nullable: true}          # the wire sends null
            status: {description: null}             # drop the document's text
            extra: {schema: {type: string}}         # a field the document lacks
            gone: {remove: true}
          enum: [a, b]                              # replace an enum's values
          schema: {...}                             # a whole type (one the document lacks)
      events:
        - {wire: done, payload: null}               # events the document lacks

  Field entries may also say `required: true|false`. `derive_overrides` writes such a file
  from the difference between an import and hand-written schemas, to adopt a catalog.

Ownership, so nothing hand-written is lost:

- Every file the importer writes under schemas/ starts with `OWNED_HEADER`; only such
  files are ever rewritten or deleted. A hand-written schema file that defines a type the
  importer would write is a conflict (exit 2), never overwritten.
- catalog.yaml is hand-written, with comments PyYAML would drop, so it is edited in place,
  by position: the one-line `source` block is replaced or inserted, new events are appended
  to `events`, and the `payload` of an existing event is replaced. Nothing else is touched.
  Events the document no longer has are reported, not deleted.
- Files are laid out per payload: the types only one event payload reaches go to that
  payload's file (`run.yaml` for `Run`), types reached from several to `common.yaml`.
- Output is deterministic and written only where it changes, so re-importing the same
  document rewrites nothing. Before anything is written the result is loaded and validated
  like any catalog; an invalid result is reported and nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from eventgen.diagnostics import SpecError
from eventgen.load import load_spec
from eventgen.openapi import Conversion, OpenApiError, cap_words, convert, read_document
from eventgen.output import replace_file
from eventgen.validate import validate

OWNED_HEADER = "# Written by `eventgen import openapi`. Do not edit: change the overrides file.\n"
SHARED_FILE = "common"
FIELD_KEYS = frozenset({"description", "nullable", "schema", "remove", "required"})
TYPE_KEYS = frozenset({"description", "fields", "enum", "schema"})


class ImportProblem(Exception):
    """The import cannot go on; the message says why and where."""


@dataclass
class Plan:
    files: dict[Path, str]
    """Every file the import produces (schemas and catalog.yaml), with its text."""
    stale: list[Path]
    """Importer-owned files that are no longer produced."""
    summary: list[str] = field(default_factory=list)


def run_import(doc: str, catalog_dir: Path, *, check: bool, events: str | None = None) -> int:
    """Import `doc` into `catalog_dir`. `events` names the union component when the folder
    has no catalog.yaml yet (one is then written). Exit code 0, 1 (check: behind) or 2."""
    try:
        plan = plan_import(doc, Path(catalog_dir), events=events)
    except (OpenApiError, ImportProblem) as exc:
        print(f"eventgen import: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        print("eventgen import: the imported catalog would not be valid:", file=sys.stderr)
        for diagnostic in exc.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return 2
    changed = [p for p, text in plan.files.items() if _read(p) != text]
    for line in plan.summary:
        print(line)
    if check:
        behind = changed or plan.stale
        for path in [*changed, *plan.stale]:
            print(f"behind: {path}")
        return 1 if behind else 0
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, plan.files[path].encode("utf-8"))
        print(f"wrote {path}")
    for path in plan.stale:
        path.unlink()
        print(f"removed {path}")
    if not changed and not plan.stale:
        print("catalog is current")
    return 0


# --- planning ----------------------------------------------------------------------------


def plan_import(doc: str, catalog_dir: Path, *, events: str | None = None) -> Plan:
    document = read_document(doc)
    catalog_path = catalog_dir / "catalog.yaml"
    catalog_text = _read(catalog_path)
    catalog = _catalog_data(catalog_path, catalog_text) if catalog_text is not None else {}
    upstream = catalog.get("upstream") or {}
    union = upstream.get("events") or events
    if not union:
        raise ImportProblem(f"{catalog_path}: no `upstream.events` names the event union")
    names = upstream.get("types") or {}
    overrides_name = upstream.get("overrides")
    overrides = _overrides(catalog_dir / overrides_name) if overrides_name else {}

    conversion = convert(document, union, names)
    types, unused_overrides = apply_overrides(conversion.types, overrides.get("types") or {})
    old_types = _owned_types(catalog_dir)
    files = _schema_files(catalog_dir, types, conversion)
    hand_written = _hand_written_conflicts(catalog_dir, types, files)
    if hand_written:
        raise ImportProblem(
            "these types are defined in schema files the importer did not write; "
            "move their local decisions into the overrides file and delete the files: "
            + ", ".join(hand_written)
        )
    stale = [p for p in _owned_files(catalog_dir) if p not in files]
    source = {
        "title": document.title,
        "version": document.version,
        "sha256": document.sha256,
        "file": Path(doc).name if doc != "-" else "-",
    }
    wanted_events = _wanted_events(conversion, overrides)
    if catalog_text is None:
        new_text = _new_catalog(union, conversion, source, wanted_events, types)
        edit_notes: list[str] = []
    else:
        new_text, edit_notes = edit_catalog(catalog_text, source, wanted_events, set(types))
    files[catalog_path] = new_text
    _validated(catalog_dir, files, stale)

    summary = [f"imported {union} from {document.title} {document.version} ({document.label})"]
    summary += _type_summary(old_types, types)
    summary += edit_notes
    summary += unused_overrides
    summary += [f"degraded: {note}" for note in conversion.degradations]
    return Plan(files, stale, summary)


def _catalog_data(path: Path, text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportProblem(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ImportProblem(f"{path}:1:1: a catalog is a mapping")
    return data


def _overrides(path: Path) -> dict[str, Any]:
    text = _read(path)
    if text is None:
        return {}  # declared but not written yet: nothing decided
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ImportProblem(f"{path}: invalid YAML: {exc}") from None
    problems = []
    if not isinstance(data, dict) or set(data) - {"types", "events"}:
        problems.append("top-level keys are `types` and `events`")
    for name, entry in (data.get("types") or {}).items() if isinstance(data, dict) else []:
        if not isinstance(entry, dict) or set(entry) - TYPE_KEYS:
            problems.append(f"types.{name}: keys are {sorted(TYPE_KEYS)}")
            continue
        for prop, change in (entry.get("fields") or {}).items():
            if not isinstance(change, dict) or set(change) - FIELD_KEYS:
                problems.append(f"types.{name}.fields.{prop}: keys are {sorted(FIELD_KEYS)}")
    if problems:
        raise ImportProblem(f"{path}: " + "; ".join(problems))
    return data


def apply_overrides(
    types: dict[str, Any], overrides: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The imported types with the project's decisions applied (inputs are not changed),
    and notes on entries that found nothing to apply to (the document dropped it)."""
    result: dict[str, Any] = json.loads(json.dumps(types))
    unused: list[str] = []
    for name, entry in overrides.items():
        if "schema" in entry:
            result[name] = json.loads(json.dumps(entry["schema"]))
        if name not in result:
            unused.append(f"overrides: type {name} is not in the document; its entry is unused")
            continue
        schema = result[name]
        if "description" in entry:
            _set_description(schema, entry["description"])
        if "enum" in entry:
            schema["enum"] = list(entry["enum"])
        properties = schema.setdefault("properties", {})
        required = list(schema.get("required", []))
        for prop, change in (entry.get("fields") or {}).items():
            if change.get("remove"):
                properties.pop(prop, None)
                required = [r for r in required if r != prop]
                continue
            if "schema" in change:
                properties[prop] = json.loads(json.dumps(change["schema"]))
            if prop not in properties:
                unused.append(f"overrides: field {name}.{prop} is not in the document; unused")
                continue
            if "nullable" in change:
                if change["nullable"]:
                    properties[prop]["nullable"] = True
                else:
                    properties[prop].pop("nullable", None)
            if "description" in change:
                _set_description(properties[prop], change["description"])
            if change.get("required") is True and prop not in required:
                required.append(prop)
            if change.get("required") is False:
                required = [r for r in required if r != prop]
            properties[prop] = _ordered(properties[prop])
        if required:
            schema["required"] = [p for p in properties if p in required]
        else:
            schema.pop("required", None)
        if not properties:
            schema.pop("properties", None)
        result[name] = _ordered_type(schema)
    return result, unused


def _set_description(schema: dict[str, Any], text: str | None) -> None:
    if text is None:
        schema.pop("description", None)
    else:
        schema["description"] = text


TYPE_KEY_ORDER = ("type", "description", "enum", "oneOf", "required", "properties")
PROP_KEY_ORDER = (
    "$ref",
    "type",
    "nullable",
    "description",
    "enum",
    "items",
    "additionalProperties",
)


def _ordered_type(schema: dict[str, Any]) -> dict[str, Any]:
    first = {k: schema[k] for k in TYPE_KEY_ORDER if k in schema}
    return {**first, **{k: v for k, v in schema.items() if k not in first}}


def _ordered(schema: dict[str, Any]) -> dict[str, Any]:
    first = {k: schema[k] for k in PROP_KEY_ORDER if k in schema}
    return {**first, **{k: v for k, v in schema.items() if k not in first}}


# --- schema files ------------------------------------------------------------------------


def _schema_files(
    catalog_dir: Path, types: dict[str, Any], conversion: Conversion
) -> dict[Path, str]:
    """One file per payload type for the types only it reaches; shared ones together."""
    roots = list(dict.fromkeys(e.payload for e in conversion.events if e.payload))
    owner: dict[str, str] = {}
    for root in roots:
        for name in _reachable(root, types):
            owner[name] = root if owner.get(name, root) == root else SHARED_FILE
    groups: dict[str, dict[str, Any]] = {}
    for name, schema in types.items():
        groups.setdefault(owner.get(name, SHARED_FILE), {})[name] = schema
    return {
        catalog_dir / "schemas" / f"{_snake(group)}.yaml": OWNED_HEADER + dump_defs(defs)
        for group, defs in groups.items()
    }


def _reachable(root: str, types: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            continue
        seen[name] = None
        todo += [ref.rsplit("/", 1)[-1] for ref in _refs(types[name])]
    return list(seen)


def _refs(schema: Any) -> Iterable[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _refs(value)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def _owned_files(catalog_dir: Path) -> list[Path]:
    return [
        p for p in sorted((catalog_dir / "schemas").glob("*.yaml")) if _is_owned(_read(p) or "")
    ]


def _is_owned(text: str) -> bool:
    return text.startswith(OWNED_HEADER)


def _owned_types(catalog_dir: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in _owned_files(catalog_dir):
        data = yaml.safe_load(_read(path) or "") or {}
        found.update(data.get("$defs") or {})
    return found


def _hand_written_conflicts(
    catalog_dir: Path, types: dict[str, Any], files: dict[Path, str]
) -> list[str]:
    """Hand-written schema files the import would clash with: by the types they define,
    or by being where the import would write a file of its own."""
    conflicts = []
    for path in sorted((catalog_dir / "schemas").glob("*.yaml")):
        text = _read(path) or ""
        if _is_owned(text):
            continue
        if path in files:
            conflicts.append(f"the file {path} itself")
        try:
            defs = (yaml.safe_load(text) or {}).get("$defs") or {}
        except (yaml.YAMLError, AttributeError):
            continue  # validation reports it
        conflicts += [f"{name} ({path})" for name in defs if name in types]
    return conflicts


def _type_summary(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    groups = {
        "added": [n for n in new if n not in old],
        "removed": [n for n in old if n not in new],
        "changed": [n for n in new if n in old and old[n] != new[n]],
    }
    return [
        f"{verb} {len(names)} type(s): {', '.join(names)}"
        for verb, names in groups.items()
        if names
    ]


# --- YAML writing ------------------------------------------------------------------------

PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*\Z")
RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})
FLOW_WIDTH = 100


def dump_defs(defs: dict[str, Any]) -> str:
    """`$defs:` and each type, block style with short leaves on one line; checked to read
    back as the same data."""
    lines = ["$defs:"]
    for index, (name, schema) in enumerate(defs.items()):
        if index:
            lines.append("")
        lines += _block(name, schema, 1)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != {"$defs": defs}:
        raise AssertionError("schema writer produced YAML that reads back differently")
    return text


def _block(key: str, value: Any, depth: int) -> list[str]:
    indent = "  " * depth
    head = f"{indent}{_scalar(key)}:"
    if not isinstance(value, (dict, list)) or not value:
        return [f"{head} {_flow(value)}"]
    flow = f"{head} {_flow(value)}"
    if depth >= 3 and len(flow) <= FLOW_WIDTH:
        return [flow]
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value) and len(flow) <= FLOW_WIDTH:
            return [flow]
        return [head] + [f"{indent}  - {_flow(v)}" for v in value]
    lines = [head]
    for sub_key, sub_value in value.items():
        lines += _block(sub_key, sub_value, depth + 1)
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if PLAIN.match(text) and text.lower() not in RESERVED:
        return text
    return json.dumps(text)


# --- catalog.yaml, edited in place -------------------------------------------------------


def _wanted_events(conversion: Conversion, overrides: dict[str, Any]) -> list[dict[str, Any]]:
    wanted = [
        {"wire": e.wire, "payload": e.payload, "data": e.data, "description": e.description}
        for e in conversion.events
    ]
    known = {e["wire"] for e in wanted}
    for extra in overrides.get("events") or []:
        if extra.get("wire") not in known:
            wanted.append({"description": "", "data": None, **extra})
    return wanted


def edit_catalog(
    text: str, source: dict[str, str], wanted: list[dict[str, Any]], type_names: set[str]
) -> tuple[str, list[str]]:
    """catalog.yaml with `source` replaced, payloads corrected and new events appended;
    comments and every other key stay as they are."""
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise ImportProblem("catalog.yaml is not a mapping")
    keys = {k.value: (k, v) for k, v in root.value}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied back to front
    notes: list[str] = []

    source_line = "source: " + _flow(source)
    if "source" in keys:
        key, value = keys["source"]
        start = _line_start(text, key.start_mark.index)
        end = _line_end(text, value.end_mark.index - 1 if value.end_mark.index else 0)
        if text[start:end] != source_line:
            edits.append((start, end, source_line))
            notes.append("source: " + f"{source['title']} {source['version']}")
    else:
        at = (
            _line_start(text, keys["events"][0].start_mark.index) if "events" in keys else len(text)
        )
        block = "# The document the schemas were last imported from (written by eventgen import).\n"
        edits.append((at, at, block + source_line + "\n\n"))
        notes.append("source: recorded")

    existing: dict[str, yaml.MappingNode] = {}
    sequence = keys.get("events", (None, None))[1]
    for item in sequence.value if isinstance(sequence, yaml.SequenceNode) else []:
        fields = {k.value: v for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
        if "wire" in fields:
            existing[fields["wire"].value] = item
    classes = {
        v.value
        for item in existing.values()
        for k, v in item.value
        if k.value == "class" and isinstance(v, yaml.ScalarNode)
    }
    groups = {
        wire: v.value
        for wire, item in existing.items()
        for k, v in item.value
        if k.value == "group" and isinstance(v, yaml.ScalarNode)
    }
    new_entries = []
    for event in wanted:
        item = existing.get(event["wire"])
        if item is None:
            group = _nearest_group(event["wire"], groups) if "groups" in keys else None
            new_entries.append(_event_entry({**event, "group": group}, classes | type_names))
            notes.append(f"added event {event['wire']}")
            continue
        fields = {k.value: (k, v) for k, v in item.value}
        payload = event.get("payload")
        if "payload" in fields:
            node = fields["payload"][1]
            current = None if node.tag.endswith(":null") else node.value
            if current != payload:
                edits.append((node.start_mark.index, node.end_mark.index, _scalar(payload)))
                notes.append(f"event {event['wire']}: payload {current} -> {payload}")
        elif payload is not None:
            notes.append(f"event {event['wire']}: has no `payload`; add `payload: {payload}`")
    wanted_wires = {e["wire"] for e in wanted}
    notes += [f"event {w} is not in the document (kept)" for w in existing if w not in wanted_wires]

    if new_entries:
        if isinstance(sequence, yaml.SequenceNode) and sequence.value:
            last = sequence.value[-1]
            dash = " " * max(last.start_mark.column - 2, 0)
            at = _line_end(text, _last_index(last))
            added = "".join("\n\n" + _indent(entry, dash) for entry in new_entries)
            edits.append((at, at, added))
        else:
            tail = "" if text.endswith("\n") else "\n"
            edits.append((len(text), len(text), tail + "events:\n" + "\n".join(new_entries)))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, notes


def _nearest_group(wire: str, groups: dict[str, str]) -> str | None:
    """The group of the listed event whose wire name shares the longest prefix with `wire`
    (a catalog with groups needs one on every event; the user may move it)."""
    best, best_length = None, -1
    for other, group in groups.items():
        length = len(os.path.commonprefix([wire, other]))
        if length > best_length:
            best, best_length = group, length
    return best


def _event_entry(event: dict[str, Any], taken: set[str]) -> str:
    name = cap_words(event["wire"])
    if name in taken:
        name += "Event"
    taken.add(name)
    lines = [f"- wire: {_scalar(event['wire'])}", f"  class: {name}"]
    lines.append(f"  payload: {_scalar(event.get('payload'))}")
    if event.get("data"):
        lines.append(f"  data: {_scalar(event['data'])}")
    if event.get("group"):
        lines.append(f"  group: {_scalar(event['group'])}")
    description = " ".join((event.get("description") or "").split())
    lines.append(f"  description: {_scalar(description or 'The ' + event['wire'] + ' event.')}")
    return "\n".join(lines) + "\n"


def _indent(entry: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in entry.splitlines(True))


def _last_index(node: yaml.Node) -> int:
    """Index of the last character of the last value inside `node`."""
    while (
        isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        and node.value
        and not (getattr(node, "flow_style", False))
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return int(max(node.end_mark.index - 1, node.start_mark.index))


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _new_catalog(
    union: str,
    conversion: Conversion,
    source: dict[str, str],
    wanted: list[dict[str, Any]],
    types: dict[str, Any],
) -> str:
    """A first catalog.yaml for a folder that has none; hand-edit it afterwards."""
    responses_style = all(e.payload and e.data is None for e in conversion.events)
    taken = set(types)
    entries = "\n".join(_event_entry(e, taken) for e in wanted)
    lines = [
        f"# Events of the {union} union; first written by `eventgen import openapi`.",
        "# Edit freely: re-imports only change `source`, add events and fix payloads.",
        f"package: {_snake(union)}",
        f"enum: {cap_words(union)}",
        f"title: {_scalar(union)}",
        f"description: {_scalar('The server-sent events of the ' + union + ' union.')}",
    ]
    if responses_style:
        lines.append("type_field: type")
    lines += [
        "upstream: {format: openapi, events: " + _scalar(union) + "}",
        "source: " + _flow(source),
        "",
        "events:",
    ]
    return "\n".join(lines) + "\n" + entries


# --- checking before writing -------------------------------------------------------------


def _validated(catalog_dir: Path, files: dict[Path, str], stale: list[Path]) -> None:
    """Load and validate the result in a scratch copy; raises SpecError. The copy sits
    beside the catalog, so `schemas_from: [../other]` resolves as it will for real."""
    catalog_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=catalog_dir.parent, prefix=".eventgen-import-") as tmp:
        copy = Path(tmp)
        if catalog_dir.is_dir():
            shutil.copytree(catalog_dir, copy, symlinks=True, dirs_exist_ok=True)
        for path in stale:
            (copy / path.relative_to(catalog_dir)).unlink()
        for path, text in files.items():
            target = copy / path.relative_to(catalog_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            validate(load_spec(copy))
        except SpecError as exc:  # name the real files, not the scratch copy
            raise SpecError(
                [replace(d, path=catalog_dir / d.path.relative_to(copy)) for d in exc.diagnostics]
            ) from None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


# --- adopting a hand-written catalog -----------------------------------------------------


def derive_overrides(imported: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """The overrides that turn `imported` into `wanted`: to adopt hand-written schemas."""
    types: dict[str, Any] = {}
    for name, want in wanted.items():
        have = imported.get(name)
        if have is None:
            types[name] = {"schema": want}
            continue
        entry: dict[str, Any] = {}
        if have.get("description") != want.get("description"):
            entry["description"] = want.get("description")
        if have.get("enum") != want.get("enum") and "enum" in want:
            entry["enum"] = want["enum"]
        if _undescribed_type(have) != _undescribed_type(want) and "properties" not in want:
            entry = {"schema": want}
        fields = _field_overrides(have, want)
        if fields:
            entry["fields"] = fields
        if entry:
            types[name] = entry
    return {"types": types}


def _field_overrides(have: dict[str, Any], want: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    have_props, want_props = have.get("properties", {}), want.get("properties", {})
    have_required, want_required = set(have.get("required", [])), set(want.get("required", []))
    for prop, want_prop in want_props.items():
        have_prop = have_props.get(prop)
        change: dict[str, Any] = {}
        if have_prop is None or _bare(have_prop) != _bare(want_prop):
            change["schema"] = want_prop
        else:
            if have_prop.get("nullable", False) != want_prop.get("nullable", False):
                change["nullable"] = want_prop.get("nullable", False)
            if have_prop.get("description") != want_prop.get("description"):
                change["description"] = want_prop.get("description")
        if (prop in have_required) != (prop in want_required):
            change["required"] = prop in want_required
        if change:
            fields[prop] = change
    for prop in have_props:
        if prop not in want_props:
            fields[prop] = {"remove": True}
    return fields


def _bare(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in ("description", "nullable")}


def _undescribed_type(schema: dict[str, Any]) -> dict[str, Any]:
    ignored = ("description", "properties", "required", "enum")
    return {k: v for k, v in schema.items() if k not in ignored}
