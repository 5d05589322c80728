"""Moodle's GIFT format in and out: :func:`read_gift` and :func:`write_gift`.

::

    // A comment line.
    $CATEGORY: Massage/Strokes

    ::Glide:: Which stroke glides along the muscle? {
        =Effleurage # Right: it glides.
        ~Tapotement # That one strikes.
        #### Effleurage glides; tapotement strikes.
    }

What is valid follows Moodle's own importer (``question/format/gift/format.php``) and its
documentation, read through a real grammar (:data:`GRAMMAR`, run by lark's LALR parser
with its contextual lexer) rather than Moodle's string searching, so a mistake is
reported where it is, with what was expected there:

* Questions are separated by blank lines; a line starting with ``//`` is a comment,
  wherever it is. A question may start with a title ``::title::``, which becomes its id
  (see :func:`slug_id`); untitled questions get ``q1``, ``q2``… by their place in the
  file. ``$CATEGORY: a/b`` sets the category of the questions after it.
* Text may start with ``[html]``, ``[markdown]``, ``[plain]`` or ``[moodle]``, Moodle's
  text formats: HTML is turned into the course's inline Markdown (see
  :func:`html_to_markdown`), Markdown is kept, and plain and Moodle text are kept as
  text. The question text's format is the default of its answers and feedback.
  ``\\~ \\= \\# \\{ \\} \\: \\\\`` stand for the character itself and ``\\n`` for a line break.
* ``{=right ~wrong}`` is a ``single`` question; weights ``~%50%`` without any ``=`` make a
  ``multiple`` one (the choices with positive weights are right); ``{T}``/``{TRUE}``/
  ``{F}``/``{FALSE}`` a ``true_false``; ``{=a =b}`` (or ``{a}``) a ``short`` answer;
  ``{=a -> b =c -> d}`` a ``matching`` (one whose left side is ``1st``, ``2nd``… in order,
  as :func:`write_gift` writes an ``ordering``, is read back as an ``ordering``).
  ``#…`` after an answer is its feedback and ``####…`` the general feedback, which
  becomes the ``explanation``. An answer block in mid-sentence (Moodle's "missing
  word") leaves :data:`BLANK` in the prompt.
* Numerical (``{#…}``), essay (``{}``) and description (no ``{…}``) questions have no
  counterpart in a quiz: they are listed in :attr:`Bank.skipped` with their line.

Features kept in another form are listed in :attr:`Bank.notices`: true/false, short
answer and matching feedback (moved into the explanation), partial weights (a quiz's
choice questions are graded all-or-nothing) and generated explanations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from trainer.banks.model import Bank, BankError, Imported, Skipped
from trainer.course.files import is_valid_id

if TYPE_CHECKING:
    from trainer.course.models import Question, Quiz

GRAMMAR = r"""
// A GIFT file: questions (and categories) separated by blank lines.
start: _sep? (_entries _sep?)?
_entries: _entry | _entries _sep _entry
_sep: _BLANK+
_entry: category+ question? | question
category: CATEGORY

// Text, an answer block, and maybe more text after it ("missing word"); or no answer
// block at all (a description).
question: title? before? answers after?
        | title? before                      -> description
        | title                              -> description
title: TITLE
before: QTEXT
after: QTEXT
answers: LBRACE body RBRACE

// What is between the braces. Which question type it is is decided afterwards from the
// answers found, as Moodle decides it (a matching pair is an answer holding `->`).
body: GENERAL?                               -> body_empty
    | ATEXT feedbacks? GENERAL?              -> body_bare
    | feedbacks items? GENERAL?              -> body_numerical
    | items GENERAL?                         -> body_items
items: item | items item
item: ANSWER feedbacks?
feedbacks: FEEDBACK | feedbacks FEEDBACK

