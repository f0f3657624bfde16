"""The Qt binding itself must not lose references: PySide6 6.12.0 drops a reference to
``None`` on every ``QAbstractButton.click()`` and aborts the app (``none_dealloc``) after
a few thousand clicks. pyproject.toml excludes that release; this test catches the next
binding that does the same, in CI rather than in a user's session."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

CLICKS = 2000
BATCH = 100
TOLERANCE = 50  # a binding that loses one reference per click fails the first batch

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on: its reference count never changes"
)


def _settled_none_refs() -> int:
    QApplication.processEvents()
    gc.collect()
    return sys.getrefcount(None)


def _click_and_watch(buttons: list, clicks: int) -> None:
    """Click in batches and fail as soon as the references to None fall: a binding
    that loses them aborts the process a few hundred clicks later."""
    before = _settled_none_refs()
    for start in range(0, clicks, BATCH):
        for i in range(start, min(start + BATCH, clicks)):
            buttons[i % len(buttons)].click()
        fallen = before - _settled_none_refs()
        assert fallen <= TOLERANCE, f"references to None fell by {fallen} after {start + BATCH} clicks"


def test_clicking_option_buttons_keeps_references_to_none(window):
    buttons = [b for b in window.findChildren(QPushButton) if b.objectName().startswith("option:")]
    assert len(buttons) >= 2
    for i in range(2 * len(buttons)):  # every view once, so caches settle first
        buttons[i % len(buttons)].click()
    _click_and_watch(buttons, CLICKS)
    assert window.selection["strategy"] == buttons[(CLICKS - 1) % len(buttons)].objectName().split(":")[2]


def test_a_bare_button_keeps_references_to_none(qtbot):
    button = QPushButton("click me")
    qtbot.addWidget(button)
    clicks = []
    button.clicked.connect(lambda: clicks.append(1))
    _click_and_watch([button], CLICKS)
    assert len(clicks) == CLICKS
