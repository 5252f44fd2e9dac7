"""The TypeScript target: an ES2022 module per catalog, checked under `tsc --strict`.

One interface per event (its `event` literal and typed `data`), named as the
catalog's TypeScript mirror (SDK id `typescript`) names it where it has a usable
name, and the union of them; payload interfaces over the plain objects
`JSON.parse` gives, with open string unions (`"a" | "b" | (string & {})`) and open
discriminated unions (known variants | `UnknownVariant`); `parseEvent` and an
incremental SSE decoder (runtime_ts/, copied into the package as it is).

Spec text reaches TypeScript through two filters only: `ts_str` (a string literal:
JSON with every non-ASCII character escaped, so no line or paragraph separator and no
lone surrogate reaches the file) and `ts_doc` (a block comment in which `*/` cannot
appear). Identifiers are catalog names checked here.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from eventgen.diagnostics import Diagnostic
from eventgen.model import Event, Field, Origin, Project, TypeRef
from eventgen.targets import Target

RUNTIME = Path(__file__).resolve().parent.parent / "runtime_ts"
SDK = "typescript"
"""The id, in a catalog's `sdks`, of the TypeScript SDK the output mirrors."""

IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
RESERVED = frozenset(
    """
    break case catch class const continue debugger default delete do else enum export
    extends false finally for function if import in instanceof new null return super
    switch this throw true try typeof var void while with yield let static implements
    interface package private protected public await as any boolean constructor declare
    get module require number set string symbol type from of unknown never object bigint
    undefined keyof readonly infer is asserts unique global satisfies accessor out
    abstract namespace intrinsic arguments eval
    """.split()
)
"""Words TypeScript reserves, or will not take as a type name."""

GENERATED_NAMES = frozenset(
    {
        "D", "Errors", "UnknownTag", "unknownTag", "EVENT_NAMES", "JsonPath",
        "MalformedEvent", "P", "PARSERS", "PAYLOADLESS", "ENVELOPES", "PayloadError",
        "SSEDecoder", "ServerSentEvent",
        "Source", "StreamDecodeError", "StreamEvent", "UnknownEvent", "UnknownVariant",
        "aiterEvents", "dataText", "isKnownEvent", "iterEvents", "nameInData",
        "parseEvent", "rt", "serialize", "toSSE", "typedEvent", "writeSSE",
    }
)  # fmt: skip
"""Names the generated modules define or import themselves."""

_KINDS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
_KINDS["any"] = "unknown"
_CHECKS = {
    "string": "rt.checkString",
    "integer": "rt.checkInteger",
    "number": "rt.checkNumber",
    "boolean": "rt.checkBoolean",
    "any": "rt.keep",
    "enum": "rt.checkString",
}


def ts_str(value: str) -> str:
    """A TypeScript string literal of `value`, whatever it holds (ASCII only)."""
    return json.dumps(str(value), ensure_ascii=True)


def ts_doc(text: str, indent: int = 0, width: int = 100) -> str:
    """A `/** ... */` comment of `text`, wrapped to fit `width` at `indent`.

    White space is collapsed, `*/` cannot appear (its slash is escaped as `*\\/`),
    and characters that are not printable (controls, lone surrogates, line and
    paragraph separators) are written as `\\uXXXX` text."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    text = "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else f"\\u{ord(ch):04x}"
        for ch in text
    )
    text = text.replace("*/", "*\\/")
    pad = " " * indent
    lines = textwrap.wrap(text, width - indent - 3, break_on_hyphens=False) or [""]
    # A line that ends in `*` and a next one that starts with `/` cannot meet: each
    # line gets its own ` * ` prefix.
    if len(lines) == 1 and len(lines[0]) + indent + 7 <= width:
        return f"/** {lines[0]} */"
    return "/**\n" + "".join(f"{pad} * {line}\n" for line in lines) + f"{pad} */"


def ts_prop(name: str) -> str:
    """A property key: the name itself when it is an identifier, else a string literal."""
    return name if IDENTIFIER.match(name) else ts_str(name)


def ts_type(t: TypeRef) -> str:
    """The TypeScript type of a value of type `t`."""
    if t.name:
        return t.name
    if t.kind == "list":
        assert t.item is not None
        return f"{ts_type(t.item)}[]"
    if t.kind == "map":
        assert t.item is not None
        return f"{{ [key: string]: {ts_type(t.item)} }}"
    return _KINDS[t.kind]


def ts_annotation(f: Field, owner: str = "", project: Project | None = None) -> str:
    """A field's type. The `type` of a union variant is the literal of its tags, so
    `if (x.type === "text")` narrows a union to that variant."""
    tags = variant_tags(project).get(owner) if project is not None and f.name == "type" else None
    t = " | ".join(ts_str(tag) for tag in tags) if tags else ts_type(f.type)
    return f"{t} | null" if f.optional else t


def variant_tags(project: Project) -> dict[str, tuple[str, ...]]:
    """The `type` tags of each class that is a variant of a union."""
    tags: dict[str, tuple[str, ...]] = {}
    for union in project.unions:
        for variant in union.variants:
            known = tags.get(variant.class_name, ())
            tags[variant.class_name] = tuple(dict.fromkeys(known + variant.tags))
    return tags


def ts_check(t: TypeRef) -> str:
    """The `(value, path)` function that checks a value of type `t`."""
    if t.kind in _CHECKS:
        return _CHECKS[t.kind]
    if t.kind in ("object", "union"):
        return f"decode{t.name}"
    assert t.item is not None
    helper = "rt.checkList" if t.kind == "list" else "rt.checkMap"
    return f"(v: unknown, p: rt.JsonPath) => {helper}({ts_check(t.item)}, v, p)"


def event_name(e: Event) -> str:
    """The interface name of an event: the TypeScript SDK's name when it is an
    identifier (the last part of a dotted one), else the catalog's class name."""
    named = e.sdk_name(SDK)
    if named is not None and named.name:
        last = named.name.rsplit(".", 1)[-1]
        if IDENTIFIER.match(last):
            return last
    return e.class_name


