"""``StudySession``: one student studying one course, for any front end.

The app's screens and the command line call this, never the store directly, so that the
rules of studying live in one place:

* what happens when a student answers: ``answer`` grades the answer, schedules the
  question's next review (FSRS) and appends both to the history, fsync'd on return;
* which questions a quiz, a retake or a review asks, and under which store keys;
* when a lesson counts as read (``ReadingLog``);
* forgetting progress, always after a backup, and taking up the record afterwards.

A failure to save never loses the student's place: the methods that save return the
``ProgressError`` (or None) instead of raising it, and the attempt goes on unsaved.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.course.models import Course, Question, Quiz
from trainer.mastery.local_days import local_date, local_timezone
from trainer.mastery.reset import ResetResult, reset_lesson, reset_profile
from trainer.mastery.review import ahead_questions, due_questions
from trainer.mastery.scheduling import schedule
from trainer.progress.attempt_kinds import AttemptKind
from trainer.progress.errors import AttemptNotOpen, ProgressError
from trainer.progress.keys import REVIEW_QUIZ_ID, SEPARATOR, store_key
from trainer.progress.models import OpenAttempt, QuestionState
from trainer.progress.store import ProgressStore
from trainer.quiz.attempt import Attempt, Response, question_fingerprint
from trainer.quiz.grading import Answer
from trainer.quiz.kinds import kind_of
from trainer.study.reading import ReadingLog
from trainer.study.review import review_quiz
from trainer.text import plural


def deadline_of(quiz: Quiz, started_at: datetime) -> datetime | None:
    """When an attempt at ``quiz`` begun at ``started_at`` runs out of time, if it can."""
    limit = quiz.time_limit
    return started_at + timedelta(minutes=limit) if limit and quiz.mode == "exam" else None


@dataclass(frozen=True)
class _Given:
    """An answer as saved, and what its question was before it (for undo)."""

    question_id: str
    response: Response | None
    """The response it replaced in the attempt (a question asked again), if any."""
    answered_at: datetime | None
    correct: bool
    before: QuestionState | None
    seconds: float
    relearn: list[tuple[str, int]]


@dataclass
class QuizRun:
    """A quiz (or retake, or review) being taken, and its attempt in the store."""

    attempt: Attempt
    attempt_id: str | None
    """The store's attempt id; None while nothing is saved (read-only, or refused)."""
    unsaved_reason: str | None = None
    """Why this run is not saved, in plain words (None when it is, or never was meant to)."""
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    """When the attempt began (a resumed one keeps its first start): the time limit's
    clock runs in wall time from here."""

    relearn: list[tuple[str, int]] = field(default_factory=list)
    """Review questions missed in this session, each with how many answers must come
    first before it is asked again (Anki's learning steps)."""
    answers_given: int = 0
    """Answers given in this run (a question asked again counts each time)."""
    last_answer: _Given | None = None
    """The last answer, as ``undo`` needs it to take it back (None once taken back)."""

    def next_index(self) -> int | None:
        """The question to ask next: a missed review question whose turn has come, else
        the first not yet answered, else one still to relearn; None when all is done."""
        due = next((q for q, after in self.relearn if after <= self.answers_given), None)
        if due is None:
            following = self.attempt.next_index()
            if following is not None:
                return following
            due = self.relearn[0][0] if self.relearn else None
        if due is None:
            return None
        self.relearn = [(q, after) for q, after in self.relearn if q != due]
        return next(i for i, item in enumerate(self.attempt.items) if item.question.id == due)

    @property
    def exam(self) -> bool:
        """True for an exam: answers are saved as given and graded at hand-in."""
        return self.attempt.quiz.mode == "exam" and not self.review

    @property
    def deadline(self) -> datetime | None:
        """When an exam with a time limit is handed in by itself; None without a limit."""
        return deadline_of(self.attempt.quiz, self.started_at) if self.exam else None

    @property
    def quiz(self) -> Quiz:
        return self.attempt.quiz

    @property
    def review(self) -> bool:
        """True for a review session (questions of many quizzes, due today)."""
        return self.attempt.quiz.id == REVIEW_QUIZ_ID

    @property
    def kind(self) -> AttemptKind:
        """``full``, ``retake`` (some of a quiz's questions) or ``review``: only a full
        attempt sets the quiz's pass, best and last score."""
        if self.review:
            return "review"
        return "retake" if self.attempt.partial else "full"


