"""Moodle GIFT in and out: ``read_gift`` and ``write_gift`` (trainer.banks.gift)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import TypeAdapter

from trainer.banks import gift
from trainer.banks.gift import BLANK, html_to_markdown, read_gift, slug_id, write_gift
from trainer.banks.model import Bank, BankError
from trainer.course.files import is_valid_id
from trainer.course.models import Question, Quiz

# --- Helpers ---------------------------------------------------------------------------


def read(text: str) -> Bank:
    return read_gift(textwrap.dedent(text))


def only(text: str) -> dict[str, Any]:
    """The one question of ``text``, as its quiz-file table."""
    bank = read(text)
    assert len(bank.questions) == 1, bank
    return bank.questions[0].data


def notices(bank: Bank) -> list[str]:
    return [notice.reason for notice in bank.notices]


def quiz_of(bank: Bank, *, checked: bool = True) -> Quiz:
    """The bank's questions as a quiz, checked by the course's own models (with
    ``checked``, by every check ``validate`` makes)."""
    quiz = Quiz.model_validate(
        {"id": "bank", "title": "Bank", "questions": [q.data for q in bank.questions]}
    )
    for question in quiz.questions:
        assert not checked or question.semantic_problems() == [], question
    return quiz


def through_gift(quiz: Quiz, *, checked: bool = True) -> Quiz:
    """``quiz`` written as GIFT and read back."""
    text, _ = write_gift(quiz)
    return quiz_of(read_gift(text), checked=checked)


def dumped(quiz: Quiz) -> list[dict[str, Any]]:
    return [question.model_dump() for question in quiz.questions]


ALL_TYPES = """\
// Every type GIFT and the quiz format share.
$CATEGORY: Massage/Strokes

::Glide:: Which stroke glides along the muscle? {
    =Effleurage # Right: long gliding strokes.
    ~Tapotement # That one strikes.
    ~Friction
    #### Effleurage glides; tapotement strikes; friction stays in place.
}

::Tapotement forms:: Which of these are forms of tapotement? {
    ~%50%Hacking
    ~%50%Cupping # Cupped hands.
    ~%-100%Wringing # Wringing is petrissage.
    ~%-100%Skin rolling
    #### Hacking and cupping strike the tissue.
}

