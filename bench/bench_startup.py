"""Benchmark: time from process start to the home screen, and opening a lesson.

Prints, best and median of N runs each:

* process start → first frame for a bare Textual app (Header, OptionList of 12, Footer);
* the same for massage-trainer on (a copy of) the built-in course, and on a generated
  course of 1,000 lessons and 1,000 quizzes (quizzes then load in the background), for
  three kinds of start: the first ever (nothing saved: a quick read of the lesson list);
  the usual one (drawn from the snapshot the previous run left); and the first after a
  lesson file changed (saved progress but a stale snapshot: everything is loaded first);
* opening a lesson (key press → text shown) for every built-in lesson, and for generated
  100-line and 2,000-line lessons.

Our modules are byte-compiled first, as pip does when it installs the package (Textual
already is; with PYTHONDONTWRITEBYTECODE set, as on some machines, every run would
otherwise compile the app's sources again and only the app's).

"First frame" is the first full frame turned into terminal output (see startup_probe.py);
the trainer's must show a lesson title. Progress is kept in the default place
(platformdirs), pointed at a temporary folder through ``XDG_DATA_HOME``.

Targets (issue "The study loop"): built-in ≤ 1.3x bare; 1,000 lessons ≤ 1.5x bare;
opening any built-in lesson ≤ 0.5x bare start-up; a 2,000-line lesson ≤ 1.5x a 100-line one.
Run: ``python bench/bench_startup.py [--repeat 7]``. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_validate import generate  # noqa: E402

PROBE = ROOT / "bench" / "startup_probe.py"


def time_process(
    args: list[str], repeat: int, env: dict[str, str] | None = None, before=None
) -> list[float]:
    """Seconds from starting ``python PROBE args`` to its first frame being shown."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.time()
        done = subprocess.run(
            [sys.executable, str(PROBE), *args],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        shown = next(line for line in done.stdout.splitlines() if line.startswith("SHOWN "))
        times.append(float(shown.split()[1]) - start)
    return times


def lesson_markdown(lines: int) -> str:
    """A lesson body of about ``lines`` lines with a ## heading every 40 lines."""
    out = []
    for n in range(lines):
        if n % 40 == 0:
            out.append(f"## Section {n // 40 + 1}")
        elif n % 7 == 0:
            out.append(f"- a list item about effleurage number {n}")
        else:
            out.append(f"Line {n}: petrissage lifts and kneads the tissue, **firmly** but kindly.")
    return "\n".join(out) + "\n"


async def time_open_lesson(
    course: Path, data: Path, lesson_ids: list[str]
) -> dict[str, list[float]]:
    """Seconds from asking for a lesson (what Enter on home does) to its first frame.

    The first frame is the screen's first full render, with the lesson's text in it.
    Every opening of each lesson is kept (the very first one also builds the reader).
    """
    from textual._compositor import LayoutUpdate

    from trainer.ui.launch import build_app
    from trainer.ui.screens.lesson import LessonScreen

    app = build_app(course, data, "bench", startup_cache=False)
    app.freeze_memory = True  # as run_app does for the real app
    shown: list[float] = []
    display = app._display

    def timed_display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        if isinstance(screen, LessonScreen) and isinstance(renderable, LayoutUpdate):
            renderable.render_segments(app.console)
            shown.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]
    results: dict[str, list[float]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        for lesson_id in lesson_ids:
            await pilot.pause(0.3)
            shown.clear()
            start = time.perf_counter()
            app.open_lesson(lesson_id)
            while not shown:
                await asyncio.sleep(0)
            results.setdefault(lesson_id, []).append(shown[0] - start)
            if os.environ.get("BENCH_TRACE"):
                print(lesson_id, round((shown[0] - start) * 1000))
            assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lesson_id
            app.pop_screen()
    return results


def show(label: str, times: list[float]) -> float:
    best, median = min(times), statistics.median(times)
    print(f"{label:<44} best {best * 1000:7.0f} ms   median {median * 1000:7.0f} ms")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big = tmp_path / "big"
        generate(big, 1000, 1000, 20)
        home = tmp_path / "home"
        env = {**os.environ, "XDG_DATA_HOME": str(home)}
        builtin_copy = tmp_path / "builtin"  # a copy, so its files can be touched
        for part in ("lessons", "quizzes"):
            shutil.copytree(ROOT / part, builtin_copy / part)
        shutil.copy(ROOT / "course.toml", builtin_copy)

        def fresh_data_folder() -> None:
            shutil.rmtree(home, ignore_errors=True)

        def three_starts(label: str, course: Path, expected: str) -> list[float]:
            """First start ever; usual start (snapshot); start after a lesson changed."""
            probe = ["trainer", str(course), expected]
            first = time_process(probe, args.repeat, env, fresh_data_folder)
            # Start and quit normally once: that leaves progress and the snapshot.
            prepare = [sys.executable, str(PROBE), "prepare", str(course)]
            subprocess.run(prepare, env=env, check=True)
            usual = time_process(probe, args.repeat, env)
            lesson = sorted((course / "lessons").glob("*.md"))[0]
            os.utime(lesson, ns=(lesson.stat().st_atime_ns, lesson.stat().st_mtime_ns + 10**9))
            changed = time_process(probe, args.repeat, env)
            show(f"{label}, first start", first)
            show(f"{label}, usual start", usual)
            show(f"{label}, after a lesson file changed", changed)
            return [statistics.median(times) for times in (first, usual, changed)]

        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "trainer")], check=True
        )
        print("Start-up (process start → first frame, headless)")
        bare = show("bare Textual app", time_process(["bare"], args.repeat))
        builtin = three_starts("built-in", builtin_copy, "Safety")
        large = three_starts("1,000 lessons", big, "Lesson 3")
        for label, medians, target in (("built-in", builtin, 1.3), ("1,000 lessons", large, 1.5)):
            ratios = ", ".join(
                f"{kind} {median / bare:.2f}x"
                for kind, median in zip(("first", "usual", "changed"), medians, strict=True)
            )
            print(f"  {label} / bare: {ratios} (target ≤ {target}x)")

        print("\nOpening a lesson (key press → text shown)")
        from trainer.course.loader import load_course

        ids = [lesson.id for lesson in load_course(ROOT, with_quizzes=False).course.lessons]
        opened = asyncio.run(time_open_lesson(ROOT, tmp_path / "d3", ids * 5))
        for lesson_id, seconds in opened.items():
            print(
                f"  {lesson_id:<40} median {statistics.median(seconds) * 1000:5.0f} ms, "
                f"slowest {max(seconds) * 1000:5.0f} ms"
            )
        slowest = max(statistics.median(seconds) for seconds in opened.values())
        worst = max(max(seconds) for seconds in opened.values())
        print(
            f"  slowest built-in lesson (median of 5) = {slowest * 1000:.0f} ms = "
            f"{slowest / bare:.2f}x bare start-up (target ≤ 0.5x); single slowest opening "
            f"{worst * 1000:.0f} ms = {worst / bare:.2f}x"
        )

        long_course = tmp_path / "long"
        (long_course / "lessons").mkdir(parents=True)
        for name, lines in (("short", 100), ("long", 2000)):
            (long_course / "lessons" / f"{name}.md").write_text(
                f'+++\ntitle = "{name}"\nsummary = "{lines} lines."\n+++\n' + lesson_markdown(lines)
            )
        runs = [
            asyncio.run(time_open_lesson(long_course, tmp_path / "d4", ["short", "long"] * 5))
            for _ in range(2)
        ]
        short = statistics.median(t for r in runs for t in r["short"])
        long = statistics.median(t for r in runs for t in r["long"])
        print(
            f"  100-line lesson {short * 1000:.0f} ms; 2,000-line lesson {long * 1000:.0f} ms "
            "(medians of 10) "
            f"= {long / short:.2f}x (target ≤ 1.5x)"
        )


if __name__ == "__main__":
    main()
