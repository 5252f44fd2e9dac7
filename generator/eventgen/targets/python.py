"""The Python target: a stdlib-only, typed package per catalog.

Spec text reaches generated Python through two filters only: `py_str` (a string
literal) and `py_doc` (a docstring). Both escape everything a literal could end
on, so no description, enum value, tag or name can change the program; a property
test feeds them arbitrary text. Identifiers come from the spec too, and are checked
here against what Python and the generated modules need for themselves.
"""

from __future__ import annotations

import builtins
import keyword
import re
import sys
import textwrap
from pathlib import Path

from eventgen.diagnostics import Diagnostic
from eventgen.format import format_python
from eventgen.model import Field, Project, TypeRef
from eventgen.targets import Target

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"

# Spelled out in the generated modules: a payload type, event class or enum of the
# same name would shadow them. Checked by a test against what the templates bind.
GENERATED_NAMES = frozenset(
    {
        "Any", "AsyncIterable", "AsyncIterator", "Callable", "ClassVar", "EVENT_CLASSES",
        "Errors", "IO", "Iterable", "Iterator", "JsonPath", "KnownEvent", "Literal",
        "MalformedEvent", "OpenEnum", "PayloadError", "Protocol", "SSEDecoder",
        "ServerSentEvent", "Source", "StreamDecodeError", "StreamEvent", "TypeAlias",
        "TypeVar", "Union", "UnknownEvent", "UnknownVariant",
    }
)  # fmt: skip
# Names a payload class body uses after its fields: a field of that name would
# rebind them inside the class. Such fields get a trailing underscore, as do keywords.
CLASS_BODY_NAMES = frozenset(
    {
        "Any",
        "ClassVar",
        "bool",
        "dict",
        "field",
        "float",
        "frozenset",
        "int",
        "list",
        "str",
        "tuple",
    }
)
MEMBER_NAMES = frozenset({"extra_fields", "from_dict", "to_dict"})

_PY_KINDS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "any": "Any"}


def py_str(value: str) -> str:
    """A Python string literal of `value`, whatever it holds."""
    return repr(str(value))


def py_doc(text: str, indent: int = 0, width: int = 100) -> str:
    """A triple-quoted docstring of `text`, wrapped to fit `width` at `indent`.

    The text is wrapped first and each line escaped after, so no escape is ever cut in
    two: backslashes are doubled, characters Python source cannot hold raw are escaped,
    and a quote next to another quote or at the end of a line is escaped, so the
    literal always ends where it should."""
    # Room for both quote triples on a line: ruff joins a one-line docstring's closing
    # quotes onto its text, so a single line must fit with them.
    wrapped = textwrap.wrap(" ".join(text.split()), width - indent - 6, break_on_hyphens=False)
    lines = [_doc_line(line) for line in wrapped] or [""]
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= width:
        return f'"""{lines[0]}"""'
    pad = " " * indent
    return '"""' + f"\n{pad}".join(lines) + f'\n{pad}"""'


def _doc_line(line: str) -> str:
    line = line.replace("\\", "\\\\")
    line = "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in line)
    return re.sub(r'"(?=")|"$', '\\"', line)


def _escape(ch: str) -> str:
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def py_type(t: TypeRef) -> str:
    """The annotation of a value of type `t`."""
    if t.name:
        return t.name
    if t.kind == "list":
        assert t.item is not None
        return f"list[{py_type(t.item)}]"
    if t.kind == "map":
        assert t.item is not None
        return f"dict[str, {py_type(t.item)}]"
    return _PY_KINDS[t.kind]


# Past this many members a union is spelled `Union[...]`: a chain of `|` nests one level
# per member, and tools that recurse over it (ruff's formatter) overflow their stack.
FLAT_UNION = 64


def py_union(variants: list[str]) -> str:
    """A union annotation of `variants`."""
    if len(variants) <= FLAT_UNION:
        return " | ".join(variants)
    return f"Union[  # noqa: UP007\n{', '.join(variants)}]"


def py_annotation(f: Field) -> str:
    t = py_type(f.type)
    return f"{t} | None" if f.optional else t


def py_attr(f: Field) -> str:
    """The attribute a field is read as: its wire name, or with `_` where Python needs."""
    return attribute_name(f.name)


def attribute_name(wire: str) -> str:
    if keyword.iskeyword(wire) or wire in CLASS_BODY_NAMES or wire in MEMBER_NAMES:
        return wire + "_"
    return wire


def snake(name: str) -> str:
    """`StepDetailsDelta` -> `step_details_delta`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def check_names(project: Project) -> list[Diagnostic]:
    """Names the spec may hold but Python, or the generated package, cannot use."""
    problems = []
    package = project.package
    if keyword.iskeyword(package) or package in sys.stdlib_module_names:
        kind = "a Python keyword" if keyword.iskeyword(package) else "a standard library module"
        problems.append(
            project.origin.diagnostic(f"package {package!r} is {kind}: importing it would clash")
        )
    taken = GENERATED_NAMES | set(dir(builtins)) | set(keyword.kwlist)
    named = [(e.class_name, e.origin) for e in project.events]
    named += [
        (t.name, t.origin)
        for group in (project.classes, project.enums, project.unions, project.aliases)
        for t in group
    ]
    for name, origin in named + [(project.enum_name, project.origin)]:
        if name in taken:
            problems.append(
                origin.diagnostic(f"{name!r} is a name Python or the generated package uses itself")
            )
    for cls in project.classes:
        attributes: dict[str, str] = {}
        for f in cls.fields:
            if f.name.startswith("_"):
                problems.append(
                    f.origin.diagnostic(
                        f"property {f.name!r}: a leading underscore is private in Python"
                    )
                )
                continue
            attribute = attribute_name(f.name)
            if attribute in attributes:
                problems.append(
                    f.origin.diagnostic(
                        f"property {f.name!r} and {attributes[attribute]!r} are both read as "
                        f"`{attribute}` in Python"
                    )
                )
            attributes[attribute] = f.name
    return problems


def _header(source: str) -> str:
    return (
        f"# DO NOT EDIT: copied by eventgen from {source}.\n"
        "# Run `eventgen generate` to refresh it.\n"
    )


TARGET = Target(
    name="python",
    package_dir=lambda project: project.package,
    filters={
        "py_str": py_str,
        "py_doc": py_doc,
        "py_type": py_type,
        "py_union": py_union,
        "py_annotation": py_annotation,
        "py_attr": py_attr,
        "snake": snake,
    },
    check=check_names,
    runtime=RUNTIME,
    header=_header,
    formatter=format_python,
)
