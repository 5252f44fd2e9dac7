# DO NOT EDIT: copied by eventgen from eventgen/runtime/_json.py.
# Run `eventgen generate` to refresh it.
"""JSON reading: the standard library, or orjson where it is exact and safe.

The package needs only the standard library; orjson, when installed, parses several
times faster. Installing it never changes what is accepted or what a value is:

- orjson is used only from version 3.9.15 (older versions crash on deeply nested
  input), and only on text holding no run of 19 or more digits: orjson turns
  integers past 64 bits into floats, where the standard library keeps them exact.
  A cheap byte scan finds such runs (in strings too, which then costs only speed).
- Where orjson refuses what the standard library accepts (NaN, lone surrogate
  escapes, nesting past orjson's limit), the standard library has the last word.
- A number too large for a float (`1e400`) is refused as malformed by both: it
  would read as infinity and could not be written back as JSON.

Writing always uses `json.dumps`, so output does not depend on what is installed.
"""

from __future__ import annotations

import json
import re
from typing import Any

try:
    import orjson  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment,unused-ignore]

MIN_ORJSON = (3, 9, 15)
"""The oldest orjson used: older versions crash on deep nesting."""


def _version(text: str) -> tuple[int, ...]:
    numbers = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(n) for n in numbers.group().split(".")) if numbers else (0,)


USING_ORJSON = orjson is not None and _version(getattr(orjson, "__version__", "")) >= MIN_ORJSON
"""Whether orjson is installed and recent enough to be used."""


def _finite(text: str) -> float:
    value = float(text)
    if value in (_INF, -_INF):
        raise ValueError(f"JSON number {text[:40]} is out of range (it reads as infinity)")
    return value


_INF = float("inf")
_decode = json.JSONDecoder(parse_float=_finite).decode


def stdlib_loads(text: str | bytes) -> Any:
    """`json.loads`, refusing numbers that overflow a float."""
    if not isinstance(text, str):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    return _decode(text)


# Digits to b"1", every other byte to b"0": a run of 19 "1"s is a run of 19 digits,
# the shortest integer that can leave orjson's 64-bit range.
_DIGITS = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_LONG_RUN = b"1" * 19


def orjson_loads(text: str | bytes) -> Any:
    """orjson where it is exact, the standard library otherwise."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if raw.translate(_DIGITS).find(_LONG_RUN) < 0:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return stdlib_loads(text)


loads = orjson_loads if USING_ORJSON else stdlib_loads
"""Parse JSON text; raises a ValueError (`json.JSONDecodeError` for text that is not
JSON) when it is not JSON this package accepts."""
