"""Where a build writes: a fresh folder beside the site, switched into place in one step.

A build writes into `.site-tmp-<pid>-<random>` next to `site_dir`. Only a complete build
replaces the site, with one atomic `renameat2(RENAME_EXCHANGE)` on Linux: a reader (a web
server, a kill at any instant) sees the old site or the new one, never no site. Where the
exchange is unavailable (another OS, a file system without it) the fallback is two renames
that put the old site back if the second fails, so the last good site is never lost.

The folder name carries the building process's id: a build killed part-way leaves its
folder behind, and the next build removes every such folder whose process is gone (except
in the system temp folder, which `mkdocs serve` builds in and every program shares).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

TEMP_PREFIX = ".site-tmp-"
_OURS = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[A-Za-z0-9_]+\Z")
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def new_build_dir(final: Path) -> Path:
    """A fresh, empty folder beside final to build into, after removing our stale ones.

    Not in the system temp folder (where `mkdocs serve` puts its site): every program
    shares it, and what is there is the system's to clean.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.parent.resolve() != Path(tempfile.gettempdir()).resolve():
        remove_stale(final.parent)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=final.parent))
    # mkdtemp makes the folder private (0700); once swapped in it is the site a web server
    # running as another user must read, so give it the mode a plain mkdir would.
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    return folder


def remove_stale(parent: Path) -> list[Path]:
    """Remove build folders in parent whose building process has ended; those removed."""
    removed = []
    for entry in sorted(parent.iterdir()):
        match = _OURS.match(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir() or _running(int(match.group(1))):
            continue
        discard(entry)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this process that did not finish
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def discard(folder: Path) -> None:
    """Remove a build folder, even one whose files were made read-only, or one another
    process is removing at the same time."""

    def make_writable(function: Callable[..., Any], path: str, error: Any) -> None:
        if isinstance(error[1], FileNotFoundError):
            return  # already removed, by another build sweeping the same folder
        parent = os.path.dirname(path)
        for target in (parent, path):
            try:
                os.chmod(target, os.stat(target).st_mode | stat.S_IWUSR | stat.S_IXUSR | stat.S_IRUSR)
            except OSError:
                pass
        try:
            if function in (os.rmdir, os.unlink, os.remove):
                function(path)
            elif os.path.isdir(path):  # a folder that could not be opened or listed
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass

    shutil.rmtree(folder, onerror=make_writable)


def publish(new: Path, final: Path) -> None:
    """Put the complete build new in final's place; the old site is removed afterwards.

    Raises OSError when neither step could be done; final is then unchanged.
    """
    if not os.path.lexists(final):
        os.rename(new, final)
        return
    if exchange(new, final):
        discard(new)  # now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=final.parent))
    old.rmdir()
    os.rename(final, old)
    try:
        os.rename(new, final)
    except OSError:
        os.rename(old, final)
        raise
    discard(old)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False when this system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # a file system or kernel without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(b))


def _renameat2() -> Any:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
