"""Contract pipeline timings, run by hand: `python bench/bench_contract.py`.

Prints medians. Ratios are measured side by side in one run because the machine is shared.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import load  # noqa: E402
from generator.contract import check_scope  # noqa: E402
from generator.errors import ScopeError  # noqa: E402
from generator.export import export_json  # noqa: E402


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def refused(text: str) -> Callable[[], None]:
    def run() -> None:
        try:
            load.load_yaml_bytes(text.encode(), "bench.yaml")
        except ScopeError:
            return
        raise AssertionError("expected a ScopeError")

    return run


def main() -> None:
    scope = ROOT / "scope"
    report = check_scope(scope)
    assert report.contract is not None
    rows: list[tuple[str, float]] = []
    rows.append(("check sample scope/ (6 files, 50 items)", median_ms(lambda: check_scope(scope), 15)))
    rows.append(("export sample to JSON", median_ms(lambda: export_json(report.contract), 15)))

    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefghi", "bcdefghij", strict=True)
    )
    aliases = "base: &b {k: v}\nmany:\n" + "  - *b\n" * 100_000
    big = "a: " + "x" * (10 * 1024 * 1024) + "\n"
    rows.append(("refuse billion-laughs bomb", median_ms(refused(bomb), 9)))
    rows.append(("refuse 100k-alias file (libyaml)", median_ms(refused(aliases), 9)))
    with mock.patch.object(load, "_LOADER", yaml.SafeLoader):
        rows.append(("refuse 100k-alias file (pure Python)", median_ms(refused(aliases), 5)))
    rows.append(("refuse 10 MB file", median_ms(refused(big), 9)))

    width = max(len(name) for name, _ in rows)
    print(f"{'what':<{width}}  median ms")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.1f}")


if __name__ == "__main__":
    main()
