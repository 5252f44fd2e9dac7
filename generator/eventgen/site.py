"""`eventgen docs build` and `eventgen docs serve`: the event reference as a static site.

    eventgen docs build [--spec DIR] [--out DIR]   write the site (default out: site/)
    eventgen docs serve [--spec DIR] [--out DIR]   build it, then serve it on 127.0.0.1

One site covers every catalog under the spec folder. Its pages are the docs target's
pages of each catalog (the same Markdown `eventgen generate` writes to
generated/<catalog>/docs/), plus a home page and one changelog per catalog made here
from the catalog's git history with `eventgen diff`. The out folder holds:

    mkdocs.yml    the site recipe: `mkdocs build -f <out>/mkdocs.yml` (or `gh-deploy`)
    docs/         the pages and assets the recipe builds from
    html/         the built site: open html/index.html, or serve the folder

The site is built with mkdocs-material (the `docs` extra pins it) and needs no network to
be read: fonts are the system's, search is mkdocs-material's own, and lifecycle diagrams
are drawn by a copy of Mermaid served from the site (assets/mermaid.min.js). That copy is
the `mermaid` npm package at MERMAID_VERSION, fetched once with `npm pack` into the user
cache and checked against MERMAID_SHA256; EVENTGEN_MERMAID_JS names a local copy instead.

Two changes are made to the pages on the way into the site, neither of them to their text:
an `<a id="X"></a>` line before a heading becomes the heading's own id (`{#X}`), so the
table of contents, search results and links all use the stable ids; and a ```mermaid
block becomes `<pre class="eventgen-diagram" data-search-exclude>` (escaped), which the
site's script draws and search leaves out, so searching an event name finds its section
and not a diagram's source.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

from eventgen.diagnostics import Diagnostic, SpecError
from eventgen.diff import DiffProblem, changes
from eventgen.load import find_catalogs, load_spec
from eventgen.model import Project, build_model
from eventgen.pipeline import format_files
from eventgen.render import render
from eventgen.targets import docs
from eventgen.validate import validate

ASSETS = Path(str(files("eventgen") / "site_assets"))
MERMAID_VERSION = "11.17.2"
MERMAID_SHA256 = "581ed7d74bd9048d0e3a91363927d72ef22942d7722546b27f7cc29e35390eb8"
MARKER = ".eventgen-site"
SITE_NAME = "Event reference"
EVENT_PAGE_BOOST = 8
"""Search ranks the event pages' sections this much higher, so an event's name finds its
section before the payload types whose names or text hold the same words."""
CHANGELOG_COMMITS = 12
"""How many of a catalog's latest commits the changelog compares, each with its parent."""

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


class SiteError(Exception):
    """The site cannot be built: a tool is missing, or the out folder is not ours."""


@dataclass
class CatalogPages:
    name: str
    project: Project
    pages: dict[str, str]
    """Markdown keyed by path under the catalog's folder of the site (index.md, ...)."""


@dataclass
class Site:
    out: Path
    pages: list[str] = field(default_factory=list)
    """Every HTML page built, relative to out/html."""
    seconds: float = 0.0

    @property
    def html(self) -> Path:
        return self.out / "html"


