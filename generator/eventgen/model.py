"""Stage 3: the intermediate model, plain dataclasses that the templates read.

Two sources meet here. datamodel-code-generator (through `datamodel_adapter`)
decides which payload classes, enums and unions exist and each field's type; the
schemas add what its output cannot say: whether a field is required or nullable,
descriptions, and the `type` values that tell union variants apart. The catalog
adds the events, their SDK names and lifecycles.

The model speaks no target language: a type is a `TypeRef` of a JSON kind, and
each target (see `targets`) spells it in its own language. Every named thing keeps
its `Origin`, so a target that cannot use a name reports it at its place in spec/.
Templates only read this model; they never see YAML, schemas or the adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventgen.datamodel_adapter import Declarations, PyType, declare_payload_types
from eventgen.diagnostics import Diagnostic
from eventgen.load import Document, MergedCatalog, Spec
from eventgen.validate import (
    collect_definitions,
    constant_name,
    definitions_of,
    discriminator_values,
)

# datamodel-code-generator's primitive names -> the model's JSON kinds
PRIMITIVE_KINDS = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "Any": "any",
}


@dataclass(frozen=True)
class Origin:
    """Where a name was written: a document and the key path within it."""

    doc: Document
    where: tuple[Any, ...]
    at_key: bool = True

    def diagnostic(self, message: str) -> Diagnostic:
        return self.doc.diagnostic(self.where, message, at_key=self.at_key)


@dataclass(frozen=True)
class TypeRef:
    """The type of one JSON value.

    kind: string, integer, number, boolean, any (kept as is), map (an object of
    `item` values), list (of `item`), object (a payload class), enum (an open
    enum) or union. `name` is the named type for object, enum and union, and the
    alias a field was declared with, if any, for the others.
    """

    kind: str
    name: str = ""
    item: TypeRef | None = None


@dataclass(frozen=True)
class Field:
    name: str
    """The key on the wire."""
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    origin: Origin
    values: tuple[str, ...] = ()
    """The values an inline one-value `enum` allows (a union variant's `type`), if any."""

    @property
    def optional(self) -> bool:
        """Whether the type admits null: nullable, or allowed to be absent."""
        return self.nullable or not self.required


@dataclass(frozen=True)
class PayloadClass:
    name: str
    description: str
    fields: tuple[Field, ...]
    origin: Origin


@dataclass(frozen=True)
class EnumMember:
    constant: str
    value: str
    description: str = ""
    """What the value means (the schema's `x-enum-descriptions`), if said."""


@dataclass(frozen=True)
class PayloadEnum:
    name: str
    description: str
    members: tuple[EnumMember, ...]
    origin: Origin


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
    origin: Origin


@dataclass(frozen=True)
class PayloadAlias:
    name: str
    description: str
    type: TypeRef
    origin: Origin


@dataclass(frozen=True)
class Sdk:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class SdkName:
    sdk: str
    """The id of the SDK in the catalog's `sdks`."""
    name: str | None
    """How the SDK names the event; None records that it has no name for it."""
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
    data: str
    """The data text of an event without a payload type."""
    group: str
    description: str
    sdk_names: tuple[SdkName, ...]
    creates: str | None
    move: Move | None
    envelope: str | None
    origin: Origin
    ends_stream: bool = False
    """A stream is complete after this event; one that ends before any such event was cut."""

    def sdk_name(self, sdk: str) -> SdkName | None:
        """This event's entry for `sdk`, or None when the catalog records nothing."""
        return next((n for n in self.sdk_names if n.sdk == sdk), None)


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
class Source:
    """The upstream document a catalog's schemas were imported from."""

    title: str
    version: str
    sha256: str
    file: str


@dataclass(frozen=True)
class Shared:
    """How a catalog's types differ from those of the catalogs it shares schemas with."""

    catalogs: tuple[str, ...]
    """The folder names of the catalogs in `schemas_from`."""
    added: tuple[str, ...]
    """Types only this catalog has."""
    replaced: tuple[str, ...]
    """Types it defines anew, in place of theirs of the same name."""
    left_out: tuple[str, ...]
    """Their types that none of this catalog's events reach."""
    events_changed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """With `events_from`: each base event this catalog changes, and the keys it changes
    (SDK names aside: those are every catalog's own)."""
    events_added: tuple[str, ...] = ()
    """With `events_from`: events the base does not have."""


@dataclass(frozen=True)
class Project:
    name: str
    """The catalog's folder name: its id among catalogs."""
    package: str
    enum_name: str
    title: str
    description: str
    type_field: str | None
    extras: tuple[str, ...]
    sdks: tuple[Sdk, ...]
    events: tuple[Event, ...]
    groups: tuple[Group, ...]
    classes: tuple[PayloadClass, ...]
    enums: tuple[PayloadEnum, ...]
    unions: tuple[PayloadUnion, ...]
    aliases: tuple[PayloadAlias, ...]
    lifecycles: tuple[Lifecycle, ...]
    origin: Origin
    shared: Shared | None = None
    source: Source | None = None
    folder: Path = Path(".")
    """The catalog's folder (its samples/ hold example streams)."""

    @property
    def payload_names(self) -> list[str]:
        """Every named payload type."""
        groups = (self.enums, self.aliases, self.classes, self.unions)
        return [item.name for group in groups for item in group]

    @property
    def payload_types(self) -> list[str]:
        """Payload class names that events carry, in catalog order, once each."""
        return list(dict.fromkeys(e.payload for e in self.events if e.payload))

    @property
    def stream_ends(self) -> list[Event]:
        """The events after which a stream is complete."""
        return [e for e in self.events if e.ends_stream]

    @property
    def example_event(self) -> Event:
        """The event that examples show: the first one with a payload."""
        return next((e for e in self.events if e.payload), self.events[0])


def build_model(spec: Spec) -> Project:
    definitions = definitions_of(spec)
    schemas = {name: schema for name, (_, schema) in definitions.items()}
    declared = declare_payload_types(schemas)
    catalog = spec.catalog.data
    doc = spec.catalog
    events = tuple(_event(doc, i, entry) for i, entry in enumerate(catalog["events"]))
    groups = catalog.get("groups") or [{"name": "events", "title": "Events"}]

    def origin(name: str) -> Origin:
        return Origin(definitions[name][0], ("$defs", name))

    return Project(
        name=spec.root.name,
        package=catalog["package"],
        enum_name=catalog["enum"],
        title=catalog.get("title") or catalog["enum"],
        description=_text(catalog["description"]),
        type_field=catalog.get("type_field"),
        extras=tuple(catalog.get("extras", ())),
        sdks=tuple(
            Sdk(sdk_id, sdk["title"], _text(sdk.get("description")))
            for sdk_id, sdk in catalog.get("sdks", {}).items()
        ),
        events=events,
        groups=tuple(
            Group(g["name"], g["title"], tuple(e for e in events if e.group == g["name"]))
            for g in groups
        ),
        classes=tuple(
            _payload_class(name, schemas, declared, origin(name))
            for name in schemas
            if name in declared.classes
        ),
        enums=tuple(
            PayloadEnum(
                name,
                _text(schemas[name].get("description")),
                tuple(
                    EnumMember(constant_name(v), v, _text(_meanings(schemas[name]).get(v)))
                    for v in declared.enums[name]
                ),
                origin(name),
            )
            for name in schemas
            if name in declared.enums
        ),
        unions=tuple(
            _union(name, schemas, declared, origin(name))
            for name in schemas
            if declared.aliases.get(name, PyType("")).kind == "union"
        ),
        aliases=tuple(
            PayloadAlias(
                name,
                _text(schemas[name].get("description")),
                _type(declared.aliases[name], declared),
                origin(name),
            )
            for name in schemas
            if name in declared.aliases and declared.aliases[name].kind != "union"
        ),
        lifecycles=tuple(
            _lifecycle(name, obj, events)
            for name, obj in catalog.get("objects", {}).items()
            if obj.get("status") is not None
        ),
        origin=Origin(doc, ("package",), at_key=False),
        shared=_shared(spec, set(schemas)),
        source=_source(catalog.get("source")),
        folder=spec.root,
    )


def _source(source: dict[str, Any] | None) -> Source | None:
    if source is None:
        return None
    return Source(source["title"], source["version"], source["sha256"], source.get("file", ""))


def _shared(spec: Spec, used: set[str]) -> Shared | None:
    catalog = spec.catalog
    if not spec.shared and not isinstance(catalog, MergedCatalog):
        return None
    own = list(collect_definitions(spec.schemas))
    theirs = list(collect_definitions(spec.included))
    changed, added = [], []
    if isinstance(catalog, MergedCatalog):
        for i, (mine, base) in sorted(catalog.event_sources.items()):
            wire = catalog.data["events"][i]["wire"]
            keys = (
                tuple(k for k in catalog.own_event(mine) if k not in ("wire", "sdks"))
                if (mine is not None)
                else ()
            )
            if base is None:
                added.append(wire)
            elif keys:
                changed.append((wire, keys))
    folders = list(spec.shared)
    if isinstance(catalog, MergedCatalog) and catalog.base is not None:
        folders.insert(0, catalog.base.path.parent)
    return Shared(
        catalogs=tuple(dict.fromkeys(folder.name for folder in folders)),
        added=tuple(name for name in own if name not in theirs),
        replaced=tuple(name for name in own if name in theirs),
        left_out=tuple(name for name in theirs if name not in used),
        events_changed=tuple(changed),
        events_added=tuple(added),
    )


def _event(doc: Document, index: int, entry: dict[str, Any]) -> Event:
    move = entry.get("moves")
    return Event(
        wire=entry["wire"],
        constant=entry.get("constant") or constant_name(entry["wire"]),
        class_name=entry["class"],
        payload=entry.get("payload"),
        data=entry.get("data", ""),
        group=entry.get("group", "events"),
        description=_text(entry["description"]),
        sdk_names=tuple(
            SdkName(sdk, None, None, "")
            if named is None
            else SdkName(sdk, named["name"], named.get("payload"), _text(named.get("description")))
            for sdk, named in entry.get("sdks", {}).items()
        ),
        creates=entry.get("creates"),
        envelope=entry.get("envelope"),
        move=Move(move["object"], move["to"], tuple(move["from"]), move.get("terminal", False))
        if move
        else None,
        origin=Origin(doc, ("events", index, "class"), at_key=False),
        ends_stream=entry.get("ends_stream", False),
    )


def _payload_class(
    name: str, schemas: dict[str, Any], declared: Declarations, origin: Origin
) -> PayloadClass:
    schema = schemas[name]
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    declared_fields = declared.classes[name].fields
    return PayloadClass(
        name=name,
        description=_text(schema.get("description")),
        fields=tuple(
            Field(
                name=prop,
                type=_type(declared_fields[prop], declared),
                required=prop in required,
                nullable=_nullable(prop_schema),
                description=_field_description(prop_schema, schemas),
                origin=Origin(origin.doc, (*origin.where, "properties", prop)),
                values=tuple(str(v) for v in prop_schema.get("enum", ())),
            )
            for prop, prop_schema in properties.items()
        ),
        origin=origin,
    )


def _union(
    name: str, schemas: dict[str, Any], declared: Declarations, origin: Origin
) -> PayloadUnion:
    variants = []
    string_enum = None
    for member in declared.aliases[name].args:
        if member.name in declared.enums:
            string_enum = member.name
        else:
            tags = tuple(discriminator_values(schemas[member.name], schemas))
            variants.append(Variant(member.name, tags))
    return PayloadUnion(
        name, _text(schemas[name].get("description")), tuple(variants), string_enum, origin
    )


def _type(t: PyType, declared: Declarations) -> TypeRef:
    if t.kind == "primitive":
        return TypeRef(PRIMITIVE_KINDS[t.name])
    if t.kind == "literal":  # a one-value enum inline: kept as an open string
        return TypeRef("string")
    if t.kind == "list":
        return TypeRef("list", item=_type(t.args[0], declared))
    if t.kind == "dict":
        return TypeRef("map", item=_type(t.args[1], declared))
    if t.kind == "ref" and t.name in declared.classes:
        return TypeRef("object", t.name)
    if t.kind == "ref" and t.name in declared.enums:
        return TypeRef("enum", t.name)
    if t.kind == "ref" and t.name in declared.aliases:
        alias = declared.aliases[t.name]
        if alias.kind == "union":
            return TypeRef("union", t.name)
        resolved = _type(alias, declared)
        return TypeRef(resolved.kind, t.name, resolved.item)
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


def _field_description(prop_schema: dict[str, Any], schemas: dict[str, Any]) -> str:
    if "description" in prop_schema:
        return _text(prop_schema["description"])
    items = prop_schema.get("items")
    ref = prop_schema.get("$ref") or (items.get("$ref") if isinstance(items, dict) else None)
    if isinstance(ref, str):
        return _text(schemas.get(ref.rsplit("/", 1)[-1], {}).get("description"))
    return ""


def _meanings(schema: dict[str, Any]) -> dict[str, Any]:
    meanings = schema.get("x-enum-descriptions")
    return meanings if isinstance(meanings, dict) else {}


def _nullable(prop_schema: dict[str, Any]) -> bool:
    kind = prop_schema.get("type")
    return bool(prop_schema.get("nullable")) or (isinstance(kind, list) and "null" in kind)


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())
