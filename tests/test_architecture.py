"""The core never imports Qt: all Qt code lives in explorer/ui/.

The import contracts in pyproject.toml (``./dev lint``, run by CI) enforce the layers
and forbid Qt outside explorer.ui statically; this checks it at run time.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_cli_runs_without_loading_qt():
    code = (
        "import sys, explorer.cli, explorer.drawing.render, explorer.library.store, explorer.output.report;"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
