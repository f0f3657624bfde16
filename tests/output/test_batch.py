"""Slide-ready export: formats, exact sizes, self-contained SVG, scripts and batches."""

from __future__ import annotations

import csv

import pytest

from explorer.output.batch import plan_batch, run_batch
from explorer.output.export import ExportSettings


def test_batch_writes_every_view_and_a_manifest(scenarios, tmp_path):
    s = scenarios["hybrid-connectivity"]
    items = plan_batch([s])
    options = sum(len(g.options) for g in s.option_groups)
    assert len(items) == (1 + options) * (len(s.phases) + 1)
    results = run_batch(items, tmp_path, ExportSettings(dpi=72), jobs=2)
    assert all(r.path is not None for r in results)
    files = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(files) == len(items)
    assert "hybrid-connectivity__recommended__complete.png" in files
    assert "hybrid-connectivity__connection=vpn__phase-2.png" in files
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open()))
    assert len(rows) == len(items) and {r["file"] for r in rows} == set(files)
    page = (tmp_path / "index.html").read_text()
    assert page.count("<img") == len(items)


def test_batch_into_a_missing_folder(scenarios, tmp_path):
    with pytest.raises(OSError, match="does not exist"):
        run_batch(plan_batch([scenarios["disaster-recovery"]]), tmp_path / "nope", ExportSettings())


def test_batch_can_make_its_folder(scenarios, tmp_path):
    folder = tmp_path / "new" / "folder"
    results = run_batch(plan_batch([scenarios["lambda-issues"]]), folder, ExportSettings(fmt="dot"), make_folder=True)
    assert results and all(r.path is not None and r.path.parent == folder for r in results)
    assert (folder / "manifest.csv").is_file()


def test_which_formats_need_graphviz():
    assert [f for f in ("png", "svg", "pdf", "dot", "py") if ExportSettings(fmt=f).needs_graphviz] == [
        "png",
        "svg",
        "pdf",
    ]
