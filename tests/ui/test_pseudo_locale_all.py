"""Pseudo-locale over the whole app: every window and dialog, with every string of ours turned
into ⟦…⟧. Any visible text, title, tooltip or placeholder without the marker is named (widget
class and text) — hard-coded labels and ``_(f"…")`` cannot hide."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from hrd_desk import i18n
from hrd_desk.cases.record import all_kinds
from hrd_desk.cases.visits import PrisonVisit
from hrd_desk.exchange.contacts import list_contacts
from hrd_desk.i18n_build import PseudoTranslations
from hrd_desk.ui.exchange import SEND_ACTION
from hrd_desk.ui.forms.dialog import RecordDialog
from hrd_desk.ui.sections import SETTINGS, default_registry
from tests.conftest import PASSPHRASE
from tests.ui.exchange_support import Vault
from tests.ui.helpers import unlock
from tests.ui.test_language import _texts, _untranslated
from tests.ui.workspace_support import seed_vault


def _check(widget: QWidget, where: str, problems: list[str]) -> None:
    for kind, text in _untranslated(widget):
        problems.append(f"{where}: {kind}: {text!r}")


def _new_windows(before: set[int]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]


def test_every_window_and_dialog_in_the_pseudo_locale(qtbot, make_shell, vault_dir) -> None:
    from hrd_desk.ui.workspace import open_defender_workspace

    seeded = seed_vault(vault_dir)
    shell = make_shell(vault_path=vault_dir, registry=default_registry())
    i18n.use_translations("en", PseudoTranslations())
    problems: list[str] = []

    # Before unlocking: the unlock window, the wizard, the recovery dialog, restore.
    window = shell.show_unlock(vault_dir)
    assert len(_texts(window)) > 10
    _check(window, "unlock", problems)
    window.create_vault()
    _check(window.wizard, "wizard", problems)
    window.wizard.close()
    window.use_recovery_key()
    _check(window.recovery_dialog, "recovery", problems)
    window.recovery_dialog.close()

    unlock(qtbot, shell, PASSPHRASE)
    main = shell.main_window
    for spec in shell.registry.navigation():
        section = main.show_section(spec.key)
        qtbot.wait(50)  # lists and the dashboard fill from workers
        loading = getattr(section, "is_loading", None)
        if callable(loading):
            qtbot.waitUntil(lambda s=section: not s.is_loading(), timeout=10_000)
        _check(main, f"section {spec.key}", problems)
    settings = main.section_widget(SETTINGS)
    tabs = getattr(settings, "tabs", None)
    if tabs is not None:
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            _check(settings, f"settings tab {i}", problems)

    ws = open_defender_workspace(main, seeded.defender_id)
    qtbot.waitUntil(lambda: ws.data is not None)
    for i in range(ws.tabs.count()):
        ws.tabs.setCurrentIndex(i)
        _check(ws, f"workspace tab {i}", problems)

    # Every record form, new, with the defender fixed.
    store = shell.session.store
    for cls in all_kinds():
        fixed = {} if cls.DEFENDER_FIELD is None else {cls.DEFENDER_FIELD: seeded.defender_id}
        dialog = RecordDialog(store, cls(), fixed=fixed, parent=main)
        dialog.show()
        _check(dialog, f"form {cls.KIND}", problems)
        dialog.save()  # the errors shown under the fields are translated too
        _check(dialog, f"form {cls.KIND} with errors", problems)
        dialog.discard_without_asking()

    # Dialogs reached from the workspace toolbar.
    for action in ("summary", SEND_ACTION, "purge"):
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        ws.actions[action].trigger()
        opened = _new_windows(before) or [
            w for w in ws.findChildren(QWidget) if w.isWindow() and w.isVisible()
        ]
        assert opened, action
        for w in opened:
            _check(w, f"dialog {action}", problems)
            w.close()

    _exchange_dialogs(qtbot, shell, seeded, vault_dir.parent, problems)

    assert problems == [], "\n".join(problems[:60])


def _exchange_dialogs(qtbot, shell, seeded, tmp: Path, problems: list[str]) -> None:
    """Settings → Contacts and its dialogs: add, verify, rename, send, and receiving — an
    unknown sender to accept, then a preview with a conflict and its grid."""
    from hrd_desk.exchange.bundles import export_bundle, open_bundle
    from hrd_desk.exchange.identity import ensure_identity
    from hrd_desk.exchange.merge import apply, preview
    from tests.ui.exchange_support import (
        contacts_pane,
        know,
        make_vault,
        send,
        with_store,
    )

    store = shell.session.store
    here = ensure_identity(store)
    me = Vault(shell.vault.folder, here.label, here.card().to_text(), here.fingerprint)
    other = make_vault(tmp / "other", "Other vault")
    stranger = make_vault(tmp / "stranger", "Stranger vault", seed=True)
    contact_id = know(store, other)
    know(store, make_vault(tmp / "unverified", "Unverified vault"), verify=False)
    first = tmp / "first.hrdbundle"
    first.write_bytes(export_bundle(store, [contact_id], defender_id=seeded.defender_id))
    back = tmp / "back.hrdbundle"

    def other_side(s) -> None:
        know(s, me)
        apply(s, preview(s, open_bundle(s, first.read_bytes())))
        visit = s.get(PrisonVisit, seeded.visit_id)
        s.update(replace(visit, facility_name="Central prison, wing B"))
        send(s, me, back)

    with_store(other.folder, other_side)
    unknown = tmp / "unknown.hrdbundle"
    with_store(
        stranger.folder,
        lambda s: (know(s, me), send(s, me, unknown, defender_id=stranger.case.defender_id)),
    )
    visit = store.get(PrisonVisit, seeded.visit_id)
    store.update(replace(visit, facility_name="Central prison, east block"))

    pane = contacts_pane(shell)
    pane.refresh()
    _check(pane, "contacts pane", problems)
    for open_dialog in (pane.add_contact, pane.rename_selected, pane.send_new):
        dialog = open_dialog()
        _check(dialog, f"contacts dialog {type(dialog).__name__}", problems)
        dialog.close()
    pane.select(next(c.id for c in list_contacts(store.conn) if not c.verified))
    dialog = pane.verify_selected()
    dialog.fingerprint.setText("0000 0000 0000 0000 0000")
    dialog.submit()
    _check(dialog, "verify dialog with its error", problems)
    dialog.close()
    sending = pane.send_new()
    sending.allow_unverified.setChecked(True)
    _check(sending, "send dialog, unverified allowed", problems)
    sending.close()

    receiving = pane.receive()
    _check(receiving, "receive dialog", problems)
    receiving.bundle_file.setText(str(unknown))
    receiving.start()
    qtbot.waitUntil(lambda: receiving.sender_box.isVisible(), timeout=20_000)
    _check(receiving, "receive dialog, unknown sender", problems)
    receiving.close()
    receiving = pane.receive()
    receiving.bundle_file.setText(str(back))
    with qtbot.waitSignal(receiving.previewed, timeout=20_000):
        receiving.start()
    page = receiving.preview_page
    page.show_record(seeded.visit_id)
    assert page.panels[seeded.visit_id].isVisible()
    _check(receiving, "preview with a conflict", problems)
    receiving.close()
