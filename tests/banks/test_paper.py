"""The paper quiz: its content, its escaping, and how it prints (with real Chromium).

The printing tests run headless Chromium and poppler's ``pdftotext``; without them they
fail (never skip), naming the Debian packages to install.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from trainer.banks.paper import write_html, write_markdown
from trainer.course.loader import load_course
from trainer.course.models import Quiz

REPO = Path(__file__).resolve().parents[2]


def make_quiz(questions: list[dict[str, Any]], quiz_id: str = "paper", title: str = "") -> Quiz:
    return Quiz.model_validate(
        {"id": quiz_id, "title": title or "Effleurage basics", "questions": questions}
    )


EVERY_TYPE = make_quiz(
    [
        {
            "id": "glide",
            "type": "single",
            "prompt": "Which stroke **glides** along the muscle?",
            "correct": "Effleurage",
            "wrong": ["Tapotement", "Friction", "Vibration"],
            "explanation": "Effleurage *glides*; see `Effleurage`.",
            "feedback": {"Friction": "Friction stays in one place."},
        },
        {
            "id": "forms",
            "type": "multiple",
            "prompt": "Which of these are forms of tapotement?",
            "correct": ["Hacking", "Cupping"],
            "wrong": ["Wringing", "Skin rolling"],
            "explanation": "Hacking and cupping strike the tissue.",
        },
        {
            "id": "brisk",
            "type": "true_false",
            "prompt": "Brisk tapotement is more stimulating than relaxing.",
            "answer": True,
            "explanation": "Brisk percussion wakes tissue up.",
        },
        {
            "id": "kneading",
            "type": "short",
            "prompt": "What is the French name of the kneading stroke?",
            "accept": ["pétrissage", "petrissage"],
            "explanation": "Pétrissage lifts, squeezes and releases.",
        },
        {
            "id": "names",
            "type": "matching",
            "prompt": "Match each stroke with its movement.",
            "pairs": [["Effleurage", "Glide"], ["Pétrissage", "Knead"], ["Tapotement", "Strike"]],
            "explanation": "Each stroke is named for its movement.",
        },
        {
            "id": "cycle",
            "type": "ordering",
            "prompt": "Put one kneading cycle in order.",
            "order": ["Grasp", "Lift", "Squeeze", "Release"],
            "explanation": "Grasp, lift, squeeze, release.",
        },
    ]
)

HOSTILE = make_quiz(
    [
        {
            "id": "hostile",
            "type": "single",
            "prompt": "Is <script>alert('x')</script> [bold]markup[/bold] & co **safe**?",
            "correct": "<b>Yes</b> & [red]no[/red]",
            "wrong": ['<img src="http://evil.example/x.png">', "[link](javascript:alert(1))"],
            "explanation": "&amp; stays text; so does <a href='https://evil.example'>this</a>.",
        }
    ],
    title="<title>A & B</title>",
)


# --- content -------------------------------------------------------------------------


def test_markdown_paper_has_every_question_and_no_answers() -> None:
    paper = write_markdown(EVERY_TYPE, answers=False)

    assert paper.startswith("# Effleurage basics\n")
    assert "Name: ____" in paper
    assert "Answer every question." in paper
    numbers = re.findall(r"^\*\*(\d+)\.\*\* ", paper, flags=re.MULTILINE)
    assert numbers == ["1", "2", "3", "4", "5", "6"]
    assert "**1.** Which stroke **glides** along the muscle? *(choose one)*" in paper
    single = re.findall(r"^- ○ ([A-D])\. (\w+)$", paper, flags=re.MULTILINE)
    assert sorted(text for _, text in single) == [
        "Effleurage",
        "Friction",
        "Tapotement",
        "Vibration",
    ]
    assert [letter for letter, _ in single] == ["A", "B", "C", "D"]
    assert (
        len(re.findall(r"^- ☐ [A-D]\. ", paper, flags=re.MULTILINE)) == 4 + 4
    )  # multiple, ordering
    assert "○ True    ○ False" in paper
    assert "Answer: ________" in paper
    assert "| 1. | Effleurage | ____ | " in paper
    # No answer, no explanation, no feedback.
    for hidden in ("●", "☑", "**Answer:**", "Explanation", "glides*;", "stays in one place"):
        assert hidden not in paper


def test_markdown_answer_key_marks_answers_and_explains() -> None:
    paper = write_markdown(EVERY_TYPE, answers=True)

    assert paper.startswith("# Effleurage basics — answer key\n")
    assert "Name:" not in paper
    right = re.search(r"^- ● ([A-D])\. Effleurage$", paper, flags=re.MULTILINE)
    assert right is not None
    assert f"**Answer:** {right.group(1)}. Effleurage" in paper
    assert "**Explanation:** Effleurage *glides*; see `Effleurage`." in paper
    ticked = re.findall(r"^- ☑ [A-D]\. (\w+)$", paper, flags=re.MULTILINE)
    assert sorted(ticked) == ["Cupping", "Hacking"]
    assert "● True    ○ False" in paper
    assert "**Answer:** pétrissage (also accepted: petrissage)" in paper
    assert paper.count("**Explanation:**") == 6


def test_matching_and_ordering_answers_agree_with_the_shuffled_paper() -> None:
    paper = write_markdown(EVERY_TYPE, answers=True)

    rows = re.findall(
        r"^\| (\d)\. \| (\w+) \| \*\*([A-C])\*\* \| ([A-C])\. \| (\w+) \|$", paper, re.M
    )
    lefts = {left: letter for _, left, letter, _, _ in rows}
    rights = {letter: right for _, _, _, letter, right in rows}
    assert {left: rights[lefts[left]] for left in lefts} == {
        "Effleurage": "Glide",
        "Pétrissage": "Knead",
        "Tapotement": "Strike",
    }
    assert [right for *_, right in rows] != ["Glide", "Knead", "Strike"]  # shuffled

    items = dict(re.findall(r"^- \\\[(\d)\\\] [A-D]\. (\w+)$", paper, re.M))
    assert [items[str(n)] for n in range(1, 5)] == ["Grasp", "Lift", "Squeeze", "Release"]
    assert list(items.values()) != ["Grasp", "Lift", "Squeeze", "Release"]  # shuffled
    shown = re.findall(r"^- \\\[\d\\\] ([A-D])\. (\w+)$", paper, re.M)
    letter_of = {text: letter for letter, text in shown}
    expected = ", ".join(letter_of[t] for t in ["Grasp", "Lift", "Squeeze", "Release"])
    assert f"**Answer:** {expected}" in paper


def test_the_same_paper_every_time_and_the_key_matches_it() -> None:
    assert write_markdown(EVERY_TYPE, False) == write_markdown(EVERY_TYPE, False)
    assert write_html(EVERY_TYPE, True) == write_html(EVERY_TYPE, True)

    def order(paper: str) -> list[str]:
        return re.findall(r"^- [○●☐☑] [A-D]\. (\w+)", paper, flags=re.MULTILINE)

    blank, key = write_markdown(EVERY_TYPE, False), write_markdown(EVERY_TYPE, True)
    assert order(blank)[:8] == order(key)[:8]
    # Seeded by the quiz: another quiz id may shuffle the same questions differently.
    others = {
        tuple(order(write_markdown(EVERY_TYPE.model_copy(update={"id": f"q{n}"}), False)))
        for n in range(10)
    }
    assert len(others) > 1


def test_html_paper_content_with_and_without_answers() -> None:
    blank = write_html(EVERY_TYPE, answers=False)
    key = write_html(EVERY_TYPE, answers=True)

    assert blank.startswith("<!DOCTYPE html>")
    assert "<h1>Effleurage basics</h1>" in blank
    assert "<h1>Effleurage basics — answer key</h1>" in key
    assert 'class="fill"' in blank and 'class="fill"' not in key
    for n in range(1, 7):
        assert f'<section class="question" id="q{n}">' in blank
        assert f'<span class="number">{n}.</span>' in blank
    assert "Which stroke <strong>glides</strong> along the muscle?" in blank
    assert blank.count('<span class="mark">○</span>') == 4 + 2  # single, true/false
    assert blank.count('<span class="mark">☐</span>') == 4
    assert '<div class="write"></div>' in blank
    assert blank.count('<span class="slot"></span>') == 3
    assert blank.count('<span class="box"></span>') == 4
    for hidden in ("●", "☑", "Answer:", "Explanation:", "glides</em>"):
        assert hidden not in blank

    assert key.count('<span class="mark">●</span>') == 2
    assert key.count('<span class="mark">☑</span>') == 2
    assert (
        "<strong>Explanation:</strong> Effleurage <em>glides</em>; see <code>Effleurage</code>."
        in key
    )
    assert key.count('<p class="explanation">') == 6
    assert '<span class="box">1</span>' in key
    assert "(also accepted: petrissage)" in key


def test_html_escapes_markup_and_html_like_text() -> None:
    for answers in (False, True):
        page = write_html(HOSTILE, answers)
        body = page.split("<body>", 1)[1]
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
        assert "[bold]markup[/bold] &amp; co <strong>safe</strong>?" in body
        assert "&lt;b&gt;Yes&lt;/b&gt; &amp; [red]no[/red]" in body
        assert "&lt;img src=&quot;http://evil.example/x.png&quot;&gt;" in body
        assert "<title>&lt;title&gt;A &amp; B&lt;/title&gt;" in page
        assert "<h1>&lt;title&gt;A &amp; B&lt;/title&gt;" in page
        assert "<script" not in page and "<img" not in page and "<b>" not in page
        assert "<a " not in page
    key = write_html(HOSTILE, True)
    # markdown-it refuses a javascript: link: it stays text, as written.
    assert "[link](javascript:alert(1))" in key
    assert "&amp;amp; stays text; so does &lt;a href=&#x27;https://evil.example&#x27;&gt;" in key


def test_markdown_escapes_markup_and_html_like_text() -> None:
    paper = write_markdown(HOSTILE, answers=True)

    assert "\\<script\\>alert('x')\\</script\\>" in paper
    assert "\\[bold\\]markup\\[/bold\\] \\& co **safe**?" in paper
    # Rendered by a CommonMark viewer, it shows the text, never runs or links it.
    rendered = MarkdownIt("commonmark").enable("table").render(paper)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "&lt;script&gt;alert('x')&lt;/script&gt; [bold]markup[/bold] &amp; co" in rendered
    assert "<strong>safe</strong>" in rendered
    assert "&amp;amp; stays text" in rendered


def test_markdown_keeps_line_breaks_without_starting_blocks() -> None:
    quiz = make_quiz(
        [
            {
                "id": "lines",
                "type": "ordering",
                "prompt": "First line\n- not a list\n1. not numbered\n# not a heading",
                "order": ["Grasp\n+ more", "Lift"],
                "explanation": "E",
            }
        ]
    )
    rendered = MarkdownIt("commonmark").render(write_markdown(quiz, answers=False))

    assert (
        "First line<br />\n- not a list<br />\n1. not numbered<br />\n# not a heading" in rendered
    )
    assert "Grasp<br />\n+ more" in rendered
    assert "<h1>Paper" not in rendered and rendered.count("<ul>") == 1


class Elements(HTMLParser):
    """Every tag and attribute of a page, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "section", "h1", "p",
    "span", "strong", "em", "code", "br", "ul", "li", "div", "table", "tr", "td",
}  # fmt: skip
REFERENCES = {"src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href"}


