"""`scopebook build`: check everything like `scopebook check`, then build strictly with MkDocs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .articles import check_sources
from .plugin import ScopebookPlugin, cannot_write, theme_templates
from .report import format_text

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _show_mkdocs_log() -> None:
    # The MkDocs CLI installs its own handler; through the API nothing prints without one.
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_site(config_file: Path, site_dir: Path | None) -> int:
    """Check scope/ and the articles, then run a strict MkDocs build; return the exit code."""
    try:
        options: dict[str, object] = {"config_file": str(config_file), "strict": True}
        if site_dir is not None:
            options["site_dir"] = str(site_dir)
        config = load_config(**options)  # type: ignore[arg-type]
    except (ConfigurationError, Abort, OSError) as exc:
        print(f"scopebook: {config_file}: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS

    plugin = next((p for p in config.plugins.values() if isinstance(p, ScopebookPlugin)), None)
    if plugin is None:
        print(f"scopebook: {config_file}: add `plugins: [scopebook]` to use scopebook build", file=sys.stderr)
        return EXIT_PROBLEMS
    scope_dir = (Path(config.config_file_path).resolve().parent / plugin.config.scope_dir).resolve()
    docs_dir = Path(config.docs_dir)
    sources = check_sources(scope_dir, docs_dir, theme_templates(config))
    for problem in sources.problems:
        print(format_text(problem))
    errors = len(sources.errors)
    if errors or sources.contract is None:
        print(f"scopebook: {errors} error{'s' if errors != 1 else ''}; nothing was built", file=sys.stderr)
        return EXIT_PROBLEMS
    plugin.use_checked(scope_dir, docs_dir, sources)

    _show_mkdocs_log()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except (Abort, PluginError) as exc:
        print(f"scopebook: build failed: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        # A full disk or a read-only folder while MkDocs writes pages; the plugin has
        # already discarded the half-written build, so the last good site is untouched.
        site = plugin.final_site_dir or Path(config.site_dir)
        print(f"scopebook: build failed: {cannot_write(site, exc)}", file=sys.stderr)
        return EXIT_PROBLEMS
    finally:
        config.plugins.on_shutdown()
    return EXIT_OK
