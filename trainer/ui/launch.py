"""Building the app from command-line options (shared by the CLI and the tests)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from trainer.course.builtin import builtin_course_dir
from trainer.course.loader import is_course_dir, load_course
from trainer.progress.errors import ProgressError
from trainer.progress.location import ProfileNameError, resolve_data_dir, validate_profile_name
from trainer.progress.settings import load_settings
from trainer.progress.store import ProgressStore

DEFAULT_PROFILE = "default"


class LaunchError(Exception):
    """A problem with the options that stops the app from starting."""


def build_app(
    course_dir: Path | None = None,
    data_dir: Path | None = None,
    profile: str | None = None,
    *,
    seed: int | None = None,
    theme: str | None = None,
    lock_wait: float = 2.0,
    clock: Callable[[], float] | None = None,
    start_in: str | None = None,
    quizzes_in_background: bool = True,
):
    """Load the course, open the profile's store and build the app (not yet running).

    The first screen needs only the lessons; quizzes are parsed in the background once it
    is shown (``quizzes_in_background=False`` parses them first, as tests want).
    """
    from trainer.ui.app import TrainerApp

    root = course_dir if course_dir is not None else builtin_course_dir()
    if not root.is_dir():
        raise LaunchError(f"{root}: no such course folder")
    if not is_course_dir(root):
        raise LaunchError(f"{root}: not a course folder (it needs lessons/ or quizzes/)")
    try:
        name = validate_profile_name(profile or DEFAULT_PROFILE)
    except ProfileNameError as exc:
        raise LaunchError(str(exc)) from exc
    lazy = quizzes_in_background and (root / "quizzes").is_dir()
    loaded = load_course(root, with_quizzes=not lazy)
    data_root = resolve_data_dir(data_dir)
    try:
        store = ProgressStore.open(data_root, name, wait=lock_wait)
    except (OSError, ProgressError) as exc:
        raise LaunchError(f"cannot open progress for profile {name!r}: {exc}") from exc
    settings, settings_notice = load_settings(data_root)
    notices = [*store.notices, *([settings_notice] if settings_notice else [])]
    extra = {"clock": clock} if clock is not None else {}
    return TrainerApp(
        loaded,
        store,
        notices=notices,
        quizzes_pending=lazy,
        seed=seed,
        theme=theme or settings.theme,
        data_dir=data_root,
        start_in=start_in,
        **extra,
    )


def run_app(args: argparse.Namespace) -> int:
    """Start the app from parsed command-line options; returns the exit code."""
    try:
        app = build_app(
            getattr(args, "course", None),
            getattr(args, "data_dir", None),
            getattr(args, "profile", None),
            start_in=getattr(args, "start_in", None),
        )
    except LaunchError as exc:
        print(f"massage-trainer: {exc}", file=sys.stderr)
        return 2
    app.run()
    return 0
