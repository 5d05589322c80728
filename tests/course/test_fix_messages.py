"""`validate` says what is wrong in plain words and points where the fix goes.

Each test writes a real file with one common mistake and checks the exact line and
column of the problem and the words that explain it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.course.loader import parse_lesson, parse_quiz
from trainer.course.problems import Problem
from trainer.course.toml_hints import explain
from trainer.safe_parse import SYNTAX, ParseError, parse_toml

HEAD = 'title = "Effleurage quiz"\n'
QUESTION = """\
[[questions]]
id = "glide"
type = "single"
prompt = "Which stroke glides?"
correct = "Effleurage"
wrong = ["Tapotement", "Friction"]
explanation = "Effleurage glides."
"""
SYNTAX_ERROR = "TOML syntax error: "
OPEN, CLOSE = "\N{LEFT SINGLE QUOTATION MARK}", "\N{RIGHT SINGLE QUOTATION MARK}"
FRAGMENTS = [
    "title", " = ", '"', "'", '"""', "'''", "[", "]", "{", "}", ",", "\n", "#", "x", "1", ".",
    "“", "”", OPEN, CLOSE, " ", "\\", "[[questions]]", "true", "\r\n", "é",
]  # fmt: skip
"""Pieces of TOML, good and bad, that random texts are made of."""


def one_problem(course, text: str, name: str = "quizzes/q.toml") -> tuple[int, int, str]:
    """The line, column and message of the only problem of ``text`` written as ``name``."""
    course.write(name, text, dedent=False)
    problems = course.load().problems
    assert len(problems) == 1, problems
    (problem,) = problems
    return problem.line, problem.col, problem.message


def syntax(course, text: str) -> tuple[int, int, str]:
    line, col, message = one_problem(course, text)
    assert message.startswith(SYNTAX_ERROR)
    return line, col, message.removeprefix(SYNTAX_ERROR)


def question(**changes: str | None) -> str:
    """QUESTION with keys replaced (the value is the whole TOML value) or removed (None)."""
    lines = QUESTION.splitlines()
    out = []
    for line in lines:
        key = line.split(" = ", 1)[0]
        if key in changes:
            value = changes.pop(key)
            if value is not None:
                out.append(f"{key} = {value}")
        else:
            out.append(line)
    out += [f"{key} = {value}" for key, value in changes.items() if value is not None]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------- clean files


def test_a_clean_quiz_and_lesson_have_no_problem(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    assert course.problems() == []


def test_curly_quotes_inside_straight_quoted_text_are_fine(course):
    text = HEAD + question(
        prompt='"Which stroke do the French call “skimming”?"',
        correct=f"'The {OPEN}gliding{CLOSE} one'",
        wrong='["Tapotement", "“Friction”"]',
        explanation='"""It is “effleurage”,\nfrom effleurer."""',
    )
    course.write("quizzes/q.toml", text, dedent=False)
    loaded = course.load()
    assert loaded.problems == []
    (asked,) = loaded.course.quizzes["q"].questions
    assert asked.prompt == "Which stroke do the French call “skimming”?"


# ---------------------------------------------------------------------------- 1. line break


def test_text_not_closed_on_its_line_points_at_its_opening_quote(course):
    text = HEAD + question(explanation='"Effleurage glides\nalong the muscle."')
    line, col, message = syntax(course, text)
    assert (line, col) == (8, 15)  # the `"` after `explanation = `
    assert "the text of `explanation` is not closed on its line" in message
    assert '`"""…"""`' in message and "several lines" in message


def test_text_not_closed_at_the_end_of_the_file(course):
    line, col, message = syntax(course, HEAD + question() + 'lesson = "effleurage')
    assert (line, col) == (9, 10)
    assert "the text of `lesson` is not closed on its line" in message


def test_text_in_single_quotes_not_closed_suggests_triple_single_quotes(course):
    line, col, message = syntax(course, HEAD + question(prompt="'Which stroke\nglides?'"))
    assert (line, col) == (5, 10)
    assert "end it with `'`" in message and "`'''…'''`" in message


def test_a_never_closed_triple_quoted_text_points_at_its_opening(course):
    line, col, message = syntax(course, HEAD + question(explanation='"""Glides.\nAlong.'))
    assert (line, col) == (8, 15)
    assert (
        message == 'the text of `explanation` opened with `"""` is never closed: end it with `"""`'
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('topics = ["strokes" "basics"]', (5, 20, "missing comma between")),
        ("summary = “The gliding stroke.”", (3, 11, "curly (typographic) quotes")),
        ('sources = ["A. Author, A Book"', (6, 31, "has no closing `]`")),
    ],
)
def test_mistakes_in_lesson_front_matter_count_the_fence_line(course, line, expected):
    key = line.split(" ", 1)[0]
    lesson = "\n".join(
        line if old.startswith(key + " ") else old for old in course.LESSON.splitlines()
    )
    found = one_problem(course, lesson + "\n", "lessons/effleurage.md")
    assert found[:2] == expected[:2]
    assert expected[2] in found[2]


