"""settings.toml: saving keeps what it does not change; reading never hangs or crashes."""

from __future__ import annotations

import contextlib
import os
import threading
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from trainer.progress.settings import (
    MAX_SETTINGS_BYTES,
    Settings,
    load_settings,
    save_settings,
)

LATER_KEYS = """\
font_scale = 1.25
last_opened = 2026-11-02T09:30:00Z
recent = ["effleurage", "petrissage"]

[reader]
outline = "left"
wrap = 72
"""


def test_choosing_a_theme_keeps_every_other_key(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    path.write_text('theme = "textual-dark"\n' + LATER_KEYS)
    save_settings(data_dir, Settings(theme="high-contrast"))
    saved = tomllib.loads(path.read_text())
    assert saved == {**tomllib.loads(LATER_KEYS), "theme": "high-contrast"}
    assert isinstance(saved["last_opened"], datetime)
    assert load_settings(data_dir) == (Settings(theme="high-contrast"), None)


def test_following_the_terminal_again_removes_only_the_theme(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    path.write_text('theme = "textual-dark"\n' + LATER_KEYS)
    save_settings(data_dir, Settings(theme=None))
    assert tomllib.loads(path.read_text()) == tomllib.loads(LATER_KEYS)


def test_a_file_that_cannot_be_read_is_moved_aside_before_a_save(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    path.write_text("theme = [\n")
    save_settings(data_dir, Settings(theme="high-contrast"))
    assert tomllib.loads(path.read_text()) == {"theme": "high-contrast"}
    (aside,) = data_dir.glob("settings.toml.corrupt-*")
    assert aside.read_text() == "theme = [\n"


@pytest.mark.parametrize(
    "content",
    [
        b"theme = " + b"7" * 5000 + b"\n",  # past Python's int-string limit: ValueError
        b"theme = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",  # RecursionError
        b"theme = [\n",
        b"\xff\xfe",
    ],
    ids=["huge-number", "deep-nesting", "bad-syntax", "not-utf8"],
)
def test_a_damaged_file_is_moved_aside_and_the_defaults_used(data_dir: Path, content: bytes):
    path = data_dir / "settings.toml"
    path.write_bytes(content)
    settings, notice = load_settings(data_dir)
    assert settings == Settings()
    assert notice is not None and "moved to" in notice
    assert not path.exists()
    assert len(list(data_dir.glob("settings.toml.corrupt-*"))) == 1


def test_a_value_of_the_wrong_kind_is_left_out_and_the_file_kept(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    path.write_bytes(b"theme = 7\nmax_reviews_per_day = 40\n")  # TOML, one wrong value
    settings, notice = load_settings(data_dir)
    assert settings == Settings(max_reviews_per_day=40)
    assert notice is not None and "theme" in notice and "left out" in notice
    assert path.exists() and not list(data_dir.glob("settings.toml.corrupt-*"))


def test_a_file_over_one_megabyte_is_moved_aside_unread(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    text = 'theme = "high-contrast"\n'
    path.write_text(text + "#" * (MAX_SETTINGS_BYTES - len(text) - 1) + "\n")
    assert load_settings(data_dir) == (Settings(theme="high-contrast"), None)  # 1 MB: read
    with path.open("a") as handle:
        handle.write("\n")  # one byte over
    settings, notice = load_settings(data_dir)
    assert settings == Settings()
    assert notice is not None and "moved to" in notice
    assert not path.exists()


def _finishes(call, timeout: float = 5.0) -> tuple[bool, list[object]]:
    """Run ``call`` in a thread: whether it finished within ``timeout``, and its outcome."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    return not thread.is_alive(), outcome


def test_a_named_pipe_is_neither_waited_on_nor_replaced(data_dir: Path) -> None:
    path = data_dir / "settings.toml"
    os.mkfifo(path)
    try:
        finished, outcome = _finishes(lambda: load_settings(data_dir))
        assert finished, "reading settings.toml waited for a writer to the pipe"
        assert outcome == [
            (Settings(), "The settings file is not a regular file; using the defaults.")
        ]
        finished, outcome = _finishes(lambda: save_settings(data_dir, Settings(theme="x")))
        assert finished
        assert isinstance(outcome[0], OSError)
        assert path.is_fifo()
    finally:
        # Let a reader that did block see the end of the pipe, so its thread ends.
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
