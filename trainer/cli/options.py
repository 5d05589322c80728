"""What every command shares: the data-folder, profile and course-folder options, and how
a failure is reported (one line on stderr and an exit code; never a traceback).

Exit codes: 0 success, 1 an expected failure (a profile in use, a damaged file), 2 misuse
(a bad option, a folder that is not a course).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.builtin import builtin_course_dir
from trainer.course.files import course_dir_problem
from trainer.progress.errors import ProgressError
from trainer.progress.location import (
    DEFAULT_PROFILE,
    ProfileNameError,
    check_data_dir,
    profile_paths,
    resolve_data_dir,
)
from trainer.text import printable_path

# The loader, store and models are imported where used: the app's start-up path builds
# the parser and must not pay for pydantic.
if TYPE_CHECKING:
    from trainer.course.models import Course


Handler = Callable[[argparse.Namespace], int]
"""A command's function: parsed options in, exit code out."""


class CommandError(Exception):
    """An expected failure: its message is printed as is, with this exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def reports_failures(handler: Handler) -> Handler:
    """Turn the failures a command expects into one line on stderr and an exit code."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as exc:
            return fail(str(exc), exc.code)
        except (ProfileNameError, ProgressError) as exc:
            return fail(str(exc))
        except OSError as exc:
            return fail(os_error_message(exc))

    return run


def fail(message: str, code: int = 1) -> int:
    """Print ``massage-trainer: message`` on stderr; return ``code``."""
    print(f"massage-trainer: {message}", file=sys.stderr)
    return code


def os_error_message(exc: OSError) -> str:
    """One line for a file the system refused, naming it (instead of a traceback)."""
    where = "a file" if exc.filename is None else printable_path(exc.filename)
    return f"cannot use {where}: {exc.strerror or exc}"


def _folder(text: str) -> Path:
    """A folder option's value; refused when empty, which ``Path`` would read as "here"."""
    if not text:
        raise argparse.ArgumentTypeError(
            "an empty folder name is not allowed: give a folder, or leave the option out"
        )
    return Path(text)


def _profile_name(text: str) -> str:
    """A ``--profile`` value; refused when empty rather than read as the default profile.

    Other bad names are refused by the commands, with the rule for good ones.
    """
    if not text:
        raise argparse.ArgumentTypeError(
            "a profile name cannot be empty (leave out --profile for the 'default' profile)"
        )
    return text


def add_common(
    parser: argparse.ArgumentParser,
    *,
    suppress: bool,
    course: bool = True,
    profile: bool = True,
) -> None:
    """Options accepted both before and after a subcommand.

    A subcommand lists only those it uses: ``profiles`` has no course or profile, the
    record commands no course.
    """
    default = argparse.SUPPRESS if suppress else None
    if course:
        parser.add_argument(
            "--course",
            type=_folder,
            metavar="DIR",
            default=default,
            help="course folder (default: the built-in course)",
        )
    parser.add_argument(
        "--data-dir",
        type=_folder,
        metavar="DIR",
        default=default,
        help="where progress is kept (default: $MASSAGE_TRAINER_DATA, else the user data folder)",
    )
    if profile:
        parser.add_argument(
            "--profile",
            type=_profile_name,
            metavar="NAME",
            default=default,
            help="student profile to use (created on first use; default: 'default')",
        )


def options_parent(*, course: bool = True, profile: bool = True) -> argparse.ArgumentParser:
    """A parent parser holding the shared options a subcommand uses (see ``add_common``)."""
    parent = argparse.ArgumentParser(add_help=False)
    add_common(parent, suppress=True, course=course, profile=profile)
    return parent


def _output_file(text: str) -> Path:
    """An ``-o`` value: a file's name (``Path`` would drop a trailing "/" and write a file
    where a folder was meant)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty file name is not allowed")
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{text!r} names a folder: give a file name")
    return Path(text)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``-o FILE``: every command that prints a report or a record takes it."""
    parser.add_argument(
        "--output",
        "-o",
        type=_output_file,
        metavar="FILE",
        help="write to FILE (default: print to standard output)",
    )


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


