"""Fixtures with a real xAPI Learning Record Store: Ralph 5.1 (see tests/lrs_harness.py).

- ``ralph``: one server for the session (one a pytest-xdist worker, each on its own port).
  ``url`` is ``http://127.0.0.1:PORT``; statements are at ``url + "/xAPI/statements"``
  (``statements_url``); ``username``, ``password``, ``headers``; ``data_file`` holds what
  was stored; ``restart()``, ``stop()``, ``kill()``, ``call()``. A test that leaves it
  stopped, or with a torn last line, gets it mended and started again after it.
- ``fresh_ralph``: a server of the test's own, with its own data folder: for tests that
  break or wipe the store.
- ``cutting_proxy``: a TCP proxy to ``ralph`` that cuts connections when told
  (``cut_response_after(n)``, ``cut_request_after(n)``); ``CuttingProxy.to(fresh_ralph)``
  makes one to another server.

Ralph's virtual environment is made the first time (a few minutes, said on the terminal);
after that a server starts in one to three seconds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.lrs_harness import CuttingProxy, RalphServer, ensure_ralph_venv


@pytest.fixture(scope="session")
def ralph_venv(request: pytest.FixtureRequest) -> Path:
    """Ralph's virtual environment, made first if missing (and said why it is slow)."""

    def say(message: str) -> None:
        capture = request.config.pluginmanager.getplugin("capturemanager")
        if capture is None:
            print(message, file=sys.stderr, flush=True)
            return
        with capture.global_and_fixture_disabled():
            print(f"\n{message}", file=sys.stderr, flush=True)

    return ensure_ralph_venv(log=say)


@pytest.fixture(scope="session")
def ralph(ralph_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    """One Ralph LRS for the session (one a pytest-xdist worker)."""
    server = RalphServer(tmp_path_factory.mktemp("ralph"), venv=ralph_venv)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _ralph_left_serving(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that used ``ralph``: mend a torn last line; start it if it was stopped."""
    server: RalphServer | None = None
    if "ralph" in request.fixturenames:
        server = request.getfixturevalue("ralph")
    yield
    if server is not None:
        server.mend_torn_tail()
        if not server.running:
            server.start()


@pytest.fixture
def fresh_ralph(ralph_venv: Path, tmp_path: Path) -> Iterator[RalphServer]:
    """A Ralph LRS of the test's own: its own data folder and port."""
    with RalphServer(tmp_path / "ralph", venv=ralph_venv) as server:
        yield server


@pytest.fixture
def cutting_proxy(ralph: RalphServer) -> Iterator[CuttingProxy]:
    """A TCP proxy to ``ralph`` that cuts connections when told (passes all by default)."""
    with CuttingProxy.to(ralph) as proxy:
        yield proxy
