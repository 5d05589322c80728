"""``preview lesson|quiz ID``: the instructor's look at one lesson or quiz, live.

The app opens straight into it and follows every save. Nothing is written under the data
folder: the answers given go to a throw-away folder, removed when the preview ends.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import (
    INSTRUCTOR_DEFAULT,
    CommandError,
    add_course_option,
    fail,
    required_instructor_course,
)
from trainer.text import printable_path

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp

_FOLDER = {"lesson": ("lessons", ".md"), "quiz": ("quizzes", ".toml")}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``preview`` to the main parser."""
    preview = subparsers.add_parser(
        "preview",
        help="open one lesson or quiz as a student sees it, following your saves",
        description="Open the app straight into a lesson or a quiz of the course and show "
        "each save within a second. In a quiz, `i` shows the answer key of the question "
        "on screen. Nothing is saved: no profile, settings or start-up cache is written "
        "under the data folder.",
    )
    preview.add_argument("kind", choices=["lesson", "quiz"], help="what to open")
    preview.add_argument("id", metavar="ID", help="its id (the file name without suffix)")
    add_course_option(preview, INSTRUCTOR_DEFAULT)
    preview.set_defaults(handler=run_preview)


def run_preview(args: argparse.Namespace) -> int:
    """Open the app on one lesson or quiz, with live reload, saving nothing."""
    try:
        root = required_instructor_course(args)
    except CommandError as exc:
        return fail(str(exc), exc.code)
    folder, suffix = _FOLDER[args.kind]
    path = root / folder / f"{args.id}{suffix}"
    if not path.is_file():
        return fail(_no_such(root, args.kind, args.id), 2)

    from trainer.ui.startup.plan import LaunchError

    with tempfile.TemporaryDirectory(prefix="massage-trainer-preview-") as scratch:
        _remove_on_hangup(Path(scratch))
        try:
            app = preview_app(root, args.kind, args.id, Path(scratch))
        except LaunchError as exc:
            print(f"massage-trainer: {exc}", file=sys.stderr)
            return 2
        app.run()
        if app.launch_error is not None:
            print(f"massage-trainer: {app.launch_error}", file=sys.stderr)
            return 2
        return app.return_code or 0


def _remove_on_hangup(scratch: Path) -> None:
    """Remove the throw-away folder when the terminal is closed or the process is told to
    end: those signals end the process without running ``with`` blocks' exits."""
    import os
    import shutil
    import signal

    def remove_and_end(number: int, _frame: object) -> None:
        shutil.rmtree(scratch, ignore_errors=True)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    for number in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(number, remove_and_end)


def preview_app(root: Path, kind: str, item_id: str, scratch: Path) -> TrainerApp:
    """The app a preview runs: on ``kind:item_id``, live, saving only into ``scratch``."""
    from trainer.ui.launch import build_app

    return build_app(
        root,
        scratch,
        "preview",
        start_in=f"{kind}:{item_id}",
        startup_cache=False,
        live_reload=True,
        preview=True,
    )


def _no_such(root: Path, kind: str, item_id: str) -> str:
    """No such lesson or quiz: say where it was looked for and what is close."""
    import difflib

    from trainer.course.files import course_files

    folder, suffix = _FOLDER[kind]
    ids = [p.stem for p in course_files(root / folder, suffix)]
    close = difflib.get_close_matches(item_id, ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    where = printable_path(root / folder / f"{item_id}{suffix}")
    return f"no {kind} {item_id!r} in the course: there is no {where}{hint}"
