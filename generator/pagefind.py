"""Opt-in Pagefind search (`search: {engine: pagefind}`): the built site indexed by Pagefind's binary.

Pagefind indexes built HTML. Our theme marks what to index: an article's `<article>` carries
`data-pagefind-body` (so no other page is indexed) and `data-pagefind-meta` for its kind and
section; breadcrumb, review line, coverage box and edit link carry `data-pagefind-ignore`.
Headings with ids become Pagefind's sub-results, so a hit deep in an article opens at its
heading.

Scope items, plans' service levels and the severity definitions have no page of their own:
each is one small HTML record written from the same `SearchDocument` the lunr index uses
(`generator.search`), with the real URL, kind, context, answer and per-plan coverage as
`data-pagefind-meta`. The records are written into the build folder, indexed, and removed
before the site is published; the browser opens `meta.url`, never the record's own path.

The binary comes from the `pagefind-bin` wheel (extra `pagefind`); nothing is downloaded at
build time. It runs as a subprocess on the temporary build folder, so a failure leaves the
previous site in place (`generator.output`). Pagefind's output is deterministic for the
same input (tests/test_pagefind.py builds twice and compares every byte).

Written under `search/`: `pagefind/` (Pagefind's bundle without its default UI, which the
theme does not use), `site.json` (plans, channels and labels the plan-aware UI shows) and
`first-query.txt` (the files fetched before search is ready; a query then fetches one index
chunk per word and one fragment per result shown).
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
from collections.abc import Sequence
from html import escape
from pathlib import Path

from lunr.stop_word_filter import WORDS as STOP_WORDS

from .model import Contract
from .routes import SEARCH_DIR, Routes
from .search import FIELDS, SearchDocument, search_documents, site_payload

# Where the records for scope items and plans are written for indexing, then removed.
RECORDS_DIR = f"{SEARCH_DIR}/pagefind-records"
# Pagefind's default UI; the theme searches through pagefind.js with its own UI.
_DEFAULT_UI = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# The lunr fields' boosts as Pagefind weights; the title is the record's <h1>, which
# Pagefind weighs highest on its own.
_FIELD_WEIGHTS = tuple((name, boost) for name, boost in FIELDS if name != "title")
# A build of 5,000 articles indexes in well under a minute; this bounds a hung binary.
TIMEOUT_SECONDS = 900
INSTALL_HINT = "install it with: pip install 'scopebook[pagefind]'"


class PagefindFailed(Exception):
    """Pagefind could not index the site; the message is one line saying why and what to do."""


def record_html(document: SearchDocument, plan_id: str | None = None) -> str:
    """One indexed record: the document's words, weighted, and what a result shows as meta.

    plan_id: the plan whose service level the document answers (meta `plan`), so the
    browser can put the chosen plan's answer first.
    """
    meta = {"url": document.ref, "kind": document.kind, "context": document.context, "snippet": document.snippet}
    if document.coverage is not None:
        meta["coverage"] = json.dumps(
            {plan: list(detail) for plan, detail in document.coverage.items()},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
    # The one filter, so the results page can show scope results only. Pagefind lists
    # filter names, and a filter's values, in an order that changes from run to run: a
    # single filter with a single value keeps the bundle byte-identical between builds.
    filters = {"scope": "yes"}
    if plan_id is not None:
        meta["plan"] = plan_id
    values = {**meta, **filters}
    attributes = " ".join(f'data-sb-{key}="{escape(value)}"' for key, value in values.items())
    meta_spec = ", ".join(f"{key}[data-sb-{key}]" for key in meta)
    filter_spec = ", ".join(f"{key}[data-sb-{key}]" for key in filters)
    paragraphs = "".join(
        f'<p data-pagefind-weight="{weight}">{escape(document.fields[name])}</p>\n'
        for name, weight in _FIELD_WEIGHTS
        if document.fields.get(name)
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{escape(document.title)}</title></head>\n<body>\n<main data-pagefind-body>\n"
        f'<div data-pagefind-meta="{meta_spec}" data-pagefind-filter="{filter_spec}" {attributes}></div>\n'
        f"<h1>{escape(document.title)}</h1>\n{paragraphs}</main>\n</body>\n</html>\n"
    )


def contract_documents(contract: Contract, routes: Routes) -> list[SearchDocument]:
    """Scope items, plans' service levels and severities: what has no article page of its own."""
    return search_documents(contract, [], routes)


