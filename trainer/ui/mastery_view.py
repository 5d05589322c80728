"""What the screens show of mastery and reviews, computed once per change of progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.course.models import Course
    from trainer.progress.models import Summary


@dataclass(frozen=True)
class MasteryView:
    """Lesson levels, today's reviews and the weakest lesson, at one moment."""

    levels: dict[str, str]
    """Lesson id → level label ("Familiar", ...)."""
    due: list[tuple[str, str]]
    """(quiz id, question id) due today, hardest first."""
    next_due: datetime | None
    weakest: str | None
    tz: tzinfo

    @classmethod
    def compute(cls, course: Course, summary: Summary, now: datetime) -> MasteryView:
        """Work everything out from the progress summary (no history needed)."""
        from trainer.mastery.levels import Level, lesson_levels
        from trainer.mastery.local_days import local_timezone
        from trainer.mastery.review import due_questions, next_due, weakest_lesson

        tz = local_timezone()
        levels = lesson_levels(course, summary.questions, summary.quizzes, now)
        return cls(
            levels={k: v.label for k, v in levels.items() if v is not Level.NOT_STARTED},
            due=due_questions(course, summary.questions, now, tz),
            next_due=next_due(course, summary.questions, now, tz),
            weakest=weakest_lesson(course, summary.questions, summary.quizzes, now),
            tz=tz,
        )

    def nothing_due_message(self) -> str:
        """Why there is no review now, and when the next one is."""
        if self.next_due is None:
            return (
                "Nothing to review yet. Questions you answer in quizzes come back here "
                "when they are due."
            )
        when = self.next_due.astimezone(self.tz).strftime("%a %d %b, %H:%M")
        return f"Nothing is due today; the next review falls due {when}. Shift+R studies ahead."
