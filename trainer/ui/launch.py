"""Building the app from command-line options (shared by the CLI and the tests).

Only light modules are imported here: when the start-up cache is usable the first frame
is drawn before pydantic, the course loader or the progress store are imported at all.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.builtin import builtin_course_dir
from trainer.course.files import course_dir_problem
from trainer.course.quick_index import quick_course
from trainer.progress.location import (
    SETTINGS_FILE,
    DataDirError,
    ProfileNameError,
    check_data_dir,
    profile_paths,
    resolve_data_dir,
    validate_profile_name,
)
from trainer.ui.home_view import quick_view
from trainer.ui.startup.cache import Stamp, StartupCache, course_stamp, read_cache

if TYPE_CHECKING:
    import argparse

    from trainer.course.loader import LoadedCourse
    from trainer.progress.store import ProgressStore
    from trainer.ui.app import TrainerApp

DEFAULT_PROFILE = "default"


class LaunchError(Exception):
    """A problem with the options that stops the app from starting."""


@dataclass
class Session:
    """A loaded course and an open store: what the app works with."""

    loaded: LoadedCourse
    store: ProgressStore
    notices: list[str]
    theme: str | None
    """The theme saved in the settings (None: follow the terminal)."""
    course_stamp: Stamp = ()
    """State of the course files from before they were read (for the start-up cache)."""


@dataclass(frozen=True)
class SessionPlan:
    """How to open the session: the checked options, kept for when it is opened."""

    course_root: Path
    data_dir: Path
    profile: str
    lazy_quizzes: bool
    lock_wait: float

    def open(self) -> Session:
        """Load the course (without quizzes if lazy) and open the store.

        Raises LaunchError when the progress cannot be opened.
        """
        from trainer.course.loader import load_course
        from trainer.progress.errors import ProgressError
        from trainer.progress.settings import load_settings
        from trainer.progress.store import ProgressStore

        stamp = course_stamp(self.course_root)
        loaded = load_course(self.course_root, with_quizzes=not self.lazy_quizzes)
        try:
            store = ProgressStore.open(self.data_dir, self.profile, wait=self.lock_wait)
        except (OSError, ProgressError) as exc:
            raise LaunchError(f"cannot open progress for profile {self.profile!r}: {exc}") from exc
        settings, settings_notice = load_settings(self.data_dir)
        notices = [*store.notices, *([settings_notice] if settings_notice else [])]
        return Session(loaded, store, notices, settings.theme, stamp)


def usable_cache(plan: SessionPlan) -> StartupCache | None:
    """What the first frame can be drawn from before anything is loaded, if anything.

    The start-up cache the last run left; if the course changed since, a quick read of the
    lesson list with the standings the cache kept; when the profile has no progress
    and no settings are saved (a first start), that read with nothing started. Otherwise
    None: the course and store are loaded first, as they must be to be right.
    """
    found = read_cache(plan.data_dir, plan.profile, plan.course_root)
    if found is not None and found.course_current:
        return found
    if found is not None:
        # The course changed (an instructor's edit) but the progress did not: the
        # lessons' standings are still known, unless a lesson or its quiz link is new.
        view = quick_view(quick_course(plan.course_root, found.lessons), found.standings)
        return None if view is None else StartupCache(view, found.theme)
    paths = profile_paths(plan.data_dir, plan.profile)
    saved = (paths.folder, paths.legacy_file, plan.data_dir / SETTINGS_FILE)
    try:
        if any(path.exists() for path in saved):
            return None
    except OSError:  # e.g. a data folder we may not look into: let the store say why
        return None
    view = quick_view(quick_course(plan.course_root))
    return None if view is None else StartupCache(view, None)


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
) -> TrainerApp:
    """Check the options and build the app (not yet running).

    The first screen needs only the lessons; quizzes are parsed in the background once it
    is shown (``quizzes_in_background=False`` parses them first, as tests want). With
    ``startup_cache``, a usable start-up cache lets the first frame be drawn before the
    course and the store are loaded; they are then loaded right after it. Without one (or
    with ``startup_cache=False``) they are loaded here, before the app runs.
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
    app.freeze_memory = True
    app.run()
    if app.launch_error is not None:
        # The progress could not be opened after the first frame (see finish_start).
        print(f"massage-trainer: {app.launch_error}", file=sys.stderr)
        return 2
    return app.return_code or 0
