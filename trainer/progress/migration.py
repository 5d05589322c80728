"""Migration of older layouts to the current one.

Schema 1 kept a profile as one file, ``<data>/<name>.toml``, holding the whole record
(the same form ``export --format toml`` writes). Reading it at every start-up grows slow
with the history, so schema 2 splits it into a summary and monthly history files. On the
first open the old file is converted and then moved, untouched, to ``<data>/backups/``.
"""

from __future__ import annotations

import os
import shutil

from trainer.durable import aside_path, fsync_dir, move_aside
from trainer.progress.errors import RecordFileError
from trainer.progress.location import ProfilePaths
from trainer.progress.models import ProfileHeader
from trainer.progress.records import write_profile_folder
from trainer.progress.swap import staging_name
from trainer.progress.transfer import read_record_file


def migrate_legacy_file(paths: ProfilePaths, notices: list[str]) -> None:
    """Convert ``paths.legacy_file`` into the profile folder (lock held, folder absent).

    A file that cannot be read is moved aside to a ``.corrupt-...`` name instead, with a
    notice; the profile then starts fresh.
    """
    legacy = paths.legacy_file
    try:
        record = read_record_file(legacy)
    except RecordFileError as exc:
        moved = move_aside(legacy)
        notices.append(
            f"The old progress file of profile {paths.name!r} could not be read "
            f"({str(exc).splitlines()[0]}). It was moved to {moved} and a fresh record started."
        )
        return
    record.profile = ProfileHeader(name=paths.name, created_at=record.profile.created_at)
    staging = paths.profiles_dir / staging_name(paths.name, "migrate")
    try:
        write_profile_folder(staging, paths.name, record)
        os.replace(staging, paths.folder)
        fsync_dir(paths.profiles_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    paths.backups.mkdir(parents=True, exist_ok=True)
    backup = aside_path(paths.backups / f"{paths.name}.toml", f"v{record.schema_version}")
    os.replace(legacy, backup)
    fsync_dir(paths.backups)
    fsync_dir(paths.data_dir)
    notices.append(
        f"Progress of profile {paths.name!r} was upgraded to the new file layout in "
        f"{paths.folder}. The original file was kept as {backup}."
    )
