"""``questions import`` and ``questions export``: question banks in and out of a course.

The formats live in ``trainer.banks``; this module finds the files, says what was
converted and what was not, and never overwrites a quiz without ``--force``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import (
    INSTRUCTOR_DEFAULT,
    CommandError,
    add_course_option,
    add_output_option,
    reports_failures,
    required_instructor_course,
    write_output,
)
from trainer.text import plural, printable_path

if TYPE_CHECKING:
    from trainer.banks.model import Bank

IMPORT_FORMATS = ("gift", "aiken", "csv")
EXPORT_FORMATS = ("gift", "csv", "markdown", "html")
BANK_LIMIT = 50_000_000
"""The largest question bank read (10,000 GIFT questions are about 3 MB)."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add ``questions import|export`` to the main parser."""
    questions = subparsers.add_parser(
        "questions",
        help="import a question bank (GIFT, Aiken, CSV) or export a quiz (GIFT, CSV, paper)",
        description="Bring questions in from Moodle GIFT, Aiken or a spreadsheet's CSV, or "
        "take a quiz out as GIFT, CSV, or a printable paper quiz (Markdown or HTML). See "
        "docs/question-banks.md.",
    )
    actions = questions.add_subparsers(dest="questions_command", metavar="ACTION", required=True)

    into = actions.add_parser(
        "import",
        help="write quizzes/ID.toml from a question bank",
        description="Write quizzes/ID.toml in the course from a question bank, then say how "
        "many questions were converted, by type, and each one left out with its file:line "
        "and why. The quiz written always passes `validate`. An existing quiz is never "
        "replaced without --force; --append adds to it.",
    )
    into.add_argument("file", type=Path, metavar="FILE", help="the question bank to read")
    into.add_argument("--quiz", required=True, metavar="ID", help="the quiz to write (its id)")
    into.add_argument(
        "--title", metavar="TITLE", help="the quiz's title (default: made from its id)"
    )
    into.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        help="the bank's format (default: from the file name: .gift GIFT, .csv CSV, .txt "
        "Aiken when it has ANSWER: lines)",
    )
    into.add_argument(
        "--append", action="store_true", help="add to the quiz if it exists (default: refuse)"
    )
    into.add_argument(
        "--force", action="store_true", help="replace the quiz if it exists (default: refuse)"
    )
    into.add_argument(
        "--split-categories",
        action="store_true",
        help="GIFT: write one quiz per $CATEGORY, ID-category (default: one quiz, the "
        "categories as its topics)",
    )
    add_course_option(into, INSTRUCTOR_DEFAULT)
    into.set_defaults(handler=run_import)

    out = actions.add_parser(
        "export",
        help="write a quiz as GIFT, CSV, or a paper quiz in Markdown or HTML",
        description="Write a quiz of the course as GIFT (for Moodle), CSV (the columns "
        "`questions import` reads), or a printable paper quiz in Markdown or HTML "
        "(one self-contained file); --answers adds the answer key with explanations. "
        "What a format cannot hold is named on standard error.",
    )
    out.add_argument("quiz", metavar="QUIZ", help="the quiz's id")
    out.add_argument(
        "--format", choices=EXPORT_FORMATS, required=True, help="what to write (required)"
    )
    out.add_argument(
        "--answers",
        action="store_true",
        help="markdown/html: the answer key with explanations (default: the questions only)",
    )
    add_course_option(out, INSTRUCTOR_DEFAULT)
    add_output_option(out)
    out.set_defaults(handler=run_export)


# ---------------------------------------------------------------------------- import


