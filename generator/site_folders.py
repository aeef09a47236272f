"""Which scope and content folders a command reads: those given, else the site's own, else scope/ and content/.

The site's own are its mkdocs.yml's (the plugin's `scope_dir`, `docs_dir`), which only
MkDocs reads: `build`, which loads MkDocs, is imported only when that file exists.
"""

from __future__ import annotations

from pathlib import Path

SCOPE_DIR = Path("scope")
CONTENT_DIR = Path("content")


def given_or_default(scope_dir: Path | None, content_dir: Path | None) -> tuple[Path, Path]:
    """The folders given, each else its default: scope/ and content/."""
    return scope_dir or SCOPE_DIR, content_dir or CONTENT_DIR


def site_folders(config_file: Path, scope_dir: Path | None, content_dir: Path | None) -> tuple[Path, Path]:
    """The scope and content folders to read: those given, else the site's own (its
    `scope_dir` and `docs_dir`) when config_file exists and can be read, else scope/ and content/."""
    if config_file.is_file() and (scope_dir is None or content_dir is None):
        from .build import site_to_check  # MkDocs loads only when there is a site to read

        _, scope_dir, content_dir = site_to_check(config_file, scope_dir, content_dir)
    return given_or_default(scope_dir, content_dir)
