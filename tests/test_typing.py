"""The README's examples pass `mypy --strict` (issue 15): comparisons of `event.event`
narrow to the event's class, `consume()` keeps the event type, handlers type-check.

Every ```python block of README.md is taken as it stands, written to its own file and
type-checked in one run against the generated packages as installed (the README's
set-up: editable installs that type checkers see); the first one, which needs no
network, is also run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BLOCKS = re.findall(
    r"^```python\n(.*?)^```$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S
)
EXAMPLES = {f"readme_{i}.py": text for i, text in enumerate(BLOCKS)}


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme_examples")
    for name, text in EXAMPLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_readme_has_examples_of_every_kind() -> None:
    assert len(EXAMPLES) >= 5
    assert any("aiter_response" in text for text in EXAMPLES.values())
    assert any("StreamHandler" in text for text in EXAMPLES.values())


def test_readme_examples_pass_mypy_strict(examples: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, *sorted(EXAMPLES)],
        capture_output=True,
        text=True,
        cwd=examples,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_narrowing_by_name_is_what_mypy_sees(examples: Path) -> None:
    probe = examples / "probe.py"
    probe.write_text(
        "from assistant_events import KnownEvent\n"
        "def f(event: KnownEvent) -> None:\n"
        "    if event.event == 'thread.message.delta':\n"
        "        reveal_type(event)\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, "probe.py"],
        capture_output=True,
        text=True,
        cwd=examples,
    )
    assert 'Revealed type is "assistant_events.events.ThreadMessageDelta"' in result.stdout


def test_the_offline_example_runs(examples: Path) -> None:
    result = subprocess.run(
        [sys.executable, "readme_0.py"], capture_output=True, text=True, cwd=examples
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hi\nevent: thread.message.delta\n")
