"""A profile's history and lasting id, read for xAPI (``records send``, ``export --format xapi``).

The profile is opened as ``records export`` opens it: the lock is held only for the
moment of opening, the history is read without it (what was saved by then), and nothing
of the profile is written by the reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.course.loader import load_course
from trainer.progress.errors import ProgressError
from trainer.progress.identity import Identity
from trainer.progress.models import HistoryChunk
from trainer.progress.store import ProgressStore
from trainer.text import printable_path
from trainer.xapi.statements import Learner, Statement, build_statements


@dataclass(frozen=True)
class ProfileRecord:
    """What a profile's statements are made from."""

    profile: str
    folder: Path
    identity: Identity
    events: HistoryChunk
    """Every event, answers taken back and their undos included."""
    skipped: list[str]
    """``file:line: reason`` for each history entry that could not be read."""
    notices: list[str]
    """What opening the profile said (a file moved aside, ...)."""

    def learner(self, *, name: str | None = None, anonymous: bool = False) -> Learner:
        """Who the statements are about: shown as ``name`` (default: the profile's name),
        or with ``anonymous`` as the profile's pseudonym."""
        shown = self.identity.pseudonym() if anonymous else (name or "").strip() or self.profile
        return Learner(profile_id=self.identity.id, name=shown)

    def statements(self, learner: Learner, course_id: str) -> list[Statement]:
        """The statements of this record, in send order."""
        return build_statements(self.events, learner, course_id)


def read_profile_record(data_dir: Path, profile: str) -> ProfileRecord:
    """Read ``profile``'s whole history (slow for a long one: seconds).

    Raises:
        ProgressError: another copy of massage-trainer holds the profile, or the data
            folder cannot be used.
    """
    with ProgressStore.open(data_dir, profile) as store:
        if store.read_only or store.identity is None:
            raise ProgressError(
                f"profile {profile!r} is in use by massage-trainer; close it and try again"
            )
        events, skipped = store.read_events()
        return ProfileRecord(
            profile=store.profile,
            folder=store.folder,
            identity=store.identity,
            events=events,
            skipped=[*store.set_aside, *skipped],
            notices=list(store.notices),
        )


def course_id_of(root: Path) -> str:
    """The lasting id of the course in ``root`` (``course.toml``'s ``id``, else made from
    its title).

    Raises:
        ValueError: ``course.toml`` has an error: the id cannot be trusted (a guess made
            from a default title would send records under another course).
    """
    info_path = root / "course.toml"
    loaded = load_course(root, with_quizzes=False)
    for problem in loaded.problems:
        if not problem.warning and problem.path == info_path:
            raise ValueError(
                f"{printable_path(info_path)}:{problem.line}: {problem.message} (the "
                "course's id is read from it: fix it first; `massage-trainer validate` "
                "shows the details)"
            )
    return loaded.course.info.course_id()
