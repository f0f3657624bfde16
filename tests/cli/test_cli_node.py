"""``explorer node``: the details pane of the window, on the command line."""

from __future__ import annotations

import json

from tests.helpers import invoke, one_line_failure


def test_node_prints_what_the_details_pane_shows(library_db):
    result = invoke("--db", library_db, "node", "disaster-recovery", "replica")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "RDS cross-region read replica" and lines[1] == "RDS (AWS, database)"
    assert "Added in phase 1: Data replication" in result.output
    assert "DR strategy: Backup and restore removes it" in result.output


def test_node_follows_the_options(library_db):
    result = invoke("--db", library_db, "node", "disaster-recovery", "replica", "--option", "strategy=warm-standby")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "RDS read replica (ready to promote)"


def test_node_json_keys(library_db):
    result = invoke("--db", library_db, "node", "disaster-recovery", "dns", "--json")
    data = json.loads(result.output)
    assert set(data) == {"id", "label", "service", "note", "phase", "phase_title", "options", "costs"}
    assert data["id"] == "dns" and data["service"] == "Route 53 (AWS, network)"


def test_an_unknown_node_is_one_line(library_db):
    line = one_line_failure("--db", library_db, "node", "disaster-recovery", "nope")
    assert "no node 'nope'" in line and "dr-alb" in line
