"""`eventgen parity`: how an SDK's own event definitions differ from the catalog.

An SDK definition is read from its source or from its reference page:

- TypeScript source: the `export type X = A | B | ...` union and each member's
  `interface` (its `event` literal and `data` type);
- Java source: the `public static final X NAME = fromString("wire")` constants of an
  expandable string enum (the payload from "The data of this event is of type ..." in
  each constant's Javadoc);
- a Deno doc page (the TypeScript seed): only the interfaces' descriptions, listed by
  interface name, so they are matched with the catalog mirror's descriptions in that
  order; the page names no interface and no payload;
- a Javadoc page (the Java seed): the Field Details, each a constant, its description
  and payload.

The SDK is the catalog's `sdks` entry of the definition's language (`typescript` or
`java`), and the catalog is `--catalog`, else the one whose `enum` the definition
names, else the only one. The report lists the events the SDK lacks, those it adds,
those it names differently from the catalog's mirror, and payload types that differ.
Any difference exits 1, even one the catalog already records (`java: null`), which
the report marks as recorded.

`--update` rewrites the mirror (`events[].sdks.<id>`) in catalog.yaml from the
definition: each entry's flow mapping is replaced in place, so comments, order and
layout elsewhere stay as they are; the result is checked to load and validate before
it is written.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventgen.diagnostics import SpecError
from eventgen.load import find_catalogs

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


@dataclass
class Member:
    name: str | None
    wire: str | None = None
    payload: str | None = None
    description: str = ""


@dataclass
class Definition:
    path: Path
    language: str  # "typescript" or "java"
    kind: str  # "TypeScript source", "Java source", "Deno doc page", "Javadoc page"
    type_name: str | None
    members: list[Member] = field(default_factory=list)
    names: bool = True
    """Whether the definition names its members (a Deno doc page does not)."""
    payloads: bool = True
    """Whether it says each member's payload type."""


# --- Readers ------------------------------------------------------------------------------


def read_definition(path: Path) -> Definition:
    text = path.read_text(encoding="utf-8")
    if "deno.land/" in text and re.search(r"^Interfaces$", text, re.MULTILINE):
        return _deno_doc(path, text)
    if "Field Summary" in text or "Field Details" in text:
        return _javadoc(path, text)
    if path.suffix == ".java" or re.search(r"\bpublic\s+(final\s+)?class\b", text):
        return _java_source(path, text)
    if path.suffix in (".ts", ".mts", ".cts") or re.search(r"\bexport\s+type\b", text):
        return _ts_source(path, text)
    raise ValueError(f"{path}: not a TypeScript or Java definition, Deno doc or Javadoc page")


def _comment(text: str) -> str:
    """The text of a /** */ comment, without its stars and tags' markup."""
    body = re.sub(r"^\s*/\*\*|\*/\s*$", "", text.strip())
    lines = [re.sub(r"^\s*\*\s?", "", line) for line in body.splitlines()]
    return " ".join(" ".join(lines).split())


def _strip_data_sentence(description: str) -> tuple[str, str | None]:
    match = re.search(
        r"\s*The data of this event is of type (?:\{@link )?(\w+(?:\.\w+)*)\}?\.?", description
    )
    if match is None:
        return description, None
    return (description[: match.start()] + description[match.end() :]).strip(), match.group(1)


_NOT_TYPES = frozenset({"string", "unknown", "any", "never", "null", "undefined", "object"})
"""What a TypeScript `data` may be typed as that names no payload type."""


def _ts_source(path: Path, text: str) -> Definition:
    unions = list(re.finditer(r"export\s+type\s+(\w+)\s*=\s*((?:\s*\|?\s*[\w.]+)+)\s*;", text))
    # The event union: the one whose members are interfaces with an `event` property.
    best: tuple[str, list[Member]] | None = None
    for union in unions:
        names = [n.strip().rsplit(".", 1)[-1] for n in union.group(2).split("|") if n.strip()]
        members = [_ts_member(text, name) for name in names]
        if any(m.wire for m in members) and (best is None or len(members) > len(best[1])):
            best = (union.group(1), members)
    if best is None:
        raise ValueError(f"{path}: no `export type X = A | B` union of event interfaces")
    return Definition(path, "typescript", "TypeScript source", best[0], best[1])


