"""Shared fixtures. Every test runs headless and leaves the user's files alone."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "assets" / "scenarios"
BUNDLED_DB = ROOT / "scenarios.db"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    os.environ["SCENARIO_EXPLORER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["SCENARIO_EXPLORER_DATA"] = str(tmp_path_factory.mktemp("data"))
    yield


@pytest.fixture
def library_db(tmp_path: Path) -> Path:
    """A temporary copy of the bundled library."""
    target = tmp_path / "library.db"
    shutil.copyfile(BUNDLED_DB, target)
    return target


@pytest.fixture
def user_db(tmp_path: Path) -> Path:
    """A new user library, made from the bundled one as the app makes it."""
    from explorer.library.writer import create_user_library

    path = tmp_path / "mine.db"
    create_user_library(path, BUNDLED_DB)
    return path


@pytest.fixture(scope="session")
def scenarios():
    from explorer.library.writer import read_sources

    return {scenario.id: scenario for _, _, scenario in read_sources(SOURCES)}
