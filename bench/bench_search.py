"""Search index cost on the sample help center: build time, size, query latency.

Run by hand from the repository root: `python bench/bench_search.py [--runs N]`.
Not part of the test suite; numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_search import records_from  # noqa: E402

from generator.contract import load_contract  # noqa: E402
from generator.search import build_search_index  # noqa: E402
from generator.search_query import load_index, query_index  # noqa: E402

QUERIES = (
    "can you help me set up SSO",
    "pasword reset",
    "export data",
    "sso premium",
    "api rate limit",
    "sync agent not syncing",
    "phone support",
    "qqxxzzkk",
)


def kib(size: float) -> str:
    return f"{size / 1024:.1f} KiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="index builds to time (default 20)")
    args = parser.parse_args()

    contract = load_contract(ROOT / "scope")
    records = records_from(ROOT / "content", contract)

    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        index_text, docs_text = build_search_index(contract, records)
        timings.append(time.perf_counter() - start)

    index_raw = len(index_text.encode())
    index_gz = len(gzip.compress(index_text.encode(), 9))
    docs_raw = len(docs_text.encode())
    docs_gz = len(gzip.compress(docs_text.encode(), 9))
    payload = json.loads(docs_text)
    index = load_index(index_text)

    latencies = []
    for _ in range(max(1, args.runs // 4)):
        for text in QUERIES:
            start = time.perf_counter()
            query_index(index, payload["docs"], text)
            latencies.append(time.perf_counter() - start)

    articles = len(records)
    rows = [
        ("articles / search documents", f"{articles} / {len(payload['docs'])}"),
        (f"index build, median of {args.runs}", f"{statistics.median(timings) * 1000:.0f} ms"),
        ("index.json raw / gzip", f"{kib(index_raw)} / {kib(index_gz)}"),
        ("docs.json raw / gzip", f"{kib(docs_raw)} / {kib(docs_gz)}"),
        ("both per article, raw", kib((index_raw + docs_raw) / articles)),
        ("both per article, gzip", kib((index_gz + docs_gz) / articles)),
        (f"query (lunr.py), median of {len(latencies)}", f"{statistics.median(latencies) * 1000:.1f} ms"),
        ("query (lunr.py), worst", f"{max(latencies) * 1000:.1f} ms"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:>20}")


if __name__ == "__main__":
    main()
