"""Data folder resolution and profile names that cannot escape it."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from trainer.progress.location import ProfileNameError, resolve_data_dir, validate_profile_name
from trainer.progress.store import ProgressStore


def test_cli_value_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSAGE_TRAINER_DATA", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"


def test_environment_then_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MASSAGE_TRAINER_DATA", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("MASSAGE_TRAINER_DATA")
    expected = Path(platformdirs.user_data_dir("massage-trainer", appauthor=False))
    assert resolve_data_dir(None) == expected


@pytest.mark.parametrize("name", ["anna", "Åsa", "student_2", "night-class", "x" * 40])
def test_good_names(name: str) -> None:
    assert validate_profile_name(name) == name


@pytest.mark.parametrize(
    "name",
    ["", "..", ".", "../x", "a/../../b", "/etc/passwd", "C:\\x", "a b", ".hidden", "x" * 41,
     "-x", "a.lock", "nul", "COM1", "tab\there", "new\nline", "a\x1b[31m"],
)  # fmt: skip
def test_bad_names_refused_clearly(name: str) -> None:
    with pytest.raises(ProfileNameError, match=r"letters, digits|reserved|empty"):
        validate_profile_name(name)


def test_store_refuses_escaping_name_and_writes_nothing(data_dir: Path) -> None:
    with pytest.raises(ProfileNameError):
        ProgressStore.open(data_dir, "../outside")
    assert list(data_dir.iterdir()) == []
    assert not (data_dir.parent / "outside").exists()
