"""What scopebook reads from scope/ and content/: regular files of the project, and nothing else.

A FIFO named `content/x.md` would block a reader for ever, `/dev/zero` never ends, a
directory or a dangling link cannot be read, and a link to a file outside the project would
publish it. `scan` lists the regular files of a folder and says, for everything else, what
was skipped and why (a warning) or refused (an error: a link that leaves the project).
`read_source` opens without blocking and reads only a regular file,
so a file swapped for a FIFO between listing and reading is refused too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem, ScopeError
from .routes import is_markdown

if TYPE_CHECKING:  # load.py reads files through this module
    from .load import SourceDoc

# A help-center source file is hand-written; anything this large is a mistake or an attack.
MAX_FILE_BYTES = 2 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Listing:
    """The regular files of a folder, in name order, and every problem with the rest."""

    files: tuple[Path, ...]
    problems: tuple[Problem, ...]
    names: tuple[str, ...]  # each file's path under the folder listed, `/` between folders


def display_path(path: Path) -> str:
    """A path as shown to users: relative to the working directory when possible."""
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:
        return path.as_posix()


def _kind(mode: int) -> str:
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def refusal(path: Path, project: Path) -> Problem | None:
    """Why path may not be read as a source file (None when it may), judged without opening it."""
    # Any look-up may fail (a folder that may not be searched, a name too long for the
    # file system): that is a file that cannot be read, not a crash.
    try:
        if path.is_symlink():
            target = Path(os.path.realpath(path))
            if not target.exists():
                return Problem(
                    display_path(path),
                    0,
                    0,
                    "skipped: a symbolic link to nothing",
                    "remove the link or restore its target",
                    "warning",
                    "skipped-file",
                )
            if not target.is_relative_to(project):
                return Problem(
                    display_path(path),
                    0,
                    0,
                    "refused: a symbolic link to a file outside the project",
                    "copy the file into the project instead of linking to it",
                    "error",
                    "outside-project",
                )
        info = path.stat()
    except OSError as exc:
        return Problem(
            display_path(path), 0, 0, f"skipped: cannot read it ({exc.strerror})", "", "warning", "skipped-file"
        )
    if not stat.S_ISREG(info.st_mode):
        return Problem(
            display_path(path),
            0,
            0,
            f"skipped: {_kind(info.st_mode)}, not a regular file",
            "only regular files are read; rename or remove it",
            "warning",
            "skipped-file",
        )
    return None


def too_large(shown: str, size: int) -> Problem:
    return Problem(
        shown,
        0,
        0,
        f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
        "split the file into several smaller files in the same folder",
        "error",
        "too-large",
    )


def scan(folder: Path, suffixes: tuple[str, ...], *, recursive: bool) -> Listing:
    """Files under folder whose names end in one of suffixes (any file for ()), checked.

    Hidden files and folders (a name starting with `.`) are left out, as MkDocs does. The
    project is the folder holding `folder`: links may point anywhere inside it.
    """
    project = Path(os.path.realpath(folder)).parent
    found: list[tuple[list[str], Path]] = []  # (parts under folder, path) of each file
    problems: list[Problem] = []
    for directory, parts, subdirs, entries in _walk(str(folder), []):
        here = Path(directory)
        ascii_folder = all(map(str.isascii, parts))
        kept = []
        for name in sorted(subdirs):
            path = here / name
            if name.startswith("."):
                continue
            if path.name.endswith(suffixes) and suffixes:
                problem = refusal(path, project)  # a folder named like a source file
                if problem is not None:
                    problems.append(problem)
                continue
            if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(project):
                problems.append(
                    Problem(
                        display_path(path),
                        0,
                        0,
                        "refused: a symbolic link to a folder outside the project",
                        "copy the files into the project instead of linking to them",
                        "error",
                        "outside-project",
                    )
                )
                continue
            kept.append(name)
        subdirs[:] = kept if recursive else []
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name.startswith(".") or (suffixes and not name.endswith(suffixes)):
                continue
            path = here / name
            # The directory entry knows a regular file that is no link (refusal() has nothing
            # against it) without a stat; anything else is judged in full.
            problem = None if _is_regular(entry) else refusal(path, project)
            if problem is None and not (ascii_folder and name.isascii()):
                problem = _not_utf8(path, [*parts, name])
            if problem is None:
                found.append(([*parts, name], path))
            else:
                problems.append(problem)
    found.sort(key=lambda file: file[0])  # as Path objects sort: folder by folder
    return Listing(tuple(path for _, path in found), tuple(problems), tuple("/".join(parts) for parts, _ in found))


def _not_utf8(path: Path, parts: list[str]) -> Problem | None:
    """A file whose name or folder's name is not UTF-8 (its bytes kept as surrogates): MkDocs
    cannot make a page address of it, and would end the build in a traceback."""
    try:
        "/".join(parts).encode("utf-8")
    except UnicodeEncodeError:
        return Problem(
            os.fsencode(display_path(path)).decode("utf-8", "backslashreplace"),
            0,
            0,
            "refused: its name is not UTF-8 text, which page addresses are made of",
            "rename the file (or its folder) with a name in UTF-8",
            "error",
            "not-utf8-name",
        )
    return None


def _walk(directory: str, parts: list[str]) -> Iterator[tuple[str, list[str], list[str], list[os.DirEntry[str]]]]:
    """os.walk(directory, followlinks=True), with each folder's files as directory entries.

    Yields (folder, its parts under the top folder, its subfolders' names, its other
    entries); the caller may narrow the subfolder names to those to go into. Folders that
    cannot be read are passed over, as os.walk does.
    """
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return
    subdirs: list[str] = []
    others: list[os.DirEntry[str]] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            subdirs.append(entry.name)
        else:
            others.append(entry)
    yield directory, parts, subdirs, others
    for name in subdirs:
        yield from _walk(os.path.join(directory, name), [*parts, name])


def _is_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def read_source(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; ScopeError otherwise.

    Opened without blocking, so a FIFO put in the file's place after `scan` cannot hang us.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ScopeError.at(display_path(path), 0, 0, f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ScopeError.at(
                display_path(path),
                0,
                0,
                f"cannot read file: {_kind(info.st_mode)}, not a regular file",
                code="skipped-file",
            )
        data = _read_up_to(fd, MAX_FILE_BYTES + 1, info.st_size)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ScopeError([too_large(display_path(path), len(data))])
    return data


def _read_up_to(fd: int, limit: int, size: int) -> bytes:
    """The first limit bytes of an open file (all of it when shorter), size its length when opened.

    Read in a buffer sized for the file, not for the limit: a buffer of limit bytes per
    file made reading a thousand small articles several times slower.
    """
    data = os.read(fd, min(size + 1, limit))
    if not data or len(data) >= limit:
        return data
    chunks = [data]
    got = len(data)
    while got < limit:  # the file grew since it was opened, or the read was short
        chunk = os.read(fd, min(limit - got, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def article_path_refusal(value: str) -> str | None:
    """Why value cannot name an article under content/ (`sso/set-up-saml.md`), or None."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return "the path contains a control character (a NUL byte, tab or line break)"
    if "\\" in value:
        return "the path contains a backslash; separate folders with `/`"
    if value.startswith("/") or (len(value) > 1 and value[1] == ":"):
        return "the path is absolute; give it relative to the content folder"
    parts = value.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "the path is not in its simplest form; write it without `.`, `..` or `//`"
    if not is_markdown(value):
        return "an article is a Markdown file whose name ends in `.md` (or `.markdown`, `.mdown`, `.mkdn`, `.mkd`)"
    return None


def article_path_problems(doc: SourceDoc) -> Iterator[Problem]:
    """A located error for every `alternative: article:` in doc that cannot name an article."""
    for path, value in doc.strings():
        reason = article_path_refusal(value) if path[-2:] == ("alternative", "article") else None
        if reason is not None:
            yield doc.error(
                path,
                f"`alternative.article` cannot be used: {reason}",
                "give the path of a Markdown file relative to the content folder, e.g. sso/set-up-saml.md",
                "article-path",
            )
