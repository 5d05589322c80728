"""What ``validate`` finds in a course: the loader's problems and the extra checks, with
the counts its summary gives."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.course.checks import course_checks
from trainer.course.loader import load_course
from trainer.course.problems import Problem
from trainer.text import plural, printable_path


@dataclass(frozen=True)
class ValidationReport:
    """Every problem of one course folder, errors and warnings, sorted by place."""

    root: Path
    lessons: int
    quizzes: int
    questions: int
    problems: list[Problem]

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if not p.warning)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return len(self.problems) - self.errors

    def summary(self, builtin: bool = False) -> str:
        """One line: the folder checked, what it holds, and what was found."""
        name = "the built-in course" if builtin else printable_path(self.root)
        held = (
            f"{plural(self.lessons, 'lesson')}, {plural(self.quizzes, 'quiz', 'quizzes')}, "
            f"{plural(self.questions, 'question')}"
        )
        if not self.problems:
            return f"Checked {name}: {held}; no problems"
        found = []
        if self.errors:
            found.append(plural(self.errors, "problem"))
        if self.warnings:
            found.append(plural(self.warnings, "warning"))
        files = plural(len({p.path for p in self.problems}), "file")
        return f"Checked {name}: {held}; {' and '.join(found)} in {files}"

    def as_json(self, builtin: bool = False) -> dict[str, Any]:
        """The report as plain data for editors and CI (``validate --format json``)."""
        return {
            "course": str(self.root),
            "builtin": builtin,
            "lessons": self.lessons,
            "quizzes": self.quizzes,
            "questions": self.questions,
            "errors": self.errors,
            "warnings": self.warnings,
            "problems": [
                {
                    "file": printable_path(p.path),
                    "line": p.line,
                    "column": p.col,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }


def check_course(root: Path) -> ValidationReport:
    """Load the course at ``root`` and run every check on it."""
    loaded = load_course(root)
    course = loaded.course
    broken = loaded.broken_files
    lessons = len(course.lessons) + sum(1 for p in broken if p.suffix == ".md")
    quizzes = len(course.quizzes) + sum(1 for p in broken if p.suffix == ".toml")
    questions = sum(len(q.questions) for q in course.quizzes.values())
    problems = sorted([*loaded.problems, *course_checks(course, broken)])
    return ValidationReport(root, lessons, quizzes, questions, problems)
