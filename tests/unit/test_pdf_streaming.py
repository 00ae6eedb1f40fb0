"""A PDF's pages handed over as the bounded child reads them, the preview text they make, and
where a caret in the preview lands in the final text (whose running headers are known only once
every page is read)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from marginote.annotations.formats import bounded
from marginote.annotations.formats.base import ExtractionError, Streaming
from marginote.annotations.formats.pdf import PagePreview, assemble
from tests import format_fixtures as fx

PDF_MODULE = "marginote.annotations.formats.pdf"


def test_the_child_hands_over_each_page_before_the_whole_text() -> None:
    seen: list[tuple[int, int, str]] = []
    found = bounded.run(
        PDF_MODULE,
        fx.pdf_bytes(pages=5),
        "t",
        "PDF",
        Streaming(lambda number, count, text: seen.append((number, count, text))),
    )
    assert [(n, c) for n, c, _ in seen] == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert "body line 1 of page 2" in seen[1][2]
    assert found.text == assemble([text for _, _, text in seen])[0]
    assert found.info.pages == assemble([text for _, _, text in seen])[1]


def test_a_cancelled_extraction_stops_with_a_reason_that_is_not_remembered() -> None:
    pages: list[int] = []
    try:
        bounded.run(
            PDF_MODULE,
            fx.pdf_bytes(pages=40),
            "t",
            "PDF",
            Streaming(lambda number, count, text: pages.append(number), lambda: len(pages) >= 2),
        )
    except ExtractionError as error:
        assert (error.reason, error.lasting) == ("cancelled", False)
    else:
        raise AssertionError("not cancelled")
    assert pages == [1, 2]


NAMES = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _page(number: int, header: bool) -> str:
    top = "Annual Report of the Fund\n" if header else ""
    name = NAMES[number - 1]
    body = "".join(f"Line {line} of the {name} page says something new.\n" for line in NAMES[:5])
    return f"{top}Body of page {name} begins.\n{body}{number}\n"


def test_the_preview_grows_at_its_end_and_its_caret_lands_on_the_same_words() -> None:
    # The header starts on page 4: the preview shows it on the pages read before it recurs
    # on half of them; the final text, knowing all pages, drops it everywhere.
    raw = [_page(n, header=n >= 4) for n in range(1, 13)]
    preview = PagePreview()
    shown = ""
    for page in raw:
        more = preview.add(page)
        assert (shown + more).startswith(shown)
        shown += more
    final, starts = assemble(raw)
    assert "Annual Report" in shown and "Annual Report" not in final
    caret = shown.index("Body of page eleven")
    assert caret != final.index("Body of page eleven")
    landed = preview.final_offset(caret + 5, final, starts)
    assert final[landed:].startswith("of page eleven begins")


def test_the_first_pages_wait_for_each_other_so_their_header_is_known() -> None:
    raw = [_page(n, header=True) for n in range(1, 6)]
    preview = PagePreview()
    assert preview.add(raw[0]) == "" and preview.add(raw[1]) == ""
    first = preview.add(raw[2])
    assert first.startswith("Body of page one begins") and "Annual Report" not in first


def test_the_library_s_extraction_gives_way_to_the_preview_s_and_takes_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two extractions of one PDF at once (the library's row, then the preview): the first
    stops and waits for the second's text instead of reading the whole PDF a second time."""
    from marginote.annotations import formats
    from marginote.annotations.formats import flights

    data = fx.pdf_bytes(pages=20)
    real_run = bounded.run
    started = threading.Event()
    outcomes: list[str] = []

    def held_run(*args: Any) -> Any:
        if args[4] is None and not started.is_set():  # the library's, held until the preview runs
            started.set()
            while not any(f.streaming for f in flights._flights.values()):
                if "streamed" in outcomes:  # the preview was quicker than this loop
                    break
                time.sleep(0.01)
        try:
            found = real_run(*args)
        except ExtractionError as error:
            outcomes.append(error.reason)
            raise
        outcomes.append("streamed" if args[4] is not None else "read")
        return found

    monkeypatch.setattr(bounded, "run", held_run)
    results: list[str] = []
    library = threading.Thread(
        target=lambda: results.append(formats.extract(formats.PDF, data, "t", tmp_path).text)
    )
    library.start()
    assert started.wait(30)
    pages: list[int] = []
    shown = formats.extract(
        formats.PDF, data, "t", tmp_path, Streaming(lambda n, c, t: pages.append(n))
    )
    library.join(30)
    assert sorted(outcomes) == ["cancelled", "streamed"]  # read once, by the preview
    assert results == [shown.text] and pages == list(range(1, 21))
