"""Fixtures for the library's tests."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(params=[0o022, 0o027, 0o077], ids=["umask-022", "umask-027", "umask-077"])
def umask(request: pytest.FixtureRequest):
    """Run the test under each of three umasks, restoring the process's own afterwards."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)
