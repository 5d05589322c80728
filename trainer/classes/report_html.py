"""A class report as one self-contained HTML page, for the screen and for print.

The page holds the report's header (course, version, when it was made, which attempts
count, how many files), a chart of the students' statuses, a table of the students and
one of their reading and level per lesson, the questions missed most with the wrong
answers chosen, and for each quiz Moodle's test statistics, a chart of each question's
facility index, a histogram of the totals and a table of every question's figures. The
files that were skipped and the report's notices close it, and a "What the figures
mean" section explains each figure in plain words (after ``docs/class-report.md``).

Every piece of text in a report came from a student's file or an instructor's course,
so none of it is trusted: control characters and terminal escapes are stripped
(``clean_text``) and the text is HTML-escaped, attribute values and SVG text included.
The page has no script, no link and no external resource (its CSP forbids them too):
the charts are inline SVG drawn here, each with a title, text labels and an
``aria-label``, so they read without colour and without sight. Prompts are shown as
plain text, Markdown markers and all, as the safest reading of instructor text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Final

from trainer.classes.item_stats import (
    FLAG_LOW_DISCRIMINATION,
    FLAG_NEGATIVE_DISCRIMINATION,
    FLAG_VERY_EASY,
    FLAG_VERY_HARD,
    LOW_DISCRIMINATION,
    VERY_EASY,
    VERY_HARD,
)
from trainer.classes.report import (
    STATUSES,
    ClassQuestion,
    ClassQuiz,
    ClassReport,
    StudentRow,
    StudentStatus,
    WrongAnswer,
)
from trainer.html_page import page_head
from trainer.text import clean_text

NO_ATTEMPTS: Final = "No finished attempts yet"
"""Shown for a quiz (and in place of its charts) when no attempt counts."""

_SURROGATE = re.compile("[\ud800-\udfff]")

_RULES: Final = {
    "first": "each student's first finished full attempt",
    "last": "each student's last finished full attempt",
    "highest": "each student's highest-scoring finished full attempt",
    "all": "every finished full attempt, each as if by a different student",
}

_STATUS_LOOK: Final[dict[StudentStatus, tuple[str, str, str]]] = {
    # status: (CSS class, colour of its chart segment, a symbol beside its words)
    "falling behind": ("behind", "#c2410c", "!"),
    "not started": ("unstarted", "#6b7280", "○"),
    "no file": ("nofile", "#7c3aed", "?"),
    "on track": ("ontrack", "#15803d", "✓"),
}

_LEVELS: Final = frozenset({"not_started", "attempted", "familiar", "proficient", "mastered"})

_FLAG_LOOK: Final = {
    # flag: (CSS class, bar colour, short words for the chart); the first found wins.
    FLAG_NEGATIVE_DISCRIMINATION: ("neg", "#b91c1c", "negative discr.: check key"),
    FLAG_LOW_DISCRIMINATION: ("low", "#d97706", "low discr."),
    FLAG_VERY_HARD: ("hard", "#7c3aed", "very hard"),
    FLAG_VERY_EASY: ("easy", "#0e7490", "very easy"),
}
_TYPES: Final = {
    "single": "single choice",
    "multiple": "several choices",
    "true_false": "true/false",
    "short": "short answer",
    "matching": "matching",
    "ordering": "ordering",
}
_NO_FLAG_COLOUR: Final = "#2563eb"
_FONT: Final = "'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif"


# --- text ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """``text`` without control characters, and with any lone surrogate (an undecodable
    file name) replaced, so the page always encodes as UTF-8."""
    return _SURROGATE.sub("\ufffd", clean_text(text))


def _e(text: str) -> str:
    """Untrusted text, on one line, escaped for HTML text and attribute values alike."""
    return html.escape(" ".join(_clean(text).split()), quote=True)


def _lines(text: str) -> str:
    """Untrusted text escaped for HTML, its line breaks kept."""
    return "<br>".join(html.escape(line, quote=True) for line in _clean(text).split("\n"))


def _short(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis (not escaped)."""
    line = " ".join(_clean(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _moment(moment: datetime) -> str:
    zone = moment.tzname() or ""
    return f"{moment:%Y-%m-%d %H:%M} {zone}".strip()


def _date(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d}"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


# --- SVG ----------------------------------------------------------------------------------


def _f(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def _svg_open(width: float, height: float, label: str, css_class: str) -> str:
    """An inline SVG's start, with its title: ``label`` is plain text (escaped here)."""
    return (
        f'<svg class="chart {css_class}" role="img" aria-label="{_e(label)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}" height="{_f(height)}" '
        # No xmlns: inline SVG in HTML needs none, and the page names no address at all.
        f'font-family="{_FONT}" font-size="12">'
        f"<title>{_e(label)}</title>"
    )


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    """An SVG text; ``text`` is plain text (escaped here)."""
    extra = "".join(
        f' {name.replace("_", "-")}="{html.escape(value, quote=True)}"'
        for name, value in attributes.items()
    )
    return f'<text x="{_f(x)}" y="{_f(y)}"{extra}>{_e(text)}</text>'


def _status_chart(report: ClassReport) -> str:
    """The students' statuses as one horizontal stacked bar, with a legend in words."""
    total = len(report.students)
    if total == 0:
        return '<p class="empty">No students yet: no class file was read.</p>'
    counts = {status: report.count(status) for status in STATUSES}
    summary = ", ".join(f"{count} {status}" for status, count in counts.items())
    width, left, bar = 720.0, 10.0, 700.0
    parts = [_svg_open(width, 96, f"Students by status: {summary} (of {total})", "status-chart")]
    x = left
    for status, count in counts.items():
        if not count:
            continue
        _, colour, _ = _STATUS_LOOK[status]
        share = count / total
        span = bar * share
        parts.append(
            f'<rect class="bar" x="{_f(x)}" y="8" width="{_f(span)}" height="34" '
            f'fill="{colour}"><title>{_e(f"{status}: {count} of {total}")}</title></rect>'
        )
        label = f"{count} {status}"
        if span >= 8 * len(label) + 8:
            parts.append(
                _text(
                    x + span / 2, 30, label, text_anchor="middle", fill="#fff", font_weight="bold"
                )
            )
        elif span >= 22:
            parts.append(_text(x + span / 2, 30, str(count), text_anchor="middle", fill="#fff"))
        x += span
    # The legend: every status, with its count and share, so colour is never needed.
    column = width / len(counts)
    for i, (status, count) in enumerate(counts.items()):
        _, colour, symbol = _STATUS_LOOK[status]
        lx = left + i * column
        parts.append(f'<rect x="{_f(lx)}" y="60" width="14" height="14" fill="{colour}"/>')
        parts.append(_text(lx + 20, 72, f"{symbol} {status}: {count} ({100 * count / total:.0f}%)"))
    parts.append("</svg>")
    return "".join(parts)


def _flag_look(flags: Sequence[str]) -> tuple[str, str, str] | None:
    for flag, look in _FLAG_LOOK.items():
        if flag in flags:
            return look
    return None


def _facility_chart(quiz: ClassQuiz) -> str:
    """Each question's facility index as a horizontal bar, with the 10% and 90% lines."""
    rows = len(quiz.questions)
    name_width, plot, words = 112.0, 320.0, 212.0
    x0 = name_width
    top, row_height = 34.0, 22.0
    width = name_width + plot + words
    height = top + rows * row_height + 28

    def at(percent: float) -> float:
        return x0 + plot * max(0.0, min(100.0, percent)) / 100

    shown = "; ".join(f"{q.id} {_pct(q.facility)}" for q in quiz.questions)
    parts = [
        _svg_open(
            width, height, f"Facility index of each question of {quiz.title}: {shown}", "facility"
        )
    ]
    bottom = top + rows * row_height
    for tick in (0, 25, 50, 75, 100):
        x = at(tick)
        parts.append(
            f'<line x1="{_f(x)}" y1="{_f(top)}" x2="{_f(x)}" y2="{_f(bottom)}" '
            'stroke="#e5e7eb" stroke-width="1"/>'
        )
        parts.append(_text(x, bottom + 16, f"{tick}%", text_anchor="middle", fill="#4b5563"))
    for index, question in enumerate(quiz.questions):
        y = top + index * row_height
        parts.append(
            _text(x0 - 8, y + 15, f"{index + 1}. {_short(question.id, 18)}", text_anchor="end")
        )
        words_x = at(100) + 8
        if question.facility is None:
            parts.append(_text(x0 + 4, y + 15, "n/a (not asked)", fill="#4b5563"))
            continue
        look = _flag_look(question.flags)
        colour = look[1] if look else _NO_FLAG_COLOUR
        flags = ", ".join(question.flags) or "no flag"
        tip = f"{question.id}: facility {_pct(question.facility)}; {flags}"
        parts.append(
            f'<rect class="bar" x="{_f(x0)}" y="{_f(y + 3)}" '
            f'width="{_f(max(at(question.facility) - x0, 1.5))}" height="{_f(row_height - 6)}" '
            f'fill="{colour}"><title>{_e(tip)}</title></rect>'
        )
        label = _pct(question.facility)
        if look:
            label += f" · {look[2]}"
        parts.append(_text(words_x, y + 15, label, fill="#111827"))
    # The lines of Moodle's flags, drawn over the bars.
    for percent, name in ((VERY_HARD, "very hard <"), (VERY_EASY, "very easy >")):
        x = at(percent)
        parts.append(
            f'<line class="limit" x1="{_f(x)}" y1="{_f(top - 6)}" x2="{_f(x)}" y2="{_f(bottom)}" '
            'stroke="#111827" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
        anchor = "start" if percent < 50 else "end"
        shift = 3 if percent < 50 else -3
        parts.append(
            _text(
                x + shift,
                top - 10,
                f"{name} {percent:.0f}%",
                text_anchor=anchor,
                font_size="11",
                fill="#111827",
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def _score_chart(quiz: ClassQuiz) -> str:
    """A histogram of the counted attempts' totals (questions right), with the mean."""
    counts = quiz.score_counts
    bins = len(counts)
    highest = max(counts, default=0)
    left, right, top, plot_height = 44.0, 16.0, 36.0, 150.0
    plot = max(240.0, min(560.0, 26.0 * bins))
    width = left + plot + right
    height = top + plot_height + 48
    slot = plot / bins
    bottom = top + plot_height
    shown = ", ".join(f"{total} right: {count}" for total, count in enumerate(counts) if count)
    parts = [
        _svg_open(
            width,
            height,
            f"Totals of the {quiz.attempts} counted attempts at {quiz.title}: {shown}",
            "scores",
        )
    ]
    step = max(1, -(-highest // 4))
    for tick in range(0, highest + 1, step):
        y = bottom - plot_height * tick / highest
        parts.append(
            f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(left + plot)}" y2="{_f(y)}" '
            'stroke="#e5e7eb" stroke-width="1"/>'
        )
        parts.append(_text(left - 6, y + 4, str(tick), text_anchor="end", fill="#4b5563"))
    label_every = max(1, -(-bins // 20))
    for total, count in enumerate(counts):
        x = left + total * slot
        if count:
            bar_height = plot_height * count / highest
            parts.append(
                f'<rect class="bar" x="{_f(x + slot * 0.12)}" y="{_f(bottom - bar_height)}" '
                f'width="{_f(slot * 0.76)}" height="{_f(bar_height)}" fill="#2563eb">'
                f"<title>{_e(f'{total} right: ' + _plural(count, 'attempt'))}</title></rect>"
            )
            parts.append(
                _text(x + slot / 2, bottom - bar_height - 4, str(count), text_anchor="middle")
            )
        if total % label_every == 0 or total == bins - 1:
            parts.append(
                _text(x + slot / 2, bottom + 15, str(total), text_anchor="middle", fill="#4b5563")
            )
    parts.append(
        f'<line x1="{_f(left)}" y1="{_f(bottom)}" x2="{_f(left + plot)}" y2="{_f(bottom)}" '
        'stroke="#111827" stroke-width="1"/>'
    )
    if quiz.mean is not None and quiz.questions_count:
        x = left + slot * (quiz.mean * quiz.questions_count / 100 + 0.5)
        parts.append(
            f'<line class="mean" x1="{_f(x)}" y1="2" x2="{_f(x)}" y2="{_f(bottom)}" '
            'stroke="#b91c1c" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        parts.append(_text(x + 4, 12, f"mean {_pct(quiz.mean)}", fill="#b91c1c", font_size="11"))
    parts.append(
        _text(
            left + plot / 2,
            bottom + 34,
            f"Questions right (of {quiz.questions_count}); bar height: attempts",
            text_anchor="middle",
            fill="#111827",
        )
    )
    parts.append("</svg>")
    return "".join(parts)


# --- the page -----------------------------------------------------------------------------

_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 14mm; }
html {
  font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #111827; background: #fff;
}
body { margin: 0 auto; max-width: 72em; overflow-wrap: break-word; }
@media screen { body { padding: 1.6em 1.5em 3em; } }
h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 0.2em; }
h2 {
  font-size: 14pt; margin: 1.8em 0 0.5em; padding-bottom: 0.2em;
  border-bottom: 2px solid #d1d5db; break-after: avoid; page-break-after: avoid;
}
h3 { font-size: 12pt; margin: 1.4em 0 0.3em; break-after: avoid; page-break-after: avoid; }
p { margin: 0.3em 0 0.6em; }
header .meta { color: #374151; margin: 0.2em 0; }
header .meta strong { color: #111827; }
.note { color: #4b5563; font-size: 9.5pt; margin: 0.2em 0 0.7em; }
.empty {
  padding: 0.6em 0.9em; background: #f3f4f6; border-left: 4px solid #9ca3af;
  font-style: italic;
}
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: 0.3em 0 0.8em; font-size: 9.5pt; }
th, td { text-align: left; vertical-align: top; padding: 0.3em 0.5em; }
td { overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
td.date, td.type { white-space: nowrap; }
thead th {
  background: #e5e7eb; border-bottom: 2px solid #9ca3af; font-weight: bold;
  vertical-align: bottom;
}
tbody tr:nth-child(even) { background: #f6f7f9; }
tbody tr { border-bottom: 1px solid #e5e7eb; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
table.figures, table.lessons { width: auto; }
table.lessons td, table.lessons th { padding-right: 1.5em; }
table.figures th { background: #f3f4f6; font-weight: normal; }
table.figures td { text-align: right; font-variant-numeric: tabular-nums; min-width: 5em; }
.file { word-break: break-all; }
td.prompt { min-width: 14em; }
.file, code { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 8.5pt; }
.small { font-size: 8.5pt; color: #4b5563; }
.status {
  display: inline-block; padding: 0.05em 0.5em; border-radius: 0.8em;
  font-weight: bold; white-space: nowrap; border: 1px solid;
}
.status.behind { background: #ffedd5; color: #9a3412; border-color: #fdba74; }
.status.unstarted { background: #f3f4f6; color: #374151; border-color: #d1d5db; }
.status.nofile { background: #ede9fe; color: #5b21b6; border-color: #c4b5fd; }
.status.ontrack { background: #dcfce7; color: #166534; border-color: #86efac; }
ul.reasons { margin: 0.2em 0 0; padding-left: 1.1em; font-size: 9pt; color: #374151; }
.level { display: inline-block; padding: 0 0.4em; border-radius: 0.3em; white-space: nowrap; }
.level.not_started { background: #f3f4f6; color: #4b5563; }
.level.attempted { background: #ffedd5; }
.level.familiar { background: #fef9c3; }
.level.proficient { background: #dcfce7; }
.level.mastered { background: #bbf7d0; font-weight: bold; }
.flag {
  display: inline-block; margin: 0 0.3em 0.15em 0; padding: 0 0.4em; border-radius: 0.3em;
  font-size: 8.5pt; border: 1px solid;
}
.flag.neg { background: #fee2e2; color: #991b1b; border-color: #fca5a5; font-weight: bold; }
.flag.low { background: #fef3c7; color: #92400e; border-color: #fcd34d; }
.flag.hard { background: #ede9fe; color: #5b21b6; border-color: #c4b5fd; }
.flag.easy { background: #cffafe; color: #155e75; border-color: #67e8f9; }
ol.wrong { margin: 0; padding-left: 1.2em; }
.charts { display: flex; flex-wrap: wrap; gap: 1.2em 2em; align-items: flex-start; }
figure { margin: 0.4em 0 0.8em; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #374151; margin-bottom: 0.3em; font-weight: bold; }
svg.chart { max-width: 100%; height: auto; display: block; }
section.quiz { border-top: 1px solid #d1d5db; margin-top: 1.2em; }
.notices { background: #fffbeb; border: 1px solid #fcd34d; padding: 0.5em 1em; }
.notices ul { margin: 0.2em 0; padding-left: 1.2em; }
details { margin: 1em 0; padding: 0.4em 0.9em; border: 1px solid #d1d5db; background: #fafafa; }
details summary { font-weight: bold; cursor: pointer; }
dl.glossary dt { font-weight: bold; margin-top: 0.5em; }
dl.glossary dd { margin: 0 0 0 1.2em; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, .status, .flag { break-inside: avoid; page-break-inside: avoid; }
  section.quiz { break-before: page; page-break-before: always; border-top: 0; }
  details { border: 0; padding: 0; background: none; }
}
""".strip()


def report_html(report: ClassReport) -> str:
    """``report`` as one self-contained HTML page (no script, nothing fetched).

    Args:
        report: the class report, as ``ClassReportBuilder.build`` makes it.

    Returns:
        The whole HTML document, ready to write to a ``.html`` file (UTF-8).
    """
    title = f"Class report: {_short(report.course_title, 200)}"
    parts = [
        *page_head(html.escape(title, quote=True), _CSS),
        "<body>",
        _header(report),
        "<main>",
        _overview(report),
        _students(report),
        _lessons(report),
        _topics(report),
        _most_missed(report),
        _quizzes(report),
        _files(report),
        _glossary(report),
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _header(report: ClassReport) -> str:
    version = f" (version {_e(report.course_version)})" if report.course_version.strip() else ""
    attempts = sum(quiz.attempts for quiz in report.quizzes)
    rule = _RULES.get(report.attempt_rule, "")
    return "\n".join(
        [
            "<header>",
            f"<h1>Class report: {_e(report.course_title)}{version}</h1>",
            f'<p class="meta">Made <strong>{_e(_moment(report.generated_at))}</strong>. '
            f"Attempts counted: <strong>{_e(report.attempt_rule)}</strong> ({_e(rule)}).</p>",
            f'<p class="meta"><strong>{_plural(len(report.students), "student")}</strong>; '
            f"{_plural(report.files_read, 'file')} read, "
            f"{_plural(len(report.skipped), 'file')} skipped; "
            f"{_plural(len(report.quizzes), 'quiz', 'quizzes')}, "
            f"{_plural(attempts, 'attempt')} counted.</p>",
            "</header>",
        ]
    )


def _overview(report: ClassReport) -> str:
    parts = ['<section id="overview">', "<h2>The class at a glance</h2>"]
    if report.notices:
        parts.append('<div class="notices"><strong>Notices</strong><ul>')
        parts += [f"<li>{_e(notice)}</li>" for notice in report.notices]
        parts.append("</ul></div>")
    parts += [
        "<figure>",
        "<figcaption>Students by status</figcaption>",
        _status_chart(report),
        "</figure>",
        f'<p class="note">Falling behind: no study for {report.idle_days} days or more, or '
        f"reviews overdue by more than {report.overdue_days} days. Not started: nothing studied "
        "in their file. No file: on the roster, but no file was found.</p>",
        "</section>",
    ]
    return "\n".join(parts)


def _status_badge(status: StudentStatus) -> str:
    css, _, symbol = _STATUS_LOOK.get(status, ("", "", ""))
    return f'<span class="status {css}">{html.escape(symbol)} {_e(status)}</span>'


def _students(report: ClassReport) -> str:
    parts = ['<section id="students">', "<h2>Students</h2>"]
    if not report.students:
        parts += ['<p class="empty">No students yet: no class file was read.</p>', "</section>"]
        return "\n".join(parts)
    lessons = max((len(student.lessons) for student in report.students), default=0)
    titles = {quiz.id: quiz.title for quiz in report.quizzes}
    parts += [
        '<p class="note">Those who need you first. Days idle: days from their last study '
        "to this report. Overdue: reviews due more than "
        f"{report.overdue_days} days before their file was made.</p>",
        '<div class="scroll"><table class="students">',
        '<thead><tr><th>Student</th><th>Status</th><th class="n">Lessons read</th>'
        '<th>Quizzes passed</th><th>Last studied</th><th class="n">Days idle</th>'
        '<th class="n">Overdue reviews</th><th>File</th></tr></thead>',
        "<tbody>",
    ]
    for student in report.students:
        parts.append(_student_row(student, lessons, len(report.quizzes), titles))
    parts += ["</tbody></table></div>", "</section>"]
    return "\n".join(parts)


def _student_row(student: StudentRow, lessons: int, quizzes: int, titles: dict[str, str]) -> str:
    name = _e(student.name)
    if student.id:
        # Many students keep the profile name "default": the id tells them apart.
        name += f' <span class="small id">{_e(student.id[:8])}</span>'
    if student.anonymous:
        name += ' <span class="small">(pseudonym)</span>'
    if student.on_roster is False:
        name += ' <span class="small">(not on the roster)</span>'
    status = _status_badge(student.status)
    if student.reasons:
        status += '<ul class="reasons">'
        status += "".join(f"<li>{_e(reason)}</li>" for reason in student.reasons)
        status += "</ul>"
    read = f"{student.lessons_read} of {lessons}" if student.file is not None else "n/a"
    passed = f"{len(student.quizzes_passed)} of {quizzes}"
    if student.quizzes_passed:
        names = ", ".join(_e(titles.get(quiz, quiz)) for quiz in student.quizzes_passed)
        passed += f'<br><span class="small">{names}</span>'
    overdue = str(student.reviews_overdue)
    if student.reviews_overdue and student.oldest_overdue_days is not None:
        overdue += f'<br><span class="small">oldest {student.oldest_overdue_days:.0f} days</span>'
    idle = _num(student.days_inactive, 1)
    file = f'<span class="file">{_e(student.file)}</span>' if student.file else "no file"
    return (
        f'<tr class="student"><td>{name}</td><td>{status}</td><td class="n">{read}</td>'
        f'<td>{passed}</td><td class="date">{_date(student.last_activity)}</td>'
        f'<td class="n">{idle}</td><td class="n">{overdue}</td><td>{file}</td></tr>'
    )


def _lessons(report: ClassReport) -> str:
    with_lessons = [student for student in report.students if student.lessons]
    if not with_lessons:
        return ""
    columns = max(with_lessons, key=lambda student: len(student.lessons)).lessons
    parts = [
        '<section id="lessons">',
        "<h2>Reading and level by lesson</h2>",
        '<p class="note">Each lesson\'s level (how well its questions are known: not started, '
        "attempted, familiar, proficient, mastered) and how much of it was read.</p>",
        '<div class="scroll"><table class="lessons">',
        "<thead><tr><th>Student</th>"
        + "".join(f"<th>{n}. {_e(lesson.title)}</th>" for n, lesson in enumerate(columns, start=1))
        + "</tr></thead>",
        "<tbody>",
    ]
    for student in with_lessons:
        cells = []
        for lesson in student.lessons:
            css = lesson.level if lesson.level in _LEVELS else ""
            cells.append(
                f'<td><span class="level {css}">{_e(lesson.level_label)}</span> '
                f'<span class="small">{100 * lesson.fraction_read:.0f}% read</span></td>'
            )
        cells += ["<td></td>"] * (len(columns) - len(student.lessons))
        parts.append(f'<tr class="student-lessons"><td>{_who(student)}</td>{"".join(cells)}</tr>')
    parts += ["</tbody></table></div>", "</section>"]
    return "\n".join(parts)


def _who(student: StudentRow) -> str:
    """A student's name with the start of their id (two may share a name)."""
    shown = _e(student.name)
    return shown + (f' <span class="small id">{_e(student.id[:8])}</span>' if student.id else "")


def _topics(report: ClassReport) -> str:
    with_topics = [student for student in report.students if student.topics]
    if not with_topics or not report.topics:
        return ""
    parts = [
        '<section id="topics">',
        "<h2>Level by topic</h2>",
        '<p class="note">Each topic\'s level: how well the questions of the lessons and '
        "quizzes tagged with it are known.</p>",
        '<div class="scroll"><table class="lessons">',
        "<thead><tr><th>Student</th>"
        + "".join(f"<th>{_e(topic)}</th>" for topic in report.topics)
        + "</tr></thead>",
        "<tbody>",
    ]
    for student in with_topics:
        cells = [
            f'<td><span class="level {topic.level if topic.level in _LEVELS else ""}">'
            f"{_e(topic.level_label)}</span></td>"
            for topic in student.topics
        ]
        parts.append(f'<tr class="student-topics"><td>{_who(student)}</td>{"".join(cells)}</tr>')
    parts += ["</tbody></table></div>", "</section>"]
    return "\n".join(parts)


def _wrong_list(answers: Sequence[WrongAnswer]) -> str:
    if not answers:
        return '<span class="small">none given</span>'
    items = "".join(
        f'<li>{_lines(answer.answer)} <span class="small">({_plural(answer.count, "time")}, '
        f"{_pct(answer.share)})</span></li>"
        for answer in answers
    )
    return f'<ol class="wrong">{items}</ol>'


def _most_missed(report: ClassReport) -> str:
    parts = ['<section id="most-missed">', "<h2>Questions missed most</h2>"]
    if not report.most_missed:
        empty = (
            "No question was missed in the counted attempts."
            if any(quiz.attempts for quiz in report.quizzes)
            else f"{NO_ATTEMPTS}."
        )
        parts += [f'<p class="empty">{empty}</p>', "</section>"]
        return "\n".join(parts)
    parts += [
        '<p class="note">The questions with the lowest facility index (the share of attempts '
        "that got them right), with the wrong answers chosen most; the share is of the "
        "attempts that answered the question.</p>",
        '<div class="scroll"><table class="missed">',
        "<thead><tr><th>Quiz</th><th>Question</th><th>Prompt</th>"
        '<th class="n">Facility</th><th class="n">Attempts</th>'
        "<th>Wrong answers chosen most</th></tr></thead>",
        "<tbody>",
    ]
    for missed in report.most_missed:
        parts.append(
            f'<tr class="missed"><td>{_e(missed.quiz_title)}</td>'
            f"<td><code>{_e(missed.question_id)}</code></td><td>{_lines(missed.prompt)}</td>"
            f'<td class="n">{_pct(missed.facility)}</td><td class="n">{missed.attempts}</td>'
            f"<td>{_wrong_list(missed.wrong_answers)}</td></tr>"
        )
    parts += ["</tbody></table></div>", "</section>"]
    return "\n".join(parts)


def _quizzes(report: ClassReport) -> str:
    parts = ['<section id="quizzes">', "<h2>Quizzes</h2>"]
    if not report.quizzes:
        parts.append('<p class="empty">This course has no quizzes.</p>')
    else:
        parts.append(
            '<p class="note">Moodle\'s quiz statistics over the attempts that count '
            f"({_e(_RULES.get(report.attempt_rule, report.attempt_rule))}). "
            'Percentages are of the quiz\'s marks; "n/a": not enough data. '
            "See “What the figures mean” at the end.</p>"
        )
    for number, quiz in enumerate(report.quizzes, start=1):
        parts.append(_quiz(quiz, number))
    parts.append("</section>")
    return "\n".join(parts)


def _quiz(quiz: ClassQuiz, number: int) -> str:
    quiz_id = _e(quiz.id)
    parts = [
        f'<section class="quiz" id="quiz-{number}" data-quiz="{quiz_id}">',
        f"<h3>{_e(quiz.title)} <code>{quiz_id}</code></h3>",
        f'<p class="meta">{_plural(quiz.students, "student")} with a finished full attempt; '
        f"{_plural(quiz.attempts, 'attempt')} counted; "
        f"{_plural(quiz.questions_count, 'question')}.</p>",
    ]
    if quiz.attempts == 0:
        parts.append(f'<p class="empty">{NO_ATTEMPTS}.</p>')
    elif not quiz.questions:
        parts.append('<p class="empty">This quiz has no questions.</p>')
    else:
        parts += [
            '<div class="charts">',
            "<figure>",
            "<figcaption>Facility index of each question (share right)</figcaption>",
            _facility_chart(quiz),
            "</figure>",
            "<figure>",
            "<figcaption>Totals of the counted attempts</figcaption>",
            _score_chart(quiz),
            "</figure>",
            "</div>",
        ]
    parts.append(_test_figures(quiz))
    if quiz.questions:
        parts.append(_question_table(quiz))
        parts.append(_quiz_wrong_answers(quiz))
    parts.append("</section>")
    return "\n".join(parts)


def _test_figures(quiz: ClassQuiz) -> str:
    figures = [
        ("Attempts", str(quiz.attempts)),
        ("Mean", _pct(quiz.mean)),
        ("Median", _pct(quiz.median)),
        ("SD", _pct(quiz.standard_deviation)),
        ("Skewness", _num(quiz.skewness)),
        ("Kurtosis", _num(quiz.kurtosis)),
        ("CIC", _pct(quiz.cic)),
        ("ER", _pct(quiz.error_ratio)),
        ("SE", _pct(quiz.standard_error)),
    ]
    head = "".join(f'<th class="n">{name}</th>' for name, _ in figures)
    values = "".join(f"<td>{value}</td>" for _, value in figures)
    return (
        '<div class="scroll"><table class="figures test-figures">'
        f"<thead><tr>{head}</tr></thead><tbody><tr>{values}</tr></tbody></table></div>"
        '<p class="note">SD: standard deviation of the totals. CIC: coefficient of internal '
        "consistency (Cronbach's alpha; above 75% is satisfactory, below 64% poor). "
        "ER: error ratio, the share of the spread due to chance. SE: standard error, how far "
        "a total might move by chance.</p>"
    )


def _flags(flags: Sequence[str]) -> str:
    if not flags:
        return ""
    return "".join(
        f'<span class="flag {_FLAG_LOOK[flag][0] if flag in _FLAG_LOOK else ""}">'
        f"{'⚠ ' if flag == FLAG_NEGATIVE_DISCRIMINATION else ''}{_e(flag)}</span>"
        for flag in flags
    )


def _question_table(quiz: ClassQuiz) -> str:
    parts = [
        '<div class="scroll"><table class="questions">',
        '<thead><tr><th class="n">#</th><th>Question</th><th>Prompt</th><th>Type</th>'
        '<th class="n">Attempts</th><th class="n">Facility</th><th class="n">SD</th>'
        '<th class="n">Random guess</th><th class="n">Discrimination index</th>'
        '<th class="n">Discriminative efficiency</th><th>Flags</th></tr></thead>',
        "<tbody>",
    ]
    for n, question in enumerate(quiz.questions, start=1):
        parts.append(_question_row(question, n))
    parts.append("</tbody></table></div>")
    return "\n".join(parts)


def _question_row(question: ClassQuestion, number: int) -> str:
    return (
        f'<tr class="question"><td class="n">{number}</td>'
        f'<td><code>{_e(question.id)}</code></td><td class="prompt">{_lines(question.prompt)}</td>'
        f'<td class="type">{_e(_TYPES.get(question.type, question.type))}</td>'
        f'<td class="n">{question.attempts}</td><td class="n">{_pct(question.facility)}</td>'
        f'<td class="n">{_pct(question.standard_deviation)}</td>'
        f'<td class="n">{_pct(question.random_guess_score)}</td>'
        f'<td class="n">{_pct(question.discrimination_index)}</td>'
        f'<td class="n">{_pct(question.discriminative_efficiency)}</td>'
        f"<td>{_flags(question.flags)}</td></tr>"
    )


def _quiz_wrong_answers(quiz: ClassQuiz) -> str:
    rows = [q for q in quiz.questions if q.wrong_answers]
    if not rows:
        return ""
    parts = [
        "<details>",
        f"<summary>Every wrong answer chosen ({_plural(len(rows), 'question')})</summary>",
        '<table class="wrong-answers"><thead><tr><th>Question</th><th>Wrong answer</th>'
        '<th class="n">Times</th><th class="n">Share</th></tr></thead><tbody>',
    ]
    for question in rows:
        for answer in question.wrong_answers or []:
            parts.append(
                f"<tr><td><code>{_e(question.id)}</code></td><td>{_lines(answer.answer)}</td>"
                f'<td class="n">{answer.count}</td><td class="n">{_pct(answer.share)}</td></tr>'
            )
    parts += ["</tbody></table>", "</details>"]
    return "\n".join(parts)


def _files(report: ClassReport) -> str:
    parts = ['<section id="files">', "<h2>Files skipped</h2>"]
    if not report.skipped:
        parts.append(f'<p class="note">None: every file read was used ({report.files_read}).</p>')
    else:
        parts += [
            '<div class="scroll"><table class="skipped">',
            "<thead><tr><th>File</th><th>Why it was skipped</th></tr></thead><tbody>",
        ]
        parts += [
            f'<tr class="skipped"><td class="file">{_e(skipped.file)}</td>'
            f"<td>{_e(skipped.reason)}</td></tr>"
            for skipped in report.skipped
        ]
        parts.append("</tbody></table></div>")
    parts.append("</section>")
    return "\n".join(parts)


_GLOSSARY: Final = (
    (
        "Attempts counted",
        "Only finished full attempts at a quiz count; retakes of missed "
        "questions, reviews and unfinished attempts are practice. The attempt rule picks one "
        "attempt per student (or all of them).",
    ),
    (
        "Mean, median",
        "The average and the middle of the students' totals (questions right), "
        "as a percentage of the quiz's questions.",
    ),
    ("SD (standard deviation)", "How spread out the totals are. Needs 2 attempts."),
    (
        "Skewness",
        "How lopsided the spread is: 0 is symmetrical, positive means a tail of "
        "high totals, negative a tail of low totals. Needs 3 attempts.",
    ),
    ("Kurtosis", "How peaked the spread is: 0 is a normal bell curve. Needs 4 attempts."),
    (
        "CIC (coefficient of internal consistency)",
        "Cronbach's alpha: whether the questions "
        "agree about who knows the material. Above 75% is satisfactory, below 64% poor.",
    ),
    (
        "ER (error ratio)",
        "The share of the spread that comes from chance rather than from "
        "what students know. n/a when the CIC is above 100%.",
    ),
    ("SE (standard error)", "How far a student's total might move by chance alone."),
    ("Facility index", "The share of the attempts that got the question right. High means easy."),
    (
        "SD of a question",
        "The spread of its marks: largest when about half got it right, "
        "0% when everyone answered alike.",
    ),
    (
        "Random guess",
        "The mark a blind guess gets on average: 1/n for one right choice of n, "
        "50% for true/false, 0 for short answer, matching and ordering, n/a for several right "
        "choices.",
    ),
    (
        "Discrimination index",
        "How strongly the question goes with the rest of the test: "
        "students who do well elsewhere should get a good question right more often "
        "(-100% to 100%).",
    ),
    (
        "Discriminative efficiency",
        "The same agreement as a percentage of the most it could "
        "be with these marks: fair to very easy and very hard questions.",
    ),
    ("n/a", "Not enough data for the figure, often because everyone answered alike."),
)


def _glossary(report: ClassReport) -> str:
    terms = "".join(f"<dt>{term}</dt><dd>{html.escape(text)}</dd>" for term, text in _GLOSSARY)
    flags = (
        f"<dt>Flags</dt><dd><ul>"
        f"<li>{_flags([FLAG_NEGATIVE_DISCRIMINATION])} discrimination index below 0%: students "
        "who did better overall got it wrong more often. Check the marked answer and the "
        "wording.</li>"
        f"<li>{_flags([FLAG_LOW_DISCRIMINATION])} discrimination index from 0% up to "
        f"{LOW_DISCRIMINATION:.0f}%: it barely separates who knows the material.</li>"
        f"<li>{_flags([FLAG_VERY_HARD])} facility below {VERY_HARD:.0f}%: almost nobody got it "
        "right. Check the lesson teaches it, and the key.</li>"
        f"<li>{_flags([FLAG_VERY_EASY])} facility above {VERY_EASY:.0f}%: fine for a warm-up, "
        "but it says little about who knows the material.</li>"
        "</ul>A figure that is n/a raises no flag.</dd>"
    )
    return "\n".join(
        [
            '<section id="glossary">',
            # Open: at the end of the page it is in nobody's way, and it prints.
            "<details open>",
            "<summary>What the figures mean</summary>",
            f'<dl class="glossary">{terms}{flags}</dl>',
            f'<p class="note">Attempt rule of this report: {_e(report.attempt_rule)}. '
            "The figures are those of Moodle's quiz statistics report, worked out the same "
            "way; every question is worth one mark, right or wrong.</p>",
            "</details>",
            "</section>",
        ]
    )
