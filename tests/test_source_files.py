"""The file-reading policy: only regular files of the project are read; the rest is named, never waited on."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from built_site import REPO, SAMPLE_SOURCES, build_site_dir
from scope_fixtures import MINIMAL

from generator.articles import article_exists_in, check_sources, parse_front_matter
from generator.cli import main
from generator.contract import load_contract
from generator.errors import ScopeError
from generator.source_files import MAX_FILE_BYTES, _read_up_to, article_path_refusal, read_source, scan


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with scope/ holding the minimal contract and content/ holding one article."""
    (tmp_path / "scope").mkdir()
    shutil.copy(MINIMAL, tmp_path / "scope" / "minimal.yaml")
    (tmp_path / "content" / "guides").mkdir(parents=True)
    (tmp_path / "content" / "guides" / "x.md").write_text("---\ntitle: X\n---\nText.\n", "utf-8")
    return tmp_path


def _check(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(project)
    started = time.monotonic()
    code = main(["check"])
    assert time.monotonic() - started < 30  # a FIFO would block for ever; this only catches that
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def test_fifos_folders_and_dangling_links_are_skipped_and_named(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(project / "content" / "x.md")
    os.mkfifo(project / "scope" / "x.yaml")
    (project / "scope" / "folder.yaml").mkdir()
    (project / "scope" / "dangling.yaml").symlink_to(project / "nowhere.yaml")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 0
    assert "content/x.md: warning: skipped: a named pipe (FIFO), not a regular file" in out
    assert "scope/x.yaml: warning: skipped: a named pipe (FIFO), not a regular file" in out
    assert "scope/folder.yaml: warning: skipped: a folder, not a regular file" in out
    assert "scope/dangling.yaml: warning: skipped: a symbolic link to nothing" in out
    assert "content/: 1 article" in out


def test_links_out_of_the_project_are_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\n", "utf-8")
    (outside / "secret.txt").write_text("secret", "utf-8")
    (project / "content" / "secret.md").symlink_to(outside / "secret.md")
    (project / "content" / "secret.txt").symlink_to(outside / "secret.txt")
    (project / "content" / "more").symlink_to(outside, target_is_directory=True)
    (project / "content" / "inside.md").symlink_to(project / "content" / "guides" / "x.md")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    for name in ("content/secret.md", "content/secret.txt"):
        assert f"{name}: error: refused: a symbolic link to a file outside the project" in out
    assert "content/more: error: refused: a symbolic link to a folder outside the project" in out
    assert "inside.md: error: refused" not in out  # a link within the project is an ordinary article


def test_a_link_to_a_device_is_never_read(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "scope" / "zero.yaml").symlink_to("/dev/zero")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert "scope/zero.yaml: error: refused: a symbolic link to a file outside the project" in out


def test_reading_a_fifo_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "late.yaml")  # put in place after the listing
    with pytest.raises(ScopeError, match="a named pipe"):
        read_source(tmp_path / "late.yaml")


def test_scan_lists_regular_files_in_name_order(project: Path) -> None:
    (project / "content" / "a.md").write_text("---\ntitle: A\n---\n", "utf-8")
    (project / "content" / ".hidden.md").write_text("x", "utf-8")
    listing = scan(project / "content", (".md",), recursive=True)
    assert [p.relative_to(project).as_posix() for p in listing.files] == ["content/a.md", "content/guides/x.md"]
    assert listing.problems == ()


def test_scan_orders_folder_by_folder_and_names_each_file_under_the_folder(project: Path) -> None:
    content = project / "content"
    for name in ("a-b.md", "a/b.md", "a/c/d.md", "A.md", "z.txt", ".hidden/y.md", "a/.y.md"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", "utf-8")
    (content / "linked").symlink_to(content / "a" / "c", target_is_directory=True)  # inside: followed
    (content / "inside.md").symlink_to(content / "a" / "b.md")  # a link is judged in full, and kept
    os.mkfifo(content / "pipe.md")
    (content / "dangling.md").symlink_to(project / "nowhere.md")
    listing = scan(content, (), recursive=True)
    names = ["A.md", "a/b.md", "a/c/d.md", "a-b.md", "guides/x.md", "inside.md", "linked/d.md", "z.txt"]
    assert listing.names == tuple(names)
    assert listing.files == tuple(content / name for name in names) == tuple(sorted(listing.files))
    assert sorted(Path(p.file).name for p in listing.problems) == ["dangling.md", "pipe.md"]
    assert scan(content, (".md",), recursive=False).names == ("A.md", "a-b.md", "inside.md")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("guides/x\0.md", "control character"),
        ("guides/../guides/x.md", "simplest form"),
        ("./guides/x.md", "simplest form"),
        ("guides//x.md", "simplest form"),
        ("/etc/passwd.md", "absolute"),
        ("guides\\x.md", "backslash"),
        ("guides/x.txt", "ends in `.md`"),
    ],
)
def test_alternative_article_paths_must_be_plain(value: str, reason: str) -> None:
    refused = article_path_refusal(value)
    assert refused is not None and reason in refused


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".mdown", ".mkdn", ".mkd"])
def test_an_article_of_any_suffix_mkdocs_publishes_may_be_named(project: Path, suffix: str) -> None:
    (project / "content" / "guides" / f"legacy{suffix}").write_text("# Legacy\n", "utf-8")
    assert article_path_refusal(f"guides/legacy{suffix}") is None
    assert article_exists_in(project / "content")(f"guides/legacy{suffix}")


