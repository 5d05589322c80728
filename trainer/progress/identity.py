"""Who a profile is, for class reports: a random id made once, with the profile.

Most students keep the profile name ``default``, so names collide across a class; the
id does not. It lives in its own small file, ``identity.toml`` in the profile's folder,
written once and never changed, so rebuilding the summary or the history can never
give a student a new id. A file that cannot be read is moved aside (never overwritten
silently) and a new id is made, with a notice.
"""

from __future__ import annotations

import tomllib
import uuid
from datetime import datetime
from pathlib import Path

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.durable import atomic_write, move_aside, utc_now

IDENTITY_VERSION = 1
IDENTITY_FILE = "identity.toml"
_HEADER = (
    "# Who this profile is, for class reports: a random id made once and never changed.\n"
    "# Two class exports with the same id come from the same student.\n"
)


class Identity(BaseModel):
    """A profile's lasting id (a UUID, as text) and when it was made."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(IDENTITY_VERSION, ge=1, le=IDENTITY_VERSION)
    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    created_at: datetime

    def pseudonym(self) -> str:
        """A name for anonymous class exports, the same every time: ``Student 3F2A-91C4``.

        It is made from the id, so the student can show theirs (``records export
        --for-class --anonymous`` prints it) and the instructor can match it.
        """
        digits = self.id[:8].upper()
        return f"Student {digits[:4]}-{digits[4:]}"


def read_identity(path: Path) -> Identity | None:
    """The identity in ``path``; None when there is none. Raises ValueError when unreadable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return Identity.model_validate(tomllib.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ValueError(f"{path.name} cannot be read: {exc}") from None


def ensure_identity(folder: Path) -> tuple[Identity, str | None]:
    """The profile's identity, made now if it has none; and a notice if one was set aside.

    Call with the profile's lock held (two copies must not both make one).
    """
    path = folder / IDENTITY_FILE
    notice = None
    try:
        found = read_identity(path)
    except ValueError:
        kept = move_aside(path)
        notice = (
            f"The profile's {IDENTITY_FILE} could not be read; it was kept as {kept.name} "
            "and a new id was made (class reports will list this student as new)."
        )
        found = None
    if found is not None:
        return found, notice
    made = Identity(id=uuid.uuid4().hex, created_at=utc_now())
    folder.mkdir(parents=True, exist_ok=True)
    text = _HEADER + tomli_w.dumps(made.model_dump(mode="python"))
    atomic_write(path, text.encode("utf-8"))
    return made, notice
