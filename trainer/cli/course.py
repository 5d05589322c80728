"""The instructor's commands: ``validate``, ``schema`` and ``new``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli.options import (
    INSTRUCTOR_DEFAULT,
    CommandError,
    add_course_option,
    fail,
    instructor_course_root,
)
from trainer.course.builtin import builtin_course_dir
from trainer.course.templates import lesson_template, quiz_template
from trainer.text import printable_path

# The loader, models and schema are imported where used: the app's start-up
# path builds this parser and must not pay for pydantic.
if TYPE_CHECKING:
    from trainer.course.models import Course


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the instructor subcommands to the main parser.

    They use a course and nothing else, so they take ``--course`` alone (not the data
    folder or profile), defaulting to the folder the instructor stands in.
    """
    validate = subparsers.add_parser(
        "validate",
        help="check a course's lessons and quizzes and report every problem",
        description="Check every lesson and quiz of a course; print each problem and "
        "warning as file:line:col: message. Exit 0 when there are no errors (warnings "
        "alone pass unless --strict), 1 when there are, 2 when the folder is not a course. "
        f"Checks COURSE_DIR, else --course, else {INSTRUCTOR_DEFAULT} when it is a "
        "course folder, else the built-in course (and says so).",
    )
    validate.add_argument(
        "course_dir",
        nargs="?",
        type=Path,
        metavar="COURSE_DIR",
        help=f"course folder (default: --course, else {INSTRUCTOR_DEFAULT}, else the built-in "
        "course)",
    )
    add_course_option(validate, f"{INSTRUCTOR_DEFAULT}, else the built-in course")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="count warnings as errors (exit 1), e.g. in CI (default: warnings pass)",
    )
    validate.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table: one line a problem (default); json: the problems for editors and CI",
    )
    validate.set_defaults(handler=run_validate)

    schema = subparsers.add_parser(
        "schema",
        help="write JSON Schemas of quiz files, lesson front matter and course.toml",
        description="Write JSON Schemas for editors (see docs/authoring.md) into "
        "--out, else the course's schemas/ folder.",
    )
    add_course_option(schema, f"{INSTRUCTOR_DEFAULT}; its schemas/ is written")
    schema.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder to write into; wins over --course (default: COURSE/schemas, else ./schemas)",
    )
    schema.set_defaults(handler=run_schema)

    new = subparsers.add_parser(
        "new",
        help="start a course folder, or a lesson or quiz file, that passes validate",
        description="`new course DIR` creates the folder DIR (not its missing parents) "
        "with course.toml, one lesson, one quiz and the editor schemas. `new lesson ID` "
        "and `new quiz ID` write lessons/ID.md or quizzes/ID.toml in the course, linked "
        "to a same-id partner when there is one. Every file is commented and passes "
        "`validate` as written (with warnings for the placeholder text); nothing is "
        "overwritten.",
    )
    new.add_argument("kind", choices=["course", "lesson", "quiz"], help="what to create")
    new.add_argument(
        "name",
        metavar="ID_OR_DIR",
        help="the new lesson's or quiz's id (its file name without suffix), or the new "
        "course's folder",
    )
    add_course_option(new, f"{INSTRUCTOR_DEFAULT}; not used by `new course`")
    new.set_defaults(handler=run_new)


def run_validate(args: argparse.Namespace) -> int:
    """Print every problem and warning of a course, and a summary naming the folder."""
    try:
        root = instructor_course_root(args, args.course_dir)
    except CommandError as exc:
        return fail(str(exc), exc.code)
    builtin = root is None
    if root is None:
        root = builtin_course_dir()
        print(
            "massage-trainer: no course folder here (no lessons/ or quizzes/ in "
            f"{printable_path(Path.cwd())}); checking the built-in course",
            file=sys.stderr,
        )
    from trainer.course.validation import check_course

    report = check_course(root)
    errors = sum(1 for p in report.problems if not p.warning)
    warnings = len(report.problems) - errors
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        print(json.dumps(report.as_json(builtin), indent=2, ensure_ascii=False))
        return 1 if failed else 0
    for problem in report.problems:
        print(problem)
    print(report.summary(builtin))
    return 1 if failed else 0


def run_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas into ``--out``, else the course's ``schemas/``."""
    from trainer.course.schema import write_schemas

    out: Path | None = args.out
    if out is None:
        try:
            root = instructor_course_root(args)
        except CommandError as exc:
            return fail(str(exc), exc.code)
        out = (root or Path(".")) / "schemas"
    try:
        written = write_schemas(out)
    except OSError as exc:
        return fail(f"cannot write schemas to {printable_path(out)}: {exc.strerror or exc}", 1)
    for path in written:
        print(printable_path(path))
    return 0


