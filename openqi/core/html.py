"""Smaller HTML without changing what it shows."""

import re

# Whitespace after a line break (indentation and blank lines), except inside elements whose
# whitespace is content. HTML treats any run of spaces and line breaks between words or tags as
# one space, so a single line break keeps the page exactly as it was.
_INDENT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|\n\s+", re.S | re.I)


def compact_html(html: str) -> str:
    """Drop the indentation and blank lines templates leave (a third of some pages). Not for pages
    with `white-space: pre` content outside <pre> and <textarea> (e.g. `.openqi-example`)."""
    return _INDENT.sub(lambda m: m.group(1) or "\n", html)
