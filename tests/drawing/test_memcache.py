"""The memory cache bounded in bytes: what it keeps, what it drops first, and that
threads sharing it never see it inconsistent."""

from __future__ import annotations

import sys
import threading

import pytest

from explorer.drawing.memcache import ByteBoundedLRU


def cache(max_bytes: int) -> ByteBoundedLRU[str, bytes]:
    return ByteBoundedLRU(max_bytes, len)


def test_it_is_bounded_by_bytes_not_by_entries():
    lru = cache(100)
    for key in "abcde":
        lru.put(key, bytes(20))
    assert len(lru) == 5 and lru.total_bytes() == 100  # exactly full: nothing dropped
    lru.put("f", bytes(45))  # needs the room of three small items
    assert [k for k in "abcdef" if lru.get(k, touch=False) is not None] == ["d", "e", "f"]
    assert lru.total_bytes() == 85
    for key in "ghijklmnopqrst":
        lru.put(key, b"x")  # many tiny items all fit beside the others
    assert len(lru) == 17 and lru.total_bytes() == 99


def test_the_least_recently_used_goes_first():
    lru = cache(30)
    lru.put("a", bytes(10))
    lru.put("b", bytes(10))
    lru.put("c", bytes(10))
    assert lru.get("a") == bytes(10)  # now the most recent
    lru.put("d", bytes(10))
    assert lru.get("b") is None
    assert all(lru.get(k) is not None for k in "acd")


def test_looking_without_touching_keeps_the_order():
    lru = cache(20)
    lru.put("a", bytes(10))
    lru.put("b", bytes(10))
    assert lru.get("a", touch=False) == bytes(10)
    lru.put("c", bytes(10))
    assert lru.get("a") is None and lru.get("b") is not None


def test_replacing_an_item_counts_only_the_new_one():
    lru = cache(100)
    lru.put("a", bytes(60))
    lru.put("a", bytes(30))
    assert len(lru) == 1 and lru.total_bytes() == 30
    lru.put("b", bytes(70))  # fits beside the new "a", not beside the old one
    assert lru.get("a") == bytes(30) and lru.total_bytes() == 100


def test_an_item_bigger_than_the_whole_budget_is_not_kept():
    lru = cache(50)
    lru.put("a", bytes(20))
    lru.put("b", bytes(20))
    lru.put("huge", bytes(51))
    assert lru.get("huge") is None
    assert lru.get("a") == bytes(20) and lru.get("b") == bytes(20)  # nothing was dropped for it
    assert lru.total_bytes() == 40
    lru.put("a", bytes(51))  # an oversize replacement: the old item under that key goes
    assert lru.get("a") is None and len(lru) == 1 and lru.total_bytes() == 20


def test_clear_and_a_zero_budget():
    lru = cache(50)
    lru.put("a", bytes(20))
    lru.clear()
    assert len(lru) == 0 and lru.total_bytes() == 0 and lru.get("a") is None
    nothing = cache(0)
    nothing.put("a", b"x")
    assert len(nothing) == 0
    nothing.put("empty", b"")  # weighs nothing: kept
    assert nothing.get("empty") == b""
    with pytest.raises(ValueError):
        cache(-1)


def test_size_of_decides_the_weight():
    lru: ByteBoundedLRU[str, list[int]] = ByteBoundedLRU(10, lambda items: 4 * len(items))
    lru.put("a", [1, 2])
    lru.put("b", [3])
    assert lru.total_bytes() == 4  # "a" (weighing 8) was dropped to make room for "b" (4)
    assert lru.get("a") is None and lru.get("b") == [3]


@pytest.fixture
def frequent_thread_switches():
    """Threads take turns far more often than usual, so that a missing lock shows."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_threads_sharing_it_never_break_its_bounds(frequent_thread_switches):
    lru = cache(10_000)
    threads = 8
    start = threading.Barrier(threads)
    failures: list[str] = []

    def work(n: int) -> None:
        try:
            use(n)
        except Exception as err:  # noqa: BLE001 - a thread's error must fail the test, not just print
            failures.append(repr(err))

    def use(n: int) -> None:
        start.wait()  # all at once, as render workers and the UI thread are
        for i in range(2_000):
            key = f"{(n * 7 + i) % 64}"
            lru.put(key, bytes([n]) * (50 + (i * 37) % 400))
            got = lru.get(f"{i % 64}")
            if got is not None and not (got == bytes([got[0]]) * len(got) and 50 <= len(got) < 450):
                failures.append(f"a torn item under {i % 64}")
            if lru.total_bytes() > 10_000:
                failures.append("over budget")
            if i % 500 == 0:
                lru.clear()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    held = [lru.get(str(k), touch=False) for k in range(64)]
    assert lru.total_bytes() == sum(len(v) for v in held if v is not None) <= 10_000
    assert len(lru) == sum(v is not None for v in held)
