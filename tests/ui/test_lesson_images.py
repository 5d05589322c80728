"""Images in lessons: a marker with the alt text, in the image's place.

A terminal shows no pictures. Rich's own Markdown drew "🌆 alt" above the paragraph
holding the image (mid-sentence images jumped out of their sentence); the reader draws
``[image: alt text]`` where the image is, with the alt text as plain text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.markdown import Markdown

from tests.ui.helpers import make_app, screen_text, wait_until, write_course
from trainer.ui import markdown_theme
from trainer.ui.markdown_theme import LessonMarkdown
from trainer.ui.screens.lesson import LessonScreen, render_markdown

LESSON = """## Hands

Before ![Hands on the *lower* back [bold] [@click=app.quit]x[/]](img/back.png) after.

- Cupping ![](img/cupping.png) in a list

Plain text after.
"""

QUIZ = """
    [[questions]]
    id = "q"
    type = "true_false"
    prompt = "P"
    answer = true
    explanation = "E."
"""


async def test_an_image_shows_as_a_marker_with_its_alt_text_in_place(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", QUIZ, lesson_body=LESSON)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await wait_until(pilot, lambda: "Plain text after." in screen_text(app))
        lines = [line.strip() for line in screen_text(app).splitlines()]
        # In its sentence, alt text as written (its Markdown undone, markup kept literal).
        assert (
            "Before [image: Hands on the lower back [bold] [@click=app.quit]x[/]] after." in lines
        )
        # No alt text: the file's name says what it is.
        assert "• Cupping [image: cupping.png] in a list" in lines
        assert "🌆" not in screen_text(app)
        # Nothing else moved: one blank line between the blocks, as without images.
        start = lines.index("Hands")
        assert lines[start : start + 6] == [
            "Hands",
            "",
            "Before [image: Hands on the lower back [bold] [@click=app.quit]x[/]] after.",
            "",
            "• Cupping [image: cupping.png] in a list",
            "",
        ]


def _rendered(markdown: str) -> str:
    console = Console(width=60, color_system=None, record=True, file=io.StringIO())
    console.print(render_markdown(markdown))
    return console.export_text()


def _as_text(markdown: str) -> str:
    """``markdown`` with each image written as its marker in plain (escaped) text."""

    def marker(found: re.Match[str]) -> str:
        return re.sub(r"([\[\]])", r"\\\1", f"[image: {found.group(1)}]")

    return re.sub(r"!\[([^\]]*)\]\([^)]*\)", marker, markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "Intro.\n\nBefore ![A](a.png) after.\n\nNext.",
        "![A](a.png) opens the lesson.\n\nNext.",
        "Intro.\n\n- one\n- two ![A](a.png) x\n\nafter",
        "Intro.\n\n> quote ![Q](q.png) end\n\ntail",
        "Intro.\n\n| a | b |\n|---|---|\n| ![C](c.png) | d |\n\ntail",
        "# Title ![Logo](l.png)\n\ntext",
        "Intro.\n\n1. ![A](a.png)\n2. ![B](b.png) ![C](c.png)\n\nend",
    ],
)
def test_an_image_draws_exactly_as_its_marker_in_plain_text_would(markdown: str) -> None:
    assert LessonMarkdown.elements["image"] is markdown_theme.ImageMarker
    # Rich's own Markdown is left as it was: only the app's lessons draw the marker.
    assert Markdown.elements["image"] is not markdown_theme.ImageMarker
    assert _rendered(markdown) == _rendered(_as_text(markdown))


def test_an_image_inside_a_link_keeps_its_marker() -> None:
    assert "[image: inner] (https://x.org)" in _rendered("[![inner](a.png)](https://x.org)")
