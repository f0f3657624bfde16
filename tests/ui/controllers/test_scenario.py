"""Opening a scenario, choosing its options and phases, and remembering them (ScenarioController)."""

from __future__ import annotations

import shutil
import sqlite3

from explorer.ui.panels import TradeoffPanel
from tests.conftest import BUNDLED_DB

from ..window_helpers import button, pick, shown_image, wait_for_new_image


def shows_current_view(window) -> bool:
    return window.rendering.shown_key == window.rendering.view_key()


def test_switching_strategy_changes_diagram_and_tradeoffs(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    qtbot.waitUntil(lambda: shows_current_view(window), timeout=20_000)
    pilot = button(window, "option:strategy:pilot-light")
    warm = button(window, "option:strategy:warm-standby")
    assert pilot.isChecked() and not warm.isChecked()
    panel = window.findChild(TradeoffPanel, "tradeoffPanel")
    rows_before = panel.rows()
    image_before = shown_image(window)

    warm.click()

    image_after = wait_for_new_image(qtbot, window, image_before)
    assert warm.isChecked() and not pilot.isChecked()
    assert image_after.size() != image_before.size() or image_after != image_before
    rows_after = panel.rows()
    assert rows_after != rows_before
    rpo = dict((r[0], r[1]) for r in rows_after)["RPO"]
    assert "6 s to 5 min" in rpo  # the chapter's "seconds to minutes", both ends
    assert button(window, "applyRecommendation").isEnabled()


def test_stepping_phases_changes_the_diagram(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    qtbot.waitUntil(lambda: shows_current_view(window), timeout=20_000)
    images = []
    for n in (1, 2, 3):
        before = shown_image(window)
        button(window, f"phase:{n}").click()
        images.append(wait_for_new_image(qtbot, window, before))
        assert button(window, f"phase:{n}").isChecked()
        assert f"Phase {n} of" in window.phase_details.text()
    assert images[0] != images[1] != images[2]
    # Positions stay put: every phase image has the same size.
    assert len({(i.width(), i.height()) for i in images}) == 1


def test_stepping_past_the_last_phase_returns_to_the_complete_design(window):
    count = len(window.phases)
    window.step_phase(-1)  # back from the complete design: past the start
    assert window.phase is None and button(window, "phaseAll").isChecked()
    for n in range(1, count + 1):
        window.step_phase(1)
        assert window.phase == n and button(window, f"phase:{n}").isChecked()
    window.step_phase(1)
    assert window.phase is None and button(window, "phaseAll").isChecked()


def test_apply_recommendation_returns_to_pilot_light(qtbot, window):
    pick(qtbot, window, "Disaster recovery")
    button(window, "option:strategy:backup-restore").click()
    checks = window.tradeoffs.checks()
    assert any(met is False for _, met in checks)
    button(window, "applyRecommendation").click()
    assert button(window, "option:strategy:pilot-light").isChecked()
    assert all(met is not False for _, met in window.tradeoffs.checks())


def test_state_is_remembered_across_runs(qtbot, library_db):
    from explorer.ui import create_main_window

    first = create_main_window(library_db)
    qtbot.addWidget(first)
    first.select_scenario("hybrid-connectivity")
    first.choose_option("connection", "vpn")
    first.set_phase(2)
    first.resize(1100, 700)
    first.close()

    second = create_main_window(library_db)
    qtbot.addWidget(second)
    assert second.scenario.id == "hybrid-connectivity"
    assert second.selection["connection"] == "vpn"
    assert second.phase == 2
    assert button(second, "phase:2").isChecked()
    second.close()


def test_unreadable_saved_state_falls_back_to_the_defaults(qtbot, library_db):
    from explorer.ui import app_settings, create_main_window

    settings = app_settings()
    settings.setValue("lastScenario", "disaster-recovery")
    settings.setValue("scenarios/disaster-recovery/selection", '{"strategy": "no-such-option"}')
    settings.setValue("scenarios/disaster-recovery/phase", "99")
    settings.setValue("scenarios/disaster-recovery/params", "not json")
    settings.sync()
    win = create_main_window(library_db)
    qtbot.addWidget(win)
    assert win.scenario.id == "disaster-recovery"
    assert win.selection == {"strategy": "pilot-light"} and win.phase is None and win.params == {}
    win.close()


def test_damaged_scenario_data_is_reported_not_raised(qtbot, window, tmp_path):
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(BUNDLED_DB, damaged)
    conn = sqlite3.connect(damaged)
    conn.execute("update scenarios set data = json_set(data, '$.nodes', json('[]')) where id = 'multi-region'")
    conn.commit()
    conn.close()
    problems = []
    window.problemShown.connect(problems.append)
    window.open_library(damaged)
    window.load_scenario("multi-region")
    assert any("damaged: scenarios.data of 'multi-region'" in p for p in problems)


def test_options_that_do_not_fit_are_disabled_and_later_groups_follow(qtbot, window):
    window.select_scenario("hybrid-connectivity")
    vpn = button(window, "option:connection:vpn")
    second = button(window, "option:ha:second-dx")
    assert vpn.isEnabled() and second.isEnabled() and second.isChecked()
    vpn.click()  # the high-availability choice follows: a VPN has no Direct Connect to back up
    assert window.selection == {"connection": "vpn", "ha": "none", "encryption": "none"}
    assert button(window, "option:ha:none").isChecked()
    assert not second.isEnabled() and not button(window, "option:ha:vpn-backup").isEnabled()
    assert not button(window, "option:encryption:macsec").isEnabled()
    tip = second.toolTip()
    assert "Not available with this design: Second Direct Connect, 1 Gbps works only with AWS Direct Connect" in tip
    assert "a VPN has no Direct Connect link to back up" in tip  # the rule's own reason
    assert window.phases[0].title == "Site-to-Site VPN setup"
    button(window, "option:connection:direct-connect").click()
    assert second.isEnabled() and window.selection["ha"] == "none"  # allowed again; kept as chosen
