"""What an adversarial review found in the LRS client: a hostile or broken LRS, a reset
after a send, messages that leaked a password, and statements listed out of cause."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.lrs_harness import RalphServer
from tests.xapi.conftest import Studied
from tests.xapi.test_send_ralph import fingerprint, send, write_login
from trainer.cli import main
from trainer.progress.store import ProgressStore
from trainer.xapi import lrs
from trainer.xapi.credentials import CredentialsError, normalise_lrs_url
from trainer.xapi.statements import Learner, build_statements
from trainer.xapi.vocabulary import ANSWERED, COMPLETED, VOIDED


class _Hostile(BaseHTTPRequestHandler):
    """Answers GET and POST as ``behaviour`` (set per test) says."""

    behaviour = "ok"
    requests: list[tuple[str, str]]

    def _answer(self) -> None:
        self.requests.append((self.path, self.headers.get("Authorization", "")))
        length = int(self.headers.get("Content-Length") or 0)
        posted = self.rfile.read(length)
        if self.behaviour == "elsewhere":
            body = json.dumps({"statements": [{"id": "x"}], "more": "http://127.0.0.2:9/steal"})
        elif self.behaviour == "loop":
            body = json.dumps({"statements": [{"id": "x"}], "more": "/xAPI/statements?page=1"})
        elif self.behaviour == "unknown-ids":
            body = json.dumps(["00000000-0000-0000-0000-000000000000"])
        elif self.behaviour == "bad-more":
            body = json.dumps({"statements": [{"id": "x"}], "more": "http://127.0.0.1:abc/x"})
        elif self.behaviour == "slow-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            try:
                for n in range(100):
                    self.wfile.write(f"X-Wait-{n}: 1\r\n".encode())
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass
            return
        elif self.behaviour in ("odd-header", "upper-ids"):
            ids = [s["id"] for s in json.loads(posted)] if posted else []
            if self.behaviour == "upper-ids":
                ids = [i.upper() for i in ids]
            data = json.dumps(ids).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.behaviour == "odd-header":
                self.send_header("X-Served-By", "café-proxy")  # sent as Latin-1: not ASCII
            self.end_headers()
            self.wfile.write(data)
            return
        elif self.behaviour in ("flood", "trickle"):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000000")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b" " * (65536 if self.behaviour == "flood" else 1))
                    self.wfile.flush()
                    if self.behaviour == "trickle":
                        time.sleep(0.2)
            except OSError:
                pass
            return
        else:
            body = json.dumps([s["id"] for s in json.loads(posted)]) if posted else "{}"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[tuple[str, type[_Hostile]]]:
    handler = type("Handler", (_Hostile,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_USERNAME", "teacher")
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_PASSWORD", "hunter2pw")


def _class_report(studied: Studied, url: str) -> list[str]:
    return ["class", "report", "--lrs", url, "--course", str(studied.course_root),
            "--data-dir", str(studied.data_dir)]  # fmt: skip


def test_a_next_page_on_another_server_is_not_followed(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "elsewhere"
    assert main(_class_report(studied, url)) == 1
    err = capsys.readouterr().err
    assert "next-page link to another server" in err and "hunter2pw" not in err
    assert len(handler.requests) == 1


def test_a_next_page_link_that_loops_stops(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "loop"
    assert main(_class_report(studied, url)) == 1
    assert "never end" in capsys.readouterr().err
    assert len(handler.requests) <= 3


def test_an_endless_answer_is_cut_off(studied, hostile, monkeypatch, capsys):
    url, handler = hostile
    handler.behaviour = "flood"
    monkeypatch.setattr(lrs, "MAX_RESPONSE_BYTES", 2 * 1024 * 1024)
    assert main(_class_report(studied, url)) == 1
    assert "more than 2 MB in one answer" in capsys.readouterr().err


def test_an_answer_trickling_in_gives_up_at_the_deadline(studied, hostile, monkeypatch, capsys):
    url, handler = hostile
    handler.behaviour = "trickle"
    monkeypatch.setattr(lrs, "DEADLINE", 1.0)
    started = time.monotonic()
    write_login(studied, "anna", "secret")
    before = fingerprint(studied.folder)
    assert send(studied, url) == 1
    assert time.monotonic() - started < 10
    assert "did not answer in time" in capsys.readouterr().err
    assert fingerprint(studied.folder) == before


def test_ids_that_were_not_sent_acknowledge_nothing(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "unknown-ids"
    before = fingerprint(studied.folder)
    assert send(studied, url) == 1
    assert "not xAPI" in capsys.readouterr().err
    assert fingerprint(studied.folder) == before


@pytest.mark.parametrize(
    "address",
    [
        "https://user:hunter2pw@lrs.example:99999/xAPI/",
        "https://user:hunter2pw@[::1/xAPI/",
        "https://user:hunter2pw@lrs.example:abc/",
    ],
)
def test_a_password_in_a_malformed_address_is_never_repeated(address: str) -> None:
    with pytest.raises(CredentialsError) as caught:
        normalise_lrs_url(address)
    assert "hunter2pw" not in str(caught.value) and "user name or password" in str(caught.value)


def test_lrs_toml_is_never_taken_for_a_profile(studied, capsys):
    login = write_login(studied, "anna", "secret")
    assert main(["profiles", "--data-dir", str(studied.data_dir)]) == 0
    listed = capsys.readouterr().out
    assert "lrs" not in listed.split() and "anna" in listed
    with ProgressStore.open(studied.data_dir, "lrs"):
        pass
    assert login.read_text(encoding="utf-8").startswith("username")


def test_a_reset_after_a_send_makes_new_statements_not_a_conflict(
    studied, fresh_ralph: RalphServer, monkeypatch, capsys
):
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_USERNAME", fresh_ralph.username)
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_PASSWORD", fresh_ralph.password)
    assert send(studied, fresh_ralph.endpoint) == 0
    argv = ["reset", "--data-dir", str(studied.data_dir), "--profile", studied.profile,
            "--course", str(studied.course_root), "--lesson", "strokes", "--yes"]  # fmt: skip
    assert main(argv) == 0
    capsys.readouterr()
    assert send(studied, fresh_ralph.endpoint) == 0, capsys.readouterr().err


def test_a_void_and_an_attempts_end_come_after_what_they_follow(studied: Studied) -> None:
    with ProgressStore.open(studied.data_dir, studied.profile) as store:
        chunk, _ = store.read_events()
        identity = store.identity
    assert identity is not None
    statements = build_statements(chunk, Learner(identity.id, "anna"), "test-course")
    position = {s["id"]: n for n, s in enumerate(statements)}
    for statement in statements:
        verb = statement["verb"]["id"]
        if verb == VOIDED:
            assert position[statement["object"]["id"]] < position[statement["id"]]
        if verb == COMPLETED:
            registration = statement["context"]["registration"]
            answers = [
                position[s["id"]]
                for s in statements
                if s["verb"]["id"] == ANSWERED and s["context"]["registration"] == registration
            ]
            assert all(n < position[statement["id"]] for n in answers)


def test_ctrl_c_during_a_send_says_what_is_in_the_lrs(studied, hostile):
    import os
    import signal
    import subprocess
    import sys

    url, handler = hostile
    handler.behaviour = "trickle"
    argv = [sys.executable, "-m", "trainer", "records", "send", "--data-dir",
            str(studied.data_dir), "--profile", studied.profile, "--course",
            str(studied.course_root), "--lrs", url]  # fmt: skip
    env = {**os.environ, "MASSAGE_TRAINER_LRS_USERNAME": "t", "MASSAGE_TRAINER_LRS_PASSWORD": "p"}
    child = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while not handler.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130
    assert "stopped: 0 of " in err and "the next send resumes after them" in err
    assert "Traceback" not in err


def test_a_header_that_is_not_ascii_is_no_crash(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "odd-header"
    assert send(studied, url) == 0
    assert "Sent" in capsys.readouterr().out


def test_capital_ids_are_the_same_ids(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "upper-ids"
    assert send(studied, url) == 0
    out = capsys.readouterr().out
    assert "Sent" in out and "already had" not in out


def test_a_next_page_link_that_is_no_address_is_refused(studied, hostile, capsys):
    url, handler = hostile
    handler.behaviour = "bad-more"
    assert main(_class_report(studied, url)) == 1
    err = capsys.readouterr().err
    assert "not an address" in err and "Traceback" not in err


def test_headers_sent_a_line_at_a_time_meet_the_deadline(studied, hostile, monkeypatch, capsys):
    url, handler = hostile
    handler.behaviour = "slow-headers"
    monkeypatch.setattr(lrs, "DEADLINE", 1.5)
    started = time.monotonic()
    assert send(studied, url) == 1
    assert time.monotonic() - started < 10
    assert "did not answer in time" in capsys.readouterr().err


def test_app_files_are_no_profiles_in_any_case(studied, capsys):
    login = write_login(studied, "anna", "secret")
    (studied.data_dir / "LRS.toml").symlink_to(login)
    assert main(["profiles", "--data-dir", str(studied.data_dir)]) == 0
    assert "LRS" not in capsys.readouterr().out
    with ProgressStore.open(studied.data_dir, "LRS"):
        pass
    assert login.exists() and (studied.data_dir / "LRS.toml").is_symlink()
