"""The command palette's course commands: open a lesson or take a quiz by typing its name.

A student who types "effl" wants the Effleurage lesson, not a list of developer tools.
Titles are instructor text: they are shown as ``Content``, never markup. The palette reads
each hit's help as markup, so the help holds none of the instructor's words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


class CourseCommands(Provider):
    """Every lesson ("Open lesson: ...") and quiz ("Take quiz: ...") of the course."""

    def _entries(self) -> list[tuple[str, str, Callable[[], None], str]]:
        """(verb, title, action, help) for each lesson and quiz, in course order."""
        app: TrainerApp = self.app  # type: ignore[assignment]
        if app.loaded is None:
            return []
        course = app.course
        entries: list[tuple[str, str, Callable[[], None], str]] = []
        for number, lesson in enumerate(course.lessons, start=1):
            entries.append(
                (
                    "Open lesson",
                    lesson.title,
                    partial(app.open_from_palette, lesson.id),
                    f"Lesson {number} of {len(course.lessons)}",
                )
            )
        for lesson in course.lessons:
            for quiz in course.quizzes_for(lesson):
                entries.append(
                    (
                        "Take quiz",
                        quiz.title,
                        partial(app.quiz_from_palette, quiz.id),
                        f"{len(quiz.questions)} questions"
                        + (", an exam" if quiz.mode == "exam" else ""),
                    )
                )
        for quiz in course.standalone_quizzes():
            entries.append(
                (
                    "Take quiz",
                    quiz.title,
                    partial(app.quiz_from_palette, quiz.id),
                    f"{len(quiz.questions)} questions"
                    + (", an exam" if quiz.mode == "exam" else ""),
                )
            )
        return entries

    async def discover(self) -> Hits:
        for verb, title, action, help_text in self._entries():
            yield DiscoveryHit(Content(f"{verb}: {title}"), action, f"{verb}: {title}", help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for verb, title, action, help_text in self._entries():
            # The title is what a student remembers: it is matched on its own. Textual's
            # own highlight would read the title as markup, so it is marked here.
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score <= 0:
                continue
            shown = Content(title)
            for offset in offsets:
                if not title[offset].isspace():
                    shown = shown.stylize(matcher.match_style, offset, offset + 1)
            # A little ahead of the app's own commands that match as well.
            yield Hit(
                score * 1.05, Content(f"{verb}: ") + shown, action, f"{verb}: {title}", help_text
            )
