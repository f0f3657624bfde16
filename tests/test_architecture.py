"""The core never imports Qt: all Qt code lives in explorer/ui/."""

from __future__ import annotations

import ast
import subprocess
import sys

from .conftest import ROOT


def test_core_modules_do_not_import_qt():
    offenders = []
    for path in (ROOT / "explorer").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "explorer").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}]
    assert offenders == []


def test_cli_runs_without_loading_qt():
    code = (
        "import sys, explorer.cli, explorer.drawing.render, explorer.library.store, explorer.output.report;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
