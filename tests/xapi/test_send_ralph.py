"""``records send`` against a real LRS: Ralph 5.1 on 127.0.0.1 (tests/lrs_harness.py).

Sent, read back and sent again without duplicates; cut off part way and resumed with
nothing lost and nothing doubled; an LRS that refuses the login, fails or answers
garbage gives a clear message and leaves the profile's files as they were. Servers
that fail on purpose are tiny stdlib HTTP servers: real sockets, no mocks.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.lrs_harness import CuttingProxy, RalphServer
from tests.xapi.conftest import Studied
from trainer.cli import main
from trainer.xapi.credentials import Credentials
from trainer.xapi.lrs import fetch_statements, open_client
from trainer.xapi.profile import course_id_of, read_profile_record
from trainer.xapi.reverse import histories_from_statements
from trainer.xapi.sent import SENT_FILE
from trainer.xapi.vocabulary import ANSWERED, HOME_PAGE, VOIDED

LRS_FIELDS = ("stored", "authority", "version")
"""What an LRS adds to a statement it stores."""


@pytest.fixture(autouse=True)
def _no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MASSAGE_TRAINER_LRS_USERNAME", raising=False)
    monkeypatch.delenv("MASSAGE_TRAINER_LRS_PASSWORD", raising=False)


def write_login(studied: Studied, username: str, password: str, mode: int = 0o600) -> Path:
    path = studied.data_dir / "lrs.toml"
    path.write_text(
        f"username = {json.dumps(username)}\npassword = {json.dumps(password)}\n",
        encoding="utf-8",
    )
    path.chmod(mode)
    return path


def send(studied: Studied, url: str, *extra: str) -> int:
    return main(
        [
            "records",
            "send",
            "--data-dir",
            str(studied.data_dir),
            "--profile",
            studied.profile,
            "--course",
            str(studied.course_root),
            "--lrs",
            url,
            *extra,
        ]
    )


def ours(studied: Studied) -> list[dict[str, Any]]:
    """The statements the profile stands for, as ``send`` makes them."""
    record = read_profile_record(studied.data_dir, studied.profile)
    learner = record.learner()
    return record.statements(learner, course_id_of(studied.course_root))


def profile_id(studied: Studied) -> str:
    return read_profile_record(studied.data_dir, studied.profile).identity.id


def stored_for(server: RalphServer, studied: Studied) -> list[dict[str, Any]]:
    """What the LRS's own file holds of this profile (other tests share the server)."""
    account = profile_id(studied)
    return [s for s in server.stored_statements() if s["actor"]["account"]["name"] == account]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def without_lrs_fields(statement: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in statement.items() if k not in LRS_FIELDS}


def test_sent_statements_are_stored_as_made_and_read_back(studied, ralph, capsys):
    write_login(studied, ralph.username, ralph.password)
    expected = ours(studied)
    assert send(studied, ralph.endpoint) == 0
    out = capsys.readouterr().out
    assert f"Sent {len(expected)} statements to {ralph.endpoint.rstrip('/')}." in out
    # Stored as made, in send order (the LRS adds only its own fields).
    assert [without_lrs_fields(s) for s in stored_for(ralph, studied)] == expected
    # Read back through the xAPI API, page by page, and rebuilt into the student's record.
    agent = {"account": {"homePage": HOME_PAGE, "name": profile_id(studied)}}
    with open_client(Credentials(ralph.username, ralph.password)) as client:
        fetched = list(
            fetch_statements(
                client, ralph.endpoint, params={"agent": json.dumps(agent), "limit": "4"}
            )
        )
    assert [without_lrs_fields(s) for s in fetched] == expected
    [student] = histories_from_statements(fetched, course_id="test-course").values()
    # Ralph 5.1 does not hide voided statements: the way back drops the answer itself.
    assert any(s["verb"]["id"] == VOIDED for s in fetched)
    b4 = [a.answer for _, a in student.history.answers() if a.question == "basics/b4"]
    assert b4 == ["A"]
    assert len(student.history.attempts) == 3


def test_sending_again_sends_nothing_and_starting_over_makes_no_duplicates(studied, ralph, capsys):
    write_login(studied, ralph.username, ralph.password)
    total = len(ours(studied))
    assert send(studied, ralph.endpoint) == 0
    capsys.readouterr()
    assert send(studied, ralph.endpoint) == 0
    assert f"Nothing new to send to {ralph.endpoint.rstrip('/')}: all {total}" in (
        capsys.readouterr().out
    )
    (studied.folder / SENT_FILE).unlink()  # forgotten: everything goes again
    assert send(studied, ralph.endpoint, "--batch", "4") == 0
    assert f"(the LRS already had {total} of them)" in capsys.readouterr().out
    stored = stored_for(ralph, studied)
    assert len(stored) == total == len({s["id"] for s in stored})


