"""The start-up cache: the home screen's rows as last shown, for a fast first frame.

Loading the course and the progress store means importing pydantic and validating every
lesson, which costs more than Textual's own start-up. The start-up cache lets the first frame
be drawn without any of that; the app then loads everything for real and corrects the
screen if anything differs (``TrainerApp.finish_start``).

It is a cache, not data. It is derived from the course's ``course.toml`` and lesson files
and the profile's files, and used only while none of those has changed size or
modification time since it was written. A start-up cache that is missing, stale, from another
version or unreadable is ignored and rewritten; deleting it loses nothing. JSON rather
than TOML: it is read before anything else, and ``json`` is the cheapest reader there is
(through ``parse_json``, which turns hostile input into one ``ParseError``).
No pydantic here on purpose: importing it is what the start-up cache saves.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trainer import __version__
from trainer.course.files import course_entries
from trainer.course.quick_index import Known, QuickLesson, quiz_ids
from trainer.progress.location import SETTINGS_FILE, profile_paths
from trainer.safe_parse import parse_json
from trainer.text import clean_text
from trainer.ui.home_view import HomeRow, HomeView, Standings

if TYPE_CHECKING:
    from trainer.course.models import Lesson

CACHE_FORMAT = 3
"""3: a lesson's quizzes are a list (a lesson may have several); older caches are ignored."""
CACHE_FOLDER = "cache"


class FileStamp(NamedTuple):
    """One file as it was when stamped: a changed size or time means a changed file."""

    name: str
    """Relative to its folder (the course's or the data folder)."""
    mtime_ns: int | None
    """None when the file (or the folder) was missing."""
    size: int | None


Stamp = tuple[FileStamp, ...]
"""Each file a start-up cache was made from."""


@dataclass(frozen=True)
class StartupCache:
    """What the first frame needs: the home rows and the saved theme."""

    view: HomeView
    theme: str | None
    standings: Standings = field(default_factory=dict)
    """Each lesson's standing, for when the course changed but the progress did not."""
    course_current: bool = True
    """False when the course files changed since: then only the standings are of use."""
    lessons: Known = field(default_factory=dict)
    """What each lesson file held when the start-up cache was written (to skip re-reading it)."""


def cache_path(data_dir: Path, profile: str, course_root: Path) -> Path:
    """Where the start-up cache of ``profile`` on the course at ``course_root`` is kept."""
    # A short name per course folder; the stamps inside tell courses apart for certain.
    digest = f"{zlib.crc32(os.fsencode(course_root.resolve())):08x}"
    return Path(data_dir) / CACHE_FOLDER / f"home-{profile}-{digest}.json"


# Names in a stamp are relative to its folder (course or data), so `--course c` and
# `--course /abs/c` share a start-up cache. Plain strings and os calls: a course of 1,000
# lessons is stamped at every start, and pathlib took most of the time.


def _stamp_file(base: str, name: str) -> FileStamp:
    try:
        info = os.stat(os.path.join(base, name))
    except OSError:
        return FileStamp(name, None, None)
    return FileStamp(name, info.st_mtime_ns, info.st_size)


