"""Building the app from command-line options (shared by the CLI and the tests).

Only light modules are imported here: when the start-up cache is usable the first frame
is drawn before pydantic, the course loader or the progress store are imported at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.builtin import builtin_course_dir
from trainer.course.files import course_dir_problem
from trainer.progress.location import (
    DEFAULT_PROFILE,
    DataDirError,
    ProfileNameError,
    check_data_dir,
    resolve_data_dir,
    validate_profile_name,
)
from trainer.ui.startup.plan import LaunchError, SessionPlan, usable_cache

if TYPE_CHECKING:
    import argparse

    from trainer.ui.app import TrainerApp


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
    startup_cache: bool = True,
    live_reload: bool = False,
    preview: bool = False,
) -> TrainerApp:
    """Check the options and build the app (not yet running).

    The first screen needs only the lessons; quizzes are parsed in the background once it
    is shown (``quizzes_in_background=False`` parses them first, as tests want). With
    ``startup_cache``, a usable start-up cache lets the first frame be drawn before the
    course and the store are loaded; they are then loaded right after it. Without one (or
    with ``startup_cache=False``) they are loaded here, before the app runs.
    ``live_reload`` watches the course folder (the real app does; tests ask for it).
    """
    from trainer.ui.app import TrainerApp

    root = course_dir if course_dir is not None else builtin_course_dir()
    if (problem := course_dir_problem(root)) is not None:
        raise LaunchError(problem)
    try:
        # An empty name is refused, not read as the default profile.
        name = validate_profile_name(DEFAULT_PROFILE if profile is None else profile)
        usable_data_dir = check_data_dir(resolve_data_dir(data_dir))
    except (ProfileNameError, DataDirError) as exc:
        raise LaunchError(str(exc)) from exc
    plan = SessionPlan(
        course_root=root,
        data_dir=usable_data_dir,
        profile=name,
        lazy_quizzes=quizzes_in_background and (root / "quizzes").is_dir(),
        lock_wait=lock_wait,
    )
    first = usable_cache(plan) if startup_cache else None
    session = None if first is not None else plan.open()
    extra = {"clock": clock} if clock is not None else {}
    return TrainerApp(
        plan,
        session,
        start_cache=first,
        seed=seed,
        theme=theme,
        start_in=start_in,
        startup_cache=startup_cache,
        live_reload=live_reload,
        preview=preview,
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
            live_reload=True,
        )
    except LaunchError as exc:
        print(f"massage-trainer: {exc}", file=sys.stderr)
        return 2
    app.freeze_memory = True
    app.run()
    if app.launch_error is not None:
        # The progress could not be opened after the first frame (see finish_start).
        print(f"massage-trainer: {app.launch_error}", file=sys.stderr)
        return 2
    return app.return_code or 0
