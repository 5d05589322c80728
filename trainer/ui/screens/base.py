"""A Screen that knows it belongs to the trainer app."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp

ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType]):
    """Base of the app's screens: typed access to the app's services."""

    @property
    def trainer(self) -> TrainerApp:
        """The running app, with its course and progress store."""
        return cast("TrainerApp", self.app)
