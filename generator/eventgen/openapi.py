"""Read an OpenAPI 3.0/3.1 document and translate one stream-event union into our dialect.

The dialect (see the comment atop a catalog's schemas/common.yaml) is much smaller than
OpenAPI's JSON Schema, so the translation makes choices; they are all here:

- **Reading.** YAML or JSON, from a path or `-` (stdin). The fast libyaml reader is tried
  first; a document that defines an anchor twice (YAML 1.2 allows it, PyYAML refuses) is
  read again by the pure-Python reader with the later definition winning. The position
  of every mapping is kept so refusals name `file:line:col`. Timestamps stay strings.
- **Peeling.** Before a schema is looked at, the wrappers around it are peeled off:
  `$ref` with sibling keys (annotations kept, structure merged as in `allOf`), a one-part
  `allOf`, and nullability in its four spellings (`nullable: true`, `type: [x, "null"]`,
  `anyOf`/`oneOf` with a `{type: "null"}` member, `null` among `enum` values).
- **Naming.** Every object with properties, every string enum of two or more values and
  every expressible union becomes a named type under `$defs`. Its name comes from the
  catalog's name map (`upstream.types`), keyed by the component name or, for an inline
  schema, by its *path*: `Component.property`, `[]` for array items, `{}` for map values,
  `|N` for the N-th union member (`RunObject.required_action`,
  `AssistantsApiToolChoiceOption|0`). Unmapped components keep their name (made
  CapWords); unmapped inline schemas are named parent + CapWords(property). Components
  that are maps, arrays or primitives are inlined where used unless the map names them.
- **Degrading.** What the dialect cannot say becomes a property with no type (any JSON
  value), and each such place is listed in `Conversion.degradations`: unions whose
  members cannot be told apart by a `type` enum, mixed-type unions, `type` lists,
  property names that are not identifiers (dropped), non-string enums (kept as their
  base type). Unions whose members are all one primitive type (an "open enum" written
  as `anyOf: [string, enum]`) become that type without a note.
- **Events.** Members of the event union are found by flattening nested `oneOf`/`anyOf`.
  An Assistants-style member has `event` (one-value enum or const: the wire name) and
  `data` (the payload); a Responses-style member has a one-value `type` and is the
  payload itself.

Anything that cannot be read at all (external `$ref`, a missing target, a member without
a wire name) raises `OpenApiError` with the location.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventgen.runtime.errors import json_type

# Keys that only annotate a schema; a `$ref` or one-part `allOf` with nothing else beside
# it stays a reference.
ANNOTATION_KEYS = frozenset(
    {
        "description",
        "title",
        "nullable",
        "default",
        "example",
        "examples",
        "readOnly",
        "writeOnly",
        "deprecated",
        "format",
        "externalDocs",
        "xml",
    }
)
PRIMITIVE_TYPES = frozenset({"string", "integer", "number", "boolean"})
PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
SCHEMA_REF = "#/components/schemas/"


class OpenApiError(Exception):
    """The document cannot be imported; the message starts with `file:line:col:`."""


# --- reading -----------------------------------------------------------------------------


@dataclass
class OpenApiDocument:
    label: str
    raw: bytes
    data: dict[str, Any]
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def title(self) -> str:
        return str(self.data.get("info", {}).get("title", ""))

    @property
    def version(self) -> str:
        return str(self.data.get("info", {}).get("version", ""))

    def where(self, node: Any) -> str:
        """`file:line:col` of a mapping of the document (line 1 when unknown, as JSON)."""
        line, column = self.marks.get(id(node), (0, 0))
        return f"{self.label}:{line + 1}:{column + 1}"

    def schemas(self) -> dict[str, Any]:
        found = self.data.get("components", {}).get("schemas", {})
        return found if isinstance(found, dict) else {}


def _marking_loader(base: Any) -> Any:
    """A safe loader class that records where each mapping starts and reads timestamps as
    text (an OpenAPI `version: 2024-09-01` is a name, not a date)."""

    class Loader(base):  # type: ignore[misc]
        mapping_marks: dict[int, tuple[int, int]]

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }

    def mapping(loader: Any, node: yaml.MappingNode) -> Iterator[dict[str, Any]]:
        data: dict[str, Any] = {}
        loader.mapping_marks[id(data)] = (node.start_mark.line, node.start_mark.column)
        yield data
        data.update(loader.construct_mapping(node))

    Loader.add_constructor("tag:yaml.org,2002:map", mapping)
    return Loader


_FastLoader = _marking_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
_PlainLoader = _marking_loader(yaml.SafeLoader)


class _TolerantLoader(_PlainLoader):  # type: ignore[misc, valid-type]
    """Lets a later anchor of the same name replace the earlier one (YAML 1.2 rule)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.check_event(yaml.AliasEvent):
            anchor = getattr(self.peek_event(), "anchor", None)
            if anchor is not None:
                self.anchors.pop(anchor, None)
        return super().compose_node(parent, index)


