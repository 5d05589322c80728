"""The student's records: ``profiles``, ``records export|import|send``.

``export`` and ``import`` at the top level are the same commands under their old names;
they still work, with a notice. Each handler returns an exit code (see ``options``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import (
    CommandError,
    add_output_option,
    course_root,
    data_dir_of,
    existing_profile,
    load_course_of,
    options_parent,
    profile_of,
    reports_failures,
    write_output,
)
from trainer.text import plural, printable_path

if TYPE_CHECKING:
    from trainer.xapi.credentials import Credentials
    from trainer.xapi.profile import ProfileRecord
    from trainer.xapi.send import Plan as SendPlan
    from trainer.xapi.send import SendReport
    from trainer.xapi.statements import Learner, Statement

# The profile list, store and transfer modules are imported where used: the app's
# start-up path builds this parser and must not pay for pydantic.


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``profiles``, ``records`` and the old ``export``/``import`` to ``subparsers``."""
    # Records belong to a profile, not to a course; `profiles` lists them all.
    common = options_parent(course=False)
    profiles = subparsers.add_parser(
        "profiles",
        parents=[options_parent(course=False, profile=False)],
        help="list student profiles and their last activity",
        description="List the profiles in the data folder, with their last activity.",
    )
    profiles.set_defaults(handler=run_profiles)

    records = subparsers.add_parser(
        "records",
        help="export, import or send a profile's whole record",
        description="A profile's whole record: every attempt, answer and lesson read.",
    )
    actions = records.add_subparsers(dest="records_command", metavar="ACTION", required=True)
    _add_export(actions, common, "export")
    _add_import(actions, common, "import")
    _add_send(actions, common)
    # The names of earlier versions keep working, with a notice.
    _add_export(subparsers, common, "export", old=True)
    _add_import(subparsers, common, "import", old=True)


def _add_export(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    name: str,
    *,
    old: bool = False,
) -> None:
    export = subparsers.add_parser(
        name,
        parents=[common],
        help="(old name of `records export`)" if old else "write a profile's whole record",
        description="Write a profile's whole record as JSON (the default) or TOML, which "
        "`records import` reads back, or as xAPI statements for a learning record store "
        "(--format xapi: a JSON array, the statements `records send` sends). Entries that "
        "cannot be read are named on stderr and the exit status is 1.",
    )
    export.add_argument(
        "--format",
        choices=("json", "toml", "xapi"),
        default="json",
        help="output format (default: json)",
    )
    export.add_argument(
        "--for-class",
        action="store_true",
        help="write the file an instructor's class report reads (JSON): the profile's id, "
        "standing on the course, and every attempt (default: the whole record, to import)",
    )
    export.add_argument(
        "--anonymous",
        action="store_true",
        help="with --for-class or --format xapi: a pseudonym instead of the name (printed, "
        "so you can tell your instructor)",
    )
    export.add_argument(
        "--name",
        metavar="NAME",
        help="with --for-class or --format xapi: the name the instructor sees (default: the "
        "profile's name)",
    )
    export.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="with --for-class or --format xapi: the course studied (default: the built-in course)",
    )
    add_output_option(export)
    export.set_defaults(handler=_old_name(run_export, "records export") if old else run_export)


def _add_import(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    name: str,
    *,
    old: bool = False,
) -> None:
    import_ = subparsers.add_parser(
        name,
        parents=[common],
        help="(old name of `records import`)"
        if old
        else "make a record file, or a kept profile folder, a profile's record",
        description="Replace a profile's record (created if new) with a record file that "
        "`records export` wrote, or with a profile folder kept in backups/. It is checked "
        "completely first; the record it replaces is kept in backups/.",
    )
    import_.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="record file (TOML, or JSON as `records export` writes) or a backups/ folder",
    )
    import_.set_defaults(handler=_old_name(run_import, "records import") if old else run_import)


