"""Failures an adversarial run found in the store: each lost or hid a student's answers."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from progress_helpers import fill, history_answers

from trainer.progress.errors import AttemptNotOpen, RecordFileError
from trainer.progress.store import ProgressStore
from trainer.progress.swap import intent_path, remove_stale_temporaries
from trainer.progress.transfer import export_record, import_record

GOOD_CARD = (
    "{ card_id = 7, state = 2, step = 0, stability = 3.5, difficulty = 5.0, "
    "due = 2030-01-01T00:00:00Z }"
)


def _profile(data_dir: Path, name: str = "anna") -> Path:
    return data_dir / "profiles" / name


def _month_files(data_dir: Path, name: str = "anna") -> list[Path]:
    return sorted((_profile(data_dir, name) / "history").glob("*.toml"))


def _corrupt_files(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if ".corrupt-" in p.name]


def _record_file(tmp_path: Path, answers: int, *, card: str = GOOD_CARD) -> Path:
    """A record of ``answers`` answers in one finished attempt, as TOML."""
    lines = [
        "schema_version = 2",
        "[profile]",
        'name = "someone"',
        "created_at = 2026-01-01T00:00:00Z",
        "[[attempts]]",
        'attempt = "a1"',
        'quiz = "quiz"',
        'mode = "practice"',
        "started_at = 2026-01-02T00:00:00Z",
        'outcome = "finished"',
        "score = 50.0",
        "passed = false",
        "ended_at = 2026-01-02T01:00:00Z",
    ]
    for i in range(answers):
        lines += [
            "[[attempts.answers]]",
            f'question = "quiz/q{i}"',
            f'answer = "imported {i}"',
            "correct = true",
            "seconds = 2.0",
            f"card = {card}",
            f"answered_at = 2026-01-02T00:{i % 60:02d}:00Z",
        ]
    path = tmp_path / "record.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


# --- 1. a second window after an import or reset elsewhere -------------------------------


def test_an_import_elsewhere_is_taken_up_by_the_open_window_without_repairing(
    data_dir: Path, tmp_path: Path
) -> None:
    window = ProgressStore.open(data_dir, "anna")
    fill(window, 8, finish=False)
    result = import_record(data_dir, "anna", _record_file(tmp_path, 20))
    assert result.backup is not None
    # The window's next saves must not read the new files from its old offset.
    attempt = window.start_attempt("quiz", "practice", ["q0"])
    window.record_answer(attempt, "quiz/q0", "after import", True, 1.0)
    window.close()
    assert not _corrupt_files(data_dir)
    answers = history_answers(data_dir, "anna")
    assert [a["answer"] for a in answers].count("after import") == 1
    assert sum(a["answer"].startswith("imported") for a in answers) == 20
    assert any("replaced outside this window" in notice for notice in window.notices)
    for path in _month_files(data_dir):
        tomllib.loads(path.read_text())  # every file still parses whole
    # The window's own earlier answers are in the folder the import kept.
    backed_up = sorted((result.backup / "history").glob("*.toml"))
    assert sum(len(tomllib.loads(p.read_text())["answers"]) for p in backed_up) == 8


def test_an_answer_to_an_attempt_the_import_removed_is_refused_by_name(
    data_dir: Path, tmp_path: Path
) -> None:
    window = ProgressStore.open(data_dir, "anna")
    attempt = fill(window, 2, finish=False)
    import_record(data_dir, "anna", _record_file(tmp_path, 3))
    with pytest.raises(AttemptNotOpen, match="closed elsewhere"):
        window.record_answer(attempt, "q9", "x", True, 1.0)
    window.close()
    assert len(history_answers(data_dir, "anna")) == 3
    assert not _corrupt_files(data_dir)


def test_a_history_file_rewritten_by_another_window_is_recounted(data_dir: Path) -> None:
    window = ProgressStore.open(data_dir, "anna")
    fill(window, 3)
    [path] = _month_files(data_dir)
    # Another copy set a torn tail aside: same entries, a new file (inode), same size.
    copy = path.with_name("copy")
    copy.write_bytes(path.read_bytes())
    os.replace(copy, path)
    fill(window, 2)
    window.close()
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 5
    assert not _corrupt_files(data_dir)


# --- 2. a summary mark in the middle of an entry -----------------------------------------


def test_a_mark_inside_an_entry_is_distrusted_and_the_history_left_alone(
    data_dir: Path,
) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 5)
    [path] = _month_files(data_dir)
    before = path.read_bytes()
    summary = _profile(data_dir) / "profile.toml"
    inside = before.index(b"correct = ", before.index(b"[[answers]]"))
    text = re.sub(r"offset = \d+", f"offset = {inside}", summary.read_text())
    summary.write_text(text)
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 5
        assert any("did not match your answer history" in n for n in store.notices)
    assert path.read_bytes() == before
    assert not _corrupt_files(data_dir)


# --- 3. an import killed inside the folder swap ------------------------------------------


def _half_swapped(data_dir: Path, tmp_path: Path, *, staging_kept: bool) -> Path:
    """The folders as a SIGKILL between the swap's two renames leaves them."""
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 4)
    profiles = data_dir / "profiles"
    staging = profiles / ".anna.import-99999999-abcd"
    staging.mkdir()
    import_record(data_dir, "staged", _record_file(tmp_path, 6))
    os.replace(profiles / "staged", staging)
    backup = data_dir / "backups" / "anna.replaced-20260101T000000Z"
    backup.parent.mkdir(exist_ok=True)
    intent_path(_profile(data_dir)).write_text(
        f'replacement = "{staging.name}"\nbackup = "{backup.name}"\n'
    )
    os.replace(_profile(data_dir), backup)
    if not staging_kept:
        shutil.rmtree(staging)
    return backup


