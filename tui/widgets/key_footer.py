"""The footer of keys: one widget that draws every key itself, rebuilt only when the keys change.

Textual's ``Footer`` is a container of one ``FooterKey`` widget per key: eleven DOM nodes in the
reader, each styled (twice more at mount, as its ``compact`` class flips), laid out and rendered on
every screen that shows a footer, about a tenth of the time from enter to the reader's first
screen. This one is a single widget drawing one line, with the same look: Footer's colours come
from the same CSS variables, through component classes layered as FooterKey's nodes were (the
footer, a key's item, hover, disabled, then its key or description part), so themes keep working.

Textual's Footer also rebuilds after every change of the screen's bindings, once per change:
focus moving, a screen opening, a class or a binding set. This one waits for the changes of one
moment to be over, rebuilds only when the keys differ, and not while its screen is hidden or under
a dialog (its keys stay as they were there).

What users see, as with Footer: one key per action (the first binding shown for it); a disabled
key dim, ringing the bell when clicked; a key under the mouse highlighted, with its tooltip; the
command palette's key at the right, after a thin bar; keys wider than the terminal scroll with the
mouse wheel. Binding groups (``Binding.Group``) are drawn as plain keys: marginote has none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

#: What the footer shows, to compare with what it shows now: whether the palette's key is
#: wanted, then per binding whether it is the palette's, the binding, whether it is enabled, its
#: tooltip and how its key is drawn; None before the screen's bindings are ready.
Keys = tuple[bool, tuple[tuple[bool, Binding, bool, str, str], ...]] | None


@dataclass(frozen=True)
class FooterItem:
    """One key as drawn: ``start`` and ``width`` in cells along the keys' line."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str | None
    start: int = 0
    width: int = 0


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen, on one line at its bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--item",
        "footer-key--hover",
        "footer-key--disabled",
        "footer-key--key",
        "footer-key--description",
        "footer-key--bar",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        width: 1fr;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--item { background: $footer-item-background; }
        & > .footer-key--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .footer-key--disabled { text-style: dim; }
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--bar { color: $foreground 20%; }
    }
    """

    def __init__(
        self,
        *,
        show_command_palette: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._bindings_ready = False
        self._pending = False
        self._shown: Keys = None
        self._items: tuple[FooterItem, ...] = ()
        self._palette: FooterItem | None = None
        self._scroll = 0  # cells of the keys' line scrolled off at the left
        self._hover: FooterItem | None = None

    # -- which keys, and when ----------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_keys)

    def _refresh_keys(self) -> None:
        self._pending = False
        if not self.is_attached or not self.screen.is_active:
            # Hidden, or under a dialog (its keys stay as they were): rebuilt when its screen
            # is on top again, if its keys changed (focus coming back sends the change).
            return
        keys = self._keys()
        if keys != self._shown:
            self._show(keys)

    @property
    def settled(self) -> bool:
        """Whether the footer is done with the changes of the moment: no rebuild waiting, and on
        top, showing its screen's keys as they are now (under a dialog its keys stay)."""
        if self._pending or not self.is_attached:
            return False
        return not self.screen.is_active or self._shown == self._keys()

    def _keys(self) -> Keys:
        """What the footer shows (see ``Keys``)."""
        if not self._bindings_ready:
            return None
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return (
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key == palette, binding, enabled, tooltip, app.get_key_display(binding))
                for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == palette
            ),
        )

    def _show(self, keys: Keys) -> None:
        """Lay out ``keys`` along the line, as Footer does: the first binding shown for each
        action, then the palette's key apart (drawn at the right)."""
        self._shown = keys
        items: dict[str, FooterItem] = {}
        self._palette = None
        start = 0
        want_palette, bindings = keys if keys is not None else (False, ())
        for is_palette, binding, enabled, tooltip, display in bindings:
            if is_palette and want_palette:
                self._palette = FooterItem(
                    binding.key,
                    display,
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description or None,
                )
            if binding.show and binding.action not in items:
                item = FooterItem(
                    binding.key, display, binding.description, enabled, tooltip or None, start
                )
                items[binding.action] = item = replace(item, width=self._width(item))
                start += item.width
        self._items = tuple(items.values())
        self._scroll = min(self._scroll, self._max_scroll())
        self._set_hover(None)
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------

    @staticmethod
    def _parts(item: FooterItem, *, palette: bool) -> list[tuple[str, str]]:
        """The texts of a key and the component drawing each: the key padded by a cell each
        side and its description followed by one; the palette's as Footer's compact keys (no
        padding but one cell between) then one cell of padding, after the bar."""
        if palette:
            parts = [("▏", "footer-key--bar"), (item.display, "footer-key--key")]
            if item.description:
                parts.append((f" {item.description}", "footer-key--description"))
            return [*parts, (" ", "")]
        if not item.description:
            return [(item.display, "footer-key--key")]
        return [
            (f" {item.display} ", "footer-key--key"),
            (f"{item.description} ", "footer-key--description"),
        ]

    @classmethod
    def _width(cls, item: FooterItem, *, palette: bool = False) -> int:
        return sum(cell_len(text) for text, _ in cls._parts(item, palette=palette))

    def _segments(self, item: FooterItem, *, palette: bool = False) -> list[Segment]:
        """The key drawn, each part in the styles of the layers a FooterKey's part had."""
        layers = ["footer-key--item"]
        if item is self._hover:
            layers.append("footer-key--hover")
        box = self.get_visual_style(*layers).rich_style  # the key's own, as under its border
        if not item.enabled:
            layers.append("footer-key--disabled")
        segments = []
        for text, component in self._parts(item, palette=palette):
            if component == "footer-key--bar":
                # A border: its colour over the footer's, on the key's background, never dim.
                colour = self.get_visual_style(component).rich_style.color
                style = box + Style(color=colour)
            elif component:
                style = self.get_visual_style(*layers, component).rich_style
            else:  # padding: the key's background only, as Textual draws a widget's padding
                style = Style(bgcolor=self.get_visual_style(*layers).rich_style.bgcolor)
            segments.append(Segment(text, style))
        return segments

    def _palette_width(self) -> int:
        return 0 if self._palette is None else self._width(self._palette, palette=True)

    def _keys_width(self) -> int:
        """The cells the keys (all but the palette's) have."""
        return max(0, self.size.width - self._palette_width())

    def _max_scroll(self) -> int:
        end = self._items[-1].start + self._items[-1].width if self._items else 0
        return max(0, end - self._keys_width())

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = Style(bgcolor=self.visual_style.rich_style.bgcolor)  # as Textual draws a blank
        keys_width = self._keys_width()
        keys = Strip([s for item in self._items for s in self._segments(item)])
        line = keys.crop(self._scroll, self._scroll + keys_width).extend_cell_length(
            keys_width, base
        )
        if self._palette is not None:
            line = Strip.join([line, Strip(self._segments(self._palette, palette=True))])
        return line.extend_cell_length(width, base).crop(0, width)

    # -- the mouse ---------------------------------------------------------------------------

    def _item_at(self, x: int) -> FooterItem | None:
        keys_width = self._keys_width()
        if x >= keys_width:
            return self._palette
        x += self._scroll
        return next((i for i in self._items if i.start <= x < i.start + i.width), None)

    def _set_hover(self, item: FooterItem | None) -> None:
        if item is self._hover:
            return
        self._hover = item
        self.tooltip = item.tooltip if item is not None else None
        self.styles.pointer = "default" if item is None else "pointer"
        self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._item_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()

    def _scroll_keys(self, cells: int, event: events.MouseEvent) -> None:
        scroll = max(0, min(self._scroll + cells, self._max_scroll()))
        if scroll != self._scroll:
            self._scroll = scroll
            self._set_hover(None)
            self.refresh()
            event.stop()
            event.prevent_default()

    def _scroll_step(self) -> int:
        return max(1, round(self.app.scroll_sensitivity_x))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_keys(self._scroll_step(), event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_keys(-self._scroll_step(), event)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._scroll_keys(self._scroll_step(), event)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._scroll_keys(-self._scroll_step(), event)

    def on_resize(self, event: events.Resize) -> None:
        self._scroll = min(self._scroll, self._max_scroll())
