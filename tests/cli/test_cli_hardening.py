"""The command line, hardened: ``--db`` on every library command, nothing but text reaches
the terminal, and every failure (odd ids, bad render settings, unwritable files) is one
line ``explorer: ...`` with exit status 1."""

from __future__ import annotations

import errno
import json
import re
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import explorer.cli
import explorer.library.writer
import explorer.output.charts
import explorer.output.check
import explorer.output.comparison
import explorer.output.export
from explorer.cli import main
from explorer.domain.text import printable, printable_json
from explorer.drawing.render import clear_memory_cache
from explorer.library.problems import Problem, SourceError
from tests.conftest import ROOT
from tests.helpers import TINY, invoke, user_mistake

#: Characters that must never reach a terminal as they are.
RAW = ("\x1b", "\x07", "\x9b", "\x85", "\x7f", "\r", "\u202e", "\u2066", "\u2069")
#: The commands that read or write a library, with arguments that make each of them work.
LIBRARY_COMMANDS = ["list", "overview", "show", "export", "compare", "chart", "dump", "import", "check", "gui"]


def assert_no_raw_controls(output: str) -> None:
    for char in RAW:
        assert char not in output, f"{char!r} printed raw in {output!r}"


# --- text.printable ------------------------------------------------------------------------


def test_printable_escapes_every_control_and_bidi_override():
    for code in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]:
        assert printable(f"a{chr(code)}b") == f"a\\x{code:02x}b"
    for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        assert printable(f"a{chr(code)}b") == f"a\\u{code:04x}b"
    assert printable("title\x1b]0;evil\x07 \x1b[2J \x9b31m") == "title\\x1b]0;evil\\x07 \\x1b[2J \\x9b31m"
    assert printable("bad \udcff name") == "bad \\udcff name"  # not text: a file name that is not UTF-8


def test_printable_leaves_text_alone():
    text = "Line one\n\tcafé Ñandú — «quotes» 'single' \"double\" <>{}|\\ 😀 👩‍💻 עברית العربية 中文 \u00a0 \u200d x²"
    assert printable(text) == text


def test_printable_json_stays_json_and_round_trips():
    data = {"title": "A\x1b]0;evil\x07 \x9b \u202eB\u2066 😀 עברית", "n": [1, "\x85"]}
    text = printable_json(json.dumps(data, indent=2, ensure_ascii=False))
    assert_no_raw_controls(text)
    assert "\\u009b" in text and "\\u202e" in text and "😀" in text and "עברית" in text
    assert json.loads(text) == data


def test_text_module_needs_no_qt():
    qt = "{'PySide6', 'shiboken6', 'PyQt6', 'PyQt5'}"
    code = f"import sys, explorer.domain.text; print(sorted(m for m in sys.modules if m.split('.')[0] in {qt}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- 1. --db on every command that uses a library ------------------------------------------


def test_db_flag_is_on_every_library_command_with_help():
    for name in LIBRARY_COMMANDS:
        options = {opt for param in main.commands[name].params for opt in getattr(param, "opts", [])}
        assert "--db" in options, name
        result = invoke(name, "--help")
        assert result.exit_code == 0, name
        assert re.search(r"--db PATH\s+\S", result.output), name  # with words after it
        assert "library" in result.output.split("--db PATH", 1)[1], name


def library_command_args(name: str, tmp_path: Path) -> list[str]:
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY, encoding="utf-8")
    return {
        "list": ["list"],
        "overview": ["overview"],
        "show": ["show", "6"],
        "export": ["export", "6", "--format", "dot", "-o", str(tmp_path / "x.dot")],
        "compare": ["compare", "6", "--left", "strategy=backup-restore", "--right", "strategy=warm-standby"],
        "chart": ["chart", "6", "strategy", "-o", str(tmp_path / "chart.png")],
        "dump": ["dump", "6", "-o", str(tmp_path / "x.yaml")],
        "import": ["import", str(source)],
        "check": ["check"],
        "gui": ["gui"],
    }[name]


