"""Stage 1: read the catalog and the payload schemas, keeping where every value stands.

PyYAML gives data without positions, so the text is composed into nodes first and
turned into plain data here, recording the line and column of every key and value
by its path (`("events", 3, "wire")`). Later stages report problems by path; a
`Document` turns a path into `file:line:col` and the source line.

YAML itself is refused where it would silently change meaning: duplicate keys
(PyYAML keeps the last), keys that are not strings (`on:` is the boolean true in
YAML 1.1) and explicit tags, on scalars and collections alike, are reported, never
guessed around. Aliases are followed, but a document that expands to more than
`MAX_VALUES` values (an alias bomb: a few hundred bytes, billions of values) is
refused before it is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eventgen.diagnostics import Diagnostic, SpecError

Key = tuple[Any, ...]
MAX_VALUES = 200_000
"""The most values one spec file may expand to; real catalogs have a few thousand."""


@dataclass
class Document:
    path: Path
    text: str
    data: Any
    value_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def diagnostic(self, where: Key, message: str, *, at_key: bool = False) -> Diagnostic:
        """A problem at `where`, or at the nearest enclosing value that has a position."""
        marks = self.key_marks if at_key else self.value_marks
        probe = tuple(where)
        while probe not in marks and probe not in self.value_marks and probe:
            probe = probe[:-1]
        line, column = marks.get(probe) or self.value_marks.get(probe, (0, 0))
        lines = self.text.splitlines()
        source = lines[line].rstrip() if 0 <= line < len(lines) else ""
        return Diagnostic(self.path, line + 1, column + 1, message, source)


@dataclass
class MergedCatalog(Document):
    """A catalog that takes its events, groups and objects from a base catalog
    (`events_from`) and changes or adds some: `data` is the merged catalog, and each
    problem is reported where its value was written, in the catalog or in the base."""

    base: Document | None = None
    own: Any = None
    """This catalog's data as written."""
    # merged event index -> (its index in this catalog, its index in the base)
    event_sources: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)
    inherited: frozenset[str] = frozenset()
    """Top-level keys taken whole from the base."""

    def diagnostic(self, where: Key, message: str, *, at_key: bool = False) -> Diagnostic:
        assert self.base is not None
        if where[:1] == ("events",) and len(where) > 1 and where[1] in self.event_sources:
            own, base = self.event_sources[where[1]]
            written_here = own is not None and (len(where) == 2 or where[2] in self.own_event(own))
            if written_here:
                return super().diagnostic(("events", own, *where[2:]), message, at_key=at_key)
            if base is not None:
                return self.base.diagnostic(("events", base, *where[2:]), message, at_key=at_key)
        if where[:1] and where[0] in self.inherited:
            return self.base.diagnostic(where, message, at_key=at_key)
        return super().diagnostic(where, message, at_key=at_key)

    def own_event(self, index: int) -> dict[str, Any]:
        events = self.own.get("events") if isinstance(self.own, dict) else None
        event = events[index] if isinstance(events, list) and index < len(events) else None
        return event if isinstance(event, dict) else {}


@dataclass
class Spec:
    catalog: Document
    schemas: list[Document]
    """The catalog's own schemas/ files."""
    root: Path
    included: list[Document] = field(default_factory=list)
    """The schema files of the catalogs named in `schemas_from`; own types replace theirs."""
    shared: list[Path] = field(default_factory=list)
    """The folders of the catalogs named in `schemas_from`, whose extras it may use too."""

    @property
    def extras(self) -> list[Path]:
        """Where extra templates are looked up: beside the catalog, then beside those it
        shares schemas with."""
        return [folder / "extras" for folder in (self.root, *self.shared)]


def find_catalogs(spec_dir: Path) -> list[Path]:
    """The catalog folders under `spec_dir`: itself when it holds a catalog.yaml, else
    each folder directly below it that does, by name."""
    if (spec_dir / "catalog.yaml").exists():
        return [spec_dir]
    if not spec_dir.is_dir():
        raise SpecError([Diagnostic(spec_dir, 1, 1, "no such spec folder")])
    found = sorted(p.parent for p in spec_dir.glob("*/catalog.yaml"))
    if not found:
        raise SpecError([Diagnostic(spec_dir, 1, 1, "no catalog.yaml here or in a folder below")])
    return found


def load_spec(spec_dir: Path) -> Spec:
    """Read catalog.yaml and every schemas/*.yaml of one catalog folder; all YAML problems
    at once."""
    problems: list[Diagnostic] = []
    catalog = _load_or_report(spec_dir / "catalog.yaml", problems)
    schemas = [
        doc
        for path in sorted((spec_dir / "schemas").glob("*.yaml"))
        if (doc := _load_or_report(path, problems)) is not None
    ]
    shared: list[Path] = []
    if catalog is not None:
        catalog = _with_base_events(catalog, spec_dir, problems)
    included = _load_included(catalog, spec_dir, shared, problems) if catalog else []
    if problems:
        raise SpecError(problems)
    assert catalog is not None
    return Spec(catalog, schemas, spec_dir, included=included, shared=shared)


INHERITED_KEYS = ("groups", "objects")
"""What a catalog with `events_from` takes whole from the base when it does not say it."""


