"""The render service: at most one render runs and one waits; the newest request wins."""

from __future__ import annotations

import threading

from explorer.ui.renderer import RenderService


def test_a_superseded_render_is_never_shown(qtbot):
    service = RenderService()
    gate = threading.Event()
    shown: list[str] = []
    kept: list[str] = []
    service.rendered.connect(lambda _id, result: shown.append(result))
    service.completed.connect(lambda _id, result: kept.append(result))

    def slow(name):
        def work():
            gate.wait(5)
            return name

        return work

    service.request(slow("first"))  # running
    service.request(lambda: "second")  # waiting
    service.request(lambda: "third")  # replaces the waiting one
    gate.set()
    qtbot.waitUntil(lambda: not service.busy, timeout=5000)
    assert shown == ["third"]
    assert kept == ["first", "third"]  # "second" was dropped before it ran
    service.shutdown()
