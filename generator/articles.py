"""Article front matter: parse, validate, and check scope references."""
from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .model import Contract


def check_articles(content_dir: Path, contract: Contract) -> list[Problem]:
    return []
