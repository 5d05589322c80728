"""Benchmark: the app's memory with a 1,000-lesson course, against a bare Textual app.

Prints the peak resident set size (``ru_maxrss``) of three processes, each run headless
at 100x30 and ended once it is idle:

* a bare Textual app (Header, an OptionList of 12, Footer), as in bench_startup.py;
* massage-trainer on the built-in course;
* massage-trainer on a generated course of 1,000 lessons and 1,000 quizzes of 20
  questions, after its quizzes have loaded in the background.

Target (issue "One study core"): the 1,000-lesson figure within 60 MB of the bare app's.
Run: ``python bench/bench_memory.py [--repeat 3]``. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _peak_mib() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_mib() -> float:
    """Resident set size now (VmRSS), to tell what stays from what only passed through."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, OptionList

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield OptionList(*[f"Lesson {n}" for n in range(12)])
            yield Footer()

        def on_ready(self) -> None:
            self.set_timer(0.5, self.exit)

    Bare().run(headless=True, size=(100, 30))
    print(f"{_current_mib():.1f} {_peak_mib():.1f}")


def trainer(course: str) -> None:
    from trainer.ui.launch import build_app

    app = build_app(Path(course) if course != "builtin" else None)
    app.freeze_memory = True  # as run_app does

    def check() -> None:
        if not app.quizzes_pending and app.mastery is not None:
            app.set_timer(0.5, app.exit)  # idle a moment, as a student would look
        else:
            app.set_timer(0.05, check)

    app.call_later(lambda: app.set_timer(0.05, check))
    app.run(headless=True, size=(100, 30))
    print(f"{_current_mib():.1f} {_peak_mib():.1f}")


def _measure(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(RSS at the end, peak RSS) of one run, in MiB."""
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=True
    )
    now, peak = done.stdout.strip().splitlines()[-1].split()
    return float(now), float(peak)


def main() -> None:
    from bench_validate import generate

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        generate(big, 1000, 1000, 20)
        env = {**os.environ, "XDG_DATA_HOME": str(Path(tmp) / "home")}
        env.pop("MASSAGE_TRAINER_DATA", None)
        runs = {
            "bare Textual app": ["bare"],
            "massage-trainer, built-in course": ["trainer", "builtin"],
            "massage-trainer, 1,000 lessons, quizzes loaded": ["trainer", str(big)],
        }
        medians: dict[str, float] = {}
        for label, args in runs.items():
            _measure(args, env)  # once to write the start-up snapshot and warm the disk
            results = [_measure(args, env) for _ in range(options.repeat)]
            medians[label] = statistics.median(peak for _, peak in results)
            settled = statistics.median(now for now, _ in results)
            print(f"{label:<48} peak RSS {medians[label]:6.1f} MiB, at the end {settled:6.1f} MiB")
        extra = (
            medians["massage-trainer, 1,000 lessons, quizzes loaded"] - medians["bare Textual app"]
        )
        print(f"1,000 lessons over bare: +{extra:.1f} MiB (target: within 60 MB)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "bare":
        bare()
    elif len(sys.argv) > 1 and sys.argv[1] == "trainer":
        trainer(sys.argv[2])
    else:
        main()
