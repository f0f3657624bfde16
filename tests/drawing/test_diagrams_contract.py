"""The parts of ``diagrams`` that Scenario Explorer relies on beyond its documented API.

``diagrams`` has no stable API for what the app does (building a graph without writing
it, fixing node ids, styling clusters, finding a class's icon), so the app uses some of
its internals:

- ``Node._icon_dir`` / ``Node._icon``: the icon of a node class, a path relative to the
  folder above the ``diagrams`` package (explorer/drawing/render.py pads and fades it;
  explorer/library checks a type has an icon);
- ``diagrams.setdiagram`` / ``setcluster`` (and ``getdiagram`` / ``getcluster``): the
  context that nodes and clusters attach to, set and cleared by render.py without
  entering the ``Diagram`` (whose exit would write and open a file);
- ``Node(label, nodeid=..., **attrs)``: the scenario's own ids, and attributes (``image``)
  that override the node's defaults;
- ``Cluster.name`` and ``Cluster.dot.name``: the cluster's subgraph name (render.py and
  the Python scripts that explorer/output/codegen.py writes set both);
- ``Diagram.dot`` / ``Cluster.dot``: the graphviz ``Digraph`` whose ``edge`` and ``source``
  are used directly.

Each test fails with a message naming the attribute and the installed ``diagrams``
version, so an upgrade that moves one of them says what broke.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sqlite3
from importlib import metadata

import diagrams
import pytest
from diagrams import Cluster, Diagram, Node

from tests.conftest import BUNDLED_DB

VERSION = metadata.version("diagrams")
PACKAGE_PARENT = os.path.dirname(os.path.dirname(diagrams.__file__))  # what render.py joins _icon_dir to


def broke(attribute: str, detail: str) -> str:
    return f"diagrams {VERSION}: {attribute} {detail} (Scenario Explorer relies on it; see this test's docstring)"


def library_node_types() -> list[str]:
    """Every node type the bundled library uses, such as ``aws.database.RDS``."""
    conn = sqlite3.connect(f"{BUNDLED_DB.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(row[0] for row in conn.execute("select distinct type from nodes"))
    finally:
        conn.close()


def node_class(type_name: str) -> type:
    module_name, _, class_name = type_name.rpartition(".")
    try:
        module = importlib.import_module(f"diagrams.{module_name}")
    except ImportError as err:
        pytest.fail(broke(f"module diagrams.{module_name}", f"cannot be imported ({err}), needed for {type_name}"))
    cls = getattr(module, class_name, None)
    assert isinstance(cls, type) and issubclass(cls, Node), broke(
        f"diagrams.{type_name}", "is no longer a diagrams.Node class"
    )
    return cls


@pytest.fixture
def diagram(tmp_path, monkeypatch):
    """A Diagram built as render.py builds one: made, set as the context, never entered."""
    monkeypatch.chdir(tmp_path)  # so a file written by mistake is seen, and lands nowhere else
    made = Diagram(name="", filename="unused", direction="LR", curvestyle="curved", show=False, graph_attr={})
    diagrams.setdiagram(made)
    try:
        yield made
    finally:
        diagrams.setdiagram(None)
        diagrams.setcluster(None)
    assert list(tmp_path.iterdir()) == [], broke("Diagram(show=False)", "wrote a file without being rendered")


def test_the_library_uses_node_types_to_check():
    assert len(library_node_types()) >= 20


@pytest.mark.parametrize("type_name", library_node_types())
def test_icon_dir_and_icon_name_an_icon_file(type_name):
    cls = node_class(type_name)
    icon_dir = getattr(cls, "_icon_dir", None)
    icon = getattr(cls, "_icon", None)
    assert isinstance(icon_dir, str) and icon_dir, broke(
        f"{cls.__qualname__}._icon_dir", f"is {icon_dir!r}, not a path"
    )
    assert not os.path.isabs(icon_dir), broke(
        f"{cls.__qualname__}._icon_dir", f"is absolute ({icon_dir}), not relative to the folder above diagrams/"
    )
    assert isinstance(icon, str) and icon.endswith(".png"), broke(
        f"{cls.__qualname__}._icon", f"is {icon!r}, not a .png file name"
    )
    path = os.path.join(PACKAGE_PARENT, icon_dir, icon)
    assert os.path.isfile(path), broke(
        f"{type_name} (_icon_dir + _icon)", f"points at {path}, which does not exist (a wheel without its icons?)"
    )
    load_icon = getattr(cls, "_load_icon", None)
    if load_icon is not None:  # diagrams' own way of finding the icon must agree with ours
        assert os.path.normpath(load_icon(cls)) == os.path.normpath(path), broke(
            f"{cls.__qualname__}._load_icon()", f"finds {load_icon(cls)}, but render.py computes {path}"
        )


def test_the_context_functions_set_and_clear_the_diagram_and_cluster():
    for name in ("setdiagram", "getdiagram", "setcluster", "getcluster"):
        assert callable(getattr(diagrams, name, None)), broke(f"diagrams.{name}", "is gone or not callable")
    marker = object()
    diagrams.setdiagram(marker)
    try:
        assert diagrams.getdiagram() is marker, broke("diagrams.setdiagram(d)", "does not make getdiagram() return d")
    finally:
        diagrams.setdiagram(None)
    assert diagrams.getdiagram() is None, broke("diagrams.setdiagram(None)", "does not clear the diagram")
    diagrams.setcluster(marker)
    try:
        assert diagrams.getcluster() is marker, broke("diagrams.setcluster(c)", "does not make getcluster() return c")
    finally:
        diagrams.setcluster(None)
    assert diagrams.getcluster() is None, broke("diagrams.setcluster(None)", "does not clear the cluster")


def test_diagram_takes_the_arguments_render_and_codegen_pass():
    parameters = inspect.signature(Diagram).parameters
    for name in ("name", "filename", "direction", "curvestyle", "outformat", "show", "graph_attr"):
        assert name in parameters, broke(f"Diagram({name}=...)", "is no longer accepted")
    assert "nodeid" in inspect.signature(Node).parameters, broke("Node(nodeid=...)", "is no longer accepted")


def test_diagram_dot_is_a_digraph_taking_edges(diagram):
    dot = getattr(diagram, "dot", None)
    assert dot is not None and callable(getattr(dot, "edge", None)), broke("Diagram.dot.edge", "is gone")
    dot.edge("a-node", "b-node", label="an edge")
    assert isinstance(dot.source, str) and "a-node" in dot.source and "b-node" in dot.source, broke(
        "Diagram.dot.source", "does not hold the edges added with Diagram.dot.edge"
    )


def test_a_node_keeps_its_nodeid_and_the_attributes_given(diagram):
    cls = node_class(library_node_types()[0])
    node = cls("a label", nodeid="my-node-id", image="/custom/icon.png", shape="none")
    assert getattr(node, "_id", None) == "my-node-id", broke("Node(nodeid=...)", "does not set the node's id")
    source = diagram.dot.source
    assert "my-node-id" in source, broke("Node(nodeid=...)", "is not the node's id in the DOT")
    assert "/custom/icon.png" in source, broke("Node(image=...)", "does not override the class's own icon")
    assert os.path.join(cls._icon_dir, cls._icon) not in source, broke(
        "Node(image=...)", "leaves the class's own icon in the DOT"
    )


def test_a_cluster_can_be_renamed_and_collects_its_nodes(diagram):
    cls = node_class(library_node_types()[0])
    group = Cluster("A label", graph_attr={"bgcolor": "#ABCDEF"})
    assert isinstance(getattr(group, "name", None), str), broke("Cluster.name", "is gone or not a str")
    assert getattr(getattr(group, "dot", None), "name", None) is not None, broke("Cluster.dot.name", "is gone")
    group.name = "cluster_our-id"
    group.dot.name = group.name
    with group as entered:
        assert entered is group, broke("Cluster.__enter__", "does not return the cluster")
        assert diagrams.getcluster() is group, broke("Cluster.__enter__", "does not set the cluster context")
        cls("inside", nodeid="inner-node")
    assert diagrams.getcluster() is None, broke("Cluster.__exit__", "does not restore the context")
    source = diagram.dot.source
    assert "subgraph cluster_our-id" in source or 'subgraph "cluster_our-id"' in source, broke(
        "Cluster.dot.name", "does not name the cluster's subgraph"
    )
    subgraph = source[source.index("cluster_our-id") :]
    assert "inner-node" in subgraph and "#ABCDEF" in subgraph, broke(
        "Cluster", "does not hold the nodes made inside it, or its graph_attr"
    )


def test_entering_a_diagram_sets_the_context(tmp_path, monkeypatch):
    """The Python scripts that codegen writes use ``with Diagram(...) as diagram:``."""
    monkeypatch.chdir(tmp_path)
    made = Diagram(name="", filename="unused", show=False)
    try:
        assert made.__enter__() is made, broke("Diagram.__enter__", "does not return the diagram")
        assert diagrams.getdiagram() is made, broke("Diagram.__enter__", "does not set the diagram context")
    finally:
        diagrams.setdiagram(None)  # not __exit__, which would render a file
