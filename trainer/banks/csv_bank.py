"""Questions as a spreadsheet: CSV in and out.

One question a row, under a header naming the columns (any order, any case)::

    type,id,prompt,correct,wrong,explanation,lesson
    single,glide,Which stroke glides?,Effleurage,Tapotement | Friction,Effleurage glides.,
    true_false,brisk,Brisk tapotement stimulates.,true,,Percussion wakes tissue up.,
    matching,names,Match each stroke.,Effleurage -> Glide | Pétrissage -> Knead,,...,

``correct`` holds the right choice of a ``single`` question; ``|``-separated items for
``multiple`` (the right choices), ``short`` (the accepted answers) and ``ordering`` (the
items in order); ``true`` or ``false`` for ``true_false``; ``left -> right`` pairs
separated by ``|`` for ``matching``. ``wrong`` (``single`` and ``multiple`` only) lists
the wrong choices, ``|``-separated. Inside an item, ``\\|`` is a literal ``|``, ``\\->``
a literal ``->`` (needed only on the left of a pair) and ``\\\\`` a literal ``\\``
before either; any other backslash is kept as written.

Files come from spreadsheets, so: UTF-8 with or without a byte-order mark; comma or
semicolon between cells (told from the header line: Excel uses ``;`` in many European
locales), or an Excel ``sep=;`` first line; quoted cells may hold line breaks and
quotes (``""``). A file in Excel's legacy encoding (Windows-1252) is refused with the
way to save it as "CSV UTF-8". Rows are numbered as a spreadsheet shows them (the
header is row 1, a cell with line breaks is still one row). A row that cannot be read is
skipped with its row number and why; empty rows are ignored.

``write_csv`` writes the same columns, so a quiz goes to CSV and back unchanged except
for what CSV has no column for (per-choice ``feedback``, ``see`` and the quiz's own
settings), which it names. Cells that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-`` or ``@``) are written after a ``'``, which ``read_csv`` removes.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from typing import Any

from trainer.banks.model import Bank, BankError, Imported, Skipped
from trainer.course.models import (
    QUESTION_TYPES,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

COLUMNS = ("type", "id", "prompt", "correct", "wrong", "explanation", "lesson")
"""The columns, in the order ``write_csv`` writes them."""
REQUIRED = ("type", "id", "prompt", "correct", "explanation")
CHOICE_TYPES = ("single", "multiple")

SAVE_AS_UTF8 = (
    'save it as "CSV UTF-8": in Excel, File > Save As > "CSV UTF-8 (Comma delimited)"; '
    'in LibreOffice, Save As "Text CSV" with the character set "Unicode (UTF-8)"'
)
_GUARDED = re.compile(r"'*[=+\-@]")
"""A cell that ``write_csv`` writes after a ``'`` (and ``read_csv`` reads without it)."""
_SEP_LINE = re.compile(r"sep=(.)", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n?")


# --- reading -------------------------------------------------------------------------


def read_csv(data: bytes) -> Bank:
    """Read a CSV file's bytes into a :class:`Bank` (``line`` is the row number).

    Raises:
        BankError: the file cannot be read at all: not UTF-8, no header row, or a
            header with unknown, repeated or missing columns (``line`` is its row).
    """
    text = _decode(data)
    delimiter, first_row = _delimiter(text)
    # Excel hides a `sep=;` line: rows are numbered from the one after it, as it shows them.
    rows = _records(text, delimiter)[first_row - 1 :]
    first_row = 1
    header_row = next(
        (n for n in range(first_row, len(rows) + 1) if any(c.strip() for c in rows[n - 1])),
        None,
    )
    if header_row is None:
        raise BankError(
            f"no header row: the first row names the columns, {', '.join(COLUMNS)}",
            first_row,
        )
    columns = _columns(rows[header_row - 1], header_row)
    bank = Bank(rows=True)
    for number in range(header_row + 1, len(rows) + 1):
        cells = rows[number - 1]
        if not any(cell.strip() for cell in cells):
            continue
        result = _question(cells, columns)
        if isinstance(result, str):
            bank.skipped.append(Skipped(number, result, row=True))
        else:
            bank.questions.append(Imported(number, result))
    return bank


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BankError(f"this file is UTF-16 text, not UTF-8: {SAVE_AS_UTF8}", 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = _row_at(data[: exc.start].decode("utf-8"))
        bad = data[exc.start]
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise BankError(
                f"this file is not UTF-8 text (byte 0x{bad:02X} in this row); if it is a "
                f"spreadsheet, {SAVE_AS_UTF8}",
                row,
            ) from None
        raise BankError(
            f"this file is not UTF-8 (byte 0x{bad:02X} in this row): it looks like "
            f"Excel's older Windows-1252 CSV; {SAVE_AS_UTF8}, then import it again",
            row,
        ) from None


def _row_at(prefix: str) -> int:
    """The row (1-based, as a spreadsheet counts) of the character after ``prefix``."""
    try:
        # The "x" stands for the character: it falls in the row that character is in.
        return len(_records(prefix + "x", _delimiter(prefix)[0]))
    except BankError:
        return len(_LINE_BREAK.sub("\n", prefix).split("\n"))


def _delimiter(text: str) -> tuple[str, int]:
    """The cell separator, told from the header line, and the row the header may start.

    An Excel ``sep=;`` line names it (and is then not counted as a row: Excel hides it);
    otherwise the header line's own ``;`` and ``,`` outside quotes are counted, and the
    more frequent wins.
    """
    first_line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    named = _SEP_LINE.fullmatch(first_line.strip())
    if named is not None and named.group(1) in ",;\t|":
        return named.group(1), 2
    outside = re.sub(r'"[^"]*"?', "", first_line)
    return (";" if outside.count(";") > outside.count(",") else ","), 1


def _records(text: str, delimiter: str) -> list[list[str]]:
    """Every row of ``text`` (an empty row as ``[]``), as a spreadsheet numbers them."""
    # strict: a quote opened and never closed is an error at its row, not a cell that
    # quietly swallows every row after it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        open_quote = "limit" in str(exc) or "unexpected end" in str(exc)
        hint = ' (is a quote `"` opened in this row and never closed?)' if open_quote else ""
        raise BankError(f"cannot read this row as CSV: {exc}{hint}", len(rows) + 1) from None
    return rows


def _columns(header: list[str], row: int) -> dict[str, int]:
    """Column name -> position, from the header row."""
    names = [cell.strip().casefold() for cell in header]
    columns: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            unknown.append(header[index].strip())
        elif name in columns:
            repeated.append(name)
        else:
            columns[name] = index
    expected = f"the columns are {', '.join(COLUMNS)} (lesson and wrong may be left out)"
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name.casefold(), COLUMNS, n=1)
            hints.append(f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name))
        raise BankError(f"unknown column{'s' * (len(unknown) > 1)} {', '.join(hints)}: "
                        f"{expected}", row)  # fmt: skip
    if repeated:
        raise BankError(f"column {repeated[0]!r} appears more than once in the header", row)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise BankError(
            f"the header has no {', '.join(repr(m) for m in missing)} column"
            f"{'s' * (len(missing) > 1)}: {expected}",
            row,
        )
    return columns


