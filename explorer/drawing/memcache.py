"""A memory cache bounded in bytes, least recently used first out, safe across threads.

Renders happen on worker threads while the UI thread reads, so every operation holds
one lock. What an item weighs is the caller's to say (``size_of``): ``len`` for the
rendered bytes of ``explorer.drawing.render``, ``QImage.sizeInBytes`` for the window's
decoded images. An item heavier than the whole budget is not kept at all, rather than
emptying the cache for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteBoundedLRU(Generic[K, V]):
    """Items by key, holding at most ``max_bytes`` by ``size_of``; the least recently
    used go first when a new item needs the room."""

    def __init__(self, max_bytes: int, size_of: Callable[[V], int]):
        if max_bytes < 0:
            raise ValueError(f"max_bytes must be 0 or more, not {max_bytes}")
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: K, touch: bool = True) -> V | None:
        """The item for ``key``, or None; ``touch=False`` looks without making it recent."""
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if touch:
                self._items.move_to_end(key)
            return entry[0]

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` as the most recent item (replacing any under ``key``), then
        drop the least recent until the cache fits its budget again."""
        size = self._size_of(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return  # it could only be kept by emptying the cache, and not even then
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def total_bytes(self) -> int:
        """What the items held weigh together, by ``size_of``."""
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
