"""``ProgressStore``: one student's record, saved so that no acknowledged answer is lost.

How it stays fast and safe (details in ``docs/progress-files.md``):

* every change is one block appended to ``history/YYYY-MM.toml`` with a single write and
  an fsync, before the call returns (~0.3 ms, whatever the size of the history);
* ``profile.toml`` is a summary of the history up to a ``[journal]`` mark, rewritten
  atomically after each attempt, on close and every ``CHECKPOINT_EVERY`` entries; at open
  the few entries past the mark are read and counted, never the whole history;
* a profile lock (``filelock``) is held only while reading or writing, so two copies of
  the app on one profile both save: before appending, each counts what the other added;
* a file that cannot be read is moved aside, never overwritten, and ``notices`` says so.

Typical use::

    with ProgressStore.open(data_dir, "anna") as store:
        attempt = store.start_attempt("anatomy-basics", "practice", ["q1", "q2"])
        store.record_answer(attempt, "q1", "B", correct=True, seconds=4.2)
        store.finish_attempt(attempt, score=50.0, passed=False)
"""

from __future__ import annotations

import math
import os
import secrets
import threading
import zlib
from contextlib import AbstractContextManager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from filelock import FileLock, Timeout

from trainer.durable import atomic_write, durable_append, move_aside, utc_now
from trainer.progress.attempt_kinds import AttemptKind
from trainer.progress.bounds import clamp_seconds
from trainer.progress.errors import AttemptNotOpen, ProgressError, StoreReadOnlyError
from trainer.progress.history_files import (
    TAIL_BYTES,
    NewerSchemaError,
    encode_event,
    file_header,
    list_history_files,
    month_file_name,
    parse_stretch,
    read_bytes,
    tail_of,
)
from trainer.progress.identity import IDENTITY_FILE, Identity, ensure_identity, read_identity
from trainer.progress.keys import REVIEW_QUIZ_ID
from trainer.progress.location import ProfilePaths, profile_paths
from trainer.progress.migration import migrate_legacy_file
from trainer.progress.models import (
    SUMMARY_SCHEMA_VERSION,
    Answer,
    AnswerEvent,
    AttemptEndEvent,
    AttemptStartEvent,
    DraftEvent,
    Event,
    History,
    HistoryChunk,
    LessonEvent,
    LessonStatus,
    OpenAttempt,
    QuestionState,
    QuizStatus,
    Summary,
    UndoEvent,
)
from trainer.progress.records import build_history
from trainer.progress.summary import (
    Notices,
    SummaryOutOfStep,
    SummaryTooNew,
    SummaryUnreadable,
    apply_chunk,
    fresh_summary,
    load_summary,
    replay,
    save_summary,
)
from trainer.progress.swap import recover_swap, remove_stale_temporaries

WRITE_WAIT = 10.0
"""Seconds a save waits for another copy of the app to finish its own save."""


