"""CSV in and out: every type, what spreadsheets write, bad rows, and the round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from trainer.banks.csv_bank import COLUMNS, read_csv, write_csv
from trainer.banks.model import Bank, BankError
from trainer.course.models import Question, Quiz

QUESTIONS: TypeAdapter[Any] = TypeAdapter(Question)
HEADER = "type,id,prompt,correct,wrong,explanation,lesson\n"


def read_file(tmp_path: Path, content: bytes | str, name: str = "bank.csv") -> Bank:
    """Write ``content`` as a real file and import its bytes."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_csv(path.read_bytes())


def assert_valid(bank: Bank) -> None:
    """Every imported question is one the course's own models accept."""
    for item in bank.questions:
        question = QUESTIONS.validate_python(item.data)
        assert question.semantic_problems() == [], item


TYPES = [
    pytest.param(
        "single,glide,Which stroke glides?,Effleurage,Tapotement | Friction,It glides.,",
        {
            "id": "glide",
            "type": "single",
            "prompt": "Which stroke glides?",
            "correct": "Effleurage",
            "wrong": ["Tapotement", "Friction"],
            "explanation": "It glides.",
        },
        id="single",
    ),
    pytest.param(
        "multiple,forms,Which are tapotement?,Hacking|Cupping,Wringing|Skin rolling,They strike.,"
        "tapotement",
        {
            "id": "forms",
            "type": "multiple",
            "prompt": "Which are tapotement?",
            "correct": ["Hacking", "Cupping"],
            "wrong": ["Wringing", "Skin rolling"],
            "lesson": "tapotement",
            "explanation": "They strike.",
        },
        id="multiple",
    ),
    pytest.param(
        "true_false,brisk,Brisk tapotement stimulates.,true,,It wakes tissue up.,",
        {
            "id": "brisk",
            "type": "true_false",
            "prompt": "Brisk tapotement stimulates.",
            "answer": True,
            "explanation": "It wakes tissue up.",
        },
        id="true_false",
    ),
    pytest.param(
        "True_False,calm,Tapotement calms.,FALSE,,It stimulates.,",
        {
            "id": "calm",
            "type": "true_false",
            "prompt": "Tapotement calms.",
            "answer": False,
            "explanation": "It stimulates.",
        },
        id="true_false as Excel writes it",
    ),
    pytest.param(
        "short,kneading,French name of kneading?,pétrissage | petrissage,,Pétrissage.,",
        {
            "id": "kneading",
            "type": "short",
            "prompt": "French name of kneading?",
            "accept": ["pétrissage", "petrissage"],
            "explanation": "Pétrissage.",
        },
        id="short",
    ),
    pytest.param(
        "matching,names,Match each stroke.,Effleurage -> Glide | Pétrissage->Knead,,By movement.,",
        {
            "id": "names",
            "type": "matching",
            "prompt": "Match each stroke.",
            "pairs": [["Effleurage", "Glide"], ["Pétrissage", "Knead"]],
            "explanation": "By movement.",
        },
        id="matching",
    ),
    pytest.param(
        "ordering,cycle,Order one cycle.,Grasp | Lift | Squeeze | Release,,In this order.,",
        {
            "id": "cycle",
            "type": "ordering",
            "prompt": "Order one cycle.",
            "order": ["Grasp", "Lift", "Squeeze", "Release"],
            "explanation": "In this order.",
        },
        id="ordering",
    ),
]


@pytest.mark.parametrize(("row", "data"), TYPES)
def test_each_type(tmp_path: Path, row: str, data: dict[str, Any]) -> None:
    bank = read_file(tmp_path, HEADER + row + "\n")

    assert bank.skipped == []
    assert bank.rows
    assert [(q.line, q.data) for q in bank.questions] == [(2, data)]
    assert_valid(bank)


def test_escaped_bars_and_arrows_inside_items(tmp_path: Path) -> None:
    rows = (
        "multiple,pipes,P,a \\| b|c,d \\\\| e,E,\n"
        "matching,arrows,P,x \\-> y -> z -> w | p -> q,,E,\n"
        "short,slashes,P,C:\\temp,,E,\n"
    )
    bank = read_file(tmp_path, HEADER + rows)

    data = [q.data for q in bank.questions]
    assert data[0]["correct"] == ["a | b", "c"]
    assert data[0]["wrong"] == ["d \\", "e"]
    # The first unescaped `->` splits a pair; the right side may hold more.
    assert data[1]["pairs"] == [["x -> y", "z -> w"], ["p", "q"]]
    # Any other backslash is kept as written.
    assert data[2]["accept"] == ["C:\\temp"]


