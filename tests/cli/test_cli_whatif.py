"""What-if parameters, comparisons and charts."""

from __future__ import annotations

import json

from click.testing import CliRunner
from PIL import Image

from explorer.cli import main
from tests.helpers import invoke, user_mistake


def test_cli_show_with_params(library_db):
    result = CliRunner().invoke(main, ["--db", str(library_db), "show", "6", "--param", "rpo=5m", "--json"])
    data = json.loads(result.output)
    assert data["recommendation"] == {"strategy": "warm-standby"}
    assert [r["met"] for r in data["requirements"]] == [False, True]
    assert {p["key"]: p["value"] for p in data["parameters"]} == {"rpo": 5, "rto": 240}
    assert "rpo" in user_mistake(invoke("--db", library_db, "show", "6", "--param", "rpo=1y"))


def test_cli_compare(library_db, tmp_path):
    out = tmp_path / "cmp.png"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(library_db),
            "compare",
            "7",
            "--left",
            "connection=vpn",
            "--right",
            "connection=direct-connect",
            "-o",
            str(out),
            "--json",
            "--preset",
            "xga",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[: result.output.rindex("}") + 1])
    assert data["left"]["meets_all"] is False and data["right"]["meets_all"] is True
    assert Image.open(out).size == (1024, 768)


def test_cli_chart(library_db, tmp_path):
    out = tmp_path / "chart.png"
    result = CliRunner().invoke(
        main, ["--db", str(library_db), "chart", "3", "transfer", "--param", "data_tb=8", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert Image.open(out).width > 500
