"""Command-line entry point: ``massage-trainer`` and ``python -m trainer``.

One module per command group, each with a ``register(subparsers, common)``:

* ``classes``  the instructor's ``class report`` and ``class`` view of a class's files
* ``course``   the instructor's ``validate``, ``schema``, ``new``
* ``preview``  the instructor's live look at one lesson or quiz
* ``questions`` question banks in and out (GIFT, Aiken, CSV; paper)
* ``records``  ``profiles``, ``records export|import`` (and the old ``export``/``import``)
* ``study``    the student's ``progress``, ``review``, ``reset``
* ``options``  the options every command shares and how failures are reported

Domain packages never parse arguments or print; commands call them and say the result.
With no command, the app starts.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.cli.classes import default_action
from trainer.cli.options import add_common


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    from trainer.cli import classes, course, preview, questions, records, study

    parser = argparse.ArgumentParser(
        prog="massage-trainer",
        description="Study massage-therapy lessons and quizzes in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_common(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    add_common(common, suppress=True)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    classes.register(subparsers, common)
    course.register(subparsers, common)
    preview.register(subparsers, common)
    questions.register(subparsers, common)
    records.register(subparsers, common)
    study.register(subparsers, common)
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
    args = parser.parse_args(default_action(sys.argv[1:] if argv is None else argv))
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
