"""Monthly history files: ``history/YYYY-MM.toml``, a header then appended ``[[...]]`` blocks.

Each event is one block, written with a single ``write`` and fsync'd, and starts with a
blank line so a block cut short by a crash can never run into the next one. Reading is
tolerant: every complete block is kept, and bytes that do not form a valid block (a torn
tail after a power cut, a bad hand edit) are reported so the store can move them aside.
"""

from __future__ import annotations

import itertools
import os
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from trainer.progress.models import (
    DROPPED_CARDS,
    EVENT_TABLES,
    SCHEMA_VERSION,
    Event,
    HistoryChunk,
)
from trainer.safe_parse import ParseError, parse_toml

NEWLINE = b"\n"
_FILE_NAME = re.compile(r"\d{4}-\d{2}\.toml")
# Every block starts at a line beginning with "[[": tomli_w never writes a multi-line
# string, so such a line is always a header, never the inside of a value.
_BLOCK_START = re.compile(rb"^\[\[", re.MULTILINE)


class NewerSchemaError(Exception):
    """A file was written by a newer version of the program."""

    def __init__(self, path: Path, version: int) -> None:
        super().__init__(f"{path} has schema_version {version}, newer than {SCHEMA_VERSION}")
        self.path = path
        self.version = version


def month_file_name(moment: datetime) -> str:
    """History file name for the month of ``moment`` (UTC)."""
    return f"{moment:%Y-%m}.toml"


def list_history_files(folder: Path) -> list[str]:
    """Names of the history files in ``folder``, oldest month first."""
    try:
        with os.scandir(folder) as entries:
            # Regular files only: a named pipe or a link there would hang or stray a read.
            names = [
                entry.name
                for entry in entries
                if _FILE_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
            ]
    except FileNotFoundError:
        return []
    return sorted(names)


def file_header(profile: str, month: str) -> bytes:
    """The first lines of a new history file."""
    return (
        f"# History of profile {profile!r} for {month}: every quiz attempt and answer.\n"
        "# The app only appends to this file. See docs/progress-files.md.\n"
        f"schema_version = {SCHEMA_VERSION}\n"
    ).encode()


def _strip_none(value: Any) -> Any:
    # TOML has no null: drop None everywhere, including inside free-form tables.
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value if v is not None]
    return value


def to_toml(data: dict[str, Any]) -> str:
    """Dump ``data`` as TOML, dropping None values (TOML has no null)."""
    return tomli_w.dumps(_strip_none(data))


def encode_event(event: Event) -> bytes:
    """One event as a block ready to append: a blank line, ``[[table]]``, its keys."""
    # Written by hand around tomli_w: it would make a short list of one table an inline
    # array, which is not a block and would swallow the next entry's keys.
    table = EVENT_TABLES[type(event)]
    data = event.model_dump(mode="python")
    card = data.pop("card", None)
    if card is None:
        return f"\n[[{table}]]\n{to_toml(data)}".encode()
    # A nested table would be written as a `[card]` header, which belongs to the whole
    # file, not to this block: write it inline, and keep the timestamp (the model's last
    # field) last.
    last = list(type(event).model_fields)[-1]
    moment = data.pop(last)
    return (
        f"\n[[{table}]]\n{to_toml(data)}card = {inline_table(card)}\n{to_toml({last: moment})}"
    ).encode()


def inline_table(data: dict[str, Any]) -> str:
    """``data`` (scalar values only) as a one-line TOML inline table."""
    items = []
    for key, value in _strip_none(data).items():
        line = tomli_w.dumps({key: value}).strip()
        items.append(line)
    return "{ " + ", ".join(items) + " }" if items else "{}"


