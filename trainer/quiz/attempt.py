"""The state of one run through a quiz: question order, shuffled choices, answers, score.

Pure Python (no UI, no storage): screens drive an :class:`Attempt` and hand what it
returns to the progress store.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from trainer.course.models import QuestionBase, Quiz
from trainer.quiz.grading import Answer, Grade
from trainer.quiz.kinds import grade, kind_of


@dataclass(frozen=True)
class Presented:
    """One question as this attempt shows it."""

    question: QuestionBase
    choices: tuple[str, ...] = ()
    """Choices (single/multiple/true_false), matching's right-hand items, or ordering's
    items, in the order shown."""


@dataclass(frozen=True)
class Response:
    """An answer given during the attempt, with its grade."""

    question_id: str
    answer: Answer
    grade: Grade
    seconds: float


def present(question: QuestionBase, rng: random.Random) -> Presented:
    """Lay out ``question`` for display, shuffling what its type shuffles."""
    return Presented(question, kind_of(question).layout(question, rng))


@dataclass
class Attempt:
    """One run through a quiz (or through a chosen subset of its questions)."""

    quiz: Quiz
    items: list[Presented]
    responses: dict[str, Response] = field(default_factory=dict)
    partial: bool = False
    """True when it asks only some of the quiz's questions (a retake): its score is
    practice, not the quiz's score, so it is neither passed nor failed."""

    @classmethod
    def start(
        cls, quiz: Quiz, *, question_ids: list[str] | None = None, seed: int | None = None
    ) -> Attempt:
        """Begin an attempt; ``question_ids`` limits it (e.g. to the questions missed).

        Without ``quiz.shuffle`` the questions keep their written order and choices get a
        fixed mix per question (so the right answer is not always first).
        """
        wanted = set(question_ids) if question_ids is not None else None
        questions = [q for q in quiz.questions if wanted is None or q.id in wanted]
        partial = len(questions) < len(quiz.questions)
        rng = random.Random(seed)
        if quiz.shuffle:
            rng.shuffle(questions)
            items = [present(q, rng) for q in questions]
        else:
            items = [present(q, random.Random(zlib.crc32(q.id.encode()))) for q in questions]
        return cls(quiz=quiz, items=items, partial=partial)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return len(self.responses)

    @property
    def finished(self) -> bool:
        return self.answered >= self.total

    def next_index(self) -> int | None:
        """Index of the first unanswered question, or None when all are answered."""
        for index, item in enumerate(self.items):
            if item.question.id not in self.responses:
                return index
        return None

    def answer(self, question_id: str, answer: Answer, seconds: float = 0.0) -> Response:
        """Grade and keep an answer. Answering the same question again replaces it."""
        item = next((i for i in self.items if i.question.id == question_id), None)
        if item is None:
            raise KeyError(f"question {question_id!r} is not part of this attempt")
        response = Response(question_id, answer, grade(item.question, answer), max(seconds, 0.0))
        self.responses[question_id] = response
        return response

    @property
    def correct_count(self) -> int:
        return sum(1 for r in self.responses.values() if r.grade.correct)

    @property
    def score(self) -> float:
        """Percent of the attempt's questions answered right (unanswered count as wrong)."""
        return 100.0 * self.correct_count / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= self.quiz.pass_mark

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.responses.values())

    def missed_ids(self) -> list[str]:
        """Questions answered wrong or not at all, in the attempt's order."""
        return [
            item.question.id
            for item in self.items
            if not (r := self.responses.get(item.question.id)) or not r.grade.correct
        ]
