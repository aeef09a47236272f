"""Scale benchmark: scopebook against plain MkDocs on synthetic help centers of N articles.

Run by hand: `bench/run` (N = 1,000 and 5,000), `bench/run --sizes 200 --runs 1`, or
`bench/run --huge` to add N = 20,000. Never part of the test suite's timing: the smoke test
only checks that it runs.

For each N, on the same generated articles (`bench/helpcenter.py`), side by side in one run
and interleaved (A B C A B C ...), median of `--runs`:

- A `scopebook build` (theme scopebook, its own prebuilt search index, the scope pages),
- B `mkdocs build` with theme `mkdocs` and MkDocs' `search` plugin,
- C the same with `search: prebuild_index: python`;
- D A with `search: {engine: pagefind}` (Pagefind's bundle instead of the lunr index);

wall and CPU time (user + system, children included; user time also alone, since system
time is mostly creating one folder per page, on both sides, and varies by file system), peak
RSS of the whole process tree (sampled every 50 ms, and never less than the largest single
process's peak), output bytes,
and the search bytes a reader downloads before the first result (a scopebook site's: what
Chromium fetched before the first query was answered, when measured; else
search/first-query.txt). Then, on A's and D's sites in headless Chromium at a phone's
viewport: time from focus to search ready, keystroke to results painted (median of 10
queries), JS heap after them. Last, the rebuild time after
editing one article under `mkdocs serve`, A and B interleaved. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from built_site import served  # noqa: E402
from helpcenter import generate, write_configs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE_EVERY = 0.05
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# What a reader's browser fetches from MkDocs' own search before a first result.
MKDOCS_SEARCH_FILES = ("search_index.json", "lunr.js", "worker.js", "main.js")
# Used when a scopebook site predates search/first-query.txt.
DEFAULT_FIRST_QUERY = ("index.json", "docs.json", "lunr.js")


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    config: str  # file name in the generated folder

    def command(self, site: Path) -> list[str]:
        if self.key in SCOPEBOOK:
            return [str(_bin("scopebook")), "build", "-f", self.config, "-d", str(site)]
        return [str(_bin("mkdocs")), "build", "-q", "-f", self.config, "-d", str(site)]


VARIANTS = (
    Variant("scopebook", "scopebook build", "mkdocs.yml"),
    Variant("mkdocs", "mkdocs build", "plain.yml"),
    Variant("prebuild", "mkdocs prebuild_index", "prebuild.yml"),
    Variant("pagefind", "scopebook pagefind", "pagefind.yml"),
)
# The variants built by scopebook, whose sites have our search UI and first-query.txt.
SCOPEBOOK = ("scopebook", "pagefind")


def _bin(name: str) -> Path:
    return Path(sys.executable).parent / name


# --- One measured process tree ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system
    rss: int  # bytes
    user: float  # of cpu, in user mode: system time is mostly the file system's (one folder per page)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    tree = _children()
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int(Path(f"/proc/{current}/statm").read_text().split()[1]) * PAGE_SIZE
        stack.extend(tree.get(current, ()))
    return total


def measure(command: Sequence[str], cwd: Path) -> Run:
    """Run a command to completion: wall time, CPU of it and its children, peak RSS of the tree."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(process.pid))
            time.sleep(SAMPLE_EVERY)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, max(peak, usage.ru_maxrss * 1024), usage.ru_utime)


# --- Sizes ------------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_query_files(variant: str, site: Path) -> tuple[list[Path], bool]:
    """Search files fetched before a first result, and whether the site said so itself."""
    search = site / "search"
    if variant not in SCOPEBOOK:
        return [search / name for name in MKDOCS_SEARCH_FILES], True
    listing = search / "first-query.txt"
    if listing.is_file():
        names = [line.strip() for line in listing.read_text("utf-8").splitlines() if line.strip()]
        return [search / name for name in names], True
    return [search / name for name in DEFAULT_FIRST_QUERY], False


# --- In Chromium -------------------------------------------------------------------------

