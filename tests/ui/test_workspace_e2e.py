"""Issue 6, end to end, through real widgets: create a vault with the wizard → a defender with
consent → a request → an incident and a threat assessment → a grant approved → two tranches
paid → a third over the approved amount refused at its field → a prison visit and a hearing →
Ctrl+L: no widget shows case text → unlock: the same defender page, with all the data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QMessageBox,
    QWidget,
    QWizard,
)

from hrd_desk.cases.grants import Approval, ApprovalDecision, Disbursement, Grant, GrantStatus
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.sections import default_registry
from hrd_desk.ui.workspace import DEFENDER
from hrd_desk.ui.workspace.section import DefenderWorkspace
from tests.conftest import PASSPHRASE
from tests.ui.helpers import all_widget_texts, click, flush_deletes, unlock, widgets_with_text

PSEUDONYM = "Marigold-Xq31"
FULL_NAME = "Secretname Fullperson"
NOTES = "Quokkaboulevard meeting notes"
THREAT = "Calls from Zebrinacorp security"
#: Words that are case text: none may be readable anywhere once the vault is locked.
CASE_TEXT = (PSEUDONYM, FULL_NAME, "Quokkaboulevard", "Zebrinacorp", "Obsidianwharf")


# -- driving forms through their editors ------------------------------------------------------
def _type(qtbot, dialog: RecordDialog, name: str, text: str) -> None:
    widget = dialog.form.editors[name].widget
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def _choose(dialog: RecordDialog, name: str, value: str) -> None:
    combo = dialog.form.editors[name].widget
    index = combo.findData(value)
    assert index >= 0, (name, value)
    combo.setCurrentIndex(index)


def _check(dialog: RecordDialog, name: str, values: list[str]) -> None:
    lst = dialog.form.editors[name].widget
    for i in range(lst.count()):
        item = lst.item(i)
        on = item.data(Qt.ItemDataRole.UserRole) in values
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def _date(dialog: RecordDialog, name: str, day: date) -> None:
    dialog.form.editors[name].widget.setDate(QDate(day.year, day.month, day.day))


def _closed(dialog: RecordDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _refusal(dialog: RecordDialog) -> str:
    return "" if _closed(dialog) else dialog.form.summary.text()


def _save(qtbot, ws: DefenderWorkspace, dialog: RecordDialog) -> None:
    with qtbot.waitSignal(ws.loaded, timeout=10_000, raising=False) as blocker:
        click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
        refusal = _refusal(dialog)
    assert blocker.signal_triggered and _closed(dialog), refusal


def _action(qtbot, ws: DefenderWorkspace, dialog: RecordDialog, status: str) -> None:
    """A workflow button of the record's dialog (it saves and moves the status)."""
    button = dialog.action_buttons[status]
    assert button.isEnabled(), button.toolTip()
    with qtbot.waitSignal(ws.loaded, timeout=10_000, raising=False) as blocker:
        click(button)
        refusal = _refusal(dialog)
    assert blocker.signal_triggered and _closed(dialog), refusal


def _dialog(ws: DefenderWorkspace, kind: str) -> RecordDialog:
    dialog = ws.dialog
    assert isinstance(dialog, RecordDialog) and dialog.isVisible()
    assert kind == dialog.form.cls.KIND
    return dialog


# -- what a person could read -----------------------------------------------------------------
def _readable_everywhere() -> list[str]:
    """Texts, titles and tooltips of every visible widget in every top-level window, and the
    cells of every visible list or table."""
    texts = all_widget_texts()
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for view in top.findChildren(QAbstractItemView):
            model = view.model()
            if not view.isVisible() or model is None:
                continue
            root = QModelIndex()
            for row in range(model.rowCount(root)):
                column = 0
                # (list models hide columnCount(); walk the columns until the index is invalid)
                while (index := model.index(row, column, root)).isValid():
                    value = index.data()
                    if value:
                        texts.append(str(value))
                    column += 1
    return texts


def _create_vault_with_the_wizard(qtbot, make_shell, folder: Path):
    shell = make_shell(registry=default_registry())
    window = shell.unlock_window
    qtbot.waitExposed(window)
    click(window.create_button)
    wizard = window.wizard
    qtbot.waitExposed(wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    wizard.location_page.path.setText(str(folder))
    click(next_button)
    qtbot.keyClicks(wizard.name_page.name, "Post E2E")
    click(next_button)
    page = wizard.passphrase_page
    qtbot.keyClicks(page.fields.first.edit, PASSPHRASE)
    qtbot.keyClicks(page.fields.second.edit, PASSPHRASE)
    click(wizard.button(QWizard.WizardButton.CommitButton))
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=10_000)
    groups = [label.text() for label in wizard.key_page.group_labels]
    wizard.key_page.written.setChecked(True)
    click(next_button)
    confirm = wizard.confirm_page
    for field, asked in zip(confirm.fields, confirm.asked, strict=True):
        qtbot.keyClicks(field, groups[asked])
    with qtbot.waitSignal(shell.unlocked, timeout=10_000):
        click(wizard.button(QWizard.WizardButton.FinishButton))
    return shell