def test_an_import_killed_between_the_two_renames_is_completed_at_the_next_open(
    data_dir: Path, tmp_path: Path
) -> None:
    _half_swapped(data_dir, tmp_path, staging_kept=True)
    assert not _profile(data_dir).exists()
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 6
        assert any("interrupted; it has now been completed" in n for n in store.notices)
    assert not intent_path(_profile(data_dir)).exists()


def test_a_swap_whose_new_folder_is_gone_is_rolled_back(data_dir: Path, tmp_path: Path) -> None:
    backup = _half_swapped(data_dir, tmp_path, staging_kept=False)
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 4
        assert any("put back as it was" in n for n in store.notices)
    assert not backup.exists()


def test_profiles_lists_a_profile_whose_import_was_interrupted(
    data_dir: Path, tmp_path: Path
) -> None:
    _half_swapped(data_dir, tmp_path, staging_kept=True)
    from trainer.progress.profiles import list_profiles

    [info] = [p for p in list_profiles(data_dir) if p.name == "anna"]
    assert info.answers == 6


# --- 4. and 9. cards an import must refuse -----------------------------------------------


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        ("{ card_id = 1, state = 2, due = 2030-01-01T00:00:00Z, x = { y = 1 } }", "unknown key"),
        ("{ card_id = 1, state = 2, stability = 0.0, due = 2030-01-01T00:00:00Z }", "stability"),
        ("{ card_id = 1, state = 2, stability = inf, due = 2030-01-01T00:00:00Z }", "stability"),
        ("{ card_id = 1, state = 2, stability = nan, due = 2030-01-01T00:00:00Z }", "stability"),
        ("{ card_id = 1, state = 2, stability = -3.0, due = 2030-01-01T00:00:00Z }", "stability"),
        ("{ card_id = 1, state = 2, difficulty = 11.0, due = 2030-01-01T00:00:00Z }", "difficulty"),
        ("{ card_id = 1, state = 7, due = 2030-01-01T00:00:00Z }", "state"),
        ("{ card_id = 1, state = 2, due = 9999-12-31T23:00:00-05:00 }", "due"),
    ],
)
def test_an_import_with_a_card_fsrs_cannot_use_is_refused_before_writing(
    data_dir: Path, tmp_path: Path, card: str, reason: str
) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    before = sorted(p.name for p in data_dir.rglob("*"))
    with pytest.raises(RecordFileError, match=reason) as caught:
        import_record(data_dir, "anna", _record_file(tmp_path, 2, card=card))
    assert re.search(r"record\.toml:\d+: ", str(caught.value))
    assert sorted(p.name for p in data_dir.rglob("*")) == before


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("seconds", "inf"),
        ("seconds", "nan"),
        ("seconds", "1e300"),
        ("answered_at", "0001-01-01T00:00:00+05:00"),
        ("answered_at", "9999-12-31T23:59:59-05:00"),
    ],
)
def test_an_import_with_a_number_or_date_out_of_range_is_refused(
    data_dir: Path, tmp_path: Path, key: str, value: str
) -> None:
    path = _record_file(tmp_path, 1)
    text = re.sub(rf"^{key} = .*$", f"{key} = {value}", path.read_text(), flags=re.MULTILINE)
    path.write_text(text)
    with pytest.raises(RecordFileError, match=key):
        import_record(data_dir, "anna", path)
    assert not (data_dir / "profiles" / "anna").exists()


