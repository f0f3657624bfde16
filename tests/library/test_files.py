"""Atomic writes: a file is either wholly written or left as it was, and no temporary
file is left behind."""

from __future__ import annotations

import os
import stat

import pytest

import explorer.library.files as files
from explorer.library.files import atomic_path, write_atomic


def names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_long_file_names_fit_and_too_long_ones_are_explained(tmp_path):
    near_limit = tmp_path / ("n" * 240 + ".png")  # 244 characters
    write_atomic(near_limit, b"data")
    assert near_limit.read_bytes() == b"data"
    with pytest.raises(OSError, match="the limit is 255"):
        write_atomic(tmp_path / ("n" * 256 + ".png"), b"data")
    assert [p.name for p in tmp_path.iterdir()] == [near_limit.name]


def test_a_name_at_the_limit_works_with_atomic_path(tmp_path):
    at_limit = tmp_path / ("n" * 251 + ".png")  # 255 bytes: the temporary name must be shorter
    with atomic_path(at_limit) as tmp:
        assert len(tmp.name) < 30
        tmp.write_bytes(b"data")
    assert names(tmp_path) == [at_limit.name]


def test_a_missing_folder_is_explained(tmp_path):
    with pytest.raises(OSError) as caught:
        write_atomic(tmp_path / "missing" / "x.png", b"data")
    assert str(caught.value) == f"the folder {str(tmp_path / 'missing')!r} does not exist"
    with pytest.raises(FileNotFoundError), atomic_path(tmp_path / "missing" / "x.png"):
        pass
    assert names(tmp_path) == []


def test_the_file_appears_whole_and_only_at_the_end(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"before")
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".se-") and tmp.name.endswith(".part")
        assert tmp.exists() and tmp.read_bytes() == b""  # created empty, for the caller to fill
        tmp.write_bytes(b"after")
        assert target.read_bytes() == b"before"  # not yet
    assert target.read_bytes() == b"after"
    assert names(tmp_path) == ["out.bin"]
    write_atomic(target, b"again")
    assert target.read_bytes() == b"again" and names(tmp_path) == ["out.bin"]


class Boom(Exception):
    pass


def test_a_failure_in_the_block_leaves_the_original_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"before")
    with pytest.raises(Boom), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise Boom()
    assert target.read_bytes() == b"before"
    assert names(tmp_path) == ["out.bin"]


def test_a_failure_to_reach_the_disk_leaves_the_original_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"
    target.write_bytes(b"before")

    def no_space(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"after")
    assert target.read_bytes() == b"before"
    assert names(tmp_path) == ["out.bin"]


def test_a_failed_move_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(target, b"after")
    assert names(tmp_path) == []


def test_the_file_is_readable_as_the_umask_says(tmp_path, umask):
    target = tmp_path / "export.png"
    write_atomic(target, b"data")
    assert mode(target) == 0o666 & ~umask  # the user's file, not a private temporary one
    private = tmp_path / "cache.bin"
    with atomic_path(private, mode=0o600) as tmp:
        tmp.write_bytes(b"data")
    assert mode(private) == 0o600


def test_without_overwrite_a_new_file_is_made(tmp_path):
    target = tmp_path / "new.db"
    with atomic_path(target, overwrite=False) as tmp:
        tmp.write_bytes(b"library")
    assert target.read_bytes() == b"library" and names(tmp_path) == ["new.db"]


def test_without_overwrite_a_file_that_appeared_is_kept(tmp_path):
    target = tmp_path / "new.db"
    with pytest.raises(FileExistsError), atomic_path(target, overwrite=False) as tmp:
        tmp.write_bytes(b"library")
        target.write_bytes(b"someone else's")  # appears while the new one is being written
    assert target.read_bytes() == b"someone else's"
    assert names(tmp_path) == ["new.db"]


@pytest.mark.parametrize("appears", [False, True])
def test_without_hard_links_a_new_file_is_still_never_replaced(tmp_path, monkeypatch, appears):
    def no_links(*args):
        raise PermissionError(1, "Operation not permitted")  # as on FAT and some network file systems

    monkeypatch.setattr(files.os, "link", no_links)
    target = tmp_path / "new.db"
    if appears:
        with pytest.raises(FileExistsError), atomic_path(target, overwrite=False) as tmp:
            target.write_bytes(b"someone else's")
        assert target.read_bytes() == b"someone else's"
    else:
        with atomic_path(target, overwrite=False) as tmp:
            tmp.write_bytes(b"library")
        assert target.read_bytes() == b"library"
    assert names(tmp_path) == ["new.db"]


def test_a_temporary_name_in_use_is_never_reused(tmp_path, monkeypatch):
    taken = tmp_path / ".se-000000000000.part"
    taken.write_bytes(b"someone else's")
    tokens = iter(["000000000000", "000000000001"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: next(tokens))
    write_atomic(tmp_path / "out.bin", b"data")
    assert taken.read_bytes() == b"someone else's"
    assert names(tmp_path) == [taken.name, "out.bin"]


def test_the_folder_must_be_writable(tmp_path, monkeypatch):
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(30, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", read_only)
    with pytest.raises(OSError, match="Read-only file system"):
        write_atomic(tmp_path / "out.bin", b"data")
    monkeypatch.undo()
    assert names(tmp_path) == []
