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
    """Run datamodel-code-generator on the bundled schemas and read back its declarations."""
    # Imported here: it is heavy, and only this stage needs it.
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, generate
    from datamodel_code_generator.format import PythonVersion

    source = generate(
        {"$defs": defs},
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
    return _read(ast.parse(source))


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
            elif node.target.id != "Model":  # `Model` is the bundle's own root: not ours
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
