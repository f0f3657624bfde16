"""``explorer --sources DIR COMMAND``: a folder of YAML files as the library of any command."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from explorer.cli import main
from tests.conftest import SOURCES
from tests.helpers import TINY, invoke, one_line_failure


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "team"
    root.mkdir()
    shutil.copy(SOURCES / "06-disaster-recovery.yaml", root)
    (root / "tiny.yaml").write_text(TINY, encoding="utf-8")
    return root


def test_list_and_show_read_the_folder_as_it_is_now(folder):
    listed = invoke("--sources", folder, "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert [item["id"] for item in json.loads(listed.output)] == ["disaster-recovery", "tiny"]
    (folder / "tiny.yaml").write_text(TINY.replace("title: Tiny", "title: Tiny, edited"), encoding="utf-8")
    shown = invoke("--sources", folder, "show", "tiny", "--json")
    assert shown.exit_code == 0 and json.loads(shown.output)["title"] == "Tiny, edited"


def test_a_file_with_problems_is_named_and_the_rest_still_work(folder):
    (folder / "broken.yaml").write_text("id: broken\ntitle: Broken\nbogus: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--sources", str(folder), "list", "--json"])
    assert result.exit_code == 0
    assert f"{folder / 'broken.yaml'}:3:1: bogus: unknown field (check its spelling)" in result.stderr
    assert "1 file(s) in" in result.stderr and "left out until fixed" in result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == ["disaster-recovery", "tiny"]


def test_an_unknown_scenario_names_the_folder_not_the_cache(folder):
    assert one_line_failure("--sources", folder, "show", "nope") == (
        f"explorer: no scenario 'nope' in {folder}. 'explorer list' shows the ids."
    )


def test_import_copies_the_file_into_the_folder(folder, tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(TINY.replace("id: tiny", "id: mine"), encoding="utf-8")
    result = invoke("--sources", folder, "import", mine)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"imported 'mine' into {folder} as mine.yaml"
    assert (folder / "mine.yaml").read_text(encoding="utf-8") == mine.read_text(encoding="utf-8")
    again = tmp_path / "tiny-again.yaml"
    again.write_text(TINY.replace("title: Tiny", "title: Replaced"), encoding="utf-8")
    assert one_line_failure("--sources", folder, "import", again) == (
        f"explorer: {folder} already has a scenario with id 'tiny', in tiny.yaml; add --replace to overwrite it"
    )
    assert invoke("--sources", folder, "import", again, "--replace").exit_code == 0
    assert "title: Replaced" in (folder / "tiny.yaml").read_text(encoding="utf-8")
    assert not (folder / "tiny-again.yaml").exists()


def test_db_and_sources_together_is_one_clear_message(folder, library_db):
    assert one_line_failure("--sources", folder, "--db", library_db, "list") == (
        "explorer: give --db (a library file) or --sources (a folder of YAML files), not both"
    )


def test_a_missing_folder_is_one_clear_message(tmp_path):
    assert one_line_failure("--sources", tmp_path / "nope", "list") == (
        f"explorer: {tmp_path / 'nope'} does not exist; give a folder of scenario .yaml files"
    )


def test_build_from_a_folder_writes_the_library_named_by_o(folder, tmp_path):
    target = tmp_path / "team.db"
    result = invoke("--sources", folder, "build", "-o", target)
    assert result.exit_code == 0, result.output
    listed = invoke("--db", target, "list", "--json")
    assert [item["id"] for item in json.loads(listed.output)] == ["disaster-recovery", "tiny"]
    assert "needs -o PATH" in one_line_failure("--sources", folder, "build")


@pytest.mark.parametrize("args", [["--sources", "{}"], ["--sources", "{}", "gui"], ["gui", "--sources", "{}"]])
def test_the_app_opens_on_the_folder(folder, monkeypatch, args):
    from tests.cli.test_cli_hardening import fake_gui

    opened: list = []
    fake_gui(monkeypatch, opened)
    result = invoke(*[a.format(folder) for a in args])
    assert result.exit_code == 0, result.output
    assert opened == [("sources", folder)]