def test_a_json_import_with_huge_numbers_or_deep_nesting_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "record.json"
    path.write_text('{"schema_version": ' + "9" * 5000 + "}")
    with pytest.raises(RecordFileError, match="number too large"):
        import_record(data_dir, "anna", path)
    path.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(RecordFileError, match="nested too deeply"):
        import_record(data_dir, "anna", path)


@pytest.mark.parametrize("stability", ["0.0", "inf", "-1.0", "nan"])
def test_a_bad_card_in_our_own_files_is_reset_with_a_notice_and_never_crashes(
    data_dir: Path, stability: str
) -> None:
    from trainer.mastery.scheduling import schedule

    with ProgressStore.open(data_dir, "anna") as store:
        attempt = store.start_attempt("quiz", "practice", ["q0"])
        card = {"card_id": 1, "state": 2, "stability": 3.0, "difficulty": 5.0}
        store.record_answer(
            attempt,
            "quiz/q0",
            "a",
            True,
            1.0,
            card=card | {"due": datetime(2030, 1, 1, tzinfo=UTC)},
        )
    # A hand edit (or an old bug) put an unusable card in the summary and the history.
    summary = _profile(data_dir) / "profile.toml"
    for path in [summary, *_month_files(data_dir)]:
        text = path.read_text()
        assert "stability = 3.0" in text
        path.write_text(text.replace("stability = 3.0", f"stability = {stability}"))
    with ProgressStore.open(data_dir, "anna") as store:
        assert any("start a new schedule" in notice for notice in store.notices)
        state = store.question_state("quiz/q0")
        assert state.seen == 1 and state.card is None
        new = schedule(state.card, "quiz/q0", correct=True, seconds=2, now=datetime.now(UTC))
        assert new["stability"] > 0
    assert len(history_answers(data_dir, "anna")) == 1


def test_schedule_survives_a_card_handed_to_it_directly() -> None:
    from trainer.mastery.scheduling import retrievability, schedule

    now = datetime(2026, 3, 1, tzinfo=UTC)
    for bad in (
        {"card_id": 1, "state": 2, "stability": 0.0, "difficulty": 5.0, "due": now},
        {"card_id": 1, "state": 2, "stability": float("nan"), "difficulty": 5.0, "due": now},
        {"card_id": 1, "state": 2, "stability": 3.0, "difficulty": 5.0, "due": "x"},
    ):
        assert schedule(bad, "k", correct=False, seconds=1, now=now)["state"] in (1, 2, 3)
        assert retrievability(bad, now) == 0.0


# --- 5. a summary cut at a line end ------------------------------------------------------


