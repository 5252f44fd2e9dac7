"""The TypeScript target: every catalog's output compiles under `tsc --strict` (one run),
and node's own test runner reads the sample streams as the Python package does.

The compiler is the `typescript` pinned in tests/node/package-lock.json, installed by the
README's set-up (`npm ci --prefix tests/node`); tests that need node or that install skip,
saying so, where they are absent.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventgen.runtime.sse import SSEDecoder
from eventgen.targets.typescript import ts_doc, ts_prop, ts_str
from tests.conftest import ROOT, SHARED

NODE_DIR = ROOT / "tests" / "node"
GENERATED = ROOT / "generated"
GOLDEN = ROOT / "tests" / "golden" / "ticker" / "generated"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed: the TypeScript output is not compiled or run")
    return path


def typescript_packages() -> list[tuple[str, Path]]:
    """(catalog name, typescript folder) of every generated catalog and the golden one."""
    found = [(p.parent.name, p) for p in sorted(GENERATED.glob("*/typescript"))]
    return found + [("ticker", GOLDEN / "typescript")]


def streams_of(name: str) -> list[Path]:
    """The sample streams of a catalog: the project's own, and ../shared's when present."""
    if name == "assistants":
        own = sorted((ROOT / "tests" / "streams").glob("*.sse"))
        return own + sorted((SHARED / "streams").glob("*.sse"))
    if name == "ticker":
        return sorted((ROOT / "tests" / "golden" / "ticker" / "streams").glob("*.sse"))
    return sorted((SHARED / "other-apis").glob(f"*{name.replace('_', '-')}*.sse"))


@pytest.fixture(scope="module")
def tsc() -> Path:
    """tsc from the pinned typescript that the README's set-up installs (`npm ci --prefix
    tests/node`): tests never reach the network themselves."""
    _tool("node")
    binary = NODE_DIR / "node_modules" / "typescript" / "bin" / "tsc"
    if not binary.exists():
        pytest.skip("the pinned TypeScript is not installed: run `npm ci --prefix tests/node`")
    return binary


@pytest.fixture(scope="module")
def compiled(tsc: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every catalog's TypeScript and tests/node/usage.ts, compiled in one strict run."""
    out = tmp_path_factory.mktemp("ts-out")
    sources = [
        str(p.relative_to(ROOT))
        for _, folder in typescript_packages()
        for p in sorted((folder / "src").glob("*.ts"))
    ] + ["tests/node/usage.ts"]
    config = {
        "compilerOptions": {
            "target": "ES2022",
            "lib": ["ES2022"],
            "module": "NodeNext",
            "moduleResolution": "NodeNext",
            "strict": True,
            "noEmitOnError": True,
            "noUnusedLocals": True,
            "noImplicitReturns": True,
            "noFallthroughCasesInSwitch": True,
            "rootDir": str(ROOT),
            "outDir": str(out),
            "types": [],
        },
        "files": [str(ROOT / s) for s in sources],
    }
    tsconfig = out / "tsconfig.json"
    tsconfig.write_text(json.dumps(config), encoding="utf-8")
    result = subprocess.run(
        [_tool("node"), str(tsc), "-p", str(tsconfig)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (out / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return out


def test_every_catalog_compiles_under_strict(compiled: Path) -> None:
    for name, folder in typescript_packages():
        built = compiled / folder.relative_to(ROOT) / "src"
        assert (built / "index.js").is_file(), name


def python_events(name: str, folder: Path, streams: list[Path]) -> list[dict[str, Any]]:
    """What the catalog's Python package reads from each stream (with errors="keep")."""
    python = folder.parent / "python"
    package = next(p.name for p in python.iterdir() if (p / "__init__.py").is_file())
    script = f"""
import json, sys
import {package} as pkg
from {package}.events import UnknownEvent
from {package}.stream import MalformedEvent
out = []
for path in sys.argv[1:]:
    events = list(pkg.iter_events(open(path, "rb").read(), errors="keep"))
    expected = []
    for e in events:
        if isinstance(e, (UnknownEvent, MalformedEvent)):
            kind, data = ("unknown" if isinstance(e, UnknownEvent) else "malformed"), e.data
        else:
            kind = "known"
            data = e.data if isinstance(e.data, str) else e.data.to_dict()
        expected.append(dict(kind=kind, event=str(e.event), data=data,
                             text=e.data_text(), sse=e.to_sse()))
    out.append(dict(file=path, expected=expected, serialized=pkg.serialize(events)))
print(json.dumps(out))
"""
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, streams)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(python)},
    )
    assert result.returncode == 0, result.stderr
    loaded: list[dict[str, Any]] = json.loads(result.stdout)
    return loaded


def sse_cases() -> list[dict[str, Any]]:
    """SSE inputs, each cut several ways, with what the Python decoder makes of them."""
    inputs: list[tuple[str, bytes]] = []
    vectors = SHARED / "sse-vectors.json"
    if vectors.is_file():
        for v in json.loads(vectors.read_text(encoding="utf-8"))["vectors"]:
            raw = bytes.fromhex(v["input_hex"]) if "input_hex" in v else v["input"].encode()
            inputs.append((v["name"], raw))
    pieces = [b"data", b"data:", b"data: ", b"event: x", b"id: 7", b"id: a\x00b", b"retry: 15",
              b"retry: 1x", b":c", b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xe2\x82", b"\xac",
              b"\xff", b"\xf0\x9f\x98\x80", b"\xed\xa0\x80", b"caf\xc3\xa9", b" ",
              b"x"]  # fmt: skip
    rng = random.Random(12)
    for i in range(60):
        raw = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        inputs.append((f"random-{i}", (b"\xef\xbb\xbf" if i % 5 == 0 else b"") + raw))
    cases = []
    for name, raw in inputs:
        decoder = SSEDecoder()
        events = [e for b in [raw] for e in decoder.feed(b)] + decoder.close()
        chunkings = [[], list(range(1, len(raw))), list(range(2, len(raw), 3))]
        chunkings.append(sorted(rng.sample(range(1, len(raw)), min(4, max(len(raw) - 1, 0)))))
        for offsets in chunkings:  # the Python decoder agrees with itself, whatever the cut
            again = SSEDecoder()
            cut = [raw[a:b] for a, b in zip([0, *offsets], [*offsets, len(raw)], strict=True)]
            assert [e for c in cut for e in again.feed(c)] == events, (name, offsets)
        cases.append(
            {
                "name": name,
                "hex": raw.hex(),
                "chunkings": chunkings,
                "expected": [
                    {
                        "event": e.event,
                        "data": e.data,
                        "id": e.id,
                        "retry": e.retry,
                        "offset": e.offset,
                    }  # fmt: skip
                    for e in events
                ],
                "last_event_id": decoder.last_event_id,
                "retry": decoder.retry,
            }
        )
    return cases


def test_node_reads_the_streams_as_python_does(compiled: Path, tmp_path: Path) -> None:
    catalogs = []
    for name, folder in typescript_packages():
        streams = streams_of(name)
        catalogs.append(
            {
                "name": name,
                "module": str(compiled / folder.relative_to(ROOT) / "src" / "index.js"),
                "streams": python_events(name, folder, streams) if streams else [],
            }
        )
    assert any(c["streams"] for c in catalogs if c["name"] == "assistants")
    cases = {
        "catalogs": catalogs,
        "sse": sse_cases(),
        "usage": str(compiled / "tests" / "node" / "usage.js"),
        "usage_stream": str(ROOT / "tests" / "streams" / "full_run.sse"),
    }
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    result = subprocess.run(
        [_tool("node"), "--test", "--test-reporter=dot", str(NODE_DIR / "streams.test.mjs")],
        capture_output=True,
        text=True,
        env={**os.environ, "EVENTGEN_CASES": str(tmp_path / "cases.json")},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


# --- Emission: spec text cannot change the program --------------------------------------

TRICKY = ['"', "'", "\\", "\n", "\r", "\x00", "*/", "/*", "\u2028", "\u2029", "\ud800", "é",
          "`", "${x}", "<", " ", "a", "\\u0022", "*", "/"]  # fmt: skip


def _texts(count: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_literals_are_json_and_ascii() -> None:
    for text in _texts(500):
        literal = ts_str(text)
        assert literal.isascii() and "\n" not in literal
        assert json.loads(literal) == text


def test_comments_cannot_end_early() -> None:
    for text in _texts(500):
        for indent in (0, 2):
            comment = ts_doc(text, indent)
            if not comment:
                continue
            assert comment.startswith("/**") and comment.endswith("*/")
            assert "*/" not in comment[3:-2]
            assert "\u2028" not in comment and "\u2029" not in comment
            comment.encode("utf-8")  # no lone surrogate


def test_property_keys_are_identifiers_or_literals() -> None:
    assert ts_prop("index") == "index"
    assert ts_prop("from") == "from"  # a reserved word is a valid property name
    assert ts_prop("x-y") == '"x-y"'
    assert ts_prop("__proto__") == "__proto__"
