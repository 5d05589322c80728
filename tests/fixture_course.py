"""A small course owned by the tests, so editing the built-in course never breaks one.

Two lessons with quizzes of every question type (with markup-like text, which must show
literally) and a final exam that belongs to no lesson.
"""

from __future__ import annotations

import textwrap
from pathlib import Path


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def write_course(root: Path) -> Path:
    """Two lessons with quizzes (mixed question types) and a standalone final quiz."""
    _write(root / "course.toml", 'title = "Test course"\n')
    _write(
        root / "lessons" / "basics.md",
        """
        +++
        title = "Basics [/] of touch"
        summary = "The basics."
        order = 1
        topics = ["anatomy"]
        quiz = "basics"
        +++
        Text.
        """,
    )
    _write(
        root / "lessons" / "strokes.md",
        """
        +++
        title = "Strokes"
        summary = "The strokes."
        order = 2
        topics = ["anatomy", "technique"]
        quiz = "strokes"
        +++
        Text.
        """,
    )
    single = 'type = "single"\nexplanation = "E."\ncorrect = "A"\nwrong = ["B", "C"]\n'
    _write(
        root / "quizzes" / "basics.toml",
        'title = "Basics quiz"\nlesson = "basics"\n\n'
        f'[[questions]]\nid = "b1"\nprompt = "First [b]question[/]?"\n{single}\n'
        '[[questions]]\nid = "b2"\nprompt = "True?"\ntype = "true_false"\n'
        'explanation = "E."\nanswer = true\n\n'
        '[[questions]]\nid = "b3"\nprompt = "Type it"\ntype = "short"\n'
        'explanation = "E."\naccept = ["heart"]\n\n'
        f'[[questions]]\nid = "b4"\nprompt = "Fourth?"\n{single}\n'
        '[[questions]]\nid = "b5"\nprompt = "Match"\ntype = "matching"\nexplanation = "E."\n'
        'pairs = [["a", "1"], ["b", "2"]]\n',
    )
    _write(
        root / "quizzes" / "strokes.toml",
        'title = "Strokes quiz"\nlesson = "strokes"\n\n'
        f'[[questions]]\nid = "s1"\nprompt = "Stroke?"\n{single}\n'
        '[[questions]]\nid = "s2"\nprompt = "Order"\ntype = "ordering"\nexplanation = "E."\n'
        'order = ["x", "y"]\n\n'
        '[[questions]]\nid = "s3"\nprompt = "Which?"\ntype = "multiple"\nexplanation = "E."\n'
        'correct = ["A", "B"]\nwrong = ["C"]\n',
    )
    _write(
        root / "quizzes" / "final.toml",
        f'title = "Final exam"\n\n[[questions]]\nid = "f1"\nprompt = "Final?"\n{single}',
    )
    return root


def _questions(*ids: str) -> str:
    return "".join(
        f'\n[[questions]]\nid = "{question_id}"\ntype = "single"\nprompt = "{question_id}?"\n'
        'correct = "A"\nwrong = ["B"]\nexplanation = "A it is."\n'
        for question_id in ids
    )


def write_several_quizzes_course(
    root: Path, *, listed: str = '["eff-practice", "eff-test"]'
) -> Path:
    """A lesson with two quizzes, another with one, and a final exam naming both lessons.

    ``effleurage`` lists ``listed`` in its front matter: by default a practice quiz that
    does not name the lesson and a test that does (one side of a link is enough).
    ``petrissage`` has one quiz; the final exam's ``f1`` tests effleurage and ``f2``
    petrissage. Every question is a ``single`` whose right answer is "A".
    """
    _write(root / "course.toml", 'title = "Several quizzes"\n')
    _write(
        root / "lessons" / "effleurage.md",
        f'+++\ntitle = "Effleurage"\nsummary = "Gliding."\norder = 1\ntopics = ["strokes"]\n'
        f"quiz = {listed}\n+++\n## Gliding\n\nLong strokes.\n",
    )
    _write(
        root / "lessons" / "petrissage.md",
        '+++\ntitle = "Petrissage"\nsummary = "Kneading."\norder = 2\ntopics = ["strokes"]\n'
        'quiz = "pet"\n+++\n## Kneading\n\nLift and squeeze.\n',
    )
    _write(
        root / "quizzes" / "eff-practice.toml",
        'title = "Effleurage practice"\nshuffle = false\n' + _questions("p1", "p2"),
    )
    _write(
        root / "quizzes" / "eff-test.toml",
        'title = "Effleurage test"\nlesson = "effleurage"\nshuffle = false\n'
        + _questions("t1", "t2", "t3"),
    )
    _write(
        root / "quizzes" / "pet.toml",
        'title = "Petrissage quiz"\nlesson = "petrissage"\nshuffle = false\n' + _questions("k1"),
    )
    final = _questions("f1", "f2")
    final = final.replace('id = "f1"\n', 'id = "f1"\nlesson = "effleurage"\n')
    final = final.replace('id = "f2"\n', 'id = "f2"\nlesson = "petrissage"\n')
    _write(root / "quizzes" / "final.toml", 'title = "Final exam"\nshuffle = false\n' + final)
    return root
