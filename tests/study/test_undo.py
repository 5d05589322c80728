"""Undo the last answer: it stops counting everywhere, and its card is as it was."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

from trainer.course.models import Course
from trainer.mastery.report import build_report
from trainer.progress.store import ProgressStore
from trainer.progress.transfer import export_record
from trainer.study.session import StudySession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_an_answer_taken_back_no_longer_counts_anywhere(
    small_course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    session = StudySession.open(small_course, data, "anna", now=lambda: NOW)
    run = session.start_quiz(small_course.quizzes["basics"], seed=1)
    session.answer(run, "b1", "A", 2.0)  # right: kept
    assert session.store is not None
    before = session.store.question_state("basics/b2")
    session.answer(run, "b2", False, 2.0)  # wrong: taken back
    assert session.store.question_state("basics/b2").seen == 1
    question, problem = session.undo(run)
    assert (question, problem) == ("b2", None)
    assert session.undo(run) == (None, None)  # only the last answer, once
    after = session.store.question_state("basics/b2")
    assert after == before  # seen, right, last answer and card as before it
    assert run.attempt.answered == 1 and "b2" not in run.attempt.responses
    assert session.store.summary.seconds_answering == 2.0  # its time taken off too
    session.answer(run, "b2", True, 2.0)  # answered again, right
    session.close()

    # Durable: an [[undos]] entry in the history, and a rebuilt summary agrees.
    rows = []
    for path in sorted((data / "profiles" / "anna" / "history").glob("*.toml")):
        rows += tomllib.loads(path.read_text()).get("undos", [])
    assert [(u["question"], u["was_correct"]) for u in rows] == [("basics/b2", False)]
    (data / "profiles" / "anna" / "profile.toml").unlink()
    with ProgressStore.open(data, "anna") as store:
        state = store.question_state("basics/b2")
        assert (state.seen, state.right, state.last_correct) == (1, 1, True)
        assert store.summary.answers == 2
        history = store.load_history()
        exported = export_record(store).record
        report = build_report(small_course, store.summary, history, NOW, UTC)
    answers = [(a.question, a.correct) for _, a in history.answers()]
    assert answers == [("basics/b1", True), ("basics/b2", True)]  # replay ignores it
    assert len(exported.attempts[0].answers) == 2  # so does the export
    assert report.time_spent_seconds == 4.0  # and the reports
    assert store.summary.seconds_answering == 4.0  # the summary's own count too
