"""The scenario format for editors and CI: explorer schema, validate and new."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from explorer.cli import main
from tests.conftest import BUNDLED_DB, SOURCES


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_every_bundled_file_validates_against_the_schema(tmp_path):
    out = tmp_path / "scenario.schema.json"
    done = _run("schema", "-o", str(out))
    assert done.exit_code == 0, done.output
    schema = json.loads(out.read_text())
    assert schema["$schema"].endswith("2020-12/schema") and "option_groups" in schema["properties"]
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(SOURCES.glob("*.yaml"))
    assert len(files) == 20
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
        assert not errors, (path.name, errors[0].message)
    # The schema refuses what an import refuses: an unknown field.
    data = yaml.safe_load(files[0].read_text())
    assert list(validator.iter_errors({**data, "colour": "red"}))
    # Both forms of a rule between options are described: a list, or options with a reason.
    hybrid = yaml.safe_load((SOURCES / "07-hybrid-connectivity.yaml").read_text())
    option = hybrid["option_groups"][2]["options"][2]
    assert isinstance(option["requires"]["connection"], dict)
    option["requires"]["connection"] = ["direct-connect-10g"]
    assert not list(validator.iter_errors(hybrid))
    assert _run("schema").output == out.read_text()  # printed, the same text


def test_validate_names_file_line_column_and_field(tmp_path):
    good = SOURCES / "06-disaster-recovery.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text().replace("rto_minutes:", "rto_minutse:", 1))
    done = _run("validate", str(good), str(bad))
    assert done.exit_code == 1
    (line,) = done.output.strip().splitlines()
    where, field, reason = line.split(": ", 2)[0], line.split(": ")[1], line.split(": ", 2)[2]
    file, row, column = where.rsplit(":", 2)
    assert file == str(bad) and row.isdigit() and column.isdigit()
    assert bad.read_text().splitlines()[int(row) - 1][int(column) - 1 :].startswith("rto_minutse:")  # at its key
    assert field.endswith("metrics.rto_minutse") and reason == "no metric named 'rto_minutse'"
    as_json = json.loads(_run("validate", "--json", str(bad)).output)
    assert as_json == [{"file": str(bad), "line": int(row), "column": int(column), "field": field, "message": reason}]
    ok = _run("validate", str(good))
    assert ok.exit_code == 0 and ok.output.startswith("ok: 1 file")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: [unclosed", "not valid YAML"),
        ("- a list", "must be a mapping"),
        ("", "the file is empty"),
    ],
)
def test_validate_refuses_what_import_refuses(tmp_path, text, message):
    path = tmp_path / "x.yaml"
    path.write_text(text)
    done = _run("validate", str(path))
    imported = _run("import", str(path), "--db", str(tmp_path / "lib.db"))
    assert done.exit_code == 1 and message in done.output and "Traceback" not in done.output
    assert message in imported.output  # the same message as an import
    missing = _run("validate", str(tmp_path / "none.yaml"))
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_new_writes_a_template_that_validates_and_imports(tmp_path):
    out = tmp_path / "my-design.yaml"
    done = _run("new", "my-design", "-o", str(out))
    assert done.exit_code == 0, done.output
    text = out.read_text()
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    data = yaml.safe_load(text)
    assert data["id"] == "my-design" and len(data["phases"]) == 2
    (group,) = data["option_groups"]
    assert len(group["options"]) == 2 and data["requirements"][0]["target"] == 100
    assert _run("validate", str(out)).exit_code == 0
    imported = _run("import", str(out), "--db", str(tmp_path / "lib.db"))
    assert imported.exit_code == 0, imported.output
    shown = json.loads(_run("show", "my-design", "--db", str(tmp_path / "lib.db"), "--json").output)
    assert shown["recommendation"] == {"store": "dynamodb"}
    again = _run("new", "my-design", "-o", str(out))
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_from_copies_a_scenario_under_a_new_id(tmp_path):
    out = tmp_path / "dr-copy.yaml"
    done = _run("new", "dr-copy", "--from", "6", "--db", str(BUNDLED_DB), "-o", str(out))
    assert done.exit_code == 0, done.output
    data = yaml.safe_load(out.read_text())
    assert data["id"] == "dr-copy" and data["title"] == "Disaster recovery strategy" and "number" not in data
    lib = tmp_path / "lib.db"
    imported = _run("import", str(out), "--db", str(lib))
    assert imported.exit_code == 0, imported.output  # next to the chapter's scenario 6
    assert out.read_text().startswith("# yaml-language-server:")
    assert _run("validate", str(out)).exit_code == 0
    for args, message in (
        (["new", "Not A Slug"], "cannot be an id"),
        (["new", "x", "--from", "nope", "--db", str(BUNDLED_DB), "-o", str(tmp_path / "x.yaml")], "nope"),
    ):
        failed = _run(*args)
        assert failed.exit_code == 1 and message in failed.output and "Traceback" not in failed.output


def test_every_field_is_described_and_the_reference_is_current():
    from pathlib import Path

    from explorer.library.format import format_reference, scenario_schema

    schema = scenario_schema()
    parts = [("Scenario", schema), *schema["$defs"].items()]
    undescribed = [
        f"{name}.{field}"
        for name, part in parts
        for field, prop in part.get("properties", {}).items()
        if not str(prop.get("description", "")).strip()
    ]
    assert not undescribed, undescribed
    reference = Path(__file__).resolve().parents[2] / "docs" / "format.md"
    assert reference.read_text(encoding="utf-8") == format_reference(), (
        "docs/format.md is out of date: run python -m explorer.library.format"
    )
