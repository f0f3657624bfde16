"""A scenario switch or a toggle changes what the panels show, not the widgets: the
decision and what-if panels keep their boxes, the diagram its scenes, the phase bar its
buttons, and the Source tab colours a new text once it is on screen."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDoubleSpinBox, QPushButton

from explorer.ui.panels import OptionButton
from explorer.ui.theme import colours_for


def _show(qtbot, win, scenario_id: str) -> None:
    with qtbot.waitSignal(win.scenarioShown, timeout=10_000):
        win.select_scenario(scenario_id)
    qtbot.waitUntil(lambda: win.rendering.settled(), timeout=20_000)


def _named(win, cls, prefix: str) -> set[str]:
    return {w.objectName() for w in win.findChildren(cls) if w.objectName().startswith(prefix)}


def test_option_buttons_are_kept_renamed_and_choose_what_they_now_show(qtbot, window):
    _show(qtbot, window, "cicd-pipeline")  # 4 groups, up to 5 options
    made = set(map(id, window.findChildren(OptionButton)))
    _show(qtbot, window, "disaster-recovery")  # 1 group of 4
    _show(qtbot, window, "multi-region")  # 4 groups of 4, 2, 2 and 2
    assert set(map(id, window.findChildren(OptionButton))) == made  # not one button made anew
    expected = {f"option:{g.key}:{o.key}" for g in window.scenario.option_groups for o in g.options}
    assert _named(window, OptionButton, "option:") == expected  # the hidden ones have no name
    assert _named(window, QPushButton, "option:strategy:") == set()  # nothing left of the last scenario
    shown = [b for b in window.findChildren(OptionButton) if b.isVisibleTo(window)]
    assert len(shown) == len(expected)
    group = window.scenario.option_groups[1]
    target = next(o for o in group.options if window.state.selection[group.key] != o.key)
    button = window.findChild(OptionButton, f"option:{group.key}:{target.key}")
    assert button.label() == target.label
    button.click()
    qtbot.waitUntil(lambda: window.state.selection[group.key] == target.key, timeout=5_000)
    assert button.isChecked()
    assert target.label in button.toolTip()


def test_what_if_rows_are_kept_and_the_unneeded_ones_hidden_and_unnamed(qtbot, window):
    _show(qtbot, window, "big-data-analytics")  # 10 parameters
    boxes = set(map(id, window.findChildren(QDoubleSpinBox)))
    _show(qtbot, window, "disaster-recovery")  # 2 parameters
    assert set(map(id, window.findChildren(QDoubleSpinBox))) == boxes
    assert _named(window, QDoubleSpinBox, "param:") == {"param:rpo", "param:rto"}
    window.params_panel.toggle.setChecked(True)
    rpo = window.findChild(QDoubleSpinBox, "param:rpo")
    chapter = next(p for p in window.scenario.parameters if p.key == "rpo")
    assert rpo.isVisibleTo(window) and rpo.value() == chapter.value and rpo.suffix().strip() == chapter.unit
    hidden = [b for b in window.findChildren(QDoubleSpinBox) if b.objectName() == ""]
    assert len(hidden) == 8 and not any(b.isVisibleTo(window) for b in hidden)
    rpo.setValue(5)
    qtbot.waitUntil(lambda: window.state.params.get("rpo") == 5, timeout=5_000)
    _show(qtbot, window, "big-data-analytics")
    assert len(_named(window, QDoubleSpinBox, "param:")) == 10
    _show(qtbot, window, "disaster-recovery")
    assert window.findChild(QDoubleSpinBox, "param:rpo").value() == 5  # its own value back, not the last row's


def test_going_back_to_a_scenario_shows_the_scene_built_for_it(qtbot, window):
    first = window.diagram_view.diagram_scene()
    ids = sorted(window.diagram_view.node_ids())
    _show(qtbot, window, "hybrid-connectivity")
    assert window.diagram_view.diagram_scene() is not first
    _show(qtbot, window, "disaster-recovery")
    assert window.diagram_view.diagram_scene() is first
    assert sorted(window.diagram_view.node_ids()) == ids
    edited = window.library.source_yaml("disaster-recovery").replace("title:", "title: Edited", 1)
    window.centre_tabs.setCurrentWidget(window.source_panel)
    window.source_panel.editor.setPlainText(edited)
    qtbot.waitUntil(lambda: window.diagram_view.diagram_scene() is not first, timeout=10_000)  # new content


def test_a_variant_with_as_many_phases_keeps_the_phase_buttons_and_retells_them(qtbot, window):
    bar = window.phase_bar
    before = {b.objectName(): b for b in bar.findChildren(QPushButton)}
    tips = {name: b.toolTip() for name, b in before.items()}
    current = window.state.selection["strategy"]
    other = next(
        o.key
        for o in window.scenario.option_groups[0].options
        if o.key != current
        and len(window.scenario.phases_for({"strategy": o.key})) == len(window.state.phases)
        and [p.title for p in window.scenario.phases_for({"strategy": o.key})] != [p.title for p in window.state.phases]
    )
    window.findChild(QPushButton, f"option:strategy:{other}").click()
    qtbot.waitUntil(lambda: window.state.selection["strategy"] == other, timeout=5_000)
    after = {b.objectName(): b for b in bar.findChildren(QPushButton)}
    assert after == before  # the very buttons
    assert any(after[name].toolTip() != tips[name] for name in tips)
    for number, phase in enumerate(window.state.phases, start=1):
        assert phase.title in after[f"phase:{number}"].toolTip()


def test_the_source_is_coloured_once_on_screen_the_lines_in_view_first(qtbot, window):
    _show(qtbot, window, "big-data-analytics")  # over a thousand lines
    editor = window.source_panel.editor
    assert editor.highlighting  # set, but not coloured while nobody looks
    window.centre_tabs.setCurrentWidget(window.source_panel)
    key = QColor(colours_for().syntax_key)

    def key_coloured(block) -> bool:
        return any(r.format.foreground().color() == key for r in block.layout().formats())

    first = editor.firstVisibleBlock()
    in_view = [first]
    while len(in_view) < 10:
        in_view.append(in_view[-1].next())
    assert any(key_coloured(b) for b in in_view if ":" in b.text() and not b.text().startswith("#"))  # at once
    assert editor.highlighting  # the rest not yet
    document = editor.document()
    last_key = next(
        document.findBlockByNumber(n)
        for n in range(document.blockCount() - 1, 0, -1)
        if ":" in document.findBlockByNumber(n).text()
        and not document.findBlockByNumber(n).text().lstrip().startswith("#")
    )
    qtbot.waitUntil(lambda: not editor.highlighting, timeout=10_000)  # the rest over the next turns
    assert key_coloured(last_key), last_key.text()


def test_a_recommendation_is_worked_out_once_per_scenario_and_values(qtbot, window, monkeypatch):
    import explorer.domain.explain as explain_module

    calls = []
    real = explain_module.explain
    monkeypatch.setattr(explain_module, "explain", lambda *a, **k: calls.append(a[0].id) or real(*a, **k))
    _show(qtbot, window, "hybrid-connectivity")
    _show(qtbot, window, "disaster-recovery")
    _show(qtbot, window, "hybrid-connectivity")
    assert calls == ["hybrid-connectivity"]  # disaster recovery was worked out when the window opened
    window.set_params({"bandwidth_gbps": 5})
    window.set_params({})
    assert calls == ["hybrid-connectivity", "hybrid-connectivity"]
    assert window.state.recommendation == dict(real(window.scenario, {}).selection)


def test_importing_the_same_content_again_shows_the_scene_already_built(qtbot, window, tmp_path, library_db):
    import shutil

    target = tmp_path / "mine.db"
    shutil.copyfile(library_db, target)
    source = tmp_path / "dr-copy.yaml"
    text = window.library.source_yaml("disaster-recovery").replace("id: disaster-recovery", "id: dr-copy", 1)
    source.write_text(text.replace("number: 6\n", ""), encoding="utf-8")
    with qtbot.waitSignal(window.imported, timeout=20_000):
        window.start_import(source, target, replace=True)
    qtbot.waitUntil(lambda: window.rendering.settled() and window.diagram_view.has_layout(), timeout=20_000)
    built = window.diagram_view.diagram_scene()
    with qtbot.waitSignal(window.imported, timeout=20_000):
        window.start_import(source, target, replace=True)  # the library is opened again
    qtbot.waitUntil(lambda: window.rendering.settled() and window.diagram_view.has_layout(), timeout=20_000)
    assert window.scenario.id == "dr-copy"
    assert window.diagram_view.diagram_scene() is built
    source.write_text(text.replace("number: 6\n", "").replace("title:", "title: Changed", 1), encoding="utf-8")
    with qtbot.waitSignal(window.imported, timeout=20_000):
        window.start_import(source, target, replace=True)
    qtbot.waitUntil(lambda: window.diagram_view.diagram_scene() is not built, timeout=20_000)  # new content, new scene


def test_a_comparison_comes_up_design_a_first_and_keeps_its_scenes(qtbot, window):
    view = window.compare_view
    seen = []
    window.compareShown.connect(lambda: seen.append((view.left.has_layout(), view.right.has_layout())))

    def compare(scenario_id):
        window.select_scenario(scenario_id)
        with qtbot.waitSignal(window.compareShown, timeout=20_000):
            window.centre_tabs.setCurrentWidget(view)
        window.centre_tabs.setCurrentIndex(0)

    window.comparison._rest_timer.setInterval(60_000)  # hold design B: A is up on its own
    window.select_scenario("disaster-recovery")
    window.centre_tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: window.comparison._rest is not None, timeout=20_000)
    assert view.left.has_layout() and not seen
    window.comparison._rest_timer.setInterval(1)
    window.comparison._rest_timer.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(True, True)]
    window.centre_tabs.setCurrentIndex(0)
    left, right = view.left.diagram_scene(), view.right.diagram_scene()
    compare("hybrid-connectivity")
    assert view.left.diagram_scene() is not left
    compare("disaster-recovery")  # compared again: the scenes built for it are shown again
    assert view.left.diagram_scene() is left and view.right.diagram_scene() is right
