"""SVG exports: the viewBox holds the whole drawing at every size; the title is the scenario's."""

from __future__ import annotations

import re

import pytest

from explorer.domain.compose import compose
from explorer.drawing.render import run_dot
from explorer.output.export import drawing_for, export_bytes, finish_svg
from explorer.output.settings import ExportSettings
from tests.helpers import png_image

ROOT = re.compile(rb'<svg width="([0-9.]+)(pt|px)" height="([0-9.]+)(pt|px)"\s+viewBox="([-0-9. ]+)"')


def svg_root(data: bytes) -> tuple[float, float, list[float]]:
    found = ROOT.search(data)
    assert found, data[:300]
    return float(found.group(1)), float(found.group(3)), [float(v) for v in found.group(5).split()]


@pytest.mark.parametrize("scenario_id", ["multi-region", "s3-access-denied", "high-availability"])
def test_the_viewbox_agrees_with_the_size(scenarios, scenario_id):
    data = export_bytes(scenarios[scenario_id], None, None, ExportSettings(fmt="svg"))
    width, height, box = svg_root(data)
    # At 72 dpi one point of the drawing is one unit of the viewBox: nothing is cropped.
    assert width == pytest.approx(box[2], abs=1) and height == pytest.approx(box[3], abs=1)
    assert f"<title>{scenarios[scenario_id].title}</title>".encode() in data
    assert b"<title>%3</title>" not in data


def test_a_sized_svg_scales_without_cropping(scenarios):
    plain = svg_root(export_bytes(scenarios["multi-region"], None, None, ExportSettings(fmt="svg", width=1000)))[2]
    width, height, box = svg_root(
        export_bytes(scenarios["multi-region"], None, None, ExportSettings(fmt="svg", width=1000))
    )
    assert box == plain and width == 1000
    assert width / height == pytest.approx(box[2] / box[3], rel=0.01)


@pytest.mark.parametrize("scenario_id", ["multi-region", "high-availability", "s3-access-denied"])
def test_a_framed_svg_is_the_frame_with_the_whole_drawing_centred(scenarios, scenario_id):
    s = scenarios[scenario_id]
    frame = ExportSettings(fmt="svg", width=1920, height=1080)
    data = export_bytes(s, None, None, frame)
    width, height, box = svg_root(data)
    assert (width, height) == (1920, 1080)
    assert box[2] / box[3] == pytest.approx(16 / 9, rel=0.002)
    drawing = drawing_for(s, compose(s), frame)
    natural = svg_root(finish_svg(run_dot(drawing.dot, fmt="svg", dpi=72, engine=drawing.engine), s.title))[2]
    # The frame's box holds the drawing's own, centred, with one side exactly filled.
    assert box[0] <= natural[0] and box[1] <= natural[1]
    assert box[0] + box[2] >= natural[0] + natural[2] - 0.01 and box[1] + box[3] >= natural[1] + natural[3] - 0.01
    assert min(natural[2] / box[2], natural[3] / box[3]) < 1 and max(natural[2] / box[2], natural[3] / box[3]) == (
        pytest.approx(1, abs=0.001)
    )
    assert (box[0] + box[2] / 2) == pytest.approx(natural[0] + natural[2] / 2, abs=0.1)
    assert b'fill="#FFFFFF"' in data[:2000]  # the margin is the background, not see-through


def test_svg_renders_whole_in_qt(qtbot, scenarios):
    from PIL import ImageChops, ImageStat
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    scenario = scenarios["lambda-issues"]
    data = export_bytes(scenario, None, None, ExportSettings(fmt="svg"))
    renderer = QSvgRenderer(data)
    assert renderer.isValid()
    width, height, box = svg_root(data)
    assert renderer.viewBoxF().width() == pytest.approx(box[2]) and renderer.viewBoxF().height() == pytest.approx(
        box[3]
    )
    image = QImage(round(width), round(height), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    # The SVG, drawn by Qt, is the same picture as Graphviz's own PNG at 72 dpi; with the
    # old cropped viewBox it was a quarter larger and shifted, and this differed widely.
    drawing = drawing_for(scenario, compose(scenario), ExportSettings(fmt="svg"))
    png = png_image(run_dot(drawing.dot, fmt="png", dpi=72, engine=drawing.engine))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    drawn = png_image(bytes(buffer.data())).convert("RGB")
    assert abs(drawn.width - png.width) <= 2 and abs(drawn.height - png.height) <= 2
    png = png.convert("RGB").resize(drawn.size)
    diff = ImageStat.Stat(ImageChops.difference(drawn, png).convert("L")).mean[0]
    assert diff < 12, diff
