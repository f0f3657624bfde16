"""The design-review deck: slides in order, native tables, the stable build-up, notes,
templates, hostile text, atomic writing, the command line, and LibreOffice's reading."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from explorer.cli import main
from explorer.domain.model import Scenario
from explorer.output.deck import DeckError, DeckSettings, build_deck, write_deck
from tests.conftest import BUNDLED_DB


def _deck(scenario: Scenario, **kwargs) -> Presentation:
    """A deck with small pictures (quick to draw) unless the test asks for settings."""
    kwargs.setdefault("settings", DeckSettings(ppi=48))
    return Presentation(io.BytesIO(build_deck(scenario, **kwargs)))


def _title(slide) -> str:
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
    return texts[0] if texts else ""


def _tables(slide):
    return [s.table for s in slide.shapes if s.has_table]


def _cells(table) -> list[list[str]]:
    return [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]


@pytest.fixture(scope="module")
def dr_deck(scenarios):
    s = scenarios["disaster-recovery"]
    return s, Presentation(io.BytesIO(build_deck(s)))


def test_slides_come_in_the_review_order(dr_deck):
    s, prs = dr_deck
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    titles = [_title(slide) for slide in prs.slides]
    phases = s.phases_for({"strategy": "pilot-light"})
    assert titles[0] == s.title
    assert titles[1] == "The situation and the requirements"
    assert titles[2 : 2 + len(phases)] == [
        f"Phase {i}: {p.title}" + (f" ({p.duration})" if p.duration else "") for i, p in enumerate(phases, start=1)
    ]
    assert titles[2 + len(phases)] == "Decision: DR strategy"
    assert titles[-2:] == ["Where the recommendation changes", "Pitfalls to avoid"]
    assert len(titles) == 2 + len(phases) + 1 + 1 + 1  # no cost table in this scenario


def test_the_build_up_keeps_every_picture_in_the_same_place(dr_deck):
    s, prs = dr_deck
    phase_slides = [slide for slide in prs.slides if _title(slide).startswith("Phase ")]
    frames = set()
    for slide in phase_slides:
        (picture,) = [shape for shape in slide.shapes if shape.shape_type == 13]
        frames.add((picture.left, picture.top, picture.width, picture.height))
        assert picture.image.size[0] >= 3000  # crisp on a 4K projector
        assert picture.width > prs.slide_width * 0.4
    assert len(frames) == 1
    # Each phase slide's notes carry its steps.
    phases = s.phases_for({"strategy": "pilot-light"})
    for slide, phase in zip(phase_slides, phases, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert all(step in notes for step in phase.steps)


def test_a_decision_slide_has_a_native_table_with_checks_and_reasons(dr_deck):
    _s, prs = dr_deck
    slide = next(slide for slide in prs.slides if _title(slide) == "Decision: DR strategy")
    (table,) = _tables(slide)
    cells = _cells(table)
    assert cells[0][1:] == ["Backup and restore", "★ Pilot light", "Warm standby", "Multi-site active/active"]
    rows = {row[0]: row[1:] for row in cells[1:]}
    assert rows["RPO"][1] == "1 min to 1 h"
    assert rows["RPO: needs at most 1 h"] == ["not met", "met", "met", "met"]
    assert rows["RTO: needs at most 4 h"][0] == "at risk"
    assert "added" in rows["Nodes against the drawing"][3]
    words = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Pilot light: the cheapest that meets every requirement." in words
    assert "Not Backup and restore: it misses RPO" in words
    assert any(shape.shape_type == 13 for shape in slide.shapes)  # the recommended design's diagram
    assert "Warm standby" in slide.notes_slide.notes_text_frame.text


def test_the_tipping_points_are_a_table(dr_deck):
    _s, prs = dr_deck
    slide = next(slide for slide in prs.slides if _title(slide) == "Where the recommendation changes")
    cells = _cells(_tables(slide)[0])
    assert cells[0] == ["What if", "At", "Below it", "From there up"]
    assert ["RPO target", "1 h", "Warm standby", "Pilot light"] in [row[:4] for row in cells]


def test_the_cost_table_is_the_chapters_with_estimates_apart(scenarios):
    prs = _deck(scenarios["multi-region"])
    slide = next(slide for slide in prs.slides if _title(slide) == "Cost breakdown")
    cells = _cells(_tables(slide)[0])
    assert cells[0] == ["Service", "Configuration", "Monthly"]
    assert ["Total (the chapter's)", "", "$7,350/month"] in cells
    assert cells[-1][0] == "OpenSearch Service (estimate, not in the chapter's total)"
    annual = _deck(scenarios["legacy-modernization"])
    slide = next(slide for slide in annual.slides if _title(slide) == "Cost breakdown")
    assert _cells(_tables(slide)[0])[0] == ["Service", "Configuration", "Monthly", "Annual"]


def test_the_selection_and_parameters_are_the_decks(scenarios):
    s = scenarios["hybrid-connectivity"]
    prs = _deck(s, selection={"connection": "vpn", "ha": "none", "encryption": "none"})
    assert _title(prs.slides[2]).startswith("Phase 1: Site-to-Site VPN setup")
    dr = scenarios["disaster-recovery"]
    tight = _deck(dr, params={"rpo": 59})
    slide = next(slide for slide in tight.slides if _title(slide) == "Decision: DR strategy")
    assert _cells(_tables(slide)[0])[0][3] == "★ Warm standby"


def test_a_guide_has_no_decisions_or_tipping_points(scenarios):
    prs = _deck(scenarios["ec2-connection"])
    titles = [_title(slide) for slide in prs.slides]
    assert not any(t.startswith("Decision:") for t in titles)
    assert "Where the recommendation changes" not in titles


def test_hostile_text_is_literal(scenarios):
    hostile = "<b>&amp; \"quoted\" 'x' ]]> </p:txBody>"
    s = scenarios["lambda-issues"].model_copy(update={"title": hostile, "summary": hostile})
    prs = _deck(s)
    assert _title(prs.slides[0]) == hostile


def _template(tmp_path):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.slide_layouts[1].name = "Company content"
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "The template's own slide"
    path = tmp_path / "company.pptx"
    prs.save(path)
    return path


def test_a_template_gives_its_masters_and_layouts_not_its_slides(scenarios, tmp_path):
    prs = _deck(scenarios["disaster-recovery"], settings=DeckSettings(template=_template(tmp_path), ppi=48))
    titles = [_title(slide) for slide in prs.slides]
    assert "The template's own slide" not in titles and titles[0] == "Disaster recovery strategy"
    assert prs.slides[0].shapes.title is not None  # the layout's own title placeholder
    assert prs.slides[0].slide_layout.name == "Title Slide"
    layouts = {slide.slide_layout.name for slide in prs.slides}
    assert layouts <= {layout.name for layout in prs.slide_layouts}
    # No empty "Click to add text" placeholder is left on a slide.
    for slide in prs.slides:
        assert all(ph.has_text_frame and ph.text_frame.text for ph in slide.placeholders)


def test_a_bad_template_is_refused_and_nothing_is_written(scenarios, tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "deck.pptx"
    with pytest.raises(DeckError, match=r"bad\.pptx"):
        write_deck(out, scenarios["disaster-recovery"], settings=DeckSettings(template=bad))
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_the_deck_command(tmp_path):
    runner = CliRunner()
    out = tmp_path / "dr.pptx"
    done = runner.invoke(main, ["--db", str(BUNDLED_DB), "deck", "6", "--param", "rpo=59m", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert len(Presentation(out).slides) == 11
    for args, message in (
        (["deck", "6", "--template", str(tmp_path / "none.pptx"), "-o", str(out)], "no template file"),
        (["deck", "7", "--option", "connection=vpn", "--option", "ha=second-dx", "-o", str(out)], "do not fit"),
        (["deck", "6", "--param", "rpo=lots", "-o", str(out)], "is not a number"),
        (["export", "6", "--deck", "-o", str(tmp_path / "x.png")], "--deck goes with --all"),
    ):
        failed = runner.invoke(main, ["--db", str(BUNDLED_DB), *args])
        assert failed.exit_code == 1 and message in failed.output and "Traceback" not in failed.output
        assert failed.output.strip().count("\n") == 0


def test_batch_export_writes_a_deck_per_scenario(tmp_path):
    folder = tmp_path / "all"
    done = CliRunner().invoke(
        main, ["--db", str(BUNDLED_DB), "export", "6", "--all", "--deck", "--format", "dot", "-o", str(folder)]
    )
    assert done.exit_code == 0, done.output
    assert (folder / "disaster-recovery.pptx").is_file() and "1 slide decks" in done.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_slide(scenarios, tmp_path):
    deck = tmp_path / "dr.pptx"
    write_deck(deck, scenarios["disaster-recovery"])
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    from pypdf import PdfReader

    pages = PdfReader(tmp_path / "dr.pdf").pages
    assert len(pages) == len(Presentation(deck).slides)
    assert "Decision: DR strategy" in pages[8].extract_text()
