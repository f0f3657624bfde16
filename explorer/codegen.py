"""Diagrams as code: a standalone script that rebuilds a view with the diagrams package.

The script needs nothing but ``diagrams`` and Graphviz. It carries the prepared icons
(padded, and faded for later phases) as base64 so that it draws exactly what the app
draws, and every text is written as a Python literal with ``repr`` so that nothing in a
label can break out of it.
"""

from __future__ import annotations

import base64
import re
import textwrap
from pathlib import Path

from .compose import View
from .model import Scenario
from .render import Plan, PlanCluster, PlanNode


def _identifier(text: str) -> str:
    return re.sub(r"\W+", "_", text).strip("_") or "icon"


def python_script(plan: Plan, scenario: Scenario, view: View) -> str:
    imports: dict[str, set[str]] = {}
    icons: dict[str, str] = {}  # name -> base64
    icon_names: dict[str, str] = {}  # file path -> name

    def icon_name(path: str) -> str:
        if path not in icon_names:
            base = _identifier(Path(path).stem.split("-")[0]) + ("_faded" if "-faded-" in Path(path).name else "")
            name, n = base, 2
            while name in icons:
                name, n = f"{base}_{n}", n + 1
            icon_names[path] = name
            icons[name] = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        return icon_names[path]

    def node_line(node: PlanNode, indent: str) -> str:
        module, _, cls = node.type.rpartition(".")
        imports.setdefault(f"diagrams.{module}", set()).add(cls)
        attrs = {k: v for k, v in node.attrs.items() if k != "image"}
        return f"{indent}{cls}({node.label!r}, nodeid={node.id!r}, image=icon({icon_name(node.attrs['image'])!r}), **{attrs!r})"

    body: list[str] = []

    def emit(nodes: list[PlanNode], clusters: list[PlanCluster], indent: str) -> None:
        for node in nodes:
            body.append(node_line(node, indent))
        for cluster in clusters:
            var = f"group_{_identifier(cluster.id)}"
            body.append(f"{indent}{var} = Cluster({cluster.label!r}, graph_attr={cluster.graph_attr!r})")
            body.append(f'{indent}{var}.name = {var}.dot.name = {"cluster_" + cluster.id!r}')
            body.append(f"{indent}with {var}:")
            before = len(body)
            emit(cluster.nodes, cluster.children, indent + "    ")
            if len(body) == before:
                body.append(f"{indent}    pass")

    emit(plan.nodes, plan.clusters, "    ")
    for source, target, attrs in plan.edges:
        body.append(f"    diagram.dot.edge({source!r}, {target!r}, **{attrs!r})")

    import_lines = [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(imports.items())]
    icon_lines = [f"    {name!r}: (\n" + "\n".join(f"        {chunk!r}" for chunk in textwrap.wrap(data, 88)) + "\n    )," for name, data in icons.items()]
    selection = ", ".join(f"{g}={o}" for g, o in view.selection.items()) or "default"
    phase = f"phase {view.phase}" if view.phase else "complete design"
    filename = re.sub(r"[^a-z0-9-]+", "-", f"{scenario.id}-{'phase-' + str(view.phase) if view.phase else 'complete'}")
    title = " ".join(scenario.title.split())  # one line: it goes into a comment
    header = "\n".join(
        [
            "#!/usr/bin/env python3",
            f"# {title} ({selection}; {phase})",
            f"# Written by Scenario Explorer from the scenario {scenario.id!r}. It needs only the",
            f"# diagrams package and Graphviz: `python this_file.py` writes {filename}.png here.",
        ]
    )
    return "\n".join(
        [
            header,
            "import atexit",
            "import base64",
            "import os",
            "import shutil",
            "import tempfile",
            "",
            "from diagrams import Cluster, Diagram",
            *import_lines,
            "",
            "# The app's icons, padded to the node shape (and faded for later phases).",
            "ICONS = {",
            *icon_lines,
            "}",
            '_ICON_DIR = tempfile.mkdtemp(prefix="diagram-icons-")',
            "atexit.register(shutil.rmtree, _ICON_DIR, True)",
            "",
            "",
            "def icon(name):",
            '    path = os.path.join(_ICON_DIR, name + ".png")',
            "    if not os.path.exists(path):",
            '        with open(path, "wb") as handle:',
            "            handle.write(base64.b64decode(ICONS[name]))",
            "    return path",
            "",
            "",
            f"GRAPH_ATTR = {plan.graph_attr!r}",
            "",
            f"with Diagram('', filename={filename!r}, outformat='png', show=False, direction={plan.direction!r}, "
            f"curvestyle='curved', graph_attr=GRAPH_ATTR) as diagram:",
            *body,
            "",
        ]
    )


