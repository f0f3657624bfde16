"""Batch export: every view of every scenario, with a manifest beside the files.

Views: for each scenario (or guide), its recommended selection and each option of each
group with the other groups at their recommended choice, each as the complete design
and at every phase. Names are ``<slug>__<variant>__<phase>.<ext>``, where the variant is
``recommended`` (``default`` for a guide) or ``<group>=<option>`` and the phase is
``complete`` or ``phase-<n>``: ``disaster-recovery__strategy=pilot-light__phase-2.png``.
Keys cannot contain ``=`` and slugs cannot contain ``_``, so distinct views get distinct
names by construction; should a plan still repeat a name (the same scenario twice), the
later views get ``-2``, ``-3``... after the phase. ``run_batch`` lets only one view claim
each file and reports any other view aimed at it as an error, so the results, the files
and ``manifest.csv`` (one row per file; cells that a spreadsheet would read as a
formula are prefixed with ``'``) always agree.
Files are written atomically, in parallel; a cancelled batch keeps the files it
finished and leaves no partial ones.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from explorer.domain.compose import describe_selection
from explorer.domain.model import Scenario
from explorer.library.files import write_atomic
from explorer.output.export import ExportSettings, export_bytes
from explorer.output.views import scenario_views


@dataclass(frozen=True)
class BatchItem:
    scenario: Scenario
    variant: str  # "recommended", "default" or "<group>=<option>"
    selection: dict[str, str]
    phase: int | None
    stem: str = ""  # the name ``plan_batch`` assigned, unique within its plan

    @property
    def natural_stem(self) -> str:
        """``<slug>__<variant>__<phase>``, before any suffix for a repeated name."""
        phase = f"phase-{self.phase}" if self.phase else "complete"
        return f"{self.scenario.id}__{self.variant}__{phase}"

    def filename(self, fmt: str) -> str:
        return f"{self.stem or self.natural_stem}.{fmt}"


@dataclass(frozen=True)
class BatchResult:
    item: BatchItem
    path: Path | None
    size: int
    error: str = ""


def plan_batch(scenarios: list[Scenario]) -> list[BatchItem]:
    """Every view of each scenario (``explorer.output.views.scenario_views``, from the
    recommended design), named."""
    items = [BatchItem(s, view.variant, view.selection, view.phase) for s in scenarios for view in scenario_views(s)]
    return _assign_names(items)


def _assign_names(items: list[BatchItem]) -> list[BatchItem]:
    """Each item with a stem no other item of the plan has (compared case-blind, as
    some file systems do): the natural one, or for a repeat the first free ``-<n>``."""
    natural = {item.natural_stem.casefold() for item in items}
    used: set[str] = set()
    named = []
    for item in items:
        stem, n = item.natural_stem, 2
        while stem.casefold() in used or (n > 2 and stem.casefold() in natural):
            stem, n = f"{item.natural_stem}-{n}", n + 1
        used.add(stem.casefold())
        named.append(replace(item, stem=stem))
    return named


def run_batch(
    items: list[BatchItem],
    folder: Path,
    settings: ExportSettings,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    make_folder: bool = False,
) -> list[BatchResult]:
    """Export ``items`` into ``folder`` and write the manifest; returns what was done,
    a result per item in order. With ``make_folder``, ``folder`` (and its parents) is
    made first if it does not exist; otherwise a missing folder is an OSError.

    A result has a path only if its file was written, is there afterwards and is no
    other result's file: a view whose name another view of ``items`` already claimed,
    or whose file turns out missing or shared, is an error, never counted as written.
    """
    folder = Path(folder)
    if make_folder:
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise OSError(f"the folder {str(folder)!r} does not exist")
    cancel = cancel or threading.Event()
    lock = threading.Lock()
    done = 0
    # One view per file: a later view aimed at a name already claimed (compared
    # case-blind) is refused rather than allowed to overwrite the earlier one.
    claimed: dict[str, int] = {}
    clash: dict[int, str] = {}
    for index, item in enumerate(items):
        name = item.filename(settings.fmt)
        if name.casefold() in claimed:
            clash[index] = name
        else:
            claimed[name.casefold()] = index
    digests: dict[int, bytes] = {}

    def work(index: int, item: BatchItem) -> BatchResult:
        nonlocal done
        if cancel.is_set():
            return BatchResult(item, None, 0, "cancelled")
        path = folder / item.filename(settings.fmt)
        if index in clash:
            result = BatchResult(
                item, None, 0, f"not written: {clash[index]} is the same file as another view of this batch"
            )
        else:
            try:
                data = export_bytes(item.scenario, item.selection, item.phase, settings)
                write_atomic(path, data)
                digests[index] = hashlib.sha256(data).digest()
                result = BatchResult(item, path, len(data))
            except OSError as err:
                cancel.set()  # a full disk or a lost folder will not get better for the next file
                result = BatchResult(item, None, 0, f"cannot write {path.name}: {err.strerror or err}")
            except Exception as err:  # noqa: BLE001 - one broken view must not stop the rest
                result = BatchResult(item, None, 0, str(err))
        with lock:
            done += 1
            if progress:
                progress(done, len(items))
        return result

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        results = list(pool.map(work, range(len(items)), items))
    results = _verify(results, digests)
    written = [r for r in results if r.path is not None]
    if written:
        write_manifest(folder, written, settings)
    return results


def _verify(results: list[BatchResult], digests: dict[int, bytes]) -> list[BatchResult]:
    """Count as written only views whose file is there and is theirs alone: if two
    results turn out to be one file (say, names the file system folds together), the
    one whose bytes the file holds keeps it and the others become errors."""
    out = list(results)
    by_file: dict[tuple[int, int], list[int]] = {}
    for index, r in enumerate(results):
        if r.path is None:
            continue
        try:
            st = os.stat(r.path)
        except OSError as err:
            out[index] = BatchResult(r.item, None, 0, f"{r.path.name} is missing after writing: {err.strerror or err}")
            continue
        by_file.setdefault((st.st_dev, st.st_ino), []).append(index)
    for indices in by_file.values():
        if len(indices) == 1:
            continue
        path = results[indices[0]].path
        assert path is not None
        try:
            held = hashlib.sha256(path.read_bytes()).digest()
        except OSError:
            held = b""
        keeper = next((i for i in indices if digests.get(i) == held), None)
        for i in indices:
            if i != keeper:
                r = results[i]
                out[i] = BatchResult(
                    r.item, None, 0, f"not written: {path.name} is the same file as another view of this batch"
                )
    return out


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A text cell that a spreadsheet would evaluate as a formula, prefixed with ``'``
    (OWASP's advice on CSV injection); numbers and other text unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_manifest(folder: Path, results: list[BatchResult], settings: ExportSettings) -> None:
    """``manifest.csv`` and ``index.html`` (with thumbnails for images) beside the files."""
    out = io.StringIO()
    # RFC 4180's CRLF: the writer then also quotes a field holding a lone CR, which it
    # does not do with "\n" (Python 3.11), and a spreadsheet would split the row there.
    table = csv.writer(out, lineterminator="\r\n")
    table.writerow(["file", "scenario_id", "title", "kind", "variant", "selection", "phase", "format", "bytes"])
    for r in results:
        assert r.path is not None
        it = r.item
        table.writerow(
            [
                _cell(value)
                for value in (
                    r.path.name,
                    it.scenario.id,
                    it.scenario.title,
                    it.scenario.kind,
                    it.variant,
                    ";".join(f"{g}={o}" for g, o in it.selection.items()),
                    it.phase or "",
                    settings.fmt,
                    r.size,
                )
            ]
        )
    write_atomic(folder / "manifest.csv", out.getvalue().encode("utf-8"))

    e = html.escape
    sections: dict[str, list[str]] = {}
    for r in results:
        assert r.path is not None
        it = r.item
        name = e(r.path.name)
        preview = (
            f'<img loading="lazy" src="{name}" alt="{name}">'
            if settings.fmt in ("png", "svg")
            else f"<span class='kind'>{e(settings.fmt.upper())}</span>"
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