def assert_self_contained(page: str) -> None:
    """No script, nothing that loads or links anything: only text and inline style."""
    assert "<script" not in page.casefold()
    elements = Elements(page)
    assert set(elements.tags) <= ALLOWED_TAGS
    assert not [name for name, _ in elements.attributes if name in REFERENCES]
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    assert not [value for _, value in elements.attributes if "http" in value or "//" in value]
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in style and "@import" not in style and "http" not in style
    assert "default-src 'none'" in page  # and its CSP forbids loading anything


@pytest.mark.parametrize("answers", [False, True])
def test_html_is_one_self_contained_page(answers: bool) -> None:
    page = write_html(EVERY_TYPE, answers)

    assert_self_contained(page)
    assert "http://" not in page and "https://" not in page
    assert "src=" not in page and "href=" not in page
    assert "@page" in page and "break-inside: avoid" in page
    assert_self_contained(write_html(HOSTILE, answers))


@pytest.mark.parametrize("answers", [False, True])
def test_links_and_images_in_instructor_text_print_as_text(answers: bool) -> None:
    linked = make_quiz(
        [
            {
                "id": "l",
                "type": "true_false",
                "prompt": "See [the guide](https://example.org/guide) ![hands](img/hands.png).",
                "answer": True,
                "explanation": "E",
            }
        ]
    )
    page = write_html(linked, answers)

    assert_self_contained(page)
    assert 'the guide<span class="aside"> (https://example.org/guide)</span>' in page
    assert '<span class="aside">[image: hands]</span>' in page