class ProgressStore:
    """A profile's progress. Create with ``ProgressStore.open``; close when done.

    Every ``record_*``, ``start_attempt``, ``finish_attempt`` and ``abandon_attempt`` call is
    on disk (fsync'd) when it returns. Methods are thread-safe.
    """

    CHECKPOINT_EVERY = 64
    """History entries between summary rewrites (bounds the work at the next open)."""

    def __init__(
        self, paths: ProfilePaths, summary: Summary, *, read_only: bool, notices: list[str]
    ) -> None:
        """Use ``ProgressStore.open``."""
        self._paths = paths
        self._summary = summary
        self._read_only = read_only
        self.notices: list[str] = notices
        """Plain-words messages for the student (file moved aside, read-only, ...)."""
        self.identity: Identity | None = None
        """The profile's lasting id (see identity.py); None in a read-only store whose
        profile has none yet."""
        self.set_aside: list[str] = notices.set_aside if isinstance(notices, Notices) else []
        """History entries moved aside as damaged since the store opened, as
        ``file:line: reason (moved to FILE)``: answers no longer in the history."""
        # Short polling: saves hold the lock ~1 ms, so a waiting copy gets its turn quickly.
        self._lock = FileLock(str(paths.lock), thread_local=False, poll_interval=0.005)
        self._thread_lock = threading.RLock()
        self._since_checkpoint = 0
        self._closed = False
        self._shown_notices = 0
        # What the summary was read from: a folder swapped in by an import or reset
        # elsewhere, or a history file rewritten, is a different file (inode), whatever
        # its size, so it is recognised here rather than guessed from offsets.
        self._folder_id = _identity(paths.folder)
        self._file_id = _identity(paths.history / summary.journal.file)

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, profile: str, *, wait: float = 2.0) -> ProgressStore:
        """Open (creating on first use) the record of ``profile`` under ``data_dir``.

        Never raises for an unreadable file: it is moved aside and ``notices`` says where.
        If another copy of the app holds the profile for more than ``wait`` seconds, the
        store opens read-only (``read_only`` is True and ``notices`` explains).

        Raises:
            ProfileNameError: ``profile`` is not a safe name.
            ProgressError: the data folder cannot be created or read (permissions, disk).
        """
        paths = profile_paths(data_dir, profile)
        notices = Notices()
        try:
            paths.profiles_dir.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(paths.lock), thread_local=False)
            try:
                lock.acquire(timeout=wait)
            except Timeout:
                summary = _load_read_only(paths)
                notices.append(
                    f"Another copy of massage-trainer is using profile {paths.name!r}. "
                    "This window only shows progress and will not save answers; "
                    "close the other copy and reopen this one to save here."
                )
                store = cls(paths, summary, read_only=True, notices=notices)
                with suppress(ValueError, OSError):
                    store.identity = read_identity(paths.folder / IDENTITY_FILE)
                return store
            try:
                if message := recover_swap(paths.folder):
                    notices.append(message)
                remove_stale_temporaries(
                    paths.data_dir, paths.profiles_dir, paths.folder, paths.history, paths.backups
                )
                summary = _load_for_writing(paths, notices)
                identity, notice = ensure_identity(paths.folder)
                if notice:
                    notices.append(notice)
            finally:
                lock.release()
        except OSError as exc:
            raise ProgressError(
                f"Cannot use the progress folder {paths.folder}: {exc.strerror or exc}"
            ) from exc
        store = cls(paths, summary, read_only=False, notices=notices)
        store.identity = identity
        return store

    # --- reading ------------------------------------------------------------------------

    @property
    def profile(self) -> str:
        """The profile name."""
        return self._paths.name

    @property
    def folder(self) -> Path:
        """The profile's folder."""
        return self._paths.folder

    @property
    def data_dir(self) -> Path:
        """The data folder the profile is kept in."""
        return self._paths.data_dir

    @property
    def read_only(self) -> bool:
        """True when another copy of the app held the profile at open: nothing is saved."""
        return self._read_only

    @property
    def summary(self) -> Summary:
        """The live summary (per-lesson, per-quiz, per-question state). Do not modify it."""
        return self._summary

    def new_notices(self) -> list[str]:
        """Notices added since the last call (the first call returns them all)."""
        with self._thread_lock:
            fresh = self.notices[self._shown_notices :]
            self._shown_notices = len(self.notices)
            return fresh

    def path_description(self) -> str:
        """One sentence for the help screen saying where progress is kept."""
        where = f"Progress for profile {self.profile!r} is saved in {self.folder}"
        return where + (" (read-only in this window)." if self._read_only else ".")

    def lesson_status(self, lesson_id: str) -> LessonStatus:
        """How far ``lesson_id`` has been read (all zero if never opened)."""
        with self._thread_lock:
            status = self._summary.lessons.get(lesson_id)
            return status.model_copy() if status else LessonStatus()

    def quiz_status(self, quiz_id: str) -> QuizStatus:
        """Attempts and scores of ``quiz_id`` (all zero if never taken)."""
        with self._thread_lock:
            status = self._summary.quizzes.get(quiz_id)
            return status.model_copy() if status else QuizStatus()

    def question_state(self, question_id: str) -> QuestionState:
        """What is known of ``question_id`` (all zero if never answered)."""
        with self._thread_lock:
            state = self._summary.questions.get(question_id)
            return state.model_copy(deep=True) if state else QuestionState()

    def open_attempts(self) -> dict[str, OpenAttempt]:
        """Attempts started and neither finished nor abandoned, by id (e.g. after a crash)."""
        with self._thread_lock:
            return {k: v.model_copy(deep=True) for k, v in self._summary.open_attempts.items()}

    def open_attempt_progress(self, quiz_id: str) -> tuple[str, int, int] | None:
        """The latest attempt at ``quiz_id`` left open: (mode, answers or drafts given,
        questions), or None. Cheap: the home screen asks it for every lesson."""
        with self._thread_lock:
            found = [a for a in self._summary.open_attempts.values() if a.quiz == quiz_id]
            if not found:
                return None
            # Ties in time go to the later begun (the summary keeps them in that order).
            _, latest = max(enumerate(found), key=lambda pair: (pair[1].started_at, pair[0]))
            given = len(set(latest.given) | set(latest.drafts))
            return latest.mode, given, len(latest.questions)

    def load_history(self) -> History:
        """Read the whole history (slow: seconds for 100,000 answers; call from a worker).

        Safe to call while another thread records answers: it reads what was saved when
        the call began. Entries that cannot be read are left out: ``read_history`` says
        which.
        """
        return self.read_history()[0]

    def read_history(self) -> tuple[History, list[str]]:
        """The whole history, and ``file line N: reason`` for every entry left out of it."""
        chunk, skipped = self.read_events()
        return build_history(chunk), skipped

    def read_events(self) -> tuple[HistoryChunk, list[str]]:
        """Every history event as saved, answers later taken back and their undos
        included (``read_history`` leaves those out), and ``file line N: reason`` for
        every entry that could not be read.

        Like ``read_history``, it reads what was saved when the call began, without
        taking the profile lock (slow: call it from a worker).
        """
        with self._thread_lock:
            end = self._summary.journal.model_copy()
        chunk = HistoryChunk()
        skipped: list[str] = []
        for name in list_history_files(self._paths.history):
            if not end.file or name > end.file:
                break
            path = self._paths.history / name
            data = read_bytes(path, 0, end.offset if name == end.file else None)
            try:
                parsed = parse_stretch(data, path, at_file_start=True)
            except NewerSchemaError as exc:
                skipped.append(f"{path}: written by a newer massage-trainer ({exc.version})")
                continue
            skipped.extend(f"{path}:{line}: {why}" for line, why in parsed.bad_lines(data))
            chunk.extend(parsed.chunk)
        return chunk, skipped

    # --- writing ------------------------------------------------------------------------

    def record_lesson_progress(self, lesson_id: str, fraction: float) -> LessonStatus:
        """Note that ``lesson_id`` was read up to ``fraction`` (0..1); 1.0 marks it read.

        Only a new furthest point is saved (to the nearest 1%), so it is cheap to call on
        every scroll.
        """
        fraction = min(1.0, max(0.0, math.floor(fraction * 100 + 1e-9) / 100))
        with self._thread_lock:
            current = self._summary.lessons.get(lesson_id)
            if current is not None and fraction <= current.fraction:
                return current.model_copy()
            event = LessonEvent(lesson=lesson_id, fraction=fraction, at=utc_now())
            self._write(event, checkpoint=fraction >= 1.0)
            return self.lesson_status(lesson_id)

    def start_attempt(
        self,
        quiz_id: str,
        mode: str,
        question_ids: list[str],
        kind: AttemptKind | None = None,
        *,
        seed: int | None = None,
        fingerprints: list[str] | None = None,
        started_at: datetime | None = None,
    ) -> str:
        """Begin an attempt at ``quiz_id``; return its id for ``record_answer``.

        ``kind`` says whether it is a full attempt, a retake or a review (default: a
        review for the review quiz, else full). Only full attempts set the quiz's scores.
        """
        now = started_at or utc_now()
        attempt_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
        event = AttemptStartEvent(
            attempt=attempt_id,
            quiz=quiz_id,
            mode=mode,
            questions=list(question_ids),
            kind=kind or ("review" if quiz_id == REVIEW_QUIZ_ID else "full"),
            seed=seed,
            fingerprints=list(fingerprints or []),
            started_at=now,
        )
        with self._thread_lock:
            self._write(event)
        return attempt_id

    def record_answer(
        self,
        attempt_id: str,
        question_id: str,
        answer: Answer,
        correct: bool,
        seconds: float,
        answered_at: datetime | None = None,
        card: dict[str, Any] | None = None,
    ) -> datetime:
        """Save one answer; it is fsync'd to disk when this returns. Returns its time
        (what names it, should it be taken back with ``record_undo``).

        ``card`` is the question's new scheduler state; it is saved with the answer.

        Raises:
            KeyError: ``attempt_id`` is not an open attempt.
            StoreReadOnlyError: the store is read-only.
            ProgressError: the disk refused the write (the answer is not saved).
        """
        event = AnswerEvent(
            attempt=attempt_id,
            question=question_id,
            answer=answer,
            correct=correct,
            seconds=round(max(0.0, seconds), 2),
            card=card,
            answered_at=answered_at or utc_now(),
        )
        self._write_to_open(event)
        return event.answered_at

    def record_undo(
        self,
        attempt_id: str,
        question_id: str,
        answered_at: datetime,
        *,
        was_correct: bool,
        before: QuestionState,
        seconds: float = 0.0,
    ) -> None:
        """Take an answer back: it stops counting, and ``before`` (the question's state
        before it) is restored. Appended to the history and fsync'd like an answer.

        Raises:
            AttemptNotOpen: the attempt was closed elsewhere.
            StoreReadOnlyError: the store is read-only.
            ProgressError: the disk refused the write.
        """
        event = UndoEvent(
            attempt=attempt_id,
            question=question_id,
            answered_at=answered_at,
            was_correct=was_correct,
            seconds=clamp_seconds(seconds),
            previous_correct=before.last_correct,
            previous_answered=before.last_answered,
            card=before.card,
            at=utc_now(),
        )
        self._write_to_open(event)

    def record_draft(
        self,
        attempt_id: str,
        question_id: str,
        answer: Answer | None,
        *,
        flagged: bool,
        seconds: float = 0.0,
    ) -> None:
        """Save an exam answer as given (not graded until hand-in), and its flag; fsync'd.

        Raises:
            AttemptNotOpen: the attempt was closed elsewhere.
            StoreReadOnlyError: the store is read-only.
            ProgressError: the disk refused the write.
        """
        event = DraftEvent(
            attempt=attempt_id,
            question=question_id,
            answer=answer,
            flagged=flagged,
            seconds=clamp_seconds(seconds),
            at=utc_now(),
        )
        self._write_to_open(event)

    def finish_attempt(self, attempt_id: str, score: float, passed: bool) -> None:
        """Close an attempt with its ``score`` (percent, 0..100) and whether it passed."""
        with self._thread_lock:
            opened = self._require_open_attempt(attempt_id)
            event = AttemptEndEvent(
                attempt=attempt_id,
                quiz=opened.quiz,
                outcome="finished",
                score=round(score, 2),
                passed=passed,
                ended_at=_not_before(opened.started_at),
            )
            self._write(event, checkpoint=True)

    def abandon_attempt(self, attempt_id: str) -> None:
        """Close an attempt without a score; its answers stay in the history."""
        with self._thread_lock:
            opened = self._require_open_attempt(attempt_id)
            event = AttemptEndEvent(
                attempt=attempt_id,
                quiz=opened.quiz,
                outcome="abandoned",
                ended_at=_not_before(opened.started_at),
            )
            self._write(event, checkpoint=True)

    def refresh(self) -> None:
        """Take up what other copies of the app saved since our last look (no write).

        A read-only store, or one whose profile stays busy, keeps what it has.
        """
        with self._thread_lock:
            if self._closed:
                return
            if self._read_only:
                with suppress(OSError, SummaryOutOfStep, NewerSchemaError):
                    replay(self._paths.history, self._summary, [], repair=False)
                return
            try:
                with self._locked():
                    self._catch_up()
            except (OSError, ProgressError):
                pass  # shown as it was; the next save tries again

    def checkpoint(self) -> None:
        """Rewrite the summary now (it is also done after attempts and on close).

        Raises:
            ProgressError: the disk refused (the history, which holds every answer, is
                untouched; the summary is rebuilt from it at the next open).
        """
        with self._thread_lock:
            if self._read_only or self._closed:
                return
            try:
                with self._locked():
                    self._catch_up()
                    self._save_summary()
            except OSError as exc:
                raise ProgressError(f"Could not save progress: {exc.strerror or exc}") from exc

    def close(self) -> bool:
        """Save the summary if it changed; the store cannot be written afterwards.

        Never raises: every answer is already in the history, and a summary that could
        not be saved is brought up to date from it at the next open. Returns False when
        that save failed (``notices`` says why).
        """
        with self._thread_lock:
            if self._closed:
                return True
            try:
                if not self._read_only and self._since_checkpoint:
                    self.checkpoint()
            except ProgressError as exc:
                self.notices.append(f"{exc} Nothing is lost: it is caught up at the next start.")
                return False
            finally:
                self._closed = True
            return True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------

    def _write_to_open(self, event: AnswerEvent | DraftEvent | UndoEvent) -> None:
        """Save an event of an attempt that must still be open (see ``_write``)."""
        with self._thread_lock:
            self._require_open_attempt(event.attempt)
            self._write(event)

    def _require_open_attempt(self, attempt_id: str) -> OpenAttempt:
        attempt = self._summary.open_attempts.get(attempt_id)
        if attempt is None:
            raise AttemptNotOpen(
                "This attempt was closed elsewhere (its progress was reset or replaced); "
                "answers from here on are not saved."
            )
        return attempt

    def _locked(self) -> AbstractContextManager[object]:
        """Hold the profile lock for one save (the with-block releases it)."""
        try:
            return self._lock.acquire(timeout=WRITE_WAIT)
        except Timeout as exc:
            raise ProgressError(
                f"Could not save: another copy of massage-trainer kept profile "
                f"{self.profile!r} busy for {WRITE_WAIT:.0f} seconds."
            ) from exc

    def _write(self, event: Event, *, checkpoint: bool = False) -> None:
        if self._read_only:
            raise StoreReadOnlyError(
                f"Profile {self.profile!r} is open in another copy of massage-trainer; "
                "this window does not save."
            )
        if self._closed:
            raise ProgressError("The progress store was closed.")
        try:
            with self._locked():
                self._catch_up()
                if isinstance(event, AnswerEvent | AttemptEndEvent | DraftEvent | UndoEvent):
                    # The record may have been replaced under us without this attempt.
                    self._require_open_attempt(event.attempt)
                self._append(event)
                self._since_checkpoint += 1
                if checkpoint or self._since_checkpoint >= self.CHECKPOINT_EVERY:
                    self._save_summary()
        except OSError as exc:
            raise ProgressError(f"Could not save progress: {exc.strerror or exc}") from exc

    def _catch_up(self) -> None:
        """Count entries another copy of the app appended since our last look (lock held).

        If the profile folder was replaced (an import or reset elsewhere), the new record
        is loaded and a notice says so; if our history file was rewritten (a repair
        elsewhere) or our mark no longer fits it, the history is counted again.
        """
        if _identity(self._paths.folder) != self._folder_id:
            self._reload()
            return
        mark = self._summary.journal
        files = list_history_files(self._paths.history)
        if mark.file and _identity(self._paths.history / mark.file) != self._file_id:
            self._recount()
            return
        if files and files[-1] == mark.file:
            if (self._paths.history / mark.file).stat().st_size == mark.offset:
                return
        elif not files and not mark.file:
            return
        try:
            replay(self._paths.history, self._summary, self.notices, repair=True)
        except SummaryOutOfStep:
            self._recount()
            return
        self._file_id = _identity(self._paths.history / self._summary.journal.file)

    def _reload(self) -> None:
        """Take up the record that replaced ours on disk (lock held)."""
        if message := recover_swap(self._paths.folder):
            self.notices.append(message)
        self._summary = _load_for_writing(self._paths, self.notices)
        self._since_checkpoint = 0
        self._folder_id = _identity(self._paths.folder)
        self._file_id = _identity(self._paths.history / self._summary.journal.file)
        self.notices.append(
            f"The progress of profile {self.profile!r} was replaced outside this window "
            "(an import or a reset); this window now shows and saves the new record."
        )

    def _recount(self) -> None:
        """Count the whole history afresh, keeping scheduler cards (lock held)."""
        self._summary = _rebuild(self._paths, self._summary, self.notices)
        self._save_summary()
        self._file_id = _identity(self._paths.history / self._summary.journal.file)

    def _append(self, event: Event) -> None:
        mark = self._summary.journal
        target = max(month_file_name(datetime.now(UTC)), mark.file)
        path = self._paths.history / target
        offset = mark.offset
        if target != mark.file:
            # A new month: create the file with its header atomically, so that no reader
            # ever sees a half-written header.
            self._paths.history.mkdir(parents=True, exist_ok=True)
            header = file_header(self.profile, target.removesuffix(".toml"))
            atomic_write(path, header)
            offset = len(header)
        block = encode_event(event)
        size = durable_append(path, block, offset)
        apply_chunk(self._summary, HistoryChunk.of(event))
        # Blocks are longer than the tail, so it comes from the block itself (no read).
        tail = (
            f"{zlib.crc32(block[-TAIL_BYTES:]):08x}"
            if len(block) >= TAIL_BYTES
            else tail_of(path, size)
        )
        self._summary.journal = mark.model_copy(
            update={"file": target, "offset": size, "tail": tail}
        )
        if target != mark.file:
            self._file_id = _identity(path)

    def _save_summary(self) -> None:
        save_summary(self._paths.summary, self._summary)
        self._since_checkpoint = 0