@pytest.mark.parametrize("name", LIBRARY_COMMANDS)
def test_db_after_the_command_is_the_library_used(name, tmp_path, monkeypatch):
    opened: list = []
    fake_gui(monkeypatch, opened)
    missing = tmp_path / "elsewhere.db"
    result = invoke(*library_command_args(name, tmp_path), "--db", missing)
    if name == "import":  # creates the library it is given
        assert result.exit_code == 0, result.output
        assert missing.is_file() and f"into {missing}" in result.output
    elif name == "gui":  # hands it to the app
        assert result.exit_code == 0, result.output
        assert opened == [missing]
    else:  # not a library: the command opened the --db given after its name, and says so
        assert str(missing) in user_mistake(result)


@pytest.mark.parametrize("name", ["list", "overview", "show", "dump", "import"])
def test_the_commands_db_wins_over_the_global_one(name, library_db, tmp_path, monkeypatch):
    args = library_command_args(name, tmp_path)
    missing = tmp_path / "elsewhere.db"
    result = invoke("--db", missing, *args, "--db", library_db)
    assert result.exit_code == 0, result.output
    assert not missing.exists()
    if name == "import":  # a new library is made where the command's --db says
        result = invoke("--db", library_db, *args, "--db", missing)
        assert result.exit_code == 0 and missing.is_file(), result.output
    else:
        assert str(missing) in user_mistake(invoke("--db", library_db, *args, "--db", missing))


def test_import_with_db_after_the_file_as_the_readme_shows(tmp_path):
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY, encoding="utf-8")
    mine = tmp_path / "mine.db"
    result = invoke("import", source, "--db", mine)
    assert result.exit_code == 0, result.output
    assert "imported 'tiny'" in result.output and mine.exists()
    ids = [item["id"] for item in json.loads(invoke("list", "--db", mine, "--json").output)]
    assert "tiny" in ids
    assert "tiny" not in [item["id"] for item in json.loads(invoke("list", "--json").output)]
    assert "tiny" in invoke("show", "tiny", "--db", mine).output
    # and the global form still works
    assert invoke("--db", mine, "show", "tiny").exit_code == 0


def fake_gui(monkeypatch, result: list | None):
    """Replace the Qt app with a recorder, so ``explorer gui`` runs without a window."""
    module = types.ModuleType("explorer.ui.app")

    def run(db, sources=None):
        if result is not None:
            result.append(db if sources is None else ("sources", sources))
        return 0

    module.run = run
    monkeypatch.setitem(sys.modules, "explorer.ui.app", module)
    monkeypatch.setattr(explorer.cli, "_display_problem", lambda: None)


def test_gui_takes_db_either_way(library_db, tmp_path, monkeypatch):
    opened: list = []
    fake_gui(monkeypatch, opened)
    other = tmp_path / "other.db"
    assert invoke("gui", "--db", library_db).exit_code == 0
    assert invoke("--db", library_db, "gui").exit_code == 0
    assert invoke("--db", other, "gui", "--db", library_db).exit_code == 0
    assert invoke("--db", library_db).exit_code == 0  # no command: the app
    assert invoke("gui").exit_code == 0
    assert opened == [library_db, library_db, library_db, library_db, None]


# --- 2. terminal escapes -------------------------------------------------------------------


