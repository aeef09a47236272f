"""Build time before and after the single pass, side by side: `python bench/bench_single_pass.py [runs]`.

"Before" is the code at BEFORE (the last commit whose `scopebook build` checked scope/ and
the articles twice and rebuilt each scope page's view per page); "after" is this working
tree. Both build the same input, the sample as it was at BEFORE (both can read it), in
subprocesses, interleaved run by run so machine load falls on both alike. Prints medians.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = os.environ.get("BENCH_BEFORE", "5275f99")


def extract(rev: str, paths: list[str], into: Path) -> None:
    """The files at rev under paths, written into a folder."""
    archive = subprocess.run(["git", "archive", rev, *paths], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def timed(code: Path, args: list[str], cwd: Path) -> float:
    """Seconds for one command run with `code` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{code.name}: {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        before = work / "before"
        extract(BEFORE, ["generator", "theme"], before)
        site = work / "site"
        extract(BEFORE, ["scope", "content", "mkdocs.yml"], site)
        commands = {
            "scopebook build": (["-m", "generator.cli", "build", "-d", "out"], ["--strict"]),
            "mkdocs build --strict": (["-m", "mkdocs", "build", "--strict", "-q", "-d", "out"], []),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(runs):
            for name, (args, new_only) in commands.items():
                for label, code, extra in (("before", before, []), ("after", ROOT, new_only)):
                    times.setdefault((name, label), []).append(timed(code, args + extra, site))
    print(f"Sample build (as at {BEFORE}), median of {runs} interleaved runs, seconds")
    print()
    print("| command | before | after | after / before |")
    print("| --- | ---: | ---: | ---: |")
    for name in commands:
        old = statistics.median(times[(name, "before")])
        new = statistics.median(times[(name, "after")])
        print(f"| `{name}` | {old:.2f} | {new:.2f} | {new / old:.2f} |")
    # Other changes between BEFORE and now weigh on both commands alike; what the check
    # adds on top of the MkDocs build is what the single pass is about.
    medians = {key: statistics.median(values) for key, values in times.items()}
    for label in ("before", "after"):
        extra = medians[("scopebook build", label)] - medians[("mkdocs build --strict", label)]
        share = extra / medians[("mkdocs build --strict", label)]
        print(f"\n{label}: `scopebook build` takes {extra:+.2f} s ({share:+.0%}) over `mkdocs build --strict`", end="")
    print()


if __name__ == "__main__":
    main()
