"""What ``records send`` has sent to each LRS: ``lrs-sent.toml`` in the profile's folder.

::

    schema_version = 1

    [[lrs]]
    url = "https://lrs.school.example/xAPI"
    sent = 1234                 # statements acknowledged, from the first, in send order
    last_id = "6c1f..."         # the id of the last of them
    at = 2025-01-14T09:31:00Z   # when

Statements are listed in a stable order, so the first ``sent`` of today's list were
sent before if the one at ``sent - 1`` still has ``last_id``: the next send resumes after
it. Otherwise (the history was replaced, or a statement came in before it) it starts
over, which is safe: each statement's id is made from its record, and an LRS keeps only
one statement per id. The file is rewritten atomically after every batch the LRS
acknowledges, and deleting it only makes the next send start over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.bounded_read import FileTooLarge, read_regular_file
from trainer.durable import atomic_write, move_aside
from trainer.progress.bounds import Count, UtcDatetime
from trainer.safe_parse import ParseError, parse_toml

SENT_FILE = "lrs-sent.toml"
SENT_VERSION = 1
_LIMIT = 1024 * 1024
_HEADER = (
    "# What `massage-trainer records send` sent to each learning record store (LRS).\n"
    "# Safe to delete: the next send then starts over, and the LRS keeps one copy of each.\n"
)


class SentTo(BaseModel):
    """How far sending to one LRS got."""

    model_config = ConfigDict(extra="ignore", strict=True)

    url: str
    sent: Count
    last_id: str
    at: UtcDatetime


class SentState(BaseModel):
    """The whole file."""

    model_config = ConfigDict(extra="ignore", strict=True)

    schema_version: int = Field(SENT_VERSION, ge=1, le=SENT_VERSION)
    lrs: list[SentTo] = Field(default_factory=list)

    def entry(self, url: str) -> SentTo | None:
        """What was sent to ``url`` (a normalised address), if anything."""
        return next((entry for entry in self.lrs if entry.url == url), None)


@dataclass(frozen=True)
class Resume:
    """Where a send starts in the list of statements, and why."""

    position: int
    """Statements to skip: sent before."""
    notice: str | None = None
    """Said when what was sent before no longer matches (sending starts over)."""


def read_sent(folder: Path, *, repair: bool = True) -> tuple[SentState, str | None]:
    """The profile's send state, and a notice if its file could not be read: it is then
    moved aside (unless not ``repair``: a dry run changes nothing), and sending starts
    over."""
    path = folder / SENT_FILE
    try:
        raw = read_regular_file(path, _LIMIT)
    except FileNotFoundError:
        return SentState(), None
    except (OSError, FileTooLarge) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return SentState(), _set_aside(path, reason, repair)
    try:
        return SentState.model_validate(parse_toml(raw.decode("utf-8"))), None
    except (UnicodeDecodeError, ParseError, ValidationError) as exc:
        reason = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
        return SentState(), _set_aside(path, reason, repair)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"


def _set_aside(path: Path, reason: str, repair: bool) -> str:
    where = "it is left where it is"
    if repair:
        try:
            kept = move_aside(path)
        except OSError:
            pass
        else:
            where = f"it was kept as {kept.name}"
    return (
        f"{SENT_FILE} could not be read ({reason}); {where}, and sending starts from the "
        "first statement (the LRS keeps one copy of each)"
    )


def resume_position(state: SentState, url: str, ids: Sequence[str]) -> Resume:
    """Where to start sending the statements with ``ids`` (in send order) to ``url``."""
    entry = state.entry(url)
    if entry is None or entry.sent == 0:
        return Resume(0)
    if entry.sent <= len(ids) and ids[entry.sent - 1] == entry.last_id:
        return Resume(entry.sent)
    return Resume(
        0,
        f"the record no longer matches what was sent to {url} before (it was replaced or "
        "reordered): sending from the first statement; the LRS keeps one copy of each",
    )


def record_sent(
    folder: Path, state: SentState, url: str, sent: int, last_id: str, at: datetime
) -> None:
    """Note that the first ``sent`` statements reached ``url``, and save (atomically)."""
    entry = SentTo(url=url, sent=sent, last_id=last_id, at=at)
    state.lrs = [e for e in state.lrs if e.url != url] + [entry]
    data: dict[str, Any] = {
        "schema_version": SENT_VERSION,
        "lrs": [e.model_dump() for e in state.lrs],
    }
    atomic_write(folder / SENT_FILE, (_HEADER + tomli_w.dumps(data)).encode("utf-8"))
