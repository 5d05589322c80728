"""Loading a course again after its files changed, keeping the last good version of any
file that a save broke.

An instructor edits while the app runs: a half-typed save must not take away the lesson
on screen. So a lesson or quiz that loaded before and is broken now stays as it was, with
its problem listed; a file that is gone is gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from trainer.course.loader import LoadedCourse, load_course
from trainer.course.models import Course, Lesson, Quiz
from trainer.text import plural

_COURSE_FILES = {"lessons": ".md", "quizzes": ".toml"}


def is_course_file(root: Path, path: Path) -> bool:
    """Whether ``path`` is a file the loader reads: ``course.toml``, a lesson or a quiz.

    Editors' temporary and lock files (hidden, ``~`` backups) are not: their saves end
    in a rename onto the real name, which is what counts.
    """
    try:
        relative = path.relative_to(root)
    except ValueError:
        return False
    parts = relative.parts
    if parts == ("course.toml",):
        return True
    return (
        len(parts) == 2
        and parts[0] in _COURSE_FILES
        and parts[1].endswith(_COURSE_FILES[parts[0]])
        and not parts[1].startswith(".")
    )


@dataclass(frozen=True)
class Reloaded:
    """A course loaded again, and what changed for the student's screens."""

    loaded: LoadedCourse
    changed: list[Path] = field(default_factory=list)
    """Course files that changed and loaded cleanly (or were added)."""
    removed: list[Path] = field(default_factory=list)
    """Course files that are gone."""
    kept: list[Path] = field(default_factory=list)
    """Files broken by the change whose last good version is still shown."""
    listing_changed: bool = True
    """Whether what lists the lessons changed: their ids, titles, summaries, order,
    topics or links, or the course's own title and description."""
    quizzes_changed: bool = True
    """Whether any quiz changed, appeared or went (mastery must be worked out again)."""

    def summary(self) -> str:
        """What was reloaded, in a line for the status message."""
        root = self.loaded.course.root
        parts = []
        if self.changed:
            parts.append("Reloaded " + _names(self.changed, root))
        if self.removed:
            parts.append("Removed " + _names(self.removed, root))
        if self.kept:
            kept = {p for p in self.kept}
            problems = plural(sum(1 for p in self.loaded.problems if p.path in kept), "problem")
            has, its = ("has", "its") if len(self.kept) == 1 else ("have", "their")
            parts.append(
                f"{_names(self.kept, root)} {has} {problems}: showing {its} last good "
                "version (press ! to see)"
            )
        if not parts:
            if self.loaded.problems:
                return f"Course files changed: {plural(len(self.loaded.problems), 'problem')}"
            return "Course files changed; nothing to show differs"
        return "; ".join(parts)


def _names(paths: list[Path], root: Path) -> str:
    shown = [p.relative_to(root).as_posix() if p.is_relative_to(root) else p.name for p in paths]
    if len(shown) > 3:
        return f"{', '.join(shown[:2])} and {len(shown) - 2} more files"
    return ", ".join(shown)


def reload_course(previous: LoadedCourse, touched: Iterable[Path] = ()) -> Reloaded:
    """Load ``previous``'s course again; keep the last good version of files now broken.

    ``touched`` are the paths the watcher reported; they only shape the summary.
    """
    course = previous.course
    loaded = load_course(course.root, reuse=previous.parsed)
    kept_lessons = {
        lesson.id: lesson
        for lesson in course.lessons
        if lesson.source in loaded.broken_files and loaded.course.lesson(lesson.id) is None
    }
    kept_quizzes = {
        quiz_id: quiz
        for quiz_id, quiz in course.quizzes.items()
        if quiz.source in loaded.broken_files and quiz_id not in loaded.course.quizzes
    }
    info_path = course.root / "course.toml"
    # A course.toml that no longer parses gives the defaults ("Untitled course"): keep
    # the title and description it had instead.
    info_broken = any(p.path == info_path for p in loaded.problems) and info_path.is_file()
    if kept_lessons or kept_quizzes or info_broken:
        kept_course = _with_kept(loaded.course, course, kept_lessons, kept_quizzes)
        if info_broken:
            kept_course = kept_course.model_copy(update={"info": course.info})
        loaded = LoadedCourse(
            course=kept_course,
            problems=loaded.problems,
            broken_files=loaded.broken_files | ({info_path} if info_broken else set()),
            parsed=loaded.parsed,
        )
    kept = sorted(
        {*(lesson.source for lesson in kept_lessons.values() if lesson.source)}
        | {quiz.source for quiz in kept_quizzes.values() if quiz.source}
        | ({info_path} if info_broken else set())
    )
    root = course.root
    relevant = sorted({p for p in touched if is_course_file(root, p)})
    removed = [p for p in relevant if not p.exists()]
    changed = [p for p in relevant if p.exists() and p not in loaded.broken_files]
    new = loaded.course
    return Reloaded(
        loaded=loaded,
        changed=changed,
        removed=removed,
        kept=kept,
        listing_changed=_listing(new) != _listing(course),
        quizzes_changed=new.quizzes.keys() != course.quizzes.keys()
        or any(
            quiz is not course.quizzes[key] and quiz != course.quizzes[key]
            for key, quiz in new.quizzes.items()
        ),
    )


def _listing(course: Course) -> tuple[object, ...]:
    """What the home screen and mastery take from the lessons (not their text)."""
    return (
        course.info,
        [(lesson.id, lesson.meta) for lesson in course.lessons],
        course.lesson_quizzes,
    )


def _with_kept(
    new: Course, old: Course, lessons: dict[str, Lesson], quizzes: dict[str, Quiz]
) -> Course:
    """``new`` with the kept lessons and quizzes put back, linked as they were.

    A kept lesson keeps its quizzes in their old order (quizzes linked to it only now
    follow); a kept quiz goes back to its old lesson, unless another lesson has it now.
    """
    all_lessons = sorted([*new.lessons, *lessons.values()], key=lambda x: (x.meta.order, x.id))
    all_quizzes = {**new.quizzes, **quizzes}
    links = {lesson_id: list(quiz_ids) for lesson_id, quiz_ids in new.lesson_quizzes.items()}
    owner = {quiz_id: lesson_id for lesson_id, ids in links.items() for quiz_id in ids}
    present = {lesson.id for lesson in all_lessons}
    for lesson_id, quiz_ids in old.lesson_quizzes.items():
        if lesson_id not in present:
            continue
        back = [
            quiz_id
            for quiz_id in quiz_ids
            if (lesson_id in lessons or quiz_id in quizzes)
            and quiz_id in all_quizzes
            and owner.get(quiz_id, lesson_id) == lesson_id
        ]
        now = links.get(lesson_id, [])
        if lesson_id in lessons:
            merged = [*back, *(q for q in now if q not in back)]
        else:
            merged = [*now, *(q for q in back if q not in now)]
        if merged:
            links[lesson_id] = merged
            owner.update(dict.fromkeys(merged, lesson_id))
    return Course(
        root=new.root,
        info=new.info,
        lessons=all_lessons,
        quizzes=all_quizzes,
        lesson_quizzes={lesson_id: tuple(quiz_ids) for lesson_id, quiz_ids in links.items()},
    )