def _ts_member(text: str, name: str) -> Member:
    match = re.search(
        r"(/\*\*(?:(?!\*/).)*\*/\s*)?(?:export\s+)?interface\s+" + re.escape(name) + r"\s*\{",
        text,
        re.DOTALL,
    )
    if match is None:
        return Member(name)
    depth, i = 1, match.end()
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    body = text[match.end() : i - 1]
    # Only the interface's own properties: nested braces are dropped.
    while re.search(r"\{[^{}]*\}", body):
        body = re.sub(r"\{[^{}]*\}", "", body)
    body = re.sub(r"/\*.*?\*/|//[^\n]*", "", body, flags=re.DOTALL)
    event = re.search(r"\bevent\??\s*:\s*(['\"])((?:(?!\1).)*)\1", body)
    data = re.search(r"\bdata\??\s*:\s*([\w.]+)", body)
    payload = data.group(1).rsplit(".", 1)[-1] if data else None
    return Member(
        name,
        wire=event.group(2) if event else None,
        payload=None if payload in _NOT_TYPES else payload,
        description=_comment(match.group(1) or ""),
    )


def _java_source(path: Path, text: str) -> Definition:
    cls = re.search(r"class\s+(\w+)\s+extends\s+\w*ExpandableStringEnum", text) or re.search(
        r"public\s+(?:static\s+)?final\s+class\s+(\w+)[^{]*\{[^}]*?public\s+static\s+final\s+\1\b",
        text,
        re.DOTALL,
    )
    if cls is None:
        raise ValueError(f"{path}: no expandable string enum class")
    name = cls.group(1)
    members = []
    pattern = (
        r"(/\*\*(?:(?!\*/).)*\*/\s*)?(?:@\w+(?:\([^)]*\))?\s*)*"
        r"public\s+static\s+final\s+" + re.escape(name) + r"\s+(\w+)\s*=\s*"
        r"(?:fromString|define)\(\s*\"((?:[^\"\\]|\\.)*)\"\s*\)"
    )
    for m in re.finditer(pattern, text, re.DOTALL):
        description, payload = _strip_data_sentence(_comment(m.group(1) or ""))
        wire = json.loads(f'"{m.group(3)}"') if "\\" in m.group(3) else m.group(3)
        members.append(Member(m.group(2), wire, payload, description))
    return Definition(path, "java", "Java source", name, members)


def _deno_doc(path: Path, text: str) -> Definition:
    imported = re.search(r"import\s*\{\s*(?:type\s+)?(\w+)\s*\}", text)
    lines = text.splitlines()
    start = lines.index("Interfaces") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("import ")), len(lines))
    block = " ".join(lines[start:end])
    descriptions = [" ".join(d.split()).strip("| ") for d in block.split("| |")]
    members = [Member(None, description=d) for d in descriptions if d]
    name = imported.group(1) if imported else None
    return Definition(
        path, "typescript", "Deno doc page", name, members, names=False, payloads=False
    )


def _javadoc(path: Path, text: str) -> Definition:
    cls = re.search(r"^(?:Class|Enum)\s+(\w+)", text, re.MULTILINE)
    details = text[text.index("Field Details") :] if "Field Details" in text else ""
    cut = re.search(r"^(Constructor|Method) Details", details, re.MULTILINE)
    details = details[: cut.start()] if cut else details
    members = []
    current: list[str] | None = None
    for line in details.splitlines()[1:] + ["-"]:
        line = line.strip()
        if re.fullmatch(r"[A-Z_$][A-Z0-9_$]*", line) and current is None:
            current = [line]
            continue
        ends = line == "-" or line.endswith(" -")
        if current is not None:
            current.append(line.removesuffix("-") if ends else line)
        if ends:
            if current:
                description, payload = _strip_data_sentence(" ".join(current[1:]))
                members.append(Member(current[0], None, payload, " ".join(description.split())))
            current = None
    return Definition(path, "java", "Javadoc page", cls.group(1) if cls else None, members)