@dataclass(frozen=True)
class Answered:
    """What ``StudySession.answer`` did: the graded response, and any saving problem."""

    response: Response
    error: ProgressError | None = None
    """Why the answer was not saved (it still counts in this attempt), or None."""


@dataclass(frozen=True)
class Resumable:
    """An attempt left part way that can be taken up again."""

    attempt_id: str
    quiz_id: str
    kind: AttemptKind
    given: int
    """Answers (or an exam's drafts) given so far."""
    total: int
    started_at: datetime


@dataclass(frozen=True)
class Resumed:
    """A run taken up again, and what could not be kept of it."""

    run: QuizRun
    dropped: int
    """Questions removed from the quiz file, or changed, since the attempt began."""

    @property
    def notice(self) -> str | None:
        """What to tell the student about dropped questions, if any."""
        if not self.dropped:
            return None
        return (
            f"{self.dropped} question{'s were' if self.dropped != 1 else ' was'} removed or "
            "changed in the quiz file since you began, and left out of this attempt."
        )


RELEARN_AFTER = 3
"""Answers to other questions before a question missed in a review is asked again."""

STUDY_AHEAD = 20
"""How many not-yet-due questions "study ahead" brings forward at most."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class StudySession:
    """A profile's study of a course: quizzes, reviews, reading and resets.

    Args:
        course: the course being studied (replace ``course`` when it is reloaded).
        store: the profile's progress, or None when progress is not saved at all.
        now: the current moment (aware); tests pass a fixed clock.
    """

    def __init__(
        self,
        course: Course,
        store: ProgressStore | None,
        *,
        now: Callable[[], datetime] = _utc_now,
        wait: float = 2.0,
        max_reviews_per_day: int | None = None,
    ) -> None:
        self.course = course
        self.store = store
        self.now = now
        self.wait = wait
        self.max_reviews_per_day = max_reviews_per_day
        """The daily review cap from settings.toml (None: no cap)."""
        self._last_answer_time: datetime | None = None
        """Seconds to wait for a profile another copy is saving to (then read-only)."""
        self.reading = ReadingLog()

    @classmethod
    def open(
        cls,
        course: Course,
        data_dir: Path,
        profile: str,
        *,
        wait: float = 2.0,
        now: Callable[[], datetime] = _utc_now,
        max_reviews_per_day: int | None = None,
    ) -> StudySession:
        """Open ``profile``'s progress under ``data_dir`` for studying ``course``.

        Raises:
            ProfileNameError: ``profile`` is not a safe name.
            ProgressError: the data folder cannot be used.
        """
        store = ProgressStore.open(data_dir, profile, wait=wait)
        return cls(course, store, now=now, wait=wait, max_reviews_per_day=max_reviews_per_day)

    @property
    def saving(self) -> bool:
        """True when answers are saved (a store that another copy did not hold at open)."""
        return self.store is not None and not self.store.read_only

    def new_notices(self) -> list[str]:
        """What the store has to tell the student since the last call (files moved, ...)."""
        return self.store.new_notices() if self.store is not None else []

    # --- quizzes ----------------------------------------------------------------------

    def start_quiz(
        self, quiz: Quiz, *, question_ids: list[str] | None = None, seed: int | None = None
    ) -> QuizRun:
        """Begin ``quiz``, or a retake of ``question_ids`` of it; its attempt is saved.

        The attempt is saved with its kind (see ``QuizRun.kind``): a retake of some
        questions is practice, and never sets the quiz's pass, best or last score.
        """
        if seed is None:
            # Saved with the attempt, so a resumed attempt is laid out as it was.
            seed = random.SystemRandom().randrange(2**31)
        attempt = Attempt.start(quiz, question_ids=question_ids, seed=seed)
        mode = "review" if quiz.id == REVIEW_QUIZ_ID else quiz.mode
        keys = [store_key(quiz.id, item.question.id) for item in attempt.items]
        run = QuizRun(attempt, None, started_at=self.now())
        if not self.saving:
            return run
        assert self.store is not None
        # An attempt left open is not closed here: another window may be taking it.
        try:
            run.attempt_id = self.store.start_attempt(
                quiz.id,
                mode,
                keys,
                kind=run.kind,
                seed=seed,
                fingerprints=[question_fingerprint(item.question) for item in attempt.items],
                started_at=run.started_at,
            )
        except ProgressError as exc:
            run.unsaved_reason = str(exc)
        return run

    # --- attempts left part way -------------------------------------------------------

    def _open_of(self, quiz_id: str) -> list[str]:
        """Ids of the open attempts at ``quiz_id``, newest first."""
        if self.store is None:
            return []
        # Ties in time (a fixed clock, or one second) go to the later in the history: the
        # summary keeps open attempts in the order they began.
        found = [
            (opened.started_at, order, attempt_id)
            for order, (attempt_id, opened) in enumerate(self.store.open_attempts().items())
            if opened.quiz == quiz_id
        ]
        return [attempt_id for *_, attempt_id in sorted(found, reverse=True)]

    def close_attempt(self, attempt_id: str) -> None:
        """Close an attempt left open that cannot be taken up again (as abandoned; its
        answers stay). Never raises: a failure leaves it open, to try again later."""
        if self.store is None or self.store.read_only:
            return
        with contextlib.suppress(ProgressError):  # else it stays open: tried again later
            self.store.abandon_attempt(attempt_id)

    def resumable(self, quiz_id: str) -> Resumable | None:
        """The attempt at ``quiz_id`` (or at the review) left part way, if any."""
        if self.store is None:
            return None
        if quiz_id != REVIEW_QUIZ_ID and quiz_id not in self.course.quizzes:
            return None
        newest = next(iter(self._open_of(quiz_id)), None)
        if newest is None:
            return None
        opened = self.store.open_attempts()[newest]
        given = len(set(opened.given) | set(opened.drafts))
        return Resumable(
            newest, quiz_id, opened.kind, given, len(opened.questions), opened.started_at
        )

    def resume(self, attempt_id: str) -> Resumed | None:
        """Take up an attempt left part way: the same questions in the same order, laid
        out as they were, with the answers (and an exam's drafts) given so far.

        Questions removed from the quiz file or changed since are left out
        (``Resumed.dropped``). None when the attempt is no longer open, or its quiz (or
        every one of its questions) is gone.
        """
        if self.store is None:
            return None
        opened = self.store.open_attempts().get(attempt_id)
        if opened is None:
            return None
        kept = self._questions_of(opened)
        if not kept:
            return None
        quiz, questions = kept
        attempt = Attempt.laid_out(
            quiz, questions, seed=opened.seed, partial=opened.kind == "retake"
        )
        for question in questions:
            key = store_key(quiz.id, question.id)
            if key in opened.given:
                attempt.answer(question.id, opened.given[key])
            if key in opened.drafts:
                attempt.drafts[question.id] = opened.drafts[key]
            if key in opened.flagged:
                attempt.flagged.add(question.id)
            if key in opened.draft_seconds:
                attempt.draft_seconds[question.id] = opened.draft_seconds[key]
        run = QuizRun(attempt, attempt_id, started_at=opened.started_at)
        return Resumed(run, len(opened.questions) - len(questions))

    def _questions_of(self, opened: OpenAttempt) -> tuple[Quiz, list[Question]] | None:
        """The quiz of an open attempt and the questions of it still asked as they were."""
        if opened.quiz == REVIEW_QUIZ_ID:
            pairs = [tuple(key.split(SEPARATOR, 1)) for key in opened.questions]
            quiz = review_quiz(self.course, [(a, b) for a, b in pairs], title="Review (resumed)")
        else:
            found = self.course.quizzes.get(opened.quiz)
            if found is None:
                return None
            quiz = found
        by_key = {store_key(quiz.id, q.id): q for q in quiz.questions}
        questions: list[Question] = []
        for index, key in enumerate(opened.questions):
            question = by_key.get(key)
            if question is None:
                continue
            if index < len(opened.fingerprints) and (
                opened.fingerprints[index] != question_fingerprint(question)
            ):
                continue
            questions.append(question)
        return (quiz, questions) if questions else None

    # --- exams --------------------------------------------------------------------------

    def save_draft(
        self,
        run: QuizRun,
        question_id: str,
        answer: Answer | None,
        *,
        flagged: bool,
        seconds: float = 0.0,
    ) -> ProgressError | None:
        """Keep an exam answer as given (graded only at hand-in) and its flag; on disk
        (fsync'd) when this returns, unless the returned error says why not."""
        attempt = run.attempt
        if answer is not None:
            attempt.drafts[question_id] = answer
        if flagged:
            attempt.flagged.add(question_id)
        else:
            attempt.flagged.discard(question_id)
        attempt.draft_seconds[question_id] = attempt.draft_seconds.get(question_id, 0.0) + max(
            seconds, 0.0
        )
        if run.attempt_id is None or self.store is None:
            return None
        try:
            self.store.record_draft(
                run.attempt_id,
                store_key(run.quiz.id, question_id),
                answer,
                flagged=flagged,
                seconds=seconds,
            )
        except AttemptNotOpen as exc:
            run.attempt_id, run.unsaved_reason = None, str(exc)
            return exc
        except ProgressError as exc:
            return exc
        return None

    def hand_in(self, run: QuizRun) -> ProgressError | None:
        """Grade an exam's final answers, schedule and save each once, then score it.

        Unanswered questions count as wrong and are not saved as answers.
        """
        problem: ProgressError | None = None
        attempt = run.attempt
        for item in attempt.items:
            question_id = item.question.id
            draft = attempt.drafts.get(question_id)
            if draft is None or question_id in attempt.responses:
                continue
            seconds = attempt.draft_seconds.get(question_id, 0.0)
            answered = self.answer(run, question_id, draft, seconds)
            problem = problem or answered.error
        return self.finish(run) or problem

    def due_now(self) -> list[tuple[str, str]]:
        """(quiz id, question id) due today, hardest first, from the progress as it is now."""
        if self.store is None:
            return []
        return due_questions(
            self.course, self.store.summary.questions, self.now(), local_timezone()
        )

    def reviews_left_today(self) -> int | None:
        """Review answers still allowed today under the daily cap; None without a cap."""
        if self.max_reviews_per_day is None:
            return None
        done = 0
        if self.store is not None:
            tz = local_timezone()
            today = local_date(self.now(), tz)
            for hour, count in self.store.summary.reviews_by_hour.items():
                start = datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=UTC)
                # The middle of the hour: a local day starting on a half hour is near enough.
                if local_date(start + timedelta(minutes=30), tz) == today:
                    done += count
        return max(0, self.max_reviews_per_day - done)

    def start_review(self, *, seed: int | None = None) -> QuizRun | None:
        """Begin a review of every question due now; None when nothing is due.

        The queue is worked out when the review starts, so answers given meanwhile in
        another copy of the app are taken into account.
        """
        if self.store is not None:
            self.store.refresh()
        due = self.due_now()
        left = self.reviews_left_today()
        if left is not None:
            due = due[:left]  # the hardest first, up to the day's cap
        if not due:
            return None
        return self.start_quiz(review_quiz(self.course, due), seed=seed)

    def start_study_ahead(
        self, *, limit: int = STUDY_AHEAD, seed: int | None = None
    ) -> QuizRun | None:
        """Review the next questions by due date before they are due; None if none is
        scheduled. FSRS takes the early answers into account when it schedules them."""
        if self.store is None:
            return None
        self.store.refresh()
        ahead = ahead_questions(
            self.course, self.store.summary.questions, self.now(), local_timezone(), limit
        )
        if not ahead:
            return None
        title = f"Study ahead: {plural(len(ahead), 'question')} not due yet"
        return self.start_quiz(review_quiz(self.course, ahead, title=title), seed=seed)

    def start_practice(
        self, questions: list[tuple[str, str]], *, title: str, seed: int | None = None
    ) -> QuizRun | None:
        """Practise exactly ``questions`` ((quiz id, question id), e.g. the most missed).

        Like a review, it is practice: answers update each question's schedule, never a
        quiz's score. None when none of them is in the course any more.
        """
        quiz = review_quiz(self.course, questions, title=title)
        if not quiz.questions:
            return None
        return self.start_quiz(quiz, seed=seed)

    def answer(self, run: QuizRun, question_id: str, answer: Answer, seconds: float) -> Answered:
        """Grade ``answer``, schedule the question's next review and save both.

        The answer is on disk (fsync'd) when this returns, unless ``Answered.error`` says
        why not; then the run goes on unsaved if its attempt is no longer open.

        Raises:
            KeyError: ``question_id`` is not part of the run.
        """
        replaced = run.attempt.responses.get(question_id)
        relearn_before = list(run.relearn)
        response = run.attempt.answer(question_id, answer, seconds)
        run.answers_given += 1
        if run.review and not response.grade.correct:
            # Asked again later in this session, after a few others, until it is right.
            run.relearn.append((question_id, run.answers_given + RELEARN_AFTER))
        if run.attempt_id is None or self.store is None:
            run.last_answer = _Given(
                question_id,
                replaced,
                None,
                response.grade.correct,
                None,
                response.seconds,
                relearn_before,
            )
            return Answered(response)
        question = next(i.question for i in run.attempt.items if i.question.id == question_id)
        key = store_key(run.quiz.id, question_id)
        before = self.store.question_state(key)
        card = schedule(
            before.card,
            key,
            correct=response.grade.correct,
            seconds=response.seconds,
            now=self.now(),
            slow_after=kind_of(question).slow_after,
        )
        try:
            answered_at = self.store.record_answer(
                run.attempt_id,
                key,
                response.answer,
                response.grade.correct,
                response.seconds,
                answered_at=self._answer_time(),
                card=card,
            )
            run.last_answer = _Given(
                question_id,
                replaced,
                answered_at,
                response.grade.correct,
                before,
                response.seconds,
                relearn_before,
            )
        except AttemptNotOpen as exc:
            run.attempt_id, run.unsaved_reason = None, str(exc)
            return Answered(response, exc)
        except ProgressError as exc:
            return Answered(response, exc)
        return Answered(response)

    def _answer_time(self) -> datetime:
        """Now, to the microsecond and never the same twice: the time names an answer,
        should it be taken back (``undo``)."""
        moment = self.now()
        if self._last_answer_time is not None and moment <= self._last_answer_time:
            moment = self._last_answer_time + timedelta(microseconds=1)
        self._last_answer_time = moment
        return moment

    def undo(self, run: QuizRun) -> tuple[str | None, ProgressError | None]:
        """Take back the run's last answer: it stops counting everywhere (scores, the
        schedule, the reports) and the question's card is as it was before it.

        Returns the question id to ask again (None when there is nothing to undo) and
        any saving problem. Only the last answer can be taken back, once.
        """
        given = run.last_answer
        if given is None:
            return None, None
        run.last_answer = None
        if given.response is None:
            del run.attempt.responses[given.question_id]
        else:
            run.attempt.responses[given.question_id] = given.response
        run.relearn = list(given.relearn)
        run.answers_given -= 1
        if run.attempt_id is None or self.store is None or given.answered_at is None:
            return given.question_id, None
        assert given.before is not None
        try:
            self.store.record_undo(
                run.attempt_id,
                store_key(run.quiz.id, given.question_id),
                given.answered_at,
                was_correct=given.correct,
                before=given.before,
                seconds=given.seconds,
            )
        except AttemptNotOpen as exc:
            run.attempt_id, run.unsaved_reason = None, str(exc)
            return given.question_id, exc
        except ProgressError as exc:
            return given.question_id, exc
        return given.question_id, None

    def finish(self, run: QuizRun) -> ProgressError | None:
        """Save the run's score and pass or fail; returns why not, if it could not be."""
        if run.attempt_id is None or self.store is None:
            return None
        try:
            self.store.finish_attempt(run.attempt_id, run.attempt.score, run.attempt.passed)
        except ProgressError as exc:
            return exc
        finally:
            run.attempt_id = None
        return None

    def abandon(self, run: QuizRun) -> ProgressError | None:
        """Close the run without a score (its answers stay saved); returns any problem."""
        if run.attempt_id is None or self.store is None:
            return None
        try:
            self.store.abandon_attempt(run.attempt_id)
        except ProgressError as exc:
            return exc
        finally:
            run.attempt_id = None
        return None

    # --- reading ----------------------------------------------------------------------

    def page_end_seen(self, lesson_id: str, page: int, page_count: int) -> ProgressError | None:
        """Note that a page's end was on screen, and save how far the lesson is read."""
        fraction = self.reading.page_end_seen(lesson_id, page, page_count)
        if fraction is None or not self.saving:
            return None
        assert self.store is not None
        try:
            self.store.record_lesson_progress(lesson_id, fraction)
        except ProgressError as exc:
            return exc
        return None

    def lesson_read(self, lesson_id: str) -> bool:
        """True once the lesson was read to its end (now or in an earlier session)."""
        return self.store is not None and self.store.lesson_status(lesson_id).read_at is not None

    # --- forgetting -------------------------------------------------------------------

    def reset(self, lesson_id: str | None) -> ResetResult:
        """Forget one lesson's progress (or all of it) after a backup, then reopen.

        Raises:
            KeyError: the course has no lesson ``lesson_id``.
            ProgressError: nothing was changed (the profile is in use, the disk refused),
                or the progress could not be reopened afterwards (``store`` is then None).
        """
        if self.store is None or self.store.read_only:
            raise ProgressError("Progress cannot be reset in this session.")
        data_dir, profile = self.store.data_dir, self.store.profile
        self.store.close()
        try:
            result = forget_progress(data_dir, profile, self.course, lesson_id, wait=self.wait)
        finally:
            # Take up the record as it now is, whether or not the reset went through.
            try:
                self.store = ProgressStore.open(data_dir, profile, wait=self.wait)
            except ProgressError:
                self.store = None
                raise
        self.reading.forget(lesson_id)
        return result

    def close(self) -> None:
        """Save the summary (never raises: see ``ProgressStore.close``)."""
        if self.store is not None:
            self.store.close()


def forget_progress(
    data_dir: Path,
    profile: str,
    course: Course | None,
    lesson_id: str | None,
    *,
    wait: float = 2.0,
) -> ResetResult:
    """Forget ``lesson_id``'s progress (all progress when None), keeping a backup.

    Raises:
        KeyError: the course has no lesson ``lesson_id``.
        ProfileNameError: ``profile`` is not a safe name.
        ProgressError: no such profile, it is in use, or the disk refused.
    """
    if lesson_id is None:
        return reset_profile(data_dir, profile, wait=wait)
    if course is None:
        raise KeyError(lesson_id)
    return reset_lesson(data_dir, profile, course, lesson_id, wait=wait)
