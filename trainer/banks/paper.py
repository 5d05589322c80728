"""A quiz on paper: a printable test as Markdown or as one self-contained HTML page.

The paper has the quiz's title, a line for the student's name and date, one line of
instructions, then the questions, numbered in the quiz's order:

- ``single``: lettered choices with a circle to fill (○); ``multiple``: with a box to
  tick (☐);
- ``true_false``: ○ True ○ False;
- ``short``: a line to write on;
- ``matching``: the left items numbered, each with a blank for a letter, beside the
  right items lettered and shuffled;
- ``ordering``: the items lettered and shuffled, each with a box to write its place in.

Choices and items are shuffled the same way every time (seeded by the quiz's and the
question's ids), so a paper printed again, and its answer key, match the first one, and
never with the answer given away by the order. With ``answers=True`` the paper is the
answer key: the right choices are marked, and each question is followed by its answer
and its explanation.

Instructor text may hold inline Markdown (``**bold**``, ``*italic*``, `` `code` ``,
links, images), parsed with the same rules as the app: in HTML every piece of text is
escaped before the Markdown is drawn as ``<strong>``/``<em>``/``<code>``; a link shows
as its text and address, never as a link; an image as ``[image: alt text]``. In the
Markdown paper, text is backslash-escaped so that a Markdown viewer shows exactly what
the app shows (``<script>`` and ``[bold]`` stay text). The HTML page has no script, no
link and no external resource (its CSP forbids them too), so it needs no network, and
prints cleanly: page margins, and no question split over two pages.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from trainer.course.models import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from trainer.html_page import page_head
from trainer.text import clean_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

CIRCLE, CIRCLE_FILLED = "○", "●"
BOX, BOX_TICKED = "☐", "☑"
MARKDOWN_LIMIT = 20_000
"""Longer text is shown as written, without Markdown (as in the app)."""

_SPECIAL = frozenset("*_`[]!\\")


# --- the paper, independent of its format --------------------------------------------


@dataclass
class _Item:
    """A choice, a matching side or an ordering item, as printed."""

    letter: str
    text: str
    right: bool = False
    """A right choice (single, multiple, true_false)."""
    key: str = ""
    """What the answer key writes in the item's blank or box (a letter, a place)."""


@dataclass
class _Question:
    number: int
    kind: str
    prompt: str
    explanation: str
    hint: str
    items: list[_Item] = field(default_factory=list)
    """Choices; the left side of a matching question; ordering items."""
    matches: list[_Item] = field(default_factory=list)
    """The right side of a matching question, shuffled and lettered."""
    answer: list[tuple[str, str]] = field(default_factory=list)
    """The answer key's answer line: (our own text, instructor text) pieces, so that
    Markdown in one instructor text cannot run into the next."""


