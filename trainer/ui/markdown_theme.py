"""Colours for lesson Markdown that follow the app's theme.

Lessons are drawn by Rich's Markdown, whose styles are fixed ANSI colours (magenta
headings, cyan code on black): off-palette in every theme, and black boxes on a light
one. These styles take the theme's own text colours instead.
"""

from __future__ import annotations

from rich.style import Style
from rich.theme import Theme as RichTheme
from textual.color import Color, ColorParseError


def markdown_theme(variables: dict[str, str]) -> RichTheme:
    """Rich styles for Markdown, from a Textual theme's CSS ``variables``."""

    def colour(name: str) -> str | None:
        try:
            parsed = Color.parse(variables[name])
        except (KeyError, ColorParseError):
            return None  # Rich's own style is used for whatever cannot be mapped
        # The ANSI themes name terminal colours ("ansi_blue") and some themes have
        # see-through ones ("#00000000"); Rich's styles take neither, so those keep
        # Rich's own Markdown colours.
        if parsed.ansi is not None or parsed.a < 1:
            return None
        return parsed.hex6

    primary, secondary = colour("text-primary"), colour("text-secondary")
    accent, panel = colour("text-accent"), colour("panel")
    styles = {
        "markdown.h1": Style(bold=True, underline=True, color=primary),
        "markdown.h2": Style(bold=True, color=primary),
        "markdown.h3": Style(bold=True, color=secondary),
        "markdown.h4": Style(italic=True, color=secondary),
        "markdown.code": Style(bold=True, color=accent, bgcolor=panel),
        "markdown.code_block": Style(bgcolor=panel),
        "markdown.block_quote": Style(italic=True, color=secondary),
        "markdown.list": Style(color=secondary),
        "markdown.item.number": Style(color=secondary),
        "markdown.link": Style(underline=True, color=accent),
        "markdown.link_url": Style(underline=True, color=accent),
        "markdown.table.border": Style(color=secondary),
        "markdown.table.header": Style(bold=True, color=primary),
        "markdown.kbd": Style(bold=True, color=accent),
    }
    return RichTheme(styles, inherit=True)
