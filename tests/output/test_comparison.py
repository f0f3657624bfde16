"""What-if parameters, comparisons and charts."""

from __future__ import annotations

import io

from PIL import Image

from explorer.domain.compare import compare
from explorer.output.comparison import comparison_png
from explorer.output.settings import ExportSettings


def test_comparison_png_shows_both_designs(scenarios):
    s = scenarios["hybrid-connectivity"]
    result = compare(s, {"connection": "direct-connect"}, {"connection": "vpn"})
    natural = Image.open(io.BytesIO(comparison_png(result, ExportSettings(legend=True, caption=True))))
    from explorer.drawing.render import render_view

    widths = [Image.open(io.BytesIO(render_view(v))).width for v in (result.left, result.right)]
    assert natural.width >= sum(widths)
    slide = Image.open(io.BytesIO(comparison_png(result, ExportSettings.with_preset("1080p", title=True, legend=True))))
    assert slide.size == (1920, 1080)


def test_the_comparison_as_text(scenarios):
    from explorer.output.comparison import comparison_report, format_comparison

    s = scenarios["disaster-recovery"]
    report = comparison_report(compare(s, {"strategy": "backup-restore"}, {"strategy": "warm-standby"}))
    lines = format_comparison(report).split("\n")
    assert lines[0] == f"{s.title}: A = {{'strategy': 'backup-restore'}}  B = {{'strategy': 'warm-standby'}}"
    metric_lines = lines[1 : 1 + len(report["metrics"])]
    for line, row in zip(metric_lines, report["metrics"], strict=True):
        assert line.startswith(f"  {row['label']:<26} A {row['left']['display']:<30} B ")
    requirement_lines = lines[1 + len(report["metrics"]) : -1]
    assert len(requirement_lines) == len(report["requirements"])
    assert all(line.startswith("  [") and " | " in line for line in requirement_lines)
    diff = report["diagram"]
    assert lines[-1] == (
        f"  B adds {len(diff['added'])}, removes {len(diff['removed'])}, changes {len(diff['changed'])} components"
    )


def test_write_comparison_png_writes_the_sheet(scenarios, tmp_path):
    from explorer.output.comparison import write_comparison_png

    result = compare(scenarios["hybrid-connectivity"], {"connection": "direct-connect"}, {"connection": "vpn"})
    settings = ExportSettings.with_preset("xga", legend=True)
    target = tmp_path / "sheet.png"
    write_comparison_png(target, result, settings)
    assert target.read_bytes() == comparison_png(result, settings)
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.png"]
