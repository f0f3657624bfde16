"""Writing libraries: a build or a new library appears whole, readable as the umask says,
and never replaces a file that appeared meanwhile."""

from __future__ import annotations

import shutil
import stat

import pytest

from explorer.library.store import Library, LibraryError
from explorer.library.writer import build_library, create_user_library, import_scenario
from tests.conftest import BUNDLED_DB, SOURCES
from tests.helpers import TINY, digest


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_libraries_are_readable_as_the_umask_says(tmp_path, umask):
    built, copied, imported = tmp_path / "built.db", tmp_path / "copy.db", tmp_path / "imported.db"
    build_library(SOURCES, built)
    create_user_library(copied, BUNDLED_DB)
    import_scenario(imported, TINY, "tiny.yaml", template=BUNDLED_DB)
    for path in (built, copied, imported):
        assert mode(path) == 0o666 & ~umask, path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built.db", "copy.db", "imported.db"]


def test_a_long_library_name_builds(tmp_path):
    target = tmp_path / ("l" * 250 + ".db")  # 253 bytes: no room for a temporary name built from it
    assert build_library(SOURCES, target) == 20
    with Library(target) as library:
        assert len(library.summaries()) == 20


def test_a_build_into_a_missing_folder_fails_before_writing(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_library(SOURCES, tmp_path / "missing" / "lib.db")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("how", ["create", "import"])
def test_a_library_that_appears_meanwhile_is_never_replaced(tmp_path, monkeypatch, how):
    target = tmp_path / "mine.db"
    real_copy = shutil.copyfile

    def copy_then_someone_writes(source, destination):  # another program creates the file meanwhile
        real_copy(source, destination)
        target.write_bytes(b"someone else's")

    monkeypatch.setattr(shutil, "copyfile", copy_then_someone_writes)
    with pytest.raises(LibraryError) as caught:
        if how == "create":
            create_user_library(target, BUNDLED_DB)
        else:
            import_scenario(target, TINY, "tiny.yaml", template=BUNDLED_DB)
    assert str(caught.value) == f"{target} appeared while the new library was being written; nothing was changed"
    assert target.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.db"]


def test_an_existing_library_is_not_created_again(user_db):
    before = digest(user_db)
    with pytest.raises(LibraryError) as caught:
        create_user_library(user_db, BUNDLED_DB)
    assert str(caught.value) == f"{user_db} already exists"
    assert digest(user_db) == before