def _add_send(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    send = subparsers.add_parser(
        "send",
        parents=[common],
        help="send the record to a learning record store (xAPI)",
        description="Send every answer, finished attempt, pass or fail and lesson read to a "
        "learning record store (LRS) as xAPI statements. The login comes from lrs.toml in "
        "the data folder (mode 600) or from MASSAGE_TRAINER_LRS_USERNAME and "
        "MASSAGE_TRAINER_LRS_PASSWORD, never from the command line. What was sent is "
        "remembered: the next send resumes, and sending again never makes duplicates. "
        "See docs/records.md.",
    )
    send.add_argument(
        "--lrs",
        metavar="URL",
        help="the LRS's xAPI endpoint, e.g. https://lrs.school.example/xAPI/ (default: "
        "url in lrs.toml)",
    )
    send.add_argument(
        "--dry-run",
        action="store_true",
        help="say how many statements would be sent and show the first; send nothing "
        "(no login needed)",
    )
    send.add_argument(
        "--anonymous",
        action="store_true",
        help="show the profile's pseudonym to the LRS instead of its name",
    )
    send.add_argument(
        "--name",
        metavar="NAME",
        help="the name the LRS shows (default: the profile's name); keep it the same "
        "from one send to the next",
    )
    send.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the course studied, whose id names the activities (default: the built-in course)",
    )
    send.add_argument(
        "--batch",
        type=_batch_size,
        metavar="N",
        default=None,
        help="statements per request (default: 500)",
    )
    send.set_defaults(handler=run_send)


def _batch_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError("give a whole number from 1 to 10000")
    return value