def _with_base_events(
    catalog: Document, spec_dir: Path, problems: list[Diagnostic]
) -> Document | None:
    """`catalog` with the events of the catalog named in `events_from` merged in: the base's
    events in its order, each changed by this catalog's entry of the same wire name (its
    keys replace the base's), then this catalog's new events."""
    data = catalog.data
    name = data.get("events_from") if isinstance(data, dict) else None
    if name is None:
        return catalog
    base_path = spec_dir / str(name) / "catalog.yaml"
    if not isinstance(name, str) or not base_path.is_file():
        problems.append(catalog.diagnostic(("events_from",), f"no catalog.yaml in {name}"))
        return None
    base = _load_or_report(base_path, problems)
    if base is None:
        return None
    base_events = base.data.get("events") if isinstance(base.data, dict) else None
    own_events = data.get("events")
    if not isinstance(base_events, list) or not isinstance(own_events, list):
        return catalog  # validation reports the shape
    own_by_wire = {e.get("wire"): j for j, e in enumerate(own_events) if isinstance(e, dict)}
    events: list[Any] = []
    sources: dict[int, tuple[int | None, int | None]] = {}
    for k, event in enumerate(base_events):
        if not isinstance(event, dict):
            continue
        own = own_by_wire.pop(event.get("wire"), None)
        sources[len(events)] = (own, k)
        events.append({**event, **(own_events[own] if own is not None else {})})
    for j in sorted(own_by_wire.values()):
        sources[len(events)] = (j, None)
        events.append(own_events[j])
    inherited = frozenset(key for key in INHERITED_KEYS if key not in data and key in base.data)
    merged = dict(data)
    merged.update({key: base.data[key] for key in inherited})
    merged["events"] = events
    return MergedCatalog(
        catalog.path, catalog.text, merged, catalog.value_marks, catalog.key_marks,
        base=base, own=data, event_sources=sources, inherited=inherited,
    )  # fmt: skip


def _load_included(
    catalog: Document, spec_dir: Path, shared: list[Path], problems: list[Diagnostic]
) -> list[Document]:
    """The schema files of each catalog folder named in `schemas_from`, in that order."""
    names = catalog.data.get("schemas_from") if isinstance(catalog.data, dict) else None
    if not isinstance(names, list):
        return []  # absent, or of the wrong shape: validation reports it
    found: list[Document] = []
    for i, name in enumerate(names):
        folder = spec_dir / str(name)
        if not isinstance(name, str) or not (folder / "schemas").is_dir():
            problems.append(
                catalog.diagnostic(("schemas_from", i), f"no schemas/ folder in {name}")
            )
            continue
        shared.append(folder)
        for path in sorted((folder / "schemas").glob("*.yaml")):
            if (doc := _load_or_report(path, problems)) is not None:
                found.append(doc)
    return found


def _load_or_report(path: Path, problems: list[Diagnostic]) -> Document | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Diagnostic(path, 1, 1, "file not found"))
        return None
    except IsADirectoryError:
        problems.append(Diagnostic(path, 1, 1, "is a folder, not a file"))
        return None
    except OSError as exc:
        problems.append(Diagnostic(path, 1, 1, f"cannot be read: {exc.strerror}"))
        return None
    except UnicodeDecodeError as exc:
        problems.append(Diagnostic(path, 1, exc.start + 1, "file is not UTF-8"))
        return None
    doc = Document(path=path, text=text, data=None)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        problems.append(Diagnostic(path, 1, 1, "YAML nested too deeply"))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        message = f"invalid YAML: {exc.problem or exc.context}"
        lines = text.splitlines()
        source = lines[line].rstrip() if line < len(lines) else ""
        problems.append(Diagnostic(path, line + 1, column + 1, message, source))
        return None
    if node is None:
        problems.append(Diagnostic(path, 1, 1, "file is empty"))
        return None
    size = _expanded_size(node)
    if size > MAX_VALUES:
        problems.append(
            Diagnostic(path, 1, 1, f"expands to over {MAX_VALUES:,} values (YAML aliases?)")
        )
        return None
    before = len(problems)
    try:
        doc.data = _to_data(node, (), doc, problems)
    except RecursionError:
        problems.append(Diagnostic(path, 1, 1, "YAML nested too deeply"))
        return None
    return doc if len(problems) == before else None


def _expanded_size(root: yaml.Node) -> int:
    """How many values `root` expands to, aliases counted each time; stops past the limit.

    Each node's size is computed once (aliases share node objects), so this is linear
    in the document, not in its expansion."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_VALUES + 1)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_SCALAR_LOADER = yaml.SafeLoader("")


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _to_data(node: yaml.Node, where: Key, doc: Document, problems: list[Diagnostic]) -> Any:
    doc.value_marks[where] = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
        problems.append(doc.diagnostic(where, f"YAML tag {node.tag} is not allowed"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _SCALAR_LOADER.construct_object(key_node, deep=True)
            child = (*where, key)
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                doc.key_marks[child] = (
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                )
                problems.append(
                    doc.diagnostic(
                        (*where, key),
                        f"key {key_node.value!r} is read as {type(key).__name__}, "
                        "not a string: quote it",
                        at_key=True,
                    )
                )
                continue
            doc.key_marks[child] = (key_node.start_mark.line, key_node.start_mark.column)
            if key in result:
                problems.append(doc.diagnostic(child, f"duplicate key {key!r}", at_key=True))
                continue
            result[key] = _to_data(value_node, child, doc, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, (*where, i), doc, problems) for i, item in enumerate(node.value)]
    if not node.tag.startswith("tag:yaml.org,2002:"):
        problems.append(doc.diagnostic(where, f"YAML tag {node.tag} is not allowed"))
        return None
    return _SCALAR_LOADER.construct_object(node, deep=True)
