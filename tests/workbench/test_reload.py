"""Loading a course again after a save (no Textual): what is kept, what the line says."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.ui.helpers import write, write_course
from trainer.course.loader import load_course
from trainer.course.reload import is_course_file, reload_course

QUESTION = """
[[questions]]
id = "q1"
type = "true_false"
prompt = "Effleurage glides."
answer = true
explanation = "It does."
"""


EXTRA = '+++\ntitle = "Extra"\nsummary = "S."\n+++\nText.\n'


def test_a_clean_save_is_taken_and_named(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    before = load_course(root)
    lesson = root / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace('title = "Basics"', 'title = "Basics, again"'))
    reloaded = reload_course(before, [lesson])
    assert reloaded.loaded.course.lessons[0].title == "Basics, again"
    assert reloaded.summary() == "Reloaded lessons/basics.md"
    assert (reloaded.kept, reloaded.removed) == ([], [])


def test_a_broken_save_keeps_the_last_good_lesson_and_quiz_linked(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    before = load_course(root)
    lesson = root / "lessons" / "basics.md"
    quiz = root / "quizzes" / "basics.toml"
    lesson.write_text(lesson.read_text().replace('title = "Basics"', 'title = "Basics'))
    quiz.write_text(quiz.read_text().replace("answer = true", "answer = maybe"))
    reloaded = reload_course(before, [lesson, quiz])
    course = reloaded.loaded.course
    assert course.lessons == before.course.lessons
    assert course.quizzes == before.course.quizzes
    assert course.quizzes_for(course.lessons[0]) == [course.quizzes["basics"]]
    assert {p.path for p in reloaded.loaded.problems} == {lesson, quiz}
    assert reloaded.kept == [lesson, quiz]
    assert reloaded.summary() == (
        "lessons/basics.md, quizzes/basics.toml have 2 problems: showing their last good "
        "version (press ! to see)"
    )
    # Fixed: the new version is taken and the problems are gone.
    lesson.write_text(lesson.read_text().replace('title = "Basics', 'title = "Fixed"'))
    quiz.write_text(quiz.read_text().replace("answer = maybe", "answer = false"))
    fixed = reload_course(reloaded.loaded, [lesson, quiz])
    assert fixed.loaded.problems == []
    assert fixed.loaded.course.lessons[0].title == "Fixed"
    assert fixed.loaded.course.quizzes["basics"].questions[0].answer is False


def test_a_file_new_and_broken_is_listed_not_kept(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    before = load_course(root)
    new = write(root / "lessons" / "new.md", "no front matter\n")
    reloaded = reload_course(before, [new])
    assert [lesson.id for lesson in reloaded.loaded.course.lessons] == ["basics"]
    assert reloaded.summary() == "Course files changed: 1 problem"


def test_a_removed_lesson_is_gone_and_named(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    extra = write(
        root / "lessons" / "extra.md", '+++\ntitle = "Extra"\nsummary = "S."\n+++\nText.\n'
    )
    before = load_course(root)
    extra.unlink()
    reloaded = reload_course(before, [extra])
    assert [lesson.id for lesson in reloaded.loaded.course.lessons] == ["basics"]
    assert reloaded.summary() == "Removed lessons/extra.md"


def test_only_files_the_loader_reads_count(tmp_path):
    root = tmp_path
    yes = ["course.toml", "lessons/a.md", "quizzes/a.toml"]
    no = ["lessons/.a.md.swp", "lessons/a.md~", "lessons/a.toml", "notes.md", "lessons/x/a.md",
          "quizzes/.#a.toml"]  # fmt: skip
    assert [is_course_file(root, root / name) for name in yes] == [True] * 3
    assert [is_course_file(root, root / name) for name in no] == [False] * len(no)
    assert not is_course_file(root, Path("/elsewhere/lessons/a.md"))


def test_files_that_did_not_change_are_not_read_again(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    extra = write(root / "lessons" / "extra.md", EXTRA)
    old = time.time() - 60  # settled files: a parse of a fresh one is not trusted
    for path in (*root.glob("*/*"), root / "course.toml"):
        os.utime(path, (old, old))
    before = load_course(root)
    lesson = root / "lessons" / "basics.md"
    lesson.write_text(lesson.read_text().replace("Text.", "New text."))
    reloaded = reload_course(before, [lesson])
    after = reloaded.loaded.course
    assert after.lesson("extra") is before.course.lesson("extra")  # the same object: not read
    assert after.quizzes["basics"] is before.course.quizzes["basics"]
    assert "New text." in after.lesson("basics").body
    assert not reloaded.listing_changed and not reloaded.quizzes_changed
    # A file changed within the clock's tick of being read is read again next time.
    lesson.write_text(lesson.read_text().replace("New text.", "Newer text"))
    again = reload_course(reloaded.loaded, [lesson])
    assert "Newer text" in again.loaded.course.lesson("basics").body
    extra.unlink()
    assert reload_course(again.loaded, [extra]).listing_changed


def test_a_broken_course_toml_keeps_the_title_it_had(tmp_path):
    root = write_course(tmp_path / "c", QUESTION)
    info = root / "course.toml"
    before = load_course(root)
    info.write_text('title = "Test course\n')
    reloaded = reload_course(before, [info])
    assert reloaded.loaded.course.info.title == "Test course"
    assert reloaded.kept == [info]
    assert reloaded.summary() == (
        "course.toml has 1 problem: showing its last good version (press ! to see)"
    )
    assert reloaded.loaded.parsed is before.parsed  # the next reload still reads only changes


def test_pages_read_before_an_edit_that_changed_their_number_are_not_counted():
    from trainer.study.reading import ReadingLog

    log = ReadingLog()
    for page in range(3):
        log.page_end_seen("l", page, 4)
    assert log.pages_read("l", 4) == {0, 1, 2}
    assert log.pages_read("l", 3) == frozenset()  # the lesson now has 3 pages: other text
    assert log.page_end_seen("l", 2, 3) == 1 / 3
    assert log.pages_read("l") == {2}
