"""Export and import of whole records.

``export_record`` gathers a profile's record as one document (for other tools, or as a
backup that ``import`` accepts; ``record_to_toml`` / ``record_to_json`` write it), and
names every history entry it had to leave out. ``import_record`` validates such a
document (TOML, or the JSON ``export`` prints), or a profile folder kept in
``backups/``, and makes it the profile's record, keeping what it replaced in ``backups/``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from trainer.durable import aside_path, atomic_write, fsync_dir
from trainer.progress.errors import ProgressError, RecordFileError
from trainer.progress.history_files import (
    NewerSchemaError,
    list_history_files,
    parse_stretch,
    read_bytes,
    to_toml,
)
from trainer.progress.identity import IDENTITY_FILE
from trainer.progress.location import ProfilePaths, profile_paths
from trainer.progress.models import SCHEMA_VERSION, ProfileHeader, RecordDocument
from trainer.progress.records import write_profile_folder
from trainer.progress.swap import recover_swap, replace_folder, staging_name
from trainer.safe_parse import ParseError, parse_json, parse_toml

if TYPE_CHECKING:
    from trainer.progress.store import ProgressStore

_MAX_MESSAGES = 5
_CARD_DATETIMES = ("due", "last_review")
"""Keys of a ``card`` table that hold datetimes (free-form to the model, so not parsed)."""


@dataclass(frozen=True)
class ExportedRecord:
    """A profile's record, and every history entry that could not be read into it."""

    record: RecordDocument
    skipped: list[str]
    """``file line N: reason`` for each entry left out; empty when nothing was."""


def export_record(store: ProgressStore) -> ExportedRecord:
    """The whole record of ``store``'s profile (reads the full history: slow)."""
    history, skipped = store.read_history()
    record = RecordDocument(
        schema_version=SCHEMA_VERSION,
        profile=ProfileHeader(name=store.profile, created_at=store.summary.created_at),
        lessons=history.lessons,
        attempts=history.attempts,
    )
    return ExportedRecord(record, skipped)


def record_to_json(record: RecordDocument) -> str:
    """``record`` as indented JSON (datetimes as ISO 8601 text)."""
    data = record.model_dump(mode="json", exclude_none=True)
    ordered = {key: data[key] for key in ("schema_version", "profile", "lessons", "attempts")}
    return json.dumps(ordered, indent=2, ensure_ascii=False)


def record_to_toml(record: RecordDocument) -> str:
    """``record`` as a TOML document that ``import`` accepts."""
    data = record.model_dump(mode="python")
    ordered = {key: data[key] for key in ("schema_version", "profile", "lessons", "attempts")}
    return "# massage-trainer record. See docs/progress-files.md.\n" + to_toml(ordered)


def read_record_file(path: Path) -> RecordDocument:
    """Read and validate a whole-record file (any schema this program knows).

    The file is TOML, or JSON as ``export`` prints it: a ``.json`` suffix or a first
    character ``{`` (which no TOML document starts with) means JSON.

    Raises:
        RecordFileError: ``file:line:column: reason`` for bad TOML or JSON,
            ``file[:line]: field: reason`` for wrong types, or a plain reason for a newer
            schema.
    """
    try:
        text = path.read_bytes().decode()
    except OSError as exc:
        raise RecordFileError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RecordFileError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if path.suffix.casefold() == ".json" or text.lstrip("\ufeff \t\r\n").startswith("{"):
        return _read_json_record(path, text)
    try:
        doc = parse_toml(text.removeprefix("\ufeff"))
    except ParseError as exc:
        raise RecordFileError(f"{exc.where(str(path))}: {exc.reason}") from exc
    _check_version(path, doc)
    try:
        return RecordDocument.model_validate(doc)
    except ValidationError as exc:
        raise _invalid(path, exc, text) from exc


