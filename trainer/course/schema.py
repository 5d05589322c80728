"""JSON Schemas of the instructor's files, for editors that check TOML as you type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trainer.course.models import CourseInfo, LessonMeta, QuizFile

SCHEMAS = {
    "quiz.schema.json": (QuizFile, "A massage-trainer quiz file (quizzes/<id>.toml)"),
    "lesson.schema.json": (LessonMeta, "Front matter of a massage-trainer lesson"),
    "course.schema.json": (CourseInfo, "A massage-trainer course.toml"),
}


def schema_for(model: Any, title: str) -> dict[str, Any]:
    """The JSON Schema of ``model`` with a title editors show."""
    schema: dict[str, Any] = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` (created if needed); returns the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (model, title) in SCHEMAS.items():
        path = out_dir / name
        path.write_text(json.dumps(schema_for(model, title), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
