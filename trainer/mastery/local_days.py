"""The student's local days: "today", "due today" and streaks follow their clock, not UTC."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from trainer.mastery.scheduling import as_utc

_LOCALTIME = Path("/etc/localtime")


def local_timezone() -> tzinfo:
    """The computer's time zone, with its daylight-saving rules when they can be found.

    ``datetime.now().astimezone().tzinfo`` is only today's fixed offset, which would put
    reviews an hour off on the far side of a clock change, so ``$TZ`` and
    ``/etc/localtime`` are tried first.
    """
    name = os.environ.get("TZ", "").strip().removeprefix(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        with _LOCALTIME.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ValueError):
        pass
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None  # astimezone() always gives an aware datetime
    return zone


def local_date(moment: datetime, tz: tzinfo) -> date:
    """The calendar day in ``tz`` on which ``moment`` falls."""
    return as_utc(moment).astimezone(tz).date()


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """The first moment of local ``day`` in ``tz``, in UTC."""
    # Local midnight may be skipped or doubled by a clock change; zoneinfo then picks the
    # earlier reading (fold=0), which is still the day's boundary to within that hour.
    return as_utc(datetime.combine(day, time(0), tzinfo=tz))


def end_of_local_day(now: datetime, tz: tzinfo) -> datetime:
    """The first moment (UTC) after the local day that contains ``now``."""
    return start_of_day(local_date(now, tz) + timedelta(days=1), tz)
