"""The second golden record: a catalog shaped nothing like Assistants (tests/golden/ticker).

Regenerated and compared byte for byte, imported, type-checked, and its stream
round-tripped; and no word of the Assistants catalog may appear in what it generates.
To refresh after a template change:

    eventgen generate --spec tests/golden/ticker/spec --out tests/golden/ticker/generated
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eventgen import cli
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "ticker"
PYTHON = GOLDEN / "generated" / "python"
# Words that only the Assistants catalog should bring into generated files.
ASSISTANTS_WORDS = ("assistant", "thread", "[done]", "doneevent", "azure", "openai", "run step")


def test_regenerating_gives_the_golden_record_byte_for_byte(tmp_path: Path) -> None:
    assert cli.main(["generate", "--spec", str(GOLDEN / "spec"), "--out", str(tmp_path)]) == 0
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    golden = (GOLDEN / "generated" / ".eventgen-manifest").read_text(encoding="utf-8")
    assert (tmp_path / ".eventgen-manifest").read_text(encoding="utf-8") == golden, __doc__
    for name in fresh:
        assert (tmp_path / name).read_bytes() == (GOLDEN / "generated" / name).read_bytes(), name


def test_no_assistants_word_in_the_generated_files() -> None:
    manifest = (GOLDEN / "generated" / ".eventgen-manifest").read_text(encoding="utf-8")
    names = [line for line in manifest.splitlines() if not line.startswith("#")]
    assert len(names) > 10
    for name in names:
        text = (GOLDEN / "generated" / name).read_text(encoding="utf-8").lower()
        found = [word for word in ASSISTANTS_WORDS if word in text]
        assert not found, (name, found)


def test_the_package_type_checks_strictly() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", os.devnull, "ticker_events"],
        capture_output=True,
        text=True,
        cwd=PYTHON,
    )
    assert result.returncode == 0, result.stdout + result.stderr


SCRIPT = """
import sys
import ticker_events as t
raw = open(sys.argv[1], "rb").read()
events = list(t.iter_events(raw))
assert t.serialize_bytes(events) == raw
names = [type(e).__name__ for e in events]
assert names == ["PriceChanged", "PriceChanged", "TradeExecuted", "TradeExecuted",
    "TradeExecuted", "Heartbeat", "Fault", "Fault", "UnknownEvent"], names
quote = events[1].data
assert quote.from_ == "cache" and quote.venue == t.Venue.ODD__QUOTED____VALUE
assert quote.venue == 'odd "quoted" \\\\ value' and quote.extra_fields == {"new_key": [1, 2]}
assert events[2].data.size is None and events[3].data.side == "short"
assert not events[3].data.side.is_known
assert isinstance(events[3].data.detail, t.Model) and events[3].data.detail.field_ == "f"
assert isinstance(events[4].data.detail, t.UnknownVariant)
assert events[5].data == "-" and events[6].wrapped and not events[7].wrapped
assert events[6].data.code == "feed_lagging"
print("ok")
"""


def test_its_stream_round_trips_byte_for_byte_with_every_event_typed() -> None:
    env = {**os.environ, "PYTHONPATH": str(PYTHON)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(GOLDEN / "streams" / "feed.sse")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr
