"""Build hook: ship the repository's ``scenarios.db`` inside the package.

Everything else about the package is declared in ``pyproject.toml``. The bundled library
is built from ``assets/scenarios/*.yaml`` into the repository's top-level
``scenarios.db`` (``explorer build``), and that file stays the one the repository tests.
A wheel (built from the checkout or from an sdist, whose ``MANIFEST.in`` includes
``scenarios.db``) gets a copy of it as ``explorer/library/data/scenarios.db``, where
``explorer.library.bundled`` finds it with ``importlib.resources``. An editable install
gets no copy: it reads the top-level file itself, so a rebuilt library is seen at once.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import FileError

ROOT = Path(__file__).resolve().parent
LIBRARY = ROOT / "scenarios.db"
# Where the copy goes inside the package; explorer/library/bundled.py reads it there.
PACKAGED = ("explorer", "library", "data", "scenarios.db")


class BuildPyWithLibrary(build_py):
    """``build_py`` that also copies the bundled library into the build tree."""

    def _packaged_library(self) -> Path | None:
        if getattr(self, "editable_mode", False):
            return None  # an editable install reads the checkout's scenarios.db
        return Path(self.build_lib, *PACKAGED)

    def run(self) -> None:
        super().run()
        target = self._packaged_library()
        if target is None:
            return
        if not LIBRARY.is_file():
            raise FileError(
                f"{LIBRARY} is missing: run `explorer build` (or `./dev test`) to build it from the sources"
            )
        self.mkpath(str(target.parent))
        self.copy_file(str(LIBRARY), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        target = self._packaged_library()
        if target is not None:
            outputs.append(str(target))
        return outputs


setup(cmdclass={"build_py": BuildPyWithLibrary})
