"""Benchmark: how long `massage-trainer validate` takes on a large course.

Generates a course of 1,000 lessons and 1,000 quizzes of 20 questions each in a
temporary folder, then prints

* the floor: reading every file and parsing it with ``tomllib`` alone (a lesson's
  front matter only), best of N;
* ``load_course`` in-process (what ``validate`` does), best of N;
* ``python -m trainer validate DIR`` as a subprocess (includes interpreter start-up
  and imports), best of N, when the CLI imports;

and the ratio of validate to the floor against the 2x target.

Run: ``python bench/bench_validate.py [--lessons 1000] [--quizzes 1000] [--questions 20]
[--repeat 3] [--profile]``. This is a benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.course.loader import load_course  # noqa: E402

TARGET = 2.0


def _question(i: int) -> str:
    kind = ("single", "multiple", "true_false", "short", "matching", "ordering")[i % 6]
    head = (
        f'[[questions]]\nid = "q{i:02d}"\ntype = "{kind}"\n'
        f'prompt = "Question {i}: which stroke glides along the length of the muscle?"\n'
        f'explanation = "Effleurage glides; petrissage kneads; friction stays in place ({i})."\n'
    )
    body = {
        "single": 'correct = "Effleurage"\nwrong = ["Petrissage", "Friction", "Tapotement"]\n'
        'feedback = { "Friction" = "Friction works one spot without gliding." }\n',
        "multiple": 'correct = ["Hacking", "Cupping"]\nwrong = ["Wringing", "Stroking"]\n',
        "true_false": "answer = true\n",
        "short": 'accept = ["petrissage", "pétrissage", "kneading"]\n',
        "matching": 'pairs = [["Effleurage", "gliding"], ["Petrissage", "kneading"], '
        '["Tapotement", "striking"]]\n',
        "ordering": 'order = ["Effleurage", "Petrissage", "Friction", "Effleurage to close"]\n',
    }[kind]
    return head + body


def generate(root: Path, lessons: int, quizzes: int, questions: int) -> None:
    """Write a valid course of the given size under ``root``."""
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.toml").write_text('title = "Benchmark course"\nversion = "1.0"\n')
    body = "\n".join(
        f"## Section {s}\n\nEffleurage is a long, gliding stroke used to open and close a "
        "session. It warms tissue and lets the therapist assess it.\n\n- point one\n"
        "- point two\n"
        for s in range(5)
    )
    for n in range(lessons):
        quiz_line = f'quiz = "topic-{n:04d}"\n' if n < quizzes else ""
        (root / "lessons" / f"topic-{n:04d}.md").write_text(
            f'+++\ntitle = "Lesson {n}"\nsummary = "What lesson {n} covers."\norder = {n}\n'
            f'topics = ["strokes", "t{n % 10}"]\nsources = ["A. Author, A Book, 2020"]\n'
            f"{quiz_line}+++\n\n{body}",
            encoding="utf-8",
        )
    questions_text = "\n".join(_question(i) for i in range(questions))
    for n in range(quizzes):
        lesson_line = f'lesson = "topic-{n:04d}"\n' if n < lessons else ""
        (root / "quizzes" / f"topic-{n:04d}.toml").write_text(
            f'title = "Quiz {n}"\n{lesson_line}pass_mark = 80\nshuffle = true\n\n' + questions_text,
            encoding="utf-8",
        )


def floor(root: Path) -> None:
    """Read and parse every file with tomllib alone."""
    tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))
    for path in sorted((root / "lessons").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, _ = text.split("+++\n", 2)
        tomllib.loads(front)
    for path in sorted((root / "quizzes").glob("*.toml")):
        tomllib.loads(path.read_text(encoding="utf-8"))


def best_of(repeat: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def cli_works() -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "--version"], cwd=ROOT, capture_output=True, check=False
    )
    return result.returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--quizzes", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of load_course")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        generate(root, args.lessons, args.quizzes, args.questions)
        print(
            f"course: {args.lessons} lessons, {args.quizzes} quizzes x {args.questions} "
            f"questions in {root}"
        )
        loaded = load_course(root)  # warm-up, and a check that the course is valid
        if loaded.problems:
            print(f"generated course has problems, e.g. {loaded.problems[0]}")
            return 1

        t_floor = best_of(args.repeat, lambda: floor(root))
        t_load = best_of(args.repeat, lambda: load_course(root))
        print(f"floor (read + tomllib.loads):        {t_floor:7.3f} s")
        print(
            f"load_course (validate, in-process):  {t_load:7.3f} s   "
            f"{t_load / t_floor:4.2f}x floor (target <= {TARGET:.0f}x)"
        )
        if cli_works():
            cmd = [sys.executable, "-m", "trainer", "validate", str(root)]
            t_cli = best_of(
                args.repeat,
                lambda: subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True),
            )
            print(
                f"python -m trainer validate (process): {t_cli:7.3f} s   "
                f"{t_cli / t_floor:4.2f}x floor (includes start-up and imports)"
            )
        else:
            print("python -m trainer validate: skipped (the CLI does not import yet)")

        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            load_course(root)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
