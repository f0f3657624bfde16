"""Where the bundled library and its sources live."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED_DB = PROJECT_ROOT / "scenarios.db"
SCENARIO_SOURCES = PROJECT_ROOT / "assets" / "scenarios"
