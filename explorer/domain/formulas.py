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


# --- Scenario 1: EC2 purchase models ---------------------------------------------------
# Parameters: instances (fleet at peak), hourly_usd (on-demand price of one instance),
# baseline_instances (kept running all the time), ri_discount (0-1, reserved saving),
# peak_hours_month (hours a month the peak fleet runs). A month is 730 hours.

HOURS_PER_MONTH = 730


def ec2_on_demand_always_on_usd(p: Mapping[str, float]) -> float:
    """Today's set-up: the whole fleet on demand around the clock."""
    return p["instances"] * HOURS_PER_MONTH * p["hourly_usd"]


def _peak_extra_usd(p: Mapping[str, float]) -> float:
    extra = max(p["instances"] - p["baseline_instances"], 0)
    return extra * p["peak_hours_month"] * p["hourly_usd"]


def ec2_reserved_baseline_scheduled_usd(p: Mapping[str, float]) -> float:
    """Reserved baseline around the clock, on-demand extra instances only in business hours."""
    baseline = p["baseline_instances"] * HOURS_PER_MONTH * p["hourly_usd"] * (1 - p["ri_discount"])
    return baseline + _peak_extra_usd(p)


def ec2_scheduled_on_demand_usd(p: Mapping[str, float]) -> float:
    """Scheduled scaling with every instance on demand (no commitment)."""
    return p["baseline_instances"] * HOURS_PER_MONTH * p["hourly_usd"] + _peak_extra_usd(p)


FORMULAS.update(
    {
        "ec2_on_demand_always_on_usd": ec2_on_demand_always_on_usd,
        "ec2_reserved_baseline_scheduled_usd": ec2_reserved_baseline_scheduled_usd,
        "ec2_scheduled_on_demand_usd": ec2_scheduled_on_demand_usd,
    }
)