def _letter(index: int) -> str:
    """A, B, … Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _shuffled(items: list[str], rng: random.Random) -> list[int]:
    """Positions of ``items`` in a shuffled order that is not the written one."""
    order = list(range(len(items)))
    if len(items) < 2:
        return order
    for _ in range(20):
        rng.shuffle(order)
        if order != sorted(order):
            return order
    return order[1:] + order[:1]


def _paper_question(quiz: Quiz, number: int, question: Question) -> _Question:
    rng = random.Random(f"{quiz.id}\n{number}\n{question.id}")
    made = _Question(number, question.type, question.prompt, question.explanation, "")
    if isinstance(question, SingleChoice | MultipleChoice):
        choices = question.choices()
        right = set(question.correct_choices())
        order = _shuffled(choices, rng)
        made.items = [
            _Item(_letter(i), choices[at], choices[at] in right) for i, at in enumerate(order)
        ]
        chosen = [item for item in made.items if item.right]
        made.answer = [
            (f"{', ' if i else ''}{item.letter}. ", item.text) for i, item in enumerate(chosen)
        ]
        made.hint = "choose one" if isinstance(question, SingleChoice) else "tick every right one"
    elif isinstance(question, TrueFalse):
        made.items = [
            _Item("", "True", question.answer),
            _Item("", "False", not question.answer),
        ]
        made.answer = [("True" if question.answer else "False", "")]
        made.hint = "true or false"
    elif isinstance(question, ShortAnswer):
        made.answer = [("", question.accept[0])]
        if len(question.accept) > 1:
            also = [
                ("; " if i else " (also accepted: ", a) for i, a in enumerate(question.accept[1:])
            ]
            made.answer += [*also, (")", "")]
        made.hint = "write your answer"
    elif isinstance(question, Matching):
        rights = [right for _, right in question.pairs]
        order = _shuffled(rights, rng)
        letter_of = {at: _letter(i) for i, at in enumerate(order)}
        made.matches = [_Item(_letter(i), rights[at]) for i, at in enumerate(order)]
        made.items = [
            _Item(str(i + 1), left, key=letter_of[i]) for i, (left, _) in enumerate(question.pairs)
        ]
        made.answer = [(", ".join(f"{item.letter} → {item.key}" for item in made.items), "")]
        made.hint = "write the letter of each match"
    else:
        assert isinstance(question, Ordering)
        order = _shuffled(question.order, rng)
        made.items = [
            _Item(_letter(i), question.order[at], key=str(at + 1)) for i, at in enumerate(order)
        ]
        by_place = sorted(made.items, key=lambda item: int(item.key))
        made.answer = [(", ".join(item.letter for item in by_place), "")]
        made.hint = "number the boxes in order, 1 first"
    return made


def _instructions(quiz: Quiz, answers: bool) -> str:
    if answers:
        return (
            "Answer key: the right answers are marked, and each question is followed by "
            "its answer and explanation."
        )
    kinds = {question.type for question in quiz.questions}
    parts = ["Answer every question."]
    if "single" in kinds or "true_false" in kinds:
        parts.append(f"{CIRCLE} Fill in one circle.")
    if "multiple" in kinds:
        parts.append(f"{BOX} Tick every right answer.")
    if "matching" in kinds:
        parts.append("Matching: write the letter of each match on its line.")
    if "ordering" in kinds:
        parts.append(f"Ordering: write 1, 2, 3… in the boxes {BOX}, 1 first.")
    return " ".join(parts)


def _questions(quiz: Quiz) -> list[_Question]:
    return [_paper_question(quiz, n, q) for n, q in enumerate(quiz.questions, start=1)]


def _mark(question: _Question, item: _Item, answers: bool) -> str:
    if question.kind == "multiple":
        return BOX_TICKED if answers and item.right else BOX
    return CIRCLE_FILLED if answers and item.right else CIRCLE


# --- inline Markdown, as the app reads it ------------------------------------------


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # The rules of trainer.ui.inline_text: inline Markdown only, line breaks as written.
    return MarkdownIt("zero").enable(["escape", "backticks", "emphasis", "link", "image"])


def _inline(text: str) -> tuple[list[Token], MarkdownIt] | None:
    """markdown-it's inline tokens of ``text``, or None when it is plain text."""
    if len(text) > MARKDOWN_LIMIT or _SPECIAL.isdisjoint(text):
        return None
    parser = _parser()
    tokens = parser.parseInline(text)
    children = tokens[0].children if tokens else None
    return (children or []), parser


@dataclass(frozen=True)
class _Style:
    """How one output format writes text and the inline styles."""

    text: Callable[[str], str]
    strong: tuple[str, str]
    em: tuple[str, str]
    code: Callable[[str], str]
    aside: Callable[[str], str]
    """A link's address or an image's label, shown as text."""


def _render(text: str, style: _Style) -> str:
    text = clean_text(text)
    parsed = _inline(text)
    if parsed is None:
        return style.text(text)
    tokens, parser = parsed
    out: list[str] = []
    plain: list[str] = []  # the text of an open link, to tell if its address repeats it
    hrefs: list[str] = []
    for token in tokens:
        kind = token.type
        if kind in ("text", "text_special"):
            out.append(style.text(token.content))
            plain.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(style.text("\n"))
        elif kind == "code_inline":
            out.append(style.code(token.content))
            plain.append(token.content)
        elif kind in ("strong_open", "strong_close"):
            out.append(style.strong[kind == "strong_close"])
        elif kind in ("em_open", "em_close"):
            out.append(style.em[kind == "em_close"])
        elif kind == "link_open":
            hrefs.append(str(token.attrs.get("href", "")))
            plain.clear()
        elif kind == "link_close" and hrefs:
            url = clean_text(parser.normalizeLinkText(hrefs.pop()))
            if url and url != "".join(plain):
                out.append(style.aside(f" ({url})"))
        elif kind == "image":
            out.append(style.aside(_image_label(token)))
        else:
            out.append(style.text(token.content))
    return "".join(out)


def _image_label(token: Token) -> str:
    alt = " ".join("".join(child.content for child in token.children or []).split())
    if not alt:
        alt = str(token.attrs.get("src", "")).rstrip("/").rsplit("/", 1)[-1]
    return f"[image: {clean_text(alt)}]" if alt else "[image]"


# --- HTML ---------------------------------------------------------------------------


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>\n")


_HTML = _Style(
    text=_html_text,
    strong=("<strong>", "</strong>"),
    em=("<em>", "</em>"),
    code=lambda text: f"<code>{html.escape(text)}</code>",
    aside=lambda text: f'<span class="aside">{_html_text(text)}</span>',
)


