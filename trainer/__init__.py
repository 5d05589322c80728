"""massage-trainer: study massage-therapy lessons and quizzes in the terminal."""

__version__ = "0.1.0"
