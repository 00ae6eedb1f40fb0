"""The footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds all its keys (each a widget, styled and laid out) after every
change of the screen's bindings, once per change: focus moving, a screen opening, a class or a
binding set. The library's first frames sent four; opening the reader rebuilt its footer three
times and the library's, hidden under it, twice more. This one waits for the changes of one
moment to be over, rebuilds only when the keys differ, and not while its screen is hidden or
under a dialog (Textual's emptied itself there, then filled again, or not, with the timing).
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _shown: Hashable = None
    _pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_keys)

    async def _refresh_keys(self) -> None:
        self._pending = False
        if not self.is_attached or not self.screen.is_active:
            # Hidden, or under a dialog (its keys stay as they were): rebuilt when its screen
            # is on top again, if its keys changed (focus coming back sends the change).
            return
        if self._keys() != self._shown:
            await self.recompose()

    @property
    def settled(self) -> bool:
        """Whether the footer is done with the changes of the moment: no rebuild waiting, and on
        top, showing its screen's keys as they are now (under a dialog its keys stay)."""
        if self._pending or not self.is_attached:
            return False
        return not self.screen.is_active or self._shown == self._keys()

    def compose(self) -> ComposeResult:
        self._shown = self._keys()
        yield from super().compose()

    def _keys(self) -> Hashable:
        """What the footer shows: each shown binding, whether it is enabled, its tooltip and
        how its key is drawn; None before the screen's bindings are ready."""
        if not self._bindings_ready:
            return None
        app = self.app
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
            ),
        )
