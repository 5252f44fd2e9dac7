"""The published event reference, checked in a real browser.

`eventgen docs build` writes the site for every catalog under spec/; it is served on
127.0.0.1 from a thread and opened in headless Chromium (Debian's /usr/bin/chromium)
driven by Playwright: every page loads with no console error and asks nothing of the
network; every lifecycle diagram is drawn as SVG with labels of 11 px or more, no two
overlapping; every internal link and anchor resolves; searching an event's name finds
its section first. Screenshots of an overview and an event page are saved under
build/test-output/docs-site/ (the path is printed).

CI installs Chromium (.ci/run); elsewhere these tests skip, saying what is missing.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("EVENTGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "build" / "test-output" / "docs-site"
SPEC = ROOT / "spec"
MIN_FONT_PX = 11


def _need_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (CI does)")
    pytest.importorskip("material", reason="mkdocs-material is not installed: the docs extra")
    return sync_playwright


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _need_browser()
    from eventgen.site import SiteError, build_site, cached_mermaid

    if cached_mermaid() is None:  # fetching it is the set-up's job: tests use no network
        pytest.skip("Mermaid is not cached: run `eventgen docs build` once (the README set-up)")
    out = tmp_path_factory.mktemp("docs-site") / "site"
    started = time.monotonic()
    try:
        built = build_site(SPEC, out)
    except SiteError as error:
        if "npm" in str(error):
            pytest.skip(f"cannot get Mermaid for the site: {error}")
        raise
    print(f"\nsite: {len(built.pages)} pages in {time.monotonic() - started:.1f} s at {built.html}")
    return built.html


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(site: Path) -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def visited(site: Path, server: str, browser: Any) -> dict[str, dict[str, Any]]:
    """Every page, loaded once: its console errors, outside requests, ids and links."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found: dict[str, dict[str, Any]] = {}
    for name in pages:
        record: dict[str, Any] = {"errors": [], "outside": []}
        page.on(
            "console", lambda m, r=record: r["errors"].append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e, r=record: r["errors"].append(str(e)))
        page.on(
            "request",
            lambda q, r=record: None if q.url.startswith(server) else r["outside"].append(q.url),
        )
        page.goto(server + name, wait_until="load")
        if page.locator("pre.eventgen-diagram").count():
            page.wait_for_selector("div.eventgen-diagram svg", timeout=15000)
        record["ids"] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        record["links"] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        found[name] = record
    page.close()
    return found


def test_every_page_loads_without_console_errors_or_network(visited: dict[str, Any]) -> None:
    assert len(visited) > 10
    for name, record in visited.items():
        if name == "404.html":
            continue
        assert record["errors"] == [], name
        assert record["outside"] == [], name


def test_every_internal_link_and_anchor_resolves(visited: dict[str, Any], server: str) -> None:
    checked = 0
    for name, record in visited.items():
        for href in record["links"]:
            if not href.startswith(server):
                continue
            target, fragment = urldefrag(href)
            path = urlparse(target).path.lstrip("/") or "index.html"
            if path.endswith("/"):
                path += "index.html"
            if not path.endswith(".html"):
                continue  # assets: their loading is checked with the console errors
            assert path in visited, (name, href)
            if fragment:
                assert fragment in visited[path]["ids"], (name, href)
            checked += 1
    assert checked > 500


def _overviews(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.glob("*/index.html"))


