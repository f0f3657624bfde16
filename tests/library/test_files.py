"""What the app trusts: caches, icons, Graphviz, sizes and names. Each case here was a
way to show the wrong diagram, plant a file, leave a process running or exhaust memory."""

from __future__ import annotations

import pytest

from explorer.library.files import write_atomic


def test_long_file_names_fit_and_too_long_ones_are_explained(tmp_path):
    near_limit = tmp_path / ("n" * 240 + ".png")  # 244 characters
    write_atomic(near_limit, b"data")
    assert near_limit.read_bytes() == b"data"
    with pytest.raises(OSError, match="the limit is 255"):
        write_atomic(tmp_path / ("n" * 256 + ".png"), b"data")
    assert [p.name for p in tmp_path.iterdir()] == [near_limit.name]
