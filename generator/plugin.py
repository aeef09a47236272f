"""The MkDocs plugin: glue between the build events and the contract, articles and pages.

Pipeline per build:
  on_startup    remember whether this is `build` (atomic output) or `serve`
  on_config     check scope/ and the articles' front matter; keep the frozen contract
  on_files      build every view once; add the generated pages (scope, compare, changes, tags,
                and search under our theme) and files (scope.json, the scope schema)
  on_page_content  render the generated pages' content with the plugin's own templates, so
                any theme can frame it; under other themes, add articles' coverage boxes
  on_env, on_page_context  under our theme, hand each template its ready-made view
  on_post_build write the search index; swap the site into place
  on_serve      watch scope/ and the theme; a failed rebuild keeps the last good site served,
                with a banner naming the problems (see `preview`)

A failed build leaves the previous site_dir untouched: `mkdocs build` (and `serve`) writes into a
temporary sibling folder and only a complete build replaces the old site. In strict mode
MkDocs raises for warnings only after on_post_build, so the swap also waits for a build
without counted warnings; on_build_error then removes the temporary folder.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from html import unescape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, Environment, Template, TemplateNotFound
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.templates import TemplateContext

import theme as theme_package

from . import output
from .articles import (
    ArticleMeta,
    ArticleRecord,
    PageSource,
    Sources,
    ThemeTemplates,
    article_record,
    check_sources,
)
from .content_checks import refused_in_article
from .errors import Problem, ScopeError
from .export import export_json
from .markdown_safe import SafeMarkdownExtension, inert_html
from .model import Contract
from .rendering import (
    OWN_THEME,
    STYLESHEET,
    TEMPLATES,
    PageRenderer,
    headings_toc,
    remembered_at_once,
    shared_frame,
    template_loader,
)
from .report import PROBLEM_ATTRIBUTE, format_log
from .routes import GeneratedPage, Routes, is_folder_page, page_url
from .search import write_search_index
from .shared_markdown import SharedMarkdown
from .source_files import display_path, refusal
from .template_output import plain_output
from .views import HelpCenterViews

if TYPE_CHECKING:
    # Only `mkdocs serve` loads the live-reload server (and its http, ssl and watchdog modules).
    from mkdocs.livereload import LiveReloadServer

    from .attainment import Attainment
    from .preview import Preview

log = get_plugin_logger(__name__)

# Where the plugin's stylesheet is served under a theme other than ours.
STYLESHEET_URL = "assets/scopebook/scope.css"
_OPENING_H1 = re.compile(r"\A\s*<h1\b(?P<attrs>[^>]*)>.*?</h1>\s*", re.DOTALL)
_ID = re.compile(r'\sid="(?P<id>[^"]*)"')


def _no_home_page(config: MkDocsConfig, sources: Sources) -> Problem | None:
    """Under our theme, a warning when no article is the home page: every page links Home
    (the site name, breadcrumbs, the search page's site map) to the site's root."""
    if config.theme.name != OWN_THEME or sources.contract is None or not Path(config.docs_dir).is_dir():
        return None
    if any("/" not in src and is_folder_page(src) for src in sources.articles):
        return None
    home = display_path(Path(config.docs_dir) / "index.md")
    return Problem(
        home,
        0,
        0,
        "the site has no home page, so every page's Home link opens nothing",
        f"add {home} (a title and a sentence or two; the theme lays out the rest)",
        "warning",
        "no-home-page",
    )


def _left_to_the_host(config: MkDocsConfig) -> frozenset[str]:
    """Kinds of generated page a host theme provides itself: its search page, and the tags
    page when a tags plugin (Material's) lists tags on the site's own `tags.md`."""
    if config.theme.name == OWN_THEME:
        return frozenset()
    tags = any(name == "tags" or name.endswith("/tags") for name in config.plugins)
    return frozenset({"search", "tags"} if tags else {"search"})


def _is_home(page: Page) -> bool:
    """Whether page is the site's home page (index.md or README.md at the top). MkDocs' own
    is_homepage also asks that a nav written by hand list it outside any section."""
    return page.is_homepage or ("/" not in page.file.src_uri and is_folder_page(page.file.src_uri))


def _blog_folders(config: MkDocsConfig) -> tuple[str, ...]:
    """The folders (`blog/`) whose pages a blog plugin (Material's) publishes by its own rules."""
    folders = []
    for plugin in config.plugins.values():
        folder = getattr(getattr(plugin, "config", None), "blog_dir", None)
        if isinstance(folder, str):
            folders.append(folder.strip("/") + "/" if folder.strip("/") not in ("", ".") else "")
    return tuple(folders)


def _anchor_ids(html: str) -> set[str]:
    """The element ids of a page's content, as MkDocs collects them to check links to anchors."""
    return {match.group("id") for match in _ID.finditer(html)}


def _folded(title: str) -> str:
    """A title as two spellings of it compare: case and runs of white space aside."""
    return " ".join(title.casefold().split())
# Our theme's templates for generated pages; every other kind uses scopebook-page.html.
_OWN_TEMPLATES = {"search": "search.html"}

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class SearchConfig(Config):  # type: ignore[no-untyped-call]
    """Options under `search:`: which engine answers the theme's search box."""

    # lunr: the prebuilt lunr index (default); pagefind: Pagefind's bundle (extra `pagefind`).
    engine = c.Choice(("lunr", "pagefind"), default="lunr")


class ScopebookConfig(Config):  # type: ignore[no-untyped-call]
    """Options under `plugins: - scopebook:` in mkdocs.yml."""

    # Folder of scope YAML files, relative to mkdocs.yml.
    scope_dir = c.Type(str, default="scope")
    # Where the generated scope pages live in the site.
    scope_path = c.Type(str, default="scope")
    # Plan ids to show; empty means every plan in the contract.
    plans = c.ListOfItems(c.Type(str), default=[])
    # Articles may contain raw HTML (trusted writers only).
    allow_raw_html = c.Type(bool, default=False)
    # Article paths under docs_dir to feature on the home page.
    featured = c.ListOfItems(c.Type(str), default=[])
    # How many recently reviewed articles the home page shows when `featured` is empty.
    featured_count = c.Type(int, default=6)
    # Top folders of docs_dir in the order the navigation shows them; others follow A-Z.
    sections = c.ListOfItems(c.Type(str), default=[])
    # A ticket export and period to publish a service performance page for (docs/attainment.md).
    attainment = c.Optional(c.Type(dict))
    # The search engine behind our theme's search box and results page (docs/search.md).
    search = c.SubConfig(SearchConfig)


class ScopebookPlugin(BasePlugin[ScopebookConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None
        self.dirty = False
        self.contract: Contract | None = None
        self.articles: dict[str, ArticleMeta] = {}
        self.article_records: list[ArticleRecord] = []
        self.title_anchors: dict[str, str] = {}  # article source path: id of the H1 our theme shows as its title
        self.anchor_targets: set[str] = set()  # generated pages that Markdown links point into (#anchor)
        self.routes = Routes()
        self.views: HelpCenterViews | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.scope_dir = Path("scope")
        self.attainment: Attainment | None = None
        self.tickets_file: Path | None = None
        self.final_site_dir: Path | None = None
        self.temp_site_dir: Path | None = None
        self._checked: dict[tuple[Path, Path], Sources] = {}
        self._page_sources: dict[str, PageSource] = {}  # articles MkDocs has not read yet
        self._handed_meta: dict[str, dict[str, Any]] = {}  # front matter of articles handed over
        self._reported = False
        self._epoch_set: str | None = None
        self.own_theme = True
        self.renderer: PageRenderer | None = None
        self.shared_markdown: SharedMarkdown | None = None
        self.preview: Preview | None = None  # under `mkdocs serve`
        self.sanitiser: SafeMarkdownExtension | None = None

    def use_checked(self, scope_dir: Path, docs_dir: Path, sources: Sources, reported: bool = False) -> None:
        """Build from sources already checked (by `scopebook build`) instead of checking again.

        reported: the caller has printed their problems, so the build does not log them again.
        """
        self._checked = {(scope_dir.resolve(), docs_dir.resolve()): sources}
        self._reported = reported

    def resolved_scope_dir(self, config: MkDocsConfig) -> Path:
        """The scope folder, relative to mkdocs.yml."""
        base = Path(config.config_file_path or ".").resolve().parent
        return (base / self.config.scope_dir).resolve()

    def check(self, config: MkDocsConfig) -> Sources:
        """scope/ and the articles checked for this site: its theme's templates, its generated pages.

        The one check behind `scopebook check` (with a mkdocs.yml), `scopebook build` and
        the plugin, so all three give the same verdict. What it loads (the contract, the
        articles) lives until the build ends, so it is kept out of collections at once.
        """
        with _kept_until_the_build_ends():
            sources = check_sources(
                self.resolved_scope_dir(config),
                Path(config.docs_dir),
                theme_templates(config),
                scope_path=self.config.scope_path,
                directory_urls=config.use_directory_urls,
                plans=tuple(self.config.plans),
                not_generated=_left_to_the_host(config),
            )
            homeless = _no_home_page(config, sources)
            return replace(sources, problems=(homeless, *sources.problems)) if homeless else sources

    # Startup and configuration ----------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.article_records = []
        self.title_anchors = {}
        base = Path(config.config_file_path or ".").resolve().parent
        self.scope_dir = self.resolved_scope_dir(config)
        docs_dir = Path(config.docs_dir)

        # Load, check and resolve once per build: `scopebook build` hands over what its
        # check found; `mkdocs build` and every `mkdocs serve` rebuild check here.
        sources = self._checked.pop((self.scope_dir, docs_dir.resolve()), None)
        reported = sources is not None and self._reported
        if sources is None:
            sources = self.check(config)
        stopped = sources.contract is None or bool(sources.errors)
        if self.preview is not None:
            self.preview.found(sources.problems, stopped=stopped)
        if sources.contract is None or sources.errors:
            raise PluginError(
                "scopebook found errors; nothing was built:\n" + "\n".join(format_log(p) for p in sources.errors)
            )
        if not reported:
            for problem in sources.problems:
                log.warning(format_log(problem))
        self.contract = sources.contract
        self.articles = dict(sources.articles)
        self._hand_over(config, sources)
        self.attainment = self._attainment(base)

        unknown = [p for p in self.config.plans if p not in {plan.id for plan in self.contract.plans}]
        if unknown:
            raise PluginError(f"mkdocs.yml: plugins.scopebook.plans names unknown plan(s): {', '.join(unknown)}")

        if "SOURCE_DATE_EPOCH" not in os.environ:
            # Reproducible output: MkDocs stamps sitemap.xml.gz and pages with the build
            # date unless this is set; the contract's effective date is stable and meaningful.
            effective = datetime.combine(date.fromisoformat(self.contract.effective), datetime.min.time(), UTC)
            self._epoch_set = str(int(effective.timestamp()))
            os.environ["SOURCE_DATE_EPOCH"] = self._epoch_set

        # Articles are sanitised unless the site allows raw HTML; what the sanitiser takes out
        # of an article is reported as that article's page is rendered (on_page_content).
        self.sanitiser = None if self.config.allow_raw_html else SafeMarkdownExtension.reporting()
        if self.sanitiser is not None:
            config.markdown_extensions.append(self.sanitiser)  # type: ignore[arg-type]

        self.own_theme = config.theme.name == OWN_THEME
        if not self.own_theme:
            _check_host_theme(config)
            if self.config.search.engine != "lunr":
                raise PluginError(
                    f"mkdocs.yml: plugins.scopebook.search.engine `{self.config.search.engine}` needs theme "
                    "`scopebook`; under another theme search is the theme's own (remove the option)"
                )
            if STYLESHEET_URL not in config.extra_css:
                config.extra_css.append(STYLESHEET_URL)
        elif self.config.search.engine == "pagefind":
            from .pagefind import PagefindFailed, executable  # only for this engine

            try:
                executable()  # before anything is built: a missing binary is one line, at once
            except PagefindFailed as exc:
                raise PluginError(f"mkdocs.yml: plugins.scopebook.search.engine pagefind: {exc}") from None

        # `mkdocs serve` too: a failed rebuild then leaves the last good site being served.
        if self.command in ("build", "gh-deploy", "serve") and not self.dirty:
            self._build_into_temporary_dir(config)
        return config

    def _hand_over(self, config: MkDocsConfig, sources: Sources) -> None:
        """Give MkDocs each article as the check read it, instead of reading and parsing it again.

        MkDocs' Page.read_source asks on_page_read_source for a page's text, then splits off
        and parses its front matter. Handed the Markdown after the front matter behind a
        blank line, it finds no front matter and keeps that Markdown as it is; the front
        matter's data goes back into page.meta before any on_page_markdown reads it. Only
        when no other plugin reads sources (MkDocs allows one) and for the articles whose
        front matter the check read exactly as MkDocs would (`articles.PageSource`).
        """
        events = config.plugins.events
        if any(getattr(h, "__self__", None) is not self for h in events["page_read_source"]):
            self._page_sources = {}
            return
        self._page_sources = sources.page_sources
        self._handed_meta = {}
        if self._read_source not in events["page_read_source"]:
            events["page_read_source"].append(self._read_source)
            events["page_markdown"].insert(0, self._meta_back)

    def _read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        file = page.file
        source = self._page_sources.pop(file.src_uri, None)
        if source is None:
            return None
        # A plugin may have given the page other text in on_files (File.generated, setting
        # content_string, or pointing abs_src_path elsewhere as mkdocs-gen-files does):
        # MkDocs reads that text then, not the file the check read.
        checked = os.path.normpath(os.path.join(config.docs_dir, file.src_uri))
        if file.generated_by is not None or file.abs_src_path != checked:
            return None
        self._handed_meta[file.src_uri] = source.meta
        return "\n" + source.markdown

    def _meta_back(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        meta = self._handed_meta.pop(page.file.src_uri, None)
        if meta is not None:
            page.meta = meta
        return markdown

    def _attainment(self, base: Path) -> Attainment | None:
        """Response-target attainment over the configured ticket export, or None when not asked for."""
        if self.config.attainment is None:
            self.tickets_file = None
            return None
        assert self.contract is not None
        where = Path(self.config.config_file_path or "mkdocs.yml").name
        from .attainment import format_problem, parse_options, published_attainment  # only when asked for

        try:
            options = parse_options(self.config.attainment, base, where)
            self.tickets_file = options.tickets
            return published_attainment(self.contract, options, where)
        except ScopeError as exc:
            raise PluginError(
                "scopebook: the service performance page cannot be built:\n"
                + "\n".join(format_problem(p) for p in exc.problems)
            ) from None

    def _build_into_temporary_dir(self, config: MkDocsConfig) -> None:
        final = Path(config.site_dir)
        self.final_site_dir = final
        try:
            self.temp_site_dir = output.new_build_dir(final)
        except OSError as exc:
            raise PluginError(f"{display_path(final)}: {cannot_write(final, exc)}") from None
        config.site_dir = str(self.temp_site_dir)

    # Files and pages --------------------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.contract is not None
        gc.unfreeze()  # what the previous build (`mkdocs serve`) or the check kept out of collections
        # The earlier build's garbage is collected first; every view made below lives until the build ends too.
        with _kept_until_the_build_ends():
            _collect_earlier_build()
            return self._add_views_and_pages(files, config)

    def _add_views_and_pages(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.contract is not None
        # MkDocs would open a FIFO under docs_dir and wait for ever, or publish a link's
        # target from outside the project; the check reported each, the build leaves them out.
        project = Path(config.docs_dir).resolve().parent
        blogs = _blog_folders(config)
        for file in list(files):
            path = file.abs_src_path
            if path and not _regular(path) and refusal(Path(path), project) is not None:
                files.remove(file)
            elif file.src_uri in self.articles and self.articles[file.src_uri].draft and not file.src_uri.startswith(blogs):
                # `draft: true` (Docusaurus, Hugo, help-center exports): a draft as MkDocs'
                # draft_docs makes one, previewed by `serve`, never built. A blog's posts are
                # its plugin's to publish or not (Material's has options for drafts).
                file.inclusion = InclusionLevel.DRAFT
        wanted = set(self.config.plans)
        self.routes = Routes.for_site(
            self.config.scope_path,
            (p.id for p in self.contract.plans if not wanted or p.id in wanted),
            config.use_directory_urls,
            performance=self.attainment is not None,
            addons=((a.id, a.plans) for a in self.contract.addons),
        )
        # MkDocs spells the home page "./"; views use "" for the site root.
        urls = {f.src_uri: ("" if f.url == "./" else f.url) for f in files.documentation_pages()}
        # Every view is built here, once per build, when every article's URL is known.
        self.views = HelpCenterViews(
            self.contract,
            self.articles,
            urls,
            self.routes,
            section_order=self.config.sections,
            featured=self.config.featured,
            featured_count=self.config.featured_count,
            attainment=self.attainment,
        )
        self.generated = {}
        for page in self.views.pages:
            if page.kind in _left_to_the_host(config):
                continue  # the host theme brings its own search, its tags plugin its tags page
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.uri}: this path is generated by scopebook; "
                    "move the file or change plugins.scopebook.scope_path"
                )
            template = _OWN_TEMPLATES.get(page.kind, "scopebook-page.html") if self.own_theme else None
            # A plan with an add-on is reached from its plan page, not from the navigation.
            # With a nav written by hand, a page it does not list is reached from the scope
            # overview: MkDocs must not call it omitted (a warning that fails --strict).
            by_hand = config.nav is not None
            inclusion = InclusionLevel.NOT_IN_NAV if page.addon or by_hand else InclusionLevel.UNDEFINED
            files.append(File.generated(config, page.uri, content=page.source(template), inclusion=inclusion))
            self.generated[page.uri] = page
        # The contract for machines, as files of the site: MkDocs copies them, and a Markdown
        # link to them (`../scope.json`) is a link to a file it knows.
        files.append(File.generated(config, self.routes.contract_json(), content=export_json(self.contract)))
        schema = resources.files("generator").joinpath("schema", "scope.schema.json").read_bytes()
        files.append(File.generated(config, self.routes.scope_schema(), content=schema))
        if not self.own_theme:
            self._add_stylesheet(files, config)
        self.renderer = PageRenderer(self.views.site, self.own_theme)
        self.shared_markdown = SharedMarkdown.for_config(config)
        return files

    def _add_stylesheet(self, files: Files, config: MkDocsConfig) -> None:
        """The plugin's stylesheet for its pages under another theme, unless docs_dir has its own.

        MkDocs' convention: a file in docs_dir takes the place of the theme's file of that
        name, so a site can restyle the plugin's pages as it restyles its theme's.
        """
        own = files.get_file_from_path(STYLESHEET_URL)
        if own is None:
            files.append(File.generated(config, STYLESHEET_URL, abs_src_path=str(STYLESHEET)))
            return
        where = display_path(Path(own.abs_src_path)) if own.abs_src_path else f"{config.docs_dir}/{STYLESHEET_URL}"
        log.info(f"{where} is the site's own: scopebook's stylesheet for its pages under this theme is not used")

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if self.shared_markdown is not None:
            self.shared_markdown.attach(page)
        return page

    @event_priority(100)  # before other plugins (Material's tags) read page.meta
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.sanitiser is not None:
            self.sanitiser.take_refused()  # what another plugin rendered before this page is not the page's
        # The home page's source belongs to writers; its layout belongs to the theme.
        if self.own_theme and _is_home(page) and "template" not in page.meta:
            page.meta["template"] = "home.html"
        meta = self.articles.get(page.file.src_uri)
        if meta is not None and meta.summary and "description" not in page.meta:
            # Themes read a page's summary for <meta name="description"> from `description`.
            page.meta["description"] = meta.summary
        if self._printed_as_html(page):
            # Host themes print titles and front matter (`description`, Material's `subtitle`)
            # as HTML; what writers and the contract give stays text.
            page.meta.update(inert_html(page.meta))
        return markdown

    def _printed_as_html(self, page: Page) -> bool:
        """Whether the theme prints this page's title and front matter as given: any theme
        but ours, for a generated page or an article unless the site allows raw HTML."""
        return not self.own_theme and (page.file.src_uri in self.generated or not self.config.allow_raw_html)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Runs before any theme or search plugin reads page.content (on_page_context), so
        # the host's search indexes scope pages like any other page.
        assert self.views is not None and self.renderer is not None
        refused = self.sanitiser.take_refused() if self.sanitiser is not None else []
        generated = self.generated.get(page.file.src_uri)
        if refused and generated is None and page.file.abs_src_path:
            for problem in refused_in_article(Path(page.file.abs_src_path), refused):
                log.warning(format_log(problem), extra={PROBLEM_ATTRIBUTE: problem})
        if generated is not None:
            if self.own_theme:
                return html  # rendered just before its template, in _generated_content
            return self._generated_content_of(generated, page, config) or html
        if self._printed_as_html(page) and "title" not in page.meta:
            # A title MkDocs took from the heading has `<` escaped, not `"`.
            title = inert_html(page.title)
            if title != page.title:
                page.title = title
        meta = self.articles.get(page.file.src_uri)
        if meta is None:
            return html
        if self.own_theme:
            if "title" not in page.meta:
                # MkDocs keeps a title it read from the heading as HTML (`AT&amp;T`); our
                # templates escape what they print, so they get the text, as the check read it.
                page.title = meta.title
            return self._without_title_heading(html, page)
        box = self.views.coverage(meta)
        return self._framed(self.renderer.coverage(box, page, config)) + html if box else html

    def _without_title_heading(self, html: str, page: Page) -> str:
        """An article's HTML without an opening H1 that is its title, for our theme.

        Our theme shows the title above the article's frame (summary, review date, coverage
        box), with the heading's id, so its anchor and the contents list still open: the H1
        gave the page its title, or repeats the front matter's `title` (as exports write it).
        """
        opening = _OPENING_H1.match(html)
        if opening is None:
            return html
        anchor = _ID.search(opening.group("attrs"))
        if "title" in page.meta:
            heading = next((e for e in page.toc.items if anchor and e.id == anchor.group("id")), None)
            if heading is None or _folded(unescape(heading.title)) != _folded(str(page.meta["title"])):
                return html
        self.title_anchors[page.file.src_uri] = anchor.group("id") if anchor else ""
        return html[opening.end() :]

    def _generated_content_of(self, generated: GeneratedPage, page: Page, config: MkDocsConfig) -> str | None:
        """A generated page's content (under other themes, its table of contents into page.toc), or None."""
        assert self.views is not None and self.renderer is not None
        view = self.views.page_view(generated.uri)
        if view is None:
            return None
        content = self.renderer.page(generated.kind, view, page, config)
        if not self.own_theme:
            # Host themes show it beside the page and their search splits the page by it;
            # our theme's scope pages carry their own navigation (a plan page's area list).
            page.toc = headings_toc(content)
        return self._framed(content)

    def _framed(self, content: str) -> str:
        # Under another theme, the plugin's stylesheet applies inside this wrapper only.
        return content if self.own_theme else f'<div class="scopebook-content">\n{content}</div>\n'

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Every page is rendered from Markdown by now, but a generated page's content is the
        # plugin's: MkDocs would check links to its anchors (`premium/index.md#sso`) against
        # nothing. Pages that some link points into get the ids their content has.
        self.anchor_targets = {
            target.src_uri
            for file in files.documentation_pages()
            if file.page is not None and file.page.links_to_anchors
            for target in file.page.links_to_anchors
            if target.src_uri in self.generated
        }
        if not self.own_theme:
            for uri in self.anchor_targets:  # their content is made already, under host themes
                target = files.get_file_from_path(uri)
                if target is not None and target.page is not None and target.page.content:
                    target.page.present_anchor_ids = _anchor_ids(target.page.content)
            return env  # another theme's templates keep their own settings
        # MkDocs' theme environment does not escape by default; ours always does. Markdown
        # output reaches templates as Markup (scope views) or through `page.content`,
        # which the safe extension has cleaned unless allow_raw_html is set.
        env.autoescape = True
        plain_output(env)  # escaped `{{ value }}` output added as text, without a Markup per value
        env.loader = ChoiceLoader([env.loader, template_loader()]) if env.loader else template_loader()
        assert self.views is not None
        env.globals["helpcenter"] = self.views.site
        env.globals["own_theme"] = True
        env.globals["search_engine"] = self.config.search.engine
        # The plugin's templates keep pieces shown on many pages (`remembered`); this
        # environment's links are made for one page, so nothing is kept here.
        env.filters["remembered"] = remembered_at_once
        assert self.renderer is not None
        self.renderer.use_theme(env, _theme_file)
        return env

    @event_priority(100)  # before any other plugin reads the page
    def _generated_content(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # Under our theme, a generated page's content is made right before its template
        # uses it and let go of right after (on_post_page): MkDocs renders every page's
        # content before it writes any, and plan pages are a megabyte of HTML each.
        generated = self.generated.get(page.file.src_uri)
        if self.own_theme and generated is not None:
            content = self._generated_content_of(generated, page, config)
            if content is not None:
                page.content = content
                if page.file.src_uri in self.anchor_targets:
                    page.present_anchor_ids = _anchor_ids(content)
        return context

    def _page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        assert self.views is not None
        if page.file.src_uri in self.generated:
            context["scope"] = self.views.page_view(page.file.src_uri)  # type: ignore[typeddict-unknown-key]
            return context
        meta = self.articles.get(page.file.src_uri)
        if meta is None:
            return context
        if _is_home(page) or page.meta.get("template") == "home.html":
            # home.html shows the home page's sections; an article may ask for that layout too.
            context["home"] = self.views.home  # type: ignore[typeddict-unknown-key]
        context["home_page"] = _is_home(page)  # type: ignore[typeddict-unknown-key]
        record = article_record(meta, page, self.views.section_title(meta))
        anchor = self.title_anchors.get(page.file.src_uri, "")
        context["article"] = self.views.article(meta, record.toc, anchor)  # type: ignore[typeddict-unknown-key]
        self.article_records.append(record)
        return context

    @event_priority(-100)  # the context the template gets, after every other plugin's changes
    def _shared_frame(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # An article's header, footer... are the same as on many other pages: rendered once for them all.
        if self.own_theme and page.file.src_uri in self.articles and "scope" not in context:
            assert self.views is not None and self.renderer is not None
            context["frame"] = shared_frame(self.renderer, self.views.site, context, page)  # type: ignore[typeddict-unknown-key]
        return context

    on_page_context = CombinedEvent(_generated_content, _page_context, _shared_frame)

    @event_priority(-100)  # after every other plugin's on_post_page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # A plan page's or the compare page's content is a megabyte of HTML, written out
        # by now; MkDocs keeps every page until the build ends and nothing reads it again.
        if page.file.src_uri in self.generated:
            page.content = None
        return output

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if template_name == "sitemap.xml":
            context["sitemap"] = self._sitemap(config)  # type: ignore[typeddict-unknown-key]
        return context

    def _sitemap(self, config: MkDocsConfig) -> list[tuple[str, str]]:
        """(absolute-or-site-relative URL, last modified date) for every page, sorted."""
        assert self.contract is not None and self.views is not None
        base = (config.site_url or "/").rstrip("/") + "/"
        entries = []
        for meta in self.articles.values():
            url = self.views.article_url(meta.src_path)
            if url is not None:
                entries.append((base + url, meta.last_reviewed or ""))
        for uri, page in self.generated.items():
            url = page_url(uri, config.use_directory_urls)
            dated = page.kind in ("overview", "plan", "compare", "changes")
            entries.append((base + url, self.contract.effective if dated else ""))
        return sorted(set(entries))

    # Output -----------------------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._post_build(config)
        finally:
            # What on_files kept out of collections is collectable once the build ends:
            # `mkdocs serve` builds again in this process without on_shutdown in between.
            gc.unfreeze()

    def _post_build(self, config: MkDocsConfig) -> None:
        assert self.contract is not None
        self.shared_markdown = None
        if self.renderer is not None:
            self.renderer.forget()  # every page is written; the search index needs the memory
        site_dir = Path(config.site_dir)
        if self.own_theme:
            # Other themes search with their own plugin; only our theme reads this index.
            if self.config.search.engine == "pagefind":
                from .pagefind import PagefindFailed, write_pagefind_search

                try:
                    write_pagefind_search(self.contract, site_dir, self.routes)
                except PagefindFailed as exc:
                    raise PluginError(f"mkdocs.yml: plugins.scopebook.search.engine pagefind: {exc}") from None
            else:
                records = sorted(self.article_records, key=lambda r: r.src_path)
                # Every page is built: what lives now lives until the build ends (on_post_build
                # unfreezes), out of the full collection the index's documents would set off.
                gc.freeze()
                write_search_index(self.contract, records, site_dir, self.routes)
        if self.temp_site_dir is not None and self.final_site_dir is not None:
            if config.strict and _warnings_counted():
                return  # MkDocs is about to abort; on_build_error cleans up
            try:
                output.publish(self.temp_site_dir, self.final_site_dir)
            except OSError as exc:
                raise PluginError(
                    f"{display_path(self.final_site_dir)}: {cannot_write(self.final_site_dir, exc)}"
                ) from None
            config.site_dir = str(self.final_site_dir)
            self.temp_site_dir = None

    def on_build_error(self, *, error: Exception) -> None:
        self.shared_markdown = None  # it holds the last page rendered, with the build's files
        self._discard_temporary_dir()
        gc.unfreeze()  # a failed build keeps nothing out of collections either

    def on_shutdown(self) -> None:
        self._discard_temporary_dir()
        gc.unfreeze()  # what on_files kept out of collections is collectable again
        # A build run inside a longer process (`scopebook check`, tests) leaves its
        # environment as it found it, so the next build dates itself from its own contract.
        if self._epoch_set is not None and os.environ.get("SOURCE_DATE_EPOCH") == self._epoch_set:
            del os.environ["SOURCE_DATE_EPOCH"]
        self._epoch_set = None

    def _discard_temporary_dir(self) -> None:
        if self.temp_site_dir is not None:
            output.discard(self.temp_site_dir)
            self.temp_site_dir = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        server.watch(str(self.scope_dir))
        server.watch(str(THEME_DIR))
        if self.tickets_file is not None:
            server.watch(str(self.tickets_file))
        from .build import problem_from_log  # build imports this module
        from .preview import Preview  # only under `mkdocs serve`

        docs_dir, config_file = Path(config.docs_dir), display_path(Path(config.config_file_path or "mkdocs.yml"))
        self.preview = Preview()
        self.preview.install(server, lambda record: problem_from_log(record, docs_dir, config_file))
        return server


_THEME_DIR = Path(theme_package.__file__).resolve().parent


def _theme_file(template: Template) -> bool:
    """The template is our theme's or the plugin's own file (not a custom_dir override)."""
    if template.filename is None:
        return False
    folder = Path(template.filename).resolve().parent
    return folder.is_relative_to(_THEME_DIR) or folder.is_relative_to(TEMPLATES)


_built_before = False  # a build in this process has frozen objects (`mkdocs serve` rebuilds)


@contextmanager
def _kept_until_the_build_ends() -> Iterator[None]:
    """No garbage-collector passes in the block, and what is alive at its end is frozen.

    For the blocks that make what the build keeps until it ends (the check's contract and
    articles, the views): the collector's passes would read each of those objects as it
    is made (about 0.01 s at 1,000 articles) and again and again as it ages while pages
    and the search index are made (about 0.1 s). The build's end unfreezes them
    (on_post_build, on_build_error, on_shutdown).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _collect_earlier_build() -> None:
    """On a rebuild in the same process, collect the previous build's pages and views.

    They are garbage held in cycles that no full collection may have freed yet; left, they
    would be frozen (and kept) with this build's objects, each rebuild adding its own.
    """
    global _built_before
    if _built_before:
        gc.collect()
    _built_before = True


def _regular(path: str) -> bool:
    """path is a regular file, not a link (refusal() has nothing against it), from one lstat."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _check_host_theme(config: MkDocsConfig) -> None:
    """A theme scopebook can put its pages into has a main.html; say so in one line if not."""
    try:
        config.theme.get_env().get_template("main.html")
    except TemplateNotFound:
        base = Path(config.config_file_path or ".").resolve().parent
        custom = config.theme.custom_dir
        name = config.theme.name or (os.path.relpath(custom, base) if custom else "(none)")
        raise PluginError(
            f"mkdocs.yml: theme `{name}` has no main.html template, which scopebook's pages are shown in; "
            "use theme `scopebook`, `material` or `mkdocs`, or add a main.html to the theme"
        ) from None


def theme_templates(config: MkDocsConfig) -> ThemeTemplates:
    """Whether the site's theme has a template of a name, as a page's `template:` asks."""
    return ThemeTemplates(config.theme.get_env().list_templates())


def _warnings_counted() -> bool:
    """Whether MkDocs has counted a warning in this build (what --strict aborts on)."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler) and handler.get_counts():
            return True
    return False


def cannot_write(site_dir: Path, error: OSError) -> str:
    """Why a site could not be written, in one line; the last good site is still in place."""
    where = f" ({display_path(Path(error.filename))})" if error.filename else ""
    return (
        f"cannot write the site here: {error.strerror or error}{where}; the previous site was kept "
        "(check the folder's permissions and free disk space)"
    )
