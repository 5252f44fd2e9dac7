"""Stage 5: format the rendered Python with ruff, in memory.

Templates aim for clean code, and ruff makes it exact: imports sorted and
unused ones dropped (`ruff check --select I,F401 --fix`), then `ruff format`. Both run once over a
temporary copy of all Python files, with the settings given here alone
(`--isolated`), so the output does not depend on any ruff config around it.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin

SETTINGS = ["--isolated", "--line-length", "100", "--target-version", "py310"]


def format_python(files: dict[str, str]) -> dict[str, str]:
    """The same files, Python ones formatted; anything else untouched."""
    python = {name: text for name, text in files.items() if name.endswith(".py")}
    if not python:
        return dict(files)
    ruff = find_ruff_bin()
    with tempfile.TemporaryDirectory(prefix="eventgen-") as tmp:
        root = Path(tmp)
        for name, text in python.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        for command in (
            [ruff, "check", *SETTINGS, "--select", "I,F401", "--fix", "--quiet", "."],
            [ruff, "format", *SETTINGS, "--quiet", "."],
        ):
            result = subprocess.run(command, cwd=root, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(
                    f"{' '.join(command[1:3])} failed:\n{result.stdout}{result.stderr}"
                )
        formatted = {name: (root / name).read_text(encoding="utf-8") for name in python}
    return {name: formatted.get(name, text) for name, text in files.items()}
