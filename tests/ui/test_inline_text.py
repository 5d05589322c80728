"""Inline Markdown in question text: drawn as styles, never read as markup.

The pure function first, then the real app: prompts, choices, items, feedback and
explanations show **bold** as bold, ``[red]x[/red]`` as written, and grading still
compares the raw text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App
from textual.content import Content, Span

from tests.ui.helpers import make_app, screen_text, wait_until, write_course
from trainer.ui.inline_text import MARKDOWN_LIMIT, inline_markdown
from trainer.ui.literal import hanging, hanging_content
from trainer.ui.screens.quiz import QuizScreen
from trainer.ui.screens.results import ResultsScreen
from trainer.ui.widgets.arrange_list import ArrangeList
from trainer.ui.widgets.choice_list import ChoiceList


def spans(content: Content) -> list[tuple[str, str]]:
    """Each span as (the text it covers, its style)."""
    return [(content.plain[s.start : s.end], str(s.style)) for s in content.spans]


# ---------------------------------------------------------------- the function


def test_bold_italic_code_and_links_become_spans() -> None:
    content = inline_markdown(
        "**firm** then *light*, _slow_, `oil` and [the guide](https://x.org/a)"
    )
    assert content.plain == "firm then light, slow, oil and the guide (https://x.org/a)"
    assert spans(content) == [
        ("firm", "bold"),
        ("light", "italic"),
        ("slow", "italic"),
        ("oil", "bold $text-accent"),
        ("the guide", "underline"),
        (" (https://x.org/a)", "dim"),
    ]


def test_a_link_whose_text_is_its_address_is_not_repeated() -> None:
    content = inline_markdown("[https://x.org](https://x.org)")
    assert content.plain == "https://x.org"


def test_an_image_in_question_text_is_a_marker_with_its_alt_text() -> None:
    assert inline_markdown("See ![the *lower* back](img/back.png).").plain == (
        "See [image: the lower back]."
    )
    assert inline_markdown("![](img/back.png)").plain == "[image: back.png]"


def test_the_style_given_lies_under_the_markdown() -> None:
    content = inline_markdown("Which is *firmer*?", "bold")
    assert content.plain == "Which is firmer?"
    assert spans(content) == [("Which is firmer?", "bold"), ("firmer", "italic")]


@pytest.mark.parametrize(
    "text",
    [
        "[bold]x[/bold]",
        "[@click=app.quit]x[/]",
        "[/]",
        "[citation needed]",
        "list[int]",
        "2 * 3 * 4",
        "snake_case_word",
        "a*b",
        "a_b_c",
        "C:\\Users\\ling\\notes.txt",
        "/home/ling/notes_2024.md",
        "It costs $5 * 2 = $10.",
        "# not a heading\n- not a list\n> not a quote\n    not code",
        "line one\n   indented line two",
        "<b>not html</b> &amp; not an entity",
        "[x](javascript:alert(1))",
        "** not bold **",
    ],
)
def test_text_that_is_not_markdown_stays_as_written(text: str) -> None:
    content = inline_markdown(text)
    assert content.plain == text
    assert content.spans == []


def test_markup_inside_markdown_stays_literal() -> None:
    content = inline_markdown("**[red]x[/red]** and `[@click=app.quit]q[/]`")
    assert content.plain == "[red]x[/red] and [@click=app.quit]q[/]"
    assert spans(content) == [
        ("[red]x[/red]", "bold"),
        ("[@click=app.quit]q[/]", "bold $text-accent"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "\x1b[31mred\x1b[0m",
        "\x1b]0;pwned\x07red",
        "\x9b31mred",
        "**\x1b[5mred**",
        "`\x1b]8;;x\x1b\\red`",
    ],
)
def test_escape_sequences_never_get_through(text: str) -> None:
    content = inline_markdown(text)
    assert "red" in content.plain
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in content.plain)
    assert "pwned" not in content.plain and "[31m" not in content.plain


def test_a_backslash_keeps_a_star_a_star() -> None:
    assert inline_markdown(r"\*not italic\*").plain == "*not italic*"


def test_very_long_text_is_shown_as_written() -> None:
    # markdown-it's link rule is quadratic on "[[[["; such text is shown as it is.
    text = "[" * (MARKDOWN_LIMIT + 1)
    assert inline_markdown(text).plain == text
    assert inline_markdown("*a*" + " " * MARKDOWN_LIMIT).spans == []


# ---------------------------------------------------------------- wrapping


texts = st.text(st.sampled_from(list("ab cd-é\n")), max_size=120)


@given(texts, st.integers(min_value=1, max_value=90), st.integers(min_value=0, max_value=12))
def test_hanging_content_wraps_as_hanging_does(text: str, width: int, indent: int) -> None:
    styled = Content(text, [Span(0, len(text) // 2, "bold")])
    assert hanging_content(styled, width, indent).plain == hanging(text, width, indent)


def test_hanging_content_keeps_each_word_its_style() -> None:
    content = inline_markdown("one two three four five six **seven eight** nine")
    wrapped = hanging_content(content, 30, 4)
    assert wrapped.plain == "one two three four five\n    six seven eight nine"
    assert spans(wrapped) == [("seven eight", "bold")]


# ---------------------------------------------------------------- in the app

MARKDOWN_QUIZ = """
    [[questions]]
    id = "one"
    type = "single"
    prompt = "Which pressure is **firmer** toward the heart? [red]x[/red]"
    correct = "The **upward** stroke"
    wrong = ["The *return* stroke", "[bold]Neither[/bold]"]
    explanation = "Effleurage presses **toward the heart**; `[b]` stays."
    feedback = { "The *return* stroke" = "The return is *light*." }

    [[questions]]
    id = "two"
    type = "ordering"
    prompt = "Order"
    order = ["**Open**", "_Knead_", "`Close`"]
    explanation = "E."