MARKUP_TEXT = st.text(
    alphabet=st.sampled_from(list("<>&\"'`*_[]()!\\#|-=+1. \nab\x00\x1b")), min_size=1
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prompt=MARKUP_TEXT, choice=MARKUP_TEXT, explanation=MARKUP_TEXT)
def test_any_instructor_text_stays_text(prompt: str, choice: str, explanation: str) -> None:
    quiz = make_quiz(
        [
            {
                "id": "any",
                "type": "single",
                "prompt": prompt + "x",
                "correct": choice + "c",
                "wrong": [choice + "w"],
                "explanation": explanation + "e",
            },
            {
                "id": "o",
                "type": "ordering",
                "prompt": "P",
                "order": [prompt + "1", choice + "2"],
                "explanation": "E",
            },
        ],
        title=prompt + "t",
    )
    for answers in (False, True):
        assert_self_contained(write_html(quiz, answers))
        rendered = MarkdownIt("commonmark").enable("table").render(write_markdown(quiz, answers))
        assert set(Elements(rendered).tags) <= {"h1", "p", "strong", "em", "code", "ul", "li", "br"}
        # Every question is still there: no text escaped its paragraph or list.
        assert rendered.count("<ul>") == 2 and rendered.count("<li>") == 4


def test_every_quiz_of_the_builtin_course() -> None:
    course = load_course(REPO).course
    assert course.quizzes
    for quiz in course.quizzes.values():
        for answers in (False, True):
            page = write_html(quiz, answers)
            markdown = write_markdown(quiz, answers)
            assert page.count('<section class="question"') == len(quiz.questions)
            assert len(re.findall(r"^\*\*\d+\.\*\* ", markdown, re.M)) == len(quiz.questions)
            assert_self_contained(page)