def test_an_existing_non_markdown_file_is_no_article(project: Path) -> None:
    (project / "content" / "guides" / "notes.txt").write_text("x", "utf-8")
    exists = article_exists_in(project / "content")
    assert exists("guides/x.md")
    assert not exists("guides/notes.txt")
    assert not exists("guides/../guides/x.md")
    assert not exists("guides/x\0.md")


def test_an_article_path_the_system_cannot_look_up_is_an_unknown_article_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    too_long = "guides/" + "a" * 300 + ".md"  # a name longer than any file system allows
    exists = article_exists_in(project / "content")
    assert not exists(too_long)
    scope = project / "scope" / "minimal.yaml"
    text = scope.read_text("utf-8").replace("url: https://community.example.com", f"article: {too_long}")
    scope.write_text(text, "utf-8")
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert f"the article `{too_long}` does not exist" in out


def test_a_file_whose_name_is_not_utf8_is_refused_by_name(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # MkDocs cannot make a page's URL of such a name: a build would end in a traceback.
    content = os.fsencode(project / "content")
    with open(content + b"/caf\xe9.md", "wb") as file:
        file.write(b"---\ntitle: Cafe\n---\nText.\n")
    os.mkdir(content + b"/d\xff")
    with open(content + b"/d\xff/y.png", "wb") as file:
        file.write(b"image")
    listing = scan(project / "content", (), recursive=True)
    assert listing.names == ("guides/x.md",)
    code, out = _check(project, monkeypatch, capsys)
    assert code == 1
    assert "content/caf\\xe9.md: error: refused: its name is not UTF-8 text" in out
    assert "content/d\\xff/y.png: error: refused: its name is not UTF-8 text" in out
    assert "content/: 1 article" in out


def test_front_matter_has_a_size_limit(project: Path) -> None:
    contract = load_contract(project / "scope")
    text = "---\ntitle: X\nsummary: " + "a" * 1_000_000 + "\n---\nBody\n"
    started = time.monotonic()
    meta, problems = parse_front_matter(text, "content/x.md", "x.md", contract)
    assert time.monotonic() - started < 5
    assert meta is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "the front matter is 1,000,019 characters long; the limit is 65,536")
    ]


def test_a_deeply_nested_article_is_a_located_error(project: Path) -> None:
    body = "".join("    " * i + "- x\n" for i in range(1000))
    (project / "content" / "deep.md").write_text("---\ntitle: Deep\n---\n" + body, "utf-8")
    sources = check_sources(project / "scope", project / "content")
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.code) for p in sources.errors] == [("deep.md", 45, "too-deep")]


def test_an_article_whose_brackets_would_take_minutes_to_render_is_a_located_error(project: Path) -> None:
    body = "Some text.\n\n" + "[" * 20_000 + "\n\nEmphasis: " + "*a " * 500 + "b" + " c*" * 500 + "\n"
    (project / "content" / "brackets.md").write_text("---\ntitle: Brackets\n---\n" + body, "utf-8")
    sources = check_sources(project / "scope", project / "content")
    assert [(p.file.rsplit("/", 1)[-1], p.line, p.code, p.message) for p in sources.errors] == [
        (
            "brackets.md",
            6,
            "too-deep",
            "20,000 `[` are open at once in this paragraph: Markdown would take too long to match them with `]`",
        )
    ]


def test_an_unknown_template_is_an_error_when_the_theme_is_known(project: Path) -> None:
    (project / "content" / "t.md").write_text("---\ntitle: T\ntemplate: nothere.html\n---\n", "utf-8")
    (project / "content" / "n.md").write_text('---\ntitle: N\ntemplate: "main.html\\n"\n---\n', "utf-8")
    sources = check_sources(project / "scope", project / "content", {"main.html"}.__contains__)
    messages = sorted((p.file.rsplit("/", 1)[-1], p.line, p.message) for p in sources.errors)
    assert ("t.md", 3, "the theme has no template `nothere.html`") in messages
    assert ("n.md", 3, "template: `main.html\\n` does not have the expected form") in messages


def test_a_build_with_a_fifo_article_names_it_and_does_not_hang(tmp_path: Path) -> None:
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    os.mkfifo(tmp_path / "content" / "x.md")
    result = build_site_dir(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "content/x.md: skipped: a named pipe (FIFO), not a regular file" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("size", [0, 1, 4096, MAX_FILE_BYTES, MAX_FILE_BYTES + 1, MAX_FILE_BYTES + 70_000])
def test_read_source_reads_whole_files_and_refuses_one_byte_over_the_limit(tmp_path: Path, size: int) -> None:
    data = bytes(i % 251 for i in range(size))
    (tmp_path / "f.yaml").write_bytes(data)
    if size <= MAX_FILE_BYTES:
        assert read_source(tmp_path / "f.yaml") == data
        return
    with pytest.raises(ScopeError) as info:
        read_source(tmp_path / "f.yaml")
    assert info.value.problems[0].message == f"file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}"


@pytest.mark.parametrize(("written", "limit"), [(0, 10), (5, 10), (10, 10), (60_000, 50_000), (200_000, 300_000)])
def test_reading_goes_on_past_the_size_known_when_opened(written: int, limit: int) -> None:
    # A pipe reports size 0, as a file that grew after it was opened would report too little.
    read_end, write_end = os.pipe()
    data = bytes(i % 253 for i in range(written))
    writer = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)))
    writer.start()
    try:
        assert _read_up_to(read_end, limit, 0) == data[:limit]
    finally:
        writer.join()
        os.close(read_end)
