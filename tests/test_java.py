"""The Java target: every catalog's output compiles with javac (one run, -Werror) and a
small program run with `java` checks the enum's behaviour and prints what it holds.

For Assistants, the constants are seed 004's, in its order, and `thread.run.incomplete`,
which that SDK lacks, comes after them with a note. Skips, saying so, without a JDK.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from eventgen.load import find_catalogs
from eventgen.pipeline import build_catalog
from eventgen.targets.java import constants, java_doc, java_str
from tests.conftest import ROOT, SHARED

GENERATED = ROOT / "generated"
GOLDEN = ROOT / "tests" / "golden" / "ticker"
SEED_004 = sorted((SHARED / "seeds").glob("004_*.txt")) if SHARED.is_dir() else []

# Reads each catalog's enum through reflection, checks what every expandable string
# enum promises, and prints one line per constant: package, field name, wire name, payload.
HARNESS = """
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

public final class Harness {
    static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            String[] parts = arg.split(":");
            Class<?> holder = Class.forName(parts[0] + ".Catalog");
            Class<?> e = Class.forName(parts[0] + ".Catalog$" + parts[1]);
            Method fromString = e.getMethod("fromString", String.class);
            Method payloadClass = holder.getMethod("payloadClass", e);
            Method valuesMethod = e.getMethod("values");
            List<Object> values = new ArrayList<>((Collection<?>) valuesMethod.invoke(null));
            List<Field> fields = new ArrayList<>();
            for (Field f : e.getDeclaredFields()) {
                int m = f.getModifiers();
                boolean constant = Modifier.isStatic(m) && Modifier.isFinal(m);
                if (Modifier.isPublic(m) && constant && f.getType() == e) {
                    fields.add(f);
                }
            }
            check(fields.size() == values.size(), "one constant per value");
            for (int i = 0; i < fields.size(); i++) {
                Object constant = fields.get(i).get(null);
                check(constant == values.get(i), "values() in the order of the constants");
                String wire = constant.toString();
                check(fromString.invoke(null, wire) == constant, "fromString finds the constant");
                check((Boolean) e.getMethod("isKnown").invoke(constant), "a constant is known");
                Class<?> payload = (Class<?>) payloadClass.invoke(null, constant);
                System.out.println(parts[0] + "\\t" + fields.get(i).getName() + "\\t" + wire + "\\t"
                    + (payload == null ? "" : payload.getSimpleName()));
            }
            for (String name : new String[] {"no.such.event", "", "caf\\u00e9 \\"x\\"\\n"}) {
                Object unknown = fromString.invoke(null, name);
                check(unknown != null, "fromString never gives null for a string");
                check(unknown.toString().equals(name), "an unknown value keeps its name");
                check(unknown.equals(fromString.invoke(null, name)), "equal by value");
                check(unknown.hashCode() == name.hashCode(), "hashed by value");
                check(!values.contains(unknown), "an unknown value is not among values()");
                check(!(Boolean) e.getMethod("isKnown").invoke(unknown), "and is not known");
                check(payloadClass.invoke(null, unknown) == null, "nor has a payload class");
            }
            check(fromString.invoke(null, (Object) null) == null, "null gives null");
            try {
                ((java.util.Collection<Object>) e.getMethod("values").invoke(null)).clear();
                throw new AssertionError("values() is read-only");
            } catch (UnsupportedOperationException expected) {
                // as it should be
            }
        }
    }
}
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed: the Java output is not compiled or run")
    return path


def java_outputs() -> list[tuple[str, str, Path]]:
    """(package, enum name, Catalog.java) of every generated catalog and the golden one."""
    found = []
    for folder in sorted(GENERATED.glob("*/java")) + [GOLDEN / "generated" / "java"]:
        (source,) = folder.glob("src/main/java/*/Catalog.java")
        text = source.read_text(encoding="utf-8")
        match = re.search(r"public static final class (\w+) \{", text)
        assert match is not None
        found.append((source.parent.name, match.group(1), source))
    return found


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, str]]]:
    """Compile every catalog's Java and the harness in one javac run; run the harness."""
    javac, java = _tool("javac"), _tool("java")
    out = tmp_path_factory.mktemp("java")
    (out / "Harness.java").write_text(HARNESS, encoding="utf-8")
    outputs = java_outputs()
    sources = [str(source) for _, _, source in outputs]
    result = subprocess.run(
        [
            javac,
            "--release",
            "17",
            "-Xlint:all,-unchecked",
            "-Werror",
            "-d",
            str(out / "classes"),
            *sources,
            str(out / "Harness.java"),
        ],  # fmt: skip
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [java, "-cp", str(out / "classes"), "Harness", *(f"{p}:{e}" for p, e, _ in outputs)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table: dict[str, list[tuple[str, str, str]]] = {}
    for line in result.stdout.splitlines():
        package, name, wire, payload = line.split("\t")
        table.setdefault(package, []).append((name, wire, payload))
    return table


def test_every_catalog_compiles_and_behaves(ran: dict[str, list[tuple[str, str, str]]]) -> None:
    assert set(ran) == {package for package, _, _ in java_outputs()}


def test_constants_and_payload_table_follow_the_catalog(
    ran: dict[str, list[tuple[str, str, str]]],
) -> None:
    for folder in find_catalogs(ROOT / "spec") + [GOLDEN / "spec"]:
        project, _ = build_catalog(folder)
        expected = [(c["name"], c["wire"], c["payload"]) for c in constants(project)]
        assert ran[project.package] == expected, folder.name


def test_assistants_constants_are_seed_004s_then_the_one_it_lacks(
    ran: dict[str, list[tuple[str, str, str]]],
) -> None:
    names = [name for name, _, _ in ran["assistant_events"]]
    assert names[-1] == "THREAD_RUN_INCOMPLETE"
    if not SEED_004:
        pytest.skip("../shared/seeds is not present: compared with the catalog only")
    text = SEED_004[0].read_text(encoding="utf-8")
    details = text[text.index("Field Details") : text.index("Constructor Details")]
    seed = re.findall(r"^([A-Z][A-Z0-9_]*)$", details, flags=re.MULTILINE)
    assert len(seed) == 24
    assert names == [*seed, "THREAD_RUN_INCOMPLETE"]
    source = GENERATED / "assistants" / "java" / "src" / "main" / "java" / "assistant_events"
    text = (source / "Catalog.java").read_text(encoding="utf-8")
    note = text[: text.index("THREAD_RUN_INCOMPLETE = ")].rsplit("/**", 1)[1]
    assert "Not a constant of Azure Java SDK" in " ".join(note.replace("*", " ").split())


# --- Emission: spec text cannot change the program --------------------------------------

TRICKY = ['"', "\\", "\\u000a", "\\u0022", "\\\\u005c", "\n", "\r", "\x00", "\x7f",
          "*/", "/*", "\u2028", "\ud800", "\U0001f600", "é", "@param", "<b>", "&amp;", "a",
          " "]  # fmt: skip


def _texts(count: int) -> list[str]:
    rng = random.Random(4)
    return ["".join(rng.choice(TRICKY) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def test_literals_hold_no_unicode_escape_java_would_read_first() -> None:
    for text in _texts(400):
        literal = java_str(text)
        assert literal.isascii() and "\n" not in literal and "\r" not in literal
        # Java turns \\uXXXX into a character before lexing; only escapes of characters
        # outside ASCII may appear, and never after an escaped backslash.
        for match in re.finditer(r"(\\+)u([0-9a-fA-F]{4})", literal):
            if len(match.group(1)) % 2:
                assert int(match.group(2), 16) >= 0x80, literal


def test_literals_read_back_in_java(tmp_path: Path) -> None:
    javac, java = _tool("javac"), _tool("java")
    texts = _texts(300)
    body = "".join(f"        System.out.println(encode({java_str(t)}));\n" for t in texts)
    source = (
        "public final class Literals {\n"
        "    static String encode(String s) {\n"
        "        StringBuilder b = new StringBuilder();\n"
        '        for (char c : s.toCharArray()) b.append(String.format("%04x", (int) c));\n'
        "        return b.toString();\n"
        "    }\n"
        "    public static void main(String[] args) {\n" + body + "    }\n}\n"
    )
    (tmp_path / "Literals.java").write_text(source, encoding="ascii")
    result = subprocess.run([javac, "Literals.java"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([java, "Literals"], cwd=tmp_path, capture_output=True, text=True)
    utf16 = ["".join(f"{u:04x}" for u in _units(t)) for t in texts]
    assert result.stdout.splitlines() == utf16


def _units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


def test_comments_cannot_end_early_or_hide_an_escape() -> None:
    for text in _texts(400):
        comment = java_doc(text, 4)
        if not comment:
            continue
        assert comment.isascii()
        assert "*/" not in comment[3:-2] and "\\" not in comment and "@" not in comment