def event_note(e: Event, project: Project) -> str:
    """What the interface's comment says about the SDK it mirrors."""
    sdk = next((s for s in project.sdks if s.id == SDK), None)
    if sdk is None:
        return ""
    named = e.sdk_name(SDK)
    if named is None:
        return f"{sdk.title}: not recorded."
    if named.name is None:
        return f"{sdk.title}: no member for this event."
    if event_name(e) != named.name.rsplit(".", 1)[-1]:
        return f"{sdk.title} names it {named.name!r}, which is not a TypeScript name."
    if named.payload and e.payload and named.payload != e.payload:
        return f"{sdk.title} types its data as {named.payload}."
    return ""


def names_type(project: Project) -> str:
    """The open string union of the event names."""
    return f"{project.enum_name}Name"


def check_names(project: Project) -> list[Diagnostic]:
    """Names the TypeScript output would declare that TypeScript, or the output
    itself, cannot use."""
    problems = []
    payloads = set(project.payload_names)
    taken: dict[str, str] = {}
    unions = [(project.enum_name, "the event union"), (names_type(project), "the name union")]
    for name, what in unions:
        taken[name] = what
        if name in payloads:
            problems.append(
                project.origin.diagnostic(f"{name!r}, {what} in TypeScript, is also a payload type")
            )
    for index, e in enumerate(project.events):
        name = event_name(e)
        named = e.sdk_name(SDK)
        mirrored = named is not None and named.name is not None
        where = ("events", index, "sdks", SDK, "name") if mirrored else ("events", index, "class")
        origin = Origin(e.origin.doc, where, at_key=False)
        if name in RESERVED:
            problems.append(origin.diagnostic(f"{name!r} is a reserved word in TypeScript"))
        elif name in GENERATED_NAMES:
            problems.append(
                origin.diagnostic(f"{name!r} is a name the TypeScript output uses itself")
            )
        elif name in payloads:
            problems.append(
                origin.diagnostic(f"event interface {name!r} is also a payload type in TypeScript")
            )
        elif name in taken:
            problems.append(
                origin.diagnostic(f"event interface {name!r} is also {taken[name]} in TypeScript")
            )
        taken[name] = f"the interface of {e.wire!r}"
    for name in payloads & GENERATED_NAMES:
        problems.append(
            project.origin.diagnostic(f"payload type {name!r} is a name the TypeScript output uses")
        )
    return problems


def runtime_file(name: str) -> str:
    """A hand-written runtime module, with its DO NOT EDIT header."""
    text = (RUNTIME / name).read_text(encoding="utf-8")
    return (
        f"// DO NOT EDIT: copied by eventgen from eventgen/runtime_ts/{name}.\n"
        "// Run `eventgen generate` to refresh it.\n" + text
    )


TARGET = Target(
    name="typescript",
    package_dir=lambda project: "src",
    filters={
        "ts_str": ts_str,
        "ts_doc": ts_doc,
        "ts_prop": ts_prop,
        "ts_type": ts_type,
        "ts_annotation": ts_annotation,
        "ts_check": ts_check,
        "ts_event_name": event_name,
        "ts_event_note": event_note,
        "ts_names_type": names_type,
        "ts_runtime": runtime_file,
    },
    check=check_names,
)
