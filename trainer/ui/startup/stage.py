"""Where the app is in starting: one object that every action asks, instead of three flags.

A start goes through up to three stages, always in this order:

* ``FIRST_FRAME``  the home screen is drawn from the start-up cache; nothing is loaded.
* ``LESSONS``      the lessons and the progress are loaded; the quizzes are still being
  parsed in the background (large courses start this way).
* ``READY``        everything is loaded.

A start with no usable cache begins at ``LESSONS`` (or ``READY``), loaded before the app
runs. Only light modules are imported here, as in ``plan``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from trainer.ui.startup.plan import LaunchError, Session, SessionPlan

if TYPE_CHECKING:
    from trainer.course.loader import LoadedCourse
    from trainer.ui.startup.cache import StartupCache


class Stage(IntEnum):
    """How far the start has come (later stages compare greater)."""

    FIRST_FRAME = 0
    LESSONS = 1
    READY = 2


_STILL_LOADING = {
    Stage.FIRST_FRAME: "The course is still loading; try again in a moment.",
    Stage.LESSONS: "Quizzes are still loading; try again in a moment.",
}


class Startup:
    """The app's start: its plan, the cache its first frame came from, and what is loaded."""

    def __init__(
        self, plan: SessionPlan, session: Session | None, cache: StartupCache | None
    ) -> None:
        self.plan = plan
        self.cache = cache
        """The start-up cache the first frame was drawn from, if any."""
        self.loaded: LoadedCourse | None = None
        self.launch_error: str | None = None
        """Why the start failed after its first frame (the CLI prints it)."""
        self.stage = Stage.FIRST_FRAME
        if session is not None:
            self.adopt(session)
        elif cache is None:
            raise ValueError("a start needs either a loaded session or a start-up cache")

    def adopt(self, session: Session) -> None:
        """Take the loaded lessons (and quizzes, unless they are parsed in the background)."""
        self.loaded = session.loaded
        self.stage = Stage.LESSONS if self.plan.lazy_quizzes else Stage.READY

    def open(self) -> Session:
        """Load what the first frame was drawn without; raises LaunchError (then kept)."""
        try:
            session = self.plan.open()
        except LaunchError as exc:
            self.launch_error = str(exc)
            raise
        self.adopt(session)
        return session

    def quizzes_loaded(self, loaded: LoadedCourse) -> None:
        """Take the whole course, quizzes included: the start is over."""
        self.loaded = loaded
        self.stage = Stage.READY

    def reloaded(self, loaded: LoadedCourse) -> None:
        """Take the course as loaded again after its files changed (only once ready)."""
        assert self.stage is Stage.READY
        self.loaded = loaded

    @property
    def quizzes_pending(self) -> bool:
        """True while the quizzes are still being parsed in the background."""
        return self.stage is Stage.LESSONS

    def still_loading(self, needs: Stage = Stage.READY) -> str | None:
        """What to tell a student who asks for something that needs ``needs``; None when ready."""
        return None if self.stage >= needs else _STILL_LOADING[self.stage]
