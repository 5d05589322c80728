"""Cleaning of untrusted instructor text.

Lesson and quiz files are written by instructors and handed around, so their text must
never drive the terminal: an escape sequence in a prompt could retitle the window or
worse. Control characters are removed when content is loaded, before any widget sees it.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 range (which some terminals
# honour as 8-bit escape introducers). A whole ESC sequence is removed first so its
# printable tail (e.g. "]0;title") does not linger as garbage text.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    # OSC / DCS / SOS / PM / APC strings end at BEL or ST; an unterminated one stops at
    # the end of its line so it cannot swallow the rest of a lesson.
    r"|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Return ``text`` without terminal escape sequences or control characters.

    Newlines and tabs are kept; ``\\r\\n`` line endings become ``\\n``.
    """
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


# Bidirectional overrides, embeddings and isolates: in a one-line field from someone
# else's file they can make a name read backwards, or hide which file is meant.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``clean_text`` for a field shown on one line (a name, a file name, a reason): runs
    of white space, newlines included, become one space, and bidirectional controls go,
    so the text can neither start a line of its own nor reorder the text around it."""
    return " ".join(_BIDI_CONTROL.sub("", clean_text(text)).split())


def has_control_characters(text: str) -> bool:
    """True when ``clean_text`` would change ``text`` (beyond CRLF line endings)."""
    return clean_text(text) != text.replace("\r\n", "\n")


def printable_path(path: object) -> str:
    """``path`` as text that any terminal encoding can print.

    A file name that is not valid UTF-8 reaches Python as lone surrogates, which a
    strict UTF-8 stdout refuses to encode; they are shown as ``\\xNN`` escapes instead.
    Control characters in a name are escaped the same way so they cannot drive the
    terminal.
    """
    text = str(path)
    if text.isprintable():
        return text
    raw = text.encode("utf-8", "surrogateescape")
    shown = raw.decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in shown)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``count`` and the noun that goes with it: "1 quiz", "2 quizzes", "0 lessons"."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
