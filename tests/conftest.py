"""Shared fixtures: the sample site built once per session, and the resolved contract."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from built_site import REPO, BuiltSite, Node, build_site_dir, html_pages_of, parse_html

from generator.contract import load_contract
from generator.model import Contract


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample help center, built once with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("sample") / "site"
    result = build_site_dir(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(site, result.stderr + result.stdout)


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract(REPO / "scope")


@pytest.fixture(scope="session")
def html_pages(built_site: BuiltSite) -> dict[str, Node]:
    """Every HTML file of the sample site, parsed, keyed by path under the site."""
    return html_pages_of(built_site.root)


@pytest.fixture
def parse() -> Callable[[str], Node]:
    return parse_html
