"""Fault injection: every broken input or failing dependency gets one clear message, and
nothing the user had is lost."""

from __future__ import annotations

import explorer.library.files
import explorer.library.store
import explorer.library.writer
from tests.helpers import one_line_failure


def test_export_into_a_missing_or_impossible_folder(library_db, tmp_path):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    for target in (tmp_path / "missing" / "x.png", a_file / "x.png"):
        message = one_line_failure("--db", str(library_db), "export", "6", "-o", str(target))
        assert "cannot write" in message and "does not exist" in message


def test_a_full_disk_leaves_no_partial_file(library_db, tmp_path, monkeypatch):
    target = tmp_path / "slide.png"
    target.write_bytes(b"the previous export")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(explorer.library.files.os, "fsync", no_space)
    message = one_line_failure("--db", str(library_db), "export", "6", "-o", str(target))
    assert "No space left on device" in message
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db", "slide.png"]
