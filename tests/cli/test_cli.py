"""The command line: the contract of commands, flags and JSON keys."""

from __future__ import annotations

import json

from click.testing import CliRunner
from PIL import Image

from explorer.cli import main
from tests.helpers import invoke, user_mistake


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_list_json(library_db):
    result = run("--db", str(library_db), "list", "--json")
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert {"id", "number", "title", "kind"} <= set(items[0])
    assert {i["number"] for i in items if i["kind"] == "scenario"} >= {3, 6, 7}


def test_list_search(library_db):
    result = run("--db", str(library_db), "list", "--search", "snowball", "--json")
    assert [i["id"] for i in json.loads(result.output)] == ["large-data-migration"]


def test_list_search_is_the_library_search(library_db):
    from explorer.library.store import Library

    with Library(library_db) as library:
        for typed in ("Route53", "route-53", "dynamo", "%"):
            result = run("--db", str(library_db), "list", "--search", typed, "--json")
            assert result.exit_code == 0, result.output
            assert [i["id"] for i in json.loads(result.output)] == [s.id for s in library.summaries(typed)]
        assert [s.id for s in library.summaries("Route53")] and library.summaries("%") == []


def test_show_json_contract(library_db):
    result = run("--db", str(library_db), "show", "6", "--option", "strategy=warm-standby", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in [
        "id",
        "number",
        "title",
        "kind",
        "phases",
        "option_groups",
        "selection",
        "tradeoffs",
        "requirements",
        "recommendation",
        "cost_items",
        "monthly_total_usd",
    ]:
        assert key in data
    assert data["kind"] == "scenario" and data["number"] == 6
    assert data["selection"] == {"strategy": "warm-standby"}
    assert data["recommendation"] == {"strategy": "pilot-light"}
    assert data["phases"][0] == {"number": 1, "title": "Data replication", "duration": ""}
    options = data["option_groups"][0]["options"]
    assert [o["key"] for o in options if o["recommended"]] == ["pilot-light"]
    assert {"key", "label", "recommended", "metrics"} <= set(options[0])
    assert data["tradeoffs"]["rpo_minutes"]["value"] == 0.1 and data["tradeoffs"]["rpo_minutes"]["worst"] == 5
    assert all(r["met"] in (True, False, None) for r in data["requirements"])


def test_show_by_slug_with_phase(library_db):
    result = run("--db", str(library_db), "show", "hybrid-connectivity", "--phase", "2")
    assert result.exit_code == 0
    assert "> 2." in result.output


def test_export_png(library_db, tmp_path):
    out = tmp_path / "dr.png"
    result = run(
        "--db", str(library_db), "export", "6", "--option", "strategy=backup-restore", "--phase", "1", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size[0] > 500


def test_user_mistakes_get_one_line(library_db, tmp_path):
    cases = [
        ("show", "6", "--option", "strategy=cold"),
        ("show", "42"),
        ("show", "6", "--phase", "9"),
        ("export", "6", "-o", str(tmp_path / "missing" / "x.png")),
        ("export", "6", "--height", "12000", "-o", str(tmp_path / "huge.png")),  # too many pixels to draw
    ]
    for args in cases:
        user_mistake(invoke("--db", library_db, *args))
    assert "no such database file" in user_mistake(invoke("--db", tmp_path / "none.db", "list"))
    assert not (tmp_path / "missing").exists() and not (tmp_path / "huge.png").exists()


def test_bad_usage_gets_click_usage_and_status_2(library_db):
    result = invoke("--db", library_db, "show", "6", "--option", "nonsense")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.output.startswith("Usage: ") and "'nonsense' is not GROUP=OPTION" in result.output


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        assert run(name, "--help").exit_code == 0


def test_check_passes_on_the_bundled_library(library_db):
    result = run("--db", str(library_db), "check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")


def test_check_lists_problems(tmp_path):
    from explorer.library.writer import build_library
    from tests.conftest import SOURCES

    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = (SOURCES / "06-disaster-recovery.yaml").read_text()
    text += (
        "cost_items:\n  - service: A\n    monthly_usd: 10\n  - service: B\n    monthly_usd: 20\nmonthly_total_usd: 99\n"
    )
    (folder / "06.yaml").write_text(
        text.replace("recommended: true", "recommended: false").replace(
            "      - key: warm-standby\n", "      - key: warm-standby\n        recommended: true\n"
        )
    )
    build_library(folder, tmp_path / "lib.db")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "lib.db"), "check"])
    assert result.exit_code == 1
    assert "cost rows add up to $30.00, but the stated total is $99.00" in result.output
    assert "the engine recommends strategy=pilot-light, the chapter strategy=warm-standby" in result.output


def test_overview_json_links_to_real_scenarios(library_db):
    result = run("--db", str(library_db), "overview", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data["takeaways"]) == 14
    ids = {i["id"] for i in json.loads(run("--db", str(library_db), "list", "--json").output)}
    assert all(set(t["scenarios"]) <= ids for t in data["takeaways"])


def test_the_whole_seed_is_in_the_library(library_db):
    items = json.loads(run("--db", str(library_db), "list", "--json").output)
    assert sorted(i["number"] for i in items if i["kind"] == "scenario") == list(range(1, 13))
    assert len([i for i in items if i["kind"] == "troubleshooting"]) == 8


def test_no_display_gets_one_clear_line(monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert "no display to open the window on" in user_mistake(invoke())
