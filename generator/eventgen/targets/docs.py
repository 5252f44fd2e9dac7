"""The docs target: Markdown reference pages of a catalog.

Catalog text reaches Markdown only through the filters here: `md` escapes what
Markdown or HTML would read as markup (code spans become escaped `<code>`), `code`
writes inline code that nothing inside can end, `mermaid` keeps only characters a
diagram reads as plain text, and `fence` picks a code fence that no example can
close. So a description cannot inject a tag, a script, a link or a heading into a
published page.

Anchors are explicit and the same in every renderer: `event-<wire name>` for an event
and `type-<TypeName>` for a payload type (`<a id>` before the heading; the site build
moves it onto the heading).

A template may write several pages: a line `<!-- eventgen:page PATH -->` starts a new
page PATH (under docs/) that runs to the next such line; `split_pages`, the target's
formatter, cuts them apart. events.md.jinja writes one page per event group that way.

JSON examples come from the catalog's sample streams (`samples/*.sse` beside
catalog.yaml, the first frame of each event whose data parses), or are built from
the schema when no sample has the event. Enum values get their meaning from the
schema's `x-enum-descriptions` (value -> text) where present, and from the lifecycle
events that set a status value.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventgen.model import Event, Lifecycle, PayloadEnum, Project, TypeRef
from eventgen.targets import Target

_MARKUP = re.compile(r"[<>&|\\\[\]{}]")
_ENTITIES = {
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "|": "\\|",
    "\\": "\\\\",
    "[": "\\[",
    "]": "\\]",
    "{": "\\{",
    "}": "\\}",
}
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# What makes a line start a block (heading, list, quote, admonition) in Markdown.
_BLOCK_START = re.compile(r"^(#|[-+*!=]|\d+[.)])")
PAGE_MARK = re.compile(r"^<!-- eventgen:page (\S+) -->\n", re.MULTILINE)


def md(text: str) -> str:
    """`text` for a Markdown table cell or paragraph: markup escaped, `code` kept as code."""
    text = " ".join(str(text).split())
    parts = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_escape(text[last : match.start()]))
        parts.append(code(match.group(2).strip()))
        last = match.end()
    parts.append(_escape(text[last:]))
    out = "".join(parts)
    return "\\" + out if _BLOCK_START.match(out) else out


def _escape(text: str) -> str:
    return _MARKUP.sub(lambda m: _ENTITIES[m.group()], text)


def code(text: str) -> str:
    """`text` as inline code that no character of it can end early."""
    return "<code>" + html.escape(str(text)).replace("|", "&#124;") + "</code>"


def mermaid(text: str) -> str:
    """A Mermaid state or label: only characters Mermaid reads as plain text."""
    return re.sub(r"[^A-Za-z0-9_.*\[\] -]", "_", str(text))


def anchor(name: str) -> str:
    """The part of an id that names an event or type: the characters wire names and type
    names may hold (letters, digits, `_ . : / -`) are kept, anything else becomes `-`."""
    return re.sub(r"[^A-Za-z0-9_.:/-]+", "-", str(name)).strip("-")


def event_id(wire: str) -> str:
    return "event-" + anchor(wire)


def type_id(name: str) -> str:
    return "type-" + anchor(name)


def slug(name: str) -> str:
    """A group's page name: lower case words joined by `-`."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-") or "events"


def fence(text: str, lang: str = "") -> str:
    """`text` in a fenced code block whose fence no backtick run in it can close."""
    runs = [len(r) for r in re.findall(r"`+", text)]
    ticks = "`" * max(3, max(runs, default=0) + 1)
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}"


def event_page(event: Event) -> str:
    """The page of an event's group, relative to docs/."""
    return f"events/{slug(event.group)}.md"


# --- what the model says, in Markdown --------------------------------------------------


def catalog_source(project: Project) -> dict[str, str] | None:
    """The catalog's `source` (the document its schemas were imported from), if any."""
    source = project.source
    if source is None:
        return None
    return {"title": source.title, "version": source.version, "sha256": source.sha256,
            "file": source.file}  # fmt: skip


def field_values(field: Any) -> list[str]:
    """The values an inline `enum` allows a field, as the schema writes them."""
    return list(field.values)


def enum_values(enum: PayloadEnum, project: Project) -> list[tuple[str, str]]:
    """Each value of `enum` with its meaning, as Markdown (paths relative to docs/)."""
    setters: dict[str, list[str]] = {}
    for lifecycle in project.lifecycles:
        if lifecycle.status_enum != enum.name:
            continue
        for e in project.events:
            if e.move and e.move.object == lifecycle.object:
                link = f"[{code(e.wire)}]({event_page(e)}#{event_id(e.wire)})"
                terminal = " (terminal)" if e.move.terminal else ""
                setters.setdefault(e.move.to, []).append(link + terminal)
    rows = []
    for member in enum.members:
        meaning = []
        if member.description:
            meaning.append(md(member.description))
        if member.value in setters:
            meaning.append("Set by " + ", ".join(setters[member.value]) + ".")
        rows.append((member.value, " ".join(meaning)))
    return rows


# --- samples and examples ------------------------------------------------------------------


def catalog_folder(project: Project) -> Path:
    return project.folder


def _sample_frames(folder: Path) -> dict[str, tuple[str, str]]:
    """The first data of each event name in the folder's samples/*.sse: name -> (file, data)."""
    samples = sorted((folder / "samples").glob("*.sse"))
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in samples)
    return _read_samples(key)


