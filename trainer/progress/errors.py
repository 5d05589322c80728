"""Errors of the progress store; every message is fit to show the student as is."""

from __future__ import annotations


class ProgressError(Exception):
    """Progress could not be read or saved (a disk, permission or lock problem)."""


class StoreReadOnlyError(ProgressError):
    """A write was asked of a store opened read-only (another copy holds the profile)."""


class RecordFileError(ProgressError):
    """A record file given to ``import`` is not valid; the message says where."""


class AttemptNotOpen(ProgressError, KeyError):
    """An answer or result was given for an attempt that is not open (any more).

    Also a ``KeyError``, which is what callers caught before this error had a name.
    """

    def __str__(self) -> str:
        # KeyError's str() would quote the message.
        return str(self.args[0]) if self.args else ""
