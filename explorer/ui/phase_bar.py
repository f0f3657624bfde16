"""The build-up bar above the diagram (Complete, then one button per phase), and the phase's details."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QWidget

from .theme import Colours, colours_for, follow, style_sheet

if TYPE_CHECKING:
    from explorer.domain.model import Phase


def phase_style(c: Colours) -> str:
    """A phase button's style sheet; the checked button is the green of "new in this phase"."""
    return f"""
QPushButton {{ padding: 4px 8px; border: 1px solid {c.phase_border}; border-radius: 4px;
              background: {c.phase_background}; color: {c.phase_text}; }}
QPushButton:checked {{ background: {c.phase_checked_background}; border-color: {c.phase_checked_border};
                      color: {c.phase_checked_text}; font-weight: bold; }}
"""


class PhaseBar(QWidget):
    """Complete (Whole path, for a guide) and one numbered, checkable button per phase (check).

    Buttons are named ``phaseAll`` and ``phase:<n>``, with n counted from 1.

    Signals:
        phaseChosen(object): the user chose this phase number, or None for the whole design.
    """

    phaseChosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("phaseBar")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        self._phases: list[Phase] | None = None
        self._guide = False
        self._caption = QLabel("Build-up:")
        self._layout.addWidget(self._caption)
        self._whole = QPushButton("Complete")
        self._whole.setObjectName("phaseAll")
        self._whole.setCheckable(True)
        self._whole.setMinimumWidth(90)
        self._whole.setToolTip("The whole design, with no phase highlighted")
        self._whole.clicked.connect(lambda: self.phaseChosen.emit(None))
        self._buttons.addButton(self._whole)
        self._layout.addWidget(self._whole)
        self._layout.addStretch(1)
        # Numbered buttons are kept: button i is always phase i + 1; those past the last
        # phase are hidden, with no name (so findChild never finds them).
        self._numbered: list[QPushButton] = []
        self._caption.setVisible(False)  # until the first phases
        self._whole.setVisible(False)
        follow(self, self._restyle)

    def _restyle(self, c: Colours) -> None:
        for button in self._buttons.buttons():
            style_sheet(button, phase_style(c))
        style_sheet(self._caption, f"color: {c.caption};")

    @property
    def phases(self) -> list[Phase] | None:
        """The phases the buttons were made for (the very list), or None before the first."""
        return self._phases

    def set_phases(self, phases: list[Phase], guide: bool) -> None:
        """Show a button for each of ``phases``; a troubleshooting ``guide`` calls them checks.

        The buttons are kept from one scenario to the next: only as many as the longest
        build-up shown so far are ever made, and a new set of phases changes what they
        say and which are shown."""
        word = "Check" if guide else "Phase"
        self._phases = phases
        self._caption.setText("Checks:" if guide else "Build-up:")
        whole = "Whole path" if guide else "Complete"
        self._whole.setText(whole)
        # Checked, the text is bold (the style sheet's): room for that, with the padding.
        bold = QFont(self._whole.font())
        bold.setBold(True)
        self._whole.setMinimumWidth(max(90, QFontMetrics(bold).horizontalAdvance(whole) + 2 * 8 + 2 + 8))
        self._guide = guide
        made = False
        while len(self._numbered) < len(phases):
            number = len(self._numbered) + 1
            button = QPushButton(str(number))
            button.setCheckable(True)
            button.setFixedWidth(34)
            button.clicked.connect(lambda _=False, n=number: self.phaseChosen.emit(n))
            self._buttons.addButton(button)
            self._layout.insertWidget(self._layout.count() - 1, button)  # before the stretch
            self._numbered.append(button)
            made = True
        for index, button in enumerate(self._numbered):
            shown = index < len(phases)
            if shown:
                button.setObjectName(f"phase:{index + 1}")
                button.setToolTip(_tooltip(word, index + 1, phases[index]))
            else:
                button.setObjectName("")
                button.setChecked(False)
            button.setVisible(shown)
        if made:
            self._restyle(colours_for())
        self._caption.setVisible(True)
        self._whole.setVisible(True)

    def show_phase(self, phase: int | None) -> None:
        """Check the button of ``phase`` (Complete for None)."""
        for button in self._buttons.buttons():
            button.setChecked(button.objectName() == (f"phase:{phase}" if phase else "phaseAll"))


def _tooltip(word: str, number: int, phase: Phase) -> str:
    tip = f"{word} {number}: {phase.title}" + (f" ({phase.duration})" if phase.duration else "")
    return f"<qt>{html.escape(tip)}</qt>"


#: The most height, in pixels, of the phase's details under the diagram: about four lines,
#: so the diagram keeps the room and the steps scroll ...
DETAILS_HEIGHT = 96
#: ... but a guide without cases leaves the side panel with nothing to show, so its
#: check steps get the room of a dozen lines.
GUIDE_STEPS_HEIGHT = 240


def details_heights(guide: bool, has_cases: bool) -> tuple[int, int]:
    """The least and most height of the details box under the diagram: up to four lines
    for a scenario or a guide with cases; for a guide without cases, room for its steps."""
    return (GUIDE_STEPS_HEIGHT, GUIDE_STEPS_HEIGHT) if guide and not has_cases else (0, DETAILS_HEIGHT)


def phase_details_html(phases: list[Phase], phase: int | None, guide: bool, colours: Colours | None = None) -> str:
    """What the details under the diagram say about ``phase`` (or the whole design), as escaped
    HTML in ``colours`` (default: the application's theme)."""
    e = html.escape
    c = colours or colours_for()
    caption, new, later = c.caption, c.diagram.states["new"][0], c.diagram.faded_text
    if guide and phase is None:
        titles = " → ".join(e(p.title) for p in phases)
        return (
            f"<b>The whole path.</b> Work through {len(phases)} checks in order: {titles}."
            f" <span style='color:{caption}'>Each numbered button highlights what to check.</span>"
        )
    if phase is None:
        titles = " → ".join(e(p.title) for p in phases)
        return (
            f"<b>Complete design.</b> Built in {len(phases)} phase{'s' if len(phases) != 1 else ''}: {titles}."
            f" <span style='color:{caption}'>Step through them with the numbered buttons or Ctrl+→.</span>"
        )
    p = phases[phase - 1]
    duration = f" · {e(p.duration)}" if p.duration else ""
    steps = "".join(f"<li>{e(step)}</li>" for step in p.steps)
    if guide:
        legend = f"<span style='color:{new}'>■</span> check this now"
    else:
        legend = (
            f"<span style='color:{new}'>■</span> added in this phase &nbsp; "
            f"<span style='color:{later}'>■</span> comes later"
        )
    summary = f"<br>{e(p.summary)}" if p.summary else ""
    word = "Check" if guide else "Phase"
    return (
        f"<b>{word} {phase} of {len(phases)}: {e(p.title)}</b>{duration}{summary}"
        f"<ol style='margin-top:2px'>{steps}</ol>{legend}"
    )