"""


def styles_of(app: App, word: str) -> list[str]:
    """The style of each segment on screen whose text holds ``word``."""
    strips = app.screen._compositor.render_strips()
    return [str(seg.style) for strip in strips for seg in strip if word in seg.text]


async def test_prompt_and_choices_show_markdown_and_keep_markup_literal(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", MARKDOWN_QUIZ)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        text = screen_text(app)
        assert "Which pressure is firmer toward the heart? [red]x[/red]" in text
        assert "The upward stroke" in text and "The return stroke" in text
        assert "[bold]Neither[/bold]" in text
        assert "**" not in text and "*return*" not in text
        assert any("bold" in style for style in styles_of(app, "firmer"))
        assert any("bold" in style for style in styles_of(app, "upward"))
        assert any("italic" in style for style in styles_of(app, "return"))
        assert styles_of(app, "[red]x[/red]")  # drawn as one literal piece of text

        # Grading and the saved answer use the raw text, asterisks and all.
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        widget = screen.answer_widget
        assert isinstance(widget, ChoiceList)
        await pilot.press(str(widget.choices.index("The *return* stroke") + 1), "enter")
        await wait_until(pilot, lambda: screen.awaiting_continue)
        response = screen.attempt.responses["one"]
        assert response.answer == "The *return* stroke" and not response.grade.correct
        [saved] = app.store.open_attempts().values()
        assert list(saved.given.values()) == ["The *return* stroke"]
        text = " ".join(screen_text(app).split())
        assert "Your answer: The return stroke" in text
        assert "Right answer: The upward stroke" in text
        assert "Effleurage presses toward the heart; [b] stays." in text
        assert "About “The return stroke”: The return is light." in text
        assert "*" not in text


async def test_ordering_items_and_results_show_markdown(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", MARKDOWN_QUIZ)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("1", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "awaiting_continue", False))
        await pilot.press("enter")
        screen = app.screen
        await wait_until(pilot, lambda: isinstance(screen.answer_widget, ArrangeList))
        text = screen_text(app)
        assert all(item in text for item in ("Open", "Knead", "Close"))
        assert not any(mark in text for mark in ("**", "_Knead_", "`"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: getattr(app.screen, "awaiting_continue", False))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        text = " ".join(screen_text(app).split())
        assert "Which pressure is firmer toward the heart? [red]x[/red]" in text
        assert "Right answer: Open → Knead → Close" in text
        assert "Effleurage presses toward the heart; [b] stays." in text


async def test_a_long_choice_with_bold_words_wraps_under_itself_at_80_columns(
    tmp_path: Path,
) -> None:
    long_choice = (
        "A choice that goes on well past the edge of an eighty column screen, "
        "so that its **bold words** wrap"
    )
    quiz = f"""
        [[questions]]
        id = "one"
        type = "single"
        prompt = "Pick"
        correct = "{long_choice}"
        wrong = ["Short"]
        explanation = "E."
    """
    course = write_course(tmp_path / "course", quiz)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "A choice that goes on" in line)
        start = lines[first].index("A choice")
        rest = lines[first + 1]
        # The continuation hangs under the choice's text, not under its number.
        assert len(rest) - len(rest.lstrip(" │")) == start
        assert "bold words wrap" in rest
        assert "**" not in "\n".join(lines)
        assert any("bold" in style for style in styles_of(app, "bold words"))
