"""Reading a file someone else may have put there: only a regular file, only up to a limit.

A named pipe would block a read for ever and a device such as ``/dev/zero`` would be read
until memory runs out, so both course files and ``settings.toml`` are read through here.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFDIR: "Is a directory",  # as the OS words it
    stat.S_IFIFO: "not a regular file (a named pipe)",
    stat.S_IFCHR: "not a regular file (a device)",
    stat.S_IFBLK: "not a regular file (a device)",
    stat.S_IFSOCK: "not a regular file (a socket)",
}
_CHUNK = 1 << 16


class NotRegularFile(OSError):
    """The path names a named pipe, a device, a folder or the like: it is never read."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EINVAL, kind)
        self.kind = kind
        """In plain words, e.g. "not a regular file (a named pipe)"."""


class FileTooLarge(ValueError):
    """The file holds more than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes")
        self.limit = limit


def _check_regular(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file"))


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A symlink is followed to what it names, then judged the same way.

    Raises:
        NotRegularFile: it is not a regular file.
        FileTooLarge: it holds more than ``limit`` bytes.
        OSError: it cannot be opened or read (FileNotFoundError when missing).
    """
    # Looked at before opening too: opening some devices does something by itself.
    _check_regular(os.stat(path))
    # Non-blocking, so that a named pipe swapped in meanwhile cannot block the open;
    # fstat then judges what was really opened.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        _check_regular(info)
        if info.st_size > limit:
            raise FileTooLarge(limit)
        # Read to the end, never past the limit: the file may have grown since fstat.
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, max(info.st_size + 1, _CHUNK)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    if left <= 0:
        raise FileTooLarge(limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
