"""The Ralph harness works: a real LRS stores, answers, restarts, and the proxy cuts.

These also pin what Ralph 5.1 answers where the app's xAPI client depends on it
(a batch sent again: 204; the same id with other content: 409).
"""

from __future__ import annotations

import http.client
import json
import socket
import uuid
from typing import Any

import pytest

from tests.lrs_harness import STATEMENTS_PATH, CuttingProxy, RalphServer

# What a network failure looks like to urllib: a reset, a closed connection, a short body.
NETWORK_FAILURES = (OSError, http.client.HTTPException)


def statement(**changes: Any) -> dict[str, Any]:
    """An answered-question statement like the app's, with a new id."""
    made: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "https://massage-trainer.invalid", "name": "student-1"},
        },
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/answered",
            "display": {"en-US": "answered"},
        },
        "object": {
            "objectType": "Activity",
            "id": "urn:massage-trainer:course/swedish/quiz/basics/question/q1",
            "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction"},
        },
        "result": {"success": True, "response": "b", "duration": "PT4.5S"},
        "context": {"registration": str(uuid.uuid4())},
        "timestamp": "2026-11-29T10:00:00.000+01:00",
    }
    made.update(changes)
    return made


def stored(server: RalphServer, statement_id: str) -> list[dict[str, Any]]:
    answer = server.call("GET", f"{STATEMENTS_PATH}?statementId={statement_id}")
    assert answer.status == 200, answer
    found: list[dict[str, Any]] = answer.json()["statements"]
    return found


def test_a_batch_of_two_is_stored_and_read_back(ralph: RalphServer) -> None:
    batch = [statement(), statement()]
    answer = ralph.call("POST", STATEMENTS_PATH, batch)
    assert answer.status == 200
    assert answer.json() == [item["id"] for item in batch]
    for item in batch:
        (back,) = stored(ralph, item["id"])
        for field in ("actor", "verb", "object", "result", "context", "timestamp"):
            assert back[field] == item[field]
        assert "stored" in back and "authority" in back
    in_file = {line["id"] for line in ralph.stored_statements()}
    assert {item["id"] for item in batch} <= in_file
    assert ralph.data_file.name == "fs_lrs.jsonl"


def test_the_same_batch_again_is_204_and_other_content_409(ralph: RalphServer) -> None:
    batch = [statement(), statement()]
    assert ralph.call("POST", STATEMENTS_PATH, batch).status == 200
    again = ralph.call("POST", STATEMENTS_PATH, batch)
    assert (again.status, again.body) == (204, b"")

    # A batch mixing new and already-stored statements: only the new ids come back.
    newcomer = statement()
    mixed = ralph.call("POST", STATEMENTS_PATH, [newcomer, batch[0]])
    assert (mixed.status, mixed.json()) == (200, [newcomer["id"]])

    changed = dict(batch[0], result={"success": False, "response": "c"})
    conflict = ralph.call("POST", STATEMENTS_PATH, [statement(), changed])
    assert conflict.status == 409
    assert conflict.json() == {
        "detail": f"Differing statements already exist with the same ID: {batch[0]['id']}"
    }

    twice = statement()
    duplicate = ralph.call("POST", STATEMENTS_PATH, [twice, twice])
    assert duplicate.status == 400
    assert duplicate.json() == {"detail": "Duplicate statement IDs in the list of statements"}
    assert stored(ralph, twice["id"]) == []

    # Without a timestamp Ralph stores its own (the stored time): sent again, it differs.
    untimed = statement()
    del untimed["timestamp"]
    assert ralph.call("POST", STATEMENTS_PATH, untimed).status == 200
    assert ralph.call("POST", STATEMENTS_PATH, untimed).status == 409

    ids = [line["id"] for line in ralph.stored_statements()]
    assert ids.count(batch[0]["id"]) == 1


