"""Combined metrics, requirement checks and the recommendation engine."""

from __future__ import annotations

import pytest

from explorer.domain.formulas import network_transfer_days


def test_transfer_time_formula():
    assert network_transfer_days({"data_tb": 80, "bandwidth_mbps": 100}) == pytest.approx(74.07, abs=0.01)
    assert network_transfer_days({"data_tb": 8, "bandwidth_mbps": 1000}) == pytest.approx(0.74, abs=0.01)
