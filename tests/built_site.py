"""Test helpers: building a site the way writers do, and a small HTML tree to query it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
# The folders the sample mkdocs.yml reads, for tests that build a copy of it.
SAMPLE_SOURCES = ("scope", "content", "tickets")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    content: list[Node | str] = field(default_factory=list)  # child nodes and text, in order

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.iter()

    def text(self) -> str:
        if self.tag in ("style", "script"):
            return ""
        parts = [c if isinstance(c, str) else c.text() for c in self.content]
        return " ".join(" ".join(parts).split())

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.content)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(node.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()):
                found.append(node)
        return found

    def by_id(self, element_id: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == element_id), None)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].content.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].content.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].content.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    output: str  # everything MkDocs printed

    def page(self, url: str) -> Node:
        """The parsed page at a site-relative URL such as `scope/premium/`."""
        return parse_html(self.file(url).read_text("utf-8"))

    def file(self, url: str) -> Path:
        path = self.root / url
        return path / "index.html" if url == "" or url.endswith("/") else path


ORIGIN = "http://site.test/"


def resolves(root: Path, url: str, pages: dict[str, Node] | None = None) -> bool:
    """Whether a site-relative URL (with an optional #anchor) opens a built file and anchor."""
    target = urlsplit(urljoin(ORIGIN, url))
    file_path = unquote(target.path.lstrip("/"))
    local = root / file_path
    if file_path == "" or file_path.endswith("/") or local.is_dir():
        local = local / "index.html"
    if not local.is_file():
        return False
    if not target.fragment:
        return True
    key = local.relative_to(root).as_posix()
    page = pages[key] if pages is not None and key in pages else parse_html(local.read_text("utf-8"))
    return page.by_id(target.fragment) is not None


def broken_links(root: Path, pages: dict[str, Node]) -> list[str]:
    """Every link, stylesheet, script and image in the site's pages that opens nothing."""
    broken = []
    for path, page in pages.items():
        if path == "404.html":
            continue  # uses site-absolute links by design
        here = urljoin(ORIGIN, path)
        for node in page.iter():
            ref = node.attrs.get("href") if node.tag in ("a", "link") else node.attrs.get("src")
            if ref is None or node.tag not in ("a", "link", "script", "img"):
                continue
            absolute = urljoin(here, ref)
            if not absolute.startswith(ORIGIN):
                continue
            if not resolves(root, absolute[len(ORIGIN) :], pages):
                broken.append(f"{path}: {ref}")
    return broken


def html_pages_of(root: Path) -> dict[str, Node]:
    """Every HTML file of a built site, parsed, keyed by path under the site."""
    return {
        path.relative_to(root).as_posix(): parse_html(path.read_text("utf-8")) for path in sorted(root.rglob("*.html"))
    }


def json_strings(value: object) -> list[str]:
    """Every string in parsed JSON, at any depth: where a search file could carry a URL."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return []


def sample_variant(work: Path, *, theme: str | None = None, **options: object) -> Path:
    """A copy of the sample under work/ with another theme or plugin options; its mkdocs.yml.

    Under a theme other than scopebook's, MkDocs' `search` plugin is turned on too, as a
    site that already uses that theme would have it.
    """
    import yaml

    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, work / name)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "scopebook" in p)
    plugin["scopebook"].update(options)
    if theme is not None and theme != "scopebook":
        config["theme"] = {"name": theme}
        config["plugins"].insert(0, "search")
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return work / "mkdocs.yml"


# `mkdocs build` with the check that reports refused URLs switched off, as if a future
# change forgot it: what the reader gets must then still be free of script URLs.
_WITHOUT_URL_CHECK = (
    "import sys, generator.contract as c; c.url_problems = lambda *a: iter(()); "
    "from mkdocs.__main__ import cli; sys.argv[0] = 'mkdocs'; cli()"
)


def build_site_dir(
    config_file: Path, site_dir: Path, *, cwd: Path | None = None, url_check: bool = True, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as a writer would run it.

    strict=False: warnings do not stop it, for sites made of what the build takes out with a warning.
    """
    command = ["-m", "mkdocs"] if url_check else ["-c", _WITHOUT_URL_CHECK]
    return subprocess.run(
        [sys.executable, *command, "build", *(["--strict"] if strict else []), "-f", str(config_file), "-d", str(site_dir)],
        cwd=cwd or config_file.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port); yields its base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# `mkdocs serve` for the live preview's tests: every request bounded, so a hung preview fails.
REQUEST_TIMEOUT = 30  # seconds
REBUILD_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    root: Path  # the copy of the sample that is served
    url: str
    log: Path
    tmp: Path  # TMPDIR of the server: MkDocs' served folder and our build folders

    def get(self, path: str = "") -> tuple[int, str, str]:
        """(status, content type, text) of one request, within REQUEST_TIMEOUT."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=REQUEST_TIMEOUT) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read().decode("utf-8")

    def wait_for(self, what: str, condition: Callable[[str], bool], path: str = "") -> str:
        """The page at path once condition holds for it (each request bounded, REBUILD_TIMEOUT in all)."""
        deadline = time.monotonic() + REBUILD_TIMEOUT
        text = ""
        while time.monotonic() < deadline:
            text = self.get(path)[2]
            if condition(text):
                return text
            time.sleep(0.3)
        raise AssertionError(f"{what} did not happen; last page:\n{text[:2000]}\nserver log:\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")[-4000:]

    @contextlib.contextmanager
    def edited(self, relative: str, change: Callable[[str], str]) -> Iterator[None]:
        """A source file changed for the duration, then restored as it was.

        Each change is one rename, as editors save: the server never sees a half-written file.
        """
        path = self.root / relative
        before = path.read_text("utf-8")
        self._replace(path, change(before))
        try:
            yield
        finally:
            self._replace(path, before)

    def _replace(self, path: Path, text: str) -> None:
        draft = self.root.parent / f"draft-{path.name}"  # outside the watched folders
        draft.write_text(text, "utf-8")
        os.replace(draft, path)


@contextlib.contextmanager
def mkdocs_serve(work: Path, theme: str | None = None) -> Iterator[Served]:
    """`mkdocs serve` of a copy of the sample on a free port, until the block ends."""
    root = work / "site-source"
    root.mkdir()
    config = sample_variant(root, theme=theme)
    tmp = work / "tmp"
    tmp.mkdir()
    port = free_port()
    log = work / "serve.log"
    env = {**os.environ, "TMPDIR": str(tmp)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    served = Served(root, f"http://127.0.0.1:{port}/", log, tmp)
    try:
        deadline = time.monotonic() + REBUILD_TIMEOUT
        while True:
            assert process.poll() is None, served.log_text()
            try:
                if served.get()[0] == 200:
                    break
            except OSError:
                assert time.monotonic() < deadline, served.log_text()
                time.sleep(0.3)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_problems(page: Any) -> list[str]:
    """axe-core's WCAG 2.x A/AA violations on the page Playwright has open, one line each."""
    import axe_playwright_python

    page.add_script_tag(path=str(Path(axe_playwright_python.__file__).parent / "axe.min.js"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in result["violations"]
    ]
