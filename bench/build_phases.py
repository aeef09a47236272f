"""Where a `scopebook build` spends its CPU and memory, phase by phase.

Run by hand on a generated help center (`python bench/helpcenter.py 1000 DIR`):

    python bench/build_phases.py DIR/mkdocs.yml [--plain DIR/plain.yml] [--runs 3]

Builds in this process with timers wrapped around the build's phases (the check, MkDocs'
file and navigation setup, each page's Markdown, the scope pages, each page's template,
the search index and its parts), and prints CPU seconds per phase, median of `--runs`
(each in a fresh subprocess), with the resident set size after each phase's first end
and the peak. `--plain` times a plain `mkdocs build` of the same articles the same way,
so the two can be read side by side. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Phases:
    """CPU seconds per named phase; nested phases count in their parent too."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.rss: dict[str, float] = {}
        self.order: list[str] = []

    @contextlib.contextmanager
    def phase(self, name: str, rss: bool = True) -> Iterator[None]:
        start = time.process_time()
        try:
            yield
        finally:
            if name not in self.cpu:
                self.order.append(name)
                self.cpu[name] = 0.0
            self.cpu[name] += time.process_time() - start
            if rss:
                self.rss[name] = max(self.rss.get(name, 0.0), _rss_mib())

    def wrap(
        self, owner: Any, attribute: str, name: str, when: Callable[..., bool] | None = None, rss: bool = True
    ) -> None:
        """Time each call; rss=False for something called thousands of times (no RSS read per call)."""
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if when is not None and not when(*args, **kwargs):
                return original(*args, **kwargs)
            with self.phase(name, rss):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)

    def wrap_generator(self, owner: Any, attribute: str, name: str) -> None:
        """Time a generator's own work, between the items it yields (not what its consumer does)."""
        original = getattr(owner, attribute)

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = original(*args, **kwargs)
            spent = 0.0
            try:
                while True:
                    start = time.process_time()
                    try:
                        item = next(iterator)
                    except StopIteration:
                        return
                    finally:
                        spent += time.process_time() - start
                    yield item
            finally:
                with self.phase(name):
                    pass
                self.cpu[name] += spent

        setattr(owner, attribute, timed)


def _instrument(phases: Phases, scopebook: bool) -> None:
    import mkdocs.commands.build as mkbuild
    from mkdocs.structure.pages import Page

    def generated(page: Page, *args: Any, **kwargs: Any) -> bool:
        return bool(page.file.generated_by)

    def article(page: Page, *args: Any, **kwargs: Any) -> bool:
        return not page.file.generated_by

    phases.wrap(mkbuild, "get_files", "mkdocs: files")
    phases.wrap(mkbuild, "get_navigation", "mkdocs: navigation")
    phases.wrap(Page, "read_source", "page: read source")
    phases.wrap(Page, "render", "page: markdown (articles)", article)
    phases.wrap(Page, "render", "page: markdown + content (generated)", generated)
    phases.wrap(mkbuild, "_build_page", "page: template (articles)", article)
    phases.wrap(mkbuild, "_build_page", "page: template (generated)", generated)
    phases.wrap(mkbuild, "_build_theme_template", "theme templates (sitemap, 404)")
    phases.wrap(mkbuild.Files, "copy_static_files", "static files")
    if not scopebook:
        from mkdocs.contrib.search import SearchPlugin

        phases.wrap(SearchPlugin, "on_page_context", "search: collect")
        phases.wrap(SearchPlugin, "on_post_build", "search: write")
        return
    import generator.plugin as plugin
    import generator.rendering as rendering
    import generator.search as search
    from generator.shared_markdown import SharedMarkdown

    # Pages converted by the build's one Markdown instance (generator/shared_markdown.py) go
    # through its render, not Page.render (which it calls only where it cannot share one).
    def shared(kind: Callable[..., bool]) -> Callable[..., bool]:
        return lambda self, page, *args, **kwargs: kind(page) and self._instance(*args[:1]) is not None

    phases.wrap(SharedMarkdown, "render", "page: markdown (articles)", shared(article))
    phases.wrap(SharedMarkdown, "render", "page: markdown + content (generated)", shared(generated))

    phases.wrap(plugin, "check_sources", "check")
    phases.wrap(plugin.ScopebookPlugin, "on_files", "plugin: on_files (views)")
    phases.wrap(plugin.ScopebookPlugin, "on_page_content", "plugin: on_page_content")
    # on_page_context is a CombinedEvent of two methods bound when the class was made.
    phases.wrap(plugin, "article_record", "plugin: article records")
    phases.wrap(rendering.PageRenderer, "page", "plugin: scope page content")
    phases.wrap(plugin, "headings_toc", "plugin: scope page toc")
    phases.wrap(plugin.ScopebookPlugin, "on_post_build", "plugin: on_post_build")
    phases.wrap(plugin, "write_search_index", "search: all (documents, index, files)")
    # The build reads each page's documents when its turn comes and indexes them one by one;
    # timers around thousands of calls cost CPU themselves (~1 us a reading), so no finer.
    for maker in ("article_documents", "scope_item_document", "plan_document", "severities_document"):
        phases.wrap(search, maker, "search: documents", rss=False)
    phases.wrap(search.IndexBuilder, "add", "search: index terms", rss=False)
    phases.wrap_generator(search, "index_files", "search: weights and shard files")
    phases.wrap(search, "_dump", "search: json dump")


def _one(config: Path, scopebook: bool) -> dict[str, Any]:
    phases = Phases()
    _instrument(phases, scopebook)
    with tempfile.TemporaryDirectory() as site:
        start = time.process_time()
        if scopebook:
            from generator.build import build_site

            if build_site(config, Path(site)) != 0:
                raise SystemExit("the build failed")
        else:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            build(load_config(config_file=str(config), site_dir=site))
        total = time.process_time() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cpu": phases.cpu, "rss": phases.rss, "order": phases.order, "total": total, "peak": peak}


def _run(config: Path, scopebook: bool) -> dict[str, Any]:
    args = [sys.executable, __file__, str(config), "--child", "scopebook" if scopebook else "plain"]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=config.parent).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def _report(label: str, results: list[dict[str, Any]]) -> None:
    print(f"\n{label}: median of {len(results)}")
    print("| phase | CPU s | RSS after, MiB |")
    print("| --- | ---: | ---: |")
    for name in results[0]["order"]:
        cpu = statistics.median(r["cpu"].get(name, 0.0) for r in results)
        rss = statistics.median(r["rss"].get(name, 0.0) for r in results)
        print(f"| {name} | {cpu:.2f} | {rss:.0f} |")
    print(
        f"| **total (in process, after imports)** | {statistics.median(r['total'] for r in results):.2f} | "
        f"peak {statistics.median(r['peak'] for r in results):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--plain", type=Path, help="a plain MkDocs configuration to time alongside")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=("scopebook", "plain"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_one(args.config.resolve(), args.child == "scopebook")))
        return
    ours: list[dict[str, Any]] = []
    plain: list[dict[str, Any]] = []
    for _ in range(args.runs):
        ours.append(_run(args.config.resolve(), True))
        if args.plain:
            plain.append(_run(args.plain.resolve(), False))
    _report("scopebook build", ours)
    if plain:
        _report("plain mkdocs build", plain)


if __name__ == "__main__":
    main()
