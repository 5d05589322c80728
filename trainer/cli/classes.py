"""The instructor's class view: ``class report`` prints it, ``class`` (``class view``)
shows it in the app. Both read the students' class files (``records export --for-class``)
or, with ``--lrs``, the statements the students sent to a Learning Record Store.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import (
    CommandError,
    add_course_option,
    add_output_option,
    course_root,
    data_dir_of,
    instructor_course_root,
    options_parent,
    reports_failures,
    write_output,
)
from trainer.text import plural, printable_path

if TYPE_CHECKING:
    from trainer.classes.report import ClassReport, ClassReportBuilder
    from trainer.course.models import Course

ACTIONS = ("report", "view")


_GLOBAL_WITH_VALUE = ("--course", "--data-dir", "--profile")


def default_action(argv: Sequence[str]) -> list[str]:
    """``class FILES...`` means ``class view FILES...``: add the action when left out."""
    args = list(argv)
    at = 0
    while at < len(args) and args[at].startswith("-"):
        # Options given before the command: skip each, with its value when separate.
        at += 2 if args[at] in _GLOBAL_WITH_VALUE else 1
    if at < len(args) and args[at] == "class":
        rest = args[at + 1 :]
        if not rest or rest[0] not in (*ACTIONS, "-h", "--help"):
            return [*args[: at + 1], "view", *rest]
    return args


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``class report`` and ``class view`` (also plain ``class``) to ``subparsers``."""
    group = subparsers.add_parser(
        "class",
        help="how a class is doing: the students' files as a report or a screen",
        description="Read the class files students wrote with `records export --for-class` "
        "and show how the class is doing: `class report` prints the report, `class FILES` "
        "(or `class view`) opens it in the app.",
    )
    actions = group.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    report = actions.add_parser(
        "report",
        parents=[options_parent(course=False, profile=False)],
        help="print the class report (table, JSON, CSV or HTML)",
        description="Print the class report: each student's standing, who is falling behind "
        "and who has not started, and Moodle's statistics of every quiz and question, with "
        "the wrong answers chosen most. Files that cannot be read are named and skipped.",
    )
    _add_inputs(report)
    report.add_argument(
        "--format",
        choices=("table", "json", "csv", "html"),
        default="table",
        help="output format (default: table)",
    )
    report.add_argument(
        "--table",
        choices=("students", "quizzes", "questions", "wrong-answers"),
        default="students",
        help="with --format csv: which table (default: students)",
    )
    add_output_option(report)
    report.set_defaults(handler=run_report)
    view = actions.add_parser(
        "view",
        parents=[options_parent(course=False, profile=False)],
        help="show the class report in the app",
        description="Show the class report in the app: students, quizzes and questions.",
    )
    _add_inputs(view)
    view.set_defaults(handler=run_view)


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="FILE_OR_DIR",
        help="class files, or folders holding them (*.json, sub-folders too)",
    )
    add_course_option(parser, "the folder you stand in if it is a course, else the built-in")
    parser.add_argument(
        "--roster",
        type=Path,
        metavar="FILE",
        help="who should be in the class, one a line (name, pseudonym or id; or a CSV's "
        "first column): those with no file are listed",
    )
    parser.add_argument(
        "--attempts",
        choices=("first", "last", "highest", "all"),
        default="first",
        help="which finished full attempts the quiz statistics count (default: first)",
    )
    parser.add_argument(
        "--lrs",
        metavar="URL",
        help="read the class from the statements students sent to this Learning Record "
        "Store (xAPI) instead of files; the login as for `records send` (lrs.toml in the "
        "data folder, or the environment)",
    )


