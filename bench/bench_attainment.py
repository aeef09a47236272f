"""Attainment speed on a large export, run by hand: `python bench/bench_attainment.py [rows] [runs]`.

Repeats the sample ticket export (tickets/sample-tickets.csv) with fresh ids until it has
`rows` rows (default 100,000), then times reading it and measuring it against the sample
contract, side by side in the same run, and prints the medians.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.attainment import Period, measure, read_tickets  # noqa: E402
from generator.contract import load_contract  # noqa: E402


def big_export(rows: int, target: Path) -> None:
    header, *sample = (ROOT / "tickets" / "sample-tickets.csv").read_text("utf-8").splitlines()
    lines = [header]
    for n in range(rows):
        _, rest = sample[n % len(sample)].split(",", 1)
        lines.append(f"T-{n},{rest}")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    contract = load_contract(ROOT / "scope")
    period = Period(date(2026, 10, 1), date(2026, 10, 31), datetime(2026, 11, 1, tzinfo=UTC))
    reads, measures = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets.csv"
        big_export(rows, path)
        size = path.stat().st_size
        for _ in range(runs):
            start = time.perf_counter()
            read = read_tickets(path, contract)
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = measure(contract, read.tickets, period, contract.objective)
            measures.append(time.perf_counter() - start)
    assert not read.problems and result.counted == rows
    read_s, measure_s = statistics.median(reads), statistics.median(measures)
    print(f"{rows} tickets ({size / 1e6:.1f} MB), median of {runs} runs:")
    print(f"  read and validate  {read_s:6.2f} s   {rows / read_s:9,.0f} rows/s")
    print(f"  count and measure  {measure_s:6.2f} s   {rows / measure_s:9,.0f} tickets/s")
    print(f"  measure / read     {measure_s / read_s:6.2f}")


if __name__ == "__main__":
    main()