def _load_for_writing(paths: ProfilePaths, notices: list[str]) -> Summary:
    """Load the summary, repairing or moving aside what cannot be read (lock held)."""
    if not paths.folder.exists() and paths.has_legacy_file:
        migrate_legacy_file(paths, notices)
    paths.history.mkdir(parents=True, exist_ok=True)
    changed = False
    try:
        summary = load_summary(paths.summary, notices)
    except FileNotFoundError:
        summary, changed = fresh_summary(paths.name), True
    except SummaryUnreadable as exc:
        moved = move_aside(paths.summary)
        notices.append(
            f"Your progress summary could not be read ({exc}). It was moved to {moved} "
            "and rebuilt from your answer history."
        )
        summary, changed = fresh_summary(paths.name), True
    except SummaryTooNew as exc:
        return _start_over_newer(paths, notices, f"schema_version {exc.version}")
    summary.profile = paths.name
    try:
        if summary.schema_version != SUMMARY_SCHEMA_VERSION:
            # Older summaries counted retakes and reviews in the quiz scores: recount.
            return _upgrade(paths, summary, notices)
        changed |= replay(paths.history, summary, notices, repair=True) > 0
    except SummaryOutOfStep as exc:
        notices.append(
            f"Your progress summary {paths.summary} did not match your answer history "
            f"({exc}); it was rebuilt from the history, which is complete."
        )
        summary, changed = _rebuild(paths, summary, notices), True
    except NewerSchemaError as exc:
        return _start_over_newer(paths, notices, f"{exc.path.name}: schema_version {exc.version}")
    if changed:
        save_summary(paths.summary, summary)
    return summary


