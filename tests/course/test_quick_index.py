"""The quick read of a lesson list agrees with the validating loader."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ui.helpers import ROOT, write
from trainer.course.files import front_matter_and_body, split_front_matter
from trainer.course.loader import load_course
from trainer.course.models import LessonMeta
from trainer.course.quick_index import LESSON_KEYS, quick_course
from trainer.progress.store import ProgressStore
from trainer.ui.home_view import home_view, quick_view

sys.path.insert(0, str(ROOT / "bench"))
from bench_validate import generate


def test_lesson_keys_are_the_models_fields() -> None:
    assert set(LessonMeta.model_fields) == LESSON_KEYS


def validated_view(root: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    course = load_course(root, with_quizzes=False).course
    store = ProgressStore.open(tmp_path / "data", "fresh")
    try:
        return home_view(course, store, before_quizzes=True)
    finally:
        store.close()


def test_built_in_course(tmp_path: Path) -> None:
    assert quick_view(quick_course(ROOT)) == validated_view(ROOT, tmp_path)


def test_generated_course(tmp_path: Path) -> None:
    generate(tmp_path / "big", 40, 0, 1)
    assert quick_view(quick_course(tmp_path / "big")) == validated_view(tmp_path / "big", tmp_path)


GOOD = '+++\ntitle = "Good"\nsummary = "Fine."\norder = 2\n+++\n## A\n\nText.\n'

BROKEN = {
    "unknown-key.md": '+++\ntitle = "T"\nsummary = "S"\ncolour = "red"\n+++\nText.\n',
    "bad-toml.md": '+++\ntitle = "T\nsummary = "S"\n+++\nText.\n',
    "no-title.md": '+++\nsummary = "S"\n+++\nText.\n',
    "blank-title.md": '+++\ntitle = "  "\nsummary = "S"\n+++\nText.\n',
    "number-title.md": '+++\ntitle = 3\nsummary = "S"\n+++\nText.\n',
    "bool-order.md": '+++\ntitle = "T"\nsummary = "S"\norder = true\n+++\nText.\n',
    "float-order.md": '+++\ntitle = "T"\nsummary = "S"\norder = 1.5\n+++\nText.\n',
    "bad-quiz-id.md": '+++\ntitle = "T"\nsummary = "S"\nquiz = "no spaces"\n+++\nText.\n',
    "no-body.md": '+++\ntitle = "T"\nsummary = "S"\n+++\n\n  \n',
    "no-fence.md": 'title = "T"\nsummary = "S"\n',
    "unclosed.md": '+++\ntitle = "T"\nsummary = "S"\n',
    "bad name.md": '+++\ntitle = "T"\nsummary = "S"\n+++\nText.\n',
    "huge-number.md": f'+++\ntitle = "T"\nsummary = "S"\norder = {"9" * 5000}\n+++\nText.\n',
    "deep-nesting.md": '+++\ntitle = "T"\nsummary = "S"\nquiz = '
    + "[" * 100_000
    + "]" * 100_000
    + "\n+++\nText.\n",
    "too-large.md": GOOD + "x" * 10_000_000,
    "order-beyond-64-bits.md": '+++\ntitle = "T"\nsummary = "S"\norder = 0x8000000000000000\n'
    "+++\nText.\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_lesson_the_loader_refuses_is_left_out(tmp_path: Path, name: str) -> None:
    root = tmp_path / "course"
    write(root / "lessons" / "good.md", GOOD)
    write(root / "lessons" / name, BROKEN[name])
    ids = [lesson.id for lesson in quick_course(root).lessons]
    assert ids == [lesson.id for lesson in load_course(root).course.lessons] == ["good"]


def test_a_bom_and_windows_line_endings_are_read_as_the_loader_reads_them(tmp_path: Path) -> None:
    root = tmp_path / "course"
    (root / "lessons").mkdir(parents=True)
    (root / "lessons" / "win.md").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    (root / "course.toml").write_bytes(b'\xef\xbb\xbftitle = "Windows course"\r\n')
    assert quick_view(quick_course(root)) == validated_view(root, tmp_path)
    assert [lesson.id for lesson in quick_course(root).lessons] == ["win"]


def test_unreadable_files_are_left_out(tmp_path: Path) -> None:
    root = tmp_path / "course"
    write(root / "lessons" / "good.md", GOOD)
    (root / "lessons" / "latin1.md").write_bytes(b'+++\ntitle = "caf\xe9"\nsummary = "S"\n+++\nT\n')
    (root / "lessons" / "folder.md").mkdir()
    (root / "course.toml").write_bytes(b"\xff\xfe")
    quick = quick_course(root)
    assert [lesson.id for lesson in quick.lessons] == ["good"]
    assert quick.title == "Untitled course"


@pytest.mark.parametrize(
    "value", ["9" * 5000, "[" * 100_000 + "]" * 100_000], ids=["huge-number", "deep-nesting"]
)
def test_a_course_toml_the_parser_refuses_gives_the_default_title(tmp_path, value) -> None:
    root = tmp_path / "course"
    write(root / "lessons" / "good.md", GOOD)
    write(root / "course.toml", f"title = {value}\n")
    assert quick_course(root).title == "Untitled course"


def test_a_course_toml_over_the_size_limit_is_not_read(tmp_path) -> None:
    root = tmp_path / "course"
    write(root / "lessons" / "good.md", GOOD)
    write(root / "course.toml", 'title = "Big"\n#' + "x" * 1_000_000)
    assert quick_course(root).title == "Untitled course"


def test_named_pipes_and_devices_are_left_out_without_waiting(tmp_path) -> None:
    """Run apart, with a time limit: a named pipe used to block the read for ever."""
    root = tmp_path / "course"
    write(root / "lessons" / "good.md", GOOD)
    os.mkfifo(root / "course.toml")
    os.mkfifo(root / "lessons" / "pipe.md")
    (root / "lessons" / "zero.md").symlink_to("/dev/zero")
    code = (
        "import sys; from pathlib import Path; from trainer.course.quick_index import "
        "quick_course; c = quick_course(Path(sys.argv[1])); "
        "print(c.title, [lesson.id for lesson in c.lessons])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        # Reading /dev/zero to the end fails fast here instead of filling memory.
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Untitled course ['good']\n"


def test_escape_sequences_are_stripped_as_the_loader_does(tmp_path: Path) -> None:
    root = tmp_path / "course"
    write(
        root / "course.toml",
        'title = "Course \\u001b[31mred"\ndescription = "\\u001b]0;x\\u0007D"\n',
    )
    write(
        root / "lessons" / "a.md",
        '+++\ntitle = "A \\u001b[2J[bold]"\nsummary = "S \\u009b1m"\n+++\nText.\n',
    )
    assert quick_view(quick_course(root)) == validated_view(root, tmp_path)
    assert "\x1b" not in repr(quick_course(root))


def test_known_lesson_files_are_not_read_again(tmp_path: Path) -> None:
    import os

    from trainer.course.quick_index import QuickLesson

    root = tmp_path / "course"
    kept = write(root / "lessons" / "kept.md", GOOD.replace("Good", "Kept"))
    changed = write(root / "lessons" / "changed.md", GOOD.replace("Good", "Old!"))
    broken = write(root / "lessons" / "broken.md", BROKEN["no-title.md"])
    stat = {path: path.stat() for path in (kept, changed, broken)}
    known = {
        "lessons/kept.md": (
            stat[kept].st_mtime_ns,
            stat[kept].st_size,
            QuickLesson("kept", "From the snapshot", "Fine.", 2, ()),
        ),
        "lessons/changed.md": (stat[changed].st_mtime_ns, stat[changed].st_size, None),
        "lessons/broken.md": (stat[broken].st_mtime_ns, stat[broken].st_size, None),
    }
    changed.write_text(GOOD.replace("Good", "New title"))  # another size: read again
    titles = sorted(lesson.title for lesson in quick_course(root, known).lessons)
    assert titles == ["From the snapshot", "New title"]
    # Same size and time as known: taken from `known` (the stamp is what the app trusts).
    kept.write_text(GOOD.replace("Good", "Kep2"))
    os.utime(kept, ns=(stat[kept].st_atime_ns, stat[kept].st_mtime_ns))
    assert "From the snapshot" in [lesson.title for lesson in quick_course(root, known).lessons]
    assert "Kep2" in [lesson.title for lesson in quick_course(root).lessons]


@given(
    st.lists(
        st.sampled_from(["+++", " +++ ", "+++x", "", "title = 'a'", "text", " ", "++"]),
        max_size=8,
    ),
    st.booleans(),
)
def test_front_matter_and_body_agrees_with_split_front_matter(lines, final_newline) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    split = split_front_matter(text)
    quick = front_matter_and_body(text)
    assert quick == (None if isinstance(split, str) else split[:2])
