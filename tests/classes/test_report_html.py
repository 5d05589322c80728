"""The class report as HTML: one self-contained page, every text escaped, drawn by Chromium.

The report is built as the product builds it: synthetic class files written to disk
(``bench.synthetic_class``), read back with ``read_class_file`` and fed to
``ClassReportBuilder``. One student's name, one wrong answer, a quiz title, a prompt and
a file name are hostile. The Chromium tests run headless Chromium as the paper quiz's
tests do (``tests/banks/test_paper.py``): without it they fail, never skip.
"""

from __future__ import annotations

import html
import json
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bench.synthetic_class import student_file
from tests.fixture_course import write_course
from trainer.classes.class_files import read_class_file
from trainer.classes.report import STATUSES, ClassReport, ClassReportBuilder
from trainer.classes.report_html import NO_ATTEMPTS, report_html
from trainer.classes.roster import Roster
from trainer.course.loader import load_course
from trainer.course.models import Course
from trainer.text import clean_text

HOSTILE_NAME = "<script>alert(1)</script> [b]x[/b] \x1b[31m"
HOSTILE_ANSWER = "<img src=x onerror=\"alert(2)\"> & 'it' \x1b]0;pwned\x07 [red]wrong[/red]"
HOSTILE_TITLE = "</title></svg><script>alert(3)</script> Basics \"quiz\" & 'co'"
HOSTILE_PROMPT = '<a href="javascript:alert(4)">Fourth</a> ?'
HOSTILE_FILE = 'quote"<b onmouseover=alert(5)>.json'
STUDENTS = 14


def shown(text: str) -> str:
    """``text`` as the page shows it: cleaned, on one line."""
    return " ".join(clean_text(text).split())


def course_with_hostile_text(root: Path) -> Course:
    write_course(root)
    quiz = root / "quizzes" / "basics.toml"
    text = quiz.read_text(encoding="utf-8")
    # A JSON string is a TOML basic string (ASCII, with \" and \\ escapes).
    text = text.replace('title = "Basics quiz"', f"title = {json.dumps(HOSTILE_TITLE)}")
    text = text.replace('prompt = "Fourth?"', f"prompt = {json.dumps(HOSTILE_PROMPT)}")
    quiz.write_text(text, encoding="utf-8")
    loaded = load_course(root)
    assert not loaded.problems, loaded.problems
    return loaded.course


def give_hostile_answer(data: dict[str, Any]) -> None:
    """The student's first full attempt at ``basics`` answers ``b3`` (short) with it."""
    attempt = next(a for a in data["attempts"] if a["quiz"] == "basics" and a["kind"] == "full")
    answer = next(a for a in attempt["answers"] if a["question"] == "b3")
    answer |= {"correct": False, "given": HOSTILE_ANSWER}


@dataclass
class Built:
    report: ClassReport
    page: str
    file: Path
    folder: Path


def build_report(course: Course, folder: Path) -> ClassReport:
    """A class of ``STUDENTS`` files, some idle, one not started, one missing from disk."""
    names: list[str] = []
    builder_files: list[Path] = []
    latest = datetime.min.replace(tzinfo=UTC)
    for number in range(STUDENTS):
        data = student_file(course, number, answers=45, seed=11)
        if number == 2:
            data["student"]["name"] = HOSTILE_NAME
        if number in (1, 2, 4, 5, 7):
            give_hostile_answer(data)
        if number in (3, 9):
            data["last_activity"] = "2026-09-02T08:00:00Z"  # idle: falling behind
        if number == 6:
            data["reviews_overdue"] = 4
            data["oldest_overdue_days"] = 12.5
        if number == STUDENTS - 1:  # made a profile, never studied
            data["attempts"] = []
            data["last_activity"] = None
            data["progress"]["answers"] = 0
            for lesson in data["progress"]["lessons"]:
                lesson["fraction_read"] = 0.0
        name = HOSTILE_FILE if number == 8 else f"student-{number:02d}.json"
        path = folder / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        names.append(shown(data["student"]["name"]))
        builder_files.append(path)
        if data["last_activity"]:
            latest = max(latest, datetime.fromisoformat(data["last_activity"]))
    builder = ClassReportBuilder(course, "first", Roster((*names, "Missing Student")))
    for path in builder_files:
        builder.add(str(path), read_class_file(path))
    builder.skip(str(folder / "notes<i>.json"), "not JSON: <b>line 1</b> \x1b[2J")
    return builder.build(latest + timedelta(days=2))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("report-html")
    course = course_with_hostile_text(root / "course")
    folder = root / "class"
    folder.mkdir()
    report = build_report(course, folder)
    page = report_html(report)
    file = root / "report.html"
    file.write_text(page, encoding="utf-8")
    return Built(report, page, file, root)


