"""One policy for every URL a writer gives, in scope YAML, front matter or Markdown.

A URL may be relative (`guides/x/`, `#anchor`, `//host/path`) or use one of the schemes in
SAFE_SCHEMES; anything else (`javascript:`, `data:`, `vbscript:`, ...) is refused, however
it is spelt: browsers ignore case, character references and ASCII whitespace or control
characters inside a scheme (` JaVaScRiPt:`, `java\tscript:`, `javascript&colon;`), so the
scheme is judged the way a browser reads it.

URL fields (`url:` in scope files, URL-like front matter keys) are judged at the point they
enter the model: `resolve` keeps only allowed values, and `url_problems` reports each
refused one at its file:line for `scopebook check` and the build. Links inside Markdown are
judged by the same function when `markdown_safe` cleans the rendered tree.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from urllib.parse import quote

from .errors import Problem, shown
from .load import SourceDoc

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
UNSAFE_URL = "unsafe-url"

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop ASCII whitespace and control characters anywhere in a URL's scheme.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def link_refusal(value: str) -> str | None:
    """Why a link target may not be followed by a reader, or None when it may."""
    compact = _IGNORED_BY_BROWSERS.sub("", html.unescape(value)).lower()
    match = _SCHEME.match(compact)
    if match is None or match.group(1) in SAFE_SCHEMES:
        return None
    return f"`{match.group(1)}:` links are not allowed"


# An address quoted in a message is cut to this many characters: a pasted picture is megabytes.
SHOWN_ADDRESS_CHARS = 48
# What stays as typed when an address is quoted; anything else (a space, a quote, a backtick,
# `<`, a control or non-ASCII character) is percent-encoded, so it can neither end the quote,
# open markup in a log shown as HTML, nor act on a terminal.
_SHOWN_AS_TYPED = "!#$%&()*+,-./:;=?@[]~_"


def shown_address(value: str) -> str:
    """A refused address quoted in a message: short, percent-encoded where it could do harm."""
    cut = value[:SHOWN_ADDRESS_CHARS]
    return quote(cut, safe=_SHOWN_AS_TYPED) + ("..." if len(value) > len(cut) else "")


# Help-center exports (Zendesk, Intercom, Confluence) write pictures pasted into an article
# into its text: `data:image/png;base64,...`. A raster picture cannot run script (an SVG
# one can), so a picture's source may be exactly this: one of these types, in base64, in
# lower case, without spaces or character references. Never a link's address.
_PASTED_PICTURE = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/]*={0,2}\Z")
PASTED_PICTURE_TYPES = "PNG, JPEG, GIF, WebP or AVIF"
# Each page carries its pasted pictures in its HTML, loaded before anything else is shown.
MAX_PASTED_PICTURE_BYTES = 1024 * 1024


def picture_refusal(value: str) -> str | None:
    """Why a picture's source may not be loaded, or None when it may: an address a link may
    have, or a raster picture pasted into the page of at most MAX_PASTED_PICTURE_BYTES."""
    if not value.startswith("data:image/") or _PASTED_PICTURE.match(value) is None:
        refused = link_refusal(value)
        if refused == "`data:` links are not allowed":
            return f"only a {PASTED_PICTURE_TYPES} picture pasted in base64 (`data:image/png;base64,...`) is shown"
        return refused
    size = (len(value) - value.index(",") - 1) * 3 // 4
    if size > MAX_PASTED_PICTURE_BYTES:
        return (
            f"the pasted picture is {size / 1048576:.1f} MiB; a pasted picture may be at most "
            f"{MAX_PASTED_PICTURE_BYTES // 1048576} MiB"
        )
    return None


def url_refusal(value: str) -> str | None:
    """Why a URL field is refused, or None when it is allowed.

    Stricter than link_refusal: a URL field holds one address, so whitespace or a control
    character in it is a mistake (or a way to hide a scheme) either way.
    """
    refused = link_refusal(value)
    if refused is not None:
        return refused
    if _CONTROL.search(value):
        return "the address contains a tab, line break or other control character"
    if value != value.strip() or " " in value:
        return "the address contains a space"
    return None


def is_safe_url(value: str) -> bool:
    """True for http(s), mailto, tel and relative links (including `#anchor` and `//host`)."""
    return link_refusal(value) is None


def allowed_url(value: str | None) -> str | None:
    """value when the policy allows it as a URL field, else None: what the model keeps."""
    if value is None or url_refusal(value) is not None:
        return None
    return value


# Keys whose value is a URL: the scope format's `url`, and in front matter the names that
# themes and plugins commonly read as links.
SCOPE_URL_KEY = "url"
_FRONT_MATTER_URL_KEY = re.compile(r"(url|href|link|redirect|canonical)(_url)?\Z|.*_url\Z", re.IGNORECASE)


# Front matter keys whose every value, at any depth, is a link: Material's blog lists a
# post's `links:` as `- path.md` or `- Title: address`, in sections of any depth.
FRONT_MATTER_LINK_LISTS = frozenset({"links"})


def is_scope_url_key(key: str) -> bool:
    return key == SCOPE_URL_KEY


@lru_cache(maxsize=1024)  # every article's front matter asks about the same few keys
def is_front_matter_url_key(key: str) -> bool:
    return _FRONT_MATTER_URL_KEY.match(key) is not None


def url_problems(
    doc: SourceDoc, is_url_key: Callable[[str], bool], link_lists: frozenset[str] = frozenset()
) -> Iterator[Problem]:
    """A located error for every refused URL under a key is_url_key accepts, at any depth,
    and for every value under a top-level key in link_lists."""
    for path, value in doc.strings():
        for key in reversed(path):
            if isinstance(key, str):
                break
        else:
            continue
        if not is_url_key(key) and not (path and path[0] in link_lists):
            continue
        reason = url_refusal(value)
        if reason is None:
            continue
        yield doc.error(
            path,
            f"refused URL `{shown(value)}`: {reason}",
            "give a full address starting with https://, http://, mailto: or tel:, or a relative link",
            UNSAFE_URL,
        )
