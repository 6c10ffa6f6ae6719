"""The defender workspace on a real vault: header, timeline, tabs, location across a lock,
the show-names setting, visit alerts, the summary hook and the entry point for other screens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from hrd_desk.cases import settings as vault_settings
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.workspace import DEFENDER, open_defender_workspace
from hrd_desk.ui.workspace.section import DefenderWorkspace
from hrd_desk.ui.workspace.summary_hook import open_case_summary
from tests.conftest import PASSPHRASE
from tests.ui.helpers import all_widget_texts, click, unlock
from tests.ui.workspace_support import (
    FULL_NAME,
    PSEUDONYM,
    open_workspace,
    seed_vault,
    workspace_registry,
)


def test_header_shows_pseudonym_risk_consent_and_deadline(qtbot, make_shell, vault_dir: Path):
    seeded = seed_vault(vault_dir)
    _shell, window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    assert isinstance(ws, DefenderWorkspace)
    assert window.current_section_key() == DEFENDER
    header = ws.header
    assert header.name.text() == PSEUDONYM
    # The full name stays hidden while "show names" is off (the default).
    assert not header.full_name.isVisible()
    assert not any(FULL_NAME in t for t in all_widget_texts())
    # Likelihood 4 × impact 3 = 12: high, in words and in colour.
    assert header.risk.text() == "Risk: High"
    assert "#ffb74d" in header.risk.styleSheet()
    assert header.consent.text() == "Summaries to HQ: yes · Public naming: no"
    # The current assessment's review (5 days ago + 10) is the next deadline.
    assert header.deadline.text().startswith("Next deadline:")
    assert "Review of the assessment" in header.deadline.text()
    assert "Journalist / media" in header.facts.text()
    assert PSEUDONYM not in window.windowTitle()


def test_show_names_setting_reveals_the_full_name(qtbot, make_shell, vault_dir: Path) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 1)
    assert "Hidden" in ws.profile.profile.values["full_name"].text()
    shell.session.set_setting(vault_settings.SHOW_NAMES, True)
    assert ws.header.full_name.isVisible()
    assert FULL_NAME in ws.header.full_name.text()
    assert ws.profile.profile.values["full_name"].text() == FULL_NAME


def test_timeline_is_newest_first_and_enter_opens_the_record(qtbot, make_shell, vault_dir):
    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    timeline = ws.overview.list
    data = ws.data
    days = [e.day for e in data.timeline()]
    assert days == sorted(days, reverse=True)
    # Every record appears once: defender, consent, request, incident, 2 assessments, visit.
    assert len(timeline.ids()) == 7
    kinds = [row[1] for row in timeline.row_texts()]
    # The file was opened today (the defender), the visit was 3 days ago.
    assert kinds[:2] == ["Defender", "Prison visit"]
    assert set(kinds) >= {"Defender", "Consent", "Request", "Incident", "Threat assessment"}
    timeline.setFocus()
    timeline.select_id(seeded.visit_id)
    qtbot.keyClick(timeline, Qt.Key.Key_Return)
    dialog = ws.dialog
    assert isinstance(dialog, RecordDialog) and dialog.isVisible()
    assert dialog.form.original.id == seeded.visit_id
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_assessment_tab_draws_the_current_position_and_the_trend(qtbot, make_shell, vault_dir):
    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 4)
    tab = ws.assessments
    assert ws.tabs.currentWidget() is tab
    assert (tab.matrix.likelihood, tab.matrix.impact) == (4, 3)
    assert "Likelihood 4 of 5, impact 3 of 5" in tab.matrix.accessibleDescription()
    # The superseded (low) and the current (high) assessment, oldest first.
    assert [level.value for _d, level in tab.trend.points] == ["low", "high"]
    tab.list.select_id(seeded.assessment_ids[0])
    assert (tab.matrix.likelihood, tab.matrix.impact) == (2, 1)


def test_visit_alert_for_prolonged_solitary_confinement(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 6)
    tab = ws.visits
    assert "Prolonged solitary confinement" in tab.list.row_texts()[0][4]
    tab.list.select_id(seeded.visit_id)
    assert tab.alerts.isVisible()
    assert "21 days" in tab.alerts.text()
    rows = {r[0]: r for r in tab.checklist.row_texts()}
    assert rows["Solitary confinement (days)"][1:3] == ["Yes", "21"]


def test_unlock_returns_to_the_same_defender_and_tab(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 5)
    assert ws.section_location() == {"defender": seeded.defender_id, "tab": 5}
    shell.lock()
    assert ws.data is None  # dropped on lock
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    assert window.current_section_key() == DEFENDER
    again = window.current_section()
    qtbot.waitUntil(lambda: again.data is not None)
    assert again.defender_id == seeded.defender_id
    assert again.tabs.currentIndex() == 5
    assert again.header.name.text() == PSEUDONYM


def test_entry_point_accepts_a_session_or_a_widget(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=workspace_registry())
    unlock(qtbot, shell, PASSPHRASE)
    window = shell.main_window
    ws = open_defender_workspace(shell.session, seeded.defender_id)
    assert ws is window.current_section()
    qtbot.waitUntil(lambda: ws.data is not None)
    assert open_defender_workspace(window.search, seeded.defender_id, 2) is ws
    assert ws.tabs.currentIndex() == 2


def test_missing_defender_says_so(qtbot, make_shell, vault_dir) -> None:
    seed_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=workspace_registry())
    unlock(qtbot, shell, PASSPHRASE)
    ws = open_defender_workspace(shell.main_window, "no-such-id")
    with qtbot.waitSignal(ws.failed) as blocker:
        pass
    assert "not in the vault" in blocker.args[0]
    assert ws.empty_text.isVisible()


def test_case_summary_is_calm_when_not_available(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    box = open_case_summary(ws, shell.session, seeded.defender_id, modules=("nowhere.summary",))
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "not available" in box.text()
    box.close()
    seen = []

    import types

    module = types.ModuleType("tests_fake_summary")
    module.open_case_summary = lambda parent, session, did: seen.append((parent, did))
    import sys

    sys.modules["tests_fake_summary"] = module
    try:
        open_case_summary(ws, shell.session, seeded.defender_id, modules=("tests_fake_summary",))
    finally:
        del sys.modules["tests_fake_summary"]
    assert seen == [(ws, seeded.defender_id)]


def test_new_request_from_the_tab_refreshes_every_list(qtbot, make_shell, vault_dir) -> None:
    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id, 2)
    before = len(ws.requests.list.ids())
    click(ws.requests.new)
    dialog = ws.dialog
    assert dialog.form.editors["received_at"].value() == ws.data.today
    dialog.form.editors["threat_summary"].widget.setPlainText("Followed home twice")
    dialog.form.editors["link_to_rights_work"].widget.setPlainText("Reports on land grabs")
    with qtbot.waitSignal(ws.loaded):
        click(dialog.buttons.button(dialog.buttons.StandardButton.Save))
    assert len(ws.requests.list.ids()) == before + 1
    assert "Followed home twice" in [r[3] for r in ws.requests.list.row_texts()]
    assert ws.tabs.tabText(2) == "Requests (2)"
    assert "Followed home twice" in [r[2] for r in ws.overview.list.row_texts()]


def test_every_string_of_the_workspace_goes_through_gettext(qtbot, make_shell, vault_dir):
    from hrd_desk import i18n
    from tests.ui.test_language import Pseudo, _texts, _untranslated

    seeded = seed_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=workspace_registry())
    i18n.use_translations("en", Pseudo())  # after the shell applied its language
    unlock(qtbot, shell, PASSPHRASE)
    ws = open_defender_workspace(shell.main_window, seeded.defender_id)
    qtbot.waitUntil(lambda: ws.data is not None)
    for index in range(ws.tabs.count()):
        ws.tabs.setCurrentIndex(index)
    assert len(_texts(ws)) > 60
    assert _untranslated(ws) == [], _untranslated(ws)[:40]
    ws.actions["purge"].trigger()
    assert _untranslated(ws.purge_dialog) == []
    ws.purge_dialog.reject()


def test_case_summary_action_opens_the_summary_screen_when_there_is_one(
    qtbot, make_shell, vault_dir
) -> None:
    from hrd_desk.ui.workspace.summary_hook import find_summary_opener

    seeded = seed_vault(vault_dir)
    _shell, _window, ws = open_workspace(qtbot, make_shell, vault_dir, seeded.defender_id)
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    ws.actions["summary"].trigger()
    opened = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
    assert len(opened) == 1
    if find_summary_opener() is None:
        assert opened[0].objectName() == "summaryNotAvailable"
    else:
        assert opened[0].objectName() != "summaryNotAvailable"
        assert opened[0].parentWidget() is ws  # closed with the workspace on lock
    opened[0].close()