def _read_json_record(path: Path, text: str) -> RecordDocument:
    """A record from ``export``'s JSON: datetimes are ISO strings there."""
    try:
        doc = parse_json(text.lstrip("\ufeff"))
    except ParseError as exc:
        raise RecordFileError(f"{exc.where(str(path))}: not valid JSON: {exc.reason}") from exc
    if not isinstance(doc, dict):
        raise RecordFileError(f"{path}: not a record: expected a JSON object at the top")
    _check_version(path, doc)
    try:
        # JSON mode: strict validation still reads ISO strings as datetimes.
        record = RecordDocument.model_validate_json(json.dumps(doc))
    except ValidationError as exc:
        # No line numbers: JSON positions of nested fields are not worth guessing.
        raise _invalid(path, exc, None) from exc
    for attempt in record.attempts:
        for index, answer in enumerate(attempt.answers):
            if answer.card is not None:
                answer.card = _card_datetimes(path, answer.card, attempt.attempt, index)
    return record


def _card_datetimes(path: Path, card: dict[str, Any], attempt: str, index: int) -> dict[str, Any]:
    """``card`` with its ISO datetime strings parsed, so it is stored as TOML writes it."""
    parsed = dict(card)
    for key in _CARD_DATETIMES:
        value = parsed.get(key)
        if isinstance(value, str):
            try:
                parsed[key] = datetime.fromisoformat(value)
            except ValueError as exc:
                raise RecordFileError(
                    f"{path}: attempt {attempt!r}, answer {index + 1}: card.{key}: "
                    f"not an ISO date and time: {value!r}"
                ) from exc
    return parsed


def _check_version(path: Path, doc: dict[str, Any]) -> None:
    version = doc.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise RecordFileError(
            f"{path}: written by a newer massage-trainer (schema_version {version}); "
            f"this one reads up to {SCHEMA_VERSION}."
        )


def _invalid(path: Path, exc: ValidationError, text: str | None) -> RecordFileError:
    """One line per validation error (at most ``_MAX_MESSAGES``), with the TOML line."""
    lines = [_describe(path, text, error) for error in exc.errors()[:_MAX_MESSAGES]]
    more = exc.error_count() - len(lines)
    if more > 0:
        lines.append(f"... and {more} more")
    return RecordFileError("\n".join(lines))


def _describe(path: Path, text: str | None, error: object) -> str:
    loc = error["loc"]  # type: ignore[index]
    field = ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in loc)
    field = field.replace(".[", "[")
    line = _line_of(text, loc) if text is not None else None
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {field}: {error['msg']}"  # type: ignore[index]


def _line_of(text: str, loc: tuple[object, ...]) -> int | None:
    """Best-effort line of a validation error: the n-th ``[[attempts]]`` and so on."""
    lines = text.splitlines()
    search_from = 0
    table = ""
    for part in loc:
        if isinstance(part, int) and table:
            header = f"[[{table}]]"
            hits = [
                i for i, line in enumerate(lines) if line.strip() == header and i >= search_from
            ]
            if part >= len(hits):
                return None
            search_from = hits[part]
        elif isinstance(part, str):
            table = f"{table}.{part}" if table else part
            for i in range(search_from, len(lines)):
                stripped = lines[i].strip()
                if stripped.startswith((f"{part} ", f"{part}=")):
                    return i + 1
    return search_from + 1 if search_from else None


@dataclass(frozen=True)
class ImportResult:
    """What ``import_record`` did."""

    profile: str
    attempts: int
    answers: int
    backup: Path | None
    """Where the replaced record was moved, or None when the profile was new."""