def retitle(db: Path, ident: str, title: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(
            "update scenarios set title = ?, data = json_set(data, '$.title', ?) where id = ?",
            (title, title, ident),
        )
        conn.execute(
            "update takeaways set text = ? || text where position = (select min(position) from takeaways)",
            (title,),
        )
    conn.close()


def scenario_views(db: Path) -> dict[str, list[str]]:
    return {
        "list": ["--db", str(db), "list"],
        "list --json": ["--db", str(db), "list", "--json"],
        "show": ["--db", str(db), "show", "6"],
        "show --json": ["--db", str(db), "show", "6", "--json"],
        "overview": ["--db", str(db), "overview"],
        "overview --json": ["--db", str(db), "overview", "--json"],
        "compare": [
            "--db",
            str(db),
            "compare",
            "6",
            "--left",
            "strategy=backup-restore",
            "--right",
            "strategy=warm-standby",
        ],
        "compare --json": ["--db", str(db), "compare", "6", "--right", "strategy=warm-standby", "--json"],
    }


def test_bidi_overrides_in_titles_are_shown_escaped(library_db):
    title = "Disaster \u202erevocer\u202c \u2066isolated\u2069 — récupération 😀 עברית"
    retitle(library_db, "disaster-recovery", title)
    for name, args in scenario_views(library_db).items():
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (name, result.output)
        assert_no_raw_controls(result.output)
        assert "\\u202e" in result.output and "récupération 😀 עברית" in result.output, name
        if name.endswith("--json"):
            data = json.loads(result.output)  # still valid JSON, with the very same text
            assert title in json.dumps(data, ensure_ascii=False), name


def test_escape_sequences_in_titles_never_reach_the_terminal(library_db):
    retitle(library_db, "disaster-recovery", "Evil\x1b]0;owned\x07 \x1b[2J\x9b31m\x85 title")
    for name, args in scenario_views(library_db).items():
        result = CliRunner().invoke(main, args)
        assert_no_raw_controls(result.output)
        if result.exit_code == 0:
            assert "\\x1b]0;owned\\x07" in result.output or "\\u001b]0;owned\\u0007" in result.output, name
        else:  # a store may refuse such a title as damage: then one clear line
            user_mistake(result)


def test_check_problems_are_printed_escaped(library_db, monkeypatch):
    report = explorer.output.check.CheckReport(scenarios=1, views=1, problems=["evil\x1b]0;owned\x07: \u202ebad\x9b"])
    monkeypatch.setattr(explorer.output.check, "check_library", lambda library, jobs=None, progress=None: report)
    result = invoke("--db", library_db, "check")
    assert result.exit_code == 1
    assert_no_raw_controls(result.output)
    assert "evil\\x1b]0;owned\\x07: \\u202ebad\\x9b" in result.output


def test_import_problems_are_printed_escaped(tmp_path, monkeypatch):
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY, encoding="utf-8")
    evil = "\x1b]0;owned\x07\u202e"

    def refuse(*args, **kwargs):
        raise SourceError([Problem(f"tiny{evil}.yaml", 3, "title", f"bad {evil}")])

    monkeypatch.setattr(explorer.library.writer, "import_scenario", refuse)
    result = invoke("import", source, "--db", tmp_path / "mine.db")
    assert result.exit_code == 1
    assert_no_raw_controls(result.output)
    assert "tiny\\x1b]0;owned\\x07\\u202e.yaml:3: title: bad" in result.output


def test_failure_messages_are_printed_escaped(library_db, tmp_path):
    evil = "\x1b]0;owned\x07\u202e\x9b"
    shown = "\\x1b]0;owned\\x07\\u202e\\x9b"
    cases = [
        ["import", tmp_path / f"missing{evil}.yaml", "--db", tmp_path / "mine.db"],  # cannot read FILE
        ["--db", tmp_path / f"none{evil}.db", "list"],  # no such database file
        ["--db", library_db, "export", "6", "-o", tmp_path / f"no{evil}" / "x.dot"],  # cannot write FILE
    ]
    for args in cases:
        result = invoke(*args)
        assert_no_raw_controls(result.output)
        assert shown in user_mistake(result), args


def test_usage_errors_are_printed_escaped(library_db):
    result = invoke("--db", library_db, "list", "extra\x1b]0;owned\x07\u202e")
    assert result.exit_code == 2
    assert_no_raw_controls(result.output)
    assert "extra\\x1b]0;owned\\x07\\u202e" in result.output


# --- 3. odd scenario ids -------------------------------------------------------------------

ODD_IDS = ["99999999999999999999999", "²", "٣"]  # too big for SQLite; superscript; Arabic-Indic 3