def test_issue_6_end_to_end(qtbot, make_shell, tmp_path: Path) -> None:
    shell = _create_vault_with_the_wizard(qtbot, make_shell, tmp_path / "vault")
    main = shell.main_window
    main.resize(1200, 800)
    today = date.today()

    # -- a defender, from New ▸ Defender… ---------------------------------------------------
    new_defender = next(a for a in main.new_menu.actions() if a.text() == "Defender…")
    new_defender.trigger()
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog) and w.isVisible()
    )
    _type(qtbot, dialog, "pseudonym", PSEUDONYM)
    _type(qtbot, dialog, "full_name", FULL_NAME)
    _check(dialog, "hrd_categories", ["journalist", "land_environment"])
    _choose(dialog, "country", "KE")
    _type(qtbot, dialog, "notes", NOTES)
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert _closed(dialog), _refusal(dialog)
    # Saving opens the new defender's page, on "Profile & consent".
    assert main.current_section_key() == DEFENDER
    ws = main.current_section()
    assert isinstance(ws, DefenderWorkspace)
    qtbot.waitUntil(lambda: ws.data is not None)
    defender_id = ws.defender_id
    store = shell.session.store
    assert ws.tabs.currentWidget() is ws.profile
    assert ws.header.name.text() == PSEUDONYM
    assert ws.header.consent.text().endswith("(no consent recorded)")

    # -- consent ----------------------------------------------------------------------------
    click(ws.profile.new_consent)
    dialog = _dialog(ws, "consent")
    _choose(dialog, "method", "written")
    _check(
        dialog,
        "informed_of",
        [
            "who_we_are",
            "purpose",
            "who_will_see",
            "storage",
            "uses",
            "risks",
            "right_to_withdraw",
        ],
    )
    _check(dialog, "scopes", ["store", "summaries_hq"])
    _save(qtbot, ws, dialog)
    assert ws.header.consent.text() == "Summaries to HQ: yes · Public naming: no"
    assert len(ws.profile.consents.ids()) == 1

    # -- a request ----------------------------------------------------------------------------
    ws.actions["request"].trigger()
    dialog = _dialog(ws, "request")
    _type(qtbot, dialog, "threat_summary", THREAT)
    _type(qtbot, dialog, "link_to_rights_work", "Reports on land seizures")
    _save(qtbot, ws, dialog)

    # -- an incident and a threat assessment --------------------------------------------------
    ws.actions["incident"].trigger()
    dialog = _dialog(ws, "incident")
    _choose(dialog, "type", "death_threat")
    _date(dialog, "start", today - timedelta(days=2))
    _type(qtbot, dialog, "description", "A note left at Obsidianwharf")
    _save(qtbot, ws, dialog)

    ws.actions["assessment"].trigger()
    dialog = _dialog(ws, "assessment")
    _type(qtbot, dialog, "facts", "Death threat after the land report")
    dialog.form.editors["likelihood"].widget.setValue(4)
    dialog.form.editors["impact"].widget.setValue(4)
    _choose(dialog, "status", "current")
    # A critical risk must be reviewed within 14 days: the default review (90 days, no earlier
    # assessment) is refused at its field, and nothing typed is lost.
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.isVisible()
    assert "next_review" in dialog.form.visible_error_fields()
    assert "14 days" in dialog.form.error_labels["next_review"].text()
    assert dialog.form.editors["facts"].value() == "Death threat after the land report"
    _date(dialog, "next_review", today + timedelta(days=10))
    _save(qtbot, ws, dialog)
    assert ws.header.risk.text() == "Risk: Critical"
    assert (ws.assessments.matrix.likelihood, ws.assessments.matrix.impact) == (4, 4)

    # -- a grant, submitted and approved, agreement signed ------------------------------------
    ws.tabs.setCurrentWidget(ws.grants)
    ws.actions["grant"].trigger()
    dialog = _dialog(ws, "grant")
    _choose(dialog, "programme", "front_line_defenders")
    _check(dialog, "support_types", ["security"])
    _choose(dialog, "currency", "EUR")
    _type(qtbot, dialog, "requested_amount", "3,000.00")
    _save(qtbot, ws, dialog)
    grants = ws.grants
    assert len(grants.list.ids()) == 1
    grant_id = grants.list.selected_id()
    assert not grants.pay.isEnabled()  # a draft is not paid
    click(grants.open_button)
    _action(qtbot, ws, _dialog(ws, "grant"), "submitted")
    click(grants.open_button)
    dialog = _dialog(ws, "grant")
    _type(qtbot, dialog, "approved_amount", "3000")
    dialog.form.editors["approvals"].set_value(
        [
            Approval(
                role="Head of mission",
                person="Deputy",
                decision=ApprovalDecision.APPROVED,
                date=today,
            )
        ]
    )
    _action(qtbot, ws, dialog, "approved")
    click(grants.open_button)
    dialog = _dialog(ws, "grant")
    _date(dialog, "agreement_signed", today)
    _action(qtbot, ws, dialog, "agreement_signed")
    assert store.get(Grant, grant_id).status == GrantStatus.AGREEMENT_SIGNED
    assert grants.approved.value.text() == "€3,000.00"

    # -- two tranches paid, a third over the approved amount refused at its field -------------
    for amount in ("1,000.00", "1,500.00"):
        assert grants.pay.isEnabled()
        click(grants.pay)
        dialog = _dialog(ws, "disbursement")
        _type(qtbot, dialog, "amount", amount)
        _choose(dialog, "method", "bank")
        _save(qtbot, ws, dialog)
    assert grants.paid.value.text() == "€2,500.00"
    assert grants.remaining.value.text() == "€500.00"
    assert len(grants.tranches.ids()) == 2
    assert store.get(Grant, grant_id).status == GrantStatus.DISBURSING  # the ledger moved it

    click(grants.pay)
    dialog = _dialog(ws, "disbursement")
    _type(qtbot, dialog, "amount", "600.00")
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert dialog.isVisible()
    assert dialog.form.visible_error_fields() == ["amount"]
    message = dialog.form.error_labels["amount"].text()
    assert "more than the approved" in message and "3100" in message.replace(",", "")
    assert dialog.form.editors["amount"].widget.text() == "600.00"  # kept as typed
    dialog.reject()  # Cancel with changes: the guard asks
    assert dialog.question is not None
    dialog.question.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: _closed(dialog))
    paid = [t for t in store.for_defender(Disbursement, defender_id) if t.paid]
    assert sorted(t.amount for t in paid) == [1000, 1500]

    # -- a prison visit and a hearing ---------------------------------------------------------
    ws.actions["visit"].trigger()
    dialog = _dialog(ws, "prison_visit")
    _type(qtbot, dialog, "facility_name", "Obsidianwharf remand centre")
    _save(qtbot, ws, dialog)

    ws.actions["hearing"].trigger()
    # No court case yet: the case comes first, then its hearing opens by itself.
    dialog = _dialog(ws, "court_case")
    _choose(dialog, "court_type", "civilian")
    _type(qtbot, dialog, "court_name", "High Court")
    _save(qtbot, ws, dialog)
    qtbot.waitUntil(lambda: ws.dialog is not None and ws.dialog.isVisible())
    dialog = _dialog(ws, "hearing")
    _choose(dialog, "type", "merits")
    _save(qtbot, ws, dialog)
    assert len(ws.trials.cases.ids()) == 1
    assert len(ws.trials.hearings.ids()) == 1

    # Everything is on the timeline.
    kinds = sorted(row[1] for row in ws.overview.list.row_texts())
    assert kinds == sorted(
        [
            "Defender",
            "Consent",
            "Request",
            "Incident",
            "Threat assessment",
            "Grant",
            "Tranche",
            "Tranche",
            "Prison visit",
            "Court case",
            "Hearing",
        ]
    )
    ws.tabs.setCurrentWidget(ws.grants)
    grants_tab = ws.tabs.currentIndex()
    assert any(PSEUDONYM in t for t in _readable_everywhere())

    # -- Ctrl+L: no widget in any window shows case text --------------------------------------
    with qtbot.waitSignal(shell.locked, timeout=10_000):
        qtbot.keyClick(main, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert shell.is_locked
    readable = _readable_everywhere()
    for word in CASE_TEXT:
        assert not any(word in t for t in readable), word
    flush_deletes()
    for word in CASE_TEXT:
        qtbot.waitUntil(lambda w=word: widgets_with_text(w) == [])
    visible: list[QWidget] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [shell.unlock_window]

    # -- unlock: the same defender page, with all the data ------------------------------------
    unlock(qtbot, shell, PASSPHRASE)
    main = shell.main_window
    assert main.current_section_key() == DEFENDER
    ws = main.current_section()
    qtbot.waitUntil(lambda: ws.data is not None, timeout=10_000)
    assert ws.defender_id == defender_id
    assert ws.tabs.currentIndex() == grants_tab
    assert ws.header.name.text() == PSEUDONYM
    assert FULL_NAME not in ws.header.full_name.text()  # show names is off
    assert ws.header.risk.text() == "Risk: Critical"
    assert ws.header.consent.text() == "Summaries to HQ: yes · Public naming: no"
    assert ws.grants.paid.value.text() == "€2,500.00"
    assert ws.grants.remaining.value.text() == "€500.00"
    assert len(ws.grants.tranches.ids()) == 2
    assert len(ws.overview.list.ids()) == 11
    assert THREAT in [row[3] for row in ws.requests.list.row_texts()]
    assert [row[1] for row in ws.incidents.list.row_texts()] == ["Death threat"]
    assert len(ws.visits.list.ids()) == 1
    assert len(ws.trials.hearings.ids()) == 1
    assert (ws.assessments.matrix.likelihood, ws.assessments.matrix.impact) == (4, 4)
    titles = [ws.tabs.tabText(i) for i in range(ws.tabs.count())]
    assert "Requests (1)" in titles and "Prison visits (1)" in titles
