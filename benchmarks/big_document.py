"""Big documents: open, scroll, search, resize, memory and entity streaming, 5 MB beside 50 KB.

Run: python benchmarks/big_document.py   (about two minutes: the 5 MB text is recognised in full)

Prints medians (ms) for each size and their ratio; a ratio near 1 means the cost follows the
screen, not the file. Headless (App.run_test) on this machine; timings are noisy, ratios less so.
Recognition throughput is printed beside spaCy's own ``nlp.pipe`` on the same text, in one
process (the baseline), as tokens per second and their ratio.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import generate
from marks import library_described, private_dirs, reading_marks

SIZES = {"50 KB": 50_000, "5 MB": 5_000_000}
RUNS = 5  # cached re-opens per size; their medians are printed


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def first_entities_after(path: Path, settle: float) -> float:
    """Seconds from enter to the first entities shown, on a first open (nothing cached), when
    enter is pressed ``settle`` seconds after the library appeared."""

    from marginote.tui.app import MarginoteApp

    with reading_marks() as marks:
        app = MarginoteApp([path])
        async with app.run_test(size=(120, 40)) as pilot:
            await library_described(pilot)
            await pilot.pause(settle)
            await pilot.press("enter")
            while "first_entities" not in marks:
                await pilot.pause(0.005)
    return marks["first_entities"] - marks["enter"]


async def measure(path: Path, cached: bool) -> dict[str, float]:

    from marginote.tui.app import MarginoteApp
    from marginote.tui.widgets.document_view import DocumentView

    result: dict[str, float] = {}
    with reading_marks() as marks:
        app = MarginoteApp([path])
        async with app.run_test(size=(120, 40)) as pilot:
            await library_described(pilot)
            before = rss_bytes()
            await pilot.press("enter")
            while "drawn" not in marks:
                await pilot.pause(0.001)
            result["open"] = marks["drawn"] - marks["enter"]
            # How long a key would wait while entities are recognised: the event loop's worst
            # lag behind a 5 ms timer (a key press is answered when the loop gets control).
            lags = []
            while "entities" not in marks:
                start = time.perf_counter()
                await asyncio.sleep(0.005)
                lags.append(time.perf_counter() - start - 0.005)
            result["key during NER (max)"] = max(lags, default=0.0)
            result["key during NER (median)"] = statistics.median(lags) if lags else 0.0
            result["first entities"] = marks["first_entities"] - marks["enter"]
            result["all entities"] = marks["entities"] - marks["enter"]
            screen = app.screen
            if screen.recognition_seconds:
                result["tokens/s"] = screen.tokens_read / screen.recognition_seconds
            view = screen.query_one(DocumentView)
            screen.query_one("#search").value = "Zelensky"
            await pilot.pause()

            def frame() -> None:  # what a key costs us: the action, then every visible row drawn
                for y in range(view.scrollable_content_region.height):
                    view.render_line(y)

            actions = {
                "pagedown": lambda: view.action_page(1),
                "pageup": lambda: view.action_page(-1),
                "end": lambda: view.action_document_edge(1),
                "home": lambda: view.action_document_edge(-1),
                "search jump (n)": lambda: screen.action_next_match(1),
                "resize": lambda: view.relayout(
                    view.layout_rows.width - 7 if view.layout_rows.width > 60 else 100
                ),
            }
            for name, action in actions.items():
                times = []
                for _ in range(9):
                    start = time.perf_counter()
                    action()
                    frame()
                    times.append(time.perf_counter() - start)
                    await pilot.pause()
                result[name] = statistics.median(times)
            result["memory growth (x file)"] = (rss_bytes() - before) / path.stat().st_size
    return result


def spacy_baseline(text: str) -> float:
    """Tokens per second of spaCy's ``nlp.pipe`` over the same paragraphs, in this process."""
    from marginote.annotations.documents import Document
    from marginote.annotations.entities import chunks, load_recognizer

    recognizer, why = load_recognizer()
    if why is not None:
        return 0.0
    doc = Document(path=Path("sample.txt"), text=text, encoding="UTF-8", title="sample")
    pieces = [piece for _, piece in chunks(doc.text, doc.paragraph_starts)]
    start = time.perf_counter()
    recognizer.recognize(pieces)
    tokens: int = getattr(recognizer, "tokens_read", 0)
    return tokens / (time.perf_counter() - start)


def main() -> None:
    with private_dirs() as root:
        results = {}
        for label, size in SIZES.items():
            path = root / label.replace(" ", "") / "doc.txt"
            path.parent.mkdir()
            path.write_text(generate(size))
            os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache" / label / "settled")
            settled = asyncio.run(first_entities_after(path, settle=1.0))
            os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache" / label)
            first = asyncio.run(measure(path, cached=False))
            first["first entities, 1 s after the library"] = settled
            runs = [asyncio.run(measure(path, cached=True)) for _ in range(RUNS)]
            again = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            results[label] = (first, again)
        small, big = results["50 KB"], results["5 MB"]
        print(f"re-open (entities cached), medians of {RUNS}:")
        print(f"{'figure':28} {'50 KB':>10} {'5 MB':>10} {'ratio':>7}")
        for key in big[1]:
            if key.startswith("memory"):
                continue
            s, b = small[1][key] * 1000, big[1][key] * 1000
            print(f"{key + ' (ms)':28} {s:10.1f} {b:10.1f} {b / s if s else 0:7.2f}")
        print("first open (nothing cached; spaCy workers start with the app):")
        for key in (
            "first entities",
            "first entities, 1 s after the library",
            "all entities",
            "key during NER (max)",
            "key during NER (median)",
        ):
            s, b = small[0][key] * 1000, big[0][key] * 1000
            print(f"{key + ', first open (ms)':50} {s:10.1f} {b:10.1f}")
        print(f"memory growth, 5 MB open: {big[0]['memory growth (x file)']:.1f}x the file size")
        ours = big[0].get("tokens/s", 0.0)
        baseline = spacy_baseline(generate(1_000_000, seed=2))
        print(
            f"recognition, 5 MB: {ours:,.0f} tokens/s on {os.cpu_count()} cores; "
            f"spaCy nlp.pipe, one process: {baseline:,.0f} tokens/s; "
            f"ratio {ours / baseline if baseline else 0:.2f}"
        )


if __name__ == "__main__":
    main()
