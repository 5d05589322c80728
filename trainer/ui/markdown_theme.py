"""How lesson Markdown looks: colours that follow the app's theme, and images.

Lessons are drawn by Rich's Markdown, whose styles are fixed ANSI colours (magenta
headings, cyan code on black): off-palette in every theme, and black boxes on a light
one. These styles take the theme's own text colours instead.

Rich draws an image as "🌆 alt" in a block of its own *above* the paragraph that holds
it, so an image in mid-sentence showed before the sentence, and its alt text raw
(``*stars*`` and all). :class:`ImageMarker` draws it in its place as ``[image: alt]``
instead (see ``inline_text.image_label``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markdown import Heading, Markdown, MarkdownContext, MarkdownElement, Paragraph
from rich.style import Style
from rich.text import Text
from rich.theme import Theme as RichTheme
from textual.color import Color, ColorParseError

from trainer.ui.inline_text import image_label

if TYPE_CHECKING:
    from markdown_it.token import Token
    from rich.console import Console, ConsoleOptions, RenderResult

IMAGE_STYLE = "markdown.image"
"""The style of the image marker (dim italic where no theme says otherwise)."""


class ImageMarker(MarkdownElement):
    """An image in lesson Markdown, drawn in its place as ``[image: alt text]``.

    A terminal shows no pictures; the marker says one is meant here and what it shows.
    The alt text is the instructor's, so it is put in as plain text, never as markup.

    Rich renders any element its paragraph does not collect as a block of its own. So
    the marker is added to the text of the element around it (a paragraph, heading,
    table cell or link), and the image itself renders nothing, taking care that Rich's
    blank line between blocks still comes where it would without the image.
    """

    new_line = False

    @classmethod
    def create(cls, markdown: Markdown, token: Token) -> MarkdownElement:
        return cls(image_label(token))

    def __init__(self, label: str) -> None:
        self.label = label
        self.standalone = False

    def on_enter(self, context: MarkdownContext) -> None:
        stack = context.stack
        if len(stack) < 2:  # markdown-it always puts an image in a paragraph
            self.standalone = True
            return
        style = context.current_style + context.console.get_style(IMAGE_STYLE, default="dim italic")
        stack[-2].on_text(context, Text(self.label, style=style))
        if not isinstance(stack[0], Paragraph | Heading):
            # Inside a list, quote or table, whose parts are drawn when it closes: keep
            # the (empty) image from being drawn now, with a blank line before it. Rich
            # closes the top of the stack next, then asks us whether to draw ourselves.
            stack.push(MarkdownElement())

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        return False  # the placeholder pushed in on_enter: nothing to draw

    def on_leave(self, context: MarkdownContext) -> None:
        if context.stack and context.stack.top is self:
            context.stack.pop()

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.standalone:
            yield Text(self.label, style=console.get_style(IMAGE_STYLE, default="dim italic"))


class LessonMarkdown(Markdown):
    """Rich's Markdown with images drawn as :class:`ImageMarker` (lessons, sections, About)."""

    elements = {**Markdown.elements, "image": ImageMarker}


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
    muted = colour("text-muted")  # usually see-through: then dim
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
        IMAGE_STYLE: Style(italic=True, color=muted, dim=muted is None),
    }
    return RichTheme(styles, inherit=True)
