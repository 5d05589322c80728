"""The head of every HTML page the app writes (a paper quiz, a class report).

Each page is one self-contained file: its text, its style and inline SVG, nothing that
loads or runs. The Content-Security-Policy says so to the browser as well.
"""

from __future__ import annotations


def page_head(title: str, css: str) -> list[str]:
    """The lines from ``<!DOCTYPE html>`` to ``</head>``; ``title`` is escaped already."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing may load or run: the page is only its own text, style and SVG.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>\n{css}\n</style>",
        "</head>",
    ]
