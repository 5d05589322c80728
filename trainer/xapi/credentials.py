"""Where an LRS is and how to log in: ``<data folder>/lrs.toml`` and the environment.

Credentials are never taken from the command line, where other users see them in the
process list and the shell keeps them in its history: not as an option, and not inside
the LRS's address (``https://user:pass@...`` is refused). They come from

1. ``MASSAGE_TRAINER_LRS_USERNAME`` and ``MASSAGE_TRAINER_LRS_PASSWORD`` (both), else
2. ``<data folder>/lrs.toml``, which only its owner may read (mode 0600): a file that the
   group or others may read or write is refused, and the message says how to fix it::

       username = "anna"
       password = "..."
       url = "https://lrs.school.example/xAPI/"   # optional: used when --lrs is left out
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file
from trainer.progress.location import LRS_FILE
from trainer.safe_parse import ParseError, parse_toml
from trainer.text import one_line, printable_path

CREDENTIALS_FILE = LRS_FILE
USERNAME_VARIABLE = "MASSAGE_TRAINER_LRS_USERNAME"
PASSWORD_VARIABLE = "MASSAGE_TRAINER_LRS_PASSWORD"
_LIMIT = 64 * 1024
_KEYS = ("username", "password", "url")


class CredentialsError(Exception):
    """The credentials or the LRS's address cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Credentials:
    """A login for HTTP basic authentication."""

    username: str
    password: str = field(repr=False)
    source: str = ""
    """Where they came from, in words (``lrs.toml`` or the environment)."""


@dataclass(frozen=True)
class LrsSettings:
    """What the data folder and the environment say about the LRS."""

    url: str | None
    """The LRS's address from ``lrs.toml`` (None: not given there)."""
    credentials: Credentials | None
    """None when neither the environment nor ``lrs.toml`` gives them."""


def read_lrs_settings(data_dir: Path, environ: Mapping[str, str] | None = None) -> LrsSettings:
    """The LRS's address and login from ``data_dir/lrs.toml`` and ``environ``.

    Raises:
        CredentialsError: ``lrs.toml`` may be read by others, cannot be read, or holds
            something else than the keys above; or only one of the two variables is set.
    """
    env = os.environ if environ is None else environ
    path = data_dir / CREDENTIALS_FILE
    values = _read_file(path)
    url = values.get("url")
    user, password = env.get(USERNAME_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user or password:
        if not (user and password):
            missing = PASSWORD_VARIABLE if user else USERNAME_VARIABLE
            raise CredentialsError(
                f"{missing} is not set: set both {USERNAME_VARIABLE} and {PASSWORD_VARIABLE}, "
                f"or neither (then {printable_path(path)} is read)"
            )
        return LrsSettings(url, Credentials(user, password, "the environment"))
    if "username" in values or "password" in values:
        if not (values.get("username") and values.get("password")):
            raise CredentialsError(
                f"{printable_path(path)} needs both username and password (or neither)"
            )
        credentials = Credentials(values["username"], values["password"], printable_path(path))
        return LrsSettings(url, credentials)
    return LrsSettings(url, None)


def _read_file(path: Path) -> dict[str, str]:
    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CredentialsError(f"cannot read {printable_path(path)}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CredentialsError(
            f"{printable_path(path)} is not a file: make it a text file with username and "
            "password (mode 600), or remove it"
        )
    if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        raise CredentialsError(
            f"{printable_path(path)} may be read by other users (mode "
            f"{stat.S_IMODE(info.st_mode):04o}), and it holds a password: it is not used. "
            f"Run `chmod 600 {printable_path(path)}` and change the password if others "
            "could have read it."
        )
    try:
        data = parse_toml(read_regular_file(path, _LIMIT).decode("utf-8"))
    except (OSError, NotRegularFile, FileTooLarge, UnicodeDecodeError, ParseError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CredentialsError(f"cannot read {printable_path(path)}: {why}") from None
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise CredentialsError(
            f"{printable_path(path)}: unknown key {unknown[0]!r} (it may hold only "
            f"{', '.join(_KEYS)})"
        )
    for key, value in data.items():
        if not isinstance(value, str):
            raise CredentialsError(f"{printable_path(path)}: {key} must be text in quotes")
    if ":" in data.get("username", ""):
        # HTTP basic authentication joins the two with ":": the LRS would read another name.
        raise CredentialsError(f"{printable_path(path)}: a username cannot hold ':'")
    return dict(data)


def normalise_lrs_url(text: str) -> str:
    """The LRS's xAPI endpoint as given, checked and in one spelling (what the send state
    is kept by): lower-case scheme and host, no trailing ``/``.

    ``https://lrs.school.example/xAPI/`` gives ``https://lrs.school.example/xAPI``; its
    statements are at ``.../xAPI/statements``.

    Raises:
        CredentialsError: not an http(s) address, or it holds a user name or password.
    """
    # Credentials are looked for before anything else, so that no message about a
    # malformed address ever repeats a password written into it.
    text = one_line(text)
    authority = text.split("://", 1)[-1].split("/", 1)[0]
    if "@" in authority:
        raise CredentialsError(
            "the LRS address holds a user name or password: leave them out of the address "
            f"and put them in {CREDENTIALS_FILE} in the data folder (mode 600), or in "
            f"{USERNAME_VARIABLE} and {PASSWORD_VARIABLE}"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise CredentialsError(f"the LRS address {text!r} is not valid: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise CredentialsError(
            f"the LRS address {text!r} is not an http(s) address such as "
            "https://lrs.school.example/xAPI/"
        )
    if parts.query or parts.fragment:
        raise CredentialsError(
            f"the LRS address {text!r} holds a query or fragment: give its xAPI endpoint, "
            "such as https://lrs.school.example/xAPI/"
        )
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))


def is_plain_remote(url: str) -> bool:
    """True for an ``http://`` address of another machine: a password sent there can be
    read by anyone on the way."""
    parts = urlsplit(url)
    return parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1")
