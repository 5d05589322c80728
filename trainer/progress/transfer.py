"""Export and import of whole records.

``export_json`` / ``export_toml`` write a profile's record as one document (for other
tools, or as a backup that ``import`` accepts). ``import_record`` validates such a
document (TOML, or the JSON ``export`` prints) and makes it the profile's record, keeping
what it replaced in ``backups/``.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from trainer.progress.durable import aside_path
from trainer.progress.errors import ProgressError, RecordFileError
from trainer.progress.history_files import to_toml
from trainer.progress.location import profile_paths
from trainer.progress.models import SCHEMA_VERSION, ProfileHeader, RecordDocument
from trainer.progress.records import replace_folder, write_profile_folder

if TYPE_CHECKING:
    from trainer.progress.store import ProgressStore

_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_MAX_MESSAGES = 5
_CARD_DATETIMES = ("due", "last_review")
"""Keys of a ``card`` table that hold datetimes (free-form to the model, so not parsed)."""


def export_record(store: ProgressStore) -> RecordDocument:
    """The whole record of ``store``'s profile (reads the full history: slow)."""
    history = store.load_history()
    return RecordDocument(
        schema_version=SCHEMA_VERSION,
        profile=ProfileHeader(name=store.profile, created_at=store.summary.created_at),
        lessons=history.lessons,
        attempts=history.attempts,
    )


def export_json(store: ProgressStore) -> str:
    """The record as indented JSON."""
    data = export_record(store).model_dump(mode="json", exclude_none=True)
    ordered = {key: data[key] for key in ("schema_version", "profile", "lessons", "attempts")}
    return json.dumps(ordered, indent=2, ensure_ascii=False)


def record_to_toml(record: RecordDocument) -> str:
    """``record`` as a TOML document that ``import`` accepts."""
    data = record.model_dump(mode="python")
    ordered = {key: data[key] for key in ("schema_version", "profile", "lessons", "attempts")}
    return "# massage-trainer record. See docs/progress-files.md.\n" + to_toml(ordered)


def export_toml(store: ProgressStore) -> str:
    """The record as a TOML document that ``import`` accepts."""
    return record_to_toml(export_record(store))


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
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _AT_LINE.search(str(exc))
        reason = _AT_LINE.sub("", str(exc)).strip()
        where = f"{path}:{found.group(1)}:{found.group(2)}" if found else str(path)
        raise RecordFileError(f"{where}: {reason}") from exc
    _check_version(path, doc)
    try:
        return RecordDocument.model_validate(doc)
    except ValidationError as exc:
        raise _invalid(path, exc, text) from exc


def _read_json_record(path: Path, text: str) -> RecordDocument:
    """A record from ``export``'s JSON: datetimes are ISO strings there."""
    try:
        doc = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise RecordFileError(
            f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
        ) from exc
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


def import_record(
    data_dir: Path, profile: str, record_path: Path, *, wait: float = 2.0
) -> ImportResult:
    """Make the record in ``record_path`` (TOML or JSON) the record of ``profile``.

    The file is validated completely first.

    The profile's current folder, if any, is moved to ``<data>/backups/`` first.

    Raises:
        ProfileNameError: ``profile`` is not a safe name.
        RecordFileError: the file is not a valid record (message says where).
        ProgressError: the profile is in use, or the disk refused.
    """
    paths = profile_paths(data_dir, profile)
    record = read_record_file(record_path)
    record.schema_version = SCHEMA_VERSION
    record.profile = ProfileHeader(name=paths.name, created_at=record.profile.created_at)
    try:
        paths.profiles_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(paths.lock), thread_local=False)
        try:
            held = lock.acquire(timeout=wait)
        except Timeout as exc:
            raise ProgressError(
                f"Profile {paths.name!r} is in use by massage-trainer; close it and try again."
            ) from exc
        with held:
            staging = paths.profiles_dir / f".{paths.name}.import-{secrets.token_hex(4)}"
            try:
                write_profile_folder(staging, paths.name, record)
                backup = aside_path(paths.backups / paths.name, "replaced")
                moved = replace_folder(paths.folder, staging, backup)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise ProgressError(f"Could not import into {paths.folder}: {exc.strerror or exc}") from exc
    answers = sum(len(attempt.answers) for attempt in record.attempts)
    return ImportResult(paths.name, len(record.attempts), answers, moved)
