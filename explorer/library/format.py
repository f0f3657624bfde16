"""The scenario format for people and tools: its JSON Schema and a template to start from.

``scenario_schema()`` is generated from the pydantic model, so it cannot drift from what
an import accepts; editors with the YAML language server read it through the
``# yaml-language-server: $schema=...`` line that new files start with.
``new_scenario_text()`` writes a small commented scenario that validates as it is.
"""

from __future__ import annotations

import json
from typing import Any

from explorer.domain.model import Scenario

SCHEMA_ID = "https://scenario-explorer.invalid/scenario.schema.json"
#: The file name ``explorer schema`` suggests and new scenarios point at.
SCHEMA_FILE = "scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    """The scenario format as JSON Schema (draft 2020-12), every field described."""
    from explorer.domain.field_docs import describe_fields

    describe_fields()
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Scenario Explorer scenario",
        "description": (
            "One scenario or troubleshooting guide: its nodes, clusters and edges, the phases in "
            "which it is built, the decisions with their options and figures, the requirements "
            "they are checked against, and the chapter's costs. Validate a file with "
            "`explorer validate FILE.yaml`."
        ),
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_line(schema_path: str = SCHEMA_FILE) -> str:
    """The first line of a new or dumped file, for editors with the YAML language server."""
    return f"# yaml-language-server: $schema={schema_path}\n"


TEMPLATE = """\
{schema_line}# A scenario for Scenario Explorer. Check it with: explorer validate {file}
# Import it with: explorer import {file} --db my-scenarios.db
id: {slug}
title: {title}
summary: One sentence on what is being decided.
situation: >-
  Who needs what, and what constrains the design.

nodes:
  - id: users
    type: aws.general.Users
    label: Users
    note: The people the design serves.
  - id: api
    type: aws.network.APIGateway
    label: API
    phase: 1
    note: The front door every request comes through.
  - id: store
    type: aws.database.Dynamodb
    label: Data store
    phase: 2
    note: Where the application keeps its data.

edges:
  - {{source: users, target: api}}
  - {{source: api, target: store, phase: 2}}

phases:
  - title: The front door
    duration: 1 week
    summary: Put the API in place.
    steps:
      - Create the API and its first route.
  - title: The data
    duration: 1 week
    summary: Store what the API receives.
    steps:
      - Create the table and give the API access to it.

requirements:
  - key: budget
    text: The design costs no more than $100 a month.
    metric: monthly_usd
    op: "<="
    target: 100

option_groups:
  - key: store
    label: Data store
    options:
      - key: dynamodb
        label: DynamoDB
        recommended: true
        metrics:
          monthly_usd: {{value: 25, estimate: true, basis: "An estimate for light use."}}
        pros: [No servers to run.]
        cons: [Queries need their access patterns planned.]
      - key: aurora
        label: Aurora Serverless
        metrics:
          monthly_usd: {{value: 120, estimate: true, basis: "An estimate for the smallest capacity."}}
        pros: [SQL for ad hoc questions.]
        cons: [Costs more at this size.]
        changes:
          relabel: {{store: "Aurora\\nServerless"}}
"""


def new_scenario_text(slug: str, file: str, title: str | None = None, schema_path: str = SCHEMA_FILE) -> str:
    """A small scenario (a two-option decision, two phases, a requirement with a target)."""
    shown = title or slug.replace("-", " ").capitalize()
    return TEMPLATE.format(schema_line=schema_line(schema_path), file=file, slug=slug, title=json.dumps(shown))


def with_schema_line(yaml_text: str, schema_path: str = SCHEMA_FILE) -> str:
    """``yaml_text`` starting with the schema line (replacing one that is there)."""
    lines = yaml_text.splitlines(keepends=True)
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines = lines[1:]
    return schema_line(schema_path) + "".join(lines)


def _type_words(prop: dict[str, Any]) -> str:
    """A property's JSON Schema type as a reader says it: "text", "list of Node", "number or Value"."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[1]
    if "anyOf" in prop:
        parts = [_type_words(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(dict.fromkeys(parts))
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _type_words(prop.get("items", {}))
    if kind == "object":
        values = prop.get("additionalProperties")
        return "mapping" + (f" to {_type_words(values)}" if isinstance(values, dict) else "")
    return {"string": "text", "integer": "whole number", "number": "number", "boolean": "yes/no"}.get(
        str(kind), str(kind or "any")
    )


def format_reference() -> str:
    """``docs/format.md``: every field of the format, its type, whether it is required,
    its default and what it means, with the template of ``explorer new`` as the example."""
    schema = scenario_schema()
    sections = [("Scenario", schema), *sorted(schema.get("$defs", {}).items())]
    out = [
        "# The scenario format",
        "",
        "<!-- Generated by explorer.library.format.format_reference(); tests/cli/test_cli_format.py",
        "     fails when this file is out of date. Regenerate: python -m explorer.library.format -->",
        "",
        "A scenario is one YAML file. `explorer new SLUG` writes the example below; `explorer",
        "validate FILE.yaml` checks a file; `explorer schema` prints the same format as JSON",
        "Schema for editors. Fields marked *required* must be given; the others have the",
        "default shown.",
        "",
        "## Example",
        "",
        "```yaml",
        new_scenario_text("my-design", "my-design.yaml").rstrip(),
        "```",
    ]
    for name, part in sections:
        props = part.get("properties", {})
        if not props:
            continue
        required = set(part.get("required", []))
        out += ["", f"## {name}", "", "| Field | Type | Required / default | Meaning |", "|---|---|---|---|"]
        for field, prop in props.items():
            if field in required:
                need = "*required*"
            elif "default" in prop:
                need = f"`{json.dumps(prop['default'], ensure_ascii=False)}`"
            else:
                need = ""
            meaning = " ".join(str(prop.get("description", "")).split()).replace("|", "\\|")
            kind = _type_words(prop).replace("|", "\\|")
            out.append(f"| `{field}` | {kind} | {need} | {meaning} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # python -m explorer.library.format: rewrite docs/format.md
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "docs" / "format.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(format_reference(), encoding="utf-8")
    print(f"wrote {target}")


def copy_source(yaml_text: str, slug: str) -> str | None:
    """A stored scenario's source as a new scenario ``slug``: its id replaced and its
    chapter number dropped (a copy is not the chapter's scenario), starting with the
    schema line; None when the text has no top-level id line to replace."""
    import re

    text, count = re.subn(r"(?m)^id:[^\n]*$", f"id: {slug}", yaml_text, count=1)
    if not count:
        return None
    text = re.sub(r"(?m)^number:[^\n]*\n", "", text, count=1)
    return with_schema_line(text)
