"""Batch export: every view of every scenario, with a manifest beside the files.

Views: for each scenario (or guide), its recommended selection and each option of each
group with the other groups at their recommended choice, each as the complete design
and at every phase. Names are ``<slug>__<variant>__<phase>.<ext>``, where the variant is
``recommended`` or ``<group>-<option>`` and the phase is ``complete`` or ``phase-<n>``.
Files are written atomically, in parallel; a cancelled batch keeps the files it
finished and leaves no partial ones.
"""

from __future__ import annotations

import csv
import html
import io
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .export import ExportSettings, describe_selection, export_bytes
from .model import Scenario
from .files import write_atomic
from .tradeoffs import complete_selection, recommend


@dataclass(frozen=True)
class BatchItem:
    scenario: Scenario
    variant: str
    selection: dict[str, str]
    phase: int | None

    def filename(self, fmt: str) -> str:
        phase = f"phase-{self.phase}" if self.phase else "complete"
        return f"{self.scenario.id}__{self.variant}__{phase}.{fmt}"


@dataclass(frozen=True)
class BatchResult:
    item: BatchItem
    path: Path | None
    size: int
    error: str = ""


def plan_batch(scenarios: list[Scenario]) -> list[BatchItem]:
    items: list[BatchItem] = []
    for s in scenarios:
        base = recommend(s) if s.kind == "scenario" else complete_selection(s)
        base_name = "recommended" if s.kind == "scenario" else "default"
        variants = [(base_name, complete_selection(s, base))]
        for group in s.option_groups:
            for option in group.options:
                variants.append((f"{group.key}-{option.key}", complete_selection(s, {**base, group.key: option.key})))
        for name, selection in variants:
            for phase in [None, *range(1, len(s.phases_for(selection)) + 1)]:
                items.append(BatchItem(s, name, selection, phase))
    return items


def run_batch(
    items: list[BatchItem],
    folder: Path,
    settings: ExportSettings,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[BatchResult]:
    """Export ``items`` into ``folder`` and write the manifest; returns what was done."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OSError(f"the folder {str(folder)!r} does not exist")
    cancel = cancel or threading.Event()
    lock = threading.Lock()
    done = 0

    def work(item: BatchItem) -> BatchResult:
        nonlocal done
        if cancel.is_set():
            return BatchResult(item, None, 0, "cancelled")
        path = folder / item.filename(settings.fmt)
        try:
            data = export_bytes(item.scenario, item.selection, item.phase, settings)
            write_atomic(path, data)
            result = BatchResult(item, path, len(data))
        except OSError as err:
            cancel.set()  # a full disk or a lost folder will not get better for the next file
            result = BatchResult(item, None, 0, f"cannot write {path.name}: {err.strerror or err}")
        except Exception as err:  # one broken view must not stop the rest
            result = BatchResult(item, None, 0, str(err))
        with lock:
            done += 1
            if progress:
                progress(done, len(items))
        return result

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        results = list(pool.map(work, items))
    written = [r for r in results if r.path is not None]
    if written:
        write_manifest(folder, written, settings)
    return results


def write_manifest(folder: Path, results: list[BatchResult], settings: ExportSettings) -> None:
    """``manifest.csv`` and ``index.html`` (with thumbnails for images) beside the files."""
    out = io.StringIO()
    table = csv.writer(out, lineterminator="\n")
    table.writerow(["file", "scenario_id", "title", "kind", "variant", "selection", "phase", "format", "bytes"])
    for r in results:
        assert r.path is not None
        it = r.item
        table.writerow([
            r.path.name, it.scenario.id, it.scenario.title, it.scenario.kind, it.variant,
            ";".join(f"{g}={o}" for g, o in it.selection.items()), it.phase or "", settings.fmt, r.size,
        ])
    write_atomic(folder / "manifest.csv", out.getvalue().encode("utf-8"))

    e = html.escape
    sections: dict[str, list[str]] = {}
    for r in results:
        assert r.path is not None
        it = r.item
        name = e(r.path.name)
        preview = (
            f'<img loading="lazy" src="{name}" alt="{name}">' if settings.fmt in ("png", "svg") else f"<span class='kind'>{e(settings.fmt.upper())}</span>"
        )
        what = describe_selection(it.scenario, it.selection) or "—"
        phase = f"phase {it.phase}" if it.phase else "complete"
        sections.setdefault(it.scenario.title, []).append(
            f"<figure><a href='{name}'>{preview}</a><figcaption><b>{e(it.variant)}</b> · {e(phase)}<br>"
            f"<small>{e(what)}</small></figcaption></figure>"
        )
    body = "".join(f"<h2>{e(title)}</h2><div class='grid'>{''.join(figs)}</div>" for title, figs in sections.items())
    page = (
        "<!doctype html><meta charset='utf-8'><title>Scenario Explorer export</title>"
        "<style>body{font-family:sans-serif;margin:24px;color:#232F3E}.grid{display:flex;flex-wrap:wrap;gap:14px}"
        "figure{margin:0;width:260px}img{width:260px;height:150px;object-fit:contain;border:1px solid #ddd;background:#fff}"
        ".kind{display:flex;width:260px;height:150px;align-items:center;justify-content:center;border:1px solid #ddd}"
        "figcaption{font-size:13px}</style>"
        f"<h1>Scenario Explorer export</h1><p>{len(results)} files · format {e(settings.fmt)}</p>{body}"
    )
    write_atomic(folder / "index.html", page.encode("utf-8"))