def test_new_study_is_sent_after_what_was_sent_before(studied, ralph, capsys):
    from tests.xapi.conftest import study_later

    write_login(studied, ralph.username, ralph.password)
    before = len(ours(studied))
    assert send(studied, ralph.endpoint) == 0
    study_later(studied.course_root, studied.data_dir)
    after = len(ours(studied))
    capsys.readouterr()
    assert send(studied, ralph.endpoint) == 0
    out = capsys.readouterr().out
    assert f"Sent {after - before} statements" in out
    assert f"Resumed after the {before} statements sent before." in out
    assert len(stored_for(ralph, studied)) == after


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(("response", 900), id="answer-lost-after-the-LRS-stored-the-batch"),
        pytest.param(("request", 9000), id="request-cut-before-the-LRS-had-it-all"),
    ],
)
def test_a_send_cut_off_part_way_resumes_with_nothing_lost_and_nothing_doubled(
    studied, ralph, cutting_proxy: CuttingProxy, cut, capsys
):
    write_login(studied, ralph.username, ralph.password)
    total = len(ours(studied))
    direction, after = cut
    if direction == "response":
        cutting_proxy.cut_response_after(after)
    else:
        cutting_proxy.cut_request_after(after)
    proxy_endpoint = cutting_proxy.url + "/xAPI/"
    assert send(studied, proxy_endpoint, "--batch", "3") == 1
    err = capsys.readouterr().err
    assert cutting_proxy.cuts_done == 1
    assert "broke off" in err and "the next send resumes" in err
    state = (studied.folder / SENT_FILE).read_text(encoding="utf-8")
    acknowledged = int(
        next(line for line in state.splitlines() if line.startswith("sent =")).split("=")[1]
    )
    assert 0 < acknowledged < total
    assert acknowledged % 3 == 0
    stored = stored_for(ralph, studied)
    assert acknowledged <= len(stored) <= acknowledged + 3  # the batch in flight, or not
    cutting_proxy.pass_through()
    assert send(studied, proxy_endpoint, "--batch", "3") == 0
    out = capsys.readouterr().out
    assert f"Resumed after the {acknowledged} statements sent before." in out
    stored = stored_for(ralph, studied)
    assert len(stored) == total == len({s["id"] for s in stored})
    assert {s["id"] for s in stored} == {s["id"] for s in ours(studied)}


def test_a_statement_the_lrs_holds_differently_stops_the_send_and_is_named(studied, ralph, capsys):
    write_login(studied, ralph.username, ralph.password)
    expected = ours(studied)
    assert send(studied, ralph.endpoint) == 0
    (studied.folder / SENT_FILE).unlink()
    capsys.readouterr()
    # Another name: every statement is the same id with another actor's name.
    assert send(studied, ralph.endpoint, "--name", "Anna K.") == 1
    err = capsys.readouterr().err
    assert f"different statement with id {expected[0]['id']}" in err
    assert "--name" in err
    assert len(stored_for(ralph, studied)) == len(expected)
    assert {s["actor"]["name"] for s in stored_for(ralph, studied)} == {"anna"}


def test_a_wrong_password_is_refused_clearly_and_changes_nothing(studied, ralph, capsys):
    write_login(studied, ralph.username, "not the password")
    before = fingerprint(studied.folder)
    assert send(studied, ralph.endpoint) == 1
    err = capsys.readouterr().err
    assert "refused the credentials (HTTP 401" in err
    assert "not the password" not in err
    assert fingerprint(studied.folder) == before
    assert stored_for(ralph, studied) == []


def test_credentials_from_the_environment_come_before_lrs_toml(studied, ralph, monkeypatch, capsys):
    write_login(studied, ralph.username, "stale")
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_USERNAME", ralph.username)
    monkeypatch.setenv("MASSAGE_TRAINER_LRS_PASSWORD", ralph.password)
    assert send(studied, ralph.endpoint) == 0, capsys.readouterr().err
    monkeypatch.delenv("MASSAGE_TRAINER_LRS_PASSWORD")
    assert send(studied, ralph.endpoint) == 2
    assert "MASSAGE_TRAINER_LRS_PASSWORD is not set" in capsys.readouterr().err


