"""Real vaults for the exchange screens: made and changed through the services while the app
has them locked, so the test drives only what it is about through the dialogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from hrd_desk.cases.store import Store
from hrd_desk.cases.trials import Hearing
from hrd_desk.crypto.vault import create_vault, open_vault
from hrd_desk.exchange import contacts
from hrd_desk.exchange.bundles import export_bundle
from hrd_desk.exchange.identity import ensure_identity
from hrd_desk.ui.sections import SETTINGS, default_registry
from tests.conftest import PASSPHRASE
from tests.exchange.conftest import Case, make_case

#: The app with what these tests are about: Settings, the defender page, the exchange.
MODULES = ("hrd_desk.ui.settings", "hrd_desk.ui.workspace", "hrd_desk.ui.exchange")


def exchange_registry():
    return default_registry(modules=MODULES)


@dataclass
class Vault:
    folder: Path
    label: str
    card: str
    fingerprint: str
    case: Case | None = None


def make_vault(folder: Path, label: str, *, seed: bool = False) -> Vault:
    """A new vault with its exchange identity (and, if *seed*, a defender's case)."""
    vault, _recovery = create_vault(folder, PASSPHRASE)
    try:
        store = Store.open(vault)
        identity = ensure_identity(store, label)
        case = make_case(store) if seed else None
        return Vault(folder, label, identity.card().to_text(), identity.fingerprint, case)
    finally:
        vault.lock()


def with_store(folder: Path, fn: Callable[[Store], Any]) -> Any:
    """Run *fn* on a locked vault, opened for the moment (the app must not hold it open)."""
    vault = open_vault(folder, PASSPHRASE)
    try:
        return fn(Store.open(vault))
    finally:
        vault.lock()


def know(store: Store, other: Vault, *, verify: bool = True) -> str:
    """Add *other*'s card to *store*'s vault (verified, as if compared by phone); its id."""
    contact = contacts.add_contact(store, other.card)
    if verify:
        contacts.mark_verified(store, contact.id, other.fingerprint)
    return contact.id


def send(store: Store, to: Vault, out: Path, **selection: Any) -> Path:
    contact = contacts.find_by_fingerprint(store.conn, to.fingerprint)
    assert contact is not None
    out.write_bytes(export_bundle(store, [contact.id], **selection))
    return out


def edit_hearing(store: Store, hearing_id: str, **changes: Any) -> None:
    store.update(replace(store.get(Hearing, hearing_id), **changes))


def conflicting_bundle(tmp: Path, post: Vault, observer: Vault) -> Path:
    """*post* (seeded) and *observer* know each other; the observer received the case, then
    both edited the hearing: the returned bundle (observer → post) holds one conflict
    (judges, notes, prosecutor) and one added visit. The post vault is locked at the end."""
    assert post.case is not None
    case = post.case
    first = tmp / "to-observer.hrdbundle"

    def post_side(store: Store) -> None:
        know(store, observer)
        send(store, observer, first, defender_id=case.defender_id)

    with_store(post.folder, post_side)
    back = tmp / "to-post.hrdbundle"

    def observer_side(store: Store) -> None:
        from hrd_desk.exchange.bundles import open_bundle
        from hrd_desk.exchange.merge import apply, preview
        from tests.exchange.conftest import visit

        know(store, post)
        apply(store, preview(store, open_bundle(store, first.read_bytes())))
        edit_hearing(store, case.hearing_id, notes="Observer: hearing adjourned", judges="Judge B")
        store.add(visit(case.defender_id, facility_name="Women's prison"))
        send(store, post, back)

    with_store(observer.folder, observer_side)
    with_store(
        post.folder,
        lambda store: edit_hearing(
            store, case.hearing_id, notes="Post: hearing took place", prosecutor="Prosecutor C"
        ),
    )
    return back


def contacts_pane(shell) -> QWidget:
    from hrd_desk.ui.exchange.pane import ContactsPane

    settings = shell.main_window.show_section(SETTINGS)
    pane = settings.findChild(ContactsPane)
    assert pane is not None
    settings.tabs.setCurrentIndex(
        next(i for i in range(settings.tabs.count()) if settings.tabs.widget(i) is pane)
    )
    return pane


def visible(kind: type) -> Any:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]
