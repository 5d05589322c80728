"""The student's study from the shell: ``progress``, ``review`` and ``reset``.

They call the same study core as the app (``trainer.study``). Handlers return the exit
code (see ``options``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path

from trainer.cli.options import (
    CommandError,
    add_output_option,
    data_dir_of,
    existing_profile,
    load_course_of,
    profile_of,
    reports_failures,
    write_output,
)
from trainer.text import plural, printable_path

# The loader, report, reset, scheduling and store modules are imported where used: the
# app's start-up path builds this parser and must not pay for pydantic.


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the mastery subcommands to ``subparsers``; ``common`` holds shared options."""
    progress = subparsers.add_parser(
        "progress",
        parents=[common],
        help="print a profile's progress: mastery per lesson, scores, reviews due",
        description="A profile's progress on the course: mastery per lesson and topic, "
        "score history, the questions missed most, the study streak and reviews ahead.",
    )
    progress.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    progress.add_argument(
        "--json",
        dest="format",
        action="store_const",
        const="json",
        help="the same as --format json",
    )
    add_output_option(progress)
    progress.set_defaults(handler=run_progress)

    review = subparsers.add_parser(
        "review",
        parents=[common],
        help="open the app straight into today's review session",
        description="Open the app on the questions due for review today.",
    )
    review.set_defaults(handler=run_review)

    reset = subparsers.add_parser(
        "reset",
        parents=[common],
        help="forget a lesson's progress or a whole profile's (a backup is kept)",
        description="Forget progress after a confirmation. The record as it was is saved "
        "in the data folder's backups/; `massage-trainer records import` restores it.",
    )
    reset.add_argument(
        "--lesson", metavar="ID", help="forget only this lesson (reading and quiz answers)"
    )
    reset.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=run_reset)


@reports_failures
def run_progress(args: argparse.Namespace) -> int:
    """``massage-trainer progress [--format table|json] [-o FILE]``."""
    from trainer.mastery.local_days import local_timezone
    from trainer.mastery.report import build_report
    from trainer.progress.store import ProgressStore
    from trainer.progress_table import render_table

    course = load_course_of(args)
    data_dir = data_dir_of(args)
    name = existing_profile(data_dir, profile_of(args))
    with ProgressStore.open(data_dir, name) as store:
        for notice in store.notices:
            print(f"massage-trainer: {notice}", file=sys.stderr)
        tz = local_timezone()
        # From the summary alone: it keeps scores, streak and time up to date, so the
        # report is as quick with 100,000 answers as with ten.
        report = build_report(course, store.summary, None, datetime.now(UTC), tz)
    if args.format == "json":
        text = json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    else:
        from rich.console import Console

        buffer = io.StringIO()
        if args.output is not None:
            console = Console(file=buffer, width=100)  # plain text, a page wide
        else:
            # Standard output: the terminal's width and colours; plain text when piped.
            console = Console(file=buffer, force_terminal=sys.stdout.isatty(), width=_width())
        console.print(render_table(report, tz))
        text = buffer.getvalue()
    if args.output is not None:
        write_output(args.output, text)
        print(f"Wrote {printable_path(args.output)}", file=sys.stderr)
        return 0
    try:
        sys.stdout.write(text)
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


@reports_failures
def run_reset(args: argparse.Namespace) -> int:
    """``massage-trainer reset [--lesson ID] [--yes]``."""
    from trainer.study.session import forget_progress

    data_dir = data_dir_of(args)
    name = existing_profile(data_dir, profile_of(args))
    course = load_course_of(args) if args.lesson else None
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
    result = forget_progress(data_dir, name, course, args.lesson)
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
    """The ``records import`` line that restores ``backup`` (file or folder), ready to paste.

    It repeats ``--data-dir`` when one was given (else the import would look in the
    default folder); ``--course`` does not matter to import.
    """
    words = ["massage-trainer", "records", "import"]
    data_dir = getattr(args, "data_dir", None)
    if data_dir is not None:
        words += ["--data-dir", str(data_dir)]
    words += ["--profile", profile, str(backup)]
    return shlex.join(words)


def _width() -> int | None:
    """The terminal's width when printing to one (Rich's own guess otherwise)."""
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else None
    except (OSError, ValueError):
        return None
