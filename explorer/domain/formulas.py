"""Figures computed from a scenario's parameters.

Formulas live here, in code, and scenario files refer to them by name; nothing from a
scenario file or the database is ever evaluated as an expression.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

SECONDS_PER_DAY = 86_400


def network_transfer_days(params: Mapping[str, float]) -> float:
    """Days to push ``data_tb`` terabytes through a ``bandwidth_mbps`` link at full rate.

    Decimal units, as network links and disks are sold: 1 TB = 10^12 bytes and
    1 Mbps = 10^6 bits per second. 80 TB over 100 Mbps gives about 74 days.
    """
    bits = params["data_tb"] * 1e12 * 8
    bits_per_second = params["bandwidth_mbps"] * 1e6
    return bits / bits_per_second / SECONDS_PER_DAY


#: What a formula gives: a figure, a (best, worst) range, or None when it cannot be
#: judged for these parameters (an offer that does not exist at this size).
Figure = float | tuple[float, float] | None

# --- Scenario 3: AWS's data transfer devices -------------------------------------------
# The chapter: 80 TB usable per Snowball Edge Storage Optimized device; AWS ships it in
# 2-3 days, copying takes 2-4 days per 80 TB, shipping back 2-3 days, AWS's upload 1-2
# days; Snowmobile for volumes above 100 PB.

SNOWBALL_TB = 80
SNOWMOBILE_FROM_TB = 100_000  # 100 PB


def snowball_devices(params: Mapping[str, float]) -> int:
    """Devices needed for ``data_tb`` terabytes, 80 TB each."""
    return max(1, math.ceil(params["data_tb"] / SNOWBALL_TB - 1e-9))


def snowball_edge_days(params: Mapping[str, float]) -> tuple[float, float]:
    """Days end to end, best and worst: the devices arrive together (2-3 days), are
    loaded one after another at 2-4 days per 80 TB, travel back together (2-3 days) and
    AWS uploads them (1-2 days). One device gives the chapter's 7-12 days. Loading one
    device after another is an assumption (one loading station on site), not the chapter's."""
    share = params["data_tb"] / SNOWBALL_TB
    copy_best, copy_worst = 2 * max(share, 1 / SNOWBALL_TB), 4 * max(share, 1 / SNOWBALL_TB)
    if share <= 1:
        copy_best, copy_worst = 2.0, 4.0  # the chapter's figure for one device, whatever it holds
    return 2 + copy_best + 2 + 1, 3 + copy_worst + 3 + 2


def snowmobile_days(params: Mapping[str, float]) -> tuple[float, float] | None:
    """A Snowmobile job only from 100 PB (the chapter's threshold): None below it. The
    duration is not in the chapter; read here as 3 to 6 weeks per 100 PB truck load
    (an estimate)."""
    if params["data_tb"] < SNOWMOBILE_FROM_TB:
        return None
    loads = math.ceil(params["data_tb"] / SNOWMOBILE_FROM_TB - 1e-9)
    return 21.0 * loads, 42.0 * loads


FORMULAS: dict[str, Callable[[Mapping[str, float]], Figure]] = {
    "network_transfer_days": network_transfer_days,
    "snowball_edge_days": snowball_edge_days,
    "snowmobile_days": snowmobile_days,
}


# --- Scenario 1: EC2 purchase models ---------------------------------------------------
# Parameters: instances (fleet at peak), hourly_usd (today's cost per instance-hour, the
# chapter's $1,200 over 10 instances and 730 hours), instance_price_usd (the On-Demand
# price of the instance itself, the only part a reservation discounts), fixed_share (0-1,
# how much of the rest of today's cost stays when instances are switched off),
# baseline_instances (kept running all the time), ri_discount (0-1, the reservation's
# saving on the instance price), peak_hours_month (hours a month the peak fleet runs).
#
# Today's cost per instance-hour splits three ways: the instance price, which a schedule
# removes and a reservation discounts; costs that follow the instance-hours but that no
# reservation discounts (storage attached to each instance, for example); and costs that
# stay whatever the fleet does (the load balancer, data transfer for the same traffic).
# A reservation is billed for every hour of its term, whether the instance runs or not,
# so reserving capacity that is only needed in office hours pays for it all night.

HOURS_PER_MONTH = 730


