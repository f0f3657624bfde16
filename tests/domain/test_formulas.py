"""Formulas: figures computed from a scenario's parameters, referred to by name."""

from __future__ import annotations

import math

import pytest

from explorer.domain.formulas import (
    FORMULAS,
    HOURS_PER_MONTH,
    ec2_on_demand_always_on_saving_pct,
    ec2_on_demand_always_on_usd,
    ec2_reserved_all_saving_pct,
    ec2_reserved_all_usd,
    ec2_reserved_baseline_scheduled_saving_pct,
    ec2_reserved_baseline_scheduled_usd,
    ec2_scheduled_on_demand_saving_pct,
    ec2_scheduled_on_demand_usd,
    network_transfer_days,
)
from explorer.domain.tradeoffs import parameter_values


def test_transfer_time_formula():
    assert network_transfer_days({"data_tb": 80, "bandwidth_mbps": 100}) == pytest.approx(74.07, abs=0.01)
    assert network_transfer_days({"data_tb": 8, "bandwidth_mbps": 1000}) == pytest.approx(0.74, abs=0.01)


def test_transfer_time_uses_decimal_units():
    # 1 TB = 10^12 bytes = 8 * 10^12 bits; at 10^6 bits a second that is 8 * 10^6 seconds.
    assert network_transfer_days({"data_tb": 1, "bandwidth_mbps": 1}) == pytest.approx(8e6 / 86_400)
    assert network_transfer_days({"data_tb": 2, "bandwidth_mbps": 1}) == pytest.approx(
        2 * network_transfer_days({"data_tb": 1, "bandwidth_mbps": 1})
    )


# A fleet whose whole hourly cost is the instance price: the plain textbook sums.
FLEET = {
    "instances": 10,
    "hourly_usd": 0.1,
    "instance_price_usd": 0.1,
    "fixed_share": 0.5,
    "baseline_instances": 4,
    "ri_discount": 0.4,
    "peak_hours_month": 200,
}


def test_ec2_purchase_models_by_hand():
    assert HOURS_PER_MONTH == 730
    assert ec2_on_demand_always_on_usd(FLEET) == pytest.approx(10 * 730 * 0.1)  # 730
    peak_extra = (10 - 4) * 200 * 0.1  # six more instances for the peak hours: 120
    assert ec2_reserved_baseline_scheduled_usd(FLEET) == pytest.approx(4 * 730 * 0.1 * 0.6 + peak_extra)  # 295.2
    assert ec2_scheduled_on_demand_usd(FLEET) == pytest.approx(4 * 730 * 0.1 + peak_extra)  # 412
    assert ec2_reserved_all_usd(FLEET) == pytest.approx(10 * 730 * 0.1 * 0.6)  # 438


def test_a_reservation_discounts_the_instance_price_only():
    # $0.16 an hour today, of which $0.10 is the instance; of the other $0.06, half stays
    # whatever the fleet does ($219 a month) and half follows the instance-hours.
    fleet = {**FLEET, "hourly_usd": 0.16}
    fixed = 10 * 730 * 0.06 * 0.5
    assert ec2_on_demand_always_on_usd(fleet) == pytest.approx(10 * 730 * 0.16)  # still today's bill
    reserved_hour = 0.1 * 0.6 + 0.03
    on_demand_hour = 0.1 + 0.03
    assert ec2_reserved_baseline_scheduled_usd(fleet) == pytest.approx(
        fixed + 4 * 730 * reserved_hour + 6 * 200 * on_demand_hour
    )
    assert ec2_scheduled_on_demand_usd(fleet) == pytest.approx(
        fixed + 4 * 730 * on_demand_hour + 6 * 200 * on_demand_hour
    )
    assert ec2_reserved_all_usd(fleet) == pytest.approx(fixed + 10 * 730 * reserved_hour)
    everything_fixed = {**fleet, "fixed_share": 1.0}
    assert ec2_scheduled_on_demand_usd(everything_fixed) == pytest.approx(10 * 730 * 0.06 + (4 * 730 + 6 * 200) * 0.1)


def test_an_instance_price_above_todays_cost_is_capped_at_it():
    fleet = {**FLEET, "instance_price_usd": 5.0}
    assert ec2_reserved_all_usd(fleet) == pytest.approx(ec2_reserved_all_usd(FLEET))
    assert ec2_on_demand_always_on_usd(fleet) == pytest.approx(730)


def test_savings_are_percent_of_todays_bill():
    assert ec2_on_demand_always_on_saving_pct(FLEET) == pytest.approx(0)
    assert ec2_reserved_baseline_scheduled_saving_pct(FLEET) == pytest.approx(100 * (1 - 295.2 / 730))
    assert ec2_scheduled_on_demand_saving_pct(FLEET) == pytest.approx(100 * (1 - 412 / 730))
    assert ec2_reserved_all_saving_pct(FLEET) == pytest.approx(40)


def test_a_baseline_larger_than_the_fleet_adds_no_peak_cost():
    fleet = {**FLEET, "baseline_instances": 12}
    assert ec2_scheduled_on_demand_usd(fleet) == pytest.approx(12 * 730 * 0.1)
    assert ec2_reserved_baseline_scheduled_usd(fleet) == pytest.approx(12 * 730 * 0.1 * 0.6)


def test_every_formula_is_registered_under_its_own_name():
    assert set(FORMULAS) == {
        "network_transfer_days",
        "ec2_on_demand_always_on_usd",
        "ec2_reserved_baseline_scheduled_usd",
        "ec2_scheduled_on_demand_usd",
        "ec2_reserved_all_usd",
        "ec2_on_demand_always_on_saving_pct",
        "ec2_reserved_baseline_scheduled_saving_pct",
        "ec2_scheduled_on_demand_saving_pct",
        "ec2_reserved_all_saving_pct",
        "snowball_edge_days",
        "snowmobile_days",
    }
    assert all(formula.__name__ == name for name, formula in FORMULAS.items())


def test_every_formula_a_scenario_names_computes_from_its_parameters(scenarios):
    used = set()
    for s in scenarios.values():
        values = parameter_values(s)
        for group in s.option_groups:
            for option in group.options:
                for key in option.metrics:
                    metric = option.metric(key)
                    if metric is not None and metric.formula is not None:
                        used.add(metric.formula)
                        result = FORMULAS[metric.formula](values)  # a KeyError names a missing parameter
                        if result is None:  # not offered at these values: cannot be judged
                            continue
                        ends = result if isinstance(result, tuple) else (result,)
                        assert all(math.isfinite(v) and v >= 0 for v in ends), (s.id, option.key, key)
                        assert list(ends) == sorted(ends)  # best, then worst
    assert used == set(FORMULAS)  # and none is left unused
