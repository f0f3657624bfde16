"""Scenario sources and libraries: YAML loading and validation, reading a library (an
untrusted SQLite file), building and importing, and where the bundled library lives.
"""

from explorer.library.store import Library, LibraryError

__all__ = ["Library", "LibraryError"]
