"""Reviews as good as Anki's: a missed card comes back in the session; study ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.course.models import Course
from trainer.mastery.scheduling import card_from_dict
from trainer.progress.bounds import card_problem
from trainer.study.session import RELEARN_AFTER, StudySession

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RIGHT = {
    "basics/b1": "A",
    "basics/b2": True,
    "basics/b3": "heart",
    "basics/b4": "A",
    "basics/b5": [["a", "1"], ["b", "2"]],
}


def _answered_everything(course: Course, data: Path, when: datetime, *, wrong: str = "") -> None:
    session = StudySession.open(course, data, "anna", now=lambda: when)
    run = session.start_quiz(course.quizzes["basics"], seed=1)
    for item in run.attempt.items:
        key = f"basics/{item.question.id}"
        session.answer(run, item.question.id, "nope" if key == wrong else RIGHT[key], 2.0)
    session.finish(run)
    session.close()


def test_a_question_missed_in_a_review_comes_back_after_a_few_others(
    small_course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _answered_everything(small_course, data, NOW - timedelta(days=30))
    later = NOW
    session = StudySession.open(small_course, data, "anna", now=lambda: later)
    run = session.start_review(seed=1)
    assert run is not None and run.attempt.total == 5
    first = run.attempt.items[run.next_index() or 0].question.id
    session.answer(run, first, "wrong", 1.0)
    asked = [first]
    while (index := run.next_index()) is not None:
        question_id = run.attempt.items[index].question.id
        asked.append(question_id)
        session.answer(run, question_id, RIGHT[question_id], 1.0)
    # Missed first, asked again after RELEARN_AFTER others, then right: done.
    assert asked.count(first) == 2
    assert asked.index(first, 1) == 1 + RELEARN_AFTER
    assert run.attempt.correct_count == 5
    session.close()


def test_a_card_missed_again_and_again_keeps_coming_back_until_right(
    small_course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _answered_everything(small_course, data, NOW - timedelta(days=30))
    session = StudySession.open(small_course, data, "anna", now=lambda: NOW)
    run = session.start_review(seed=1)
    assert run is not None
    misses = 0
    while (index := run.next_index()) is not None:
        question_id = run.attempt.items[index].question.id
        if question_id == "basics/b2" and misses < 3:
            misses += 1
            session.answer(run, question_id, False, 1.0)
        else:
            session.answer(run, question_id, RIGHT[question_id], 1.0)
    assert misses == 3 and run.attempt.responses["basics/b2"].grade.correct
    assert session.store is not None
    assert session.store.question_state("basics/b2").seen == 1 + 4  # every answer saved
    session.close()


def test_study_ahead_brings_the_next_cards_forward_without_breaking_them(
    small_course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _answered_everything(small_course, data, NOW)
    session = StudySession.open(small_course, data, "anna", now=lambda: NOW)
    assert session.start_review() is None  # nothing is due: all answered right just now
    assert session.store is not None
    before = {k: card_from_dict(s.card) for k, s in session.store.summary.questions.items()}
    run = session.start_study_ahead(limit=3, seed=1)
    assert run is not None and run.attempt.total == 3
    assert run.quiz.title == "Study ahead: 3 questions not due yet"
    dues = sorted((card.due, key) for key, card in before.items() if card is not None)
    assert {i.question.id for i in run.attempt.items} == {key for _, key in dues[:3]}
    for item in run.attempt.items:
        session.answer(run, item.question.id, RIGHT[item.question.id], 2.0)
    session.finish(run)
    for item in run.attempt.items:
        state = session.store.question_state(item.question.id)
        assert state.card is not None and card_problem(state.card) is None
        card = card_from_dict(state.card)
        assert card is not None and card.due > NOW  # still scheduled ahead, not due now
    # Practice: the quiz's own score is untouched.
    assert session.store.quiz_status("basics").last_score == 100.0
    session.close()


def test_a_daily_cap_limits_the_reviews_of_a_local_day(
    small_course: Course, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _answered_everything(small_course, data, NOW - timedelta(days=30))
    session = StudySession.open(small_course, data, "anna", now=lambda: NOW)
    session.max_reviews_per_day = 3
    assert session.reviews_left_today() == 3
    run = session.start_review(seed=1)
    assert run is not None and run.attempt.total == 3  # the hardest three of five
    for item in run.attempt.items[:2]:
        session.answer(run, item.question.id, RIGHT[item.question.id], 1.0)
    session.abandon(run)
    assert session.reviews_left_today() == 1
    again = session.start_review(seed=1)
    assert again is not None and again.attempt.total == 1
    session.answer(again, again.attempt.items[0].question.id, "wrong", 1.0)
    session.finish(again)
    assert session.reviews_left_today() == 0
    assert session.start_review() is None  # done for today
    tomorrow = StudySession.open(
        small_course, data, "anna", now=lambda: NOW + timedelta(days=1), max_reviews_per_day=3
    )
    assert tomorrow.reviews_left_today() == 3
    session.close()


def test_saving_the_theme_keeps_a_cap_written_by_hand(tmp_path: Path) -> None:
    from trainer.progress.settings import Settings, load_settings, save_settings

    (tmp_path / "settings.toml").write_text("max_reviews_per_day = 50\n")
    assert load_settings(tmp_path)[0].max_reviews_per_day == 50
    save_settings(tmp_path, Settings(theme="nord"))
    settings, notice = load_settings(tmp_path)
    assert (settings.theme, settings.max_reviews_per_day, notice) == ("nord", 50, None)
    (tmp_path / "settings.toml").write_text("max_reviews_per_day = 0\n")
    settings, notice = load_settings(tmp_path)
    assert settings.max_reviews_per_day is None and notice is not None  # refused, said so
