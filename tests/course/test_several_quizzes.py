"""A lesson with several quizzes (a practice quiz and a test): links, checks, mastery,
reset, the quick read, the start-up cache and the schema."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fixture_course import write_several_quizzes_course
from trainer.course.loader import load_course
from trainer.course.models import Course, LessonMeta
from trainer.course.quick_index import QuickLesson, quick_course
from trainer.course.reload import reload_course
from trainer.mastery.levels import Level, lesson_levels, lesson_quizzes, lesson_states
from trainer.mastery.report import build_report
from trainer.mastery.review import weakest_lesson, weakest_quiz
from trainer.progress.store import ProgressStore
from trainer.study.session import StudySession
from trainer.ui.home_view import home_view, lesson_standings, quick_view
from trainer.ui.startup.cache import (
    CACHE_FORMAT,
    StartupCache,
    cache_path,
    course_stamp,
    known_lessons,
    read_cache,
    write_cache,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def problems_of(root: Path) -> list[str]:
    """Every problem as ``relative/path:line:col: message``."""
    return [
        f"{p.path.relative_to(root).as_posix()}:{p.line}:{p.col}: {p.message}"
        for p in load_course(root).problems
    ]


def set_listed(root: Path, lesson: str, listed: str) -> None:
    """Rewrite the ``quiz = ...`` line of ``lessons/<lesson>.md``."""
    path = root / "lessons" / f"{lesson}.md"
    path.write_text(re.sub(r"(?m)^quiz = .*$", f"quiz = {listed}", path.read_text()))


def set_lesson_key(root: Path, quiz: str, lesson: str | None) -> None:
    """Give ``quizzes/<quiz>.toml`` the top-level ``lesson = ...`` (None: none)."""
    path = root / "quizzes" / f"{quiz}.toml"
    text = re.sub(r'(?m)^lesson = ".*"\n', "", path.read_text(), count=1)
    if lesson is not None:
        text = f'lesson = "{lesson}"\n' + text
    path.write_text(text)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_several_quizzes_course(tmp_path / "course")


# ---------------------------------------------------------------------------- links


def test_a_list_of_quizzes_links_each_to_the_lesson(root: Path) -> None:
    loaded = load_course(root)
    assert loaded.problems == []
    course = loaded.course
    assert course.lesson_quizzes == {
        "effleurage": ("eff-practice", "eff-test"),
        "petrissage": ("pet",),
    }
    effleurage = course.lessons[0]
    assert effleurage.meta.quiz_ids == ("eff-practice", "eff-test")
    assert [q.id for q in course.quizzes_for(effleurage)] == ["eff-practice", "eff-test"]
    assert course.quizzes_for("effleurage") == course.quizzes_for(effleurage)
    # The practice quiz does not name the lesson: the lesson's list is enough.
    for quiz_id in ("eff-practice", "eff-test"):
        assert course.lesson_for(course.quizzes[quiz_id]) is effleurage
    assert [q.id for q in course.standalone_quizzes()] == ["final"]


def test_one_id_is_a_list_of_one(root: Path) -> None:
    meta = load_course(root).course.lessons[1].meta
    assert meta.quiz == "pet" and meta.quiz_ids == ("pet",)
    assert LessonMeta(title="T", summary="S").quiz_ids == ()


def test_quizzes_come_in_the_lessons_order_then_those_naming_it_by_id(root: Path) -> None:
    set_listed(root, "effleurage", '["eff-test", "eff-practice"]')
    extra = (root / "quizzes" / "eff-test.toml").read_text().replace("Effleurage test", "More")
    (root / "quizzes" / "z-more.toml").write_text(extra)
    (root / "quizzes" / "a-more.toml").write_text(extra)
    loaded = load_course(root)
    assert loaded.problems == []
    course = loaded.course
    order = ("eff-test", "eff-practice", "a-more", "z-more")
    assert course.lesson_quizzes["effleurage"] == order
    assert [q.id for q in course.quizzes_for(course.lessons[0])] == list(order)
    # The lesson's questions follow the same order; the exam's come last.
    testing = [quiz.id for quiz, _ in course.questions_testing("effleurage")]
    assert testing == ["eff-test"] * 3 + ["eff-practice"] * 2 + ["a-more"] * 3 + ["z-more"] * 3 + [
        "final"
    ]


def test_quizzes_for_leaves_out_a_quiz_that_did_not_load(root: Path) -> None:
    test = root / "quizzes" / "eff-test.toml"
    test.write_text(test.read_text().replace("shuffle = false", "shuffle = maybe"))
    loaded = load_course(root)
    assert [p.path.name for p in loaded.problems] == ["eff-test.toml"]
    course = loaded.course
    # Still linked (its attempts are still the lesson's), but not offered.
    assert course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")
    assert [q.id for q in course.quizzes_for(course.lessons[0])] == ["eff-practice"]


def test_a_question_of_either_quiz_tests_the_lesson(root: Path) -> None:
    course = load_course(root).course
    practice, test = course.quizzes["eff-practice"], course.quizzes["eff-test"]
    assert course.tested_lesson(practice, practice.questions[0]) == "effleurage"
    assert course.tested_lesson(test, test.questions[2]) == "effleurage"


def test_a_lessons_only_load_takes_the_lists_from_the_front_matter(root: Path) -> None:
    course = load_course(root, with_quizzes=False).course
    assert course.lesson_quizzes == {
        "effleurage": ("eff-practice", "eff-test"),
        "petrissage": ("pet",),
    }


# ---------------------------------------------------------------------------- problems


def test_a_quiz_listed_twice_is_reported_at_the_repeat(root: Path) -> None:
    path = root / "lessons" / "effleurage.md"
    path.write_text(
        path.read_text().replace(
            'quiz = ["eff-practice", "eff-test"]',
            'quiz = [\n  "eff-practice",\n  "eff-test",\n  "eff-practice",\n]',
        )
    )
    assert problems_of(root) == [
        "lessons/effleurage.md:6:1: `quiz` (item 3) 'eff-practice' is already listed as item 1"
    ]
    # A lesson with a problem is left out, as any other problem leaves it out.
    assert [lesson.id for lesson in load_course(root).course.lessons] == ["petrissage"]


def test_a_quiz_two_lessons_list_belongs_to_the_first(root: Path) -> None:
    set_listed(root, "petrissage", '["pet", "eff-practice"]')
    assert problems_of(root) == [
        "lessons/petrissage.md:6:1: quiz 'eff-practice' already tests lesson 'effleurage'; "
        "a quiz tests one lesson (remove it here, or from the `quiz` of lesson 'effleurage')"
    ]
    course = load_course(root).course
    assert course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")
    assert course.lesson_quizzes["petrissage"] == ("pet",)


def test_a_listed_quiz_that_names_another_lesson_is_reported_at_its_lesson_key(
    root: Path,
) -> None:
    set_lesson_key(root, "eff-practice", "petrissage")
    assert problems_of(root) == [
        "quizzes/eff-practice.toml:1:1: this quiz says it tests lesson 'petrissage', but "
        "lesson 'effleurage' names this quiz"
    ]
    # Linked where the lesson lists it (as with one quiz), and to no second lesson.
    course = load_course(root).course
    assert course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")
    assert course.lesson_quizzes["petrissage"] == ("pet",)


def test_when_the_lesson_a_quiz_names_lists_it_too_that_lesson_has_it(root: Path) -> None:
    set_lesson_key(root, "eff-practice", "petrissage")
    set_listed(root, "petrissage", '["pet", "eff-practice"]')
    assert problems_of(root) == [
        "quizzes/eff-practice.toml:1:1: this quiz says it tests lesson 'petrissage', but "
        "lesson 'effleurage' names this quiz"
    ]
    course = load_course(root).course
    assert course.lesson_quizzes["effleurage"] == ("eff-test",)
    assert course.lesson_quizzes["petrissage"] == ("pet", "eff-practice")


def test_a_listed_quiz_that_does_not_exist_says_which_was_meant(root: Path) -> None:
    set_listed(root, "effleurage", '["eff-practice", "eff-tset"]')
    assert problems_of(root) == [
        "lessons/effleurage.md:6:1: quiz 'eff-tset' does not exist (no quizzes/eff-tset.toml) "
        "(did you mean `eff-test`?)"
    ]
    # The test still names the lesson itself, so it still belongs to it.
    assert load_course(root).course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")


def test_a_broken_lessons_list_is_still_checked(root: Path) -> None:
    path = root / "lessons" / "effleurage.md"
    set_listed(root, "effleurage", '["eff-practise", "eff-test", "eff-practise"]')
    path.write_text(path.read_text().replace('title = "Effleurage"', "title = 3"))
    assert problems_of(root) == [
        "lessons/effleurage.md:2:1: `title` must be text in quotes, not a whole number",
        "lessons/effleurage.md:6:1: `quiz` (item 3) 'eff-practise' is already listed as item 1",
        "lessons/effleurage.md:6:1: quiz 'eff-practise' does not exist (no "
        "quizzes/eff-practise.toml) (did you mean `eff-practice`?)",
    ]


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        ("[]", "`quiz` is an empty list: name at least one quiz, or leave `quiz` out"),
        (
            '["eff-test", 3]',
            "`quiz` (item 2) must be text in quotes, not a whole number",
        ),
        (
            '["eff-test", "no spaces"]',
            "`quiz` (item 2) 'no spaces' may contain only letters, digits, '-', '_' and '.', "
            "and must start with a letter or digit",
        ),
        (
            "3",
            '`quiz` must be a quiz id in quotes, or a list of them like ["a", "b"], '
            "not a whole number",
        ),
        (
            '"no spaces"',
            "`quiz` 'no spaces' may contain only letters, digits, '-', '_' and '.', "
            "and must start with a letter or digit",
        ),
    ],
)
def test_each_mistake_in_quiz_is_said_once_in_the_form_written(
    root: Path, listed: str, message: str
) -> None:
    set_listed(root, "effleurage", listed)
    assert problems_of(root) == [f"lessons/effleurage.md:6:1: {message}"]


# ---------------------------------------------------------------------------- mastery


def _answer(session: StudySession, course: Course, quiz_id: str, right: set[str]) -> None:
    """Take ``quiz_id`` in full: the questions in ``right`` right, the others wrong."""
    run = session.start_quiz(course.quizzes[quiz_id], seed=1)
    for item in run.attempt.items:
        session.answer(run, item.question.id, "A" if item.question.id in right else "B", 1.0)
    session.finish(run)


def test_a_lessons_mastery_counts_every_one_of_its_quizzes(root: Path, tmp_path: Path) -> None:
    course = load_course(root).course
    assert lesson_quizzes(course, "effleurage") == ["eff-practice", "eff-test"]
    session = StudySession.open(course, tmp_path / "data", "anna", now=lambda: NOW)
    assert session.store is not None
    _answer(session, course, "eff-practice", {"p1", "p2"})
    run = session.start_quiz(course.quizzes["final"], question_ids=["f1"], seed=1)
    session.answer(run, "f1", "A", 1.0)
    session.finish(run)
    summary = session.store.summary
    states = lesson_states(course, "effleurage", summary.questions)
    assert len(states) == 6  # 2 practice + 3 test + 1 exam question
    # 3 of 6 right is under the 80% a level needs: the untaken test counts as Not started.
    levels = lesson_levels(course, summary.questions, summary.quizzes, NOW)
    assert levels["effleurage"] is Level.ATTEMPTED
    _answer(session, course, "eff-test", {"t1", "t2", "t3"})
    summary = session.store.summary
    levels = lesson_levels(course, summary.questions, summary.quizzes, NOW)
    assert levels["effleurage"] is Level.FAMILIAR
    report = build_report(course, summary, None, NOW, UTC)
    effleurage = report.lessons[0]
    assert (effleurage.questions, effleurage.quiz_id) == (6, "eff-practice")
    assert effleurage.quiz_ids == ["eff-practice", "eff-test"]
    assert effleurage.by_level["familiar"] == 6
    assert [q.id for q in report.quizzes] == ["eff-practice", "eff-test", "pet", "final"]
    assert [q.lesson_id for q in report.quizzes] == ["effleurage", "effleurage", "petrissage", None]
    session.close()


def test_practice_weakest_takes_the_quiz_done_worst_on(root: Path, tmp_path: Path) -> None:
    course = load_course(root).course
    session = StudySession.open(course, tmp_path / "data", "anna", now=lambda: NOW)
    assert session.store is not None

    def weakest() -> str | None:
        summary = session.store.summary  # type: ignore[union-attr]
        return weakest_quiz(course, "effleurage", summary.questions, summary.quizzes, NOW)

    # Nothing answered in either: the first, in the lesson's order.
    assert weakest() == "eff-practice"
    _answer(session, course, "eff-practice", {"p1", "p2"})
    # The untaken test is what comes next, not practice: the practice quiz it is.
    assert weakest() == "eff-practice"
    _answer(session, course, "eff-test", set())
    assert weakest() == "eff-test"
    summary = session.store.summary
    assert weakest_lesson(course, summary.questions, summary.quizzes, NOW) == "effleurage"
    assert weakest_quiz(course, "nowhere", summary.questions, summary.quizzes, NOW) is None
    session.close()


def test_resetting_the_lesson_forgets_every_one_of_its_quizzes(root: Path, tmp_path: Path) -> None:
    course = load_course(root).course
    session = StudySession.open(course, tmp_path / "data", "anna", now=lambda: NOW)
    assert session.store is not None
    for quiz_id in ("eff-practice", "eff-test", "final", "pet"):
        _answer(session, course, quiz_id, {"p1", "t1", "f1", "f2", "k1"})
    session.reset("effleurage")
    store = session.store
    assert store is not None
    for quiz_id in ("eff-practice", "eff-test"):
        assert store.quiz_status(quiz_id).attempts == 0, quiz_id
    for key in ("eff-practice/p1", "eff-practice/p2", "eff-test/t1", "eff-test/t3", "final/f1"):
        assert store.question_state(key).seen == 0, key
    # The other lesson's quiz and its exam question are kept.
    assert store.quiz_status("pet").finished == 1
    assert store.question_state("pet/k1").seen == 1
    assert store.question_state("final/f2").seen == 1
    session.close()


# ---------------------------------------------------------------------------- live reload


def test_a_kept_lesson_keeps_its_quizzes_in_order(root: Path) -> None:
    before = load_course(root)
    lesson = root / "lessons" / "effleurage.md"
    lesson.write_text(lesson.read_text().replace('title = "Effleurage"', 'title = "Eff'))
    reloaded = reload_course(before, [lesson])
    course = reloaded.loaded.course
    assert reloaded.kept == [lesson]
    assert course.lessons[0] is before.course.lessons[0]
    assert course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")
    # The listing compares the lists: adding a quiz to a lesson is a change to show.
    lesson.write_text(lesson.read_text().replace('title = "Eff', 'title = "Effleurage"'))
    set_listed(root, "effleurage", '["eff-practice"]')
    changed = reload_course(reloaded.loaded, [lesson])
    assert changed.loaded.course.lesson_quizzes["effleurage"] == ("eff-practice", "eff-test")
    set_lesson_key(root, "eff-test", None)
    dropped = reload_course(changed.loaded, [root / "quizzes" / "eff-test.toml"])
    assert dropped.loaded.course.lesson_quizzes["effleurage"] == ("eff-practice",)
    assert dropped.listing_changed


# ---------------------------------------------------------------------------- quick read


def test_the_quick_read_carries_every_quiz_id(root: Path, tmp_path: Path) -> None:
    quick = quick_course(root)
    assert [(lesson.id, lesson.quizzes) for lesson in quick.lessons] == [
        ("effleurage", ("eff-practice", "eff-test")),
        ("petrissage", ("pet",)),
    ]
    course = load_course(root, with_quizzes=False).course
    store = ProgressStore.open(tmp_path / "data", "fresh")
    try:
        assert quick_view(quick) == home_view(course, store, before_quizzes=True)
    finally:
        store.close()


@pytest.mark.parametrize(
    "listed", ["[]", '["eff-test", "eff-test"]', '["eff-test", 3]', '["no spaces"]', "[[]]"]
)
def test_the_quick_read_leaves_out_a_list_the_loader_refuses(root: Path, listed: str) -> None:
    set_listed(root, "effleurage", listed)
    loaded = [lesson.id for lesson in load_course(root).course.lessons]
    assert [lesson.id for lesson in quick_course(root).lessons] == loaded == ["petrissage"]


def test_the_start_up_cache_keeps_every_quiz_id_and_the_standings(
    root: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    course = load_course(root, with_quizzes=False).course
    ProgressStore.open(data, "anna").close()
    stamp = course_stamp(root)
    view = home_view(course, None, before_quizzes=True)
    standings = lesson_standings(course, None)
    assert "effleurage\neff-practice,eff-test" in standings
    lessons = known_lessons(course.lessons, stamp, root)
    cache = StartupCache(view, None, standings, lessons=lessons)
    assert write_cache(data, "anna", root, cache, stamp)
    # A lesson file changed: the known lessons are what the next quick read starts from.
    lesson = root / "lessons" / "petrissage.md"
    lesson.write_text(lesson.read_text().replace("Kneading.", "Kneading!"))
    found = read_cache(data, "anna", root)
    assert found is not None and not found.course_current
    assert found.lessons["lessons/effleurage.md"][2] == QuickLesson(
        "effleurage", "Effleurage", "Gliding.", 1, ("eff-practice", "eff-test")
    )
    assert found.standings == standings
    quick = quick_course(root, found.lessons)
    assert quick.lessons[0].quizzes == ("eff-practice", "eff-test")
    assert quick_view(quick, found.standings) is not None


def test_a_start_up_cache_of_the_old_format_is_ignored(root: Path, tmp_path: Path) -> None:
    """Format 2 held one quiz id (or null) per lesson: never misread as a list."""
    data = tmp_path / "data"
    ProgressStore.open(data, "anna").close()
    course = load_course(root, with_quizzes=False).course
    stamp = course_stamp(root)
    lessons = known_lessons(course.lessons, stamp, root)
    cache = StartupCache(home_view(course, None, before_quizzes=True), None, lessons=lessons)
    assert write_cache(data, "anna", root, cache, stamp)
    # A lesson edited since: the cache's lessons are read (when current, they are not).
    lesson = root / "lessons" / "petrissage.md"
    lesson.write_text(lesson.read_text().replace("Kneading.", "Kneading!"))
    path = cache_path(data, "anna", root)
    found = read_cache(data, "anna", root)
    assert found is not None and found.lessons["lessons/effleurage.md"][2] is not None
    raw: dict[str, Any] = json.loads(path.read_text())
    assert raw["format"] == CACHE_FORMAT == 3
    raw["format"] = 2
    for entry in raw["lessons"]:
        entry[3][4] = entry[3][4][0]  # one id, as format 2 wrote it
    path.write_text(json.dumps(raw))
    assert read_cache(data, "anna", root) is None
    # And a list where format 3 expects one is refused even under the new number.
    raw["format"] = CACHE_FORMAT
    path.write_text(json.dumps(raw))
    assert read_cache(data, "anna", root) is None


# ---------------------------------------------------------------------------- schema


def _valid(schema: dict[str, Any], value: Any) -> bool:
    """The JSON Schema keywords the lesson schema's `quiz` uses, checked as the spec says."""
    if "anyOf" in schema and not any(_valid(s, value) for s in schema["anyOf"]):
        return False
    if "oneOf" in schema and sum(_valid(s, value) for s in schema["oneOf"]) != 1:
        return False
    kind = schema.get("type")
    if kind == "null" and value is not None:
        return False
    if kind == "string":
        if not isinstance(value, str) or len(value) > schema.get("maxLength", len(value)):
            return False
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return False
    if kind == "array":
        if not isinstance(value, list) or len(value) < schema.get("minItems", 0):
            return False
        if schema.get("uniqueItems") and len(set(map(json.dumps, value))) != len(value):
            return False
        if not all(_valid(schema.get("items", {}), item) for item in value):
            return False
    return True


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("effleurage", True),
        (["eff-practice", "eff-test"], True),
        (["eff-test"], True),
        ([], False),
        (["eff-test", "eff-test"], False),
        (["no spaces"], False),
        ("no spaces", False),
        (3, False),
    ],
)
def test_the_lesson_schema_takes_one_id_or_a_list(value: Any, valid: bool) -> None:
    schema = json.loads((REPO / "schemas" / "lesson.schema.json").read_text())
    quiz = schema["properties"]["quiz"]
    assert _valid(quiz, value) is valid
    described = json.dumps(quiz)
    assert "a list" in quiz["description"] and "several" in described
    # The model agrees (a repeat is the loader's check, at the repeat's position).
    if not isinstance(value, list) or len(set(value)) == len(value):
        try:
            LessonMeta.model_validate({"title": "T", "summary": "S", "quiz": value})
        except ValueError:
            assert not valid
        else:
            assert valid