# Installed before any page script: records when search becomes ready. scopebook's search
# dispatches `scopebook:search-ready` on document; older builds are timed by wrapping
# lunr.Index.load, which is where their search became usable.
READY_PROBE = """
(() => {
  window.__sbReady = null;
  document.addEventListener("scopebook:search-ready", () => {
    if (window.__sbReady === null) window.__sbReady = performance.now();
  });
  let lunr;
  Object.defineProperty(window, "lunr", {
    configurable: true,
    get() { return lunr; },
    set(value) {
      lunr = value;
      if (value && value.Index && !value.Index.__sbWrapped) {
        const load = value.Index.load;
        value.Index.load = function () {
          const index = load.apply(this, arguments);
          Promise.resolve().then(() => {
            if (window.__sbReady === null) window.__sbReady = performance.now();
          });
          return index;
        };
        value.Index.__sbWrapped = true;
      }
    },
  });
})();
"""

# Times one keystroke: from its keydown to the first paint after the suggestions change.
KEYSTROKE_PROBE = """
() => {
  const input = document.getElementById("search-input");
  window.__sbPaint = null;
  let down = null;
  const observer = new MutationObserver(() => {
    if (down === null) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__sbPaint = performance.now() - down; }, 0));
  });
  observer.observe(input.form, { childList: true, subtree: true, characterData: true });
  input.addEventListener("keydown", (event) => { down = event.timeStamp; }, { once: true });
}
"""


# Files under search/ the page started fetching before search was ready.
FETCHED_BEFORE_READY = """
() => [...new Set(performance.getEntriesByType("resource")
  .filter((entry) => entry.startTime <= window.__sbReady && new URL(entry.name).pathname.includes("/search/"))
  .map((entry) => new URL(entry.name).pathname.split("/search/").pop()))].sort()
"""


# Files under search/ fetched so far (query strings dropped: Pagefind adds a cache buster).
FETCHED_SO_FAR = """
() => [...new Set(performance.getEntriesByType("resource")
  .filter((entry) => new URL(entry.name).pathname.includes("/search/"))
  .map((entry) => new URL(entry.name).pathname.split("/search/").pop()))].sort()
"""

# The header box's live region once it has answered the query now in the box.
ANSWERED = """
(text) => {
  const status = document.querySelector("#search-input").form.querySelector("[role=status]");
  return status !== null && status.textContent.endsWith("for " + text.trim());
}
"""


@dataclass
class BrowserResult:
    ready_ms: float
    keystroke_ms: float
    heap_mb: float
    fetched: list[str] = field(default_factory=list)  # search files fetched before search was ready
    debounce_ms: int = 0
    # Search files fetched before the first query's results were shown: the files above,
    # plus those the query needed (a sharded index fetches the shards of the query's terms).
    first_result: list[str] = field(default_factory=list)
    first_query: str = ""
    keystrokes: list[float] = field(default_factory=list)  # each query's keystroke_ms, in order


def debounce_ms() -> int:
    """The search box's debounce, read from the theme's scripts."""
    for script in sorted((ROOT / "theme" / "assets").rglob("*.js")):
        found = re.search(r"DEBOUNCE_MS\s*=\s*(\d+)", script.read_text("utf-8"))
        if found:
            return int(found.group(1))
    return 0


def browser_queries(folder: Path, count: int = 10) -> list[str]:
    """Queries readers might type: words from article titles, one with a typo, deterministic."""
    titles = []
    for path in sorted((folder / "content").glob("*/*.md")):
        found = re.search(r"^title: (.+)$", path.read_text("utf-8"), re.MULTILINE)
        if found and path.name != "index.md":
            titles.append(found.group(1).strip("'\""))
    titles = titles or ["account"]
    queries = []
    for i in range(count):
        words = titles[(i * 7919) % len(titles)].lower().split()
        query = " ".join(words[1:3]) if len(words) > 2 else words[-1]
        if i == count - 1 and len(query) > 5:
            query = query[:2] + query[3:]  # a typo: one letter left out
        queries.append(query)
    return queries


