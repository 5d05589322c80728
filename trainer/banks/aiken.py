"""Moodle's Aiken format in: one-answer multiple-choice questions as plain text.

::

    Which stroke glides along the length of the muscle?
    A. Effleurage
    B) Tapotement
    C. Friction
    ANSWER: A

What is valid follows Moodle's own importer (``question/format/aiken``): lines are read
trimmed and lines shorter than two characters are passed over (so blank lines separate
questions but are not needed); a line starting with a capital letter and ``.`` or ``)``
is an option; a line starting with ``ANSWER:`` ends the question; any other line starts
a new question, so the question text is one line. A question needs at least two
options. Where Moodle fails silently, this importer says why instead: an ``ANSWER`` that
names no option, options not lettered ``A``, ``B``, ``C``… in order (Moodle picks the
answer by position, so out-of-order letters would mark the wrong option), an answer line
not written ``ANSWER:`` in capitals, and a question left without its ``ANSWER`` line.

Each question becomes a ``single`` question. Aiken has no explanations, so each gets a
neutral one naming the answer, and one notice for the file says so. The n-th question
of the file gets the id ``qn`` (a skipped question keeps its number, so fixing it and
importing again does not change the ids of the questions after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trainer.banks.model import Bank, BankError, Imported, Skipped

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPTION = re.compile(r"([A-Z])[.)][ \t]?(.*)", re.DOTALL)
_ANSWER = "ANSWER:"
_ANSWER_ANY_CASE = re.compile(r"answer\s*:", re.IGNORECASE)
_ANSWER_LETTER = re.compile(r"([A-Za-z])[.)]?")

GENERATED_EXPLANATION = "The answer is: {answer}."
"""The explanation given to each question (Aiken has none)."""


@dataclass
class _Open:
    """A question being read: its text, its options, and where they are."""

    number: int
    line: int
    prompt: str
    options: list[tuple[str, str, int]] = field(default_factory=list)
    """(letter, text, line) of each option, in the file's order."""


def read_aiken(text: str) -> Bank:
    """Read an Aiken file's text into a :class:`Bank` of ``single`` questions.

    Raises:
        BankError: the text holds no Aiken question at all (it is empty, or has no
            ``ANSWER:`` line anywhere).
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    bank = Bank()
    current: _Open | None = None
    count = 0
    saw_answer = False
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        option = _OPTION.fullmatch(line)
        if option is not None:
            if current is None:
                bank.skipped.append(
                    Skipped(
                        number,
                        f"option {option.group(1)} comes before any question: a question "
                        "is one line of text, then its options, then `ANSWER:`",
                    )
                )
            else:
                current.options.append((option.group(1), option.group(2).strip(), number))
            continue
        if line.startswith(_ANSWER):
            saw_answer = True
            if current is None:
                bank.skipped.append(
                    Skipped(number, "`ANSWER:` line without a question and options before it")
                )
            else:
                _finish(current, line[len(_ANSWER) :].strip(), number, bank)
            current = None
            continue
        if _ANSWER_ANY_CASE.match(line):
            # Moodle reads this as a new question; it is surely a mistyped answer line.
            saw_answer = True
            where = number if current is None else current.line
            bank.skipped.append(
                Skipped(
                    where,
                    f"line {number}: write the answer line as `ANSWER: X`, in capitals, "
                    f"not {line.split(':', 1)[0] + ':'!r}",
                )
            )
            current = None
            continue
        # Any other line starts a new question (question text is one line).
        if current is not None:
            _not_finished(current, number, bank)
        count += 1
        current = _Open(count, number, line)
    if current is not None:
        _not_finished(current, None, bank)
    if not bank.questions and not bank.skipped:
        raise BankError(
            "no questions: an Aiken file has a question line, its options (`A. …`, `B. …`) "
            "and `ANSWER: A`",
            1,
            1,
        )
    if not bank.questions and not saw_answer:
        first = min(s.line for s in bank.skipped)
        raise BankError(
            "this is not an Aiken file: no line starts with `ANSWER:` (each question ends "
            "with a line such as `ANSWER: B`)",
            first,
            1,
        )
    if bank.questions:
        bank.notices.append(
            Skipped(
                bank.questions[0].line,
                "Aiken has no explanations: each question was given a neutral one, "
                f'"{GENERATED_EXPLANATION.format(answer="<its answer>")}"; '
                "replace them with your own in the quiz",
            )
        )
    return bank


def _finish(question: _Open, answer: str, line: int, bank: Bank) -> None:
    """Add ``question``, answered by ``answer`` (the text after ``ANSWER:``), or skip it."""
    reason = _problem(question, answer, line)
    if reason is not None:
        bank.skipped.append(Skipped(question.line, reason))
        return
    letter = answer[0].upper()
    correct = next(text for label, text, _ in question.options if label == letter)
    data = {
        "id": f"q{question.number}",
        "type": "single",
        "prompt": question.prompt,
        "correct": correct,
        "wrong": [text for label, text, _ in question.options if label != letter],
        "explanation": GENERATED_EXPLANATION.format(answer=correct),
    }
    bank.questions.append(Imported(question.line, data))


def _problem(question: _Open, answer: str, line: int) -> str | None:
    """Why ``question`` cannot be imported with this answer; None when it can."""
    options = question.options
    if len(options) < 2:
        return (
            f"line {line}: a question needs at least 2 options (`A. …`, `B. …`); "
            f"this one has {len(options)}"
        )
    for index, (label, text, option_line) in enumerate(options):
        expected = chr(ord("A") + index)
        if label != expected:
            return (
                f"line {option_line}: options must be lettered A, B, C… in order: "
                f"found {label} where {expected} was expected"
            )
        if not text:
            return f"line {option_line}: option {label} has no text"
    letters = f"A {'and' if len(options) == 2 else 'to'} {options[-1][0]}"
    found = _ANSWER_LETTER.fullmatch(answer)
    if found is None:
        shown = f"`ANSWER: {answer}`" if answer else "`ANSWER:` with no letter"
        return f"line {line}: {shown} must name one option by its letter ({letters})"
    letter = found.group(1)
    if letter.upper() not in {label for label, _, _ in options}:
        return f"line {line}: `ANSWER: {letter}` names no option; the options are {letters}"
    if letter.islower():
        return f"line {line}: write the answer letter in capitals, `ANSWER: {letter.upper()}`"
    return None


def _not_finished(question: _Open, next_line: int | None, bank: Bank) -> None:
    """Skip ``question``, which has no ``ANSWER:`` line; ``next_line`` starts another."""
    if next_line is None:
        reason = "no `ANSWER:` line: the file ends first"
    elif not question.options:
        reason = (
            f"no options or `ANSWER:` line before line {next_line}; the question text must "
            "be one line (a new line that is not an option starts a new question)"
        )
    else:
        reason = f"no `ANSWER:` line before the next question starts (line {next_line})"
    bank.skipped.append(Skipped(question.line, reason))