# --- Comparison ---------------------------------------------------------------------------


@dataclass
class Catalog:
    folder: Path
    text: str
    data: dict[str, Any]

    @property
    def events(self) -> list[dict[str, Any]]:
        return list(self.data.get("events") or [])


def _load_catalog(folder: Path) -> Catalog:
    text = (folder / "catalog.yaml").read_text(encoding="utf-8")
    return Catalog(folder, text, yaml.safe_load(text) or {})


def _choose_catalog(definition: Definition, catalog_dir: Path | None) -> Catalog:
    if catalog_dir is not None:
        folders = find_catalogs(catalog_dir)
    else:
        folders = find_catalogs(Path("spec"))
    catalogs = [_load_catalog(f) for f in folders]
    if len(catalogs) == 1:
        return catalogs[0]
    named = [c for c in catalogs if c.data.get("enum") == definition.type_name]
    if len(named) == 1:
        return named[0]
    names = ", ".join(f.name for f in folders)
    raise ValueError(f"{definition.path}: name the catalog with --catalog ({names})")


def _sdk_id(catalog: Catalog, language: str) -> str:
    sdks = list((catalog.data.get("sdks") or {}).keys())
    if language in sdks:
        return language
    hints = {"typescript": ("typescript", "ts", "deno", "node", "js"), "java": ("java",)}[language]
    found = [s for s in sdks if any(h in s for h in hints)]
    if len(found) == 1:
        return found[0]
    raise ValueError(
        f"the catalog records no {language} SDK (its sdks: {', '.join(sdks) or 'none'})"
    )


def _mirror(event: dict[str, Any], sdk: str) -> tuple[bool, dict[str, Any] | None]:
    """(recorded, entry): whether the catalog says anything for `sdk`, and what."""
    sdks = event.get("sdks") or {}
    if sdk not in sdks:
        return False, None
    return True, sdks[sdk]


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()


@dataclass
class Report:
    lacks: list[str] = field(default_factory=list)
    adds: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    updates: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    """Catalog event index -> the mirror entry the definition says (None: it has none)."""

    @property
    def drift(self) -> bool:
        return bool(self.lacks or self.adds or self.renamed or self.payloads)


def compare(definition: Definition, catalog: Catalog, sdk: str) -> Report:
    if not definition.names:
        return _compare_by_description(definition, catalog, sdk)
    report = Report()
    events = catalog.events
    by_wire = {e["wire"]: i for i, e in enumerate(events)}
    by_name: dict[str, int] = {}
    for i, e in enumerate(events):
        _, entry = _mirror(e, sdk)
        if entry:
            by_name[str(entry["name"]).rsplit(".", 1)[-1]] = i
    matched: set[int] = set()
    for m in definition.members:
        index = by_wire.get(m.wire) if m.wire is not None else None
        if index is None and m.wire is None and m.name is not None:
            index = by_name.get(m.name)
        if index is None:
            what = f"{m.name} ({m.wire!r})" if m.wire else str(m.name)
            report.adds.append(f"{what}: no event of the catalog")
            continue
        matched.add(index)
        event = events[index]
        recorded, entry = _mirror(event, sdk)
        mirror_name = str(entry["name"]).rsplit(".", 1)[-1] if entry else None
        if m.name is not None and m.name != mirror_name:
            said = (
                f"the catalog's mirror names it {mirror_name}"
                if mirror_name
                else (f"the catalog records no {sdk} name for it")
            )
            report.renamed.append(f"{event['wire']}: {m.name} ({said})")
        expected = (entry or {}).get("payload")
        if definition.payloads and m.payload != expected and (m.payload or expected):
            report.payloads.append(
                f"{event['wire']}: {m.payload or 'none'} (the catalog's mirror says "
                f"{expected or 'none'}; the catalog's own type is {event.get('payload') or 'none'})"
            )
        report.updates[index] = {
            "name": m.name,
            "payload": m.payload if definition.payloads else (entry or {}).get("payload"),
            "description": m.description or (entry or {}).get("description") or "",
        }
    for i, event in enumerate(events):
        if i not in matched:
            report.lacks.append(_lack(event, sdk))
            report.updates[i] = None
    return report


