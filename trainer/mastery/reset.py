"""Forgetting progress: one lesson's, or a whole profile's, always keeping a backup first.

Built on the progress store's public API: the record is exported to a backup file that
``massage-trainer records import`` accepts, a copy without the forgotten part is imported in its
place (``import_record`` swaps the profile folder atomically and keeps the old folder in
``backups/`` too). FSRS cards of the questions kept are copied back afterwards, since a
record holds answers but not cards.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.course.models import Course
from trainer.durable import atomic_write, utc_now
from trainer.progress.errors import ProgressError
from trainer.progress.keys import is_key_of, store_key
from trainer.progress.location import profile_paths
from trainer.progress.models import AttemptRecord, ProfileHeader, RecordDocument
from trainer.progress.store import ProgressStore
from trainer.progress.swap import recover_interrupted_swaps
from trainer.progress.transfer import export_record, import_record, record_to_toml


@dataclass(frozen=True)
class ResetResult:
    """What a reset did."""

    profile: str
    backup: Path
    """Record file holding everything that could be read, as it was."""
    replaced: Path | None
    """The profile folder as it was, byte for byte (damaged entries too):
    ``massage-trainer records import`` of this folder undoes the reset completely."""
    answers_removed: int
    attempts_removed: int
    skipped: list[str]
    """History entries that could not be read (``file:line: reason``): they are in
    ``replaced`` but not in ``backup``."""


@dataclass(frozen=True)
class _Saved:
    name: str
    record: RecordDocument
    cards: dict[str, dict[str, Any]]
    backup: Path
    skipped: list[str]


def _export_backup(data_dir: Path, profile: str, wait: float) -> _Saved:
    """Export the profile's record to a backup file; keep its FSRS cards in memory."""
    paths = profile_paths(data_dir, profile)
    recover_interrupted_swaps(paths.profiles_dir)  # a killed import may have left no folder
    if not paths.folder.exists() and not paths.has_legacy_file:
        raise ProgressError(f"There is no profile named {paths.name!r} in {data_dir}.")
    with ProgressStore.open(data_dir, paths.name, wait=wait) as store:
        if store.read_only:
            raise ProgressError(
                f"Profile {paths.name!r} is in use by massage-trainer; close it and try again."
            )
        exported = export_record(store)
        cards = {
            key: dict(state.card)
            for key, state in store.summary.questions.items()
            if state.card is not None
        }
    backup = _free_name(paths.backups, f"{paths.name}-{utc_now():%Y%m%dT%H%M%SZ}-before-reset")
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        atomic_write(backup, record_to_toml(exported.record).encode())
    except OSError as exc:
        raise ProgressError(f"Could not write the backup {backup}: {exc.strerror or exc}") from exc
    return _Saved(paths.name, exported.record, cards, backup, exported.skipped)