@dataclass
class ParsedStretch:
    """Result of reading part of a history file."""

    chunk: HistoryChunk
    bad: list[tuple[int, int]] = field(default_factory=list)
    """Byte ranges (relative to the stretch) that are not valid blocks."""
    reasons: list[str] = field(default_factory=list)
    """Why each bad range is bad, in plain words."""
    dropped_cards: list[str] = field(default_factory=list)
    """Why each card fsrs could not use was dropped from its (kept) answer."""

    def good_bytes(self, data: bytes) -> bytes:
        """``data`` without the bad ranges."""
        kept, pos = [], 0
        for start, end in self.bad:
            kept.append(data[pos:start])
            pos = end
        kept.append(data[pos:])
        return b"".join(kept)

    def bad_bytes(self, data: bytes) -> bytes:
        """The bad ranges of ``data``, joined."""
        return b"".join(data[start:end] for start, end in self.bad)

    def bad_lines(self, data: bytes, first_line: int = 1) -> list[tuple[int, str]]:
        """The line where each bad range starts, with why it is bad."""
        return [
            (first_line + data.count(NEWLINE, 0, start), reason)
            for (start, _end), reason in zip(self.bad, self.reasons, strict=True)
        ]

    def problems(self, data: bytes, path: Path, first_line: int = 1) -> list[str]:
        """One ``file line N: reason`` message per bad range."""
        return [f"{path.name} line {n}: {why}" for n, why in self.bad_lines(data, first_line)]


def _check_version(doc: dict[str, Any], path: Path) -> None:
    version = doc.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise NewerSchemaError(path, version)


def parse_stretch(data: bytes, path: Path, *, at_file_start: bool) -> ParsedStretch:
    """Parse bytes of a history file: the whole file, or a tail starting at a block.

    Raises:
        NewerSchemaError: the header names a schema newer than this program knows.
    """
    # Fast path: the whole stretch is valid and ends cleanly (a torn last line would not
    # end with a newline, even if what is left of it happens to parse).
    if not data or data.endswith(b"\n"):
        try:
            doc = parse_toml(data.decode())
        except (UnicodeDecodeError, ParseError):
            pass
        else:
            _check_version(doc, path)
            dropped: list[str] = []
            try:
                chunk = HistoryChunk.model_validate(doc, context={DROPPED_CARDS: dropped})
            except ValidationError:
                pass
            else:
                return ParsedStretch(chunk, dropped_cards=dropped)
    return _parse_blocks(data, path, at_file_start)


def _parse_blocks(data: bytes, path: Path, at_file_start: bool) -> ParsedStretch:
    starts = [m.start() for m in _BLOCK_START.finditer(data)]
    bounds = sorted({0, *starts, len(data)})
    result = ParsedStretch(HistoryChunk())
    for start, end in itertools.pairwise(bounds):
        block = data[start:end]
        if not block.strip():
            continue
        is_header = start == 0 and at_file_start and not data.startswith(b"[[")
        error = _block_error(block, path, result, is_header=is_header)
        if error is None:
            continue
        # Each bad block on its own, so each is named (file:line) wherever it is reported.
        result.bad.append((start, end))
        result.reasons.append(error)
    return result


def _block_error(block: bytes, path: Path, into: ParsedStretch, *, is_header: bool) -> str | None:
    """Add the block's event to ``into``; return why it is invalid, or None."""
    if not block.endswith(b"\n"):
        return "incomplete entry (cut short)"
    try:
        doc = parse_toml(block.decode())
    except UnicodeDecodeError:
        return "not valid UTF-8 text"
    except ParseError as exc:
        return f"not valid TOML ({exc})"
    if is_header:
        _check_version(doc, path)
        if not isinstance(doc.get("schema_version"), int):
            return "the header should give schema_version as a number"
        return None
    dropped: list[str] = []
    try:
        chunk = HistoryChunk.model_validate(doc, context={DROPPED_CARDS: dropped})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}"
    if chunk.count() != 1 or chunk.schema_version is not None:
        return (
            "expected exactly one [[attempts]], [[answers]], [[results]], [[lessons]], "
            "[[drafts]] or [[undos]] entry"
        )
    into.chunk.extend(chunk)
    into.dropped_cards.extend(dropped)
    return None


def read_bytes(path: Path, start: int = 0, end: int | None = None) -> bytes:
    """Bytes ``start..end`` of ``path`` (to the end when ``end`` is None)."""
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read() if end is None else handle.read(max(0, end - start))


TAIL_BYTES = 64


def tail_of(path: Path, offset: int) -> str:
    """CRC-32 (hex) of the up to ``TAIL_BYTES`` bytes of ``path`` just before ``offset``."""
    data = read_bytes(path, max(0, offset - TAIL_BYTES), offset)
    return f"{zlib.crc32(data):08x}"


def count_lines(path: Path, before: int) -> int:
    """Number of newlines in the first ``before`` bytes (for line numbers in messages)."""
    return read_bytes(path, 0, before).count(b"\n")