def build_class_report(args: argparse.Namespace, *, quiet: bool = False) -> ClassReport:
    """The report the arguments ask for, with a line on stderr per file skipped."""
    from trainer.classes.report import ClassReportBuilder
    from trainer.classes.roster import RosterError, read_roster
    from trainer.course.loader import load_course

    if not args.paths and not args.lrs:
        raise CommandError("give the class files (or folders of them), or --lrs URL", 2)
    if args.paths and args.lrs:
        raise CommandError("give class files or --lrs URL, not both", 2)
    root = instructor_course_root(args) or course_root(args)
    course = load_course(root).course
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as exc:
            raise CommandError(str(exc), 2) from None
    now = datetime.now(UTC)
    builder = ClassReportBuilder(course, args.attempts, roster, now)
    if args.lrs:
        _add_from_lrs(builder, args, root, course, quiet=quiet)
        return builder.build(now)
    for path in args.paths:
        if not path.exists():
            raise CommandError(f"{printable_path(path)}: no such file or folder", 2)

    def say(name: str, reason: str) -> None:
        print(f"massage-trainer: skipped {name}: {reason}", file=sys.stderr)

    builder.add_files(args.paths, printable_path, None if quiet else say)
    return builder.build(now)


def _add_from_lrs(
    builder: ClassReportBuilder,
    args: argparse.Namespace,
    root: Path,
    course: Course,
    *,
    quiet: bool,
) -> None:
    """Every student of the course in the LRS, as if each had sent a class file."""
    from trainer.classes.from_lrs import NotAStudent, class_export_from_history
    from trainer.mastery.local_days import local_timezone
    from trainer.xapi.credentials import CredentialsError, normalise_lrs_url, read_lrs_settings
    from trainer.xapi.lrs import LrsError, fetch_statements, open_client
    from trainer.xapi.profile import course_id_of
    from trainer.xapi.reverse import histories_from_statements

    data_dir = data_dir_of(args)
    try:
        settings = read_lrs_settings(data_dir)
        url = normalise_lrs_url(args.lrs)
    except CredentialsError as exc:
        raise CommandError(str(exc), 2) from None
    if settings.credentials is None:
        raise CommandError(
            "no login for the learning record store: put username and password in "
            f"{printable_path(data_dir / 'lrs.toml')} (then `chmod 600` it), or set "
            "MASSAGE_TRAINER_LRS_USERNAME and MASSAGE_TRAINER_LRS_PASSWORD"
        )
    try:
        course_id = course_id_of(root)
    except ValueError as exc:
        raise CommandError(str(exc), 2) from None
    problems: list[str] = []
    try:
        with open_client(settings.credentials) as client:
            # limit=0 asks for the most the LRS gives at once (xAPI 1.0.3, 2.1.3): far
            # fewer round trips than pages of 100. Not every LRS can filter by activity
            # (Ralph's file store cannot), so this course's statements are picked here.
            statements = fetch_statements(client, url, params={"limit": "0"})
            students = histories_from_statements(statements, course_id=course_id, problems=problems)
    except LrsError as exc:
        raise CommandError(str(exc)) from None
    for problem in problems:
        if not quiet:
            print(f"massage-trainer: left out: {problem}", file=sys.stderr)
    now = builder.now
    tz = local_timezone()
    for student in students.values():
        source = f"{url} ({student.name or student.id})"
        try:
            export = class_export_from_history(
                course, student.id, student.name, student.history, now, tz
            )
        except NotAStudent as exc:
            builder.skip(source, str(exc))
            continue
        builder.add(source, export)


@reports_failures
def run_report(args: argparse.Namespace) -> int:
    """``massage-trainer class report``."""
    from trainer.classes.report_text import report_csv, report_text

    report = build_class_report(args)
    if args.format == "json":
        text = report.model_dump_json(indent=2) + "\n"
    elif args.format == "csv":
        text = report_csv(report, args.table)
    elif args.format == "html":
        from trainer.classes.report_html import report_html

        text = report_html(report)
    else:
        text = report_text(report)
    if not report.files_read and not args.lrs:
        found = "could be read" if report.skipped else "was found"
        print(f"massage-trainer: no class file {found}", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
        print(
            f"Wrote {printable_path(args.output)}: {plural(len(report.students), 'student')}, "
            f"{plural(len(report.quizzes), 'quiz', 'quizzes')}",
            file=sys.stderr,
        )
    return 1 if report.skipped or (not report.files_read and not args.lrs) else 0


@reports_failures
def run_view(args: argparse.Namespace) -> int:
    """``massage-trainer class [view]``: the report in the app."""
    report = build_class_report(args)
    from trainer.ui.class_app import run_class_app

    return run_class_app(report)
