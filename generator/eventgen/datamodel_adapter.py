"""The one door to datamodel-code-generator: JSON Schema types in, class declarations out.

datamodel-code-generator resolves the schemas into Python dataclass declarations:
which classes and enums exist, their fields, and each field's Python type. Its
options are many and its internals large; this module pins the few options that
matter, runs it once in memory, and reads the source it returns with `ast`, so the
rest of eventgen sees only the small `Declarations` below and never its objects.

The schemas reach it as one bundle `{"$defs": {...}}`: every spec/schemas file
contributes its named types to one namespace (see spec/schemas/common.yaml).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

PRIMITIVES = frozenset({"str", "int", "float", "bool", "Any"})


@dataclass(frozen=True)
class PyType:
    """A field's Python type as datamodel-code-generator declared it.

    kind: "primitive" (name is str/int/float/bool/Any), "ref" (name is a declared
    type), "literal" (values), "list" (args[0] is the item), "dict" (args[1] is
    the value) or "union" (args are the members, `None` excluded: see `nullable`).
    """

    kind: str
    name: str = ""
    args: tuple[PyType, ...] = ()
    values: tuple[str, ...] = ()
    nullable: bool = False


@dataclass(frozen=True)
class ClassDeclaration:
    name: str
    fields: dict[str, PyType]


@dataclass
class Declarations:
    classes: dict[str, ClassDeclaration] = field(default_factory=dict)
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: dict[str, PyType] = field(default_factory=dict)


def declare_payload_types(defs: dict[str, Any]) -> Declarations:
    """Run datamodel-code-generator on the bundled schemas and read back its declarations.

    It sees placeholder names only (`T0`, `p0`, ...), never the spec's: it renames
    names it dislikes (`Model`, keywords, leading underscores) and those renames
    would leak into the generated code. Every name is mapped back, and a
    declaration that does not map back exactly is an error, never a guess.
    """
    type_names = {name: f"T{i}" for i, name in enumerate(defs)}
    source = _run({"$defs": {type_names[n]: _disguise(s, type_names) for n, s in defs.items()}})
    found = _read(ast.parse(source))
    return _unmask(found, {v: k for k, v in type_names.items()}, defs)


def _run(bundle: dict[str, Any]) -> str:
    # Imported here: it is heavy, and only this stage needs it.
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, generate
    from datamodel_code_generator.format import PythonVersion

    source = generate(
        bundle,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.DataclassesDataclass,
        target_python_version=PythonVersion.PY_310,
        use_standard_collections=True,
        use_union_operator=True,
        strict_nullable=True,
        enum_field_as_literal=LiteralType.One,
        disable_timestamp=True,
        formatters=[],
    )
    assert isinstance(source, str), "one schema bundle gives one module"
    return source


def _disguise(schema: Any, type_names: dict[str, str]) -> Any:
    """`schema` with type names and property names replaced by placeholders."""
    if isinstance(schema, list):
        return [_disguise(item, type_names) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = "#/$defs/" + type_names[value.rsplit("/", 1)[-1]]
        elif key == "properties" and isinstance(value, dict):
            out[key] = {f"p{i}": _disguise(v, type_names) for i, v in enumerate(value.values())}
        elif key == "required" and isinstance(value, list):
            order = list(schema.get("properties", {}))
            out[key] = [f"p{order.index(name)}" for name in value if name in order]
        elif key in ("description", "enum"):
            out[key] = value
        else:
            out[key] = _disguise(value, type_names)
    return out


def _unmask(found: Declarations, names: dict[str, str], defs: dict[str, Any]) -> Declarations:
    def real(t: PyType) -> PyType:
        if t.kind == "ref":
            if t.name not in names:
                raise AdapterError(f"datamodel-code-generator declared an unknown type {t.name!r}")
            return PyType("ref", names[t.name], nullable=t.nullable)
        return PyType(t.kind, t.name, tuple(real(a) for a in t.args), t.values, t.nullable)

    out = Declarations()
    for placeholder, decl in found.classes.items():
        name = names[placeholder]
        properties = list(defs[name].get("properties", {}))
        expected = {f"p{i}" for i in range(len(properties))}
        if set(decl.fields) != expected:
            raise AdapterError(
                f"datamodel-code-generator declared the fields of {name} differently: "
                f"{sorted(decl.fields)} for {len(properties)} properties"
            )
        fields = {properties[int(p[1:])]: real(t) for p, t in decl.fields.items()}
        out.classes[name] = ClassDeclaration(name, {p: fields[p] for p in properties})
    for placeholder, values in found.enums.items():
        name = names[placeholder]
        if list(values) != list(defs[name].get("enum", [])):
            raise AdapterError(f"datamodel-code-generator changed the values of enum {name}")
        out.enums[name] = values
    for placeholder, alias in found.aliases.items():
        out.aliases[names[placeholder]] = real(alias)
    missing = set(defs) - set(out.classes) - set(out.enums) - set(out.aliases)
    if missing:
        raise AdapterError(f"datamodel-code-generator declared no type for {sorted(missing)}")
    return out


class AdapterError(RuntimeError):
    """datamodel-code-generator's output did not map back onto the schemas."""


def _read(module: ast.Module) -> Declarations:
    found = Declarations()
    for node in module.body:
        if isinstance(node, ast.ClassDef) and _is_enum(node):
            found.enums[node.name] = tuple(
                str(stmt.value.value)
                for stmt in node.body
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant)
            )
        elif isinstance(node, ast.ClassDef):
            found.classes[node.name] = ClassDeclaration(
                node.name,
                {
                    stmt.target.id: _type(stmt.annotation)
                    for stmt in node.body
                    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                },
            )
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            # `Name: TypeAlias = ...`: a named union, or a one-value enum as a Literal.
            assert node.value is not None
            alias = _type(node.value)
            if alias.kind == "literal":
                found.enums[node.target.id] = alias.values
            elif node.target.id != "Model":  # the bundle's own root; ours are all `T<n>`
                found.aliases[node.target.id] = alias
    return found


def _is_enum(node: ast.ClassDef) -> bool:
    return any(isinstance(base, ast.Name) and base.id == "Enum" for base in node.bases)


def _type(node: ast.expr) -> PyType:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members = _flatten_union(node)
        nullable = any(_is_none(m) for m in members)
        kept = [_type(m) for m in members if not _is_none(m)]
        if len(kept) == 1:
            only = kept[0]
            return PyType(only.kind, only.name, only.args, only.values, nullable=nullable)
        return PyType("union", args=tuple(kept), nullable=nullable)
    if isinstance(node, ast.Name):
        return PyType("primitive" if node.id in PRIMITIVES else "ref", name=node.id)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        inner = node.slice
        items = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
        if node.value.id == "Literal":
            return PyType(
                "literal", values=tuple(str(i.value) for i in items if isinstance(i, ast.Constant))
            )
        if node.value.id in ("list", "dict"):
            return PyType(node.value.id, args=tuple(_type(i) for i in items))
    raise ValueError(f"unexpected annotation from datamodel-code-generator: {ast.unparse(node)}")


def _flatten_union(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flatten_union(node.left) + _flatten_union(node.right)
    return [node]


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
