"""One send: a profile's statements to an LRS, in batches, resuming where the last one
stopped.

After each batch the LRS acknowledges, ``lrs-sent.toml`` says so (atomically), so an
interrupted send loses nothing and the next one sends nothing twice: it resumes after
the last acknowledged batch. A batch cut off in flight may have been stored; it is sent
again, and the LRS keeps its one copy (ids are made from the records).

When the LRS holds a different statement under one of a batch's ids (HTTP 409), the
batch is halved until that statement is found: those before it are sent and counted,
and the send stops there, naming it (every later send stops there too until it is
resolved: sending past it would leave a hole that resuming can never fill).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.durable import utc_now
from trainer.xapi.lrs import LrsConflict, LrsError, post_statements
from trainer.xapi.sent import Resume, SentState, read_sent, record_sent, resume_position
from trainer.xapi.statements import Statement

if TYPE_CHECKING:
    import httpx

BATCH_SIZE = 500
"""Statements per request: large enough that a file-backed LRS, which reads its whole
store for each request, is not asked too often; small enough to stay well under an
LRS's body limit (about 1 KB a statement)."""


@dataclass(frozen=True)
class Plan:
    """What a send would do: the statements, the state, where it resumes."""

    statements: Sequence[Statement]
    state: SentState
    resume: Resume
    notices: list[str] = field(default_factory=list)

    @property
    def to_send(self) -> int:
        """How many statements are not yet acknowledged."""
        return len(self.statements) - self.resume.position


@dataclass
class SendReport:
    """How a send went."""

    total: int
    """Statements the record stands for."""
    resumed_at: int
    """Of them, sent before (skipped)."""
    sent: int = 0
    """Acknowledged by the LRS in this send."""
    already: int = 0
    """Of those, ones the LRS said it had already (it kept its copy)."""
    conflict: str | None = None
    """The id of a statement the LRS holds differently (the send stopped there)."""
    error: LrsError | None = None
    """Why the send stopped early (None: it finished, or stopped at ``conflict``)."""
    notices: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every statement is now acknowledged."""
        return self.resumed_at + self.sent == self.total


def plan_send(
    statements: Sequence[Statement], folder: Path, lrs_url: str, *, dry_run: bool = False
) -> Plan:
    """Where a send of ``statements`` to ``lrs_url`` would start (reads ``lrs-sent.toml``,
    moving it aside if it cannot be read, unless ``dry_run``)."""
    state, notice = read_sent(folder, repair=not dry_run)
    resume = resume_position(state, lrs_url, [s["id"] for s in statements])
    notices = [n for n in (notice, resume.notice) if n]
    return Plan(statements, state, resume, notices)


def send_statements(
    plan: Plan,
    client: httpx.Client,
    lrs_url: str,
    folder: Path,
    *,
    batch_size: int = BATCH_SIZE,
    now: Callable[[], datetime] = utc_now,
    on_batch: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """Send what ``plan`` has not sent yet, batch by batch; never raises for the LRS.

    The profile folder gets nothing but ``lrs-sent.toml``, after each acknowledged batch.
    ``on_batch`` is told the report so far after each one (progress).

    Raises:
        OSError: ``lrs-sent.toml`` could not be written (what was sent is still sent).
    """
    statements = plan.statements
    report = SendReport(len(statements), plan.resume.position, notices=list(plan.notices))
    position = plan.resume.position
    pending: list[tuple[int, int]] = []
    while position < len(statements) or pending:
        if not pending:
            pending.append((position, min(position + batch_size, len(statements))))
        start, end = pending.pop(0)
        batch = statements[start:end]
        try:
            stored = post_statements(client, lrs_url, batch)
        except LrsConflict as exc:
            if end - start == 1:
                report.conflict = batch[0]["id"]
                report.error = exc
                break
            # Ralph names the id: send what comes before it, then it alone. Otherwise
            # halve the batch until the statement is found.
            named = next(
                (i for i, s in enumerate(batch) if exc.detail and s["id"] in exc.detail), None
            )
            middle = (start + end) // 2 if named is None else start + max(named, 1)
            pending[:0] = [(start, middle), (middle, end)]
            continue
        except LrsError as exc:
            report.error = exc
            break
        # An LRS may spell an id in capitals (Ralph stores them in lower case).
        ids = {statement["id"].lower() for statement in batch}
        report.sent += len(batch)
        report.already += len(batch) - len(ids.intersection(i.lower() for i in stored))
        position = end
        record_sent(folder, plan.state, lrs_url, position, statements[end - 1]["id"], now())
        if on_batch is not None:
            on_batch(report)
    return report