def test_header_names_ignore_case_spaces_and_order(tmp_path: Path) -> None:
    content = " Explanation ,PROMPT, Type ,Id,Correct\nIt glides.,Which?,short,q1,Effleurage\n"
    bank = read_file(tmp_path, content)

    assert [q.data for q in bank.questions] == [
        {
            "id": "q1",
            "type": "short",
            "prompt": "Which?",
            "accept": ["Effleurage"],
            "explanation": "It glides.",
        }
    ]


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    bank = read_file(tmp_path, b"\xef\xbb\xbf" + (HEADER + "short,a,P,x,,E,\n").encode())

    assert [q.data["id"] for q in bank.questions] == ["a"]


def test_semicolons_as_excel_writes_them_in_european_locales(tmp_path: Path) -> None:
    content = (
        "\ufefftype;id;prompt;correct;wrong;explanation;lesson\r\n"
        "single;glide;Which, of these, glides?;Effleurage;Tapotement|Friction;It glides.;\r\n"
        'true_false;tf;"Say ""yes""; or not";TRUE;;Yes.;\r\n'
    )
    bank = read_file(tmp_path, content.encode("utf-8"))

    assert bank.skipped == []
    assert [q.data["prompt"] for q in bank.questions] == [
        "Which, of these, glides?",
        'Say "yes"; or not',
    ]
    assert_valid(bank)


def test_an_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    content = (
        "sep=;\ntype;id;prompt;correct;explanation\nshort;a;P, with a comma;x;E\nbogus;b;P;x;E\n"
    )
    bank = read_file(tmp_path, content)

    assert [q.data["prompt"] for q in bank.questions] == ["P, with a comma"]
    # Excel hides the sep= line: the header is its row 1, so "bogus" is row 3.
    assert [s.line for s in bank.skipped] == [3]


def test_a_quote_never_closed_is_named_at_its_row_not_swallowing_the_rest() -> None:
    data = b'type,id,prompt,correct,wrong,explanation\nsingle,a,"unclosed,x,y,e\nsingle,b,Q,x,y,e\n'
    with pytest.raises(BankError) as raised:
        read_csv(data)
    assert raised.value.line == 2
    assert "opened in this row and never closed" in raised.value.message


def test_quoted_cells_with_line_breaks_count_as_one_row(tmp_path: Path) -> None:
    content = (
        HEADER
        + 'short,a,"A prompt\r\nover two lines",x,,"An explanation\n\nin two paragraphs",\n'
        + "bogus,b,P,x,,E,\n"
    )
    bank = read_file(tmp_path, content)

    assert bank.questions[0].data["prompt"] == "A prompt\nover two lines"
    assert bank.questions[0].data["explanation"] == "An explanation\n\nin two paragraphs"
    # Rows as a spreadsheet shows them: the multi-line cell is all in row 2.
    assert [s.line for s in bank.skipped] == [3]


def test_a_cp1252_file_is_refused_with_the_way_to_save_it(tmp_path: Path) -> None:
    content = HEADER + 'short,a,"Two\nlines",x,,E,\nshort,b,Which stroke is “long”?,x,,Café,\n'
    with pytest.raises(BankError) as raised:
        read_file(tmp_path, content.encode("cp1252"))

    error = raised.value
    assert error.line == 3
    assert error.column is None
    assert "CSV UTF-8" in error.message
    assert "Windows-1252" in error.message
    assert str(error).startswith("row 3: ")


def test_bytes_that_are_no_text_at_all_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BankError) as raised:
        read_file(tmp_path, (HEADER + "short,a,P,x,,E,\n").encode() + b"\x81\x8d\x8f\n")

    assert raised.value.line == 3
    assert "not UTF-8" in raised.value.message


def test_a_utf16_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BankError) as raised:
        read_file(tmp_path, (HEADER + "short,a,P,x,,E,\n").encode("utf-16"))

    assert "UTF-16" in raised.value.message
    assert "CSV UTF-8" in raised.value.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param("", ["no header row"], id="empty"),
        pytest.param("\n\n", ["no header row"], id="blank"),
        pytest.param(
            "type,id,promt,correct,explanation,notes\n",
            ["'promt' (did you mean 'prompt'?)", "'notes'"],
            id="unknown columns",
        ),
        pytest.param("type,id,prompt,correct\n", ["no 'explanation' column"], id="missing"),
        pytest.param(
            "type,id,prompt,correct,explanation,Type\n", ["'type' appears more"], id="twice"
        ),
        pytest.param(
            "single,a,Which?,x,y,z\n", ["unknown columns 'single'", "type, id, prompt"], id="data"
        ),
    ],
)
def test_a_header_that_cannot_be_read_is_an_error(
    tmp_path: Path, content: str, words: list[str]
) -> None:
    with pytest.raises(BankError) as raised:
        read_file(tmp_path, content)

    assert raised.value.line == 1
    for word in words:
        assert word in raised.value.message