def import_record(data_dir: Path, profile: str, source: Path, *, wait: float = 2.0) -> ImportResult:
    """Make ``source`` the record of ``profile``.

    ``source`` is a record file (TOML or JSON, as ``export`` writes) or a profile folder
    kept in ``backups/`` (what an import or reset replaced). It is checked completely
    before anything is written; the profile's current folder, if any, is moved to
    ``<data>/backups/NAME.replaced-<time>/``.

    Raises:
        ProfileNameError: ``profile`` is not a safe name.
        RecordFileError: ``source`` is not a valid record (the message says where).
        ProgressError: the profile is in use, or the disk refused.
    """
    paths = profile_paths(data_dir, profile)
    if source.is_dir():
        attempts, answers = _check_profile_folder(source)

        def fill(staging: Path) -> None:
            _copy_profile_folder(source, staging)

    else:
        record = read_record_file(source)
        record.schema_version = SCHEMA_VERSION
        record.profile = ProfileHeader(name=paths.name, created_at=record.profile.created_at)
        attempts = len(record.attempts)
        answers = sum(len(attempt.answers) for attempt in record.attempts)

        def fill(staging: Path) -> None:
            write_profile_folder(staging, paths.name, record)

    staging = paths.profiles_dir / staging_name(paths.name, "import")
    try:
        paths.profiles_dir.mkdir(parents=True, exist_ok=True)
        try:
            # Written before taking the lock: a large record takes seconds to write, and
            # another copy of the app must go on saving meanwhile. The name carries our
            # pid, so no other open removes it while we run.
            fill(staging)
            with _profile_lock(paths, wait):
                recover_swap(paths.folder)
                _keep_identity(paths.folder, source, staging)
                backup = aside_path(paths.backups / paths.name, "replaced")
                moved = replace_folder(paths.folder, staging, backup)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise ProgressError(f"Could not import into {paths.folder}: {exc.strerror or exc}") from exc
    return ImportResult(paths.name, attempts, answers, moved)


@contextmanager
def _profile_lock(paths: ProfilePaths, wait: float) -> Iterator[None]:
    paths.profiles_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(paths.lock), thread_local=False)
    try:
        lock.acquire(timeout=wait)
    except Timeout as exc:
        raise ProgressError(
            f"Profile {paths.name!r} is in use by massage-trainer; close it and try again."
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _check_profile_folder(folder: Path) -> tuple[int, int]:
    """Attempts and answers in a kept profile folder; refuse what is not one.

    Damaged entries do not refuse it: the store sets them aside, with a notice, when
    the restored profile is first opened, so nothing in the folder is lost.
    """
    history = folder / "history"
    odd = [p.name for p in history.glob("*.toml") if p.is_symlink() or not p.is_file()]
    if odd:
        # A link or a named pipe in a kept folder is not ours: reading it could hang or
        # bring in any file of the system.
        raise RecordFileError(f"{history / odd[0]}: not a regular file")
    names = list_history_files(history)
    if not names and not (folder / "profile.toml").is_file():
        raise RecordFileError(
            f"{folder}: not a profile folder (it has no profile.toml and no history/ files)"
        )
    attempts = answers = 0
    for name in names:
        path = history / name
        try:
            parsed = parse_stretch(read_bytes(path), path, at_file_start=True)
        except NewerSchemaError as exc:
            raise RecordFileError(
                f"{path}: written by a newer massage-trainer (schema_version {exc.version})"
            ) from exc
        except OSError as exc:
            raise RecordFileError(f"{path}: cannot read it: {exc.strerror or exc}") from exc
        attempts += len(parsed.chunk.attempts)
        answers += len(parsed.chunk.answers)
    return attempts, answers


def _keep_identity(folder: Path, source: Path, staging: Path) -> None:
    """The profile keeps its id through an import (it is the same student); a profile
    made by restoring a kept folder takes that folder's id."""
    for origin in (folder / IDENTITY_FILE, source / IDENTITY_FILE):
        if origin.is_file() and not origin.is_symlink():
            atomic_write(staging / IDENTITY_FILE, origin.read_bytes())
            return


def _copy_profile_folder(source: Path, target: Path) -> None:
    """Copy a profile folder's summary and history files, each fsync'd."""
    (target / "history").mkdir(parents=True)
    for name in list_history_files(source / "history"):
        atomic_write(target / "history" / name, (source / "history" / name).read_bytes())
    summary = source / "profile.toml"
    if summary.is_file() and not summary.is_symlink():
        atomic_write(target / "profile.toml", summary.read_bytes())
    fsync_dir(target)