def bank_format(path: Path, raw: bytes) -> str:
    """The format of a bank file from its name (and, for .txt, its text)."""
    suffix = path.suffix.lower()
    if suffix == ".gift":
        return "gift"
    if suffix == ".csv":
        return "csv"
    if suffix == ".txt":
        text = raw.decode("utf-8", errors="replace")
        if any(line.lstrip().upper().startswith("ANSWER:") for line in text.splitlines()):
            return "aiken"
        # Moodle saves its GIFT exports as .txt.
        gift = "{" in text and "}" in text
        hint = "; it looks like GIFT, as Moodle saves it" if gift else ""
        raise CommandError(
            f"{printable_path(path)}: cannot tell its format (no ANSWER: lines, so not "
            f"Aiken{hint}): give --format gift, aiken or csv",
            2,
        )
    raise CommandError(
        f"{printable_path(path)}: cannot tell its format from the name: give --format gift, "
        "aiken or csv",
        2,
    )


def read_bank(path: Path, fmt: str | None) -> tuple[Bank, str]:
    """Read and parse a bank file; returns the bank and the format used.

    Raises:
        CommandError: the file cannot be read, its format is unknown, or it cannot be
            parsed (then with its ``file:line:col``).
    """
    from trainer.banks.aiken import read_aiken
    from trainer.banks.csv_bank import read_csv
    from trainer.banks.gift import read_gift
    from trainer.banks.model import BankError
    from trainer.bounded_read import FileTooLarge, NotRegularFile, read_regular_file

    shown = printable_path(path)
    try:
        raw = read_regular_file(path, BANK_LIMIT)
    except NotRegularFile as exc:
        raise CommandError(f"{shown}: cannot read it: {exc.kind}") from None
    except FileTooLarge:
        raise CommandError(f"{shown}: larger than {BANK_LIMIT // 1_000_000} MB") from None
    except OSError as exc:
        raise CommandError(f"{shown}: cannot read it: {exc.strerror or exc}") from None
    fmt = fmt or bank_format(path, raw)
    try:
        if fmt == "csv":
            bank = read_csv(raw)
            bank.rows = True
            return bank, fmt
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise CommandError(
                f"{shown}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}): save it as "
                "UTF-8 in your editor, then import it again"
            ) from None
        text = text.replace("\r\n", "\n")
        return (read_gift(text) if fmt == "gift" else read_aiken(text)), fmt
    except BankError as exc:
        where = f"{shown}:{exc.line}:{exc.column}" if exc.column else f"{shown}: row {exc.line}"
        raise CommandError(f"{where}: {exc.message}") from None


@reports_failures
def run_import(args: argparse.Namespace) -> int:
    """Import a question bank into one quiz (or one per category)."""
    root = required_instructor_course(args)
    if not _valid_id(args.quiz):
        raise CommandError(
            f"{args.quiz!r} is not a valid quiz id: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit",
            2,
        )
    if args.append and args.force:
        raise CommandError("--append and --force ask for opposite things: give one", 2)
    bank, fmt = read_bank(args.file, args.format)
    if args.split_categories and fmt != "gift":
        raise CommandError("--split-categories is for GIFT files (they have categories)", 2)
    name = printable_path(args.file)
    # What the file itself says is left out or changed, once, whatever quiz it goes to.
    for skipped in bank.skipped:
        print(f"skipped {skipped.where(name)}: {skipped.reason}", file=sys.stderr)
    for notice in bank.notices:
        print(f"note {notice.where(name)}: {notice.reason}", file=sys.stderr)
    groups = _groups(bank, args.quiz, args.split_categories)
    if not (args.append or args.force):
        # Every quiz is checked before any is written: no half-done import to clean up.
        taken = [quiz_id for quiz_id in groups if (root / "quizzes" / f"{quiz_id}.toml").exists()]
        if taken:
            shown = ", ".join(printable_path(root / "quizzes" / f"{q}.toml") for q in taken)
            raise CommandError(
                f"{shown} already {'exists' if len(taken) == 1 else 'exist'}: --append adds "
                "the questions, --force replaces; nothing was written"
            )
    written = 0
    alone = len(groups) == 1
    for quiz_id, (category, indexes) in groups.items():
        part = _part(bank, indexes)
        written += _import_one(
            root, args, quiz_id, part, category, also_left_out=len(bank.skipped) if alone else 0
        )
    if bank.skipped and written and not alone:
        print(f"Left out of {name}: {plural(len(bank.skipped), 'question')} (above)")
    return 0 if written else 1


