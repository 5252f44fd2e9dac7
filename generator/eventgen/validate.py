"""Stage 2: check the catalog and the payload schemas; report every problem by place.

Checks run in two layers. The catalog's shape is checked against the catalog
format (catalog.schema.json beside this module). Rules that span entries follow:
unique wire names, constants and class names; payload types, groups, objects,
statuses, SDKs and extras that exist. The payload schemas are checked against the
dialect described in spec/README.md, so that every
generated class and enum has a chosen name and every union can be told apart.

What one target language cannot spell (a Python keyword as a field name, say) is
the target's to report; see `targets`.

Each check returns diagnostics instead of raising, so one run reports them all.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema

from eventgen.diagnostics import Diagnostic, SpecError
from eventgen.load import Document, Spec

SCHEMA_KEYWORDS = frozenset(
    {
        "type",
        "description",
        "enum",
        "properties",
        "required",
        "items",
        "$ref",
        "nullable",
        "oneOf",
        "additionalProperties",
        "x-enum-descriptions",
    }
)
JSON_TYPES = {"string", "integer", "number", "boolean", "object", "array"}


# The catalog format is eventgen's own, whichever spec folder is given.
CATALOG_FORMAT = Path(__file__).resolve().parent / "catalog.schema.json"
TYPE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def validate(spec: Spec) -> None:
    """Raise SpecError listing every problem in spec/, or return when it is sound."""
    definitions = definitions_of(spec)
    problems = check_schemas(spec.schemas, definitions)
    if spec.included:
        own = {name for name, _ in collect_definitions(spec.schemas).items()}
        included = {n: d for n, d in definitions.items() if n not in own}
        for name, (doc, schema) in included.items():
            problems += _check_named(doc, ("$defs", name), schema, definitions)
    problems += check_catalog(spec.catalog, CATALOG_FORMAT, definitions)
    if not problems:
        problems += check_extras(spec)
    if problems:
        raise SpecError(problems)


def definitions_of(spec: Spec) -> dict[str, tuple[Document, dict[str, Any]]]:
    """The catalog's types: its own, then those of `schemas_from` that it does not replace
    and that its events reach (through payloads, objects and $refs)."""
    definitions = collect_definitions(spec.schemas + spec.included)
    if not spec.included:
        return definitions
    own = set(collect_definitions(spec.schemas))
    reached = _reachable(_roots(spec.catalog.data), definitions)
    return {n: d for n, d in definitions.items() if n in own or n in reached}


def _roots(catalog: Any) -> set[str]:
    if not isinstance(catalog, dict):
        return set()
    roots = {e.get("payload") for e in catalog.get("events", []) if isinstance(e, dict)}
    for obj in (catalog.get("objects") or {}).values():
        if isinstance(obj, dict):
            roots |= {obj.get("payload"), obj.get("status")}
    return {r for r in roots if isinstance(r, str)}


def _reachable(roots: set[str], definitions: dict[str, tuple[Document, Any]]) -> set[str]:
    seen: set[str] = set()
    stack = [r for r in roots if r in definitions]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack += [r for r in _refs(definitions[name][1]) if r in definitions and r not in seen]
    return seen


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        found = [str(schema["$ref"]).rsplit("/", 1)[-1]] if "$ref" in schema else []
        return found + [r for value in schema.values() for r in _refs(value)]
    if isinstance(schema, list):
        return [r for item in schema for r in _refs(item)]
    return []


def collect_definitions(schemas: list[Document]) -> dict[str, tuple[Document, dict[str, Any]]]:
    """Every named type across schema files: name -> (its file, its schema); the first
    file that defines a name wins."""
    found: dict[str, tuple[Document, dict[str, Any]]] = {}
    for doc in schemas:
        defs = doc.data.get("$defs") if isinstance(doc.data, dict) else None
        if isinstance(defs, dict):
            for name, schema in defs.items():
                found.setdefault(name, (doc, schema))
    return found


# --- catalog -------------------------------------------------------------------------


def check_catalog(
    doc: Document, schema_path: Path, definitions: dict[str, tuple[Document, dict[str, Any]]]
) -> list[Diagnostic]:
    shape = _check_against_schema(doc, json.loads(schema_path.read_text(encoding="utf-8")))
    if shape:
        return shape  # the rules below assume the shape is right
    catalog = doc.data
    problems: list[Diagnostic] = []
    where_events = ("events",)

    groups = [g["name"] for g in catalog.get("groups", [])]
    problems += _duplicates(
        doc, [(("groups", i, "name"), g) for i, g in enumerate(groups)], "group"
    )
    sdks = catalog.get("sdks", {})

    payloads_used: list[tuple[tuple[Any, ...], str]] = []
    objects = catalog.get("objects", {})
    for name, obj in objects.items():
        payloads_used.append((("objects", name, "payload"), obj["payload"]))
        if obj.get("status") is not None:
            problems += _expect_enum(doc, ("objects", name, "status"), obj["status"], definitions)

    events = catalog["events"]
    for i, event in enumerate(events):
        at = (*where_events, i)
        if "group" in event and event["group"] not in groups:
            problems.append(
                doc.diagnostic((*at, "group"), _unknown("group", event["group"], groups))
            )
        elif "group" not in event and groups:
            problems.append(doc.diagnostic(at, f"event {event['wire']!r} names no group"))
        if event["class"] == catalog["enum"]:
            problems.append(
                doc.diagnostic((*at, "class"), f"class name {event['class']!r} is the enum's name")
            )
        if event["class"] in definitions:
            problems.append(
                doc.diagnostic(
                    (*at, "class"),
                    f"class name {event['class']!r} is also a payload type in schemas/",
                )
            )
        if event.get("payload") is not None:
            payloads_used.append(((*at, "payload"), event["payload"]))
            for key in ("data",):
                if key in event:
                    problems.append(
                        doc.diagnostic((*at, key), "`data` is for events without a payload type")
                    )
        elif "envelope" in event:
            problems.append(
                doc.diagnostic(
                    (*at, "envelope"), "an envelope wraps a payload; this event has none"
                )
            )
        for sdk in event.get("sdks", {}):
            if sdk not in sdks:
                problems.append(
                    doc.diagnostic((*at, "sdks", sdk), _unknown("SDK", sdk, sdks), at_key=True)
                )
        if "creates" in event and event["creates"] not in objects:
            problems.append(
                doc.diagnostic((*at, "creates"), _unknown("object", event["creates"], objects))
            )
        if "moves" in event:
            problems += _check_move(doc, (*at, "moves"), event["moves"], objects, definitions)

    constants = [
        (
            ((*where_events, i, "constant") if "constant" in e else (*where_events, i, "wire")),
            e.get("constant") or constant_name(e["wire"]),
        )
        for i, e in enumerate(events)
    ]
    problems += _duplicates(doc, constants, "constant")
    for field_name, label in (("wire", "wire name"), ("class", "class")):
        problems += _duplicates(
            doc,
            [((*where_events, i, field_name), e[field_name]) for i, e in enumerate(events)],
            label,
        )

    if catalog["enum"] in definitions:
        problems.append(
            doc.diagnostic(("enum",), f"enum name {catalog['enum']!r} is also a type in schemas/")
        )
    for where, payload in payloads_used:
        if payload not in definitions:
            problems.append(
                doc.diagnostic(where, _unknown("payload type", payload, definitions, "schemas/"))
            )
        elif not _is_object_schema(definitions[payload][1]):
            problems.append(doc.diagnostic(where, f"payload type {payload!r} is not an object"))
    return problems


def constant_name(value: str) -> str:
    """The constant of a value: `in_progress` -> `IN_PROGRESS`, `thread.run.created` ->
    `THREAD_RUN_CREATED`; an event's when the catalog names none."""
    name = re.sub(r"\W", "_", value, flags=re.ASCII).upper()
    return f"_{name}" if not name or name[0].isdigit() else name