@lru_cache(maxsize=16)
def _read_samples(key: tuple[tuple[str, int, int], ...]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for path, _, _ in key:
        text = Path(path).read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
        for block in text.split("\n\n"):
            name, data = "", []
            for line in block.split("\n"):
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    name = value
                elif field == "data":
                    data.append(value)
            if name and data and name not in found:
                found[name] = (Path(path).name, "\n".join(data))
    return found


def example(event: Event, project: Project) -> dict[str, str]:
    """An example of the event's data: `text`, `lang` (json or text) and `origin`, a
    sentence saying where it comes from."""
    frame = _sample_frames(catalog_folder(project)).get(event.wire)
    if frame is not None:
        name, data = frame
        origin = f"From the sample stream {code(name)}."
        if not event.payload:
            return {"text": data, "lang": "text", "origin": origin}
        try:
            value = json.loads(data)
        except ValueError:
            value = None
        if isinstance(value, (dict, list)):
            return {"text": _json(value), "lang": "json", "origin": origin}
    if not event.payload:
        return {"text": event.data, "lang": "text", "origin": "The data this event carries."}
    value = schema_example(TypeRef("object", event.payload), project)
    if event.envelope:
        value = {event.envelope: value}
    origin = "Built from the schema (no sample stream of this catalog has this event)."
    return {"text": _json(value), "lang": "json", "origin": origin}


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


_PLACEHOLDERS: dict[str, Any] = {
    "string": "string",
    "integer": 0,
    "number": 0.0,
    "boolean": True,
    "any": {},
}


def schema_example(
    t: TypeRef, project: Project, depth: int = 0, seen: frozenset[str] = frozenset()
) -> Any:
    """A value of type `t` made from the schema: required fields only, the first enum
    value, the first union member with its `type` tag, schema `const`/`examples` where
    written."""
    if t.kind in ("list", "map"):
        item = schema_example(t.item, project, depth + 1, seen) if t.item else {}
        return [item] if t.kind == "list" else {"key": item}
    if t.kind == "enum":
        enum = next((e for e in project.enums if e.name == t.name), None)
        return enum.members[0].value if enum and enum.members else "string"
    if t.kind == "union":
        union = next((u for u in project.unions if u.name == t.name), None)
        if union is None or not union.variants:
            return "string"
        variant = union.variants[0]
        value = schema_example(TypeRef("object", variant.class_name), project, depth, seen)
        if isinstance(value, dict) and variant.tags:
            value = {"type": variant.tags[0], **{k: v for k, v in value.items() if k != "type"}}
        return value
    if t.kind == "object":
        cls = next((c for c in project.classes if c.name == t.name), None)
        if cls is None or t.name in seen or depth > 6:
            return {}
        out: dict[str, Any] = {}
        for f in cls.fields:
            if not f.required:
                continue
            if f.values:
                out[f.name] = f.values[0]
            elif f.nullable and f.type.kind in ("object", "union"):
                out[f.name] = None
            else:
                out[f.name] = schema_example(f.type, project, depth + 1, seen | {t.name})
        return out
    return _PLACEHOLDERS.get(t.kind, "string")


# --- lifecycles ------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"([.:/])")


def lifecycle_edges(lifecycle: Lifecycle) -> list[dict[str, str]]:
    """The diagram's arrows: source, target and a short label. The label drops the words
    all of the lifecycle's event names share (`thread.run.`), and is empty when what is
    left only repeats the state it leads to; the table under the diagram names each
    event in full."""
    wires = [t.event for t in lifecycle.transitions if t.event]
    split = [_SEPARATORS.split(w) for w in wires]
    common = 0
    if split:
        shortest = min(len(s) for s in split)
        while common + 2 < shortest and len({tuple(s[: common + 2]) for s in split}) == 1:
            common += 2
    edges = []
    for t in lifecycle.transitions:
        label = "".join(_SEPARATORS.split(t.event)[common:]) if t.event else ""
        if label == t.target:
            label = ""
        edges.append({"source": t.source, "target": t.target, "label": label, "event": t.event})
    return edges


def split_pages(files: dict[str, str]) -> dict[str, str]:
    """Cut each page at its `<!-- eventgen:page PATH -->` lines into separate pages."""
    out: dict[str, str] = {}
    for name, text in files.items():
        pieces = PAGE_MARK.split(text)
        out[name] = pieces[0].rstrip("\n") + "\n"
        for path, body in zip(pieces[1::2], pieces[2::2], strict=True):
            parts = Path(path).parts
            if ".." in parts or Path(path).is_absolute() or not path.endswith(".md"):
                raise ValueError(f"{name}: bad page path {path!r}")
            out[f"docs/{path}"] = body.lstrip("\n").rstrip("\n") + "\n"
    return out


TARGET = Target(
    name="docs",
    package_dir=lambda project: ".",
    filters={
        "md": md,
        "code": code,
        "mermaid": mermaid,
        "anchor": anchor,
        "event_id": event_id,
        "type_id": type_id,
        "slug": slug,
        "fence": fence,
        "event_page": event_page,
        "catalog_source": catalog_source,
        "field_values": field_values,
        "enum_values": enum_values,
        "example": example,
        "lifecycle_edges": lifecycle_edges,
    },
    formatter=split_pages,
)
