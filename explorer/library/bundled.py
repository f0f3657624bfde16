"""Where the bundled library and its sources live.

An installed package (``pip install .``, a wheel) carries the bundled library inside it
as ``explorer/library/data/scenarios.db``; setup.py copies it there when the wheel is
built, and it is found with :mod:`importlib.resources`. A source checkout, or an
editable install of one, has no such copy and reads the repository's top-level
``scenarios.db``, the file that ``explorer build`` writes and the tests check. Either
way the library is only ever opened read-only.

The YAML sources (``assets/scenarios``) exist only in a source checkout:
:func:`checkout_sources` says so clearly when they are absent.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

# The repository, when this module runs from a source checkout (an editable install
# included). In an installed package this is site-packages, with no sources in it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SCENARIO_SOURCES = PROJECT_ROOT / "assets" / "scenarios"
# The top-level library of a checkout: built from SCENARIO_SOURCES by `explorer build`.
CHECKOUT_DB = PROJECT_ROOT / "scenarios.db"
# Where setup.py puts the installed copy, relative to this package.
PACKAGED_DB = ("data", "scenarios.db")

NO_SOURCES = (
    "the scenario sources (assets/scenarios) are in a source checkout of Scenario Explorer only, not in the "
    "installed package: run this from a checkout, or name a folder of scenario files with --sources DIR"
)
NO_CHECKOUT_DB = (
    "the bundled library is rebuilt only in a source checkout of Scenario Explorer; the installed package's "
    "copy is read-only: name the database to write with -o DB"
)


class SourcesMissing(LookupError):
    """This explorer runs from an installed package, which has no YAML sources; the
    text is one line for the user."""


def in_checkout() -> bool:
    """True when this module runs from a source checkout, which has the YAML sources."""
    return SCENARIO_SOURCES.is_dir() and (PROJECT_ROOT / "pyproject.toml").is_file()


def checkout_sources() -> Path:
    """The checkout's folder of scenario YAML files (``explorer build``'s default
    ``--sources``); :class:`SourcesMissing` when running from an installed package."""
    if not in_checkout():
        raise SourcesMissing(NO_SOURCES)
    return SCENARIO_SOURCES


def checkout_db() -> Path:
    """The checkout's top-level ``scenarios.db`` (``explorer build``'s default ``-o``);
    :class:`SourcesMissing` when running from an installed package, whose copy is never written."""
    if not in_checkout():
        raise SourcesMissing(NO_CHECKOUT_DB)
    return CHECKOUT_DB


def _packaged_library() -> Path | None:
    """The installed copy of the bundled library as a real file (SQLite needs a path), or None."""
    try:
        resource = resources.files(__package__ or "explorer.library")
        for part in PACKAGED_DB:
            resource = resource / part
        if not resource.is_file():
            return None
        if isinstance(resource, Path):
            return resource.resolve()  # an ordinary install: the file itself, never a copy
        # Installed in a zip or the like: a temporary copy that lasts as long as the process.
        stack = contextlib.ExitStack()
        atexit.register(stack.close)
        return Path(stack.enter_context(resources.as_file(resource))).resolve()
    except (ModuleNotFoundError, OSError, ValueError):
        return None


def _bundled_library() -> Path:
    packaged = _packaged_library()
    return packaged if packaged is not None else CHECKOUT_DB


# The library the app and the CLI read when none is named. Opened read-only everywhere
# (explorer.library.store); `explorer import` and the app refuse to write it.
BUNDLED_DB = _bundled_library()
