"""Question text with inline Markdown, as content that is never read as markup.

Prompts, choices, explanations and feedback may use **bold**, *italic* (or _italic_),
`code` and links ``[text](url)``. Only those inline rules are parsed (markdown-it's own,
so ``2 * 3 * 4``, ``snake_case`` and ``a*b`` stay as CommonMark leaves them); block
syntax (``# ``, ``- ``, ``> ``) and line breaks stay exactly as written. The result is a
:class:`~textual.content.Content` built from plain text and spans: nothing is parsed as
Rich or Textual markup (``[bold]`` and ``[@click=app.quit]`` stay literal), and control
characters are removed here as well as at load time.

What is stored and graded is never this: answers and ``feedback`` keys keep comparing
the raw text. Only the display changes.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from textual.content import Content, Span

from trainer.text import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CODE_STYLE = "bold $text-accent"
LINK_STYLE = "underline"
URL_STYLE = "dim"
IMAGE_STYLE = "dim italic"

MARKDOWN_LIMIT = 20_000
"""Longer text is shown as written, without Markdown. markdown-it's link parsing takes
quadratic time on text such as ``[[[[`` repeated (0.14 s for 12,000 characters), and a
question is shown again on every redraw; no real prompt comes near this length."""

_SPECIAL = frozenset("*_`[]!\\")
"""Characters without which text has no inline Markdown to parse (the fast path)."""


@cache
def _parser() -> MarkdownIt:
    # Imported on first use: markdown-it costs start-up time the home screen does not need.
    from markdown_it import MarkdownIt

    # "zero" has no rules; these are the inline ones we support. Without the "newline"
    # rule, line breaks and the spaces that follow them are kept as written.
    return MarkdownIt("zero").enable(["escape", "backticks", "emphasis", "link", "image"])


@lru_cache(maxsize=4096)
def inline_markdown(text: str, style: str = "") -> Content:
    """``text`` with its inline Markdown drawn as styles, over ``style``.

    Args:
        text: Instructor text (a prompt, a choice, an explanation...).
        style: A style under the whole text (``"bold"`` for a prompt); the Markdown's
            own styles go on top of it.

    Returns:
        Content whose plain text is what the student reads: ``**bold**`` becomes
        ``bold`` in bold, ``[text](url)`` becomes ``text (url)``, ``![alt](path)``
        becomes ``[image: alt]``; everything else is literal.
    """
    text = clean_text(text)
    if len(text) > MARKDOWN_LIMIT or _SPECIAL.isdisjoint(text):
        content = Content(text)
    else:
        parser = _parser()
        tokens = parser.parseInline(text)
        children = tokens[0].children if tokens else None
        content = _content(children or [], parser)
    return content.stylize_before(style) if style else content


def _content(tokens: list[Token], parser: MarkdownIt) -> Content:
    """Plain text and spans for markdown-it's inline ``tokens``."""
    parts: list[str] = []
    spans: list[Span] = []
    size = 0
    open_at: list[tuple[int, str]] = []  # where each open em/strong/link began
    hrefs: list[str] = []

    def add(piece: str, piece_style: str = "") -> None:
        nonlocal size
        if not piece:
            return
        parts.append(piece)
        if piece_style:
            spans.append(Span(size, size + len(piece), piece_style))
        size += len(piece)

    for token in tokens:
        kind = token.type
        if kind in ("text", "text_special"):
            add(token.content)
        elif kind in ("softbreak", "hardbreak"):
            add("\n")
        elif kind == "code_inline":
            add(token.content, CODE_STYLE)
        elif kind in ("em_open", "strong_open"):
            open_at.append((size, "italic" if kind == "em_open" else "bold"))
        elif kind == "link_open":
            open_at.append((size, LINK_STYLE))
            hrefs.append(str(token.attrs.get("href", "")))
        elif kind in ("em_close", "strong_close", "link_close") and open_at:
            start, span_style = open_at.pop()
            if size > start:
                spans.append(Span(start, size, span_style))
            if kind == "link_close" and hrefs:
                # Shown, never followed: a terminal link would be instructor markup.
                url = clean_text(parser.normalizeLinkText(hrefs.pop()))
                if url and url != "".join(parts)[start:]:
                    add(f" ({url})", URL_STYLE)
        elif kind == "image":
            add(image_label(token), IMAGE_STYLE)
        else:
            add(token.content)
    return Content("".join(parts), spans)


def image_label(token: Token) -> str:
    """``[image: alt text]`` for a markdown-it image token (its file name without alt).

    A terminal shows no pictures: the marker says one is meant here, and what it shows.
    """
    alt = " ".join(_plain(token.children or []).split())
    if not alt:
        alt = PurePosixPath(str(token.attrs.get("src", "")).strip("/")).name
    return f"[image: {clean_text(alt)}]" if alt else "[image]"


def _plain(tokens: list[Token]) -> str:
    """The text of inline tokens without their markup (an image's alt text)."""
    out = []
    for token in tokens:
        if token.type == "image":
            out.append(_plain(token.children or []))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        else:
            out.append(token.content)
    return "".join(out)
