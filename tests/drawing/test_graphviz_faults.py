"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explorer.domain.compose import compose
from explorer.drawing.render import GraphvizMissing, RenderError, clear_memory_cache, dot_source, run_dot


def fake_dot(folder: Path, body: str) -> None:
    script = folder / "dot"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_graphviz_missing(scenarios, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    clear_memory_cache()
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        run_dot(dot_source(compose(scenarios["disaster-recovery"])))


def test_graphviz_hanging_is_stopped(scenarios, monkeypatch, tmp_path):
    fake_dot(tmp_path, "sleep 30")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", "0.5")
    clear_memory_cache()
    with pytest.raises(RenderError, match=r"longer than 0\.5 seconds"):
        run_dot(dot_source(compose(scenarios["hybrid-connectivity"], phase=1)))


def test_graphviz_crashing(scenarios, monkeypatch, tmp_path):
    fake_dot(tmp_path, "kill -SEGV $$")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    clear_memory_cache()
    with pytest.raises(RenderError, match="crashed"):
        run_dot(dot_source(compose(scenarios["hybrid-connectivity"], phase=2)))
