"""Pydantic models of a course: what instructors write, as the app uses it.

The ``*File`` / ``LessonMeta`` models describe exactly what a file may contain (they
forbid unknown keys and are exported as JSON Schema); ``Lesson``, ``Quiz`` and ``Course``
add what the loader knows (ids from file names, where the file lives).
"""

from __future__ import annotations

import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)

from trainer.course.files import ID_PATTERN, slug

QUESTION_TYPES = ("single", "multiple", "true_false", "short", "matching", "ordering")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=100)]


def _one_or_list(value: Any) -> str:
    return "list" if isinstance(value, list) else "one"


_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN, "maxLength": 100}
QuizIds = Annotated[
    Annotated[Identifier, Tag("one")]
    | Annotated[list[Identifier], Field(min_length=1), Tag("list")],
    # Chosen by the value's type, so a mistake is described once, in the form it was
    # written in (a plain union reports it against both forms).
    Discriminator(_one_or_list),
    WithJsonSchema(
        {
            "oneOf": [
                {**_ID_SCHEMA, "description": "One quiz: its id (quizzes/<id>.toml)."},
                {
                    "type": "array",
                    "items": _ID_SCHEMA,
                    "minItems": 1,
                    "uniqueItems": True,
                    "description": "Several quizzes (e.g. a practice quiz and a test), "
                    "in the order the student is offered them.",
                },
            ]
        }
    ),
]
"""A lesson's ``quiz``: one quiz id, or a list of them (no repeats: the loader checks)."""


class FileModel(BaseModel):
    """Base for everything read from an instructor's file: strict and closed."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class CourseInfo(FileModel):
    """``course.toml``: facts about the course as a whole (every key optional)."""

    id: Identifier | None = Field(
        None,
        description="Stable id of the course, used in learning-record (xAPI) activity ids; "
        "default: made from the title.",
    )
    title: Text = Field("Untitled course", description="Course title shown at the top of the app.")
    description: str = Field("", description="One or two sentences about the course.")
    author: str = Field("", description="Who wrote the course.")
    version: str = Field("", description='The course\'s own version, e.g. "1.0".')
    about: str = Field("", description="Markdown shown on the About/help screen.")

    def course_id(self) -> str:
        """The course's lasting id: ``id`` when given, else a slug of the title
        (``Swedish Massage Foundations`` -> ``swedish-massage-foundations``).

        Learning records sent to an LRS name activities by it, so a course whose title
        may change should set ``id``.
        """
        return self.id if self.id is not None else slug(self.title)


class LessonMeta(FileModel):
    """A lesson's TOML front matter (between the ``+++`` lines)."""

    title: Text = Field(description="Lesson title.")
    summary: Text = Field(description="One sentence shown in the lesson list.")
    order: int = Field(0, description="Position in the course; ties are broken by id.")
    topics: list[Text] = Field(default_factory=list, description="Topic tags for mastery.")
    sources: list[Text] = Field(default_factory=list, description="Works the lesson draws on.")
    quiz: QuizIds | None = Field(
        None,
        description='The quiz that tests this lesson, by id: quiz = "effleurage"; or a list '
        'when it has several, e.g. a practice quiz and a test: quiz = ["effleurage-practice", '
        '"effleurage-test"]. Each must exist as quizzes/<id>.toml.',
    )

    @property
    def quiz_ids(self) -> tuple[str, ...]:
        """The quizzes the front matter lists, in its order (empty without ``quiz``)."""
        if self.quiz is None:
            return ()
        return (self.quiz,) if isinstance(self.quiz, str) else tuple(self.quiz)