def test_bad_rows_are_skipped_with_their_row_and_the_rest_imported(tmp_path: Path) -> None:
    content = HEADER + "\n".join(
        [
            "single,ok1,Which?,a,b,E,",  # 2
            "essay,e,Write.,x,,E,",  # 3
            "short,np,,x,,E,",  # 4
            "true_false,tf,Sure?,maybe,,E,",  # 5
            "matching,m,Match.,a -> 1 | b = 2,,E,",  # 6
            "",  # 7: empty rows are ignored
            ",,,,,,",  # 8
            "short,ok2,Name?,x,,E,",  # 9
            "single,two,Which?,a|b,c,E,",  # 10
            "single,nowrong,Which?,a,,E,",  # 11
            "short,wrong,Name?,x,y,E,",  # 12
            "ordering,one,Order.,a,,E,",  # 13
            "short,noexp,Name?,x,,,",  # 14
            ",noid,Name?,x,,E,",  # 15
            "short,,Name?,x,,E,",  # 16
            "short,extra,Name?,x,,E,,stray",  # 17
            "Single ,ok3,Which?,a,b,E,",  # 18
            "multiple,mcorrect,Which?,,b,E,",  # 19
        ]
    )
    bank = read_file(tmp_path, content + "\n")

    assert [(q.line, q.data["id"]) for q in bank.questions] == [(2, "ok1"), (9, "ok2"), (18, "ok3")]
    reasons = {s.line: s.reason for s in bank.skipped}
    assert all(s.row for s in bank.skipped)
    assert sorted(reasons) == [3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 17, 19]
    assert reasons[3].startswith("unknown type 'essay'")
    assert reasons[4].startswith("no prompt")
    assert "true or false, not 'maybe'" in reasons[5]
    assert "has no `->`" in reasons[6]
    assert "one right choice, not 2" in reasons[10]
    assert "at least one `wrong` choice" in reasons[11]
    assert "`wrong` is only for single and multiple" in reasons[12]
    assert "at least 2 items" in reasons[13]
    assert reasons[14].startswith("no explanation")
    assert reasons[15].startswith("no type")
    assert reasons[16].startswith("no id")
    assert "under no column" in reasons[17]
    assert reasons[19].startswith("no `correct`")
    assert bank.skipped[0].where("bank.csv") == "bank.csv: row 3"
    assert_valid(bank)


def test_a_misspelt_type_gets_a_suggestion(tmp_path: Path) -> None:
    bank = read_file(tmp_path, HEADER + "multipel,a,P,x,y,E,\n")

    assert "did you mean 'multiple'?" in bank.skipped[0].reason


EVERY_TYPE = Quiz.model_validate(
    {
        "id": "every-type",
        "title": "Every type",
        "questions": [
            {
                "id": "single",
                "type": "single",
                "prompt": 'Which stroke **glides**, "long"; or short?\nSecond line.',
                "correct": "Effleurage | the glide",
                "wrong": ["Tapotement", "C:\\temp\\", "=SUM(A1)", "a \\| b"],
                "explanation": "=It glides.",
                "feedback": {"Tapotement": "It strikes."},
                "see": "effleurage#what-it-is",
            },
            {
                "id": "multiple",
                "type": "multiple",
                "prompt": "-Which are tapotement?",
                "correct": ["Hacking", "Cupping -> cup"],
                "wrong": ["Wringing", "@mention"],
                "explanation": "Hacking and cupping strike.",
                "lesson": "tapotement",
            },
            {
                "id": "tf-true",
                "type": "true_false",
                "prompt": "Brisk tapotement stimulates.",
                "answer": True,
                "explanation": "It wakes tissue up.",
            },
            {
                "id": "tf-false",
                "type": "true_false",
                "prompt": "+Tapotement calms.",
                "answer": False,
                "explanation": "It stimulates.",
                "see": "tapotement#effects",
            },
            {
                "id": "short",
                "type": "short",
                "prompt": "French name of kneading?",
                "accept": ["pétrissage", "petrissage", "a|b"],
                "explanation": "Pétrissage.",
            },
            {
                "id": "matching",
                "type": "matching",
                "prompt": "Match each stroke.",
                "pairs": [
                    ["Effleurage", "Glide"],
                    ["Left -> right", "Right -> left"],
                    ["Pipe | left", "back\\slash\\"],
                ],
                "explanation": "By movement.",
            },
            {
                "id": "ordering",
                "type": "ordering",
                "prompt": "Order one cycle.",
                "order": ["Grasp", "Lift", "Squeeze", "Release \\"],
                "explanation": "In this order.",
            },
        ],
    }
)