def test_front_matter_positions_count_the_fence_line():
    text = '+++\ntitle = "Effleurage"\nsummary = "The long\ngliding stroke."\n+++\nBody\n'
    lesson, problems = parse_lesson(text, Path("lessons/l.md"))
    assert lesson is None
    assert [(p.line, p.col) for p in problems] == [(3, 11)]
    assert "the text of `summary` is not closed on its line" in problems[0].message


# ---------------------------------------------------------------------------- 2. curly quotes


def test_curly_quotes_as_toml_quotes_point_at_the_curly_quote(course):
    line, col, message = syntax(course, HEAD + question(correct="“Effleurage”"))
    assert (line, col) == (6, 11)
    assert message == (
        "curly (typographic) quotes: TOML needs straight ones, so write `“Effleurage”` as "
        '`"Effleurage"`'
    )


@pytest.mark.parametrize(
    ("value", "col", "shown"),
    [
        ('["Tapotement", “Friction”]', 24, "`“Friction”`"),
        (f"{OPEN}Effleurage{CLOSE}", 11, f"`{OPEN}Effleurage{CLOSE}`"),
        ('“Effleurage"', 11, '`“Effleurage"`'),
    ],
)
def test_curly_quotes_in_lists_single_and_mixed(course, value, col, shown):
    key = "wrong" if value.startswith("[") else "correct"
    line, found_col, message = syntax(course, HEAD + question(**{key: value}))
    assert (line, found_col) == (7 if key == "wrong" else 6, col)
    assert "curly (typographic) quotes" in message and "straight" in message
    assert f"write {shown} as `" in message


def test_curly_quotes_around_a_key(course):
    text = HEAD + question() + '\n[questions.feedback]\n“Friction” = "It stays in one place."\n'
    line, col, message = syntax(course, text)
    assert (line, col) == (11, 1)
    assert message.endswith('write `“Friction”` as `"Friction"`')


def test_text_closed_with_a_curly_quote_points_at_it(course):
    line, col, message = syntax(course, HEAD + question(correct='"Effleurage”'))
    assert (line, col) == (6, 22)
    assert message == (
        "`”` is a curly (typographic) quote, so it does not end the text: TOML needs a "
        'straight `"`, as in `"Effleurage"`'
    )


# ---------------------------------------------------------------------------- 3. a quote inside


def test_a_quote_inside_text_points_at_the_quote_that_ends_it(course):
    line, col, message = syntax(course, HEAD + question(prompt='"The "long" stroke?"'))
    assert (line, col) == (5, 15)  # the `"` before `long`
    assert message.startswith('this `"` ends the text early: write a quote inside text as `\\"`')
    assert "`'…'`" in message and '`"""…"""`' in message
    assert message.endswith('as in `"The \\"long\\" stroke?"`')


def test_a_quote_inside_a_list_item(course):
    line, col, message = syntax(course, HEAD + question(wrong='["The "long" one", "Friction"]'))
    assert (line, col) == (7, 15)
    assert 'this `"` ends the text early' in message
    assert message.endswith('as in `"The \\"long\\" one"`')


def test_an_apostrophe_in_single_quotes(course):
    line, col, message = syntax(course, HEAD + question(correct="'Ling's stroke'"))
    assert (line, col) == (6, 16)
    assert "this `'` ends the text early" in message
    assert "use double quotes" in message and '`"Ling\'s stroke"`' in message


