"""The generated package as users get it: vendorable, typed, lint-clean."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "generated" / "assistants" / "python" / "assistant_events"


def test_vendored_copy_works_with_the_standard_library_only(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "assistant_events")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import assistant_events as ae\n"
        "assert ae.__file__.startswith(sys.argv[1]), ae.__file__\n"
        "event = ae.parse_event('thread.message.delta', "
        '\'{"id":"m","delta":{"content":[{"index":0,"type":"text","text":{"value":"hi"}}]}}\')\n'
        "print(event.data.delta.content[0].text.value)\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "ours = {'assistant_events', '__main__'}\n"
        "third_party = sorted(tops - set(sys.stdlib_module_names) - ours)\n"
        "assert not third_party, third_party\n"
    )
    # -I: no PYTHONPATH, no user site; -S: no site-packages, so the project install is invisible.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hi\n"


def test_py_typed_marker_is_shipped() -> None:
    assert (PACKAGE / "py.typed").exists()


def test_mypy_strict_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PACKAGE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_passes_on_generated() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT / "generated")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"## Using a generated package\n.*?```python\n(.*?)```", readme, re.S)
    assert example is not None
    result = subprocess.run(
        [sys.executable, "-c", example.group(1)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Hi\nevent: thread.message.delta\ndata: {")


def test_generator_itself_type_checks() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-incremental",
            "--ignore-missing-imports",
            "-p",
            "eventgen",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_set_up_and_test_commands_exactly() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme.split("## The two commands", 1)[1], re.S)
    set_up, test = commands[0], commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert set_up in ci and test in ci
    assert ci.index(set_up) < ci.index(test)
