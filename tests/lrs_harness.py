"""A real xAPI Learning Record Store for the tests: Ralph 5.1, started on 127.0.0.1.

Ralph's ``lrs`` extra pins its own FastAPI and httpx, so it lives in a virtual environment
of its own, cached at ``$MASSAGE_TRAINER_RALPH_VENV`` or else
``$HOME/.cache/massage-trainer-tests/ralph-5.1`` (``ensure_ralph_venv`` makes it; a marker
file written last tells a finished install from a half-made one, which is made anew).

``RalphServer`` runs one LRS with the filesystem backend in a folder of its own:

- the API is served by uvicorn from a small launcher module, written into the server's
  folder but outside its working directory, an empty folder (``ralph runserver`` would
  run a reloader that restarts whenever a ``.py`` file appears where it runs);
- the launcher makes the fs backend append (its default operation, "create", accepts
  only the first write) and turns off its read/write history (rewritten whole on every
  request, and of no use to an LRS);
- one user, HTTP basic auth, made with ``ralph auth``;
- the listening socket is bound here and handed to the server, so two servers never race
  for a port; a restart binds the same port again, so ``url`` stays the same.

``CuttingProxy`` forwards TCP to the LRS and can drop a connection part-way: after N bytes
of the response (0: the request reached the LRS, no answer came back), or after N bytes
of the request.

Run as a script, ``python3 tests/lrs_harness.py ensure-venv`` only makes the virtual
environment (.ci/tools does, before pytest). Standard library only.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import pwd
import secrets
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

RALPH_REQUIREMENTS = ("ralph-malph[cli,lrs]==5.1", "requests")
"""What the virtual environment holds (``ralph.api.auth`` imports requests)."""

VENV_ENV_VAR = "MASSAGE_TRAINER_RALPH_VENV"
MARKER_NAME = ".massage-trainer-installed"
"""Written last, holding the requirements: a venv without it (or with others) is redone."""

XAPI_VERSION = "1.0.3"
STATEMENTS_PATH = "/xAPI/statements"
DATA_FILE_NAME = "fs_lrs.jsonl"
"""The fs backend's file, in its data folder: one JSON statement a line, in stored order."""

LAUNCHER_MODULE = "massage_trainer_ralph_launcher"

# The tests give every test its own HOME (tests/conftest.py): the cache is under the real
# one, read when this module is imported, before any test runs.
_HOME = os.environ.get("HOME") or pwd.getpwuid(os.getuid()).pw_dir


class RalphError(RuntimeError):
    """Ralph could not be installed, started or stopped (the message says why)."""


def ralph_venv_path() -> Path:
    """Where Ralph's virtual environment is (or is to be) made."""
    configured = os.environ.get(VENV_ENV_VAR)
    if configured:
        return Path(configured)
    return Path(_HOME) / ".cache" / "massage-trainer-tests" / "ralph-5.1"


def _marker_text() -> str:
    return " ".join(RALPH_REQUIREMENTS) + "\n"