# ---------------------------------------------------------------------------- 4. lists


def test_missing_comma_points_at_the_end_of_the_earlier_item(course):
    line, col, message = syntax(course, HEAD + question(wrong='["Tapotement" "Friction"]'))
    assert (line, col) == (7, 22)  # just after "Tapotement"
    assert message == (
        'missing comma between `"Tapotement"` and `"Friction"` in the list `wrong`: '
        'write `"Tapotement", "Friction"`'
    )


def test_missing_comma_at_the_end_of_a_line(course):
    text = HEAD + question(wrong='[\n    "Tapotement"\n    "Friction",\n]')
    line, col, message = syntax(course, text)
    assert (line, col) == (8, 17)
    assert message.startswith('missing comma between `"Tapotement"` and `"Friction"`')


def test_missing_comma_between_pairs(course):
    text = HEAD + question(type='"matching"', correct=None, wrong=None)
    text += 'pairs = [\n  ["Effleurage", "Glide"]\n  ["Tapotement", "Strike"],\n]\n'
    line, col, message = syntax(course, text)
    assert (line, col) == (8, 26)  # just after ["Effleurage", "Glide"]
    assert 'missing comma between `["Effleurage", "Glide"]` and `["Tapotement"' in message


def test_missing_closing_bracket_before_the_next_key(course):
    # tomllib stops on line 8 (`explanation`); the `]` belongs after "Friction" on line 7.
    line, col, message = syntax(course, HEAD + question(wrong='["Tapotement", "Friction"'))
    assert (line, col) == (7, 34)
    assert message == (
        "the list `wrong`, opened on line 7, has no closing `]`: put `]` after its last item"
    )


def test_missing_closing_bracket_of_a_list_over_several_lines(course):
    text = HEAD + question(explanation=None) + '\n[[questions]]\nid = "b"\n'
    text = text.replace(
        'wrong = ["Tapotement", "Friction"]', 'wrong = [\n  "Tapotement",\n  "Friction",'
    )
    line, col, message = syntax(course, text)
    assert (line, col) == (9, 14)  # after `"Friction",`, not at `[[questions]]`
    assert "the list `wrong`, opened on line 7, has no closing `]`" in message


def test_missing_closing_bracket_at_the_end_of_the_file(course):
    line, col, message = syntax(course, HEAD + question(explanation=None) + 'order = ["a", "b"\n')
    assert (line, col) == (8, 18)
    assert "the list `order`, opened on line 8, has no closing `]`" in message


def test_a_list_that_is_neither_is_reported_at_its_bracket(course):
    line, col, message = syntax(course, HEAD + question(wrong='["Tapotement" Friction]'))
    assert (line, col) == (7, 9)
    assert message == "the list `wrong` needs a comma between its items, or a `]` to close it"


# ---------------------------------------------------------------------------- other syntax


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Effleurage", 'text must be in quotes: `correct = "Effleurage"`'),
        (
            'Effleurage"',
            'text must be in quotes (the opening `"` is missing): `correct = "Effleurage"`',
        ),
        ("", "`correct =` has no value: write one after the `=`"),
    ],
)
def test_text_without_quotes_and_a_missing_value(course, value, expected):
    line, col, message = syntax(course, HEAD + question(correct=value))
    assert (line, col) == (6, 11)
    assert message.startswith(expected)


def test_true_written_with_a_capital(course):
    line, col, message = syntax(course, "shuffle = True\n" + HEAD + question())
    assert (line, col, message) == (1, 11, "write `true` in lower case, without quotes")


def test_an_inline_table_not_closed_on_its_line(course):
    text = HEAD + question(feedback='{ "Friction" = "It stays in one place."\n')
    line, col, message = syntax(course, text)
    assert (line, col) == (9, 51)  # the end of the line
    assert "`feedback = { … }` is not closed on its line: put `}` at the end" in message


def test_errors_not_recognised_keep_tomllib_message(course):
    line, col, message = syntax(course, HEAD + "when = 1979-02-30\n" + question())
    assert (line, col, message) == (2, 8, "Invalid date or datetime")


# ---------------------------------------------------------------------------- 5. quiz settings