def test_wrong_password_is_401(ralph: RalphServer) -> None:
    headers = dict(ralph.headers)
    headers["Authorization"] = "Basic " + "bm9ib2R5Om5vcGU="  # nobody:nope
    answer = ralph.call("GET", STATEMENTS_PATH, headers=headers)
    assert answer.status == 401
    assert answer.json() == {"detail": "Invalid authentication credentials"}
    assert answer.headers.get("www-authenticate") == "Basic"


def test_a_response_cut_in_its_headers_is_an_error_yet_the_post_landed(
    ralph: RalphServer, cutting_proxy: CuttingProxy
) -> None:
    sent = statement()
    cutting_proxy.cut_response_after(20)
    with pytest.raises(NETWORK_FAILURES):
        ralph.call("POST", STATEMENTS_PATH, [sent], base_url=cutting_proxy.url)
    assert cutting_proxy.cut_event.is_set()
    assert [item["id"] for item in stored(ralph, sent["id"])] == [sent["id"]]
    # The cut was for one connection: the next passes, and sending again is a 204.
    again = ralph.call("POST", STATEMENTS_PATH, [sent], base_url=cutting_proxy.url)
    assert again.status == 204
    assert (cutting_proxy.connections, cutting_proxy.cuts_done) == (2, 1)


def test_no_answer_at_all_after_the_request_arrived(
    ralph: RalphServer, cutting_proxy: CuttingProxy
) -> None:
    sent = statement()
    cutting_proxy.cut_response_after(0, how="close")
    with pytest.raises(NETWORK_FAILURES):
        ralph.call("POST", STATEMENTS_PATH, [sent], base_url=cutting_proxy.url)
    assert len(stored(ralph, sent["id"])) == 1


def test_a_body_cut_midway_is_an_error(ralph: RalphServer, cutting_proxy: CuttingProxy) -> None:
    ralph.call("POST", STATEMENTS_PATH, [statement() for _ in range(5)])
    cutting_proxy.cut_response_after(400)  # past the headers, inside the JSON
    with pytest.raises(NETWORK_FAILURES):
        answer = ralph.call("GET", f"{STATEMENTS_PATH}?limit=5", base_url=cutting_proxy.url)
        json.loads(answer.body)  # a close may pass as a short body: it is no JSON then


def test_a_request_cut_midway_stores_nothing(
    ralph: RalphServer, cutting_proxy: CuttingProxy
) -> None:
    sent = statement()
    cutting_proxy.cut_request_after(100)  # inside the headers
    with pytest.raises(NETWORK_FAILURES):
        ralph.call("POST", STATEMENTS_PATH, [sent], base_url=cutting_proxy.url)
    assert stored(ralph, sent["id"]) == []


def test_restart_keeps_data_and_address(fresh_ralph: RalphServer) -> None:
    sent = statement()
    assert fresh_ralph.call("POST", STATEMENTS_PATH, [sent]).status == 200
    url = fresh_ralph.url
    fresh_ralph.restart()
    assert fresh_ralph.url == url
    assert len(stored(fresh_ralph, sent["id"])) == 1
    fresh_ralph.restart(hard=True)
    assert len(stored(fresh_ralph, sent["id"])) == 1
    assert [line["id"] for line in fresh_ralph.stored_statements()] == [sent["id"]]


def test_a_stopped_server_refuses_connections(fresh_ralph: RalphServer) -> None:
    assert fresh_ralph.port is not None
    fresh_ralph.stop()
    assert not fresh_ralph.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", fresh_ralph.port), timeout=2).close()


def test_a_torn_last_line_fails_every_post_until_mended(fresh_ralph: RalphServer) -> None:
    assert fresh_ralph.call("POST", STATEMENTS_PATH, [statement()]).status == 200
    with fresh_ralph.data_file.open("ab") as data:
        data.write(b'{"id": "torn')
    assert fresh_ralph.call("POST", STATEMENTS_PATH, [statement()]).status == 500
    assert fresh_ralph.mend_torn_tail()
    assert fresh_ralph.call("POST", STATEMENTS_PATH, [statement()]).status == 200
    assert len(fresh_ralph.stored_statements()) == 2
