"""The scope/ folder as it was at a git revision, or as it is in a folder.

`scopebook diff` compares two of these. A revision is read with `git ls-tree` and
`git show` into a temporary folder (no worktree, no checkout), so the working tree and the
index are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem, ScopeError

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Side:
    """One side of a comparison: where its scope files are and how to name it."""

    label: str  # what the user asked for: a revision, a folder, or "working tree"
    scope_dir: Path  # a readable folder of scope YAML files
    root: Path  # file names are shown relative to this folder, as if it were the current one
    temporary: Path | None = None  # a copy to delete when done

    def shown(self, path: str) -> str:
        """A file name as loaded (relative to the current folder) shown as on this side."""
        return Path(os.path.relpath(Path(path).resolve(), self.root.resolve())).as_posix()

    def discard(self) -> None:
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


NO_CONTRACT = "no-contract"


def _usage(message: str, hint: str, code: str = "usage") -> ScopeError:
    return ScopeError([Problem("scopebook diff", 0, 0, message, hint, code=code)])


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, timeout=60, check=False)
    except FileNotFoundError:
        raise _usage(
            "git is not installed", "install git, or compare two folders: scopebook diff OLD_DIR NEW_DIR"
        ) from None
    except subprocess.TimeoutExpired:
        raise _usage(f"git {args[0]} took longer than 60 seconds", "try again; check the repository is local") from None


def repo_root(cwd: Path) -> Path | None:
    """The top of the git work tree holding cwd, or None outside one."""
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        return None
    return Path(done.stdout.decode("utf-8", "replace").strip())


def _is_shallow(cwd: Path) -> bool:
    done = _git(["rev-parse", "--is-shallow-repository"], cwd)
    return done.stdout.strip() == b"true"


_FETCH_HINT = (
    "this clone is shallow, so older commits are missing: run `git fetch --unshallow` "
    "(or `git fetch origin {ref}`); in GitHub Actions give actions/checkout `fetch-depth: 0`"
)


def default_base(cwd: Path) -> str:
    """The merge base of HEAD with the default branch: what a pull request is compared with."""
    candidates = []
    if os.environ.get("GITHUB_BASE_REF"):
        candidates.append(f"origin/{os.environ['GITHUB_BASE_REF']}")
    head = _git(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], cwd)
    if head.returncode == 0:
        candidates.append(head.stdout.decode().strip().removeprefix("refs/remotes/"))
    candidates += ["origin/main", "origin/master", "main", "master"]
    branch = next(
        (c for c in dict.fromkeys(candidates) if _git(["rev-parse", "--verify", "--quiet", c], cwd).returncode == 0),
        None,
    )
    if branch is None:
        raise _usage(
            "cannot find the default branch to compare with",
            "name the base revision: scopebook diff origin/main (or fetch it: git fetch origin main)",
        )
    base = _git(["merge-base", branch, "HEAD"], cwd)
    if base.returncode != 0:
        if _is_shallow(cwd):
            raise _usage(
                f"cannot find where HEAD branched off `{branch}`",
                _FETCH_HINT.format(ref=branch.removeprefix("origin/")),
            )
        raise _usage(f"HEAD and `{branch}` share no history", f"name the base revision: scopebook diff {branch}")
    return base.stdout.decode().strip()


def open_side(spec: str | None, scope_dir: Path, cwd: Path) -> Side:
    """A folder (a checkout holding scope_dir, or a scope folder), a revision, or the working tree."""
    if spec is None:
        return Side(WORKING_TREE, scope_dir, cwd)
    folder = Path(spec)
    if folder.is_dir():
        inner = folder / scope_dir
        return Side(spec, inner if inner.is_dir() else folder, cwd)
    return _revision(spec, scope_dir, cwd)


def _revision(rev: str, scope_dir: Path, cwd: Path) -> Side:
    root = repo_root(cwd)
    if root is None:
        raise _usage(
            f"`{rev}` is neither a folder nor a git revision (this is not a git repository)",
            "run scopebook diff inside the repository, or give two folders",
        )
    found = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    if found.returncode != 0:
        hint = (
            _FETCH_HINT.format(ref=rev)
            if _is_shallow(cwd)
            else f"check the name (`git log --oneline {rev}`), or fetch it: git fetch origin {rev}"
        )
        raise _usage(f"`{rev}` is neither a folder nor a revision in this repository", hint)
    commit = found.stdout.decode().strip()
    inside = Path(os.path.relpath((cwd / scope_dir).resolve(), root.resolve())).as_posix()
    listing = _git(["ls-tree", "-z", "--name-only", f"{commit}:{inside}"], cwd)
    if listing.returncode != 0:
        raise _usage(f"`{inside}/` does not exist at {rev}", "compare with a revision that has a contract", NO_CONTRACT)
    temp = Path(tempfile.mkdtemp(prefix="scopebook-diff-"))
    target = temp / inside
    target.mkdir(parents=True)
    for name in sorted(n for n in listing.stdout.decode("utf-8", "replace").split("\0") if n):
        if not name.endswith((".yaml", ".yml")) or "/" in name:
            continue
        blob = _git(["show", f"{commit}:{inside}/{name}"], cwd)
        if blob.returncode == 0:
            (target / name).write_bytes(blob.stdout)
    # File names are shown relative to the repository, as they are in the working tree.
    offset = Path(os.path.relpath(cwd.resolve(), root.resolve()))
    return Side(rev, target, temp / offset, temporary=temp)