def read_document(source: str) -> OpenApiDocument:
    """Read a document from a path, or standard input for `-`."""
    if source == "-":
        label, raw = "<stdin>", sys.stdin.buffer.read()
    else:
        label = source
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise OpenApiError(f"{source}:1:1: cannot be read: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise OpenApiError(f"{label}:1:{exc.start + 1}: not UTF-8") from None
    data, marks = _parse(label, text)
    if not isinstance(data, dict):
        raise OpenApiError(f"{label}:1:1: not an OpenAPI document (no top-level mapping)")
    version = str(data.get("openapi", ""))
    if not re.match(r"3\.[01]\.", version):
        found = f"`openapi: {version}`" if version else "no `openapi` key"
        if "swagger" in data:
            found = f"Swagger {data['swagger']}"
        where = marks.get(id(data), (0, 0))
        raise OpenApiError(
            f"{label}:{where[0] + 1}:{where[1] + 1}: only OpenAPI 3.0 and 3.1 are read; "
            f"found {found}"
        )
    return OpenApiDocument(label, raw, data, marks)


def _parse(label: str, text: str) -> tuple[Any, dict[int, tuple[int, int]]]:
    for loader_class in (_FastLoader, _TolerantLoader):
        loader = loader_class(text)
        loader.mapping_marks = {}
        try:
            return loader.get_single_data(), loader.mapping_marks
        except yaml.MarkedYAMLError as exc:
            if "duplicate anchor" in str(exc) and loader_class is _FastLoader:
                continue  # the slower reader accepts a redefined anchor
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context
            if text.lstrip().startswith("{"):
                return _parse_json(label, text)
            raise OpenApiError(f"{label}:{line}:{column}: invalid YAML: {problem}") from None
        except yaml.YAMLError as exc:
            raise OpenApiError(f"{label}:1:1: invalid YAML: {exc}") from None
        finally:
            loader.dispose()
    raise AssertionError("unreachable")


def _parse_json(label: str, text: str) -> tuple[Any, dict[int, tuple[int, int]]]:
    """JSON that YAML 1.1 does not read (rare escapes); positions are then unknown."""
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        raise OpenApiError(f"{label}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None


# --- translation -------------------------------------------------------------------------


@dataclass
class ImportedEvent:
    wire: str
    payload: str | None
    data: str | None
    description: str


@dataclass
class Conversion:
    types: dict[str, dict[str, Any]]
    """Our type name -> its schema in the dialect, in the order they were reached."""
    origins: dict[str, str]
    """Our type name -> the component or inline path it came from."""
    events: list[ImportedEvent]
    degradations: list[str]


def cap_words(text: str) -> str:
    """`file_search` -> `FileSearch`, `response.output_text` -> `ResponseOutputText`."""
    parts = re.split(r"[^A-Za-z0-9]+", text)
    joined = "".join(p[:1].upper() + p[1:] for p in parts if p)
    if not joined or not joined[0].isalpha():
        joined = "T" + joined
    return joined


def convert(document: OpenApiDocument, union: str, names: Mapping[str, str]) -> Conversion:
    """Translate the event union `union` (a component name) and every payload it reaches."""
    translator = _Translator(document, names)
    events = translator.events(union)
    return Conversion(translator.types, translator.origins, events, translator.degradations)


@dataclass
class _Peeled:
    core: dict[str, Any]
    nullable: bool
    description: str | None


class _Translator:
    def __init__(self, document: OpenApiDocument, names: Mapping[str, str]) -> None:
        self.document = document
        self.components = document.schemas()
        self.names = names
        self.types: dict[str, dict[str, Any]] = {}
        self.origins: dict[str, str] = {}
        self.by_origin: dict[str, str] = {}
        self.degradations: list[str] = []
        self.alive: list[Any] = []

    # -- references and peeling --

    def resolve(self, ref: Any, holder: Any) -> tuple[str, Any]:
        """(component name, schema) of a local `$ref`."""
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise OpenApiError(
                f"{self.document.where(holder)}: only references inside the document "
                f"are followed; found $ref {ref!r}"
            )
        target: Any = self.document.data
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise OpenApiError(f"{self.document.where(holder)}: $ref {ref!r} points nowhere")
            target = target[part]
        return ref.rsplit("/", 1)[-1], target

    def peel(self, schema: Any, holder: Any = None) -> _Peeled:
        """Take off references-with-annotations, one-part allOf and null alternatives."""
        if not isinstance(schema, dict):
            if schema is True or schema == {}:
                return _Peeled({}, False, None)
            raise OpenApiError(f"{self.document.where(holder)}: a schema is a mapping")
        nullable = False
        description: str | None = None
        while True:
            if schema.get("nullable") is True:
                nullable = True
            if description is None and isinstance(schema.get("description"), str):
                description = schema["description"]
            structure = {
                k: v
                for k, v in schema.items()
                if k not in ANNOTATION_KEYS and not k.startswith("x-")
            }
            if "$ref" in structure and len(structure) > 1:
                rest = {k: v for k, v in structure.items() if k != "$ref"}
                schema = self._carry(schema, {"allOf": [{"$ref": structure["$ref"]}, rest]})
                continue
            if set(structure) == {"allOf"} and isinstance(structure["allOf"], list):
                # `allOf: [{$ref: X}, {nullable: true}]` is X, annotated.
                solid = [p for p in structure["allOf"] if not _annotation_only(p)]
                if len(solid) == 1:
                    for part in structure["allOf"]:
                        if part is not solid[0]:
                            nullable = nullable or part.get("nullable") is True
                            if description is None and isinstance(part.get("description"), str):
                                description = part["description"]
                    schema = self._carry(solid[0], {})
                    continue
            options = structure.get("anyOf", structure.get("oneOf"))
            if isinstance(options, list) and set(structure) <= {"anyOf", "oneOf", "type"}:
                solid = [o for o in options if not _is_null(o)]
                if len(solid) < len(options):
                    nullable = True
                if len(solid) == 1 and len(options) > 1:
                    schema = self._carry(solid[0], {})
                    continue
                if len(solid) < len(options):
                    structure = {**structure, "anyOf": solid}
                    structure.pop("oneOf", None)
            kind = structure.get("type")
            if isinstance(kind, list) and "null" in kind:
                nullable = True
                rest_kinds = [k for k in kind if k != "null"]
                structure = {
                    **structure,
                    "type": rest_kinds[0] if len(rest_kinds) == 1 else rest_kinds,
                }
                if not rest_kinds:
                    structure.pop("type")
            if kind == "null":
                nullable = True
                structure.pop("type")
            if isinstance(structure.get("enum"), list) and None in structure["enum"]:
                nullable = True
                structure = {**structure, "enum": [v for v in structure["enum"] if v is not None]}
            if "const" in structure:
                structure = {k: v for k, v in structure.items() if k != "const"}
                structure["enum"] = [schema["const"]]
            self._keep_mark(schema, structure)
            return _Peeled(structure, nullable, description)

    def _carry(self, source: Any, made: dict[str, Any]) -> Any:
        """`made` (or `source` when `made` is empty) with `source`'s position."""
        result = made or source
        if made:
            self._keep_mark(source, made)
        return result

    def _keep_mark(self, source: Any, made: Any) -> None:
        if id(source) in self.document.marks and id(made) != id(source):
            self.document.marks[id(made)] = self.document.marks[id(source)]
            self.alive.append(made)  # ids of dropped dicts are reused; keep `made` alive

    def _at(self, node: Any, fallback: Any) -> Any:
        """`node` when its place is known, else `fallback`: for the most precise location."""
        return node if id(node) in self.document.marks else fallback

    def component_peel(self, ref: str, holder: Any) -> tuple[str, _Peeled]:
        name, target = self.resolve(ref, holder)
        return name, self.peel(target, holder)

    # -- shapes --

    def merged_object(self, peeled: _Peeled, holder: Any) -> dict[str, Any] | None:
        """The object an allOf describes (properties and required merged), or None."""
        core = peeled.core
        if "allOf" not in core:
            return core if _is_object(core) else None
        properties: dict[str, Any] = {}
        required: list[str] = []
        description: str | None = peeled.description
        for part in core["allOf"]:
            inner = self.peel(part, core)
            if "$ref" in inner.core:
                _, inner = self.component_peel(inner.core["$ref"], core)
            obj = self.merged_object(inner, core)
            if obj is None:
                return None
            properties.update(obj.get("properties") or {})
            required += [r for r in obj.get("required") or [] if r not in required]
            description = description or inner.description
        extra = {k: v for k, v in core.items() if k != "allOf"}
        if extra:
            properties.update(extra.get("properties") or {})
            required += [r for r in extra.get("required") or [] if r not in required]
        merged: dict[str, Any] = {"type": "object", "properties": properties, "required": required}
        if description:
            merged["description"] = description
        self._keep_mark(core, merged)
        return merged

    def shape(self, peeled: _Peeled, holder: Any) -> str:
        """object, enum, union, map, array, primitive, any or mixed."""
        core = peeled.core
        if "allOf" in core:
            return "object" if self.merged_object(peeled, holder) is not None else "mixed"
        if "anyOf" in core or "oneOf" in core:
            return "primitive" if self._common_primitive(peeled, holder) else "union"
        if isinstance(core.get("enum"), list):
            return "enum"
        kind = core.get("type")
        if isinstance(kind, list):
            return "mixed"
        if kind == "object" or (kind is None and "properties" in core):
            return "object" if core.get("properties") else "map"
        if kind == "array":
            return "array"
        if kind in PRIMITIVE_TYPES:
            return "primitive"
        return "any"

    # -- names --

    # -- properties --

    def prop(self, schema: Any, hint: str, origin: str, holder: Any) -> dict[str, Any]:
        """The dialect schema of a property; names and defines the types it needs.

        The property keeps its own description, except when it became a named type's."""
        peeled = self.peel(schema, holder)
        out, description_used = self._prop_core(peeled, hint, origin, holder)
        if peeled.nullable:
            out["nullable"] = True
        if peeled.description and not description_used:
            out["description"] = peeled.description
        return _ordered(out)

    def _prop_core(
        self, peeled: _Peeled, hint: str, origin: str, holder: Any
    ) -> tuple[dict[str, Any], bool]:
        core = peeled.core
        if "$ref" in core:
            component, target = self.component_peel(core["$ref"], self._at(core, holder))
            if target.nullable:
                peeled.nullable = True
            kind = self.shape(target, holder)
            if kind in ("object", "enum", "union") or (kind == "map" and component in self.names):
                if kind == "enum" and not self._enum_values(target, component):
                    return self._prop_core(target, hint, component, holder)[0], False
                name = self.define(component, target, component, holder)
                return ({"$ref": f"#/$defs/{name}"} if name is not None else {}), False
            inner, _ = self._prop_core(target, hint, component, holder)
            if target.description and not peeled.description:
                inner["description"] = target.description
            return inner, False
        kind = self.shape(peeled, holder)
        if kind in ("object", "union") or (kind == "enum" and self._enum_values(peeled, origin)):
            name = self.define(hint, peeled, origin, holder)
            if name is None:
                return {}, False  # degraded to any: the property keeps its description
            return {"$ref": f"#/$defs/{name}"}, True
        if kind == "enum":
            values = core["enum"]
            base = core.get("type") or json_type(values[0])
            if base == "string" and len(values) == 1 and isinstance(values[0], str):
                return {"type": "string", "enum": list(values)}, False
            return ({"type": base} if base in PRIMITIVE_TYPES else {}), False
        if kind == "map":
            if origin in self.names:
                name = self.define(hint, peeled, origin, holder)
                return ({"$ref": f"#/$defs/{name}"} if name is not None else {}), True
            return self._map(core, hint, origin), False
        if kind == "array":
            items = core.get("items", {})
            return {
                "type": "array",
                "items": self.prop(items, hint + "Item", origin + "[]", core),
            }, False
        if kind == "primitive":
            return {"type": core.get("type") or self._common_primitive(peeled, holder)}, False
        if kind == "mixed":
            self.degradations.append(f"{origin}: {_describe(core)} kept as any value")
        return {}, False

    def _map(self, core: dict[str, Any], hint: str, origin: str) -> dict[str, Any]:
        values = core.get("additionalProperties", True)
        if isinstance(values, dict) and values:
            return {
                "type": "object",
                "additionalProperties": self.prop(values, hint + "Value", origin + "{}", core),
            }
        return {"type": "object", "additionalProperties": True}

    def _enum_values(self, peeled: _Peeled, origin: str) -> list[str] | None:
        """The values of a string enum that deserves a name (two or more values)."""
        values = peeled.core["enum"]
        if len(values) < 2:
            return None
        if not all(isinstance(v, str) for v in values):
            self.degradations.append(f"{origin}: enum of non-strings kept as its base type")
            return None
        return list(dict.fromkeys(values))

    # -- named types --

    def define(self, default: str, peeled: _Peeled, origin: str, holder: Any) -> str | None:
        """Name the type at `origin` and translate it once; None when it degrades.

        The name map may give several origins one name (the document repeats an inline
        enum where the project shares one type); that holds while their translations agree.
        """
        if origin in self.by_origin:
            name = self.by_origin[origin]
            return name if name in self.types else None
        wanted = self.names.get(origin) or cap_words(default)
        shared = origin in self.names and wanted in self.types
        name = wanted if shared else self._free_name(wanted, origin)
        self.by_origin[origin] = name
        if shared:
            body = self._named_body(name, peeled, origin, holder)
            existing = self.types[name]
            if existing == {} or _undescribed(body) == _undescribed(existing):
                return name
            name = self._free_name(wanted, origin)
            self.by_origin[origin] = name
            self.degradations.append(
                f"{origin}: the name map gives it {wanted}, which another schema already "
                f"defines differently; named {name}"
            )
        self.types[name] = {}  # placeholder: recursive references find the name
        body = self._named_body(name, peeled, origin, holder)
        if body is None:
            del self.types[name]
            return None
        self.types[name] = body
        return name

    def _free_name(self, wanted: str, origin: str) -> str:
        name, n = wanted, 2
        while name in self.origins:
            name, n = f"{wanted}{n}", n + 1
        if name != wanted:
            self.degradations.append(f"{origin}: named {name}, as {wanted} was taken")
        self.origins[name] = origin
        return name

    def _named_body(
        self, name: str, peeled: _Peeled, origin: str, holder: Any
    ) -> dict[str, Any] | None:
        kind = self.shape(peeled, holder)
        described = {"description": peeled.description} if peeled.description else {}
        if kind == "enum":
            values = [v for v in peeled.core["enum"] if isinstance(v, str)]
            return {"type": "string", **described, "enum": list(dict.fromkeys(values))}
        if kind == "union":
            return self._union(name, peeled, origin, holder)
        if kind == "map":
            return {"type": "object", **described, **self._map(peeled.core, name, origin)}
        obj = self.merged_object(peeled, holder)
        if obj is None:
            return None
        description = peeled.description or obj.get("description")  # allOf parts may say it
        body: dict[str, Any] = {"type": "object"}
        if description:
            body["description"] = description
        required = [r for r in obj.get("required") or [] if r in (obj.get("properties") or {})]
        properties: dict[str, Any] = {}
        for prop_name, prop_schema in (obj.get("properties") or {}).items():
            where = f"{origin}.{prop_name}"
            if not PROPERTY_NAME.match(prop_name):
                self.degradations.append(f"{where}: not an identifier; property dropped")
                if prop_name in required:
                    required.remove(prop_name)
                continue
            properties[prop_name] = self.prop(prop_schema, name + cap_words(prop_name), where, obj)
        if required:  # in property order: the document's order of `required` means nothing
            body["required"] = [p for p in properties if p in required]
        if properties:
            body["properties"] = properties
        map_values = obj.get("additionalProperties")
        if isinstance(map_values, dict) and map_values:
            body["additionalProperties"] = self.prop(map_values, name + "Value", origin + "{}", obj)
        return body

    def _union(self, name: str, peeled: _Peeled, origin: str, holder: Any) -> dict[str, Any] | None:
        members = list(self._union_members(peeled, origin, holder))
        described = {"description": peeled.description} if peeled.description else {}
        refs: list[str] = []
        tags: dict[str, str] = {}
        string_enums = 0
        for index, member, component in members:
            kind = self.shape(member, holder)
            label = component or f"{origin}|{index}"
            tag_values: list[str] = []
            if kind == "object":
                obj = self.merged_object(member, holder)
                tag_values = self._tags(obj or {}, holder)
                if not tag_values or any(t in tags for t in tag_values):
                    return self._degraded_union(origin, f"member {label} has no distinct `type`")
            elif kind == "enum" and all(isinstance(v, str) for v in member.core["enum"]):
                string_enums += 1
                if string_enums > 1:
                    return self._degraded_union(origin, "two string enum members")
            else:
                return self._degraded_union(origin, f"member {label} is {kind}")
            default = component or name + (cap_words(tag_values[0]) if tag_values else "Enum")
            member_name = self.define(default, member, label, holder)
            if member_name is None:
                return self._degraded_union(origin, f"member {label} cannot be expressed")
            for tag in tag_values:
                tags[tag] = member_name
            if f"#/$defs/{member_name}" not in refs:
                refs.append(f"#/$defs/{member_name}")
        return {**described, "oneOf": [{"$ref": r} for r in refs]}

    def _degraded_union(self, origin: str, why: str) -> dict[str, Any] | None:
        """Note why a union cannot be a named type; None tells the caller to use any."""
        self.degradations.append(f"{origin}: union kept as any value ({why})")
        return None

    def _union_members(
        self, peeled: _Peeled, origin: str, holder: Any
    ) -> Iterator[tuple[int, _Peeled, str | None]]:
        """(index, member, component name or None), nested unions flattened."""
        options = peeled.core.get("oneOf", peeled.core.get("anyOf", []))
        for index, option in enumerate(options):
            member = self.peel(option, holder)
            component = None
            if "$ref" in member.core:
                component, member = self.component_peel(member.core["$ref"], holder)
            if self.shape(member, holder) == "union":
                for _, inner, inner_component in self._union_members(member, origin, holder):
                    yield index, inner, inner_component
            elif not _is_null(member.core):
                yield index, member, component

    def _common_primitive(self, peeled: _Peeled, holder: Any) -> str | None:
        """The one primitive type all members of a union share (an open enum spelled
        `anyOf: [string, enum]`), or None."""
        bases = set()
        for _, member, _ in self._union_members(peeled, "", holder):
            core = member.core
            structural = {"properties", "items", "anyOf", "oneOf", "allOf", "$ref"}
            if structural & set(core) or isinstance(core.get("type"), list):
                return None
            enum = core.get("enum")
            base = core.get("type") or (json_type(enum[0]) if enum else None)
            if base not in PRIMITIVE_TYPES:
                return None
            bases.add(base)
        return bases.pop() if len(bases) == 1 else None

    def _tags(self, obj: dict[str, Any], holder: Any) -> list[str]:
        tag = (obj.get("properties") or {}).get("type")
        if tag is None:
            return []
        peeled = self.peel(tag, holder)
        if "$ref" in peeled.core:
            _, peeled = self.component_peel(peeled.core["$ref"], holder)
        values = peeled.core.get("enum")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return []
        return list(values)

    # -- the event union --

    def events(self, union: str) -> list[ImportedEvent]:
        if union not in self.components:
            known = ", ".join(sorted(n for n in self.components if "Event" in n)[:8])
            raise OpenApiError(
                f"{self.document.label}:1:1: no component {union!r} in components.schemas"
                + (f" (event-like ones: {known}, ...)" if known else "")
            )
        root = self.components[union]
        peeled = self.peel(root, root)
        if self.shape(peeled, root) != "union":
            raise OpenApiError(f"{self.document.where(root)}: {union} is not a oneOf/anyOf union")
        found: list[ImportedEvent] = []
        seen: dict[str, str] = {}
        for _, member, component in self._union_members(peeled, union, root):
            obj = self.merged_object(member, root)
            if obj is None:
                raise OpenApiError(
                    f"{self.document.where(member.core)}: a member of {union} is not an object"
                )
            event = self._event(obj, member, component, union)
            if event.wire in seen:
                raise OpenApiError(
                    f"{self.document.where(member.core)}: event {event.wire!r} is listed twice"
                )
            seen[event.wire] = event.wire
            found.append(event)
        return found

    def _event(
        self, obj: dict[str, Any], member: _Peeled, component: str | None, union: str
    ) -> ImportedEvent:
        properties = obj.get("properties") or {}
        description = (member.description or obj.get("description") or "").strip()
        if "event" in properties and "data" in properties:
            wire = self._single_value(properties["event"], obj, "event")
            data = self.peel(properties["data"], obj)
            if "$ref" in data.core:
                at = self._at(properties["data"], obj)
                payload_component, target = self.component_peel(data.core["$ref"], at)
                name = self.define(payload_component, target, payload_component, obj)
                return ImportedEvent(wire, name, None, description)
            values = data.core.get("enum")
            if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
                return ImportedEvent(wire, None, values[0], description)
            self.degradations.append(f"{union} {wire}: data is not a $ref; no payload type")
            return ImportedEvent(wire, None, None, description)
        if "type" in properties:
            wire = self._single_value(properties["type"], obj, "type")
            origin = component or f"{union}.{wire}"
            name = self.define(component or cap_words(wire) + "Event", member, origin, obj)
            return ImportedEvent(wire, name, None, description)
        raise OpenApiError(
            f"{self.document.where(member.core)}: a member of {union} has neither "
            "`event` and `data` (Assistants style) nor a `type` (Responses style)"
        )

    def _single_value(self, schema: Any, holder: Any, key: str) -> str:
        peeled = self.peel(schema, holder)
        if "$ref" in peeled.core:
            _, peeled = self.component_peel(peeled.core["$ref"], holder)
        values = peeled.core.get("enum")
        if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
            return values[0]
        raise OpenApiError(
            f"{self.document.where(holder)}: the `{key}` of an event is a one-value enum "
            "or const (the wire name)"
        )


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null" or (schema.get("enum") == [None]) or schema == {"const": None}
    )


def _is_object(core: dict[str, Any]) -> bool:
    return core.get("type") == "object" or (core.get("type") is None and "properties" in core)


def _describe(core: dict[str, Any]) -> str:
    kind = core.get("type")
    if isinstance(kind, list):
        return "type list " + "/".join(map(str, kind))
    return "schema with " + ", ".join(sorted(core)) if core else "empty schema"


KEY_ORDER = ("$ref", "type", "nullable", "description", "enum", "items", "additionalProperties")


def _ordered(schema: dict[str, Any]) -> dict[str, Any]:
    """Keys in one fixed order, so written files do not depend on the document's order."""
    first = {k: schema[k] for k in KEY_ORDER if k in schema}
    return {**first, **{k: v for k, v in schema.items() if k not in first}}


def _annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and all(
        k in ANNOTATION_KEYS or k.startswith("x-") for k in schema
    )


def _undescribed(schema: Any) -> Any:
    """`schema` without descriptions: what two uses of one shared name must agree on."""
    if isinstance(schema, dict):
        return {k: _undescribed(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_undescribed(v) for v in schema]
    return schema
