"""Starting files for ``massage-trainer new course|lesson|quiz``: commented and valid as
written. The placeholder texts are named here once: ``validate`` warns when they are left."""

from __future__ import annotations

import json

from trainer.course.files import slug

PLACEHOLDER_SUMMARY = "One sentence shown in the lesson list."
PLACEHOLDER_SOURCE = "Author, Title, year"
PLACEHOLDER_BODY = "Write the lesson in Markdown."
PLACEHOLDER_DESCRIPTION = "What the course covers, in a sentence or two."
EXAMPLE_SINGLE_PROMPT = "Which stroke uses long, gliding movements?"
EXAMPLE_TRUE_FALSE_PROMPT = "Tapotement is usually more stimulating than relaxing."
EXAMPLE_QUESTIONS = {
    "example-single": EXAMPLE_SINGLE_PROMPT,
    "example-true-false": EXAMPLE_TRUE_FALSE_PROMPT,
}
"""The template quiz's example questions, by id: left in a real quiz they are noise."""

COURSE_TEMPLATE = """\
#:schema ./schemas/course.schema.json

# About the course as a whole (TOML). Every key is optional.
id = "{id}"   # lasting id, used in learning records (xAPI): keep it if the title changes
title = {title}
description = "{description}"
author = ""
version = "0.1"
"""

LESSON_TEMPLATE = """\
+++
# Lesson front matter (TOML). The lesson id is the file name: {id}.
title = "{title}"
summary = "{summary}"
order = 1000                # position in the course; ties are broken by id
topics = ["techniques"]     # tags used to group mastery
sources = ["{source}"]
{quiz_line}# the quiz that tests this lesson (quizzes/{id}.toml);
                            # several: quiz = ["{id}-practice", "{id}-test"]
+++

## Introduction

{body} Each `##` heading starts a new page in the reader,
and the outline lists them.

- Lists, **bold**, *italic*, tables and `code` all work.
- Text in square brackets, like [this], is shown as written.

## Key terms

- **Term**: what it means.
"""

QUIZ_TEMPLATE = """\
#:schema ../schemas/quiz.schema.json

# A quiz (TOML). The quiz id is the file name: {id}.
title = "{title}"
{lesson_line}# the lesson this quiz tests (lessons/{id}.md)
pass_mark = 80              # percent needed to pass
shuffle = true              # shuffle questions and choices on every attempt
mode = "practice"           # "practice": feedback after each question; "exam": at the end

# Every question has a unique id (never reuse one: history is kept by id), a type,
# a prompt and an explanation. Answers are written as text, never as positions.

[[questions]]
id = "example-single"
type = "single"
prompt = "{single_prompt}"
correct = "Effleurage"
wrong = ["Tapotement", "Friction"]
explanation = "Effleurage glides in long strokes; tapotement strikes; friction stays put."
feedback = {{ "Tapotement" = "Tapotement is rhythmic striking, not gliding." }}

[[questions]]
id = "example-true-false"
type = "true_false"
prompt = "{tf_prompt}"
answer = true
explanation = "Brisk percussion wakes tissue up, which is why it is used briefly."

# Other types, to copy and fill in:
#
# [[questions]]
# id = "example-multiple"
# type = "multiple"
# prompt = "Which are forms of tapotement?"
# correct = ["Hacking", "Cupping"]
# wrong = ["Wringing"]
# explanation = "..."
#
# [[questions]]
# id = "example-short"
# type = "short"
# prompt = "Name the kneading stroke."
# accept = ["petrissage", "pétrissage"]   # case, spacing and one small typo are forgiven
# explanation = "..."
#
# [[questions]]
# id = "example-matching"
# type = "matching"
# prompt = "Match each stroke to its movement."
# pairs = [["Effleurage", "gliding"], ["Petrissage", "kneading"]]
# explanation = "..."
#
# [[questions]]
# id = "example-ordering"
# type = "ordering"
# prompt = "Put these in the usual session order."
# order = ["Effleurage", "Petrissage", "Effleurage to close"]
# explanation = "..."
"""


def _title_from_id(item_id: str) -> str:
    return item_id.replace("-", " ").replace("_", " ").strip().capitalize() or item_id


def _link_line(key: str, item_id: str, active: bool) -> str:
    """``key = "id"`` padded to the comment column, commented out unless ``active``."""
    line = f'{key} = "{item_id}"' if active else f'# {key} = "{item_id}"'
    return f"{line:<27} " if len(line) < 27 else f"{line}  "


def lesson_template(lesson_id: str, *, link_quiz: bool = False) -> str:
    """A new lesson file's text; ``link_quiz`` when ``quizzes/<id>.toml`` already exists."""
    return LESSON_TEMPLATE.format(
        id=lesson_id,
        title=_title_from_id(lesson_id),
        quiz_line=_link_line("quiz", lesson_id, link_quiz),
        summary=PLACEHOLDER_SUMMARY,
        source=PLACEHOLDER_SOURCE,
        body=PLACEHOLDER_BODY,
    )


def quiz_template(quiz_id: str, *, link_lesson: bool = False) -> str:
    """A new quiz file's text; ``link_lesson`` when ``lessons/<id>.md`` already exists."""
    return QUIZ_TEMPLATE.format(
        id=quiz_id,
        title=_title_from_id(quiz_id),
        lesson_line=_link_line("lesson", quiz_id, link_lesson),
        single_prompt=EXAMPLE_SINGLE_PROMPT,
        tf_prompt=EXAMPLE_TRUE_FALSE_PROMPT,
    )


def course_template(title: str) -> str:
    """A new ``course.toml``'s text."""
    return COURSE_TEMPLATE.format(
        # A JSON string is a valid TOML basic string: quotes, backslashes and control
        # characters in a folder's name come out escaped.
        title=json.dumps(title, ensure_ascii=False),
        id=slug(title),
        description=PLACEHOLDER_DESCRIPTION,
    )


def title_from_folder(name: str) -> str:
    """A course title from its folder's name: ``swedish-massage`` -> ``Swedish massage``."""
    return _title_from_id(name)
