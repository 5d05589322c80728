"""Swapping a whole profile folder (import, reset) so that a crash at any moment loses nothing.

A swap is two renames: the current folder to ``backups/``, then the new folder into its
place. A kill between them would leave no profile folder at all, so before the first
rename an intent file, ``profiles/.NAME.swap``, names both folders; the next open of the
profile (``recover_swap``, lock held) finishes the swap, or rolls it back if the new folder
is gone, and then removes the intent.

Temporary files and folders carry their writer's process id in their names
(``.profile.toml.tmp-PID-…``, ``.NAME.import-PID-…``, ``.reset-PID-…``), so that
``remove_stale_temporaries`` can delete those left by a writer that was killed, and only
those.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import suppress
from pathlib import Path

import tomli_w

from trainer.durable import atomic_write, fsync_dir
from trainer.safe_parse import ParseError, parse_toml

_TEMPORARY = re.compile(r"\.(?:.+\.(?:tmp|import|migrate)|reset)-(\d+)-[0-9a-f]+(?:\.toml)?")
"""Names of our temporaries: ``.X.tmp-PID-HEX``, ``.NAME.import-PID-HEX`` (and
``migrate``), ``.reset-PID-HEX.toml``."""


def intent_path(current: Path) -> Path:
    """The intent file of a swap of ``current`` (beside it)."""
    return current.with_name(f".{current.name}.swap")


def staging_name(profile: str, purpose: str) -> str:
    """A temporary name for ``purpose`` (``import``), marked with this process's id."""
    return f".{profile}.{purpose}-{os.getpid()}-{os.urandom(4).hex()}"


def replace_folder(current: Path, replacement: Path, backup: Path) -> Path | None:
    """Put ``replacement`` in place of ``current``, moving ``current`` (if any) to ``backup``.

    ``replacement`` must be beside ``current`` and ``backup`` in the data folder's
    ``backups/`` (``current`` is ``<data>/profiles/NAME``). Call with the profile lock held.
    Returns where the old folder went, or None when there was none.
    """
    if replacement.parent != current.parent or backup.parent != _backups_of(current):
        raise ValueError("a swap's folders must be beside the profile and in backups/")
    intent = intent_path(current)
    # Names only: the data folder's own path may not be valid UTF-8, which TOML cannot hold.
    record = {"replacement": replacement.name, "backup": backup.name}
    atomic_write(intent, tomli_w.dumps(record).encode())
    moved: Path | None = None
    if current.exists():
        backup.parent.mkdir(parents=True, exist_ok=True)
        os.replace(current, backup)
        fsync_dir(backup.parent)
        moved = backup
    os.replace(replacement, current)
    fsync_dir(current.parent)
    intent.unlink()
    fsync_dir(current.parent)
    return moved


def _our_names(profile: str, replacement: object, backup: object) -> bool:
    """True when an intent names what ``replace_folder`` writes for ``profile``."""
    if not (isinstance(replacement, str) and isinstance(backup, str)):
        return False
    staging = re.fullmatch(
        rf"\.{re.escape(profile)}\.(?:import|migrate)-\d+-[0-9a-f]+", replacement
    )
    kept = re.fullmatch(rf"{re.escape(profile)}\.replaced-[0-9T]+Z(?:-\d+)?", backup)
    return staging is not None and kept is not None


def _backups_of(current: Path) -> Path:
    return current.parent.parent / "backups"


def recover_swap(current: Path) -> str | None:
    """Finish or roll back a swap of ``current`` that a crash interrupted (lock held).

    Returns a sentence for the student when something was done, else None.
    """
    intent = intent_path(current)
    try:
        record = parse_toml(intent.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ParseError, UnicodeDecodeError):
        record = {}
    names = (record.get("replacement"), record.get("backup"))
    if not _our_names(current.name, *names):
        # An intent that does not name this profile's own temporary and backup folders
        # was not written by us: trust nothing in it, and leave every folder be.
        intent.unlink(missing_ok=True)
        return None
    replacement = current.with_name(str(names[0]))
    backup = _backups_of(current) / str(names[1])
    message = None
    if not current.exists():
        if replacement.is_dir():
            os.replace(replacement, current)
            message = (
                f"An import or reset of profile {current.name!r} was interrupted; "
                "it has now been completed."
            )
        elif backup.is_dir():
            os.replace(backup, current)
            message = (
                f"An import or reset of profile {current.name!r} was interrupted; "
                "the profile was put back as it was before."
            )
        fsync_dir(current.parent)
    intent.unlink(missing_ok=True)
    fsync_dir(current.parent)
    return message


def _intent_replacement(intent: Path) -> str | None:
    """The new folder an intent file names, if it can be read."""
    try:
        replacement = parse_toml(intent.read_text(encoding="utf-8")).get("replacement")
    except (OSError, ParseError, UnicodeDecodeError):
        return None
    return replacement if isinstance(replacement, str) else None


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    except OSError:
        return True
    return True


def remove_stale_temporaries(*folders: Path) -> int:
    """Delete temporaries in ``folders`` whose writing process is no longer running.

    Returns how many were removed. Call with the profile lock held, after
    ``recover_swap`` (an interrupted swap's new folder is a temporary until then).
    """
    removed = 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        # Another profile's interrupted swap still needs its new folder: only that
        # profile's next open may finish it.
        pending = {_intent_replacement(Path(e.path)) for e in entries if e.name.endswith(".swap")}
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match is None or entry.name in pending or _running(int(match.group(1))):
                continue
            with suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed += 1
    return removed


def recover_interrupted_swaps(profiles_dir: Path, *, wait: float = 1.0) -> None:
    """Run ``recover_swap`` for every profile with a swap intent, each under its lock.

    For readers that take no lock of their own (the profile list): without this, a
    profile whose import was killed half way would not be listed at all. A profile
    whose lock stays busy is being swapped right now and is left to that writer.
    """
    from filelock import FileLock, Timeout

    try:
        names = [entry.name for entry in os.scandir(profiles_dir)]
    except OSError:
        return
    for name in names:
        if not (name.startswith(".") and name.endswith(".swap")):
            continue
        profile = name[1 : -len(".swap")]
        lock = FileLock(str(profiles_dir / f"{profile}.lock"), thread_local=False)
        try:
            with lock.acquire(timeout=wait), suppress(OSError):
                recover_swap(profiles_dir / profile)
        except Timeout:
            continue
