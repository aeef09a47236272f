"""The benchmark's synthetic help center: deterministic, valid, varied, and growing like real text."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from helpcenter import HelpCenter, generate  # noqa: E402

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


@cache
def generated(tmp: Path, articles: int) -> Path:
    out = tmp / f"n{articles}"
    generate(articles, out)
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_n_gives_the_same_bytes(tmp_path: Path) -> None:
    generate(8, tmp_path / "a")
    generate(8, tmp_path / "b")
    first = files_of(tmp_path / "a")
    assert first == files_of(tmp_path / "b")
    assert len([name for name in first if name.startswith("content/")]) == 8 + 1 + 12  # articles, home, sections


def test_generated_contract_and_articles_pass_scopebook_check(tmp_path: Path) -> None:
    folder = generated(tmp_path, 12)
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", "--strict"], cwd=folder, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 plans, 600 items" in result.stdout
    assert "0 errors, 0 warnings" in result.stdout


def test_articles_have_the_parts_of_real_help_articles(tmp_path: Path) -> None:
    folder = generated(tmp_path, 60)
    articles = [p for p in (folder / "content").glob("*/*.md") if p.name != "index.md"]
    texts = [p.read_text("utf-8") for p in articles]
    joined = "\n".join(texts)
    for part in ("\n## ", "\n### ", "\n| --- |", "\n```", "\n- ", "\n1. ", "\n!!! ", "**"):
        assert part in joined, part
    lengths = sorted(len(text.split()) for text in texts)
    assert lengths[-1] > 5 * lengths[0]  # short answers and long guides
    scoped = 0
    for path, text in zip(articles, texts, strict=True):
        front = yaml.safe_load(FRONT_MATTER.match(text).group(1))  # type: ignore[union-attr]
        scoped += bool(front.get("scope"))
        for target in re.findall(r"\]\(([^)]+\.md)\)", text):
            assert (path.parent / target).resolve().is_file(), f"{path}: broken link {target}"
    assert 0.5 < scoped / len(articles) < 1


def article_vocabulary(articles: int) -> set[str]:
    center = HelpCenter(articles)
    return {word for a in center.articles for word in re.findall(r"[a-z]+", center.article_markdown(a).lower())}


def test_vocabulary_grows_with_n_but_slower_than_n() -> None:
    small, large = len(article_vocabulary(25)), len(article_vocabulary(100))
    # Heaps' law with exponent 0.55: four times the text, about 2.1 times the words.
    assert 1.5 < large / small < 3, (small, large)
