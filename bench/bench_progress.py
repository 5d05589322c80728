"""Benchmark of the progress store: save latency and start-up against history size.

Run: ``python bench/bench_progress.py [--dir DIR]``. Prints figures and whether the
targets of the "Progress that is never lost" issue are met:

* save latency (answer given -> fsync'd): median at 100,000 answers within 2x the median
  at 100, and within 3x one atomic fsync'd 4 KB write;
* start-up with a 100,000-answer history within 1.2x start-up with none.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.durable import atomic_write
from trainer.progress.models import (
    AnswerRecord,
    AttemptRecord,
    LessonRecord,
    ProfileHeader,
    RecordDocument,
)
from trainer.progress.records import write_profile_folder
from trainer.progress.store import ProgressStore

QUESTIONS = 300
"""Distinct questions in the made-up course (the summary grows with these, not answers)."""
PER_ATTEMPT = 10
SAVES = 300
OPENS = 20
PROCESS_STARTS = 10


def make_profile(data_dir: Path, name: str, answers: int) -> None:
    """Write a profile holding ``answers`` answers, spread over the last two years."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    step = timedelta(days=730) / max(answers, 1)
    attempts = []
    for first in range(0, answers, PER_ATTEMPT):
        began = start + step * first
        records = [
            AnswerRecord(
                question=f"anatomy-{(first + i) % QUESTIONS:04d}",
                answer="B" if i % 3 else ["origin", "insertion"],
                correct=i % 4 != 0,
                seconds=4.5,
                answered_at=began + step * i,
            )
            for i in range(min(PER_ATTEMPT, answers - first))
        ]
        attempts.append(
            AttemptRecord(
                attempt=f"a{first}",
                quiz=f"quiz-{first % 12}",
                mode="practice",
                questions=[r.question for r in records],
                started_at=began,
                outcome="finished",
                score=75.0,
                passed=True,
                ended_at=records[-1].answered_at,
                answers=records,
            )
        )
    lessons = [
        LessonRecord(lesson=f"lesson-{i}", fraction=1.0, read_at=start, updated_at=start)
        for i in range(12)
    ]
    record = RecordDocument(
        schema_version=2,
        profile=ProfileHeader(name=name, created_at=start),
        lessons=lessons if answers else [],
        attempts=attempts,
    )
    write_profile_folder(data_dir / "profiles" / name, name, record)


def ms(seconds: float) -> str:
    """Seconds as milliseconds, 3 significant figures."""
    return f"{seconds * 1000:.3g} ms"


def save_latencies(data_dir: Path, name: str) -> list[float]:
    """Time ``record_answer`` (answer given -> fsync'd) ``SAVES`` times."""
    times = []
    with ProgressStore.open(data_dir, name) as store:
        attempt = store.start_attempt("bench", "practice", [])
        for i in range(SAVES):
            began = time.perf_counter()
            store.record_answer(attempt, f"anatomy-{i % QUESTIONS:04d}", "B", True, 3.0)
            times.append(time.perf_counter() - began)
        store.abandon_attempt(attempt)
    return times


def atomic_write_times(folder: Path) -> list[float]:
    """Time an atomic fsync'd 4 KB write ``SAVES`` times."""
    data = os.urandom(2048).hex().encode()
    times = []
    for _ in range(SAVES):
        began = time.perf_counter()
        atomic_write(folder / "reference.bin", data)
        times.append(time.perf_counter() - began)
    return times


def open_times(data_dir: Path, name: str) -> list[float]:
    """Time ``ProgressStore.open`` + ``close`` in this process."""
    times = []
    for _ in range(OPENS):
        began = time.perf_counter()
        ProgressStore.open(data_dir, name).close()
        times.append(time.perf_counter() - began)
    return times


def process_start_times(data_dir: Path, name: str) -> list[float]:
    """Time a fresh Python process that imports the store and opens the profile."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]);"
        "from trainer.progress.store import ProgressStore;"
        "ProgressStore.open(Path(sys.argv[1]), sys.argv[2]).close()"
    )
    root = str(Path(__file__).resolve().parent.parent)
    times = []
    for _ in range(PROCESS_STARTS):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(data_dir), name, root], check=True)
        times.append(time.perf_counter() - began)
    return times


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    """Run the benchmark and print figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as scratch:
        data_dir = Path(scratch)
        sizes = {"none": 0, "100": 100, "10k": 10_000, "100k": 100_000}
        for label, count in sizes.items():
            began = time.perf_counter()
            make_profile(data_dir, f"p{label}", count)
            print(f"made history of {count:>7} answers in {time.perf_counter() - began:.1f} s")
        reference = statistics.median(atomic_write_times(data_dir))
        print(f"\natomic fsync'd 4 KB write: median {ms(reference)}")
        medians = {}
        print("\nsave latency (record_answer -> fsync'd):")
        for label in ("100", "10k", "100k"):
            times = save_latencies(data_dir, f"p{label}")
            medians[label] = statistics.median(times)
            print(f"  history {label:>5}: median {ms(medians[label])}, p95 {ms(p95(times))}")
        print("\nstart-up:")
        opens = {label: statistics.median(open_times(data_dir, f"p{label}")) for label in sizes}
        for label, value in opens.items():
            print(f"  ProgressStore.open, history {label:>5}: median {ms(value)}")
        procs = {
            label: statistics.median(process_start_times(data_dir, f"p{label}"))
            for label in ("none", "100", "100k")
        }
        for label, value in procs.items():
            print(
                f"  new process (python + imports + open), history {label:>5}: median {ms(value)}"
            )
        with ProgressStore.open(data_dir, "p100k") as store:
            began = time.perf_counter()
            history = store.load_history()
            loaded = time.perf_counter() - began
        answers = sum(len(a.answers) for a in history.attempts)
        print(f"  load_history (charts, in a worker), {answers} answers: {loaded:.2f} s")

        ratio_history = medians["100k"] / medians["100"]
        ratio_reference = medians["100k"] / reference
        ratio_start = procs["100k"] / procs["none"]
        print("\ntargets:")
        print(f"  save 100k / save 100      = {ratio_history:.2f}  (<= 2.0: {ratio_history <= 2})")
        print(
            f"  save 100k / atomic 4 KB   = {ratio_reference:.2f}  (<= 3.0: {ratio_reference <= 3})"
        )
        print(f"  start-up 100k / none      = {ratio_start:.2f}  (<= 1.2: {ratio_start <= 1.2})")
        # What grows the start-up is the summary (one entry per question answered so far,
        # bounded by the course), not the history: compare with a short history too.
        ratio_short = procs["100k"] / procs["100"]
        print(f"  start-up 100k / 100       = {ratio_short:.2f}  (<= 1.2: {ratio_short <= 1.2})")
        print(f"  (open alone: 100k / none  = {opens['100k'] / opens['none']:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
