"""HTML comments with raw HTML shown as text: writers' notes are left out, code keeps them."""

from __future__ import annotations

from pathlib import Path

import markdown
from built_site import parse_html

from generator.markdown_safe import SafeMarkdownExtension

FIXTURES = Path(__file__).parent / "fixtures"


def _render(source: str) -> str:
    md = markdown.Markdown(extensions=[SafeMarkdownExtension(), "admonition", "attr_list", "pymdownx.superfences"])
    return md.convert(source)


def test_writers_notes_in_comments_are_left_out_and_code_keeps_its_comments() -> None:
    html = _render((FIXTURES / "markdown" / "html-comments.md").read_text("utf-8"))
    text = parse_html(f"<div>{html}</div>").text()
    for note in ("TODO(writers)", "ask Dana", "customer Acme", "hidden in an admonition"):
        assert note not in html, note
    assert "Open Settings . Then select Security ." in text or "Open Settings. Then select Security." in text
    assert "Kept after a comment that ends on the line before." in text
    for code in (
        "a comment in a code sample stays",
        "stays in the list's fence too",
        "like this",
        "an indented code block keeps it",
    ):
        assert f"&lt;!-- {code} --&gt;" in html, code
    # A comment that is never closed would hide the rest of the page in a browser: shown as typed.
    assert "&lt;!-- never closed" in html


def test_a_comment_is_left_out_of_the_page_and_its_search_data(tmp_path: Path) -> None:
    import shutil

    from built_site import build_site_dir, sample_variant

    config_file = sample_variant(tmp_path)
    shutil.copy(FIXTURES / "markdown" / "html-comments.md", tmp_path / "content" / "sso" / "html-comments.md")
    result = build_site_dir(config_file, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    built = [p for p in (tmp_path / "site").rglob("*") if p.suffix in (".html", ".json")]
    assert [p.name for p in built if "customer Acme" in p.read_text("utf-8")] == []
    assert any("Kept after a comment" in p.read_text("utf-8") for p in built if p.suffix == ".json")
