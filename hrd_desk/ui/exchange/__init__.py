"""Vault-to-vault exchange in the app (issue 9, items 3–4), over :mod:`hrd_desk.exchange`.

Where the officer meets it:

* Settings → Contacts (:mod:`.pane`): this vault's name, fingerprint and contact card (copy,
  save), the contacts with their fingerprints and whether they are verified, "Add a contact…",
  "Verify…", "Rename…", "Send new hearings and visits…" and "Receive a bundle…";
* the defender's page: "Send to a contact…" (the workspace's toolbar hook,
  :mod:`hrd_desk.ui.workspace.extra_actions`) sends that defender's whole file, after asking the
  consent service;
* the main window's "New ▸ Received bundle…".

Dialogs: :mod:`.contact_dialogs`, :mod:`.send_dialog`, :mod:`.receive_dialog` (with the preview
of :mod:`.preview` and the conflict grid of :mod:`.conflicts`); the work they hand to workers is
in :mod:`.jobs` (Qt-free).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hrd_desk.i18n import N_
from hrd_desk.ui.sections import CONTACTS_PANE

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from hrd_desk.ui.sections import SectionHost, SectionRegistry
    from hrd_desk.ui.workspace.section import DefenderWorkspace

#: Key of the workspace toolbar action and of the "New ▸" entry.
SEND_ACTION = "send_to_contact"
RECEIVE_ACTION = "receive_bundle"


def register(registry: SectionRegistry) -> None:
    from hrd_desk.ui.exchange.pane import ContactsPane
    from hrd_desk.ui.workspace.extra_actions import register_workspace_action

    registry.register_settings_pane(CONTACTS_PANE, N_("Contacts"), ContactsPane)
    registry.register_new_action(RECEIVE_ACTION, N_("Received bundle…"), receive_bundle)
    register_workspace_action(
        SEND_ACTION,
        N_("Send to a contact…"),
        send_defender,
        tooltip=N_("Send this defender's whole file to other vaults, encrypted and signed"),
    )


def send_defender(workspace: DefenderWorkspace) -> QWidget | None:
    """The workspace's "Send to a contact…": this defender's file, consent asked first."""
    from hrd_desk.ui.exchange.send_dialog import open_send_dialog

    if workspace.defender_id is None or workspace.session.closed:
        return None
    return open_send_dialog(workspace, workspace.session, defender_id=workspace.defender_id)


def receive_bundle(host: SectionHost) -> QWidget:
    """ "New ▸ Received bundle…"."""
    from hrd_desk.ui.exchange.receive_dialog import open_receive_dialog

    return open_receive_dialog(host.window(), host.session)
