"""Whole-site build timings and output size, run by hand: `python bench/bench_site.py [runs]`.

Builds the sample with `mkdocs build` in a subprocess (as a writer would) and, side by
side in the same run, `scopebook check` alone, so the share of the build spent on the
contract is a ratio measured under the same machine load. Prints medians.
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    builds, checks = [], []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for _ in range(runs):
            builds.append(timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]))
            checks.append(timed([sys.executable, "-m", "generator.cli", "check"]))
        files = [p for p in site.rglob("*") if p.is_file()]
        raw = sum(p.stat().st_size for p in files)
        zipped = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
        html = [p for p in files if p.suffix == ".html"]
        plan = site / "scope" / "premium" / "index.html"
        plan_size = plan.stat().st_size
        plan_gz = len(gzip.compress(plan.read_bytes(), 9))
    build, check = statistics.median(builds), statistics.median(checks)
    print(f"runs                                 {runs}")
    print(f"mkdocs build (subprocess), median    {build * 1000:8.0f} ms")
    print(f"scopebook check (subprocess), median {check * 1000:8.0f} ms  ({check / build:.0%} of a build)")
    print(f"site: {len(files)} files, {len(html)} HTML pages, {raw / 1024:.0f} KiB raw, {zipped / 1024:.0f} KiB gzipped")
    print(f"a plan page: {plan_size / 1024:.0f} KiB raw, {plan_gz / 1024:.1f} KiB gzipped")


if __name__ == "__main__":
    main()
