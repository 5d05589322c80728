"""Instructor text never carries terminal control sequences into the app."""

from __future__ import annotations

import re

import pytest

from trainer.course.loader import load_lesson, load_quiz, parse_quiz
from trainer.text import clean_text, has_control_characters

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# TOML escapes, so the file itself stays valid TOML.
NASTY_TOML = [
    r"\u001b]0;pwned\u0007",  # OSC: set the window title, BEL-terminated
    r"\u001b]8;;http://evil.example\u001b\\",  # OSC 8 hyperlink, ST-terminated
    r"\u001b[31m",  # CSI colour
    r"\u001b[2J\u001b[H",  # clear screen, home
    r"\u009b31m",  # 8-bit CSI
    r"\u009d0;x\u009c",  # 8-bit OSC ... ST
    r"\u0000\u0008\u007f",  # NUL, backspace, DEL
    r"\r",  # carriage return (overwrites the line)
    r"\u001bP1$r\u001b\\",  # DCS
    r"\b\f",  # backspace and form feed escapes
    r"\U0000001b[5m",  # the long escape form
    "\x9b2J raw \x85",  # raw C1 characters: legal inside TOML strings
]


def _assert_clean(value: str) -> None:
    assert not CONTROL.search(value), repr(value)
    assert "pwned" not in value and "evil" not in value, repr(value)


@pytest.mark.parametrize("nasty", NASTY_TOML)
def test_quiz_strings_are_cleaned_everywhere(course, nasty):
    path = course.write(
        "quizzes/q.toml",
        f"""\
title = "Title {nasty}end"

[[questions]]
id = "a"
type = "single"
prompt = "Prompt {nasty}end"
correct = "Right {nasty}end"
wrong = ["Wrong {nasty}end"]
explanation = "Why {nasty}end"
feedback = {{ "Wrong {nasty}end" = "Because {nasty}end" }}

[[questions]]
id = "b"
type = "matching"
prompt = "p"
pairs = [["L {nasty}1", "R {nasty}1"], ["L2", "R2"]]
explanation = "e"
""",
        dedent=False,
    )
    quiz = load_quiz(path)
    single, matching = quiz.questions
    texts = [
        quiz.title,
        single.prompt,
        single.correct,
        *single.wrong,
        single.explanation,
        *single.feedback,
        *single.feedback.values(),
        *(item for pair in matching.pairs for item in pair),
    ]
    for text in texts:
        _assert_clean(text)
    assert quiz.title.startswith("Title ") and quiz.title.endswith("end")
    # Feedback keys still match the cleaned choice they belong to.
    assert list(single.feedback) == single.wrong


def test_raw_control_bytes_in_lesson_body_and_front_matter_escapes(course):
    body = (
        "Intro \x1b]0;pwned\x07text \x1b[31mred\x1b[0m and \x9b31m 8-bit, "
        "bell\x07 NUL\x00 \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\.\r\nnext\n"
    )
    path = course.write(
        "lessons/l.md",
        '+++\ntitle = "T\\u001b]0;pwned\\u0007"\nsummary = "S\\u009b2J"\n'
        'topics = ["a\\u001b[1m"]\nsources = ["b\\u0007"]\n+++\n' + body,
        dedent=False,
    )
    lesson = load_lesson(path)
    for text in [
        lesson.body,
        lesson.meta.title,
        lesson.meta.summary,
        *lesson.meta.topics,
        *lesson.meta.sources,
    ]:
        _assert_clean(text)
    assert lesson.body == "Intro text red and 31m 8-bit, bell NUL link.\nnext\n"
    assert lesson.meta.title == "T"
    assert lesson.meta.topics == ["a"]


def test_markup_like_text_is_kept_literally(course):
    path = course.write(
        "quizzes/q.toml",
        """\
        title = "[bold]Quiz[/]"

        [[questions]]
        id = "a"
        type = "short"
        prompt = "Who said it? [citation needed] [link=http://x]here[/link]"
        accept = ["[b]Ling[/b]"]
        explanation = "Because [red]colour[/] is text."
        """,
    )
    quiz = load_quiz(path)
    assert quiz.title == "[bold]Quiz[/]"
    q = quiz.questions[0]
    assert q.prompt == "Who said it? [citation needed] [link=http://x]here[/link]"
    assert q.accept == ["[b]Ling[/b]"]
    assert q.explanation == "Because [red]colour[/] is text."
    lesson_path = course.write(
        "lessons/l.md", '+++\ntitle = "[bold]T[/]"\nsummary = "S"\n+++\nA [citation needed] x\n'
    )
    lesson = load_lesson(lesson_path)
    assert lesson.meta.title == "[bold]T[/]"
    assert lesson.body == "A [citation needed] x\n"


def test_text_that_is_only_escapes_counts_as_empty(tmp_path):
    text = 'title = "\\u001b[31m"\n\n[[questions]]\nid = "a"\ntype = "true_false"\n'
    text += 'prompt = "\\u001b]0;x\\u0007"\nanswer = true\nexplanation = "e"\n'
    quiz, problems = parse_quiz(text, tmp_path / "q.toml")
    assert quiz is None
    assert [(p.line, p.message) for p in problems] == [
        (1, "`title` must not be empty"),
        (6, "`prompt` must not be empty"),
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain", "plain"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("crlf\r\nline", "crlf\nline"),
        ("\x1b]0;title\x07after", "after"),
        ("\x1b]0;title\x1b\\after", "after"),
        ("\x1b[1;31mred\x1b[0m", "red"),
        ("\x1bPpayload\x1b\\x", "x"),
        ("\x1b_apc\x1b\\x", "x"),
        ("\x1bcreset", "creset"),  # RIS: the ESC goes, the harmless "c" stays
        ("\x9b31m", "31m"),
        ("a\x00b\x7fc\x85d", "abcd"),
        ("unicode café ✓ 日本", "unicode café ✓ 日本"),
        ("[bold]x[/]", "[bold]x[/]"),
    ],
)
def test_clean_text(raw, clean):
    assert not CONTROL.search(clean_text(raw))
    assert clean_text(raw) == clean
    assert has_control_characters(raw) == (clean_text(raw) != raw.replace("\r\n", "\n"))