def test_a_quiz_with_every_type_round_trips(tmp_path: Path) -> None:
    text, _notices = write_csv(EVERY_TYPE)
    path = tmp_path / "every-type.csv"
    path.write_text(text, encoding="utf-8", newline="")

    bank = read_csv(path.read_bytes())

    assert bank.skipped == []
    assert [q.line for q in bank.questions] == list(range(2, 9))
    assert_valid(bank)
    again = Quiz.model_validate(
        {"id": "again", "title": "Again", "questions": [q.data for q in bank.questions]}
    )
    lost = {"feedback", "see"}
    assert [q.model_dump(exclude=lost) for q in again.questions] == [
        q.model_dump(exclude=lost) for q in EVERY_TYPE.questions
    ]
    # And CSV -> quiz -> CSV gives the same file.
    assert write_csv(again)[0] == text


def test_the_csv_has_exactly_the_columns_read(tmp_path: Path) -> None:
    text, _ = write_csv(EVERY_TYPE)

    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert {len(row) for row in rows} == {len(COLUMNS)}
    assert rows[1][3] == "Effleurage \\| the glide"
    pairs = "Effleurage -> Glide | Left \\-> right -> Right -> left"
    assert rows[6][3] == pairs + " | Pipe \\| left -> back\\slash\\\\"
    # A cell a spreadsheet would run as a formula is written after a quote.
    assert rows[1][5] == "'=It glides."
    assert rows[2][2] == "'-Which are tapotement?"


def test_what_the_csv_cannot_hold_is_named() -> None:
    _, notices = write_csv(EVERY_TYPE)

    assert len(notices) == 2
    assert "feedback" in notices[0] and "question single" in notices[0]
    assert "`see`" in notices[1] and "questions single, tf-false" in notices[1]

    exam = EVERY_TYPE.model_copy(
        update={"mode": "exam", "time_limit": 30, "pass_mark": 70, "shuffle": False}
    )
    settings_notice = write_csv(exam)[1][-1]
    for part in ("mode = 'exam'", "time_limit = 30", "pass_mark = 70", "shuffle = false"):
        assert part in settings_notice

    plain = Quiz.model_validate(
        {"id": "plain", "title": "Plain", "questions": [EVERY_TYPE.questions[2].model_dump()]}
    )
    assert write_csv(plain)[1] == []


ITEM_TEXT = st.text(
    alphabet=st.sampled_from(list("ab |\\->\"';,\n=+@é")), min_size=1, max_size=12
).filter(lambda t: t.strip() == t and bool(t))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lefts=st.lists(ITEM_TEXT, min_size=2, max_size=4, unique_by=lambda t: t.casefold()),
    rights=st.lists(ITEM_TEXT, min_size=2, max_size=4, unique_by=lambda t: t.casefold()),
    prompt=ITEM_TEXT,
)
def test_any_item_text_round_trips(lefts: list[str], rights: list[str], prompt: str) -> None:
    count = min(len(lefts), len(rights))
    quiz = Quiz.model_validate(
        {
            "id": "x",
            "title": "X",
            "questions": [
                {
                    "id": "m",
                    "type": "matching",
                    "prompt": prompt,
                    "pairs": [list(pair) for pair in zip(lefts, rights, strict=False)][:count],
                    "explanation": prompt,
                },
                {
                    "id": "o",
                    "type": "ordering",
                    "prompt": prompt,
                    "order": lefts,
                    "explanation": "E",
                },
                {
                    "id": "s",
                    "type": "multiple",
                    "prompt": prompt,
                    "correct": lefts,
                    "wrong": ["zzz"],
                    "explanation": "E",
                },
            ],
        }
    )
    bank = read_csv(write_csv(quiz)[0].encode("utf-8"))

    assert bank.skipped == []
    assert [q.data for q in bank.questions] == [
        q.model_dump(exclude_defaults=True) for q in quiz.questions
    ]


CSV_PIECES = [
    HEADER.encode(), b"type;id;prompt;correct;explanation\n", b"sep=;\n", b"\xef\xbb\xbf",
    b"single,a,P,x,y,E,\n", b"matching,m,P,a->b|c,,E,\n", b'"', b",", b";", b"\n", b"\r",
    b"\x00", b"\xe9", b"\\|", b"->", b"true_false,t,P,maybe,,E\n", b"\xff\xfe", b"'=",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(CSV_PIECES),
            max_size=25,
        ).map(b"".join),
    )
)
def test_any_bytes_give_a_bank_or_a_bank_error(data: bytes) -> None:
    try:
        bank = read_csv(data)
    except BankError as error:
        assert error.line >= 1
        assert error.column is None
        return
    for item in bank.questions:
        assert item.line >= 2
        QUESTIONS.validate_python(item.data)
    for skipped in bank.skipped:
        assert skipped.row and skipped.line >= 2 and skipped.reason