def _question(cells: list[str], columns: dict[str, int]) -> dict[str, Any] | str:
    """One row as a ``[[questions]]`` table, or why it cannot be read."""
    named = set(columns.values())
    for index, stray in enumerate(cells):
        if index not in named and stray.strip():
            return (
                f"cell {index + 1} ({_short(stray)!r}) is under no column of the header: "
                "a cell holding the delimiter needs quotes"
            )

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if _GUARDED.match(value) and value.startswith("'"):
            value = value[1:]
        return _LINE_BREAK.sub("\n", value).strip()

    kind = cell("type").casefold()
    if not kind:
        return f"no type: write one of {', '.join(QUESTION_TYPES)}"
    if kind not in QUESTION_TYPES:
        close = difflib.get_close_matches(kind, QUESTION_TYPES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown type {cell('type')!r}{hint}: write one of {', '.join(QUESTION_TYPES)}"
    data: dict[str, Any] = {"id": cell("id"), "type": kind}
    for key in ("id", "prompt", "explanation"):
        if not cell(key):
            why = " (the student's history is kept by it)" if key == "id" else ""
            return f"no {key}: every question needs one{why}"
        data[key] = cell(key)
    correct, wrong = cell("correct"), cell("wrong")
    if not correct:
        return f"no `correct`: {_CORRECT_HELP[kind]}"
    if wrong and kind not in CHOICE_TYPES:
        return f"`wrong` is only for single and multiple questions, not {kind}"
    answer = _answer(kind, correct, wrong)
    if isinstance(answer, str):
        return answer
    data.update(answer)
    if lesson := cell("lesson"):
        data["lesson"] = lesson
    # The keys in a quiz file's usual order: the type's own keys before the explanation.
    explanation = data.pop("explanation")
    data["explanation"] = explanation
    return data


_CORRECT_HELP = {
    "single": "write the right choice",
    "multiple": "write the right choices, separated by |",
    "true_false": "write true or false",
    "short": "write the accepted answers, separated by |",
    "matching": "write the pairs as left -> right, separated by |",
    "ordering": "write the items in their right order, separated by |",
}


def _answer(kind: str, correct: str, wrong: str) -> dict[str, Any] | str:
    """The type's own keys from the ``correct`` and ``wrong`` cells, or why not."""
    if kind == "true_false":
        value = correct.casefold()
        if value not in ("true", "false"):
            return f"`correct` of a true_false question must be true or false, not {correct!r}"
        return {"answer": value == "true"}
    items = _items(correct)
    if kind == "matching":
        pairs: list[list[str]] = []
        for pieces in items:
            if len(pieces) < 2:
                return (
                    f"pair {_short('->'.join(pieces))!r} has no `->`: write each pair as "
                    "left -> right, separated by |"
                )
            left, right = pieces[0].strip(), "->".join(pieces[1:]).strip()
            if not left or not right:
                return f"pair {_short('->'.join(pieces))!r} needs text on both sides of `->`"
            pairs.append([left, right])
        if len(pairs) < 2:
            return "a matching question needs at least 2 pairs, separated by |"
        return {"pairs": pairs}
    texts = [_joined(pieces) for pieces in items]
    if kind == "ordering":
        if len(texts) < 2:
            return "an ordering question needs at least 2 items, separated by |"
        return {"order": texts}
    if kind == "short":
        return {"accept": texts}
    wrong_texts = [_joined(pieces) for pieces in _items(wrong)]
    if not wrong_texts:
        return f"a {kind} question needs at least one `wrong` choice"
    if kind == "single":
        if len(texts) != 1:
            return (
                f"a single question has one right choice, not {len(texts)}: use type "
                "multiple, or write a | inside the text as \\|"
            )
        return {"correct": texts[0], "wrong": wrong_texts}
    return {"correct": texts, "wrong": wrong_texts}


def _items(cell: str) -> list[list[str]]:
    """The ``|``-separated items of a cell, each split at its unescaped ``->``.

    ``\\|`` is a literal ``|``, ``\\->`` a literal ``->`` and ``\\\\`` a ``\\``; any other
    backslash is literal. Items with no text are dropped (a trailing ``|``).
    """
    items: list[list[str]] = []
    pieces: list[str] = []
    piece: list[str] = []
    i = 0
    while i < len(cell):
        if cell.startswith(("\\\\", "\\|"), i):
            piece.append(cell[i + 1])
            i += 2
        elif cell.startswith("\\->", i):
            piece.append("->")
            i += 3
        elif cell[i] == "|":
            pieces.append("".join(piece))
            items.append(pieces)
            pieces, piece = [], []
            i += 1
        elif cell.startswith("->", i):
            pieces.append("".join(piece))
            piece = []
            i += 2
        else:
            piece.append(cell[i])
            i += 1
    pieces.append("".join(piece))
    items.append(pieces)
    return [item for item in items if "->".join(item).strip()]


def _joined(pieces: list[str]) -> str:
    return "->".join(pieces).strip()


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- writing -------------------------------------------------------------------------


def write_csv(quiz: Quiz) -> tuple[str, list[str]]:
    """The quiz's questions as CSV text, and what CSV could not hold (one line each).

    The text starts with a byte-order mark, so Excel opens it as UTF-8; write it encoded
    as UTF-8. Rows end with ``\\n`` (spreadsheets read that as well as ``\\r\\n``), so the
    text stays right when written in text mode, where ``\\r\\n`` would become
    ``\\r\\r\\n`` on Windows.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    feedback: list[str] = []
    see: list[str] = []
    for question in quiz.questions:
        correct, wrong = _cells(question)
        row = {
            "type": question.type,
            "id": question.id,
            "prompt": question.prompt,
            "correct": correct,
            "wrong": wrong,
            "explanation": question.explanation,
            "lesson": question.lesson or "",
        }
        writer.writerow([_guarded(row[name]) for name in COLUMNS])
        if isinstance(question, SingleChoice | MultipleChoice) and question.feedback:
            feedback.append(question.id)
        if question.see:
            see.append(question.id)
    notices: list[str] = []
    if feedback:
        notices.append(
            "per-choice feedback is not in the CSV (it has no column for it), left out of "
            f"question{'s' * (len(feedback) > 1)} {', '.join(feedback)}"
        )
    if see:
        notices.append(
            "`see` (the lesson section to read) is not in the CSV, left out of "
            f"question{'s' * (len(see) > 1)} {', '.join(see)}"
        )
    if settings := _settings(quiz):
        notices.append(
            f"the quiz's settings are not in the CSV, only its questions: {', '.join(settings)}"
        )
    return "\ufeff" + out.getvalue(), notices


def _cells(question: Question) -> tuple[str, str]:
    """The ``correct`` and ``wrong`` cells of a question."""
    if isinstance(question, SingleChoice):
        return _escaped(question.correct), _joined_items(question.wrong)
    if isinstance(question, MultipleChoice):
        return _joined_items(question.correct), _joined_items(question.wrong)
    if isinstance(question, TrueFalse):
        return ("true" if question.answer else "false"), ""
    if isinstance(question, ShortAnswer):
        return _joined_items(question.accept), ""
    if isinstance(question, Ordering):
        return _joined_items(question.order), ""
    assert isinstance(question, Matching)
    return " | ".join(
        f"{_escaped(left, arrows=True)} -> {_escaped(right)}" for left, right in question.pairs
    ), ""


def _joined_items(items: list[str]) -> str:
    return " | ".join(_escaped(item) for item in items)


def _escaped(item: str, arrows: bool = False) -> str:
    """``item`` as ``_items`` reads it back: ``|`` as ``\\|`` (``->`` as ``\\->`` when
    ``arrows``), and a ``\\`` doubled where it would otherwise start an escape."""
    item = item.strip()
    out: list[str] = []
    for i, char in enumerate(item):
        if char == "\\":
            rest = item[i + 1 :]
            out.append("\\\\" if not rest or rest[0] in "\\|" or rest.startswith("->") else "\\")
        elif char == "|":
            out.append("\\|")
        elif arrows and char == "-" and item.startswith("->", i):
            out.append("\\-")
        else:
            out.append(char)
    return "".join(out)


def _guarded(cell: str) -> str:
    """``cell``, after a ``'`` if a spreadsheet would read it as a formula."""
    # A cell such as "'=x" gets one more quote too, since reading drops one.
    return "'" + cell if _GUARDED.match(cell) else cell


def _settings(quiz: Quiz) -> list[str]:
    """The quiz's settings that differ from the defaults (the CSV cannot hold them)."""
    found = []
    if quiz.lesson:
        found.append(f"lesson = {quiz.lesson!r}")
    if quiz.pass_mark != 80:
        found.append(f"pass_mark = {quiz.pass_mark}")
    if not quiz.shuffle:
        found.append("shuffle = false")
    if quiz.mode != "practice":
        found.append(f"mode = {quiz.mode!r}")
    if quiz.time_limit is not None:
        found.append(f"time_limit = {quiz.time_limit}")
    return found