def ralph_venv_ready(venv: Path) -> bool:
    """Whether ``venv`` is a finished install of ``RALPH_REQUIREMENTS``."""
    try:
        marker = (venv / MARKER_NAME).read_text(encoding="utf-8")
    except OSError:
        return False
    return marker == _marker_text() and (venv / "bin" / "python").exists()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (pytest-xdist's workers, .ci/tools)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.splitlines()[-lines:])


def ensure_ralph_venv(venv: Path | None = None, log: Callable[[str], None] | None = None) -> Path:
    """Make Ralph's virtual environment unless a finished one is there; return its path.

    Quick when it exists. Otherwise about half a minute to a few minutes (pip downloads
    Ralph and its dependencies), and ``log`` is told why before the wait.
    """
    venv = ralph_venv_path() if venv is None else venv
    if ralph_venv_ready(venv):
        return venv
    with _file_lock(venv.parent / f"{venv.name}.lock"):
        if ralph_venv_ready(venv):  # another process made it while we waited
            return venv
        if log is not None:
            log(
                f"Making Ralph's virtual environment at {venv}: pip install "
                f"{' '.join(RALPH_REQUIREMENTS)} (first time only, may take a few minutes)"
            )
        shutil.rmtree(venv, ignore_errors=True)
        steps = [
            [sys.executable, "-m", "venv", str(venv)],
            [
                str(venv / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                *RALPH_REQUIREMENTS,
            ],
        ]
        for command in steps:
            try:
                done = subprocess.run(
                    command,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=1200,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                raise RalphError(f"could not run {' '.join(command)}: {error}") from error
            if done.returncode != 0:
                raise RalphError(
                    f"{' '.join(command)} failed with exit code {done.returncode}:\n"
                    + _tail(done.stdout + done.stderr)
                )
        (venv / MARKER_NAME).write_text(_marker_text(), encoding="utf-8")
    return venv


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (another process may take it before you do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


LAUNCHER_SOURCE = '''\
"""Ralph's xAPI API for massage-trainer's tests: written and started by tests/lrs_harness.py.

Arguments: the file descriptor of a listening TCP socket, and the pid of the process that
started this one (when that process is gone, so is this server). Without arguments the
module only sets Ralph up and defines ``app`` (``python -m uvicorn ...:app`` serves it).
"""

import os
import socket
import sys
import threading
import time

from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.mixins import HistoryMixin
from ralph.backends.lrs.fs import FSLRSBackend

# The fs backend writes with "create" by default: only the first write finds no file.
FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def _no_history(self, event):
    """Ralph's history (for `ralph list --new`) is rewritten whole on every request."""


HistoryMixin.append_to_history = _no_history

from ralph.api import app  # noqa: E402  (after the changes above)


def _exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(3)


if __name__ == "__main__":
    import uvicorn

    listener = socket.socket(fileno=int(sys.argv[1]))
    threading.Thread(target=_exit_with_parent, args=(int(sys.argv[2]),), daemon=True).start()
    config = uvicorn.Config(app, log_level="info", timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[listener])
'''

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""urllib without the environment's HTTP proxies: the LRS is on this machine."""

_PASSWORD = secrets.token_urlsafe(12)
"""The servers' password unless told another: one a process, so its auth file is made once."""

_AUTH_FILES: dict[tuple[str, str, str], str] = {}
"""Auth file texts made in this process, by (venv, username, password): bcrypt is slow."""


def _lower_keys(headers: Message) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


@dataclass(frozen=True)
class LrsAnswer:
    """An HTTP answer: status, headers (names in lower case), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class RalphServer:
    """One Ralph LRS (fs backend, basic auth) in its own folder ``root``, on 127.0.0.1.

    ``url`` is the base (``http://127.0.0.1:PORT``); statements are at
    ``statements_url`` (``url + "/xAPI/statements"``); an xAPI client's endpoint is
    ``endpoint`` (``url + "/xAPI/"``). ``data_file`` holds what was stored.
    """

    def __init__(
        self,
        root: Path,
        *,
        venv: Path | None = None,
        username: str = "massage-trainer-tests",
        password: str | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self.root = root
        self.venv = ralph_venv_path() if venv is None else venv
        self.username = username
        self.password = _PASSWORD if password is None else password
        self.start_timeout = start_timeout
        self.data_dir = root / "data"
        self.data_file = self.data_dir / DATA_FILE_NAME
        self.auth_file = root / "auth.json"
        self.log_file = root / "ralph.log"
        self.launcher_dir = root / "launcher"
        self.cwd = root / "cwd"
        self.app_dir = root / "app"
        self.port: int | None = None
        self.starts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log_start = 0

    # Addresses and headers

    @property
    def url(self) -> str:
        if self.port is None:
            raise RalphError("the server has not been started yet")
        return f"http://127.0.0.1:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/xAPI/"

    @property
    def statements_url(self) -> str:
        return f"{self.url}{STATEMENTS_PATH}"

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header's value."""
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
        return f"Basic {token}"

    @property
    def headers(self) -> dict[str, str]:
        """What an xAPI request carries: auth, version, JSON."""
        return {
            "Authorization": self.authorization,
            "X-Experience-API-Version": XAPI_VERSION,
            "Content-Type": "application/json",
        }

    # Life cycle

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def server_env(self) -> dict[str, str]:
        """The environment Ralph runs in (and ``ralph auth``): RALPH_* set here only."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("RALPH_") and key not in ("PYTHONPATH", "PYTHONHOME")
        }
        env.update(
            RALPH_RUNSERVER_BACKEND="fs",
            RALPH_RUNSERVER_AUTH_BACKENDS="basic",
            RALPH_AUTH_FILE=str(self.auth_file),
            RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=str(self.data_dir),
            RALPH_APP_DIR=str(self.app_dir),
            RALPH_HISTORY_FILE=str(self.app_dir / "history.json"),
        )
        return env

    def _prepare(self) -> None:
        for folder in (self.data_dir, self.launcher_dir, self.cwd, self.app_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if any(self.cwd.iterdir()):
            raise RalphError(f"the server's working folder {self.cwd} must be empty")
        launcher = self.launcher_dir / f"{LAUNCHER_MODULE}.py"
        if not launcher.exists():
            launcher.write_text(LAUNCHER_SOURCE, encoding="utf-8")
        if not self.auth_file.exists():
            self.auth_file.write_text(self._auth_file_text(), encoding="utf-8")

    def _auth_file_text(self) -> str:
        key = (str(self.venv), self.username, self.password)
        if key not in _AUTH_FILES:
            with tempfile.TemporaryDirectory(prefix="ralph-auth-") as scratch:
                auth_file = Path(scratch) / "auth.json"
                env = self.server_env()
                env["RALPH_AUTH_FILE"] = str(auth_file)
                env["RALPH_APP_DIR"] = scratch
                command = [
                    str(self.venv / "bin" / "python"),
                    "-m",
                    "ralph",
                    "auth",
                    "--username",
                    self.username,
                    "--password",
                    self.password,
                    "--scope",
                    "statements/write",
                    "--scope",
                    "statements/read",
                    "--scope",
                    "all",
                    "--agent-ifi-account",
                    self.username,
                    "https://massage-trainer.invalid/lrs-tests",
                    "--write-to-disk",
                ]
                done = subprocess.run(
                    command,
                    cwd=scratch,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
                if done.returncode != 0 or not auth_file.exists():
                    raise RalphError(
                        f"ralph auth failed with exit code {done.returncode}:\n"
                        + _tail(done.stdout + done.stderr)
                    )
                _AUTH_FILES[key] = auth_file.read_text(encoding="utf-8")
        return _AUTH_FILES[key]

    def _listen(self) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0 if self.port is None else self.port))
            listener.listen(128)
        except OSError as error:
            listener.close()
            raise RalphError(f"could not listen on 127.0.0.1:{self.port}: {error}") from error
        return listener

    def start(self) -> None:
        """Start the server and wait until it answers (``start_timeout`` seconds at most)."""
        if self.running:
            return
        if not ralph_venv_ready(self.venv):
            raise RalphError(
                f"Ralph's virtual environment {self.venv} is missing or half made: "
                "run `python3 tests/lrs_harness.py ensure-venv` (or bash .ci/tools)"
            )
        self._prepare()
        listener = self._listen()
        self.port = listener.getsockname()[1]
        self.starts += 1
        with self.log_file.open("ab") as log:
            self._log_start = log.tell()
            log.write(f"--- lrs_harness: start {self.starts} on {self.url}\n".encode())
            log.flush()
            try:
                self._process = subprocess.Popen(
                    [
                        str(self.venv / "bin" / "python"),
                        str(self.launcher_dir / f"{LAUNCHER_MODULE}.py"),
                        str(listener.fileno()),
                        str(os.getpid()),
                    ],
                    cwd=self.cwd,
                    env=self.server_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    pass_fds=(listener.fileno(),),
                    start_new_session=True,
                )
            finally:
                listener.close()  # the server holds its own copy
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.start_timeout
        probe = f"{self.url}/__heartbeat__"
        last_error = "no answer yet"
        while True:
            process = self._process
            assert process is not None
            code = process.poll()
            if code is not None:
                self._process = None
                raise RalphError(
                    f"Ralph exited with code {code} while starting on {self.url}.\n"
                    f"Its output ({self.log_file}):\n{self.stderr_tail()}"
                )
            try:
                with _OPENER.open(probe, timeout=2) as answer:
                    if answer.status == 200:
                        return
                    last_error = f"HTTP {answer.status}"
            except urllib.error.HTTPError as error:
                last_error = f"HTTP {error.code}"
            except (urllib.error.URLError, OSError) as error:
                last_error = str(error)
            if time.monotonic() > deadline:
                self.kill()
                raise RalphError(
                    f"Ralph did not answer {probe} within {self.start_timeout:g} s "
                    f"(last: {last_error}).\nIts output ({self.log_file}):\n" + self.stderr_tail()
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop cleanly (SIGTERM: requests under way finish), or kill after ``timeout``."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._process = None

    def kill(self) -> None:
        """Kill at once (SIGKILL), as a crash would: a write under way may be torn."""
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        self._process = None

    def restart(self, *, hard: bool = False) -> None:
        """Stop (``kill`` if ``hard``) and start again: same port, same data."""
        if hard:
            self.kill()
        else:
            self.stop()
        self.start()

    def call(
        self,
        method: str,
        path: str = STATEMENTS_PATH,
        body: Any = None,
        *,
        base_url: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
    ) -> LrsAnswer:
        """One request to the LRS (or through ``base_url``, a proxy), with its headers.

        ``path`` is the part after the base URL (query included); ``body`` is sent as JSON.
        An HTTP error status is an answer, not an exception; a network failure raises.
        """
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            (self.url if base_url is None else base_url) + path,
            data=data,
            method=method,
            headers=self.headers if headers is None else headers,
        )
        try:
            with _OPENER.open(request, timeout=timeout) as answer:
                return LrsAnswer(answer.status, _lower_keys(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return LrsAnswer(error.code, _lower_keys(error.headers), error.read())

    # What it holds and says

    def stderr_tail(self, lines: int = 40) -> str:
        """The last lines the server printed since its last start."""
        try:
            with self.log_file.open("rb") as log:
                log.seek(self._log_start)
                text = log.read().decode("utf-8", "replace")
        except OSError as error:
            return f"(no output: {error})"
        return _tail(text, lines)

    def stored_statements(self) -> list[dict[str, Any]]:
        """The statements in ``data_file``, in stored order (a torn line raises)."""
        if not self.data_file.exists():
            return []
        lines = self.data_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def mend_torn_tail(self) -> bool:
        """Cut a last line left without its newline (a write killed part-way); say if any.

        Ralph fails every later request while its file holds a line it cannot parse.
        """
        if not self.data_file.exists():
            return False
        data = self.data_file.read_bytes()
        if not data or data.endswith(b"\n"):
            return False
        cut = data.rfind(b"\n") + 1
        with self.data_file.open("r+b") as handle:
            handle.truncate(cut)
        return True

    def __enter__(self) -> RalphServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@dataclass
class _Cut:
    """How the next connections are cut: after so many bytes, one way."""

    direction: Literal["response", "request"]
    after: int
    how: Literal["reset", "close"]


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 to ``upstream``, that can cut connections part-way.

    ``cut_response_after(n)``: the next connection gets the first ``n`` bytes of the
    response, then is cut (0: the request reached the server, nothing comes back).
    ``cut_request_after(n)``: the server gets the first ``n`` bytes of the request, then
    both sides are cut. A cut applies to the next ``times`` connections accepted (a
    client that keeps a connection alive is cut on that one); "reset" sends a TCP RST,
    "close" closes cleanly. ``url`` is the proxy's base URL (``http://127.0.0.1:PORT``).
    """

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)  # so that the accept loop sees ``close``
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._cuts: list[_Cut] = []
        self._open: set[socket.socket] = set()
        self._closed = threading.Event()
        self.connections = 0
        """How many client connections were accepted."""
        self.cuts_done = 0
        """How many connections were cut."""
        self.cut_event = threading.Event()
        """Set when a connection has been cut."""
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    @classmethod
    def to(cls, server: RalphServer) -> CuttingProxy:
        """A proxy to a started ``server``."""
        if server.port is None:
            raise RalphError("start the server before its proxy")
        return cls("127.0.0.1", server.port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut_response_after(
        self, n_bytes: int, *, times: int = 1, how: Literal["reset", "close"] = "reset"
    ) -> None:
        with self._lock:
            self._cuts.extend(_Cut("response", n_bytes, how) for _ in range(times))

    def cut_request_after(
        self, n_bytes: int, *, times: int = 1, how: Literal["reset", "close"] = "reset"
    ) -> None:
        with self._lock:
            self._cuts.extend(_Cut("request", n_bytes, how) for _ in range(times))

    def pass_through(self) -> None:
        """Cut no more connections (those planned and not begun are forgotten)."""
        with self._lock:
            self._cuts.clear()

    def close(self) -> None:
        """Stop accepting and drop every open connection."""
        self._closed.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            for sock in list(self._open):
                with contextlib.suppress(OSError):
                    sock.close()
            self._open.clear()
        self._thread.join(timeout=5)

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                cut = self._cuts.pop(0) if self._cuts else None
            threading.Thread(target=self._serve, args=(client, cut), daemon=True).start()

    def _serve(self, client: socket.socket, cut: _Cut | None) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=10)
        except OSError:
            self._drop(client, "reset")
            return
        with self._lock:
            self._open.update((client, upstream))
        try:
            self._pump(client, upstream, cut)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.difference_update((client, upstream))
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()

    def _pump(self, client: socket.socket, upstream: socket.socket, cut: _Cut | None) -> None:
        forwarded = {"request": 0, "response": 0}
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, "request")
            selector.register(upstream, selectors.EVENT_READ, "response")
            open_reads = 2
            while open_reads and not self._closed.is_set():
                for key, _ in selector.select(timeout=0.2):
                    direction: Literal["request", "response"] = key.data
                    source, target = (
                        (client, upstream) if direction == "request" else (upstream, client)
                    )
                    data = source.recv(65536)
                    if not data:
                        selector.unregister(source)
                        open_reads -= 1
                        with contextlib.suppress(OSError):
                            target.shutdown(socket.SHUT_WR)
                        continue
                    if cut is not None and cut.direction == direction:
                        room = cut.after - forwarded[direction]
                        if len(data) >= room:
                            if room > 0:
                                target.sendall(data[:room])
                            with self._lock:  # counted before the client can see the cut
                                self.cuts_done += 1
                            self.cut_event.set()
                            self._drop(client, cut.how)
                            self._drop(upstream, cut.how)
                            return
                    target.sendall(data)
                    forwarded[direction] += len(data)

    @staticmethod
    def _drop(sock: socket.socket, how: Literal["reset", "close"]) -> None:
        with contextlib.suppress(OSError):
            if how == "reset":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()


def _main(argv: list[str]) -> int:
    if argv != ["ensure-venv"]:
        print("usage: python3 tests/lrs_harness.py ensure-venv", file=sys.stderr)
        return 2
    try:
        ensure_ralph_venv(log=lambda message: print(message, file=sys.stderr))
    except RalphError as error:
        print(f"lrs_harness: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
