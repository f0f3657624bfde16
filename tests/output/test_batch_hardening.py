"""Batch names that cannot collide, a manifest a spreadsheet will not execute, and
exported scripts that no title can break."""

from __future__ import annotations

import ast
import csv
import io
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from explorer.domain.compose import compose
from explorer.drawing.render import plan_view
from explorer.library.source import load_scenario_text
from explorer.output.batch import plan_batch, run_batch
from explorer.output.export import ExportSettings, decorations_for, export_bytes
from tests.helpers import TINY

# Group "a-b" option "c" and group "a" option "b-c" both used to be named "...__a-b-c__...".
CLASHING = textwrap.dedent(
    """\
    id: clash
    title: Clash
    nodes:
      - id: web
        type: aws.compute.EC2
        label: Web server
    phases:
      - title: Web
    option_groups:
      - key: a-b
        label: First
        options:
          - key: c
            label: C
          - key: d
            label: D
      - key: a
        label: Second
        options:
          - key: b-c
            label: B-C
          - key: e
            label: E
    """
)


def _names(items, fmt="png"):
    return [item.filename(fmt) for item in items]


# --- 1. unique batch names ---------------------------------------------------------------


def test_group_and_option_names_cannot_collide():
    items = plan_batch([load_scenario_text(CLASHING)])
    names = _names(items)
    assert len(set(names)) == len(names) == len(items)
    assert "clash__a-b=c__complete.png" in names
    assert "clash__a=b-c__complete.png" in names
    assert "clash__recommended__complete.png" in names
    assert "clash__a=b-c__phase-1.png" in names


def test_the_documented_example_name(scenarios):
    names = _names(plan_batch([scenarios["disaster-recovery"]]))
    group = scenarios["disaster-recovery"].option_groups[0]
    assert f"disaster-recovery__{group.key}={group.options[1].key}__phase-2.png" in names
    assert all(n.count("=") <= 1 and n.startswith("disaster-recovery__") for n in names)


def test_a_scenario_planned_twice_still_gets_distinct_names():
    s = load_scenario_text(TINY)
    items = plan_batch([s, s])
    names = _names(items, "svg")
    assert len(set(names)) == len(names) == len(items)
    assert "tiny__recommended__complete.svg" in names and "tiny__recommended__complete-2.svg" in names
    assert "tiny__recommended__phase-1-2.svg" in names


def test_batch_writes_one_distinct_file_per_planned_view(tmp_path):
    items = plan_batch([load_scenario_text(CLASHING)])
    results = run_batch(items, tmp_path, ExportSettings(fmt="dot"), jobs=2)
    written = [r for r in results if r.path is not None]
    files = sorted(p.name for p in tmp_path.glob("*.dot"))
    assert len(written) == len(items) == len(files)
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8")))
    assert sorted(r["file"] for r in rows) == files


def test_run_batch_reports_views_that_would_share_a_file(tmp_path):
    """Items from two separate plans can share names: only one may claim each file."""
    s = load_scenario_text(TINY)
    first, second = plan_batch([s]), plan_batch([s])
    results = run_batch(first + second, tmp_path, ExportSettings(fmt="dot"), jobs=2)
    written = [r for r in results if r.path is not None]
    failed = [r for r in results if r.path is None]
    files = list(tmp_path.glob("*.dot"))
    assert len(written) == len(files) == len(first)
    assert len(failed) == len(second) and all("same file" in r.error for r in failed)
    assert len({r.path for r in written}) == len(written)
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8")))
    assert len(rows) == len(files) and len({r["file"] for r in rows}) == len(rows)


def test_a_file_missing_after_writing_is_an_error(tmp_path, monkeypatch):
    import explorer.output.batch as batch

    items = plan_batch([load_scenario_text(TINY)])
    real = batch.write_atomic
    lost = items[1].filename("dot")
    monkeypatch.setattr(batch, "write_atomic", lambda path, data: None if path.name == lost else real(path, data))
    results = run_batch(items, tmp_path, ExportSettings(fmt="dot"), jobs=2)
    assert results[1].path is None and "missing" in results[1].error
    assert sum(r.path is not None for r in results) == len(items) - 1 == len(list(tmp_path.glob("*.dot")))
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8")))
    assert lost not in {r["file"] for r in rows} and len(rows) == len(items) - 1


def test_views_that_end_up_as_one_file_count_once(tmp_path, monkeypatch):
    """As on a file system that folds distinct names together: only the view whose
    bytes the file holds keeps it."""
    import os

    import explorer.output.batch as batch

    items = plan_batch([load_scenario_text(TINY)])
    shared = tmp_path / "shared.bin"

    def write_into_one_file(path, data):
        shared.write_bytes(data)
        path.unlink(missing_ok=True)
        os.link(shared, path)

    monkeypatch.setattr(batch, "write_atomic", write_into_one_file)
    results = run_batch(items, tmp_path, ExportSettings(fmt="dot"), jobs=1)
    kept = [r for r in results if r.path is not None]
    assert [r.item for r in kept] == [items[-1]]  # the last one written is what the file holds
    assert all("same file" in r.error for r in results if r.path is None)


# --- 2. no formulas in the manifest ------------------------------------------------------


