"""The docs target: Markdown reference pages of a catalog.

Catalog text reaches Markdown only through `md`, which escapes what Markdown or
HTML would read as markup, so a description cannot inject a tag or a script into
a published page.
"""

from __future__ import annotations

import html
import re

from eventgen.targets import Target

_MARKUP = re.compile(r"[<>&|\\\[\]]")
_ENTITIES = {
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "|": "\\|",
    "\\": "\\\\",
    "[": "\\[",
    "]": "\\]",
}


def md(text: str) -> str:
    """`text` for a Markdown table cell or paragraph: markup characters escaped."""
    return _MARKUP.sub(lambda m: _ENTITIES[m.group()], " ".join(str(text).split()))


def code(text: str) -> str:
    """`text` as inline code that no character of it can end early."""
    return "<code>" + html.escape(str(text)).replace("|", "&#124;") + "</code>"


def mermaid(text: str) -> str:
    """A Mermaid state or label: only characters Mermaid reads as plain text."""
    return re.sub(r"[^A-Za-z0-9_.*\[\] -]", "_", str(text))


def anchor(name: str) -> str:
    """A stable anchor id for an event or type: lower case, dots and colons kept as `-`."""
    return re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-")


TARGET = Target(
    name="docs",
    package_dir=lambda project: ".",
    filters={"md": md, "code": code, "mermaid": mermaid, "anchor": anchor},
)