// Text runs over line breaks (not blank lines) and takes comment lines in it along;
// escapes stay inside it, so `\{` never ends it. Question text stops before a line
// starting with `::`, which starts the next question's title. An answer is its mark
// (`=` right, `~` wrong), maybe a weight (`%50%`), and its text; feedback is `#` and
// its text, general feedback `####` and its text.
QTEXT: /(?![ \t\n]|::)(?:[^\n\\{}]+|\\[^\n]?|\n[ \t]*\/\/[^\n]*|\n(?![ \t]*(?:\n|::)))+/
ANSWER_RUN: /(?:[^\n=~#{}\\]+|\\[^\n]?|\n[ \t]*\/\/[^\n]*|\n(?![ \t]*\n))/
ATEXT: /(?![ \t\n])/ ANSWER_RUN+
ANSWER: /[=~][ \t]*/ WEIGHT? ANSWER_RUN*
WEIGHT: /%-?[0-9]+(?:\.[0-9]+)?%/
GENERAL.5: "####" ANSWER_RUN*
FEEDBACK: "#" ANSWER_RUN*
CATEGORY.9: /\$CATEGORY:[^\n]*/
TITLE.8: /::(?:[^:\\\n]|\\[^\n]|:(?!:))*::/
LBRACE: "{"
RBRACE: "}"
_BLANK.7: /\n(?:[ \t]*\n)+/
COMMENT.9: /(?m:^)[ \t]*\/\/[^\n]*/
NEWLINE: /\n(?![ \t]*\n)/
SPACE: /[ \t]+/
%ignore COMMENT
%ignore NEWLINE
%ignore SPACE
"""
"""The GIFT grammar, for lark's LALR parser with its contextual lexer.

A text is one token, cleaned afterwards as Moodle cleans it (comment lines dropped,
lines trimmed, format tag read, escapes decoded). A line break alone is ignored between
tokens, but blank lines are a token, so they separate questions and cannot hide inside
an answer block. Which type a question is is decided from what its answer block holds
(see ``_Reader``), as Moodle decides it, so that the grammar itself stays small and
conflict-free.
"""

BLANK = "___"
"""What stands for the answer block in the prompt of a missing-word question."""

GENERATED_EXPLANATION = "The answer is: {answer}."
"""The neutral explanation given to a question without general feedback (``####``)."""

_BLANK_PLACEHOLDER = "\ue000"
"""Stands in for :data:`BLANK` while the prompt's text is converted (so that HTML
conversion cannot escape it); a character of Unicode's private use area."""

_FORMATS = ("html", "markdown", "plain", "moodle")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_ESCAPE = re.compile(r"\\([\\:#=~{}n])")
_WEIGHT_TOLERANCE = 0.05
"""How far (in percent) a weight may be from an even share and still count as one
(Moodle writes thirds as 33.33333)."""


@cache
def _parser() -> Lark:
    # Built on first use: making the parsing tables takes a moment at start-up.
    return Lark(
        GRAMMAR,
        parser="lalr",
        lexer="contextual",
        maybe_placeholders=False,
        transformer=_Build(visit_tokens=False),
    )


# --- What the parser builds -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """One ``=``/``~`` answer: its token, split into mark, weight and text, and the
    ``#`` feedback tokens after it."""

    token: Token
    mark: str
    weight: str | None
    text: str
    feedback: list[Token]


_ANSWER_PARTS = re.compile(r"([=~])[ \t]*(%-?[0-9]+(?:\.[0-9]+)?%)?(.*)", re.DOTALL)
"""An ``ANSWER`` token's mark, weight and text: the grammar's ``ANSWER``, with its
``WEIGHT`` (a test checks that the two agree)."""


def _item(token: Token, feedback: list[Token]) -> _Item:
    parts = _ANSWER_PARTS.match(token)
    assert parts is not None  # the token matched the grammar's ANSWER
    mark, weight, text = parts.groups()
    return _Item(token, mark, weight, text, feedback)


@dataclass(frozen=True, slots=True)
class _Body:
    """What an answer block holds; ``kind`` is the grammar's ``body_*`` alternative."""

    kind: str
    text: Token | None
    feedback: list[Token]
    items: list[_Item]
    general: Token | None


@dataclass(frozen=True, slots=True)
class _Answers:
    open: Token
    body: _Body
    close: Token


@dataclass(frozen=True, slots=True)
class _Question:
    first: Token
    title: Token | None
    before: Token | None
    answers: _Answers | None
    after: Token | None


def _body(kind: str, children: list[Any]) -> _Body:
    # The children: a bare answer's text and the general feedback (tokens), and lists
    # of items or of feedback.
    text: Token | None = None
    feedback: list[Token] = []
    items: list[_Item] = []
    general: Token | None = None
    for child in children:
        if isinstance(child, Token):
            if child.type == "GENERAL":
                general = child
            else:
                text = child
        elif isinstance(child[0], _Item):
            items = child
        else:
            feedback = child
    return _Body(kind, text, feedback, items, general)


_READER: ContextVar[_Reader] = ContextVar("_READER")
"""The reader of the text being parsed, which takes each question as it is reduced."""


class _Build(Transformer[Token, Any]):
    """Builds plain records as the parser reduces, and hands each question (and
    category) to the reader as soon as it is complete: no parse tree is built, and no
    token outlives its question."""

    def feedbacks(self, children: list[Any]) -> list[Any]:
        if len(children) == 1:
            return [children[0]]
        children[0].append(children[1])
        return children[0]  # type: ignore[no-any-return]

    items = feedbacks  # the same left-recursive list, of items

    def item(self, children: list[Any]) -> _Item:
        return _item(children[0], children[1] if len(children) > 1 else [])

    def body_empty(self, children: list[Any]) -> _Body:
        return _body("empty", children)

    def body_bare(self, children: list[Any]) -> _Body:
        return _body("bare", children)

    def body_numerical(self, children: list[Any]) -> _Body:
        return _body("numerical", children)

    def body_items(self, children: list[Any]) -> _Body:
        return _body("items", children)

    def answers(self, children: list[Any]) -> _Answers:
        return _Answers(children[0], children[1], children[2])

    def title(self, children: list[Token]) -> tuple[str, Token]:
        return ("title", children[0])

    def before(self, children: list[Token]) -> tuple[str, Token]:
        return ("before", children[0])

    def after(self, children: list[Token]) -> tuple[str, Token]:
        return ("after", children[0])

    def question(self, children: list[Any]) -> None:
        parts: dict[str, Token] = {}
        answers: _Answers | None = None
        for child in children:
            if isinstance(child, _Answers):
                answers = child
            else:
                parts[child[0]] = child[1]
        title = parts.get("title")
        before = parts.get("before")
        if title is not None:
            first = title
        elif before is not None:
            first = before
        else:
            assert answers is not None  # the grammar has no empty question
            first = answers.open
        _READER.get().question(_Question(first, title, before, answers, parts.get("after")))

    description = question

    def category(self, children: list[Token]) -> None:
        _READER.get().category(children[0])

    def start(self, children: list[Any]) -> None:
        return None


# --- Reading --------------------------------------------------------------------------


def read_gift(text: str) -> Bank:
    """Read the text of a GIFT file into a :class:`Bank`.

    Raises:
        BankError: the text is not GIFT (with the line and column of the first mistake
            and what was expected there), or it holds no question at all.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = _Reader(text)
    reading = _READER.set(reader)
    try:
        _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(text, exc) from None
    finally:
        _READER.reset(reading)
    return reader.finish()


@dataclass
class _Draft:
    """A question read, before its id is known."""

    line: int
    title: str | None
    number: int
    data: dict[str, Any]
    category: str | None


class _Reader:
    """Turns the parsed entries into questions, skipped questions and notices."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.bank = Bank()
        self.drafts: list[_Draft] = []
        self.generated: list[int] = []
        """Lines of questions given a generated explanation."""
        self.current_category: str | None = None
        self.count = 0

    def category(self, token: Token) -> None:
        """``$CATEGORY: a/b``: the category of the questions after it."""
        self.current_category = str(token)[len("$CATEGORY:") :].strip() or None

    def question(self, question: _Question) -> None:
        self.count += 1
        self._question(question, self.count, self.current_category)

    def finish(self) -> Bank:
        """The bank, once every question is read."""
        if self.count == 0:
            raise BankError(
                "no questions: a GIFT question is text followed by its answers in braces, "
                "such as `Which stroke glides? {=Effleurage ~Tapotement}`",
                1,
                1,
            )
        self._give_ids()
        # Only questions that are in the bank: one skipped needs no explanation.
        kept = {item.line for item in self.bank.questions}
        lines = [line for line in self.generated if line in kept]
        if lines:
            shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
            count = "1 question has" if len(lines) == 1 else f"{len(lines)} questions have"
            self.bank.notices.append(
                Skipped(
                    lines[0],
                    f"{count} no general feedback (`####…`), and a quiz question needs an "
                    "explanation: each was given a neutral one, "
                    f'"{GENERATED_EXPLANATION.format(answer="<its answer>")}" '
                    f"(line {shown}); replace them with your own in the quiz",
                ),
            )
        self.bank.notices.sort(key=lambda notice: notice.line)
        return self.bank

    # Ids ----------------------------------------------------------------------------

    def _give_ids(self) -> None:
        """Titles become ids first (in file order), then untitled questions take
        ``q<number>``; any clash gets ``-2``, ``-3``…, so no two ids are the same."""
        used: set[str] = set()
        ids: dict[int, str] = {}
        for index, draft in enumerate(self.drafts):
            wanted = slug_id(draft.title) if draft.title is not None else ""
            if wanted:
                ids[index] = _unique(wanted, used)
        for index, draft in enumerate(self.drafts):
            if index not in ids:
                ids[index] = _unique(f"q{draft.number}", used)
        for index, draft in enumerate(self.drafts):
            data = {"id": ids[index], **draft.data}
            self.bank.questions.append(Imported(draft.line, data, draft.category))

    # One question ---------------------------------------------------------------------

    def _question(self, question: _Question, number: int, category: str | None) -> None:
        line = question.first.line or 1
        answers = question.answers
        if answers is None:
            self.bank.skipped.append(Skipped(line, _DESCRIPTION))
            return
        body = answers.body
        if body.kind == "empty":
            self.bank.skipped.append(Skipped(line, _ESSAY))
            return
        if body.kind == "numerical":
            self.bank.skipped.append(Skipped(line, _NUMERICAL))
            return
        prompt, fmt = self._prompt(question, answers)
        built = _Built(fmt=fmt, line=line)
        if body.kind == "bare":
            self._bare(body, built)
        else:
            self._items(body, built)
        if built.skipped is not None:
            self.bank.skipped.append(Skipped(line, built.skipped))
            return
        explanation = self._explanation(body, built)
        data = {"type": built.kind, "prompt": prompt, **built.data, "explanation": explanation}
        self.bank.notices.extend(Skipped(line, notice) for notice in built.notices)
        title = None
        if question.title is not None:
            title = _decode(str(question.title)[2:-2]).strip()
        self.drafts.append(_Draft(line, title, number, data, category))

    def _prompt(self, question: _Question, answers: _Answers) -> tuple[str, str]:
        """The prompt (with :data:`BLANK` for a block in mid-sentence) and its format."""
        before = question.before
        if question.after is None:
            raw = str(before) if before is not None else ""
        else:
            # Moodle's "missing word": the text around the block, the blank in its place
            # (with the spaces as written, as Moodle keeps them).
            start = _start(before) if before is not None else _start(answers.open)
            raw = (
                self.source[start : _start(answers.open)]
                + _BLANK_PLACEHOLDER
                + self.source[_end(answers.close) : _end(question.after)]
            )
        text, fmt = _content(raw, "moodle")
        return text.replace(_BLANK_PLACEHOLDER, BLANK), fmt

    def _feedback(self, feedback: list[Token], built: _Built) -> str:
        """All of an answer's feedback, as Moodle reads it: everything after its first
        ``#`` (a later ``#`` is part of the text)."""
        if not feedback:
            return ""
        if len(feedback) == 1:
            return _content(feedback[0][1:], built.fmt)[0]
        raw = self.source[_start(feedback[0]) + 1 : _end(feedback[-1])]
        return _content(raw, built.fmt)[0]

    def _weight(self, item: _Item) -> float:
        if item.weight is None:
            return 100.0 if item.mark == "=" else 0.0
        value = float(item.weight[1:-1])
        if not -100 <= value <= 100:
            raise BankError(
                f"the weight {item.weight} is out of range: expected a percentage from "
                "-100% to 100%, such as `%50%`",
                item.token.line or 1,
                (item.token.column or 1) + item.token.index("%"),
            )
        return value

    # Answer blocks ------------------------------------------------------------------

    def _bare(self, body: _Body, built: _Built) -> None:
        """``{T}``, ``{FALSE#…#…}`` or ``{answer}``: true/false, else one short answer."""
        raw = str(body.text) if body.text is not None else ""
        if _clean(raw) in _TRUE_FALSE:
            value = _TRUE_FALSE[_clean(raw)]
            built.kind = "true_false"
            built.data["answer"] = value
            built.answer = "true" if value else "false"
            self._true_false_feedback(body.feedback, value, built)
            return
        answer = _content(raw, built.fmt, plain=True)[0]
        built.kind = "short"
        built.data["accept"] = [answer]
        built.answer = answer
        note = self._feedback(body.feedback, built)
        if note:
            built.moved.append(f"If you answered {answer}: {note}")
            built.notices.append(_SHORT_FEEDBACK)

    def _true_false_feedback(self, feedback: list[Token], value: bool, built: _Built) -> None:
        """Moodle's ``{T#wrong#right}``: the first note is for a wrong answer, the
        second (with anything after it) for a right one."""
        if not feedback:
            return
        wrong = self._feedback(feedback[:1], built)
        right = self._feedback(feedback[1:], built)
        by_answer = {value: right, not value: wrong}
        for answer in (True, False):
            if by_answer[answer]:
                built.moved.append(f"If you answered {str(answer).lower()}: {by_answer[answer]}")
        if wrong or right:
            built.notices.append(
                "its true/false feedback (`#…#…`) is now part of the explanation: "
                "true/false questions take no feedback in a quiz"
            )

    def _items(self, body: _Body, built: _Built) -> None:
        items = body.items
        if any(item.mark == "~" for item in items):
            self._choices(items, built)
            return
        arrows = ["->" in _clean(item.text) for item in items]
        if any(arrows):
            for item, arrow in zip(items, arrows, strict=True):
                if not arrow:
                    raise BankError(
                        "this answer has no `->`: in a matching question every answer is "
                        "a pair, `=left -> right`",
                        item.token.line or 1,
                        item.token.column or 1,
                    )
            self._matching(items, built)
            return
        self._short(items, built)

    def _choices(self, items: list[_Item], built: _Built) -> None:
        weights = [self._weight(item) for item in items]
        texts = [_content(item.text, built.fmt)[0] for item in items]
        feedback: dict[str, str] = {}
        for item, text in zip(items, texts, strict=True):
            note = self._feedback(item.feedback, built)
            if note:
                feedback[text] = note
        positive = [i for i, weight in enumerate(weights) if weight > 0]
        if not positive:
            built.skipped = (
                "a multiple-choice question with no right answer: mark the right one "
                "`=`, or give the right ones positive weights such as `~%50%`"
            )
            return
        if any(item.mark == "=" for item in items):
            # Moodle's one-answer multiple choice: the answer worth 100% is right.
            full = [i for i in positive if weights[i] >= 100 - _WEIGHT_TOLERANCE]
            if len(full) != 1:
                built.skipped = (
                    f"a multiple-choice question where {len(full)} choices are each fully "
                    "right and the student picks one: a quiz's single-choice question has "
                    "exactly one right choice (mark the others `~`, or drop every `=` and "
                    "give the right ones weights such as `~%50%` so that all of them must "
                    "be picked)"
                    if full
                    else "a one-answer multiple-choice question (it has a `=`) with no "
                    "choice worth 100%"
                )
                return
            right = full[0]
            built.kind = "single"
            built.data["correct"] = texts[right]
            built.data["wrong"] = [text for i, text in enumerate(texts) if i != right]
            built.answer = texts[right]
            if any(weight != 0 for i, weight in enumerate(weights) if i != right):
                built.notices.append(_PARTIAL_NOTICE)
        else:
            # No `=`: Moodle's several-answer multiple choice.
            built.kind = "multiple"
            built.data["correct"] = [texts[i] for i in positive]
            built.data["wrong"] = [text for i, text in enumerate(texts) if weights[i] <= 0]
            built.answer = "; ".join(texts[i] for i in positive)
            built.lead = "The answers are:"
            if not _even_weights(weights):
                built.notices.append(_PARTIAL_NOTICE)
        if feedback:
            built.data["feedback"] = feedback

    def _short(self, items: list[_Item], built: _Built) -> None:
        accept: list[str] = []
        partial = False
        dropped: list[str] = []
        for item in items:
            weight = self._weight(item)
            answer = _content(item.text, built.fmt, plain=True)[0]
            note = self._feedback(item.feedback, built)
            if note:
                built.moved.append(f"If you answered {answer}: {note}")
            if weight > 0:
                accept.append(answer)
                partial = partial or weight < 100 - _WEIGHT_TOLERANCE
            else:
                dropped.append(answer)
        if not accept:
            built.skipped = "a short-answer question with no answer worth any marks"
            return
        built.kind = "short"
        built.data["accept"] = accept
        built.answer = accept[0]
        if partial:
            built.notices.append(
                "some answers earn part of the marks (`=%50%…`): a quiz accepts an "
                "answer or not, so they are accepted as fully right"
            )
        if dropped:
            built.notices.append(
                "answers worth no marks are not accepted, so they are left out: "
                + ", ".join(repr(answer) for answer in dropped)
            )
        if built.moved:
            built.notices.append(_SHORT_FEEDBACK)

    def _matching(self, items: list[_Item], built: _Built) -> None:
        pairs: list[list[str]] = []
        extra: list[str] = []
        weighted = False
        for item in items:
            # Split at the first `->` (escapes never hold one); the right side is plain
            # text in Moodle, never formatted.
            left_raw, _, right_raw = _clean(item.text).partition("->")
            left = _content(left_raw, built.fmt)[0]
            right = _decode(right_raw).strip()
            weighted = weighted or item.weight is not None
            note = self._feedback(item.feedback, built)
            if note:
                built.moved.append(f"{left} → {right}: {note}")
            if left:
                pairs.append([left, right])
            else:
                extra.append(right)
        if len(pairs) >= 2 and all(
            left == _ordinal(n) for n, (left, _) in enumerate(pairs, start=1)
        ):
            built.kind = "ordering"
            built.data["order"] = [right for _, right in pairs]
            built.answer = ", ".join(right for _, right in pairs)
            built.lead = "The order is:"
        else:
            built.kind = "matching"
            built.data["pairs"] = pairs
            built.answer = "; ".join(f"{left} → {right}" for left, right in pairs)
            built.lead = "The pairs are:"
        if extra:
            built.notices.append(
                "extra answers with nothing to match on the left are left out (a quiz "
                "matches every item): " + ", ".join(repr(right) for right in extra)
            )
        if weighted:
            built.notices.append("weights (`%…%`) on matching pairs are left out")
        if built.moved:
            built.notices.append(
                "its pairs' feedback (`#…`) is now part of the explanation: matching "
                "questions take no feedback in a quiz"
            )

    def _explanation(self, body: _Body, built: _Built) -> str:
        general = body.general
        text = _content(general[4:], built.fmt)[0] if general is not None else ""
        if not text:
            self.generated.append(built.line)
            text = f"{built.lead} {built.answer}"
            if not text.endswith((".", "!", "?")):
                text += "."
        return "\n".join([text, *built.moved])


_DESCRIPTION = "a description (text with no answers in braces `{…}`): a quiz holds only questions"
_ESSAY = "an essay question (`{}`): a quiz has no answers written freely for a person to mark"
_NUMERICAL = (
    "a numerical question (`{#…}`): a quiz has no number answers with a margin; a short "
    "answer (`{=42}`) accepts the number as text"
)
_SHORT_FEEDBACK = (
    "its answers' feedback (`#…`) is now part of the explanation: short answers take no "
    "feedback in a quiz"
)
_PARTIAL_NOTICE = (
    "its weights (`%…%`) give part marks, which do not map exactly: a quiz grades the "
    "question all-or-nothing (every right choice, and no wrong one, must be picked)"
)


@dataclass
class _Built:
    """A question's type and keys as they are worked out, and what to tell about it."""

    fmt: str
    line: int
    kind: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    answer: str = ""
    """The answer, as a generated explanation names it."""
    lead: str = "The answer is:"
    """How a generated explanation starts (see :data:`GENERATED_EXPLANATION`)."""
    moved: list[str] = field(default_factory=list)
    """Feedback moved into the explanation."""
    notices: list[str] = field(default_factory=list)
    skipped: str | None = None


def _even_weights(weights: list[float]) -> bool:
    """Whether the weights of a several-answer question are the plain "all right ones"
    kind: the positive ones split 100% evenly, and every negative one is an even
    penalty (-100%, or -100% shared by the right or by the wrong choices)."""
    right = [weight for weight in weights if weight > 0]
    wrong = len(weights) - len(right)
    share = 100 / len(right)
    if any(abs(weight - share) > _WEIGHT_TOLERANCE for weight in right):
        return False
    penalties = [100.0, share] + ([100 / wrong] if wrong else [])
    return all(
        any(abs(-weight - penalty) <= _WEIGHT_TOLERANCE for penalty in penalties)
        for weight in weights
        if weight < 0
    )


def _start(token: Token) -> int:
    return token.start_pos or 0


def _end(token: Token) -> int:
    return token.end_pos if token.end_pos is not None else 0


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``… ``11th``, ``21st``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


# --- Text -----------------------------------------------------------------------------


def _clean(raw: str) -> str:
    """A text of the file as Moodle reads it: comment lines dropped, every line
    trimmed."""
    raw = raw.strip()
    if "\n" not in raw:
        return raw
    lines = (line.strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if not line.startswith("//")).strip()


def _decode(text: str) -> str:
    """GIFT's escapes: ``\\{`` is ``{`` (and so on), ``\\n`` a line break."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def _content(raw: str, default: str, *, plain: bool = False) -> tuple[str, str]:
    """A text of the file in the course's Markdown, and its format (``default`` unless
    it starts with a format tag).

    ``plain`` keeps HTML's text only (for answers a student types).
    """
    text = _clean(raw)
    fmt = default
    if text.startswith("["):
        for name in _FORMATS:
            if text.startswith(f"[{name}]"):
                fmt = name
                text = text[len(name) + 2 :]
                break
    text = _decode(text)
    if fmt == "html":
        text = html_to_markdown(text, plain=plain)
    return text.strip(), fmt


def slug_id(title: str) -> str:
    """A question id made from a GIFT title: lower case, letters and digits (accents
    dropped), ``-``, ``_`` and ``.``, starting with a letter or a digit, at most 100
    characters; ``""`` when nothing is left. A title that is an id already is kept
    (lower-cased)."""
    lowered = title.lower()
    if is_valid_id(lowered):
        return lowered  # already an id (as write_gift writes them): kept as it is
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9_.]+", "-", ascii_text.lower())
    made = re.sub(r"^[-_.]+", "", made)
    return made[:100].rstrip("-")


def _unique(wanted: str, used: set[str]) -> str:
    made = wanted
    number = 1
    while made in used:
        number += 1
        suffix = f"-{number}"
        made = wanted[: 100 - len(suffix)] + suffix
    used.add(made)
    return made


_MARKDOWN_MARKS = {
    "b": "**",
    "strong": "**",
    "i": "*",
    "em": "*",
    "code": "`",
    "tt": "`",
    "kbd": "`",
    "samp": "`",
}
_BLOCKS = frozenset(
    (
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul",
    )
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_WORD_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def html_to_markdown(html: str, *, plain: bool = False) -> str:
    """HTML as the course's inline Markdown: bold, italic, code, links, line breaks and
    paragraphs kept; every other element reduced to its text; entities decoded.

    With ``plain``, only the text is kept (no Markdown at all).
    """
    if "<" not in html and "&" not in html and (plain or _MARKDOWN_CHARACTERS.isdisjoint(html)):
        return _HTML_SPACE.sub(" ", html).strip()
    converter = _HtmlToMarkdown(plain)
    try:
        converter.feed(html)
        converter.close()
    except AssertionError:
        # html.parser gives up on a "<![" it does not know: read such text as text.
        converter = _HtmlToMarkdown(plain)
        converter.feed(html.replace("<![", "&lt;!["))
        converter.close()
    return converter.markdown()


def _escape_text(text: str) -> str:
    """HTML text made Markdown that shows it as written: no emphasis, code, links or
    images that the HTML did not mean (``[x](y)`` in HTML is text)."""
    for mark in ("\\", "*", "`", "[", "]"):
        text = text.replace(mark, "\\" + mark)
    return _WORD_EDGE_UNDERSCORE.sub(r"\\_", text)


class _HtmlToMarkdown(HTMLParser):
    def __init__(self, plain: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.plain = plain
        self.stack: list[tuple[str, str, list[str]]] = [("", "", [])]
        """Open inline elements: (tag, link target or mark, their text so far)."""
        self.hidden = 0

    def _emit(self, text: str) -> None:
        self.stack[-1][2].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._emit("\n")
        elif tag in _BLOCKS:
            self._emit("\n\n")
            if tag == "li":
                self._emit("- ")
        elif tag == "img" and not self.hidden:
            # The picture cannot come along (a course shows none); the marker the app
            # draws for an image says one was there, and what it showed.
            found = dict(attrs)
            alt = _HTML_SPACE.sub(" ", found.get("alt") or "").strip()
            name = (found.get("src") or "").rsplit("/", 1)[-1]
            label = alt or name or "picture"
            if self.plain:
                self._emit(f"[image: {label}]")
            else:
                self._emit(f"\\[image: {_escape_text(label)}\\]")
        elif tag == "a":
            self.stack.append(("a", dict(attrs).get("href") or "", []))
        elif tag in _MARKDOWN_MARKS:
            self.stack.append((tag, _MARKDOWN_MARKS[tag], []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img") or tag in _BLOCKS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._emit("\n\n")
        elif (tag == "a" or tag in _MARKDOWN_MARKS) and any(
            open_tag == tag for open_tag, _, _ in self.stack[1:]
        ):
            while True:
                open_tag = self.stack[-1][0]
                self._close()
                if open_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        text = _HTML_SPACE.sub(" ", data)
        in_code = any(mark == "`" for tag, mark, _ in self.stack if tag != "a")
        if not self.plain and not in_code:
            text = _escape_text(text)
        self._emit(text)

    def _close(self) -> None:
        tag, mark, parts = self.stack.pop()
        inner = "".join(parts)
        body = inner.strip(" ")
        if self.plain or not body.strip():
            self._emit(inner)
            return
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        trail = inner[len(inner.rstrip(" ")) :]
        if tag == "a":
            if not mark:
                made = body
            elif re.search(r"[\s()<>]", mark):
                made = f"[{body}](<{mark}>)" if not re.search(r"[<>\n]", mark) else body
            else:
                made = f"[{body}]({mark})"
        elif mark == "`" and "`" in body:
            made = f"`` {body} ``"
        else:
            made = f"{mark}{body}{mark}"
        self._emit(lead + made + trail)

    def markdown(self) -> str:
        while len(self.stack) > 1:
            self._close()
        # Spaces collapse across elements too, as a browser shows them.
        text = re.sub(" {2,}", " ", "".join(self.stack[0][2]))
        lines = [line.strip(" ") for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Errors ---------------------------------------------------------------------------

_WHAT = {
    "CATEGORY": "`$CATEGORY:`",
    "TITLE": "a title `::…::`",
    "QTEXT": "question text",
    "ATEXT": "answer text",
    "LBRACE": "`{` (the answers)",
    "RBRACE": "`}` (the end of the answers)",
    "ANSWER": "an answer (`=` right, `~` wrong)",
    "GENERAL": "`####` (general feedback)",
    "FEEDBACK": "`#` (feedback)",
    "_BLANK": "a blank line",
    "COMMENT": "a comment line (`//`)",
    "NEWLINE": "a line break",
    "SPACE": "a space",
    "$END": "the end of the file",
}


def _words(names: Iterable[str]) -> str:
    seen = list(dict.fromkeys(_WHAT.get(name, name) for name in sorted(names)))
    if len(seen) <= 1:
        return "".join(seen)
    return ", ".join(seen[:-1]) + " or " + seen[-1]


def _found(text: str, offset: int, kind: str) -> tuple[str, str]:
    """What is at ``offset``, as a terminal name and in words. When no token fits there,
    lark names whatever token would match out of context (text, often), so what is
    named is read from the text itself."""
    if kind in ("$END", "_BLANK"):
        return kind, _WHAT[kind]
    rest = text[offset : offset + 4]
    for start, name in (
        ("####", "GENERAL"),
        ("#", "FEEDBACK"),
        ("{", "LBRACE"),
        ("}", "RBRACE"),
        ("::", "TITLE"),
    ):
        if rest.startswith(start):
            return name, _WHAT[name] if name != "TITLE" else "`::`"
    if rest[:1] in ("=", "~"):
        return "ANSWER", f"`{rest[0]}`"
    line_end = text.find("\n", offset)
    value = text[offset : line_end if line_end >= 0 else len(text)].strip()
    shown = value if len(value) <= 30 else value[:29] + "…"
    return kind, f"the text {shown!r}"


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _open_brace(text: str, offset: int) -> tuple[int, int] | None:
    """Where the last ``{`` before ``offset`` that is not escaped is."""
    at = offset
    while True:
        at = text.rfind("{", 0, at)
        if at < 0:
            return None
        slashes = 0
        while at - slashes > 0 and text[at - slashes - 1] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return _position(text, at)


def _syntax_error(text: str, exc: UnexpectedInput) -> BankError:
    """lark's complaint as a BankError in plain words, at the place of the mistake."""
    if isinstance(exc, UnexpectedToken):
        expected = set(exc.expected)
        kind = exc.token.type
        offset = _start(exc.token) if kind != "$END" else len(text.rstrip())
    elif isinstance(exc, UnexpectedCharacters):
        expected = set(exc.allowed or ())
        offset = exc.pos_in_stream or 0
        kind = "$END" if offset >= len(text) else ""
    else:  # pragma: no cover - the LALR parser raises only the two above
        return BankError(str(exc), exc.line or 1, exc.column or 1)
    kind, found = _found(text, offset, kind)
    line, column = _position(text, offset)
    in_answers = "RBRACE" in expected
    message = f"unexpected {found}: expected {_words(expected)}"
    if in_answers and kind in ("_BLANK", "$END"):
        opened = _open_brace(text, offset)
        where = f" at {opened[0]}:{opened[1]}" if opened else ""
        message = (
            f"the answers opened with `{{`{where} are not closed: expected `}}` before {found}"
        )
    elif in_answers and kind == "LBRACE":
        opened = _open_brace(text, offset)
        where = f" at {opened[0]}:{opened[1]}" if opened else ""
        message = (
            f"a `{{` inside the answers opened{where}: close them with `}}` first, or "
            "write `\\{` for a brace in the text"
        )
    elif expected == {"RBRACE"}:
        message = (
            f"unexpected {found} after the general feedback: `####…` comes last in the "
            "answers, just before `}`"
        )
    elif in_answers and kind == "ANSWER" and "ANSWER" not in expected:
        message = (
            f"unexpected {found}: every answer of a question with several starts with "
            "`=` (right) or `~` (wrong), so the text before this one needs one too"
        )
    elif kind == "TITLE":
        if "TITLE" in expected:
            message = "the title is not closed: expected `::` after it, on the same line"
        else:
            message = (
                "a title `::…::` starts a new question: leave a blank line before it (or "
                "write `\\:` for a colon)"
            )
    elif kind == "RBRACE":
        message = "a `}` with no `{` before it: write `\\}` for a brace in the text"
    elif kind == "LBRACE":
        message = (
            "a second `{` in one question: a question has one answer block, so leave a "
            "blank line before the next question (or write `\\{` for a brace)"
        )
    return BankError(message, line, column)


# --- Writing --------------------------------------------------------------------------

_GIFT_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def escape(text: str) -> str:
    """``text`` for a GIFT file: its special characters escaped, line breaks as ``\\n``."""
    return text.translate(_GIFT_ESCAPES)


@cache
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    # The course's inline rules (see trainer.ui.inline_text), without Textual.
    return MarkdownIt("zero").enable(["escape", "backticks", "emphasis", "link", "image"])


_MARKDOWN_CHARACTERS = frozenset("*_`[]!\\")


def has_markdown(text: str) -> bool:
    """Whether ``text`` shows differently as the course's inline Markdown."""
    if _MARKDOWN_CHARACTERS.isdisjoint(text):
        return False
    tokens = _markdown_parser().parseInline(text)
    children = tokens[0].children if tokens else None
    if not children:
        return False
    return any(t.type != "text" for t in children) or "".join(
        t.content for t in children
    ) != text.replace("\r", "")


_BLANK_IN_PROMPT = re.compile(r"(?<!\w)___(?!\w)")


def write_gift(quiz: Quiz) -> tuple[str, list[str]]:
    """``quiz`` as the text of a GIFT file, with notices of what GIFT cannot hold.

    Every question becomes one GIFT question titled with its id; the explanation is the
    general feedback (``####``); ``single`` and ``multiple`` feedback stays with its
    choice. ``multiple`` questions give each right choice an even share of 100% and each
    wrong one -100% (Moodle's closest to all-or-nothing). ``ordering`` questions, which
    GIFT lacks, become matching questions from ``1st``, ``2nd``… to the items (read back
    as ordering by :func:`read_gift`). A question whose text uses inline Markdown is
    marked ``[markdown]``; a prompt with one :data:`BLANK` (``___``) in mid-sentence is
    written as a missing-word question.
    """
    notices: list[str] = []
    title = " ".join(quiz.title.split())
    out = [
        f"// {title}",
        f"// Quiz '{quiz.id}' of massage-trainer, in Moodle's GIFT format.",
        "",
        f"$CATEGORY: {title.replace('/', '//')}",
        "",
    ]
    settings = _settings(quiz)
    if settings:
        verb = "are" if " and " in settings or settings == "topics" else "is"
        notices.append(
            f"GIFT holds questions only: the quiz's {settings} {verb} not in the file "
            "(its title is the questions' category)"
        )
    for question in quiz.questions:
        lines, said = _question_gift(question)
        out += [*lines, ""]
        notices += [f"question '{question.id}': {notice}" for notice in said]
    return "\n".join(out), notices


@dataclass(frozen=True, slots=True)
class _Answer:
    """One answer line to write: ``=text#note`` or ``=text -> right``."""

    mark: str
    text: str = ""
    note: str | None = None
    right: str | None = None


def _question_gift(question: Question) -> tuple[list[str], list[str]]:
    """The lines of one question, and notices about it."""
    from trainer.course.models import (
        Matching,
        MultipleChoice,
        Ordering,
        ShortAnswer,
        SingleChoice,
    )

    notices: list[str] = []
    if question.id != question.id.lower():
        notices.append(
            "its id is the GIFT title, and ids read from GIFT titles are lower case, so it "
            f"comes back as '{question.id.lower()}'"
        )
    dropped = [key for key in ("lesson", "see") if getattr(question, key) is not None]
    if dropped:
        notices.append(f"GIFT has no place for {' or '.join(f'`{k}`' for k in dropped)}")
    answers: list[_Answer] = []
    missing_word = False
    arrows: list[str] = []
    if isinstance(question, SingleChoice | MultipleChoice):
        notes = {key.strip().casefold(): note for key, note in question.feedback.items()}
        right = question.correct_choices()
        if isinstance(question, SingleChoice):
            marks = ("=", "~")
        else:
            marks = (f"~%{_weight_text(100 / len(right))}%", "~%-100%")
        for mark, choices in ((marks[0], right), (marks[1], question.wrong)):
            answers += [
                _Answer(mark, choice, notes.get(choice.strip().casefold())) for choice in choices
            ]
        missing_word = True
    elif isinstance(question, ShortAnswer):
        answers += [_Answer("=", answer) for answer in question.accept]
        arrows += [answer for answer in question.accept if "->" in answer]
        missing_word = True
    elif isinstance(question, Matching):
        answers += [_Answer("=", left, right=right) for left, right in question.pairs]
        arrows += [left for left, _ in question.pairs if "->" in left]
    elif isinstance(question, Ordering):
        answers += [
            _Answer("=", _ordinal(n), right=item) for n, item in enumerate(question.order, start=1)
        ]
        notices.append(
            "GIFT has no ordering questions, so it is written as a matching question from "
            "1st, 2nd… to the items (massage-trainer reads that back as ordering)"
        )
    else:
        answers.append(_Answer("TRUE" if question.answer else "FALSE"))
    if arrows:
        notices.append(
            f"{', '.join(repr(text) for text in arrows)} holds `->`, which GIFT reads as "
            "a matching pair: change it before importing the file"
        )
    # Moodle reads every text but a pair's right side in the question's format, so one
    # `[markdown]` on the prompt covers them all.
    texts = [question.prompt, question.explanation]
    texts += [text for answer in answers for text in (answer.text, answer.note) if text]
    tag = "[markdown]" if any(has_markdown(text) for text in texts) else ""
    before, after = question.prompt, ""
    if missing_word and len(_BLANK_IN_PROMPT.findall(question.prompt)) == 1:
        head, tail = _BLANK_IN_PROMPT.split(question.prompt)
        # Text on both sides (else the prompt reads back the same written whole, and
        # gift-pegjs wants text between a format tag and the `{`).
        if head.strip() and tail.strip():
            before, after = head, tail
    # The prompt's own tag is its format; without one, a prompt that starts like a tag
    # needs the default written out.
    prompt = escape(before) if tag else _field(before, tag)
    lines = [f"// {question.type}: {question.id}", f"::{question.id}::{tag}{prompt}{{"]
    for answer in answers:
        line = f"\t{answer.mark}{_field(answer.text, tag)}"
        if answer.note:
            line += f"#{_field(answer.note, tag)}"
        if answer.right is not None:
            line += f" -> {escape(answer.right)}"
        lines.append(line)
    lines.append(f"\t####{_field(question.explanation, tag)}")
    lines.append("}" + escape(after))
    return lines, notices


def _field(text: str, tag: str) -> str:
    """``text`` escaped for GIFT, after the question's format ``tag`` (or ``[moodle]``,
    the default) when it would otherwise be read as a format or a weight."""
    written = escape(text)
    start = text.lstrip()
    if start.startswith("[") and any(start.startswith(f"[{name}]") for name in _FORMATS):
        return (tag or "[moodle]") + written
    if start.startswith("%"):
        # A weight in Moodle (`%50%`), and in gift-pegjs anything from a `%`.
        return (tag or "[moodle]") + written
    return written


def _weight_text(weight: float) -> str:
    return f"{weight:.5f}".rstrip("0").rstrip(".")


def _settings(quiz: Quiz) -> str:
    """The quiz's settings that differ from their defaults, named for a notice."""
    named = []
    if quiz.lesson is not None:
        named.append("lesson")
    if getattr(quiz, "topics", None):
        named.append("topics")
    if quiz.pass_mark != 80:
        named.append("pass mark")
    if not quiz.shuffle:
        named.append("shuffle setting")
    if quiz.mode != "practice":
        named.append("mode")
    if quiz.time_limit is not None:
        named.append("time limit")
    if not named:
        return ""
    return ", ".join(named[:-1]) + (" and " if len(named) > 1 else "") + named[-1]
