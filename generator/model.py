"""Stage 3: the intermediate model, plain dataclasses that the templates read.

Two sources meet here. datamodel-code-generator (through `datamodel_adapter`)
decides which payload classes, enums and unions exist and each field's Python
type; the schemas add what its output cannot say: the wire name, whether a field
is required or nullable, descriptions, and the `type` values that tell union
variants apart. The catalog adds the events, their SDK names and lifecycles.

Templates only read this model; they never see YAML, schemas or the adapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.datamodel_adapter import Declarations, PyType, declare_payload_types
from generator.load import Spec
from generator.validate import collect_definitions, discriminator_values

PRIMITIVE_KINDS = {"str": "str", "int": "int", "float": "float", "bool": "bool", "Any": "any"}


@dataclass(frozen=True)
class ValueType:
    """How one JSON value is decoded and encoded.

    kind: str, int, float, bool, any (kept as is), map (a JSON object kept as a
    dict), object (a payload class), enum (an open enum), union, or list (of item).
    """

    kind: str
    annotation: str
    name: str = ""
    item: ValueType | None = None


@dataclass(frozen=True)
class Field:
    name: str
    type: ValueType
    required: bool
    nullable: bool
    description: str

    @property
    def annotation(self) -> str:
        optional = self.nullable or not self.required
        return f"{self.type.annotation} | None" if optional else self.type.annotation


@dataclass(frozen=True)
class PayloadClass:
    name: str
    description: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class EnumMember:
    constant: str
    value: str


@dataclass(frozen=True)
class PayloadEnum:
    name: str
    description: str
    members: tuple[EnumMember, ...]


@dataclass(frozen=True)
class Variant:
    class_name: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class PayloadUnion:
    name: str
    description: str
    variants: tuple[Variant, ...]
    string_enum: str | None

    @property
    def annotation(self) -> str:
        members = [v.class_name for v in self.variants] + ["UnknownVariant"]
        if self.string_enum:
            members.insert(0, self.string_enum)
        return " | ".join(members)


@dataclass(frozen=True)
class PayloadAlias:
    name: str
    description: str
    annotation: str


@dataclass(frozen=True)
class SdkName:
    name: str
    payload: str | None
    description: str


@dataclass(frozen=True)
class Move:
    object: str
    to: str
    sources: tuple[str, ...]
    terminal: bool


@dataclass(frozen=True)
class Event:
    wire: str
    constant: str
    class_name: str
    payload: str | None
    group: str
    description: str
    typescript: SdkName | None
    java: SdkName | None
    creates: str | None
    move: Move | None
    envelope: str | None


@dataclass(frozen=True)
class Group:
    name: str
    title: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    event: str


@dataclass(frozen=True)
class Lifecycle:
    object: str
    title: str
    payload: str
    status_enum: str
    transitions: tuple[Transition, ...]


@dataclass(frozen=True)
class Project:
    package: str
    enum_name: str
    description: str
    accumulator: bool
    typescript_title: str
    java_title: str
    events: tuple[Event, ...]
    groups: tuple[Group, ...]
    classes: tuple[PayloadClass, ...]
    enums: tuple[PayloadEnum, ...]
    unions: tuple[PayloadUnion, ...]
    aliases: tuple[PayloadAlias, ...]
    lifecycles: tuple[Lifecycle, ...]

    @property
    def payload_names(self) -> list[str]:
        """Every public name of the payloads module."""
        groups = (self.enums, self.aliases, self.classes, self.unions)
        return [item.name for group in groups for item in group] + ["UnknownVariant"]

    @property
    def payload_types(self) -> list[str]:
        """Payload class names that events carry, in catalog order, once each."""
        return list(dict.fromkeys(e.payload for e in self.events if e.payload))


def build_model(spec: Spec) -> Project:
    definitions = {name: schema for name, (_, schema) in collect_definitions(spec.schemas).items()}
    declared = declare_payload_types(definitions)
    catalog = spec.catalog.data
    events = tuple(_event(entry) for entry in catalog["events"])
    return Project(
        package=catalog["package"],
        enum_name=catalog["enum"],
        description=catalog["description"],
        accumulator=catalog.get("accumulator", False),
        typescript_title=catalog["sdks"]["typescript"]["title"],
        java_title=catalog["sdks"]["java"]["title"],
        events=events,
        groups=tuple(
            Group(g["name"], g["title"], tuple(e for e in events if e.group == g["name"]))
            for g in catalog["groups"]
        ),
        classes=tuple(
            _payload_class(name, definitions, declared)
            for name in definitions
            if name in declared.classes
        ),
        enums=tuple(
            PayloadEnum(
                name,
                _text(definitions[name].get("description")),
                tuple(EnumMember(constant_name(v), v) for v in declared.enums[name]),
            )
            for name in definitions
            if name in declared.enums
        ),
        unions=tuple(
            _union(name, definitions, declared)
            for name in definitions
            if declared.aliases.get(name, PyType("")).kind == "union"
        ),
        aliases=tuple(
            PayloadAlias(
                name,
                _text(definitions[name].get("description")),
                _value_type(declared.aliases[name], declared).annotation,
            )
            for name in definitions
            if name in declared.aliases and declared.aliases[name].kind != "union"
        ),
        lifecycles=tuple(
            _lifecycle(name, obj, events)
            for name, obj in catalog["objects"].items()
            if obj["status"] is not None
        ),
    )


def constant_name(value: str) -> str:
    """`in_progress` -> `IN_PROGRESS`, `thread.run.created` -> `THREAD_RUN_CREATED`."""
    name = re.sub(r"\W", "_", value).upper()
    return f"_{name}" if not name or name[0].isdigit() else name


def _event(entry: dict[str, Any]) -> Event:
    sdks = entry["sdks"]
    ts, java = sdks["typescript"], sdks["java"]
    move = entry.get("moves")
    return Event(
        wire=entry["wire"],
        constant=entry["constant"],
        class_name=entry["class"],
        payload=entry["payload"],
        group=entry["group"],
        description=_text(entry["description"]),
        typescript=SdkName(ts["interface"], ts["payload"], ts["description"]) if ts else None,
        java=SdkName(java["constant"], java["payload"], java["description"]) if java else None,
        creates=entry.get("creates"),
        envelope=entry.get("envelope"),
        move=Move(move["object"], move["to"], tuple(move["from"]), move["terminal"])
        if move
        else None,
    )


def _payload_class(name: str, definitions: dict[str, Any], declared: Declarations) -> PayloadClass:
    schema = definitions[name]
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    declared_fields = declared.classes[name].fields
    # The schema's property order, which is the order the API documents and sends.
    assert set(properties) == set(declared_fields), (name, set(properties) ^ set(declared_fields))
    return PayloadClass(
        name=name,
        description=_text(schema.get("description")),
        fields=tuple(
            Field(
                name=prop,
                type=_value_type(declared_fields[prop], declared),
                required=prop in required,
                nullable=bool(prop_schema.get("nullable")),
                description=_field_description(prop_schema, definitions),
            )
            for prop, prop_schema in properties.items()
        ),
    )


def _union(name: str, definitions: dict[str, Any], declared: Declarations) -> PayloadUnion:
    variants = []
    string_enum = None
    for member in declared.aliases[name].args:
        if member.name in declared.enums:
            string_enum = member.name
        else:
            variants.append(
                Variant(
                    member.name, tuple(discriminator_values(definitions[member.name], definitions))
                )
            )
    return PayloadUnion(
        name, _text(definitions[name].get("description")), tuple(variants), string_enum
    )


def _value_type(t: PyType, declared: Declarations) -> ValueType:
    if t.kind == "primitive":
        kind = PRIMITIVE_KINDS[t.name]
        return ValueType(kind, t.name)
    if t.kind == "literal":  # a one-value enum inline: kept as an open string
        return ValueType("str", "str")
    if t.kind == "list":
        item = _value_type(t.args[0], declared)
        return ValueType("list", f"list[{item.annotation}]", item=item)
    if t.kind == "dict":
        value = _value_type(t.args[1], declared)
        return ValueType("map", f"dict[str, {value.annotation}]")
    if t.kind == "ref" and t.name in declared.classes:
        return ValueType("object", t.name, name=t.name)
    if t.kind == "ref" and t.name in declared.enums:
        return ValueType("enum", t.name, name=t.name)
    if t.kind == "ref" and t.name in declared.aliases:
        alias = declared.aliases[t.name]
        if alias.kind == "union":
            return ValueType("union", t.name, name=t.name)
        resolved = _value_type(alias, declared)
        return ValueType(resolved.kind, t.name, name=t.name, item=resolved.item)
    raise ValueError(f"cannot model the type {t}")


def _lifecycle(name: str, obj: dict[str, Any], events: tuple[Event, ...]) -> Lifecycle:
    transitions = [Transition("[*]", "created", e.wire) for e in events if e.creates == name]
    for e in events:
        if e.move and e.move.object == name:
            transitions += [Transition(s, e.move.to, e.wire) for s in e.move.sources]
            if e.move.terminal:
                transitions.append(Transition(e.move.to, "[*]", ""))
    return Lifecycle(
        object=name,
        title=obj["title"],
        payload=obj["payload"],
        status_enum=obj["status"],
        transitions=tuple(dict.fromkeys(transitions)),
    )


def _field_description(prop_schema: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "description" in prop_schema:
        return _text(prop_schema["description"])
    ref = prop_schema.get("$ref") or prop_schema.get("items", {}).get("$ref")
    if ref:
        return _text(definitions[ref.rsplit("/", 1)[1]].get("description"))
    return ""


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())
