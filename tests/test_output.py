"""The site swap: one atomic step, stale build folders cleaned, the last good site kept on failure."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from built_site import REPO, SAMPLE_SOURCES

from generator import output
from generator.cli import main


def _site(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text, "utf-8")
    return path


def test_publish_replaces_the_site_and_removes_the_old_one(tmp_path: Path) -> None:
    final = _site(tmp_path / "site", "old")
    new = output.new_build_dir(final)
    (new / "index.html").write_text("new", "utf-8")
    output.publish(new, final)
    assert (final / "index.html").read_text("utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_published_site_is_as_readable_as_a_folder_made_by_mkdir(tmp_path: Path) -> None:
    final = _site(tmp_path / "site", "old")
    (tmp_path / "plain").mkdir()
    new = output.new_build_dir(final)
    (new / "index.html").write_text("new", "utf-8")
    output.publish(new, final)
    assert final.stat().st_mode & 0o777 == (tmp_path / "plain").stat().st_mode & 0o777


def test_the_site_never_disappears_while_it_is_replaced(tmp_path: Path) -> None:
    final = _site(tmp_path / "site", "0")
    missing: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not (final / "index.html").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for round_number in range(1, 200):
            new = output.new_build_dir(final)
            (new / "index.html").write_text(str(round_number), "utf-8")
            output.publish(new, final)
    finally:
        done.set()
        watcher.join()
    assert (final / "index.html").read_text("utf-8") == "199"
    if output._renameat2() is not None:
        assert missing == []  # with RENAME_EXCHANGE a reader never finds no site


def test_without_exchange_the_fallback_keeps_the_old_site_when_the_second_step_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    final = _site(tmp_path / "site", "old")
    new = output.new_build_dir(final)
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    real_rename = os.rename

    def failing_rename(src: object, dst: object) -> None:
        if Path(str(src)) == new:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "rename", failing_rename)
    with pytest.raises(OSError):
        output.publish(new, final)
    assert (final / "index.html").read_text("utf-8") == "old"


def test_stale_build_folders_of_ended_processes_are_removed(tmp_path: Path) -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(ended.stdout)
    stale = tmp_path / f".site-tmp-{dead_pid}-abc123"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "page.html").write_text("x", "utf-8")
    os.chmod(stale / "sub", 0o500)  # read-only leftovers are removed too
    live = tmp_path / f".site-tmp-{os.getppid()}-def456"
    live.mkdir()
    foreign = tmp_path / ".site-tmp-notours"
    foreign.mkdir()
    removed = output.remove_stale(tmp_path)
    assert removed == [stale]
    assert not stale.exists() and live.exists() and foreign.exists()


def test_a_folder_another_process_is_removing_at_the_same_time_is_discarded_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two builds may both find the same dead build's folder; entries the other one removed
    # first are gone, not an error (the retry used to call os.open with one argument).
    folder = tmp_path / ".site-tmp-1-abc"
    for name in ("a", "b"):
        (folder / name / "deeper").mkdir(parents=True)
        (folder / name / "deeper" / "page.html").write_text("x", "utf-8")
    real_open = os.open

    def racing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if path == "b" and (folder / "b").exists():
            shutil.rmtree(folder / "b")  # the other process gets there first
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", racing_open)
    output.discard(folder)
    assert not folder.exists()


def test_a_site_in_the_system_temp_folder_leaves_its_neighbours_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve` builds into a fresh folder in the system temp folder, which every
    # program shares: sweeping it could mean deleting millions of other files first.
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".site-tmp-{int(ended.stdout)}-abc123"
    stale.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    built = output.new_build_dir(tmp_path / "mkdocs_served")
    assert stale.exists() and built.parent == tmp_path
    # Anywhere else, a dead build's folder is removed as before.
    elsewhere = tmp_path / "project"
    (elsewhere / stale.name).mkdir(parents=True)
    output.new_build_dir(elsewhere / "site")
    assert not (elsewhere / stale.name).exists()


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Path]:
    # `scopebook build` gives MkDocs' logger a handler on the stderr pytest captures now.
    mkdocs_log = logging.getLogger("mkdocs")
    handlers = list(mkdocs_log.handlers)
    for name in SAMPLE_SOURCES:
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    yield tmp_path
    mkdocs_log.handlers[:] = handlers


def _build(sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.chdir(sample)
    code = main(["build"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_killed_builds_leave_nothing_behind_after_the_next_build(sample: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    left: set[str] = set()
    for _ in range(2):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "build"],
            cwd=sample,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while not (building := {p.name for p in sample.glob(".site-tmp-*")} - left):
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)  # mid-build: the folder exists, the site is not swapped
        process.wait()
        left |= building
    assert len(left) == 2  # (the second build already removed the first one's folder)
    assert [p.name for p in sample.glob(".site-tmp-*")] != []
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"], cwd=sample, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in sample.iterdir() if p.name.startswith((".site", "site"))) == ["site"]


def test_a_read_only_folder_is_one_located_error(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read_only(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(sample))

    # chmod cannot stop root, who runs CI; refuse the way a read-only folder does.
    monkeypatch.setattr(output.tempfile, "mkdtemp", read_only)
    code, text = _build(sample, monkeypatch, capsys)
    assert code == 1
    lines = [line for line in text.splitlines() if "cannot write" in line]
    assert len(lines) == 1
    assert "site: cannot write the site here: Permission denied" in lines[0]
    assert not (sample / "site").exists()


def test_a_write_failure_during_the_build_keeps_the_last_good_site(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build(sample, monkeypatch, capsys)[0] == 0
    before = (sample / "site" / "index.html").read_bytes()
    (sample / "content" / "index.md").write_text("---\ntitle: Changed\n---\nChanged.\n", "utf-8")
    import mkdocs.utils

    real_write = mkdocs.utils.write_file

    def full_disk(content: bytes, output_path: str) -> None:
        if output_path.endswith(os.path.join("search", "index.html")):
            raise OSError(28, "No space left on device", output_path)
        real_write(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full_disk)
    code, text = _build(sample, monkeypatch, capsys)
    assert code == 1
    assert "site: error: cannot write the site here: No space left on device" in text
    assert (sample / "site" / "index.html").read_bytes() == before
    assert sorted(p.name for p in sample.iterdir() if p.name.startswith((".site", "site"))) == ["site"]
