"""Where progress lives on disk, and which profile names are allowed.

Layout under the data folder (see ``docs/progress-files.md``)::

    <data>/profiles/<name>/profile.toml        small summary, read at start-up
    <data>/profiles/<name>/history/YYYY-MM.toml every answer, appended, never rewritten
    <data>/profiles/<name>.lock                 lock shared by copies of the app
    <data>/backups/                             what import and migration replaced
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from trainer.progress.errors import ProgressError
from trainer.text import printable_path

APP_NAME = "massage-trainer"
DATA_ENV_VAR = "MASSAGE_TRAINER_DATA"
DEFAULT_PROFILE = "default"
MAX_NAME_LENGTH = 40
SETTINGS_FILE = "settings.toml"
"""In the data folder: preferences shared by every profile (the theme)."""
LRS_FILE = "lrs.toml"
"""The learning record store's address and login (``trainer.xapi.credentials``)."""
APP_FILES = frozenset({SETTINGS_FILE, LRS_FILE})
"""The app's own files at the top of the data folder: never an old-layout profile
(``<name>.toml``), though their names are those of one."""


def is_app_file(name: str) -> bool:
    """Whether ``name`` is one of ``APP_FILES``, in any case (macOS and Windows file
    systems do not tell ``LRS.toml`` from ``lrs.toml``)."""
    return name.casefold() in {file.casefold() for file in APP_FILES}


# Letters (any script: "Åsa" is a likely Swedish-massage student), digits, "-" and "_".
# No dots, slashes or spaces, so a name can never be "..", a path, or collide with the
# ".lock" / ".corrupt-..." names the store puts beside profile folders.
_NAME = re.compile(r"[^\W_][\w-]*")
# Names Windows refuses as file names, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(10)}


class ProfileNameError(ValueError):
    """A profile name that could not safely name a folder."""


class DataDirError(ProgressError):
    """A data folder that cannot be used at all; the message names it."""


def resolve_data_dir(cli_value: Path | None) -> Path:
    """Return the data folder: ``--data-dir``, else ``$MASSAGE_TRAINER_DATA``, else the user's.

    Args:
        cli_value: the ``--data-dir`` option, or None when not given.
    """
    if cli_value is not None:
        return Path(cli_value).expanduser()
    env = os.environ.get(DATA_ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: most runs need no more of it than this

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def check_data_dir(data_dir: Path) -> Path:
    """Return ``data_dir`` if it can be used as the data folder.

    A folder that does not exist yet is fine: it is made on first use. Checked up front
    so that every command says the same plain thing instead of "no profiles yet" for a
    file, or a traceback from deep in the store for a folder the user may not open.

    Raises:
        DataDirError: it is not a folder, or this user may not list or enter it.
    """
    where = f"cannot use the data folder {printable_path(data_dir)}"
    try:
        info = os.stat(data_dir)
    except FileNotFoundError:
        return data_dir
    except NotADirectoryError:
        raise DataDirError(f"{where}: part of that path is a file, not a folder") from None
    except PermissionError:
        # stat needs only search permission on the folders above, so one of them refuses.
        raise DataDirError(f"{where}: permission denied by a folder above it") from None
    except OSError as exc:
        raise DataDirError(f"{where}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise DataDirError(f"{where}: it is not a folder")
    try:
        # Listing needs read permission, looking inside needs search (x) permission.
        with os.scandir(data_dir) as entries:
            next(entries, None)
        os.stat(os.path.join(data_dir, "profiles"))
    except FileNotFoundError:
        pass
    except PermissionError:
        raise DataDirError(f"{where}: permission denied (you may not open it)") from None
    except OSError as exc:
        raise DataDirError(f"{where}: {exc.strerror or exc}") from None
    return data_dir


def validate_profile_name(name: str) -> str:
    """Return ``name`` (NFC-normalised) if it is a safe profile name.

    Raises:
        ProfileNameError: with a message fit to show the student as is.
    """
    normalised = unicodedata.normalize("NFC", name)
    rule = f"use 1-{MAX_NAME_LENGTH} letters, digits, '-' or '_', starting with a letter or digit"
    if not normalised:
        raise ProfileNameError(f"A profile name cannot be empty: {rule}.")
    if len(normalised) > MAX_NAME_LENGTH or not _NAME.fullmatch(normalised):
        raise ProfileNameError(f"Profile name {name!r} is not allowed: {rule}.")
    if normalised.casefold() in _RESERVED:
        raise ProfileNameError(f"Profile name {name!r} is reserved by some systems: pick another.")
    return normalised


@dataclass(frozen=True)
class ProfilePaths:
    """Every path that belongs to one profile."""

    data_dir: Path
    name: str

    @property
    def profiles_dir(self) -> Path:
        """Folder holding every profile's folder."""
        return self.data_dir / "profiles"

    @property
    def folder(self) -> Path:
        """This profile's folder."""
        return self.profiles_dir / self.name

    @property
    def summary(self) -> Path:
        """The small summary file read at start-up."""
        return self.folder / "profile.toml"

    @property
    def history(self) -> Path:
        """Folder of monthly history files."""
        return self.folder / "history"

    @property
    def lock(self) -> Path:
        """Lock file; beside the folder so import can swap the folder while holding it."""
        return self.profiles_dir / f"{self.name}.lock"

    @property
    def backups(self) -> Path:
        """Folder for what import and migration replaced."""
        return self.data_dir / "backups"

    @property
    def legacy_file(self) -> Path:
        """Schema-1 single-file record, migrated on first open."""
        return self.data_dir / f"{self.name}.toml"

    @property
    def has_legacy_file(self) -> bool:
        """Whether a schema-1 record is there to migrate: never one of the app's own
        files (a profile named ``settings`` or ``lrs`` has none)."""
        return not is_app_file(self.legacy_file.name) and self.legacy_file.exists()


def profile_paths(data_dir: Path, name: str) -> ProfilePaths:
    """Validate ``name`` and return its paths under ``data_dir``."""
    return ProfilePaths(Path(data_dir), validate_profile_name(name))
