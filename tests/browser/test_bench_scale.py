"""The scale benchmark runs end to end at a tiny N (figures are not checked, only that each is measured)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from scale import VARIANTS, BrowserResult, bench_size, compare_browsers, linearity, table  # noqa: E402


def _first_query_measured(browser: BrowserResult | None, site: Path, needed: tuple[str, ...]) -> None:
    """The browser figures are measured, the files search/first-query.txt names are exactly those
    fetched before search was ready, and the first result needed those and more: a file under
    each of needed."""
    assert browser is not None and browser.ready_ms > 0 and browser.keystroke_ms > 0 and browser.heap_mb > 0
    listed = (site / "search" / "first-query.txt").read_text("utf-8").split()
    assert sorted(browser.fetched) == sorted(listed)
    assert set(listed) < set(browser.first_result)
    for folder in needed:
        assert any(name.startswith(folder) for name in browser.first_result), folder


def test_bench_measures_every_variant_in_chromium_and_under_serve(tmp_path: Path) -> None:
    result = bench_size(6, tmp_path, 1, browser=True, serve=True, log=lambda _: None)
    for variant in VARIANTS:
        (run,) = result.runs[variant.key]
        assert 0 < run.user <= run.cpu and run.wall > 0 and run.rss > 10 * 2**20
        assert result.output[variant.key] > 0 and 0 < result.search_gzip[variant.key] < result.search_raw[variant.key]
    assert result.listed, "the site lists its first-query files"
    # The first query's results needed more than the first files: the shards of its terms and
    # the chunks of its results; Pagefind's, its fragments.
    _first_query_measured(result.browser, tmp_path / "n6" / "site-scopebook", ("terms/", "docs/"))
    _first_query_measured(result.pagefind_browser, tmp_path / "n6" / "site-pagefind", ("pagefind/fragment/",))
    assert 0 < result.search_gzip["pagefind"] <= result.search_raw["pagefind"]
    assert set(result.rebuild) == {"scopebook", "mkdocs"} and all(t > 0 for t in result.rebuild.values())
    text = table(result, 1)
    assert "| CPU time |" in text and "| ... of it user CPU |" in text and "| Chromium: focus to search ready |" in text and "mkdocs serve" in text
    assert "scopebook pagefind" in text and "pagefind's search before first result" in text
    assert "| CPU time |" in linearity([result, result])
    # Sites built before and after a change, side by side: here the same site twice.
    site = tmp_path / "n6" / "site-scopebook"
    rows = [
        line
        for line in compare_browsers([site, site], tmp_path / "n6", 1, lambda _: None).splitlines()
        if line.startswith("| site-scopebook |")
    ]
    assert len(rows) == 2 and all(" ms (" in row and " MB |" in row for row in rows)
