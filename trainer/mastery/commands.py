"""Subcommands ``progress``, ``review`` and ``reset`` of ``massage-trainer``.

``register(subparsers, common)`` is called by ``trainer/cli.py``. Handlers return the exit
code: 0 on success, 1 with one line on stderr for an expected failure, 2 for misuse.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.builtin import builtin_course_dir
from trainer.progress.commands import (
    data_dir_of,
    missing_profile,
    os_error_message,
    profile_of,
)
from trainer.progress.errors import ProgressError
from trainer.progress.location import ProfileNameError, profile_paths
from trainer.text import plural, printable_path

# The loader, report, reset, scheduling and store modules are imported where used: the
# app's start-up path builds this parser and must not pay for pydantic.
if TYPE_CHECKING:
    from trainer.course.models import Course


class CommandError(Exception):
    """An expected failure: its message is printed as is, with this exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the mastery subcommands to ``subparsers``; ``common`` holds shared options."""
    progress = subparsers.add_parser(
        "progress",
        parents=[common],
        help="print a profile's progress: mastery per lesson, scores, reviews due",
    )
    progress.add_argument("--json", action="store_true", help="print JSON instead of tables")
    progress.set_defaults(handler=run_progress)

    review = subparsers.add_parser(
        "review", parents=[common], help="open the app straight into today's review session"
    )
    review.set_defaults(handler=run_review)

    reset = subparsers.add_parser(
        "reset",
        parents=[common],
        help="forget a lesson's progress or a whole profile's (a backup is kept)",
        description="Forget progress after a confirmation. The record as it was is saved "
        "in the data folder's backups/; `massage-trainer import FILE` restores it.",
    )
    reset.add_argument(
        "--lesson", metavar="ID", help="forget only this lesson (reading and quiz answers)"
    )
    reset.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=run_reset)


def _fail(message: str, code: int = 1) -> int:
    print(f"massage-trainer: {message}", file=sys.stderr)
    return code


def _course(args: argparse.Namespace) -> Course:
    from trainer.course.loader import is_course_dir, load_course

    root = getattr(args, "course", None) or builtin_course_dir()
    shown = printable_path(root)
    if not root.is_dir():
        raise CommandError(f"{shown}: no such course folder", 2)
    if not is_course_dir(root):
        raise CommandError(f"{shown}: not a course folder (it needs lessons/ or quizzes/)", 2)
    return load_course(root).course


def _existing_profile(data_dir: Path, profile: str) -> str:
    paths = profile_paths(data_dir, profile)
    if not paths.folder.exists() and not paths.legacy_file.exists():
        raise CommandError(missing_profile(data_dir, paths.name))
    return paths.name


def run_progress(args: argparse.Namespace) -> int:
    """``massage-trainer progress [--json]``."""
    from trainer.mastery.local_days import local_timezone
    from trainer.mastery.report import build_report, render_table
    from trainer.progress.store import ProgressStore

    try:
        course = _course(args)
        data_dir = data_dir_of(args)
        name = _existing_profile(data_dir, profile_of(args))
        with ProgressStore.open(data_dir, name) as store:
            for notice in store.notices:
                print(f"massage-trainer: {notice}", file=sys.stderr)
            history = store.load_history()
            tz = local_timezone()
            report = build_report(course, store.summary, history, datetime.now(UTC), tz)
    except CommandError as exc:
        return _fail(str(exc), exc.code)
    except (ProfileNameError, ProgressError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(os_error_message(exc))
    try:
        if args.json:
            print(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
        else:
            from rich.console import Console

            Console().print(render_table(report, tz))
        sys.stdout.flush()
    except BrokenPipeError:
        # Piped into `head` and cut short: not an error. Point stdout at devnull so the
        # interpreter's final flush does not print a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def run_review(args: argparse.Namespace) -> int:
    """``massage-trainer review``: the app, opened on today's review session."""
    from trainer.ui.launch import run_app  # the UI (and Textual) only when really needed

    args.start_in = "review"
    return run_app(args)


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (anything but y/yes is no)."""
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return reply.strip().casefold() in {"y", "yes"}


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False


def run_reset(args: argparse.Namespace) -> int:
    """``massage-trainer reset [--lesson ID] [--yes]``."""
    from trainer.mastery.reset import reset_lesson, reset_profile

    try:
        data_dir = data_dir_of(args)
        name = _existing_profile(data_dir, profile_of(args))
        course = _course(args) if args.lesson else None
        what = "ALL progress"
        if course is not None:
            lesson = course.lesson(args.lesson)
            if lesson is None:
                known = ", ".join(each.id for each in course.lessons) or "none"
                raise CommandError(f"no lesson {args.lesson!r} in the course (lessons: {known})")
            what = f"the progress of lesson {lesson.title!r}"
        if not args.yes:
            if not _stdin_is_terminal():
                raise CommandError("not resetting without confirmation: add --yes to confirm", 2)
            question = f"Forget {what} of profile {name!r}? A backup is kept."
            if not _confirm(question):
                print("Nothing was changed.")
                return 0
        if course is not None:
            result = reset_lesson(data_dir, name, course, args.lesson)
        else:
            result = reset_profile(data_dir, name)
    except CommandError as exc:
        return _fail(str(exc), exc.code)
    except (ProfileNameError, ProgressError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(os_error_message(exc))
    print(
        f"Forgot {plural(result.answers_removed, 'answer')} in "
        f"{plural(result.attempts_removed, 'attempt')} from profile {result.profile!r}."
    )
    # The replaced folder is the complete copy (damaged entries too); the record file is
    # what could be read, for other tools.
    complete = result.replaced or result.backup
    if result.replaced is not None:
        print(f"The profile as it was is kept in {printable_path(result.replaced)}")
    print(f"A record of it (for other tools) is in {printable_path(result.backup)}")
    for skipped in result.skipped:
        print(f"massage-trainer: not in the record file (kept in the folder): {skipped}")
    # Escaped only if the path cannot be printed as it is; then it cannot be pasted anyway.
    print(f"To undo: {printable_path(undo_command(args, result.profile, complete))}")
    return 0


def undo_command(args: argparse.Namespace, profile: str, backup: Path) -> str:
    """The ``import`` command line that restores ``backup`` (file or folder), ready to paste.

    It repeats ``--data-dir`` when one was given (else the import would look in the
    default folder); ``--course`` does not matter to import.
    """
    words = ["massage-trainer", "import"]
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        words += ["--data-dir", str(data_dir)]
    words += ["--profile", profile, str(backup)]
    return shlex.join(words)
