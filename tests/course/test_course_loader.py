"""Every validation rule, checked on real files with exact ``line:col`` positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unprivileged import run_cli_unprivileged
from trainer.course.loader import load_course, load_lesson, load_quiz, read_text
from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    ShortAnswer,
    TrueFalse,
    _survives_normalising,
)
from trainer.course.problems import CourseError, Problem
from trainer.quiz.grading import normalise

QUESTION = """
[[questions]]
id = "{id}"
type = "single"
prompt = "Which stroke glides?"
correct = "Effleurage"
wrong = ["Tapotement", "Friction"]
explanation = "Effleurage glides."
"""


def quiz_text(*questions: str, head: str = 'title = "Quiz"\n') -> str:
    return head + "".join(questions)


# ---------------------------------------------------------------------------- clean course


def test_clean_course_loads_every_question_type(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write(
        "quizzes/final.toml",
        """\
        title = "Final exam"
        pass_mark = 70
        shuffle = false
        mode = "exam"

        [[questions]]
        id = "multi"
        type = "multiple"
        prompt = "Which are tapotement?"
        correct = ["Hacking", "Cupping"]
        wrong = ["Wringing"]
        explanation = "Hacking and cupping strike."
        feedback = { "Wringing" = "Wringing is petrissage." }

        [[questions]]
        id = "tf"
        type = "true_false"
        prompt = "Effleurage glides."
        answer = true
        explanation = "It does."

        [[questions]]
        id = "short"
        type = "short"
        prompt = "Name the kneading stroke."
        accept = ["petrissage", "pétrissage"]
        explanation = "Petrissage kneads."

        [[questions]]
        id = "match"
        type = "matching"
        prompt = "Match."
        pairs = [["Effleurage", "gliding"], ["Petrissage", "kneading"]]
        explanation = "As named."

        [[questions]]
        id = "order"
        type = "ordering"
        prompt = "Order."
        order = ["Effleurage", "Petrissage", "Effleurage"]
        explanation = "Open and close with effleurage."
        """,
    )
    course.write(
        "course.toml",
        """\
        title = "Course"
        description = "d"
        author = "a"
        version = "1.0"
        about = "# About"
        """,
    )
    # A duplicated ordering item is a problem; fix it and the course is clean.
    assert course.problems() == [
        "quizzes/final.toml:40:1: item 'Effleurage' appears more than once"
    ]
    path = course.root / "quizzes/final.toml"
    path.write_text(path.read_text().replace('"Effleurage"]\nexpl', '"Close"]\nexpl'))
    loaded = course.load()
    assert loaded.problems == []
    c = loaded.course
    assert c.info.title == "Course" and c.info.about == "# About"
    assert [lesson.id for lesson in c.lessons] == ["effleurage"]
    assert set(c.quizzes) == {"effleurage", "final"}
    final = c.quizzes["final"]
    assert (final.pass_mark, final.shuffle, final.mode) == (70, False, "exam")
    types = [type(q) for q in final.questions]
    assert types == [MultipleChoice, TrueFalse, ShortAnswer, Matching, Ordering]
    assert final.questions[0].feedback == {"Wringing": "Wringing is petrissage."}
    quiz = c.quizzes["effleurage"]
    assert (quiz.pass_mark, quiz.shuffle, quiz.mode) == (80, True, "practice")
    assert c.quizzes_for(c.lessons[0]) == [quiz]
    assert c.lesson_for(quiz) is c.lessons[0]
    assert c.standalone_quizzes() == [final]


def test_lessons_sorted_by_order_then_id(course):
    for name, order in [("b", 2), ("a", 2), ("c", 1), ("d", 0)]:
        course.write(
            f"lessons/{name}.md",
            f'+++\ntitle = "{name}"\nsummary = "s"\norder = {order}\n+++\nBody\n',
        )
    loaded = course.load()
    assert loaded.problems == []
    assert [lesson.id for lesson in loaded.course.lessons] == ["d", "c", "a", "b"]


def test_lesson_body_and_body_line(course):
    course.write("lessons/l.md", '+++\ntitle = "T"\nsummary = "S"\n+++\n\n# Head\n')
    lesson = load_lesson(course.root / "lessons/l.md")
    assert lesson.body == "\n# Head\n"
    assert lesson.body_line == 5
    assert lesson.meta.order == 0 and lesson.meta.topics == [] and lesson.meta.quiz is None


def test_crlf_and_bom_are_accepted(course):
    text = course.LESSON.replace('quiz = "effleurage"\n', "").replace("\n", "\r\n")
    course.write("lessons/l.md", b"\xef\xbb\xbf" + text.encode())
    course.write(
        "quizzes/q.toml",
        b"\xef\xbb\xbf"
        + course.QUIZ.replace('lesson = "effleurage"\n', "").replace("\n", "\r\n").encode(),
    )
    loaded = course.load()
    assert loaded.problems == []
    assert "\r" not in loaded.course.lessons[0].body


# ---------------------------------------------------------------------------- TOML syntax


def test_toml_syntax_error_in_quiz_has_its_position(course):
    course.write("quizzes/q.toml", 'title = "Quiz"\n\n[[questions]]\nid = "a\nprompt = "p"\n')
    problems = course.problems()
    assert len(problems) == 1
    # At the opening quote of the text that is not closed, where the fix goes.
    assert problems[0].startswith("quizzes/q.toml:4:6: TOML syntax error: the text of `id` ")
    assert "(at line" not in problems[0]


def test_toml_syntax_error_in_front_matter_counts_the_fence_line(course):
    course.write("lessons/l.md", '+++\ntitle = "T"\nsummary = = "S"\n+++\nBody\n')
    problems = course.problems()
    assert len(problems) == 1
    assert problems[0].startswith("lessons/l.md:3:11: TOML syntax error: ")


def test_toml_error_at_end_of_document(course):
    course.write("quizzes/q.toml", 'title = "x"\nquestions = [\n')
    (problem,) = course.problems()
    assert problem == (
        "quizzes/q.toml:2:14: TOML syntax error: the list `questions`, opened on line 2, "
        "has no closing `]`: put `]` to close it"
    )


def test_toml_syntax_error_course_toml(course):
    course.write("course.toml", 'title = "x"\nauthor = \n')
    (problem,) = course.problems()
    assert problem.startswith("course.toml:2:10: TOML syntax error: ")


# ---------------------------------------------------------------------------- keys


def test_unknown_key_suggests_the_near_name(course):
    course.write(
        "quizzes/q.toml",
        quiz_text(
            """
