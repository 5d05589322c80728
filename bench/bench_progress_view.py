"""Benchmark: the progress report with a long history (the learner issue's speed target).

Run: ``python bench/bench_progress_view.py [--answers N]``. Builds a profile of N answers
(default 100,000) on the built-in course, then prints how long these take:

* ``massage-trainer progress`` (a whole process, table and JSON);
* the Progress screen's first view in the real app (Pilot: from pressing p to the report
  drawn);
* for comparison, reading the whole history, as both did before the summary kept scores,
  the streak and the time spent.

Target: each first view within 0.5 s on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.course.loader import load_course  # noqa: E402
from trainer.progress.models import (  # noqa: E402
    AnswerRecord,
    AttemptRecord,
    ProfileHeader,
    RecordDocument,
)
from trainer.progress.records import write_profile_folder  # noqa: E402
from trainer.progress.store import ProgressStore  # noqa: E402
from trainer.ui.launch import builtin_course_dir  # noqa: E402

TARGET = 0.5


def make_profile(data_dir: Path, answers: int) -> None:
    """A profile of ``answers`` answers to the built-in course's questions, over two years."""
    course = load_course(builtin_course_dir()).course
    quizzes = [q for q in course.quizzes.values()]
    start = datetime(2024, 11, 1, tzinfo=UTC)
    step = timedelta(days=730) / max(answers, 1)
    attempts = []
    done = 0
    number = 0
    while done < answers:
        quiz = quizzes[number % len(quizzes)]
        began = start + step * done
        records = [
            AnswerRecord(
                question=f"{quiz.id}/{question.id}",
                answer="B",
                correct=(done + i) % 4 != 0,
                seconds=4.5,
                answered_at=began + step * i,
            )
            for i, question in enumerate(quiz.questions[: answers - done])
        ]
        attempts.append(
            AttemptRecord(
                attempt=f"a{number}",
                quiz=quiz.id,
                mode=quiz.mode,
                questions=[r.question for r in records],
                kind="full",
                started_at=began,
                outcome="finished",
                score=75.0,
                passed=False,
                ended_at=records[-1].answered_at,
                answers=records,
            )
        )
        done += len(records)
        number += 1
    record = RecordDocument(
        schema_version=3,
        profile=ProfileHeader(name="bench", created_at=start),
        attempts=attempts,
    )
    write_profile_folder(data_dir / "profiles" / "bench", "bench", record)


def time_cli(data_dir: Path, fmt: str) -> float:
    # As installed: compiled modules are cached (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would time compiling the app at every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MASSAGE_TRAINER_DATA"] = str(data_dir)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trainer", "progress", "--profile", "bench", "--format", fmt],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - began


async def time_screen(data_dir: Path) -> float:
    from trainer.ui.launch import build_app
    from trainer.ui.screens.progress import ProgressScreen

    app = build_app(None, data_dir, "bench", startup_cache=False, quizzes_in_background=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        app.show_progress()
        while not (isinstance(app.screen, ProgressScreen) and app.screen.report is not None):
            await asyncio.sleep(0.001)
        await pilot.pause()  # drawn
        return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        began = time.perf_counter()
        make_profile(data, args.answers)
        print(f"made a {args.answers:,}-answer profile in {time.perf_counter() - began:.1f} s")
        with ProgressStore.open(data, "bench") as store:
            began = time.perf_counter()
            store.load_history()
            full = time.perf_counter() - began
        time_cli(data, "table")  # the first run caches the compiled modules
        table = min(time_cli(data, "table") for _ in range(3))
        as_json = min(time_cli(data, "json") for _ in range(3))
        screen = min(asyncio.run(time_screen(data)) for _ in range(3))
    print(f"reading the whole history (what the report did before): {full:.2f} s")
    print(f"massage-trainer progress (table), whole process: {table:.2f} s")
    print(f"massage-trainer progress --format json, whole process: {as_json:.2f} s")
    print(f"Progress screen, p to drawn: {screen:.3f} s")
    met = max(table, as_json, screen) <= TARGET
    print(f"target (each within {TARGET} s): {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
