"""Diagrams as code: the script's text, the classes it imports, the icons it carries, and
what running it leaves behind. (That its picture equals the app's is test_export's.)"""

from __future__ import annotations

import ast
import base64
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.domain.compose import compose
from explorer.drawing.render import PlanCluster, plan_view
from explorer.output.codegen import python_script
from explorer.output.export import ExportSettings, decorations_for

SCENARIO = "security-incident-response"  # nested clusters, later phases faded, 18 node classes


@pytest.fixture
def view_and_script(scenarios):
    s = scenarios[SCENARIO]
    view = compose(s, None, 1)
    plan = plan_view(view, decorations_for(s, view, ExportSettings(fmt="py", title=True)))
    return s, view, plan, python_script(plan, s, view)


def _imports(tree: ast.Module) -> set[tuple[str, str]]:
    return {
        (node.module or "", alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _icons(tree: ast.Module) -> dict[str, bytes]:
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and getattr(statement.targets[0], "id", "") == "ICONS":
            return {name: base64.b64decode(data) for name, data in ast.literal_eval(statement.value).items()}
    raise AssertionError("no ICONS in the script")


def test_the_script_is_ascii_python(view_and_script):
    *_, script = view_and_script
    assert script.isascii()
    compile(script, "view.py", "exec")
    assert script.splitlines()[:2] == ["#!/usr/bin/env python3", "# -*- coding: utf-8 -*-"]


def test_the_script_imports_exactly_the_diagrams_classes_it_draws(view_and_script):
    _, view, _, script = view_and_script
    used = {(f"diagrams.{t.rpartition('.')[0]}", t.rpartition(".")[2]) for t in {n.type for n in view.nodes}}
    assert len(used) >= 10
    assert _imports(ast.parse(script)) - {("diagrams", "Cluster"), ("diagrams", "Diagram")} == used


def test_every_node_cluster_and_edge_is_in_the_script(view_and_script):
    _, view, plan, script = view_and_script
    for node in view.nodes:
        assert script.count(f"nodeid={node.id!r}") == 1, node.id
    for cluster in view.clusters:
        assert f"with group_{cluster.id.replace('-', '_')}:" in script, cluster.id
    assert script.count("diagram.dot.edge(") == len(plan.edges) == len(view.edges)


def test_the_script_carries_the_apps_own_icons(view_and_script):
    _, view, plan, script = view_and_script
    icons = _icons(ast.parse(script))
    prepared = {node.attrs["image"] for node in _plan_nodes(plan)}
    assert sorted(icons.values()) == sorted(Path(path).read_bytes() for path in prepared)
    faded = {name for name in icons if name.endswith("_faded")}
    assert faded and len(faded) == len({n.type for n in view.nodes if n.state == "future"})


def _plan_nodes(plan):
    nodes = list(plan.nodes)
    stack = list(plan.clusters)
    while stack:
        cluster = stack.pop()
        nodes += cluster.nodes
        stack += cluster.children
    return nodes


def test_an_empty_cluster_is_still_valid_python(view_and_script):
    s, view, plan, _ = view_and_script
    empty = PlanCluster(id="empty-one", label="<Nothing yet>", graph_attr={"style": "rounded"})
    script = python_script(replace(plan, clusters=[*plan.clusters, empty]), s, view)
    compile(script, "view.py", "exec")
    assert "    with group_empty_one:\n        pass\n" in script


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_running_the_script_leaves_only_its_picture(view_and_script, tmp_path):
    s, _, _, script = view_and_script
    work, temp = tmp_path / "work", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    (tmp_path / "view.py").write_text(script, encoding="ascii")
    env = {**os.environ, "TMPDIR": str(temp)}  # the child's own environment; ours is unchanged
    done = subprocess.run(
        [sys.executable, str(tmp_path / "view.py")], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in work.iterdir()] == [f"{s.id}-phase-1.png"]
    assert (work / f"{s.id}-phase-1.png").read_bytes().startswith(b"\x89PNG")
    assert list(temp.iterdir()) == []  # the icons it unpacked are removed at exit
