"""The examples in docs/question-banks.md import as the page says: instructors copy them."""

from __future__ import annotations

import re
from pathlib import Path

from trainer.banks.aiken import read_aiken
from trainer.banks.csv_bank import read_csv
from trainer.banks.gift import read_gift
from trainer.banks.quiz_file import check_questions

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "question-banks.md").read_text("utf-8")


def block_after(heading: str, fence: str = "") -> str:
    start = PAGE.index(heading)
    found = re.compile(rf"^```{fence}\n(.*?)^```", re.M | re.S).search(PAGE, start)
    assert found is not None, heading
    return found.group(1)


def test_the_gift_example_imports_every_question():
    bank = read_gift(block_after("## GIFT (Moodle)"))
    checked = check_questions(bank)
    assert checked.skipped == []
    kinds = [item.data["type"] for item in checked.questions]
    assert kinds == ["single", "multiple", "true_false", "short", "matching", "single"]
    assert checked.questions[-1].data["prompt"] == "Massage the leg on the ___ side first."


def test_the_aiken_example_imports_both_questions():
    checked = check_questions(read_aiken(block_after("## Aiken", "text")))
    assert (len(checked.questions), checked.skipped) == (2, [])


def test_the_csv_example_imports_every_type():
    bank = read_csv(block_after("## CSV (spreadsheets)", "csv").encode("utf-8"))
    checked = check_questions(bank)
    assert checked.skipped == []
    assert sorted(item.data["type"] for item in checked.questions) == sorted(
        ["single", "multiple", "true_false", "short", "matching", "ordering"]
    )
