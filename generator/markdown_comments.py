"""HTML comments in Markdown shown as text are left out instead, as every Markdown tool hides them.

Writers leave notes to each other in `<!-- ... -->`: a TODO, who to ask, Material's
`<!-- material/tags -->` marker. With raw HTML shown as text (markdown_safe), Python-Markdown's
raw-HTML steps, which pass a comment on for the browser to hide, are off, so the note would be
printed on the page and in the search data. These two steps drop it instead:

- `BlockComments`: a comment that starts a line at its first column, up to the `-->` that ends
  it (what follows `-->` on that line stays). Lines inside a fence are code and stay, as do
  indented lines (code blocks, list items); a comment that is never closed stays as it is.
- `InlineComments`: a comment inside a paragraph. Code spans are matched before it, so a
  `` `<!-- -->` `` in backticks stays.

Neither keeps anything from one page to the next.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor

# Where Python-Markdown's own raw-HTML steps run: the block one after fenced code is stashed
# (fenced_code_block, 25), the inline one after code spans (backtick, 190).
BLOCK_PRIORITY = 20
INLINE_PRIORITY = 90

_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_COMMENT = r"<!--.*?-->"  # Python-Markdown compiles inline patterns with re.DOTALL


class BlockComments(Preprocessor):
    """Drop comments that start a line, outside fences."""

    def run(self, lines: list[str]) -> list[str]:
        if "<!--" not in "\n".join(lines):
            return lines  # most pages: nothing to read line by line
        out: list[str] = []
        fence = ""  # the fence a code block was opened with, while inside it
        held: list[str] = []  # the lines of a comment not closed yet
        for line in lines:
            if held:
                held.append(line)
                end = line.find("-->")
                if end >= 0:
                    out.append(line[end + 3 :] if line[end + 3 :].strip() else "")
                    held = []
                continue
            opening = _FENCE.match(line)
            if fence:
                if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                    fence = ""
                out.append(line)
            elif opening:
                fence = opening.group(1)
                out.append(line)
            elif line.startswith("<!--"):
                end = line.find("-->", 4)
                if end < 0:
                    held = [line]
                else:
                    out.append(line[end + 3 :] if line[end + 3 :].strip() else "")
            else:
                out.append(line)
        return out + held  # never closed: kept as the writer typed it


class InlineComments(InlineProcessor):
    """Drop a comment inside a paragraph."""

    def __init__(self) -> None:
        super().__init__(_COMMENT)

    def handleMatch(  # type: ignore[override]  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[str | etree.Element | None, int, int]:
        return "", m.start(0), m.end(0)
