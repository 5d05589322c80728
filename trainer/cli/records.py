"""The student's records: ``profiles``, ``records export`` and ``records import``.

``export`` and ``import`` at the top level are the same commands under their old names;
they still work, with a notice. Each handler returns an exit code (see ``options``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from trainer.cli.options import (
    CommandError,
    add_output_option,
    data_dir_of,
    existing_profile,
    load_course_of,
    options_parent,
    profile_of,
    reports_failures,
    write_output,
)
from trainer.text import plural, printable_path

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
        help="export or import a profile's whole record",
        description="A profile's whole record: every attempt, answer and lesson read.",
    )
    actions = records.add_subparsers(dest="records_command", metavar="ACTION", required=True)
    _add_export(actions, common, "export")
    _add_import(actions, common, "import")
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
        "`records import` reads back. Entries that cannot be read are named on stderr and "
        "the exit status is 1.",
    )
    export.add_argument(
        "--format", choices=("json", "toml"), default="json", help="output format (default: json)"
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
        help="with --for-class: a pseudonym instead of the name (printed, so you can tell "
        "your instructor)",
    )
    export.add_argument(
        "--name",
        metavar="NAME",
        help="with --for-class: the name the instructor sees (default: the profile's name)",
    )
    export.add_argument(
        "--course",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="with --for-class: the course studied (default: the built-in course)",
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
    if args.anonymous or args.name:
        raise CommandError("--anonymous and --name are for --for-class", 2)
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
