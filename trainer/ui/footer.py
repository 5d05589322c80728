"""The key footer: Textual's own, without the leak of its keys (textual issue #6666)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer, minus a leak and minus rebuilds that change nothing.

    The footer rebuilds its keys whenever the screen's bindings change (each time a screen
    is shown, for one). Every key watches the footer's ``compact`` setting, and Textual
    forgets those watches only when ``compact`` changes, which it never does here: every
    old key, with its styles and rendered lines, stayed alive (about 24 widgets each time
    a lesson was opened, measured with ``gc``), and full garbage collections grew longer
    until they paused the app for over 100 ms. The watches of removed keys are dropped
    after each rebuild.

    Textual also rebuilds on every focus change, though the keys shown mostly stay the
    same: opening a quiz rebuilt the footer 17 times, 12 of them identical. A rebuild whose
    keys would be the same as those on screen is skipped.
    """

    _keys_on_screen: tuple[Any, ...] | None = None

    def __init__(self, *, show_command_palette: bool = False) -> None:
        # The palette key is left out: at 80 columns it pushed Help and Quit off the
        # footer. Ctrl+P still opens the palette, and the help screen says so.
        super().__init__(show_command_palette=show_command_palette)

    def _keys_to_show(self) -> tuple[Any, ...]:
        """Everything ``compose`` reads, so equal values mean an identical footer."""
        if not self._bindings_ready:
            return ()
        active = self.screen.active_bindings
        shown = tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = None
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = palette
            palette_key = (binding.key, self.app.get_key_display(binding), enabled, tooltip)
        return (self.compact, shown, palette_key)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys_to_show()
        if keys and keys == self._keys_on_screen and self.children:
            return
        self._keys_on_screen = keys
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
