"""Slide-ready export: formats, exact sizes, self-contained SVG, scripts and batches."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from pypdf import PdfReader

from explorer.domain.compose import compose
from explorer.drawing.render import run_dot
from explorer.output.export import (
    ExportError,
    ExportSettings,
    drawing_for,
    export_bytes,
    format_for,
    png_at_dpi,
    view_dot,
)
from tests.helpers import png_image


def not_blank(image: Image.Image) -> bool:
    return max(ImageStat.Stat(image.convert("L")).stddev) > 10


@pytest.mark.parametrize(
    "preset,size", [("1080p", (1920, 1080)), ("4k", (3840, 2160)), ("4:3", (1600, 1200)), ("xga", (1024, 768))]
)
def test_presets_have_exact_pixel_sizes(scenarios, preset, size):
    image = png_image(export_bytes(scenarios["disaster-recovery"], {}, 2, ExportSettings.with_preset(preset)))
    assert image.size == size
    assert not_blank(image)


def test_diagram_is_fitted_and_centred_not_stretched(scenarios):
    s = scenarios["hybrid-connectivity"]
    frame = ExportSettings(width=800, height=2000)
    # The frame picks the direction; the same drawing at its own size is the reference.
    natural = png_image(png_at_dpi(drawing_for(s, compose(s), frame), None))
    tall = png_image(export_bytes(s, {}, None, frame))
    assert tall.size == (800, 2000)
    ink = ImageOps.invert(tall.convert("L")).point(lambda v: 255 if v > 5 else 0).getbbox()
    top, bottom = ink[1], ink[3]
    left, upper, right, lower = ImageOps.invert(natural.convert("L")).point(lambda v: 255 if v > 5 else 0).getbbox()
    expected = (lower - upper) * (ink[2] - ink[0]) / (right - left)  # the drawing's own aspect, margins aside
    assert abs((bottom - top) - expected) < 0.03 * expected  # aspect ratio kept
    assert abs((top + bottom) / 2 - 1000) < 40  # vertically centred


def test_width_alone_keeps_the_aspect_ratio(scenarios):
    s = scenarios["hybrid-connectivity"]
    natural = png_image(export_bytes(s, {}, None, ExportSettings()))
    image = png_image(export_bytes(s, {}, None, ExportSettings(width=1000)))
    assert image.width == 1000
    assert abs(image.height - natural.height * 1000 / natural.width) <= 3


def test_transparent_background(scenarios):
    image = png_image(
        export_bytes(scenarios["disaster-recovery"], {}, None, ExportSettings.with_preset("xga", transparent=True))
    )
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0
    opaque = png_image(export_bytes(scenarios["disaster-recovery"], {}, None, ExportSettings.with_preset("xga")))
    assert opaque.convert("RGBA").getpixel((0, 0)) == (255, 255, 255, 255)


def test_plain_png_is_graphvizs_own_rendering_of_the_dot(scenarios):
    s = scenarios["disaster-recovery"]
    dot = export_bytes(s, {}, 3, ExportSettings(fmt="dot")).decode()
    # The stable DOT says how to draw it, and neato -n2 draws exactly the PNG export.
    note, _, body = dot.partition("\n")
    assert note.startswith("//") and "neato -n2" in note and " pos=" in body
    assert export_bytes(s, {}, 3, ExportSettings()) == run_dot(body, fmt="png", dpi=None, engine="neato")
    compact = ExportSettings(fmt="dot", layout="compact")
    dot = export_bytes(s, {}, 3, compact).decode()
    assert dot == view_dot(s, compose(s, {}, 3), compact) and " pos=" not in dot
    assert export_bytes(s, {}, 3, ExportSettings(layout="compact")) == run_dot(dot, fmt="png", dpi=None)


def test_svg_is_self_contained(scenarios, tmp_path):
    data = export_bytes(
        scenarios["disaster-recovery"],
        {"strategy": "warm-standby"},
        3,
        ExportSettings(fmt="svg", title=True, caption=True, legend=True),
    )
    root = ET.fromstring(data)
    links = [v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")]
    assert links and all(link.startswith("data:image/png;base64,") for link in links)
    text = data.decode()
    assert "/tmp" not in text and "/home" not in text and "/root" not in text and "site-packages" not in text
    assert "Disaster recovery strategy" in text and "changed by the selected options" in text


def test_pdf_is_a_vector_document(scenarios, tmp_path):
    data = export_bytes(scenarios["hybrid-connectivity"], {}, None, ExportSettings(fmt="pdf", title=True))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    assert "Hybrid cloud connectivity" in reader.pages[0].extract_text()  # real text, not a bitmap


def test_python_script_reproduces_the_view(scenarios, tmp_path):
    s = scenarios["disaster-recovery"]
    script = tmp_path / "dr.py"
    script.write_bytes(export_bytes(s, {"strategy": "backup-restore"}, 2, ExportSettings(fmt="py")))
    done = subprocess.run([sys.executable, script.name], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    made = png_image((tmp_path / "disaster-recovery-phase-2.png").read_bytes()).convert("RGB")
    compact = ExportSettings(layout="compact")  # a script lays the view out with dot
    ours = png_image(export_bytes(s, {"strategy": "backup-restore"}, 2, compact)).convert("RGB")
    assert made.size == ours.size
    assert ImageChops.difference(made, ours).getbbox() is None


def test_script_uses_only_diagrams(scenarios):
    text = export_bytes(scenarios["lambda-issues"], {"variant": "throttling"}, 2, ExportSettings(fmt="py")).decode()
    imports = {line.split()[1].split(".")[0] for line in text.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= {"atexit", "base64", "os", "shutil", "tempfile", "diagrams"}
    compile(text, "script.py", "exec")


def test_format_inference_and_refusals():
    from pathlib import Path

    assert (
        format_for(Path("a.SVG")) == "svg"
        and format_for(Path("a.gv")) == "dot"
        and format_for(Path("x.txt"), "pdf") == "pdf"
    )
    with pytest.raises(ExportError, match="cannot tell the format"):
        format_for(Path("a.txt"))
    with pytest.raises(ExportError, match="PNG, SVG and PDF only"):
        ExportSettings(fmt="dot", width=100).validated()
    assert ExportSettings(fmt="svg", width=100).validated().width == 100
    assert ExportSettings(fmt="pdf", width=100, height=50).validated().frame == (100, 50)
    with pytest.raises(ExportError, match="unknown layout 'tight'; use one of stable, compact"):
        ExportSettings(layout="tight").validated()
    with pytest.raises(ExportError, match="unknown theme"):
        ExportSettings(theme="sepia").validated()
    with pytest.raises(ExportError, match="not both"):
        ExportSettings(width=100, dpi=100).validated()
    with pytest.raises(ExportError, match="between 72 and 600"):
        ExportSettings(dpi=1000).validated()


def test_write_export_writes_the_exported_bytes(scenarios, tmp_path):
    from explorer.output.export import write_export

    s = scenarios["disaster-recovery"]
    settings = ExportSettings(fmt="svg", title=True)
    target = tmp_path / "view.svg"
    write_export(target, s, {"strategy": "pilot-light"}, 2, settings)
    assert target.read_bytes() == export_bytes(s, {"strategy": "pilot-light"}, 2, settings)
    assert [p.name for p in tmp_path.iterdir()] == ["view.svg"]