# Modules every Python package has: an extra of the same name would replace one.
_HERE = Path(__file__).resolve().parent
PACKAGE_MODULES = frozenset(
    [
        p.name.removesuffix(".jinja").removesuffix(".py")
        for p in (_HERE / "templates/python/package").glob("*.jinja")
    ]
    + [p.stem for p in (_HERE / "runtime").glob("*.py")]
)


def check_extras(spec: Spec) -> list[Diagnostic]:
    """Every extra module the catalog asks for has its template beside the catalog, and
    none takes the name of a module the package has anyway."""
    problems = []
    for i, name in enumerate(spec.catalog.data.get("extras", [])):
        if name in PACKAGE_MODULES:
            problems.append(
                spec.catalog.diagnostic(
                    ("extras", i), f"extra {name!r} would replace the package's own {name}.py"
                )
            )
            continue
        found = [f for f in spec.extras if (f / "python" / f"{name}.py.jinja").is_file()]
        if not found:
            problems.append(
                spec.catalog.diagnostic(
                    ("extras", i),
                    f"extra {name!r} has no template: expected extras/python/{name}.py.jinja",
                )
            )
    return problems


def _check_move(
    doc: Document,
    at: tuple[Any, ...],
    move: dict[str, Any],
    objects: dict[str, Any],
    definitions: dict[str, tuple[Document, dict[str, Any]]],
) -> list[Diagnostic]:
    obj = objects.get(move["object"])
    if obj is None:
        return [doc.diagnostic((*at, "object"), _unknown("object", move["object"], objects))]
    if obj.get("status") is None or obj["status"] not in definitions:
        return [doc.diagnostic((*at, "object"), f"object {move['object']!r} has no status enum")]
    statuses = definitions[obj["status"]][1].get("enum", [])
    problems = []
    if move["to"] not in statuses:
        problems.append(
            doc.diagnostic((*at, "to"), f"{move['to']!r} is not a value of {obj['status']}")
        )
    for j, source in enumerate(move["from"]):
        if source != "created" and source not in statuses:
            problems.append(
                doc.diagnostic(
                    (*at, "from", j),
                    f"{source!r} is neither 'created' nor a value of {obj['status']}",
                )
            )
    return problems


