"""Every record form refuses invalid input, shows why at the field, and keeps what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from hrd_desk.cases.assessments import ThreatAssessment
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.requests import Request, RequestStatus
from hrd_desk.cases.store import Store
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.forms.editors import LongTextEditor, TextEditor
from tests.cases.conftest import TODAY, defender

MARK = "typed-by-officer ✍ مرحبا"


@pytest.fixture
def store(vault) -> Store:
    return Store.open(vault, actor="tester", today=lambda: TODAY)


@pytest.fixture
def dialogs():
    opened: list[RecordDialog] = []
    yield opened
    for dialog in opened:  # never leave a modal "discard changes?" question behind
        dialog.discard_without_asking()


def _open(qtbot, store, record, dialogs=None, **kw) -> RecordDialog:
    dialog = RecordDialog(store, record, **kw)
    qtbot.addWidget(dialog)
    if dialogs is not None:
        dialogs.append(dialog)
    dialog.show()
    return dialog


def _type_everywhere(dialog: RecordDialog) -> list[str]:
    """Type the marker into every free-text field; return their names."""
    typed = []
    for name, editor in dialog.form.editors.items():
        if isinstance(editor, TextEditor) and name not in ("pseudonym",):
            if (editor.spec.max_length or 999) < len(MARK) + 30:
                continue  # short codes (a time, "HH:MM") do not take a sentence
            editor.widget.setText(MARK + " " + name)
            typed.append(name)
        elif isinstance(editor, LongTextEditor):
            editor.widget.setPlainText(MARK + " " + name)
            typed.append(name)
    return typed


@pytest.mark.parametrize("cls", all_kinds(), ids=lambda c: c.KIND)
def test_every_form_refuses_invalid_input_and_keeps_typing(qtbot, store, cls, dialogs) -> None:
    d = store.add(defender())
    fixed = {} if cls.DEFENDER_FIELD is None else {cls.DEFENDER_FIELD: d.id}
    dialog = _open(qtbot, store, cls(), dialogs, fixed=fixed)
    typed = _type_everywhere(dialog)
    before = store.conn.execute(f"SELECT count(*) FROM {cls.TABLE}").fetchone()[0]
    # Required fields are empty (or the typed text breaks a rule): the save must be refused.
    if cls.KIND == "defender":
        dialog.form.editors["pseudonym"].widget.setText("")
    assert dialog.save() is False
    assert dialog.isVisible()
    shown = dialog.form.visible_error_fields()
    assert shown, "no error shown next to a field"
    assert dialog.form.summary.isVisible() and "need" in dialog.form.summary.text()
    for name in shown:
        assert dialog.form.error_labels[name].text()
    for name in typed:
        widget = dialog.form.editors[name].widget
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        assert text == MARK + " " + name, name
    assert store.conn.execute(f"SELECT count(*) FROM {cls.TABLE}").fetchone()[0] == before
    dialog.discard_without_asking()


def test_unreadable_amount_is_named_and_kept(qtbot, store) -> None:
    grant_cls = next((c for c in all_kinds() if c.KIND == "grant"), None)
    if grant_cls is None:
        pytest.skip("grants are not part of this build yet")
    d = store.add(defender())
    dialog = _open(qtbot, store, grant_cls(), fixed={"defender_id": d.id})
    dialog.form.editors["currency"].set_value("USD")
    money = next(n for n, e in dialog.form.editors.items() if e.spec.kind == "money")
    dialog.form.editors[money].widget.setText("12,34,5.6.7")
    assert dialog.save() is False
    assert money in dialog.form.visible_error_fields()
    assert dialog.form.editors[money].widget.text() == "12,34,5.6.7"
    dialog.discard_without_asking()


def test_valid_form_saves_and_emits(qtbot, store) -> None:
    d = store.add(defender())
    dialog = _open(qtbot, store, Request(), fixed={"defender_id": d.id})
    dialog.form.editors["received_at"].set_value(date(2026, 11, 20))
    dialog.form.editors["threat_summary"].widget.setPlainText("Calls at night")
    dialog.form.editors["link_to_rights_work"].widget.setPlainText("Land rights lawyer")
    with qtbot.waitSignal(dialog.saved) as blocker:
        assert dialog.save()
    saved = blocker.args[0]
    assert store.get(Request, saved.id).threat_summary == "Calls at night"


def test_workflow_buttons_follow_the_state_machine(qtbot, store) -> None:
    d = store.add(defender())
    r = store.add(
        Request(
            defender_id=d.id,
            received_at=date(2026, 11, 20),
            threat_summary="x",
            link_to_rights_work="y",
        )
    )
    dialog = _open(qtbot, store, r, fixed={"defender_id": d.id})
    buttons = dialog.action_buttons
    assert buttons["screening"].isEnabled()
    assert not buttons["monitoring"].isEnabled()
    assert "Not possible from" in buttons["monitoring"].toolTip()
    # A decline without a reason is refused at the field; the status stays as it was.
    assert dialog.apply_action(RequestStatus.DECLINED) is False
    assert "decision_reason" in dialog.form.visible_error_fields()
    assert dialog.form.editors["status"].value() == RequestStatus.RECEIVED
    assert dialog.apply_action(RequestStatus.SCREENING) is True
    assert store.get(Request, r.id).status == RequestStatus.SCREENING


def test_assessment_form_items_round_trip(qtbot, store) -> None:
    d = store.add(defender())
    a = store.add(
        ThreatAssessment(
            defender_id=d.id,
            date=date(2026, 11, 2),
            assessor="me",
            facts="f",
            likelihood=2,
            impact=2,
            next_review=date(2026, 12, 1),
            vulnerabilities=[
                __import__("hrd_desk.cases.assessments", fromlist=["Factor"]).Factor(
                    category=__import__(
                        "hrd_desk.cases.assessments", fromlist=["FactorCategory"]
                    ).FactorCategory.TRANSPORT,
                    note="walks home",
                )
            ],
        )
    )
    dialog = _open(qtbot, store, a, fixed={"defender_id": d.id})
    collected = dialog.form.collect()
    assert collected.vulnerabilities == a.vulnerabilities
    assert not dialog.form.dirty
    dialog.form.editors["facts"].widget.setPlainText("new facts")
    assert dialog.form.dirty
    assert isinstance(dialog.form.editors["facts"].widget, QPlainTextEdit)
    dialog.discard_without_asking()


def test_unsaved_changes_guard(qtbot, store, dialogs) -> None:
    from PySide6.QtWidgets import QMessageBox

    d = store.add(defender())
    dialog = _open(qtbot, store, Request(), dialogs, fixed={"defender_id": d.id})
    dialog.reject()  # nothing typed: closes at once
    assert not dialog.isVisible()
    dialog = _open(qtbot, store, Request(), dialogs, fixed={"defender_id": d.id})
    dialog.form.editors["threat_summary"].widget.setPlainText("half a sentence")
    dialog.reject()
    assert dialog.isVisible() and dialog.question is not None
    dialog.question.button(QMessageBox.StandardButton.Cancel).click()  # keep editing
    assert dialog.isVisible()
    assert dialog.form.editors["threat_summary"].widget.toPlainText() == "half a sentence"
    dialog.close()
    dialog.question.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