def _old_name(
    handler: Callable[[argparse.Namespace], int], new: str
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        print(f"massage-trainer: note: this command is now `{new}`.", file=sys.stderr)
        return handler(args)

    return run


@reports_failures
def run_profiles(args: argparse.Namespace) -> int:
    """``massage-trainer profiles``."""
    from trainer.progress.profiles import list_profiles

    data_dir = data_dir_of(args)
    infos = list_profiles(data_dir)
    if not infos:
        print(
            f"No profiles yet in {printable_path(data_dir)}. "
            "One is created on first use (--profile NAME)."
        )
        return 0
    width = max(len("PROFILE"), *(len(info.name) for info in infos))
    print(f"{'PROFILE':<{width}}  {'LAST ACTIVITY':<17}  {'ANSWERS':>7}  {'LESSONS READ':>12}")
    for info in infos:
        when = f"{info.last_activity:%Y-%m-%d %H:%M}Z" if info.last_activity else "-"
        line = f"{info.name:<{width}}  {when:<17}  {info.answers:>7}  {info.lessons_read:>12}"
        print(f"{line}  ({info.note})" if info.note else line)
    return 0


@reports_failures
def run_export(args: argparse.Namespace) -> int:
    """``massage-trainer records export``."""
    from trainer.progress.store import ProgressStore
    from trainer.progress.transfer import export_record, record_to_json, record_to_toml

    data_dir = data_dir_of(args)
    name = existing_profile(data_dir, profile_of(args))
    if getattr(args, "for_class", False):
        return _export_for_class(args, data_dir, name)
    if args.format == "xapi":
        return _export_xapi(args, data_dir, name)
    if args.anonymous or args.name:
        raise CommandError("--anonymous and --name are for --for-class and --format xapi", 2)
    with ProgressStore.open(data_dir, name) as store:
        if store.read_only:
            # It could not repair or even see past a damaged entry: no silent gaps.
            raise CommandError(
                f"profile {name!r} is in use by massage-trainer; close it and try again"
            )
        for notice in store.notices:
            print(f"massage-trainer: {notice}", file=sys.stderr)
        exported = export_record(store)
        set_aside = list(store.set_aside)
    record = exported.record
    text = record_to_toml(record) if args.format == "toml" else record_to_json(record) + "\n"
    # Never drop an entry silently: say which were left out, and fail.
    status = 0
    for skipped in [*set_aside, *exported.skipped]:
        print(f"massage-trainer: left out of the export: {skipped}", file=sys.stderr)
        status = 1
    if args.output is None:
        sys.stdout.write(text)
        return status
    return _write_output(args.output, text, status)


def _write_output(output: Path, text: str, status: int = 0) -> int:
    """Write ``text`` to ``output`` atomically and say so on stderr (stdout stays for the
    document itself when there is no -o)."""
    write_output(output, text)
    print(f"Wrote {printable_path(output)}", file=sys.stderr)
    return status


def _export_for_class(args: argparse.Namespace, data_dir: Path, name: str) -> int:
    """``records export --for-class``: the file a class report reads."""
    from datetime import UTC, datetime

    from trainer.classes.export import ClassStudent, build_class_export, class_export_json
    from trainer.mastery.local_days import local_timezone
    from trainer.progress.store import ProgressStore

    if args.format != "json":
        raise CommandError("--for-class writes JSON: leave out --format", 2)
    course = load_course_of(args)
    with ProgressStore.open(data_dir, name) as store:
        if store.read_only or store.identity is None:
            raise CommandError(
                f"profile {name!r} is in use by massage-trainer; close it and try again"
            )
        for notice in store.notices:
            print(f"massage-trainer: {notice}", file=sys.stderr)
        identity = store.identity
        history, skipped = store.read_history()
        summary = store.summary
        if args.anonymous:
            student = ClassStudent(id=identity.id, name=identity.pseudonym(), anonymous=True)
        else:
            student = ClassStudent(id=identity.id, name=(args.name or name).strip() or name)
        export = build_class_export(
            course, summary, history, student, datetime.now(UTC), local_timezone()
        )
    for entry in skipped:
        print(f"massage-trainer: left out of the export: {entry}", file=sys.stderr)
    if args.anonymous:
        print(
            f"Your name in this file is {student.name!r}: tell your instructor if they "
            "ask which file is yours.",
            file=sys.stderr,
        )
    text = class_export_json(export)
    status = 1 if skipped else 0
    if args.output is None:
        sys.stdout.write(text)
        return status
    return _write_output(args.output, text, status)


def _xapi_statements(
    args: argparse.Namespace, data_dir: Path, name: str
) -> tuple[ProfileRecord, Learner, list[Statement]]:
    """The statements of ``name``'s record, as ``export --format xapi`` and ``send`` make
    them; notices and entries left out are said on stderr."""
    from trainer.xapi.profile import course_id_of, read_profile_record

    if args.anonymous and args.name:
        raise CommandError("give --anonymous or --name, not both", 2)
    try:
        course_id = course_id_of(course_root(args))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    record = read_profile_record(data_dir, name)
    for notice in record.notices:
        print(f"massage-trainer: {notice}", file=sys.stderr)
    for skipped in record.skipped:
        print(f"massage-trainer: left out: {skipped}", file=sys.stderr)
    learner = record.learner(name=args.name, anonymous=args.anonymous)
    if args.anonymous:
        print(
            f"Your name in these statements is {learner.name!r}: tell your instructor if "
            "they ask which are yours.",
            file=sys.stderr,
        )
    return record, learner, record.statements(learner, course_id)


def _export_xapi(args: argparse.Namespace, data_dir: Path, name: str) -> int:
    """``records export --format xapi``: the statements ``send`` would send, as a file."""
    from trainer.xapi.statements import statements_json

    record, _, statements = _xapi_statements(args, data_dir, name)
    status = 1 if record.skipped else 0
    text = statements_json(statements)
    if args.output is None:
        sys.stdout.write(text)
        return status
    return _write_output(args.output, text, status)


@reports_failures
def run_send(args: argparse.Namespace) -> int:
    """``massage-trainer records send``."""
    import json

    from trainer.xapi.credentials import (
        CredentialsError,
        is_plain_remote,
        normalise_lrs_url,
        read_lrs_settings,
    )
    from trainer.xapi.send import plan_send

    data_dir = data_dir_of(args)
    name = existing_profile(data_dir, profile_of(args))
    try:
        # A dry run with --lrs needs nothing from lrs.toml.
        settings = None if args.dry_run and args.lrs else read_lrs_settings(data_dir)
        given = args.lrs or (settings.url if settings else None)
        if not given:
            raise CommandError(
                'name the learning record store: --lrs URL, or url = "..." in '
                f"{printable_path(data_dir / 'lrs.toml')}",
                2,
            )
        url = normalise_lrs_url(given)
    except CredentialsError as exc:
        raise CommandError(str(exc), 2) from None
    if not args.dry_run and (settings is None or settings.credentials is None):
        raise CommandError(
            "no login for the learning record store: put username and password in "
            f"{printable_path(data_dir / 'lrs.toml')} (then `chmod 600` it), or set "
            "MASSAGE_TRAINER_LRS_USERNAME and MASSAGE_TRAINER_LRS_PASSWORD"
        )
    record, learner, statements = _xapi_statements(args, data_dir, name)
    plan = plan_send(statements, record.folder, url, dry_run=args.dry_run)
    for notice in plan.notices:
        print(f"massage-trainer: {notice}", file=sys.stderr)
    before = plan.resume.position
    status = 1 if record.skipped else 0
    if not plan.to_send:
        print(
            f"Nothing new to send to {url}: all {plural(len(statements), 'statement')} "
            "were sent before."
        )
        return status
    if args.dry_run:
        print(
            f"Would send {plural(plan.to_send, 'statement')} to {url} as {learner.name!r} "
            f"({before:,} of {len(statements):,} were sent before). Nothing was sent. "
            "The first:"
        )
        # ASCII escapes: an answer's text must not reach the terminal as control codes.
        print(json.dumps(statements[before], indent=2, ensure_ascii=True))
        return 0
    assert settings is not None and settings.credentials is not None
    if is_plain_remote(url):
        print(
            f"massage-trainer: warning: {url} is plain http to another machine: the password "
            "and the record can be read on the way (use https)",
            file=sys.stderr,
        )
    report = _send(args, record.folder, url, plan, settings.credentials)
    if report.error is not None:
        raise CommandError(_send_failure(report, url))
    return status


def _send(
    args: argparse.Namespace,
    folder: Path,
    url: str,
    plan: SendPlan,
    credentials: Credentials,
) -> SendReport:
    """Send and say how it went (progress on a terminal)."""
    from trainer.xapi.lrs import open_client
    from trainer.xapi.send import BATCH_SIZE, send_statements

    def progress(report: SendReport) -> None:
        done = report.resumed_at + report.sent
        sys.stderr.write(f"\rsent {done:,} of {report.total:,}")
        sys.stderr.flush()

    latest: list[SendReport] = []

    def noted(report: SendReport) -> None:
        latest[:] = [report]
        if sys.stderr.isatty():
            progress(report)

    show = progress if sys.stderr.isatty() else None
    try:
        with open_client(credentials) as client:
            report = send_statements(
                plan, client, url, folder, batch_size=args.batch or BATCH_SIZE, on_batch=noted
            )
    except KeyboardInterrupt:
        done = latest[0].resumed_at + latest[0].sent if latest else plan.resume.position
        print(
            f"\nmassage-trainer: stopped: {done:,} of {len(plan.statements):,} statements are "
            "in the LRS; the next send resumes after them.",
            file=sys.stderr,
        )
        raise
    if show is not None and report.sent:
        sys.stderr.write("\n")
    if report.sent or report.error is None:
        had = f" (the LRS already had {report.already:,} of them)" if report.already else ""
        print(f"Sent {plural(report.sent, 'statement')} to {url}{had}.")
    if report.resumed_at:
        print(f"Resumed after the {plural(report.resumed_at, 'statement')} sent before.")
    return report


def _send_failure(report: SendReport, url: str) -> str:
    """The message for a send that stopped early."""
    if report.conflict is not None:
        return (
            f"the LRS at {url} already holds a different statement with id {report.conflict} "
            f"({report.sent:,} statements before it were sent now). Was the record sent "
            "before with another --name or --anonymous? Then send with the same ones. "
            "Otherwise the record no longer matches what was sent (it was imported, or "
            "edited by hand): ask the LRS's administrator to remove that statement. "
            "Sending stops there until then."
        )
    kept = report.resumed_at + report.sent
    return (
        f"{report.error}. {kept:,} of {report.total:,} statements are in the LRS; the next "
        "send resumes after them."
    )


@reports_failures
def run_import(args: argparse.Namespace) -> int:
    """``massage-trainer records import FILE``."""
    from trainer.progress.transfer import import_record

    result = import_record(data_dir_of(args), profile_of(args), args.file)
    # Say "new" so a mistyped --profile is noticed rather than silently created.
    target = "profile" if result.backup is not None else "new profile"
    print(
        f"Imported {plural(result.attempts, 'attempt')} and {plural(result.answers, 'answer')} "
        f"into {target} {result.profile!r}."
    )
    if result.backup is not None:
        print(f"The record it replaced was kept in {printable_path(result.backup)}.")
    return 0