[[questions]]
id = "a"
type = "single"
prompt = "p"
corect = "x"
wrong = ["y"]
explanation = "e"
""",
            head='title = "Quiz"\npas_mark = 50\n',
        ),
    )
    assert course.problems() == [
        "quizzes/q.toml:2:1: unknown key `pas_mark` (did you mean `pass_mark`?)",
        "quizzes/q.toml:4:3: missing required key `correct`",
        "quizzes/q.toml:8:1: unknown key `corect` (did you mean `correct`?)",
    ]


def test_unknown_key_without_near_name_has_no_suggestion(course):
    course.write(
        "quizzes/q.toml", quiz_text(QUESTION.format(id="a"), head='title = "Q"\nzzz = 1\n')
    )
    assert course.problems() == ["quizzes/q.toml:2:1: unknown key `zzz`"]


def test_unknown_key_in_front_matter_and_course_toml(course):
    course.write("lessons/l.md", '+++\ntitle = "T"\nsumary = "S"\n+++\nBody\n')
    course.write("course.toml", 'title = "C"\nauthr = "me"\n')
    assert course.problems() == [
        "course.toml:2:1: unknown key `authr` (did you mean `author`?)",
        "lessons/l.md:2:1: missing required key `summary`",
        "lessons/l.md:3:1: unknown key `sumary` (did you mean `summary`?)",
    ]


def test_missing_keys_in_quiz(course):
    course.write("quizzes/q.toml", "# nothing here\n")
    assert course.problems() == [
        "quizzes/q.toml:1:1: missing required key `questions`",
        "quizzes/q.toml:1:1: missing required key `title`",
    ]


def test_question_without_type(course):
    course.write(
        "quizzes/q.toml",
        'title = "Q"\n\n[[questions]]\nid = "a"\nprompt = "p"\nexplanation = "e"\n',
    )
    (problem,) = course.problems()
    assert problem.startswith("quizzes/q.toml:3:3: question has no `type`; add one of: single")


def test_unknown_question_type_suggests(course):
    course.write(
        "quizzes/q.toml",
        'title = "Q"\n\n[[questions]]\nid = "a"\ntype = "shortt"\nprompt = "p"\n'
        'explanation = "e"\naccept = ["x"]\n',
    )
    assert course.problems() == [
        "quizzes/q.toml:5:1: unknown question type 'shortt' (did you mean `short`?); "
        "use one of: single, multiple, true_false, short, matching, ordering"
    ]


def test_key_of_another_question_type_is_unknown(course):
    course.write(
        "quizzes/q.toml",
        'title = "Q"\n\n[[questions]]\nid = "a"\ntype = "true_false"\nprompt = "p"\n'
        'explanation = "e"\nanswer = true\ncorrect = "x"\n',
    )
    assert course.problems() == [
        "quizzes/q.toml:9:1: a `true_false` question gives its answer as `answer = true` or "
        "`answer = false` (no quotes), not `correct`"
    ]


# ---------------------------------------------------------------------------- types


def test_wrong_types_are_named_in_plain_words(course):
    course.write(
        "quizzes/q.toml",
        """\
        title = 3
        pass_mark = "80"
        shuffle = "yes"
        mode = "exams"

        [[questions]]
        id = "a"
        type = "single"
        prompt = "p"
        correct = ["x"]
        wrong = "y"
        explanation = "e"

        [[questions]]
        id = "b"
        type = "true_false"
        prompt = "p"
        answer = "true"
        explanation = 1.5
        """,
    )
    assert course.problems() == [
        "quizzes/q.toml:1:1: `title` must be text in quotes, not a whole number",
        "quizzes/q.toml:2:1: `pass_mark` must be a whole number, not text",
        "quizzes/q.toml:3:1: `shuffle` must be true or false (no quotes), not text",
        "quizzes/q.toml:4:1: `mode` must be one of 'practice' or 'exam', not 'exams'",
        "quizzes/q.toml:10:1: `correct` must be text in quotes, not a list",
        'quizzes/q.toml:11:1: `wrong` must be a list like ["a", "b"], not text',
        "quizzes/q.toml:18:1: `answer` must be true or false (no quotes), not text",
        "quizzes/q.toml:19:1: `explanation` must be text in quotes, not a number",
    ]


def test_pass_mark_range(course):
    course.write(
        "quizzes/q.toml", quiz_text(QUESTION.format(id="a"), head="title = 'Q'\npass_mark = 101\n")
    )
    assert course.problems() == [
        "quizzes/q.toml:2:1: `pass_mark` must be between 0 and 100, not 101"
    ]


def test_wrong_types_in_front_matter(course):
    course.write(
        "lessons/l.md",
        '+++\ntitle = "T"\nsummary = "S"\norder = "first"\ntopics = "a"\nsources = [1]\n'
        "quiz = 2024-01-01\n+++\nBody\n",
    )
    assert course.problems() == [
        "lessons/l.md:4:1: `order` must be a whole number, not text",
        'lessons/l.md:5:1: `topics` must be a list like ["a", "b"], not text',
        "lessons/l.md:6:1: `sources` (item 1) must be text in quotes, not a whole number",
        'lessons/l.md:7:1: `quiz` must be a quiz id in quotes, or a list of them like ["a", '
        '"b"], not a date/time',
    ]


def test_invalid_ids(course):
    course.write(
        "quizzes/q.toml",
        quiz_text(QUESTION.format(id="has space"), head='title = "Q"\nlesson = "../x"\n'),
    )
    course.write("lessons/bad name.md", '+++\ntitle = "T"\nsummary = "S"\n+++\nBody\n')
    problems = course.problems()
    assert problems[0].startswith(
        "lessons/bad name.md:1:1: the file name gives the lesson id 'bad name'"
    )
    assert problems[1].startswith("quizzes/q.toml:2:1: `lesson` '../x' may contain only")
    assert problems[2].startswith("quizzes/q.toml:5:1: `id` 'has space' may contain only")
    assert len(problems) == 3


# ---------------------------------------------------------------------------- semantics


def test_duplicate_question_ids(course):
    course.write(
        "quizzes/q.toml",
        quiz_text(QUESTION.format(id="a"), QUESTION.format(id="b"), QUESTION.format(id="a")),
    )
    assert course.problems() == [
        "quizzes/q.toml:20:1: question id 'a' is already used by question 1"
    ]


def test_duplicate_choices_and_correct_in_wrong(course):
    course.write(
        "quizzes/q.toml",
        """\
        title = "Q"

        [[questions]]
        id = "s"
        type = "single"
        prompt = "p"
        correct = "Effleurage"
        wrong = ["Friction", "friction ", "effleurage"]
        explanation = "e"

        [[questions]]
        id = "m"
        type = "multiple"
        prompt = "p"
        correct = ["A", "A"]
        wrong = ["B"]
        explanation = "e"
        feedback = { "C" = "not a choice" }
        """,
    )
    assert course.problems() == [
        "quizzes/q.toml:8:1: 'Effleurage' is listed in both `correct` and `wrong`",
        "quizzes/q.toml:8:1: choice 'friction ' appears more than once",
        "quizzes/q.toml:15:1: choice 'A' appears more than once",
        "quizzes/q.toml:18:1: feedback for 'C', which is not one of the choices",
    ]


def test_duplicate_short_answers_pairs_and_order_items(course):
    course.write(
        "quizzes/q.toml",
        """\
        title = "Q"

        [[questions]]
        id = "s"
        type = "short"
        prompt = "p"
        accept = ["x", "X"]
        explanation = "e"

        [[questions]]
        id = "m"
        type = "matching"
        prompt = "p"
        explanation = "e"
        pairs = [
          ["a", "1"],
          ["a", "1"],
        ]
        """,
    )
    assert course.problems() == [
        "quizzes/q.toml:7:1: answer 'X' is listed more than once",
        "quizzes/q.toml:15:1: left item 'a' appears more than once",
        "quizzes/q.toml:15:1: right item '1' appears more than once",
    ]


def test_an_accepted_answer_that_no_typed_answer_can_match(course):
    """Answers are compared without punctuation, spaces, case and accents: "!!!" is empty
    once they are gone, so no typed answer could ever match it."""
    course.write(
        "quizzes/q.toml",
        """\
        title = "Q"

        [[questions]]
        id = "s"
        type = "short"
        prompt = "p"
        accept = ["Effleurage", "!!!", " _ ", "\\u0301"]  # a lone accent
        explanation = "e"
        """,
    )
    message = "has no letters or digits, so no typed answer can match it"
    assert course.problems() == [
        f"quizzes/q.toml:7:1: answer ' _ ' {message}",
        f"quizzes/q.toml:7:1: answer '!!!' {message}",
        f"quizzes/q.toml:7:1: answer '\u0301' {message}",
    ]


@given(st.text(max_size=8))
def test_the_unmatchable_answer_rule_is_the_grading_rule(text: str) -> None:
    """Course files are checked without importing trainer.quiz: the rule is repeated."""
    assert _survives_normalising(text) == bool(normalise(text))


@pytest.mark.parametrize(("key", "line"), [("prompt", 6), ("explanation", 9)])
def test_empty_prompt_or_explanation(course, key, line):
    text = QUESTION.format(id="a")
    text = text.replace(text[text.index(f"{key} = ") :].split("\n")[0], f'{key} = "  "')
    course.write("quizzes/q.toml", quiz_text(text))
    assert course.problems() == [f"quizzes/q.toml:{line}:1: `{key}` must not be empty"]


def test_empty_title_and_choice(course):
    course.write(
        "quizzes/q.toml",
        quiz_text(QUESTION.format(id="a").replace('"Friction"', '""'), head='title = ""\n'),
    )
    assert course.problems() == [
        "quizzes/q.toml:1:1: `title` must not be empty",
        "quizzes/q.toml:8:1: `wrong` (item 2) must not be empty",
    ]


def test_matching_and_ordering_need_two_items(course):
    course.write(
        "quizzes/q.toml",
        """\
        title = "Q"

        [[questions]]
        id = "m"
        type = "matching"
        prompt = "p"
        pairs = [["a", "b"]]
        explanation = "e"

        [[questions]]
        id = "o"
        type = "ordering"
        prompt = "p"
        order = ["a"]
        explanation = "e"

        [[questions]]
        id = "p"
        type = "matching"
        prompt = "p"
        pairs = [["a", "b"], ["c"]]
        explanation = "e"
        """,
    )
    assert course.problems() == [
        "quizzes/q.toml:7:1: `pairs` needs at least 2 items, has 1",
        "quizzes/q.toml:14:1: `order` needs at least 2 items, has 1",
        'quizzes/q.toml:21:1: each pair needs exactly 2 items: ["left", "right"]',
    ]


def test_choice_questions_need_a_wrong_choice_and_quiz_needs_questions(course):
    course.write("quizzes/q.toml", 'title = "Q"\nquestions = []\n')
    course.write(
        "quizzes/r.toml",
        quiz_text(QUESTION.format(id="a").replace('["Tapotement", "Friction"]', "[]")),
    )
    assert course.problems() == [
        "quizzes/q.toml:2:1: `questions` needs at least 1 item, has 0",
        "quizzes/r.toml:8:1: `wrong` needs at least 1 item, has 0",
    ]


def test_every_problem_in_one_run(course):
    """Structural errors in one question do not hide semantic ones in another."""
    course.write(
        "quizzes/q.toml",
        """\
        title = "Q"
        pas_mark = 1

        [[questions]]
        id = "a"
        type = "single"
        prompt = ""
        correct = "x"
        wrong = ["y"]
        explanation = "e"

        [[questions]]
        id = "b"
        type = "single"
        prompt = "p"
        correct = "x"
        wrong = ["x", "z", "z"]
        explanation = "e"

        [[questions]]
        id = "b"
        type = "ordering"
        prompt = "p"
        order = ["only"]
        explanation = "e"
        """,
    )
    course.write("lessons/l.md", "no front matter\n")
    course.write("quizzes/r.toml", "title = \n")
    assert course.problems() == [
        "lessons/l.md:1:1: a lesson must start with a `+++` line, then its TOML front matter "
        "(title, summary, ...), then another `+++` line",
        "quizzes/q.toml:2:1: unknown key `pas_mark` (did you mean `pass_mark`?)",
        "quizzes/q.toml:7:1: `prompt` must not be empty",
        "quizzes/q.toml:17:1: 'x' is listed in both `correct` and `wrong`",
        "quizzes/q.toml:17:1: choice 'z' appears more than once",
        "quizzes/q.toml:21:1: question id 'b' is already used by question 2",
        "quizzes/q.toml:24:1: `order` needs at least 2 items, has 1",
        "quizzes/r.toml:1:9: TOML syntax error: `title =` has no value: write one after the "
        "`=`, such as text in quotes, a number, or true or false",
    ]


# ---------------------------------------------------------------------------- lessons


def test_lesson_front_matter_never_closed(course):
    course.write("lessons/l.md", '+++\ntitle = "T"\n')
    assert course.problems() == [
        "lessons/l.md:1:1: the front matter opened by `+++` on line 1 is never closed by "
        "another `+++` line"
    ]


def test_lesson_without_body(course):
    course.write("lessons/l.md", '+++\ntitle = "T"\nsummary = "S"\n+++\n\n  \n')
    assert course.problems() == ["lessons/l.md:4:1: the lesson has no text after its front matter"]


def test_lesson_missing_title_and_summary(course):
    course.write("lessons/l.md", "+++\n+++\nBody\n")
    assert course.problems() == [
        "lessons/l.md:2:1: missing required key `summary`",
        "lessons/l.md:2:1: missing required key `title`",
    ]


# ---------------------------------------------------------------------------- files


def test_non_utf8_file_names_the_byte_and_position(course):
    course.write("quizzes/q.toml", b'title = "caf\xe9"\n')
    course.write("lessons/l.md", b'+++\ntitle = "T"\nsummary = "S"\n+++\nline\nab\xff\n')
    assert course.problems() == [
        "lessons/l.md:6:3: file is not UTF-8 text (byte 0xff); save it as UTF-8 in your editor",
        "quizzes/q.toml:1:13: file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor",
    ]
    assert course.load().broken_files == {
        course.root / "lessons/l.md",
        course.root / "quizzes/q.toml",
    }


def test_unreadable_entries_are_reported(course):
    """A directory named like a file and a dangling symlink: unreadable even as root."""
    (course.root / "lessons/dir.md").mkdir()
    (course.root / "quizzes/gone.toml").symlink_to(course.root / "nowhere.toml")
    problems = course.problems()
    assert problems == [
        "lessons/dir.md:1:1: cannot read file: Is a directory",
        "quizzes/gone.toml:1:1: cannot read file: No such file or directory",
    ]
    loaded = course.load()
    assert loaded.broken_files == {
        course.root / "lessons/dir.md",
        course.root / "quizzes/gone.toml",
    }


def test_unreadable_by_permissions(shared_course):
    """Run as nobody: root (as in CI) reads files whatever their mode."""
    course = shared_course
    path = course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    path.chmod(0)
    result = run_cli_unprivileged(["validate", str(course.root)])
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{path}:1:1: cannot read file: Permission denied",
        f"Checked {course.root}: 0 lessons, 1 quiz, 0 questions; 1 problem in 1 file",
    ]


def test_folders_that_cannot_be_listed_are_reported_not_taken_as_empty(shared_course):
    """Before, an unlistable lessons/ gave "OK: 0 lessons", as if the course were empty."""
    course = shared_course
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    for folder in ("lessons", "quizzes"):
        (course.root / folder).chmod(0)
    result = run_cli_unprivileged(["validate", str(course.root)])
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"{course.root}/lessons:1:1: cannot list the folder: Permission denied",
        f"{course.root}/quizzes:1:1: cannot list the folder: Permission denied",
        f"Checked {course.root}: 0 lessons, 0 quizzes, 0 questions; 2 problems in 2 files",
    ]


def test_a_file_named_lessons_is_reported(course):
    (course.root / "lessons").rmdir()
    course.write("lessons", "not a folder")
    course.write("quizzes/q.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    assert course.problems() == ["lessons:1:1: cannot list the folder: Not a directory"]


def test_files_over_the_size_limits_are_reported_not_read(course):
    pad = "x" * 10_000_000
    course.write("lessons/big.md", course.LESSON + pad + "\n")
    course.write("quizzes/big.toml", course.QUIZ.replace('lesson = "effleurage"\n', "") + "#" + pad)
    course.write("course.toml", 'title = "Big"\n#' + "x" * 1_000_000)
    assert course.problems() == [
        "course.toml:1:1: file is larger than 1 MB",
        "lessons/big.md:1:1: file is larger than 10 MB",
        "quizzes/big.toml:1:1: file is larger than 10 MB",
    ]


BIG = "9" * 5000


def test_a_number_too_large_is_reported_at_its_place(course):
    """Python refuses to convert an integer of over 4,300 digits: a problem, not a crash."""
    course.write("course.toml", f"title = {BIG}\n")
    course.write("lessons/l.md", f'+++\ntitle = "T"\nsummary = "S"\norder = {BIG}\n+++\nBody\n')
    course.write("quizzes/q.toml", f'title = "Q"\npass_mark = {BIG}\n' + QUESTION.format(id="a"))
    assert course.problems() == [
        "course.toml:1:9: number too large",
        "lessons/l.md:4:9: number too large",
        "quizzes/q.toml:2:13: number too large",
    ]


def test_integers_beyond_64_bits_are_reported_as_toml_asks(course):
    """tomllib reads any size; in hex even one too large to print, which broke messages."""
    course.write(
        "lessons/l.md", f'+++\ntitle = "T"\nsummary = "S"\norder = 0x{"f" * 5000}\n+++\nB\n'
    )
    course.write(
        "quizzes/q.toml", 'title = "Q"\npass_mark = 9223372036854775808\n' + QUESTION.format(id="a")
    )
    course.write(
        "quizzes/r.toml", f'title = "R"\nmode = [0o{"7" * 5000}]\n' + QUESTION.format(id="a")
    )
    assert course.problems() == [
        "lessons/l.md:4:1: number too large",
        "quizzes/q.toml:2:1: number too large",
        "quizzes/r.toml:2:1: number too large",
    ]
    # The smallest 64-bit integer is one.
    course.write(
        "quizzes/q.toml", f'title = "Q"\npass_mark = {-(2**63)}\n' + QUESTION.format(id="a")
    )
    assert f"quizzes/q.toml:2:1: `pass_mark` must be between 0 and 100, not {-(2**63)}" in (
        course.problems()
    )


DEEP = 100_000


def test_values_nested_too_deeply_to_parse_are_reported_at_their_line(course):
    """100,000 nested arrays made tomllib raise RecursionError."""
    nested = "[" * DEEP + "]" * DEEP
    course.write("course.toml", f"title = {nested}\n")
    course.write("lessons/l.md", f'+++\ntitle = "T"\nsummary = "S"\ntopics = {nested}\n+++\nB\n')
    course.write("quizzes/q.toml", f'title = "Q"\n\nmode = {nested}\n' + QUESTION.format(id="a"))
    # The column is that of the innermost bracket.
    assert course.problems() == [
        f"course.toml:1:{8 + DEEP}: values nested too deeply",
        f"lessons/l.md:4:{9 + DEEP}: values nested too deeply",
        f"quizzes/q.toml:3:{7 + DEEP}: values nested too deeply",
    ]


def test_values_nested_deeper_than_the_loader_follows_are_a_problem(course):
    """tomllib reads 500 dotted parts, but describing what they hold recursed (`mode`
    raised RecursionError while its value was shown in the message); 1,500 parts are
    refused before parsing (tomllib's cost grows with the square of the parts)."""
    course.write("lessons/l.md", f'+++\ntitle = "T"\nsummary = "S"\nquiz{".a" * 500} = 1\n+++\nB\n')
    course.write(
        "quizzes/q.toml", f'title = "Q"\nmode{".a" * 1500} = 1\n' + QUESTION.format(id="a")
    )
    assert course.problems() == [
        "lessons/l.md:4:1: values nested too deeply",
        "quizzes/q.toml:2:1: values nested too deeply (a key of more than 1000 dotted parts)",
    ]


def test_read_text_problem_for_missing_file(tmp_path):
    text, problems = read_text(tmp_path / "none.md")
    assert text is None
    assert problems == [
        Problem(tmp_path / "none.md", 1, 1, "cannot read file: No such file or directory")
    ]


def test_broken_files_are_left_out_and_the_rest_loads(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write("lessons/bad.md", "oops\n")
    loaded = course.load()
    assert [lesson.id for lesson in loaded.course.lessons] == ["effleurage"]
    assert list(loaded.course.quizzes) == ["effleurage"]
    assert loaded.broken_files == {course.root / "lessons/bad.md"}


def test_other_files_are_ignored(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write("lessons/notes.txt", b"\xff")
    course.write("quizzes/README.md", "not a quiz")
    assert course.problems() == []


def test_not_a_course_folder(tmp_path):
    loaded = load_course(tmp_path)
    assert [p.message for p in loaded.problems] == [
        "not a course folder: it has no lessons/ or quizzes/ folder"
    ]


# ---------------------------------------------------------------------------- links


def test_lesson_names_missing_quiz(course):
    course.write("lessons/effleurage.md", course.LESSON.replace('"effleurage"', '"efleurage"'))
    course.write("quizzes/effleurage.toml", course.QUIZ.replace('lesson = "effleurage"\n', ""))
    assert course.problems() == [
        "lessons/effleurage.md:7:1: quiz 'efleurage' does not exist (no "
        "quizzes/efleurage.toml) (did you mean `effleurage`?)"
    ]


def test_quiz_names_missing_lesson(course):
    course.write("quizzes/effleurage.toml", course.QUIZ.replace('"effleurage"', '"efleurage"'))
    course.write("quizzes/other.toml", course.QUIZ.replace('"effleurage"', '"zzz"'))
    assert course.problems() == [
        "quizzes/effleurage.toml:2:1: lesson 'efleurage' does not exist (no lessons/efleurage.md)",
        "quizzes/other.toml:2:1: lesson 'zzz' does not exist (no lessons/zzz.md)",
    ]
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("lessons/efleurage-intro.md", course.LESSON.replace('quiz = "effleurage"\n', ""))
    assert course.problems()[0] == (
        "quizzes/effleurage.toml:2:1: lesson 'efleurage' does not exist (no "
        "lessons/efleurage.md) (did you mean `effleurage`?)"
    )


def test_quiz_and_lesson_disagree(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("lessons/other.md", course.LESSON.replace('quiz = "effleurage"\n', ""))
    course.write("quizzes/effleurage.toml", course.QUIZ.replace('"effleurage"', '"other"'))
    assert course.problems() == [
        "quizzes/effleurage.toml:2:1: this quiz says it tests lesson 'other', but lesson "
        "'effleurage' names this quiz"
    ]


def test_a_second_quiz_naming_a_lesson_is_its_second_quiz(course):
    """A lesson may have several quizzes: one that names it with `lesson` joins the list."""
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write("quizzes/extra.toml", course.QUIZ)
    loaded = course.load()
    assert loaded.problems == []
    assert loaded.course.lesson_quizzes == {"effleurage": ("effleurage", "extra")}


def test_two_quizzes_naming_an_unlinked_lesson_both_test_it(course):
    course.write("lessons/effleurage.md", course.LESSON.replace('quiz = "effleurage"\n', ""))
    course.write("quizzes/b.toml", course.QUIZ)
    course.write("quizzes/a.toml", course.QUIZ)
    loaded = course.load()
    assert loaded.problems == []
    assert loaded.course.lesson_quizzes == {"effleurage": ("a", "b")}  # by id


def test_link_from_quiz_side_only(course):
    course.write("lessons/effleurage.md", course.LESSON.replace('quiz = "effleurage"\n', ""))
    course.write("quizzes/effleurage.toml", course.QUIZ)
    loaded = course.load()
    assert loaded.problems == []
    c = loaded.course
    assert c.quizzes_for(c.lessons[0]) == [c.quizzes["effleurage"]]
    assert c.standalone_quizzes() == []


def test_link_to_a_broken_file_is_not_reported_twice(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", "title = \n")
    problems = course.problems()
    assert len(problems) == 1 and "TOML syntax error" in problems[0]


# ---------------------------------------------------------------------------- single files


def test_load_quiz_raises_course_error_with_every_problem(course):
    path = course.write(
        "quizzes/q.toml", quiz_text(QUESTION.format(id="a"), QUESTION.format(id="a"), head="")
    )
    with pytest.raises(CourseError) as info:
        load_quiz(path)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (1, "missing required key `title`"),
        (11, "question id 'a' is already used by question 1"),
    ]
    assert str(info.value).startswith(f"{path}:1:1: missing required key `title`")


def test_load_lesson_and_quiz_missing_file_raise_course_error(tmp_path):
    with pytest.raises(CourseError):
        load_lesson(tmp_path / "x.md")
    with pytest.raises(CourseError):
        load_quiz(tmp_path / "x.toml")


def test_problem_str_is_path_line_col_message():
    assert str(Problem(Path("a/b.toml"), 3, 7, "boom")) == "a/b.toml:3:7: boom"


def test_hidden_files_are_ignored(course):
    """Editor lock files (dangling ``.#x.md`` links) and macOS ``._x.md`` files."""
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", course.QUIZ)
    course.write("lessons/._effleurage.md", b"\x00\x05\x16\x07\xff")
    course.write("quizzes/._effleurage.toml", b"\x00\x05\x16\x07\xff")
    (course.root / "lessons/.#effleurage.md").symlink_to("user@host.1234:1700000000")
    assert course.problems() == []


def test_lessons_only_load_skips_quizzes(course):
    course.write("lessons/effleurage.md", course.LESSON)
    course.write("quizzes/effleurage.toml", "broken = \n")
    loaded = load_course(course.root, with_quizzes=False)
    assert loaded.problems == []
    assert loaded.course.quizzes == {}
    assert loaded.course.lesson_quizzes == {"effleurage": ("effleurage",)}


def test_duplicate_id_reported_even_when_a_question_is_broken(course):
    broken = QUESTION.format(id="a").replace("correct =", "corect =")
    course.write("quizzes/q.toml", quiz_text(broken, QUESTION.format(id="a")))
    assert course.problems() == [
        "quizzes/q.toml:3:3: missing required key `correct`",
        "quizzes/q.toml:7:1: unknown key `corect` (did you mean `correct`?)",
        "quizzes/q.toml:12:1: question id 'a' is already used by question 1",
    ]


def test_a_broken_lessons_missing_quiz_is_reported_too(course):
    lesson = course.LESSON.replace("order = 1\n", "order = 1\nunknown_key = 3\n")
    course.write("lessons/effleurage.md", lesson)
    problems = course.problems()
    assert problems == [
        "lessons/effleurage.md:5:1: unknown key `unknown_key`",
        "lessons/effleurage.md:8:1: quiz 'effleurage' does not exist (no quizzes/effleurage.toml)",
    ]


def test_questions_share_their_fields_set_and_copies_stay_apart(small_course_dir):
    # Shared to save memory (728 bytes a question); a copy must never change the original.
    from trainer.course.loader import load_course as load

    quiz = load(small_course_dir).course.quizzes["basics"]
    first, fourth = quiz.question("b1"), quiz.question("b4")
    assert first.__pydantic_fields_set__ is fourth.__pydantic_fields_set__
    before = set(first.__pydantic_fields_set__)
    copy = first.model_copy(update={"id": "basics/b1"})
    assert (copy.id, first.id) == ("basics/b1", "b1")
    assert first.__pydantic_fields_set__ == before
    assert copy.__pydantic_fields_set__ is not first.__pydantic_fields_set__
