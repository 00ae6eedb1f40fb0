"""W3C import reads the FragmentSelector (``page=N``) beside the text selectors: the imported
annotation keeps its page, and a quote found on several pages lands on the page named."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main

REPEATED = "The committee approved the budget without a vote."


def pdf_with_a_sentence_on_two_pages() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, name in enumerate(["first", "second", "third", "fourth"], 1):
        y = A4[1] - 100
        lines = [f"This is the {name} page of the minutes, line {i}." for i in range(1, 4)]
        if number in (2, 3):
            lines.append(REPEATED)
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def as_another_tool_exports(item: dict[str, object]) -> dict[str, object]:
    """The quote alone and the page: no offsets, no context, no state, no marginote fields
    (what a tool that extracted its own text from the PDF can tell)."""
    target = item["target"]
    assert isinstance(target, dict)
    selectors = [s for s in target["selector"] if s["type"] == "FragmentSelector"]
    exact = next(s["exact"] for s in target["selector"] if s["type"] == "TextQuoteSelector")
    selectors.append({"type": "TextQuoteSelector", "exact": exact})
    return {
        "@context": item["@context"],
        "id": item["id"],
        "type": "Annotation",
        "body": item["body"],
        "target": {"source": target["source"], "selector": selectors},
    }


@pytest.mark.parametrize("page", [2, 3])
def test_a_quote_on_two_pages_lands_on_the_page_its_fragment_selector_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    library = tmp_path / "library"
    library.mkdir()
    path = library / "minutes.pdf"
    path.write_bytes(pdf_with_a_sentence_on_two_pages())
    document = load_document(path)
    assert document.source is not None
    starts = document.source.pages
    first = document.text.index(REPEATED)
    start = document.text.index(REPEATED, first + 1) if page == 3 else first
    assert document.source.page_at(start) == page
    store = AnnotationStore(Path(os.environ["MARGINOTE_DATA_DIR"]))
    store.save(
        Annotation.of_span(
            document.text,
            start,
            start + len(REPEATED),
            "claim",
            doc=document.sha256,
            path=str(path),
        )
    )
    exported = tmp_path / "out.jsonld"
    assert main(["export", "-f", "w3c", "-o", str(exported), str(library)]) == 0
    collection = json.loads(exported.read_text())
    [item] = collection["first"]["items"]
    fragment = next(s for s in item["target"]["selector"] if s["type"] == "FragmentSelector")
    assert fragment["value"] == f"page={page}"
    collection["first"]["items"] = [as_another_tool_exports(item)]
    exported.write_text(json.dumps(collection))

    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "fresh"))
    assert main(["import", str(exported), "-f", "w3c", "--library", str(library)]) == 0
    [placed] = AnnotationStore(tmp_path / "fresh").annotations(document.sha256)
    assert placed.attrs["page"] == page
    assert placed.placement == "exact"
    assert (placed.start, placed.quote) == (start, REPEATED)
    assert starts[page - 1] <= placed.start < (starts[page] if page < len(starts) else 10**9)
