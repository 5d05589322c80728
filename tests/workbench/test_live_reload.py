"""Live reload in the real app: real files saved while it runs, real file events.

Saves are made as editors make them: a new file written beside the old one, then
renamed over it.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.ui.helpers import screen_text, wait_until, write_course
from trainer.ui.launch import build_app
from trainer.ui.screens.lesson import LessonScreen
from trainer.ui.screens.problems import ProblemsScreen
from trainer.ui.screens.quiz import QuizScreen

QUESTION = """
[[questions]]
id = "q1"
type = "true_false"
prompt = "Effleurage glides."
answer = true
explanation = "It does."

[[questions]]
id = "q2"
type = "true_false"
prompt = "Tapotement glides."
answer = false
explanation = "It strikes."
"""

LESSON_BODY = "## One\n\nFirst text.\n\n## Two\n\nSecond text.\n\n## Three\n\nThird text.\n"


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a temporary file, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    save(path, text.replace(old, new))


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def live_app(tmp_path: Path, root: Path, **options):
    app = build_app(
        root,
        tmp_path / "data",
        "student",
        seed=7,
        theme="textual-dark",
        quizzes_in_background=False,
        startup_cache=False,
        live_reload=True,
        **options,
    )
    app.input_settle = 0.0
    return app


async def watching(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.watcher is not None)
    # inotify watches are in place once the watcher thread has entered watchfiles.
    await pilot.pause(0.3)


async def test_the_open_lesson_rerenders_in_place_at_the_same_section(tmp_path):
    root = write_course(tmp_path / "c", QUESTION, lesson_body=LESSON_BODY)
    lesson = root / "lessons" / "basics.md"
    app = live_app(tmp_path, root)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await watching(pilot)
        app.open_lesson("basics")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.press("space")  # to section Two
        await wait_until(pilot, lambda: "Second text." in screen_text(app))
        reader = app.screen
        # A section is added before it: the reader stays on "Two", now page 3.
        edit(lesson, "## One\n", "## Zero\n\nNew first.\n\n## One\n")
        edit(lesson, "Second text.", "Second text, edited.")
        await wait_until(pilot, lambda: "Second text, edited." in screen_text(app))
        assert app.screen is reader
        assert reader.page == 2
        await wait_until(pilot, lambda: "Reloaded lessons/basics.md" in notices(app))
        # The section's heading is gone: the reader keeps the same page.
        edit(lesson, "## Two\n", "## Second\n")
        await wait_until(pilot, lambda: "Second" in reader.sections[reader.page].title)
        assert reader.page == 2


async def test_home_follows_titles_order_and_new_or_removed_lessons(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    app = live_app(tmp_path, root)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await watching(pilot)
        edit(root / "lessons" / "basics.md", 'title = "Basics"', 'title = "Basics renamed"')
        await wait_until(pilot, lambda: "Basics renamed" in screen_text(app))
        extra = root / "lessons" / "extra.md"
        save(extra, '+++\ntitle = "Extra lesson"\nsummary = "More."\norder = -1\n+++\nText.\n')
        await wait_until(pilot, lambda: "Extra lesson" in screen_text(app))
        text = screen_text(app)
        assert text.index("Extra lesson") < text.index("Basics renamed")
        extra.unlink()
        await wait_until(pilot, lambda: "Extra lesson" not in screen_text(app))


async def test_a_broken_save_keeps_what_was_showing_and_lists_the_problem(tmp_path):
    root = write_course(tmp_path / "c", QUESTION, lesson_body=LESSON_BODY)
    lesson = root / "lessons" / "basics.md"
    app = live_app(tmp_path, root)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await watching(pilot)
        app.open_lesson("basics")
        await wait_until(pilot, lambda: "First text." in screen_text(app))
        edit(lesson, 'title = "Basics"', 'title = "Basics')
        await wait_until(pilot, lambda: app.loaded.problems != [])
        await pilot.pause(0.1)
        assert "First text." in screen_text(app)
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("exclamation_mark")  # from the reader, not only from home
        await wait_until(pilot, lambda: isinstance(app.screen, ProblemsScreen))
        assert "basics.md:2:" in screen_text(app)
        # The fix drops off the list that is open.
        edit(lesson, 'title = "Basics', 'title = "Basics fixed"')
        await wait_until(pilot, lambda: "No problems left" in screen_text(app))
        assert "basics.md:2:" not in screen_text(app)


async def test_an_open_quiz_is_not_disturbed_the_next_attempt_gets_the_edit(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    quiz = root / "quizzes" / "basics.toml"
    app = live_app(tmp_path, root)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await watching(pilot)
        app.start_quiz("basics")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        screen = app.screen
        edit(quiz, 'prompt = "Effleurage glides."', 'prompt = "Effleurage is a gliding stroke."')
        edit(quiz, 'id = "q2"', 'id = "q2-renamed"')
        await wait_until(
            pilot, lambda: app.course.quizzes["basics"].questions[1].id == "q2-renamed"
        )
        assert app.screen is screen
        assert "Effleurage glides." in screen_text(app)
        await pilot.press("1", "enter")  # true: right, saved under the old id
        await wait_until(pilot, lambda: "It does." in screen_text(app))
        assert app.store.summary.questions["basics/q1"].right == 1


async def test_preview_opens_the_lesson_and_a_broken_one_once_fixed(tmp_path):
    root = write_course(tmp_path / "c", QUESTION, lesson_body=LESSON_BODY)
    lesson = root / "lessons" / "basics.md"
    edit(lesson, 'title = "Basics"', 'title = "Basics')
    app = live_app(tmp_path, root, preview=True, start_in="lesson:basics")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await watching(pilot)
        await wait_until(pilot, lambda: "has problems, so it is not shown yet" in notices(app))
        assert not isinstance(app.screen, LessonScreen)
        edit(lesson, 'title = "Basics', 'title = "Basics"')
        await wait_until(pilot, lambda: "First text." in screen_text(app))
        assert isinstance(app.screen, LessonScreen)


def test_watching_uses_no_cpu_while_nothing_changes(tmp_path):
    """The watcher waits on file events: a second of idling costs next to no CPU time."""
    import time

    from trainer.ui.live_reload import CourseWatcher

    root = write_course(tmp_path / "c", QUESTION)
    calls = []

    class NoApp:
        def call_from_thread(self, callback, *args):
            calls.append(args)

    watcher = CourseWatcher(NoApp(), root, lambda: None, lambda reloaded: None)  # type: ignore[arg-type]
    watcher.start()
    time.sleep(0.3)
    start = time.process_time()
    time.sleep(1.0)
    used = time.process_time() - start
    watcher.stop()
    assert used < 0.05, f"{used:.3f} s of CPU in 1 s of idling"
    assert calls == []


async def test_a_quiz_preview_writes_nothing_under_the_data_folder(tmp_path, monkeypatch):
    from trainer.cli.preview import preview_app

    data = tmp_path / "real-data"
    monkeypatch.setenv("MASSAGE_TRAINER_DATA", str(data))
    root = write_course(tmp_path / "c", QUESTION)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    app = preview_app(root, "quiz", "basics", scratch)
    app.input_settle = 0.0
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen))
        assert app.preview
        await pilot.press("1", "enter")
        await wait_until(
            pilot, lambda: "It does." in screen_text(app) or "It strikes." in screen_text(app)
        )
        app.theme = "textual-light"  # a choice that is saved as a setting
    assert not data.exists()
    assert any(scratch.iterdir())  # the answers went to the throw-away folder


async def test_after_a_reload_the_start_up_cache_is_saved_for_the_course_as_edited(tmp_path):
    from trainer.ui.startup.cache import read_cache

    root = write_course(tmp_path / "c", QUESTION)
    app = live_app(tmp_path, root)
    app.write_startup_cache = True
    async with app.run_test(size=(100, 30)) as pilot:
        await watching(pilot)
        edit(root / "lessons" / "basics.md", 'title = "Basics"', 'title = "Basics renamed"')
        await wait_until(pilot, lambda: "Basics renamed" in screen_text(app))
    cache = read_cache(tmp_path / "data", "student", root)
    assert cache is not None
    assert cache.course_current  # stamped as the course is now, not as it was at start
    assert "Basics renamed" in str(cache.view)


def test_a_preview_closed_by_a_hangup_leaves_no_throw_away_folder(tmp_path):
    """Closing the terminal sends SIGHUP, which ends a process without its cleanup."""
    import signal
    import subprocess
    import sys
    import time

    root = write_course(tmp_path / "c", QUESTION)
    scratch_parent = tmp_path / "tmp"
    scratch_parent.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch_parent), "TERM": "xterm-256color"}
    # A real terminal for the app: script(1) gives it a pseudo-terminal.
    process = subprocess.Popen(
        ["script", "-qfc", f"{sys.executable} -m trainer preview lesson basics --course {root}",
         "/dev/null"],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while not any(scratch_parent.iterdir()):
        assert time.monotonic() < deadline, "the preview never made its folder"
        time.sleep(0.05)
    time.sleep(1.0)  # let it reach the app
    children = subprocess.run(
        ["pgrep", "-f", f"trainer preview lesson basics --course {root}"],
        capture_output=True, text=True, check=False,
    ).stdout.split()  # fmt: skip
    assert children, "the preview process was not found"
    for pid in children:
        os.kill(int(pid), signal.SIGHUP)
    process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while any(scratch_parent.iterdir()):
        assert time.monotonic() < deadline, list(scratch_parent.iterdir())
        time.sleep(0.05)
