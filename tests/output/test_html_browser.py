"""The HTML page in a real headless browser: toggles and the phase stepper change the
diagram's classes and the trade-off table, and nothing breaks the page's own policy.

Needs Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromedriver``) and the
``selenium`` package; skipped, saying which is missing, without them. Selenium Manager
is kept offline: it is given the system's browser and driver and never downloads.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from explorer.output.export import ExportSettings, write_export


def _browser_or_skip() -> tuple[str, str]:
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        missing = " and ".join(n for n, p in (("chromium", browser), ("chromedriver", driver)) if p is None)
        pytest.skip(f"{missing} not installed (apt-get install chromium chromium-driver)")
    return browser, driver


@pytest.fixture
def browser(monkeypatch):
    browser_path, driver_path = _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1300", "--lang=en"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()


def _classes(driver) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#diagram g.node, #diagram g.edge, #diagram g.cl'))"
        ".map(function (g) { return g.getAttribute('class'); });"
    )


def _table(driver) -> str:
    return driver.find_element("id", "metrics").text


def test_toggles_and_phases_change_the_diagram_and_the_table(browser, scenarios, tmp_path: Path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "hybrid.html"
    write_export(page, scenarios["hybrid-connectivity"], None, None, ExportSettings("html"))
    browser.get(page.resolve().as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.get_attribute("data-selection"), "the page's script did not run"
    first_classes, first_table = _classes(browser), _table(browser)
    assert "Monthly cost" in first_table
    assert any("s-" in c for c in first_classes) and any("off" in c for c in first_classes)

    # An option toggle: the Site-to-Site VPN instead of Direct Connect.
    toggle = browser.find_element(By.CSS_SELECTOR, 'button.opt[data-group="0"][data-option="0"]')
    assert toggle.get_attribute("aria-pressed") == "false" and toggle.is_enabled()
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert body.get_attribute("data-selection").startswith("connection=vpn")
    toggled_classes, toggled_table = _classes(browser), _table(browser)
    assert toggled_classes != first_classes
    assert toggled_table != first_table
    requirements = browser.find_element(By.ID, "reqs").text
    assert requirements

    # A phase: later parts fade and the phase's own are highlighted; the table stays.
    browser.find_element(By.CSS_SELECTOR, 'button.ph[data-phase="1"]').click()
    assert body.get_attribute("data-phase") == "1"
    phased = _classes(browser)
    assert phased != toggled_classes
    assert any("s-future" in c for c in phased) and any("s-new" in c for c in phased)
    assert _table(browser) == toggled_table
    assert "Phase 1 of" in browser.find_element(By.ID, "phase-about").text

    # Every node kept its place: only classes changed.
    boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('#diagram g.node use')).map(function (u) {"
        " return u.getAttribute('x') + ',' + u.getAttribute('y'); });"
    )
    assert len(boxes) == len(set(boxes)) > 5

    # Tooltips are the nodes' notes; nothing was refused by the page's policy.
    tip = browser.execute_script("return document.querySelector('#diagram g.node title').textContent;")
    assert tip
    problems = [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert not problems, problems

    shot = tmp_path / "hybrid.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
    if os.environ.get("EXPLORER_KEEP_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["EXPLORER_KEEP_SCREENSHOT"])
