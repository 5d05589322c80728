"""The JSON Schemas committed in ``schemas/`` match the models, and describe real files."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from trainer.course.loader import split_front_matter
from trainer.course.schema import SCHEMAS, write_schemas
from trainer.course.templates import lesson_template, quiz_template

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "schemas"


def test_committed_schemas_are_up_to_date(tmp_path):
    written = write_schemas(tmp_path)
    assert {p.name for p in written} == set(SCHEMAS)
    for path in written:
        committed = COMMITTED / path.name
        assert committed.is_file(), f"{committed} is missing: run `massage-trainer schema`"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is stale: run `python -m trainer schema --out schemas`"
        )


def test_no_stray_schema_files():
    assert {p.name for p in COMMITTED.glob("*.json")} == set(SCHEMAS)


def _check(schema: dict, data: dict) -> None:
    """A small check of the parts of JSON Schema these files use: keys and requireds."""
    props = schema["properties"]
    assert set(data) <= set(props), set(data) - set(props)
    assert set(schema.get("required", [])) <= set(data)


def test_templates_satisfy_the_schemas_top_level_keys():
    quiz_schema = json.loads((COMMITTED / "quiz.schema.json").read_text())
    lesson_schema = json.loads((COMMITTED / "lesson.schema.json").read_text())
    _check(quiz_schema, tomllib.loads(quiz_template("x")))
    front, _, _ = split_front_matter(lesson_template("x"))
    _check(lesson_schema, tomllib.loads(front))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_have_descriptions_for_editors(name):
    schema = json.loads((COMMITTED / name).read_text())
    assert schema["title"]
    for key, prop in schema["properties"].items():
        assert prop.get("description"), f"{name}: `{key}` has no description"


def test_quiz_template_points_at_the_schema():
    assert quiz_template("x").startswith("#:schema ../schemas/quiz.schema.json\n")
