"""Spec text cannot change the generated program.

Every string from a catalog or schema reaches generated code through `py_str` (a
literal) or `py_doc` (a docstring), and Markdown through `md`/`code`. For any text,
the literal must evaluate back to exactly that text, and the docstring must be one
string statement whose value is the text (wrapped): nothing can end the literal
early and run. The end-to-end test puts hostile text in every place a catalog
has text and checks that the generated package imports and keeps the text.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eventgen import cli
from eventgen.targets.docs import code, md
from eventgen.targets.python import py_doc, py_str
from tests.conftest import ROOT

# Text a catalog may hold, weighted towards what ends literals and comments.
tricky = st.text(
    alphabet=st.sampled_from(
        [
            '"',
            "'",
            "\\",
            "\n",
            "\r",
            "\x00",
            "\x1b",
            "#",
            "`",
            "<",
            "|",
            "a",
            " ",
            "\ud800",
            "\u2028",
            "é",
        ]
    ),
    max_size=40,
) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(tricky)
def test_a_literal_always_reads_back_as_its_text(text: str) -> None:
    module = ast.parse(f"x = {py_str(text)}\n")
    (statement,) = module.body
    assert isinstance(statement, ast.Assign)
    assert ast.literal_eval(statement.value) == text


@settings(max_examples=400, deadline=None)
@given(tricky, st.integers(0, 8))
def test_a_docstring_is_always_one_string_statement(text: str, indent: int) -> None:
    source = f"def f():\n{' ' * 4}{py_doc(text, 4 + indent)}\n"
    module = ast.parse(source)
    (function,) = module.body
    assert isinstance(function, ast.FunctionDef)
    (statement,) = function.body
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    # Wrapping moves only white space: every other character is kept, in order.
    assert "".join(statement.value.value.split()) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(tricky)
def test_markdown_text_holds_no_markup(text: str) -> None:
    for rendered in (md(text), code(text)):
        # The only tags are the code spans eventgen writes itself.
        inner = rendered.replace("<code>", "").replace("</code>", "")
        assert "<" not in inner and ">" not in inner
        assert "|" not in inner.replace("\\|", "").replace("&#124;", "")


HOSTILE = '"""; import os; os.system("echo pwned") #\\\'\'\' {{ x }} {% raw %} */ <script>'


def test_hostile_text_everywhere_in_a_catalog_stays_text(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "tests" / "specs" / "minimal", spec)
    catalog = (spec / "catalog.yaml").read_text(encoding="utf-8")
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
    catalog = catalog.replace("description: Ticks of a clock.", f"description: {quoted}")
    catalog = catalog.replace("description: The clock started.", f"description: {quoted}")
    catalog = catalog.replace("{title: TS, description: interfaces}", f"{{title: {quoted}}}")
    catalog = catalog.replace(
        "typescript: {name: ClockStarted, payload: Clock, description: Started.}",
        f"typescript: {{name: {quoted}, payload: {quoted}, description: {quoted}}}",
    )
    (spec / "catalog.yaml").write_text(catalog, encoding="utf-8")
    schema = (spec / "schemas" / "clock.yaml").read_text(encoding="utf-8")
    schema = schema.replace("enum: [running, stopped]", f"enum: [running, stopped, {quoted}]")
    schema = schema.replace("description: A clock.", f"description: {quoted}")
    schema = schema.replace("enum: [hour]", f"enum: [{quoted}]")
    (spec / "schemas" / "clock.yaml").write_text(schema, encoding="utf-8")

    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    script = (
        "import tick_events as t\n"
        "hostile = [v for v in t.ClockStatus.values() if v not in ('running', 'stopped')]\n"
        f"assert hostile == [{HOSTILE!r}], hostile\n"
        'event = t.parse_event(\'clock.started\', \'{"id": "c", "status": "running", '
        '"hand": {"type": \' + __import__(\'json\').dumps(' + repr(HOSTILE) + ") + '}}')\n"
        "assert isinstance(event.data.hand, t.HourHand), event.data.hand\n"
        f"assert {HOSTILE!r}.split()[0] in t.ClockStarted.__doc__\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(out / "python")}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.returncode == 0 and result.stdout == "ok\n", result.stdout + result.stderr
    assert "pwned" not in result.stdout
    for page in (out / "docs").glob("*.md"):
        assert "<script>" not in page.read_text(encoding="utf-8")


def test_a_catalog_of_two_thousand_events_generates_and_imports(tmp_path: Path) -> None:
    """One huge literal (the union of all events) once overflowed ruff's stack."""
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "tests" / "golden" / "ticker" / "spec", spec)
    events = "".join(
        f"  - {{wire: e{i}, class: E{i}, payload: Quote, description: Event {i}.}}\n"
        for i in range(2100)
    )
    catalog = spec / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + events, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["generate", "--spec", str(spec), "--out", str(out)]) == 0
    script = "import ticker_events as t; print(len(t.EVENT_CLASSES), t.parse_event('e2099', '{}'))"
    env = {**os.environ, "PYTHONPATH": str(out / "python")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2104 E2099(")
