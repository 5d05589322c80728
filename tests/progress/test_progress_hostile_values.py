"""Property tests: hostile values in any progress file we read never crash a reader.

Huge integers, deep nesting, non-finite floats and odd dates go into ``profile.toml``, a
history file and an import (TOML and JSON); the store opens (moving aside what it cannot
use, with a notice) and an import is refused with a message. Nothing else may escape.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from progress_helpers import fill

from trainer.progress.errors import ProgressError
from trainer.progress.store import ProgressStore
from trainer.progress.transfer import export_record, import_record, record_to_toml

HOSTILE = st.sampled_from(
    [
        "9" * 5000,
        "-" + "1" * 4301,
        "[" * 20_000 + "]" * 20_000,
        "{ a = " * 5000 + "1" + " }" * 5000,
        "inf",
        "-inf",
        "nan",
        "1e309",
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01",
        "23:59:59",
        "1979-05-27T07:32:00",
        '"' + "x" * 10_000 + '"',
        "-0.0",
        "0",
        "true",
    ]
)
"""TOML values that parse badly, or parse into things the models must refuse."""

KEYS_IN_SUMMARY = ["answers", "offset", "seen", "stability", "created_at", "last_answered"]
KEYS_IN_HISTORY = ["seconds", "answered_at", "stability", "due", "fraction", "score"]

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _profile_with_everything(root: Path) -> Path:
    data_dir = root / "data"
    with ProgressStore.open(data_dir, "anna") as store:
        attempt = fill(store, 2, finish=False)
        store.record_answer(
            attempt,
            "q9",
            "x",
            True,
            1.0,
            card={
                "card_id": 3,
                "state": 2,
                "stability": 3.0,
                "difficulty": 5.0,
                "due": datetime(2030, 1, 1, tzinfo=UTC),
            },
        )
        store.finish_attempt(attempt, 80.0, True)
        store.record_lesson_progress("intro", 0.5)
    return data_dir


def _replace_value(text: str, key: str, value: str) -> str:
    """``text`` with the first ``key = ...`` (whole line, or inside an inline table) set."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith(f"{key} = "):
            lines[i] = f"{line[: len(line) - len(stripped)]}{key} = {value}\n"
            return "".join(lines)
        marker = f" {key} = "
        if marker in line and "{" in line:
            head, rest = line.split(marker, 1)
            tail = rest[rest.index(",") :] if "," in rest else rest[rest.index(" }") :]
            lines[i] = f"{head}{marker}{value}{tail}"
            return "".join(lines)
    raise AssertionError(f"no {key} in the file")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _profile_with_everything(tmp_path_factory.mktemp("template"))


@SETTINGS
@given(key=st.sampled_from(KEYS_IN_SUMMARY), value=HOSTILE)
def test_a_hostile_summary_value_is_moved_aside_never_a_crash(
    template: Path, tmp_path_factory: pytest.TempPathFactory, key: str, value: str
) -> None:
    data_dir = tmp_path_factory.mktemp("case") / "data"
    shutil.copytree(template, data_dir)
    summary = data_dir / "profiles" / "anna" / "profile.toml"
    summary.write_text(_replace_value(summary.read_text(), key, value))
    with ProgressStore.open(data_dir, "anna") as store:
        if store.notices:
            # Refused (moved aside, recounted, or a card dropped): the history is whole,
            # so every answer is still counted.
            assert store.summary.answers == 3
        export_record(store)


@SETTINGS
@given(key=st.sampled_from(KEYS_IN_HISTORY), value=HOSTILE)
def test_a_hostile_history_value_is_set_aside_never_a_crash(
    template: Path, tmp_path_factory: pytest.TempPathFactory, key: str, value: str
) -> None:
    data_dir = tmp_path_factory.mktemp("case") / "data"
    shutil.copytree(template, data_dir)
    (data_dir / "profiles" / "anna" / "profile.toml").unlink()  # read the history whole
    [path] = (data_dir / "profiles" / "anna" / "history").glob("*.toml")
    path.write_text(_replace_value(path.read_text(), key, value))
    with ProgressStore.open(data_dir, "anna") as store:
        assert 2 <= store.summary.answers <= 3
        for state in store.summary.questions.values():
            assert state.card is None or state.card["stability"] > 0
        export_record(store)


@SETTINGS
@given(key=st.sampled_from(KEYS_IN_HISTORY[:4]), value=HOSTILE, as_json=st.booleans())
def test_a_hostile_import_is_refused_with_a_message(
    template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    key: str,
    value: str,
    as_json: bool,
) -> None:
    root = tmp_path_factory.mktemp("case")
    with ProgressStore.open(template, "anna") as store:
        text = record_to_toml(export_record(store).record)
    text = _replace_value(text, key, value)
    path = root / "record.toml"
    path.write_text(text)
    if as_json:
        # The same value in JSON, where it can be written there at all.
        try:
            doc = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, ValueError, RecursionError):
            return
        path = root / "record.json"
        path.write_text(json.dumps(doc, default=str))
    try:
        result = import_record(root / "data", "anna", path)
    except ProgressError as exc:
        assert str(exc)
    else:
        assert result.answers == 3
        with ProgressStore.open(root / "data", "anna") as store:
            assert store.summary.answers == 3


@SETTINGS
@given(key=st.sampled_from(["theme", "other", "keymap.quit"]), value=HOSTILE)
def test_a_hostile_settings_value_never_crashes_loading_or_saving(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: str
) -> None:
    from trainer.progress.settings import Settings, load_settings, save_settings

    data_dir = tmp_path_factory.mktemp("settings")
    (data_dir / "settings.toml").write_text(f'theme = "nord"\n{key} = {value}\n')
    settings, notice = load_settings(data_dir)
    assert isinstance(settings, Settings)
    assert notice is None or "settings" in notice
    save_settings(data_dir, Settings(theme="textual-dark"))
    assert load_settings(data_dir)[0].theme == "textual-dark"