def test_lifecycle_diagrams_are_svg_with_readable_labels(
    site: Path, server: str, browser: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    drawn = 0
    for name in _overviews(site):
        page.goto(server + name, wait_until="load")
        expected = page.locator("pre.eventgen-diagram, div.eventgen-diagram").count()
        if not expected:
            continue
        page.wait_for_function(
            "() => document.querySelectorAll('pre.eventgen-diagram').length === 0", timeout=15000
        )
        diagrams = page.evaluate(_MEASURE)
        assert len(diagrams) == expected, name
        for labels in diagrams:
            assert labels, name
            for text, box, size in labels:
                assert size >= MIN_FONT_PX and box[3] >= MIN_FONT_PX, (name, text, size, box)
            for i, (a, box_a, _) in enumerate(labels):
                for b, box_b, _ in labels[i + 1 :]:
                    assert not _overlap(box_a, box_b), (name, a, b)
        drawn += len(diagrams)
    assert drawn >= 3
    page.close()


_MEASURE = """() => [...document.querySelectorAll('div.eventgen-diagram svg')].map(svg =>
  [...svg.querySelectorAll('.nodeLabel, .edgeLabel, .label text, text')]
    .map(e => { const r = e.getBoundingClientRect();
                return [e.textContent.trim(), [r.x, r.y, r.width, r.height],
                        parseFloat(getComputedStyle(e).fontSize)]; })
    .filter(([t, r]) => t && r[2] > 0 && r[3] > 0)
    .filter((x, i, all) => all.findIndex(y => y[0] === x[0] && y[1][0] === x[1][0]
                                              && y[1][1] === x[1][1]) === i))"""


def _overlap(a: list[float], b: list[float]) -> bool:
    """Two boxes overlap when they share more than a pixel each way; a label nested in
    another (a span in its label box) is the same label."""
    if _inside(a, b) or _inside(b, a):
        return False
    return min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 1 and (
        min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 1
    )


def _inside(a: list[float], b: list[float]) -> bool:
    return (
        a[0] - 1 <= b[0]
        and b[0] + b[2] <= a[0] + a[2] + 1
        and a[1] - 1 <= b[1]
        and b[1] + b[3] <= a[1] + a[3] + 1
    )


def _first_section(page: Any, site: Path, server: str, query: str) -> str:
    """The first section search lists for `query`, as `path#id` under the site. Material
    lists each page, then its sections; a page's own title section (its H1) is the page."""
    page.goto(server + "index.html", wait_until="load")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    field = page.locator("input.md-search__input")
    links = page.locator(".md-search-result__item a[href*='#']")
    for _ in range(12):  # the search worker indexes every catalog first: slow on a busy machine
        field.fill("")
        field.type(query)
        try:
            links.first.wait_for(state="attached", timeout=10000)
            break
        except Exception:
            continue
    else:
        raise AssertionError(f"search for {query!r} listed no section")
    for href in links.evaluate_all("els => els.map(e => e.href)"):
        target, fragment = urldefrag(href)
        path = urlparse(target).path.lstrip("/")
        h1 = re.search(r'<h1 id="([^"]+)"', (site / path).read_text(encoding="utf-8"))
        if not (h1 and h1.group(1) == fragment):
            return f"{path}#{fragment}"
    raise AssertionError(f"search for {query!r} lists no section")


def test_searching_an_event_name_finds_its_section_first(
    site: Path, server: str, browser: Any
) -> None:
    from eventgen.load import find_catalogs
    from eventgen.site import catalog_pages

    catalogs = {f.name: catalog_pages(f).project for f in find_catalogs(SPEC)}
    wire = "thread.run.requires_action"
    queries = [(wire, wire), ("requires_action", wire)] if "assistants" in catalogs else []
    for project in catalogs.values():
        chosen = next((e for e in project.events if e.move), project.events[-1])
        queries.append((chosen.wire, chosen.wire))
    for query, expected in queries:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        found = _first_section(page, site, server, query)
        page.close()
        catalog = found.split("/", 1)[0]
        # Catalogs may share event names (Azure Agents mirrors Assistants): either is right.
        assert expected in {e.wire for e in catalogs[catalog].events}, (query, found)
        assert found.endswith(f"#event-{expected}"), (query, found)


def test_screenshots_of_an_overview_and_an_event_page(
    site: Path, server: str, browser: Any
) -> None:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "assistants/index.html", wait_until="load")
    page.wait_for_selector("div.eventgen-diagram svg", timeout=15000)
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    page.locator("div.eventgen-diagram").first.screenshot(path=str(SHOTS / "run-lifecycle.png"))
    page.goto(
        server + "assistants/events/run.html#event-thread.run.requires_action", wait_until="load"
    )
    page.screenshot(path=str(SHOTS / "event-page.png"))
    page.close()
    print(f"\nscreenshots: {SHOTS}")
    assert all((SHOTS / n).stat().st_size > 10_000 for n in ("overview.png", "event-page.png"))
