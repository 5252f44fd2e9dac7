"""The docs target's pages, without a browser: markup safety, stable anchors that every
link resolves to, a JSON example per event, enum values, the samples convention, and the
site recipe and pages `eventgen docs build` makes from them."""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from pathlib import Path

import pytest

from eventgen.site import catalog_pages, recipe, site_markdown
from eventgen.targets.docs import code, fence, md, mermaid
from tests.conftest import ROOT

SPEC = ROOT / "spec"
MINIMAL = ROOT / "tests" / "specs" / "minimal"
EVIL = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(2)">',
        "[click](javascript:alert(3))",
        "![i](x.png)",
        "text {: onclick='alert(4)' }",
        "# a heading",
        "!!! danger",
        "1. a list",
        "- a list",
        "&lt;b&gt; entity",
        "a | pipe",
        "`<b>code</b>` and `x|y`",
    ],
)
def test_md_leaves_no_markup(text: str) -> None:
    out = md(text)
    # No tag but the <code> md writes for code spans; no link, image, attribute list or
    # block start survives.
    assert re.sub(r"</?code>", "", out).count("<") == 0, out
    assert "](" not in out.replace("\\]", "")
    assert "{:" not in out.replace("\\{", "")
    assert not re.match(r"(#|!|-|\d+\.)", out), out
    assert "|" not in out.replace("\\|", "").replace("&#124;", "")


def test_code_spans_stay_code_and_escaped() -> None:
    assert md("use `<b>` here") == "use <code>&lt;b&gt;</code> here"
    assert code("a|<b>") == "<code>a&#124;&lt;b&gt;</code>"


def test_fence_cannot_be_closed_by_the_example() -> None:
    block = fence('{"a": "```\\n# not a heading"}\n````', "json")
    opening = block.split("\n", 1)[0]
    assert opening.startswith("`````") and block.endswith("\n" + opening[: opening.index("j")])


def test_mermaid_labels_are_plain() -> None:
    assert mermaid('a"];click x call alert(1)%%') == "a_]_click x call alert_1___"


