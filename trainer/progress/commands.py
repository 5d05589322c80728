"""Subcommands ``profiles``, ``export`` and ``import`` of ``massage-trainer``.

``register(subparsers, common)`` is called by ``trainer/cli.py``. Each handler returns an
exit code: 0 on success, 1 with a one-line message on stderr for any expected failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.progress.errors import ProgressError
from trainer.progress.location import (
    DEFAULT_PROFILE,
    ProfileNameError,
    check_data_dir,
    profile_paths,
    resolve_data_dir,
)
from trainer.text import plural, printable_path

# The profile list, store and transfer modules are imported where used: the app's
# start-up path builds this parser and must not pay for pydantic.


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the progress subcommands to ``subparsers``; ``common`` holds shared options."""
    profiles = subparsers.add_parser(
        "profiles", parents=[common], help="list student profiles and their last activity"
    )
    profiles.set_defaults(handler=run_profiles)

    export = subparsers.add_parser(
        "export", parents=[common], help="print a profile's whole record (JSON by default)"
    )
    export.add_argument(
        "--format", choices=("json", "toml"), default="json", help="output format (default: json)"
    )
    export.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write to FILE instead of printing"
    )
    export.set_defaults(handler=run_export)

    import_ = subparsers.add_parser(
        "import",
        parents=[common],
        help="restore a profile's record from an exported file (the current one is backed up)",
    )
    import_.add_argument(
        "file", type=Path, metavar="FILE", help="record file: TOML, or JSON as `export` prints"
    )
    import_.set_defaults(handler=run_import)


def data_dir_of(args: argparse.Namespace) -> Path:
    """The data folder the options name, checked (raises ``DataDirError``)."""
    return check_data_dir(resolve_data_dir(getattr(args, "data_dir", None)))


def profile_of(args: argparse.Namespace) -> str:
    """The ``--profile`` given, else the default one.

    ``is None``, not ``or``: an empty name must reach validation and be refused, not
    quietly become the default profile.
    """
    profile = getattr(args, "profile", None)
    return DEFAULT_PROFILE if profile is None else profile


def os_error_message(exc: OSError) -> str:
    """One line for a file the system refused, naming it (instead of a traceback)."""
    where = "a file" if exc.filename is None else printable_path(exc.filename)
    return f"cannot use {where}: {exc.strerror or exc}"


def _fail(message: str) -> int:
    print(f"massage-trainer: {message}", file=sys.stderr)
    return 1


def missing_profile(data_dir: Path, name: str) -> str:
    """The message for a profile that does not exist, naming those that do."""
    from trainer.progress.profiles import list_profiles

    try:
        names = [info.name for info in list_profiles(data_dir)]
    except OSError:
        names = []
    known = f"profiles: {', '.join(names)}" if names else "no profiles yet"
    return f"no profile named {name!r} in {printable_path(data_dir)} ({known})"


def run_profiles(args: argparse.Namespace) -> int:
    """``massage-trainer profiles``."""
    from trainer.progress.profiles import list_profiles

    try:
        data_dir = data_dir_of(args)
        infos = list_profiles(data_dir)
    except ProgressError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(os_error_message(exc))
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


def run_export(args: argparse.Namespace) -> int:
    """``massage-trainer export``."""
    from trainer.progress.store import ProgressStore
    from trainer.progress.transfer import export_record, record_to_json, record_to_toml

    try:
        data_dir = data_dir_of(args)
        paths = profile_paths(data_dir, profile_of(args))
        if not paths.folder.exists() and not paths.legacy_file.exists():
            return _fail(missing_profile(data_dir, paths.name))
        with ProgressStore.open(data_dir, paths.name) as store:
            for notice in store.notices:
                print(f"massage-trainer: {notice}", file=sys.stderr)
            exported = export_record(store)
    except (ProfileNameError, ProgressError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(os_error_message(exc))
    record = exported.record
    text = record_to_toml(record) if args.format == "toml" else record_to_json(record) + "\n"
    # Never drop an entry silently: say which were left out, and fail.
    status = 0
    for skipped in exported.skipped:
        print(f"massage-trainer: left out of the export: {skipped}", file=sys.stderr)
        status = 1
    if args.output is None:
        sys.stdout.write(text)
        return status
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot write {printable_path(args.output)}: {exc.strerror or exc}")
    # On stderr: stdout stays for the record itself when there is no -o.
    print(f"Wrote {printable_path(args.output)}", file=sys.stderr)
    return status


def run_import(args: argparse.Namespace) -> int:
    """``massage-trainer import FILE``."""
    from trainer.progress.transfer import import_record

    try:
        result = import_record(data_dir_of(args), profile_of(args), args.file)
    except (ProfileNameError, ProgressError) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(os_error_message(exc))
    # Say "new" so a mistyped --profile is noticed rather than silently created.
    target = "profile" if result.backup is not None else "new profile"
    print(
        f"Imported {plural(result.attempts, 'attempt')} and {plural(result.answers, 'answer')} "
        f"into {target} {result.profile!r}."
    )
    if result.backup is not None:
        print(f"The record it replaced was kept in {printable_path(result.backup)}.")
    return 0