def run_docs(
    command: str,
    spec: Path,
    out: Path,
    *,
    templates: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
) -> int:
    """`eventgen docs build|serve`: 0 done, 1 the build failed, 2 bad spec or usage."""
    if command not in ("build", "serve"):
        print(f"eventgen docs: unknown command {command!r} (build, serve)", file=sys.stderr)
        return EXIT_INVALID
    try:
        site = build_site(spec, out, templates=templates)
    except SpecError as error:
        for problem in error.diagnostics:
            print(problem.render(Path.cwd()), file=sys.stderr)
        print(f"eventgen docs: {len(error.diagnostics)} problem(s); no site", file=sys.stderr)
        return EXIT_INVALID
    except SiteError as error:
        print(f"eventgen docs: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"eventgen docs: {len(site.pages)} page(s) in {site.html} in {site.seconds:.1f} s; "
        f"recipe {out / 'mkdocs.yml'}"
    )
    if command == "serve":
        serve(site.html, host, port)
    return EXIT_OK


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the built site until interrupted."""
    handler = _quiet_handler(root)
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"eventgen docs: serving http://{host}:{server.server_port}/ (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


def _quiet_handler(root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


# --- building --------------------------------------------------------------------------------


def build_site(spec: Path, out: Path, *, templates: Path | None = None) -> Site:
    """Write the recipe, the pages and the built site into `out`."""
    started = time.monotonic()
    catalogs = [catalog_pages(folder, templates) for folder in find_catalogs(spec)]
    _claim(out)
    source = out / "docs"
    for stale in (source, out / "html"):
        if stale.exists():
            shutil.rmtree(stale)
    for catalog in catalogs:
        catalog.pages["changelog.md"] = changelog_page(catalog.project, spec_folder(spec, catalog))
        for name, text in catalog.pages.items():
            boost = EVENT_PAGE_BOOST if name.startswith("events/") else None
            _write(source / catalog.name / name, site_markdown(text, boost))
    _write(source / "index.md", home_page(catalogs))
    assets = source / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for asset in ("eventgen.css", "eventgen.js"):
        shutil.copyfile(ASSETS / asset, assets / asset)
    shutil.copyfile(mermaid_js(), assets / "mermaid.min.js")
    _write(out / "mkdocs.yml", recipe(catalogs))
    _mkdocs_build(out)
    site = Site(out)
    site.pages = sorted(
        p.relative_to(site.html).as_posix()
        for p in site.html.rglob("*.html")
        if p.name != "404.html"
    )
    site.seconds = time.monotonic() - started
    return site


def spec_folder(spec: Path, catalog: CatalogPages) -> Path:
    return spec if (spec / "catalog.yaml").exists() else spec / catalog.name


def catalog_pages(folder: Path, templates: Path | None = None) -> CatalogPages:
    """The docs target's pages of one catalog, keyed by path under its docs/ folder."""
    spec = load_spec(folder)
    validate(spec)
    project = build_model(spec)
    try:  # the docs target alone: what build_catalog renders for it, without the others
        rendered = render(project, [docs.TARGET], spec.extras, templates)
    except jinja2.TemplateError as error:
        where = getattr(error, "filename", None) or str(spec.catalog.path)
        line = getattr(error, "lineno", None) or 1
        raise SpecError([Diagnostic(Path(where), line, 1, f"template error: {error}")]) from error
    rendered = format_files(rendered, [docs.TARGET])
    pages = {
        name.removeprefix("docs/"): text
        for name, text in rendered.items()
        if name.startswith("docs/") and name.endswith(".md")
    }
    return CatalogPages(folder.name, project, pages)


def _claim(out: Path) -> None:
    """Make sure `out` is a site folder eventgen made, or empty, and mark it."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(f"{out} is not empty and eventgen did not make it; give another --out")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        "A site folder written by `eventgen docs build`; it replaces docs/ and html/ here.\n",
        encoding="utf-8",
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _mkdocs_build(out: Path) -> None:
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        raise SiteError(
            "mkdocs-material is not installed; install eventgen with the docs extra: "
            "pip install 'eventgen[docs]'"
        ) from None
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml"],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if done.returncode != 0:
        raise SiteError(f"mkdocs build failed:\n{done.stdout}{done.stderr}")


# --- what the pages become in the site ---------------------------------------------------------

_ANCHOR_HEADING = re.compile(r'^<a id="([^"]+)"></a>\n(#{1,6} .+)$', re.MULTILINE)
_TAG = re.compile(r"</?code>")
_MERMAID = re.compile(r"^```mermaid\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def site_markdown(text: str, boost: float | None = None) -> str:
    """A generated page as the site builds it: stable ids on headings, diagrams drawn by
    the site's script and left out of search, an escaped title, and a search boost."""
    text = _ANCHOR_HEADING.sub(lambda m: f"{m.group(2)} {{#{m.group(1)}}}", text)
    heading = re.search(r"^# (.+)$", text, re.MULTILINE)
    if heading:  # mkdocs puts the H1's text into <title> unescaped: give it an escaped one
        title = _TAG.sub("", heading.group(1))
        title = html.unescape(re.sub(r"\\(.)", r"\1", title))
        search = f"search:\n  boost: {boost}\n" if boost else ""
        text = f"---\ntitle: {json.dumps(html.escape(title))}\n{search}---\n\n" + text
    return _MERMAID.sub(
        lambda m: (
            '<pre class="eventgen-diagram" data-search-exclude aria-label="lifecycle '
            f'diagram">{html.escape(m.group(1).rstrip())}</pre>'
        ),
        text,
    )


def home_page(catalogs: list[CatalogPages]) -> str:
    md, code = docs.md, docs.code
    lines = [
        "# Event reference",
        "",
        "The events of each stream: what they mean, what they carry, how the SDKs name them,",
        "and how to read them in Python, TypeScript and Java. Generated by eventgen from the",
        "event catalogs.",
        "",
        "| Stream | Events | Spec source | |",
        "|---|---|---|---|",
    ]
    for c in catalogs:
        source = docs.catalog_source(c.project)
        version = f"{md(source['title'])} {code(source['version'])}" if source else "by hand"
        lines.append(
            f"| [{md(c.project.title)}]({c.name}/index.md) | {len(c.project.events)} "
            f"| {version} | {md(c.project.description)} |"
        )
    return "\n".join(lines) + "\n"


