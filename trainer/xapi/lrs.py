"""Talking to a learning record store over HTTP (httpx): post statements, read them back.

Every failure becomes an ``LrsError`` whose message says what happened and what to do
(wrong credentials, the LRS failing, something that is not an LRS answering, no
connection); a statement the LRS holds differently under the same id is an
``LrsConflict`` naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from trainer.text import one_line
from trainer.xapi.credentials import Credentials
from trainer.xapi.vocabulary import XAPI_VERSION

# httpx is imported where used. Where `click` is installed (a developer's tools bring
# it), `import httpx` loads its command-line extra, and with it Rich, which no domain
# module may load merely by being imported (tests/test_domain_imports.py).
if TYPE_CHECKING:
    import httpx

TIMEOUT = 60.0
CONNECT_TIMEOUT = 10.0
"""Seconds. Generous: a file-backed LRS reads its whole store for every request (seconds
once it holds a few hundred thousand statements)."""

_DETAIL_CHARS = 300

MAX_RESPONSE_BYTES = 512 * 1024 * 1024
"""The most one answer may hold: a page of every statement of a class (about 1.5 KB each)
fits many times over; an endless answer is cut off here, not read into memory."""
DEADLINE = 600.0
"""Seconds one request may take in all: a server that trickles a byte at a time never
trips the per-read timeout, and must not hold a send for ever."""


class LrsError(Exception):
    """The LRS could not be used; the message says why and what to do."""


class LrsConflict(LrsError):
    """The LRS holds a different statement under an id we sent."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail
        """What the LRS said (Ralph names the id)."""


