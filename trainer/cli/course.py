"""The instructor's commands: ``validate``, ``schema`` and ``new``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import course_root, fail, reports_failures
from trainer.course.templates import lesson_template, quiz_template
from trainer.text import plural, printable_path

# The loader, models and schema are imported where used: the app's start-up
# path builds this parser and must not pay for pydantic.
if TYPE_CHECKING:
    from trainer.course.models import Course


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the instructor subcommands to the main parser."""
    # `common` too, so `validate --course DIR` works like the other commands (the
    # positional folder wins when both are given; --data-dir/--profile are ignored).
    validate = subparsers.add_parser(
        "validate",
        parents=[common],
        help="check a course's lessons and quizzes and report every problem",
        description="Check every lesson and quiz of a course; print problems as "
        "file:line:col: message. Exit 0 when clean, 1 when there are problems.",
    )
    validate.add_argument(
        "course_dir",
        nargs="?",
        type=Path,
        metavar="COURSE_DIR",
        help="course folder (default: --course, else the built-in course)",
    )
    validate.set_defaults(handler=run_validate)

    schema = subparsers.add_parser(
        "schema",
        help="write JSON Schemas of quiz files and lesson front matter",
        description="Write JSON Schemas for editors (see docs/authoring.md).",
    )
    schema.add_argument(
        "--out",
        type=Path,
        default=Path("schemas"),
        metavar="DIR",
        help="folder to write into (default: ./schemas)",
    )
    schema.set_defaults(handler=run_schema)

    new = subparsers.add_parser(
        "new",
        parents=[common],
        help="start a new lesson or quiz file from a commented template",
        description="Write a commented starting file that passes `validate` as it is.",
    )
    new.add_argument("kind", choices=["lesson", "quiz"], help="what to create")
    new.add_argument("id", metavar="ID", help="the new file's id (its file name, without suffix)")
    new.set_defaults(handler=run_new)


@reports_failures
def run_validate(args: argparse.Namespace) -> int:
    """Print every problem of a course and a one-line summary."""
    from trainer.course.loader import load_course

    root = course_root(args, args.course_dir)
    loaded = load_course(root)
    for problem in loaded.problems:
        print(problem)
    course = loaded.course
    lessons = len(course.lessons) + sum(1 for p in loaded.broken_files if p.suffix == ".md")
    quizzes = len(course.quizzes) + sum(1 for p in loaded.broken_files if p.suffix == ".toml")
    questions = sum(len(q.questions) for q in course.quizzes.values())
    checked = f"{plural(lessons, 'lesson')}, {plural(quizzes, 'quiz', 'quizzes')}"
    if loaded.problems:
        files = len({p.path for p in loaded.problems})
        count = plural(len(loaded.problems), "problem")
        print(f"{count} in {plural(files, 'file')} ({checked} checked)")
        return 1
    print(f"OK: {checked}, {plural(questions, 'question')}; no problems found.")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas."""
    from trainer.course.schema import write_schemas

    try:
        written = write_schemas(args.out)
    except OSError as exc:
        shown = printable_path(args.out)
        return fail(f"cannot write schemas to {shown}: {exc.strerror or exc}", 1)
    for path in written:
        print(printable_path(path))
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Write a new lesson or quiz from its template, never overwriting.

    The new file names its partner of the same id as active link when that partner
    already exists (and is free to link); a new quiz also gets the course's ``schemas/``
    written when missing, since its ``#:schema`` line points there.
    """
    from trainer.course.files import is_valid_id
    from trainer.course.schema import write_schemas

    root: Path = getattr(args, "course", None) or Path.cwd()
    if not is_valid_id(args.id):
        return fail(
            f"{args.id!r} is not a valid id: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit",
            2,
        )
    if args.kind == "lesson":
        path = root / "lessons" / f"{args.id}.md"
        partner = root / "quizzes" / f"{args.id}.toml"
    else:
        path = root / "quizzes" / f"{args.id}.toml"
        partner = root / "lessons" / f"{args.id}.md"
    if path.exists():  # checked before loading the course for the link
        return fail(f"{printable_path(path)} already exists; not overwriting it", 1)
    # The course folder itself may be new, but not its parent: a mistyped --course
    # would otherwise quietly grow a tree of folders somewhere unexpected.
    if not root.is_dir() and not root.absolute().parent.is_dir():
        return fail(
            f"cannot create the course folder {printable_path(root)}: "
            f"the folder {printable_path(root.absolute().parent)} does not exist",
            2,
        )
    link = partner.is_file() and _can_link(root, args.kind, args.id)
    if args.kind == "lesson":
        text = lesson_template(args.id, link_quiz=link)
    else:
        text = quiz_template(args.id, link_lesson=link)
    try:
        root.mkdir(exist_ok=True)
        path.parent.mkdir(exist_ok=True)
    except OSError as exc:  # e.g. a file where the folder should be
        return fail(f"cannot write {printable_path(path)}: {exc.strerror or exc}", 1)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return fail(f"{printable_path(path)} already exists; not overwriting it", 1)
    except OSError as exc:
        return fail(f"cannot write {printable_path(path)}: {exc.strerror or exc}", 1)
    linked = f", linked to {printable_path(partner)}" if link else ""
    print(f"Created {printable_path(path)}{linked}")
    if args.kind == "quiz":
        schemas = root / "schemas"
        if not (schemas / "quiz.schema.json").exists():
            try:
                write_schemas(schemas)
            except OSError as exc:
                # The quiz is written and valid; only editor checking is missing.
                print(
                    "massage-trainer: could not write the editor schemas to "
                    f"{printable_path(schemas)}: {exc.strerror or exc}",
                    file=sys.stderr,
                )
            else:
                print(f"Wrote JSON Schemas for editors into {printable_path(schemas)}/")
    return 0


def _can_link(root: Path, kind: str, item_id: str) -> bool:
    """Whether linking the new ``kind`` ``item_id`` to its same-id partner keeps the course valid.

    The partner must have loaded cleanly and not be linked elsewhere already.
    """
    from trainer.course.loader import load_course

    course: Course = load_course(root).course
    if kind == "quiz":
        lesson = course.lesson(item_id)
        return lesson is not None and course.lesson_quiz.get(item_id) in (None, item_id)
    quiz = course.quizzes.get(item_id)
    others = {lesson for lesson, quiz_id in course.lesson_quiz.items() if quiz_id == item_id}
    return quiz is not None and quiz.lesson in (None, item_id) and others <= {item_id}