def recipe(catalogs: list[CatalogPages]) -> str:
    """mkdocs.yml: the whole site, so `mkdocs build -f mkdocs.yml` publishes it."""
    nav: list[Any] = [{"Home": "index.md"}]
    for c in catalogs:
        section: list[Any] = [
            {"Overview": f"{c.name}/index.md"},
            {"All events": f"{c.name}/events.md"},
        ]
        for g in c.project.groups:
            if g.events:
                section.append({_title(g.title): f"{c.name}/events/{docs.slug(g.name)}.md"})
        section += [
            {"Payload types": f"{c.name}/payloads.md"},
            {"Changelog": f"{c.name}/changelog.md"},
        ]
        nav.append({_title(c.project.title): section})
    config = {
        "site_name": SITE_NAME,
        "docs_dir": "docs",
        "site_dir": "html",
        "use_directory_urls": False,
        "strict": True,
        "theme": {
            "name": "material",
            "font": False,
            "features": ["navigation.top", "navigation.tracking", "search.highlight", "toc.follow"],
        },
        "plugins": [
            {
                "search": {
                    # `thread.run.requires_action` is found by `requires_action`, `run`, ...
                    "separator": r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)",
                }
            }
        ],
        "markdown_extensions": [
            {"toc": {"permalink": True}},
            "tables",
            "attr_list",
            {"pymdownx.highlight": {"use_pygments": True}},
            "pymdownx.superfences",
        ],
        "extra_css": ["assets/eventgen.css"],
        "extra_javascript": ["assets/eventgen.js"],
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
        "nav": nav,
    }
    header = (
        "# DO NOT EDIT: written by `eventgen docs build` with the pages in docs/.\n"
        "# Publish: mkdocs build -f mkdocs.yml (the site goes to html/), or mkdocs gh-deploy.\n"
        "# Needs mkdocs-material as pinned in eventgen's docs extra.\n"
    )
    # JSON is YAML: no catalog text can change the recipe's structure.
    return header + json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def _title(text: str) -> str:
    """A navigation title: mkdocs puts it into pages unescaped."""
    return html.escape(" ".join(text.split()))


# --- the changelog -----------------------------------------------------------------------------


@dataclass
class Release:
    title: str
    """What the entry compares: a commit (date, id and subject), or uncommitted changes."""
    changes: list[Any]
    """`eventgen.diff.Change` items (subject, what, wire, source, breaking)."""
    note: str = ""


def changelog(folder: Path, limit: int = CHANGELOG_COMMITS) -> tuple[list[Release], str]:
    """The catalog's history, newest first, as `eventgen diff` sees it: each of its last
    commits against its parent, and uncommitted edits against HEAD. The second item says
    why there is no history, when there is none.

    The changes come from `eventgen.diff.changes(OLD, NEW)`.
    """
    try:
        top = _git(folder, "rev-parse", "--show-toplevel").strip()
        path = folder.resolve().relative_to(Path(top).resolve()).as_posix()
        watched = (f"{path}/catalog.yaml", f"{path}/schemas")
        dirty = _git(Path(top), "status", "--porcelain", "--", *watched).strip()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return [], "The catalog is not in a git repository, so it has no history here."
    releases = []
    repo = Path(top)
    if dirty:
        release = _release("Not committed yet", repo, f"HEAD:{path}", str(repo / path))
        if release.changes:
            releases.append(release)
    start = "HEAD"
    while start and len(releases) < limit:
        watched = (f"{path}/catalog.yaml", f"{path}/schemas")
        log = _git(
            Path(top), "log", f"-n{limit}", "--format=%H%x09%cs%x09%s", start, "--", *watched
        )
        start = ""
        for line in log.splitlines():
            if len(releases) >= limit:
                break
            rev, date, subject = line.split("\t", 2)
            title = f"{date} {rev[:10]}: {subject}"
            if _git_has(Path(top), f"{rev}^:{path}/catalog.yaml"):
                releases.append(_release(title, repo, f"{rev}^:{path}", f"{rev}:{path}"))
                continue
            before = _moved_from(Path(top), rev, f"{path}/catalog.yaml")
            if before is None:
                releases.append(Release(title, [], "The catalog was added here."))
                break
            release = _release(title, repo, f"{rev}^:{before}", f"{rev}:{path}")
            release.note = release.note or f"The catalog moved here from {before or '.'}/."
            releases.append(release)
            path, start = before, f"{rev}^"
            break
    if not releases:
        return [], "The catalog has no commits yet."
    return releases, ""


