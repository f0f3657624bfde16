"""The on-disk render cache: bounded, shared safely, and robust to damage."""

from __future__ import annotations

import stat
import threading

from explorer.domain.compose import compose
from explorer.drawing.cache import DiskCache, disk_cache
from explorer.drawing.render import clear_memory_cache, dot_source, run_dot


def test_round_trip_and_damage_is_ignored(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("ab" * 32, b"image bytes")
    assert cache.get("ab" * 32) == b"image bytes"
    entry = next(tmp_path.glob("*/*.bin"))
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")  # flipped bytes
    assert cache.get("ab" * 32) is None
    assert not entry.exists()  # forgotten, to be rendered again
    entry.parent.mkdir(exist_ok=True)
    entry.write_bytes(b"garbage")
    assert cache.get("ab" * 32) is None


def test_corrupt_render_is_rewritten(scenarios):
    source = dot_source(compose(scenarios["disaster-recovery"], phase=2))
    first = run_dot(source, dpi=50, persist=True)
    entries = list(disk_cache().folder.glob("*/*.bin"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"SXC1" + b"\0" * 40)
    clear_memory_cache()
    again = run_dot(source, dpi=50, persist=True)
    assert again == first and again.startswith(b"\x89PNG")
    clear_memory_cache()
    assert run_dot(source, dpi=50, persist=True) == first  # now served from the rewritten entry


def test_the_cache_stays_under_its_limit(tmp_path):
    cache = DiskCache(tmp_path, limit_bytes=50_000)
    for i in range(60):
        cache.put(f"{i:064x}", bytes(2_000))
    cache.prune()
    assert cache.size_bytes() <= 50_000


def test_concurrent_writers_never_expose_a_partial_entry(tmp_path):
    cache = DiskCache(tmp_path)
    key = "cd" * 32
    payloads = [bytes([n]) * 200_000 for n in range(8)]
    seen: list[bytes | None] = []

    def writer(data: bytes) -> None:
        for _ in range(5):
            cache.put(key, data)

    def reader() -> None:
        for _ in range(50):
            seen.append(cache.get(key))

    threads = [threading.Thread(target=writer, args=(p,)) for p in payloads] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s is None or s in payloads for s in seen)
    assert cache.get(key) in payloads


def test_entries_are_the_users_alone_and_no_partial_file_is_left(tmp_path):
    cache = DiskCache(tmp_path)
    cache.put("ef" * 32, b"image bytes")
    entries = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.name for p in entries] == [f"{'ef' * 32}.bin"]
    assert stat.S_IMODE(entries[0].stat().st_mode) == 0o600


def test_an_unwritable_cache_is_only_slower(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = DiskCache(blocker / "renders")
    cache.put("ab" * 32, b"image bytes")  # no error: the render is simply not kept
    assert cache.get("ab" * 32) is None


def test_the_memory_cache_is_bounded_in_bytes(monkeypatch):
    from explorer.drawing import render
    from explorer.drawing.memcache import ByteBoundedLRU

    assert isinstance(render._cache, ByteBoundedLRU) and render._cache.max_bytes == render.MEMORY_CACHE_BYTES
    small: ByteBoundedLRU[str, bytes] = ByteBoundedLRU(1, len)  # keeps nothing but an empty result
    monkeypatch.setattr(render, "_cache", small)
    first = run_dot("digraph { a -> b }", dpi=30)
    assert len(small) == 0 and run_dot("digraph { a -> b }", dpi=30) == first  # drawn again, alike
