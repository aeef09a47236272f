"""`scopebook build`: one check of scope/ and the articles, then the MkDocs build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from built_site import REPO, SAMPLE_SOURCES

from generator import articles, build
from generator.contract import load_contract
from generator.views.common import ViewContext


def _sample(tmp_path: Path) -> Path:
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_build_checks_and_loads_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _sample(tmp_path)
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")
    calls = {"check_scope": 0, "load_articles": 0}

    def counted(name: str, real: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            calls[name] += 1
            return real(*args, **kwargs)  # type: ignore[operator]

        return wrapper

    calls["item views"] = 0
    monkeypatch.setattr(ViewContext, "_item", counted("item views", ViewContext._item))
    monkeypatch.setattr(articles, "check_scope", counted("check_scope", articles.check_scope))
    monkeypatch.setattr(articles, "load_articles", counted("load_articles", articles.load_articles))
    assert build.build_site(Path("mkdocs.yml"), src / "out") == 0
    assert (src / "out" / "scope" / "premium" / "index.html").is_file()
    contract = load_contract(src / "scope")
    # Each item is built once without statuses (overview, home), once per plan page, and
    # once with every plan (compare page and all coverage boxes): never once per page.
    assert calls.pop("item views") == len(contract.items()) * (len(contract.plans) + 2)
    assert calls == {"check_scope": 1, "load_articles": 1}
