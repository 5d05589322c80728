"""Pydantic models of the student's record: history events, the summary, whole records.

Three families:

* events, one per ``[[...]]`` block of a history file (``AnswerEvent`` ...);
* the summary kept in ``profile.toml`` (``Summary`` with ``LessonStatus``, ``QuizStatus``,
  ``QuestionState``), which start-up reads instead of the history;
* the whole record (``History``, ``RecordDocument``) used by charts, export and import.

In every event the timestamp is the last field on purpose: a block cut short by a crash
then always lacks it or holds a broken one, so torn blocks are recognised.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)

from trainer.progress.attempt_kinds import AttemptKind, KindGuesser
from trainer.progress.bounds import Count, Fraction, Percent, Seconds, UtcDatetime, card_problem

SCHEMA_VERSION = 3
"""Version of the history files and whole records this program writes.

1 was the single-file layout (still imported); 3 added each attempt's ``kind`` (2 is read,
the kinds worked out as ``attempt_kinds.KindGuesser`` says)."""

RECENT_SCORES = 20
"""Finished scores kept per quiz in the summary (the report's sparkline)."""

SUMMARY_SCHEMA_VERSION = 4
"""Version of ``profile.toml``: 3 added the end line that tells a whole file from a cut one;
4 counts only full attempts in a quiz's scores (an older summary is recounted at open)."""

DROPPED_CARDS = "dropped_cards"
"""Validation-context key: a list that collects why each unusable card was dropped."""


def _usable_card(value: dict[str, Any] | None, info: ValidationInfo) -> dict[str, Any] | None:
    """A card fsrs can use, or None (the question starts a new schedule) with a note why."""
    if value is None:
        return None
    problem = card_problem(value)
    if problem is None:
        return value
    if isinstance(info.context, dict) and isinstance(info.context.get(DROPPED_CARDS), list):
        info.context[DROPPED_CARDS].append(problem)
    return None


def _valid_card(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is not None and (problem := card_problem(value)) is not None:
        raise ValueError(problem)
    return value


SavedCard = Annotated[dict[str, Any] | None, AfterValidator(_usable_card)]
"""A card read from our own files: one that fsrs cannot use is dropped, never fatal."""

ImportedCard = Annotated[dict[str, Any] | None, AfterValidator(_valid_card)]
"""A card in a record to import: one that fsrs cannot use refuses the import."""

Answer = bool | str | list[str] | list[list[str]]
"""What the student gave: a choice, a typed text, a set of choices, or matched pairs."""


class _Model(BaseModel):
    # Strict: a hand-edited "yes" where true belongs is an error, not a guess.
    model_config = ConfigDict(extra="ignore", strict=True, defer_build=True, allow_inf_nan=False)


# --- history events ---------------------------------------------------------------------


class AttemptStartEvent(_Model):
    """``[[attempts]]``: a quiz attempt began."""

    attempt: str
    quiz: str
    mode: str
    questions: list[str] = Field(default_factory=list)
    kind: AttemptKind | None = None
    """``full``, ``retake`` or ``review``; None only in history written before version 3."""
    seed: int | None = None
    """The shuffle seed: a resumed attempt lays its questions out as they were."""
    fingerprints: list[str] = Field(default_factory=list)
    """A hash of each question as it was asked (same order as ``questions``): a question
    changed in the quiz file since is not resumed."""
    started_at: UtcDatetime


class DraftEvent(_Model):
    """``[[drafts]]``: an exam answer as given, before it is handed in (not yet graded).

    The last draft of each question is what is graded at hand-in; a resumed exam shows
    them again.
    """

    attempt: str
    question: str
    answer: Answer | None = None
    """None when only the flag changed and nothing is answered yet."""
    flagged: bool = False
    seconds: Seconds = 0.0
    """Time spent on the question since the previous draft of it (its answer's time)."""
    at: UtcDatetime


class UndoEvent(_Model):
    """``[[undos]]``: the student took an answer back; it no longer counts anywhere.

    It names the answer (its attempt, question and time) and keeps what the question's
    state was before it, so the summary can be put back without reading the history.
    """

    attempt: str
    question: str
    answered_at: UtcDatetime
    """When the answer taken back was given: which answer it was."""
    was_correct: bool
    seconds: Seconds = 0.0
    """The answer's time, taken off the time spent answering."""
    previous_correct: bool | None = None
    previous_answered: UtcDatetime | None = None
    card: SavedCard = None
    """The question's scheduler card before the answer (None: it had none)."""
    at: UtcDatetime


class AnswerEvent(_Model):
    """``[[answers]]``: one answer given during an attempt."""

    attempt: str
    question: str
    answer: Answer
    correct: bool
    seconds: Seconds
    card: SavedCard = None
    """Scheduler (FSRS) state of the question after this answer, kept in the history so
    a rebuilt summary, an import or a crash never loses the review schedule."""
    answered_at: UtcDatetime


class AttemptEndEvent(_Model):
    """``[[results]]``: an attempt was finished (with a score) or abandoned."""

    attempt: str
    quiz: str
    outcome: Literal["finished", "abandoned"]
    score: Percent | None = None
    passed: bool | None = None
    ended_at: UtcDatetime


class LessonEvent(_Model):
    """``[[lessons]]``: the furthest point read in a lesson went up."""

    lesson: str
    fraction: Fraction
    at: UtcDatetime


Event = AttemptStartEvent | AnswerEvent | AttemptEndEvent | LessonEvent | DraftEvent | UndoEvent

EVENT_TABLES: dict[type[_Model], str] = {
    AttemptStartEvent: "attempts",
    AnswerEvent: "answers",
    AttemptEndEvent: "results",
    LessonEvent: "lessons",
    DraftEvent: "drafts",
    UndoEvent: "undos",
}


class HistoryChunk(_Model):
    """Events parsed from a stretch of a history file (each kind keeps its file order)."""

    schema_version: int | None = None
    attempts: list[AttemptStartEvent] = Field(default_factory=list)
    answers: list[AnswerEvent] = Field(default_factory=list)
    results: list[AttemptEndEvent] = Field(default_factory=list)
    lessons: list[LessonEvent] = Field(default_factory=list)
    drafts: list[DraftEvent] = Field(default_factory=list)
    undos: list[UndoEvent] = Field(default_factory=list)

    @classmethod
    def of(cls, event: Event) -> HistoryChunk:
        """A chunk holding just ``event``."""
        chunk = cls()
        getattr(chunk, EVENT_TABLES[type(event)]).append(event)
        return chunk

    def count(self) -> int:
        """Number of events."""
        return (
            len(self.attempts)
            + len(self.answers)
            + len(self.results)
            + len(self.lessons)
            + len(self.drafts)
            + len(self.undos)
        )

    def extend(self, other: HistoryChunk) -> None:
        """Append ``other``'s events after this chunk's."""
        self.attempts.extend(other.attempts)
        self.answers.extend(other.answers)
        self.results.extend(other.results)
        self.lessons.extend(other.lessons)
        self.drafts.extend(other.drafts)
        self.undos.extend(other.undos)


# --- summary (profile.toml) -------------------------------------------------------------


class LessonStatus(_Model):
    """How far a lesson has been read."""

    fraction: Fraction = 0.0
    """Furthest point reached, 0..1."""
    read_at: UtcDatetime | None = None
    """When the lesson was first read to the end."""
    updated_at: UtcDatetime | None = None
    """When ``fraction`` last went up."""


class PracticeResult(_Model):
    """The last finished retake or review: what it asked and how it went."""

    kind: AttemptKind
    asked: Count
    right: Count
    at: UtcDatetime


class QuizStatus(_Model):
    """Results of one quiz: its full attempts' scores, and its practice apart."""

    attempts: Count = 0
    """Full attempts begun."""
    finished: Count = 0
    abandoned: Count = 0
    best_score: Percent | None = None
    """Best finished score of a full attempt, percent."""
    last_score: Percent | None = None
    last_passed: bool | None = None
    last_at: UtcDatetime | None = None
    practice: Count = 0
    """Retakes and reviews finished: they never set the scores above."""
    last_practice: PracticeResult | None = None
    recent_scores: list[Percent] = Field(default_factory=list)
    """The last ``RECENT_SCORES`` finished full scores, oldest first (a sparkline)."""
    score_sum: float = Field(0.0, ge=0, allow_inf_nan=False)
    """Sum of every finished full score: with ``finished``, the average."""


class QuestionState(_Model):
    """What is known about one question, by id (so rewording keeps its history)."""

    seen: Count = 0
    right: Count = 0
    last_answered: UtcDatetime | None = None
    last_correct: bool | None = None
    card: SavedCard = None
    """Free table for scheduler state (FSRS); kept as is across saves."""


class OpenAttempt(_Model):
    """An attempt started and not yet finished or abandoned (e.g. the app was closed)."""

    quiz: str
    mode: str
    questions: list[str] = Field(default_factory=list)
    kind: AttemptKind = "full"
    seed: int | None = None
    fingerprints: list[str] = Field(default_factory=list)
    answered: list[str] = Field(default_factory=list)
    """Question ids answered so far, in order."""
    given: dict[str, Answer] = Field(default_factory=dict)
    """The answer given to each of them (a resumed attempt shows them again)."""
    drafts: dict[str, Answer] = Field(default_factory=dict)
    """An exam's answers as given, not yet handed in (graded at hand-in)."""
    flagged: list[str] = Field(default_factory=list)
    """Questions the student flagged to come back to (exams)."""
    draft_seconds: dict[str, Seconds] = Field(default_factory=dict)
    """Time spent on each exam question so far."""
    started_at: UtcDatetime


class JournalMark(_Model):
    """How far into the history the summary is up to date."""

    file: str = ""
    """History file name (``YYYY-MM.toml``); empty before any history."""
    offset: Count = 0
    """Bytes of that file already counted."""
    tail: str = ""
    """CRC-32 (hex) of the bytes just before ``offset``: a mark moved to another entry
    boundary (a stale or edited summary) no longer matches them. Empty: not checked."""


class Summary(_Model):
    """The content of ``profile.toml``: everything start-up needs, none of the history."""

    schema_version: int = SUMMARY_SCHEMA_VERSION
    profile: str
    created_at: UtcDatetime
    last_activity: UtcDatetime | None = None
    answers: Count = 0
    """Answers given, all time."""
    journal: JournalMark = Field(default_factory=JournalMark)
    lessons: dict[str, LessonStatus] = Field(default_factory=dict)
    quizzes: dict[str, QuizStatus] = Field(default_factory=dict)
    open_attempts: dict[str, OpenAttempt] = Field(default_factory=dict)
    questions: dict[str, QuestionState] = Field(default_factory=dict)
    seconds_answering: float = Field(0.0, ge=0, allow_inf_nan=False)
    """Time taken by every answer, all time."""
    study_hours: dict[str, int] = Field(default_factory=dict)
    """Days with study, compactly: a UTC date (``"2025-01-14"``) to a 24-bit mask of the
    hours with an answer, an attempt or reading in them. The study streak in any time
    zone comes from it; it grows by one short line a day studied."""
    reviews_by_hour: dict[str, Count] = Field(default_factory=dict)
    """Review answers per UTC hour (``"2025-01-14T09"``), for the last two days only:
    what the daily review cap counts (a local day is a run of UTC hours)."""
    _kinds: KindGuesser = PrivateAttr(default_factory=KindGuesser)
    """Kinds of attempts counted in this run, for history older than version 3 (kept
    in memory only: such history is only ever counted whole, when a summary is rebuilt)."""

    def attempt_kind(
        self, quiz: str, questions: list[str], given: AttemptKind | None
    ) -> AttemptKind:
        """The kind of an attempt counted next (see ``attempt_kinds.KindGuesser``)."""
        return self._kinds.kind(quiz, questions, given)


# --- whole record (charts, export, import) ----------------------------------------------


class AnswerRecord(_Model):
    """One answer, within its attempt."""

    question: str
    answer: Answer
    correct: bool
    seconds: Seconds
    card: ImportedCard = None
    answered_at: UtcDatetime


class AttemptRecord(_Model):
    """One attempt with every answer given in it."""

    attempt: str
    quiz: str
    mode: str
    questions: list[str] = Field(default_factory=list)
    kind: AttemptKind | None = None
    """None only in records written before version 3 (see ``History.with_kinds``)."""
    seed: int | None = None
    fingerprints: list[str] = Field(default_factory=list)
    started_at: UtcDatetime
    outcome: Literal["finished", "abandoned", "open"] = "open"
    score: Percent | None = None
    passed: bool | None = None
    ended_at: UtcDatetime | None = None
    answers: list[AnswerRecord] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> AttemptRecord:
        # Replayed in time order, an end before its start would leave the attempt open.
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self


class LessonRecord(_Model):
    """How far one lesson was read, and when."""

    lesson: str
    fraction: Fraction
    read_at: UtcDatetime | None = None
    updated_at: UtcDatetime


class History(_Model):
    """The full history of a profile (slow to load: read it in a worker)."""

    lessons: list[LessonRecord] = Field(default_factory=list)
    attempts: list[AttemptRecord] = Field(default_factory=list)

    def with_kinds(self) -> History:
        """This record with every attempt's kind set (older records did not save it)."""
        guesser = KindGuesser()
        for attempt in self.attempts:
            attempt.kind = guesser.kind(attempt.quiz, attempt.questions, attempt.kind)
        return self

    def answers(self) -> list[tuple[AttemptRecord, AnswerRecord]]:
        """Every answer with its attempt, oldest attempt first."""
        return [(attempt, answer) for attempt in self.attempts for answer in attempt.answers]

    def for_questions(self, question_ids: set[str] | frozenset[str]) -> History:
        """A copy holding only answers to ``question_ids`` (ids deleted from the course go)."""
        attempts = [
            attempt.model_copy(
                update={"answers": [a for a in attempt.answers if a.question in question_ids]}
            )
            for attempt in self.attempts
        ]
        return History(lessons=list(self.lessons), attempts=attempts)


class ProfileHeader(_Model):
    """Who the record belongs to."""

    name: str
    created_at: UtcDatetime


class RecordDocument(History):
    """A whole record in one document: what ``export`` prints and ``import`` reads.

    Schema 1 stored every profile this way, as ``<data>/<name>.toml``.
    """

    schema_version: int
    profile: ProfileHeader