def test_a_summary_cut_exactly_at_a_line_end_is_rebuilt_from_the_history(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        attempt = store.start_attempt("quiz", "practice", ["q0", "q1", "q2"])
        for i in range(3):
            card = {
                "card_id": i + 1,
                "state": 2,
                "stability": 3.0,
                "difficulty": 5.0,
                "due": datetime(2030, 1, 1, tzinfo=UTC),
            }
            store.record_answer(attempt, f"quiz/q{i}", "a", True, 1.0, card=card)
        store.finish_attempt(attempt, 100.0, True)
    summary = _profile(data_dir) / "profile.toml"
    text = summary.read_bytes()
    cut = text.index(b"\n", text.index(b'[questions."quiz/q0"]')) + 1
    summary.write_bytes(text[:cut])
    tomllib.loads(text[:cut].decode())  # it still parses: only the end line tells
    with ProgressStore.open(data_dir, "anna") as store:
        cards = [store.question_state(f"quiz/q{i}").card for i in range(3)]
        assert all(card is not None for card in cards)
        assert any("cut short" in notice for notice in store.notices)
    [aside] = _profile(data_dir).glob("profile.toml.corrupt-*")
    assert aside.read_bytes() == text[:cut]


def test_a_version_2_summary_without_the_end_line_is_read_and_rewritten(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 3)
    summary = _profile(data_dir) / "profile.toml"
    old = summary.read_text().replace("schema_version = 4", "schema_version = 2")
    summary.write_text(old.removesuffix("# end of profile.toml\n"))
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 3
        assert not store.notices
    assert summary.read_text().startswith("#")
    assert "schema_version = 4" in summary.read_text()
    assert summary.read_text().endswith("# end of profile.toml\n")


# --- 6. export never drops an entry silently; reset names the complete copy --------------


def _five_attempts_with_the_third_answer_damaged(data_dir: Path) -> Path:
    with ProgressStore.open(data_dir, "anna") as store:
        for i in range(5):
            attempt = store.start_attempt("quiz", "practice", ["q"])
            store.record_answer(attempt, "q", f"a{i}", True, 1.0)
            store.finish_attempt(attempt, 100.0, True)
    return _damage_third_answer(data_dir)


def _damage_third_answer(data_dir: Path) -> Path:
    [path] = _month_files(data_dir)
    text = path.read_text()
    third = [m.start() for m in re.finditer(r"\[\[answers\]\]", text)][2]
    at = text.index("correct = ", third)
    # Same length: the summary's mark still fits, so only a full read meets the damage.
    path.write_text(text[:at] + "correct = tru " + text[at + len("correct = true") :])
    return path


def test_export_reports_each_entry_it_could_not_read_and_fails(
    data_dir: Path, tmp_path: Path
) -> None:
    path = _five_attempts_with_the_third_answer_damaged(data_dir)
    with ProgressStore.open(data_dir, "anna") as store:
        exported = export_record(store)
    assert len(exported.record.answers()) == 4
    [skipped] = exported.skipped
    assert re.fullmatch(rf"{re.escape(str(path))}:\d+: .*", skipped)
    out = tmp_path / "out.toml"
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "records", "export", "--data-dir", str(data_dir),
         "--profile", "anna", "--format", "toml", "-o", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 1
    assert f"{path}:" in run.stderr and "left out" in run.stderr
    assert out.exists()  # what could be read is still written


def test_reset_names_the_complete_copy_and_its_undo_restores_every_byte(
    data_dir: Path,
) -> None:
    path = _five_attempts_with_the_third_answer_damaged(data_dir)
    damaged = path.read_bytes()
    run = subprocess.run(
        [sys.executable, "-m", "trainer", "reset", "--yes", "--data-dir", str(data_dir),
         "--profile", "anna"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    [replaced] = (data_dir / "backups").glob("anna.replaced-*")
    assert str(replaced) in run.stdout
    assert "not in the record file" in run.stdout
    [undo] = [line for line in run.stdout.splitlines() if line.startswith("To undo: ")]
    words = shlex.split(undo.removeprefix("To undo: "))
    assert words[-1] == str(replaced)
    again = subprocess.run(
        [sys.executable, "-m", "trainer", *words[1:]], capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert _month_files(data_dir)[0].read_bytes() == damaged


def test_import_of_a_folder_that_is_not_a_profile_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(RecordFileError, match="not a profile folder"):
        import_record(data_dir, "anna", tmp_path)


# --- 11. closing never raises ------------------------------------------------------------


def test_close_on_a_folder_that_turned_read_only_keeps_every_answer(tmp_path: Path) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    if not _mount_tmpfs(mount):
        _skip_or_fail("needs root to mount a small tmpfs")
    try:
        data_dir = mount / "data"
        store = ProgressStore.open(data_dir, "anna")
        store.CHECKPOINT_EVERY = 1000
        attempt = store.start_attempt("quiz", "practice", ["q0", "q1"])
        store.record_answer(attempt, "q0", "a", True, 1.0)
        store.record_answer(attempt, "q1", "b", True, 1.0)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        store.close()  # must not raise
        assert any("Nothing is lost" in notice for notice in store.notices)
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], check=True)
        with ProgressStore.open(data_dir, "anna") as again:
            assert again.summary.answers == 2
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _mount_tmpfs(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run this test")
    pytest.skip(reason)


# --- leftovers of killed writers ---------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporaries_of_killed_writers_are_removed_and_live_ones_kept(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
    dead, alive = _dead_pid(), os.getpid()
    profiles, folder = data_dir / "profiles", _profile(data_dir)
    backups = data_dir / "backups"
    backups.mkdir()
    leftovers = [
        folder / f".profile.toml.tmp-{dead}-0a1b2c3d",
        folder / "history" / f".2026-01.toml.tmp-{dead}-0a1b2c3d",
        backups / f".reset-{dead}-0a1b2c3d.toml",
        data_dir / f".settings.toml.tmp-{dead}-0a1b2c3d",
    ]
    for path in leftovers:
        path.write_text("x")
    (profiles / f".anna.import-{dead}-0a1b2c3d" / "history").mkdir(parents=True)
    live = folder / f".profile.toml.tmp-{alive}-0a1b2c3d"
    live.write_text("x")
    mine = folder / "notes.txt"  # not ours: never touched
    mine.write_text("x")
    with ProgressStore.open(data_dir, "anna"):
        pass
    assert not any(path.exists() for path in leftovers)
    assert not (profiles / f".anna.import-{dead}-0a1b2c3d").exists()
    assert live.exists() and mine.exists()
    assert remove_stale_temporaries(folder) == 0


# --- found by an adversarial review of the fixes above ------------------------------------


def test_a_card_number_too_large_for_a_float_is_dropped_not_a_crash(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
    [path] = _month_files(data_dir)
    huge = "1" + "0" * 309  # fits Python's int limits, overflows float()
    path.write_text(
        path.read_text()
        + "\n[[answers]]\n"
        + 'attempt = "x"\nquestion = "q9"\nanswer = "a"\ncorrect = true\nseconds = 1.0\n'
        + f"card = {{ card_id = {huge}, state = 2, stability = 3.0, difficulty = 5.0, "
        + "due = 2030-01-01T00:00:00Z }\nanswered_at = 2026-01-01T00:00:00Z\n"
    )
    (_profile(data_dir) / "profile.toml").unlink()
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.question_state("q9").seen == 1
        assert store.question_state("q9").card is None
        assert any("start a new schedule" in notice for notice in store.notices)


def test_a_reviewed_card_without_stability_is_refused_on_import(
    data_dir: Path, tmp_path: Path
) -> None:
    card = "{ card_id = 5, state = 2, due = 2030-01-01T00:00:00Z }"
    with pytest.raises(RecordFileError, match="missing 'stability'"):
        import_record(data_dir, "anna", _record_file(tmp_path, 1, card=card))


@pytest.mark.parametrize(
    "intent",
    [
        'replacement = ""\nbackup = "x"\n',
        'replacement = "../bob"\nbackup = "anna.replaced-20260101T000000Z"\n',
        'replacement = "bob"\nbackup = "anna.replaced-20260101T000000Z"\n',
        'replacement = ".anna.import-1-ab"\nbackup = ".."\n',
        "replacement = { a = 1 }\n",
    ],
)
def test_a_swap_intent_naming_anything_but_our_own_folders_is_ignored(
    data_dir: Path, intent: str
) -> None:
    with ProgressStore.open(data_dir, "bob") as store:
        fill(store, 2)
    intent_path(_profile(data_dir)).write_text(intent)
    # anna's folder is missing, as after a kill: nothing of bob's may take its place.
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 0
    assert not intent_path(_profile(data_dir)).exists()
    with ProgressStore.open(data_dir, "bob") as store:
        assert store.summary.answers == 2


def test_opening_one_profile_keeps_another_profile_s_interrupted_swap(
    data_dir: Path, tmp_path: Path
) -> None:
    _half_swapped(data_dir, tmp_path, staging_kept=True)  # anna's import was killed
    with ProgressStore.open(data_dir, "bob"):
        pass  # its open cleans up temporaries of dead writers, but not anna's staging
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 6
        assert any("has now been completed" in n for n in store.notices)


def test_export_names_every_entry_it_lost_even_if_the_open_set_it_aside(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import main

    with ProgressStore.open(data_dir, "anna") as store:
        for i in range(5):
            attempt = store.start_attempt("quiz", "practice", ["q"])
            store.record_answer(attempt, "q", f"ans{i}", True, 1.0)
            store.finish_attempt(attempt, 100.0, True)
    [path] = _month_files(data_dir)
    # Two adjacent damaged entries, and a change of length: the open sets them aside.
    text = path.read_text().replace('answer = "ans1"', "answer = 12345")
    text = text.replace('answer = "ans2"', "answer = 123456")
    path.write_text(text)
    out = tmp_path / "out.json"
    options = ["--data-dir", str(data_dir), "--profile", "anna", "-o", str(out)]
    assert main(["records", "export", *options]) == 1
    err = capsys.readouterr().err
    lost = [line for line in err.splitlines() if "left out of the export" in line]
    assert len(lost) == 2, err
    assert all(f"{path}:" in line and "moved to" in line for line in lost)


def test_export_refuses_while_another_copy_holds_the_profile(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import main

    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    holder = ProgressStore.open(data_dir, "anna")
    with holder._lock:
        assert main(["records", "export", "--data-dir", str(data_dir), "--profile", "anna"]) == 1
    holder.close()
    assert "in use" in capsys.readouterr().err


def test_a_read_only_window_counts_entries_past_damage_once(data_dir: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
    writer = ProgressStore.open(data_dir, "anna")
    holder = ProgressStore.open(data_dir, "anna")
    with holder._lock:
        reader = ProgressStore.open(data_dir, "anna", wait=0.05)
    assert reader.read_only
    holder.close()
    [path] = _month_files(data_dir)
    path.write_bytes(path.read_bytes() + b"\n[[answers]]\nbroken = \n")
    fill(writer, 2)  # two more answers after the damage (the writer repairs it)
    counts = []
    for _ in range(3):
        reader.refresh()
        counts.append(reader.summary.answers)
    assert counts[0] == counts[1] == counts[2]
    writer.close()


def test_import_of_a_kept_folder_refuses_links_and_pipes(data_dir: Path, tmp_path: Path) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
    kept = tmp_path / "kept"
    shutil.copytree(_profile(data_dir), kept)
    os.mkfifo(kept / "history" / "2020-01.toml")
    with pytest.raises(RecordFileError, match="not a regular file"):
        import_record(data_dir, "bob", kept)
    (kept / "history" / "2020-01.toml").unlink()
    (kept / "history" / "2020-02.toml").symlink_to("/etc/hostname")
    with pytest.raises(RecordFileError, match="not a regular file"):
        import_record(data_dir, "bob", kept)


def test_an_import_whose_attempt_ends_before_it_starts_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    path = _record_file(tmp_path, 1)
    path.write_text(
        path.read_text().replace(
            "ended_at = 2026-01-02T01:00:00Z", "ended_at = 2025-12-30T00:00:00Z"
        )
    )
    with pytest.raises(RecordFileError, match="ended_at is before started_at"):
        import_record(data_dir, "anna", path)


def test_an_import_writes_its_new_folder_before_taking_the_profile_lock(
    data_dir: Path, tmp_path: Path
) -> None:
    # A large import must not keep other copies of the app from saving: only the swap
    # itself happens under the lock.
    from trainer.progress import transfer

    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 1)
    held_while_filling = []
    real_fill = transfer.write_profile_folder

    def watching_fill(*args, **kwargs):  # type: ignore[no-untyped-def]
        other = ProgressStore.open(data_dir, "anna", wait=0.05)
        held_while_filling.append(other.read_only)
        other.close()
        return real_fill(*args, **kwargs)

    transfer.write_profile_folder = watching_fill
    try:
        import_record(data_dir, "anna", _record_file(tmp_path, 3))
    finally:
        transfer.write_profile_folder = real_fill
    assert held_while_filling == [False]


@pytest.mark.parametrize("where", ["an earlier entry boundary", "the start of the file"])
def test_a_mark_moved_to_another_boundary_is_caught_not_counted_twice(
    data_dir: Path, where: str
) -> None:
    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 4)
    [path] = _month_files(data_dir)
    data = path.read_bytes()
    summary = _profile(data_dir) / "profile.toml"
    offset = data.index(b"\n[[answers]]") + 1 if where.startswith("an") else 0
    summary.write_text(re.sub(r"offset = \d+", f"offset = {offset}", summary.read_text()))
    with ProgressStore.open(data_dir, "anna") as store:
        assert store.summary.answers == 4  # not 4 plus the ones after the moved mark
        assert any("did not match your answer history" in n for n in store.notices)
    assert path.read_bytes() == data


def test_the_mark_remembers_the_bytes_before_it(data_dir: Path) -> None:
    from trainer.progress.history_files import tail_of

    with ProgressStore.open(data_dir, "anna") as store:
        fill(store, 2)
        mark = store.summary.journal
    [path] = _month_files(data_dir)
    assert mark.tail == tail_of(path, mark.offset) and mark.offset == path.stat().st_size
    assert "tail = " in (_profile(data_dir) / "profile.toml").read_text()