def test_a_dry_run_sends_nothing_and_needs_no_login(studied, ralph, capsys):
    before = fingerprint(studied.folder)
    assert send(studied, ralph.endpoint, "--dry-run") == 0
    out = capsys.readouterr().out
    total = len(ours(studied))
    assert f"Would send {total} statements" in out and "Nothing was sent" in out
    first = json.loads(out[out.index("{") :])
    assert first == ours(studied)[0]
    assert stored_for(ralph, studied) == []
    assert fingerprint(studied.folder) == before


def test_a_login_file_others_may_read_is_refused(studied, ralph, capsys):
    path = write_login(studied, ralph.username, ralph.password, mode=0o644)
    assert send(studied, ralph.endpoint) == 2
    err = capsys.readouterr().err
    assert f"chmod 600 {path}" in err
    assert ralph.password not in err
    assert stored_for(ralph, studied) == []
    assert not (studied.folder / SENT_FILE).exists()


def test_credentials_in_the_address_are_refused(studied, ralph, capsys):
    write_login(studied, ralph.username, ralph.password)
    url = ralph.endpoint.replace("http://", f"http://{ralph.username}:{ralph.password}@")
    assert send(studied, url) == 2
    err = capsys.readouterr().err
    assert "holds a user name or password" in err and "lrs.toml" in err
    assert ralph.password not in err
    assert stored_for(ralph, studied) == []


def test_no_login_at_all_says_where_to_put_one(studied, ralph, capsys):
    assert send(studied, ralph.endpoint) == 1
    err = capsys.readouterr().err
    assert "no login" in err and "lrs.toml" in err and "chmod 600" in err


def test_the_address_may_come_from_lrs_toml(studied, ralph, capsys):
    path = write_login(studied, ralph.username, ralph.password)
    path.write_text(path.read_text() + f'url = "{ralph.endpoint}"\n', encoding="utf-8")
    argv = ["records", "send", "--data-dir", str(studied.data_dir), "--profile", "anna"]
    assert main([*argv, "--course", str(studied.course_root)]) == 0
    assert len(stored_for(ralph, studied)) == len(ours(studied))


# --- servers that are not a working LRS ------------------------------------------------


class _Broken(BaseHTTPRequestHandler):
    """Answers every request with ``status``, ``content_type`` and ``body`` (class fields
    set per test)."""

    status = 500
    content_type = "application/json"
    body = b""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def broken_lrs() -> Iterator[tuple[str, type[_Broken]]]:
    handler = type("Handler", (_Broken,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize(
    ("status", "content_type", "body", "message"),
    [
        (500, "application/json", b'{"detail": "Statements bulk indexation failed"}',
         "failed (HTTP 500: Statements bulk indexation failed)"),
        (503, "text/html", b"<html>down for maintenance</html>", "failed (HTTP 503)"),
        (200, "text/html", b"<html><body>Welcome to nginx!</body></html>",
         "answered with something that is not xAPI"),
        (200, "application/json", b'{"ok": true}', "answered with something that is not xAPI"),
        (200, "application/json", b'["a", "b"', "answered with something that is not xAPI"),
        (404, "text/plain", b"Not Found", "no xAPI statements at"),
        (403, "application/json", b'{"detail": "Forbidden"}', "does not allow this (HTTP 403"),
        (422, "application/json",
         b'{"detail": [{"loc": ["body", 0, "actor"], "msg": "Field required"}]}',
         "refused the request (HTTP 422: 0.actor: Field required)"),
        (500, "text/plain", b"\x1b]0;pwned\x07Internal Server Error", "failed (HTTP 500)"),
    ],
)  # fmt: skip
def test_an_lrs_that_fails_or_answers_garbage_gets_a_clear_message_and_changes_nothing(
    studied, broken_lrs, status, content_type, body, message, capsys
):
    url, handler = broken_lrs
    handler.status, handler.content_type, handler.body = status, content_type, body
    write_login(studied, "anna", "secret")
    before = fingerprint(studied.folder)
    assert send(studied, url) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and "secret" not in err and "\x1b" not in err
    assert fingerprint(studied.folder) == before


def test_an_lrs_that_cannot_be_reached_says_so(studied, capsys):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_login(studied, "anna", "secret")
    before = fingerprint(studied.folder)
    assert send(studied, f"http://127.0.0.1:{port}/xAPI/") == 1
    assert "cannot connect to the LRS" in capsys.readouterr().err
    assert fingerprint(studied.folder) == before


def test_answered_statements_reach_the_lrs_with_hostile_text_intact(studied, ralph):
    from tests.xapi.conftest import HOSTILE

    write_login(studied, ralph.username, ralph.password)
    assert send(studied, ralph.endpoint) == 0
    responses = [
        s["result"]["response"] for s in stored_for(ralph, studied) if s["verb"]["id"] == ANSWERED
    ]
    assert HOSTILE in responses
