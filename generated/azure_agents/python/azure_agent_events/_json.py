# DO NOT EDIT: copied by eventgen from eventgen/runtime/_json.py.
# Run `eventgen generate` to refresh it.
"""JSON reading: orjson when it is installed, the standard library otherwise.

The package needs only the standard library; orjson, when present, parses several
times faster. Where it refuses what the standard library accepts (NaN, integers
past 64 bits, lone surrogate escapes), the standard library has the last word, so
installing orjson never changes what is accepted. Writing always uses `json.dumps`,
so output does not depend on what is installed.
"""

from __future__ import annotations

import json
from typing import Any

try:
    import orjson  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment,unused-ignore]

USING_ORJSON = orjson is not None


def _orjson_loads(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


loads = _orjson_loads if USING_ORJSON else json.loads
"""Parse JSON text; raises `json.JSONDecodeError` (a ValueError) when it is not JSON."""
