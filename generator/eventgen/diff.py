"""`eventgen diff OLD NEW`: what changed between two states of a catalog, and what breaks.

OLD and NEW are catalog folders, or git revisions of one: `REV:path`, or a bare `REV`
meaning the other side's folder at REV (so `eventgen diff HEAD spec/assistants`). A folder
that holds several catalogs (`spec/`) is compared catalog by catalog, matched by name.

Every change is classified on two axes, as buf breaking and oasdiff do for their formats:

- **wire**: does a package generated from OLD still read streams that follow NEW without
  losing data? The generated packages keep unknown events, fields, enum values and union
  variants, and keep `null` even where a field is required, so additions are safe. What
  breaks is a value OLD's decoder cannot take: a removed or no-longer-required field that
  OLD requires, a changed type, a payload of another type.
- **source**: does code that *reads* payloads, written and type-checked against OLD, still
  type-check against NEW? Removed names (events, types, fields, enum constants) break; so
  does a type that becomes wider for a reader (nullable, optional, another class). Open
  enums are `str` subclasses, so a string that becomes an enum does not break readers, and
  an integer where a number was is fine.

Descriptions are not compared: they change with every document and break nothing.
`changes()` returns the list as data (the docs build a changelog from it).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventgen.diagnostics import SpecError
from eventgen.load import load_spec
from eventgen.validate import definitions_of

SAFE, BREAKING = "safe", "breaking"


@dataclass(frozen=True)
class Change:
    subject: str
    """What changed: `event thread.run.created`, `type Run`, `Run.instructions`, ..."""
    what: str
    """The change in a few words: `field removed`, `enum value added: auto`, ..."""
    wire: str
    source: str
    catalog: str = ""

    @property
    def breaking(self) -> bool:
        return BREAKING in (self.wire, self.source)


@dataclass
class Catalog:
    name: str
    data: dict[str, Any]
    types: dict[str, dict[str, Any]]

    @property
    def events(self) -> dict[str, dict[str, Any]]:
        return {str(e.get("wire")): e for e in self.data.get("events") or []}


class DiffProblem(Exception):
    """A side cannot be read."""


def run_diff(old: str, new: str, *, fmt: str = "text", fail_on: str | None = "breaking") -> int:
    """Print the changes from OLD to NEW; 1 when `fail_on` is "breaking" and one breaks,
    2 when a side cannot be read."""
    try:
        found = changes(old, new)
    except DiffProblem as exc:
        print(f"eventgen diff: {exc}", file=sys.stderr)
        return 2
    print(render_markdown(found) if fmt == "markdown" else render_text(found), end="")
    return 1 if fail_on == "breaking" and any(c.breaking for c in found) else 0


def changes(old: str, new: str, repo: Path | None = None) -> list[Change]:
    """The changes from OLD to NEW (folders or git revisions of the git repository at
    `repo`, the current folder's by default), in a stable order."""
    with tempfile.TemporaryDirectory() as scratch:
        old_dir, new_dir = _materialize(
            old, new, Path(scratch) / "old", Path(scratch) / "new", repo or Path.cwd()
        )
        old_catalogs, new_catalogs = _catalogs(old_dir), _catalogs(new_dir)
    if len(old_catalogs) == len(new_catalogs) == 1:  # one catalog each: pair them by place
        (old_catalog,), (new_catalog,) = old_catalogs.values(), new_catalogs.values()
        return compare(old_catalog, new_catalog)
    found: list[Change] = []
    for name in sorted(set(old_catalogs) | set(new_catalogs)):
        if name not in new_catalogs:
            found.append(Change(f"catalog {name}", "catalog removed", SAFE, BREAKING, name))
        elif name not in old_catalogs:
            found.append(Change(f"catalog {name}", "catalog added", SAFE, SAFE, name))
        else:
            found += compare(old_catalogs[name], new_catalogs[name])
    return found


# --- reading the two sides ---------------------------------------------------------------


def _materialize(
    old: str, new: str, old_scratch: Path, new_scratch: Path, repo: Path
) -> tuple[Path, Path]:
    """Folders holding OLD and NEW; git revisions are written out into the scratch folders."""
    old_folder = Path(old) if Path(old).is_dir() else None
    new_folder = Path(new) if Path(new).is_dir() else None
    old_side = old_folder or _from_git(old, new_folder, old_scratch, repo)
    new_side = new_folder or _from_git(new, old_folder, new_scratch, repo)
    return old_side, new_side


def _from_git(spec: str, other: Path | None, scratch: Path, repo: Path) -> Path:
    rev, _, path = spec.partition(":")
    top = _git(repo, "rev-parse", "--show-toplevel").strip()
    if not path:
        if other is None:
            raise DiffProblem(
                f"{spec!r}: neither a folder nor REV:path, and no folder to pair with"
            )
        try:
            path = str(other.resolve().relative_to(Path(top).resolve()))
        except ValueError:
            raise DiffProblem(f"{spec!r}: {other} is not inside the git repository") from None
    path = path.rstrip("/") or "."
    single = path != "." and _git(repo, "ls-tree", "--name-only", rev, "--", f"{path}/catalog.yaml")
    if single:  # its parent too, so `schemas_from: [../other]` finds the other catalog
        parent = str(Path(path).parent)
        _write_tree(repo, rev, parent, scratch)
        return scratch / Path(path).relative_to(parent)
    _write_tree(repo, rev, path, scratch)
    return scratch


def _write_tree(repo: Path, rev: str, path: str, scratch: Path) -> None:
    listing = _git(repo, "ls-tree", "-r", "-z", "--name-only", rev, "--", path).split("\0")
    files = [f for f in listing if f.endswith((".yaml", ".yml", ".json"))]
    if not files:
        raise DiffProblem(f"{rev}:{path}: no catalog files there")
    for name in files:
        target = scratch / Path(name).relative_to(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_git_bytes(repo, "show", f"{rev}:{name}"))


def _git(repo: Path, *args: str) -> str:
    return _git_bytes(repo, *args).decode("utf-8")


def _git_bytes(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=True, cwd=repo)
    except FileNotFoundError:
        raise DiffProblem("git is not installed") from None
    except subprocess.CalledProcessError as exc:
        raise DiffProblem(f"git {' '.join(args)}: {exc.stderr.decode().strip()}") from None
    return done.stdout


def _catalogs(folder: Path) -> dict[str, Catalog]:
    if (folder / "catalog.yaml").is_file():
        return {folder.name: _read_catalog(folder, folder.name)}
    found = {
        p.parent.name: _read_catalog(p.parent, p.parent.name) for p in folder.glob("*/catalog.yaml")
    }
    if not found:
        raise DiffProblem(f"{folder}: no catalog.yaml here or in a folder below")
    return found


def _read_catalog(folder: Path, name: str) -> Catalog:
    """A catalog's events and types as the pipeline reads them: its own schemas, and
    those of `schemas_from` that it uses."""
    try:
        spec = load_spec(folder)
    except SpecError as exc:
        raise DiffProblem(exc.diagnostics[0].render()) from None
    types = {type_name: schema for type_name, (_, schema) in definitions_of(spec).items()}
    return Catalog(name, spec.catalog.data, types)


# --- comparing ---------------------------------------------------------------------------


def compare(old: Catalog, new: Catalog) -> list[Change]:
    """Every change from `old` to `new`, classified."""
    comparer = _Comparer(old, new)
    return [
        Change(c.subject, c.what, c.wire, c.source, new.name)
        for c in [*comparer.catalog(), *comparer.events(), *comparer.types()]
    ]


class _Comparer:
    def __init__(self, old: Catalog, new: Catalog) -> None:
        self.old, self.new = old, new

    def catalog(self) -> Iterator[Change]:
        for key in ("package", "enum"):
            before, after = self.old.data.get(key), self.new.data.get(key)
            if before != after:
                yield Change(f"catalog {key}", f"renamed {before} -> {after}", SAFE, BREAKING)

    def events(self) -> Iterator[Change]:
        old_events, new_events = self.old.events, self.new.events
        for wire in old_events:
            if wire not in new_events:
                yield Change(f"event {wire}", "event removed", SAFE, BREAKING)
        for wire, after in new_events.items():
            before = old_events.get(wire)
            if before is None:
                yield Change(f"event {wire}", "event added", SAFE, SAFE)
                continue
            if before.get("class") != after.get("class"):
                what = f"class renamed {before.get('class')} -> {after.get('class')}"
                yield Change(f"event {wire}", what, SAFE, BREAKING)
            old_payload, new_payload = before.get("payload"), after.get("payload")
            if old_payload != new_payload:
                old_t = _ref_kind(old_payload, self.old.types) if old_payload else ("none",)
                new_t = _ref_kind(new_payload, self.new.types) if new_payload else ("none",)
                yield Change(
                    f"event {wire}",
                    f"payload {old_payload} -> {new_payload}",
                    _verdict(_wire_ok(old_t, new_t)),
                    _verdict(_source_ok(old_t, new_t)),
                )
            if before.get("data") != after.get("data"):
                what = f"data text {before.get('data')!r} -> {after.get('data')!r}"
                yield Change(f"event {wire}", what, BREAKING, SAFE)

    def types(self) -> Iterator[Change]:
        old_types, new_types = self.old.types, self.new.types
        for name in old_types:
            if name not in new_types:
                yield Change(f"type {name}", "type removed", SAFE, BREAKING)
        for name, after in new_types.items():
            before = old_types.get(name)
            if before is None:
                yield Change(f"type {name}", "type added", SAFE, SAFE)
                continue
            old_kind, new_kind = _type_kind(before), _type_kind(after)
            if old_kind != new_kind:
                yield Change(f"type {name}", f"{old_kind} became {new_kind}", BREAKING, BREAKING)
            elif new_kind == "enum":
                yield from self._enum(name, before, after)
            elif new_kind == "union":
                yield from self._union(name, before, after)
            else:
                yield from self._object(name, before, after)

    def _enum(self, name: str, before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
        old_values, new_values = before.get("enum") or [], after.get("enum") or []
        for value in old_values:
            if value not in new_values:
                yield Change(f"type {name}", f"enum value removed: {value}", SAFE, BREAKING)
        for value in new_values:
            if value not in old_values:
                yield Change(f"type {name}", f"enum value added: {value}", SAFE, SAFE)

    def _union(self, name: str, before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
        old_refs = [_ref_name(v) for v in before.get("oneOf") or []]
        new_refs = [_ref_name(v) for v in after.get("oneOf") or []]
        for ref in old_refs:
            if ref not in new_refs:
                # NEW never sends it; readers' isinstance checks still type-check
                yield Change(f"type {name}", f"union variant removed: {ref}", SAFE, SAFE)
        for ref in new_refs:
            if ref not in old_refs:
                yield Change(f"type {name}", f"union variant added: {ref}", SAFE, SAFE)

    def _object(self, name: str, before: dict[str, Any], after: dict[str, Any]) -> Iterator[Change]:
        old_props, new_props = before.get("properties") or {}, after.get("properties") or {}
        old_required, new_required = (
            set(before.get("required") or []),
            set(after.get("required") or []),
        )
        for prop in old_props:
            if prop not in new_props:
                wire = BREAKING if prop in old_required else SAFE
                yield Change(f"{name}.{prop}", "field removed", wire, BREAKING)
        for prop, new_prop in new_props.items():
            where = f"{name}.{prop}"
            old_prop = old_props.get(prop)
            if old_prop is None:
                what = "required field added" if prop in new_required else "optional field added"
                yield Change(where, what, SAFE, SAFE)
                continue
            old_t = _prop_kind(old_prop, self.old.types)
            new_t = _prop_kind(new_prop, self.new.types)
            if old_t != new_t:
                yield Change(
                    where,
                    f"type {_show(old_t)} -> {_show(new_t)}",
                    _verdict(_wire_ok(old_t, new_t)),
                    _verdict(_source_ok(old_t, new_t)),
                )
            was_required, is_required = prop in old_required, prop in new_required
            if was_required and not is_required:
                yield Change(where, "no longer required", BREAKING, BREAKING)
            if is_required and not was_required:
                yield Change(where, "now required", SAFE, SAFE)
            was_nullable, is_nullable = _nullable(old_prop), _nullable(new_prop)
            if is_nullable and not was_nullable:
                # the old package keeps a null it did not expect, but readers now get None
                yield Change(where, "now nullable", SAFE, BREAKING)
            if was_nullable and not is_nullable:
                yield Change(where, "no longer nullable", SAFE, SAFE)
        old_extra = before.get("additionalProperties")
        new_extra = after.get("additionalProperties")
        if old_extra != new_extra and (isinstance(old_extra, dict) or isinstance(new_extra, dict)):
            old_t = (
                _prop_kind(old_extra, self.old.types) if isinstance(old_extra, dict) else ("any",)
            )
            new_t = (
                _prop_kind(new_extra, self.new.types) if isinstance(new_extra, dict) else ("any",)
            )
            if old_t != new_t:
                yield Change(
                    f"type {name}",
                    f"map values {_show(old_t)} -> {_show(new_t)}",
                    _verdict(_wire_ok(old_t, new_t)),
                    _verdict(_source_ok(old_t, new_t)),
                )


# --- value kinds and the two compatibility checks ----------------------------------------

Kind = tuple[Any, ...]
"""("any",) ("string",) ("integer",) ("number",) ("boolean",) ("list", Kind) ("map", Kind)
("object", name) ("enum", name) ("union", name); a named map is ("map", Kind, name)."""


def _type_kind(schema: dict[str, Any]) -> str:
    if "oneOf" in schema:
        return "union"
    if "enum" in schema:
        return "enum"
    if schema.get("properties") or "additionalProperties" not in schema:
        return "object"
    return "map"


def _ref_name(schema: Any) -> str:
    return str(schema.get("$ref", "")).rsplit("/", 1)[-1] if isinstance(schema, dict) else ""


def _ref_kind(name: str, types: dict[str, Any]) -> Kind:
    target = types.get(name)
    if target is None:
        return ("object", name)
    kind = _type_kind(target)
    if kind == "map":
        values = target.get("additionalProperties")
        inner = _prop_kind(values, types) if isinstance(values, dict) else ("any",)
        return ("map", inner, name)
    return (kind, name)


def _prop_kind(schema: dict[str, Any], types: dict[str, Any]) -> Kind:
    if "$ref" in schema:
        return _ref_kind(_ref_name(schema), types)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "array":
        return ("list", _prop_kind(schema.get("items") or {}, types))
    if kind == "object":
        values = schema.get("additionalProperties")
        return ("map", _prop_kind(values, types) if isinstance(values, dict) else ("any",))
    if kind in ("string", "integer", "number", "boolean"):
        return (kind,)
    return ("any",)


def _nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def _wire_ok(old: Kind, new: Kind) -> bool:
    """Can OLD's decoder take every value NEW allows, keeping it?"""
    if old[0] == "any":
        return True
    if old[0] in ("string", "enum"):
        return new[0] in ("string", "enum")  # enums are open: any string is kept
    if old[0] == "number":
        return new[0] in ("number", "integer")
    if old[0] in ("list", "map") and new[0] == old[0]:
        return _wire_ok(old[1], new[1])
    if old[0] == "map" and new[0] == "object":
        return bool(old[1] == ("any",))
    if old[0] == "union" and new[0] in ("union", "object"):
        return True  # unknown variants are kept
    return old == new


def _source_ok(old: Kind, new: Kind) -> bool:
    """Does a reader typed against OLD still type-check against NEW?"""
    if old[0] == "any" or new[0] == "any":
        return True
    if old[0] == "string":
        return new[0] in ("string", "enum")  # an open enum is a str
    if old[0] == "number":
        return new[0] in ("number", "integer")
    if old[0] in ("list", "map") and new[0] == old[0]:
        return _source_ok(old[1], new[1])
    return old[:2] == new[:2]


def _verdict(ok: bool) -> str:
    return SAFE if ok else BREAKING


def _show(kind: Kind) -> str:
    if kind[0] in ("list", "map") and len(kind) == 3:
        return str(kind[2])
    if kind[0] == "list":
        return f"list[{_show(kind[1])}]"
    if kind[0] == "map":
        return f"map[{_show(kind[1])}]"
    if kind[0] in ("object", "enum", "union", "none"):
        return str(kind[1]) if len(kind) > 1 else "none"
    return str(kind[0])


# --- output ------------------------------------------------------------------------------


def render_text(found: list[Change]) -> str:
    if not found:
        return "no changes\n"
    width = max(len(c.subject) for c in found)
    lines = [
        f"{_mark(c)} {c.subject:<{width}}  {c.what}  (wire: {c.wire}, source: {c.source})"
        for c in found
    ]
    return "\n".join(lines) + "\n" + _totals(found) + "\n"


def render_markdown(found: list[Change]) -> str:
    if not found:
        return "No changes.\n"
    rows = ["| | Where | Change | Wire | Source |", "|---|---|---|---|---|"]
    for c in found:
        what = c.what.replace("|", "\\|")
        rows.append(f"| {_mark(c)} | `{c.subject}` | {what} | {c.wire} | {c.source} |")
    return "\n".join(rows) + "\n\n" + _totals(found) + "\n"


def _mark(change: Change) -> str:
    return "!" if change.breaking else "+"


def _totals(found: list[Change]) -> str:
    wire = sum(c.wire == BREAKING for c in found)
    source = sum(c.source == BREAKING for c in found)
    return f"{len(found)} change(s); breaking: {wire} on the wire, {source} in source"