def run_new(args: argparse.Namespace) -> int:
    """Write a new course folder, or a lesson or quiz from its template; never overwrite."""
    if args.kind == "course":
        return _new_course(Path(args.name))
    return _new_file(args)


def _new_course(folder: Path) -> int:
    """Create ``folder`` holding a starter course, all at once.

    The files are written into a hidden folder beside it, which is then renamed: a
    failure half-way leaves no half course behind, and an existing non-empty folder is
    refused by the rename itself.
    """
    import os
    import shutil
    import tempfile

    from trainer.course.schema import write_schemas
    from trainer.course.templates import course_template, title_from_folder

    shown = printable_path(folder)
    parent = folder.absolute().parent
    if not parent.is_dir():
        return fail(
            f"cannot create {shown}: the folder {printable_path(parent)} does not exist "
            "(new course creates one folder, not its parents)",
            2,
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return fail(f"{shown} already exists and is not empty; not writing into it", 1)
    first = "first-lesson"
    try:
        staging = Path(tempfile.mkdtemp(prefix=".new-course-", dir=parent))
    except OSError as exc:
        return fail(f"cannot create {shown}: {exc.strerror or exc}", 1)
    try:
        title = title_from_folder(folder.absolute().name)
        (staging / "course.toml").write_text(course_template(title), encoding="utf-8")
        (staging / "lessons").mkdir()
        (staging / "quizzes").mkdir()
        (staging / "lessons" / f"{first}.md").write_text(
            lesson_template(first, link_quiz=True), encoding="utf-8"
        )
        (staging / "quizzes" / f"{first}.toml").write_text(
            quiz_template(first, link_lesson=True), encoding="utf-8"
        )
        write_schemas(staging / "schemas")
        staging.chmod(0o777 & ~_umask())
        os.replace(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if folder.exists():
            return fail(f"{shown} already exists and is not empty; not writing into it", 1)
        return fail(f"cannot create {shown}: {exc.strerror or exc}", 1)
    print(f"Created the course {shown}/:")
    for name in (
        "course.toml",
        f"lessons/{first}.md",
        f"quizzes/{first}.toml",
        "schemas/ (for editors)",
    ):
        print(f"  {name}")
    print(
        f"Next: edit them, then `massage-trainer validate {shown}`; "
        f"`massage-trainer preview lesson {first} --course {shown}` shows your edits live."
    )
    return 0


def _umask() -> int:
    """The process's umask (read by setting it, the only way, and setting it back)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_file(args: argparse.Namespace) -> int:
    """Write a new lesson or quiz from its template, never overwriting.

    The new file names its partner of the same id as active link when that partner
    already exists (and is free to link); a new quiz also gets the course's ``schemas/``
    written when missing, since its ``#:schema`` line points there.
    """
    from trainer.course.files import is_valid_id
    from trainer.course.schema import write_schemas

    # Any folder may become a course by its first lesson: only its parent must exist.
    # Run inside a course's lessons/ or quizzes/, the course is that folder's parent.
    root: Path = getattr(args, "course", None) or instructor_course_root(args) or Path.cwd()
    item_id = args.name
    if not is_valid_id(item_id):
        return fail(
            f"{item_id!r} is not a valid id: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit",
            2,
        )
    if args.kind == "lesson":
        path = root / "lessons" / f"{item_id}.md"
        partner = root / "quizzes" / f"{item_id}.toml"
    else:
        path = root / "quizzes" / f"{item_id}.toml"
        partner = root / "lessons" / f"{item_id}.md"
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
    link = partner.is_file() and _can_link(root, args.kind, item_id)
    if args.kind == "lesson":
        text = lesson_template(item_id, link_quiz=link)
    else:
        text = quiz_template(item_id, link_lesson=link)
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

    The partner must have loaded cleanly, and the new file must not contradict a link made
    elsewhere. A lesson may have several quizzes, so a new quiz may name a lesson that has
    quizzes already; but a quiz tests one lesson, so the new lesson may not list a quiz
    that another lesson lists (or that names another lesson).
    """
    from trainer.course.loader import load_course

    course: Course = load_course(root).course
    if kind == "quiz":
        # No other lesson may list the new quiz's id already (a link to a missing quiz).
        listing = {lesson.id for lesson in course.lessons if item_id in lesson.meta.quiz_ids}
        return course.lesson(item_id) is not None and listing <= {item_id}
    quiz = course.quizzes.get(item_id)
    others = {lesson for lesson, quiz_ids in course.lesson_quizzes.items() if item_id in quiz_ids}
    return quiz is not None and quiz.lesson in (None, item_id) and others <= {item_id}