def _stamp_folder(base: str, folder: str, suffix: str) -> Stamp:
    try:
        entries = course_entries(os.path.join(base, folder), suffix)
    except OSError:
        return (FileStamp(folder, None, None),)  # a folder appearing later changes the stamp
    stamp: list[FileStamp] = []
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            stamp.append(FileStamp(f"{folder}/{entry.name}", None, None))
        else:
            stamp.append(FileStamp(f"{folder}/{entry.name}", info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def course_stamp(course_root: Path) -> Stamp:
    """The state of the files the first screen is made from (not the quizzes)."""
    base = os.fspath(course_root)
    return (_stamp_file(base, "course.toml"), *_stamp_folder(base, "lessons", ".md"))


def progress_stamp(data_dir: Path, profile: str) -> Stamp:
    """The state of the profile's files and of the settings (the theme)."""
    paths = profile_paths(data_dir, profile)
    base = os.fspath(data_dir)
    folder = paths.folder.relative_to(data_dir).as_posix()
    return (
        _stamp_file(base, SETTINGS_FILE),
        _stamp_file(base, paths.legacy_file.name),
        *_stamp_folder(base, folder, ".toml"),
        *_stamp_folder(base, f"{folder}/history", ".toml"),
    )


def read_cache(data_dir: Path, profile: str, course_root: Path) -> StartupCache | None:
    """The start-up cache, if there is one and the profile's files are unchanged since.

    Its ``course_current`` says whether the course's files are unchanged too.
    """
    try:
        # The guarded parser: a huge number or deep nesting is a ParseError (a ValueError).
        raw = parse_json(cache_path(data_dir, profile, course_root).read_bytes().decode())
        if (
            raw["format"] != CACHE_FORMAT
            or raw["version"] != __version__
            or _stamp_from_json(raw["progress"]) != progress_stamp(data_dir, profile)
        ):
            return None
        rows = tuple(None if row is None else HomeRow(*_strings(row, 5)) for row in raw["rows"])
        ids = [row.option_id for row in rows if row is not None]
        if len(set(ids)) != len(ids):
            return None
        title, description = _strings([raw["title"], raw["description"]], 2)
        theme = raw["theme"]
        if theme is not None and not isinstance(theme, str):
            return None
        if not isinstance(raw["standings"], dict):
            return None
        standings = {
            key: (symbol, words)
            for key, value in raw["standings"].items()
            for symbol, words in [_strings(value, 2)]
        }
        current = _stamp_from_json(raw["course"]) == course_stamp(course_root)
        lessons = {} if current else _known_lessons(raw["lessons"])
        next_up = raw["next_up"]
        if next_up is not None and next_up not in ids:
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return StartupCache(
        HomeView(title, description, rows, next_up), theme, standings, current, lessons
    )


def _stamp_from_json(raw: object) -> Stamp:
    """A stamp as the cache file holds it (lists), checked."""
    if not isinstance(raw, list):
        raise ValueError("not a start-up cache stamp")
    stamp = []
    for row in raw:
        if not (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)):
            raise ValueError("not a start-up cache stamp")
        if not all(value is None or type(value) is int for value in row[1:]):
            raise ValueError("not a start-up cache stamp")
        stamp.append(FileStamp(*row))
    return tuple(stamp)


def _known_lessons(raw: object) -> Known:
    if not isinstance(raw, list):
        raise ValueError("not a start-up cache")
    known: Known = {}
    for path, mtime, size, lesson in raw:
        if not (isinstance(path, str) and type(mtime) is int and type(size) is int):
            raise ValueError("not a start-up cache")
        if lesson is None:
            known[path] = (mtime, size, None)
            continue
        lesson_id, title, summary, order, listed = lesson
        lesson_id, title, summary = _strings([lesson_id, title, summary], 3)
        # A list, always (even of one, or none), checked as the quick read checks it.
        quizzes = quiz_ids(listed) if isinstance(listed, list) and listed else ()
        if type(order) is not int or not isinstance(listed, list) or quizzes is None:
            raise ValueError("not a start-up cache")
        if f"lessons/{lesson_id}.md" != path:  # a lesson's id is its file's name
            raise ValueError("not a start-up cache")
        known[path] = (mtime, size, QuickLesson(lesson_id, title, summary, order, quizzes))
    return known


def _strings(values: object, count: int) -> list[str]:
    """``count`` strings, cleaned as instructor text is (the file could have been edited)."""
    if not isinstance(values, list) or len(values) != count:
        raise ValueError("not a start-up cache row")
    if not all(isinstance(value, str) for value in values):
        raise ValueError("not a start-up cache row")
    return [clean_text(value) for value in values]


def known_lessons(lessons: Iterable[Lesson], course: Stamp, course_root: Path) -> Known:
    """Each lesson file as stamped before it was loaded, with the lesson it gave, if any."""
    by_source = {}
    for lesson in lessons:
        if lesson.source is not None and lesson.source.is_relative_to(course_root):
            by_source[lesson.source.relative_to(course_root).as_posix()] = lesson
    known: Known = {}
    for path, mtime, size in course:
        if not path.startswith("lessons/"):
            continue
        if mtime is None or size is None:
            continue  # the file was missing when stamped
        lesson = by_source.get(path)
        quick = None
        if lesson is not None:
            meta = lesson.meta
            quick = QuickLesson(lesson.id, lesson.title, meta.summary, meta.order, meta.quiz_ids)
        known[path] = (mtime, size, quick)
    return known


def _lesson_fields(lesson: QuickLesson) -> list[object]:
    return [lesson.id, lesson.title, lesson.summary, lesson.order, list(lesson.quizzes)]


def write_cache(
    data_dir: Path,
    profile: str,
    course_root: Path,
    cache: StartupCache,
    course: Stamp,
) -> bool:
    """Save ``cache``; ``course`` is the course's stamp from before it was loaded.

    ``cache.view`` must be the view of a course that matches that stamp.

    The profile's stamp is taken now, so call this after the store's last write. Returns
    False if it could not be written (the next start is then simply not as quick).
    """
    path = cache_path(data_dir, profile, course_root)
    data = {
        "format": CACHE_FORMAT,
        "version": __version__,
        "course": course,
        "progress": progress_stamp(data_dir, profile),
        "theme": cache.theme,
        "standings": {key: list(value) for key, value in cache.standings.items()},
        "lessons": [
            [path, mtime, size, None if lesson is None else _lesson_fields(lesson)]
            for path, (mtime, size, lesson) in cache.lessons.items()
        ],
        "title": cache.view.title,
        "description": cache.view.description,
        "next_up": cache.view.next_up,
        "rows": [
            None if row is None else [row.option_id, row.marker, row.title, row.status, row.summary]
            for row in cache.view.rows
        ],
    }
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # ASCII with \u escapes: file names that are not valid UTF-8 survive the trip.
        temporary.write_bytes(json.dumps(data).encode("ascii"))
        # No fsync: a start-up cache lost in a crash is just rebuilt at the next start.
        os.replace(temporary, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return False
    return True
