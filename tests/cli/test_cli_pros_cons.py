"""``explorer show`` gives every option's pros and cons, in text and as ``pros``/``cons`` in JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner

from explorer.cli import main
from tests.conftest import BUNDLED_DB


def _show(*args: str) -> str:
    result = CliRunner().invoke(main, ["show", *args, "--db", str(BUNDLED_DB)])
    assert result.exit_code == 0, result.output
    return result.output


def test_show_json_has_pros_and_cons_for_every_option(scenarios):
    for scenario in scenarios.values():
        report = json.loads(_show(scenario.id, "--json"))
        for group, shown in zip(scenario.option_groups, report["option_groups"], strict=True):
            for option, entry in zip(group.options, shown["options"], strict=True):
                assert entry["pros"] == option.pros and entry["cons"] == option.cons, (scenario.id, option.key)
    vpn = json.loads(_show("hybrid-connectivity", "--json"))["option_groups"][0]["options"][0]
    assert vpn["key"] == "vpn" and vpn["pros"][0] == "Can be working within hours."
    assert vpn["cons"][-1] == "Bandwidth is limited."


def test_show_prints_them_under_each_option():
    lines = _show("hybrid-connectivity").splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("vpn: Site-to-Site VPN"))
    assert lines[at + 1] == "         + Can be working within hours."
    assert lines[at + 6] == "         - Bandwidth is limited."
    assert lines[at + 7].endswith("direct-connect: AWS Direct Connect, 1 Gbps port")
    # A guide's cases have none, so nothing is printed under them.
    guide = _show("ec2-connection").splitlines()
    assert not any(line.startswith("         + ") or line.startswith("         - ") for line in guide)
