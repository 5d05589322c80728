"""Benchmark: ``records send`` of 100,000 statements to a local Ralph LRS, beside plain httpx.

Makes a synthetic history in memory (full attempts of 20 answers, and lessons read),
turns it into statements with the app's code, then sends them in batches of 500 to a
fresh Ralph 5.1 with its file backend (tests/lrs_harness.py starts it on 127.0.0.1):

* app: ``trainer.xapi.send.send_statements``, as ``records send`` runs it (the resume
  state written after every batch);
* plain: the same batches, encoded with ``json.dumps`` and posted by an ``httpx.Client``
  to a second fresh Ralph (no app code).

It prints statements per second for each block of 10,000 beside the number of statements
the store held when the block began: Ralph's file backend reads its whole file for every
request (to find ids it already has), so the rate falls as the store grows, for both.

Run: ``python bench/bench_lrs_send.py [--statements 100000] [--batch 500] [--block 10000]``.
Needs Ralph's virtual environment (``python3 tests/lrs_harness.py ensure-venv``). A
benchmark, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.lrs_harness import RalphServer, ensure_ralph_venv  # noqa: E402
from trainer.progress.models import (  # noqa: E402
    AnswerEvent,
    AttemptEndEvent,
    AttemptStartEvent,
    HistoryChunk,
    LessonEvent,
)
from trainer.xapi.credentials import Credentials  # noqa: E402
from trainer.xapi.lrs import open_client  # noqa: E402
from trainer.xapi.send import Plan, SendReport, send_statements  # noqa: E402
from trainer.xapi.sent import Resume, SentState  # noqa: E402
from trainer.xapi.statements import Learner, Statement, build_statements  # noqa: E402

QUESTIONS = 20
ANSWERS = [True, "B", ["A", "C"], [["a", "1"], ["b", "2"]], "effleurage"]


def synthetic_history(statements: int) -> HistoryChunk:
    """Enough full attempts (20 answers, a completion, a pass or fail: 22 statements
    each) and lessons read for ``statements`` statements."""
    chunk = HistoryChunk()
    moment = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    attempts = statements // (QUESTIONS + 2) + 1
    for number in range(attempts):
        quiz = f"quiz-{number % 40:02d}"
        attempt = f"{moment:%Y%m%dT%H%M%SZ}-{number:06x}"
        keys = [f"{quiz}/q{i:02d}" for i in range(QUESTIONS)]
        chunk.attempts.append(
            AttemptStartEvent(
                attempt=attempt, quiz=quiz, mode="practice", questions=keys, kind="full",
                started_at=moment,
            )
        )  # fmt: skip
        right = 0
        for index, key in enumerate(keys):
            moment += timedelta(seconds=9, microseconds=index)
            correct = (number + index) % 4 != 0
            right += correct
            chunk.answers.append(
                AnswerEvent(
                    attempt=attempt, question=key, answer=ANSWERS[index % len(ANSWERS)],
                    correct=correct, seconds=8.5, answered_at=moment,
                )
            )  # fmt: skip
        moment += timedelta(seconds=5)
        score = 100 * right / QUESTIONS
        chunk.results.append(
            AttemptEndEvent(
                attempt=attempt, quiz=quiz, outcome="finished", score=score,
                passed=score >= 80, ended_at=moment,
            )
        )  # fmt: skip
        if number % 10 == 0:
            chunk.lessons.append(LessonEvent(lesson=quiz, fraction=1.0, at=moment))
        moment += timedelta(minutes=30)
    return chunk


def rates(marks: list[tuple[int, float]], block: int) -> list[tuple[int, float]]:
    """(store size at the block's start, statements per second) for each whole block,
    from (statements sent, seconds since the start) after each batch."""
    found: list[tuple[int, float]] = []
    start_count, start_time = 0, 0.0
    for count, moment in marks:
        if count - start_count >= block:
            found.append((start_count, (count - start_count) / (moment - start_time)))
            start_count, start_time = count, moment
    return found


def run_app(
    server: RalphServer, statements: list[Statement], batch: int
) -> list[tuple[int, float]]:
    marks: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as folder:
        plan = Plan(statements, SentState(), Resume(0))
        began = time.perf_counter()

        def note(report: SendReport) -> None:
            marks.append((report.sent, time.perf_counter() - began))

        with open_client(Credentials(server.username, server.password), timeout=600) as client:
            report = send_statements(
                plan, client, server.endpoint, Path(folder), batch_size=batch, on_batch=note
            )
    if report.error is not None or report.sent != len(statements):
        raise SystemExit(f"the app's send stopped: {report.error}")
    return marks


def run_plain(
    server: RalphServer, statements: list[Statement], batch: int
) -> list[tuple[int, float]]:
    marks: list[tuple[int, float]] = []
    sent = 0
    with httpx.Client(headers=server.headers, timeout=600) as client:
        began = time.perf_counter()
        for start in range(0, len(statements), batch):
            body = json.dumps(statements[start : start + batch]).encode()
            answer = client.post(server.statements_url, content=body)
            if answer.status_code != 200:
                raise SystemExit(f"plain post: HTTP {answer.status_code} {answer.text[:200]}")
            sent += len(answer.json())
            marks.append((sent, time.perf_counter() - began))
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--block", type=int, default=10_000)
    args = parser.parse_args()

    venv = ensure_ralph_venv(log=lambda message: print(message, file=sys.stderr))
    began = time.perf_counter()
    chunk = synthetic_history(args.statements)
    made = time.perf_counter()
    learner = Learner(profile_id="0" * 32, name="Bench Student")
    statements = build_statements(chunk, learner, "bench-course")[: args.statements]
    built = time.perf_counter()
    size = sum(len(json.dumps(s)) for s in statements)
    print(
        f"{len(statements):,} statements ({size / len(statements):,.0f} bytes each as JSON): "
        f"history made in {made - began:.1f} s, statements built in {built - made:.1f} s "
        f"({len(statements) / (built - made):,.0f}/s)"
    )
    results = {}
    for name, run in (("app", run_app), ("plain httpx", run_plain)):
        with tempfile.TemporaryDirectory(prefix="bench-ralph-") as root:
            with RalphServer(Path(root), venv=venv, start_timeout=60) as server:
                marks = run(server, statements, args.batch)
                stored = len(server.data_file.read_text(encoding="utf-8").splitlines())
                file_mb = server.data_file.stat().st_size / 1e6
            total = marks[-1][1]
            print(
                f"{name}: {len(statements):,} sent in {total:.1f} s "
                f"({len(statements) / total:,.0f}/s overall); the store holds {stored:,} "
                f"({file_mb:,.0f} MB)"
            )
            results[name] = rates(marks, args.block)
    print()
    print(f"{'store size':>12}  {'app /s':>9}  {'plain /s':>9}  {'app/plain':>9}")
    for (count, app), (_, plain) in zip(results["app"], results["plain httpx"], strict=False):
        print(f"{count:>12,}  {app:>9,.0f}  {plain:>9,.0f}  {app / plain:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
