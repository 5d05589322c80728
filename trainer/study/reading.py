"""When a lesson counts as read: every page's end has been on screen.

Jumping to the last page is not reading, so the fraction read is the share of pages
whose end was seen, in this session or an earlier one of the same app run.
"""

from __future__ import annotations


class ReadingLog:
    """Pages read to their end, per lesson, for as long as the app runs."""

    def __init__(self) -> None:
        self._pages: dict[str, set[int]] = {}
        self._counts: dict[str, int] = {}

    def pages_read(self, lesson_id: str, page_count: int | None = None) -> frozenset[int]:
        """The pages of ``lesson_id`` read to their end so far.

        With ``page_count``: none, if the lesson was read with another number of pages
        (its file was edited meanwhile, so the old page numbers mean other text).
        """
        if page_count is not None and self._counts.get(lesson_id, page_count) != page_count:
            return frozenset()
        return frozenset(self._pages.get(lesson_id, ()))

    def page_end_seen(self, lesson_id: str, page: int, page_count: int) -> float | None:
        """Note that the end of ``page`` was on screen; return the new fraction read.

        Returns None when that page was already counted (nothing new to save). Pages
        counted when the lesson had another number of pages are forgotten first.
        """
        if self._counts.get(lesson_id, page_count) != page_count:
            self._pages.pop(lesson_id, None)
        self._counts[lesson_id] = page_count
        pages = self._pages.setdefault(lesson_id, set())
        if page in pages or not 0 <= page < page_count:
            return None
        pages.add(page)
        return len(pages) / page_count

    def forget(self, lesson_id: str | None = None) -> None:
        """Forget the pages of ``lesson_id`` (all lessons when None), e.g. after a reset."""
        if lesson_id is None:
            self._pages.clear()
            self._counts.clear()
        else:
            self._pages.pop(lesson_id, None)
            self._counts.pop(lesson_id, None)
