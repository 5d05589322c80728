"""The review queue: content, order, local days near midnight, forecast, weakest lesson."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st
from mastery_helpers import NOW, SCHEDULER, answered, card, mastered_card

from trainer.course.models import Course
from trainer.mastery.local_days import end_of_local_day, local_date
from trainer.mastery.review import (
    _mix_types,
    _Scheduled,
    due_questions,
    forecast,
    next_due,
    weakest_lesson,
)
from trainer.mastery.scheduling import schedule
from trainer.progress.models import QuestionState, QuizStatus

AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def due_state(
    due: datetime, *, stability: float = 5.0, difficulty: float = 5.0, correct: bool = True
) -> QuestionState:
    """A question last reviewed five days before ``due``."""
    table = card(stability, due - timedelta(days=5), due=due, difficulty=difficulty)
    return answered(table, correct=correct)


def hand_built_states() -> dict[str, QuestionState]:
    yesterday, tomorrow = NOW - timedelta(days=1), NOW + timedelta(days=1)
    return {
        # due; lower stability after the same wait = lower recall = harder
        "basics/b1": due_state(yesterday, stability=20.0),  # single
        "basics/b2": due_state(yesterday, stability=2.0),  # true_false
        "strokes/s2": due_state(NOW - timedelta(hours=1), stability=8.0),  # ordering
        # same recall as b1, harder: before it
        "final/f1": due_state(yesterday, stability=20.0, difficulty=9.0),  # single
        # reviewed and failed just now (full recall): stays due though its card says later
        "strokes/s3": answered(card(3.0, NOW, due=tomorrow), correct=False),  # multiple
        # not due yet
        "basics/b3": due_state(tomorrow + timedelta(days=1)),
        # never answered: new, not due
        "basics/b4": QuestionState(),
        "basics/b5": QuestionState(seen=1, right=1, last_correct=True),  # no card
        # deleted from the course: ignored
        "basics/gone": due_state(yesterday),
        "nosuchquiz/q": due_state(yesterday),
    }


def test_queue_content_hardest_first_types_mixed(course: Course) -> None:
    queue = due_questions(course, hand_built_states(), NOW, UTC)
    # by recall: b2 < s2 < f1 = b1 (f1 harder) < s3; b1 and f1 are both "single", so
    # s3 ("multiple") moves between them
    assert queue == [
        ("basics", "b2"),
        ("strokes", "s2"),
        ("final", "f1"),
        ("strokes", "s3"),
        ("basics", "b1"),
    ]


def test_types_stay_together_only_when_unavoidable(course: Course) -> None:
    yesterday = NOW - timedelta(days=1)
    states = {f"basics/b{i}": due_state(yesterday, stability=float(i)) for i in (1, 4)}
    states["final/f1"] = due_state(yesterday, stability=3.0)
    # all "single": hardest first, whatever the mixing
    assert due_questions(course, states, NOW, UTC) == [
        ("basics", "b1"),
        ("final", "f1"),
        ("basics", "b4"),
    ]


def test_nothing_due_and_next_due(course: Course) -> None:
    assert due_questions(course, {}, NOW, UTC) == []
    assert next_due(course, {}, NOW, UTC) is None
    in_three_days = NOW + timedelta(days=3)
    states = {
        "basics/b1": due_state(in_three_days),
        "basics/b2": due_state(NOW + timedelta(days=9)),
        "basics/gone": due_state(NOW + timedelta(days=1)),
    }
    assert due_questions(course, states, NOW, UTC) == []
    assert next_due(course, states, NOW, UTC) == in_three_days
    # questions due today are not "next"
    states["basics/b3"] = due_state(NOW - timedelta(days=1))
    assert next_due(course, states, NOW, UTC) == in_three_days


def test_failing_a_review_keeps_the_question_in_the_queue(course: Course) -> None:
    good = schedule(None, "basics/b1", correct=True, seconds=3, now=NOW, scheduler=SCHEDULER)
    review_time = good["due"]
    failed = schedule(
        good, "basics/b1", correct=False, seconds=3, now=review_time, scheduler=SCHEDULER
    )
    state = answered(failed, correct=False, seen=2)
    assert due_questions(course, {"basics/b1": state}, review_time, UTC) == [("basics", "b1")]
    # failed again a minute before local midnight: the 10-minute step lands tomorrow,
    # but it stays in today's queue
    late = datetime(2026, 3, 12, 23, 59, tzinfo=AUCKLAND).astimezone(UTC)
    again = schedule(failed, "basics/b1", correct=False, seconds=3, now=late, scheduler=SCHEDULER)
    assert local_date(again["due"], AUCKLAND) > local_date(late, AUCKLAND)
    state = answered(again, correct=False, seen=3)
    assert due_questions(course, {"basics/b1": state}, late, AUCKLAND) == [("basics", "b1")]


def _one_due(due: datetime) -> dict[str, QuestionState]:
    return {"basics/b1": due_state(due)}


def test_due_today_is_the_local_day_in_auckland(course: Course) -> None:
    # 23:30 on 10 January in Auckland (UTC+13) is 10:30 UTC the same day.
    now = datetime(2026, 1, 10, 23, 30, tzinfo=AUCKLAND)
    before_midnight = datetime(2026, 1, 10, 23, 50, tzinfo=AUCKLAND)
    after_midnight = datetime(2026, 1, 11, 0, 10, tzinfo=AUCKLAND)  # 11:10 UTC on the 10th
    assert after_midnight.astimezone(UTC).date() == now.astimezone(UTC).date()
    assert due_questions(course, _one_due(before_midnight), now, AUCKLAND) == [("basics", "b1")]
    assert due_questions(course, _one_due(after_midnight), now, AUCKLAND) == []
    # counted in UTC days it would wrongly be due "today"
    assert due_questions(course, _one_due(after_midnight), now, UTC) == [("basics", "b1")]
    assert next_due(course, _one_due(after_midnight), now, AUCKLAND) == after_midnight


def test_due_today_is_the_local_day_in_los_angeles(course: Course) -> None:
    # 00:30 on 11 January in Los Angeles (UTC-8) is 08:30 UTC.
    now = datetime(2026, 1, 11, 0, 30, tzinfo=LOS_ANGELES)
    this_evening = datetime(2026, 1, 11, 20, 0, tzinfo=LOS_ANGELES)  # 04:00 UTC on the 12th
    assert due_questions(course, _one_due(this_evening), now, LOS_ANGELES) == [("basics", "b1")]
    assert due_questions(course, _one_due(this_evening), now, UTC) == []
    # 23:30 local, a card due 00:10 local tomorrow (same UTC day): not today
    late = datetime(2026, 1, 11, 23, 30, tzinfo=LOS_ANGELES)
    tomorrow = datetime(2026, 1, 12, 0, 10, tzinfo=LOS_ANGELES)
    assert due_questions(course, _one_due(tomorrow), late, LOS_ANGELES) == []


def test_end_of_local_day_across_a_clock_change() -> None:
    # New Zealand daylight saving ends 5 April 2026 at 03:00 -> 02:00: a 25-hour day.
    now = datetime(2026, 4, 5, 1, 0, tzinfo=AUCKLAND)
    end = end_of_local_day(now, AUCKLAND)
    assert end == datetime(2026, 4, 6, 0, 0, tzinfo=AUCKLAND).astimezone(UTC)
    assert end - datetime(2026, 4, 5, 0, 0, tzinfo=AUCKLAND) == timedelta(hours=25)


def test_forecast_counts_local_days(course: Course) -> None:
    tz = LOS_ANGELES
    now = datetime(2026, 1, 10, 9, 0, tzinfo=tz)
    states = {
        "basics/b1": due_state(now - timedelta(days=3)),  # overdue: today
        "basics/b2": due_state(datetime(2026, 1, 10, 22, 0, tzinfo=tz)),  # today
        "basics/b3": due_state(datetime(2026, 1, 11, 23, 30, tzinfo=tz)),  # tomorrow (UTC: 12th)
        "basics/b4": due_state(datetime(2026, 1, 23, 8, 0, tzinfo=tz)),  # day 13: last one
        "basics/b5": due_state(datetime(2026, 1, 24, 8, 0, tzinfo=tz)),  # day 14: beyond
        "strokes/s1": answered(card(3.0, now, due=now + timedelta(days=5)), correct=False),
        "basics/gone": due_state(now),
    }
    days = forecast(course, states, now, tz)
    assert len(days) == 14
    assert days[0] == (date(2026, 1, 10), 3)
    assert days[0][1] == len(due_questions(course, states, now, tz))
    assert days[1] == (date(2026, 1, 11), 1)
    assert days[13] == (date(2026, 1, 23), 1)
    assert sum(count for _day, count in days) == 5
    assert [day for day, _ in days] == [date(2026, 1, 10) + timedelta(days=i) for i in range(14)]
    assert forecast(course, states, now, tz, days=0) == []


def test_weakest_lesson(course: Course) -> None:
    passed = {"basics": QuizStatus(last_passed=True), "strokes": QuizStatus(last_passed=True)}
    assert weakest_lesson(course, {}, passed, NOW) is None
    strong = {f"basics/b{i}": answered(mastered_card(NOW)) for i in range(1, 6)}
    # only basics started: it is the weakest even though mastered
    assert weakest_lesson(course, strong, passed, NOW) == "basics"
    weak = {**strong, "strokes/s1": answered(card(3.0, NOW), correct=False)}
    assert weakest_lesson(course, weak, passed, NOW) == "strokes"
    # same level (Familiar): the lower average recall loses
    fresh = {f"basics/b{i}": answered(card(2.3, NOW)) for i in range(1, 6)}
    older = {f"strokes/s{i}": answered(card(2.3, NOW - timedelta(days=2))) for i in (1, 2, 3)}
    assert weakest_lesson(course, {**fresh, **older}, passed, NOW) == "strokes"
    # a full tie: the earlier lesson in the course
    same = {f"strokes/s{i}": answered(card(2.3, NOW)) for i in (1, 2, 3)}
    assert weakest_lesson(course, {**fresh, **same}, passed, NOW) == "basics"


@given(st.lists(st.sampled_from(["single", "short", "matching"]), max_size=40))
def test_mixing_keeps_every_item_and_separates_types_when_possible(kinds: list[str]) -> None:
    items = [
        _Scheduled("q", str(i), kind, NOW, recall=i / 100, difficulty=5.0, missed=False)
        for i, kind in enumerate(kinds)
    ]
    mixed = _mix_types(items)
    assert sorted(mixed, key=lambda s: s.recall) == items
    for i in range(1, len(mixed)):
        if mixed[i].type == mixed[i - 1].type:
            # only when nothing of another type was left
            assert all(rest.type == mixed[i].type for rest in mixed[i:])
