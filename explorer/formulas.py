"""Figures computed from a scenario's parameters.

Formulas live here, in code, and scenario files refer to them by name; nothing from a
scenario file or the database is ever evaluated as an expression.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

SECONDS_PER_DAY = 86_400


def network_transfer_days(params: Mapping[str, float]) -> float:
    """Days to push ``data_tb`` terabytes through a ``bandwidth_mbps`` link at full rate.

    Decimal units, as network links and disks are sold: 1 TB = 10^12 bytes and
    1 Mbps = 10^6 bits per second. 80 TB over 100 Mbps gives about 74 days.
    """
    bits = params["data_tb"] * 1e12 * 8
    bits_per_second = params["bandwidth_mbps"] * 1e6
    return bits / bits_per_second / SECONDS_PER_DAY


FORMULAS: dict[str, Callable[[Mapping[str, float]], float]] = {
    "network_transfer_days": network_transfer_days,
}