# --- printing with Chromium -----------------------------------------------------------

WORDS = [
    "effleurage", "petrissage", "tapotement", "friction", "vibration", "muscle", "fascia",
    "tendon", "stroke", "glide", "pressure", "rhythm", "client", "therapist", "session",
    "posture", "circulation", "relaxation", "tissue", "palm", "thumb", "forearm", "kneading",
    "lifting", "release", "contact", "warmth", "oil", "drape", "consent", "comfort",
]  # fmt: skip


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def long_quiz(count: int = 60) -> Quiz:
    """``count`` questions of every type, with long prompts and explanations.

    Each prompt starts ``StartN`` and each explanation ends ``FinishN`` so the printed
    text shows where each question begins and ends.
    """
    rng = random.Random(60)
    questions: list[dict[str, Any]] = []
    for n in range(1, count + 1):
        kind = ["single", "multiple", "true_false", "short", "matching", "ordering"][n % 6]
        question: dict[str, Any] = {
            "id": f"q{n}",
            "type": kind,
            "prompt": f"Start{n} {sentence(rng, rng.randint(25, 90))}?",
            "explanation": f"{sentence(rng, rng.randint(30, 120))} Finish{n}",
        }
        items = [f"{sentence(rng, rng.randint(2, 14))} {n}-{i}" for i in range(rng.randint(3, 6))]
        if kind == "single":
            question |= {"correct": items[0], "wrong": items[1:]}
        elif kind == "multiple":
            question |= {"correct": items[:2], "wrong": items[2:]}
        elif kind == "true_false":
            question |= {"answer": n % 4 == 0}
        elif kind == "short":
            question |= {"accept": items[:2]}
        elif kind == "matching":
            question |= {"pairs": [[item, f"match {n}-{i}"] for i, item in enumerate(items)]}
        else:
            question |= {"order": items}
        questions.append(question)
    return make_quiz(questions, quiz_id="long-paper", title="A long paper: 60 questions")


