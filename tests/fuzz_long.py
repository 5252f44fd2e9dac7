"""The long fuzz run of tests/test_fuzz.py: every property, for as long as asked.

    nice -n 19 .venv/bin/python tests/fuzz_long.py --minutes 15 [--atheris]

Runs the hypothesis properties of tests/test_fuzz.py round after round (a fresh
random seed each round, 2,000 examples a property a round) until the time is up, and
prints the inputs run per property and every failure with its falsifying example.
Exit 1 if any property failed. With `--atheris` (when atheris is installed), the last
third of the time goes to a coverage-guided run of the decoder, parse_event and
serialize on raw bytes instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUND = 2_000
os.environ["EVENTGEN_FUZZ_EXAMPLES"] = str(ROUND)

from tests import test_fuzz  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--atheris", action="store_true")
    args = parser.parse_args(argv)
    budget = args.minutes * 60
    if args.atheris:
        budget *= 2 / 3
    start = time.monotonic()
    counts = dict.fromkeys(test_fuzz.PROPERTIES, 0)
    failures: list[str] = []
    rounds = 0
    while time.monotonic() - start < budget:
        rounds += 1
        for name, prop in test_fuzz.PROPERTIES.items():
            if time.monotonic() - start >= budget:
                break
            inner = prop.hypothesis.inner_test  # type: ignore[attr-defined]

            def counted(*a: Any, _inner: Any = inner, _name: str = name, **k: Any) -> None:
                counts[_name] += 1
                _inner(*a, **k)

            prop.hypothesis.inner_test = counted  # type: ignore[attr-defined]
            try:
                prop()
            except Exception:  # noqa: BLE001 - report every failure, go on
                failures.append(f"{name}:\n{traceback.format_exc()}")
            finally:
                prop.hypothesis.inner_test = inner  # type: ignore[attr-defined]
        print(
            f"round {rounds}: {sum(counts.values())} inputs, {len(failures)} failure(s)", flush=True
        )
    total = sum(counts.values())
    print(f"hypothesis: {total} inputs in {time.monotonic() - start:.0f} s: {counts}")
    if args.atheris:
        total += _atheris(args.minutes * 60 / 3)
    for failure in failures:
        print(failure)
    print(f"total inputs: {total}; failures: {len(failures)}")
    return 1 if failures else 0


def _atheris(seconds: float) -> int:
    """Coverage-guided bytes into decoding, parse_event and serialize (atheris, if any)."""
    try:
        import atheris  # type: ignore[import-not-found]
    except ImportError:
        print("atheris is not installed: skipped")
        return 0
    import multiprocessing

    runs = multiprocessing.Value("l", 0)
    process = multiprocessing.Process(target=_atheris_child, args=(seconds, runs))
    process.start()
    process.join()
    print(f"atheris: {runs.value} inputs, exit {process.exitcode}")
    _ = atheris
    return int(runs.value)


def _atheris_child(seconds: float, runs: Any) -> None:
    import atheris

    module = test_fuzz.ASSISTANTS
    deadline = time.monotonic() + seconds

    def one(data: bytes) -> None:
        with runs.get_lock():
            runs.value += 1
        if time.monotonic() > deadline:
            raise SystemExit(0)
        test_fuzz.check_decoding(module, data, [len(data) // 3])
        text = data.decode("utf-8", "replace")
        name, _, rest = text.partition("\n")
        test_fuzz.check_parse_event(module, name, rest)

    seeds = Path("/tmp/eventgen-atheris-seeds")
    seeds.mkdir(exist_ok=True)
    for i, raw in enumerate(test_fuzz.SEED_RAW):
        (seeds / f"seed{i}").write_bytes(raw[:4096])
    atheris.Setup([sys.argv[0], str(seeds)], one)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