@pytest.fixture(scope="module")
def evil_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal catalog with markup in every text a page shows, and a sample stream."""
    spec = tmp_path_factory.mktemp("evil") / "evil"
    shutil.copytree(MINIMAL, spec)
    catalog = spec / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace(
        "description: Ticks of a clock.",
        f"title: {json.dumps(EVIL)}\ndescription: {json.dumps(EVIL)}",
    )
    text = text.replace("description: The clock started.", f"description: {json.dumps(EVIL)}")
    text = text.replace(
        "{name: clock, title: Clock}", f"{{name: clock, title: {json.dumps(EVIL)}}}"
    )
    text = text.replace(
        "{title: TS, description: interfaces}",
        f"{{title: {json.dumps(EVIL)}, description: {json.dumps(EVIL)}}}",
    )
    catalog.write_text(text, encoding="utf-8")
    (spec / "samples").mkdir()
    (spec / "samples" / "one.sse").write_text(
        'event: clock.started\ndata: {"x": "```</code><script>alert(5)</script>"}\n\n',
        encoding="utf-8",
    )
    return spec


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text.append(data)


def test_catalog_text_injects_nothing_into_pages(evil_spec: Path) -> None:
    pages = catalog_pages(evil_spec).pages
    for name, text in pages.items():
        text = re.sub(r"^(`{3,}).*?^\1$", "", text, flags=re.MULTILINE | re.DOTALL)  # examples
        for bad in ("<script", "<img"):
            assert bad not in text, (name, bad)
        assert not re.search(r"(?<!\\)\]\(javascript", text), name
    assert "alert(5)" in pages["events/clock.md"]  # the sample is shown, inside a fence


def test_catalog_text_injects_nothing_into_the_built_site(
    evil_spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("material", reason="mkdocs-material (the docs extra) is not installed")
    from eventgen.site import build_site

    dummy = tmp_path / "mermaid.min.js"
    dummy.write_text("/* not needed here */\n", encoding="utf-8")
    monkeypatch.setenv("EVENTGEN_MERMAID_JS", str(dummy))
    site = build_site(evil_spec, tmp_path / "site")
    assert site.pages
    for page in site.pages:
        parser = _Tags()
        parser.feed((site.html / page).read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            assert tag != "img", page
            events = [a for a in attrs if a.lower().startswith("on")]
            assert not events, (page, tag, events)
            assert not str(attrs.get("href", "")).lower().startswith("javascript"), page
        assert not any("alert(" in s for s in parser.script_text), page


def _ids_and_links(pages: dict[str, str]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    ids = {name: set(re.findall(r'<a id="([^"]+)"></a>', text)) for name, text in pages.items()}
    links = [
        (name, target)
        for name, text in pages.items()
        for target in re.findall(r"(?<!\\)\]\(([^)\s]+)\)", text)
    ]
    return ids, links


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in SPEC.glob("*/catalog.yaml")))
def test_every_link_resolves_and_every_event_and_type_has_its_anchor(folder: str) -> None:
    catalog = catalog_pages(SPEC / folder)
    pages, project = catalog.pages, catalog.project
    ids, links = _ids_and_links(pages)
    for page, target in links:
        path, _, fragment = target.partition("#")
        resolved = (Path(page).parent / path).as_posix() if path else page
        resolved = re.sub(r"[^/]+/\.\./", "", resolved)
        assert resolved in pages, (page, target)
        if fragment:
            assert fragment in ids[resolved], (page, target)
    all_ids = set().union(*ids.values())
    for event in project.events:
        assert f"event-{event.wire}" in all_ids
    for name in project.payload_names:
        assert f"type-{name}" in ids["payloads.md"], name
    assert len(all_ids) == sum(len(v) for v in ids.values())  # no id twice


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in SPEC.glob("*/catalog.yaml")))
def test_every_event_has_an_example_and_every_enum_its_values(folder: str) -> None:
    catalog = catalog_pages(SPEC / folder)
    group_pages = "\n".join(t for n, t in catalog.pages.items() if n.startswith("events/"))
    sections = re.split(r'^<a id="event-', group_pages, flags=re.MULTILINE)[1:]
    assert len(sections) == len(catalog.project.events)
    for section in sections:
        assert "Example data." in section, section[:80]
        block = re.search(r"^(`{3,})(json|text)\n(.*?)^\1$", section, re.MULTILINE | re.DOTALL)
        assert block, section[:80]
        if block.group(2) == "json":
            json.loads(block.group(3))
    payloads = catalog.pages["payloads.md"]
    for enum in catalog.project.enums:
        for member in enum.members:
            assert f"| {code(member.value)} |" in payloads, (enum.name, member.value)


def test_assistants_examples_come_from_the_sample_streams() -> None:
    pages = catalog_pages(SPEC / "assistants").pages
    assert pages["events/run.md"].count("From the sample stream") >= 8
    assert "Set by [<code>thread.run.requires_action</code>]" in pages["payloads.md"]


def test_the_site_gives_headings_their_stable_ids_and_hides_diagram_source() -> None:
    page = (
        '<a id="event-a.b"></a>\n## <code>a.b</code>\n\n'
        "```mermaid\nstateDiagram-v2\n    x --> y\n```\n"
    )
    out = site_markdown(page)
    assert "## <code>a.b</code> {#event-a.b}" in out
    assert site_markdown("# <code>&lt;b&gt;</code> \\[x\\]\n").startswith(
        '---\ntitle: "&lt;b&gt; [x]"'
    )
    assert '<pre class="eventgen-diagram" data-search-exclude' in out
    assert "x --&gt; y" in out and "```" not in out


def test_the_recipe_is_json_yaml_with_escaped_titles(evil_spec: Path) -> None:
    text = recipe([catalog_pages(evil_spec)])
    config = json.loads(text.split("\n", 3)[3])
    assert config["theme"]["name"] == "material" and config["strict"] is True
    titles = json.dumps(config["nav"])
    assert "<script" not in titles and "&lt;script&gt;" in titles
