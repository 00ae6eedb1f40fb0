"""The footer of keys, rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds all its keys (each a widget, styled and laid out) after every
change of the screen's bindings, once per change: focus moving, a screen opening, a class or a
binding set. The library's first frames sent four; opening the reader rebuilt its footer three
times and the library's, hidden under it, twice more. This one waits for the changes of one
moment to be over, rebuilds only when the keys differ, and not while its screen is hidden.
Under a dialog it is rebuilt as Textual's is.
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
        if not self.is_attached or not self.screen.is_current:
            return  # hidden under another screen: rebuilt when it shows again (focus returns)
        if self.screen.is_active and self._keys() == self._shown:
            return  # the same keys: nothing to redraw
        # Under a dialog or another screen, rebuilt as Textual's footer is (its screen's keys
        # are then read as they are without the focus, which dialogs' snapshots show).
        await self.recompose()

    @property
    def settled(self) -> bool:
        """Whether the footer shows its screen's keys as they are now (no rebuild waiting)."""
        return not self._pending and self._shown == self._keys()

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