def measure_browser(site: Path, queries: Sequence[str]) -> BrowserResult:
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            page = context.new_page()
            page.add_init_script(READY_PROBE)
            page.goto(url, wait_until="load")
            start = page.evaluate(
                "() => { const t = performance.now(); document.getElementById('search-input').focus(); return t; }"
            )
            page.wait_for_function("window.__sbReady !== null", timeout=120_000)
            ready = page.evaluate("window.__sbReady") - start
            fetched = page.evaluate(FETCHED_BEFORE_READY)
            box = page.locator("#search-input")
            times = []
            first_result: list[str] = []
            for query in queries:
                box.fill(query[:-1])
                page.wait_for_timeout(debounce_ms() + 400)
                if not first_result:
                    page.wait_for_function(ANSWERED, arg=query[:-1], timeout=60_000)
                    first_result = page.evaluate(FETCHED_SO_FAR)
                page.evaluate(KEYSTROKE_PROBE)
                box.press(query[-1])
                page.wait_for_function("window.__sbPaint !== null", timeout=60_000)
                times.append(page.evaluate("window.__sbPaint"))
                first_result = first_result or page.evaluate(FETCHED_SO_FAR)
            cdp = context.new_cdp_session(page)
            cdp.send("HeapProfiler.collectGarbage")
            heap = cdp.send("Runtime.getHeapUsage")["usedSize"]
        finally:
            browser.close()
    return BrowserResult(
        ready, statistics.median(times), heap / 1e6, fetched, debounce_ms(), first_result, queries[0][:-1], times
    )


def compare_browsers(sites: Sequence[Path], corpus: Path, runs: int, log: Callable[[str], None]) -> str:
    """Search in Chromium on sites built from the same corpus (say, before and after a change),
    side by side: each round measures every site in turn (A B A B ...). A Markdown table."""
    queries = browser_queries(corpus)
    measured: list[list[BrowserResult]] = [[] for _ in sites]
    for round_number in range(runs):
        for site, results in zip(sites, measured, strict=True):
            log(f"round {round_number + 1}/{runs}: {site}")
            results.append(measure_browser(site, queries))
    lines = [
        f"### Search in Chromium, {len(sites)} sites side by side ({runs} rounds of {len(queries)} queries from {corpus})",
        "",
        "| site | focus to ready | keystroke to painted, after the debounce: median (rounds' medians; all queries' range) "
        "| JS heap | search before first result, gzip (raw; files) |",
        "|---|---|---|---|---|",
    ]
    for site, results in zip(sites, measured, strict=True):
        after = [[t - r.debounce_ms for t in r.keystrokes] for r in results]
        medians = [statistics.median(times) for times in after]
        every = [t for times in after for t in times]
        files = [site / "search" / name for name in results[0].first_result]
        raw = sum(path.stat().st_size for path in files)
        packed = sum(min(path.stat().st_size, gzipped(path)) for path in files)
        lines.append(
            f"| {site.name} | {statistics.median(r.ready_ms for r in results):,.0f} ms "
            f"| {statistics.median(medians):,.0f} ms ({', '.join(f'{m:,.0f}' for m in medians)}; "
            f"{min(every):,.0f}-{max(every):,.0f}) "
            f"| {statistics.median(r.heap_mb for r in results):,.1f} MB | {_kb(packed)} ({_kb(raw)}; {len(files)}) |"
        )
    lines += ["", f"- queries: {', '.join(queries)}; the keystroke adds each query's last letter"]
    return "\n".join(lines)