::Stimulating:: Brisk tapotement is more stimulating than relaxing. {TRUE
    #### Brisk percussion wakes tissue up.}

::Kneading name:: What is the French name of the kneading stroke? {
    =pétrissage
    =petrissage
    #### Pétrissage lifts, squeezes and releases.
}

::Actions:: Match each stroke to what the hands do. {
    =Effleurage -> Glide
    =Pétrissage -> Knead
    =Tapotement -> Strike
    #### Each classic stroke is named for its movement.
}

::Cycle:: Put one kneading cycle in order. {
    =1st -> Grasp
    =2nd -> Lift
    =3rd -> Squeeze
    =4th -> Release
    #### Kneading grasps, lifts, squeezes and releases.
}

::Side:: Massage the leg on the {=near ~far} side first.
"""


# --- Reading: every type ---------------------------------------------------------------


def test_every_shared_type_is_read_as_the_quiz_format_holds_it() -> None:
    bank = read(ALL_TYPES)
    assert bank.skipped == []
    data = [q.data for q in bank.questions]
    assert data[0] == {
        "id": "glide",
        "type": "single",
        "prompt": "Which stroke glides along the muscle?",
        "correct": "Effleurage",
        "wrong": ["Tapotement", "Friction"],
        "feedback": {
            "Effleurage": "Right: long gliding strokes.",
            "Tapotement": "That one strikes.",
        },
        "explanation": "Effleurage glides; tapotement strikes; friction stays in place.",
    }
    assert data[1] == {
        "id": "tapotement-forms",
        "type": "multiple",
        "prompt": "Which of these are forms of tapotement?",
        "correct": ["Hacking", "Cupping"],
        "wrong": ["Wringing", "Skin rolling"],
        "feedback": {"Cupping": "Cupped hands.", "Wringing": "Wringing is petrissage."},
        "explanation": "Hacking and cupping strike the tissue.",
    }
    assert data[2] == {
        "id": "stimulating",
        "type": "true_false",
        "prompt": "Brisk tapotement is more stimulating than relaxing.",
        "answer": True,
        "explanation": "Brisk percussion wakes tissue up.",
    }
    assert data[3] == {
        "id": "kneading-name",
        "type": "short",
        "prompt": "What is the French name of the kneading stroke?",
        "accept": ["pétrissage", "petrissage"],
        "explanation": "Pétrissage lifts, squeezes and releases.",
    }
    assert data[4]["type"] == "matching"
    assert data[4]["pairs"] == [
        ["Effleurage", "Glide"],
        ["Pétrissage", "Knead"],
        ["Tapotement", "Strike"],
    ]
    assert data[5]["type"] == "ordering"
    assert data[5]["order"] == ["Grasp", "Lift", "Squeeze", "Release"]
    assert data[6]["prompt"] == f"Massage the leg on the {BLANK} side first."
    assert (data[6]["correct"], data[6]["wrong"]) == ("near", ["far"])
    assert [q.line for q in bank.questions] == [4, 11, 19, 22, 28, 35, 43]
    assert {q.category for q in bank.questions} == {"Massage/Strokes"}
    quiz_of(bank)  # every question passes the course's own checks


# --- Titles, ids, comments, categories -------------------------------------------------


@pytest.mark.parametrize(
    ("title", "made"),
    [
        ("Glide", "glide"),
        ("Pétrissage: the basics!", "petrissage-the-basics"),
        ("  Q1 -- Effleurage (leg)  ", "q1-effleurage-leg"),
        ("v1.2_final", "v1.2_final"),
        ("...Hidden start", "hidden-start"),
        ("x" * 150, "x" * 100),
        ("???", ""),
        ("按摩", ""),
    ],
)
def test_titles_are_slugged_into_ids(title: str, made: str) -> None:
    assert slug_id(title) == made
    assert made == "" or is_valid_id(made)


def test_titles_become_unique_ids_and_untitled_questions_are_numbered_by_place() -> None:
    bank = read(
        """\
        ::Glide:: One? {T}

        Two? {T}

        ::Glide:: Three? {T}

        ::q2:: Four, titled as the second question's number? {T}

        ::???:: Five, a title with nothing to keep? {T}

        Six, an essay question: skipped, but still counted. {}

        Seven? {T}

        ::A\\:B:: Eight, an escaped colon in its title? {T}
        """
    )
    assert [q.data["id"] for q in bank.questions] == [
        "glide",
        "q2-2",  # the title `q2` came first: the untitled question never clashes with it
        "glide-2",
        "q2",
        "q5",
        "q7",
        "a-b",
    ]


def test_comment_lines_are_dropped_anywhere_but_slashes_in_text_are_kept() -> None:
    bank = read(
        """\
        // A comment before the first question.
        ::Glide:: Which stroke
           // a comment inside the question text, with {braces} = and ~
        glides? See https://example.org/guide. {
            // a comment inside the answers: {=not an answer}
            =Effleurage
            ~Friction // not a comment: it does not start the line
        }
        // A comment right after the question, with no blank line.
        // Another.

        ::Next:: Is this the second question? {T}
        """
    )
    first, second = (q.data for q in bank.questions)
    assert first["prompt"] == "Which stroke\nglides? See https://example.org/guide."
    assert first["wrong"] == ["Friction // not a comment: it does not start the line"]
    assert second["id"] == "next"


def test_categories_apply_to_the_questions_after_them() -> None:
    bank = read(
        """\
        Before any category? {T}

        $CATEGORY: $course$/Massage/Strokes

        ::A:: One? {T}

        ::B:: Two? {F}

        $CATEGORY: first
        $CATEGORY: History
        ::C:: Three, right under two category lines? {T}

        $CATEGORY:

        ::D:: Four, after an empty category? {T}
        """
    )
    assert [q.category for q in bank.questions] == [
        None,
        "$course$/Massage/Strokes",
        "$course$/Massage/Strokes",
        "History",
        None,
    ]


# --- Text formats and escapes ----------------------------------------------------------


def test_html_becomes_the_courses_markdown() -> None:
    data = only(
        """\
        ::Html:: [html]<p>Which <b>stroke</b> <em>glides</em>?<br>Use <code>oil</code> &amp; \
        see <a href="https://example.org/g">the guide</a>.</p><p><span style="color:red">Then\
        </span> <u>this</u>.<script>alert(1)</script></p>{
            =<strong>Effleurage</strong> # <i>Yes</i>, it &lt;glides&gt;.
            ~2*3 snake_case _x_
            #### <div>Effleurage&nbsp;glides.</div>
        }
        """
    )
    assert data["prompt"] == (
        "Which **stroke** *glides*?\nUse `oil` & see [the guide](https://example.org/g).\n\n"
        "Then this."
    )
    assert data["correct"] == "**Effleurage**"
    assert data["wrong"] == ["2\\*3 snake_case \\_x\\_"]
    assert data["feedback"] == {"**Effleurage**": "*Yes*, it <glides>."}
    assert data["explanation"] == "Effleurage\xa0glides."


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("<b> bold </b>words", " **bold** words"),
        ("<b></b>empty", "empty"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n\n- two"),
        ("<i>unclosed", "*unclosed*"),
        ("</b>stray close", "stray close"),
        ("<a>no target</a>", "no target"),
        ('<a href="a b.html">spaced</a>', "[spaced](<a b.html>)"),
        # The picture cannot come along: the app's image marker says one was there.
        ('<img src="x.png" alt="hands on the back">', "\\[image: hands on the back\\]"),
        ('<p><img src="@@PLUGINFILE@@/hand.png"></p>', "\\[image: hand.png\\]"),
        ("Use [x](y) here", "Use \\[x\\](y) here"),
        ("<code>a`b</code>", "`` a`b ``"),
        ("<![foo[bar]]> text", "<!\\[foo\\[bar\\]\\]> text"),
        ("<!-- comment -->kept", "kept"),
        ("A &#x263A; &copy; &bogus;", "A \u263a © &bogus;"),
    ],
)
def test_html_conversion_cases(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown.strip()


def test_html_short_answers_keep_only_their_text() -> None:
    data = only("[html]Name the <b>kneading</b> stroke. {=<b>pétrissage</b> =kneading_stroke}")
    assert data["prompt"] == "Name the **kneading** stroke."
    assert data["accept"] == ["pétrissage", "kneading_stroke"]


def test_markdown_is_kept_and_plain_and_moodle_text_are_kept_as_text() -> None:
    assert only("[markdown]Is **this** bold? {T}")["prompt"] == "Is **this** bold?"
    assert only("[plain]Is <b>this</b> bold? {T}")["prompt"] == "Is <b>this</b> bold?"
    assert only("[moodle]Is <b>this</b> bold? {T}")["prompt"] == "Is <b>this</b> bold?"
    assert only("[unknown]Is this a format? {T}")["prompt"] == "[unknown]Is this a format?"
    # An answer may have a format of its own; the question's is the default.
    data = only("[html]Pick <i>one</i>. {=[plain]<b>a</b> ~<b>b</b>}")
    assert (data["correct"], data["wrong"]) == ("<b>a</b>", ["**b**"])


def test_escapes_stand_for_the_character_and_backslash_n_for_a_line_break() -> None:
    data = only(
        r"""
        ::Esc\:aped:: Braces \{ \} equals \= tilde \~ hash \# colon \: backslash \\ and\na
        break; \q stays. {
            =a \= b \# c # note \~ \{x\}
            ~d\:e
        }
        """
    )
    assert data["id"] == "esc-aped"
    assert data["prompt"] == (
        "Braces { } equals = tilde ~ hash # colon : backslash \\ and\na\nbreak; \\q stays."
    )
    assert data["correct"] == "a = b # c"
    assert data["wrong"] == ["d:e"]
    assert data["feedback"] == {"a = b # c": "note ~ {x}"}


def test_windows_line_endings_a_byte_order_mark_and_tabs_are_fine() -> None:
    text = "\ufeff::Glide::\tWhich stroke\r\nglides? {\r\n\t=Effleurage\r\n\t~Friction\r\n}\r\n"
    data = read_gift(text).questions[0].data
    assert data["prompt"] == "Which stroke\nglides?"
    assert (data["correct"], data["wrong"]) == ("Effleurage", ["Friction"])


# --- Types, weights and feedback -------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "answer"), [("{T}", True), ("{TRUE}", True), ("{F}", False), ("{ FALSE }", False)]
)
def test_true_false(block: str, answer: bool) -> None:
    data = only(f"Effleurage glides. {block}")
    assert (data["type"], data["answer"]) == ("true_false", answer)


def test_true_false_is_case_sensitive_as_in_moodle() -> None:
    assert only("Effleurage glides. {true}")["accept"] == ["true"]


def test_true_false_feedback_goes_into_the_explanation_with_a_notice() -> None:
    bank = read("Tapotement soothes. {F#It stimulates.#Right: it wakes tissue up.####Brisk.}")
    data = bank.questions[0].data
    assert data["answer"] is False
    assert data["explanation"] == (
        "Brisk.\nIf you answered true: It stimulates.\n"
        "If you answered false: Right: it wakes tissue up."
    )
    assert "feedback" not in data
    assert any("true/false feedback" in n and "explanation" in n for n in notices(bank))


def test_even_weights_map_to_multiple_without_a_notice() -> None:
    for block in (
        "{~%50%a ~%50%b ~c}",
        "{~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d}",
        "{~%50%a ~%50%b ~%-50%c ~%-50%d}",  # penalty shared by the right choices
        "{~%50%a ~%50%b ~%-33.3333%c ~%-33.3333%d ~%-33.3333%e}",  # or by the wrong ones
        "{~%100%a ~b}",
    ):
        bank = read(f"Pick. {block}")
        assert bank.questions[0].data["type"] == "multiple", block
        assert notices(bank) == [notices(bank)[0]], block  # only the generated explanation
        assert "general feedback" in notices(bank)[0]


@pytest.mark.parametrize(
    "block",
    [
        "{~%70%a ~%30%b ~c}",
        "{~%50%a ~%50%b ~%-25%c}",
        "{~%40%a ~%40%b ~c}",
    ],
)
def test_uneven_weights_are_graded_all_or_nothing_with_a_notice(block: str) -> None:
    bank = read(f"Pick.{block[:-1]} ####Why.}}")
    data = bank.questions[0].data
    assert data["type"] == "multiple"
    assert data["correct"] == ["a", "b"]
    assert data["wrong"] == ["c"]
    assert len(bank.notices) == 1
    assert "do not map exactly" in notices(bank)[0]
    assert "all-or-nothing" in notices(bank)[0]


def test_partial_credit_in_a_one_answer_question_is_noted() -> None:
    bank = read("Pick. {=a ~%50%b ~%-10%c ~d ####Why.}")
    data = bank.questions[0].data
    assert (data["type"], data["correct"], data["wrong"]) == ("single", "a", ["b", "c", "d"])
    assert "do not map exactly" in notices(bank)[0]


def test_choice_questions_the_quiz_cannot_hold_are_skipped_with_their_line() -> None:
    bank = read(
        """\
        Fine. {T}

        Either is right in Moodle. {=a =b ~c}

        Nothing is right. {~a ~b}

        Half right at best. {=%50%a ~b}
        """
    )
    assert [q.data["id"] for q in bank.questions] == ["q1"]
    assert [(s.line, s.reason.split(":")[0]) for s in bank.skipped] == [
        (3, "a multiple-choice question where 2 choices are each fully right and the "
            "student picks one"),
        (5, "a multiple-choice question with no right answer"),
        (7, "a one-answer multiple-choice question (it has a `=`) with no choice worth 100%"),
    ]  # fmt: skip


def test_percent_signs_that_are_not_a_weight_are_text() -> None:
    data = only("Pick. {=%% ~%x% ~ %5%b ~%-%c ####Why.}")
    assert (data["correct"], data["wrong"]) == ("%%", ["%x%", "b", "%-%c"])


def test_the_answer_splitter_reads_weights_as_the_grammar_does() -> None:
    weight = re.search(r"^WEIGHT: /(.*)/$", gift.GRAMMAR, re.MULTILINE)
    assert weight is not None
    assert f"({weight.group(1)})?" in gift._ANSWER_PARTS.pattern


def test_short_answers() -> None:
    assert only("Name it. {=petrissage =pétrissage}")["accept"] == ["petrissage", "pétrissage"]
    assert only("Name it. {petrissage}")["accept"] == ["petrissage"]
    bank = read("Name it. {=petrissage =%50%kneading#Close. =%0%friction#No.####Pétrissage.}")
    data = bank.questions[0].data
    assert data["accept"] == ["petrissage", "kneading"]
    assert data["explanation"] == (
        "Pétrissage.\nIf you answered kneading: Close.\nIf you answered friction: No."
    )
    said = " | ".join(notices(bank))
    assert "part of the marks" in said
    assert "'friction'" in said
    assert "feedback (`#…`) is now part of the explanation" in said


def test_matching_feedback_weights_and_extra_answers() -> None:
    bank = read(
        """\
        Match. {
            =Effleurage -> Glide # It glides.
            =Pétrissage -> Knead
            = -> Vibrate
            =%50%Tapotement -> Strike -> hard
            #### Named for their movement.
        }
        """
    )
    data = bank.questions[0].data
    assert data["pairs"] == [
        ["Effleurage", "Glide"],
        ["Pétrissage", "Knead"],
        ["Tapotement", "Strike -> hard"],
    ]
    assert data["explanation"] == "Named for their movement.\nEffleurage → Glide: It glides."
    said = " | ".join(notices(bank))
    assert "'Vibrate'" in said
    assert "weights" in said
    assert "pairs' feedback" in said


def test_ordinals_on_the_left_read_as_an_ordering_question() -> None:
    data = only("Order. {=1st -> a =2nd -> b =3rd -> c ####Why.}")
    assert (data["type"], data["order"]) == ("ordering", ["a", "b", "c"])
    data = only("Order. {=1st -> a =3rd -> b ####Why.}")
    assert data["type"] == "matching"


def test_missing_word_questions_leave_a_blank_in_the_prompt() -> None:
    assert only("Massage on the {=near ~far} side.")["prompt"] == "Massage on the ___ side."
    assert only("{=Effleurage ~Friction} glides.")["prompt"] == "___ glides."
    assert only("A French word: {=petrissage} it is.")["prompt"] == "A French word: ___ it is."
    data = only("[html]<p>Massage the <b>{=near ~far}</b> side.</p>")
    assert data["prompt"] == "Massage the **___** side."
    # Text after the block that is only a comment does not make a blank.
    assert only("Which? {=a ~b}\n// done")["prompt"] == "Which?"


def test_a_missing_general_feedback_gets_a_neutral_explanation_and_one_notice() -> None:
    bank = read(
        """\
        Pick. {=Effleurage ~Friction}

        Pick all. {~%50%a ~%50%b ~c}

        True? {T}

        Name it. {=petrissage =kneading}

        Match. {=a -> 1 =b -> 2}

        Order. {=1st -> x =2nd -> y}

        Exclaim. {=Yes! ~No}
        """
    )
    assert [q.data["explanation"] for q in bank.questions] == [
        "The answer is: Effleurage.",
        "The answers are: a; b.",
        "The answer is: true.",
        "The answer is: petrissage.",
        "The pairs are: a → 1; b → 2.",
        "The order is: x, y.",
        "The answer is: Yes!",
    ]
    assert len(bank.notices) == 1
    assert bank.notices[0].line == 1
    assert "7 questions have no general feedback" in bank.notices[0].reason
    assert "(line 1, 3, 5, 7, 9, 11, 13)" in bank.notices[0].reason


def test_numerical_essay_and_description_questions_are_skipped_with_their_line() -> None:
    bank = read(
        """\
        ::Year:: When was Per Henrik Ling born? {#1776:1}

        ::Range:: Minutes? {#
            =%100%30:5
            =%50%20..40 # Close.
            ~# Much too long.
        }

        ::Essay:: Describe a full-body routine. {}

        ::Essay with feedback:: Describe it. {####A good routine has three parts.}

        ::Description:: Read this before the questions below.

        ::Kept:: Effleurage glides. {T}
        """
    )
    assert [q.data["id"] for q in bank.questions] == ["kept"]
    assert [(s.line, s.reason.split(" (")[0]) for s in bank.skipped] == [
        (1, "a numerical question"),
        (3, "a numerical question"),
        (9, "an essay question"),
        (11, "an essay question"),
        (13, "a description"),
    ]


def test_a_text_with_no_questions_is_an_error() -> None:
    for text in ("", "\n\n", "// only a comment\n", "$CATEGORY: a/b\n"):
        with pytest.raises(BankError, match=r"^1:1: no questions"):
            read_gift(text)


# --- Errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        (
            "::A:: Which? {=one ~two\n\n::B:: Next? {T}\n",
            (1, 24),
            "the answers opened with `{` at 1:14 are not closed: expected `}` before a blank line",
        ),
        (
            "::A:: Which? {\n  =one\n  ~two",
            (3, 7),
            "the answers opened with `{` at 1:14 are not closed: expected `}` before the end "
            "of the file",
        ),
        ("Which? {=a {", (1, 12), "a `{` inside the answers opened at 1:8"),
        ("Which? }", (1, 8), "a `}` with no `{` before it: write `\\}`"),
        ("Which? {=a}{=b}", (1, 12), "a second `{` in one question"),
        ("Which? {=a} more {=b}", (1, 18), "a second `{` in one question"),
        ("A? {T}\n::B:: Next? {F}", (2, 1), "a title `::…::` starts a new question"),
        ("::A Which? {T}", (1, 1), "the title is not closed: expected `::`"),
        ("Which? {=a ####Why. ~b}", (1, 21), "`####…` comes last in the answers"),
        ("Which? {a =b}", (1, 11), "every answer of a question with several starts with `=`"),
        ("Which? {=a -> 1 =b}", (1, 17), "this answer has no `->`"),
        ("Which? {~%101%a =b}", (1, 10), "the weight %101% is out of range"),
        ("\n\n  Which?\n  {=a ~b} {", (4, 11), "a second `{` in one question"),
    ],
)
def test_mistakes_are_named_by_line_and_column_with_what_was_expected(
    text: str, where: tuple[int, int], words: str
) -> None:
    with pytest.raises(BankError) as caught:
        read_gift(text)
    assert (caught.value.line, caught.value.column) == where
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{where[0]}:{where[1]}: ")


# --- Writing ---------------------------------------------------------------------------

QUIZ = {
    "id": "strokes",
    "title": "Strokes / basics",
    "questions": [
        {
            "id": "glide",
            "type": "single",
            "prompt": "Which stroke glides? {it: is = one ~ # of them}",
            "correct": "Effleurage",
            "wrong": ["Tapotement", "Friction"],
            "feedback": {"tapotement": "It strikes."},
            "explanation": "Effleurage glides.\nTapotement strikes.",
        },
        {
            "id": "forms",
            "type": "multiple",
            "prompt": "Which are forms of **tapotement**?",
            "correct": ["Hacking", "Cupping", "Beating"],
            "wrong": ["Wringing"],
            "explanation": "They strike.",
        },
        {
            "id": "stim",
            "type": "true_false",
            "prompt": "Tapotement stimulates.",
            "answer": False,
            "explanation": "It does.",
        },
        {
            "id": "name",
            "type": "short",
            "prompt": "The French name is ___ for kneading.",
            "accept": ["pétrissage", "petrissage"],
            "explanation": "Pétrissage.",
        },
        {
            "id": "actions",
            "type": "matching",
            "prompt": "Match.",
            "pairs": [["Effleurage", "Glide"], ["[html]Tapotement", "Strike -> hard"]],
            "explanation": "Named for the movement.",
        },
        {
            "id": "cycle",
            "type": "ordering",
            "prompt": "Order.",
            "order": ["Grasp", "Lift", "Squeeze"],
            "explanation": "Grasp, lift, squeeze.",
        },
    ],
}


def test_export_writes_every_type_with_escapes_formats_and_weights() -> None:
    text, said = write_gift(Quiz.model_validate(QUIZ))
    assert text.startswith("// Strokes / basics\n")
    assert "\n$CATEGORY: Strokes // basics\n\n" in text
    assert (
        "::glide::Which stroke glides? \\{it\\: is \\= one \\~ \\# of them\\}{\n"
        "\t=Effleurage\n"
        "\t~Tapotement#It strikes.\n"
        "\t~Friction\n"
        "\t####Effleurage glides.\\nTapotement strikes.\n"
        "}\n"
    ) in text
    assert (
        "::forms::[markdown]Which are forms of **tapotement**?{\n"
        "\t~%33.33333%Hacking\n\t~%33.33333%Cupping\n\t~%33.33333%Beating\n"
        "\t~%-100%Wringing\n"
    ) in text
    assert "::stim::Tapotement stimulates.{\n\tFALSE\n\t####It does.\n}\n" in text
    assert (
        "::name::The French name is {\n\t=pétrissage\n\t=petrissage\n\t####Pétrissage.\n"
        "} for kneading.\n"
    ) in text
    assert "\t=Effleurage -> Glide\n\t=[moodle][html]Tapotement -> Strike -> hard\n" in text
    assert "::cycle::Order.{\n\t=1st -> Grasp\n\t=2nd -> Lift\n\t=3rd -> Squeeze\n" in text
    assert said == [
        "question 'cycle': GIFT has no ordering questions, so it is written as a matching "
        "question from 1st, 2nd… to the items (massage-trainer reads that back as ordering)"
    ]


def test_export_notices_what_gift_cannot_hold() -> None:
    quiz = Quiz.model_validate(
        {
            "id": "exam",
            "title": "Exam",
            "lesson": "effleurage",
            "pass_mark": 90,
            "mode": "exam",
            "questions": [
                {
                    "id": "Upper",
                    "type": "short",
                    "prompt": "Arrow?",
                    "accept": ["a -> b"],
                    "explanation": "So.",
                    "lesson": "friction",
                    "see": "friction#deep",
                }
            ],
        }
    )
    _, said = write_gift(quiz)
    assert said[0] == (
        "GIFT holds questions only: the quiz's lesson, pass mark and mode are not in the file "
        "(its title is the questions' category)"
    )
    assert "question 'Upper': its id is the GIFT title" in said[1]
    assert "comes back as 'upper'" in said[1]
    assert said[2] == "question 'Upper': GIFT has no place for `lesson` or `see`"
    assert "'a -> b' holds `->`" in said[3]


# --- Round trips -----------------------------------------------------------------------

ROUND_TRIPS = {
    "single": "::S:: Which? {=a # yes ~b # no ~c ####Why.}",
    "single, missing word": "::S:: Massage on the {=near ~far} side.",
    "multiple": "::M:: Which? {~%50%a ~%50%b#fb ~%-100%c ####Why.}",
    "multiple, uneven": "::M:: Which? {~%70%a ~%30%b ~c}",
    "true_false": "::T:: True? {T####Why.}",
    "true_false with feedback": "::T:: True? {FALSE#No.#Yes.}",
    "short": "::Sh:: Name? {=a =b ####Why.}",
    "short, missing word": "::Sh:: The {=kneading} stroke.",
    "short, bare": "::Sh:: Name? {a}",
    "matching": "::Ma:: Match. {=a -> 1 =b -> 2 -> 3 ####Why.}",
    "ordering": "::O:: Order. {=1st -> x =2nd -> y}",
    "html": "::H:: [html]<b>Bold</b> &amp; <i>it</i>? {=<code>x</code> ~y_z ####<p>a</p><p>b</p>}",
    "markdown": "::Md:: [markdown]**Bold**? {=`x` ~y ####*Why*.}",
    "escapes": r"::E:: \{\}\=\~\#\:\\ a\nb? {=\# ~\= ####\{ok\}}",
    "format-looking text": "::F:: [plain][html]x {=[moodle]%50% a ~[markdown]b}",
    "category and comment": "$CATEGORY: a/b\n// c\n::C:: Q? {T}",
}


@pytest.mark.parametrize("gift", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_gift_to_quiz_to_gift_to_quiz_gives_the_same_quiz(gift: str) -> None:
    first = quiz_of(read_gift(gift))
    second = through_gift(first)
    assert dumped(second) == dumped(first)


def test_a_quiz_of_every_type_survives_gift() -> None:
    quiz = Quiz.model_validate(QUIZ)
    assert dumped(through_gift(quiz)) == [
        {**q, "feedback": {"Tapotement": "It strikes."}} if q["id"] == "glide" else q
        for q in dumped(quiz)
    ]


# --- An independent parser reads what we write -----------------------------------------


def _norm(text: str) -> str:
    """Text as gift-pegjs gives it: it folds spaces and line breaks in Moodle text."""
    return " ".join(text.split())


def test_gift_pegjs_reads_our_export_with_the_same_types_and_answers(
    gift_pegjs: Callable[[str], list[dict[str, Any]]],
) -> None:
    quiz = Quiz.model_validate(QUIZ)
    text, _ = write_gift(quiz)
    parsed = gift_pegjs(text)
    assert parsed[0] == {"type": "Category", "title": "Strokes // basics"}
    questions = parsed[1:]
    assert [q["title"] for q in questions] == [q.id for q in quiz.questions]
    assert [q["type"] for q in questions] == ["MC", "MC", "TF", "Short", "Matching", "Matching"]
    single, multiple, true_false, short, matching, ordering = questions
    by_id = {q.id: q for q in quiz.questions}

    assert _norm(single["stem"]["text"]) == by_id["glide"].prompt
    assert [(c["isCorrect"], c["text"]["text"]) for c in single["choices"]] == [
        (True, "Effleurage"),
        (False, "Tapotement"),
        (False, "Friction"),
    ]
    assert single["choices"][1]["feedback"]["text"] == "It strikes."
    assert single["globalFeedback"]["text"] == "Effleurage glides.\nTapotement strikes."

    assert multiple["stem"] == {"format": "markdown", "text": by_id["forms"].prompt}
    assert [(c["weight"], c["text"]["text"]) for c in multiple["choices"]] == [
        (33.33333, "Hacking"),
        (33.33333, "Cupping"),
        (33.33333, "Beating"),
        (-100, "Wringing"),
    ]

    assert (true_false["isTrue"], true_false["globalFeedback"]["text"]) == (False, "It does.")

    assert short["hasEmbeddedAnswers"] is True
    assert [c["text"]["text"] for c in short["choices"]] == ["pétrissage", "petrissage"]

    assert [(p["subquestion"]["text"], p["subanswer"]) for p in matching["matchPairs"]] == [
        ("Effleurage", "Glide"),
        ("[html]Tapotement", "Strike -> hard"),
    ]
    assert [(p["subquestion"]["text"], p["subanswer"]) for p in ordering["matchPairs"]] == [
        ("1st", "Grasp"),
        ("2nd", "Lift"),
        ("3rd", "Squeeze"),
    ]


def test_imported_questions_validate_as_quiz_questions() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(Question)
    for question in read(ALL_TYPES).questions:
        adapter.validate_python(question.data)
        assert re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", question.data["id"])


def _quiz(*questions: dict[str, Any]) -> Quiz:
    return Quiz.model_validate({"id": "odd", "title": "Odd", "questions": list(questions)})


ODD_QUIZZES = {
    "right choice also among the wrong": {
        "id": "a", "type": "single", "prompt": "a", "correct": "a", "wrong": ["a"],
        "explanation": "a",
    },
    "prompt that looks like a format, in a Markdown question": {
        "id": "b", "type": "single", "prompt": "[html]", "correct": "a", "wrong": ["\\{"],
        "explanation": "a",
    },
    "choices that look like weights": {
        "id": "c", "type": "multiple", "prompt": "p", "correct": ["%", "%50% x"],
        "wrong": ["%-100%"], "explanation": "e",
    },
    "an id ending in a dash": {
        "id": "0-", "type": "true_false", "prompt": "p", "answer": True, "explanation": "e",
    },
    "feedback that looks like a pair": {
        "id": "d", "type": "single", "prompt": "p", "correct": "a", "wrong": ["b"],
        "feedback": {"a": "-> x"}, "explanation": "e",
    },
    "a blank at the start of a Markdown prompt": {
        "id": "e", "type": "single", "prompt": "___ **is** it", "correct": "a", "wrong": ["b"],
        "explanation": "e",
    },
    "line breaks, tabs and backslashes": {
        "id": "f", "type": "short", "prompt": "a\n  b\tc\\", "accept": ["x\\n", "y\\"],
        "explanation": "one\ntwo\n\nthree",
    },
}  # fmt: skip


@pytest.mark.parametrize("question", ODD_QUIZZES.values(), ids=ODD_QUIZZES.keys())
def test_odd_texts_come_back_from_gift_as_they_were(
    question: dict[str, Any], gift_pegjs: Callable[[str], list[dict[str, Any]]]
) -> None:
    quiz = _quiz(question)
    assert dumped(through_gift(quiz, checked=False)) == dumped(quiz)
    text, _ = write_gift(quiz)
    assert [q["title"] for q in gift_pegjs(text) if q["type"] != "Category"] == [question["id"]]
