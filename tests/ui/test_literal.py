"""Helpers that turn instructor text into content: same results as the slow way."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content, Span

from trainer.ui.literal import Wrapped, wrap
from trainer.ui.screens.home import entry

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120)


@given(texts, st.integers(min_value=1, max_value=100))
def test_wrap_is_textwrap(text: str, width: int) -> None:
    assert wrap(text, width) == textwrap.wrap(text, width)


@given(st.lists(texts, min_size=1, max_size=4), st.integers(min_value=1, max_value=90))
def test_wrapped_height_is_contents(lines: list[str], width: int) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    spans = [Span(0, len(text), "bold")]
    styles = {"line_pad": 0, "text_overflow": "fold", "text_wrap": "wrap"}
    assert Wrapped(text, spans).get_height(styles, width) == Content(text, spans).get_height(
        styles, width
    )


def test_home_entry_hangs_wrapped_lines_under_the_title() -> None:
    row = entry("○  1.", "Effleurage", "not started", "word " * 30, 40)
    lines = row.plain.split("\n")
    assert lines[0] == "○  1. Effleurage  —  not started"
    assert all(line.startswith("      ") and len(line) <= 40 for line in lines[1:])
    assert len(lines) == 6  # 30 words, 7 to a 34-column line
