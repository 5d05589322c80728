"""The app's own settings (the theme), kept in ``<data>/settings.toml``.

Separate from the profiles: a setting is a preference, not progress. A file that cannot
be read is moved aside (as with progress) and the defaults are used. Saving rewrites only
the keys this version knows, so keys added by later versions (or by hand) survive it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from trainer.durable import atomic_write, move_aside
from trainer.progress.location import SETTINGS_FILE
from trainer.safe_parse import ParseError, parse_toml

MAX_SETTINGS_BYTES = 1024 * 1024
"""A few preferences take a few hundred bytes; anything past this is not a settings file."""


class Settings(BaseModel):
    """Preferences that outlive a session."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    theme: str | None = None
    """Name of the Textual theme last chosen (None: follow the terminal's background)."""
    keys: dict[str, str] = Field(default_factory=dict)
    """Keys remapped by hand (``[keys]``): a binding id (``review``, ``help``...) to the
    key or keys, comma-separated (``"v"``, ``"f1,v"``). Unknown ids are reported and
    left out; see docs/keys.md."""
    max_reviews_per_day: int | None = Field(None, ge=1, le=100_000)
    """At most this many review answers a local day (as Anki's maximum reviews per day);
    None: no cap. Set by hand in settings.toml."""


class _Unreadable(Exception):
    """The settings file is a regular file that does not hold a settings table."""


def load_settings(data_dir: Path) -> tuple[Settings, str | None]:
    """The saved settings, and a notice if the file could not be used.

    A damaged or oversized file is moved aside; what is not a regular file is left alone.
    """
    path = data_dir / SETTINGS_FILE
    try:
        table = _read_table(path)
        try:
            return Settings.model_validate(table), None
        except ValidationError as exc:
            # A setting of the wrong kind (written by hand) is left out, not the file.
            wrong = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
            kept = {k: v for k, v in table.items() if k not in wrong}
            notice = (
                f"settings.toml: {', '.join(wrong)}: not a usable value; left out (the "
                "default applies)."
            )
            return Settings.model_validate(kept), notice
    except FileNotFoundError:
        return Settings(), None
    except NotRegularFile:
        return Settings(), "The settings file is not a regular file; using the defaults."
    except OSError as exc:
        return Settings(), f"Could not read settings ({exc.strerror or exc}); using the defaults."
    except (_Unreadable, ValidationError):
        try:
            aside = move_aside(path)
        except OSError:
            return Settings(), "The settings file could not be read; using the defaults."
        return Settings(), f"The settings file could not be read; it was moved to {aside}."


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Write ``settings`` atomically, keeping every other key the file holds.

    A file that cannot be read is moved aside first (as at start-up), so nothing in it
    is lost by the rewrite.

    Raises:
        OSError: the folder or file could not be written, the file could not be read
            (rewriting it would drop its keys), or it is not a regular file.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SETTINGS_FILE
    try:
        table = _read_table(path)
    except FileNotFoundError:
        table = {}
    except _Unreadable:
        move_aside(path)
        table = {}
    # Only the settings given: saving the theme keeps a cap written by hand. A None value
    # is no key at all (TOML has no null).
    for name in settings.model_fields_set:
        table.pop(name, None)
    table.update(settings.model_dump(exclude_none=True, include=settings.model_fields_set))
    atomic_write(path, tomli_w.dumps(table).encode())


def _read_table(path: Path) -> dict[str, Any]:
    """The TOML table in ``path``.

    Raises:
        FileNotFoundError: there is no such file.
        NotRegularFile: it is a named pipe, device, folder or the like.
        OSError: it could not be opened or read.
        _Unreadable: it is larger than ``MAX_SETTINGS_BYTES``, not UTF-8, or not TOML.
    """
    try:
        raw = read_regular_file(path, MAX_SETTINGS_BYTES)
    except FileTooLarge:
        raise _Unreadable("larger than 1 MB") from None
    try:
        return parse_toml(raw.decode())
    except (UnicodeDecodeError, ParseError) as exc:
        raise _Unreadable(str(exc)) from exc
