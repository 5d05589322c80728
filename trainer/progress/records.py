"""Whole records: history events gathered into ``History``, and a record laid out as files.

``build_history`` turns parsed history files into attempts with their answers (charts,
export). ``write_profile_folder`` does the reverse for import and for migrating the
schema-1 single-file layout: it writes monthly history files, then the summary.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path

from trainer.durable import atomic_write, fsync_dir
from trainer.progress.history_files import encode_event, file_header, month_file_name
from trainer.progress.models import (
    AnswerEvent,
    AnswerRecord,
    AttemptEndEvent,
    AttemptRecord,
    AttemptStartEvent,
    Event,
    History,
    HistoryChunk,
    LessonEvent,
    LessonRecord,
    RecordDocument,
    Summary,
)
from trainer.progress.summary import replay, save_summary


def build_history(chunk: HistoryChunk) -> History:
    """Gather events (in file order) into attempts with their answers, and lesson records.

    Answers whose attempt start was lost are kept under a placeholder attempt.
    """
    attempts: dict[str, AttemptRecord] = {}
    for start in chunk.attempts:
        attempts[start.attempt] = AttemptRecord(
            attempt=start.attempt,
            quiz=start.quiz,
            mode=start.mode,
            questions=list(start.questions),
            kind=start.kind,
            seed=start.seed,
            fingerprints=list(start.fingerprints),
            started_at=start.started_at,
        )
    # An answer taken back (``[[undos]]``) no longer counts: records leave it out.
    cancelled = {(u.attempt, u.question, u.answered_at) for u in chunk.undos}
    for answer in chunk.answers:
        if (answer.attempt, answer.question, answer.answered_at) in cancelled:
            continue
        record = attempts.get(answer.attempt)
        if record is None:
            record = attempts[answer.attempt] = AttemptRecord(
                attempt=answer.attempt, quiz="", mode="", started_at=answer.answered_at
            )
        record.answers.append(
            AnswerRecord(
                question=answer.question,
                answer=answer.answer,
                correct=answer.correct,
                seconds=answer.seconds,
                card=answer.card,
                answered_at=answer.answered_at,
            )
        )
    for end in chunk.results:
        record = attempts.get(end.attempt)
        if record is None:
            record = attempts[end.attempt] = AttemptRecord(
                attempt=end.attempt, quiz=end.quiz, mode="", started_at=end.ended_at
            )
        record.outcome = end.outcome
        record.score = end.score
        record.passed = end.passed
        record.ended_at = end.ended_at
    lessons: dict[str, LessonRecord] = {}
    for event in chunk.lessons:
        previous = lessons.get(event.lesson)
        if previous is not None and event.fraction < previous.fraction:
            continue
        read_at = previous.read_at if previous is not None else None
        if read_at is None and event.fraction >= 1.0:
            read_at = event.at
        lessons[event.lesson] = LessonRecord(
            lesson=event.lesson, fraction=event.fraction, read_at=read_at, updated_at=event.at
        )
    ordered = sorted(attempts.values(), key=lambda record: record.started_at)
    return History(lessons=list(lessons.values()), attempts=ordered).with_kinds()


def record_events(record: History) -> list[Event]:
    """The history events that ``record`` stands for, oldest first."""
    events: list[Event] = []
    for attempt in record.attempts:
        events.append(
            AttemptStartEvent(
                attempt=attempt.attempt,
                quiz=attempt.quiz,
                mode=attempt.mode,
                questions=list(attempt.questions),
                kind=attempt.kind,
                seed=attempt.seed,
                fingerprints=list(attempt.fingerprints),
                started_at=attempt.started_at,
            )
        )
        events.extend(
            AnswerEvent(attempt=attempt.attempt, **answer.model_dump())
            for answer in attempt.answers
        )
        if attempt.outcome != "open":
            events.append(
                AttemptEndEvent(
                    attempt=attempt.attempt,
                    quiz=attempt.quiz,
                    outcome=attempt.outcome,
                    score=attempt.score,
                    passed=attempt.passed,
                    ended_at=attempt.ended_at or attempt.started_at,
                )
            )
    for lesson in record.lessons:
        if lesson.read_at is not None and lesson.read_at < lesson.updated_at:
            events.append(LessonEvent(lesson=lesson.lesson, fraction=1.0, at=lesson.read_at))
        else:
            events.append(
                LessonEvent(lesson=lesson.lesson, fraction=lesson.fraction, at=lesson.updated_at)
            )
    events.sort(key=_event_time)
    return events


def _event_time(event: Event) -> datetime:
    if isinstance(event, AttemptStartEvent):
        return event.started_at
    if isinstance(event, AnswerEvent):
        return event.answered_at
    if isinstance(event, AttemptEndEvent):
        return event.ended_at
    return event.at


def write_profile_folder(folder: Path, name: str, record: RecordDocument) -> Summary:
    """Write ``record`` as a new profile folder (which must not exist yet); return its summary."""
    history = folder / "history"
    history.mkdir(parents=True)
    record.with_kinds()  # a record older than version 3 gains its attempts' kinds
    by_month: dict[str, list[bytes]] = defaultdict(list)
    for event in record_events(record):
        by_month[month_file_name(_event_time(event))].append(encode_event(event))
    for month_file, blocks in sorted(by_month.items()):
        header = file_header(name, month_file.removesuffix(".toml"))
        atomic_write(history / month_file, header + b"".join(blocks))
    summary = Summary(profile=name, created_at=record.profile.created_at)
    replay(history, summary, [], repair=False)
    save_summary(folder / "profile.toml", summary)
    fsync_dir(folder)
    fsync_dir(folder.parent)
    return summary
