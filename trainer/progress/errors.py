"""Errors of the progress store; every message is fit to show the student as is."""

from __future__ import annotations


class ProgressError(Exception):
    """Progress could not be read or saved (a disk, permission or lock problem)."""


class StoreReadOnlyError(ProgressError):
    """A write was asked of a store opened read-only (another copy holds the profile)."""


class RecordFileError(ProgressError):
    """A record file given to ``import`` is not valid; the message says where."""
