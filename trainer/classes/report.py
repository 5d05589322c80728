"""A class report: how each student is doing and how well each question works.

``ClassReportBuilder`` takes the students' class files one at a time (``add``) and keeps
only what the report needs from each, so a class of any size is read in bounded memory:
each student's standing, and the attempts that count under the attempt rule with their
scores and answers. ``build`` then works out Moodle's quiz statistics (``item_stats``),
the wrong answers chosen most, and who is falling behind.

Files from another version of the course are matched question by question (ids): an
answer to a question the course no longer has is left out, a question the student's
version did not have counts as not asked, and the report says so. When two files come
from the same student (the same profile id), the newer one counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

from pydantic import AwareDatetime, BaseModel

from trainer.classes.class_files import ClassFileError, find_class_files, read_class_file
from trainer.classes.export import OVERDUE_DAYS, ClassAttempt, ClassExport
from trainer.classes.item_stats import (
    AttemptRule,
    Response,
    answer_keys,
    chosen_indexes,
    distractor_analysis,
    item_analysis,
    random_guess_scores,
)
from trainer.classes.roster import Roster
from trainer.course.models import Course
from trainer.mastery.levels import Level
from trainer.text import one_line

FORMAT: Final = "massage-trainer class report"
VERSION: Final = 1

IDLE_DAYS: Final = 14
"""A student with no study for this many days is falling behind."""
MOST_MISSED: Final = 10
"""How many questions the most-missed list shows."""
WRONG_ANSWERS_SHOWN: Final = 3
"""Wrong answers shown with each most-missed question (every one is in the question's list)."""

StudentStatus = Literal["on track", "falling behind", "not started", "no file"]
STATUSES: Final[tuple[StudentStatus, ...]] = (
    "falling behind",
    "not started",
    "no file",
    "on track",
)
"""In the order a report lists students: those who need the instructor first."""


class _Model(BaseModel):
    pass


class StudentLesson(_Model):
    """One lesson of one student, as of their file."""

    id: str
    title: str
    fraction_read: float
    level: str
    level_label: str


class StudentTopic(_Model):
    topic: str
    level: str
    level_label: str


class StudentRow(_Model):
    """One student: who, from which file, and how they are doing."""

    id: str | None
    """The profile's id; None for a roster entry with no file."""
    name: str
    anonymous: bool = False
    file: str | None
    exported_at: AwareDatetime | None
    on_roster: bool | None
    """None when the report has no roster."""
    status: StudentStatus
    reasons: list[str]
    """Why "falling behind" or "not started", in plain words."""
    lessons_read: int
    lessons: list[StudentLesson]
    topics: list[StudentTopic]
    quizzes_passed: list[str]
    """Quizzes of the course with a passed full attempt, by id."""
    last_activity: AwareDatetime | None
    days_inactive: float | None
    """Days from the last study to the report (None: never studied)."""
    reviews_overdue: int
    """Reviews due more than a week before the file was made."""
    oldest_overdue_days: float | None


class WrongAnswer(_Model):
    answer: str
    count: int
    share: float
    """Percentage of the counted attempts that answered the question."""


class ClassQuestion(_Model):
    """One question's statistics (percentages; None is "n/a") and wrong answers."""

    id: str
    prompt: str
    type: str
    attempts: int
    facility: float | None
    standard_deviation: float | None
    random_guess_score: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    flags: list[str]
    wrong_answers: list[WrongAnswer] | None
    """None for matching and ordering, whose wrong answers are whole arrangements."""


class ClassQuiz(_Model):
    """One quiz's test statistics over the counted attempts, and its questions."""

    id: str
    title: str
    lesson_id: str | None
    students: int
    """Students with at least one finished full attempt."""
    attempts: int
    """Attempts counted under the attempt rule."""
    questions_count: int
    mean: float | None
    median: float | None
    standard_deviation: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None
    score_counts: list[int]
    """How many counted attempts scored 0, 1, ... ``questions_count`` right."""
    questions: list[ClassQuestion]


class MissedQuestion(_Model):
    """A question most students miss, with the wrong answers they chose most."""

    quiz_id: str
    quiz_title: str
    question_id: str
    prompt: str
    facility: float
    attempts: int
    wrong_answers: list[WrongAnswer]


class ReportLesson(_Model):
    id: str
    title: str


class SkippedFile(_Model):
    file: str
    reason: str


class ClassReport(_Model):
    """The whole report, as ``class report --format json`` writes it."""

    format: Literal["massage-trainer class report"] = FORMAT
    version: int = VERSION
    generated_at: AwareDatetime
    course_title: str
    course_version: str
    lessons: list[ReportLesson]
    """The course's lessons, in order: each student's ``lessons`` follow it."""
    topics: list[str]
    """The course's topics, sorted: each student's ``topics`` follow it."""
    attempt_rule: AttemptRule
    idle_days: int = IDLE_DAYS
    overdue_days: int = OVERDUE_DAYS
    students: list[StudentRow]
    quizzes: list[ClassQuiz]
    most_missed: list[MissedQuestion]
    files_read: int
    skipped: list[SkippedFile]
    notices: list[str]

    def count(self, status: StudentStatus) -> int:
        """How many students have ``status``."""
        return sum(1 for student in self.students if student.status == status)


# --- building -----------------------------------------------------------------------------


@dataclass
class _Counted:
    """One attempt that counts: each asked question's score and the answers given."""

    scores: dict[str, int]
    responses: dict[str, Response]


@dataclass
class _Student:
    export: ClassExport
    source: str
    quizzes_passed: list[str]
    counted: dict[str, list[_Counted]] = field(default_factory=dict)
    attempted: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    made: tuple[bool, datetime] | None = None
    """How the file ranks among the student's: (believable date, when made)."""


class ClassReportBuilder:
    """Collects class files one at a time, then ``build``s the report."""

    def __init__(
        self,
        course: Course,
        rule: AttemptRule = "first",
        roster: Roster | None = None,
        now: datetime | None = None,
    ) -> None:
        chosen_indexes({}, rule)  # refuses an unknown rule now, not after reading every file
        self.now = now or datetime.now(UTC)
        """When the report is made: a file dated later counts as made now."""
        self.course = course
        self.rule: AttemptRule = rule
        self.roster = roster
        self._quiz_ids = {
            qid: [q.id for q in quiz.questions] for qid, quiz in course.quizzes.items()
        }
        self._keys = {qid: answer_keys(quiz.questions) for qid, quiz in course.quizzes.items()}
        self._topics = sorted(
            {topic for lesson in course.lessons for topic in lesson.meta.topics}
            | {topic for quiz in course.quizzes.values() for topic in quiz.topics},
            key=str.casefold,
        )
        self._topic_names = {topic: one_line(topic) for topic in self._topics}
        self._students: dict[str, _Student] = {}
        self._skipped: list[SkippedFile] = []
        self._notices: dict[str, list[str]] = {}
        self._files: dict[str, list[str]] = {}
        """Every file read, by student id (more than one: the same student's)."""
        self._tied: set[str] = set()
        self._files_read = 0

    def skip(self, source: str, reason: str) -> None:
        """Note a file that could not be used (the report lists it with ``reason``)."""
        self._skipped.append(SkippedFile(file=one_line(source), reason=one_line(reason)))

    def add_files(
        self,
        paths: Iterable[Path],
        name: Callable[[Path], str] = str,
        skipped: Callable[[str, str], None] | None = None,
    ) -> None:
        """Every class file in ``paths`` (files, or folders of them), each read and added,
        or skipped with its reason; ``name`` says how the report names a file, and
        ``skipped`` hears of each one skipped (its name and why)."""

        def skip(path: Path, reason: str) -> None:
            shown = name(path)
            self.skip(shown, reason)
            if skipped is not None:
                skipped(shown, reason)

        for path in find_class_files(paths, skip):
            try:
                export = read_class_file(path)
            except ClassFileError as exc:
                skip(path, exc.reason)
                continue
            self.add(name(path), export)

    def add(self, source: str, export: ClassExport) -> None:
        """Take one student's file. ``source`` names it in the report (its path)."""
        source = one_line(source)
        common = set(export.course.quizzes) & set(self._quiz_ids)
        if not common and (export.course.quizzes or export.course.title != self.course.info.title):
            self.skip(
                source,
                f"made on another course ({one_line(export.course.title)!r}): "
                "none of its quizzes is in this one",
            )
            return
        self._files_read += 1
        student_id = export.student.id
        self._files.setdefault(student_id, []).append(source)
        kept = self._students.get(student_id)
        # A date after the report is a clock set wrong: such a file must not outrank the
        # student's files with believable dates, so it ranks below all of them.
        made = (export.exported_at <= self.now, min(export.exported_at, self.now))
        # The newest file counts; two made at the same moment are settled by file name.
        if kept is not None and (made, source) <= (kept.made, kept.source):
            if made == kept.made:
                self._tied.add(student_id)
            return
        if kept is not None and made == kept.made:
            self._tied.add(student_id)
        elif kept is not None:
            self._tied.discard(student_id)
        student = self._reduce(source, export)
        student.made = made
        future = [
            "dated after this report (its clock is wrong?): it counts only when none of "
            "the student's files has a believable date"
        ]
        student.notices = [
            *self._version_notices(export),
            *student.notices,
            *(future if export.exported_at > self.now else []),
        ]
        self._students[student_id] = student

    def _note(self, notice: str, source: str) -> None:
        self._notices.setdefault(notice, []).append(source)

    def _version_notices(self, export: ClassExport) -> list[str]:
        """How the file's course differs from this one (matched by question id)."""
        notices: list[str] = []
        info = self.course.info
        theirs = export.course
        if theirs.version != info.version or theirs.title != info.title:
            made_on = one_line(f"{theirs.title} {theirs.version}".strip())
            notices.append(
                f"made on another version of the course ({made_on}): "
                "answers are matched by question id",
            )
        for quiz_id, ids in theirs.quizzes.items():
            ours = self._quiz_ids.get(quiz_id)
            if ours is None:
                notices.append(
                    f"quiz {one_line(quiz_id)!r} is not in this course: its answers are left out",
                )
                continue
            gone = [qid for qid in ids if qid not in set(ours)]
            if gone:
                notices.append(
                    f"quiz {quiz_id!r}: {len(gone)} of their questions are no longer in it "
                    f"({', '.join(one_line(g) for g in gone[:5])}"
                    f"{', ...' if len(gone) > 5 else ''}): their answers are left out",
                )
            new = [qid for qid in ours if qid not in set(ids)]
            if new:
                notices.append(
                    f"quiz {quiz_id!r}: {len(new)} questions were not in their version "
                    f"({', '.join(new[:5])}{', ...' if len(new) > 5 else ''}): "
                    "not counted as asked",
                )
        return notices

    def _reduce(self, source: str, export: ClassExport) -> _Student:
        """What the report keeps of a file: its standing, and the attempts that count."""
        passed: set[str] = set()
        by_quiz: dict[str, list[ClassAttempt]] = {}
        for attempt in export.attempts:
            if attempt.quiz not in self._quiz_ids:
                continue
            if attempt.kind != "full" or attempt.outcome != "finished":
                continue
            by_quiz.setdefault(attempt.quiz, []).append(attempt)
            if attempt.passed:
                passed.add(attempt.quiz)
        student = _Student(
            export=export.model_copy(update={"attempts": []}),
            source=source,
            quizzes_passed=[qid for qid in self._quiz_ids if qid in passed],
        )
        for quiz_id, attempts in by_quiz.items():
            attempts.sort(key=lambda attempt: attempt.started_at)
            counted = [self._counted(quiz_id, attempt) for attempt in attempts]
            rows = [row for row in counted if row.scores]
            if len(rows) < len(counted):
                # Not one of the quiz's questions as this course has them: nothing to
                # count, and a total of 0 would drag every figure down.
                student.notices.append(
                    f"full attempts at quiz {quiz_id!r} that asked none of its questions "
                    "are left out"
                )
            if not rows:
                continue
            picks = chosen_indexes({"": [row.scores for row in rows]}, self.rule).get("", ())
            student.counted[quiz_id] = [rows[i] for i in picks]
            student.attempted.add(quiz_id)
        return student

    def _counted(self, quiz_id: str, attempt: ClassAttempt) -> _Counted:
        ours = set(self._quiz_ids[quiz_id])
        last: dict[str, tuple[bool, object]] = {}
        for answer in attempt.answers:
            if answer.question in ours:
                last[answer.question] = (answer.correct, answer.given)
        asked = [qid for qid in attempt.questions if qid in ours] or list(last)
        scores = {qid: int(last[qid][0]) if qid in last else 0 for qid in asked}
        keys = self._keys[quiz_id]
        responses: dict[str, Response] = {}
        for qid, (_, given) in last.items():
            if qid in keys and _is_response(given):
                responses[qid] = given  # type: ignore[assignment]
        return _Counted(scores, responses)

    def build(self, now: datetime) -> ClassReport:
        """The report as of ``now`` (which sets how long each student has been idle)."""
        students = [self._row(student, now) for student in self._students.values()]
        students.extend(self._roster_rows(students))
        students.sort(
            key=lambda row: (STATUSES.index(row.status), row.name.casefold(), row.id or "")
        )
        quizzes = [self._quiz(quiz_id) for quiz_id in _course_order(self.course)]
        by_notice = {notice: list(files) for notice, files in self._notices.items()}
        for student in self._students.values():
            for notice in student.notices:
                by_notice.setdefault(notice, []).append(student.source)
        for student_id, files in self._files.items():
            if len(files) < 2:
                continue
            kept = self._students[student_id]
            how = (
                "made at the same moment: the last by file name"
                if student_id in self._tied
                else "the newest"
            )
            notice = (
                f"{len(files)} files from the same student ({one_line(kept.export.student.name)}): "
                f"{kept.source} counts, as {how}; left out"
            )
            by_notice.setdefault(notice, []).extend(f for f in files if f != kept.source)
        notices = [f"{notice}: {_some(files)}" for notice, files in by_notice.items()]
        return ClassReport(
            generated_at=now,
            course_title=self.course.info.title,
            course_version=self.course.info.version,
            lessons=[
                ReportLesson(id=lesson.id, title=lesson.title) for lesson in self.course.lessons
            ],
            topics=[self._topic_names[topic] for topic in self._topics],
            attempt_rule=self.rule,
            students=students,
            quizzes=quizzes,
            most_missed=_most_missed(quizzes),
            files_read=self._files_read,
            skipped=list(self._skipped),
            notices=notices,
        )

    def _row(self, student: _Student, now: datetime) -> StudentRow:
        export = student.export
        progress = export.progress
        theirs = {lesson.id: lesson for lesson in progress.lessons}
        lessons = []
        for lesson in self.course.lessons:
            found = theirs.get(lesson.id)
            lessons.append(
                StudentLesson(
                    id=lesson.id,
                    title=lesson.title,
                    fraction_read=found.fraction_read if found else 0.0,
                    level=found.level if found else Level.NOT_STARTED.slug,
                    # The label is ours, never the file's: only the level is taken from it.
                    level_label=_LEVELS[found.level].label if found else Level.NOT_STARTED.label,
                )
            )
        # The course's topics, as the student's file has them (a topic their version of
        # the course did not have is not started).
        known = {topic.topic: topic for topic in progress.topics}
        topics = [
            StudentTopic(
                topic=self._topic_names[topic],
                level=known[topic].level if topic in known else Level.NOT_STARTED.slug,
                level_label=_LEVELS[known[topic].level].label
                if topic in known
                else Level.NOT_STARTED.label,
            )
            for topic in self._topics
        ]
        last = export.last_activity
        # Whole tenths, rounded down, so "17.9 days" never shows as 18 in one place and
        # "no study for 17 days" in another.
        # A last study after ``now`` (a clock set wrong) counts as today, not as negative.
        idle = (
            max(0.0, math.floor((now - last).total_seconds() / 8640) / 10)
            if last is not None
            else None
        )
        studied = (
            last is not None
            or progress.answers > 0
            or any(lesson.fraction_read > 0 for lesson in lessons)
        )
        reasons: list[str] = []
        if not studied:
            status: StudentStatus = "not started"
            reasons.append("no study in their file")
        else:
            if idle is not None and idle >= IDLE_DAYS:
                reasons.append(f"no study for {int(idle)} days")
            if export.reviews_overdue:
                reasons.append(
                    f"{export.reviews_overdue} review"
                    f"{'s' if export.reviews_overdue != 1 else ''} overdue by more than "
                    f"{OVERDUE_DAYS} days"
                )
            status = "falling behind" if reasons else "on track"
        return StudentRow(
            id=export.student.id,
            name=one_line(export.student.name).strip() or export.student.id[:8],
            anonymous=export.student.anonymous,
            file=student.source,
            exported_at=export.exported_at,
            on_roster=None if self.roster is None else self.roster.lists(export.student),
            status=status,
            reasons=reasons,
            lessons_read=sum(1 for lesson in lessons if lesson.fraction_read >= 1.0),
            lessons=lessons,
            topics=topics,
            quizzes_passed=student.quizzes_passed,
            last_activity=last,
            days_inactive=idle,
            reviews_overdue=export.reviews_overdue,
            oldest_overdue_days=export.oldest_overdue_days,
        )

    def _roster_rows(self, rows: Sequence[StudentRow]) -> list[StudentRow]:
        if self.roster is None:
            return []
        present = [student.export.student for student in self._students.values()]
        return [
            StudentRow(
                id=None,
                name=entry,
                file=None,
                exported_at=None,
                on_roster=True,
                status="no file",
                reasons=[
                    "on the roster, but no readable file: see the skipped files"
                    if self._skipped
                    else "on the roster, but no file was found"
                ],
                lessons_read=0,
                lessons=[],
                topics=[],
                quizzes_passed=[],
                last_activity=None,
                days_inactive=None,
                reviews_overdue=0,
                oldest_overdue_days=None,
            )
            for entry in self.roster.missing(present)
        ]

    def _quiz(self, quiz_id: str) -> ClassQuiz:
        quiz = self.course.quizzes[quiz_id]
        ids = self._quiz_ids[quiz_id]
        counted = [row for s in self._students.values() for row in s.counted.get(quiz_id, [])]
        stats = item_analysis(
            [row.scores for row in counted], ids, random_guess_scores(quiz.questions)
        )
        wrong = distractor_analysis((row.responses for row in counted), self._keys[quiz_id])
        score_counts = [0] * (len(ids) + 1)
        for row in counted:
            score_counts[min(sum(row.scores.values()), len(ids))] += 1
        questions = []
        for question, figures in zip(quiz.questions, stats.questions, strict=True):
            found = wrong.get(question.id)
            questions.append(
                ClassQuestion(
                    id=question.id,
                    prompt=question.prompt,
                    type=question.type,
                    attempts=figures.count,
                    facility=figures.facility,
                    standard_deviation=figures.standard_deviation,
                    random_guess_score=figures.random_guess_score,
                    discrimination_index=figures.discrimination_index,
                    discriminative_efficiency=figures.discriminative_efficiency,
                    flags=list(figures.flags),
                    wrong_answers=None
                    if found is None
                    else [
                        WrongAnswer(answer=one_line(d.answer), count=d.count, share=d.share)
                        for d in found
                    ],
                )
            )
        return ClassQuiz(
            id=quiz_id,
            title=quiz.title,
            lesson_id=quiz.lesson,
            students=sum(1 for s in self._students.values() if quiz_id in s.attempted),
            attempts=stats.attempt_count,
            questions_count=stats.question_count,
            mean=stats.mean_percent,
            median=stats.median_percent,
            standard_deviation=stats.standard_deviation_percent,
            skewness=stats.skewness,
            kurtosis=stats.kurtosis,
            cic=stats.cic,
            error_ratio=stats.error_ratio,
            standard_error=stats.standard_error_percent,
            score_counts=score_counts,
            questions=questions,
        )


_LEVELS: Final = {level.slug: level for level in Level}


def _course_order(course: Course) -> list[str]:
    """Quiz ids in the order a student meets them: each lesson's, then the others (an exam)."""
    ordered = [qid for lesson in course.lessons for qid in course.lesson_quizzes.get(lesson.id, ())]
    return [
        *dict.fromkeys(qid for qid in ordered if qid in course.quizzes),
        *(qid for qid in course.quizzes if qid not in set(ordered)),
    ]


def _some(files: Sequence[str]) -> str:
    """The first few file names, and how many more."""
    shown = ", ".join(files[:3])
    return f"{shown} and {len(files) - 3} more" if len(files) > 3 else shown


def _is_response(given: object) -> bool:
    """Whether an answer is one distractor analysis reads (not pairs or an order of pairs)."""
    if isinstance(given, bool | str):
        return True
    return isinstance(given, list) and all(isinstance(item, str) for item in given)


def _most_missed(quizzes: Sequence[ClassQuiz]) -> list[MissedQuestion]:
    """The questions with the lowest facility (at least one attempt), lowest first."""
    found = [
        (quiz, question)
        for quiz in quizzes
        for question in quiz.questions
        if question.facility is not None and question.facility < 100
    ]
    found.sort(key=lambda pair: (pair[1].facility, -pair[1].attempts, pair[0].id, pair[1].id))
    return [
        MissedQuestion(
            quiz_id=quiz.id,
            quiz_title=quiz.title,
            question_id=question.id,
            prompt=question.prompt,
            facility=question.facility or 0.0,
            attempts=question.attempts,
            wrong_answers=(question.wrong_answers or [])[:WRONG_ANSWERS_SHOWN],
        )
        for quiz, question in found[:MOST_MISSED]
    ]


def student_counts(report: ClassReport) -> Mapping[StudentStatus, int]:
    """How many students have each status, in the order reports list them."""
    return {status: report.count(status) for status in STATUSES}
