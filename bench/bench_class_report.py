"""Benchmark: ``class report`` on a large class, beside ``json.loads`` of the same files.

Writes a class of S students with A answers each (default 200 x 5,000: one million
answers, about 550 MB of JSON as ``records export --for-class`` writes it) into a
temporary folder, then prints, best of R:

* json.loads: reading and parsing every file, nothing else (the floor);
* class report: ``massage-trainer class report --format json`` in-process (find, read
  and check every file, count each student's first attempts, Moodle's statistics,
  wrong answers, the JSON written);

their ratio (target: at most 2x), and the peak memory of each in a fresh process
(resident set), beside the size of the largest file: the report holds one file at a
time, so its peak does not grow with the class.

Run: ``python bench/bench_class_report.py [--students 200] [--answers 5000] [--repeat 3]``.
A benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic_class import write_class  # noqa: E402
from trainer.cli import main as cli_main  # noqa: E402
from trainer.course.builtin import builtin_course_dir  # noqa: E402
from trainer.course.loader import load_course  # noqa: E402

PEAK = """
import json, resource, sys
from pathlib import Path
sys.path.insert(0, {root!r})
what, folder = sys.argv[1], Path(sys.argv[2])
if what == "json":
    for path in sorted(folder.glob("*.json")):
        json.loads(path.read_bytes())
else:
    import contextlib, io
    from trainer.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        main(["class", "report", str(folder), "--format", "json"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _loads(folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        json.loads(path.read_bytes())


def _report(folder: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli_main(["class", "report", str(folder), "--format", "json"])
    if code != 0:
        raise SystemExit(f"class report failed with exit code {code}")


def _best(run: object, folder: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(folder)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_mib(what: str, folder: Path) -> float:
    code = PEAK.format(root=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, what, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--answers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    course = load_course(builtin_course_dir()).course
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        start = time.perf_counter()
        files = list(write_class(course, folder, args.students, args.answers))
        size = sum(path.stat().st_size for path in files)
        largest = max(path.stat().st_size for path in files)
        print(
            f"class: {args.students} students x {args.answers:,} answers = "
            f"{args.students * args.answers:,} answers, {size / 2**20:,.0f} MiB of JSON "
            f"(written in {time.perf_counter() - start:.1f} s)"
        )
        floor = _best(_loads, folder, args.repeat)
        report = _best(_report, folder, args.repeat)
        print(f"json.loads of every file:  {floor:6.2f} s")
        print(f"class report --format json: {report:6.2f} s  ({report / floor:.2f}x; target <= 2x)")
        print(
            f"peak memory: json.loads {_peak_mib('json', folder):.0f} MiB, class report "
            f"{_peak_mib('report', folder):.0f} MiB (largest file {largest / 2**20:.1f} MiB; "
            f"all files {size / 2**20:,.0f} MiB)"
        )


if __name__ == "__main__":
    main()
