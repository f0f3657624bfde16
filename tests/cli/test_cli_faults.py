"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

from explorer.drawing.render import clear_memory_cache
from tests.helpers import one_line_failure


def test_graphviz_missing_on_the_command_line(library_db, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    clear_memory_cache()
    message = one_line_failure("--db", str(library_db), "export", "7", "--phase", "3", "-o", str(tmp_path / "x.png"))
    assert "Graphviz" in message and "install" in message
    assert not (tmp_path / "x.png").exists()
