"""What the app starts from: the checked options (``SessionPlan``), the first frame they
allow before anything is loaded (``usable_cache``), and the loaded ``Session``.

Only light modules are imported here, as in ``launch``: the first frame must not wait
for pydantic, the course loader or the progress store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.course.quick_index import quick_course
from trainer.progress.location import SETTINGS_FILE, profile_paths
from trainer.ui.home_view import quick_view
from trainer.ui.startup.cache import Stamp, StartupCache, course_stamp, read_cache

if TYPE_CHECKING:
    from trainer.course.loader import LoadedCourse
    from trainer.progress.store import ProgressStore


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
    max_reviews_per_day: int | None = None
    """The daily review cap saved in the settings (None: no cap)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Keys remapped in the settings (``[keys]``: binding id to keys)."""
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
        return Session(
            loaded,
            store,
            notices,
            settings.theme,
            course_stamp=stamp,
            max_reviews_per_day=settings.max_reviews_per_day,
            keys=dict(settings.keys),
        )


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
