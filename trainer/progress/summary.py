"""The summary file ``profile.toml``: reading, writing, and bringing it up to date.

The summary is a cache of the history: ``apply_chunk`` folds history events into it, and
its ``[journal]`` mark says how far into the history it has counted. A lost or broken
summary can therefore always be rebuilt from the history files.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from trainer.durable import aside_path, atomic_write, utc_now
from trainer.progress.bounds import clamp_seconds
from trainer.progress.history_files import (
    ParsedStretch,
    count_lines,
    list_history_files,
    parse_stretch,
    read_bytes,
    tail_of,
    to_toml,
)
from trainer.progress.models import (
    DROPPED_CARDS,
    RECENT_SCORES,
    SUMMARY_SCHEMA_VERSION,
    HistoryChunk,
    JournalMark,
    LessonStatus,
    OpenAttempt,
    PracticeResult,
    QuestionState,
    QuizStatus,
    Summary,
    UndoEvent,
)
from trainer.safe_parse import ParseError, parse_toml

SUMMARY_HEADER = (
    "# Progress summary: what the app reads at start-up. It is rebuilt from history/\n"
    "# when missing, so delete it (not history/) after editing history by hand.\n"
    "# See docs/progress-files.md.\n"
)
SUMMARY_END = b"# end of profile.toml\n"
"""The last line of every summary since version 3: a file without it was cut short."""
MAX_SUMMARY_BYTES = 64 * 1024 * 1024
"""Far above any real summary (it grows with the course's questions, not the answers)."""


class SummaryUnreadable(Exception):
    """``profile.toml`` is not valid TOML or does not match the expected types."""


class SummaryTooNew(Exception):
    """``profile.toml`` was written by a newer version of the program."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema_version {version}")
        self.version = version


def load_summary(path: Path, notices: list[str] | None = None) -> Summary:
    """Read ``profile.toml``.

    Cards fsrs could not use are dropped (the question starts a new schedule); when
    ``notices`` is given, a sentence there says so.

    Raises:
        FileNotFoundError: there is none.
        SummaryUnreadable: with a plain-words reason (line numbers for bad TOML).
        SummaryTooNew: its ``schema_version`` is newer than this program knows.
    """
    with path.open("rb") as handle:
        data = handle.read(MAX_SUMMARY_BYTES + 1)
    if len(data) > MAX_SUMMARY_BYTES:
        raise SummaryUnreadable(f"it is larger than {MAX_SUMMARY_BYTES // 2**20} MB")
    try:
        doc = parse_toml(data.decode())
    except UnicodeDecodeError as exc:
        raise SummaryUnreadable(f"it is not UTF-8 text (byte {exc.start})") from exc
    except ParseError as exc:
        raise SummaryUnreadable(f"it is not valid TOML: {exc}") from exc
    version = doc.get("schema_version")
    if isinstance(version, int) and version > SUMMARY_SCHEMA_VERSION:
        raise SummaryTooNew(version)
    # Version 2 had no end line; older versions are read as they are and recounted.
    if isinstance(version, int) and version >= 3 and not data.endswith(SUMMARY_END):
        raise SummaryUnreadable("it is incomplete: its last line is missing (cut short)")
    dropped: list[str] = []
    try:
        summary = Summary.model_validate(doc, context={DROPPED_CARDS: dropped})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise SummaryUnreadable(f"{where}: {first['msg']}") from exc
    if summary.schema_version not in (2, 3, SUMMARY_SCHEMA_VERSION):
        raise SummaryUnreadable(f"unknown schema_version {summary.schema_version}")
    if dropped and notices is not None:
        notices.append(cards_dropped_notice(path, dropped))
    return summary


def cards_dropped_notice(path: Path, reasons: list[str]) -> str:
    """The sentence telling the student that unusable review schedules were reset."""
    count = len(reasons)
    which = "schedule" if count == 1 else "schedules"
    return (
        f"{count} review {which} in {path} could not be used ({reasons[0]}"
        f"{'; ...' if count > 1 else ''}); those questions start a new schedule. "
        "Your answers are kept."
    )


def dump_summary(summary: Summary) -> bytes:
    """``summary`` as the text of ``profile.toml``, ending with ``SUMMARY_END``."""
    data: dict[str, Any] = summary.model_dump(mode="python")
    data["schema_version"] = SUMMARY_SCHEMA_VERSION
    return (SUMMARY_HEADER + to_toml(data)).encode() + b"\n" + SUMMARY_END


def save_summary(path: Path, summary: Summary) -> None:
    """Write ``profile.toml`` atomically."""
    atomic_write(path, dump_summary(summary))


def apply_chunk(summary: Summary, chunk: HistoryChunk) -> None:
    """Count ``chunk``'s events into ``summary`` (events of each kind are in file order)."""
    for start in chunk.attempts:
        kind = summary.attempt_kind(start.quiz, start.questions, start.kind)
        quiz = summary.quizzes.setdefault(start.quiz, QuizStatus())
        quiz.attempts += kind == "full"
        summary.open_attempts[start.attempt] = OpenAttempt(
            quiz=start.quiz,
            mode=start.mode,
            questions=list(start.questions),
            kind=kind,
            seed=start.seed,
            fingerprints=list(start.fingerprints),
            started_at=start.started_at,
        )
        _touch(summary, start.started_at)
    cancelled = {(u.attempt, u.question, u.answered_at) for u in chunk.undos}
    skipped: set[tuple[str, str, datetime]] = set()
    for answer in chunk.answers:
        which = (answer.attempt, answer.question, answer.answered_at)
        if which in cancelled:
            skipped.add(which)  # taken back later in the same stretch: never counted
            continue
        state = summary.questions.setdefault(answer.question, QuestionState())
        state.seen += 1
        state.right += answer.correct
        state.last_answered = answer.answered_at
        state.last_correct = answer.correct
        if answer.card is not None:
            state.card = answer.card
        summary.answers += 1
        summary.seconds_answering += answer.seconds
        open_attempt = summary.open_attempts.get(answer.attempt)
        if open_attempt is not None and open_attempt.kind == "review":
            _count_review(summary, answer.answered_at)
        if open_attempt is not None:
            open_attempt.answered.append(answer.question)
            open_attempt.given[answer.question] = answer.answer
        _touch(summary, answer.answered_at)
    for undo in chunk.undos:
        if (undo.attempt, undo.question, undo.answered_at) not in skipped:
            _take_back(summary, undo)
    for draft in chunk.drafts:
        open_attempt = summary.open_attempts.get(draft.attempt)
        if open_attempt is None:
            continue  # handed in or abandoned since: drafts of a closed attempt are history
        if draft.answer is not None:
            open_attempt.drafts[draft.question] = draft.answer
        spent = open_attempt.draft_seconds.get(draft.question, 0.0) + draft.seconds
        open_attempt.draft_seconds[draft.question] = clamp_seconds(spent)
        flagged = set(open_attempt.flagged)
        if draft.flagged:
            flagged.add(draft.question)
        else:
            flagged.discard(draft.question)
        open_attempt.flagged = [q for q in open_attempt.questions if q in flagged]
        _touch(summary, draft.at)
    for end in chunk.results:
        opened = summary.open_attempts.pop(end.attempt, None)
        quiz = summary.quizzes.setdefault(end.quiz, QuizStatus())
        if opened is not None and opened.kind != "full":
            # Practice: it never sets the quiz's pass, best or last score.
            if end.outcome == "finished":
                asked = len(opened.questions)
                quiz.practice += 1
                quiz.last_practice = PracticeResult(
                    kind=opened.kind,
                    asked=asked,
                    right=round((end.score or 0.0) * asked / 100),
                    at=end.ended_at,
                )
            _touch(summary, end.ended_at)
            continue
        quiz.last_at = end.ended_at
        if end.outcome == "finished":
            quiz.finished += 1
            quiz.last_score = end.score
            quiz.last_passed = end.passed
            if end.score is not None:
                quiz.score_sum += end.score
                quiz.recent_scores = [*quiz.recent_scores, end.score][-RECENT_SCORES:]
            if end.score is not None and (quiz.best_score is None or end.score > quiz.best_score):
                quiz.best_score = end.score
        else:
            quiz.abandoned += 1
        _touch(summary, end.ended_at)
    for lesson in chunk.lessons:
        status = summary.lessons.setdefault(lesson.lesson, LessonStatus())
        if lesson.fraction >= status.fraction:
            status.fraction = lesson.fraction
            status.updated_at = lesson.at
        if status.fraction >= 1.0 and status.read_at is None:
            status.read_at = lesson.at
        _touch(summary, lesson.at)


REVIEW_HOURS_KEPT = 48


def _count_review(summary: Summary, moment: datetime) -> None:
    """Count a review answer in its UTC hour; hours older than two days are dropped."""
    hours = summary.reviews_by_hour
    hour = f"{moment:%Y-%m-%dT%H}"
    hours[hour] = hours.get(hour, 0) + 1
    oldest = f"{moment - timedelta(hours=REVIEW_HOURS_KEPT):%Y-%m-%dT%H}"
    for stale in [h for h in hours if h < oldest]:
        del hours[stale]


def _take_back(summary: Summary, undo: UndoEvent) -> None:
    """Put the summary back as it was before an answer counted earlier."""
    state = summary.questions.get(undo.question)
    if state is not None:
        state.seen = max(0, state.seen - 1)
        state.right = max(0, state.right - undo.was_correct)
        if state.last_answered == undo.answered_at:  # it was the last answer: restore
            state.last_correct = undo.previous_correct
            state.last_answered = undo.previous_answered
            state.card = undo.card
    summary.answers = max(0, summary.answers - 1)
    summary.seconds_answering = max(0.0, round(summary.seconds_answering - undo.seconds, 2))
    open_attempt = summary.open_attempts.get(undo.attempt)
    if open_attempt is not None and undo.question in open_attempt.answered:
        index = len(open_attempt.answered) - 1 - open_attempt.answered[::-1].index(undo.question)
        del open_attempt.answered[index]
        open_attempt.given.pop(undo.question, None)
    _touch(summary, undo.at)


def _touch(summary: Summary, moment: datetime) -> None:
    day = f"{moment:%Y-%m-%d}"
    summary.study_hours[day] = summary.study_hours.get(day, 0) | (1 << moment.hour)
    if summary.last_activity is None or moment > summary.last_activity:
        summary.last_activity = moment
    # A record rebuilt from history starts "now"; its first event says when it really began.
    summary.created_at = min(summary.created_at, moment)


def fresh_summary(profile: str) -> Summary:
    """An empty summary for a new profile."""
    return Summary(profile=profile, created_at=utc_now())


class SummaryOutOfStep(Exception):
    """The summary's ``[journal]`` mark does not match the history files (edited by hand)."""


def replay(history_dir: Path, summary: Summary, notices: list[str], *, repair: bool) -> int:
    """Fold every history entry after ``summary.journal`` into ``summary``; return how many.

    With ``repair``, bytes that are not valid entries (a torn tail after a power cut) are
    moved to a ``.corrupt-...`` file beside the history file and the file is rewritten
    without them; every complete entry is kept. Without it (read-only), they are skipped.

    Raises:
        SummaryOutOfStep: the mark points past the end of a file, at a missing file, or
            inside an entry rather than between two (a stale or hand-edited summary).
        NewerSchemaError: a history file was written by a newer program.
    """
    mark = summary.journal
    files = list_history_files(history_dir)
    if mark.file and mark.file not in files:
        raise SummaryOutOfStep(f"{mark.file} is missing")
    applied = 0
    for name in files:
        if mark.file and name < mark.file:
            continue
        path = history_dir / name
        start = mark.offset if name == mark.file else 0
        if name == mark.file:
            _check_mark(path, mark)
        data = read_bytes(path, max(0, start - 1))
        if start:
            _check_boundary(name, data)
            data = data[1:]
        parsed = parse_stretch(data, path, at_file_start=start == 0)
        end = start + len(data)
        if parsed.bad:
            if repair:
                end = _set_aside(path, start, data, parsed, notices)
            else:
                # Stop at the damage: what follows it is counted once it is repaired,
                # never now and again at the next look from the same mark.
                end = start + parsed.bad[0][0]
                parsed = parse_stretch(data[: parsed.bad[0][0]], path, at_file_start=start == 0)
        if parsed.dropped_cards:
            notices.append(cards_dropped_notice(path, parsed.dropped_cards))
        apply_chunk(summary, parsed.chunk)
        applied += parsed.chunk.count()
        mark = JournalMark(file=name, offset=end, tail=tail_of(path, end))
    summary.journal = mark
    return applied


def _check_mark(path: Path, mark: JournalMark) -> None:
    """Check that the mark is where the summary left it, not just at some boundary."""
    # Every history file starts with its header, so a mark in a file is never at 0.
    if mark.offset == 0:
        raise SummaryOutOfStep(f"the summary's mark in {path.name} is at its very start")
    if mark.tail and tail_of(path, mark.offset) != mark.tail:
        raise SummaryOutOfStep(
            f"the summary's mark in {path.name} is not after the entry it was saved after"
        )


def _check_boundary(name: str, data: bytes) -> None:
    """Check that ``data`` (from one byte before the mark) starts at an entry boundary.

    Every entry is a blank line then ``[[``, and no line inside an entry is blank or
    starts with ``[`` (keys start lines; continued arrays are indented or close with
    ``]``); so the mark must follow a newline and be followed, after any blank lines, by
    ``[`` (a whole entry, or the start of one torn by a crash) or by the end of the file.
    """
    if not data:
        raise SummaryOutOfStep(f"{name} is shorter than the summary expects")
    rest = data[1:].lstrip(b"\n")
    if data[:1] != b"\n" or (rest and not rest.startswith(b"[")):
        raise SummaryOutOfStep(f"the summary's mark in {name} is not between two entries")


class Notices(list[str]):
    """Sentences for the student, and (``set_aside``) each history entry moved aside.

    Commands that must not leave an entry out silently (export) read ``set_aside``.
    """

    def __init__(self) -> None:
        super().__init__()
        self.set_aside: list[str] = []
        """``file:line: reason (moved to FILE)`` for each entry moved aside."""


def _set_aside(
    path: Path, start: int, data: bytes, parsed: ParsedStretch, notices: list[str]
) -> int:
    """Move the bad bytes of ``data`` aside, rewrite ``path`` without them; return its size."""
    first_line = 1 + (count_lines(path, start) if start else 0)
    problems = parsed.problems(data, path, first_line)
    aside = aside_path(path)
    if isinstance(notices, Notices):
        notices.set_aside += [
            f"{path}:{line}: {why} (moved to {aside})"
            for line, why in parsed.bad_lines(data, first_line)
        ]
    atomic_write(aside, parsed.bad_bytes(data))
    kept = read_bytes(path, 0, start) + parsed.good_bytes(data)
    atomic_write(path, kept)
    notices.append(
        f"Part of your history file {path} was damaged ({'; '.join(problems)}). "
        f"Every complete entry was kept; the damaged part was moved to {aside}."
    )
    return len(kept)
