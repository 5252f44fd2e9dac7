"""Stage 6: bring the output folder in line with the rendered files, or say how it differs.

eventgen owns the top-level folders it renders into (<out>/<package>/ and
<out>/docs/): files there that it no longer produces are removed. Anything else
in <out> is left alone. Unchanged files are not rewritten, so their timestamps
stay, and tools that watch them see only real changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

IGNORED_PARTS = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache"})


@dataclass(frozen=True)
class Change:
    action: str  # "create", "update" or "remove"
    path: str  # relative to the output folder


def plan(files: dict[str, str], out: Path) -> list[Change]:
    """What `write` would do, sorted by path."""
    changes = []
    for name, text in files.items():
        target = out / name
        if not target.exists():
            changes.append(Change("create", name))
        elif target.read_bytes() != text.encode("utf-8"):
            changes.append(Change("update", name))
    for name in _stale(files, out):
        changes.append(Change("remove", name))
    return sorted(changes, key=lambda c: c.path)


def write(files: dict[str, str], out: Path) -> list[Change]:
    changes = plan(files, out)
    for change in changes:
        target = out / change.path
        if change.action == "remove":
            target.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[change.path].encode("utf-8"))
    return changes


def diff(change: Change, files: dict[str, str], out: Path) -> str:
    """A unified diff from what is on disk to what would be written."""
    before = "" if change.action == "create" else _read(out / change.path)
    after = "" if change.action == "remove" else files[change.path]
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{change.path}",
            tofile=f"b/{change.path}",
        )
    )


def _stale(files: dict[str, str], out: Path) -> list[str]:
    owned = {Path(name).parts[0] for name in files}
    stale = []
    for top in sorted(owned):
        root = out / top
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(out)
            if path.is_file() and not IGNORED_PARTS & set(relative.parts):
                if relative.as_posix() not in files:
                    stale.append(relative.as_posix())
    return stale


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "<binary file>\n"
