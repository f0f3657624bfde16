"""How long a design-review deck takes, against the pictures it is made of.

For every scenario and guide of the bundled library: the time to build its deck
(``explorer deck``), and, as a baseline measured in the same run, the time to export
one picture of the same size one after another for each diagram the deck holds (its
phases and, for a scenario with decisions, the recommended design). The deck draws its
pictures side by side on worker threads, so it should take less than the baseline.
Prints a Markdown table. Run with ``python benchmarks/decks.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from explorer.library.bundled import BUNDLED_DB
    from explorer.library.store import Library
    from explorer.output.deck import PICTURE_PPI, build_deck
    from explorer.output.export import export_view
    from explorer.output.settings import ExportSettings

    # The phase pictures' frame: the default deck's content area less its caption.
    width, height = round(12.433 * PICTURE_PPI), round(5.6 * PICTURE_PPI)
    print("| Scenario | Slides' pictures | One after another (s) | Deck (s) | Deck / baseline | Size (MB) |")
    print("|---|---|---|---|---|---|")
    ratios = []
    with Library(BUNDLED_DB) as library:
        for summary in library.summaries():
            scenario = library.get(summary.id)
            phases = len(scenario.phases)
            pictures = phases + (1 if scenario.kind == "scenario" and scenario.option_groups else 0)
            start = time.perf_counter()
            for phase in range(1, phases + 1):
                export_view(scenario, None, phase, ExportSettings(fmt="png", width=width, height=height))
            if pictures > phases:
                export_view(scenario, None, None, ExportSettings(fmt="png", width=width // 2, height=height))
            baseline = time.perf_counter() - start
            start = time.perf_counter()
            data = build_deck(scenario)
            deck = time.perf_counter() - start
            ratios.append(deck / baseline)
            print(
                f"| {scenario.title} | {pictures} | {baseline:.1f} | {deck:.1f} | {deck / baseline:.2f}x "
                f"| {len(data) / 1e6:.2f} |"
            )
    print(f"\nMedian deck / baseline: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