def _lack(event: dict[str, Any], sdk: str) -> str:
    recorded, entry = _mirror(event, sdk)
    if recorded and entry is None:
        return f"{event['wire']} (recorded: the catalog says `{sdk}: null`)"
    if entry:
        return f"{event['wire']} (the catalog's mirror says {entry['name']}: out of date?)"
    return f"{event['wire']} (the catalog records nothing for {sdk})"


def _compare_by_description(definition: Definition, catalog: Catalog, sdk: str) -> Report:
    """A page that lists descriptions by interface name, without the names: the catalog
    mirror's entries, sorted by name, aligned with the page's descriptions (a page's
    description may be cut short: it matches an entry whose description it starts)."""
    report = Report()
    report.notes.append(
        f"{definition.kind}: members matched by description in name order; "
        "it names no payload type, so payloads are not compared"
    )
    events = catalog.events
    # Doc pages list members by name, ignoring case.
    mirrored = sorted(
        (str(entry["name"]).lower(), i, _norm(entry.get("description") or ""))
        for i, e in enumerate(events)
        for entry in [_mirror(e, sdk)[1]]
        if entry
    )
    page = [_norm(m.description) for m in definition.members]
    n, k = len(page), len(mirrored)
    best = [[0] * (k + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(k - 1, -1, -1):
            hit = bool(page[a]) and mirrored[b][2].startswith(page[a])
            best[a][b] = max(best[a + 1][b], best[a][b + 1], best[a + 1][b + 1] + 1 if hit else 0)
    a = b = 0
    matched: set[int] = set()
    while a < n and b < k:
        if page[a] and mirrored[b][2].startswith(page[a]) and best[a][b] == best[a + 1][b + 1] + 1:
            matched.add(mirrored[b][1])
            a, b = a + 1, b + 1
        elif best[a + 1][b] >= best[a][b + 1]:
            report.adds.append(f"an interface described {definition.members[a].description!r}")
            a += 1
        else:
            b += 1
    for rest in definition.members[a:]:
        report.adds.append(f"an interface described {rest.description!r}")
    for i, event in enumerate(events):
        if i not in matched:
            report.lacks.append(_lack(event, sdk))
            report.updates[i] = None
    return report


def render(definition: Definition, catalog: Catalog, sdk: str, report: Report) -> str:
    title = ((catalog.data.get("sdks") or {}).get(sdk) or {}).get("title", sdk)
    lines = [
        f"{definition.path}: {definition.kind} of {definition.type_name or '?'}, "
        f"{len(definition.members)} members; against {catalog.folder / 'catalog.yaml'} "
        f"(sdk {sdk}: {title})"
    ]
    for heading, items in (
        ("lacks", report.lacks),
        ("adds", report.adds),
        ("names differently", report.renamed),
        ("payload types differ", report.payloads),
    ):
        lines += [f"  {heading}: {item}" for item in items]
    lines += [f"  note: {note}" for note in report.notes]
    if not report.drift:
        lines.append("  no drift")
    return "\n".join(lines)


# --- Update -------------------------------------------------------------------------------


def _scalar(value: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", value) and value not in (
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "Null", "NULL", "True",
        "False", "Yes", "No", "On", "Off",
    ):  # fmt: skip
        return value
    return json.dumps(value, ensure_ascii=False)


def _entry_text(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "null"
    parts = [f"name: {_scalar(str(entry['name']))}"]
    if entry.get("payload") is not None:
        parts.append(f"payload: {_scalar(str(entry['payload']))}")
    else:
        parts.append("payload: null")
    if entry.get("description"):
        parts.append(f"description: {json.dumps(entry['description'], ensure_ascii=False)}")
    return "{" + ", ".join(parts) + "}"


def update_catalog(catalog: Catalog, sdk: str, report: Report) -> list[str]:
    """Rewrite the mirror entries of `sdk` in catalog.yaml in place; return what changed."""
    text = catalog.text
    root = yaml.compose(text)
    assert isinstance(root, yaml.MappingNode)
    events_node = next(v for k, v in root.value if k.value == "events")
    edits: list[tuple[int, int, str]] = []
    changed = []
    for index, wanted in sorted(report.updates.items()):
        event = catalog.events[index]
        recorded, entry = _mirror(event, sdk)
        if recorded and _same_entry(entry, wanted):
            continue
        if not recorded and wanted is None:
            continue
        node = events_node.value[index]
        sdks_node = next((v for k, v in node.value if k.value == "sdks"), None)
        value = _entry_text(wanted)
        if sdks_node is not None and isinstance(sdks_node, yaml.MappingNode) and sdks_node.value:
            target = next((v for k, v in sdks_node.value if k.value == sdk), None)
            if target is not None:
                start, end = target.start_mark.index, target.end_mark.index
                line_end = text.find("\n", end)
                line_end = len(text) if line_end < 0 else line_end
                rest = text[end:line_end]
                if re.match(r"\s*#", rest) and wanted is not None and entry is None:
                    end = line_end  # the comment explained the null it replaced
                edits.append((start, end, value))
            else:
                last = sdks_node.value[-1][1]
                key = sdks_node.value[0][0]
                at = text.find("\n", last.end_mark.index)
                indent = " " * key.start_mark.column
                edits.append((at, at, f"\n{indent}{sdk}: {value}"))
        else:
            key = node.value[0][0]
            last = node.value[-1][1]
            at = text.find("\n", last.end_mark.index)
            indent = " " * key.start_mark.column
            edits.append((at, at, f"\n{indent}sdks:\n{indent}  {sdk}: {value}"))
        changed.append(f"{event['wire']}: {sdk} -> {value}")
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    if changed:
        after = yaml.safe_load(text)
        for index, wanted in report.updates.items():
            got = (after["events"][index].get("sdks") or {}).get(sdk, "absent")
            if wanted is None:
                assert got in (None, "absent"), (index, got)
            else:
                assert _same_entry(got, wanted), (index, got, wanted)
        _write_checked(catalog.folder, text)
    return changed


def _same_entry(entry: dict[str, Any] | None, wanted: dict[str, Any] | None) -> bool:
    if entry is None or wanted is None:
        return entry is wanted
    return (
        str(entry.get("name")) == str(wanted.get("name"))
        and entry.get("payload") == wanted.get("payload")
        and (entry.get("description") or "") == (wanted.get("description") or "")
    )


def _write_checked(folder: Path, text: str) -> None:
    """Write catalog.yaml only if the catalog still loads and validates with `text`."""
    from eventgen.load import load_spec
    from eventgen.validate import validate

    path = folder / "catalog.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        validate(load_spec(folder))
    except SpecError:
        path.write_text(original, encoding="utf-8")
        raise


# --- Entry point --------------------------------------------------------------------------


def run_parity(paths: list[Path], catalog_dir: Path | None = None, update: bool = False) -> int:
    """Report each definition's drift from the catalog; with `update`, rewrite the
    catalog's mirror from it. 0: no drift; 1: drift; 2: unreadable input."""
    drift = False
    for path in paths:
        try:
            definition = read_definition(Path(path))
            catalog = _choose_catalog(definition, catalog_dir)
            sdk = _sdk_id(catalog, definition.language)
        except (OSError, ValueError) as error:
            print(f"eventgen: {error}", file=sys.stderr)
            return EXIT_INVALID
        report = compare(definition, catalog, sdk)
        print(render(definition, catalog, sdk, report))
        drift = drift or report.drift
        if update:
            if not definition.names:
                print(f"  not updated: a {definition.kind} names no member", file=sys.stderr)
                continue
            for line in update_catalog(catalog, sdk, report):
                print(f"  updated {line}")
    return EXIT_DRIFT if drift else EXIT_OK