def missing_profile(data_dir: Path, name: str) -> str:
    """The message for a profile that does not exist, naming those that do."""
    from trainer.progress.profiles import list_profiles

    try:
        names = [info.name for info in list_profiles(data_dir)]
    except OSError:
        names = []
    known = f"profiles: {', '.join(names)}" if names else "no profiles yet"
    return f"no profile named {name!r} in {printable_path(data_dir)} ({known})"


def existing_profile(data_dir: Path, profile: str) -> str:
    """``profile``'s checked name, if it exists under ``data_dir``.

    Raises:
        ProfileNameError: not a safe name.
        CommandError: there is no such profile (the message names those there are).
    """
    from trainer.progress.swap import recover_interrupted_swaps

    paths = profile_paths(data_dir, profile)
    recover_interrupted_swaps(paths.profiles_dir)  # a killed import may have left no folder
    if not paths.folder.exists() and not paths.has_legacy_file:
        raise CommandError(missing_profile(data_dir, paths.name))
    return paths.name


def course_root(args: argparse.Namespace, given: Path | None = None) -> Path:
    """The course folder: ``given`` (a positional), else ``--course``, else the built-in.

    Raises:
        CommandError: (code 2) it is not a course folder.
    """
    root = given or getattr(args, "course", None) or builtin_course_dir()
    if (problem := course_dir_problem(root)) is not None:
        raise CommandError(problem, 2)
    return root


def add_course_option(parser: argparse.ArgumentParser, default: str) -> None:
    """``--course DIR`` for a command that uses only a course; ``default`` says which."""
    parser.add_argument(
        "--course",
        type=_folder,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"course folder (default: {default})",
    )


INSTRUCTOR_DEFAULT = "the folder you stand in"


def instructor_course_root(args: argparse.Namespace, given: Path | None = None) -> Path | None:
    """The course an instructor command works on: ``given``, else ``--course``, else the
    folder the command runs in when that is a course folder (or its ``lessons/`` or
    ``quizzes/``, where editors often run commands); None when there is none.

    Raises:
        CommandError: (code 2) a folder named on the command line is not a course folder.
    """
    named = given or getattr(args, "course", None)
    if named is not None:
        if (problem := course_dir_problem(named)) is not None:
            raise CommandError(problem, 2)
        return Path(named)
    here = Path.cwd()
    if course_dir_problem(here) is None:
        return here
    if here.name in ("lessons", "quizzes") and course_dir_problem(here.parent) is None:
        return here.parent
    return None


def required_instructor_course(args: argparse.Namespace) -> Path:
    """:func:`instructor_course_root`, for a command that cannot fall back to another.

    Raises:
        CommandError: (code 2) no course was named and none is here.
    """
    root = instructor_course_root(args)
    if root is None:
        raise CommandError(
            f"{printable_path(Path.cwd())} is not a course folder (no lessons/ or quizzes/): "
            "run this inside your course, or give --course DIR",
            2,
        )
    return root


def write_output(path: Path, text: str) -> None:
    """Write a command's ``-o FILE`` atomically (never half a report, never a mix).

    Raises:
        CommandError: the file system refused, naming the file.
    """
    import os
    import stat

    from trainer.durable import atomic_write

    # The new file replaces what is at the path, so only a regular file may be there:
    # never a device, a named pipe or a folder; a link is written through, to its file.
    try:
        target = path.resolve() if path.is_symlink() else path
    except (RuntimeError, OSError):
        raise CommandError(
            f"cannot write {printable_path(path)}: it is a link that leads nowhere (a loop)"
        ) from None
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise CommandError(f"cannot write {printable_path(path)}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise CommandError(
            f"cannot write {printable_path(path)}: it is not a regular file; give a file name"
        )
    if info is not None and not info.st_mode & 0o222:
        raise CommandError(
            f"cannot write {printable_path(path)}: it is read-only; give another name, or "
            "make it writable first"
        )
    try:
        # A report replacing a private file stays private: its permissions are kept.
        mode = None if info is None else stat.S_IMODE(info.st_mode)
        atomic_write(target, text.encode("utf-8"), mode)
    except OSError as exc:
        raise CommandError(f"cannot write {printable_path(path)}: {exc.strerror or exc}") from None


def load_course_of(args: argparse.Namespace) -> Course:
    """The course the options name, loaded (its problems are for ``validate``)."""
    from trainer.course.loader import load_course

    return load_course(course_root(args)).course