def _h(text: str) -> str:
    """Instructor text as HTML: escaped, with its inline Markdown drawn."""
    return _render(text, _HTML)


_CSS = """
@page { margin: 16mm 15mm 18mm; }
html {
  font-family: "DejaVu Serif", Georgia, Cambria, "Times New Roman", serif;
  font-size: 11pt; line-height: 1.4; color: #000; background: #fff;
}
body { margin: 0 auto; max-width: 46em; overflow-wrap: anywhere; }
@media screen { body { padding: 2em 1.5em; } }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 0.4em; }
.student { margin: 0 0 0.6em; font-size: 11pt; }
.fill { display: inline-block; width: 18em; border-bottom: 1px solid #000; }
.fill.date { width: 9em; }
.instructions {
  margin: 0 0 1.4em; padding-bottom: 0.6em; border-bottom: 1px solid #777;
  font-size: 10.5pt; font-style: italic;
}
.question {
  break-inside: avoid; page-break-inside: avoid;
  margin: 0 0 1.1em; padding-left: 2.4em;
}
.prompt { margin: 0 0 0.35em; font-weight: bold; }
.number { display: inline-block; width: 2.4em; margin-left: -2.4em; }
.hint { font-weight: normal; font-style: italic; font-size: 10pt; color: #333; }
ul.items { list-style: none; margin: 0; padding: 0; }
ul.items li { margin: 0.15em 0; padding-left: 3.2em; text-indent: -3.2em; }
ul.order li { padding-left: 4.4em; text-indent: -4.4em; }
ul.inline li { display: inline-block; margin-right: 2.5em; padding-left: 0; text-indent: 0; }
.mark {
  display: inline-block; width: 1.3em; text-indent: 0;
  font-family: "DejaVu Sans", "Segoe UI Symbol", "Apple Symbols", sans-serif;
}
span.letter { display: inline-block; width: 1.9em; text-indent: 0; }
.box {
  display: inline-block; width: 1.8em; height: 1.25em; margin-right: 0.6em;
  border: 1px solid #000; text-align: center; text-indent: 0; vertical-align: -0.25em;
  line-height: 1.25em; font-weight: bold;
}
.right { font-weight: bold; }
.write { height: 1.6em; border-bottom: 1px solid #000; margin: 0.2em 0 0; }
table.matching { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.matching td { vertical-align: top; padding: 0.15em 0.4em 0.15em 0; }
table.matching td.num { width: 2em; }
table.matching td.left { width: 44%; }
table.matching td.blank { width: 3.2em; }
table.matching td.gap { width: 0.8em; }
table.matching td.letter { width: 2em; }
.slot {
  display: inline-block; width: 2.4em; border-bottom: 1px solid #000;
  text-align: center; font-weight: bold;
}
.answer, .explanation { margin: 0.4em 0 0; }
.explanation { font-size: 10.5pt; }
.aside { color: #444; }
code { font-family: "DejaVu Sans Mono", Consolas, Menlo, monospace; font-size: 0.92em; }
""".strip()


def write_html(quiz: Quiz, answers: bool) -> str:
    """The quiz as one printable HTML page (the answer key with ``answers``)."""
    title = _h(quiz.title) + (" — answer key" if answers else "")
    parts = [
        *page_head(_plain_title(quiz.title, answers), _CSS),
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
    ]
    if not answers:
        parts.append(
            '<p class="student">Name: <span class="fill"></span> '
            'Date: <span class="fill date"></span></p>'
        )
    parts += [
        f'<p class="instructions">{html.escape(_instructions(quiz, answers))}</p>',
        "</header>",
        "<main>",
    ]
    for question in _questions(quiz):
        parts.append(_html_question(question, answers))
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _plain_title(title: str, answers: bool) -> str:
    text = " ".join(clean_text(title).split())
    return html.escape(text + (" — answer key" if answers else ""))


