"""The wheel built from a clean copy of the repository ships the built-in course.

Slow-ish (a few seconds: it builds a wheel) but part of the default run, so CI checks
that a plain, non-editable ``pip install .`` finds the course from any folder.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _clean_copy(dest: Path) -> None:
    """Copy what a fresh clone would hold: tracked plus untracked-but-not-ignored files."""
    files: list[str] | None = None
    if shutil.which("git") and (REPO / ".git").exists():
        result = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
        if result.returncode == 0:
            files = [f for f in result.stdout.decode().split("\0") if f]
    if files is None:  # not a git checkout: copy the parts the build needs
        files = [
            str(p.relative_to(REPO))
            for top in ("trainer", "lessons", "quizzes")
            for p in (REPO / top).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
        files += [n for n in ("pyproject.toml", "course.toml", "README.md", "LICENSE")]
    for name in files:
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("clone")
    _clean_copy(src)
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.append("--no-isolation")  # offline: use the installed backend
    result = subprocess.run(cmd, cwd=src, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel_path,) = out.glob("massage_trainer-*.whl")
    return wheel_path


def test_wheel_contains_the_builtin_course(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    lessons = sorted(p.name for p in (REPO / "lessons").glob("*.md"))
    quizzes = sorted(p.name for p in (REPO / "quizzes").glob("*.toml"))
    assert lessons and quizzes
    for name in lessons:
        assert f"trainer/_course/lessons/{name}" in names
    for name in quizzes:
        assert f"trainer/_course/quizzes/{name}" in names
    if (REPO / "course.toml").is_file():
        assert "trainer/_course/course.toml" in names
    assert "trainer/cli/__init__.py" in names
    assert "trainer/course/loader.py" in names
    assert not any(n.startswith(("tests/", "bench/", "lessons/", "quizzes/")) for n in names)


def test_wheel_declares_console_script_and_python(wheel):
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(meta_name).decode()
        ep_name = next(n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt"))
        entry_points = zf.read(ep_name).decode()
    assert "Requires-Python: >=3.11" in metadata
    assert "massage-trainer = trainer.cli:main" in entry_points


def test_installed_wheel_finds_its_course_from_any_folder(wheel, tmp_path):
    """A non-editable install, run from an unrelated folder, uses trainer/_course."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    code = (
        "import trainer, sys\n"
        "from trainer.course.builtin import builtin_course_dir\n"
        "from trainer.course.loader import load_course\n"
        "root = builtin_course_dir()\n"
        "assert root.name == '_course', root\n"
        f"assert str(root).startswith({str(target)!r}), root\n"
        "loaded = load_course(root)\n"
        "print(len(loaded.course.lessons), len(loaded.course.quizzes))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    n_lessons, n_quizzes = map(int, result.stdout.split())
    assert n_lessons >= 1 and n_quizzes >= 1
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "validate"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Checked the built-in course: 12 lessons")
    assert result.stdout.rstrip().endswith("; no problems")
