"""Listing the profiles kept in a data folder, without opening (or locking) any of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.progress.location import ProfileNameError, is_app_file, validate_profile_name
from trainer.progress.summary import SummaryTooNew, SummaryUnreadable, load_summary
from trainer.progress.swap import recover_interrupted_swaps


@dataclass(frozen=True)
class ProfileInfo:
    """One profile as shown by ``massage-trainer profiles``."""

    name: str
    last_activity: datetime | None
    answers: int
    lessons_read: int
    attempts: int
    note: str = ""
    """Plain words when the summary could not be read or is in the old layout."""


def list_profiles(data_dir: Path) -> list[ProfileInfo]:
    """Profiles under ``data_dir``, by name. Counts come from each summary (no history read)."""
    found: dict[str, ProfileInfo] = {}
    profiles_dir = Path(data_dir) / "profiles"
    recover_interrupted_swaps(profiles_dir)
    if profiles_dir.is_dir():
        for entry in profiles_dir.iterdir():
            name = _valid(entry.name)
            if name is None or not entry.is_dir():
                continue
            found[name] = _info(name, entry / "profile.toml")
    if Path(data_dir).is_dir():
        for entry in Path(data_dir).glob("*.toml"):
            if is_app_file(entry.name):
                continue
            name = _valid(entry.stem)
            if name is not None and name not in found:
                found[name] = ProfileInfo(name, None, 0, 0, 0, "old layout, upgraded when opened")
    return [found[name] for name in sorted(found, key=str.casefold)]


def _valid(name: str) -> str | None:
    try:
        return validate_profile_name(name)
    except ProfileNameError:
        return None


def _info(name: str, summary_path: Path) -> ProfileInfo:
    try:
        summary = load_summary(summary_path)
    except FileNotFoundError:
        return ProfileInfo(name, None, 0, 0, 0, "no summary yet: rebuilt when opened")
    except (SummaryUnreadable, SummaryTooNew, OSError):
        return ProfileInfo(name, None, 0, 0, 0, "summary unreadable: repaired when opened")
    read = sum(1 for status in summary.lessons.values() if status.read_at is not None)
    attempts = sum(quiz.attempts for quiz in summary.quizzes.values())
    return ProfileInfo(name, summary.last_activity, summary.answers, read, attempts)
