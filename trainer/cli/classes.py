"""The instructor's class view: ``class report`` prints it, ``class`` (``class view``)
shows it in the app. Both read the students' class files (``records export --for-class``).
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
    instructor_course_root,
    reports_failures,
    write_output,
)
from trainer.text import plural, printable_path

if TYPE_CHECKING:
    from trainer.classes.report import ClassReport

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


def build_class_report(args: argparse.Namespace, *, quiet: bool = False) -> ClassReport:
    """The report the arguments ask for, with a line on stderr per file skipped."""
    from trainer.classes.class_files import ClassFileError, find_class_files, read_class_file
    from trainer.classes.report import ClassReportBuilder
    from trainer.classes.roster import RosterError, read_roster
    from trainer.course.loader import load_course

    if not args.paths:
        raise CommandError("give the class files (or folders of them)", 2)
    root = instructor_course_root(args) or course_root(args)
    course = load_course(root).course
    roster = None
    if args.roster is not None:
        try:
            roster = read_roster(args.roster)
        except RosterError as exc:
            raise CommandError(str(exc), 2) from None
    builder = ClassReportBuilder(course, args.attempts, roster)
    for path in args.paths:
        if not path.exists():
            raise CommandError(f"{printable_path(path)}: no such file or folder", 2)
    for path in find_class_files(args.paths):
        name = printable_path(path)
        try:
            builder.add(name, read_class_file(path))
        except ClassFileError as exc:
            builder.skip(name, exc.reason)
            if not quiet:
                print(f"massage-trainer: skipped {name}: {exc.reason}", file=sys.stderr)
    return builder.build(datetime.now(UTC))


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
    if not report.files_read:
        print("massage-trainer: no class file could be read", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
        print(
            f"Wrote {printable_path(args.output)}: {plural(len(report.students), 'student')}, "
            f"{plural(len(report.quizzes), 'quiz', 'quizzes')}",
            file=sys.stderr,
        )
    return 1 if report.skipped else 0


@reports_failures
def run_view(args: argparse.Namespace) -> int:
    """``massage-trainer class [view]``: the report in the app."""
    report = build_class_report(args)
    from trainer.ui.class_app import run_class_app

    return run_class_app(report)
