"""An unexpected error: reported in a dialog whose details can be copied, and the app carries on."""

from __future__ import annotations

import sys

from explorer.ui.errors import ErrorDialog, handle_exception


def test_an_unexpected_error_is_reported_and_the_app_carries_on(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(
        ErrorDialog, "ask", classmethod(lambda cls, summary, details, parent=None: shown.append((summary, details)))
    )
    try:
        raise RuntimeError("a bug in a slot")
    except RuntimeError:
        handle_exception(*sys.exc_info(), window)
    assert shown and shown[0][0] == "RuntimeError: a bug in a slot"
    assert "Traceback" in shown[0][1] and "test_an_unexpected_error" in shown[0][1]
    window.choose_option("strategy", "warm-standby")  # still fully usable
    assert window.selection["strategy"] == "warm-standby"
