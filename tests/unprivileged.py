"""Running ``python -m trainer`` as a user that file permissions apply to.

Root ignores file permissions, and CI runs as root, so a test of "permission denied"
runs the command line as nobody (uid 65534) through ``setpriv`` when it is root, and as
itself otherwise. The folders it uses must be reachable by nobody: pytest's tmp_path is
inside a folder only its owner may enter, so make them with ``shared_tmp_dir``.

Import it as ``from unprivileged import ...`` from ``tests/``, or ``tests.unprivileged``
from deeper folders (the project root is on ``sys.path``).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

NOBODY = 65534
ROOT = Path(__file__).resolve().parent.parent
"""The project folder: the subprocess runs there so it imports this copy of trainer."""


def _unavailable(reason: str) -> None:
    """Skip, or fail on CI, where an untested permission check must not pass unseen."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: failing rather than skipping)")
    pytest.skip(reason)


def _prefix() -> list[str]:
    """The command words that run what follows as nobody ([] when not root)."""
    if os.geteuid() != 0:
        return []  # an ordinary user: permissions already apply
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        _unavailable("running as root without setpriv: cannot drop to an unprivileged user")
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@functools.cache
def _interpreter_problem() -> str | None:
    """Why this interpreter cannot import trainer as the unprivileged user, if it cannot.

    A virtual environment whose base Python is under root's home (pyenv in /root) is a
    known cause: nobody may not enter /root.
    """
    result = subprocess.run(
        [*_prefix(), sys.executable, "-c", "import trainer.cli"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if result.returncode == 0:
        return None
    return f"{sys.executable} cannot run as uid {NOBODY}: {result.stderr.strip()}"


def run_cli_unprivileged(
    args: Sequence[str], *, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m trainer ARGS`` as nobody (or as this user when not root)."""
    prefix = _prefix()
    problem = _interpreter_problem()
    if problem is not None:
        pytest.fail(problem)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "trainer", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


@contextmanager
def shared_tmp_dir() -> Iterator[Path]:
    """A new folder under /tmp that nobody may enter; removed afterwards.

    Everything below it is made searchable again first, so that a test that locked a
    folder (chmod 0o000) can still be cleaned up when not run as root.
    """
    base = Path(tempfile.mkdtemp(dir="/tmp", prefix="trainer-test-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        _unlock(base)
        shutil.rmtree(base, ignore_errors=True)


def _unlock(folder: Path) -> None:
    """Make ``folder`` and every folder below it enterable again (its owner always may)."""
    folder.chmod(0o755)
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            _unlock(Path(entry.path))
