"""The lesson reader: one ``##`` section per page (long ones in parts), and an outline."""

from __future__ import annotations

import contextlib
import threading
from bisect import bisect_right
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from trainer.course.models import Lesson
from trainer.course.sections import Section
from trainer.ui.footer import Footer
from trainer.ui.lesson_pages import reader_pages
from trainer.ui.literal import Wrapped, hanging, literal
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.widgets.pick_list import OutlineList

if TYPE_CHECKING:
    from rich.markdown import Markdown as RichMarkdown


def render_markdown(markdown: str) -> RichMarkdown:
    """Markdown as one renderable: far cheaper than a widget per block."""
    # Imported here: markdown-it costs start-up time the home screen does not need.
    from trainer.ui.markdown_theme import LessonMarkdown

    # hyperlinks=False: link targets are instructor text; show them, don't emit OSC 8.
    return LessonMarkdown(markdown, hyperlinks=False, code_theme="ansi_dark")


OUTLINE_TEXT = 27
"""Columns of text in the outline (its width in app.tcss, less border and padding)."""

OUTLINE_ENTRIES = 1_000
"""Most entries in the outline; a lesson of more pages lists every n-th page there."""

CUT_IN_BACKGROUND = 200_000
"""Lessons longer than this (in characters) are cut into pages off the event loop.

A 10 MB lesson of short lines takes seconds to cut; meanwhile keys, Ctrl+Q included,
must still work. 200 KB takes 0.1 s at worst (short lines), so shorter lessons are cut
at once, as are all real ones.
"""


