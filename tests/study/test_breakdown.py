"""An exam's score by lesson and topic: what to read again."""

from __future__ import annotations

from pathlib import Path

from tests.fixture_course import write_course
from trainer.course.loader import load_course
from trainer.quiz.attempt import Attempt
from trainer.study.breakdown import by_lesson, by_topic


def test_an_exam_is_broken_down_by_the_lessons_its_questions_name(tmp_path: Path) -> None:
    root = write_course(tmp_path)
    final = root / "quizzes" / "final.toml"
    final.write_text(
        final.read_text().replace('id = "f1"\n', 'id = "f1"\nlesson = "strokes"\n')
        + '\n[[questions]]\nid = "f2"\nlesson = "basics"\nprompt = "Two?"\n'
        'type = "true_false"\nexplanation = "E."\nanswer = true\n'
        '\n[[questions]]\nid = "f3"\nlesson = "basics"\nprompt = "Three?"\n'
        'type = "true_false"\nexplanation = "E."\nanswer = true\n'
    )
    loaded = load_course(root)
    assert not loaded.problems, loaded.problems
    course = loaded.course
    attempt = Attempt.start(course.quizzes["final"], seed=1)
    attempt.answer("f1", "B")  # wrong
    attempt.answer("f2", True)
    attempt.answer("f3", False)
    lessons = by_lesson(course, attempt)
    assert [(p.key, p.right, p.asked) for p in lessons] == [("strokes", 0, 1), ("basics", 1, 2)]
    assert lessons[0].title == "Strokes" and lessons[1].share == 0.5
    topics = by_topic(course, lessons)
    # strokes is tagged anatomy and technique, basics anatomy: weakest first.
    assert [(t.key, t.right, t.asked) for t in topics] == [("technique", 0, 1), ("anatomy", 1, 3)]