def _expect_enum(
    doc: Document,
    where: tuple[Any, ...],
    name: str,
    definitions: dict[str, tuple[Document, dict[str, Any]]],
) -> list[Diagnostic]:
    if name not in definitions:
        return [doc.diagnostic(where, f"{name!r} is not defined in spec/schemas")]
    if "enum" not in definitions[name][1]:
        return [doc.diagnostic(where, f"{name!r} is not an enum")]
    return []


def _duplicates(
    doc: Document, entries: list[tuple[tuple[Any, ...], str]], label: str
) -> list[Diagnostic]:
    first: dict[str, tuple[Any, ...]] = {}
    problems = []
    for where, value in entries:
        if value in first:
            line = doc.diagnostic(first[value], "").line
            problems.append(
                doc.diagnostic(where, f"duplicate {label} {value!r} (first on line {line})")
            )
        else:
            first[value] = where
    return problems


def _check_against_schema(doc: Document, schema: dict[str, Any]) -> list[Diagnostic]:
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for error in validator.iter_errors(doc.data):
        error = _deepest(error)
        where = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {})
            for extra in sorted(k for k in error.instance if k not in allowed):
                problems.append(
                    doc.diagnostic((*where, extra), _unknown("key", extra, allowed), at_key=True)
                )
            continue
        if error.validator == "required":
            problems.append(doc.diagnostic(where, error.message))
            continue
        problems.append(doc.diagnostic(where, f"{_name(where)}: {error.message}"))
    return problems


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a failed oneOf, the error of the branch that got furthest says the most."""
    while error.context:
        error = jsonschema.exceptions.best_match(error.context)
    return error


def _unknown(what: str, name: str, known: Any, where: str = "") -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    text = f"{what} {name!r} is not defined in {where}" if where else f"unknown {what} {name!r}"
    return text + (f"; did you mean {close[0]!r}?" if close else "")


def _name(where: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in where) or "catalog"


# --- payload schemas ---------------------------------------------------------------


def check_schemas(
    schemas: list[Document], definitions: dict[str, tuple[Document, dict[str, Any]]]
) -> list[Diagnostic]:
    """The catalog's own schema files; `$ref`s resolve in `definitions`, which may hold
    types from `schemas_from` too."""
    problems: list[Diagnostic] = []
    names: dict[str, Document] = {}
    for doc in schemas:
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get("$defs"), dict):
            problems.append(doc.diagnostic((), "a schema file holds its types under `$defs`"))
            continue
        for key in doc.data:
            if key != "$defs":
                problems.append(doc.diagnostic((key,), f"unknown key {key!r}", at_key=True))
        for name in doc.data["$defs"]:
            where = ("$defs", name)
            if name in names:
                problems.append(
                    doc.diagnostic(
                        where,
                        f"type {name!r} is also defined in {names[name].path.name}",
                        at_key=True,
                    )
                )
            names.setdefault(name, doc)
            if not TYPE_NAME.match(name):
                problems.append(
                    doc.diagnostic(
                        where, f"type name {name!r} must be a CapWords identifier", at_key=True
                    )
                )
    for name, (doc, schema) in collect_definitions(schemas).items():
        problems += _check_named(doc, ("$defs", name), schema, definitions)
    return problems


def _check_named(
    doc: Document, at: tuple[Any, ...], schema: Any, definitions: dict[str, Any]
) -> list[Diagnostic]:
    if not isinstance(schema, dict):
        return [doc.diagnostic(at, "a type is a mapping")]
    problems = _check_keywords(doc, at, schema)
    if "oneOf" in schema:
        if not isinstance(schema["oneOf"], list) or not schema["oneOf"]:
            return problems + [doc.diagnostic((*at, "oneOf"), "oneOf is a list of $refs")]
        return problems + _check_union(doc, at, schema, definitions)
    if "enum" in schema:
        if (
            schema.get("type") != "string"
            or not isinstance(schema["enum"], list)
            or not schema["enum"]
            or not all(isinstance(v, str) for v in schema["enum"])
        ):
            problems.append(
                doc.diagnostic((*at, "enum"), "an enum is a list of strings of type string")
            )
            return problems
        problems += _check_enum_values(doc, (*at, "enum"), schema["enum"])
        return problems + _check_meanings(doc, at, schema)
    if schema.get("type") != "object":
        return problems + [
            doc.diagnostic(at, "a named type is an object, a string enum or a oneOf")
        ]
    return problems + _check_object(doc, at, schema, definitions)


def _check_enum_values(doc: Document, at: tuple[Any, ...], values: list[str]) -> list[Diagnostic]:
    """Values are unique, and so are the constants they are spelled as."""
    problems = []
    constants: dict[str, str] = {}
    for i, value in enumerate(values):
        constant = constant_name(value)
        if constant in constants:
            first = constants[constant]
            what = "is listed twice" if first == value else f"and {first!r} both give {constant}"
            problems.append(doc.diagnostic((*at, i), f"enum value {value!r} {what}"))
        constants.setdefault(constant, value)
    return problems


def _check_meanings(doc: Document, at: tuple[Any, ...], schema: dict[str, Any]) -> list[Diagnostic]:
    """`x-enum-descriptions` says what values of this enum mean: value -> text."""
    meanings = schema.get("x-enum-descriptions")
    if meanings is None:
        return []
    where = (*at, "x-enum-descriptions")
    if not isinstance(meanings, dict):
        return [doc.diagnostic(where, "x-enum-descriptions maps enum values to text")]
    problems = []
    for value, text in meanings.items():
        if value not in schema["enum"]:
            problems.append(
                doc.diagnostic(
                    (*where, value), f"{value!r} is not a value of this enum", at_key=True
                )
            )
        elif not isinstance(text, str):
            problems.append(doc.diagnostic((*where, value), "a meaning is text"))
    return problems


def _check_object(
    doc: Document, at: tuple[Any, ...], schema: dict[str, Any], definitions: dict[str, Any]
) -> list[Diagnostic]:
    problems = []
    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        return [doc.diagnostic((*at, "properties"), "properties is a mapping")]
    for prop, prop_schema in properties.items():
        where = (*at, "properties", prop)
        if not PROPERTY_NAME.match(prop):
            problems.append(
                doc.diagnostic(
                    where,
                    f"property {prop!r} is not an identifier (letters, digits, _)",
                    at_key=True,
                )
            )
        problems += _check_property(doc, where, prop_schema, definitions)
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        problems.append(doc.diagnostic((*at, "required"), "required is a list of property names"))
        required = []
    for i, name in enumerate(required):
        if name not in properties:
            problems.append(doc.diagnostic((*at, "required", i), f"{name!r} is not a property"))
    if "additionalProperties" in schema:
        problems += _check_additional(doc, (*at, "additionalProperties"), schema, definitions)
    return problems


def _check_additional(
    doc: Document, at: tuple[Any, ...], schema: dict[str, Any], definitions: dict[str, Any]
) -> list[Diagnostic]:
    value = schema["additionalProperties"]
    if isinstance(value, bool):
        return []
    if isinstance(value, dict):
        return _check_property(doc, at, value, definitions)
    return [doc.diagnostic(at, "additionalProperties is true, false or a schema")]


def _check_property(
    doc: Document, at: tuple[Any, ...], schema: Any, definitions: dict[str, Any]
) -> list[Diagnostic]:
    if not isinstance(schema, dict):
        return [doc.diagnostic(at, "a property schema is a mapping")]
    problems = _check_keywords(doc, at, schema)
    if "description" in schema and not isinstance(schema["description"], str):
        problems.append(doc.diagnostic((*at, "description"), "a description is a string"))
    if "nullable" in schema and not isinstance(schema["nullable"], bool):
        problems.append(doc.diagnostic((*at, "nullable"), "nullable is true or false"))
    if "$ref" in schema:
        return problems + _check_ref(doc, (*at, "$ref"), schema["$ref"], definitions)
    kind = schema.get("type")
    if isinstance(kind, list):  # [x, "null"]: another way to say nullable
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1 or len(kind) != 2 or kinds[0] not in JSON_TYPES:
            return problems + [
                doc.diagnostic((*at, "type"), 'a type list is one JSON type and "null"')
            ]
        kind = kinds[0]
    if kind is None:
        extra = set(schema) - {"description", "nullable"}
        if extra:
            problems.append(
                doc.diagnostic(at, "a property without `type` or `$ref` holds any value")
            )
        return problems
    if kind not in JSON_TYPES:
        return problems + [doc.diagnostic(at, f"type must be one of {sorted(JSON_TYPES)}")]
    if (
        "oneOf" in schema
        or "enum" in schema
        and (
            kind != "string"
            or not isinstance(schema["enum"], list)
            or len(schema["enum"]) != 1
            or not isinstance(schema["enum"][0], str)
        )
    ):
        problems.append(doc.diagnostic(at, "name this union or enum under $defs and $ref it"))
    if kind == "object" and "properties" in schema:
        problems.append(doc.diagnostic(at, "name this object type under $defs and $ref it"))
    if kind == "object" and "additionalProperties" in schema:
        problems += _check_additional(doc, (*at, "additionalProperties"), schema, definitions)
    if kind == "array":
        if "items" not in schema:
            problems.append(doc.diagnostic(at, "an array says what its `items` are"))
        else:
            problems += _check_property(doc, (*at, "items"), schema["items"], definitions)
    return problems


def _check_union(
    doc: Document, at: tuple[Any, ...], schema: dict[str, Any], definitions: dict[str, Any]
) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    tags: dict[str, str] = {}
    strings = 0
    for i, variant in enumerate(schema["oneOf"]):
        where = (*at, "oneOf", i)
        if not isinstance(variant, dict) or set(variant) != {"$ref"}:
            problems.append(doc.diagnostic(where, "a union variant is a bare $ref to a named type"))
            continue
        ref_problems = _check_ref(doc, (*where, "$ref"), variant["$ref"], definitions)
        if ref_problems:
            problems += ref_problems
            continue
        name = variant["$ref"].rsplit("/", 1)[1]
        target = definitions[name][1]
        if "enum" in target:
            strings += 1
            continue
        plain = {n: schema for n, (_, schema) in definitions.items()}
        for tag in discriminator_values(target, plain):
            if tag in tags:
                problems.append(
                    doc.diagnostic(where, f"type {tag!r} is claimed by both {tags[tag]} and {name}")
                )
            tags[tag] = name
        if not discriminator_values(target, plain):
            problems.append(
                doc.diagnostic(where, f"variant {name} has no `type` enum to tell it apart")
            )
    if strings > 1:
        problems.append(
            doc.diagnostic((*at, "oneOf"), "a union has at most one string enum variant")
        )
    return problems


def discriminator_values(schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """The values of an object's `type` property: how a union tells this variant apart.

    `definitions` maps each type name to its schema.
    """
    prop = schema.get("properties", {}).get("type")
    if not isinstance(prop, dict):
        return []
    if "$ref" in prop:
        prop = definitions.get(str(prop["$ref"]).rsplit("/", 1)[-1], {})
    values = prop.get("enum", [])
    return [v for v in values if isinstance(v, str)]


def _check_ref(
    doc: Document, at: tuple[Any, ...], ref: Any, definitions: dict[str, Any]
) -> list[Diagnostic]:
    if not isinstance(ref, str) or not ref.startswith("#/$defs/"):
        return [doc.diagnostic(at, "a $ref reads '#/$defs/<TypeName>'")]
    if ref.removeprefix("#/$defs/") not in definitions:
        return [doc.diagnostic(at, f"unknown type {ref.removeprefix('#/$defs/')!r}")]
    return []


def _check_keywords(doc: Document, at: tuple[Any, ...], schema: dict[str, Any]) -> list[Diagnostic]:
    return [
        doc.diagnostic((*at, key), _unknown("schema keyword", key, SCHEMA_KEYWORDS), at_key=True)
        for key in schema
        if key not in SCHEMA_KEYWORDS
    ]


def _is_object_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "object"
