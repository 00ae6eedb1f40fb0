"""The footer's keys work with the mouse as Textual's footer did: a click runs the key (a disabled
one rings the bell instead), the key under the mouse is highlighted and shows its tooltip, and
keys wider than the terminal scroll with the mouse wheel; and it looks as Textual's footer."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Label, Tooltip

from marginote.tui.screens.help_screen import HelpScreen
from marginote.tui.widgets.key_footer import KeyFooter
from tests.conftest import SEED
from tests.tui.helpers import SIZE, rules_app, wait_for
from tests.tui.test_keys_and_small_terminals import footer, screen_rows


class Keys(App[None]):
    """Keys, one of them disabled, and a footer to click them."""

    BINDINGS = [
        Binding("a", "press('a')", "Alpha", tooltip="The first letter"),
        Binding("b", "press('b')", "Bravo"),
        Binding("c", "press('c')", "Charlie (never now)"),
        *(Binding(k, f"press('{k}')", f"Key {k} of many") for k in "defgh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Label("body")
        yield KeyFooter()

    def action_press(self, key: str) -> None:
        self.pressed.append(key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("c",) else True  # None: shown, disabled

    def bell(self) -> None:
        self.bells += 1


def x_of(app: App[None], text: str) -> int:
    """The column of ``text`` in the footer's row."""
    return screen_rows(app)[-1].index(text)


async def test_clicking_a_footer_key_runs_it() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        key_footer = app.screen.query_one(KeyFooter)
        await wait_for(pilot, lambda: "? Help" in footer(app) and key_footer.settled)
        await pilot.click(KeyFooter, offset=(x_of(app, "Help"), 0))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_a_disabled_footer_key_rings_the_bell_instead_of_running() -> None:
    app = Keys()
    async with app.run_test(size=(160, 5)) as pilot:
        await wait_for(pilot, lambda: app.query_one(KeyFooter).settled)
        await pilot.click(KeyFooter, offset=(x_of(app, "Charlie"), 0))
        await pilot.click(KeyFooter, offset=(x_of(app, "Bravo"), 0))
        await pilot.pause()
        assert app.pressed == ["b"] and app.bells == 1


async def test_the_key_under_the_mouse_is_highlighted_and_shows_its_tooltip() -> None:
    app = Keys()
    async with app.run_test(size=(160, 5), tooltips=True) as pilot:
        key_footer = app.query_one(KeyFooter)
        await wait_for(pilot, lambda: key_footer.settled)
        x = x_of(app, "Alpha")

        def style() -> object:
            return app.screen.get_style_at(x, app.size.height - 1).bgcolor

        before = style()
        await pilot.hover(KeyFooter, offset=(x, 0))
        await pilot.hover(KeyFooter, offset=(x + 1, 0))
        assert style() != before
        tooltip = app.screen.query_one(Tooltip)
        await wait_for(pilot, lambda: tooltip.display)
        assert "The first letter" in str(tooltip.render())
        await pilot.hover(Label)
        assert style() == before


async def test_keys_wider_than_the_terminal_scroll_with_the_mouse_wheel() -> None:
    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        key_footer = app.query_one(KeyFooter)
        await wait_for(pilot, lambda: key_footer.settled)
        assert "Key h" not in screen_rows(app)[-1] and "^p palette" in footer(app)
        for _ in range(40):
            scroll = events.MouseScrollDown(key_footer, 1, 0, 0, 0, 0, False, False, False)
            key_footer.post_message(scroll)
        await pilot.pause()
        assert "Key h" in screen_rows(app)[-1] and "Alpha" not in screen_rows(app)[-1]
        assert "^p palette" in footer(app)  # the palette's key stays at the right


class TextualKeys(Keys):
    """The same keys under Textual's own footer, the palette's key disabled."""

    footer_class: type[Widget] = Footer

    def compose(self) -> ComposeResult:
        yield Label("body")
        yield self.footer_class()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "command_palette" else super().check_action(action, parameters)


class OurKeys(TextualKeys):
    footer_class = KeyFooter


async def footer_cells(app: TextualKeys, theme: str) -> list[tuple[str, str]]:
    """The footer's row, each cell's character and style: plain, then with the mouse over a key,
    a disabled key and the palette's key."""
    cells: list[tuple[str, str]] = []
    async with app.run_test(size=(160, 5)) as pilot:
        app.theme = theme
        await pilot.pause(0.2)
        for hovered in ("", "Alpha", "Charlie", "palette"):
            if hovered:
                x = x_of(app, hovered)
                await pilot.hover(app.footer_class, offset=(x, 0))
                await pilot.hover(app.footer_class, offset=(x + 1, 0))
                await pilot.pause(0.1)
            row = screen_rows(app)[-1].ljust(160)
            cells += [(row[x], str(app.screen.get_style_at(x, 4))) for x in range(160)]
    return cells


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_the_footer_looks_as_textuals_footer_in_every_state(theme: str) -> None:
    assert await footer_cells(OurKeys(), theme) == await footer_cells(TextualKeys(), theme)
