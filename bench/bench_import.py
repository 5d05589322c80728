"""Benchmark: importing a 10,000-question GIFT file, beside validating the quiz it makes.

Generates a GIFT bank of N questions (single, weighted multiple, true/false, short and
matching, with feedback and general feedback), then prints, best of R:

* import: ``massage-trainer questions import`` in-process (read and parse the GIFT, check
  every question with the course's models, write the quiz atomically after checking the
  whole file with the loader: its own validation included);
* validate: ``load_course`` on a course holding only the quiz written;

and their ratio against the target (import at most 3x validate).

Run: ``python bench/bench_import.py [--questions 10000] [--repeat 3]``. A benchmark, not a
test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trainer.cli import main as cli_main  # noqa: E402
from trainer.course.loader import load_course  # noqa: E402

TARGET = 3.0


def question(n: int) -> str:
    """One GIFT question of the n-th kind."""
    kind = n % 5
    title = f"::q{n:05d}::"
    if kind == 0:
        return (
            f"{title} Which stroke glides along the muscle ({n})? {{\n"
            "  =Effleurage # Right: it glides.\n  ~Tapotement # It strikes.\n"
            "  ~Friction\n  #### Effleurage glides; tapotement strikes.\n}\n"
        )
    if kind == 1:
        return (
            f"{title} Which are forms of tapotement ({n})? {{\n"
            "  ~%50%Hacking\n  ~%50%Cupping\n  ~%-100%Wringing\n"
            "  #### Hacking and cupping strike; wringing kneads.\n}\n"
        )
    if kind == 2:
        return f"{title} Petrissage kneads the tissue ({n}). {{T #### It lifts and kneads.}}\n"
    if kind == 3:
        return (
            f"{title} Name the kneading stroke ({n}). {{=petrissage =pétrissage "
            "#### Petrissage kneads.}\n"
        )
    return (
        f"{title} Match each stroke to its movement ({n}). {{\n"
        "  =Effleurage -> gliding\n  =Petrissage -> kneading\n  =Tapotement -> striking\n"
        "  #### Each stroke has its own movement.\n}\n"
    )


def best_of(repeat: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bank = folder / "bank.gift"
        bank.write_text("\n".join(question(n) for n in range(args.questions)), encoding="utf-8")
        course = folder / "course"
        (course / "quizzes").mkdir(parents=True)
        argv = ["questions", "import", str(bank), "--quiz", "bank", "--course", str(course)]

        def run_import() -> None:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                code = cli_main([*argv, "--force"])
            if code != 0:
                raise SystemExit(f"the import failed with exit code {code}")

        importing = best_of(args.repeat, run_import)
        loaded = load_course(course)
        if loaded.problems or len(loaded.course.quizzes["bank"].questions) != args.questions:
            raise SystemExit("the imported quiz is not what was expected")
        validating = best_of(args.repeat, lambda: load_course(course))
        size = bank.stat().st_size / 1e6
        print(f"bank: {args.questions} GIFT questions, {size:.1f} MB")
        print(f"questions import (in-process):  {importing:.3f} s")
        print(f"validate the quiz written:      {validating:.3f} s")
        ratio = importing / validating
        verdict = "within" if ratio <= TARGET else "OVER"
        print(f"import / validate: {ratio:.2f}x ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
