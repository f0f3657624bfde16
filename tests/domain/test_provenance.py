"""Every rating says where it comes from and every node says what it does (``explorer check``)."""

from __future__ import annotations

import textwrap

from click.testing import CliRunner

from explorer.cli import main
from explorer.domain.provenance import nodes_without_notes, unmarked_figures
from explorer.library.source import load_scenario_text

#: A scenario that breaks each rule once, next to options that keep them.
BROKEN = textwrap.dedent(
    """\
    id: broken
    title: Broken
    nodes:
      - id: web
        type: aws.compute.EC2
        label: Web server
        note: Serves the pages.
      - id: db
        type: aws.database.RDS
        label: Database
    phases:
      - title: Build
    option_groups:
      - key: size
        label: Size
        options:
          - key: small
            label: Small
            metrics:
              complexity: 2
              ops_overhead: {value: 1, estimate: true, basis: "One instance to patch."}
              cost_level: {value: 1, text: lowest}
          - key: large
            label: Large
            metrics:
              complexity: {value: 3, estimate: true}
              ops_overhead: {value: 2, text: "low maintenance"}
              monthly_usd: 120
            changes:
              add_nodes:
                - id: cache
                  type: aws.database.ElastiCache
                  label: Cache
    """
)


def test_a_rating_without_the_chapters_words_or_an_estimate_mark_is_reported():
    problems = unmarked_figures(load_scenario_text(BROKEN))
    assert problems == [
        (
            ("option_groups", 0, "options", 0, "metrics", "complexity"),
            "size=small: the complexity rating 2 is not in the chapter's words; "
            "mark it estimate: true with a basis, or quote the chapter in text",
        ),
        (
            ("option_groups", 0, "options", 1, "metrics", "complexity"),
            "size=large: an estimate needs a basis saying how it was reached",
        ),
    ]


def test_a_rating_marked_as_an_estimate_or_in_the_chapters_words_passes():
    fixed = BROKEN.replace("complexity: 2\n", 'complexity: {value: 2, estimate: true, basis: "A guess."}\n').replace(
        "complexity: {value: 3, estimate: true}", 'complexity: {value: 3, text: "complex"}'
    )
    assert unmarked_figures(load_scenario_text(fixed)) == []


def test_a_node_without_a_note_is_reported_in_the_design_and_in_an_option():
    problems = nodes_without_notes(load_scenario_text(BROKEN))
    assert [path for path, _ in problems] == [
        ("nodes", 1),
        ("option_groups", 0, "options", 1, "changes", "add_nodes", 0),
    ]
    assert problems[0][1] == "node 'db' has no note; say in a sentence what it does in this design"


def test_the_bundled_sources_keep_both_rules(scenarios):
    for scenario in scenarios.values():
        assert unmarked_figures(scenario) == [], scenario.id
        assert nodes_without_notes(scenario) == [], scenario.id


def test_explorer_check_reports_them(tmp_path):
    from explorer.library.writer import build_library

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "broken.yaml").write_text(BROKEN)
    build_library(folder, tmp_path / "lib.db")
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "lib.db"), "check"])
    assert result.exit_code == 1
    assert (
        "broken: option_groups.0.options.0.metrics.complexity: size=small: the complexity rating 2 is not in the "
        "chapter's words" in result.output
    )
    assert (
        "broken: option_groups.0.options.1.metrics.complexity: size=large: an estimate needs a basis" in result.output
    )
    assert "broken: nodes.1: node 'db' has no note" in result.output
    assert "broken: option_groups.0.options.1.changes.add_nodes.0: node 'cache' has no note" in result.output
