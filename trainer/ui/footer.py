"""The key footer: Textual's own, without the leak of its keys (textual issue #6666)."""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer, minus a leak.

    The footer rebuilds its keys whenever the screen's bindings change (each time a screen
    is shown, for one). Every key watches the footer's ``compact`` setting, and Textual
    forgets those watches only when ``compact`` changes, which it never does here: every
    old key, with its styles and rendered lines, stayed alive (about 24 widgets each time
    a lesson was opened, measured with ``gc``), and full garbage collections grew longer
    until they paused the app for over 100 ms. The watches of removed keys are dropped
    after each rebuild.
    """

    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
