"""The build-up bar (PhaseBar) and the phase's details under the diagram."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton

from explorer.ui.phase_bar import PhaseBar, phase_details_html
from explorer.ui.theme import DARK_UI, LIGHT_UI
from tests.helpers import HOSTILE


def buttons(bar: PhaseBar) -> list[str]:
    return [b.objectName() for b in bar.findChildren(QPushButton)]


def test_one_button_per_phase_and_one_for_the_whole_design(qtbot, scenarios):
    phases = scenarios["disaster-recovery"].phases
    bar = PhaseBar()
    qtbot.addWidget(bar)
    assert bar.phases is None
    bar.set_phases(phases, guide=False)
    assert bar.objectName() == "phaseBar" and bar.phases is phases
    assert buttons(bar) == ["phaseAll"] + [f"phase:{n}" for n in range(1, len(phases) + 1)]
    whole = bar.findChild(QPushButton, "phaseAll")
    first = bar.findChild(QPushButton, "phase:1")
    assert whole.text() == "Complete" and first.text() == "1"
    assert first.toolTip().startswith("<qt>Phase 1: ") and LIGHT_UI.phase_checked_background in first.styleSheet()
    assert [label.text() for label in bar.findChildren(QLabel)] == ["Build-up:"]

    chosen = []
    bar.phaseChosen.connect(chosen.append)
    first.click()
    whole.click()
    assert chosen == [1, None]
    bar.show_phase(2)
    assert bar.findChild(QPushButton, "phase:2").isChecked() and not whole.isChecked()
    bar.show_phase(None)
    assert whole.isChecked()


def test_a_guide_has_checks_and_a_whole_path(qtbot, scenarios):
    guide = next(s for s in scenarios.values() if s.kind == "troubleshooting")
    bar = PhaseBar()
    qtbot.addWidget(bar)
    bar.set_phases(guide.phases[:2], guide=True)
    whole = bar.findChild(QPushButton, "phaseAll")
    assert whole.text() == "Whole path"
    bar.show()
    bar.show_phase(None)  # checked: bold, and still whole (it came up as "Complete")
    qtbot.waitExposed(bar)
    bold = QFont(whole.font())
    bold.setBold(True)
    assert whole.width() >= QFontMetrics(bold).horizontalAdvance("Whole path") + 16
    assert bar.findChild(QPushButton, "phase:1").toolTip().startswith("<qt>Check 1: ")
    bar.set_phases(guide.phases[:1], guide=True)  # another variant, with its own steps
    qtbot.waitUntil(lambda: bar.findChild(QPushButton, "phase:2") is None, timeout=2000)
    assert bar.findChild(QPushButton, "phase:1") is not None


def test_the_details_say_what_each_phase_adds(scenarios):
    phases = scenarios["disaster-recovery"].phases
    complete = phase_details_html(phases, None, guide=False, colours=LIGHT_UI)
    assert complete.startswith(f"<b>Complete design.</b> Built in {len(phases)} phases: ")
    assert f"color:{LIGHT_UI.caption}" in complete
    assert f"color:{DARK_UI.caption}" in phase_details_html(phases, None, guide=False, colours=DARK_UI)
    second = phase_details_html(phases, 2, guide=False, colours=LIGHT_UI)
    assert second.startswith(f"<b>Phase 2 of {len(phases)}: ")
    new, later = LIGHT_UI.diagram.states["new"][0], LIGHT_UI.diagram.faded_text
    assert f"color:{new}" in second and f"color:{later}" in second
    assert "check this now" in phase_details_html(phases, 1, guide=True)
    assert phase_details_html(phases, None, guide=True).startswith("<b>The whole path.</b>")


def test_the_details_show_titles_literally(scenarios):
    phase = scenarios["disaster-recovery"].phases[0].model_copy(update={"title": HOSTILE, "steps": [HOSTILE]})
    text = phase_details_html([phase], 1, guide=False)
    assert "<b>not bold</b>" not in text and "&lt;b&gt;not bold&lt;/b&gt;" in text


def test_buttons_are_kept_and_those_past_the_last_phase_leave_the_view_at_once(qtbot, scenarios):
    bar = PhaseBar()
    qtbot.addWidget(bar)
    bar.show()
    longer = scenarios["cicd-pipeline"].phases
    shorter = scenarios["cost-optimization"].phases
    assert len(longer) > len(shorter)
    bar.set_phases(longer, guide=False)
    qtbot.waitUntil(lambda: bar.findChild(QPushButton, "phase:1").isVisible())
    made = bar.findChildren(QPushButton)
    bar.set_phases(shorter, guide=False)
    spares = made[len(shorter) + 1 :]
    assert spares and all(b.isHidden() and b.objectName() == "" and not b.isChecked() for b in spares)
    shown = [b.objectName() for b in bar.findChildren(QPushButton) if not b.isHidden()]
    assert shown == ["phaseAll"] + [f"phase:{n}" for n in range(1, len(shorter) + 1)]
    assert bar.findChild(QPushButton, f"phase:{len(shorter) + 1}") is None
    bar.set_phases(longer, guide=True)  # back to the longer one, as a guide: no button is made
    assert bar.findChildren(QPushButton) == made and all(not b.isHidden() for b in made)
    assert bar.findChild(QPushButton, f"phase:{len(longer)}").toolTip().startswith(f"<qt>Check {len(longer)}: ")
    assert bar.findChild(QPushButton, "phaseAll").text() == "Whole path"
    assert [label.text() for label in bar.findChildren(QLabel)] == ["Checks:"]
    chosen = []
    bar.phaseChosen.connect(chosen.append)
    bar.findChild(QPushButton, f"phase:{len(longer)}").click()
    assert chosen == [len(longer)]
