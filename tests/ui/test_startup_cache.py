"""The start-up snapshot: a quick first frame that is the same as a full start's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual._compositor import LayoutUpdate

from tests.ui.helpers import ROOT, screen_text, write, write_course
from trainer.progress.store import ProgressStore
from trainer.ui.launch import build_app
from trainer.ui.startup.cache import (
    CACHE_FORMAT,
    StartupCache,
    cache_path,
    course_stamp,
    read_cache,
    write_cache,
)
from trainer.ui.startup.plan import SessionPlan

QUIZ = """
[[questions]]
id = "q1"
type = "single"
prompt = "Pick A."
correct = "A"
wrong = ["B"]
"""


def capture_first_frame(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Record the text of the first full frame the app draws (into the returned list)."""
    frames: list[str] = []
    display = app._display

    def recording(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if isinstance(renderable, LayoutUpdate) and not frames:
            frames.append("\n".join("".join(s.text for s in line) for line in renderable.strips))
        display(screen, renderable)

    app._display = recording
    return frames


async def run_once(course: Path, data: Path, *, theme: str | None = None) -> list[str]:
    """Start the app (with snapshots), let it settle, quit; returns its first frame."""
    app = build_app(course, data, "student", theme=theme, quizzes_in_background=True)
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(250):
            if not app.quizzes_pending:
                break
            await pilot.pause(0.02)
        assert not app.quizzes_pending, "the quizzes never finished loading"
        await pilot.pause()
    return frames


async def test_second_start_is_drawn_from_the_snapshot_and_matches_a_full_start(tmp_path):
    data = tmp_path / "data"
    first = await run_once(ROOT, data)
    assert cache_path(data, "student", ROOT).is_file()

    app = build_app(ROOT, data, "student")
    assert app.loaded is None and app.start_cache is not None  # nothing loaded yet
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.loaded is not None and app.store is not None  # loaded after the frame
        assert "Swedish massage" in screen_text(app)
    assert frames == first
    assert "Safety" in frames[0]


async def test_progress_made_in_a_session_shows_in_the_next_first_frame(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    app = build_app(course, data, "student")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.page_end_seen("basics", 0, 1)
        await pilot.pause()

    warm = build_app(course, data, "student")
    assert warm.start_cache is not None
    frames = capture_first_frame(warm)
    async with warm.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert "Basics  —  read" in frames[0]


async def test_a_first_start_is_drawn_from_a_quick_read_and_matches_a_full_start(tmp_path):
    full = build_app(ROOT, tmp_path / "full", "student", startup_cache=False)
    full_frames = capture_first_frame(full)
    async with full.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

    app = build_app(ROOT, tmp_path / "data", "student")
    assert app.loaded is None and app.start_cache is not None
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.store is not None
    assert frames == full_frames


async def test_saved_settings_or_progress_are_never_guessed_at(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text('theme = "high-contrast"\n')
    assert build_app(course, data, "student").loaded is not None
    (data / "settings.toml").unlink()
    ProgressStore.open(data, "student").close()
    assert build_app(course, data, "student").loaded is not None
    assert build_app(course, data, "someone-new").loaded is None


async def test_after_a_lesson_is_edited_the_first_frame_has_the_new_text_and_old_standing(
    tmp_path,
):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    app = build_app(course, data, "student")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.page_end_seen("basics", 0, 1)
    assert read_cache(data, "student", course).course_current
    lesson = course / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('"Basics"', '"Basics, renamed"'))
    assert not read_cache(data, "student", course).course_current

    app = build_app(course, data, "student")
    assert app.loaded is None  # drawn from a quick read plus the snapshot's standings
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert "Basics, renamed  —  read" in frames[0]
    full = build_app(course, data, "student", startup_cache=False)
    full_frames = capture_first_frame(full)
    async with full.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert frames == full_frames


async def test_a_new_lesson_or_quiz_link_means_loading_first(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    lesson = course / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('quiz = "basics"\n', ""))
    assert build_app(course, data, "student").loaded is not None  # the link changed
    await run_once(course, data)
    assert build_app(course, data, "student").loaded is None
    write(course / "lessons" / "extra.md", '+++\ntitle = "Extra"\nsummary = "S"\n+++\nText.\n')
    assert build_app(course, data, "student").loaded is not None  # its progress is unknown


async def test_progress_saved_by_another_copy_makes_the_snapshot_stale(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    store = ProgressStore.open(data, "student")
    store.record_lesson_progress("basics", 0.5)
    store.close()
    assert read_cache(data, "student", course) is None


async def test_a_wrong_snapshot_is_corrected_right_after_the_first_frame(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    path = cache_path(data, "student", course)
    raw = json.loads(path.read_text())
    raw["rows"][0][2] = "Not what the course says"  # stamps still match
    path.write_text(json.dumps(raw))

    app = build_app(course, data, "student")
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Not what the course says" in frames[0]
        assert "Not what the course says" not in screen_text(app)
        assert "Basics" in screen_text(app)
    # ... and the snapshot on disk is right again.
    snapshot = read_cache(data, "student", course)
    assert snapshot is not None and snapshot.view.rows[0].title == "Basics"


async def test_an_unreadable_snapshot_is_ignored_and_rewritten(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    path = cache_path(data, "student", course)
    good = json.loads(path.read_text())
    for bad in (
        "{not json",
        "[]",
        json.dumps({**good, "rows": [["too", "short"]]}),
        json.dumps({**good, "rows": [[1, 2, 3, 4, 5]]}),
        json.dumps({**good, "theme": 7}),
        json.dumps({**good, "format": 99}),
        json.dumps({k: v for k, v in good.items() if k != "title"}),
    ):
        path.write_text(bad)
        assert read_cache(data, "student", course) is None, bad
    path.write_bytes(b"\xff\xfe garbage")
    assert read_cache(data, "student", course) is None
    await run_once(course, data)
    assert read_cache(data, "student", course) is not None


async def test_a_snapshot_with_a_huge_number_or_deep_nesting_is_ignored_and_rewritten(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    path = cache_path(data, "student", course)
    good = path.read_text()
    for bad in (
        good.replace(f'"format": {CACHE_FORMAT}', '"format": ' + "2" * 5000, 1),
        good.replace('"rows": [', '"rows": [' + "[" * 100_000 + "]" * 100_000 + ", ", 1),
    ):
        assert bad != good
        path.write_text(bad)
        assert read_cache(data, "student", course) is None
        app = build_app(course, data, "student")
        assert app.start_cache is None  # loaded first, as without a snapshot
        app.store.close()
    await run_once(course, data)
    assert read_cache(data, "student", course) is not None


async def test_instructor_text_in_a_snapshot_stays_literal(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    lesson = course / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('"Basics"', '"[bold]Basics[/] [citation needed]"'))
    data = tmp_path / "data"
    await run_once(course, data)
    frames = await run_once(course, data)
    assert "[bold]Basics[/] [citation needed]" in frames[0]


async def test_the_chosen_theme_is_in_the_first_frame_of_the_next_start(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    app = build_app(course, data, "student")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.theme = "high-contrast"
        await pilot.pause()
    warm = build_app(course, data, "student")
    assert warm.start_cache is not None and warm.theme == "high-contrast"


async def test_progress_that_cannot_be_opened_after_the_first_frame_ends_the_app(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    plan = SessionPlan(course, not_a_folder, "student", lazy_quizzes=True, lock_wait=0.1)
    stale = build_app(course, tmp_path / "other", "student", startup_cache=False)
    first = StartupCache(stale.home_view(), None)
    stale.store.close()

    from trainer.ui.app import TrainerApp

    app = TrainerApp(plan, None, start_cache=first)
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.launch_error is not None and "cannot open progress" in app.launch_error


def test_write_snapshot_reports_a_folder_it_cannot_write(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    blocked = tmp_path / "data"
    blocked.mkdir()
    (blocked / "cache").write_text("a file where the cache folder should be")
    app = build_app(course, tmp_path / "fine", "student", startup_cache=False)
    snapshot = StartupCache(app.home_view(), None)
    app.store.close()
    assert not write_cache(blocked, "student", course, snapshot, course_stamp(course))


def test_the_first_frame_needs_neither_pydantic_nor_the_store(tmp_path):
    """Building the app imports no pydantic, loader or store on a first start (quick read
    of the lessons) or a later one (snapshot); only a stale snapshot with saved progress
    needs them before the first frame."""
    data = tmp_path / "data"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from trainer.ui.launch import build_app\n"
        f"app = build_app(None, Path({str(data)!r}), 'student')\n"
        "print('deferred' if app.loaded is None else 'loaded')\n"
        "heavy = ['pydantic', 'trainer.course.loader', 'trainer.progress.store', 'filelock']\n"
        "print(' '.join(m for m in heavy if m in sys.modules) or 'none')\n"
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return done.stdout.split("\n")[:2]

    assert run() == ["deferred", "none"]  # first start: nothing saved yet
    prepare = (
        "import asyncio\nfrom pathlib import Path\nfrom trainer.ui.launch import build_app\n"
        "async def main():\n"
        f"    app = build_app(None, Path({str(data)!r}), 'student')\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
    )
    subprocess.run([sys.executable, "-c", prepare], cwd=ROOT, check=True)
    assert run() == ["deferred", "none"]  # later start: the snapshot
    for path in (data / "cache").iterdir():
        path.unlink()
    assert run()[0] == "loaded"  # saved progress, no snapshot: load first, to be right


async def test_only_edited_lesson_files_are_read_again_after_an_edit(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    write(course / "lessons" / "second.md", '+++\ntitle = "Second"\nsummary = "S"\n+++\nText.\n')
    data = tmp_path / "data"
    await run_once(course, data)
    lesson = course / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('"Basics"', '"Basics, renamed"'))
    found = read_cache(data, "student", course)
    assert found is not None and not found.course_current
    known = found.lessons["lessons/second.md"]
    assert known[2] is not None and known[2].title == "Second"
    app = build_app(course, data, "student")
    frames = capture_first_frame(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert "Basics, renamed" in frames[0] and "Second" in frames[0]


async def test_file_names_that_are_not_utf8_do_not_stop_the_app(tmp_path):
    import os

    course = write_course(tmp_path / os.fsdecode(b"Kurs\xfc"), QUIZ)
    odd = course / "lessons" / os.fsdecode(b"\xdcbersicht.md")  # as unzip leaves it
    odd.write_text('+++\ntitle = "Odd name"\nsummary = "S"\n+++\nText.\n')
    data = tmp_path / "data"
    await run_once(course, data)
    found = read_cache(data, "student", course)
    assert found is not None and found.course_current
    await run_once(course, data)


async def test_answers_saved_by_another_copy_while_open_never_make_a_stale_snapshot(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    app = build_app(course, data, "student")
    async with app.run_test() as pilot:
        await pilot.pause()
        other = ProgressStore.open(data, "student")  # a second window, saving meanwhile
        other.record_lesson_progress("basics", 0.5)
        other.close()
    found = read_cache(data, "student", course)
    assert found is None or "reading 50%" in found.view.rows[0].status
    frames = await run_once(course, data)
    assert "reading 50%" in frames[0]


async def test_text_from_an_edited_snapshot_is_cleaned_and_checked(tmp_path):
    course = write_course(tmp_path / "course", QUIZ)
    data = tmp_path / "data"
    await run_once(course, data)
    path = cache_path(data, "student", course)
    good = json.loads(path.read_text())
    evil = json.loads(path.read_text())
    evil["title"] = "\x1b]2;HACKED\x1b\\Title"
    evil["rows"][0][2] = "\x1b[2JBasics"
    path.write_text(json.dumps(evil))
    found = read_cache(data, "student", course)
    assert found is not None
    assert "\x1b" not in found.view.title + found.view.rows[0].title

    twice = {**good, "rows": [good["rows"][0], good["rows"][0]]}
    path.write_text(json.dumps(twice))
    assert read_cache(data, "student", course) is None  # two rows with one id

    path.write_text('{"format": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert read_cache(data, "student", course) is None


def test_the_start_goes_through_its_stages_in_order(tmp_path: Path, small_course_dir: Path) -> None:
    """One object says where the start is and what a student who asks too early is told."""
    from trainer.course.loader import load_course
    from trainer.ui.startup.plan import LaunchError
    from trainer.ui.startup.stage import Stage, Startup

    course = small_course_dir
    plan = SessionPlan(course, tmp_path / "data", "student", lazy_quizzes=True, lock_wait=0.1)
    other = build_app(course, tmp_path / "d2", "student", startup_cache=False)
    first = StartupCache(other.home_view(), None)
    assert other.store is not None
    other.store.close()
    startup = Startup(plan, None, first)
    assert startup.stage is Stage.FIRST_FRAME and startup.loaded is None
    assert startup.still_loading(Stage.LESSONS) == (
        "The course is still loading; try again in a moment."
    )
    session = startup.open()
    assert startup.stage is Stage.LESSONS and startup.quizzes_pending
    assert startup.still_loading(Stage.LESSONS) is None
    assert startup.still_loading() == "Quizzes are still loading; try again in a moment."
    assert session.loaded.course.quizzes == {}
    startup.quizzes_loaded(load_course(course))
    assert startup.stage is Stage.READY and startup.still_loading() is None
    assert startup.loaded is not None and "basics" in startup.loaded.course.quizzes
    session.store.close()

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    failing = Startup(
        SessionPlan(course, blocked, "student", lazy_quizzes=False, lock_wait=0.1), None, first
    )
    try:
        failing.open()
    except LaunchError:
        pass
    else:
        raise AssertionError("opening a data folder that is a file must fail")
    assert failing.stage is Stage.FIRST_FRAME
    assert failing.launch_error is not None and "cannot open progress" in failing.launch_error


def test_a_start_needs_a_session_or_a_cache(tmp_path: Path) -> None:
    import pytest

    from trainer.ui.startup.stage import Startup

    plan = SessionPlan(tmp_path, tmp_path / "data", "student", lazy_quizzes=False, lock_wait=0.1)
    with pytest.raises(ValueError, match="needs either"):
        Startup(plan, None, None)


async def test_actions_asked_for_while_quizzes_load_say_so(
    tmp_path: Path, small_course_dir: Path
) -> None:
    course = small_course_dir
    app = build_app(course, tmp_path / "data", "student", startup_cache=False)
    assert app.quizzes_pending
    app.load_quizzes = lambda: None  # type: ignore[method-assign]  # hold the start there
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        for action in (app.start_review, app.show_progress, app.practice_weakest):
            action()
        app.start_lesson_quiz("basics")
        app.reset("basics")
        await pilot.pause()
        told = [n.message for n in app._notifications]
        assert told.count("Quizzes are still loading; try again in a moment.") == 5, told
        app.open_lesson("basics")  # lessons are there: it opens
        await pilot.pause()
        assert "Basics" in screen_text(app)