def require(tool: str, package: str) -> str:
    """The path of ``tool``; the test FAILS (not skips) when it is missing."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"`{tool}` is not installed, and the paper tests need it to print the HTML: "
            f"install the Debian packages `chromium` and `poppler-utils` "
            f"(`apt-get install chromium poppler-utils`; `{tool}` is in `{package}`)",
            pytrace=False,
        )
    return path


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with no network and its profile inside ``tmp_path``."""
    command = [
        require("chromium", "chromium"),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-pdf-header-footer",
        "--disable-dev-shm-usage",  # containers often have a small /dev/shm
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        # Nothing may be fetched: the page must print with no network at all.
        "--proxy-server=127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        *args,
    ]
    try:
        return subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"chromium did not finish in 180 s: {' '.join(command)}")


def print_pages(tmp_path: Path, page: str) -> list[str]:
    """``page`` printed to PDF by Chromium, as the text of each PDF page."""
    html_file = tmp_path / "paper.html"
    html_file.write_text(page, encoding="utf-8")
    pdf = tmp_path / "out.pdf"
    result = chromium(tmp_path, f"--print-to-pdf={pdf}", str(html_file))
    assert pdf.is_file() and pdf.stat().st_size > 0, result.stderr[-2000:]
    text = subprocess.run(
        [require("pdftotext", "poppler-utils"), "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


START = re.compile(r"^\s*(\d+)\.\s+Start(\d+)\b", re.MULTILINE)


def test_missing_tools_fail_naming_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.fail.Exception, match="`chromium` and `poppler-utils`"):
        require("pdftotext", "poppler-utils")


@pytest.mark.parametrize("answers", [True, False], ids=["answer key", "paper"])
def test_printed_pdf_splits_no_question_over_two_pages(tmp_path: Path, answers: bool) -> None:
    quiz = long_quiz()
    pages = print_pages(tmp_path, write_html(quiz, answers))

    assert len(pages) > 5, "60 long questions should need many pages"
    starts: dict[int, int] = {}
    for number, text in enumerate(pages, start=1):
        for found in START.finditer(text):
            assert found.group(1) == found.group(2), (
                f"question number beside the wrong prompt: {found.group(0)!r}"
            )
            starts[int(found.group(1))] = number
        if number > 1:
            # A page starts with a question, never with the rest of one.
            first = next(line for line in text.splitlines() if line.strip())
            assert START.match(first), f"page {number} starts inside a question: {first!r}"
    assert sorted(starts) == list(range(1, 61)), "every question is printed"
    assert list(starts.values()) == sorted(starts.values())
    if answers:
        for n, page_number in starts.items():
            # Each question's number and its last line (the explanation's end) share a page.
            finish = [
                p for p, text in enumerate(pages, start=1) if re.search(rf"\bFinish{n}\b", text)
            ]
            assert finish == [page_number], (
                f"question {n} starts on page {page_number}, ends on {finish}"
            )


class QuestionSections(HTMLParser):
    """The ids and text of the ``<section class="question">`` elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, str] = {}
        self.tags: set[str] = set()
        self._current: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if tag == "section" and found.get("class") == "question":
            self._current = found.get("id") or ""
            self.sections[self._current] = ""
            self._depth = 0
        elif self._current is not None and tag == "section":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._current is not None:
            if self._depth == 0:
                self._current = None
            else:
                self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.sections[self._current] += data


def test_chromium_dom_holds_every_question(tmp_path: Path) -> None:
    quiz = long_quiz()
    html_file = tmp_path / "paper.html"
    html_file.write_text(write_html(quiz, answers=True), encoding="utf-8")

    result = chromium(tmp_path, "--dump-dom", str(html_file))

    assert result.returncode == 0, result.stderr[-2000:]
    parser = QuestionSections()
    parser.feed(result.stdout)
    assert list(parser.sections) == [f"q{n}" for n in range(1, 61)]
    for n, question in enumerate(quiz.questions, start=1):
        text = " ".join(parser.sections[f"q{n}"].split())
        assert text.startswith(f"{n}.Start{n} ") and text.endswith(f"Finish{n}")
        assert " ".join(question.prompt.split()) in text
    assert "script" not in parser.tags and "a" not in parser.tags and "img" not in parser.tags
