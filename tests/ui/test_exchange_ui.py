"""Vault-to-vault exchange through the app: contacts (add, verify, a wrong fingerprint), sending a
defender's file past a consent refusal, receiving from an unknown sender, a conflict resolved
field by field in the preview grid, a refused import that keeps the officer's choices."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from hrd_desk.cases.trials import Hearing
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.exchange.contacts import list_contacts
from hrd_desk.exchange.merge import ADDED, CONFLICT, MINE, THEIRS
from hrd_desk.ui.exchange import RECEIVE_ACTION, SEND_ACTION
from hrd_desk.ui.exchange.conflicts import FIELDS
from hrd_desk.ui.exchange.contact_dialogs import AddContactDialog, VerifyContactDialog
from hrd_desk.ui.exchange.receive_dialog import ReceiveBundleDialog
from hrd_desk.ui.exchange.send_dialog import SendBundleDialog
from hrd_desk.ui.exchange.values import spaced_fingerprint
from hrd_desk.ui.workspace import open_defender_workspace
from tests.conftest import PASSPHRASE
from tests.support.files import files_containing
from tests.ui.exchange_support import (
    conflicting_bundle,
    contacts_pane,
    edit_hearing,
    exchange_registry,
    know,
    make_vault,
    send,
    visible,
    with_store,
)
from tests.ui.helpers import click, unlock


def _switch(qtbot, shell, folder: Path) -> None:
    """Lock the vault open now and unlock the one in *folder* (same app, same shell)."""
    if not shell.is_locked:
        shell.lock("user")
    shell.show_unlock(folder)
    unlock(qtbot, shell, PASSPHRASE)


def _new_action(shell, key: str):
    titles = {a.key: a.title for a in shell.registry.new_actions()}
    from hrd_desk.i18n import _

    [action] = [a for a in shell.main_window.new_menu.actions() if a.text() == _(titles[key])]
    return action


def _audit_details(store) -> list[dict]:
    rows = store.conn.execute("SELECT detail FROM audit_log ORDER BY seq").fetchall()
    return [json.loads(r[0]) for r in rows if r[0]]


def test_two_vaults_exchange_both_ways_through_the_dialogs(qtbot, make_shell, tmp_path) -> None:
    post = make_vault(tmp_path / "post", "Post A", seed=True)
    observer = make_vault(tmp_path / "observer", "Observer laptop")
    case = post.case
    usb = tmp_path / "usb"
    usb.mkdir()
    shell = make_shell(vault_path=post.folder, registry=exchange_registry())
    unlock(qtbot, shell, PASSPHRASE)

    # Settings → Contacts: this vault's fingerprint, readable in groups; the observer is added
    # from its card, unverified, then verified with the fingerprint as read over the phone.
    pane = contacts_pane(shell)
    assert pane.own_fingerprint.text() == spaced_fingerprint(post.fingerprint)
    assert pane.own_fingerprint.text().count(" ") == 4
    assert pane.empty.isVisible() and not pane.list.isVisible()
    adding = pane.add_contact()
    assert isinstance(adding, AddContactDialog) and adding.isVisible()
    assert not adding.add_button.isEnabled()
    adding.card.setPlainText(observer.card)
    click(adding.add_button)
    assert not adding.isVisible()
    assert [pane.list.topLevelItem(0).text(c) for c in (0, 2)] == [
        "Observer laptop",
        "Not verified",
    ]
    assert "added, not verified" in pane.status.text()
    verifying = pane.verify_selected()
    assert isinstance(verifying, VerifyContactDialog)
    verifying.fingerprint.setText(observer.fingerprint.lower().replace("-", " "))
    click(verifying.verify_button)
    assert not verifying.isVisible()
    assert pane.list.topLevelItem(0).text(2) == "Verified"
    assert not pane.verify_button.isEnabled()

    # The defender's page: "Send to a contact…". The consent (pseudonym only) does not cover the
    # whole file with names: sending needs the explicit "send anyway", which the history keeps.
    ws = open_defender_workspace(shell.main_window, case.defender_id)
    qtbot.waitUntil(lambda: ws.data is not None)
    ws.actions[SEND_ACTION].trigger()
    sending = visible(SendBundleDialog)
    assert sending.defender_id == case.defender_id
    assert "does not cover" in sending.consent_text.text()
    assert "Pseudonym only" in sending.consent_text.text()
    assert not sending.start_button.isEnabled()
    assert sending.set_checked(pane_contact_id(shell, observer))
    assert not sending.start_button.isEnabled()  # consent not overridden yet
    sending.send_anyway.setChecked(True)
    assert sending.start_button.isEnabled()
    offered: list[str] = []

    def answer() -> None:  # the save dialog runs its own event loop
        [chooser] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        offered.append(Path(chooser.selectedFiles()[0]).name)
        chooser.setDirectory(str(usb))
        chooser.selectFile(str(usb / offered[0]))
        chooser.accept()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(sending.sent, timeout=20_000) as blocker:
        click(sending.start_button)
    made = blocker.args[0]
    today = shell.session.store.today.isoformat()
    assert offered == [f"bundle-{today}.hrdbundle"]  # a date, never a name
    first = usb / offered[0]
    assert first.is_file()
    assert made.counts == {
        "defender": 1,
        "consent": 1,
        "court_case": 1,
        "hearing": 1,
        "prison_visit": 1,
    }
    assert "5 records, for “\u2068Observer laptop\u2069”" in sending.status.text()
    assert files_containing(usb, "Falcon") == [] and files_containing(usb, "Amal") == []
    overrides = [d for d in _audit_details(shell.session.store) if d.get("sent_anyway") is True]
    assert len(overrides) == 1 and overrides[0]["consent"] == "refused"
    sending.close()

    # The observer's vault: the post is unknown there; its bundle opens only once accepted.
    _switch(qtbot, shell, observer.folder)
    pane = contacts_pane(shell)
    receiving = pane.receive()
    receiving.bundle_file.setText(str(first))
    click(receiving.start_button)
    qtbot.waitUntil(lambda: receiving.sender_box.isVisible(), timeout=20_000)
    assert receiving.sender_fingerprint.text() == spaced_fingerprint(post.fingerprint)
    assert "Post A" in receiving.sender_label.text()
    assert not receiving.start_button.isEnabled()
    receiving.accept_sender.setChecked(True)
    with qtbot.waitSignal(receiving.previewed, timeout=20_000) as blocker:
        click(receiving.start_button)
    assert {i.status for i in blocker.args[0].items} == {ADDED}
    assert "new sender" in receiving.preview_page.sender.text()
    assert receiving.start_button.text() == "Import" and receiving.start_button.isEnabled()
    with qtbot.waitSignal(receiving.imported, timeout=20_000) as blocker:
        click(receiving.start_button)
    assert blocker.args[0].contact_added and blocker.args[0].written == 5
    assert "added to your contacts, not verified" in receiving.status.text()
    receiving.close()
    qtbot.waitUntil(lambda: pane.list.topLevelItemCount() == 1)
    assert pane.list.topLevelItem(0).text(2) == "Not verified"
    verifying = pane.verify_selected()
    verifying.fingerprint.setText(post.fingerprint)
    click(verifying.verify_button)
    assert pane.list.topLevelItem(0).text(2) == "Verified"

    # The observer edits the hearing, logs a visit, and sends what is new from the pane.
    store = shell.session.store
    edit_hearing(store, case.hearing_id, notes="Observer: hearing adjourned", judges="Judge B")
    from tests.exchange.conftest import visit

    new_visit = store.add(visit(case.defender_id, facility_name="Women's prison"))
    sending = pane.send_new()
    assert isinstance(sending, SendBundleDialog) and sending.defender_id is None
    assert not sending.consent_box.isVisible()
    assert sending.chosen_ids() == [pane.selected_id()]  # the contact selected in the pane
    back = usb / "back.hrdbundle"
    with qtbot.waitSignal(sending.sent, timeout=20_000) as blocker:
        sending.start(path=back)
    assert blocker.args[0].counts == {"hearing": 1, "prison_visit": 1}
    sending.close()

    # Meanwhile the post edited the same hearing: the bundle brings a conflict.
    _switch(qtbot, shell, post.folder)
    edit_hearing(
        shell.session.store,
        case.hearing_id,
        notes="Post: hearing took place",
        prosecutor="Prosecutor C",
    )
    _new_action(shell, RECEIVE_ACTION).trigger()  # "New ▸ Received bundle…"
    receiving = visible(ReceiveBundleDialog)
    receiving.bundle_file.setText(str(back))
    with qtbot.waitSignal(receiving.previewed, timeout=20_000) as blocker:
        click(receiving.start_button)
    page = receiving.preview_page
    assert sorted((i.kind, i.status) for i in blocker.args[0].items) == [
        ("hearing", CONFLICT),
        ("prison_visit", ADDED),
    ]
    assert "a verified contact" in page.sender.text()
    assert not receiving.start_button.isEnabled()
    assert "1 conflict left" in page.left.text()
    page.show_record(case.hearing_id)
    panel = page.panels[case.hearing_id]
    assert panel.isVisible()
    assert list(panel.combos) == ["judges", "notes", "prosecutor"]
    grid = [[panel.grid.item(r, c).text() for c in range(3)] for r in range(panel.grid.rowCount())]
    assert grid == [
        ["Judges", "Panel of three", "Judge B"],
        ["Notes", "Post: hearing took place", "Observer: hearing adjourned"],
        ["Prosecutor", "Prosecutor C", "—"],
    ]
    click(panel.by_field)
    for name, side in (("judges", THEIRS), ("notes", THEIRS)):
        combo = panel.combos[name]
        combo.setCurrentIndex(combo.findData(side))
    assert not receiving.start_button.isEnabled()  # the prosecutor still has no side
    combo = panel.combos["prosecutor"]
    combo.setCurrentIndex(combo.findData(MINE))
    assert receiving.start_button.isEnabled()
    assert page.left.text() == "Every conflict has a choice."
    with qtbot.waitSignal(receiving.imported, timeout=20_000) as blocker:
        click(receiving.start_button)
    assert blocker.args[0].resolved == {"fields": 1}
    merged = shell.session.store.get(Hearing, case.hearing_id)
    assert (merged.judges, merged.notes, merged.prosecutor) == (
        "Judge B",
        "Observer: hearing adjourned",
        "Prosecutor C",
    )
    assert shell.session.store.find(PrisonVisit, new_visit.id) is not None
    receiving.close()

    # The same bundle again: refused, said so, nothing changes.
    again = contacts_pane(shell).receive()
    again.bundle_file.setText(str(back))
    click(again.start_button)
    qtbot.waitUntil(lambda: again.error.isVisible(), timeout=20_000)
    assert "already imported" in again.error.text()
    assert again.preview_page is None
    again.close()


def pane_contact_id(shell, vault) -> str:
    [contact] = [
        c for c in list_contacts(shell.session.store.conn) if c.fingerprint == vault.fingerprint
    ]
    return contact.id


def test_a_wrong_fingerprint_keeps_the_contact_unverified(qtbot, make_shell, tmp_path) -> None:
    post = make_vault(tmp_path / "post", "Post A")
    observer = make_vault(tmp_path / "observer", "Observer laptop")
    with_store(post.folder, lambda store: know(store, observer, verify=False))
    shell = make_shell(vault_path=post.folder, registry=exchange_registry())
    unlock(qtbot, shell, PASSPHRASE)
    pane = contacts_pane(shell)
    assert pane.list.topLevelItem(0).text(2) == "Not verified"
    dialog = pane.verify_selected()
    # One character off (as misheard on the phone), then someone else's fingerprint.
    wrong = ("Y" if observer.fingerprint[0] != "Y" else "Z") + observer.fingerprint[1:]
    for typed in (wrong, post.fingerprint):
        dialog.fingerprint.setText(typed)
        click(dialog.verify_button)
        assert dialog.isVisible()
        assert dialog.error.isVisible()
        assert "does not match" in dialog.error.text()
        [contact] = list_contacts(shell.session.store.conn)
        assert not contact.verified
    dialog.reject()
    assert pane.list.topLevelItem(0).text(2) == "Not verified"
    assert pane.verify_button.isEnabled()
    # Not verified: it cannot be ticked to send to, unless asked for with a warning.
    sending = pane.send_new()
    assert sending.chosen_ids() == []
    assert not sending.set_checked(contact.id)
    assert not sending.unverified_warning.isVisible()
    sending.allow_unverified.setChecked(True)
    assert sending.unverified_warning.isVisible()
    assert sending.set_checked(contact.id)
    assert sending.start_button.isEnabled()
    sending.close()


def test_unknown_sender_must_be_accepted_explicitly(qtbot, make_shell, tmp_path) -> None:
    post = make_vault(tmp_path / "post", "Post A")
    stranger = make_vault(tmp_path / "stranger", "Someone else", seed=True)
    bundle = tmp_path / "from-stranger.hrdbundle"
    with_store(
        stranger.folder,
        lambda store: (
            know(store, post),
            send(store, post, bundle, defender_id=stranger.case.defender_id),
        ),
    )
    garbage = tmp_path / "not-a-bundle.hrdbundle"
    garbage.write_bytes(b"hello, this is not a bundle at all")
    shell = make_shell(vault_path=post.folder, registry=exchange_registry())
    unlock(qtbot, shell, PASSPHRASE)
    pane = contacts_pane(shell)
    dialog = pane.receive()

    dialog.bundle_file.setText(str(garbage))
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
    assert "not an HRD Desk exchange bundle" in dialog.error.text()

    dialog.bundle_file.setText(str(bundle))
    assert not dialog.error.isVisible()
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.sender_box.isVisible(), timeout=20_000)
    assert "Someone else" in dialog.sender_label.text()
    assert dialog.sender_fingerprint.text() == spaced_fingerprint(stranger.fingerprint)
    assert dialog.start_button.text() == "Accept and open"
    assert not dialog.start_button.isEnabled()
    click(dialog.start_button)  # disabled: nothing happens
    assert dialog.preview_page is None and not dialog.running
    # Choosing the file again drops the acceptance screen.
    dialog.bundle_file.setText(str(bundle) + " ")
    assert not dialog.sender_box.isVisible() and dialog.start_button.text() == "Open"
    dialog.bundle_file.setText(str(bundle))
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.sender_box.isVisible(), timeout=20_000)
    assert list_contacts(shell.session.store.conn) == []  # nothing written by looking
    dialog.accept_sender.setChecked(True)
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        click(dialog.start_button)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click(dialog.start_button)
    [contact] = list_contacts(shell.session.store.conn)
    assert contact.fingerprint == stranger.fingerprint and not contact.verified
    dialog.close()


def test_a_stale_preview_keeps_the_choices(qtbot, make_shell, tmp_path) -> None:
    post = make_vault(tmp_path / "post", "Post A", seed=True)
    observer = make_vault(tmp_path / "observer", "Observer laptop")
    bundle = conflicting_bundle(tmp_path, post, observer)
    hearing_id = post.case.hearing_id
    shell = make_shell(vault_path=post.folder, registry=exchange_registry())
    unlock(qtbot, shell, PASSPHRASE)
    dialog = contacts_pane(shell).receive()
    dialog.bundle_file.setText(str(bundle))
    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        click(dialog.start_button)
    page = dialog.preview_page
    page.show_record(hearing_id)
    panel = page.panels[hearing_id]
    panel.set_mode(FIELDS)
    for name, side in (("judges", THEIRS), ("notes", MINE), ("prosecutor", MINE)):
        panel.combos[name].setCurrentIndex(panel.combos[name].findData(side))
    assert dialog.start_button.isEnabled()

    # The hearing changes here after the preview (another window): the import is refused.
    edit_hearing(shell.session.store, hearing_id, start_time="09:30")
    before = shell.session.store.get(Hearing, hearing_id)
    click(dialog.start_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
    assert "changed since the preview" in dialog.error.text()
    assert dialog.again_button.isVisible() and not dialog.start_button.isEnabled()
    assert shell.session.store.get(Hearing, hearing_id) == before
    assert panel.resolution() == {"judges": THEIRS, "notes": MINE, "prosecutor": MINE}

    with qtbot.waitSignal(dialog.previewed, timeout=20_000):
        click(dialog.again_button)
    page = dialog.preview_page
    page.show_record(hearing_id)
    panel = page.panels[hearing_id]
    # The new differing field needs a side; the three chosen before are kept.
    assert list(panel.combos) == ["judges", "notes", "prosecutor", "start_time"]
    assert panel.mode() == FIELDS
    assert panel.sides() == {"judges": THEIRS, "notes": MINE, "prosecutor": MINE}
    assert not dialog.start_button.isEnabled()
    panel.combos["start_time"].setCurrentIndex(panel.combos["start_time"].findData(MINE))
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        click(dialog.start_button)
    merged = shell.session.store.get(Hearing, hearing_id)
    assert (merged.judges, merged.notes, merged.start_time) == (
        "Judge B",
        "Post: hearing took place",
        "09:30",
    )
    dialog.close()
