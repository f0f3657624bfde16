"""Fixtures of the drawing tests: a real diagrams icon, and icon state made fresh."""

from __future__ import annotations

import os

import pytest

import explorer.drawing.icons as icons


@pytest.fixture
def icon_source() -> str:
    """The EC2 icon file of the installed diagrams package."""
    import diagrams

    return os.path.join(os.path.dirname(os.path.dirname(diagrams.__file__)), "resources", "aws", "compute", "ec2.png")


@pytest.fixture
def fresh_icons(monkeypatch):
    """As in a new process: no icon checked yet, no private folder made yet."""
    monkeypatch.setattr(icons, "_verified", set())
    monkeypatch.setattr(icons, "_private_dir", None)