class QuestionBase(FileModel):
    """Keys shared by every question type."""

    id: Identifier = Field(description="Unique within the quiz; ties history to this question.")
    prompt: Text = Field(description="The question as shown to the student.")
    explanation: Text = Field(description="Why the answer is right; shown after answering.")
    lesson: Identifier | None = Field(
        None,
        description="Id of the lesson this question tests, when not its quiz's lesson "
        "(e.g. in a final exam); its answers count toward that lesson's mastery.",
    )
    see: str | None = Field(
        None,
        pattern=r"^[^#\s]+#[^#\s]+$",
        description='The lesson section that teaches it, "lesson-id#heading-slug" (the '
        "## heading made GitHub-style: lower case, punctuation dropped, spaces to -).",
    )

    def semantic_problems(self) -> list[tuple[str, str]]:
        """Problems pydantic's type checks cannot see, as (key, message) pairs."""
        return []


def _duplicates(values: list[str]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for value in values:
        key = value.strip().casefold()
        if key in seen and value not in dupes:
            dupes.append(value)
        seen.add(key)
    return dupes


_END_PUNCTUATION = ".,;:!?\N{HORIZONTAL ELLIPSIS}"


def _choice_key(text: str) -> str:
    """``text`` as a student would tell choices apart: case, spacing and end punctuation
    make no difference ("Long gliding strokes" and "long  gliding strokes.")."""
    folded = " ".join(text.casefold().split()).rstrip(_END_PUNCTUATION).rstrip()
    return folded or text.strip().casefold()


def _repeats(values: list[str]) -> list[tuple[str, str]]:
    """Each choice that repeats an earlier one, with that earlier one."""
    first: dict[str, str] = {}
    found: list[tuple[str, str]] = []
    for value in values:
        key = _choice_key(value)
        if key in first and value not in (later for later, _ in found):
            found.append((value, first[key]))
        first.setdefault(key, value)
    return found


def _how_they_differ(a: str, b: str) -> str:
    """How two texts with the same ``_choice_key`` differ, for messages ("" if only in
    case or surrounding spaces, which grading ignores too)."""
    if a.strip().casefold() == b.strip().casefold():
        return ""
    return " (only case, spacing or end punctuation differ)"


class ChoiceQuestion(QuestionBase):
    """Shared checks of ``single`` and ``multiple``."""

    feedback: dict[str, Text] = Field(
        default_factory=dict, description="Per-choice feedback, keyed by the choice's text."
    )

    def correct_choices(self) -> list[str]:
        raise NotImplementedError

    wrong: list[Text]

    def choices(self) -> list[str]:
        """Every choice, right ones first, as written."""
        return [*self.correct_choices(), *self.wrong]

    def semantic_problems(self) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        wrong_keys: dict[str, str] = {}
        for text in self.wrong:
            wrong_keys.setdefault(_choice_key(text), text)
        for text in self.correct_choices():
            wrong = wrong_keys.get(_choice_key(text))
            if wrong is None:
                continue
            if differ := _how_they_differ(text, wrong):
                message = f"{wrong!r} in `wrong` is the same choice as {text!r} in `correct`"
            else:
                message = f"{text!r} is listed in both `correct` and `wrong`"
            problems.append(("wrong", message + differ))
        for key in ("correct", "wrong"):
            values = self.correct_choices() if key == "correct" else self.wrong
            for text, earlier in _repeats(values):
                if differ := _how_they_differ(text, earlier):
                    message = f"choice {text!r} is the same as {earlier!r}{differ}"
                else:
                    message = f"choice {text!r} appears more than once"
                problems.append((key, message))
        known = {c.strip().casefold() for c in self.choices()}
        for key in self.feedback:
            if key.strip().casefold() not in known:
                problems.append(
                    ("feedback", f"feedback for {key!r}, which is not one of the choices")
                )
        return _unique(problems)


class SingleChoice(ChoiceQuestion):
    """One right choice among several."""

    type: Literal["single"]
    correct: Text = Field(description="Text of the one right choice.")
    wrong: list[Text] = Field(min_length=1, description="Texts of the wrong choices.")

    def correct_choices(self) -> list[str]:
        return [self.correct]


class MultipleChoice(ChoiceQuestion):
    """Several right choices; the student picks all of them."""

    type: Literal["multiple"]
    correct: list[Text] = Field(min_length=1, description="Texts of every right choice.")
    wrong: list[Text] = Field(min_length=1, description="Texts of the wrong choices.")

    def correct_choices(self) -> list[str]:
        return list(self.correct)


class TrueFalse(QuestionBase):
    """A statement the student marks true or false."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement in the prompt is true.")


class ShortAnswer(QuestionBase):
    """A typed answer, matched leniently against accepted answers."""

    type: Literal["short"]
    accept: list[Text] = Field(min_length=1, description="Accepted answers; the first is shown.")

    def semantic_problems(self) -> list[tuple[str, str]]:
        problems = [
            ("accept", f"answer {a!r} is listed more than once") for a in _duplicates(self.accept)
        ]
        problems += [
            ("accept", f"answer {a!r} has no letters or digits, so no typed answer can match it")
            for a in self.accept
            if not _survives_normalising(a)
        ]
        return problems


def _survives_normalising(text: str) -> bool:
    """Whether grading's ``normalise`` (trainer.quiz.grading) leaves anything of ``text``.

    It folds case and accents and turns everything but word characters (less ``_``) into
    spaces, so only letters and digits are left; an answer without any never matches.
    The rule is repeated here, not imported, since trainer.quiz builds on this package; a
    test checks that both agree.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return any(ch.isalnum() and not unicodedata.combining(ch) for ch in decomposed)


Pair = Annotated[list[Text], Field(min_length=2, max_length=2)]


class Matching(QuestionBase):
    """Items on the left matched to items on the right (the right side is shuffled)."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=2, description='[["left", "right"], ...] pairs.')

    def semantic_problems(self) -> list[tuple[str, str]]:
        problems = [
            ("pairs", f"left item {t!r} appears more than once")
            for t in _duplicates([p[0] for p in self.pairs])
        ]
        problems += [
            ("pairs", f"right item {t!r} appears more than once")
            for t in _duplicates([p[1] for p in self.pairs])
        ]
        return problems


class Ordering(QuestionBase):
    """Items to put in order (shown shuffled)."""

    type: Literal["ordering"]
    order: list[Text] = Field(min_length=2, description="The items in the right order.")

    def semantic_problems(self) -> list[tuple[str, str]]:
        return [("order", f"item {t!r} appears more than once") for t in _duplicates(self.order)]


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | ShortAnswer | Matching | Ordering,
    Field(discriminator="type"),
]


class QuizFile(FileModel):
    """A quiz file, ``quizzes/<id>.toml``."""

    title: Text = Field(description="Quiz title.")
    lesson: Identifier | None = Field(None, description="Id of the lesson this quiz tests.")
    topics: list[Text] = Field(
        default_factory=list,
        description="Topic tags for this quiz's questions (e.g. a question bank's categories); "
        "in mastery they count toward these topics as well as their lesson's.",
    )
    pass_mark: int = Field(80, ge=0, le=100, description="Percent needed to pass.")
    shuffle: bool = Field(True, description="Shuffle questions and choices on every attempt.")
    mode: Literal["practice", "exam"] = Field(
        "practice", description="practice: feedback after each question; exam: at the end."
    )
    time_limit: int | None = Field(
        None,
        ge=1,
        le=600,
        description="Minutes allowed, counted from the start (exams only): a countdown is "
        "shown and the exam is handed in when it runs out.",
    )
    questions: list[Question] = Field(min_length=1, description="The questions, in order.")


class Quiz(QuizFile):
    """A loaded quiz: the file's content plus its id and location."""

    id: str
    source: Path | None = None

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if the quiz has it."""
        for q in self.questions:
            if q.id == question_id:
                return q
        return None


class Lesson(BaseModel):
    """A loaded lesson: front matter, Markdown body and where it came from."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    meta: LessonMeta
    body: str
    source: Path | None = None
    body_line: int = 1

    @property
    def title(self) -> str:
        return self.meta.title


class Course(BaseModel):
    """A whole course: lessons in study order and quizzes by id."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    root: Path
    info: CourseInfo
    lessons: list[Lesson]
    quizzes: dict[str, Quiz]
    lesson_quizzes: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Lesson id → the quizzes that test it, in order: those its front matter lists, in
    their order, then those that name it with their own ``lesson`` key, by id. A quiz is
    in at most one lesson's entry; an id may be of a quiz that did not load."""

    def lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, if any."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        return None

    def quizzes_for(self, lesson: Lesson | str) -> list[Quiz]:
        """The quizzes that test ``lesson`` (or the lesson with that id) and loaded
        cleanly, in the lesson's order."""
        lesson_id = lesson if isinstance(lesson, str) else lesson.id
        ids = self.lesson_quizzes.get(lesson_id, ())
        return [quiz for quiz_id in ids if (quiz := self.quizzes.get(quiz_id)) is not None]

    def lesson_for(self, quiz: Quiz) -> Lesson | None:
        """The lesson that ``quiz`` tests, if any (a quiz tests at most one)."""
        lesson_id = self._quiz_lesson.get(quiz.id)
        return self.lesson(lesson_id) if lesson_id is not None else None

    @cached_property
    def _quiz_lesson(self) -> dict[str, str]:
        # The course is read-only once loaded, so this never goes stale.
        return {
            quiz_id: lesson_id
            for lesson_id, quiz_ids in self.lesson_quizzes.items()
            for quiz_id in quiz_ids
        }

    def tested_lesson(self, quiz: Quiz, question: QuestionBase) -> str | None:
        """The lesson a question tests: its own ``lesson`` if set, else its quiz's lesson."""
        if question.lesson is not None:
            return question.lesson
        return self._quiz_lesson.get(quiz.id)

    def questions_testing(self, lesson_id: str) -> list[tuple[Quiz, QuestionBase]]:
        """Every (quiz, question) that tests ``lesson_id`` (see ``tested_lesson``).

        The lesson's own quizzes come first, in the lesson's order and each in its own
        order, then questions of other quizzes (a final exam) that name the lesson, in
        the order the quizzes were loaded.
        """
        return self._tested_by.get(lesson_id, [])

    @cached_property
    def _tested_by(self) -> dict[str, list[tuple[Quiz, QuestionBase]]]:
        # Worked out once: levels ask for every lesson, and a large course has 20,000
        # questions. The course is read-only once loaded, so this never goes stale.
        quiz_lesson = self._quiz_lesson
        own: dict[str, dict[str, list[tuple[Quiz, QuestionBase]]]] = {}
        other: dict[str, list[tuple[Quiz, QuestionBase]]] = {}
        for quiz_id, quiz in self.quizzes.items():
            for question in quiz.questions:
                lesson_id = question.lesson or quiz_lesson.get(quiz_id)
                if lesson_id is None:
                    continue
                if quiz_lesson.get(quiz_id) == lesson_id:
                    own.setdefault(lesson_id, {}).setdefault(quiz_id, []).append((quiz, question))
                else:
                    other.setdefault(lesson_id, []).append((quiz, question))
        tested: dict[str, list[tuple[Quiz, QuestionBase]]] = {}
        for lesson_id in own.keys() | other.keys():
            by_quiz = own.get(lesson_id, {})
            tested[lesson_id] = [
                item
                for quiz_id in self.lesson_quizzes.get(lesson_id, ())
                for item in by_quiz.get(quiz_id, [])
            ] + other.get(lesson_id, [])
        return tested

    def standalone_quizzes(self) -> list[Quiz]:
        """Quizzes that test no lesson (e.g. a final exam), by title."""
        linked = self._quiz_lesson
        return sorted(
            (q for q in self.quizzes.values() if q.id not in linked), key=lambda q: (q.title, q.id)
        )


def _unique(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(items))
