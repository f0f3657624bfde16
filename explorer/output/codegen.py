"""Diagrams as code: a standalone script that rebuilds a view with the diagrams package.

The script needs nothing but ``diagrams`` and Graphviz. It carries the prepared icons
(padded, and faded for later phases) as base64 so that it draws exactly what the app
draws. It starts with a fixed shebang and ``coding: utf-8`` line, its comments are fixed
text, and every text from the scenario is written only inside a string literal made by
``ascii()``, so the whole script is pure ASCII and nothing in a title or label (a
``coding:`` declaration, a quote, a NUL, a form feed, a lone CR, a line separator) can
break out of its literal or change how Python reads the file.
"""

from __future__ import annotations

import base64
import re
import textwrap
from pathlib import Path

from explorer.domain.compose import View
from explorer.domain.model import Scenario
from explorer.drawing.render import Plan, PlanCluster, PlanNode, RenderError


def _identifier(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_") or "icon"


def _lit(value: object) -> str:
    """A Python literal of ``value`` (str, number, or dict/list/tuple of them) in ASCII."""
    return ascii(value)


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
        return f"{indent}{cls}({_lit(node.label)}, nodeid={_lit(node.id)}, image=icon({_lit(icon_name(node.attrs['image']))}), **{_lit(attrs)})"

    body: list[str] = []

    def emit(nodes: list[PlanNode], clusters: list[PlanCluster], indent: str) -> None:
        for node in nodes:
            body.append(node_line(node, indent))
        for cluster in clusters:
            var = f"group_{_identifier(cluster.id)}"
            body.append(f"{indent}{var} = Cluster({_lit(cluster.label)}, graph_attr={_lit(cluster.graph_attr)})")
            body.append(f"{indent}{var}.name = {var}.dot.name = {_lit('cluster_' + cluster.id)}")
            body.append(f"{indent}with {var}:")
            before = len(body)
            emit(cluster.nodes, cluster.children, indent + "    ")
            if len(body) == before:
                body.append(f"{indent}    pass")

    emit(plan.nodes, plan.clusters, "    ")
    for source, target, attrs in plan.edges:
        body.append(f"    diagram.dot.edge({_lit(source)}, {_lit(target)}, **{_lit(attrs)})")

    import_lines = [f"from {module} import {', '.join(sorted(names))}" for module, names in sorted(imports.items())]
    icon_lines = [
        f"    {_lit(name)}: (\n" + "\n".join(f"        {_lit(chunk)}" for chunk in textwrap.wrap(data, 88)) + "\n    ),"
        for name, data in icons.items()
    ]
    selection = ", ".join(f"{g}={o}" for g, o in view.selection.items()) or "default"
    phase = f"phase {view.phase}" if view.phase else "complete design"
    filename = re.sub(r"[^a-z0-9-]+", "-", f"{scenario.id}-{'phase-' + str(view.phase) if view.phase else 'complete'}")
    about = (
        f"{scenario.title} ({selection}; {phase})\n\n"
        f"Written by Scenario Explorer from the scenario {scenario.id!r}. It needs only the\n"
        f"diagrams package and Graphviz: `python this_file.py` writes {filename}.png here.\n"
    )
    # No scenario text in a comment: Python reads a "coding:" comment on the first two
    # lines, and a CR, form feed or NUL in one would end or break it.
    header = "\n".join(
        [
            "#!/usr/bin/env python3",
            "# -*- coding: utf-8 -*-",
            "# A view of a Scenario Explorer diagram, rebuilt with the diagrams package.",
            _lit(about),
        ]
    )
    script = "\n".join(
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
            f"GRAPH_ATTR = {_lit(plan.graph_attr)}",
            "",
            f"with Diagram('', filename={_lit(filename)}, outformat='png', show=False, direction={_lit(plan.direction)}, "
            f"curvestyle='curved', graph_attr=GRAPH_ATTR) as diagram:",
            *body,
            "",
        ]
    )
    if not script.isascii():  # every text above went through _lit; this would be a bug
        raise RenderError("the script for this view is not plain ASCII")
    return script