def _groups(bank: Bank, quiz: str, split: bool) -> dict[str, tuple[str | None, list[int]]]:
    """The quizzes to write: ``quiz`` alone, or with ``split`` one per whole category path
    (two categories that make the same id get ``-2``), each with its questions."""
    from trainer.banks.quiz_file import slug, unique_id

    if not split:
        return {quiz: (None, list(range(len(bank.questions))))}
    by_category: dict[str | None, list[int]] = {}
    for index, item in enumerate(bank.questions):
        by_category.setdefault(item.category, []).append(index)
    # A category's last name, unless another category has the same one ("Legs/Intro" and
    # "Arms/Intro"): then its whole path, so the two stay apart.
    short = {c: slug(_parts(c)[-1]) for c in by_category if c is not None}
    clash = {name for name in short.values() if list(short.values()).count(name) > 1}
    groups: dict[str, tuple[str | None, list[int]]] = {}
    for category, indexes in by_category.items():
        if category is None:
            wanted = quiz
        else:
            name = short[category]
            wanted = f"{quiz}-{slug('-'.join(_parts(category))) if name in clash else name}"
        groups[unique_id(wanted, set(groups))] = (category, indexes)
    return groups


def _part(bank: Bank, indexes: list[int]) -> Bank:
    """The questions at ``indexes`` (the file's own skipped and notices are said once)."""
    from trainer.banks.model import Bank

    return Bank(questions=[bank.questions[i] for i in indexes], rows=bank.rows)


def _parts(category: str) -> list[str]:
    """A GIFT category's names: ``$course$/top/Default for X/Strokes`` -> ``["Strokes"]``
    (Moodle's own levels left out); Moodle writes a ``/`` inside a name as ``//``."""
    import re

    parts = [
        p.strip().replace("//", "/")
        for p in re.split(r"(?<!/)/(?!/)", category)
        if p.strip() and not p.strip().startswith("$")
    ]
    meaningful = [p for p in parts if p != "top" and not p.startswith("Default for ")]
    return meaningful or parts or [category.strip()]


def _topic(category: str) -> str:
    """A topic from a GIFT category: its last name (``$course$/Massage/Strokes`` ->
    ``Strokes``)."""
    return _parts(category)[-1]


def _valid_id(text: str) -> bool:
    from trainer.course.files import is_valid_id

    return is_valid_id(text)


def _import_one(
    root: Path,
    args: argparse.Namespace,
    quiz_id: str,
    bank: Bank,
    category: str | None,
    *,
    also_left_out: int = 0,
) -> int:
    """Write one quiz from ``bank``; print what happened. Returns 1 if written, else 0."""
    from trainer.banks.quiz_file import (
        QuizNotWritten,
        appended_text,
        check_questions,
        existing_ids,
        quiz_text,
        write_quiz,
    )
    from trainer.course.templates import title_from_folder

    name = printable_path(args.file)
    path = root / "quizzes" / f"{quiz_id}.toml"
    shown = printable_path(path)
    existing: str | None = None
    crlf = bom = False
    taken: set[str] = set()
    if path.exists() and args.append:
        try:
            raw = path.read_bytes().decode("utf-8")
            bom, raw = raw.startswith("\ufeff"), raw.removeprefix("\ufeff")
            crlf = "\r\n" in raw
            existing = raw.replace("\r\n", "\n")
            taken = existing_ids(existing)
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"{shown} cannot be read to append to ({exc}): run validate on it"
            ) from None
    checked = check_questions(bank, taken)
    for skipped in checked.skipped:
        print(f"skipped {skipped.where(name)}: {skipped.reason}", file=sys.stderr)
    for line, old, new in checked.renamed:
        where = f"{name}: row {line}" if bank.rows else f"{name}:{line}"
        print(f"renamed {where}: id {old!r} is taken, so it is {new!r}", file=sys.stderr)
    if not checked.questions:
        print(
            f"massage-trainer: no question of {name} could be imported into {shown}; "
            "nothing written",
            file=sys.stderr,
        )
        return 0
    topics = list(dict.fromkeys(_topic(i.category) for i in checked.questions if i.category))
    if existing is not None:
        text = appended_text(existing, checked.questions)
        _say_topics_not_added(shown, existing, topics)
    else:
        title = args.title or title_from_folder(args.quiz)
        if category is not None:
            title = f"{title}: {' / '.join(_parts(category))}"
        text = quiz_text(title, checked.questions, topics=topics)
    try:
        # The file keeps its own line endings and byte-order mark when added to.
        write_quiz(path, text, crlf=crlf, bom=bom)
    except QuizNotWritten as exc:
        raise CommandError(f"{shown}: {exc}") from None
    kinds = Counter(str(item.data["type"]) for item in checked.questions)
    by_type = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common())
    verb = "Added" if existing is not None else "Imported"
    count = len(checked.skipped) + also_left_out
    left_out = f"; {count} left out (above)" if count else ""
    print(f"{verb} {plural(len(checked.questions), 'question')} into {shown} ({by_type}){left_out}")
    return 1


