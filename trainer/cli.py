"""Command-line entry point: ``massage-trainer`` and ``python -m trainer``.

Each domain package contributes its subcommands through a ``register(subparsers)``
function in its ``commands`` module, so this file only wires them together.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from trainer import __version__


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


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted both before and after a subcommand."""
    default = argparse.SUPPRESS if suppress else None
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
    parser.add_argument(
        "--profile",
        type=_profile_name,
        metavar="NAME",
        default=default,
        help="student profile to use (created on first use; default: 'default')",
    )


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    from trainer.course import commands as course_commands
    from trainer.mastery import commands as mastery_commands
    from trainer.progress import commands as progress_commands

    parser = argparse.ArgumentParser(
        prog="massage-trainer",
        description="Study massage-therapy lessons and quizzes in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_common(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _add_common(common, suppress=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    course_commands.register(subparsers, common)
    progress_commands.register(subparsers, common)
    mastery_commands.register(subparsers, common)
    return parser


def _tolerant_output() -> None:
    """Escape what the output encoding cannot show instead of failing on it.

    A file name that is not valid UTF-8 reaches Python as lone surrogates, which a strict
    stdout (``PYTHONIOENCODING=utf-8:strict``) refuses with a traceback, as a Latin-1
    terminal does a character it lacks. Paths are printed through ``printable_path``;
    this is the net for any that are not. The encoding itself is kept.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.closed:
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    _tolerant_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from trainer.ui.launch import run_app

        return run_app(args)
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