class Pages:
    """A lesson cut into pages, with the outline that lists them."""

    def __init__(self, body: str) -> None:
        self.sections: list[Section] = reader_pages(body)
        step = -(-len(self.sections) // OUTLINE_ENTRIES)  # ceiling division
        self.outline_pages: list[int] = list(range(0, len(self.sections), step))
        """The page each outline entry opens, in order."""
        # Wrapped: already broken into lines, so even 1,000 entries are measured at no cost.
        self.outline: list[Option] = [
            Option(Wrapped(hanging(f"{n}. {title}", OUTLINE_TEXT, len(f"{n}. ")), []))
            for n, title in ((page + 1, self.sections[page].title) for page in self.outline_pages)
        ]


class LessonScreen(TrainerScreen[None]):
    """Read one lesson, a section at a time."""

    BINDINGS = [
        Binding("escape,q", "back", "Back", id="back"),
        Binding("space,right,l", "forward", "Next", key_display="→", id="lesson.next-page"),
        Binding("left,h", "page(-1)", "Prev", key_display="←", id="lesson.previous-page"),
        Binding("o", "outline", "Outline", id="lesson.outline"),
        Binding("n", "lesson(1)", "Next lesson", id="lesson.next-lesson"),
        Binding("N", "lesson(-1)", "Previous lesson", show=False, id="lesson.previous-lesson"),
        Binding("t", "take_quiz", "Quiz", id="take-quiz"),
        Binding("p", "app.show_progress", "Progress", id="progress"),
        Binding("question_mark", "app.help", "Help", id="help"),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self.sections: list[Section] = []
        """The pages of the lesson shown; empty until they are cut (see ``load``)."""
        self.outline_pages: list[int] = []
        """The page each entry of the outline opens."""
        self.page = 0
        self.pages_read: frozenset[int] = frozenset()
        """Pages whose end has been on screen in this visit."""
        self.already_read = False
        self._layout_pending = False
        self._shown = 0
        self._status_text = ""
        self.start_section: str | None = None
        """The section (slug) to open at, once the pages are cut (see ``see``)."""
        self._return_to: tuple[int, float] | None = None
        """After a reload: the page to fall back to and the scroll offset to keep."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lesson-title")
        with Horizontal(id="lesson-main"):
            yield OutlineList(id="outline")
            with VerticalScroll(id="page"):
                yield Static(id="page-text")
        yield Static(id="lesson-status")
        yield Footer()

    def on_mount(self) -> None:
        scroll = self.query_one("#page", VerticalScroll)
        self.watch(scroll, "scroll_y", self._on_scroll, init=False)
        self.watch(scroll, "virtual_size", self._on_resized_content, init=False)
        self.load(self.lesson)

    def load(self, lesson: Lesson) -> None:
        """Show ``lesson`` from its first page (the screen is reused between lessons)."""
        self.lesson = lesson
        # Pages read on earlier visits this session still count.
        self.pages_read = self.trainer.pages_read(lesson.id)
        store = self.trainer.store
        self.already_read = bool(store and store.lesson_status(lesson.id).read_at)
        self.remove_class("-show-outline")
        self.sub_title = lesson.title
        lessons = self.trainer.course.lessons
        number = next((i for i, item in enumerate(lessons) if item.id == lesson.id), 0)
        self.query_one("#lesson-title", Static).update(
            Content.assemble(
                (lesson.title, "bold"),
                (f"   lesson {number + 1} of {len(lessons)}", "$text-muted"),
            )
        )
        self.query_one("#page", VerticalScroll).focus()
        if len(lesson.body) <= CUT_IN_BACKGROUND:
            self._show_pages(Pages(lesson.body))
            return
        self.sections, self.outline_pages = [], []
        self.query_one("#outline", OptionList).clear_options()
        self.query_one("#page-text", Static).update(literal("Opening this long lesson…"))
        self._status_text = "Cutting the lesson into pages…"
        self.query_one("#lesson-status", Static).update(literal(self._status_text))
        # A daemon thread rather than a Textual thread worker: the app waits for its
        # workers' threads before the process ends, so Ctrl+Q would wait for the cutting.
        threading.Thread(
            target=self._cut_in_background, args=(self.app, lesson), daemon=True
        ).start()

    def _cut_in_background(self, app: App[None], lesson: Lesson) -> None:
        """Cut ``lesson`` into pages and hand them to the event loop (never touches widgets)."""
        pages = Pages(lesson.body)
        with contextlib.suppress(RuntimeError):  # the app ended meanwhile: nobody waits
            app.call_from_thread(self._pages_cut, lesson, pages)

    def _pages_cut(self, lesson: Lesson, pages: Pages) -> None:
        # Another lesson may have been opened meanwhile, or the app be closing.
        if lesson is self.lesson and self.is_attached:
            self._show_pages(pages)

    def reload(self, lesson: Lesson) -> None:
        """Show a new version of the lesson on screen (its file was saved) in place.

        The reader stays at the section with the same heading, else at the same page, and
        keeps its scroll position within it.
        """
        scroll = self.query_one("#page", VerticalScroll)
        if self.sections:
            self.start_section = self.sections[self.page].slug
            self._return_to = (self.page, scroll.scroll_y)
        outline_open = self.has_class("-show-outline")
        focused = self.focused
        self.load(lesson)
        if outline_open:
            self.add_class("-show-outline")
        if focused is not None and focused.is_attached:
            focused.focus()

    def _show_pages(self, pages: Pages) -> None:
        self.sections, self.outline_pages = pages.sections, pages.outline_pages
        # Pages read before an edit that changed their number are other text now.
        self.pages_read = self.trainer.pages_read(self.lesson.id, len(self.sections))
        self.query_one("#outline", OptionList).set_options(pages.outline)
        wanted, self.start_section = self.start_section, None
        back, self._return_to = self._return_to, None
        found = next((i for i, s in enumerate(self.sections) if wanted and s.slug == wanted), None)
        if found is None and back is not None:
            found = min(back[0], len(self.sections) - 1)
        self.show_page(found or 0)
        if back is not None:
            offset = back[1]
            scroll = self.query_one("#page", VerticalScroll)
            self.call_after_refresh(lambda: scroll.scroll_to(y=offset, animate=False))

    def show_page(self, page: int) -> None:
        """Show section ``page`` from its top."""
        self.page = max(0, min(page, len(self.sections) - 1))
        section = self.sections[self.page]
        self.query_one("#page-text", Static).update(render_markdown(section.markdown))
        outline = self.query_one("#outline", OptionList)
        outline.highlighted = bisect_right(self.outline_pages, self.page) - 1
        scroll = self.query_one("#page", VerticalScroll)
        scroll.scroll_home(animate=False)
        # The new page's height is known only after layout: check when the scroll area's
        # size changes, and once more shortly after in case it did not change.
        self._layout_pending = True
        self._shown += 1
        shown = self._shown
        self.set_timer(0.2, lambda: self._settled(shown))

    def _settled(self, shown: int) -> None:
        if shown == self._shown:  # still the same page: its layout is done by now
            self._layout_pending = False
            self._check_progress()

    def _on_resized_content(self, _value: object) -> None:
        self._layout_pending = False
        self._check_progress()

    def _on_scroll(self, _value: float) -> None:
        if not self._layout_pending:
            self._check_progress()

    def _check_progress(self) -> None:
        """Count the page as read once its end has been on screen."""
        if not self.sections:
            return  # still being cut into pages: nothing of it is shown yet
        scroll = self.query_one("#page", VerticalScroll)
        at_end = scroll.scroll_y >= scroll.max_scroll_y - 1
        if at_end and self.page not in self.pages_read:
            # The study core's rule: read once every page's end was seen.
            self.trainer.page_end_seen(self.lesson.id, self.page, len(self.sections))
            self.pages_read = self.trainer.pages_read(self.lesson.id, len(self.sections))
        self._update_status(scroll)

    def _update_status(self, scroll: VerticalScroll) -> None:
        total = len(self.sections)
        if scroll.max_scroll_y > 0:
            where = f"{min(scroll.scroll_y / scroll.max_scroll_y, 1.0):.0%} of page"
            if scroll.scroll_y < scroll.max_scroll_y:
                where += ", Space: more"
        else:
            where = "whole page"
        done = (
            "  ·  ✔ lesson read"
            if self.already_read or len(self.pages_read) >= total
            else f"  ·  {len(self.pages_read)} of {total} read"
        )
        course = self.trainer.course
        quizzes = len(course.quizzes_for(self.lesson))
        several = len(course.lesson_quizzes.get(self.lesson.id, ())) > 1
        hint = ""
        if quizzes and self.page == total - 1:
            # With several, t opens the chooser.
            hint = "  ·  t: quizzes" if several else "  ·  t: quiz"
        text = f"Page {self.page + 1} of {total}  ·  {where}{done}{hint}"
        # One line, set only when it changes: a status that wrapped to two lines took
        # a line from the page, which changed what is scrolled, which changed the status.
        if text != self._status_text:
            self._status_text = text
            self.query_one("#lesson-status", Static).update(literal(text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.show_page(self.outline_pages[event.option_index])
        self.remove_class("-show-outline")
        self.query_one("#page", VerticalScroll).focus()

    def action_forward(self) -> None:
        """Scroll down a screenful while the page goes on below, then turn the page.

        As a pager does with Space: a page taller than the screen is never skipped.
        """
        scroll = self.query_one("#page", VerticalScroll)
        if scroll.scroll_y < scroll.max_scroll_y:
            scroll.scroll_page_down(animate=False)
        else:
            self.action_page(1)

    def action_page(self, step: int) -> None:
        """Go to the next or previous page."""
        target = self.page + step
        if not self.sections:
            return
        if 0 <= target < len(self.sections):
            self.show_page(target)
        elif step > 0:
            self.notify("This is the last page of the lesson.", timeout=2)

    def on_resize(self) -> None:
        # Below 90 columns the outline would squeeze the text: show it only on demand.
        self.set_class(self.size.width < 90, "-narrow")

    def action_back(self) -> None:
        """Close the outline if it is open over the text, else go back."""
        if self.has_class("-show-outline"):
            self.remove_class("-show-outline")
            self.query_one("#page", VerticalScroll).focus()
        else:
            self.app.pop_screen()

    def action_outline(self) -> None:
        """Focus the outline (beside the text; on narrow terminals it opens on demand)."""
        outline = self.query_one("#outline", OptionList)
        if outline.has_focus:
            self.remove_class("-show-outline")
            self.query_one("#page", VerticalScroll).focus()
        else:
            self.add_class("-show-outline")
            outline.focus()

    def action_lesson(self, step: int) -> None:
        """Open the next or previous lesson in place of this one."""
        lessons = self.trainer.course.lessons
        index = next((i for i, item in enumerate(lessons) if item.id == self.lesson.id), None)
        if index is None or not 0 <= index + step < len(lessons):
            self.notify("No more lessons in that direction.", timeout=2)
            return
        self.load(lessons[index + step])

    def action_take_quiz(self) -> None:
        """Start this lesson's quiz (with several, choose one first)."""
        self.trainer.start_lesson_quiz(self.lesson.id)