def _html_question(question: _Question, answers: bool) -> str:
    n = question.number
    lines = [
        f'<section class="question" id="q{n}">',
        f'<p class="prompt"><span class="number">{n}.</span>{_h(question.prompt)} '
        f'<span class="hint">({html.escape(question.hint)})</span></p>',
    ]
    kind = question.kind
    if kind in ("single", "multiple", "true_false"):
        inline = " inline" if kind == "true_false" else ""
        lines.append(f'<ul class="items{inline}">')
        for item in question.items:
            marked = ' class="right"' if answers and item.right else ""
            letter = f'<span class="letter">{item.letter}.</span>' if item.letter else ""
            lines.append(
                f'<li{marked}><span class="mark">{_mark(question, item, answers)}</span>'
                f"{letter}{_h(item.text)}</li>"
            )
        lines.append("</ul>")
    elif kind == "short":
        if not answers:
            lines.append('<div class="write"></div>')
    elif kind == "matching":
        lines.append('<table class="matching">')
        for left, right in zip(question.items, question.matches, strict=True):
            slot = html.escape(left.key) if answers else ""
            lines.append(
                f'<tr><td class="num">{left.letter}.</td><td class="left">{_h(left.text)}</td>'
                f'<td class="blank"><span class="slot">{slot}</span></td><td class="gap"></td>'
                f'<td class="letter">{right.letter}.</td><td>{_h(right.text)}</td></tr>'
            )
        lines.append("</table>")
    else:
        lines.append('<ul class="items order">')
        for item in question.items:
            box = html.escape(item.key) if answers else ""
            lines.append(
                f'<li><span class="box">{box}</span><span class="letter">{item.letter}.</span>'
                f"{_h(item.text)}</li>"
            )
        lines.append("</ul>")
    if answers:
        answer = "".join(_html_text(ours) + _h(theirs) for ours, theirs in question.answer)
        lines.append(f'<p class="answer"><strong>Answer:</strong> {answer}</p>')
        lines.append(
            f'<p class="explanation"><strong>Explanation:</strong> {_h(question.explanation)}</p>'
        )
    lines.append("</section>")
    return "\n".join(lines)


# --- Markdown -------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&#|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def _md_text(text: str) -> str:
    """Plain text escaped for Markdown; a line break kept as a hard break."""
    lines = [_MD_SPECIAL.sub(r"\\\1", line) for line in text.split("\n")]
    # A later line must not start a block (a list, a heading underline): escape its start.
    lines[1:] = [_MD_LINE_START.sub(_escape_line_start, line) for line in lines[1:]]
    return "\\\n".join(lines)


def _escape_line_start(found: re.Match[str]) -> str:
    spaces, start = found.groups()
    return f"{spaces}\\{start}" if start in "-+=" else f"{spaces}{start[:-1]}\\{start[-1]}"


def _md_code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MARKDOWN = _Style(
    text=_md_text,
    strong=("**", "**"),
    em=("*", "*"),
    code=_md_code,
    aside=_md_text,
)


def _m(text: str, indent: str = "") -> str:
    """Instructor text as Markdown; later lines indented by ``indent`` (in a list)."""
    return _render(text, _MARKDOWN).replace("\n", "\n" + indent)


def _m_line(text: str) -> str:
    """Instructor text on one line (a title, a table cell)."""
    return _m(" ".join(text.split()))


def write_markdown(quiz: Quiz, answers: bool) -> str:
    """The quiz as a printable Markdown paper (the answer key with ``answers``)."""
    parts = [f"# {_m_line(quiz.title)}{' — answer key' if answers else ''}", ""]
    if not answers:
        # Underscores between spaces are plain text in Markdown: no escaping needed.
        parts += [f"Name: {'_' * 24}    Date: {'_' * 12}", ""]
    parts += [f"*{_md_text(_instructions(quiz, answers))}*", ""]
    for question in _questions(quiz):
        parts += _md_question(question, answers)
    return "\n".join(parts).rstrip("\n") + "\n"


def _md_question(question: _Question, answers: bool) -> list[str]:
    lines = [f"**{question.number}.** {_m(question.prompt)} *({_md_text(question.hint)})*", ""]
    kind = question.kind
    if kind in ("single", "multiple"):
        for item in question.items:
            text = _m(item.text, "  ")
            lines.append(f"- {_mark(question, item, answers)} {item.letter}. {text}")
        lines.append("")
    elif kind == "true_false":
        marks = [f"{_mark(question, item, answers)} {item.text}" for item in question.items]
        lines += ["    ".join(marks), ""]
    elif kind == "short":
        if not answers:
            lines += ["Answer: " + "_" * 40, ""]
    elif kind == "matching":
        lines += ["| | Item | Letter | | Match |", "|---|---|---|---|---|"]
        for left, right in zip(question.items, question.matches, strict=True):
            slot = f"**{left.key}**" if answers else "____"
            lines.append(
                f"| {left.letter}. | {_m_line(left.text)} | {slot} "
                f"| {right.letter}. | {_m_line(right.text)} |"
            )
        lines.append("")
    else:
        for item in question.items:
            box = f"\\[{item.key}\\]" if answers else BOX
            lines.append(f"- {box} {item.letter}. {_m(item.text, '  ')}")
        lines.append("")
    if answers:
        answer = "".join(_md_text(ours) + _m(theirs) for ours, theirs in question.answer)
        lines += [f"**Answer:** {answer}", ""]
        lines += [f"**Explanation:** {_m(question.explanation)}", ""]
    return lines