@pytest.mark.parametrize("setting", ["shuffle = false", "pass_mark = 70", 'mode = "exam"'])
def test_a_quiz_setting_after_the_questions(course, setting):
    key = setting.split(" ")[0]
    line, col, message = one_problem(course, HEAD + question() + setting + "\n")
    assert (line, col) == (9, 1)
    assert message == (
        f"`{key}` is a quiz setting: it belongs before the first `[[questions]]`, at the top "
        "of the file (here TOML reads it as part of question 1)"
    )


def test_a_title_after_the_questions_is_not_also_missing(course):
    line, col, message = one_problem(course, question() + 'title = "Quiz"\n')
    assert (line, col) == (8, 1)
    assert message.startswith("`title` is a quiz setting: it belongs before the first")


# ---------------------------------------------------------------------------- 6. answer format


def test_choices_on_a_single_question_is_one_message_with_the_fix(course):
    text = HEAD + question(
        correct=None, wrong=None, choices='["Effleurage", "Petrissage", "Tapotement"]'
    )
    line, col, message = one_problem(course, text)
    assert (line, col) == (7, 1)
    # The file does not say which choice is right: the form is shown with placeholders,
    # never with choices the instructor did not write.
    assert message == (
        "a `single` question lists its choices as `correct` (the right one) and `wrong` "
        '(the others), not `choices`; write them in this form: `correct = "the right choice"`; '
        '`wrong = ["a wrong choice", "another"]`'
    )


def test_choices_and_answer_give_the_rewritten_question(course):
    text = HEAD + question(
        correct=None,
        wrong=None,
        options='["Petrissage", "Effleurage", "Friction"]',
        answer='"Effleurage"',
    )
    line, col, message = one_problem(course, text)
    assert (line, col) == (7, 1)
    assert "not `options` or `answer`" in message
    assert message.endswith('`correct = "Effleurage"`; `wrong = ["Petrissage", "Friction"]`')


def test_answers_on_a_multiple_question(course):
    text = HEAD + question(
        type='"multiple"', correct=None, wrong=None, answers='["Hacking", "Cupping"]'
    )
    line, col, message = one_problem(course, text)
    assert (line, col) == (7, 1)
    assert message.startswith(
        "a `multiple` question lists its choices as `correct` (the right ones)"
    )
    assert "Effleurage" not in message and "Hacking" not in message.split(";")[1]
    assert 'in this form: `correct = ["a right choice", "another"]`' in message


def test_correct_on_a_true_false_question(course):
    text = HEAD + question(type='"true_false"', correct="true", wrong=None)
    line, col, message = one_problem(course, text)
    assert (line, col) == (6, 1)
    assert message == (
        "a `true_false` question gives its answer as `answer = true` or `answer = false` "
        "(no quotes), not `correct`"
    )


def test_answer_on_a_short_question(course):
    text = HEAD + question(type='"short"', correct=None, wrong=None, answer='"petrissage"')
    line, col, message = one_problem(course, text)
    assert (line, col) == (7, 1)
    assert message == (
        "a `short` question lists every answer it accepts as `accept`, not `answer`: "
        '`accept = ["petrissage"]`'
    )


# ---------------------------------------------------------------------------- 7. near repeats


def test_a_near_repeat_of_correct_in_wrong(course):
    text = HEAD + question(
        correct='"Long gliding strokes"', wrong='["long  gliding strokes.", "Kneading"]'
    )
    line, col, message = one_problem(course, text)
    assert (line, col) == (7, 1)
    assert message == (
        "'long  gliding strokes.' in `wrong` is the same choice as 'Long gliding strokes' "
        "in `correct` (only case, spacing or end punctuation differ)"
    )


def test_near_repeats_within_wrong_and_within_correct(course):
    text = HEAD + question(wrong='["Kneading", "kneading!", "Friction"]')
    text += question(
        id='"many"', type='"multiple"', correct='["Hacking", "hacking ."]', wrong='["Wringing"]'
    )
    course.write("quizzes/q.toml", text, dedent=False)
    differ = "(only case, spacing or end punctuation differ)"
    assert [(p.line, p.col, p.message) for p in course.load().problems] == [
        (7, 1, f"choice 'kneading!' is the same as 'Kneading' {differ}"),
        (13, 1, f"choice 'hacking .' is the same as 'Hacking' {differ}"),
    ]