def _say_topics_not_added(shown: str, existing: str, topics: list[str]) -> None:
    """An append leaves the quiz's own lines alone, its ``topics`` too: say which of the
    new questions' categories that leaves out."""
    import tomllib

    had = tomllib.loads(existing).get("topics", [])
    missing = [t for t in topics if t not in had]
    if missing:
        print(
            f"note: {shown} keeps its own topics; the new questions' categories "
            f"({', '.join(missing)}) are not added: add them to its `topics` to count them",
            file=sys.stderr,
        )


# ---------------------------------------------------------------------------- export


@reports_failures
def run_export(args: argparse.Namespace) -> int:
    """Write one quiz in another format."""
    from trainer.banks.csv_bank import write_csv
    from trainer.banks.gift import write_gift
    from trainer.banks.paper import write_html, write_markdown
    from trainer.course.loader import load_course

    root = required_instructor_course(args)
    if args.output is not None:
        target = args.output.absolute().resolve()
        for folder in ("lessons", "quizzes"):
            if target.is_relative_to((root / folder).absolute().resolve()):
                raise CommandError(
                    f"{printable_path(args.output)} is in the course's {folder}/: an export "
                    "there would replace or add a course file; write it elsewhere",
                    2,
                )
    loaded = load_course(root)
    quiz = loaded.course.quizzes.get(args.quiz)
    if quiz is None:
        path = root / "quizzes" / f"{args.quiz}.toml"
        if path in loaded.broken_files:
            raise CommandError(
                f"{printable_path(path)} has problems: run `massage-trainer validate` and fix "
                "them first"
            )
        known = ", ".join(sorted(loaded.course.quizzes)) or "none"
        raise CommandError(f"no quiz {args.quiz!r} in the course (quizzes: {known})", 2)
    notices: list[str] = []
    if args.format == "gift":
        text, notices = write_gift(quiz)
    elif args.format == "csv":
        text, notices = write_csv(quiz)
    elif args.format == "markdown":
        text = write_markdown(quiz, args.answers)
    else:
        text = write_html(quiz, args.answers)
    if args.answers and args.format in ("gift", "csv"):
        notices.append(f"--answers is for markdown and html: {args.format} always has them")
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
    kinds = Counter(question.type for question in quiz.questions)
    by_type = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common())
    count = plural(len(quiz.questions), "question")
    if args.output is None:
        sys.stdout.write(text)
        # The summary goes beside the output, not into it.
        print(f"Wrote {count} of {quiz.id!r} as {args.format} ({by_type})", file=sys.stderr)
        return 0
    write_output(args.output, text)
    shown = printable_path(args.output)
    print(f"Wrote {count} of {quiz.id!r} as {args.format} to {shown} ({by_type})")
    return 0