# --- Under `mkdocs serve` ------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Serving:
    """`mkdocs serve` over a private copy of the articles, so an edit rebuilds only this one."""

    def __init__(self, folder: Path, variant: Variant, article: str) -> None:
        self.docs = folder / f"content-serve-{variant.key}"
        if self.docs.exists():
            shutil.rmtree(self.docs)
        shutil.copytree(folder / "content", self.docs)
        config_text = (
            (folder / variant.config).read_text("utf-8").replace("docs_dir: content", f"docs_dir: {self.docs.name}")
        )
        self.config = folder / f"serve-{variant.key}.yml"
        self.config.write_text(config_text, encoding="utf-8")
        self.article = article
        self.port = _free_port()
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(_bin("mkdocs")), "serve", "-f", str(self.config), "-a", f"127.0.0.1:{self.port}"],
            cwd=folder,
            stdout=self.log,
            stderr=self.log,
        )
        self.edits = 0

    @property
    def page_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.article.removesuffix('.md')}/"

    def wait_until_up(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"mkdocs serve exited:\n{self.log.read().decode(errors='replace')[-3000:]}")
            if _get(self.page_url) is not None:
                return
            time.sleep(0.25)
        raise SystemExit(f"mkdocs serve did not come up in {timeout:.0f} s")

    def rebuild(self, timeout: float) -> float:
        """Edit the article; seconds until the served page shows the edit."""
        self.edits += 1
        marker = f"benchedit{self.edits}x{os.getpid()}"
        path = self.docs / self.article
        start = time.perf_counter()
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nEdited: {marker}.\n")
        while time.perf_counter() - start < timeout:
            if marker in (_get(self.page_url) or ""):
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit(f"{self.article}: the edit did not show under mkdocs serve in {timeout:.0f} s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.docs, ignore_errors=True)


def measure_rebuilds(folder: Path, article: str, runs: int, timeout: float) -> dict[str, float]:
    servings = [Serving(folder, variant, article) for variant in VARIANTS[:2]]
    try:
        for serving in servings:
            serving.wait_until_up(timeout)
        times: dict[str, list[float]] = {s.config.stem.removeprefix("serve-"): [] for s in servings}
        for _ in range(runs):
            for serving in servings:
                times[serving.config.stem.removeprefix("serve-")].append(serving.rebuild(timeout))
    finally:
        for serving in servings:
            serving.stop()
    return {key: statistics.median(values) for key, values in times.items()}


# --- One size ------------------------------------------------------------------------------


@dataclass
class SizeResult:
    articles: int
    runs: dict[str, list[Run]]
    output: dict[str, int]
    search_raw: dict[str, int]
    search_gzip: dict[str, int]
    index_gzip: dict[str, int]  # the index file alone: search_index.json, or ours before first result
    listed: bool  # the scopebook site wrote search/first-query.txt
    browser: BrowserResult | None = None
    pagefind_browser: BrowserResult | None = None
    rebuild: dict[str, float] = field(default_factory=dict)

    def median(self, key: str, what: Callable[[Run], float]) -> float:
        return statistics.median(what(run) for run in self.runs[key])


def bench_size(
    articles: int, work: Path, runs: int, *, browser: bool, serve: bool, log: Callable[[str], None]
) -> SizeResult:
    folder = work / f"n{articles}"
    if not (folder / "mkdocs.yml").is_file():
        log(f"N={articles}: generating articles into {folder}")
        generate(articles, folder)
    elif not all((folder / v.config).is_file() for v in VARIANTS):
        write_configs(folder)  # a folder generated before a variant was added
    result = SizeResult(articles, {v.key: [] for v in VARIANTS}, {}, {}, {}, {}, True)
    for round_number in range(runs):
        for variant in VARIANTS:
            site = folder / f"site-{variant.key}"
            shutil.rmtree(site, ignore_errors=True)
            run = measure(variant.command(site), folder)
            log(
                f"N={articles} run {round_number + 1}/{runs} {variant.label}: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU ({run.user:.1f} user), {run.rss / 2**20:.0f} MiB"
            )
            result.runs[variant.key].append(run)
    for variant in VARIANTS:
        site = folder / f"site-{variant.key}"
        result.output[variant.key] = folder_bytes(site)
        files, listed = first_query_files(variant.key, site)
        if variant.key in SCOPEBOOK:
            result.listed = result.listed and listed
        result.search_raw[variant.key] = sum(path.stat().st_size for path in files)
        result.search_gzip[variant.key] = sum(gzipped(path) for path in files)
        index = site / "search" / "search_index.json"
        result.index_gzip[variant.key] = gzipped(index) if index.is_file() else result.search_gzip[variant.key]
    if browser:
        for key in SCOPEBOOK:
            log(f"N={articles}: measuring search in Chromium ({key})")
            site = folder / f"site-{key}"
            measured = measure_browser(site, browser_queries(folder))
            if key == "pagefind":
                result.pagefind_browser = measured
            else:
                result.browser = measured
            # What the first query really fetched replaces the listing's files alone. Pagefind's
            # files are compressed already: a server sends them as they are, so each file counts
            # at the smaller of its size and its gzip size.
            files = [site / "search" / name for name in measured.first_result]
            if files:
                result.search_raw[key] = sum(path.stat().st_size for path in files)
                result.search_gzip[key] = sum(min(path.stat().st_size, gzipped(path)) for path in files)
                index = [
                    path
                    for path in files
                    if path.name == "index.json" or path.parent.name in ("terms", "index") or path.suffix == ".pf_meta"
                ]
                result.index_gzip[key] = sum(min(path.stat().st_size, gzipped(path)) for path in index)
    if serve:
        log(f"N={articles}: measuring rebuilds under mkdocs serve")
        article = sorted(
            p.relative_to(folder / "content").as_posix()
            for p in (folder / "content").glob("*/*.md")
            if p.name != "index.md"
        )[0]
        result.rebuild = measure_rebuilds(folder, article, runs, timeout=max(120.0, articles * 0.2))
    return result


# --- Report --------------------------------------------------------------------------------


def _s(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB" if value >= 10 * 2**20 else f"{value / 2**20:,.1f} MiB"


def _kb(value: float) -> str:
    return f"{value / 1000:,.0f} KB"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def table(result: SizeResult, runs: int) -> str:
    a, b, c, d = (v.key for v in VARIANTS)
    lines = [
        f"### N = {result.articles:,} articles (median of {runs})",
        "",
        f"| | {' | '.join(v.label for v in VARIANTS)} | scopebook / mkdocs | scopebook / prebuild | pagefind / scopebook |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def row(name: str, values: Sequence[float], show: Callable[[float], str], ratios: bool = True) -> None:
        extra = [_ratio(values[0], values[1]), _ratio(values[0], values[2]), _ratio(values[3], values[0])]
        lines.append(
            f"| {name} | {' | '.join(show(v) for v in values)} | {' | '.join(extra if ratios else ['', '', ''])} |"
        )

    for name, what in (
        ("wall time", lambda r: r.wall),
        ("CPU time", lambda r: r.cpu),
        ("... of it user CPU", lambda r: r.user),
        ("... of it system CPU", lambda r: r.cpu - r.user),
    ):
        row(name, [result.median(k, what) for k in (a, b, c, d)], _s)
    row("peak RSS (process tree)", [result.median(k, lambda r: r.rss) for k in (a, b, c, d)], _mib)
    row("output", [result.output[k] for k in (a, b, c, d)], _mib)
    row("search before first result, raw", [result.search_raw[k] for k in (a, b, c, d)], _kb)
    row("search before first result, gzip", [result.search_gzip[k] for k in (a, b, c, d)], _kb)
    row("the index alone, gzip", [result.index_gzip[k] for k in (a, b, c, d)], _kb)

    def browser_row(name: str, show: Callable[[BrowserResult], str], ratio: Callable[[BrowserResult], float]) -> None:
        ours, theirs = result.browser, result.pagefind_browser
        cells = [show(ours) if ours else "", "", "", show(theirs) if theirs else "", "", ""]
        cells.append(_ratio(ratio(theirs), ratio(ours)) if ours and theirs else "")
        lines.append(f"| {name} | {' | '.join(cells)} |")

    if result.browser is not None or result.pagefind_browser is not None:
        browser_row("Chromium: focus to search ready", lambda r: f"{r.ready_ms:,.0f} ms", lambda r: r.ready_ms)
        browser_row(
            "Chromium: keystroke to results painted (median of 10)",
            lambda r: f"{r.keystroke_ms:,.0f} ms",
            lambda r: r.keystroke_ms,
        )
        browser_row(
            "... after the debounce",
            lambda r: f"{r.keystroke_ms - r.debounce_ms:,.0f} ms",
            lambda r: r.keystroke_ms - r.debounce_ms,
        )
        browser_row("Chromium: JS heap after the queries", lambda r: f"{r.heap_mb:,.1f} MB", lambda r: r.heap_mb)
    if result.rebuild:
        values = [result.rebuild.get(a, 0.0), result.rebuild.get(b, 0.0)]
        lines.append(
            f"| rebuild after editing one article (mkdocs serve) | {_s(values[0])} | {_s(values[1])} | | | {_ratio(*values)} | | |"
        )
    notes = []
    if not result.listed:
        notes.append("a scopebook site has no search/first-query.txt; counted " + ", ".join(DEFAULT_FIRST_QUERY))
    for key, measured in (("scopebook", result.browser), ("pagefind", result.pagefind_browser)):
        if measured is not None:
            notes.append(f"{key}: fetched under search/ before ready: " + (", ".join(measured.fetched) or "nothing"))
            first = measured.first_result
            notes.append(
                f"{key}'s search before first result: the {len(first)} files under search/ Chromium fetched "
                f"before the first query ({measured.first_query!r}) was answered: " + ", ".join(first)
            )
    notes.append("MkDocs' search before first result: " + ", ".join(MKDOCS_SEARCH_FILES) + "; gzip is level 6")
    notes.append("an already compressed file (Pagefind's) counts at its own size where gzip would not shrink it")
    return "\n".join(lines + [""] + [f"- {note}" for note in notes])


def linearity(results: Sequence[SizeResult]) -> str:
    if len(results) < 2:
        return ""
    low, high = results[0], results[-1]
    scale = high.articles / low.articles
    lines = [f"### Cost from N = {low.articles:,} to {high.articles:,} ({scale:.0f}x the articles)", ""]
    lines.append("| | " + " | ".join(v.label for v in VARIANTS) + " |")
    lines.append("|---" * (len(VARIANTS) + 1) + "|")
    cpu = [high.median(v.key, lambda r: r.cpu) / low.median(v.key, lambda r: r.cpu) for v in VARIANTS]
    rss = [high.median(v.key, lambda r: r.rss) / low.median(v.key, lambda r: r.rss) for v in VARIANTS]
    lines.append("| CPU time | " + " | ".join(f"{x:.2f}x" for x in cpu) + " |")
    lines.append("| peak RSS | " + " | ".join(f"{x:.2f}x" for x in rss) + " |")
    return "\n".join(lines)


def compile_project() -> None:
    """Write the bytecode of our packages before any timed build, as installing a wheel does.

    pip compiled MkDocs and every other dependency at install; an editable install of
    scopebook (`make`) leaves generator/ and theme/ as source, and where
    PYTHONDONTWRITEBYTECODE is set each build would compile them again (~0.06-0.09 s of
    CPU that an installed scopebook never spends). A no-op when the bytecode is current.
    """
    for package in ("generator", "theme"):
        compileall.compile_dir(ROOT / package, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="article counts (default 1000 5000)")
    parser.add_argument("--huge", action="store_true", help="also N = 20,000")
    parser.add_argument("--runs", type=int, default=3, help="builds per variant and size (default 3)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the Chromium measurements")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the mkdocs serve rebuilds")
    parser.add_argument("--work", type=Path, help="keep generated help centers and sites here (reused when present)")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON")
    parser.add_argument(
        "--compare",
        type=Path,
        nargs="+",
        metavar="SITE",
        help="only search in Chromium on these built sites, side by side (--runs rounds); needs --corpus",
    )
    parser.add_argument("--corpus", type=Path, help="with --compare: the generated folder the sites were built from")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([20_000] if args.huge else [])))
    if args.browser and not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} is missing: install it (make browser) or pass --no-browser")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.compare:
        if args.corpus is None:
            parser.error("--compare needs --corpus (the folder the sites were built from: its titles make the queries)")
        print(compare_browsers(args.compare, args.corpus, args.runs, log))
        return 0

    compile_project()
    with contextlib.ExitStack() as stack:
        work = args.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="scopebook-bench-")))
        work.mkdir(parents=True, exist_ok=True)
        results = [
            bench_size(n, work.resolve(), args.runs, browser=args.browser, serve=args.serve, log=log) for n in sizes
        ]
    print("\n\n".join([table(r, args.runs) for r in results] + ([linearity(results)] if len(results) > 1 else [])))
    if args.json:
        args.json.write_text(json.dumps([_as_json(r) for r in results], indent=1, default=vars), encoding="utf-8")
    return 0


def _as_json(result: SizeResult) -> dict[str, Any]:
    data = dict(vars(result))
    data["runs"] = {key: [vars(run) for run in runs] for key, runs in result.runs.items()}
    data["browser"] = vars(result.browser) if result.browser else None
    data["pagefind_browser"] = vars(result.pagefind_browser) if result.pagefind_browser else None
    return data


if __name__ == "__main__":
    sys.exit(main())