def _free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.toml``, or ``stem-1.toml``... if taken (two resets in one second)."""
    candidate, counter = folder / f"{stem}.toml", 1
    while candidate.exists():
        candidate, counter = folder / f"{stem}-{counter}.toml", counter + 1
    return candidate


def _replace_record(
    data_dir: Path, profile: str, record: RecordDocument, wait: float
) -> Path | None:
    """Make ``record`` the profile's; return where the replaced folder was kept."""
    paths = profile_paths(data_dir, profile)
    # The writer's pid in the name lets a later open remove it if this process is killed.
    staging = paths.backups / f".reset-{os.getpid()}-{secrets.token_hex(4)}.toml"
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        atomic_write(staging, record_to_toml(record).encode())
        return import_record(data_dir, profile, staging, wait=wait).backup
    except OSError as exc:
        raise ProgressError(f"Could not reset {paths.folder}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            staging.unlink()


def _restore_cards(
    data_dir: Path, profile: str, cards: dict[str, dict[str, Any]], wait: float
) -> None:
    """Put back the FSRS cards of the questions still in the record.

    A record (what export writes and import reads) holds answers but not cards, so the
    import rebuilds a summary without them; the cards of the questions kept are copied
    back, as the store itself does when it rebuilds a summary.
    """
    with ProgressStore.open(data_dir, profile, wait=wait) as store:
        if store.read_only:
            return
        kept = store.summary.questions
        for key, card in cards.items():
            if key in kept and kept[key].card is None:
                kept[key].card = card
        store.checkpoint()


def reset_profile(data_dir: Path, profile: str, *, wait: float = 2.0) -> ResetResult:
    """Forget all of ``profile``'s progress, after saving it to a backup record file.

    Raises:
        ProfileNameError: ``profile`` is not a safe name.
        ProgressError: no such profile, it is in use, or the disk refused.
    """
    saved = _export_backup(data_dir, profile, wait)
    empty = RecordDocument(
        schema_version=saved.record.schema_version,
        profile=ProfileHeader(name=saved.name, created_at=utc_now()),
    )
    replaced = _replace_record(data_dir, saved.name, empty, wait)
    answers = sum(len(attempt.answers) for attempt in saved.record.attempts)
    return ResetResult(
        saved.name, saved.backup, replaced, answers, len(saved.record.attempts), saved.skipped
    )


def without_lesson(
    record: RecordDocument,
    lesson_id: str,
    quiz_ids: Collection[str] = (),
    also: frozenset[str] = frozenset(),
) -> RecordDocument:
    """A copy of ``record`` without ``lesson_id``'s reading and its quizzes' attempts and
    answers (every one of ``quiz_ids``: a practice quiz and a test alike).

    Answers to those quizzes' questions given elsewhere (review sessions) go too, and so
    do answers to the questions of other quizzes that test the lesson (store keys in
    ``also``, e.g. a final exam's); an attempt left with no answers by that is dropped.
    """
    own = frozenset(quiz_ids)

    def forgotten(key: str) -> bool:
        return key in also or any(is_key_of(key, quiz_id) for quiz_id in own)

    attempts: list[AttemptRecord] = []
    for attempt in record.attempts:
        if not own and not also:
            attempts.append(attempt)
            continue
        if attempt.quiz in own:
            continue
        answers = [a for a in attempt.answers if not forgotten(a.question)]
        if attempt.answers and not answers:
            continue
        questions = [q for q in attempt.questions if not forgotten(q)]
        attempts.append(attempt.model_copy(update={"answers": answers, "questions": questions}))
    lessons = [lesson for lesson in record.lessons if lesson.lesson != lesson_id]
    return record.model_copy(update={"attempts": attempts, "lessons": lessons})


def reset_lesson(
    data_dir: Path, profile: str, course: Course, lesson_id: str, *, wait: float = 2.0
) -> ResetResult:
    """Forget ``lesson_id``'s reading progress and every answer to a question testing it
    (its quizzes', and other quizzes' questions that name the lesson).

    Raises:
        KeyError: the course has no lesson ``lesson_id``.
        ProfileNameError: ``profile`` is not a safe name.
        ProgressError: no such profile, it is in use, or the disk refused.
    """
    if course.lesson(lesson_id) is None:
        raise KeyError(lesson_id)
    saved = _export_backup(data_dir, profile, wait)
    # Every quiz linked to the lesson, also one that does not load now: its attempts
    # are still the lesson's.
    quiz_ids = frozenset(course.lesson_quizzes.get(lesson_id, ()))
    elsewhere = frozenset(
        store_key(quiz.id, question.id)
        for quiz, question in course.questions_testing(lesson_id)
        if quiz.id not in quiz_ids
    )
    kept = without_lesson(saved.record, lesson_id, quiz_ids, elsewhere)
    replaced = _replace_record(data_dir, saved.name, kept, wait)
    cards = {
        key: card
        for key, card in saved.cards.items()
        if key not in elsewhere and not any(is_key_of(key, quiz_id) for quiz_id in quiz_ids)
    }
    _restore_cards(data_dir, saved.name, cards, wait)
    before = sum(len(attempt.answers) for attempt in saved.record.attempts)
    after = sum(len(attempt.answers) for attempt in kept.attempts)
    removed = len(saved.record.attempts) - len(kept.attempts)
    return ResetResult(saved.name, saved.backup, replaced, before - after, removed, saved.skipped)