def test_the_report_has_every_kind_of_student_and_hostile_text(built: Built) -> None:
    """The fixture is what the other tests rely on."""
    report = built.report
    assert {student.status for student in report.students} == set(STATUSES)
    assert shown(HOSTILE_NAME) in [student.name for student in report.students]
    wrong = [a.answer for q in report.quizzes[0].questions for a in q.wrong_answers or []]
    assert shown(HOSTILE_ANSWER) in [shown(answer) for answer in wrong]
    assert report.skipped and all(quiz.attempts for quiz in report.quizzes)


# --- (a) the page's structure ---------------------------------------------------------------


class Elements(HTMLParser):
    """Every tag, attribute and text of a page, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


REFERENCES = {
    "src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href",
    "background", "ping", "manifest", "codebase", "cite", "longdesc", "usemap",
}  # fmt: skip
NO_TAGS = {
    "script", "a", "img", "iframe", "object", "embed", "link", "base", "form", "input",
    "image", "use", "foreignobject", "video", "audio", "source", "frame", "meta-refresh",
}  # fmt: skip


def assert_self_contained(page: str) -> None:
    """No script, no handler, nothing that loads or links anything."""
    folded = page.casefold()
    assert "<script" not in folded  # hostile text shows "javascript:" as text, never as a URL
    assert "http://" not in folded and "https://" not in folded
    elements = Elements(page)
    assert not set(elements.tags) & NO_TAGS, set(elements.tags) & NO_TAGS
    for tag, name, value in elements.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in REFERENCES, (tag, name, value)
        assert "//" not in value and "javascript" not in value.casefold(), (tag, name, value)
        assert "url(" not in value.casefold() or tag == "meta", (tag, name, value)
    assert elements.tags.count("style") == 1
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style and "//" not in style
    assert "default-src 'none'" in page  # and its CSP forbids loading anything


def test_the_page_is_self_contained(built: Built) -> None:
    assert_self_contained(built.page)
    assert built.page.startswith("<!DOCTYPE html>") and built.page.count("<svg") >= 7


def test_hostile_text_is_escaped_and_shown_literally(built: Built) -> None:
    page = built.page
    assert "\x1b" not in page and "\x07" not in page
    assert not any(ord(c) < 32 and c not in "\n\t" for c in page)
    spaced = " ".join(page.split())
    for hostile in (HOSTILE_NAME, HOSTILE_ANSWER, HOSTILE_TITLE, HOSTILE_PROMPT, HOSTILE_FILE):
        assert html.escape(shown(hostile), quote=True) in spaced, hostile
    text = " ".join("".join(Elements(page).text).split())
    for hostile in (HOSTILE_NAME, HOSTILE_ANSWER, HOSTILE_TITLE, HOSTILE_PROMPT):
        assert shown(hostile) in text, hostile  # the reader sees the text as written
    assert "[b]x[/b]" in text and "[red]wrong[/red]" in text and "First [b]question[/]?" in text
    # The quiz title is inside SVG titles and aria-labels too, escaped there as well.
    assert (
        f'aria-label="Facility index of each question of {html.escape(shown(HOSTILE_TITLE))}'
        in page
    )
    assert "</title></svg><script>" not in page


def test_control_characters_never_reach_the_page_even_from_a_report_file(built: Built) -> None:
    """A report read back from JSON is not cleaned by the builder: the page cleans it."""
    report = built.report
    dirty = "A\x1b[31mB\x07\x00C\x9b\x7f\ud800D"
    student = report.students[0].model_copy(update={"name": dirty, "file": dirty})
    quiz = report.quizzes[0].model_copy(update={"title": dirty})
    page = report_html(
        report.model_copy(
            update={
                "course_title": dirty,
                "students": [student, *report.students[1:]],
                "quizzes": [quiz, *report.quizzes[1:]],
                "notices": [dirty],
            }
        )
    )

    assert not [c for c in page if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]
    page.encode("utf-8")  # a lone surrogate (an undecodable file name) is replaced
    assert page.count("ABC\ufffdD") >= 5


def test_every_status_is_written_beside_its_colour(built: Built) -> None:
    for status in STATUSES:
        assert f"{status}: {built.report.count(status)} (" in built.page


def test_the_header_names_the_course_rule_and_counts(built: Built) -> None:
    report = built.report
    page = built.page
    assert "Class report: Test course" in page
    assert "Attempts counted: <strong>first</strong>" in page
    assert f"{len(report.students)} students" in page
    assert f"{report.files_read} files read" in page
    assert "What the figures mean" in page and "@media print" in page


def test_tables_show_n_a_and_one_decimal_percentages(built: Built) -> None:
    page = built.page
    quiz = built.report.quizzes[0]
    assert quiz.mean is not None
    assert f"<td>{quiz.mean:.1f}%</td>" in page
    question = quiz.questions[0]
    assert question.facility is not None
    assert f'<td class="n">{question.facility:.1f}%</td>' in page
    # Several right choices: Moodle gives no random guess score.
    assert any(q.random_guess_score is None for r in built.report.quizzes for q in r.questions)
    assert '<td class="n">n/a</td>' in page
    for missed in built.report.most_missed:
        assert html.escape(shown(missed.prompt)) in page


# --- (b) what Chromium's DOM holds ---------------------------------------------------------


def require_chromium() -> str:
    """The path of ``chromium``; the test FAILS (not skips) when it is missing."""
    path = shutil.which("chromium")
    if path is None:
        pytest.fail(
            "`chromium` is not installed, and the class report tests draw the HTML with it: "
            "install the Debian package `chromium` (`apt-get install chromium`)",
            pytrace=False,
        )
    return path


def chromium(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium with no network and a fresh profile (as tests/banks do)."""
    profile = folder / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    command = [
        require_chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",  # containers often have a small /dev/shm
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        # Nothing may be fetched: the page must draw with no network at all.
        "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        *args,
    ]
    try:
        return subprocess.run(command, cwd=folder, capture_output=True, timeout=180, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish in 180 s: {' '.join(command)}")


class Dom(HTMLParser):
    """Rows by class, and each chart with its bars, per quiz section."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: Counter[str] = Counter()
        self.question_ids: dict[str, list[str]] = {}
        self.charts: list[tuple[str | None, str, int]] = []
        """(quiz id or None, chart class, bars)"""
        self.tags: set[str] = set()
        self._sections: list[str | None] = []
        self._in_question_row = False
        self._code = False

    @property
    def quiz(self) -> str | None:
        return next((quiz for quiz in reversed(self._sections) if quiz is not None), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        css = (found.get("class") or "").split()
        if tag == "section":
            self._sections.append(found.get("data-quiz"))
        elif tag == "tr":
            self.rows.update(css)
            self._in_question_row = "question" in css
            if self._in_question_row and self.quiz is not None:
                self.question_ids.setdefault(self.quiz, [])
        elif tag == "svg":
            kind = next(name for name in css if name != "chart")
            self.charts.append((self.quiz, kind, 0))
            assert found.get("role") == "img" and found.get("aria-label"), found
        elif tag == "rect" and "bar" in css:
            quiz, kind, bars = self.charts[-1]
            self.charts[-1] = (quiz, kind, bars + 1)
        elif tag == "code" and self._in_question_row:
            self._code = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._sections.pop()
        elif tag == "tr":
            self._in_question_row = False
        elif tag == "code":
            self._code = False

    def handle_data(self, data: str) -> None:
        if self._code and self.quiz is not None:
            self.question_ids[self.quiz].append(data)


@pytest.fixture(scope="module")
def dom(built: Built) -> Dom:
    result = chromium(built.folder, "--dump-dom", str(built.file))
    assert result.returncode == 0, result.stderr[-2000:]
    parsed = Dom()
    parsed.feed(result.stdout.decode("utf-8"))
    parsed.close()
    return parsed


def test_chromium_shows_every_student_and_every_question(built: Built, dom: Dom) -> None:
    report = built.report
    assert dom.rows["student"] == len(report.students)
    assert dom.rows["student-lessons"] == sum(1 for s in report.students if s.lessons)
    assert dom.rows["question"] == sum(len(quiz.questions) for quiz in report.quizzes)
    assert dom.rows["missed"] == len(report.most_missed) > 0
    assert dom.rows["skipped"] == len(report.skipped)
    assert dom.question_ids == {
        quiz.id: [question.id for question in quiz.questions] for quiz in report.quizzes
    }
    assert not dom.tags & {"script", "a", "img", "iframe", "object", "embed"}


def test_chromium_draws_each_chart_with_its_bars(built: Built, dom: Dom) -> None:
    report = built.report
    statuses = sum(1 for status in STATUSES if report.count(status))
    expected: list[tuple[str | None, str, int]] = [(None, "status-chart", statuses)]
    for quiz in report.quizzes:
        facilities = sum(1 for question in quiz.questions if question.facility is not None)
        totals = sum(1 for count in quiz.score_counts if count)
        expected += [(quiz.id, "facility", facilities), (quiz.id, "scores", totals)]
    assert dom.charts == expected


# --- (c) what Chromium draws ---------------------------------------------------------------


def _add(a: int, b: int, high: int) -> int:
    """Bytewise ``(a + b) % 256`` of two rows held as integers: no carry crosses a byte."""
    low = high - (high >> 7)  # every byte 0x7f
    return ((a & low) + (b & low)) ^ ((a ^ b) & high)


def _unfilter(kind: int, line: bytes, previous: bytes, channels: int) -> bytes:
    """One row of a PNG with its filter undone (PNG spec, section 9)."""
    size = len(line)
    if kind == 0:
        return line
    if kind in (1, 2):
        high = int.from_bytes(b"\x80" * size, "big")
        row = int.from_bytes(line, "big")
        if kind == 2:
            row = _add(row, int.from_bytes(previous, "big"), high)
        else:  # each byte plus the one a pixel before it: a prefix sum, by doubling
            shift = 8 * channels
            while shift < 8 * size:
                row = _add(row, row >> shift, high)
                shift *= 2
        return row.to_bytes(size, "big")
    if kind == 4 and not any(line) and previous.count(previous[:1]) == size:
        return previous  # a row like the (uniform) one above it: common, and quick
    out = bytearray(line)
    for i in range(size):
        left = out[i - channels] if i >= channels else 0
        up = previous[i]
        if kind == 3:
            out[i] = (out[i] + (left + up) // 2) & 0xFF
        else:
            assert kind == 4, f"unknown PNG filter {kind}"
            corner = previous[i - channels] if i >= channels else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            out[i] = (out[i] + guess) & 0xFF
    return bytes(out)


def png_pixels(data: bytes, rows: int | None = None) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB rows (the first ``rows``, or all) of an 8-bit,
    non-interlaced RGB or RGBA PNG, with the standard library only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 3 if colour == 2 else 4
    stride = width * channels
    raw = zlib.decompress(idat)
    assert len(raw) == height * (stride + 1)
    found: list[bytes] = []
    previous = bytes(stride)
    for y in range(height if rows is None else min(rows, height)):
        start = y * (stride + 1)
        previous = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], previous, channels)
        if channels == 3:
            found.append(previous)
        else:  # drop alpha
            rgba = memoryview(previous)
            found.append(b"".join(rgba[i : i + 3] for i in range(0, stride, 4)))
    return width, height, found


def coloured(rows: list[bytes]) -> int:
    """Pixels that are clearly coloured: neither white, grey nor black."""
    found = 0
    for row in rows:
        if row.count(row[:1]) == len(row):
            continue  # one value: white, black or grey
        for r, g, b in zip(row[0::3], row[1::3], row[2::3], strict=True):
            if max(r, g, b) - min(r, g, b) > 60:
                found += 1
    return found


def screenshot(
    folder: Path, page: str, name: str, size: str, rows: int | None = None
) -> tuple[int, int, list[bytes]]:
    """``page`` drawn by Chromium in a window of ``size`` ("W,H"): its first ``rows``."""
    file = folder / f"{name}.html"
    file.write_text(page, encoding="utf-8")
    png = folder / f"{name}.png"
    png.unlink(missing_ok=True)
    result = chromium(folder, f"--screenshot={png}", f"--window-size={size}", str(file))
    assert png.is_file(), result.stderr[-2000:]
    return png_pixels(png.read_bytes(), rows)


BAND = 420
"""Each chart alone gets a band of this many pixels, one under the other."""


def charts_alone(page: str) -> list[str]:
    """The SVG of the status chart and of the first quiz's two charts, as written."""
    found = []
    for kind in ("status-chart", "facility", "scores"):
        start = page.index(f'<svg class="chart {kind}"')
        found.append(page[start : page.index("</svg>", start) + len("</svg>")])
    return found


def test_chromium_draws_the_charts_in_colour(built: Built) -> None:
    svgs = charts_alone(built.page)
    blank = '<div style="height:420px"></div>'
    bands = "".join(f'<div style="height:{BAND}px;overflow:hidden">{svg}</div>' for svg in svgs)
    page = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="margin:0;background:#fff">{bands}{blank}</body></html>'
    )
    width, height, rows = screenshot(built.folder, page, "charts", f"900,{BAND * 4}")

    assert width == 900 and height == BAND * 4
    for band in range(3):
        count = coloured(rows[band * BAND : (band + 1) * BAND])
        assert count > 2_000, f"chart {band + 1} looks blank: {count} coloured pixels"
    assert coloured(rows[3 * BAND :]) == 0, "the blank band is blank"