# ---------------------------------------------------------------------------- 8. feedback


@pytest.mark.parametrize(
    ("kind", "answer"),
    [("true_false", "answer = true"), ("short", 'accept = ["effleurage"]')],
)
def test_feedback_on_a_type_without_it_names_the_types_with_it(course, kind, answer):
    text = HEAD + question(type=f'"{kind}"', correct=None, wrong=None)
    text += answer + '\nfeedback = { "x" = "y" }\n'
    line, col, message = one_problem(course, text)
    assert (line, col) == (8, 1)
    assert message == (
        f"`feedback` is only for `single` and `multiple` questions (a note for each choice), "
        f"not `{kind}`; put what it says in `explanation`"
    )


# ---------------------------------------------------------------------------- 9. pass mark


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("pass_mark = 72.5", "`pass_mark` must be a whole number of percent, such as 80"),
        ("time_limit = 45.5", "`time_limit` must be a whole number of minutes, such as 45"),
    ],
)
def test_a_decimal_pass_mark_or_time_limit(course, setting, expected):
    text = HEAD + setting + '\nmode = "exam"\n' + question()
    assert one_problem(course, text) == (2, 1, expected)


# ---------------------------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_any_syntax_error_gets_a_position_inside_the_text(text):
    try:
        parse_toml(text)
    except ParseError as exc:
        if exc.kind != SYNTAX or exc.line is None:
            return
        hint = explain(text, exc.line, exc.column or 1, exc.reason)
        if hint is not None:
            lines = text.split("\n")
            assert 1 <= hint.line <= len(lines)
            assert 1 <= hint.col <= len(lines[hint.line - 1]) + 1
            assert "\n" not in hint.message


def test_every_message_is_one_line():
    texts = [
        HEAD + question(explanation='"a\nb"'),
        HEAD + question(correct="“x”"),
        HEAD + question(prompt='"The "long" one"'),
        HEAD + question(wrong='["a" "b"]'),
        HEAD + question(correct=None, wrong=None, choices='["a", "b"]'),
    ]
    for text in texts:
        _, problems = parse_quiz(text, Path("q.toml"))
        assert problems and all(isinstance(p, Problem) and "\n" not in p.message for p in problems)


def test_a_setting_after_a_feedback_sub_table_is_called_a_quiz_setting(course):
    feedback = '\n[questions.feedback]\n"Friction" = "It stays put."\n\nshuffle = false\n'
    text = HEAD + question() + feedback
    line, _, message = one_problem(course, text)
    assert line == len(text.splitlines())
    assert message.startswith("`shuffle` is a quiz setting: it belongs before the first")


def test_one_pair_of_brackets_around_questions_says_to_use_two(course):
    line, _, message = one_problem(course, 'title = "Q"\n\n[questions]\nid = "a"\n')
    assert (line, message) == (
        3,
        "`[questions]` (one pair of brackets) makes a single table: begin each question "
        "with `[[questions]]`, two pairs of brackets",
    )


def test_a_key_given_twice_is_named_at_its_second_place(course):
    line, col, message = one_problem(
        course, HEAD + question(correct='"Effleurage"\ncorrect = "Friction"')
    )
    assert (line, col) == (7, 1)  # correct is line 6; its repeat, line 7
    assert message.startswith("TOML syntax error: `correct` is given twice in the same table")
    lesson = '+++\ntitle = "T"\nsummary = "S."\nsummary = "Again."\n+++\nText.\n'
    _, problems = parse_lesson(lesson, Path("l.md"))
    assert [(p.line, p.col) for p in problems] == [(4, 1)]
    assert "`summary` is given twice" in problems[0].message


def test_a_windows_path_in_double_quotes_suggests_single_quotes(course):
    line, col, message = one_problem(course, 'title = "C:\\Users\\anna"\n')
    assert (line, col) == (1, 12)
    assert "put the text in single quotes" in message


def test_a_table_declared_twice(course):
    text = HEAD + question() + "\n[questions.feedback]\nx = 'y'\n\n[questions.feedback]\n"
    line, col, message = one_problem(course, text)
    assert (line, col) == (len(text.splitlines()), 1)
    assert message.endswith("is declared twice: put its keys under the first one")
