"""Stage 6: bring the output folder in line with the rendered files, or say how it differs.

eventgen touches only what it wrote. Each run records the files it produced in a
manifest (`.eventgen-manifest` in the output folder); a file it no longer produces
is removed only when the manifest lists it, and only within the top-level folders
this run writes: generating one catalog into a folder that holds others' output
leaves theirs (and their manifest lines) alone. A file in the way that eventgen did not
write (absent from the manifest, and not already identical) is never overwritten:
the run stops before writing anything and says which.

Paths are checked before anything is touched: no rendered path may leave the
output folder, pass through a symlink, or land on a folder. Files are written to
a temporary name beside the target and moved into place, so a symlink at the
target is replaced rather than written through, and a reader never sees half a
file. Unchanged files are not rewritten, so their timestamps stay.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = ".eventgen-manifest"
MANIFEST_HEADER = "# Files written by eventgen; it removes only these. Do not edit.\n"


@dataclass(frozen=True)
class Change:
    action: str  # "create", "update" or "remove"
    path: str  # relative to the output folder


class OutputError(Exception):
    """The output folder cannot be brought in line without harming what is there."""


def plan(files: dict[str, str], out: Path) -> list[Change]:
    """What `write` would do, sorted by path; OutputError if it must not be done."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is not a folder")
    if out.is_symlink():
        raise OutputError(f"{out} is a symlink; give the folder itself")
    owned = read_manifest(out)
    changes = []
    for name in sorted(files):
        target = _inside(out, name)
        if target.is_symlink():
            if name not in owned:
                raise OutputError(f"{target} is a symlink eventgen did not write; remove it first")
            changes.append(Change("update", name))
        elif target.is_dir():
            raise OutputError(f"{target} is a folder, where eventgen would write a file")
        elif not target.exists():
            changes.append(Change("create", name))
        elif target.read_bytes() != files[name].encode("utf-8"):
            if name not in owned:
                raise OutputError(
                    f"{target} exists and eventgen did not write it; move it away first"
                )
            changes.append(Change("update", name))
    for name in sorted(_in_scope(owned, files) - set(files)):
        target = _inside(out, name)
        if target.is_symlink() or target.is_file():
            changes.append(Change("remove", name))
    return changes


def write(files: dict[str, str], out: Path) -> list[Change]:
    changes = plan(files, out)
    owned = read_manifest(out)
    out.mkdir(parents=True, exist_ok=True)
    for change in changes:
        target = _inside(out, change.path)
        if change.action == "remove":
            target.unlink()
            _remove_empty_parents(target.parent, out)
        else:
            replace_file(target, files[change.path].encode("utf-8"))
    kept = owned - _in_scope(owned, files)  # other catalogs' output in the same folder
    manifest = MANIFEST_HEADER + "".join(f"{name}\n" for name in sorted(kept | set(files)))
    if _read(out / MANIFEST) != manifest:
        replace_file(out / MANIFEST, manifest.encode("utf-8"))
    return changes


def read_manifest(out: Path) -> set[str]:
    """The files the last run wrote into `out`."""
    path = out / MANIFEST
    if path.is_symlink() or not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#") and _safe(line)}


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


def _in_scope(owned: set[str], files: dict[str, str]) -> set[str]:
    """The manifest entries under the top-level folders (or files) this run writes."""
    tops = {name.split("/", 1)[0] for name in files}
    return {name for name in owned if name.split("/", 1)[0] in tops}


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "" not in name.split("/")


def _inside(out: Path, name: str) -> Path:
    """`out/name`, refusing a path that leaves `out` or passes through a symlink."""
    if not _safe(name):
        raise OutputError(f"refusing to write outside {out}: {name}")
    target = out
    for part in PurePosixPath(name).parent.parts:
        target = target / part
        if target.is_symlink():
            raise OutputError(f"{target} is a symlink; eventgen does not write through links")
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target} is a file, where eventgen needs a folder")
    return target / PurePosixPath(name).name


def replace_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` by a temporary file beside it and a rename: a symlink at
    `target` is replaced, not written through, and no reader sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        return "<binary file>\n"