def write_records(site_dir: Path, documents: Sequence[SearchDocument], routes: Routes) -> Path:
    """Write one record file per document under RECORDS_DIR; the folder written."""
    folder = site_dir / RECORDS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    service = {routes.service_level(plan_id): plan_id for plan_id in routes.plans}
    width = len(str(len(documents)))
    for number, document in enumerate(documents):
        html = record_html(document, service.get(document.ref) if document.kind == "plan" else None)
        (folder / f"{number:0{width}d}.html").write_text(html, encoding="utf-8")
    return folder


def executable() -> Path:
    """The Pagefind binary of the installed `pagefind` package (its `pagefind-bin` wheel)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise PagefindFailed(f"the `pagefind` package is not installed; {INSTALL_HINT}") from None
    try:
        found = get_executable()
    except (OSError, ImportError):
        found = None
    if found is None or not found.is_file():
        raise PagefindFailed(f"the Pagefind binary was not found; {INSTALL_HINT}")
    return found


def run_pagefind(site_dir: Path, binary: Path | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
    """Index site_dir's pages marked `data-pagefind-body` into site_dir/search/pagefind/."""
    binary = binary or executable()
    command = [
        str(binary),
        "--site",
        str(site_dir),
        "--output-subdir",
        posixpath.relpath(Routes.pagefind_dir(), "."),
        "--force-language",
        "en",
        "--silent",
    ]
    # Pagefind reads PAGEFIND_* variables and a pagefind.yml in its working folder; the
    # build's own settings are the only ones, so two machines build the same bundle.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    try:
        done = subprocess.run(
            command, cwd=site_dir, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise PagefindFailed(f"Pagefind did not finish within {timeout:.0f} s; the previous site was kept") from None
    except OSError as exc:
        raise PagefindFailed(f"the Pagefind binary could not be run ({exc.strerror or exc}); {INSTALL_HINT}") from None
    if done.returncode != 0:
        said = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        reason = said[-1] if said else f"exit code {done.returncode}"
        raise PagefindFailed(f"Pagefind failed: {reason}")


def first_query_files(site_dir: Path, routes: Routes) -> list[str]:
    """Search files (relative to search/) fetched before search is ready, from Pagefind's entry file.

    The theme runs Pagefind on the page's thread (no worker) and, before it says search is
    ready, loads Pagefind's metadata, WebAssembly and filters (search-ui/pagefind-engine.js).
    """
    bundle = routes.pagefind_dir()
    entry = json.loads((site_dir / bundle / "pagefind-entry.json").read_text("utf-8"))
    language = entry["languages"]["en"]
    filters = sorted(path.name for path in (site_dir / bundle / "filter").glob("*.pf_filter"))
    files = [
        routes.search_site(),
        routes.pagefind_js(),
        f"{bundle}/pagefind-entry.json",
        f"{bundle}/pagefind.{language['hash']}.pf_meta",
        f"{bundle}/wasm.{language['wasm']}.pagefind",
        *(f"{bundle}/filter/{name}" for name in filters),
    ]
    return [posixpath.relpath(url, SEARCH_DIR) for url in files]


def write_pagefind_search(contract: Contract, site_dir: Path, routes: Routes) -> None:
    """Index the built site and the contract's records with Pagefind; write site.json and first-query.txt."""
    binary = executable()
    records = write_records(site_dir, contract_documents(contract, routes), routes)
    try:
        run_pagefind(site_dir, binary)
    finally:
        shutil.rmtree(records, ignore_errors=True)
    bundle = site_dir / routes.pagefind_dir()
    for name in _DEFAULT_UI:
        (bundle / name).unlink(missing_ok=True)
    site = site_payload(contract, routes)
    # Pagefind finds only pages with every word of a query: the browser leaves out the
    # words lunr leaves out (its stop words) before asking for "the", "my" or "can".
    site["stop"] = sorted(STOP_WORDS)
    (site_dir / routes.search_site()).write_text(
        json.dumps(site, sort_keys=True, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    listing = "".join(f"{name}\n" for name in first_query_files(site_dir, routes))
    (site_dir / routes.search_first_query()).write_text(listing, encoding="utf-8")
