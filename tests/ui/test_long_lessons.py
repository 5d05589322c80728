"""Lessons far longer than any real one: the reader opens them at once, in parts."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual.widgets import OptionList

from tests.ui.helpers import make_app, screen_text, wait_until, write_course
from tests.ui.test_flow import TWO_SINGLES
from trainer.course.sections import split_sections
from trainer.ui.lesson_pages import PAGE_CHARS, reader_pages, split_long_markdown
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.lesson import OUTLINE_ENTRIES, LessonScreen

WORDS = "Effleurage glides along the muscle toward the heart, [light] and even. "


def one_paragraph(size: int) -> str:
    """A single paragraph of about ``size`` characters, on one line."""
    return "FIRSTWORD " + WORDS * (size // len(WORDS)) + "LASTWORD"


async def test_a_huge_one_paragraph_lesson_opens_at_once_and_ctrl_q_still_quits(tmp_path: Path):
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=one_paragraph(3_000_000))
    app = make_app(tmp_path, course)
    # The longest time the event loop went without running anything else: keys,
    # Ctrl+Q included, wait that long. (One 3 MB paragraph blocked it for 9.5 s.)
    longest = 0.0

    async def heartbeat() -> None:
        nonlocal longest
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(0.005)
            now = loop.time()
            longest, last = max(longest, now - last), now

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        beat = asyncio.create_task(heartbeat())
        try:
            await pilot.press("enter")
            await wait_until(pilot, lambda: "FIRSTWORD" in screen_text(app), timeout=10)
            assert longest < 1.0, f"opening it left the app deaf to keys for {longest:.1f} s"
            reader = app.screen
            assert isinstance(reader, LessonScreen)
            assert "[light]" in screen_text(app)  # instructor text, not markup
            await wait_until(pilot, lambda: f"Page 1 of {len(reader.sections)}" in screen_text(app))
            reader.action_page(1)  # → scrolls this tall page first; turn it directly
            await wait_until(pilot, lambda: "Page 2 of" in screen_text(app))
            assert longest < 1.0, f"turning the page left the app deaf for {longest:.1f} s"
            asked = time.monotonic()
            await pilot.press("ctrl+q")
        finally:
            beat.cancel()
    quit_took = time.monotonic() - asked
    assert app.return_code == 0
    assert quit_took < 2.0, f"Ctrl+Q took {quit_took:.1f} s"
    # Every word is on some page, the last one included.
    assert "LASTWORD" in reader.sections[-1].markdown


async def test_keys_pressed_while_a_long_lesson_is_cut_into_pages_do_no_harm(tmp_path: Path):
    # 400,000 short lines: cut into pages off the event loop, in about half a second.
    body = "FIRSTWORD\n\n" + "Knead the calf.\n\n" * 200_000
    course = write_course(tmp_path / "course", TWO_SINGLES, lesson_body=body)
    app = make_app(tmp_path, course)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: "FIRSTWORD" in screen_text(app))
        reader = app.screen
        assert isinstance(reader, LessonScreen) and len(reader.sections) > 1_000
        # Open it again: until the event loop runs next, its pages cannot have arrived.
        reader.load(reader.lesson)
        assert reader.sections == []
        reader.action_page(1)
        reader.action_page(-1)
        reader.action_outline()
        reader.action_outline()
        await wait_until(pilot, lambda: "FIRSTWORD" in screen_text(app))
        assert reader.page == 0 and isinstance(app.screen, LessonScreen)
        # The outline lists every n-th page, and opens the page it names.
        outline = reader.query_one("#outline", OptionList)
        assert outline.option_count <= OUTLINE_ENTRIES
        outline.highlighted = 2
        outline.action_select()
        await wait_until(pilot, lambda: reader.page == reader.outline_pages[2] > 2)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


def test_a_long_section_is_cut_into_parts_that_keep_every_word() -> None:
    body = "## Strokes\n\n" + one_paragraph(100_000) + "\n\n## After\n\nShort.\n"
    pages = reader_pages(body)
    assert all(len(page.markdown) <= PAGE_CHARS for page in pages)
    parts = len(pages) - 1
    assert parts > 1
    assert [page.title for page in pages] == [
        *(f"Strokes ({n}/{parts})" for n in range(1, parts + 1)),
        "After",
    ]
    words = " ".join(page.markdown for page in pages[:-1]).split()
    assert words == ("## Strokes\n\n" + one_paragraph(100_000)).split()


def test_sections_of_ordinary_length_are_pages_as_they_were() -> None:
    body = "Intro.\n\n## One\n\n" + "A sentence. " * 500 + "\n\n## Two\n\nText.\n"
    assert reader_pages(body) == split_sections(body)


def test_a_paragraph_end_is_preferred_to_a_cut_mid_paragraph() -> None:
    paragraphs = [f"{n}" + "x" * 59 for n in range(10)]
    parts = split_long_markdown("\n\n".join(paragraphs), limit=200)
    assert len(parts) > 1
    assert [p for part in parts for p in part.split("\n\n")] == paragraphs


def test_a_code_block_cut_in_two_is_closed_and_reopened() -> None:
    code = "\n".join(f"x = {n}" for n in range(100))
    parts = split_long_markdown(f"Before.\n\n```python\n{code}\n```\n\nAfter.", limit=300)
    assert len(parts) > 2
    for part in parts[1:-1]:
        assert part.startswith("```python\n") and part.endswith("\n```")
    assert parts[-1].endswith("```\n\nAfter.")
    kept = [line for part in parts for line in part.split("\n") if line.startswith("x = ")]
    assert kept == code.split("\n")


def test_a_line_without_spaces_is_cut_at_the_limit() -> None:
    parts = split_long_markdown("é" * 1000, limit=300)
    assert [len(part) for part in parts] == [300, 300, 300, 100]
