"""Watching the course folder while the app runs, so an instructor's save shows at once.

A daemon thread waits on file events (inotify through ``watchfiles``; polling where
events are unavailable), loads the course again off the event loop when a course file
changed, and hands the result to the app. The domain's ``reload_course`` decides what is
kept; this module only watches and delivers.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from trainer.course.loader import LoadedCourse
    from trainer.course.reload import Reloaded
    from trainer.ui.startup.cache import Stamp

GROUP_MS = 400
"""Changes arriving this close together are one save (an editor's write and rename)."""
STEP_MS = 50
"""How long the watcher waits for more changes after one before reloading."""


class CourseWatcher:
    """Watch ``root``'s course files; after each change call ``deliver`` on the app's loop
    with the course loaded again and the course's start-up stamp as of before loading."""

    def __init__(
        self,
        app: App[None],
        root: Path,
        current: Callable[[], LoadedCourse | None],
        deliver: Callable[[Reloaded, Stamp], None],
        *,
        force_polling: bool | None = None,
    ) -> None:
        self.app = app
        self.root = root
        self.current = current
        """The course as the app shows it now (what a broken save falls back to)."""
        self.deliver = deliver
        self.force_polling = force_polling
        self.polling = False
        """True once the watcher fell back to polling (no file events here)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching (once)."""
        if self._thread is None:
            # Daemon: the app waits for its own workers at exit, but must never wait on this.
            self._thread = threading.Thread(target=self._run, name="course-watcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching; the thread ends within a step."""
        self._stop.set()

    def _paths(self) -> list[Path]:
        # Not recursive, and not the whole root: the built-in course's root is a checkout
        # with a virtual environment inside, thousands of folders no lesson lives in.
        return [p for p in (self.root, self.root / "lessons", self.root / "quizzes") if p.is_dir()]

    def _run(self) -> None:
        import watchfiles

        polling = self.force_polling
        while not self._stop.is_set():
            try:
                for changes in watchfiles.watch(
                    *self._paths(),
                    watch_filter=None,
                    debounce=GROUP_MS,
                    step=STEP_MS,
                    stop_event=self._stop,
                    recursive=False,
                    force_polling=polling,
                    poll_delay_ms=300,
                    raise_interrupt=False,
                    ignore_permission_denied=True,
                ):
                    self._changed({Path(path) for _, path in changes})
                return
            except (OSError, RuntimeError):
                # No file events here (e.g. inotify's watch limit reached): poll instead.
                if polling:
                    return
                polling = True
                self.polling = True

    def _changed(self, paths: set[Path]) -> None:
        from trainer.course.reload import is_course_file, reload_course
        from trainer.ui.startup.cache import course_stamp

        relevant = {p for p in paths if is_course_file(self.root, p)}
        # lessons/ or quizzes/ created or removed: the folders to watch change too.
        folders = {p for p in paths if p.parent == self.root and p.name in ("lessons", "quizzes")}
        previous = self.current()
        if previous is None or not (relevant or folders):
            return
        # Stamped before reading: a file saved again meanwhile leaves the stamp older than
        # what is shown, so the next start's cache is not taken for current.
        stamp = course_stamp(self.root)
        reloaded = reload_course(previous, relevant)
        with contextlib.suppress(RuntimeError):  # the app ended meanwhile
            self.app.call_from_thread(self.deliver, reloaded, stamp)
        if folders:
            self._restart()

    def _restart(self) -> None:
        """Watch again with the folders as they are now (watchfiles' paths are fixed)."""
        stop, self._stop = self._stop, threading.Event()
        stop.set()
        self._thread = None
        self.start()
