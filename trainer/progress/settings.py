"""The app's own settings (the theme), kept in ``<data>/settings.toml``.

Separate from the profiles: a setting is a preference, not progress. A file that cannot
be read is moved aside (as with progress) and the defaults are used.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w
from pydantic import BaseModel, ConfigDict, ValidationError

from trainer.progress.durable import atomic_write, move_aside
from trainer.progress.location import SETTINGS_FILE


class Settings(BaseModel):
    """Preferences that outlive a session."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    theme: str | None = None
    """Name of the Textual theme last chosen (None: follow the terminal's background)."""


def load_settings(data_dir: Path) -> tuple[Settings, str | None]:
    """The saved settings, and a notice if an unreadable file had to be moved aside."""
    path = data_dir / SETTINGS_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        return Settings(), f"Could not read settings ({exc.strerror}); using the defaults."
    try:
        return Settings.model_validate(tomllib.loads(raw.decode())), None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError):
        try:
            aside = move_aside(path)
        except OSError:
            return Settings(), "The settings file could not be read; using the defaults."
        return Settings(), f"The settings file could not be read; it was moved to {aside}."


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write the settings atomically (creating the data folder if needed)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data = tomli_w.dumps(settings.model_dump(exclude_none=True))
    atomic_write(data_dir / SETTINGS_FILE, data.encode())
