"""A QSettings store read as a plain mapping, for the Qt-free ``explorer.ui.session``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from PySide6.QtCore import QSettings


class SettingsValues(Mapping[str, object]):
    """The values of a QSettings store by key, read when asked (never a copy)."""

    def __init__(self, settings: QSettings):
        self._settings = settings

    def __getitem__(self, key: str) -> object:
        if not self._settings.contains(key):
            raise KeyError(key)
        return self._settings.value(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._settings.allKeys())

    def __len__(self) -> int:
        return len(self._settings.allKeys())