def test_chromium_draws_the_whole_page(built: Built) -> None:
    width, height, rows = screenshot(built.folder, built.page, "page", "1200,2000", rows=600)

    assert (width, height) == (1200, 2000)
    # The status chart is near the top: the first 600 rows hold its coloured bar.
    assert coloured(rows[:600]) > 10_000


# --- (d) no files yet, and other empty data -------------------------------------------------


def test_an_empty_report_says_no_attempts_yet(built: Built, small_course: Course) -> None:
    report = ClassReportBuilder(small_course, "last").build(built.report.generated_at)
    page = report_html(report)

    assert_self_contained(page)
    assert page.count(f"{NO_ATTEMPTS}.") == len(report.quizzes) + 1  # each quiz, most missed
    assert "No students yet" in page
    assert '<svg class="chart facility"' not in page and '<svg class="chart scores"' not in page
    assert page.count('<tr class="question">') == sum(len(q.questions) for q in report.quizzes)
    assert "n/a" in page and "Attempts counted: <strong>last</strong>" in page


def test_a_question_nobody_was_asked_and_a_quiz_without_questions(built: Built) -> None:
    report = built.report
    first, second, *rest = report.quizzes
    unasked = first.questions[0].model_copy(update={"facility": None, "attempts": 0})
    first = first.model_copy(update={"questions": [unasked, *first.questions[1:]]})
    second = second.model_copy(
        update={"questions": [], "questions_count": 0, "score_counts": [second.attempts]}
    )
    page = report_html(report.model_copy(update={"quizzes": [first, second, *rest]}))

    assert_self_contained(page)
    assert "n/a (not asked)" in page and "This quiz has no questions." in page
    dom = Dom()
    dom.feed(page)
    bars = {(quiz, kind): n for quiz, kind, n in dom.charts}
    assert bars[(first.id, "facility")] == len(first.questions) - 1
    assert (second.id, "facility") not in bars