def open_client(credentials: Credentials | None, *, timeout: float = TIMEOUT) -> httpx.Client:
    """An HTTP client for an xAPI LRS: basic auth, the version header, JSON.

    Close it when done (``with open_client(...) as client``).
    """
    import httpx

    auth = (
        None if credentials is None else httpx.BasicAuth(credentials.username, credentials.password)
    )
    return httpx.Client(
        auth=auth,
        headers={"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
        follow_redirects=False,
    )


def statements_url(lrs_url: str) -> str:
    """The statements resource of the LRS whose xAPI endpoint is ``lrs_url``."""
    return lrs_url.rstrip("/") + "/statements"


def post_statements(
    client: httpx.Client, lrs_url: str, statements: Sequence[dict[str, Any]]
) -> list[str]:
    """Post ``statements`` in one request; return the ids the LRS says it stored.

    An LRS that already holds a statement with the same id and content keeps its copy.
    Ralph leaves such ids out of its answer (and answers 204 when it had them all), so
    they are the ones missing from the list; an LRS that lists every id hides this.

    Raises:
        LrsConflict: it holds a different statement under one of the ids (HTTP 409).
        LrsError: anything else went wrong; nothing can be assumed stored.
    """
    url = statements_url(lrs_url)
    body = json.dumps(list(statements), ensure_ascii=False).encode("utf-8")
    response = _request(
        client, "POST", url, content=body, headers={"Content-Type": "application/json"}
    )
    if response.status_code == 204:
        return []
    if response.status_code == 409:
        detail = _detail(response)
        raise LrsConflict(
            f"the LRS at {lrs_url} already holds a different statement under an id sent "
            f"({detail or 'HTTP 409'})",
            detail,
        )
    _check(response, lrs_url)
    ids = _json(response, lrs_url)
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise _not_xapi(lrs_url, response)
    # An answer naming ids that were not sent is no acknowledgement of the batch.
    sent = {str(statement.get("id", "")).lower() for statement in statements}
    if any(i.lower() not in sent for i in ids) or len(ids) > len(sent):
        raise _not_xapi(lrs_url, response)
    return ids


def fetch_statements(
    client: httpx.Client,
    lrs_url: str,
    *,
    activity: str | None = None,
    related_activities: bool = True,
    params: dict[str, str] | None = None,
    max_pages: int = 1_000_000,
) -> Iterator[dict[str, Any]]:
    """Every statement the LRS gives for the query, page after page (its ``more`` links).

    Args:
        activity: only statements about this activity (with ``related_activities``,
            also those naming it in their context: a course activity gives every
            statement of ours about the course). Ralph 5.1's file backend finds nothing
            for any ``activity`` or ``verb`` (a bug): leave it out there, and let
            ``histories_from_statements(course_id=...)`` filter.
        params: other query parameters (``agent``, ``since``, ``limit`` ...). Ralph 5.1
            serves pages of at most 100, and its file backend reads its whole store for
            each one; ``limit=0`` ("the most the server allows") gets everything in one
            page there.
        max_pages: stop after this many pages (a guard against an LRS whose ``more``
            link never ends).

    Raises:
        LrsError: a request failed or the LRS answered something that is not xAPI.
    """
    query: dict[str, str] = dict(params or {})
    if activity is not None:
        query["activity"] = activity
        if related_activities:
            query["related_activities"] = "true"
    url: str | None = statements_url(lrs_url)
    first = True
    pages = 0
    visited: set[str] = set()
    while url is not None and pages < max_pages:
        response = _request(client, "GET", url, params=query if first else None)
        first = False
        pages += 1
        _check(response, lrs_url)
        page = _json(response, lrs_url)
        if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
            raise _not_xapi(lrs_url, response)
        for statement in page["statements"]:
            if isinstance(statement, dict):
                yield statement
        more = page.get("more")
        if not more or not page["statements"]:
            url = None
        elif isinstance(more, str):
            # "more" is relative to the LRS's server (xAPI 1.0.3, 2.1.3). The login goes
            # with every request, so a link to any other server is never followed.
            following = urljoin(url, more)
            if _origin(following) != _origin(url):
                where = _origin(following) or "not an address"
                raise LrsError(
                    f"the LRS at {lrs_url} sent a next-page link to another server "
                    f"({where}): not followed, so the login is not sent there"
                )
            if following in visited:
                raise LrsError(
                    f"the LRS at {lrs_url} sent a next-page link back to a page already "
                    "read: stopped, as it would never end"
                )
            visited.add(following)
            url = following
        else:
            raise _not_xapi(lrs_url, response)


def _request(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``client.request``, done within ``DEADLINE`` seconds and ``MAX_RESPONSE_BYTES``.

    The request runs in a thread of its own: httpx's timeouts are per read, so a server
    sending its headers a line a minute would never time out. When the deadline passes,
    the connection is closed and the thread is left to end with it.
    """
    import threading

    done: list[httpx.Response | BaseException] = []

    def run() -> None:
        try:
            done.append(_read(client, method, url, **kwargs))
        except BaseException as exc:  # handed to the caller's thread as it is
            done.append(exc)

    worker = threading.Thread(target=run, name="lrs-request", daemon=True)
    worker.start()
    worker.join(DEADLINE)
    if not done:
        client.close()
        raise LrsError(
            f"the LRS at {url} did not answer in time: it may be overloaded; try again "
            "later (what it acknowledged is kept)"
        )
    outcome = done[0]
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _read(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """The whole answer, at most ``MAX_RESPONSE_BYTES`` once decoded."""
    import httpx

    try:
        with client.stream(method, url, **kwargs) as response:
            body = bytearray()
            for chunk in response.iter_bytes():  # decoded: a small gzip cannot hide a flood
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise LrsError(
                        f"the LRS at {url} sent more than {MAX_RESPONSE_BYTES // 2**20} MB "
                        "in one answer: stopped reading; nothing more was counted as sent"
                    )
            # The headers as they came (bytes: a header that is not ASCII must not fail
            # here), less those that described the body as sent rather than as read.
            headers = [
                (name, value)
                for name, value in response.headers.raw
                if name.lower() not in (b"content-encoding", b"content-length")
            ]
            return httpx.Response(
                response.status_code, headers=headers, content=bytes(body), request=response.request
            )
    except httpx.TimeoutException:
        raise LrsError(
            f"the LRS at {url} did not answer in time: it may be overloaded; try again "
            "later (what it acknowledged is kept)"
        ) from None
    except httpx.ConnectError as exc:
        raise LrsError(
            f"cannot connect to the LRS at {url} ({exc}): check the address and that "
            "this machine can reach it"
        ) from None
    except httpx.HTTPError as exc:
        raise LrsError(
            f"the connection to the LRS at {url} broke off ({type(exc).__name__}: {exc}); "
            "try again (what it acknowledged is kept)"
        ) from None


def _origin(url: str) -> str:
    """Scheme, host and port of ``url``: what must stay the same from page to page
    ("" when ``url`` is no address at all, which matches no LRS)."""
    try:
        parts = urlsplit(url)
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return ""
    host = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port}"


def _check(response: httpx.Response, lrs_url: str) -> None:
    code = response.status_code
    if code < 300:
        return
    detail = _detail(response)
    said = f": {detail}" if detail else ""
    if code == 401:
        raise LrsError(
            f"the LRS at {lrs_url} refused the credentials (HTTP 401{said}): check the "
            "username and password in lrs.toml (or the environment variables)"
        )
    if code == 403:
        raise LrsError(
            f"the LRS at {lrs_url} accepted the credentials but does not allow this "
            f"(HTTP 403{said}): ask its administrator for a login that may write and "
            "read statements"
        )
    if 300 <= code < 400:
        where = one_line(response.headers.get("location", ""))[:200] or "nowhere"
        raise LrsError(
            f"the LRS at {lrs_url} redirects (HTTP {code}) to {where}: redirects are not "
            "followed, so the login is not sent elsewhere; use that address with --lrs "
            "(or url in lrs.toml) if it is the LRS"
        )
    if code == 413:
        raise LrsError(
            f"the LRS at {lrs_url} refused a batch as too large (HTTP 413{said}): send "
            "smaller batches, e.g. --batch 100 (what it acknowledged is kept)"
        )
    if code == 429:
        wait = one_line(response.headers.get("retry-after", ""))[:40]
        when = f"after {wait} seconds" if wait.isdigit() else "later"
        raise LrsError(
            f"the LRS at {lrs_url} asks to slow down (HTTP 429{said}): try again {when}; "
            "the next send resumes where this one stopped"
        )
    if code == 404:
        raise LrsError(
            f"no xAPI statements at {response.request.url} (HTTP {code}{said}): check the "
            "LRS address; it is the xAPI endpoint, such as https://lrs.school.example/xAPI/"
        )
    if code >= 500:
        raise LrsError(
            f"the LRS at {lrs_url} failed (HTTP {code}{said}); nothing was lost: try "
            "again later, and tell its administrator if it goes on"
        )
    raise LrsError(f"the LRS at {lrs_url} refused the request (HTTP {code}{said})")


def _json(response: httpx.Response, lrs_url: str) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):
        raise _not_xapi(lrs_url, response) from None


def _not_xapi(lrs_url: str, response: httpx.Response) -> LrsError:
    kind = one_line(response.headers.get("content-type", "no content type"))[:80]
    return LrsError(
        f"the LRS at {lrs_url} answered with something that is not xAPI (HTTP "
        f"{response.status_code}, {kind}): check that the address is the LRS's xAPI "
        "endpoint; nothing was counted as sent"
    )


def _detail(response: httpx.Response) -> str:
    """What an error answer says, short and on one line (never the whole body)."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        data = None
    text = data.get("detail") if isinstance(data, dict) else None
    if isinstance(text, list) and text and isinstance(text[0], dict):
        # FastAPI's validation errors (Ralph's 422): the first one, with where it is.
        first = text[0]
        where = ".".join(str(part) for part in first.get("loc", []) if part != "body")
        text = f"{where}: {first.get('msg', '')}" if where else str(first.get("msg", ""))
    if not isinstance(text, str):
        return ""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return printable[:_DETAIL_CHARS]