@pytest.mark.parametrize("ident", ODD_IDS)
def test_odd_scenario_ids_are_one_line(ident, library_db, tmp_path):
    commands = [
        ["show", ident],
        ["show", ident, "--json"],
        ["dump", ident, "-o", tmp_path / "x.yaml"],
        ["export", ident, "--format", "dot", "-o", tmp_path / "x.dot"],
        ["export", "--all", ident, "--format", "dot", "-o", tmp_path / "all"],
        ["chart", ident, "strategy", "-o", tmp_path / "chart.png"],
        ["compare", ident, "--right", "strategy=warm-standby"],
    ]
    for args in commands:
        line = user_mistake(invoke("--db", library_db, *args))
        assert "no scenario" in line, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]


# --- 4. a bad SCENARIO_EXPLORER_DOT_TIMEOUT ------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "abc"])
def test_bad_dot_timeout_is_one_line_in_every_rendering_command(value, library_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIO_EXPLORER_DOT_TIMEOUT", value)
    commands = [
        ["export", "6", "--phase", "1", "-o", tmp_path / "x.png"],
        ["export", "6", "--phase", "1", "--format", "svg", "-o", tmp_path / "x.svg"],
        ["export", "--all", "6", "-o", tmp_path / "all"],
        ["compare", "6", "--right", "strategy=warm-standby", "-o", tmp_path / "cmp.png"],
        ["check"],
    ]
    for args in commands:
        clear_memory_cache()  # a view drawn before would not run Graphviz again
        line = user_mistake(invoke("--db", library_db, *args))
        assert "SCENARIO_EXPLORER_DOT_TIMEOUT" in line, args
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "cmp.png").exists()
    assert not list(tmp_path.glob("all/*.png"))


def test_no_graphviz_is_one_line_for_check_and_batch_export(library_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    for args in (["check"], ["export", "--all", "6", "-o", tmp_path / "all"]):
        clear_memory_cache()
        line = user_mistake(invoke("--db", library_db, *args))
        assert "Graphviz" in line and "install" in line


# --- 5. writing files ----------------------------------------------------------------------


def writing_commands(folder: Path, name: str) -> list[list]:
    return [
        ["export", "6", "--phase", "1", "-o", folder / f"{name}.png"],
        ["dump", "6", "-o", folder / f"{name}.yaml"],
        ["chart", "6", "strategy", "-o", folder / f"{name}.png"],
        ["compare", "6", "--right", "strategy=warm-standby", "-o", folder / f"{name}.png"],
    ]


def test_a_244_character_file_name_is_written(library_db, tmp_path):
    for args in writing_commands(tmp_path, "n" * 239):  # 239 + ".png" / ".yaml": 243-244 characters
        target = args[-1]
        result = invoke("--db", library_db, *args)
        assert result.exit_code == 0, result.output
        assert target.is_file() and target.stat().st_size > 0
        assert f"wrote {target}" in result.output
        target.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.db"]  # no temporary file left


@pytest.mark.parametrize(
    "error",
    [OSError("the file name is 300 bytes long; the limit is 255"), PermissionError(errno.EACCES, "Permission denied")],
)
def test_any_write_error_is_one_line_naming_the_file(error, library_db, tmp_path, monkeypatch):
    def fail(path, data):
        raise error

    # Every module that writes a file for these commands (export, dump, chart, compare).
    for module in (explorer.output.export, explorer.cli, explorer.output.charts, explorer.output.comparison):
        monkeypatch.setattr(module, "write_atomic", fail)
    for args in writing_commands(tmp_path, "slide"):
        line = user_mistake(invoke("--db", library_db, *args))
        assert str(args[-1]) in line and (error.strerror or str(error)) in line, args


def test_writing_into_a_missing_folder_is_one_line_naming_the_file(library_db, tmp_path):
    for args in writing_commands(tmp_path / "missing", "slide"):
        line = user_mistake(invoke("--db", library_db, *args))
        assert str(args[-1]) in line, args
    assert not (tmp_path / "missing").exists()


# --- help and README -----------------------------------------------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(name):
    command = main.commands[name]
    assert command.help and command.help.strip(), name
    assert command.get_short_help_str().strip(), name
    result = invoke(name, "--help")
    assert result.exit_code == 0 and result.output.startswith("Usage: ")
    assert re.search(rf"\bexplorer {re.escape(name)}\b", README), f"README.md does not mention 'explorer {name}'"
