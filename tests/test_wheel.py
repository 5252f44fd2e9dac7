"""eventgen as users install it: a wheel in a fresh virtual environment, used outside
this repository; and each generated package built and installed on its own.

The wheels are built offline from this checkout (no build isolation). The fresh
environment reaches eventgen's own dependencies (jinja2, ...) through a path file to
the test environment's site-packages, so nothing is downloaded; eventgen itself
comes only from the wheel.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT


def run(*command: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_wheel(source: Path, into: Path) -> Path:
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    run(*pip, "-w", into, source, cwd=into)
    (wheel,) = into.glob("*.whl")
    return wheel


def fresh_venv(path: Path, wheel: Path, *, with_dependencies: bool) -> Path:
    venv.create(path, with_pip=False)
    python = path / "bin" / "python"
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=path
    )
    if with_dependencies:
        Path(purelib.stdout.strip(), "test-env.pth").write_text(
            "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
        )
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps"]
    run(*pip, "--no-index", wheel, cwd=path)
    return path / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    dist.mkdir()
    wheel = build_wheel(ROOT, dist)
    names = zipfile.ZipFile(wheel).namelist()
    assert "eventgen/catalog.schema.json" in names
    assert "eventgen/templates/python/package/events.py.jinja" in names
    assert "eventgen/runtime/sse.py" in names
    return fresh_venv(root / "venv", wheel, with_dependencies=True)


def test_the_wheel_regenerates_the_shipped_catalog_byte_for_byte(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "spec" / "assistants", tmp_path / "assistants")
    run(installed / "eventgen", "generate", "--spec", "assistants", "--out", "out", cwd=tmp_path)
    for name in (ROOT / "generated" / "assistants").rglob("*"):
        relative = name.relative_to(ROOT / "generated" / "assistants")
        if name.is_file() and not {"__pycache__", ".mypy_cache"} & set(relative.parts):
            if ".egg-info" in str(relative):
                continue
            assert (tmp_path / "out" / relative).read_bytes() == name.read_bytes(), relative
    version = run(installed / "eventgen", "--version", cwd=tmp_path)
    assert version.stdout.startswith("eventgen ")


def test_the_wheel_generates_a_catalog_written_from_scratch(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copytree(ROOT / "tests" / "golden" / "ticker" / "spec", tmp_path / "spec" / "ticker")
    run(installed / "eventgen", "generate", cwd=tmp_path)  # defaults: spec/ and generated/
    parse = run(
        installed / "python", "-m", "ticker_events", "parse",
        ROOT / "tests" / "golden" / "ticker" / "streams" / "feed.sse",
        cwd=tmp_path / "generated" / "ticker" / "python",
    )  # fmt: skip
    classes = [line.split()[1] for line in parse.stdout.splitlines()]
    assert classes[:3] == ["PriceChanged", "PriceChanged", "TradeExecuted"]
    assert classes[-1] == "UnknownEvent"


def test_errors_exit_2_not_1_and_never_a_traceback(installed: Path, tmp_path: Path) -> None:
    missing = run(installed / "eventgen", "check", "--spec", "nowhere", cwd=tmp_path, check=False)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "nowhere" in missing.stderr


def test_the_pre_commit_hook_passes_on_a_current_tree_and_fails_on_a_stale_one(
    installed: Path, tmp_path: Path
) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = hook["entry"].split()
    assert entry[0] == "eventgen" and hook["pass_filenames"] is False
    shutil.copytree(ROOT / "tests" / "golden" / "ticker" / "spec", tmp_path / "spec" / "ticker")
    run(installed / "eventgen", "generate", cwd=tmp_path)
    assert run(installed / entry[0], *entry[1:], cwd=tmp_path, check=False).returncode == 0
    catalog = tmp_path / "spec" / "ticker" / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("A new price", "A fresh price"),
        encoding="utf-8",
    )
    stale = run(installed / entry[0], *entry[1:], cwd=tmp_path, check=False)
    assert stale.returncode == 1 and "would regenerate" in stale.stdout


def test_a_generated_package_installs_alone_with_no_dependencies(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "generated" / "assistants" / "python",
        source,
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", ".mypy_cache"),
    )
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = build_wheel(source, dist)
    metadata = zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("METADATA"))
    )
    assert b"Requires-Dist" not in metadata
    bin_ = fresh_venv(tmp_path / "venv", wheel, with_dependencies=False)
    script = "import assistant_events, sys; print(sorted(set(sys.modules) & {'jinja2', 'yaml'}))"
    result = run(bin_ / "python", "-I", "-c", script, cwd=tmp_path)
    assert result.stdout.strip() == "[]"