def test_manifest_cells_are_never_formulas(tmp_path):
    for start, title in [
        ("=", '=HYPERLINK("http://x","y")'),
        ("+", "+1+2"),
        ("-", "-2+3"),
        ("@", "@SUM(A1)"),
        ("\t", "\tTabbed"),
        ("\r", "\rReturned"),
    ]:
        s = load_scenario_text(TINY).model_copy(update={"title": title, "id": f"t{ord(start)}"})
        folder = tmp_path / s.id
        folder.mkdir()
        run_batch(plan_batch([s]), folder, ExportSettings(fmt="dot"), jobs=1)
        text = (folder / "manifest.csv").read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == len(list(folder.glob("*.dot")))  # a CR in a cell does not split its row
        assert all(r["title"] == "'" + title for r in rows), (title, rows[0]["title"])
        for row in rows:
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    s = load_scenario_text(TINY).model_copy(update={"title": "Mid\rline", "id": "mid"})
    (tmp_path / "mid").mkdir()
    run_batch(plan_batch([s]), tmp_path / "mid", ExportSettings(fmt="dot"), jobs=1)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "mid" / "manifest.csv").read_bytes().decode(), newline="")))
    assert len(rows) == len(list((tmp_path / "mid").glob("*.dot"))) and {r["title"] for r in rows} == {"Mid\rline"}
    # An ordinary title is left alone.
    run_batch(plan_batch([load_scenario_text(TINY)]), tmp_path, ExportSettings(fmt="dot"), jobs=1)
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8", newline="")))
    assert {r["title"] for r in rows} == {"Tiny"}


def test_manifest_guards_every_text_cell():
    from explorer.output.batch import _cell

    assert _cell("=1+1") == "'=1+1" and _cell("-x") == "'-x" and _cell("\rA") == "'\rA"
    assert _cell("plain") == "plain" and _cell(12) == 12 and _cell("") == ""


# --- 3. scripts no title can break -------------------------------------------------------

NASTY = [
    "# coding: utf-7",
    "+ADw-",
    "\u2028",
    "'''",
    '"""',
    "\\N{",
    "# -*- coding: latin-1 -*-",
    "\\",
    "é中😀",
    "<b>&amp;",
]


def _script(scenario, phase=None) -> bytes:
    return export_bytes(scenario, {}, phase, ExportSettings(fmt="py", title=True))


def _graph_attr_literal(text: str) -> dict:
    tree = ast.parse(text)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and getattr(statement.targets[0], "id", "") == "GRAPH_ATTR":
            return ast.literal_eval(statement.value)
    raise AssertionError("no GRAPH_ATTR in the script")


def _comments(data: bytes) -> list[str]:
    import tokenize

    return [t.string for t in tokenize.tokenize(io.BytesIO(data).readline) if t.type == tokenize.COMMENT]


def _check_script_text(scenario, data: bytes) -> str:
    assert data.isascii()
    text = data.decode("ascii")
    lines = text.split("\n")
    assert lines[0] == "#!/usr/bin/env python3" and lines[1] == "# -*- coding: utf-8 -*-"
    assert "\r" not in text and "\x0c" not in text and "\x00" not in text
    compile(data, "script.py", "exec")  # bytes: Python honours (only) our coding line
    view = compose(scenario, {}, None)
    expected = plan_view(view, decorations_for(scenario, view, ExportSettings(fmt="py", title=True))).graph_attr
    assert _graph_attr_literal(text) == expected  # the title arrives unchanged
    # No comment depends on the title: they are the same as for a plain one.
    plain = scenario.model_copy(update={"title": "Plain"})
    assert _comments(data) == _comments(_script(plain))
    return text


def test_script_starts_with_a_fixed_encoding_line_and_is_ascii():
    title = "Café # coding: utf-7 +ADw-script+AD4-"
    s = load_scenario_text(TINY).model_copy(update={"title": title})
    text = _check_script_text(s, _script(s))
    assert "utf-7" not in "".join(_comments(text.encode()))
    assert ascii(title)[1:-1] in text  # only inside escaped literals


def test_script_survives_control_characters_in_the_title():
    base = load_scenario_text(TINY)
    for title in [
        "Nul\x00byte",
        "Form\x0cfeed",
        "Lone\rreturn",
        "\r# coding: utf-7\n+ADw-",
        "Line\u2028sep\u2029x\x85",
    ]:
        s = base.model_copy(update={"title": title})
        _check_script_text(s, _script(s))


_titles = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)),
    min_size=1,
    max_size=5,
).map("".join)


@settings(max_examples=4, deadline=None)
@given(title=_titles)
def test_script_draws_what_the_app_draws_for_any_title(tmp_path_factory, title):
    s = load_scenario_text(TINY).model_copy(update={"title": title})
    data = _script(s, 1)
    _check_script_text(s, data)
    folder: Path = tmp_path_factory.mktemp("script")
    (folder / "view.py").write_bytes(data)
    done = subprocess.run([sys.executable, "view.py"], cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    made = Image.open(folder / "tiny-phase-1.png").convert("RGB")
    # A script lays the view out with dot, as the compact export does.
    compact = ExportSettings(fmt="png", title=True, layout="compact")
    ours = Image.open(io.BytesIO(export_bytes(s, {}, 1, compact))).convert("RGB")
    assert made.size == ours.size
    assert ImageChops.difference(made, ours).getbbox() is None
