"""The Java target: the expandable string enum of event names, and the payload table.

Self-contained Java 17 (no azure-core): the enum has the shape of Azure's
`ExpandableStringEnum` subclasses (public static final constants, `fromString` that
never throws for a non-null string, `values()`), named and ordered as the catalog's
Java mirror (SDK id `java`) names them; events that SDK lacks follow, each with a
note. Payload classes are minimal records over the decoded JSON object, and
`Catalog.payloadClass` maps each event to its payload class.

Spec text reaches Java through `java_str` (a string literal) and `java_doc` (a
Javadoc comment) only. Java reads `\\uXXXX` escapes before it lexes anything, so
neither ever writes a backslash-u: literals escape a backslash as `\\\\` and control
characters as octal, and comments write backslashes, `*/` and markup as HTML entities.
Both produce ASCII only.
"""

from __future__ import annotations

import re
import textwrap

from eventgen.diagnostics import Diagnostic
from eventgen.model import Event, Origin, Project
from eventgen.targets import Target

SDK = "java"
"""The id, in a catalog's `sdks`, of the Java SDK the enum mirrors."""

IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
RESERVED = frozenset(
    """
    abstract assert boolean break byte case catch char class const continue default do
    double else enum extends final finally float for goto if implements import instanceof
    int interface long native new package private protected public return short static
    strictfp super switch synchronized this throw throws transient try void volatile while
    true false null _ var yield record sealed permits exports module open opens provides
    requires to transitive uses with
    """.split()
)
"""Java's keywords, literals and restricted identifiers."""

ENUM_MEMBERS = frozenset({"KNOWN", "value"})
"""Fields the generated enum declares beside its constants."""
HOLDER = "Catalog"
"""The top-level class that holds the enum, the payload records and the table. A
template names one file, whatever the catalog, and Java wants a public class in a
file of its name: so the catalog-named classes are nested in this one."""

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"


def java_str(value: str) -> str:
    """A Java string literal of `value`, ASCII only, whose only backslash-u escapes are
    of characters outside ASCII (a constant expression: rarely two concatenated)."""
    out = []
    text = str(value)
    for i, ch in enumerate(text):
        code = ord(ch)
        if 0xD800 <= code <= 0xDBFF and text[i + 1 : i + 2] == "\\":
            # javac (17) reads past a lone high surrogate's escape for its low half and
            # then takes an escaped backslash's second half for the start of an escape:
            # the literal ends after the surrogate and goes on in a constant concatenation.
            out.append(f'\\u{code:04x}" + "')
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\{code:03o}")
        elif code < 0x80:
            out.append(ch)
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")  # not a quote, backslash or line end: safe
        else:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return '"' + "".join(out) + '"'


def _entity(ch: str) -> str:
    code = ord(ch)
    if ch in "&<>@\\" or code < 0x20 or code >= 0x7F:
        return f"&#{code};"
    return ch


def java_doc(text: str, indent: int = 0, width: int = 100) -> str:
    """A Javadoc comment of `text`: markup, `@`, backslashes, `*/` and anything
    outside printable ASCII written as HTML entities."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    text = "".join(_entity(ch) for ch in text).replace("*/", "*&#47;")
    pad = " " * indent
    lines = textwrap.wrap(text, width - indent - 3, break_on_hyphens=False) or [""]
    if len(lines) == 1 and len(lines[0]) + indent + 7 <= width:
        return f"/** {lines[0]} */"
    return "/**\n" + "".join(f"{pad} * {line}\n" for line in lines) + f"{pad} */"


def _sdk_title(project: Project) -> str | None:
    return next((s.title for s in project.sdks if s.id == SDK), None)


def constant(e: Event) -> str:
    """The enum constant of an event: the Java SDK's name when it is an identifier,
    else the catalog's constant."""
    named = e.sdk_name(SDK)
    if named is not None and named.name:
        last = named.name.rsplit(".", 1)[-1]
        if IDENTIFIER.match(last):
            return last
    return e.constant


def constants(project: Project) -> list[dict[str, str]]:
    """The enum's constants in order: the events the Java SDK names, in catalog order,
    then those it lacks, each with the note its comment carries."""
    title = _sdk_title(project)
    mirrored: list[dict[str, str]] = []
    added: list[dict[str, str]] = []
    for e in project.events:
        named = e.sdk_name(SDK)
        note = ""
        if title is not None and (named is None or named.name is None):
            note = f"Not a constant of {title}: the catalog adds it."
        elif named is not None and named.name and constant(e) != named.name.rsplit(".", 1)[-1]:
            note = f"{title} names it {named.name!r}, which is not a Java name."
        if named is not None and named.payload and named.payload != e.payload:
            note = (note + f" {title} types its data as {named.payload}.").strip()
        item = {
            "name": constant(e),
            "wire": e.wire,
            "description": e.description,
            "note": note,
            "payload": e.payload or "",
            "sdk_payload": (named.payload or "") if named is not None else "",
        }
        (added if title is not None and (named is None or named.name is None) else mirrored).append(
            item
        )
    return mirrored + added


def check_names(project: Project) -> list[Diagnostic]:
    """Names the Java output would declare that Java, or the output itself, cannot use."""
    problems = []
    parts = project.package.split(".")
    if any(part in RESERVED for part in parts) or parts[0] in ("java", "javax"):
        problems.append(
            project.origin.diagnostic(f"package {project.package!r} cannot be a Java package name")
        )
    if HOLDER in project.payload_names or project.enum_name == HOLDER:
        problems.append(
            project.origin.diagnostic(
                f"{HOLDER!r} is the class that holds the Java output; no type may be named so"
            )
        )
    seen: dict[str, str] = {}
    for index, e in enumerate(project.events):
        name = constant(e)
        named = e.sdk_name(SDK)
        mirrored = named is not None and named.name is not None
        where = ("events", index, "sdks", SDK, "name") if mirrored else ("events", index, "wire")
        origin = Origin(e.origin.doc, where, at_key=False)
        if name in RESERVED:
            problems.append(origin.diagnostic(f"{name!r} is a reserved word in Java"))
        elif name in ENUM_MEMBERS:
            problems.append(origin.diagnostic(f"{name!r} is a name the Java enum uses itself"))
        elif name in seen:
            problems.append(
                origin.diagnostic(f"Java constant {name!r} is also the constant of {seen[name]!r}")
            )
        seen[name] = e.wire
    return problems


TARGET = Target(
    name="java",
    package_dir=lambda project: "src/main/java/" + project.package.replace(".", "/"),
    filters={
        "java_str": java_str,
        "java_doc": java_doc,
        "java_constants": constants,
        "java_sdk_title": _sdk_title,
    },
    check=check_names,
)