@dataclass(frozen=True)
class _Fleet:
    instances: float
    baseline: float
    price: float  # the instance price per hour, which a reservation discounts
    other: float  # the rest of the cost of an instance-hour, which no reservation touches
    fixed: float  # a month's cost that does not change with the fleet
    discount: float
    peak_hours: float

    @classmethod
    def of(cls, p: Mapping[str, float]) -> _Fleet:
        hourly = p["hourly_usd"]
        price = min(max(p["instance_price_usd"], 0.0), hourly)
        share = min(max(p["fixed_share"], 0.0), 1.0)
        rest = hourly - price
        return cls(
            instances=p["instances"],
            baseline=p["baseline_instances"],
            price=price,
            other=rest * (1 - share),
            fixed=p["instances"] * HOURS_PER_MONTH * rest * share,
            discount=p["ri_discount"],
            peak_hours=p["peak_hours_month"],
        )

    def reserved_hour(self) -> float:
        return self.price * (1 - self.discount) + self.other

    def on_demand_hour(self) -> float:
        return self.price + self.other

    def peak_extra(self) -> float:
        """The instances above the baseline, On-Demand for the peak hours only."""
        return max(self.instances - self.baseline, 0) * self.peak_hours * self.on_demand_hour()


def ec2_on_demand_always_on_usd(p: Mapping[str, float]) -> float:
    """Today's set-up: the whole fleet on demand around the clock (the chapter's $1,200)."""
    fleet = _Fleet.of(p)
    return fleet.fixed + fleet.instances * HOURS_PER_MONTH * fleet.on_demand_hour()


def ec2_reserved_baseline_scheduled_usd(p: Mapping[str, float]) -> float:
    """Reserved baseline around the clock, on-demand extra instances only in business hours."""
    fleet = _Fleet.of(p)
    return fleet.fixed + fleet.baseline * HOURS_PER_MONTH * fleet.reserved_hour() + fleet.peak_extra()


def ec2_scheduled_on_demand_usd(p: Mapping[str, float]) -> float:
    """Scheduled scaling with every instance on demand (no commitment)."""
    fleet = _Fleet.of(p)
    return fleet.fixed + fleet.baseline * HOURS_PER_MONTH * fleet.on_demand_hour() + fleet.peak_extra()


def ec2_reserved_all_usd(p: Mapping[str, float]) -> float:
    """Every instance reserved: the reservations are paid for all month, so all run all month."""
    fleet = _Fleet.of(p)
    return fleet.fixed + fleet.instances * HOURS_PER_MONTH * fleet.reserved_hour()


def _saving_pct(cost: float, p: Mapping[str, float]) -> float:
    today = ec2_on_demand_always_on_usd(p)
    return 100 * (1 - cost / today) if today > 0 else 0.0


def ec2_on_demand_always_on_saving_pct(p: Mapping[str, float]) -> float:
    """Today's set-up saves nothing on today's bill."""
    return _saving_pct(ec2_on_demand_always_on_usd(p), p)


def ec2_reserved_baseline_scheduled_saving_pct(p: Mapping[str, float]) -> float:
    """Percent below today's bill, for the chapter's design (it expects 40-60%)."""
    return _saving_pct(ec2_reserved_baseline_scheduled_usd(p), p)


def ec2_scheduled_on_demand_saving_pct(p: Mapping[str, float]) -> float:
    return _saving_pct(ec2_scheduled_on_demand_usd(p), p)


def ec2_reserved_all_saving_pct(p: Mapping[str, float]) -> float:
    return _saving_pct(ec2_reserved_all_usd(p), p)


FORMULAS.update(
    {
        "ec2_on_demand_always_on_usd": ec2_on_demand_always_on_usd,
        "ec2_reserved_baseline_scheduled_usd": ec2_reserved_baseline_scheduled_usd,
        "ec2_scheduled_on_demand_usd": ec2_scheduled_on_demand_usd,
        "ec2_reserved_all_usd": ec2_reserved_all_usd,
        "ec2_on_demand_always_on_saving_pct": ec2_on_demand_always_on_saving_pct,
        "ec2_reserved_baseline_scheduled_saving_pct": ec2_reserved_baseline_scheduled_saving_pct,
        "ec2_scheduled_on_demand_saving_pct": ec2_scheduled_on_demand_saving_pct,
        "ec2_reserved_all_saving_pct": ec2_reserved_all_saving_pct,
    }
)