def _moved_from(top: Path, rev: str, catalog: str) -> str | None:
    """The folder the catalog file was renamed from in `rev`, if it was."""
    try:
        status = _git(top, "diff", "-M", "--name-status", f"{rev}^", rev)
    except subprocess.CalledProcessError:
        return None
    for line in status.splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and len(parts) == 3 and parts[2] == catalog:
            return str(Path(parts[1]).parent.as_posix()).removeprefix(".")
    return None


def _release(title: str, repo: Path, old: str, new: str) -> Release:
    try:
        return Release(title, changes(old, new, repo))
    except DiffProblem as error:  # a side diff cannot read is reported on the page
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return Release(title, [], f"Not compared: {reason}")


def changelog_page(project: Project, folder: Path) -> str:
    md, code = docs.md, docs.code
    releases, missing = changelog(folder)
    source = docs.catalog_source(project)
    lines = [
        docs_header(),
        "",
        f"# {md(project.title)}: changelog",
        "",
        "What changed in the catalog, commit by commit, as `eventgen diff` reports it: for each",
        "change, whether a package generated before it still reads streams that follow it",
        "(wire) and whether code written against the earlier types still type-checks (source).",
        "Descriptions are not compared.",
        "",
    ]
    if source:
        lines += [
            f"Current spec source: {md(source['title'])}, version {code(source['version'])}.",
            "",
        ]
    if missing:
        return "\n".join([*lines, md(missing), ""])
    for release in releases:
        lines += [f"## {md(release.title)}", ""]
        if release.note:
            lines += [md(release.note), ""]
        if not release.changes and not release.note:
            lines += ["No change to events or types (descriptions only, or other files).", ""]
        if release.changes:
            lines += ["| | Where | Change | Wire | Source |", "|---|---|---|---|---|"]
            for c in release.changes:
                mark = "breaking" if getattr(c, "breaking", False) else "safe"
                lines.append(
                    f"| {mark} | {code(c.subject)} | {md(c.what)} | {md(c.wire)} | {md(c.source)} |"
                )
            lines.append("")
    return "\n".join(lines)


def docs_header() -> str:
    return "<!-- DO NOT EDIT: written by `eventgen docs build` from the catalog's history. -->"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True
    ).stdout


def _git_has(top: Path, object_name: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", object_name], cwd=top, capture_output=True)
    return done.returncode == 0


# --- Mermaid ---------------------------------------------------------------------------------


def mermaid_js() -> Path:
    """The site's copy of Mermaid: EVENTGEN_MERMAID_JS, or the pinned npm package, cached."""
    given = os.environ.get("EVENTGEN_MERMAID_JS")
    if given:
        if not Path(given).is_file():
            raise SiteError(f"EVENTGEN_MERMAID_JS={given} is not a file")
        return Path(given)
    cached = cached_mermaid()
    if cached is not None:
        return cached
    cache = _cache_dir() / f"mermaid-{MERMAID_VERSION}" / "mermaid.min.js"
    npm = shutil.which("npm")
    if npm is None:
        raise SiteError(
            f"npm is needed once to fetch mermaid@{MERMAID_VERSION} (the diagrams' script); "
            "install Node.js, or set EVENTGEN_MERMAID_JS to a copy of its dist/mermaid.min.js"
        )
    with tempfile.TemporaryDirectory(prefix="eventgen-mermaid-") as tmp:
        done = subprocess.run(
            [npm, "pack", f"mermaid@{MERMAID_VERSION}", "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        tarballs = list(Path(tmp).glob("mermaid-*.tgz"))
        if done.returncode != 0 or not tarballs:
            raise SiteError(f"npm pack mermaid@{MERMAID_VERSION} failed: {done.stderr.strip()}")
        with tarfile.open(tarballs[0]) as tar:
            member = tar.extractfile("package/dist/mermaid.min.js")
            data = member.read() if member else b""
    if hashlib.sha256(data).hexdigest() != MERMAID_SHA256:
        raise SiteError(f"mermaid@{MERMAID_VERSION} from npm is not the pinned file")
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(cache)
    return cache


def cached_mermaid() -> Path | None:
    """The copy of Mermaid the site would use without fetching: EVENTGEN_MERMAID_JS, or
    the pinned package in the user cache; None when it must be fetched first."""
    given = os.environ.get("EVENTGEN_MERMAID_JS")
    if given:
        return Path(given) if Path(given).is_file() else None
    cache = _cache_dir() / f"mermaid-{MERMAID_VERSION}" / "mermaid.min.js"
    return cache if cache.is_file() and _sha256(cache) == MERMAID_SHA256 else None


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventgen"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
