"""`eventgen parse`: one line per event of a captured stream, for a quick look.

It runs the generated package on the file, so what it prints is what users get.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

# Fields whose text a delta adds: shown as the delta's summary.
DELTA_TEXT_FIELDS = ("value", "refusal", "arguments", "input", "logs")
SUMMARY_WIDTH = 72


def summary(event: Any) -> str:
    """A short description: the text a delta adds, an object's id and status, or the data."""
    data = getattr(event, "data", None)
    if data is None:
        return ""
    if isinstance(data, str):
        return _clip(data)
    if hasattr(data, "delta"):
        pieces = [text for _, text in _leaves(data.delta) if text]
        return _clip(repr("".join(pieces))) if pieces else _clip(_compact(data.to_dict()))
    message = getattr(data, "message", None)
    if isinstance(message, str):
        return _clip(message)
    status = getattr(data, "status", None)
    return " ".join(str(part) for part in (getattr(data, "id", None), status) if part is not None)


def as_json(event: Any) -> str:
    data = event.data
    if hasattr(data, "to_dict"):
        data = data.to_dict()
    return _compact({"event": str(event.event), "class": type(event).__name__, "data": data})


def _leaves(value: Any) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name in DELTA_TEXT_FIELDS and isinstance(item, str):
                found.append((f.name, item))
            else:
                found += _leaves(item)
    elif isinstance(value, list):
        for item in value:
            found += _leaves(item)
    return found


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _clip(text: str) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= SUMMARY_WIDTH else text[: SUMMARY_WIDTH - 3] + "..."