def _identity(path: Path) -> tuple[int, int] | None:
    """Device and inode of ``path``: what tells a replaced file from an appended one."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _rebuild(paths: ProfilePaths, old: Summary, notices: list[str]) -> Summary:
    """Recount the whole history, keeping scheduler cards from ``old``."""
    summary = fresh_summary(paths.name)
    summary.created_at = old.created_at
    replay(paths.history, summary, notices, repair=True)
    for question_id, state in old.questions.items():
        if state.card is not None and question_id in summary.questions:
            summary.questions[question_id].card = state.card
    return summary


def _upgrade(paths: ProfilePaths, old: Summary, notices: list[str]) -> Summary:
    """Recount a summary of an older version from the history, and save it (lock held).

    Only the quizzes' scores can come out different (retakes and reviews no longer count
    in them); when they do, a notice says which.
    """
    summary = _rebuild(paths, old, notices)
    changed = sorted(
        quiz_id
        for quiz_id, status in old.quizzes.items()
        if (new := summary.quizzes.get(quiz_id)) is not None
        and (status.best_score, status.last_score, status.last_passed)
        != (new.best_score, new.last_score, new.last_passed)
    )
    if changed:
        notices.append(
            f"Quiz scores were recounted from your history: retakes of missed questions "
            f"and reviews now count as practice, not as a quiz's score "
            f"({', '.join(changed)}). No answer was lost."
        )
    save_summary(paths.summary, summary)
    return summary


def _start_over_newer(paths: ProfilePaths, notices: list[str], detail: str) -> Summary:
    moved = move_aside(paths.folder)
    notices.append(
        f"The progress of profile {paths.name!r} was saved by a newer version of "
        f"massage-trainer ({detail}) and cannot be read by this one. It was moved, untouched, "
        f"to {moved}, and a fresh record was started. Update massage-trainer and move that "
        "folder back to get it again."
    )
    paths.history.mkdir(parents=True, exist_ok=True)
    summary = fresh_summary(paths.name)
    save_summary(paths.summary, summary)
    return summary


def _load_read_only(paths: ProfilePaths) -> Summary:
    """Best-effort summary while another copy holds the lock: nothing is moved or written."""
    try:
        summary = load_summary(paths.summary)
    except (OSError, SummaryUnreadable, SummaryTooNew):
        summary = fresh_summary(paths.name)
    if summary.schema_version != SUMMARY_SCHEMA_VERSION:
        summary = fresh_summary(paths.name)  # counted afresh below, as _upgrade would
    with suppress(OSError, SummaryOutOfStep, NewerSchemaError):
        replay(paths.history, summary, [], repair=False)
    return summary


def _not_before(started_at: datetime) -> datetime:
    """Now, in whole seconds, but never before ``started_at``: an attempt begun and ended
    within one second (its start kept to the microsecond) must not end before it began,
    which the history refuses to read back."""
    return max(utc_now(), started_at)
